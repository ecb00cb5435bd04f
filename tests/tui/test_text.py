"""How the interview reads typed answers: choices by their labels and common phrasings,
numbers with the words people put around them, and what it says when it cannot read one."""

from __future__ import annotations

import pytest

from advisor.service import Advisor
from advisor.tui.text import (
    GENERATE,
    allowed,
    as_bool,
    model_matches,
    read_choice,
    read_shortcut,
    shown,
    typed_value,
    understood,
)
from tests.tui.helpers import question


@pytest.mark.parametrize(("key", "typed", "value"), [
    ("hosting", "own GPUs", "own_gpu"),
    ("hosting", "our own servers", "own_gpu"),
    ("hosting", "We have our own GPU's", "own_gpu"),
    ("hosting", "we rent gpus", "cloud_gpu"),
    ("hosting", "a provider serves it", "managed"),
    ("hosting", "nothing", "none"),
    ("hosting", "own_gpu", "own_gpu"),
    ("privacy", "on-prem", "on_premise"),
    ("privacy", "our own servers", "on_premise"),
    ("privacy", "public api", "public_api_ok"),
    ("data_volatility", "wekly", "weekly"),
    ("data_volatility", "every day", "daily"),
    ("data_volatility", "hardly ever", "static"),
    ("latency", "real-time", "realtime"),
    ("latency", "batch", "relaxed"),
    ("must_learn", "behavior", "behaviour"),
    ("must_learn", "house format", "behaviour"),
    ("must_learn", "facts", "knowledge"),
    ("must_learn", "not sure", "unknown"),
    ("model_size", "70", "70b"),
    ("volume_predictability", "spiky", "variable"),
])
def test_a_choice_is_read_from_its_label_or_a_common_phrasing(
        advisor: Advisor, key: str, typed: str, value: str) -> None:
    assert read_choice(question(advisor, key), typed) == value


@pytest.mark.parametrize(("key", "typed"), [
    ("hosting", "xyz"), ("data_volatility", "changes a lot"), ("latency", "fast"),
])
def test_a_choice_too_far_from_every_option_is_not_guessed(advisor: Advisor, key: str,
                                                           typed: str) -> None:
    assert read_choice(question(advisor, key), typed) is None


@pytest.mark.parametrize(("key", "typed", "kept", "reading"), [
    ("monthly_queries", "about 300", "300", "300 queries a month"),
    ("monthly_queries", "~5k", "5k", "5,000 queries a month"),
    ("monthly_queries", "600 notes a day", "600 a day", "18,250 queries a month"),
    ("monthly_queries", "20,000 tickets a month", "20,000 a month", "20,000 queries a month"),
    ("monthly_queries", "20k queries/month", "20k queries/month", "20,000 queries a month"),
    ("monthly_queries", "2M a month", "2M a month", "2,000,000 queries a month"),
    ("labeled_examples", "about 300", "300", "300 labeled examples"),
    ("labeled_examples", "~5k", "5k", "5,000 labeled examples"),
    ("labeled_examples", "5,000 labeled examples", "5,000", "5,000 labeled examples"),
    ("horizon_months", "2 years", "24", "24 months"),
    ("horizon_months", "two years", "24", "24 months"),
    ("horizon_months", "18 months", "18", "18 months"),
    ("inference_monthly", "$800 a month", "$800", "$800"),
    ("training_cost", "about $2,000", "$2,000", "$2,000"),
])
def test_a_number_loses_the_words_around_it_before_the_core_reads_it(
        advisor: Advisor, key: str, typed: str, kept: str, reading: str) -> None:
    asked = question(advisor, key)
    assert typed_value(asked, typed) == kept
    assert understood(asked, typed) == reading
    advisor.resolve({key: kept})  # the core reads what is kept


def test_i_dont_know_is_an_answer_to_the_labeled_examples(advisor: Advisor) -> None:
    asked = question(advisor, "labeled_examples")
    assert typed_value(asked, "I don't know") == "unknown"
    assert read_shortcut(asked, "we could generate them") == GENERATE
    assert shown(asked, "unknown") == "I don't know"


def test_yes_and_no_in_a_sentence() -> None:
    assert as_bool("Yes, for compliance") is True
    assert as_bool("we do") is True
    assert as_bool("no, not needed") is False
    assert as_bool("maybe") is None


def test_what_a_choice_accepts_is_said_with_its_labels_not_its_codes(advisor: Advisor) -> None:
    text = allowed(question(advisor, "hosting"))
    assert "We have our own GPUs" in text and "We can rent cloud GPUs" in text
    assert "own_gpu" not in text and "cloud_gpu" not in text


def test_a_count_read_back_says_its_unit_once(advisor: Advisor) -> None:
    assert shown(question(advisor, "labeled_examples"), "300") == "300 labeled examples"
    assert shown(question(advisor, "monthly_queries"), "2M") == "2M (2,000,000 queries a month)"


def test_the_model_picker_finds_a_model_however_it_is_typed() -> None:
    models = ["github-copilot:gpt-4o-mini", "openai:gpt-4o", "openai:gpt-4o-mini",
              "openai:gpt-4o-mini-tts", "openai:o4-mini", "anthropic:claude-sonnet-4-0"]
    assert model_matches("gpt4o mini", models)[0] == "openai:gpt-4o-mini"
    assert model_matches("gtp-4o-mini", models)[0] == "openai:gpt-4o-mini"
    assert model_matches("4o-mini", models)[0] == "openai:gpt-4o-mini"  # not o4-mini
    assert model_matches("sonnet 4", models) == ["anthropic:claude-sonnet-4-0"]
    assert model_matches("", models)[0] == "openai:gpt-4o-mini"  # the familiar ones first
