"""Real prices: each pricing mode, the hybrid in each, the break-even in each, and the user's
figures winning. Expected prices come from genai-prices itself and from knowledge/pricing.yaml,
never from literals that rot."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from genai_prices import Usage, calc_price

from advisor.costs import compute_costs, read_answers
from advisor.knowledge import Pricing
from tests.conftest import Run

TOKENS = {"prompt_tokens": 500, "context_tokens": 2000, "output_tokens": 300}


def _costs(tmp_path: Path, cli: Callable[..., Run], answers: dict[str, object]) -> dict[str, object]:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers))
    run = cli("costs", "--answers", str(path), "--format", "json")
    assert run.code == 0, run.err
    return json.loads(run.out)  # type: ignore[no-any-return]


def _model_price(model: str, tokens: dict[str, int]) -> float:
    usage = Usage(input_tokens=tokens["prompt_tokens"] + tokens["context_tokens"],
                  output_tokens=tokens["output_tokens"])
    return float(calc_price(usage, model).total_price)


@pytest.mark.parametrize("model", ["gpt-4o-mini", "gpt-4o", "claude-sonnet-4"])
@pytest.mark.parametrize("tokens", [TOKENS, {"prompt_tokens": 1200, "context_tokens": 0,
                                              "output_tokens": 50}])
def test_a_named_model_prices_each_rag_query_at_its_published_price(
    tmp_path: Path, cli: Callable[..., Run], model: str, tokens: dict[str, int]
) -> None:
    volume, horizon = 50_000, 12
    costs = _costs(tmp_path, cli, {"api_model": model, **tokens, "vector_db_monthly": 0,
                                   "monthly_queries": volume, "horizon_months": horizon})
    assert costs["mode"] == "api"
    per_query = costs["rag"]["total"] / (volume * horizon)  # type: ignore[index]
    expected = _model_price(model, tokens)
    assert expected <= per_query <= expected + 0.002
    assert per_query == pytest.approx(costs["rates"]["rag_per_query"], abs=1e-6)  # type: ignore[index]


def test_an_unknown_model_is_exit_2_naming_the_closest(cli: Callable[..., Run], tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("api_model: gpt-4o-minii\n")
    run = cli("costs", "--answers", str(path))
    assert run.code == 2 and run.out == ""
    assert "api_model" in run.err and "'gpt-4o-mini'" in run.err
    assert len(run.err.strip().splitlines()) == 1


def test_data_on_premise_is_priced_self_hosted_far_below_an_api(
    tmp_path: Path, cli: Callable[..., Run], pricing: Pricing
) -> None:
    answers = {"privacy": "on_premise", "monthly_queries": "2M per month", "model_size": "70b",
               "hosting": "own_gpu"}
    costs = _costs(tmp_path, cli, answers)
    assert costs["mode"] == "self_hosted"
    gpu = pricing.costs["inference_monthly"].at("70b").typical
    vector_db = pricing.costs["vector_db_monthly"].at("70b").typical
    assert costs["rag"]["total"] == pytest.approx((gpu + vector_db) * 12)  # type: ignore[index]
    guide_rate = pricing.costs["cost_per_query"].at("70b").typical
    assert costs["rag"]["total"] < guide_rate * 2_000_000 * 12 / 100  # type: ignore[index]
    # the hybrid pays one hosted model, not two
    hybrid_monthly = costs["hybrid"]["monthly"]  # type: ignore[index]
    assert hybrid_monthly == pytest.approx(gpu + vector_db)
    path = tmp_path / "answers.json"
    text = cli("costs", "--answers", str(path)).out
    assert "on premise" in text and "own GPUs" in text


def test_a_providers_fine_tuning_is_priced_per_token_from_the_dated_table(
    pricing: Pricing
) -> None:
    assert pricing.api is not None
    rates = pricing.api.fine_tuned.models["gpt-4o-mini"]
    data = {"api_model": "gpt-4o-mini", "hosting": "managed", "labeled_examples": 4000,
            "monthly_queries": 30_000, "data_volatility": "static", **TOKENS}
    resolved = read_answers(data, "answers", pricing)
    costs = compute_costs(resolved, pricing)
    tokens_per_example = TOKENS["prompt_tokens"] + TOKENS["output_tokens"]
    training = rates.training / 1e6 * tokens_per_example * 4000 * pricing.api.epochs
    assert costs.fine_tune.upfront == pytest.approx(training + pricing.costs["data_prep_cost"]
                                                    .at("7b").typical, abs=0.01)
    tuned_query = (rates.input * TOKENS["prompt_tokens"] + rates.output * TOKENS["output_tokens"]) / 1e6
    assert costs.fine_tune.monthly == pytest.approx(tuned_query * 30_000, abs=0.01)  # no hosting fee
    hybrid_query = (rates.input * 2500 + rates.output * 300) / 1e6 + pricing.api.retrieval_per_query.typical
    vector_db = pricing.costs["vector_db_monthly"].at("7b").typical
    assert costs.hybrid.monthly == pytest.approx(vector_db + hybrid_query * 30_000, abs=0.01)
    assert any("fine-tuning" in item.source and pricing.api.fine_tuned.as_of in item.source
               for item in costs.assumptions)


@pytest.mark.parametrize("answers", [
    {},
    {"api_model": "gpt-4o-mini", "vector_db_monthly": 0},
    {"api_model": "gpt-4o", "hosting": "managed", "labeled_examples": 20000},
    {"privacy": "on_premise", "cost_per_query": 0.02},
    {"api_model": "gpt-4o-mini", "hosting": "managed", "labeled_examples": 500,
     "context_tokens": 0, "output_tokens": 2000},
])
def test_the_break_even_is_where_the_two_totals_meet(pricing: Pricing, answers: dict[str, object]) -> None:
    costs = compute_costs(read_answers(answers, "answers", pricing), pricing)
    point = costs.break_even_monthly_queries
    if point in (None, 0):
        low, high = costs.totals_at(0), costs.totals_at(1e9)
        cheaper = "rag" if point is None else "fine_tune"
        assert low[cheaper] <= low[_other(cheaper)] and high[cheaper] <= high[_other(cheaper)]
        return
    assert point is not None
    at = costs.totals_at(point)
    assert at["fine_tune"] == pytest.approx(at["rag"], rel=1e-5)  # the point is rounded to cents
    above = costs.totals_at(point * 2)
    assert above[costs.cheaper_above_break_even] < above[_other(costs.cheaper_above_break_even)]


def _other(option: str) -> str:
    return "rag" if option == "fine_tune" else "fine_tune"


def test_a_figure_the_user_gives_wins_in_every_mode(pricing: Pricing) -> None:
    for extra in ({}, {"api_model": "gpt-4o"}, {"privacy": "on_premise"},
                  {"api_model": "gpt-4o", "hosting": "managed"}):
        data = {**extra, "cost_per_query": 0.05, "training_cost": 777, "monthly_queries": 1000}
        costs = compute_costs(read_answers(data, "answers", pricing), pricing)
        assert costs.rates is not None
        assert costs.rates.rag_per_query == 0.05 and costs.rates.training == 777
        assert {item.key: item.source for item in costs.assumptions}["cost_per_query"] == "your answer"


def test_without_a_model_the_guide_mode_is_used_and_named(pricing: Pricing) -> None:
    costs = compute_costs(read_answers({"monthly_queries": 1000}, "answers", pricing), pricing)
    assert costs.mode == "guide"
    assert costs.rates is not None
    assert costs.rates.rag_per_query == pricing.costs["cost_per_query"].at("7b").typical
