"""The advisor's data, as plain dataclasses, validated once, where they come in.

`Answers` is the contract's answers file; pydantic-core validates it (`advisor.answers`).
`Pricing` describes knowledge/pricing.yaml; pydantic validates the file into it through a
`TypeAdapter` (`advisor.knowledge`), reading `__pydantic_config__` and turning a `ValueError`
from `__post_init__` into a located error. `Costs` and `Recommendation` are what the engines
produce and what the JSON outputs print. The other knowledge files are described beside the
code that uses them, so a command loads only what it needs: the interview's questions in
`advisor.session`, the FAQ's entries in `advisor.faq`.

These are dataclasses rather than pydantic models so that a command can use them without
building pydantic's model classes, which costs more than the rest of a command together (see
the README's Performance section). Nothing here imports pydantic. Only `Answers` is frozen:
the knowledge is read-only by convention, because freezing a class costs start-up time
(about 0.15 ms each) and would be shallow anyway for classes that hold lists and dicts.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal, get_args, get_origin, get_type_hints

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


@dataclass(frozen=True)
class Answers:
    """A team's answers to the interview: the contract's answers file, every key optional."""

    data_volatility: Volatility = "monthly"
    """How often the facts the system must know change."""
    query_variety: QueryVariety = "mixed"
    """Whether questions repeat the same patterns (narrow) or vary widely (broad)."""
    latency: Latency = "interactive"
    """realtime: a 1-2 s retrieval overhead is unacceptable; interactive: a few seconds are
    fine; relaxed: batch or offline."""
    privacy: Privacy = "public_api_ok"
    """Where the data may go."""
    monthly_queries: float = 10_000.0
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


ANSWER_KEYS: tuple[str, ...] = tuple(Answers.__dataclass_fields__)
ANSWER_DEFAULTS: dict[str, Any] = {name: spec.default for name, spec in Answers.__dataclass_fields__.items()}


@cache
def answer_types() -> dict[str, Any]:
    """Each answers key's type, resolved (`Literal[...]` for a choice; see `choices_of`)."""
    return get_type_hints(Answers)

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


# --- outputs -------------------------------------------------------------------------------


def to_json(data: Any) -> str:
    """JSON as the outputs print it: indented, UTF-8 as is, dataclasses as objects, and an
    infinity or NaN as null. A field named like `from_` (a Python keyword) prints as `from`."""
    return json.dumps(_plain(data), indent=2, ensure_ascii=False)


def _plain(data: Any) -> Any:
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {key: _plain(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [_plain(value) for value in data]
    if hasattr(data, "__dataclass_fields__"):
        return {name.removesuffix("_"): _plain(getattr(data, name)) for name in data.__dataclass_fields__}
    return data


@dataclass
class OptionCost:
    """One option's cost over the horizon, with low and high estimates from the price ranges."""

    total: float
    upfront: float
    monthly: float
    low: float
    high: float
    retrains: int | None = None


@dataclass
class Assumption:
    key: str
    value: float
    defaulted: bool
    source: str


@dataclass
class Costs:
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

    def options(self) -> list[tuple[Option, OptionCost]]:
        """Each option with its cost, in the contract's order."""
        return [("fine_tune", self.fine_tune), ("rag", self.rag), ("hybrid", self.hybrid)]

    def to_json(self) -> str:
        return to_json(self)


@dataclass
class Reason:
    rule: str
    text: str
    effect: dict[str, float]
    cites: list[str]
    veto: dict[str, str] = field(default_factory=dict)
    triggers: dict[str, Any] = field(default_factory=dict)


@dataclass
class Against:
    rule: str
    text: str
    kind: Literal["score", "veto", "against", "missed"] = "against"
    """score: the score gap; veto: the rule rules the option out; against: a fired rule took
    points away; missed: a rule that would have supported it did not fire."""
    effect: dict[str, float] = field(default_factory=dict)
    condition: str | None = None
    """For a missed rule, the first condition that failed and the value it saw."""


@dataclass
class WhatIf:
    """One answer whose change would change the recommendation (printed with `from`, not `from_`)."""

    key: str
    from_: Any
    to: Any
    recommendation: Option
    distance: float = 0.0
    """How big the change is: choice steps, 1 for a flipped yes/no, 2 x log10 of a number's ratio."""


@dataclass
class Recommendation:
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
    caveats: list[str] = field(default_factory=list)
    margin: float = 0.0
    """Points between the recommendation and the best other workable option."""
    facts: dict[str, Any] = field(default_factory=dict)
    """The derived facts the rules could read (infinite values are null)."""
    trace: list[dict[str, Any]] = field(default_factory=list)
    """Every rule in evaluation order: fired, missed (with the first failed condition and the
    value it saw) or shadowed (another rule of its group fired first)."""

    def to_json(self) -> str:
        return to_json(self)
