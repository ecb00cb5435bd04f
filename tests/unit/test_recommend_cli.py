"""`advisor recommend`: formats, the Markdown summary, --out / --force, atomic writing, and
every bad answers file giving exit 2 through this command too."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from advisor import files
from advisor.answers.read import ResolvedAnswers
from advisor.costs import load_answers
from advisor.decision import Recommendation, evaluate
from advisor.errors import OutputError
from advisor.faq.schema import load_faq
from advisor.knowledge import Pricing
from advisor.present.markdown import render_markdown
from advisor.rules import load_rules
from advisor.service import Advisor
from tests.conftest import KNOWLEDGE, RULES, Run, assert_one_line_error
from tests.unit.test_answers import BAD_FILES

LEGAL = """\
data_volatility: weekly
query_variety: mixed
latency: relaxed
privacy: private_cloud
monthly_queries: 6000
hosting: own_gpu
audit_trail: true
labeled_examples: 15000
style_needs: true
model_size: 70b
"""
CONTRACT_FIELDS = {"recommendation", "confidence", "scores", "reasons", "costs", "close_call",
                   "why_not", "what_if", "citations", "answers", "defaulted"}


@pytest.fixture
def answers(tmp_path: Path) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(LEGAL, encoding="utf-8")
    return path

ADVISOR = Advisor(knowledge=KNOWLEDGE)


def recommendation(answers: Path, pricing: Pricing) -> tuple[Recommendation, ResolvedAnswers]:
    resolved = load_answers(answers, pricing)
    return evaluate(load_rules(RULES), resolved, pricing), resolved


def test_json_follows_the_contract(cli: Callable[..., Run], answers: Path) -> None:
    run = cli("recommend", "--answers", str(answers), "--format", "json")
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert set(data) >= CONTRACT_FIELDS
    assert data["recommendation"] == "hybrid"
    assert set(data["scores"]) == {"fine_tune", "rag", "hybrid"}
    assert set(data["why_not"]) == {"fine_tune", "rag"}
    assert all({"rule", "text"} <= set(item) for items in data["why_not"].values() for item in items)
    assert all({"rule", "text", "effect", "cites"} <= set(reason) for reason in data["reasons"])
    assert all({"key", "from", "to", "recommendation"} <= set(item) for item in data["what_if"])
    assert {"horizon_months", "fine_tune", "rag", "hybrid", "break_even_monthly_queries"} <= set(
        data["costs"])
    assert data["costs"]["fine_tune"]["retrains"] == 51
    assert "volume_predictability" in data["defaulted"]
    assert data["answers"]["labeled_examples"] == 15000


def test_text_is_the_default_and_reads_as_a_page(cli: Callable[..., Run], answers: Path) -> None:
    run = cli("recommend", "--answers", str(answers))
    assert run.code == 0, run.err
    for heading in ("Recommendation: Hybrid", "Why not the others", "What would change it",
                    "Caveats", "Break-even"):
        assert heading in run.out


def test_standard_input_gives_the_same_result(cli: Callable[..., Run], answers: Path) -> None:
    from_file = cli("recommend", "--answers", str(answers), "--format", "json")
    from_stdin = cli("recommend", "--answers", "-", "--format", "json", stdin=LEGAL)
    assert from_stdin.code == 0
    assert from_stdin.out == from_file.out


def test_the_markdown_summary_has_everything_for_the_meeting(answers: Path, pricing: Pricing) -> None:
    rec, resolved = recommendation(answers, pricing)
    text = render_markdown(rec, resolved, load_faq(KNOWLEDGE).entries, today=date(2026, 3, 14))
    assert "Date: 2026-03-14" in text
    assert text.startswith(f"# Recommendation: Hybrid, confidence {round(rec.confidence * 100)}%")
    assert ("lowered because 3 of the 13 answers about your project are defaults or unknown"
            in text)
    assert "| How predictable the volume is | steady and known in advance | default |" in text
    assert "| Labeled training examples | 15,000 | given |" in text
    for section in ("## Why Hybrid", "## Why not the others", "### Fine-tuning", "### RAG",
                    "## What would change it", "## Costs over 12 months", "Break-even",
                    "Assumptions", "Prices as of March 2026", "## Caveats",
                    "## The questions behind it", "## For the people who edit the rules"):
        assert section in text, section
    faq = {entry.id: entry for entry in load_faq(KNOWLEDGE).entries}
    assert "training-data-size" in rec.citations
    assert faq["training-data-size"].question in text
    assert faq["training-data-size"].answer.strip()[:60] in text
    assert "rag-audit-trail" in text.split("## For the people who edit the rules")[1]
    assert "- Against it (-3 Fine-tuning): Data that changes every week" in text
    assert "- Ruled out: compliance requires" in text


def test_md_format_prints_the_summary(cli: Callable[..., Run], answers: Path) -> None:
    run = cli("recommend", "--answers", str(answers), "--format", "md")
    assert run.code == 0, run.err
    assert run.out.startswith("# ")
    assert "## The questions behind it" in run.out


def test_out_writes_and_never_overwrites_without_force(
    cli: Callable[..., Run], answers: Path, tmp_path: Path
) -> None:
    out = tmp_path / "summary.md"
    first = cli("recommend", "--answers", str(answers), "--format", "md", "--out", str(out))
    assert first.code == 0, first.err
    assert first.out == ""
    assert out.read_text(encoding="utf-8").startswith("# ")
    out.write_text("kept", encoding="utf-8")
    again = cli("recommend", "--answers", str(answers), "--format", "md", "--out", str(out))
    assert again.code == 2
    assert "already exists" in again.err and "--force" in again.err
    assert out.read_text(encoding="utf-8") == "kept"
    forced = cli("recommend", "--answers", str(answers), "--format", "json", "--out", str(out),
                 "--force")
    assert forced.code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["recommendation"] == "hybrid"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["answers.yaml", "summary.md"]


def test_out_as_plain_text(cli: Callable[..., Run], answers: Path, tmp_path: Path) -> None:
    out = tmp_path / "page.txt"
    assert cli("recommend", "--answers", str(answers), "--out", str(out)).code == 0
    text = out.read_text(encoding="utf-8")
    assert "Recommendation: Hybrid" in text and "\x1b[" not in text


def test_out_into_a_missing_folder_exits_2(cli: Callable[..., Run], answers: Path, tmp_path: Path) -> None:
    run = cli("recommend", "--answers", str(answers), "--out", str(tmp_path / "no" / "x.md"))
    assert run.code == 2
    assert "does not exist" in run.err
    assert len(run.err.strip().splitlines()) == 1


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "x.md"

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "link", broken)
    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OutputError, match="No space left"):
        files.write_atomic(target, "text", force=False)
    assert list(tmp_path.iterdir()) == []
    target.write_text("old", encoding="utf-8")
    with pytest.raises(OutputError):
        files.write_atomic(target, "new", force=True)
    assert target.read_text(encoding="utf-8") == "old"
    assert [path.name for path in tmp_path.iterdir()] == ["x.md"]


def test_save_summary_writes_both_files_or_neither(
    answers: Path, pricing: Pricing, tmp_path: Path
) -> None:
    rec, resolved = recommendation(answers, pricing)
    out = tmp_path / "out"
    out.mkdir()
    md, js = ADVISOR.save_summary(rec, resolved, md_path=out / "s.md")
    assert (md, js) == (out / "s.md", out / "s.json")
    assert json.loads(js.read_text(encoding="utf-8"))["recommendation"] == "hybrid"
    assert "## The questions behind it" in md.read_text(encoding="utf-8")
    (out / "t.json").write_text("{}", encoding="utf-8")
    with pytest.raises(OutputError, match=r"t\.json: already exists"):
        ADVISOR.save_summary(rec, None, md_path=out / "t.md")
    assert not (out / "t.md").exists()
    assert (out / "t.json").read_text(encoding="utf-8") == "{}"
    ADVISOR.save_summary(rec, None, md_path=out / "t.md", force=True)
    assert json.loads((out / "t.json").read_text(encoding="utf-8"))["recommendation"] == "hybrid"
    assert sorted(path.name for path in out.iterdir()) == ["s.json", "s.md", "t.json", "t.md"]


def test_a_failed_forced_save_keeps_the_previous_summary(
    answers: Path, pricing: Pricing, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rec, resolved = recommendation(answers, pricing)
    (tmp_path / "s.md").write_text("old summary", encoding="utf-8")
    (tmp_path / "s.json").write_text("{}", encoding="utf-8")
    real_place = files._place_new
    calls: list[Path] = []

    def place_then_fail(temporary: Path, path: Path, force: bool) -> None:
        calls.append(path)
        if path.suffix == ".json":  # the .md is already in place when the .json fails
            raise OSError(28, "No space left on device")
        real_place(temporary, path, force)

    monkeypatch.setattr(files, "_place_new", place_then_fail)
    with pytest.raises(OutputError, match="No space left"):
        ADVISOR.save_summary(rec, resolved, md_path=tmp_path / "s.md", force=True)
    assert calls == [tmp_path / "s.md", tmp_path / "s.json"]
    assert (tmp_path / "s.md").read_text(encoding="utf-8") == "old summary"
    assert (tmp_path / "s.json").read_text(encoding="utf-8") == "{}"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["answers.yaml", "s.json", "s.md"]


@pytest.mark.parametrize(("text", "words"), BAD_FILES)
def test_bad_answers_exit_2_through_recommend(
    cli: Callable[..., Run], tmp_path: Path, text: str, words: list[str]
) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    run = cli("recommend", "--answers", str(path), "--format", "json")
    assert_one_line_error(run, path, words)
