"""The cost engine: pure functions over complete answers and the pricing data (no I/O).

Each option's total over a horizon of H months is its one-time costs plus, each month, a
fixed part and a part per query (`Rates`):

- fine-tuning = training x (1 + retrains) + data preparation
  + (hosting + tuned per query x queries) x H;
- RAG = (vector database + RAG's GPU + RAG per query x queries) x H;
- hybrid = training x (1 + hybrid retrains) + data preparation
  + (hosting + vector database + hybrid per query x queries) x H. The hybrid's model learns
  the domain and the form while retrieval carries the changing facts, so it is retrained at
  most once a year (hybrid retrains use min(volatility, yearly)).

Retrains in the horizon = ceil(H x runs a year / 12) - 1, with runs a year 0 (static), 1, 12,
52 or 365, in exact integer arithmetic. The break-even is the monthly volume at which
fine-tuning and RAG cost the same.

Which figures fill the rates is the pricing mode (`Mode`), and a figure the user gives always
wins over it:
- guide: no model named, data may go to an API. The guide's figures: RAG costs
  `cost_per_query` a query, the tuned model `inference_monthly` to host (the contract's
  formulas exactly).
- api: `api_model` named. RAG per query = that model's price for prompt + context tokens in and
  output tokens out (genai-prices) plus embedding and search. With `hosting: managed` the
  provider also fine-tunes and serves the tuned model, priced per token from the pricing
  data's dated table: training = rate x tokens per example x examples x epochs, then each
  query at the tuned model's rates, and no hosting fee.
- self-hosted: data must stay on premise. Generation runs on the team's GPUs, so RAG pays GPU
  hosting for the model size plus the vector database, and no API rate per query; the hybrid
  pays for one hosted model.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, Literal

from advisor import prices
from advisor.answers.read import ResolvedAnswers, given_keys, parse_answers
from advisor.answers.schema import ANSWER_KEYS, COST_KEYS, Answers, Option
from advisor.errors import AnswersError
from advisor.knowledge import Pricing
from advisor.numbers import money
from advisor.yamlio import load_data

Mode = Literal["guide", "api", "self_hosted"]
Estimate = Literal["low", "typical", "high"]
RUNS_A_YEAR: dict[str, int] = {"static": 0, "yearly": 1, "monthly": 12, "weekly": 52, "daily": 365}


@dataclass
class Rates:
    """One estimate's prices in one mode: what each option pays once, a month and a query."""

    training: float
    """One fine-tuning run."""
    data_prep: float
    hosting_monthly: float
    """Hosting the fine-tuned model (0 when a provider serves it per token)."""
    vector_db_monthly: float
    rag_gpu_monthly: float
    """GPU hosting for RAG's own model (self-hosted only)."""
    rag_per_query: float
    tuned_per_query: float
    """The fine-tuned model's own price per query (a provider's tuned rates)."""
    hybrid_per_query: float

    def by_cost_key(self) -> dict[str, float]:
        """The figures as the answers' cost keys name them (what the outputs show)."""
        return {"training_cost": self.training, "data_prep_cost": self.data_prep,
                "inference_monthly": self.hosting_monthly,
                "vector_db_monthly": self.vector_db_monthly, "cost_per_query": self.rag_per_query}


@dataclass
class Basis:
    """How the rates were found: the mode, a sentence on why, and each figure's source."""

    mode: Mode
    note: str
    sources: dict[str, str]


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
    """The contract's `costs` object, plus the pricing mode and the assumptions behind it."""

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
    mode: Mode = "guide"
    mode_note: str = ""
    rates: Rates | None = None
    """The typical rates behind the totals (what a query and a month cost)."""
    cheaper_above_break_even: Option = "fine_tune"
    """Which of fine-tuning and RAG is cheaper above the break-even volume."""
    retrains_run: tuple[int, int] = (0, 0)
    """Retrains of the fine-tuned and of the hybrid's model within the horizon."""

    def options(self) -> list[tuple[Option, OptionCost]]:
        """Each option with its cost, in the contract's order."""
        return [("fine_tune", self.fine_tune), ("rag", self.rag), ("hybrid", self.hybrid)]

    def totals_at(self, monthly_queries: float) -> dict[Option, float]:
        """The three totals at another volume, with the same rates (for the cost chart)."""
        assert self.rates is not None
        runs, hybrid_runs = self.retrains_run
        return totals(self.rates, runs, hybrid_runs, self.horizon_months, monthly_queries)




# --- the formulas ----------------------------------------------------------------------


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


def totals(rates: Rates, runs: int, hybrid_runs: int, horizon: int,
           volume: float) -> dict[Option, float]:
    """The three options' totals over the horizon at one monthly volume."""
    one_time = rates.training * (1 + runs) + rates.data_prep
    hybrid_one_time = rates.training * (1 + hybrid_runs) + rates.data_prep
    return {
        "fine_tune": one_time + (rates.hosting_monthly + rates.tuned_per_query * volume) * horizon,
        "rag": (rates.vector_db_monthly + rates.rag_gpu_monthly
                + rates.rag_per_query * volume) * horizon,
        "hybrid": hybrid_one_time + (rates.hosting_monthly + rates.vector_db_monthly
                                     + rates.hybrid_per_query * volume) * horizon,
    }


def break_even(rates: Rates, runs: int, horizon: int) -> tuple[float | None, Option]:
    """The volume where fine-tuning and RAG cost the same, and which is cheaper above it.

    As the contract has it: 0 when RAG is never cheaper, None when RAG is cheaper at every
    volume. Usually RAG costs more per query and fine-tuning is cheaper above the break-even;
    with a provider's tuned rates above RAG's, it can be the other way round."""
    at_zero = totals(rates, runs, runs, horizon, 0.0)
    gap = at_zero["fine_tune"] - at_zero["rag"]  # what fine-tuning costs more at no volume
    slope = (rates.rag_per_query - rates.tuned_per_query) * horizon  # RAG's extra per query
    if slope > 0:
        return (0.0 if gap <= 0 else gap / slope), "fine_tune"
    if slope < 0:
        return (None if gap >= 0 else gap / slope), "rag"
    return (0.0 if gap <= 0 else None), "fine_tune"


# --- the rates in each pricing mode ----------------------------------------------------


def mode_of(values: Mapping[str, Any]) -> Mode:
    """Data on premise is self-hosted; a named model is priced per token; else the guide's."""
    if values["privacy"] == "on_premise":
        return "self_hosted"
    return "api" if values.get("api_model") else "guide"


def rates_for(values: Mapping[str, Any], defaulted: Collection[str], pricing: Pricing,
              estimate: Estimate = "typical") -> tuple[Rates, Basis]:
    """The rates for complete answers (`values`): the user's figures where given (a cost key
    not in `defaulted`), else the mode's."""
    size = str(values["model_size"])

    def guide(key: str) -> float:
        return float(getattr(pricing.costs[key].at(size), estimate))

    def given(key: str) -> float | None:
        value = values.get(key)
        return None if key in defaulted or value is None else float(value)

    mode = mode_of(values)
    basis = Basis(mode, "", {})
    sized = f" for {size.upper()}"
    as_of = f"as of {pricing.as_of}"
    figures = {
        "training_cost": (guide("training_cost"), f"guide default{sized} (fine-tuning, {as_of})"),
        "data_prep_cost": (guide("data_prep_cost"), f"guide default (cost-analysis, {as_of})"),
        "inference_monthly": (guide("inference_monthly"),
                              f"guide default{sized} (cost-analysis, {as_of})"),
        "vector_db_monthly": (guide("vector_db_monthly"), f"guide default (cost-analysis, {as_of})"),
        "cost_per_query": (guide("cost_per_query"), f"guide default (rag, {as_of})"),
    }
    tuned_per_query = 0.0
    hybrid_extra = 0.0  # the hybrid's per-query cost beyond RAG's retrieval, in api mode
    rag_gpu = 0.0
    if mode == "self_hosted":
        basis.note = ("Your data must stay on premise, so generation runs on your own GPUs: RAG "
                      f"pays GPU hosting for the {size.upper()} model plus the vector database, "
                      "not a hosted API's price per query.")
        rag_gpu = figures["inference_monthly"][0]
        figures["cost_per_query"] = (0.0, "self-hosted: generation is paid by the GPU hosting")
    elif mode == "api":
        _api_figures(values, pricing, estimate, figures, basis)
        tuned_per_query, hybrid_extra = _tuned_figures(values, pricing, figures, basis)
    else:
        basis.note = ("No model is named, so a RAG query costs the guide's price and a fine-tuned "
                      "model a monthly hosting fee.")
    chosen = {key: given(key) for key in COST_KEYS}
    for key, value in chosen.items():
        if value is not None:
            figures[key] = (value, "your answer")
    per_query = figures["cost_per_query"][0]
    if chosen["cost_per_query"] is not None:
        rag_gpu = 0.0  # a quoted price per query covers generation
        hybrid_per_query = per_query
    else:
        hybrid_per_query = per_query + hybrid_extra if mode == "api" else per_query
    if mode == "self_hosted" and chosen["cost_per_query"] is None:
        hybrid_per_query = 0.0
    basis.sources = {key: source for key, (_, source) in figures.items()}
    rates = Rates(
        training=figures["training_cost"][0], data_prep=figures["data_prep_cost"][0],
        hosting_monthly=figures["inference_monthly"][0],
        vector_db_monthly=figures["vector_db_monthly"][0], rag_gpu_monthly=rag_gpu,
        rag_per_query=per_query, tuned_per_query=tuned_per_query,
        hybrid_per_query=hybrid_per_query)
    return rates, basis


def _api_figures(values: Mapping[str, Any], pricing: Pricing, estimate: Estimate,
                 figures: dict[str, tuple[float, str]], basis: Basis) -> None:
    """RAG's price per query on the named model, plus embedding and search."""
    model = str(values["api_model"])
    prompt, context, output = (int(values[key]) for key in
                               ("prompt_tokens", "context_tokens", "output_tokens"))
    price = prices.query_price(model, prompt + context, output)
    retrieval = (0.0 if pricing.api is None
                 else float(getattr(pricing.api.retrieval_per_query, estimate)))
    figures["cost_per_query"] = (
        price.per_query + retrieval,
        f"{price.model} at {prompt + context:,} tokens in and {output:,} out: "
        f"{money(price.per_query)} ({price.source}, prices as of "
        f"{prices.data_date(date.today())}) plus {money(retrieval)} embedding and search")
    basis.note = (f"Each RAG query on {price.model} sends {prompt:,} tokens of question "
                  f"and {context:,} of retrieved text and gets {output:,} back.")


def _tuned_figures(values: Mapping[str, Any], pricing: Pricing,
                   figures: dict[str, tuple[float, str]], basis: Basis) -> tuple[float, float]:
    """With `hosting: managed`, the provider's fine-tuning and tuned serving rates: training,
    no hosting fee, the tuned model's price per query, and what the hybrid pays beyond
    retrieval (the tuned model reading the retrieved text). (0, 0) in any other case."""
    if values["hosting"] != "managed" or pricing.api is None:
        return 0.0, 0.0
    model = str(values["api_model"]).rpartition(":")[2]
    table = pricing.api.fine_tuned
    rates = table.models.get(model)
    if rates is None:
        basis.note += (f" No fine-tuning prices for {model} in the pricing data, so fine-tuning "
                       "uses the guide's figures.")
        return 0.0, 0.0
    prompt, context, output = (int(values[key]) for key in
                               ("prompt_tokens", "context_tokens", "output_tokens"))
    labeled = values.get("labeled_examples")
    known = isinstance(labeled, int) and not isinstance(labeled, bool) and labeled > 0
    examples = int(labeled) if known else pricing.api.examples_when_unknown  # type: ignore[arg-type]
    epochs = pricing.api.epochs
    training = rates.training / 1e6 * (prompt + output) * examples * epochs
    count = f"{examples:,} examples" if known else f"{examples:,} examples (count unknown)"
    source = f"{model} fine-tuning ({table.source}, as of {table.as_of})"
    figures["training_cost"] = (training, f"{count} x {prompt + output:,} tokens x {epochs} "
                                          f"epochs at ${rates.training:g} per million: {source}")
    figures["inference_monthly"] = (0.0, "managed: the provider serves the tuned model per token")
    tuned = (rates.input * prompt + rates.output * output) / 1e6
    hybrid_generation = (rates.input * (prompt + context) + rates.output * output) / 1e6
    basis.note += (f" The provider fine-tunes {model} and serves it at its tuned rates "
                   f"({money(rates.input)} and {money(rates.output)} per million tokens in and out).")
    base_generation = figures["cost_per_query"][0] - (
        0.0 if pricing.api is None else pricing.api.retrieval_per_query.typical)
    return tuned, hybrid_generation - base_generation


# --- answers with their prices -----------------------------------------------------------


def resolve(answers: Answers, pricing: Pricing, given: set[str]) -> ResolvedAnswers:
    """List every key that was not `given` and fill the cost keys with the figures the
    pricing mode uses (a given figure stays)."""
    defaulted = tuple(key for key in ANSWER_KEYS if key not in given)
    values = vars(answers)
    rates, _ = rates_for(values, defaulted, pricing)
    shown = rates.by_cost_key()
    fills: dict[str, Any] = {key: shown[key] for key in COST_KEYS
                             if key in defaulted or values[key] is None}
    return ResolvedAnswers(replace(answers, **fills), defaulted)


def read_answers(data: Any, name: str, pricing: Pricing) -> ResolvedAnswers:
    """Validate parsed answers data and complete it; `name` says where it came from."""
    return resolve(parse_answers(data, name), pricing, given_keys(data))


def load_answers(path: str | Path, pricing: Pricing) -> ResolvedAnswers:
    """Read, validate and complete an answers file (`-` is standard input)."""
    data, name = load_data(path, AnswersError)
    return read_answers(data, name, pricing)


# --- the costs object --------------------------------------------------------------------


def compute_costs(resolved: ResolvedAnswers, pricing: Pricing) -> Costs:
    """The contract's `costs` object for complete answers, in their pricing mode."""
    answers = resolved.answers
    values = vars(answers)
    horizon, volume = answers.horizon_months, answers.monthly_queries
    runs = retrains(answers.data_volatility, horizon)
    hybrid_runs = hybrid_retrains(answers.data_volatility, horizon)
    estimates: tuple[Estimate, ...] = ("low", "typical", "high")
    found = {name: rates_for(values, resolved.defaulted, pricing, name) for name in estimates}
    rates, basis = found["typical"]
    each = {name: totals(found[name][0], runs, hybrid_runs, horizon, volume) for name in estimates}
    upfront = rates.training + rates.data_prep

    def option(name: Option, up: float, monthly: float, retrained: int | None) -> OptionCost:
        return OptionCost(total=_cents(each["typical"][name]), upfront=_cents(up),
                          monthly=_cents(monthly), low=_cents(each["low"][name]),
                          high=_cents(each["high"][name]), retrains=retrained)

    point, cheaper_above = break_even(rates, runs, horizon)
    shown = rates.by_cost_key()
    return Costs(
        horizon_months=horizon,
        fine_tune=option("fine_tune", upfront, rates.hosting_monthly + rates.tuned_per_query * volume,
                         runs),
        rag=option("rag", 0.0, rates.vector_db_monthly + rates.rag_gpu_monthly
                   + rates.rag_per_query * volume, None),
        hybrid=option("hybrid", upfront, rates.hosting_monthly + rates.vector_db_monthly
                      + rates.hybrid_per_query * volume, hybrid_runs),
        break_even_monthly_queries=None if point is None else round(point, 2),
        monthly_queries=volume,
        assumptions=[Assumption(key=key, value=shown[key], defaulted=key in resolved.defaulted,
                                source=basis.sources[key]) for key in COST_KEYS],
        as_of=pricing.as_of,
        mode=basis.mode,
        mode_note=basis.note,
        rates=rates,
        cheaper_above_break_even=cheaper_above,
        retrains_run=(runs, hybrid_runs),
    )


def _cents(amount: float) -> float:
    return round(amount + 0.0, 2)
