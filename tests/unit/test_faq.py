"""The FAQ lookup: normalisation, scoring levels, knowledge checks and rendering."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from advisor.errors import AdvisorError, KnowledgeError
from advisor.faq.index import MAX_SUGGESTIONS, AskResult, FaqIndex
from advisor.faq.normalise import Normalizer, WordData, looks_like_question, stem, surface
from advisor.faq.schema import FaqEntry, check_entries, load_synonyms
from advisor.knowledge import KNOWLEDGE_IDS
from advisor.present.ask import render_list, render_markdown, render_text
from advisor.present.json import to_json
from advisor.service import Advisor
from tests.unit.test_faq_eval import HELD_OUT, HELD_OUT_OFF_TOPIC, OFF_TOPIC, PHRASINGS
from tests.unit.test_faq_fresh import OFF_TOPIC as FRESH_OFF_TOPIC
from tests.unit.test_faq_fresh import QUESTIONS as FRESH_QUESTIONS

REPO = Path(__file__).resolve().parents[2]
KNOWLEDGE = REPO / "knowledge"


@pytest.fixture(scope="module")
def index() -> FaqIndex:
    return FaqIndex.from_folder(KNOWLEDGE)


# --- normalisation ------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["fine-tune", "Fine Tuning", "finetuning", "FT", "fine-tuned",
                                  "fine_tune", "FINE-TUNING"])
def test_fine_tune_spellings_are_one_word(text: str) -> None:
    assert surface(text) == ["finetune"]


@pytest.mark.parametrize("text", ["RAG", "r.a.g.", "retrieval augmented generation",
                                  "Retrieval-Augmented Generation", "retrieval"])
def test_rag_spellings_are_one_word(text: str) -> None:
    assert surface(text) == ["rag"]


@pytest.mark.parametrize(("text", "size"), [
    ("7B", "7b"), ("7 b", "7b"), ("70 b", "70b"), ("70bn", "70b"), ("405B", "405b"),
    ("7 billion parameters", "7b"), ("8b", "7b"), ("34B", "70b"), ("180b", "405b"),
])
def test_model_sizes_become_the_guides_classes(text: str, size: str) -> None:
    assert surface(text) == [size]


@pytest.mark.parametrize(("text", "number"), [
    ("10k", "10000"), ("10,000", "10000"), ("1M", "1000000"), ("1.5k", "1500"),
    ("2 thousand", "2000"),
])
def test_numbers_are_written_one_way(text: str, number: str) -> None:
    assert surface(text) == [number]


@pytest.mark.parametrize(("one", "other"), [
    ("samples", "examples"), ("training data", "examples"), ("price", "cost"),
    ("budget", "cost"), ("latency", "speed"), ("slow", "speed"), ("retreival", "rag"),
    ("hallucinatons", "hallucinations"), ("choosing", "choose"),
])
def test_synonyms_plurals_and_typos_meet(index: FaqIndex, one: str, other: str) -> None:
    assert index.normalizer.words(one) == index.normalizer.words(other)


def test_filler_words_and_phrases_are_dropped(index: FaqIndex) -> None:
    assert index.normalizer.words("can you explain in simple terms what the heck RAG is") == [
        word for word in index.normalizer.words("heck RAG")]


def _regex_replace(table: Normalizer, stems: list[str], in_context: bool) -> str:
    """How phrases were replaced before `Normalizer.replace`: one regex of every phrase,
    longest first, between word boundaries. Kept here only to show the two agree."""
    joined = " ".join(stems)
    if not table.data.terms:
        return joined
    alternatives = sorted(table.data.terms, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, alternatives)) + r")\b")
    return pattern.sub(lambda match: table.term(match.group(0), in_context), joined)


def _every_text(index: FaqIndex) -> list[str]:
    """The knowledge base's own texts, every question of the eval and fresh sets, and runs of
    the phrases themselves (where a longer phrase overlaps shorter ones)."""
    texts = [text for entry in index.entries
             for text in (entry.question, *entry.phrasings, *entry.keywords, entry.answer)]
    texts += [question for question, _ in (*PHRASINGS, *HELD_OUT, *FRESH_QUESTIONS)]
    texts += [*OFF_TOPIC, *HELD_OUT_OFF_TOPIC, *FRESH_OFF_TOPIC]
    phrases = sorted(index.normalizer.data.terms)
    texts += [" ".join(phrases[start:start + 6]) for start in range(len(phrases))]
    return texts


def test_phrases_are_replaced_as_the_regex_did(index: FaqIndex) -> None:
    table = index.normalizer
    assert any(" " in phrase for phrase in table.data.terms) and table.data.contextual
    texts = _every_text(index)
    assert len(texts) > 1000
    for text in texts:
        stems = [stem(word) for word in surface(text)]
        for in_context in (False, True):
            assert table.replace(stems, in_context) == _regex_replace(table, stems, in_context), text


def test_an_empty_phrase_table_only_joins_the_stems() -> None:
    empty = Normalizer(WordData())
    assert empty.replace(["how", "much", "data"], in_context=False) == "how much data"


# --- lookup -------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "   ", "\n\t "])
def test_an_empty_question_is_an_error(index: FaqIndex, query: str) -> None:
    with pytest.raises(AdvisorError, match="empty"):
        index.lookup(query)


def test_a_confident_answer_names_its_entry_first(index: FaqIndex) -> None:
    result = index.lookup("how long does it take to fine-tune a 70B model?")
    assert result.answered and result.level == "confident"
    assert result.matches[0].id == "training-time"
    assert result.matches[0].section == "FAQ"
    assert result.best is result.matches[0]


def test_matches_are_best_first_with_scores_between_0_and_1(index: FaqIndex) -> None:
    result = index.lookup("is rag cheaper than fine tuning at high volume")
    scores = [match.score for match in result.matches]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= score <= 1 for score in scores)
    assert len(result.matches) <= MAX_SUGGESTIONS


def test_an_ambiguous_answer_offers_the_runner_up(index: FaqIndex) -> None:
    result = index.lookup("retraining and incremental training")
    assert result.answered and result.level == "ambiguous"
    assert result.see_also[0] == result.matches[1].id
    assert set(result.see_also) <= {match.id for match in result.matches[1:]}
    assert "See also" in render_text(result, index)


def test_gibberish_gets_no_suggestions(index: FaqIndex) -> None:
    result = index.lookup("qwpoeiruty alskdjfhg")
    assert result == AskResult(query="qwpoeiruty alskdjfhg", answered=False, level="low",
                               kind="off_topic")


def test_an_off_topic_question_near_the_domain_gets_did_you_mean(index: FaqIndex) -> None:
    result = index.lookup("how much does a used car cost")
    assert not result.answered and result.level == "low"
    assert [match.id for match in result.matches][:1] == ["cost-analysis"]
    assert "Did you mean" in render_text(result)


@pytest.mark.parametrize("query", [
    "x" * 10_000,
    "fine tuning " * 1000,
    "🤖🤖 is RAG slow? 🐢",
    "is\x00 rag\x1b[31m slow\x07?",
    "¿Cuánto cuesta el fine-tuning de un modelo 7B?",
    "微调需要多少数据？",
    "Wie lange dauert das Fine-Tuning?",
    "\u202e\u200b\ufeff",
])
def test_odd_input_never_crashes(index: FaqIndex, query: str) -> None:
    result = index.lookup(query)
    assert result.query == query
    assert all(0 <= match.score <= 1 for match in result.matches)


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=300).filter(lambda text: text.strip()))
def test_any_text_gets_a_well_formed_result(text: str) -> None:
    result = FaqIndex.from_folder(KNOWLEDGE).lookup(text)
    assert len(result.matches) <= MAX_SUGGESTIONS
    assert result.answered == (result.level != "low")
    assert not result.answered or result.matches


def test_the_emoji_question_is_still_understood(index: FaqIndex) -> None:
    result = index.lookup("🤖🤖 is RAG slow? 🐢")
    assert result.answered and result.matches[0].id == "speed"


def test_get_returns_an_entry_and_names_the_known_ids(index: FaqIndex) -> None:
    assert index.get("hybrid").kind == "section"
    with pytest.raises(AdvisorError, match="training-data-size"):
        index.get("nope")


def test_the_advisor_facade_answers_through_the_index() -> None:
    advisor = Advisor(knowledge=KNOWLEDGE)
    assert advisor.ask("is 500 samples enough?").matches[0].id == "training-data-size"


# --- the knowledge base -------------------------------------------------------------------


def test_every_contract_id_has_one_entry(index: FaqIndex) -> None:
    assert sorted(entry.id for entry in index.entries) == sorted(KNOWLEDGE_IDS)
    assert {entry.kind for entry in index.entries if entry.id in KNOWLEDGE_IDS[:7]} == {"faq"}


def test_the_cost_answer_quotes_what_the_cost_engine_computes() -> None:
    """The guide's printed scenario totals are wrong; the answer must give the real ones."""
    advisor = Advisor(knowledge=KNOWLEDGE)
    answer = " ".join(advisor.faq.get("cost-analysis").answer.split())
    scenarios = yaml.safe_load((REPO / "tests/unit/data/guide_costs.yaml").read_text())
    for scenario in scenarios:
        costs = advisor.costs(advisor.resolve(dict(scenario["answers"])))
        assert f"${costs.rag.total:,.0f}" in answer, scenario["name"]
        if "fine_tune_total" in scenario["expect"]:
            assert f"${costs.fine_tune.total:,.0f}" in answer, scenario["name"]
            assert f"{costs.break_even_monthly_queries:,.0f}" in answer, scenario["name"]


def _entry(entry_id: str, related: tuple[str, ...] = ()) -> FaqEntry:
    return FaqEntry(id=entry_id, kind="section", question="q?",  # type: ignore[arg-type]
                    answer="a.", section="S", related=list(related))  # type: ignore[arg-type]


def test_check_entries_finds_duplicates_gaps_and_bad_related(tmp_path: Path) -> None:
    entries = [_entry(entry_id) for entry_id in KNOWLEDGE_IDS]
    check_entries(entries, tmp_path / "faq.yaml")
    with pytest.raises(KnowledgeError, match="entry 'rag': id: appears more than once"):
        check_entries([*entries, _entry("rag")], tmp_path / "faq.yaml")
    with pytest.raises(KnowledgeError, match="no entry for hybrid"):
        check_entries(entries[:-1], tmp_path / "faq.yaml")
    with pytest.raises(KnowledgeError, match="entry 'rag': related: lists the entry itself"):
        check_entries([*entries[:8], _entry("rag", related=("rag",)), *entries[9:]],
                      tmp_path / "faq.yaml")


def _copy_knowledge(tmp_path: Path) -> Path:
    folder = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, folder)
    return folder


def test_a_variant_in_two_groups_is_refused(tmp_path: Path) -> None:
    folder = _copy_knowledge(tmp_path)
    (folder / "synonyms.yaml").write_text(
        "groups:\n  - {term: cost, variants: [price]}\n  - {term: speed, variants: [price]}\n")
    with pytest.raises(KnowledgeError, match=r"synonyms.yaml: entry 'speed': .*'price'"):
        load_synonyms(folder)


def test_a_synonyms_file_is_optional(tmp_path: Path) -> None:
    folder = _copy_knowledge(tmp_path)
    (folder / "synonyms.yaml").unlink()
    assert FaqIndex.from_folder(folder).lookup("fine tuning").matches


# --- telling a question from an answer ----------------------------------------------------


@pytest.mark.parametrize("text", [
    "what does volatility mean?", "is 500 enough", "how long does training take",
    "why", "explain rag", "can I fine-tune without labels", "¿qué es RAG?", "weekly?",
])
def test_questions_look_like_questions(text: str) -> None:
    assert looks_like_question(text)


@pytest.mark.parametrize("text", ["weekly", "10k/day", "yes", "70b", "", "  ", "12000",
                                  "on premise", "is", "daily, mostly"])
def test_answers_do_not_look_like_questions(text: str) -> None:
    assert not looks_like_question(text)


# --- JSON -----------------------------------------------------------------------------------

ODD_QUESTIONS = ["🤖🤖 is RAG slow? 🐢", "is\x00 rag\x1b[31m slow\x07?", "Größe für \"RAG\" \\ fine-tuning?",
                 "¿Cuánto cuesta el fine-tuning de un modelo 7B?", "微调需要多少数据？", "\u2028rag\ttab\r"]


def test_the_json_is_what_pydantic_prints_for_the_same_result(index: FaqIndex) -> None:
    """`to_json` must print what `model_dump_json(indent=2)` printed when AskResult was a
    pydantic model; pydantic's serializer, given the same fields, is the reference."""
    adapter = TypeAdapter(AskResult)
    questions = [question for question, _ in PHRASINGS] + OFF_TOPIC + ODD_QUESTIONS
    levels = set()
    for question in questions:
        result = index.lookup(question)
        levels.add(result.level)
        assert to_json(result) == adapter.dump_json(result, indent=2).decode(), question
    assert levels == {"confident", "ambiguous", "low"}


def test_the_json_keeps_the_contracts_shape(index: FaqIndex) -> None:
    assert to_json(index.lookup("qwpoeiruty")) == (
        '{\n  "query": "qwpoeiruty",\n  "answered": false,\n  "matches": [],\n'
        '  "level": "low",\n  "see_also": [],\n  "kind": "off_topic",\n  "summary": "",\n'
        '  "topic": "",\n  "invitation": ""\n}')
    text = to_json(index.lookup("🤖 retraining and incremental training — ¿“ok”?"))
    assert '\n  "query": "🤖 retraining and incremental training — ¿“ok”?",\n' in text
    data = json.loads(text)
    assert data["level"] == "ambiguous" and data["see_also"]
    assert list(data["matches"][0]) == ["id", "question", "score", "answer", "kind", "section",
                                        "related"]


# --- rendering ----------------------------------------------------------------------------


def test_text_answer_cites_its_section_and_related_entries(index: FaqIndex) -> None:
    text = render_text(index.lookup("how often should I retrain"), index)
    assert text.startswith(index.get("retraining-frequency").question)
    assert 'Source: the guide, section "FAQ" (entry retraining-frequency' in text
    assert "Related:" in text and "continuous-fine-tuning:" in text


def test_list_shows_every_question(index: FaqIndex) -> None:
    listing = render_list(index.entries)
    for entry in index.entries:
        assert entry.id in listing and entry.question in listing


def test_markdown_answer_and_suggestions(index: FaqIndex) -> None:
    answered = render_markdown(index.lookup("is rag slow"))
    assert answered.startswith("**Which is faster") and "`speed`" in answered
    unanswered = render_markdown(index.lookup("how much does a used car cost"))
    assert "Did you mean" in unanswered and "`cost-analysis`" in unanswered


@pytest.mark.parametrize(("word", "becomes"), [
    ("traning", "training"), ("retreival", "retrieval"), ("openais", "openai"),
    ("fintuned", "finetune"), ("trianed", "trained"), ("constants", "constants"),
    ("internet", "internet"), ("enable", "enable"),
    ("additional", "additional"), ("thoughts", "thoughts"), ("instruct", "instruct")])
def test_a_slip_of_the_keys_is_corrected_but_another_word_of_the_family_is_kept(
        index: FaqIndex, word: str, becomes: str) -> None:
    """"additional" is not a misspelt "additionally" (which reads as the hybrid), nor
    "thoughts" a misspelt "though"; a letter too many or too few is a slip."""
    assert index.normalizer.trace(word).corrections.get(word, word) == becomes
