"""The knowledge files: the shipped ones load, broken ones are named precisely."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import get_type_hints

import pytest

from advisor.answers.schema import ANSWER_DEFAULTS, ANSWER_KEYS, Answers
from advisor.errors import KnowledgeError
from advisor.knowledge import load_pricing, load_questions
from tests.conftest import KNOWLEDGE, Run


def copy_knowledge(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target)
    return target


def test_every_answers_key_has_a_question_with_the_models_default() -> None:
    questions = load_questions(KNOWLEDGE)
    assert tuple(q.key for q in questions) == ANSWER_KEYS
    for question in questions:
        assert question.default == ANSWER_DEFAULTS[question.key]
        assert question.help and question.question.endswith("?")


def test_pricing_has_the_guides_figures() -> None:
    pricing = load_pricing(KNOWLEDGE)
    training = pricing.costs["training_cost"]
    assert (training.at("7b").low, training.at("7b").high) == (50, 200)
    assert (training.at("70b").low, training.at("70b").high) == (500, 2000)
    assert (training.at("405b").low, training.at("405b").high) == (2000, 5000)
    assert pricing.costs["cost_per_query"].at("7b").typical == 0.11
    hours = pricing.facts["training_hours"]
    assert [(hours.at(s).low, hours.at(s).high) for s in ("7b", "70b", "405b")] == [
        (1, 2), (4, 8), (16, 24)]
    examples = pricing.facts["training_examples"].at("7b")
    assert (examples.low, examples.typical, examples.high) == (100, 1000, 10000)


@pytest.mark.parametrize(
    ("file", "old", "new", "words"),
    [
        ("pricing.yaml", "7b: {low: 50, typical: 100, high: 200}",
         "7b: {low: 50, typical: 300, high: 200}", ["pricing.yaml:", "low <= typical <= high"]),
        ("pricing.yaml", "section: speed", "section: velocity", ["pricing.yaml:", "section", "velocity"]),
        ("questions.yaml", "default: monthly", "default: weekly",
         ["questions.yaml", "entry 'data_volatility'", "default"]),
        ("questions.yaml", "- {value: narrow,", "- {value: thin,",
         ["questions.yaml", "entry 'query_variety'", "choices"]),
        ("pricing.yaml", "as_of: \"March 2026\"", "as_of: [", ["pricing.yaml:", "invalid YAML"]),
    ],
)
def test_a_broken_knowledge_file_exits_2_naming_file_entry_and_key(
    cli: Callable[..., Run], tmp_path: Path, file: str, old: str, new: str, words: list[str]
) -> None:
    folder = copy_knowledge(tmp_path)
    path = folder / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    answers = tmp_path / "a.yaml"
    answers.write_text("{}\n")
    if file == "questions.yaml":
        with pytest.raises(KnowledgeError) as raised:
            load_questions(folder)
        message = str(raised.value)
    else:
        run = cli("costs", "--answers", str(answers), "--knowledge", str(folder))
        assert run.code == 2 and "Traceback" not in run.err
        assert len(run.err.strip().splitlines()) == 1
        message = run.err
    for word in words:
        assert word in message, message


def test_a_missing_knowledge_folder_is_named(cli: Callable[..., Run], tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("{}\n")
    run = cli("costs", "--answers", str(answers), "--knowledge", str(tmp_path / "nowhere"))
    assert run.code == 2
    assert "--knowledge" in run.err and "nowhere" in run.err


def test_environment_variable_points_elsewhere(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = copy_knowledge(tmp_path)
    path = folder / "pricing.yaml"
    path.write_text(path.read_text().replace('as_of: "March 2026"', 'as_of: "our quote, May 2026"'))
    answers = tmp_path / "a.yaml"
    answers.write_text("{}\n")
    monkeypatch.setenv("ADVISOR_KNOWLEDGE", str(folder))
    run = cli("costs", "--answers", str(answers))
    assert run.code == 0
    assert "our quote, May 2026" in run.out


def test_a_misspelt_key_is_reported_as_unknown_with_a_suggestion(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    folder = copy_knowledge(tmp_path)
    path = folder / "questions.yaml"
    path.write_text(path.read_text().replace("    question: How often", "    questoin: How often", 1))
    with pytest.raises(KnowledgeError) as raised:
        load_questions(folder)
    message = str(raised.value)
    assert "entry 'data_volatility'" in message
    assert "questoin: unknown key; did you mean 'question'?" in message


def test_only_literal_fields_have_choices() -> None:
    from advisor.answers.schema import choices_of

    assert choices_of(get_type_hints(Answers)["latency"]) == ("realtime", "interactive", "relaxed")
    assert choices_of(get_type_hints(Answers)["training_cost"]) == ()
    assert choices_of(get_type_hints(Answers)["labeled_examples"]) == ()
