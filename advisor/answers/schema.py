"""The answers file's schema: every key a team can answer, its allowed values and default.

`Answers` is the one description of the answers file; `advisor.answers.read` validates data
into it, the interview's questions (knowledge/questions.yaml) are checked against it, and the
rules may read each of its fields. Its field docstrings are the interview's help.
"""

from __future__ import annotations

from dataclasses import dataclass
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
Hosting = Literal["none", "managed", "cloud_gpu", "own_gpu"]
ModelSize = Literal["7b", "70b", "405b"]
MustLearn = Literal["knowledge", "behaviour", "both", "unknown"]
Unknown = Literal["unknown"]

COST_KEYS = ("training_cost", "data_prep_cost", "inference_monthly", "vector_db_monthly",
             "cost_per_query")
TOKEN_KEYS = ("prompt_tokens", "context_tokens", "output_tokens")
PRICE_KEYS = (*COST_KEYS, "api_model", *TOKEN_KEYS)
"""Every answer about prices: the what-if search leaves them alone (they are quotes, not
choices), and the interview offers them at the review."""


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
    """The infrastructure available to host a model; managed: fine-tuned and served through a
    provider's API (OpenAI, Bedrock, Vertex and the like), with no GPU of the team's own."""
    audit_trail: bool = False
    """Whether compliance requires citing the sources of each answer."""
    labeled_examples: int | Unknown = "unknown"
    """How many labeled training examples are available; "unknown" is not zero, and no rule
    reads it as "none"."""
    synthetic_examples: bool = False
    """Whether the team can generate training examples with a larger model (they count as a
    reliable set for teaching a behaviour or a format, after a hand check)."""
    must_learn: MustLearn = "unknown"
    """What the model must learn: knowledge (facts that must be current or citable),
    behaviour (a format, a tone, tool use, grounded citing, a domain's reasoning and lasting
    expertise), or both."""
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
    """RAG's cost of one query (retrieval plus generation), US dollars; a figure given here
    wins over every pricing mode."""
    api_model: str | None = None
    """The model that answers, as genai-prices knows it (gpt-4o-mini, claude-sonnet-4, or
    provider:model); RAG and a provider's fine-tuning are then priced per token."""
    prompt_tokens: int = 500
    """Tokens of question and instructions in each query."""
    context_tokens: int = 2000
    """Tokens of retrieved text added to each RAG query."""
    output_tokens: int = 300
    """Tokens of each answer."""


ANSWER_KEYS: tuple[str, ...] = tuple(Answers.__dataclass_fields__)
ANSWER_DEFAULTS: dict[str, Any] = {name: spec.default for name, spec in Answers.__dataclass_fields__.items()}


@cache
def answer_types() -> dict[str, Any]:
    """Each answers key's type, resolved (`Literal[...]` for a choice; see `choices_of`)."""
    return get_type_hints(Answers)

