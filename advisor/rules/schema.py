"""The rules file format: the dataclasses a rules file is validated into, which the engine,
the explanations and the lints then read.

A rules file holds `rules:` (decision rules) and optionally `caveats:` (warnings that always
go with an option):

    rules:
      - id: ft-narrow-queries
        description: Repeated question patterns suit a fine-tuned model
        priority: 10            # optional: higher is evaluated and explained first
        group: query-variety    # optional: in a group, only the first rule that fires counts
        when: {all: [{key: query_variety, eq: narrow}]}
        then: {fine_tune: 2, hybrid: 1, veto: {rag: "why RAG cannot work here"}}
        because: Your users' questions are {query_variety} ...
        cites: [when-fine-tuning]

pydantic checks a file against these classes (`advisor.validation.check`) only when the file
changed; the cache keeps the result as JSON and a warm command rebuilds the classes from it
without pydantic. So the checks are written the way pydantic reads them lazily: a field's
check is an `Annotated` mark (`advisor.validation.Before` or `After`) or a
`field(metadata=...)` constraint, and a check across fields is a `__post_init__` (which also
runs when the cache rebuilds a rule; it only looks names up).
"""

from __future__ import annotations

import math
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Annotated, Any, Literal, get_args

from advisor.answers.schema import ANSWER_KEYS, OPTIONS, Option
from advisor.facts import SCHEMA, KeySpec
from advisor.knowledge import KNOWLEDGE_IDS
from advisor.suggest import did_you_mean
from advisor.validation import After, Before

Operator = Literal["eq", "ne", "in", "not_in", "gt", "gte", "lt", "lte", "between"]
OPERATORS: tuple[str, ...] = get_args(Operator)
NUMERIC_OPERATORS = ("gt", "gte", "lt", "lte", "between")
BRANCHES = ("all", "any", "not")

STRICT = {"extra": "forbid"}
"""`__pydantic_config__` of every class here: a key the class does not have is an error."""
NUMBER = {"strict": True}
"""A number field's metadata: strict, so a quoted "2" or a yes/no is not taken for a number."""
MAX_DEPTH = 32
"""How deeply conditions may nest (all / any / not inside one another): far more than a rule
a person can read needs, and well inside Python's recursion limit for the closures, the
explanations and the cache."""
MAX_WHOLE = 10**15
"""The largest whole number a condition may compare with (either sign): more than any answer
can be, and exactly a float, so every comparison and the lints' arithmetic on it is exact."""


# --- conditions ----------------------------------------------------------------------------


@dataclass
class Condition:
    """A condition tree: `all` / `any` of conditions, `not` a condition, or one comparison of
    `key` (an answers key or a derived fact) with `target` by `operator`.

    A file writes a comparison as `{key: NAME, OP: VALUE}`; it is read into `operator` and
    `target` (see `as_written`). The operator is a field, not guessed from which operand is
    set, because `eq: null` compares with None.
    """

    __pydantic_config__ = STRICT

    all_: list[Written] | None = field(default=None, metadata={"alias": "all"})
    any_: list[Written] | None = field(default=None, metadata={"alias": "any"})
    not_: Written | None = field(default=None, metadata={"alias": "not"})
    key: str | None = None
    operator: Operator | None = None
    target: Any = None
    """The operand: one value; a list for `in` and `not_in`; [low, high] for `between`. Numbers
    compared by order are floats."""

    def __post_init__(self) -> None:
        if self.key is not None and self.operator is not None:
            self.target = _check_comparison(self.key, self.operator, self.target)

    def operand(self, word: str) -> Any:
        """The value given for an operator or branch word (`in` and `not` included), None for
        a word the condition does not use."""
        if word in BRANCHES:
            return getattr(self, f"{word}_")
        return self.target if word == self.operator else None

    def children(self) -> list[Condition]:
        """The conditions this one combines (none for a comparison)."""
        return (self.all_ or []) + (self.any_ or []) + ([self.not_] if self.not_ else [])


def as_written(data: Any) -> Any:
    """A condition as a file writes it, read into `Condition`'s fields: the branch words stay
    (they are the fields' aliases), `{key: K, OP: V}` becomes `key`, `operator` and `target`."""
    if not isinstance(data, dict):
        raise ValueError(f"a condition must be a mapping (all / any / not, or key plus one of "
                         f"{', '.join(OPERATORS)}), not {data!r}")
    words = (*BRANCHES, "key", *OPERATORS)
    for word in data:
        if str(word) not in words:
            raise ValueError(did_you_mean(str(word), words, "operator"))
    # A null operand counts as given only for eq and ne, where it means "compare with None".
    given = [word for word in words if word in data
             and (data[word] is not None or word in ("eq", "ne"))]
    branches = [word for word in given if word in BRANCHES]
    operators = [word for word in given if word in OPERATORS]
    if branches:
        if len(given) > 1:
            raise ValueError(f"use one of all / any / not per condition, alone; found {', '.join(given)}")
        if branches[0] != "not" and not data[branches[0]]:
            raise ValueError(f"'{branches[0]}' needs at least one condition")
        return {branches[0]: data[branches[0]]}
    if data.get("key") is None:
        raise ValueError("a comparison needs 'key' (an answers key or a fact)")
    if len(operators) != 1:
        raise ValueError(f"a comparison needs exactly one operator ({', '.join(OPERATORS)}); "
                         f"found {', '.join(operators) or 'none'}")
    return {"key": data["key"], "operator": operators[0], "target": data[operators[0]]}


Written = Annotated[Condition, Before(as_written)]
"""A condition as a file writes it."""


def _not_too_deep(data: Any) -> Any:
    """A rule's condition, refused when nested more than `MAX_DEPTH` levels, before anything
    reads it recursively (measured without recursion)."""
    stack = [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if not isinstance(item, dict):
            continue
        if depth > MAX_DEPTH:
            raise ValueError(f"conditions nested more than {MAX_DEPTH} levels deep (all / any / "
                             "not inside one another); flatten the condition or split the rule")
        for word in BRANCHES:
            children = item.get(word)
            for child in children if isinstance(children, list) else [children]:
                stack.append((child, depth + 1))
    return data


def _check_comparison(key: str, operator: str, value: Any) -> Any:
    """The operand, checked against what the key holds; numbers compared by order as floats."""
    spec = SCHEMA.get(key)
    if spec is None:
        raise ValueError(did_you_mean(key, tuple(SCHEMA), "key"))
    for item in value if isinstance(value, list | tuple) else [value]:
        if isinstance(item, int) and not isinstance(item, bool) and abs(item) > MAX_WHOLE:
            shown = str(item) if len(str(item)) <= 24 else f"a number of {len(str(abs(item)))} digits"
            raise ValueError(f"{key}: {shown} is out of range; a whole number in a condition is "
                             "within ±1e15")
    if operator in NUMERIC_OPERATORS:
        if spec.kind != "number":
            raise ValueError(f"{key}: '{operator}' compares numbers, but {key} is a {spec.kind}"
                             f"{_allowed(spec)}; use eq, ne, in or not_in")
        if operator != "between":
            return _number(key, operator, value)
        if not isinstance(value, list | tuple) or len(value) != 2:
            raise ValueError(f"{key}: between needs [low, high], two valid numbers, not {value!r}")
        low, high = (_number(key, operator, item) for item in value)
        if low > high:
            raise ValueError(f"{key}: between needs [low, high] with low <= high, got {[low, high]}")
        return [low, high]
    if operator in ("in", "not_in"):
        if not isinstance(value, list | tuple) or not value:
            raise ValueError(f"{key}: '{operator}' needs a non-empty list" +
                             ("" if isinstance(value, list | tuple) else f", not {value!r}"))
        for item in value:
            _check_value(spec, item)
        return list(value)
    _check_value(spec, value)
    return value


def _number(key: str, operator: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{key}: '{operator}' needs a valid number, not {value!r}")
    return float(value)


def _check_value(spec: KeySpec, value: Any) -> None:
    if spec.kind == "bool":
        if not isinstance(value, bool):
            raise ValueError(f"{spec.name} is true or false, not {value!r}")
    elif spec.kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"{spec.name} is a number, not {value!r}")
    elif not isinstance(value, str) or value not in spec.choices:
        raise ValueError(f"{spec.name}: " + did_you_mean(str(value), spec.choices, "value"))


def _allowed(spec: KeySpec) -> str:
    return f" ({', '.join(spec.choices)})" if spec.choices else ""


# --- texts ---------------------------------------------------------------------------------


@cache
def placeholders(template: str) -> tuple[str, ...]:
    """The `{name}` fields of a rule's text, each once."""
    return tuple(dict.fromkeys(name for _, name, _, _ in string.Formatter().parse(template)
                               if name is not None))


def _template(where: str) -> Callable[[str], str]:
    """The check of a text shown with the values filled in (`because`, a veto's reason, a
    caveat): each field is a plain `{name}` of a key or fact. No format spec, conversion,
    attribute or index: the value is written as people read it, and a field can reach nothing
    but the value."""

    def check(text: str) -> str:
        try:
            fields = [(name, spec, conversion) for _, name, spec, conversion
                      in string.Formatter().parse(text) if name is not None]
        except ValueError as exc:
            raise ValueError(f"bad {{placeholder}} in {where}: {exc}") from None
        for name, spec, conversion in fields:
            if name not in SCHEMA:
                raise ValueError(f"in {where}: " + did_you_mean(name, tuple(SCHEMA), "key"))
            if spec or conversion:
                written = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
                raise ValueError(f"in {where}: write {{{written}}} as {{{name}}}: a field takes no "
                                 "conversion or format, values are written as people read them")
        return text

    return check


# --- effects -------------------------------------------------------------------------------


MAX_POINTS = 1000.0
"""The most points one rule may move: NaN or infinite points would rank options arbitrarily
and print as invalid JSON."""


@dataclass
class Effects:
    """What a rule does when it fires: points for or against each option, and vetoes."""

    __pydantic_config__ = STRICT

    fine_tune: float = field(default=0.0, metadata=NUMBER)
    rag: float = field(default=0.0, metadata=NUMBER)
    hybrid: float = field(default=0.0, metadata=NUMBER)
    veto: dict[Option, Annotated[str, After(_template("the veto's reason"))]] = field(
        default_factory=dict)
    """Options the rule makes unworkable, each with the reason (which may quote `{key}`)."""

    def __post_init__(self) -> None:
        for option, points in self.scores().items():
            if not math.isfinite(points) or abs(points) > MAX_POINTS:
                raise ValueError(f"{option}: points must be a number from -{MAX_POINTS:g} to "
                                 f"{MAX_POINTS:g}, not {points!r}")
        if not any(self.scores().values()) and not self.veto:
            raise ValueError("a rule must change a score or veto an option")

    def scores(self) -> dict[str, float]:
        return {"fine_tune": self.fine_tune, "rag": self.rag, "hybrid": self.hybrid}

    @cached_property
    def points(self) -> dict[str, float]:
        """The non-zero score changes, in option order (worked out once: the explanations
        read them for every rule, several times a recommendation)."""
        return {option: points for option, points in self.scores().items() if points}


def _known_options(data: Any) -> Any:
    """Unknown options, in the scores or the vetoes, named with the nearest known one."""
    if isinstance(data, dict):
        for word in data:
            if str(word) not in (*OPTIONS, "veto"):
                raise ValueError(did_you_mean(str(word), (*OPTIONS, "veto"), "option"))
        veto = data.get("veto")
        if isinstance(veto, dict):
            for word in veto:
                if str(word) not in OPTIONS:
                    raise ValueError("veto: " + did_you_mean(str(word), OPTIONS, "option"))
    return data


# --- rules and caveats ---------------------------------------------------------------------


def _cites(cites: list[str]) -> list[str]:
    if not cites:
        raise ValueError("cite at least one knowledge id")
    for cite in cites:
        if cite not in KNOWLEDGE_IDS:
            raise ValueError(did_you_mean(cite, KNOWLEDGE_IDS, "knowledge id"))
    return cites


Cites = Annotated[list[str], After(_cites)]
"""Knowledge ids (at least one), shown with the reason or caveat."""


@dataclass
class RuleSpec:
    """One decision rule, as written in a rules file."""

    __pydantic_config__ = STRICT

    id: str = field(metadata={"pattern": r"^[a-z0-9][a-z0-9-]*$"})
    description: str = field(metadata={"min_length": 1})
    when: Annotated[Written, Before(_not_too_deep)]
    then: Annotated[Effects, Before(_known_options)]
    because: Annotated[str, After(_template("the explanation"))] = field(metadata={"min_length": 1})
    """The explanation; `{key}` quotes an answer or a fact."""
    cites: Cites
    priority: int = 0
    group: str | None = None


@dataclass
class Caveat:
    """A warning that always goes with an option when it is recommended."""

    __pydantic_config__ = STRICT

    option: Option
    text: Annotated[str, After(_template("the caveat"))] = field(metadata={"min_length": 1})
    """The warning; `{key}` quotes an answer or a fact."""
    cites: Cites


def _answer_key(key: str) -> str:
    if key not in ANSWER_KEYS:
        raise ValueError(did_you_mean(key, ANSWER_KEYS, "answers key"))
    return key


@dataclass
class Conflict:
    """A stated constraint an option breaks. Whenever the recommended option is one of
    `options` and `when` holds, the recommendation lists it, with what would resolve it, and
    its confidence is capped: a verdict that breaks what the user said must say so."""

    __pydantic_config__ = STRICT

    id: str = field(metadata={"pattern": r"^[a-z0-9][a-z0-9-]*$"})
    options: list[Option] = field(metadata={"min_length": 1})
    when: Annotated[Written, Before(_not_too_deep)]
    answer: Annotated[str, After(_answer_key)]
    """The answers key that states the constraint."""
    text: Annotated[str, After(_template("the conflict"))] = field(metadata={"min_length": 1})
    resolve: Annotated[str, After(_template("the resolution"))] = field(metadata={"min_length": 1})
    cites: Cites


@dataclass
class RulesFile:
    """One rules file."""

    __pydantic_config__ = STRICT

    rules: list[RuleSpec] = field(default_factory=list)
    caveats: list[Caveat] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


# --- a folder ------------------------------------------------------------------------------


@dataclass
class PlacedRule:
    """A rule and where it was written, for messages that point at the file and line."""

    spec: RuleSpec
    path: str
    line: int | None


@dataclass
class RulesSource:
    """A validated rules folder, before its conditions are compiled: what the cache stores.

    The cache keeps it as JSON and rebuilds it from the type hints of these classes, so every
    field down the tree is JSON data: str, int, float, bool, None, lists and tuples of those
    or of these dataclasses, str-keyed dicts and Literals (a comparison's `target` holds
    scalars or a list of them)."""

    rules: tuple[PlacedRule, ...]
    """In evaluation order: priority (highest first), then file order."""
    caveats: tuple[Caveat, ...]
    files: tuple[str, ...]
    conflicts: tuple[Conflict, ...] = ()
