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

This module is imported only to validate (a rules file changed, or `rules check`): building
these models is slow, so what they validate is converted at once into the plain dataclasses
of `advisor.rules.spec`, which is what the cache keeps and the engine reads.
"""

from __future__ import annotations

import string
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from rapidfuzz import process

from advisor.answers.schema import OPTIONS, Option
from advisor.errors import AdvisorError, Problem
from advisor.facts import SCHEMA, KeySpec
from advisor.knowledge import KNOWLEDGE_IDS
from advisor.rules import spec
from advisor.rules.spec import BRANCHES, OPERATORS
from advisor.validation import describe, dotted, locate
from advisor.yamlio import LineDict, LineList, load_data

_NUMERIC_OPS = ("gt", "gte", "lt", "lte", "between")
Number = Annotated[float, Field(strict=True)]


def did_you_mean(word: str, known: tuple[str, ...] | list[str], what: str) -> str:
    """`unknown X 'word'; did you mean 'y'?` or the list of what is allowed."""
    match = process.extractOne(word, known, score_cutoff=60)
    hint = f"did you mean {match[0]!r}?" if match else f"allowed: {', '.join(known)}"
    return f"unknown {what} {word!r}; {hint}"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class ConditionModel(_Strict):
    """A condition tree: `all` / `any` of conditions, `not` a condition, or one comparison
    `{key: NAME, OP: VALUE}` over an answers key or a derived fact."""

    all_: list[ConditionModel] | None = Field(None, alias="all")
    any_: list[ConditionModel] | None = Field(None, alias="any")
    not_: ConditionModel | None = Field(None, alias="not")
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
    def _one_form(self) -> ConditionModel:
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

    def to_spec(self) -> spec.Condition:
        """The runtime form; a comparison keeps its operator even when its operand is null."""
        operator = self.operator
        return spec.Condition(
            all_=None if self.all_ is None else [child.to_spec() for child in self.all_],
            any_=None if self.any_ is None else [child.to_spec() for child in self.any_],
            not_=None if self.not_ is None else self.not_.to_spec(),
            key=self.key,
            operator=operator,
            target=None if operator is None else self.operand(operator),
        )


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


class EffectsModel(_Strict):
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
    def _does_something(self) -> EffectsModel:
        if not any(self.scores().values()) and not self.veto:
            raise ValueError("a rule must change a score or veto an option")
        return self

    def scores(self) -> dict[str, float]:
        return {"fine_tune": self.fine_tune, "rag": self.rag, "hybrid": self.hybrid}

    def to_spec(self) -> spec.Effects:
        return spec.Effects(self.fine_tune, self.rag, self.hybrid,
                            {str(option): reason for option, reason in self.veto.items()})


def placeholders(template: str) -> list[str]:
    """The `{name}` fields of an explanation template."""
    return [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]


def _check_cites(cites: list[str]) -> list[str]:
    if not cites:
        raise ValueError("cite at least one knowledge id")
    for cite in cites:
        if cite not in KNOWLEDGE_IDS:
            raise ValueError(did_you_mean(cite, KNOWLEDGE_IDS, "knowledge id"))
    return cites


class RuleModel(_Strict):
    """One decision rule, as written in a rules file."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    description: str = Field(min_length=1)
    when: ConditionModel
    then: EffectsModel
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

    def to_spec(self) -> spec.RuleSpec:
        return spec.RuleSpec(self.id, self.description, self.when.to_spec(), self.then.to_spec(),
                             self.because, list(self.cites), self.priority, self.group,
                             tuple(dict.fromkeys(placeholders(self.because))))


class CaveatModel(_Strict):
    """A warning that always goes with an option when it is recommended."""

    option: Option
    text: str = Field(min_length=1)
    cites: list[str]

    @field_validator("cites")
    @classmethod
    def _cites(cls, cites: list[str]) -> list[str]:
        return _check_cites(cites)

    def to_spec(self) -> spec.CaveatSpec:
        return spec.CaveatSpec(str(self.option), self.text, list(self.cites))


class RulesFile(_Strict):
    rules: list[RuleModel] = []
    caveats: list[CaveatModel] = []


def validate_file(path: Path) -> tuple[list[spec.PlacedRule], list[spec.CaveatSpec], list[Problem]]:
    """One rules file's rules (in file order, with their lines) and caveats, in runtime form,
    or every problem found in it (and no rules or caveats)."""
    data, name, problems = _read_mapping(path)
    if problems:
        return [], [], problems
    try:
        content = RulesFile.model_validate(data)
    except ValidationError as exc:
        return [], [], [_problem(error, data, name) for error in exc.errors()]
    rules = [spec.PlacedRule(rule.to_spec(), name, locate(data, ("rules", index)))
             for index, rule in enumerate(content.rules)]
    return rules, [caveat.to_spec() for caveat in content.caveats], []


def _read_mapping(path: Path) -> tuple[Any, str, list[Problem]]:
    """The file's top-level mapping (an empty file is an empty one) and its name as shown."""
    try:
        data, name = load_data(path, AdvisorError)
    except AdvisorError as exc:
        return None, str(path), [_syntax_problem(path, str(exc))]
    if data is None:
        data = LineDict()
    if not isinstance(data, dict):
        kind = "list" if isinstance(data, list) else type(data).__name__
        return None, name, [Problem(name, f"the top level must be a mapping with 'rules:' (and "
                                          f"optionally 'caveats:'), not a {kind}", 1)]
    return data, name, []


def _syntax_problem(path: Path, message: str) -> Problem:
    """A read or YAML error: its message already starts with the file name and line."""
    rest = message.removeprefix(str(path))
    line = None
    if rest.startswith(":"):
        head, _, tail = rest[1:].partition(":")
        if head.isdigit():
            line = int(head)
            rest = tail.split(":", 1)[1] if tail[:1].isdigit() else tail
        else:
            rest = rest[1:]
    return Problem(str(path), rest.strip(" :"), line)


def _problem(error: Any, data: Any, name: str) -> Problem:
    loc = tuple(error.get("loc", ()))
    entry = None
    if len(loc) >= 2 and loc[0] in ("rules", "caveats") and isinstance(loc[1], int):
        item = _item(data, loc[0], loc[1])
        if loc[0] == "rules" and isinstance(item, dict) and "id" in item:
            entry = f"rule {item['id']!r}"
        elif loc[0] == "caveats":
            entry = f"caveat {loc[1] + 1}"
    where = dotted(part for part in loc if part not in _TAGS)
    message = describe(error)
    return Problem(name, f"{where}: {message}" if where else message, locate(data, loc), entry)


_TAGS = ("function-after[_one_form(), ConditionModel]",)
"""The step pydantic names in an error's location for the after-validator; not a key."""


def _item(data: Any, section: str, index: int) -> Any:
    items = data.get(section) if isinstance(data, dict) else None
    if isinstance(items, LineList | list) and 0 <= index < len(items):
        return items[index]
    return None
