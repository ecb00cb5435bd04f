"""The summary a manager reads: the saved Markdown and the text output open with the answer,
speak in plain words, chart the costs, and every rule's text reads right for every answer."""

from __future__ import annotations

import importlib.util
import itertools
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from advisor.answers.schema import ANSWER_KEYS
from advisor.costs import read_answers
from advisor.decision import INTERVIEW_KEYS, Recommendation, evaluate
from advisor.facts import FACT_NAMES, SCHEMA
from advisor.faq.schema import load_faq
from advisor.knowledge import Pricing
from advisor.numbers import PHRASES, agree, count, fill_fields, percent, readable
from advisor.present.markdown import chart_volumes, render_markdown
from advisor.present.phrases import KEY_LABELS, confidence_note, decisive, runner_up
from advisor.present.text import render_text
from advisor.rules import load_rules
from advisor.rules.compile import RuleSet, fill
from advisor.rules.schema import placeholders
from tests.conftest import KNOWLEDGE, RULES

BANK = {"data_volatility": "daily", "audit_trail": True, "latency": "realtime",
        "monthly_queries": "2M per month", "hosting": "own_gpu"}
"""A bank's assistant: realtime answers with an audit trail, a conflict whatever it picks."""
HOSPITAL = {"privacy": "on_premise", "style_needs": True, "must_learn": "behaviour",
            "hosting": "own_gpu", "monthly_queries": "600/day", "data_volatility": "monthly"}
"""An on-premise hospital summariser with a house format."""
STARTUP = {"monthly_queries": "20k", "data_volatility": "weekly", "must_learn": "knowledge",
           "hosting": "managed"}
"""A startup's support bot (the guide's prices: no model named, so no price lookup)."""
PROJECTS = {"bank": BANK, "hospital": HOSPITAL, "startup": STARTUP}
APPENDIX = "## For the people who edit the rules"
RULESET = load_rules(RULES)


@pytest.fixture(scope="module")
def pricing_once() -> Pricing:
    from advisor.knowledge import load_pricing

    return load_pricing(KNOWLEDGE)


def recommend(answers: dict[str, Any], pricing: Pricing) -> tuple[Recommendation, Any]:
    resolved = read_answers(answers, "answers", pricing)
    return evaluate(RULESET, resolved, pricing), resolved


def summary(answers: dict[str, Any], pricing: Pricing) -> str:
    rec, resolved = recommend(answers, pricing)
    return render_markdown(rec, resolved, load_faq(KNOWLEDGE).entries, today=date(2026, 3, 14))


def for_readers(markdown: str) -> str:
    """The summary up to its appendix: what a manager reads."""
    return markdown.split(APPENDIX)[0]


# --- the opening ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", PROJECTS)
def test_the_summary_opens_with_the_verdict_the_cost_and_what_decided_it(
        name: str, pricing_once: Pricing) -> None:
    rec, _ = recommend(PROJECTS[name], pricing_once)
    text = summary(PROJECTS[name], pricing_once)
    first = [line for line in text.splitlines() if line.strip()][:3]
    verdict = rec.recommendation
    second = runner_up(rec)
    assert first[0].startswith("# Recommendation: ")
    assert f"confidence {percent(rec.confidence)}" in first[0]
    totals = {option: cost.total for option, cost in rec.costs.options()}
    assert first[1].startswith("Cost over 12 months: ")
    assert f"${totals[verdict]:,.0f}" in first[1] and f"${totals[second]:,.0f}" in first[1]
    assert "the runner-up" in first[1]
    assert first[2].startswith("Decided by: ")
    assert 1 <= len(decisive(rec)) <= 2


def test_a_conflict_comes_right_after_the_answer_in_markdown_and_text(pricing_once: Pricing) -> None:
    rec, _ = recommend(BANK, pricing_once)
    assert rec.conflicts, "the bank's realtime answers conflict with retrieval"
    conflict = rec.conflicts[0]
    markdown = summary(BANK, pricing_once)
    at = markdown.index("**Conflict with your answers:**")
    assert at < markdown.index("## Recommendation")
    assert conflict.text[:40] in markdown[at:] and "**To resolve it:**" in markdown[at:]
    assert "You said: How fast answers must arrive: in real time." in markdown
    text = render_text(rec)
    assert text.index("Conflict with your answers") < text.index("Scores")
    assert "To resolve it:" in text


def test_the_confidence_reads_as_a_percentage_in_markdown_and_text(pricing_once: Pricing) -> None:
    rec, _ = recommend(STARTUP, pricing_once)
    shown = f"confidence {percent(rec.confidence)}"
    assert shown in for_readers(summary(STARTUP, pricing_once))
    assert shown in render_text(rec)
    assert f"{rec.confidence:.2f}" not in for_readers(summary(STARTUP, pricing_once))


# --- plain words -----------------------------------------------------------------------------


def codes() -> set[str]:
    """What a reader must never see: answers keys, fact names, rule ids, and the choices that
    are no English word (on_premise, static, 7b)."""
    found = {name for name in (*ANSWER_KEYS, *FACT_NAMES) if "_" in name}
    found |= {rule.id for rule in RULESET.rules}
    found |= {conflict.spec.id for conflict in RULESET.conflicts}
    for spec in SCHEMA.values():
        found |= {choice for choice in spec.choices
                  if "_" in choice or choice in ("static", "realtime", "7b", "70b", "405b")}
    return found


def words_in(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z0-9][A-Za-z0-9_-]*[A-Za-z0-9]", text.replace("\\_", "_")))


@pytest.mark.parametrize("name", PROJECTS)
def test_readers_see_no_keys_codes_or_rule_ids(name: str, pricing_once: Pricing) -> None:
    rec, _ = recommend(PROJECTS[name], pricing_once)
    markdown = summary(PROJECTS[name], pricing_once)
    prose = for_readers(markdown)
    prose = re.sub(r"```mermaid.*?```", "", prose, flags=re.DOTALL)
    assert not words_in(prose) & codes(), words_in(prose) & codes()
    assert not words_in(render_text(rec)) & codes()
    appendix = markdown.split(APPENDIX)[1]
    assert all(f"**{reason.rule}**" in appendix for reason in rec.reasons)


def test_every_answers_key_has_a_label() -> None:
    assert set(KEY_LABELS) == set(ANSWER_KEYS)


def test_every_choice_has_a_phrase_that_is_no_code() -> None:
    for key in ANSWER_KEYS:
        choices = SCHEMA[key].choices if key in SCHEMA else ()
        if not choices:
            continue
        assert set(PHRASES[key]) == {*choices, "unknown"}, key
        for code, phrase in PHRASES[key].items():
            assert "_" not in phrase and phrase != code, (key, code)


# --- the chart, the scores, the citations ------------------------------------------------------


def test_the_cost_chart_plots_the_three_totals_at_round_volumes(pricing_once: Pricing) -> None:
    rec, _ = recommend(BANK, pricing_once)
    text = summary(BANK, pricing_once)
    block = re.search(r"```mermaid\n(.*?)```", text, flags=re.DOTALL)
    assert block is not None
    chart = block.group(1)
    assert "xychart-beta" in chart
    axis = re.search(r'x-axis "Queries a month" \[(.*)\]', chart)
    assert axis is not None
    labels = re.findall(r'"([^"]*)"', axis.group(1))
    volumes = chart_volumes(rec.costs)
    assert 8 <= len(labels) == len(volumes) <= 11
    assert "2M (you)" in labels and any(label.endswith("(break-even)") for label in labels)
    lines = re.findall(r"line \[(.*)\]", chart)
    assert len(lines) == 3
    for option, values in zip(("fine_tune", "rag", "hybrid"), lines, strict=True):
        numbers = [float(value) for value in values.split(",")]
        expected = [rec.costs.totals_at(volume)[option] / 1e6 for volume in volumes]
        assert numbers == pytest.approx(expected, rel=1e-3)
    assert "Your volume: 2,000,000 queries a month; break-even: about 28,409" in text


def test_a_ruled_out_option_shows_why_instead_of_its_score(pricing_once: Pricing) -> None:
    text = summary(BANK, pricing_once)
    row = next(line for line in text.splitlines() if line.startswith("| Fine-tuning |"))
    assert "ruled out: compliance requires citing the sources" in row
    assert "| - |" in row


def test_an_on_premise_project_is_not_pointed_to_rag_over_a_hosted_api(pricing_once: Pricing) -> None:
    rec, _ = recommend(HOSPITAL, pricing_once)
    assert "rag-on-api" in rec.citations  # the JSON keeps it
    faq = {entry.id: entry for entry in load_faq(KNOWLEDGE).entries}
    prose = for_readers(summary(HOSPITAL, pricing_once))
    assert faq["rag-on-api"].question not in prose
    assert faq["retraining-frequency"].question in prose


# --- templates read right for every answer -----------------------------------------------------


def templates(ruleset: RuleSet) -> Iterator[tuple[str, str]]:
    """Every text a rule fills in: because, vetoes, caveats, conflicts and their resolves."""
    for rule in ruleset.rules:
        yield f"{rule.id} because", rule.spec.because
        for option, reason in rule.vetoes.items():
            yield f"{rule.id} veto {option}", reason
    for option, caveats in ruleset.caveats.items():
        for index, caveat in enumerate(caveats):
            yield f"caveat {option} {index}", caveat.text
    for conflict in ruleset.conflicts:
        yield f"{conflict.spec.id} text", conflict.spec.text
        yield f"{conflict.spec.id} resolve", conflict.spec.resolve


TEMPLATES = dict(templates(RULESET))
SAMPLE: dict[str, Any] = {"number": 2, "bool": True}


def values_of(name: str) -> list[Any]:
    """Every value a template may be filled with for one name (unknown: an answer not given)."""
    spec = SCHEMA[name]
    if spec.kind == "choice":
        return [*spec.choices, "unknown"]
    if spec.kind == "bool":
        return [True, False]
    return [0, 1, 2, 1.5, 28_409.09, *(["unknown"] if name in INTERVIEW_KEYS else [])]


def fillings(template: str) -> Iterator[tuple[str, Any, dict[str, Any]]]:
    """The template's fields, each in turn at every value, the others at a sample."""
    names = placeholders(template)
    base = {name: values_of(name)[0] for name in names}
    for name in names:
        for value in values_of(name):
            yield name, value, {**base, name: value}


@pytest.mark.parametrize("where", TEMPLATES)
def test_every_template_reads_in_plain_words_for_every_value(where: str) -> None:
    template = TEMPLATES[where]
    for name, value, fields in fillings(template):
        text = fill_fields(template, fields)
        assert not re.search(r"\b[a-z0-9]+_[a-z0-9_]+\b", text), (where, name, value, text)
        if SCHEMA[name].kind == "choice":
            written = len(re.findall(rf"\b{re.escape(value)}\b", template))
            shown = len(re.findall(rf"\b{re.escape(value)}\b", text))
            assert shown == written, (where, name, value, text)


@pytest.mark.parametrize("where", TEMPLATES)
def test_a_count_of_one_agrees_with_its_noun(where: str) -> None:
    template = TEMPLATES[where]
    names = placeholders(template)
    numbers = [name for name in names if SCHEMA[name].kind == "number"]
    for name in numbers:
        fields = {other: values_of(other)[0] for other in names} | {name: 1}
        text = fill_fields(template, fields)
        assert not re.search(r"(?<![\d.,$])1 (?:labeled |training )?(months|retrains|examples|runs|"
                             r"hours|queries|times)\b", text), (where, text)


def test_the_rules_engine_fills_templates_with_the_phrases() -> None:
    template = TEMPLATES["rag-fast-changing-data because"]
    values = {"data_volatility": "weekly"}
    assert fill(template, values) == fill_fields(template, values)
    assert "every week" in fill(template, values)


# --- numbers and agreement -----------------------------------------------------------------


def test_counts_agree_with_their_nouns() -> None:
    assert count(1, "answer") == "1 answer"
    assert count(11, "answer") == "11 answers"
    assert count(0, "month") == "0 months"
    assert agree("Over 1 months, 1 labeled examples and 1 training runs a year") == (
        "Over 1 month, 1 labeled example and 1 training run a year")
    assert agree("11 months, 21 retrains, $1 queries, 0.1 hours") == (
        "11 months, 21 retrains, $1 queries, 0.1 hours")


def test_a_value_reads_by_its_key() -> None:
    assert readable("static", "data_volatility") == "hardly ever"
    assert readable("weekly", "data_volatility") == "every week"
    assert readable("on_premise", "privacy") == "your own premises only"
    assert readable("unknown", "labeled_examples") == "an unknown number of"
    assert readable("static") == "static"  # without a key, a value is as written
    assert readable(40_000, "monthly_queries") == "40,000"
    assert percent(0.8) == "80%"
    assert percent(0.57) == "57%"


def test_the_confidence_note_agrees_in_number(pricing_once: Pricing) -> None:
    given = {key: value for key, value in {
        "data_volatility": "weekly", "query_variety": "mixed", "latency": "relaxed",
        "privacy": "private_cloud", "monthly_queries": 6000, "volume_predictability": "steady",
        "hosting": "own_gpu", "audit_trail": True, "labeled_examples": 15000,
        "synthetic_examples": False, "must_learn": "both", "style_needs": True,
        "model_size": "70b"}.items()}
    rec, _ = recommend(given, pricing_once)
    assert confidence_note(rec) is None
    rec, _ = recommend({**given, "labeled_examples": "unknown"}, pricing_once)
    note = confidence_note(rec)
    assert note is not None
    assert f"1 of the {len(INTERVIEW_KEYS)} answers about your project is a default or unknown" in note
    assert "(labeled training examples); give it to firm it up" in note


# --- the text output's layout and the Markdown's syntax -----------------------------------------


def test_wrapped_text_keeps_its_indent_and_loses_trailing_spaces(pricing_once: Pricing) -> None:
    rec, _ = recommend(BANK, pricing_once)
    text = render_text(rec, width=60)
    lines = text.splitlines()
    assert not [line for line in lines if line != line.rstrip()]
    for before, after in itertools.pairwise(lines):
        item = re.match(r"^( +)- ", before)
        if item and after.strip() and not after.lstrip().startswith("- ") and after.startswith(" "):
            assert after.startswith(" " * (len(item.group(1)) + 2)), (before, after)
    assert "$2,640,600" in text and "…" not in text


@pytest.mark.skipif(importlib.util.find_spec("pymarkdown") is None,
                    reason="pymarkdownlnt is not installed (the test extra)")
@pytest.mark.parametrize("name", PROJECTS)
def test_the_summary_passes_a_markdown_linter(name: str, pricing_once: Pricing,
                                             tmp_path: Path) -> None:
    path = tmp_path / f"{name}.md"
    path.write_text(summary(PROJECTS[name], pricing_once), encoding="utf-8")
    # Line length is off: table rows and the rules' sentences are one line each.
    run = subprocess.run([sys.executable, "-m", "pymarkdown", "--disable-rules", "md013", "scan",
                          str(path)], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
