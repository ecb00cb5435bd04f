"""The knowledge base (`knowledge/*.yaml`): each file's schema and its loader.

Every file is validated by pydantic once, on load; a broken file raises `KnowledgeError`
naming the file, the line, the entry and the key. The pricing figures, which every command
needs, are kept validated in the cache (`advisor.cache`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

from advisor.answers.schema import ANSWER_DEFAULTS, ANSWER_KEYS, answer_types, choices_of
from advisor.cache import cached
from advisor.errors import KnowledgeError
from advisor.validation import validate
from advisor.yamlio import load_data

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import CoreSchema

from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from advisor.answers.schema import COST_KEYS, ModelSize

KnowledgeId = Literal[
    "training-data-size", "unlabeled-data", "training-time", "continuous-fine-tuning",
    "rag-vs-keyword-search", "retraining-frequency", "rag-on-api",
    "fine-tuning", "rag", "cost-analysis", "quality", "speed", "when-fine-tuning", "when-rag",
    "hybrid",
]
"""The contract's knowledge ids: the guide's seven FAQ entries, then its eight sections."""
KNOWLEDGE_IDS: tuple[str, ...] = get_args(KnowledgeId)

STRICT = {"extra": "forbid"}
"""`__pydantic_config__` of the knowledge classes: a key the class does not have is an error."""


# --- knowledge: pricing -------------------------------------------------------------------


@dataclass
class Range:
    """A figure from the guide: its typical value and, where the guide gives one, a range."""

    __pydantic_config__ = STRICT

    low: float
    typical: float
    high: float
    note: str | None = None

    def __post_init__(self) -> None:
        if min(self.low, self.typical, self.high) < 0:
            raise ValueError(f"low, typical and high must be 0 or more, got {self.low}, "
                             f"{self.typical}, {self.high}")
        if not self.low <= self.typical <= self.high:
            raise ValueError(f"needs low <= typical <= high, got {self.low}, {self.typical}, {self.high}")


@dataclass
class Figure:
    """One priced or timed quantity, with its unit and the guide section it comes from."""

    __pydantic_config__ = STRICT

    unit: str
    section: KnowledgeId
    note: str | None = None
    value: Range | None = None
    by_model_size: dict[ModelSize, Range] | None = None

    def at(self, model_size: str) -> Range:
        """The range for a model size (figures not keyed by size return their one range)."""
        if self.by_model_size is not None:
            return self.by_model_size[model_size]  # type: ignore[index]
        assert self.value is not None
        return self.value


@dataclass
class Pricing:
    """knowledge/pricing.yaml: the guide's cost and time figures, with the date they hold for."""

    __pydantic_config__ = STRICT

    as_of: str
    source: str
    costs: dict[str, Figure]
    """The defaults for the answers file's cost keys, one per key."""
    facts: dict[str, Figure] = field(default_factory=dict)
    """Other figures from the guide (times, latencies, data sizes) that rules and answers cite."""

    def __post_init__(self) -> None:
        missing = [key for key in COST_KEYS if key not in self.costs]
        unknown = [key for key in self.costs if key not in COST_KEYS]
        if missing:
            raise ValueError(f"costs: missing figures for {', '.join(missing)}")
        if unknown:
            raise ValueError(f"costs: unknown cost keys {', '.join(unknown)}; "
                             f"allowed: {', '.join(COST_KEYS)}")
        for key, figure in self.costs.items():
            if (figure.value is None) == (figure.by_model_size is None):
                raise ValueError(f"costs: {key}: give exactly one of value or by_model_size")
            if figure.by_model_size is not None and len(figure.by_model_size) != 3:
                raise ValueError(f"costs: {key}: by_model_size needs 7b, 70b and 405b")


# --- faq.yaml and synonyms.yaml -------------------------------------------------------



@dataclass
class FaqEntry:
    """A question the knowledge base answers: one of the guide's FAQ entries or sections."""

    __pydantic_config__ = STRICT

    id: KnowledgeId
    kind: Literal["faq", "section"]
    question: str
    answer: str
    section: str
    """The guide section the answer comes from, as its heading reads in the guide."""
    phrasings: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    related: list[KnowledgeId] = field(default_factory=list)


@dataclass
class Faq:
    __pydantic_config__ = STRICT

    entries: list[FaqEntry]




class _NoBlankItem:
    """Marks a list of strings in which no item may be blank. Read by pydantic only when a
    file is validated (a cache miss), so a command that reads the cache never imports it."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(self._check, handler(source))

    def _check(self, items: list[str]) -> list[str]:
        if any(not str(item).strip() for item in items):
            raise ValueError(self.message)
        return items


@dataclass(frozen=True)
class SynonymGroup:
    """Words or phrases (`variants`) that mean the same as `term` when matching questions."""

    __pydantic_config__ = STRICT

    term: str = field(metadata={"min_length": 1})
    variants: Annotated[list[str], _NoBlankItem("a variant is empty")] = field(
        metadata={"min_length": 1})


@dataclass(frozen=True)
class Synonyms:
    """knowledge/synonyms.yaml."""

    __pydantic_config__ = STRICT

    groups: list[SynonymGroup] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    """Filler words dropped before matching."""
    contextual: list[str] = field(default_factory=list)
    """Variants that take their group's term only in a question that also has a `context`
    word ("llama" is a model in "fine-tune llama 70b", an animal in "what does a llama cost")."""
    context: list[str] = field(default_factory=list)
    """Words that show a question is about models (see `contextual`)."""
    negations: list[str] = field(default_factory=list)
    """Words that turn the next word or two into its `opposites` entry ("not labeled")."""
    opposites: dict[str, str] = field(default_factory=dict)
    """A term and the term it becomes after a negation ("label": "unlabeled")."""


def load_synonyms(folder: Path) -> Synonyms:
    """knowledge/synonyms.yaml (optional: without it, questions are matched word for word)."""
    path = folder / "synonyms.yaml"
    if not path.exists():
        return Synonyms()
    from advisor.knowledge import load_model

    synonyms = load_model(path, Synonyms, entry_key="term")
    owner: dict[str, str] = {}
    for group in synonyms.groups:
        for variant in group.variants:
            key = " ".join(variant.casefold().split())
            if key in owner and owner[key] != group.term:
                raise KnowledgeError(
                    f"{path}: entry {group.term!r}: variants: {variant!r} is already a variant "
                    f"of {owner[key]!r}; a variant may belong to one group only"
                )
            owner[key] = group.term
    return synonyms



def check_entries(entries: Sequence[FaqEntry], path: Path) -> None:
    """What pydantic cannot see one entry at a time: every contract id once, related ids real."""
    from advisor.knowledge import KNOWLEDGE_IDS

    seen: set[str] = set()
    for entry in entries:
        if entry.id in seen:
            raise KnowledgeError(f"{path}: entry {entry.id!r}: id: appears more than once")
        seen.add(entry.id)
        if entry.id in entry.related:
            raise KnowledgeError(f"{path}: entry {entry.id!r}: related: lists the entry itself")
    missing = [entry_id for entry_id in KNOWLEDGE_IDS if entry_id not in seen]
    if missing:
        raise KnowledgeError(f"{path}: no entry for {', '.join(missing)}; every knowledge id "
                             "in CONTRACT.md needs one")
    for entry in entries:
        unknown = [entry_id for entry_id in entry.related if entry_id not in seen]
        if unknown:
            raise KnowledgeError(f"{path}: entry {entry.id!r}: related: unknown id {unknown[0]!r}")




# --- knowledge/questions.yaml: the interview's questions ------------------------------------

QuestionKind = Literal["choice", "bool", "volume", "count", "money"]


@dataclass
class Choice:
    __pydantic_config__ = STRICT

    value: str
    label: str


@dataclass
class Question:
    """One interview question, for one answers key (knowledge/questions.yaml)."""

    __pydantic_config__ = STRICT

    key: str
    question: str
    help: str
    section: KnowledgeId
    kind: QuestionKind
    choices: list[Choice] = field(default_factory=list)
    default: Any = None
    advanced: bool = False
    """Advanced questions (price overrides) are offered at the review, not asked in turn."""
    unit: str | None = None
    """What a count is of, for reading it back ("15,000 labeled examples", "12 months")."""


@dataclass
class Questions:
    __pydantic_config__ = STRICT

    questions: list[Question]


M = TypeVar("M")


def load_model(path: Path, model: type[M], entry_key: str | None = None) -> M:
    """Read one knowledge file into `model` (a dataclass) with pydantic; the first problem
    becomes a KnowledgeError."""
    data, name = load_data(path, KnowledgeError)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise KnowledgeError(f"{name}: the top level must be a mapping, not a {type(data).__name__}")
    return validate(model, data, name, KnowledgeError, entry_key)


@cache
def load_pricing(folder: Path) -> Pricing:
    """knowledge/pricing.yaml."""
    path = folder / "pricing.yaml"
    return cached("pricing", [path], lambda: load_model(path, Pricing), Pricing)


@cache
def load_questions(folder: Path) -> tuple[Question, ...]:
    """knowledge/questions.yaml, checked against the answers model: one question per key,
    in interview order, with the model's choices and defaults."""
    from advisor.knowledge import Questions

    path = folder / "questions.yaml"
    questions = load_model(path, Questions, entry_key="key").questions
    keys = [question.key for question in questions]
    for question in questions:
        _check_question(path, question)
    missing = [key for key in ANSWER_KEYS if key not in keys]
    duplicated = sorted({key for key in keys if keys.count(key) > 1})
    if missing:
        raise KnowledgeError(f"{path}: no question for {', '.join(missing)}")
    if duplicated:
        raise KnowledgeError(f"{path}: more than one question for {', '.join(duplicated)}")
    return tuple(questions)


def _check_question(path: Path, question: Question) -> None:
    where = f"{path}: entry {question.key!r}"
    if question.key not in ANSWER_KEYS:
        raise KnowledgeError(f"{where}: key: not an answers key; allowed: {', '.join(ANSWER_KEYS)}")
    default = ANSWER_DEFAULTS[question.key]
    if question.kind == "choice":
        allowed = choices_of(answer_types()[question.key])
        given = tuple(choice.value for choice in question.choices)
        if given != allowed:
            raise KnowledgeError(f"{where}: choices: must be {', '.join(allowed)} in that order")
    if question.default != default:
        raise KnowledgeError(
            f"{where}: default: {question.default!r} differs from the answers model's {default!r}"
        )


@cache
def load_faq(folder: Path) -> Faq:
    """knowledge/faq.yaml: the guide's FAQ entries and sections."""
    from advisor.knowledge import Faq

    return load_model(folder / "faq.yaml", Faq, entry_key="id")


def raw(folder: Path, name: str) -> Any:
    """Any other knowledge file, parsed but not validated (its reader validates it)."""
    return load_data(folder / name, KnowledgeError)
