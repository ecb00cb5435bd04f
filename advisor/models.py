"""The advisor's data, as pydantic models validated once, when loaded.

`Answers` is the contract's answers file. The knowledge models (`Pricing`, `Question`,
`FaqEntry`) describe the YAML files in `knowledge/`. `Costs` and `Recommendation` are what
the engines produce and what the JSON outputs serialise.
"""

from __future__ import annotations

from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, field_validator

from advisor.units import parse_count, parse_money, parse_volume

Option = Literal["fine_tune", "rag", "hybrid"]
OPTIONS: tuple[Option, ...] = get_args(Option)
OPTION_LABELS: dict[str, str] = {"fine_tune": "Fine-tuning", "rag": "RAG", "hybrid": "Hybrid"}

Volatility = Literal["static", "yearly", "monthly", "weekly", "daily"]
QueryVariety = Literal["narrow", "mixed", "broad"]
Latency = Literal["realtime", "interactive", "relaxed"]
Privacy = Literal["on_premise", "private_cloud", "public_api_ok"]
Predictability = Literal["steady", "variable"]
Hosting = Literal["none", "cloud_gpu", "own_gpu"]
ModelSize = Literal["7b", "70b", "405b"]

KnowledgeId = Literal[
    "training-data-size", "unlabeled-data", "training-time", "continuous-fine-tuning",
    "rag-vs-keyword-search", "retraining-frequency", "rag-on-api",
    "fine-tuning", "rag", "cost-analysis", "quality", "speed", "when-fine-tuning", "when-rag",
    "hybrid",
]
"""The contract's knowledge ids: the guide's seven FAQ entries, then its eight sections."""
KNOWLEDGE_IDS: tuple[str, ...] = get_args(KnowledgeId)

COST_KEYS = ("training_cost", "data_prep_cost", "inference_monthly", "vector_db_monthly",
             "cost_per_query")


def choices_of(annotation: Any) -> tuple[str, ...]:
    """The allowed values of a Literal field, in their documented order; () for any other."""
    if get_origin(annotation) is not Literal:
        return ()
    return tuple(str(value) for value in get_args(annotation))


class Answers(BaseModel):
    """A team's answers to the interview: the contract's answers file, every key optional."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    data_volatility: Volatility = "monthly"
    """How often the facts the system must know change."""
    query_variety: QueryVariety = "mixed"
    """Whether questions repeat the same patterns (narrow) or vary widely (broad)."""
    latency: Latency = "interactive"
    """realtime: a 1-2 s retrieval overhead is unacceptable; interactive: a few seconds are
    fine; relaxed: batch or offline."""
    privacy: Privacy = "public_api_ok"
    """Where the data may go."""
    monthly_queries: float = 10_000
    """Query volume a month (a month is 365/12 days, a year 12 months)."""
    volume_predictability: Predictability = "steady"
    """Whether the query volume is known in advance."""
    hosting: Hosting = "cloud_gpu"
    """The infrastructure available to host a model."""
    audit_trail: bool = False
    """Whether compliance requires citing the sources of each answer."""
    labeled_examples: int = 0
    """How many labeled training examples are available."""
    style_needs: bool = False
    """Whether answers must follow a domain tone, format or jargon."""
    model_size: ModelSize = "7b"
    """The base model size."""
    horizon_months: int = 12
    """The period, in months, that costs are compared over (1-120)."""
    training_cost: float | None = None
    """One fine-tuning run in US dollars (GPU hours); defaults by model size."""
    data_prep_cost: float | None = None
    """Hiring, labeling and cleaning, paid once, in US dollars."""
    inference_monthly: float | None = None
    """Hosting the fine-tuned model, US dollars a month; defaults by model size."""
    vector_db_monthly: float | None = None
    """The vector database, US dollars a month."""
    cost_per_query: float | None = None
    """RAG's cost of one query (retrieval plus generation), US dollars."""

    @field_validator("data_volatility", "query_variety", "latency", "privacy",
                     "volume_predictability", "hosting", "model_size", mode="before")
    @classmethod
    def _choice(cls, value: Any, info: Any) -> str:
        allowed = choices_of(cls.model_fields[info.field_name].annotation)
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise ValueError(f"{value!r} is not allowed; choose one of {', '.join(allowed)}")
        text = str(value).strip().lower().replace("-", "_").replace(" ", "_")
        if info.field_name == "model_size" and text.isdigit():
            text += "b"
        if text not in allowed:
            raise ValueError(f"{value!r} is not allowed; choose one of {', '.join(allowed)}")
        return text

    @field_validator("audit_trail", "style_needs", mode="before")
    @classmethod
    def _strict_bool(cls, value: Any) -> bool:
        if not isinstance(value, bool):
            raise ValueError(f"must be true or false, not {value!r}")
        return value

    @field_validator("monthly_queries", mode="before")
    @classmethod
    def _volume(cls, value: Any) -> float:
        return parse_volume(value)

    @field_validator("labeled_examples", mode="before")
    @classmethod
    def _count(cls, value: Any) -> int:
        return parse_count(value)

    @field_validator("horizon_months", mode="before")
    @classmethod
    def _horizon(cls, value: Any) -> int:
        months = parse_count(value, "a whole number of months from 1 to 120")
        if not 1 <= months <= 120:
            raise ValueError(f"must be a whole number of months from 1 to 120, not {value!r}")
        return months

    @field_validator(*COST_KEYS, mode="before")
    @classmethod
    def _money(cls, value: Any) -> float | None:
        return None if value is None else parse_money(value)


ANSWER_KEYS: tuple[str, ...] = tuple(Answers.model_fields)


# --- knowledge: pricing -------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Range(_Strict):
    """A figure from the guide: its typical value and, where the guide gives one, a range."""

    low: float = Field(ge=0)
    typical: float = Field(ge=0)
    high: float = Field(ge=0)
    note: str | None = None

    @field_validator("high")
    @classmethod
    def _ordered(cls, high: float, info: Any) -> float:
        low, typical = info.data.get("low"), info.data.get("typical")
        if low is not None and typical is not None and not low <= typical <= high:
            raise ValueError(f"needs low <= typical <= high, got {low}, {typical}, {high}")
        return high


class Figure(_Strict):
    """One priced or timed quantity, with its unit and the guide section it comes from."""

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


class Pricing(_Strict):
    """knowledge/pricing.yaml: the guide's cost and time figures, with the date they hold for."""

    as_of: str
    source: str
    costs: dict[str, Figure]
    """The defaults for the answers file's cost keys, one per key."""
    facts: dict[str, Figure] = {}
    """Other figures from the guide (times, latencies, data sizes) that rules and answers cite."""

    @field_validator("costs")
    @classmethod
    def _all_cost_keys(cls, costs: dict[str, Figure]) -> dict[str, Figure]:
        missing = [key for key in COST_KEYS if key not in costs]
        unknown = [key for key in costs if key not in COST_KEYS]
        if missing:
            raise ValueError(f"missing figures for {', '.join(missing)}")
        if unknown:
            raise ValueError(f"unknown cost keys {', '.join(unknown)}; allowed: {', '.join(COST_KEYS)}")
        for key, figure in costs.items():
            if (figure.value is None) == (figure.by_model_size is None):
                raise ValueError(f"{key}: give exactly one of value or by_model_size")
            if figure.by_model_size is not None and len(figure.by_model_size) != 3:
                raise ValueError(f"{key}: by_model_size needs 7b, 70b and 405b")
        return costs


# --- knowledge: interview questions -------------------------------------------------------

QuestionKind = Literal["choice", "bool", "volume", "count", "money"]


class Choice(_Strict):
    value: str
    label: str


class Question(_Strict):
    """One interview question, for one answers key (knowledge/questions.yaml)."""

    key: str
    question: str
    help: str
    section: KnowledgeId
    kind: QuestionKind
    choices: list[Choice] = []
    default: Any = None
    advanced: bool = False
    """Advanced questions (price overrides) are offered at the review, not asked in turn."""
    unit: str | None = None
    """What a count is of, for reading it back ("15,000 labeled examples", "12 months")."""


class Questions(_Strict):
    questions: list[Question]


# --- knowledge: FAQ entries and guide sections -------------------------------------------


class FaqEntry(_Strict):
    """A question the knowledge base answers: one of the guide's FAQ entries or sections."""

    id: KnowledgeId
    kind: Literal["faq", "section"]
    question: str
    phrasings: list[str] = []
    keywords: list[str] = []
    answer: str
    related: list[KnowledgeId] = []
    section: str
    """The guide section the answer comes from, as its heading reads in the guide."""


class Faq(_Strict):
    entries: list[FaqEntry]


# --- outputs -------------------------------------------------------------------------------


class OptionCost(BaseModel):
    """One option's cost over the horizon, with low and high estimates from the price ranges."""

    total: float
    upfront: float
    monthly: float
    low: float
    high: float
    retrains: int | None = None


class Assumption(BaseModel):
    key: str
    value: float
    defaulted: bool
    source: str


class Costs(BaseModel):
    """The contract's `costs` object, plus the assumptions behind it."""

    horizon_months: int
    fine_tune: OptionCost
    rag: OptionCost
    hybrid: OptionCost
    break_even_monthly_queries: float | None
    """The volume at which fine-tuning and RAG cost the same; 0 when RAG is never cheaper,
    null when RAG is cheaper at every volume (it has no per-query cost)."""
    monthly_queries: float
    assumptions: list[Assumption]
    as_of: str


class Reason(BaseModel):
    rule: str
    text: str
    effect: dict[str, float]
    cites: list[str]
    veto: dict[str, str] = {}
    triggers: dict[str, Any] = {}


class Against(BaseModel):
    rule: str
    text: str
    kind: Literal["score", "veto", "against", "missed"] = "against"
    """score: the score gap; veto: the rule rules the option out; against: a fired rule took
    points away; missed: a rule that would have supported it did not fire."""
    effect: dict[str, float] = {}
    condition: str | None = None
    """For a missed rule, the first condition that failed and the value it saw."""


class WhatIf(BaseModel):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    key: str
    from_: Any = Field(alias="from")
    to: Any
    recommendation: Option
    distance: float = 0.0
    """How big the change is: choice steps, 1 for a flipped yes/no, 2 x log10 of a number's ratio."""


class Recommendation(BaseModel):
    """The contract's `recommend --format json` object; extra fields explain it further."""

    recommendation: Option
    confidence: float
    scores: dict[str, float]
    reasons: list[Reason]
    costs: Costs
    close_call: bool
    why_not: dict[str, list[Against]]
    what_if: list[WhatIf]
    citations: list[str]
    answers: dict[str, Any]
    defaulted: list[str]
    close_call_note: str | None = None
    confidence_note: str | None = None
    """Why the confidence is lower than the lead alone would give (answers left at defaults)."""
    caveats: list[str] = []
    margin: float = 0.0
    """Points between the recommendation and the best other workable option."""
    facts: dict[str, Any] = {}
    """The derived facts the rules could read (infinite values are null)."""
    trace: list[dict[str, Any]] = []
    """Every rule in evaluation order: fired, missed (with the first failed condition and the
    value it saw) or shadowed (another rule of its group fired first)."""
