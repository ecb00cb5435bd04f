"""The cost engine: pure functions over complete answers and the pricing data (no I/O).

The formulas are the contract's, over a horizon of H months:

- training runs a year by volatility: static 0 (only the first run), yearly 1, monthly 12,
  weekly 52, daily 365; retrains in the horizon = ceil(H x runs_a_year / 12) - 1, static 0;
- fine-tuning = training_cost x (1 + retrains) + data_prep_cost + inference_monthly x H;
- RAG = (vector_db_monthly + cost_per_query x monthly_queries) x H;
- hybrid = fine-tuning's one-time costs and hosting plus RAG's monthly costs:
  training_cost x (1 + hybrid retrains) + data_prep_cost + inference_monthly x H
  + (vector_db_monthly + cost_per_query x monthly_queries) x H. The guide's hybrid tunes the
  model for domain, style and format and lets retrieval carry the changing facts, so its
  model is retrained at most once a year (hybrid retrains use min(volatility, yearly));
- break-even = the monthly volume at which fine-tuning and RAG cost the same over H: 0 when
  RAG is never cheaper, None when RAG is cheaper at every volume (no per-query cost).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from advisor.answers.read import ResolvedAnswers, given_keys, parse_answers
from advisor.answers.schema import ANSWER_KEYS, COST_KEYS, Answers, Option
from advisor.errors import AnswersError
from advisor.knowledge import Pricing
from advisor.yamlio import load_data


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


# --- answers with their prices --------------------------------------------------------


def resolve(answers: Answers, pricing: Pricing, given: set[str]) -> ResolvedAnswers:
    """Fill the cost keys from the pricing data and list every key that was not `given`."""
    fills: dict[str, Any] = {
        key: pricing.costs[key].at(answers.model_size).typical
        for key in COST_KEYS
        if getattr(answers, key) is None
    }
    complete = replace(answers, **fills)
    defaulted = tuple(key for key in ANSWER_KEYS if key not in given)
    return ResolvedAnswers(complete, defaulted)


def read_answers(data: Any, name: str, pricing: Pricing) -> ResolvedAnswers:
    """Validate parsed answers data and complete it; `name` says where it came from."""
    return resolve(parse_answers(data, name), pricing, given_keys(data))


def load_answers(path: str | Path, pricing: Pricing) -> ResolvedAnswers:
    """Read, validate and complete an answers file (`-` is standard input)."""
    data, name = load_data(path, AnswersError)
    return read_answers(data, name, pricing)



# --- the formulas ---------------------------------------------------------------------

RUNS_A_YEAR: dict[str, int] = {"static": 0, "yearly": 1, "monthly": 12, "weekly": 52, "daily": 365}

Estimate = Literal["low", "typical", "high"]


def retrains(volatility: str, horizon_months: int) -> int:
    """Training runs after the first within the horizon, in exact integer arithmetic."""
    runs = RUNS_A_YEAR[volatility]
    if runs == 0:
        return 0
    return -(-horizon_months * runs // 12) - 1


def hybrid_retrains(volatility: str, horizon_months: int) -> int:
    """Retrains of the hybrid's model: at most yearly, since retrieval carries fresh facts."""
    capped = volatility if RUNS_A_YEAR[volatility] <= 1 else "yearly"
    return retrains(capped, horizon_months)


def fine_tune_total(training: float, prep: float, inference: float, runs_after_first: int,
                    horizon_months: int) -> float:
    return training * (1 + runs_after_first) + prep + inference * horizon_months


def rag_total(vector_db: float, per_query: float, monthly_queries: float,
              horizon_months: int) -> float:
    return (vector_db + per_query * monthly_queries) * horizon_months


def break_even_monthly_queries(fine_tune: float, vector_db: float, per_query: float,
                               horizon_months: int) -> float | None:
    """The volume where RAG's total meets fine-tuning's; below it RAG is cheaper."""
    rag_fixed = vector_db * horizon_months
    if fine_tune <= rag_fixed:
        return 0.0
    if per_query == 0:
        return None
    return (fine_tune - rag_fixed) / (per_query * horizon_months)


def _figures(answers: Answers, defaulted: set[str], pricing: Pricing,
             estimate: Estimate) -> dict[str, float]:
    """The cost inputs for one estimate: the user's figure where given, else the range's."""
    figures = {}
    for key in COST_KEYS:
        given = getattr(answers, key)
        if key in defaulted or given is None:
            figures[key] = getattr(pricing.costs[key].at(answers.model_size), estimate)
        else:
            figures[key] = float(given)
    return figures


def option_totals(volatility: str, horizon: int, volume: float,
                  figures: dict[str, float]) -> dict[str, float]:
    """Totals over the horizon of the three options, for one volume and one set of figures."""
    ft = fine_tune_total(figures["training_cost"], figures["data_prep_cost"],
                         figures["inference_monthly"], retrains(volatility, horizon), horizon)
    rag = rag_total(figures["vector_db_monthly"], figures["cost_per_query"], volume, horizon)
    hybrid = fine_tune_total(figures["training_cost"], figures["data_prep_cost"],
                             figures["inference_monthly"], hybrid_retrains(volatility, horizon),
                             horizon) + rag
    return {"fine_tune": ft, "rag": rag, "hybrid": hybrid}


def figures_for(resolved: ResolvedAnswers, pricing: Pricing,
                estimate: Estimate = "typical") -> dict[str, float]:
    """The five cost inputs behind an estimate (user figures are the same in all three)."""
    return _figures(resolved.answers, set(resolved.defaulted), pricing, estimate)


def compute_costs(resolved: ResolvedAnswers, pricing: Pricing) -> Costs:
    """The contract's `costs` object for complete answers."""
    answers = resolved.answers
    horizon = answers.horizon_months
    estimates: tuple[Estimate, ...] = ("low", "typical", "high")
    figures = {name: figures_for(resolved, pricing, name) for name in estimates}
    typical = figures["typical"]
    totals = {name: option_totals(answers.data_volatility, horizon, answers.monthly_queries,
                                  figures[name]) for name in estimates}
    upfront = typical["training_cost"] + typical["data_prep_cost"]
    rag_monthly = typical["vector_db_monthly"] + typical["cost_per_query"] * answers.monthly_queries

    def option(name: str, up: float, monthly: float, runs: int | None) -> OptionCost:
        return OptionCost(total=_cents(totals["typical"][name]), upfront=_cents(up),
                          monthly=_cents(monthly), low=_cents(totals["low"][name]),
                          high=_cents(totals["high"][name]), retrains=runs)

    break_even = break_even_monthly_queries(totals["typical"]["fine_tune"],
                                            typical["vector_db_monthly"],
                                            typical["cost_per_query"], horizon)
    return Costs(
        horizon_months=horizon,
        fine_tune=option("fine_tune", upfront, typical["inference_monthly"],
                         retrains(answers.data_volatility, horizon)),
        rag=option("rag", 0.0, rag_monthly, None),
        hybrid=option("hybrid", upfront, typical["inference_monthly"] + rag_monthly,
                      hybrid_retrains(answers.data_volatility, horizon)),
        break_even_monthly_queries=None if break_even is None else round(break_even, 2),
        monthly_queries=answers.monthly_queries,
        assumptions=[_assumption(key, typical[key], key in resolved.defaulted, pricing,
                                 answers.model_size) for key in COST_KEYS],
        as_of=pricing.as_of,
    )


def _assumption(key: str, value: float, defaulted: bool, pricing: Pricing,
                model_size: str) -> Assumption:
    figure = pricing.costs[key]
    if not defaulted:
        source = "your answer"
    else:
        sized = f" for {model_size.upper()}" if figure.by_model_size is not None else ""
        source = f"guide default{sized} ({figure.section}, as of {pricing.as_of})"
    return Assumption(key=key, value=value, defaulted=defaulted, source=source)


def _cents(amount: float) -> float:
    return round(amount + 0.0, 2)
