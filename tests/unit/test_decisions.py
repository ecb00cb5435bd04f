"""Decisions that hold on real projects: published deployments, stated constraints reported as
conflicts, unknown answers that move nothing, hybrids reachable for the reasons teams pick
them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.costs import read_answers
from advisor.decision import CONFLICTED_CONFIDENCE, evaluate
from advisor.facts import SCHEMA
from advisor.knowledge import load_pricing
from advisor.present.phrases import decided_line, key_label, label
from advisor.rules import load_rules
from tests.conftest import KNOWLEDGE, RULES

BATCHES = ("published.yaml", "published_batch2.yaml", "published_batch3.yaml",
           "published_batch4.yaml", "published_batch5.yaml", "published_batch6.yaml",
           "published_batch7.yaml", "published_batch8.yaml", "published_batch9.yaml",
           "published_batch10.yaml")
"""Ten sets of published deployments, gathered apart, each mapped and split before any run."""


def scenario_cases(name: str) -> list[dict[str, Any]]:
    """The cases of one file in tests/unit/scenarios."""
    path = Path(__file__).parent / "scenarios" / name
    cases: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
    return cases


CASES = {batch: scenario_cases(batch) for batch in BATCHES}
PUBLISHED = [case for cases in CASES.values() for case in cases]
PRICING = load_pricing(KNOWLEDGE)
RULESET = load_rules(RULES)


def recommend(answers: dict[str, Any]) -> Any:
    return evaluate(RULESET, read_answers(answers, "answers", PRICING), PRICING)


def agreement(batch: str, split: str) -> tuple[int, int, int, int]:
    """Cases agreed, cases, hybrid cases agreed, hybrid cases, in one half of a batch."""
    cases = [case for case in CASES[batch] if case["split"] == split]
    right = [case for case in cases if recommend(case["answers"]).recommendation == case["chose"]]
    hybrids = [case for case in cases if case["chose"] == "hybrid"]
    return (len(right), len(cases), sum(case["chose"] == "hybrid" for case in right),
            len(hybrids))


def test_every_published_case_carries_its_source_and_valid_answers() -> None:
    assert len(PUBLISHED) >= 30
    assert len({case["id"] for case in PUBLISHED}) == len(PUBLISHED)
    assert len({case["link"] for case in PUBLISHED}) == len(PUBLISHED)
    for case in PUBLISHED:
        assert case["link"].startswith(("https://", "http://")), case["link"]
        assert case["evidence"] and case["why"]
        assert case["chose"] in ("fine_tune", "rag", "hybrid") and case["split"] in ("tune", "test")
        read_answers(case["answers"], case["id"], PRICING)  # every mapping validates


@pytest.mark.parametrize(("batch", "split", "floor", "hybrid_misses"), [
    ("published.yaml", "tune", 17, 1), ("published.yaml", "test", 16, 2),
    ("published_batch2.yaml", "tune", 12, 0), ("published_batch2.yaml", "test", 9, 0),
    ("published_batch3.yaml", "tune", 14, 0), ("published_batch3.yaml", "test", 15, 0),
    ("published_batch4.yaml", "tune", 15, 0), ("published_batch4.yaml", "test", 15, 0),
    ("published_batch5.yaml", "tune", 13, 0), ("published_batch5.yaml", "test", 12, 0),
    ("published_batch6.yaml", "tune", 15, 0), ("published_batch6.yaml", "test", 14, 0),
    ("published_batch7.yaml", "tune", 11, 0), ("published_batch7.yaml", "test", 13, 0),
    ("published_batch8.yaml", "tune", 12, 1), ("published_batch8.yaml", "test", 11, 1),
    ("published_batch9.yaml", "tune", 13, 1), ("published_batch9.yaml", "test", 11, 1),
    ("published_batch10.yaml", "tune", 13, 0), ("published_batch10.yaml", "test", 11, 1),
])
def test_the_published_set_holds_its_measured_agreement(batch: str, split: str, floor: int,
                                                        hybrid_misses: int) -> None:
    """The floors are what the rules reached (README, "Decisions on published projects"); the
    target is 95% with at most one hybrid missed, which the test halves do not reach yet."""
    right, total, hybrids_right, hybrids = agreement(batch, split)
    assert right >= floor, f"{split}: {right}/{total}"
    assert hybrids - hybrids_right <= hybrid_misses


@pytest.mark.parametrize(("remapped", "splits", "batches", "agreed_at_least", "differ_at_most"), [
    ("published_tune_remapped.yaml", ("tune",), BATCHES[:5], 73, 4),
    ("published_test_remapped.yaml", ("test",), BATCHES[:7], 98, 11),
    ("published_batch8_remapped.yaml", ("tune", "test"), BATCHES[7:8], 24, 1),
    ("published_batch9_remapped.yaml", ("tune", "test"), BATCHES[8:9], 25, 1),
    ("published_batch10_remapped.yaml", ("tune", "test"), BATCHES[9:], 24, 0),
])
def test_a_second_mapping_holds_its_measured_agreement(
        remapped: str, splits: tuple[str, ...], batches: tuple[str, ...], agreed_at_least: int,
        differ_at_most: int) -> None:
    """Cases mapped a second time, by someone blind to the first mapping and to what the teams
    chose: how much a verdict depends on who reads the source. Every second mapping covers its
    cases and validates; it agrees with the teams, and with the first mapping's verdicts, at
    least as often as measured (README, "Decisions on published projects")."""
    cases = scenario_cases(remapped)
    chose = {case["id"]: case for batch in batches for case in CASES[batch]
             if case["split"] in splits}
    assert {case["id"] for case in cases} == set(chose)
    agreed = differ = 0
    for case in cases:
        original = chose[case["id"]]
        assert original in CASES[case["source_file"]]
        second = recommend(case["answers"]).recommendation
        agreed += second == original["chose"]
        differ += second != recommend(original["answers"]).recommendation
    assert agreed >= agreed_at_least and differ <= differ_at_most, (agreed, differ)


def test_a_realtime_bank_assistant_is_told_its_retrieval_breaks_its_latency() -> None:
    rec = recommend({"data_volatility": "daily", "audit_trail": True, "latency": "realtime",
                     "monthly_queries": "2M per month", "hosting": "own_gpu"})
    assert rec.recommendation in ("rag", "hybrid")
    assert [conflict.answer for conflict in rec.conflicts] == ["latency"]
    assert rec.confidence <= CONFLICTED_CONFIDENCE
    assert rec.conflicts[0].resolve


@pytest.mark.parametrize(("answers", "option", "key"), [
    ({"hosting": "none", "privacy": "on_premise", "must_learn": "behaviour",
      "query_variety": "narrow", "style_needs": True, "data_volatility": "static"},
     "fine_tune", "hosting"),
    ({"privacy": "on_premise", "hosting": "managed", "must_learn": "behaviour",
      "query_variety": "narrow", "data_volatility": "static"}, "fine_tune", "privacy"),
    ({"privacy": "on_premise", "hosting": "none", "must_learn": "knowledge",
      "data_volatility": "daily"}, "rag", "hosting"),
])
def test_a_constraint_the_verdict_breaks_is_a_conflict(answers: dict[str, Any], option: str,
                                                       key: str) -> None:
    """When every workable option breaks something the team stated, the best by score wins
    and says what it breaks."""
    rec = recommend(answers)
    assert rec.recommendation == option
    assert key in [conflict.answer for conflict in rec.conflicts]
    assert rec.confidence <= CONFLICTED_CONFIDENCE


@pytest.mark.parametrize(("answers", "option", "broken"), [
    ({"latency": "realtime", "must_learn": "both", "hosting": "cloud_gpu"}, "fine_tune",
     {"hybrid", "rag"}),
    ({"hosting": "none", "must_learn": "behaviour", "query_variety": "narrow",
      "style_needs": True, "data_volatility": "static"}, "rag", {"fine_tune", "hybrid"}),
])
def test_an_option_that_breaks_a_stated_constraint_gives_way_to_one_that_keeps_them(
        answers: dict[str, Any], option: str, broken: set[str]) -> None:
    """A higher score does not outweigh a constraint the team stated: the option that keeps
    every one wins, says which it kept and who scored higher, and stays a sound verdict."""
    rec = recommend(answers)
    assert rec.recommendation == option and not rec.conflicts
    assert {found.option for found in rec.set_aside} == broken
    higher = [other for other in broken if rec.scores[other] > rec.scores[option]]
    assert higher, "the case must have a higher-scoring option set aside"
    for other in broken:
        assert "conflict" in [item.kind for item in rec.why_not[other]]
    assert 0.5 <= rec.confidence <= CONFLICTED_CONFIDENCE and not rec.close_call
    decided = decided_line(rec)
    assert all(label(other) in decided for other in higher)
    assert key_label(rec.set_aside[0].answer) in decided


def test_a_provider_hosted_fine_tune_keeps_every_option_open() -> None:
    rec = recommend({"hosting": "managed", "must_learn": "both", "data_volatility": "weekly"})
    assert rec.recommendation == "hybrid"
    assert "rag-no-hosting" not in [reason.rule for reason in rec.reasons]
    assert not rec.conflicts


@pytest.mark.parametrize("said", ["unknown", "Unknown", "don't know", "?"])
def test_an_unknown_count_of_examples_is_accepted_and_not_zero(said: str) -> None:
    rec = recommend({"labeled_examples": said, "query_variety": "narrow"})
    assert rec.answers["labeled_examples"] == "unknown"
    fired = [reason.rule for reason in rec.reasons]
    assert "data-unlabeled-only" not in fired and "data-below-minimum" not in fired
    assert rec.confidence_note is not None and "labeled_examples" in rec.confidence_note


# --- properties over random answers -------------------------------------------------------

CHOICES = {key: spec.choices for key, spec in SCHEMA.items()
           if spec.source == "answer" and spec.kind == "choice"}
ANSWERS = st.fixed_dictionaries({}, optional={
    **{key: st.sampled_from(values) for key, values in CHOICES.items()},
    "audit_trail": st.booleans(), "style_needs": st.booleans(),
    "synthetic_examples": st.booleans(),
    "monthly_queries": st.integers(0, 10**8),
    "labeled_examples": st.one_of(st.just("unknown"), st.integers(0, 100_000)),
})
CONSTRAINTS = [
    # (what the user said, options that break it)
    (lambda a: a.get("latency") == "realtime", ("rag", "hybrid"), "latency"),
    (lambda a: a.get("hosting") == "none", ("fine_tune", "hybrid"), "hosting"),
    (lambda a: a.get("privacy") == "on_premise" and a.get("hosting") == "managed",
     ("fine_tune", "hybrid"), "privacy"),
    (lambda a: a.get("privacy") == "on_premise" and a.get("hosting") in ("none", "managed"),
     ("rag", "hybrid"), "hosting"),
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANSWERS)
def test_a_conflict_is_reported_whenever_a_stated_constraint_and_the_verdict_disagree(
    answers: dict[str, Any]
) -> None:
    rec = recommend(answers)
    for broken, options, key in CONSTRAINTS:
        if broken(answers) and rec.recommendation in options:
            assert key in [conflict.answer for conflict in rec.conflicts], (answers, key)
    if rec.conflicts:
        assert rec.confidence <= CONFLICTED_CONFIDENCE


COUNTS = (0, 50, 500, 5_000, 50_000)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANSWERS)
def test_unknown_labels_never_move_a_score_by_more_than_one_point(answers: dict[str, Any]) -> None:
    """An unknown count is read as no count at all: each option's score lies within one point
    of the scores some real count would give (never the "none" extreme, -7 for fine-tuning,
    unless a real count of zero is no further away)."""
    unknown = recommend({**answers, "labeled_examples": "unknown"}).scores
    known = [recommend({**answers, "labeled_examples": count}).scores for count in COUNTS]
    for option, score in unknown.items():
        low = min(scores[option] for scores in known)
        high = max(scores[option] for scores in known)
        assert low - 1 <= score <= high + 1, (answers, option, score, low, high)
    without_zero = [scores for count, scores in zip(COUNTS, known, strict=True) if count]
    assert unknown["fine_tune"] >= min(scores["fine_tune"] for scores in without_zero) - 1
