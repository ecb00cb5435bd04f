"""The engine's explanations: how (reasons), why not, what if, close calls, caveats, trace."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from advisor.answers.schema import ANSWER_KEYS, OPTIONS
from advisor.costs import read_answers
from advisor.decision import CLOSE_MARGIN, Recommendation, confidence, evaluate
from advisor.knowledge import Pricing
from advisor.present.json import to_json
from advisor.rules import RuleSet, load_rules
from tests.conftest import RULES

LEGAL = {"data_volatility": "weekly", "query_variety": "mixed", "latency": "relaxed",
         "privacy": "private_cloud", "monthly_queries": 6000, "hosting": "own_gpu",
         "audit_trail": True, "labeled_examples": 15000, "style_needs": True, "model_size": "70b"}
TOO_LITTLE = {"data_volatility": "yearly", "query_variety": "narrow", "hosting": "none",
              "monthly_queries": 2000, "labeled_examples": 40}
HELPDESK = {"data_volatility": "yearly", "query_variety": "broad", "monthly_queries": 8000,
            "volume_predictability": "variable", "hosting": "cloud_gpu", "labeled_examples": 1500}


@pytest.fixture(scope="module")
def ruleset() -> RuleSet:
    return load_rules(RULES)


def run(ruleset: RuleSet, pricing: Pricing, answers: dict[str, Any]) -> Recommendation:
    return evaluate(ruleset, read_answers(answers, "test", pricing), pricing)


def test_reasons_show_each_fired_rule_with_its_triggers_effect_and_citations(
    ruleset: RuleSet, pricing: Pricing
) -> None:
    rec = run(ruleset, pricing, LEGAL)
    fired = {row["rule"] for row in rec.trace if row["status"] == "fired"}
    assert {reason.rule for reason in rec.reasons} == fired
    for reason in rec.reasons:
        assert reason.cites and reason.triggers
        assert "{" not in reason.text
        assert reason.effect or reason.veto
    audit = next(reason for reason in rec.reasons if reason.rule == "rag-audit-trail")
    assert audit.triggers == {"audit_trail": True}
    assert "fine_tune" in audit.veto
    scores: dict[str, float] = dict.fromkeys(OPTIONS, 0.0)
    for reason in rec.reasons:
        for option, points in reason.effect.items():
            scores[option] += points
    assert scores == rec.scores
    assert rec.reasons[0].effect.get(rec.recommendation, 0) == max(
        reason.effect.get(rec.recommendation, 0) for reason in rec.reasons)


def test_why_not_covers_each_other_option(ruleset: RuleSet, pricing: Pricing) -> None:
    rec = run(ruleset, pricing, LEGAL)
    assert rec.recommendation == "hybrid"
    assert set(rec.why_not) == {"fine_tune", "rag"}
    fine_tune = rec.why_not["fine_tune"]
    assert fine_tune[0].kind == "score"
    assert any(item.kind == "veto" and item.rule == "rag-audit-trail" for item in fine_tune)
    assert any(item.kind == "against" and item.rule == "retrain-weekly-or-daily" for item in fine_tune)
    missed = {item.rule: item for item in fine_tune if item.kind == "missed"}
    assert missed["ft-stable-domain"].condition == (
        "needed data_volatility in {static, yearly}, but data_volatility is weekly")
    assert "data-reliable" not in missed  # shadowed by data-excellent in the same group


def test_a_veto_rules_an_option_out_whatever_its_score(ruleset: RuleSet, pricing: Pricing) -> None:
    rec = run(ruleset, pricing, TOO_LITTLE)
    assert rec.recommendation == "rag"
    for option in ("fine_tune", "hybrid"):
        assert any(item.kind == "veto" and item.rule == "data-nothing-to-train-nowhere-to-host"
                   for item in rec.why_not[option])
    # every other option is vetoed: the full lead, discounted only for the answers not given
    assert rec.confidence == confidence(float("inf"), rec.defaulted) < 1.0


def test_every_what_if_holds_when_re_run_and_smallest_comes_first(
    ruleset: RuleSet, pricing: Pricing
) -> None:
    for answers in (LEGAL, TOO_LITTLE, HELPDESK, {}):
        rec = run(ruleset, pricing, answers)
        # With no hosting, every verdict but RAG would break that answer: no single other
        # answer changes it.
        assert bool(rec.what_if) == (answers is not TOO_LITTLE), answers
        distances = [item.distance for item in rec.what_if]
        assert distances == sorted(distances)
        for item in rec.what_if:
            assert item.from_ == rec.answers[item.key]
            changed = run(ruleset, pricing, {**answers, item.key: item.to})
            assert changed.recommendation == item.recommendation != rec.recommendation


def test_what_if_prefers_the_neighbouring_choice(ruleset: RuleSet, pricing: Pricing) -> None:
    rec = run(ruleset, pricing, {**LEGAL, "hosting": "cloud_gpu"})
    hosting = [item for item in rec.what_if if item.key == "hosting"]
    assert [item.to for item in hosting] == ["none"]
    labeled = [item for item in rec.what_if if item.key == "labeled_examples"]
    assert labeled and labeled[0].to == 999  # just under the threshold the hybrid rules need


def test_a_close_call_is_flagged_and_says_what_would_decide_it(
    ruleset: RuleSet, pricing: Pricing
) -> None:
    rec = run(ruleset, pricing, HELPDESK)
    assert rec.close_call
    assert rec.margin < CLOSE_MARGIN
    assert rec.close_call_note is not None
    runner_up = "RAG" if rec.recommendation == "fine_tune" else "Fine-tuning"
    assert f"tip to {runner_up}" in rec.close_call_note
    assert rec.confidence == confidence(rec.margin, rec.defaulted)
    clear = run(ruleset, pricing, LEGAL)
    assert not clear.close_call and clear.close_call_note is None


@pytest.mark.parametrize(("answers", "words"), [
    (LEGAL, "costs both"),
    (TOO_LITTLE, "documents"),
    ({"data_volatility": "static", "query_variety": "narrow", "labeled_examples": 5000,
      "latency": "realtime"}, "outside"),
])
def test_caveats_always_go_with_the_chosen_option(
    ruleset: RuleSet, pricing: Pricing, answers: dict[str, Any], words: str
) -> None:
    rec = run(ruleset, pricing, answers)
    assert any(words in caveat for caveat in rec.caveats)
    assert set(ruleset.caveats[rec.recommendation][0].cites) <= set(rec.citations)


def test_the_trace_explains_every_rule(ruleset: RuleSet, pricing: Pricing) -> None:
    rec = run(ruleset, pricing, LEGAL)
    assert [row["rule"] for row in rec.trace] == [rule.id for rule in ruleset.rules]
    statuses = {row["rule"]: row for row in rec.trace}
    assert statuses["data-reliable"]["status"] == "shadowed"
    assert statuses["data-reliable"]["by"] == "data-excellent"
    missed = statuses["ft-latency-matters"]
    assert (missed["status"], missed["key"], missed["saw"]) == ("missed", "latency", "relaxed")
    assert missed["failed"] == "latency = realtime"


def test_the_same_answers_always_give_the_same_result(ruleset: RuleSet, pricing: Pricing) -> None:
    first = to_json(run(ruleset, pricing, LEGAL))
    assert all(to_json(run(ruleset, pricing, LEGAL)) == first for _ in range(3))
    again = evaluate(load_rules(RULES), read_answers(LEGAL, "x", pricing), pricing)
    assert to_json(again) == first


def test_facts_are_reported_and_json_safe(ruleset: RuleSet, pricing: Pricing) -> None:
    rec = run(ruleset, pricing, {"cost_per_query": 0, "data_volatility": "static",
                                 "monthly_queries": 1000})
    assert rec.facts["break_even_monthly_queries"] is None  # infinite: RAG always cheaper
    assert rec.facts["cheaper_option"] == "rag"
    assert rec.facts["data_tier"] == "unknown"  # not given: unknown, not none
    assert rec.facts["retrains_a_year"] == 0


def test_reading_names_the_rules_behind_each_question(ruleset: RuleSet) -> None:
    for key in ANSWER_KEYS:
        assert ruleset.reading(key), key
    uses = {use.rule: use for use in ruleset.reading("labeled_examples")}
    assert uses["data-excellent"].direct
    assert "+3 fine_tune" in uses["data-excellent"].effect
    assert uses["data-excellent"].description.startswith("10,000")
    training = ruleset.reading("training_cost")
    assert training and not any(use.direct for use in training)
    assert {use.rule for use in training} >= {"cost-fine-tune-cheaper", "cost-rag-cheaper"}


def write_rules(folder: Path, text: str) -> RuleSet:
    folder.mkdir(exist_ok=True)
    (folder / "r.yaml").write_text(text, encoding="utf-8")
    return load_rules(folder)


def test_in_a_group_only_the_highest_priority_rule_counts(tmp_path: Path, pricing: Pricing) -> None:
    ruleset = write_rules(tmp_path / "g", (
        "rules:\n"
        "  - {id: low, description: d, group: g, priority: 1, when: {key: labeled_examples, gte: 10},"
        " then: {rag: 1}, because: b, cites: [rag]}\n"
        "  - {id: high, description: d, group: g, priority: 5, when: {key: labeled_examples, gte: 100},"
        " then: {rag: 5}, because: b, cites: [rag]}\n"))
    assert [rule.id for rule in ruleset.rules] == ["high", "low"]
    rec = evaluate(ruleset, read_answers({"labeled_examples": 500}, "x", pricing), pricing)
    assert rec.scores["rag"] == 5
    rec = evaluate(ruleset, read_answers({"labeled_examples": 50}, "x", pricing), pricing)
    assert rec.scores["rag"] == 1


def test_equal_scores_go_to_the_cheaper_option(tmp_path: Path, pricing: Pricing) -> None:
    ruleset = write_rules(tmp_path / "t", (
        "rules:\n"
        "  - {id: even, description: d, when: {key: hosting, ne: none},"
        " then: {rag: 1, fine_tune: 1, hybrid: 1}, because: b, cites: [rag]}\n"))
    cheap_rag = evaluate(ruleset, read_answers({"monthly_queries": 10}, "x", pricing), pricing)
    cheap_ft = evaluate(ruleset, read_answers({"monthly_queries": 1e6}, "x", pricing), pricing)
    assert (cheap_rag.recommendation, cheap_ft.recommendation) == ("rag", "fine_tune")
    assert cheap_rag.close_call and cheap_rag.confidence == 0.5


def test_a_verdict_on_defaults_is_never_a_confident_one(ruleset: RuleSet, pricing: Pricing) -> None:
    guessed = run(ruleset, pricing, {})
    assert guessed.margin == 0 and guessed.reasons == []  # no rule fires on a default...
    assert guessed.confidence == 0.5  # ...so it is a dead heat, and says why
    assert guessed.confidence_note is not None and "defaults or unknown" in guessed.confidence_note
    given = run(ruleset, pricing, {**LEGAL, "volume_predictability": "steady",
                                   "must_learn": "both", "synthetic_examples": False})
    assert given.margin >= 8 and given.confidence == 1.0
    assert confidence(8, ["style_needs"]) < confidence(8, ["training_cost", "horizon_months"]) == 1.0


def test_a_veto_reason_and_a_caveat_quote_values_as_the_explanation_does(
    tmp_path: Path, pricing: Pricing
) -> None:
    ruleset = write_rules(tmp_path / "q", (
        "rules:\n"
        "  - {id: few, description: d, when: {key: labeled_examples, lt: 100000},"
        " then: {rag: 2, veto: {fine_tune: 'only {labeled_examples} examples'}},"
        " because: '{labeled_examples} examples', cites: [rag]}\n"
        "caveats:\n"
        "  - {option: rag, text: 'Plan for {monthly_queries} queries a month.', cites: [rag]}\n"))
    rec = evaluate(ruleset, read_answers({"labeled_examples": 1500, "monthly_queries": 20000},
                                         "x", pricing), pricing)
    assert rec.recommendation == "rag"
    [reason] = rec.reasons
    assert reason.text == "1,500 examples"
    assert reason.veto == {"fine_tune": "only 1,500 examples"}
    assert "Ruled out: only 1,500 examples" in [item.text for item in rec.why_not["fine_tune"]]
    assert "Plan for 20,000 queries a month." in rec.caveats
