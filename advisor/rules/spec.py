"""The runtime form of the rules: plain dataclasses, cheap to import and to unpickle.

A rules file is validated once, by the pydantic schema in `advisor.rules.model`, and turned
into these objects; `advisor.cache` keeps them as a pickle, so a command that finds the rules
unchanged loads them without importing pydantic or building a single schema. Everything that
reads a rule at run time (the engine, the explanations, the lints) reads these classes.
They are read-only by convention, not frozen: freezing costs start-up time and would be
shallow anyway, since they hold lists and dicts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

OPERATORS = ("eq", "ne", "in", "not_in", "gt", "gte", "lt", "lte", "between")
BRANCHES = ("all", "any", "not")
BRANCH_FIELDS = {"all": "all_", "any": "any_", "not": "not_"}
"""The attribute that holds each branch word (`all` and `not` are Python keywords)."""


@dataclass
class Condition:
    """A validated condition tree: `all` / `any` of conditions, `not` a condition, or one
    comparison of `key` with `target` by `operator`.

    A comparison keeps its operator even when its operand is null (`eq: null` compares with
    None), which is why the operator is a field and not guessed from which operand is set.
    """

    all_: list[Condition] | None = None
    any_: list[Condition] | None = None
    not_: Condition | None = None
    key: str | None = None
    operator: str | None = None
    target: Any = None

    def operand(self, word: str) -> Any:
        """The value given for an operator or branch word (`in` and `not` included), None for
        a word the condition does not use."""
        if word in BRANCH_FIELDS:
            return getattr(self, BRANCH_FIELDS[word])
        return self.target if word == self.operator else None


@dataclass
class Effects:
    """What a rule does when it fires: points for or against each option, and vetoes."""

    fine_tune: float = 0
    rag: float = 0
    hybrid: float = 0
    veto: dict[str, str] = field(default_factory=dict)
    """Options the rule makes unworkable, each with the reason."""

    def scores(self) -> dict[str, float]:
        return {"fine_tune": self.fine_tune, "rag": self.rag, "hybrid": self.hybrid}


@dataclass
class RuleSpec:
    """One validated decision rule, as written in a rules file."""

    id: str
    description: str
    when: Condition
    then: Effects
    because: str
    """The explanation; `{key}` quotes an answer or a fact."""
    cites: list[str]
    priority: int = 0
    group: str | None = None
    quotes: tuple[str, ...] = ()
    """The keys and facts `because` quotes, each once, found when the rule is validated."""


@dataclass
class CaveatSpec:
    """A warning that always goes with an option when it is recommended."""

    option: str
    text: str
    cites: list[str]


@dataclass
class PlacedRule:
    """A rule and where it was written, for messages that point at the file and line."""

    spec: RuleSpec
    path: str
    line: int | None


@dataclass
class RulesSource:
    """A validated rules folder, before compiling: what the cache stores (closures do not
    pickle, so the rules are compiled after the cache, on every load)."""

    rules: tuple[PlacedRule, ...]
    """In evaluation order: priority (highest first), then file order."""
    caveats: tuple[CaveatSpec, ...]
    files: tuple[str, ...]
