"""The rules file format, as pydantic models validated against the answers and the facts.

A rules file holds `rules:` (decision rules) and optionally `caveats:` (warnings that always
go with an option). Every problem is collected with its file, line and rule id.

    rules:
      - id: ft-narrow-queries
        description: Repeated question patterns suit a fine-tuned model
        priority: 10            # optional: higher is evaluated and explained first
        group: query-variety    # optional: in a group, only the first rule that fires counts
        when: {all: [{key: query_variety, eq: narrow}]}
        then: {fine_tune: 2, hybrid: 1, veto: {rag: "why RAG cannot work here"}}
        because: Your users' questions are {query_variety} ...
        cites: [when-fine-tuning]
"""

from __future__ import annotations

import string
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from rapidfuzz import process

from advisor.models import KNOWLEDGE_IDS, OPTIONS, Option
from advisor.rules.facts import SCHEMA, KeySpec

OPERATORS = ("eq", "ne", "in", "not_in", "gt", "gte", "lt", "lte", "between")
BRANCHES = ("all", "any", "not")
_NUMERIC_OPS = ("gt", "gte", "lt", "lte", "between")
Number = Annotated[float, Field(strict=True)]


def did_you_mean(word: str, known: tuple[str, ...] | list[str], what: str) -> str:
    """`unknown X 'word'; did you mean 'y'?` or the list of what is allowed."""
    match = process.extractOne(word, known, score_cutoff=60)
    hint = f"did you mean {match[0]!r}?" if match else f"allowed: {', '.join(known)}"
    return f"unknown {what} {word!r}; {hint}"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Condition(_Strict):
    """A condition tree: `all` / `any` of conditions, `not` a condition, or one comparison
    `{key: NAME, OP: VALUE}` over an answers key or a derived fact."""

    all_: list[Condition] | None = Field(None, alias="all")
    any_: list[Condition] | None = Field(None, alias="any")
    not_: Condition | None = Field(None, alias="not")
    key: str | None = None
    eq: Any = None
    ne: Any = None
    in_: list[Any] | None = Field(None, alias="in")
    not_in: list[Any] | None = None
    gt: Number | None = None
    gte: Number | None = None
    lt: Number | None = None
    lte: Number | None = None
    between: tuple[Number, Number] | None = None

    @model_validator(mode="before")
    @classmethod
    def _known_words(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            raise ValueError(f"a condition must be a mapping (all / any / not, or key plus one of "
                             f"{', '.join(OPERATORS)}), not {data!r}")
        for word in data:
            if str(word) not in (*BRANCHES, "key", *OPERATORS):
                raise ValueError(did_you_mean(str(word), (*BRANCHES, "key", *OPERATORS), "operator"))
        return data

    @model_validator(mode="after")
    def _one_form(self) -> Condition:
        given = [word for word in (*BRANCHES, "key", *OPERATORS) if self.operand(word) is not None
                 or (word in ("eq", "ne") and word in self.model_fields_set)]
        branches = [word for word in given if word in BRANCHES]
        operators = [word for word in given if word in OPERATORS]
        if branches:
            if len(given) > 1:
                raise ValueError(f"use one of all / any / not per condition, alone; found {', '.join(given)}")
            if branches[0] != "not" and not self.operand(branches[0]):
                raise ValueError(f"'{branches[0]}' needs at least one condition")
            return self
        if self.key is None:
            raise ValueError("a comparison needs 'key' (an answers key or a fact)")
        if len(operators) != 1:
            raise ValueError(f"a comparison needs exactly one operator ({', '.join(OPERATORS)}); "
                             f"found {', '.join(operators) or 'none'}")
        _check_comparison(self.key, operators[0], self.operand(operators[0]))
        return self

    def operand(self, word: str) -> Any:
        """The value given for an operator or branch word (`in` and `not` included)."""
        return getattr(self, {"all": "all_", "any": "any_", "not": "not_", "in": "in_"}.get(word, word))

    @property
    def operator(self) -> str | None:
        for word in OPERATORS:
            if self.operand(word) is not None or (word in ("eq", "ne") and word in self.model_fields_set):
                return word
        return None


def _check_comparison(key: str, operator: str, value: Any) -> None:
    spec = SCHEMA.get(key)
    if spec is None:
        raise ValueError(did_you_mean(key, tuple(SCHEMA), "key"))
    if operator in _NUMERIC_OPS:
        if spec.kind != "number":
            raise ValueError(f"{key}: '{operator}' compares numbers, but {key} is a {spec.kind}"
                             f"{_allowed(spec)}; use eq, ne, in or not_in")
        if operator == "between" and value[0] > value[1]:
            raise ValueError(f"{key}: between needs [low, high] with low <= high, got {list(value)}")
        return
    values = value if operator in ("in", "not_in") else [value]
    if operator in ("in", "not_in") and not values:
        raise ValueError(f"{key}: '{operator}' needs a non-empty list")
    for item in values:
        _check_value(spec, item)


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


class Effects(_Strict):
    """What a rule does when it fires: points for or against each option, and vetoes."""

    fine_tune: Number = 0
    rag: Number = 0
    hybrid: Number = 0
    veto: dict[Option, str] = {}
    """Options the rule makes unworkable, each with the reason."""

    @model_validator(mode="before")
    @classmethod
    def _known_options(cls, data: Any) -> Any:
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

    @model_validator(mode="after")
    def _does_something(self) -> Effects:
        if not any(self.scores().values()) and not self.veto:
            raise ValueError("a rule must change a score or veto an option")
        return self

    def scores(self) -> dict[str, float]:
        return {"fine_tune": self.fine_tune, "rag": self.rag, "hybrid": self.hybrid}


def _check_cites(cites: list[str]) -> list[str]:
    if not cites:
        raise ValueError("cite at least one knowledge id")
    for cite in cites:
        if cite not in KNOWLEDGE_IDS:
            raise ValueError(did_you_mean(cite, KNOWLEDGE_IDS, "knowledge id"))
    return cites


def placeholders(template: str) -> list[str]:
    """The `{name}` fields of an explanation template."""
    return [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]


class RuleSpec(_Strict):
    """One decision rule, as written in a rules file."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    description: str = Field(min_length=1)
    when: Condition
    then: Effects
    because: str = Field(min_length=1)
    """The explanation; `{key}` quotes an answer or a fact."""
    cites: list[str]
    priority: int = 0
    group: str | None = None

    @field_validator("cites")
    @classmethod
    def _cites(cls, cites: list[str]) -> list[str]:
        return _check_cites(cites)

    @field_validator("because")
    @classmethod
    def _template(cls, text: str) -> str:
        try:
            names = placeholders(text)
        except ValueError as exc:
            raise ValueError(f"bad {{placeholder}} in the explanation: {exc}") from None
        for name in names:
            if name not in SCHEMA:
                raise ValueError("in the explanation: " + did_you_mean(name, tuple(SCHEMA), "key"))
        return text


class CaveatSpec(_Strict):
    """A warning that always goes with an option when it is recommended."""

    option: Option
    text: str = Field(min_length=1)
    cites: list[str]

    @field_validator("cites")
    @classmethod
    def _cites(cls, cites: list[str]) -> list[str]:
        return _check_cites(cites)


class RulesFile(_Strict):
    rules: list[RuleSpec] = []
    caveats: list[CaveatSpec] = []
