"""The cost engine against the guide's stated inputs and against cases worked by hand."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from advisor.costs import Rates, break_even, compute_costs, load_answers, retrains
from advisor.knowledge import Pricing
from tests.conftest import Run

DATA = Path(__file__).parent / "data"
GUIDE_CASES = yaml.safe_load((DATA / "guide_costs.yaml").read_text())


def costs_json(cli: Callable[..., Run], tmp_path: Path, answers: dict[str, Any]) -> Any:
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(answers))
    run = cli("costs", "--answers", str(path), "--format", "json")
    assert run.code == 0, run.err
    return json.loads(run.out)


@pytest.mark.parametrize("case", GUIDE_CASES, ids=[case["name"] for case in GUIDE_CASES])
def test_the_guides_scenarios_from_their_stated_inputs(
    cli: Callable[..., Run], tmp_path: Path, case: dict[str, Any]
) -> None:
    costs = costs_json(cli, tmp_path, case["answers"])
    expect = case["expect"]
    if "fine_tune_total" in expect:
        assert costs["fine_tune"]["total"] == expect["fine_tune_total"]
    assert costs["rag"]["total"] == expect["rag_total"]
    assert costs["fine_tune"]["retrains"] == 0
    assert costs["horizon_months"] == 12


def test_break_even_under_the_guides_figures(cli: Callable[..., Run], tmp_path: Path) -> None:
    small, enterprise = (costs_json(cli, tmp_path, case["answers"]) for case in GUIDE_CASES[:2])
    # 7B: (1,700 - 600) / (0.11 x 12) = 833.33; 70B: (28,500 - 6,000) / (0.11 x 12) = 17,045.45
    assert small["break_even_monthly_queries"] == 833.33
    assert enterprise["break_even_monthly_queries"] == 17045.45


# Worked by hand: training 100, data prep 1,000, hosting 50 a month, vector DB 50 a month,
# 0.11 a query at 1,000 queries a month, so RAG costs 160 a month.
# fine-tuning = 100 x (1 + retrains) + 1,000 + 50 x H; RAG = 160 x H;
# hybrid = 100 x (1 + yearly-capped retrains) + 1,000 + 210 x H.
HAND = {"training_cost": 100, "data_prep_cost": 1000, "inference_monthly": 50,
        "vector_db_monthly": 50, "cost_per_query": 0.11, "monthly_queries": 1000}
HAND_CASES = [
    # volatility, H, retrains, fine-tune total, RAG total, hybrid total
    ("static", 1, 0, 1150, 160, 1310),
    ("static", 12, 0, 1700, 1920, 3620),
    ("static", 36, 0, 2900, 5760, 8660),
    ("static", 120, 0, 7100, 19200, 26300),
    ("yearly", 1, 0, 1150, 160, 1310),
    ("yearly", 12, 0, 1700, 1920, 3620),
    ("yearly", 36, 2, 3100, 5760, 8860),
    ("yearly", 120, 9, 8000, 19200, 27200),
    ("monthly", 1, 0, 1150, 160, 1310),
    ("monthly", 12, 11, 2800, 1920, 3620),
    ("monthly", 36, 35, 6400, 5760, 8860),
    ("monthly", 120, 119, 19000, 19200, 27200),
    ("weekly", 1, 4, 1550, 160, 1310),
    ("weekly", 12, 51, 6800, 1920, 3620),
    ("weekly", 36, 155, 18400, 5760, 8860),
    ("weekly", 120, 519, 59000, 19200, 27200),
    ("daily", 1, 30, 4150, 160, 1310),
    ("daily", 12, 364, 38100, 1920, 3620),
    ("daily", 36, 1094, 112300, 5760, 8860),
    ("daily", 120, 3649, 372000, 19200, 27200),
]


@pytest.mark.parametrize(("volatility", "horizon", "runs", "ft", "rag", "hybrid"), HAND_CASES)
def test_hand_worked_cases(cli: Callable[..., Run], tmp_path: Path, volatility: str, horizon: int,
                           runs: int, ft: float, rag: float, hybrid: float) -> None:
    answers = {**HAND, "data_volatility": volatility, "horizon_months": horizon}
    costs = costs_json(cli, tmp_path, answers)
    assert costs["fine_tune"]["retrains"] == runs
    assert costs["fine_tune"]["total"] == ft
    assert costs["rag"]["total"] == rag
    assert costs["hybrid"]["total"] == hybrid
    # user-given figures have no range: low = typical = high
    assert costs["fine_tune"]["low"] == costs["fine_tune"]["high"] == ft


@pytest.mark.parametrize(
    ("volatility", "horizon", "expected"),
    # H x runs / 12 lands exactly on a whole number: no float rounding may add a run.
    [("monthly", 12, 11), ("weekly", 3, 12), ("weekly", 6, 25), ("daily", 12, 364),
     ("daily", 24, 729), ("yearly", 24, 1), ("static", 120, 0)],
)
def test_retrains_are_exact_at_whole_numbers(volatility: str, horizon: int, expected: int) -> None:
    assert retrains(volatility, horizon) == expected


def guide_rates(fine_tune_one_time: float, vector_db: float, per_query: float) -> Rates:
    """The guide's mode: fine-tuning's cost all up front, RAG a vector database and a price a query."""
    return Rates(training=fine_tune_one_time, data_prep=0.0, hosting_monthly=0.0,
                 vector_db_monthly=vector_db, rag_gpu_monthly=0.0, rag_per_query=per_query,
                 tuned_per_query=0.0, hybrid_per_query=per_query)


def test_break_even_edges() -> None:
    assert break_even(guide_rates(1700, 50, 0.11), 0, 12) == (pytest.approx(1100 / 1.32), "fine_tune")
    # RAG's fixed costs alone exceed fine-tuning: RAG is never cheaper.
    assert break_even(guide_rates(500, 50, 0.11), 0, 12)[0] == 0
    # RAG with no per-query cost and low fixed costs is cheaper at every volume.
    assert break_even(guide_rates(1700, 50, 0.0), 0, 12)[0] is None


def test_defaulted_prices_give_a_low_high_range(tmp_path: Path, pricing: Pricing) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("model_size: 7b\ndata_volatility: static\nmonthly_queries: 1000\n")
    costs = compute_costs(load_answers(path, pricing), pricing)
    # low: 50 + 1,000 + 50 x 12; typical: 100 + 1,000 + 600; high: 200 + 15,000 + 600
    assert (costs.fine_tune.low, costs.fine_tune.total, costs.fine_tune.high) == (1650, 1700, 15800)
    # RAG low: (50 + 0.011 x 1,000) x 12 = 732; high: (500 + 110) x 12 = 7,320
    assert (costs.rag.low, costs.rag.total, costs.rag.high) == (732, 1920, 7320)
    assert all(item.defaulted for item in costs.assumptions)
    assert costs.as_of == "March 2026"


def test_costs_text_shows_table_break_even_and_assumptions(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(yaml.safe_dump(GUIDE_CASES[0]["answers"]))
    run = cli("costs", "--answers", str(path))
    assert run.code == 0
    for text in ("$1,700", "$1,920", "about 833 queries a month", "your answer", "March 2026"):
        assert text in run.out
