"""The guide's worked scenarios, our own and an independent review's (review.yaml): every one
gets an accepted recommendation, a case the guide leaves genuinely mixed is not given a
confident answer, and the rules the guide's scenarios fire are pinned (golden_guide.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from advisor.costs import read_answers
from advisor.decision import Recommendation, evaluate
from advisor.knowledge import Pricing
from advisor.rules import RuleSet, load_rules
from tests.conftest import RULES

HERE = Path(__file__).parent / "scenarios"
GUIDE = yaml.safe_load((HERE / "guide.yaml").read_text(encoding="utf-8"))
OWN = yaml.safe_load((HERE / "own.yaml").read_text(encoding="utf-8"))
REVIEW = yaml.safe_load((HERE / "review.yaml").read_text(encoding="utf-8"))
MIXED = [scenario for scenario in OWN + REVIEW if "max_confidence" in scenario]
GOLDEN = {entry["name"]: entry for entry in
          yaml.safe_load((HERE / "golden_guide.yaml").read_text(encoding="utf-8"))}


@pytest.fixture(scope="module")
def ruleset() -> RuleSet:
    return load_rules(RULES)


def recommend(ruleset: RuleSet, pricing: Pricing, answers: dict[str, Any]) -> Recommendation:
    return evaluate(ruleset, read_answers(answers, "scenario", pricing), pricing)


def test_the_scenario_sets_are_complete() -> None:
    assert len(GUIDE) == 8
    assert len(OWN) >= 20
    assert len(REVIEW) >= 40
    names = [scenario["name"] for scenario in GUIDE + OWN + REVIEW]
    assert len(names) == len(set(names))
    assert all(scenario.get("why") for scenario in OWN + REVIEW)
    assert MIXED
    assert set(GOLDEN) == {scenario["name"] for scenario in GUIDE}


@pytest.mark.parametrize("scenario", GUIDE + OWN + REVIEW, ids=lambda scenario: scenario["name"])
def test_every_scenario_gets_an_accepted_recommendation(
    ruleset: RuleSet, pricing: Pricing, scenario: dict[str, Any]
) -> None:
    rec = recommend(ruleset, pricing, scenario["answers"])
    assert rec.recommendation in scenario["accept"], [reason.rule for reason in rec.reasons]


@pytest.mark.parametrize("scenario", MIXED, ids=lambda scenario: scenario["name"])
def test_a_genuinely_mixed_case_is_not_a_confident_call(
    ruleset: RuleSet, pricing: Pricing, scenario: dict[str, Any]
) -> None:
    rec = recommend(ruleset, pricing, scenario["answers"])
    assert rec.confidence <= scenario["max_confidence"], rec.scores


@pytest.mark.parametrize("scenario", GUIDE, ids=lambda scenario: scenario["name"])
def test_guide_scenarios_fire_the_pinned_rules(
    ruleset: RuleSet, pricing: Pricing, scenario: dict[str, Any]
) -> None:
    rec = recommend(ruleset, pricing, scenario["answers"])
    golden = GOLDEN[scenario["name"]]
    fired = [row["rule"] for row in rec.trace if row["status"] == "fired"]
    assert fired == golden["fired"]
    assert rec.recommendation == golden["recommendation"]
    assert sorted(reason.rule for reason in rec.reasons) == sorted(golden["fired"])


def test_every_scenario_volatility_privacy_and_volume_is_covered() -> None:
    answers = [scenario["answers"] for scenario in OWN]
    assert {a.get("data_volatility", "monthly") for a in answers} == {
        "static", "yearly", "monthly", "weekly", "daily"}
    assert {a.get("privacy", "public_api_ok") for a in answers} == {
        "on_premise", "private_cloud", "public_api_ok"}
    assert {a.get("hosting", "cloud_gpu") for a in answers} == {"none", "cloud_gpu", "own_gpu"}
    assert {tuple(s["accept"]) for s in OWN} >= {("fine_tune",), ("rag",), ("hybrid",)}
