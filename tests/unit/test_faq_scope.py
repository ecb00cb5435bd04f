"""The scope gate of `advisor ask`: the general signals that tell a question the guide answers
from an issue about one tool (advisor/faq/scope.py), each shown on questions written for this
test, not taken from the evaluation sets."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.faq.index import FaqIndex
from advisor.faq.scope import code_identifiers, error_names, is_question, opening_word

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"


@pytest.fixture(scope="module")
def index() -> FaqIndex:
    return FaqIndex.from_folder(KNOWLEDGE)


def best(index: FaqIndex, question: str) -> str | None:
    result = index.lookup(question)
    if not result.answered:
        return None
    return "decide" if result.decide else result.matches[0].id


# --- the signals, one by one --------------------------------------------------------------


@pytest.mark.parametrize(("text", "found"), [
    ("set max_seq_length in the trainer", "max_seq_length"),
    ("does model.generate stream", "model.generate"),
    ("run finetune.py with deepspeed", "finetune.py"),
    ("broke after v0.4.2", "v0.4.2"),
    ("see ./configs/lora/base.yaml", "./configs/lora/base.yaml"),
    ("the DataCollator drops labels", "DataCollator"),
    ("[BUG] answers are empty", "[BUG]"),
])
def test_code_versions_paths_and_tags_mark_one_tool(text: str, found: str) -> None:
    assert found in code_identifiers(text)


def test_known_names_plain_words_and_model_versions_are_no_code() -> None:
    assert code_identifiers("OpenAI or ChatGPT for a 7B model, e.g. Llama 3.1?",
                            frozenset({"openai", "chatgpt"})) == []
    assert code_identifiers("Mistral-7B-Instruct-v0.2 or Vicuna v1.5") == []
    assert code_identifiers("InstructGPT, BloombergGPT, MiniLM or CodeLlama") == []


def test_exception_names_and_things_that_do_not_work_are_reports() -> None:
    assert error_names("KeyError: 'labels' during training") == ["KeyError"]
    assert error_names("the bot is not answering from my files") == ["is not answering"]
    assert error_names("how long is training?") == []


@pytest.mark.parametrize(("text", "asks"), [
    ("How much data for a 13b model", True),
    ("[Question]: which vector database", True),
    ("Retrieval - is it slower than fine-tuning", True),
    ("fine-tuning cost?", True),
    ("RAG gives irrelevant chunks", False),
    ("Support for new models", False),
])
def test_a_question_is_told_from_a_statement(text: str, asks: bool) -> None:
    assert is_question(text) is asks


@pytest.mark.parametrize(("text", "word"), [
    ("[Feature] Allow custom prompts", "allow"),
    ("Feature: Support streaming", "support"),
    ("Support incremental updates", "support"),
    ("how long does it take", "how"),
])
def test_the_opening_word_skips_a_trackers_tags(text: str, word: str) -> None:
    assert opening_word(text) == word


# --- the decisions ------------------------------------------------------------------------


@pytest.mark.parametrize("question", [
    "Does langchain support continued pretraining on raw text?",
    "Can the DPOTrainerConfig be used for unsupervised data?",
    "Use ollama for retrieval over my own documents",
])
def test_a_question_about_one_tool_is_declined(index: FaqIndex, question: str) -> None:
    result = index.lookup(question)
    assert not result.answered and result.kind in ("off_topic", "not_covered")


@pytest.mark.parametrize(("question", "entry"), [
    ("How long does a LoRA run take with unsloth on one A100?", "training-time"),
    ("How many examples does axolotl need for a good fine-tune?", "training-data-size"),
    ("With llama_index, is fine-tuning or RAG cheaper at 50k queries a month?", "cost-analysis"),
])
def test_a_tool_question_that_asks_the_guides_question_is_answered(index: FaqIndex,
                                                                   question: str,
                                                                   entry: str) -> None:
    assert best(index, question) == entry


@pytest.mark.parametrize("question", [
    "Embedding step is very slow on CPU",
    "Fine-tuned checkpoint is much slower than the base model at inference",
    "My retriever returns the same passage for every query",
    "Answer quality drops after the last update",
    "Enable reranking for the retriever",
])
def test_complaints_behaviours_and_feature_requests_are_declined(index: FaqIndex,
                                                                 question: str) -> None:
    assert not index.lookup(question).answered


@pytest.mark.parametrize(("question", "entry"), [
    ("is RAG slower than a fine-tuned model?", "speed"),
    ("Is retrieval very slow for a chat app?", "speed"),
    ("which one produces fewer made-up answers?", "quality"),
])
def test_the_same_words_in_a_question_are_still_answered(index: FaqIndex, question: str,
                                                         entry: str) -> None:
    assert best(index, question) == entry


def test_a_statement_that_names_no_topic_is_not_answered(index: FaqIndex) -> None:
    result = index.lookup("RAG: the documents it finds are unrelated")
    assert not result.answered
    assert index.lookup("what is RAG").answered


def test_a_tools_name_is_no_topic_word(index: FaqIndex) -> None:
    _result, explanation = index.explain("LLaMA-Factory with my own documents")
    assert explanation.tools == ["llama factory"]
    assert "choose" not in explanation.words


def test_a_figure_asked_beside_an_uncovered_topic_is_answered(index: FaqIndex) -> None:
    assert best(index, "How long does it take to fine-tune a 7B model on 2x A100 80GB?") == (
        "training-time")
    assert index.lookup("How much VRAM does fine-tuning a 7B model need?").kind == "not_covered"
    assert best(index, "How many examples do I need to fine-tune on a 24GB GPU?") == (
        "training-data-size")


@pytest.mark.parametrize("question", [
    "Is 24GB enough to fine-tune a 7b model?", "minimum GPU memory for fine-tuning",
    "What is the minimum hardware requirement for finetuning?"])
def test_enough_of_a_gpu_is_gpu_sizing_not_the_amount_of_data(index: FaqIndex,
                                                              question: str) -> None:
    """"Enough" says how much, not of what: beside a GPU it is the hardware's, which the guide
    does not cover (the data's own figure beside a GPU is answered, above)."""
    result = index.lookup(question)
    assert result.kind == "not_covered" and not result.answered


def test_the_cost_of_one_method_goes_to_that_methods_section(index: FaqIndex) -> None:
    assert best(index, "what does RAG cost") == "rag"
    assert best(index, "fine-tuning costs") == "fine-tuning"
    assert best(index, "fine-tuning vs RAG cost") == "cost-analysis"


def test_explain_shows_the_tool_marks_and_what_is_asked(index: FaqIndex) -> None:
    _result, explanation = index.explain("How long does training take in unsloth?")
    assert explanation.tools == ["unsloth"] and "duration" in explanation.asks
