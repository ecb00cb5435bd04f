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
import random
from collections.abc import Iterator
from typing import Any

from advisor.answers.schema import ANSWER_DEFAULTS, ANSWER_KEYS, COST_KEYS, OPTIONS
from advisor.errors import Problem
from advisor.facts import SCHEMA
from advisor.knowledge import Pricing
from advisor.rules.compile import Rule, RuleSet, comparisons
from advisor.rules.decide import decide, with_facts

_VOLUMES = (*tuple(float(base * 10 ** power) for power in range(0, 9) for base in (1, 2, 5)), 0.0)
_LABELED = (0, 1, 50, 99, 100, 500, 999, 1_000, 5_000, 9_999, 10_000, 100_000)
_HORIZONS = (1, 3, 6, 12, 24, 36, 60, 120)
_MAX_COMBINATIONS = 200_000
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
        if not space.can_fire(rule):
            problems.append(_never_fires(rule))
        elif not space.can_fire(rule, space.ahead_in_group(rule)):
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
    """The answers a lint tries: every choice, both yes/no, numbers on a bracketing grid."""

    def __init__(self, ruleset: RuleSet, pricing: Pricing) -> None:
        self.ruleset = ruleset
        self.pricing = pricing
        self.base = dict(ANSWER_DEFAULTS)
        self.base.update({key: pricing.costs[key].at("7b").typical for key in COST_KEYS})
        self.grid = {key: self._values(key) for key in ANSWER_KEYS if key not in COST_KEYS}

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
        return with_facts(complete, self.pricing)

    def ahead_in_group(self, rule: Rule) -> list[Rule]:
        """The rules of the same group evaluated before this one (they win if they fire)."""
        if rule.spec.group is None:
            return []
        ahead = self.ruleset.rules[:self.ruleset.rules.index(rule)]
        return [other for other in ahead if other.spec.group == rule.spec.group]

    def can_fire(self, rule: Rule, unless: list[Rule] | None = None) -> bool:
        """Whether some answers make the rule's condition hold (and none of `unless`)."""
        blockers = unless or []
        names = {name for each in (rule, *blockers) for name in each.reads}
        keys = sorted({key for name in names for key in SCHEMA[name].depends_on
                       if key not in COST_KEYS})
        for answers in self._combinations(keys):
            values = self.values(answers)
            if rule.test(values) and not any(other.test(values) for other in blockers):
                return True
        return False

    def _combinations(self, keys: list[str]) -> Iterator[dict[str, Any]]:
        pools = [self.grid[key] for key in keys]
        size = 1
        for pool in pools:
            size *= len(pool)
        if size <= _MAX_COMBINATIONS:
            for combo in itertools.product(*pools):
                yield {**self.base, **dict(zip(keys, combo, strict=True))}
            return
        chooser = random.Random(0)
        for _ in range(_MAX_COMBINATIONS):
            yield {**self.base, **{key: chooser.choice(pool) for key, pool in zip(keys, pools,
                                                                                  strict=True)}}

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


def _around(target: Any) -> list[float]:
    items = target if isinstance(target, list | tuple) else [target]
    numbers = [float(n) for n in items if isinstance(n, int | float) and not isinstance(n, bool)]
    return [value for n in numbers for value in (n - 1, n, n + 1, n * 0.99, n * 1.01)]
