"""`advisor ask` as a user runs it: exit codes, text and JSON output, --list, bad knowledge."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from advisor.knowledge import KNOWLEDGE_IDS
from tests.conftest import KNOWLEDGE, REPO, Run

Cli = Callable[..., Run]


def test_text_answer_with_source_and_related(cli: Cli) -> None:
    run = cli("ask", "is 500 samples enough?")
    assert run.code == 0, run.err
    assert "100 examples" in run.out and "1,000" in run.out
    assert 'Source: the guide, section "FAQ" (entry training-data-size' in run.out
    assert "Related:" in run.out
    assert run.err == ""


def test_json_follows_the_contract(cli: Cli) -> None:
    run = cli("ask", "finetuning duration for llama 7b", "--format", "json")
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert {"query", "answered", "matches"} <= set(data)
    assert data["query"] == "finetuning duration for llama 7b"
    assert data["answered"] is True
    first = data["matches"][0]
    assert {"id", "question", "score", "answer"} <= set(first)
    assert first["id"] == "training-time" and "1-2 hours" in first["answer"]
    scores = [match["score"] for match in data["matches"]]
    assert scores == sorted(scores, reverse=True) and all(0 <= score <= 1 for score in scores)


def test_json_for_an_off_topic_question(cli: Cli) -> None:
    data = json.loads(cli("ask", "what's the weather in Paris", "--format", "json").out)
    assert data["answered"] is False and data["matches"] == []


def test_unanswered_text_says_so_and_suggests(cli: Cli) -> None:
    run = cli("ask", "how much does a used car cost")
    assert run.code == 0
    assert "I don't know" in run.out and "cost-analysis" in run.out


def test_list_prints_every_question(cli: Cli) -> None:
    run = cli("ask", "--list")
    assert run.code == 0
    for entry_id in KNOWLEDGE_IDS:
        assert entry_id in run.out
    listed = json.loads(cli("ask", "--list", "--format", "json").out)
    assert [row["id"] for row in listed] == list(KNOWLEDGE_IDS)


@pytest.mark.parametrize("question", ["", "   ", "\t\n"])
def test_an_empty_question_exits_2_with_a_message(cli: Cli, question: str) -> None:
    run = cli("ask", question)
    assert run.code == 2
    assert "empty" in run.err and "Traceback" not in run.err
    assert run.out == ""


def test_no_question_at_all_exits_2(cli: Cli) -> None:
    run = cli("ask")
    assert run.code == 2 and "--list" in run.err


@pytest.mark.parametrize("question", [
    "why " * 2500,
    "🙂🚀 fine-tuning 🤔 cost? 💸",
    "rag\x00\x01\x02\x1b[2J latency",
    "Combien de données faut-il pour le fine-tuning ?",
    "ファインチューニングにはどれくらい時間がかかりますか",
])
def test_odd_input_never_crashes(cli: Cli, question: str) -> None:
    for output in ("text", "json"):
        run = cli("ask", question, "--format", output)
        assert run.code == 0, run.err
    assert json.loads(run.out)["query"] == question


def _broken_copy(tmp_path: Path, name: str, old: str, new: str) -> Path:
    folder = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, folder)
    path = folder / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return folder


def test_a_broken_faq_entry_exits_2_naming_file_line_and_entry(cli: Cli, tmp_path: Path) -> None:
    folder = _broken_copy(tmp_path, "faq.yaml",
                          "    kind: faq\n    section: FAQ\n    question: How long",
                          "    kind: faq\n    section: FAQ\n    questoin: How long")
    run = cli("ask", "anything", "--knowledge", str(folder))
    assert run.code == 2
    assert "faq.yaml:" in run.err and "entry 'training-time'" in run.err
    assert "questoin: unknown key; did you mean 'question'?" in run.err
    assert "Traceback" not in run.err


def test_a_bad_related_id_exits_2(cli: Cli, tmp_path: Path) -> None:
    folder = _broken_copy(tmp_path, "faq.yaml",
                          "related: [unlabeled-data, fine-tuning, when-fine-tuning]",
                          "related: [unlabeled-data, fine-tuneing]")
    run = cli("ask", "anything", "--knowledge", str(folder))
    assert run.code == 2
    assert "faq.yaml" in run.err and "entry 'training-data-size'" in run.err
    assert "fine-tuneing" in run.err


def test_a_broken_synonyms_file_exits_2_naming_file_and_group(cli: Cli, tmp_path: Path) -> None:
    folder = _broken_copy(tmp_path, "synonyms.yaml", "  - term: cost\n    variants: [",
                          "  - term: cost\n    variantz: [")
    run = cli("ask", "anything", "--knowledge", str(folder))
    assert run.code == 2
    assert "synonyms.yaml:" in run.err and "entry 'cost'" in run.err
    assert "variantz: unknown key; did you mean 'variants'?" in run.err
    assert "Traceback" not in run.err


def test_invalid_yaml_in_synonyms_exits_2(cli: Cli, tmp_path: Path) -> None:
    folder = _broken_copy(tmp_path, "synonyms.yaml", "groups:", "groups: [")
    run = cli("ask", "anything", "--knowledge", str(folder))
    assert run.code == 2 and "synonyms.yaml:" in run.err and "invalid YAML" in run.err


def test_ask_does_not_import_textual_or_rich() -> None:
    code = ("import sys; from advisor.cli import main; main(['ask', 'is rag slow']); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=REPO, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


EVAL_SETS = """
  - id: eval-sets
    kind: faq
    section: FAQ
    question: How do I build an evaluation set for my model?
    phrasings:
      - What should a test set for a fine-tuned model contain?
    keywords: [evaluation set, eval set, benchmark, held out]
    answer: >-
      Keep a few hundred real questions apart from the training data, label them before any
      run, and measure every change against them.
    related: [training-data-size, quality]
"""


def test_an_entry_added_to_faq_yaml_alone_is_answered(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, folder)
    faq = folder / "faq.yaml"
    faq.write_text(faq.read_text().replace("entries:\n", "entries:" + EVAL_SETS, 1))
    run = cli("ask", "how should we build an eval set for our fine-tuned model?",
              "--format", "json", "--knowledge", str(folder))
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert data["answered"] is True and data["matches"][0]["id"] == "eval-sets"
    listed = json.loads(cli("ask", "--list", "--format", "json", "--knowledge", str(folder)).out)
    assert "eval-sets" in [row["id"] for row in listed]


@pytest.mark.parametrize(("old", "new", "words"), [
    ("  - id: training-data-size\n", "  - id: Training_Data\n",
     ["Training_Data", "lower-case letters and digits joined by single hyphens"]),
    ("  - id: training-data-size\n", "  - id: training-data-count\n",
     ["no entry for training-data-size", "CONTRACT.md"]),
])
def test_an_entry_id_must_be_kebab_case_and_the_contracts_ids_stay(
        cli: Cli, tmp_path: Path, old: str, new: str, words: list[str]) -> None:
    folder = _broken_copy(tmp_path, "faq.yaml", old, new)
    run = cli("ask", "anything", "--knowledge", str(folder))
    assert run.code == 2 and "faq.yaml" in run.err and "Traceback" not in run.err
    for word in words:
        assert word in run.err, run.err


def test_should_we_fine_tune_or_rag_gets_the_decision_summary(cli: Cli) -> None:
    data = json.loads(cli("ask", "should we fine-tune or do RAG?", "--format", "json").out)
    assert data["answered"] is True and data["kind"] == "decide"
    assert {match["id"] for match in data["matches"]} == {"when-fine-tuning", "when-rag", "hybrid"}
    assert "`advisor`" in data["invitation"] and "`advisor`" not in data["summary"]
    text = cli("ask", "should we fine-tune or do RAG?").out
    assert "Fine-tune, RAG, or both?" in text and "run `advisor`" in text


@pytest.mark.parametrize(("question", "kind", "entry"), [
    ("Should we fine-tune or use RAG for our support bot?", "decide", None),  # a use case
    ("fine-tune or RAG for legal documents?", "decide", None),
    ("fine-tune or RAG: which is cheaper?", "answer", "cost-analysis"),  # an aspect
    ("RAG or fine-tuning, which is faster?", "answer", "speed"),
])
def test_which_to_choose_for_a_use_case_is_the_summary_for_an_aspect_its_entry(
        cli: Cli, question: str, kind: str, entry: str | None) -> None:
    data = json.loads(cli("ask", question, "--format", "json").out)
    assert data["kind"] == kind
    if entry:
        assert data["matches"][0]["id"] == entry


@pytest.mark.parametrize(("question", "topic"), [
    ("LoRA or full fine-tuning?", "LoRA"),
    ("what embedding model should I use?", "embedding model"),
    ("HIPAA?", "HIPAA"),
    ("how much vram do I need to fine-tune a 70b model", "GPU memory"),
])
def test_a_topic_the_guide_does_not_cover_is_said_plainly(cli: Cli, question: str,
                                                          topic: str) -> None:
    data = json.loads(cli("ask", question, "--format", "json").out)
    assert data["answered"] is False and data["kind"] == "not_covered"
    assert topic in data["topic"] and data["matches"]
    assert "The guide does not cover" in cli("ask", question).out


def test_a_question_in_another_language_is_told_english_only(cli: Cli) -> None:
    data = json.loads(cli("ask", "微调需要多少数据？", "--format", "json").out)
    assert data["answered"] is False and data["kind"] == "other_language"
    assert "English" in cli("ask", "Combien de données faut-il pour le fine-tuning ?").out


@pytest.mark.parametrize(("question", "other"), [
    ("¿Cómo ajusto un modelo?", True),  # an opening mark and an accented word
    ("Comment affiner un modèle ?", True),
    ("Is a naïve RAG enough?", False),  # one accented word in English
    ("résumé screening: fine-tune or RAG?", False),
])
def test_accented_words_tell_another_language_from_english(cli: Cli, question: str,
                                                           other: bool) -> None:
    data = json.loads(cli("ask", question, "--format", "json").out)
    assert (data["kind"] == "other_language") is other


def test_explain_shows_normalisation_and_score_parts(cli: Cli) -> None:
    run = cli("ask", "how many exmaples for llama3 13b finetuning?", "--explain")
    assert run.code == 0, run.err
    assert "training-data-size" in run.out
    assert "corrected:    exmaples -> examples" in run.out
    assert "keywords" in run.out and "fuzzy" in run.out and "Decided by:" in run.out
    data = json.loads(cli("ask", "HIPAA?", "--explain", "--format", "json").out)
    assert data["explain"]["topics"] and data["explain"]["verdict"]
