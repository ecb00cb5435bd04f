"""What a rule may read: every answers key, and facts derived from the answers and the costs.

`SCHEMA` describes each name a condition can use (its kind, its allowed values, which answers
it depends on), and it is what rules are validated against when they load. `derive` computes
the facts for one set of complete answers; it is plain arithmetic over the cost engine's pure
functions, so the what-if search can call it many times cheaply.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from advisor.answers.schema import ANSWER_KEYS, PRICE_KEYS, answer_types, choices_of
from advisor.costs import RUNS_A_YEAR, break_even, hybrid_retrains, rates_for, retrains
from advisor.costs import totals as option_totals
from advisor.knowledge import Pricing

Kind = Literal["choice", "bool", "number"]

DATA_TIERS = ("unknown", "none", "below_minimum", "risky", "reliable", "excellent")
"""labeled_examples in the guide's FAQ terms: 0; 1-99; 100-999; 1,000-9,999; 10,000 or more."""

COST_DRIVERS = ("data_volatility", "monthly_queries", "model_size", "horizon_months", "privacy",
                "hosting", "labeled_examples", *PRICE_KEYS)


@dataclass
class KeySpec:
    """One name a condition may read."""

    name: str
    kind: Kind
    doc: str
    source: Literal["answer", "fact"]
    choices: tuple[str, ...] = ()
    depends_on: tuple[str, ...] = ()
    """For a fact, the answers keys it is computed from (an answer depends on itself)."""


def _answer_spec(name: str, annotation: Any) -> KeySpec:
    doc = "the answer to the interview's question (see advisor.models.Answers)"
    choices = choices_of(annotation)
    if choices:
        return KeySpec(name, "choice", doc, "answer", choices, (name,))
    if annotation is bool:
        return KeySpec(name, "bool", doc, "answer", (), (name,))
    return KeySpec(name, "number", doc, "answer", (), (name,))


_FACTS = (
    KeySpec("fine_tune_total", "number", "fine-tuning's total cost over the horizon, USD", "fact",
            (), COST_DRIVERS),
    KeySpec("rag_total", "number", "RAG's total cost over the horizon, USD", "fact", (), COST_DRIVERS),
    KeySpec("hybrid_total", "number", "the hybrid's total cost over the horizon, USD", "fact", (),
            COST_DRIVERS),
    KeySpec("cheaper_option", "choice", "which of fine-tuning and RAG costs less over the horizon",
            "fact", ("fine_tune", "rag", "equal"), COST_DRIVERS),
    KeySpec("rag_cost_ratio", "number",
            "RAG's total divided by fine-tuning's (above 1: fine-tuning is cheaper)", "fact", (),
            COST_DRIVERS),
    KeySpec("fine_tune_cost_ratio", "number",
            "fine-tuning's total divided by RAG's (above 1: RAG is cheaper)", "fact", (), COST_DRIVERS),
    KeySpec("hybrid_premium", "number",
            "the hybrid's total divided by RAG's (the hybrid is RAG plus a tuned model)", "fact",
            (), COST_DRIVERS),
    KeySpec("hybrid_vs_fine_tune", "number",
            "the hybrid's total divided by fine-tuning's", "fact", (), COST_DRIVERS),
    KeySpec("break_even_monthly_queries", "number",
            "the monthly volume at which fine-tuning and RAG cost the same (infinite when RAG "
            "has no per-query cost)", "fact", (), COST_DRIVERS),
    KeySpec("volume_vs_break_even", "number",
            "monthly_queries divided by the break-even volume (above 1: fine-tuning is cheaper)",
            "fact", (), COST_DRIVERS),
    KeySpec("retrains_a_year", "number",
            "fine-tuning runs a year the data's volatility calls for: 0, 1, 12, 52 or 365", "fact",
            (), ("data_volatility",)),
    KeySpec("retrains", "number", "retrains of a fine-tuned model within the horizon", "fact", (),
            ("data_volatility", "horizon_months")),
    KeySpec("training_hours", "number",
            "hours one fine-tuning run takes for the model size (typical figure)", "fact", (),
            ("model_size",)),
    KeySpec("data_tier", "choice",
            "labeled_examples in the FAQ's terms: unknown (not given), none (0), below_minimum "
            "(1-99), risky (100-999), reliable (1,000-9,999), excellent (10,000 or more)", "fact",
            DATA_TIERS,
            ("labeled_examples",)),
)

SCHEMA: dict[str, KeySpec] = {name: _answer_spec(name, answer_types()[name])
                              for name in ANSWER_KEYS if name != "api_model"}
"""`api_model` is a name, not a choice or a number: rules read it only through the cost facts."""
SCHEMA.update({spec.name: spec for spec in _FACTS})
FACT_NAMES: tuple[str, ...] = tuple(spec.name for spec in _FACTS)


def data_tier(labeled: int | str) -> str:
    if not isinstance(labeled, int):
        return "unknown"
    if labeled <= 0:
        return "none"
    if labeled < 100:
        return "below_minimum"
    if labeled < 1_000:
        return "risky"
    if labeled < 10_000:
        return "reliable"
    return "excellent"


def _ratio(numerator: float, denominator: float) -> float:
    if denominator <= 0:
        return 1.0 if numerator <= 0 else math.inf
    return numerator / denominator


def derive(values: Mapping[str, Any], pricing: Pricing,
           defaulted: Collection[str] = ()) -> dict[str, Any]:
    """The facts for complete answers (`values` holds every answers key); cost keys in
    `defaulted` take the pricing mode's figures, the others are the user's."""
    horizon = int(values["horizon_months"])
    volume = float(values["monthly_queries"])
    volatility = str(values["data_volatility"])
    rates, _ = rates_for(values, defaulted, pricing)
    runs = retrains(volatility, horizon)
    totals = option_totals(rates, runs, hybrid_retrains(volatility, horizon), horizon, volume)
    ft, rag, hybrid = totals["fine_tune"], totals["rag"], totals["hybrid"]
    point, _ = break_even(rates, runs, horizon)
    break_even_point = math.inf if point is None else point
    if break_even_point == 0:
        versus = math.inf
    elif math.isinf(break_even_point):
        versus = 0.0
    else:
        versus = volume / break_even_point
    cheaper = "equal" if math.isclose(ft, rag) else ("fine_tune" if ft < rag else "rag")
    return {
        "fine_tune_total": ft,
        "rag_total": rag,
        "hybrid_total": hybrid,
        "cheaper_option": cheaper,
        "rag_cost_ratio": _ratio(rag, ft),
        "fine_tune_cost_ratio": _ratio(ft, rag),
        "hybrid_premium": _ratio(hybrid, rag),
        "hybrid_vs_fine_tune": _ratio(hybrid, ft),
        "break_even_monthly_queries": break_even_point,
        "volume_vs_break_even": versus,
        "retrains_a_year": RUNS_A_YEAR[volatility],
        "retrains": retrains(volatility, horizon),
        "training_hours": _training_hours(pricing, str(values["model_size"])),
        "data_tier": data_tier(values["labeled_examples"]),
    }


def _training_hours(pricing: Pricing, model_size: str) -> float:
    figure = pricing.facts.get("training_hours")
    return 0.0 if figure is None else figure.at(model_size).typical


COMPARISONS = ("cheaper_option", "rag_cost_ratio", "fine_tune_cost_ratio", "hybrid_premium",
               "hybrid_vs_fine_tune", "break_even_monthly_queries", "volume_vs_break_even")
"""The facts that weigh the options' costs against each other: meaningless without a volume."""


def as_the_rules_see(values: Mapping[str, Any], guessed: Collection[str]) -> dict[str, Any]:
    """The values with every guess made "unknown", so that no rule fires on an answer nobody
    gave: the guessed answers themselves, the facts computed from them, and the cost
    comparisons when the volume is a guess (the totals keep the defaults they are priced with,
    and say so in the assumptions). A comparison with "unknown" holds only for `ne` and
    `not_in`."""
    guesses = set(guessed)
    seen = {key: "unknown" if key in guesses else value for key, value in values.items()}
    for spec in _FACTS:
        if spec.name in COMPARISONS:
            blind = "monthly_queries" in guesses
        elif spec.depends_on == COST_DRIVERS:
            blind = False
        else:
            blind = not guesses.isdisjoint(spec.depends_on)
        if blind:
            seen[spec.name] = "unknown"
    return seen
