"""The knowledge base's pricing and interview questions (`knowledge/pricing.yaml`,
`knowledge/questions.yaml`): each file's schema and its loader, and `load_model`, the one way
every knowledge file is read. (The FAQ's files, faq.yaml and synonyms.yaml, have theirs in
`advisor.faq.schema`: only `ask`, the summary and the interview need them.)

Every file is validated by pydantic once, on load; a broken file raises `KnowledgeError`
naming the file, the line, the entry and the key. What validation gives is kept in the cache
(`advisor.cache`) until the file changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar, get_args

from advisor.answers.schema import (
    ANSWER_DEFAULTS,
    ANSWER_KEYS,
    COST_KEYS,
    ModelSize,
    answer_types,
    choices_of,
)
from advisor.cache import cached
from advisor.errors import KnowledgeError
from advisor.validation import STRICT, validate
from advisor.yamlio import load_data

KnowledgeId = Literal[
    "training-data-size", "unlabeled-data", "training-time", "continuous-fine-tuning",
    "rag-vs-keyword-search", "retraining-frequency", "rag-on-api",
    "fine-tuning", "rag", "cost-analysis", "quality", "speed", "when-fine-tuning", "when-rag",
    "hybrid",
]
"""The contract's knowledge ids: the guide's seven FAQ entries, then its eight sections."""
KNOWLEDGE_IDS: tuple[str, ...] = get_args(KnowledgeId)

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
class TunedRates:
    """A provider's prices for fine-tuning one model and serving it, USD per million tokens."""

    __pydantic_config__ = STRICT

    training: float
    input: float
    output: float

    def __post_init__(self) -> None:
        if min(self.training, self.input, self.output) < 0:
            raise ValueError("training, input and output rates must be 0 or more")


@dataclass
class TunedTable:
    """Providers' fine-tuning prices by base model, with their date and source."""

    __pydantic_config__ = STRICT

    as_of: str
    source: str
    models: dict[str, TunedRates]
    note: str | None = None


@dataclass
class ApiPricing:
    """The figures around a named API model's per-token price (see `advisor.prices`)."""

    __pydantic_config__ = STRICT

    retrieval_per_query: Range
    """Embedding the question and one vector search, per query."""
    fine_tuned: TunedTable
    epochs: int = 3
    """Passes over the training examples in one provider fine-tuning run."""
    examples_when_unknown: int = 1000
    """Examples priced for a provider's fine-tuning run when the count is unknown."""


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
    api: ApiPricing | None = None
    """Figures for pricing with a named API model; without them, the guide's figures apply."""

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


# --- knowledge/questions.yaml: the interview's questions ------------------------------------

QuestionKind = Literal["choice", "bool", "volume", "count", "money", "model"]


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


def load_pricing(folder: Path) -> Pricing:
    """knowledge/pricing.yaml."""
    path = folder / "pricing.yaml"
    return cached("pricing", [path], lambda: load_model(path, Pricing), Pricing)


def load_questions(folder: Path) -> tuple[Question, ...]:
    """knowledge/questions.yaml, checked against the answers model: one question per key,
    in interview order, with the model's choices and defaults."""
    path = folder / "questions.yaml"
    return tuple(cached("questions", [path], lambda: _checked_questions(path), Questions).questions)


def _checked_questions(path: Path) -> Questions:
    """questions.yaml validated, and checked against the answers schema."""
    loaded = load_model(path, Questions, entry_key="key")
    questions = loaded.questions
    keys = [question.key for question in questions]
    for question in questions:
        _check_question(path, question)
    missing = [key for key in ANSWER_KEYS if key not in keys]
    duplicated = sorted({key for key in keys if keys.count(key) > 1})
    if missing:
        raise KnowledgeError(f"{path}: no question for {', '.join(missing)}")
    if duplicated:
        raise KnowledgeError(f"{path}: more than one question for {', '.join(duplicated)}")
    return loaded


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
