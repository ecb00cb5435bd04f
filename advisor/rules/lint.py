"""`advisor rules check`: validation plus the lints that need the rules as a whole.

- a rule that can never fire: its condition is false for every combination of the values
  of the answers it reads (choices and yes/no exhaustively, numbers over a grid that brackets
  every threshold the rules use), so its conditions contradict each other;
- an option no answers can recommend: a coordinate search over the answers, from several
  starting points, never makes it win;
- an answers key no rule reads, directly or through a fact derived from it.

And one warning, which does not fail the check: more than `MANY_RULES` rules.
"""

from __future__ import annotations

import itertools
import math
import random
from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from advisor.answers.schema import ANSWER_DEFAULTS, ANSWER_KEYS, COST_KEYS, OPTIONS, PRICE_KEYS
from advisor.errors import Problem
from advisor.facts import SCHEMA
from advisor.knowledge import Pricing
from advisor.rules.compile import Rule, RuleSet, Test, Values, comparisons
from advisor.rules.decide import decide, with_facts

_VOLUMES = (*tuple(float(base * 10 ** power) for power in range(0, 9) for base in (1, 2, 5)), 0.0)
_LABELED = (0, 1, 50, 99, 100, 500, 999, 1_000, 5_000, 9_999, 10_000, 100_000)
_HORIZONS = (1, 3, 6, 12, 24, 36, 60, 120)
_MAX_COMBINATIONS = 200_000
_PART = 2_000
"""Rows of answers worked out at a time (`Rows`)."""

Part = tuple[int, dict[str, Sequence[Any]]]
"""A number of rows, and each name's value in them."""
MANY_RULES = 1_000
"""Past this many rules `rules check` warns: `decide` tests each rule in turn and the what-if
search decides dozens to hundreds of times, so a recommendation slows down with every rule
(`bench/bench_rules.py` prints by how much)."""


def rules_warnings(ruleset: RuleSet) -> list[str]:
    """What `rules check` says about a rule set without failing it."""
    if len(ruleset.rules) <= MANY_RULES:
        return []
    return [f"{ruleset.folder}: {len(ruleset.rules):,} rules; decisions test each rule in turn, "
            f"so past {MANY_RULES:,} rules recommend slows down"]



def lint_rules(ruleset: RuleSet, pricing: Pricing) -> list[Problem]:
    """The lints of a rule set that loaded: rules that never fire or never count, options no
    answers recommend, answers keys no rule reads."""
    problems: list[Problem] = []
    space = AnswerSpace(ruleset, pricing)
    for rule in ruleset.rules:
        ahead = space.ahead_in_group(rule)
        if not space.can_fire(rule):
            problems.append(_never_fires(rule))
        elif ahead and not space.can_fire(rule, ahead):
            problems.append(Problem(
                rule.path, f"this rule never counts: whenever it fires, a higher-priority rule of "
                           f"its group {rule.spec.group!r} fires first", rule.line, f"rule {rule.id!r}"))
    for option in OPTIONS:
        if not space.can_win(option):
            problems.append(Problem(str(ruleset.folder),
                                    f"no combination of answers recommends {option}; give it "
                                    "rules that support it or lift a veto"))
    problems += _unread_keys(ruleset)
    return problems


def _never_fires(rule: Rule) -> Problem:
    return Problem(rule.path, "this rule can never fire: its conditions contradict each other "
                              "for every possible answer", rule.line, f"rule {rule.id!r}")


def _unread_keys(ruleset: RuleSet) -> list[Problem]:
    read: set[str] = set()
    for rule in ruleset.rules:
        for name in rule.reads:
            read.update(SCHEMA[name].depends_on)
    return [Problem(str(ruleset.folder), f"no rule reads the answers key {key!r}, directly or "
                                         "through a fact; the question is asked for nothing")
            for key in ANSWER_KEYS if key not in read]


class AnswerSpace:
    """The answers a lint tries: every choice, both yes/no, numbers on a bracketing grid.

    Working out the facts of one combination of answers is most of a search's cost, and every
    rule searches. So the values of the derived names (the facts, and the prices, which follow
    the model size) are worked out once per combination of the answers they depend on and
    shared by every rule: a table over the grid where that is small enough to search it all,
    else one shared random sample. A rule's search then only sets the names it reads and calls
    its compiled test."""

    def __init__(self, ruleset: RuleSet, pricing: Pricing) -> None:
        self.ruleset = ruleset
        self.pricing = pricing
        self.base = dict(ANSWER_DEFAULTS)
        self.base.update({key: pricing.costs[key].at("7b").typical for key in COST_KEYS})
        self.grid = {key: self._values(key) for key in ANSWER_KEYS if key not in PRICE_KEYS}
        self._tables: dict[tuple[str, ...], Rows] = {}
        self._sample = Rows(self, self._draws(),
                            sorted({name for rule in ruleset.rules for name in rule.reads}))
        """A random sample of every answer on the grid, searched by every rule with too many
        combinations to try them all."""

    def _values(self, key: str) -> tuple[Any, ...]:
        spec = SCHEMA[key]
        if spec.kind == "choice":
            return spec.choices
        if spec.kind == "bool":
            return (False, True)
        fixed = {"labeled_examples": _LABELED, "horizon_months": _HORIZONS}.get(key, _VOLUMES)
        numbers = set(fixed)
        for rule in self.ruleset.rules:
            for leaf in comparisons(rule.spec.when):
                if leaf.key == key:
                    numbers.update(_around(leaf.operand(str(leaf.operator))))
        low = 1 if key == "horizon_months" else 0
        high = 120 if key == "horizon_months" else float("inf")
        integer = key in ("labeled_examples", "horizon_months")
        return tuple(sorted({int(n) if integer else n for n in numbers if low <= n <= high}))

    def values(self, answers: dict[str, Any]) -> dict[str, Any]:
        complete = dict(answers)
        for key in COST_KEYS:
            complete[key] = self.pricing.costs[key].at(complete["model_size"]).typical
        return with_facts(complete, self.pricing, COST_KEYS)

    def inputs(self, name: str) -> tuple[str, ...]:
        """The answers on the grid that a name's value depends on here: itself for an answer on
        the grid, the model size for a price (the lint prices each model size at its typical
        figure), a fact's inputs for a fact."""
        if name in self.grid:
            return (name,)
        if name in COST_KEYS:
            return ("model_size",)
        return tuple(sorted(key for key in SCHEMA[name].depends_on if key in self.grid))

    def ahead_in_group(self, rule: Rule) -> list[Rule]:
        """The rules of the same group evaluated before this one (they win if they fire)."""
        if rule.spec.group is None:
            return []
        ahead = self.ruleset.rules[:self.ruleset.rules.index(rule)]
        return [other for other in ahead if other.spec.group == rule.spec.group]

    def can_fire(self, rule: Rule, unless: list[Rule] | None = None) -> bool:
        """Whether some answers make the rule's condition hold (and none of `unless`'s): every
        combination of the answers it depends on, or, when there are more than
        `_MAX_COMBINATIONS`, the shared random sample."""
        blockers = unless or []

        def unblocked(values: Values) -> bool:
            return rule.test(values) and not any(other.test(values) for other in blockers)

        holds: Test = unblocked if blockers else rule.test
        names = sorted({name for each in (rule, *blockers) for name in each.reads})
        keys = sorted({key for name in names for key in self.inputs(name)})
        derived = [name for name in names if name not in self.grid]
        tabled = sorted({key for name in derived for key in self.inputs(name)})
        direct = [key for key in keys if key not in tabled]
        shared = [name for name in names if name not in direct]
        if math.prod(len(self.grid[key]) for key in keys) <= _MAX_COMBINATIONS:
            rows = self._table(tuple(tabled))
        else:
            rows, shared, direct = self._sample, names, []
        return any(self._search(part, shared, direct, holds) for part in rows.parts())

    def _search(self, part: Part, shared: list[str], direct: list[str], holds: Test) -> bool:
        """Whether `holds` for some row of the part (the `shared` names' values) with some
        combination of the `direct` answers."""
        size, table = part
        columns = [(name, table[name]) for name in shared]
        pools = [self.grid[key] for key in direct]
        probe: dict[str, Any] = {}
        for row in range(size):
            for name, column in columns:
                probe[name] = column[row]
            if not pools:
                if holds(probe):
                    return True
                continue
            for combo in itertools.product(*pools):
                probe.update(zip(direct, combo, strict=True))
                if holds(probe):
                    return True
        return False

    def _table(self, keys: tuple[str, ...]) -> Rows:
        """Every combination of the grid values of `keys`, in order (one row, the defaults',
        for no keys), with the value of every name that depends on no other answers."""
        if keys not in self._tables:
            combos = itertools.product(*(self.grid[key] for key in keys))
            self._tables[keys] = Rows(
                self, ({**self.base, **dict(zip(keys, combo, strict=True))} for combo in combos),
                [name for name in SCHEMA if set(self.inputs(name)) <= set(keys)])
        return self._tables[keys]

    def _draws(self) -> Iterator[dict[str, Any]]:
        """`_MAX_COMBINATIONS` random combinations of every answer on the grid, the same on
        every run."""
        chooser = random.Random(0)
        for _ in range(_MAX_COMBINATIONS // _PART):
            drawn = {key: chooser.choices(pool, k=_PART) for key, pool in self.grid.items()}
            for row in range(_PART):
                yield {**self.base, **{key: drawn[key][row] for key in drawn}}

    def columns(self, answers: Iterable[dict[str, Any]], names: list[str]) -> dict[str, Sequence[Any]]:
        """Each name's value over the answers, as one column per name (floats packed)."""
        columns: dict[str, list[Any]] = {name: [] for name in names}
        for each in answers:
            values = self.values(each)
            for name in names:
                columns[name].append(values[name])
        return {name: array("d", column) if all(type(value) is float for value in column)
                else column for name, column in columns.items()}

    def can_win(self, option: str, starts: int = 6) -> bool:
        """Search the answers for one that recommends `option` (coordinate ascent)."""
        chooser = random.Random(option)
        for attempt in range(starts):
            answers = dict(self.base)
            if attempt:
                answers.update({key: chooser.choice(pool) for key, pool in self.grid.items()})
            if self._climb(option, answers):
                return True
        return False

    def _climb(self, option: str, answers: dict[str, Any]) -> bool:
        best = self._lead(option, answers)
        for _ in range(4):
            improved = False
            for key, pool in self.grid.items():
                for value in pool:
                    trial = {**answers, key: value}
                    lead = self._lead(option, trial)
                    if lead[0] and lead > best:
                        return True
                    if lead > best:
                        best, answers, improved = lead, trial, True
            if best[0]:
                return True
            if not improved:
                return False
        return bool(best[0])

    def _lead(self, option: str, answers: dict[str, Any]) -> tuple[bool, bool, float]:
        outcome = decide(self.ruleset, self.values(answers))
        others = max(outcome.scores[name] for name in OPTIONS if name != option)
        return (outcome.winner == option, option not in outcome.vetoes,
                outcome.scores[option] - others)


class Rows:
    """Answers and the values of names worked out from them, as columns, `_PART` rows at a
    time as searches reach them: each part is worked out once and shared by every search."""

    def __init__(self, space: AnswerSpace, answers: Iterator[dict[str, Any]],
                 names: list[str]) -> None:
        self._space = space
        self._answers = answers
        self._names = names
        self._parts: list[Part] = []

    def parts(self) -> Iterator[Part]:
        index = 0
        while True:
            if index == len(self._parts):
                chunk = list(itertools.islice(self._answers, _PART))
                if not chunk:
                    return
                self._parts.append((len(chunk), self._space.columns(chunk, self._names)))
            yield self._parts[index]
            index += 1


def _around(target: Any) -> list[float]:
    items = target if isinstance(target, list | tuple) else [target]
    numbers = [float(n) for n in items if isinstance(n, int | float) and not isinstance(n, bool)]
    return [value for n in numbers for value in (n - 1, n, n + 1, n * 0.99, n * 1.01)]
