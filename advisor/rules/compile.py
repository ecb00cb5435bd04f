"""Rules compiled once, at load: each condition becomes a closure, plus what reads conditions.

A compiled rule is the rule as validated (`advisor.rules.schema.RuleSpec`), where it was
written, and its condition's closure; everything else is read from the rule itself. Beside
the closures: `describe` (a condition as a person reads it), `first_failure` (why it did not
hold), `reads` and `comparisons` (what it looks at), for the explanations and the lints.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from advisor.answers.schema import OPTIONS
from advisor.facts import SCHEMA
from advisor.numbers import fill_fields, readable
from advisor.rules.schema import Caveat, Condition, Conflict, RuleSpec, RulesSource, placeholders

Values = Mapping[str, Any]
Test = Callable[[Values], bool]


# --- conditions ----------------------------------------------------------------------------


def compile_condition(cond: Condition) -> Test:
    """A closure that tests the condition against a mapping of values."""
    if cond.all_ is not None:
        parts = tuple(compile_condition(child) for child in cond.all_)
        if len(parts) == 1:
            return parts[0]

        # Plain loops, not all()/any() over a generator: this is the what-if search's hot path.
        def every(values: Values) -> bool:
            for part in parts:  # noqa: SIM110
                if not part(values):
                    return False
            return True

        return every
    if cond.any_ is not None:
        options = tuple(compile_condition(child) for child in cond.any_)

        def some(values: Values) -> bool:
            for part in options:  # noqa: SIM110
                if part(values):
                    return True
            return False

        return some
    if cond.not_ is not None:
        inner = compile_condition(cond.not_)
        return lambda values: not inner(values)
    return _compile_comparison(str(cond.key), str(cond.operator), cond.operand(str(cond.operator)))


NUMBER = (int, float)


def _compile_comparison(key: str, operator: str, target: Any) -> Test:
    if operator == "eq":
        return lambda values: bool(values[key] == target)
    if operator == "ne":
        return lambda values: bool(values[key] != target)
    if operator in ("in", "not_in"):
        members = frozenset(target)
        if operator == "in":
            return lambda values: values[key] in members
        return lambda values: values[key] not in members
    # A number comparison with a value that is not a number (a count given as "unknown") is
    # false: an unknown count is neither above nor below any threshold.
    if operator == "gt":
        return lambda values: isinstance(value := values[key], NUMBER) and value > target
    if operator == "gte":
        return lambda values: isinstance(value := values[key], NUMBER) and value >= target
    if operator == "lt":
        return lambda values: isinstance(value := values[key], NUMBER) and value < target
    if operator == "lte":
        return lambda values: isinstance(value := values[key], NUMBER) and value <= target
    low, high = target
    return lambda values: isinstance(value := values[key], NUMBER) and low <= value <= high


_SYMBOLS = {"eq": "=", "ne": "!=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}


def describe(cond: Condition) -> str:
    """The condition as a person reads it: `labeled_examples >= 1,000`."""
    if cond.all_ is not None:
        return " and ".join(_grouped(child) for child in cond.all_)
    if cond.any_ is not None:
        return " or ".join(_grouped(child) for child in cond.any_)
    if cond.not_ is not None:
        return f"not ({describe(cond.not_)})"
    operator = str(cond.operator)
    target = cond.operand(operator)
    if operator in _SYMBOLS:
        return f"{cond.key} {_SYMBOLS[operator]} {readable(target)}"
    if operator == "between":
        return f"{cond.key} between {readable(target[0])} and {readable(target[1])}"
    members = ", ".join(readable(item) for item in target)
    return f"{cond.key} {'in' if operator == 'in' else 'not in'} {{{members}}}"


def _grouped(cond: Condition) -> str:
    text = describe(cond)
    return f"({text})" if cond.all_ is not None or cond.any_ is not None else text


@dataclass
class Failure:
    """The first part of a condition that did not hold, and the value it saw."""

    condition: str
    key: str | None
    seen: Any

    def text(self) -> str:
        if self.key is None:
            return f"needed {self.condition}"
        return f"needed {self.condition}, but {self.key} is {readable(self.seen)}"


def first_failure(cond: Condition, values: Values) -> Failure | None:
    """Why a condition is false (None when it holds): the first failing comparison."""
    if cond.all_ is not None:
        for child in cond.all_:
            failure = first_failure(child, values)
            if failure is not None:
                return failure
        return None
    if cond.any_ is not None:
        failures = [first_failure(child, values) for child in cond.any_]
        if any(failure is None for failure in failures):
            return None
        first = failures[0]
        assert first is not None
        if len(failures) == 1:
            return first
        return Failure(describe(cond), first.key, first.seen)
    if cond.not_ is not None:
        if first_failure(cond.not_, values) is not None:
            return None
        keys = reads(cond.not_)
        key = keys[0] if len(keys) == 1 else None
        return Failure(describe(cond), key, values[key] if key else None)
    if compile_condition(cond)(values):
        return None
    return Failure(describe(cond), cond.key, values[str(cond.key)])


def reads(cond: Condition) -> tuple[str, ...]:
    """The keys a condition reads, in the order it reads them, each once."""
    found: list[str] = []
    for child in cond.children():
        found.extend(key for key in reads(child) if key not in found)
    if cond.key is not None and cond.key not in found:
        found.append(cond.key)
    return tuple(found)


def comparisons(cond: Condition) -> list[Condition]:
    """Every comparison (leaf) in a condition tree."""
    if cond.key is not None:
        return [cond]
    return [leaf for child in cond.children() for leaf in comparisons(child)]


# --- rules ---------------------------------------------------------------------------------


@dataclass
class Rule:
    """A validated rule, where it was written, and its condition compiled.

    Two rules are equal when they were written alike: the compiled test is left out of the
    comparison, since closures compare by identity only."""

    spec: RuleSpec
    path: str
    line: int | None
    test: Test = field(repr=False, compare=False)

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def group(self) -> str | None:
        return self.spec.group

    @property
    def effects(self) -> dict[str, float]:
        """The non-zero score changes, in option order."""
        return self.spec.then.points

    @property
    def vetoes(self) -> dict[str, str]:
        """The options it rules out, with the reason."""
        return {option: reason for option, reason in self.spec.then.veto.items()}

    @cached_property
    def reads(self) -> tuple[str, ...]:
        """The keys and facts its condition reads, in the order it reads them."""
        return reads(self.spec.when)

    def effect_text(self) -> str:
        parts = [f"{points:+g} {option}" for option, points in self.effects.items()]
        parts += [f"vetoes {option}" for option in self.spec.then.veto]
        return ", ".join(parts)

    def explain(self, values: Values) -> str:
        """The rule's `because`, with its `{key}` fields filled from the values."""
        return fill(self.spec.because, values)


def fill(text: str, values: Values) -> str:
    """A rule's text (`because`, a veto's reason, a caveat) with its `{key}` fields filled
    from the values, as people read them."""
    return fill_fields(text, {name: values[name] for name in placeholders(text)})


def compile_rule(spec: RuleSpec, path: str, line: int | None) -> Rule:
    return Rule(spec, path, line, compile_condition(spec.when))


@dataclass
class CompiledConflict:
    """A conflict declared in a rules file, with its condition compiled."""

    spec: Conflict
    test: Test = field(repr=False, compare=False)

    @cached_property
    def reads(self) -> tuple[str, ...]:
        return reads(self.spec.when)


@dataclass
class RuleUse:
    """A rule that reads an answers key, for the interview's "why is this asked?"."""

    rule: str
    description: str
    effect: str
    direct: bool
    """True when the rule reads the key itself, False when it reads a fact derived from it."""

    def __str__(self) -> str:
        return f"{self.description} ({self.effect})"


@dataclass
class RuleSet:
    """The loaded rules in evaluation order (priority, then file order), and the caveats."""

    rules: tuple[Rule, ...]
    caveats: dict[str, tuple[Caveat, ...]]
    folder: Path
    files: tuple[str, ...] = ()
    conflicts: tuple[CompiledConflict, ...] = ()
    _numbers: dict[str, tuple[float, ...]] = field(default_factory=dict, compare=False, repr=False)

    def get(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def thresholds(self, key: str) -> tuple[float, ...]:
        """The numbers the rules compare a key with, and one either side of each (cached)."""
        if key not in self._numbers:
            numbers: list[float] = []
            for rule in self.rules:
                for leaf in comparisons(rule.spec.when):
                    if leaf.key != key:
                        continue
                    operator = str(leaf.operator)
                    target = leaf.operand(operator)
                    for number in (target if operator == "between" else [target]):
                        if isinstance(number, int | float) and not isinstance(number, bool):
                            numbers += [number - 1, number, number + 1]
            self._numbers[key] = tuple(numbers)
        return self._numbers[key]

    def reading(self, key: str) -> list[RuleUse]:
        """The rules that read an answers key, directly or through a fact derived from it."""
        uses = []
        for rule in self.rules:
            direct = key in rule.reads
            derived = any(key in SCHEMA[name].depends_on for name in rule.reads
                          if SCHEMA[name].source == "fact")
            if direct or derived:
                uses.append(RuleUse(rule.id, rule.spec.description, rule.effect_text(), direct))
        return uses


def compile_rules(source: RulesSource, folder: Path) -> RuleSet:
    """The validated rules with their conditions compiled, and the caveats by option."""
    rules = tuple(compile_rule(placed.spec, placed.path, placed.line) for placed in source.rules)
    by_option: dict[str, tuple[Caveat, ...]] = {
        option: tuple(c for c in source.caveats if c.option == option) for option in OPTIONS}
    conflicts = tuple(CompiledConflict(spec, compile_condition(spec.when))
                      for spec in source.conflicts)
    return RuleSet(rules, by_option, folder, source.files, conflicts)
