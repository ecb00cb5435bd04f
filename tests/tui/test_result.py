"""The result screen, saving the summary, the FAQ screen, help and `advisor --answers`."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Markdown, OptionList

from advisor.answers.schema import OPTION_LABELS
from advisor.service import Advisor
from advisor.tui.app import AdvisorApp, run
from advisor.tui.explain import Wording, verdict_markdown
from advisor.tui.screens.dialogs import ConfirmScreen, SavePathScreen
from advisor.tui.screens.faq import FaqScreen
from advisor.tui.screens.help import HelpScreen
from advisor.tui.screens.interview import InterviewScreen
from advisor.tui.screens.result import ResultScreen
from advisor.tui.screens.review import ReviewScreen
from advisor.tui.widgets.cost_chart import short
from tests.tui.conftest import TODAY
from tests.tui.helpers import pick, rendered

SIZE = (100, 32)
DAILY_BIG = {"data_volatility": "daily", "monthly_queries": "10k/day", "audit_trail": True}


async def open_result(pilot: Pilot[int], app: AdvisorApp) -> None:
    await pilot.pause()
    assert isinstance(app.screen, ReviewScreen)
    await pilot.press("r")
    await pilot.pause()
    assert isinstance(app.screen, ResultScreen)


def headline(app: AdvisorApp) -> str:
    return str(app.screen.query_one("#headline").render())


async def test_answers_file_opens_at_the_review(make_app: Callable[..., AdvisorApp]) -> None:
    app = make_app(DAILY_BIG)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        rows = app.screen.query_one(OptionList)
        assert "10k/day (about 304,167 queries a month)" in rendered(
            rows.get_option("monthly_queries").prompt)


def test_a_bad_answers_file_exits_2_without_starting(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("data_volatility: hourly\n")
    assert run(answers=str(bad)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "bad.yaml:1" in err and "data_volatility" in err and "daily" in err


async def test_result_shows_the_engines_verdict_and_costs(
        make_app: Callable[..., AdvisorApp], advisor: Advisor) -> None:
    app = make_app(DAILY_BIG)
    async with app.run_test(size=SIZE) as pilot:
        await open_result(pilot, app)
        rec = advisor.recommend(advisor.resolve(DAILY_BIG))
        assert f"confidence {rec.confidence:.0%}" in headline(app)
        verdict = app.screen.query_one("#verdict", Markdown).source
        for reason in rec.reasons:
            assert reason.text in verdict
        table = app.screen.query_one("#cost-table").render()
        assert table is not None


async def test_changing_an_answer_from_the_result_updates_it(
        make_app: Callable[..., AdvisorApp], advisor: Advisor) -> None:
    app = make_app(DAILY_BIG)
    async with app.run_test(size=SIZE) as pilot:
        await open_result(pilot, app)
        before = app.screen.query_one("#verdict", Markdown).source
        await pilot.press("c")
        await pilot.pause()
        review = app.screen.query_one(OptionList)
        review.highlighted = review.get_option_index("data_volatility")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        await pilot.press("home", "enter")  # static
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)  # straight back, no second key
        changed = dict(DAILY_BIG, data_volatility="static")
        assert app.interview.answers == changed
        rec = advisor.recommend(advisor.resolve(changed))
        after = app.screen.query_one("#verdict", Markdown).source
        assert after != before
        assert all(reason.text in after for reason in rec.reasons)


async def test_the_saved_line_goes_once_an_answer_changes(
        make_app: Callable[..., AdvisorApp]) -> None:
    app = make_app(DAILY_BIG)
    async with app.run_test(size=SIZE) as pilot:
        await open_result(pilot, app)
        await save(pilot, app)
        assert app.screen.query_one("#saved").display
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("r")  # back without a change: the summary still matches
        await pilot.pause()
        assert app.screen.query_one("#saved").display
        await pilot.press("c")
        await pilot.pause()
        review = app.screen.query_one(OptionList)
        review.highlighted = review.get_option_index("data_volatility")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("home", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
        assert not app.screen.query_one("#saved").display


def test_a_close_call_is_named_once(advisor: Advisor) -> None:
    rec = advisor.recommend(advisor.resolve(DAILY_BIG))
    close = dataclasses.replace(rec, close_call=True, margin=1.0)
    text = verdict_markdown(close, Wording(advisor.questions))
    assert text.count("lose call") == 1
    assert f"**A close call: {OPTION_LABELS[rec.recommendation]} leads" in text


async def save(pilot: Pilot[int], app: AdvisorApp, name: str | None = None) -> None:
    await pilot.press("s")
    await pilot.pause()
    assert isinstance(app.screen, SavePathScreen)
    if name is not None:
        app.screen.query_one(Input).value = name
    await pilot.press("enter")
    await pilot.pause()


async def test_save_writes_markdown_and_json_and_never_clobbers(
        make_app: Callable[..., AdvisorApp], tmp_path: Path) -> None:
    app = make_app(DAILY_BIG)
    async with app.run_test(size=SIZE) as pilot:
        await open_result(pilot, app)
        await save(pilot, app)
        md = tmp_path / f"advisor-summary-{TODAY:%Y-%m-%d}.md"
        json_path = md.with_suffix(".json")
        assert app.saved == (md, json_path)
        assert md.read_text().strip()
        assert json.loads(json_path.read_text())["recommendation"] in {"fine_tune", "rag", "hybrid"}
        md.write_text("mine")
        await save(pilot, app)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert md.read_text() == "mine"
        await save(pilot, app)
        await pilot.press("y")
        await pilot.pause()
        assert md.read_text() != "mine"
        assert isinstance(app.screen, ResultScreen)


async def test_save_to_an_edited_name(make_app: Callable[..., AdvisorApp], tmp_path: Path) -> None:
    app = make_app(DAILY_BIG)
    async with app.run_test(size=SIZE) as pilot:
        await open_result(pilot, app)
        await save(pilot, app, str(tmp_path / "ours.md"))
        assert (tmp_path / "ours.md").exists() and (tmp_path / "ours.json").exists()


async def test_faq_screen_answers_as_you_type(make_app: Callable[..., AdvisorApp],
                                              advisor: Advisor) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.screen, FaqScreen)
        await pilot.press(*"how often should I retrain")
        await app.workers.wait_for_complete()
        await pilot.pause()
        best = advisor.ask("how often should I retrain").matches[0]
        results = app.screen.query_one(OptionList)
        assert results.option_count >= 1
        assert results.get_option_at_index(0).id == best.id
        answer = app.screen.query_one("#faq-answer", Markdown).source
        assert best.answer in answer and f"[{best.id}]" in answer
        await pilot.press("escape")
        assert isinstance(app.screen, InterviewScreen)


async def test_faq_screen_says_what_the_guide_leaves_out_and_answers_which_to_choose(
        make_app: Callable[..., AdvisorApp], advisor: Advisor) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        for query, says in (("what embedding model should I use?", "does not cover"),
                            ("fine-tune or RAG for legal documents?", "works out for your case")):
            box = app.screen.query_one("#faq-search", Input)
            box.value = query
            await app.workers.wait_for_complete()
            await pilot.pause()
            answer = " ".join(app.screen.query_one("#faq-answer", Markdown).source.split())
            assert says in answer, answer
            nearest = [match.id for match in advisor.ask(query).matches]
            results = app.screen.query_one(OptionList)
            assert [results.get_option_at_index(i).id
                    for i in range(results.option_count)] == nearest


async def test_f1_opens_the_help(make_app: Callable[..., AdvisorApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "F2" in app.screen.text


async def test_theme_toggles(make_app: Callable[..., AdvisorApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        first = app.theme
        await pilot.press("ctrl+t")
        assert app.theme != first


async def test_the_command_palette_offers_the_main_actions(make_app: Callable[..., AdvisorApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for title in ("New interview", "FAQ", "Save summary", "Resume interview", "Help", "Theme"):
            assert title in titles
        await pick(pilot, downs=1)
        new = next(c for c in app.get_system_commands(app.screen) if c.title == "New interview")
        new.callback()
        await pilot.pause()
        assert app.interview.answers == {}
        assert isinstance(app.screen, InterviewScreen)


def test_invalid_rules_close_the_app_with_one_line_and_exit_2(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The rules are read once the first question is on screen: a broken file closes the app."""
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "broken.yaml").write_text("rules:\n  - id: x\n    when: {nope: 1}\n")
    in_a_terminal = AdvisorApp.run
    monkeypatch.setattr(AdvisorApp, "run", lambda self: in_a_terminal(self, headless=True))
    assert run(rules=str(rules)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "broken.yaml" in err


def test_advisor_answers_file_starts_the_app_with_those_answers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[AdvisorApp] = []

    def fake_run(self: AdvisorApp) -> None:
        started.append(self)

    monkeypatch.setattr(AdvisorApp, "run", fake_run)
    answers = tmp_path / "answers.yaml"
    answers.write_text("data_volatility: daily\nmonthly_queries: 10k/day\n")
    assert run(answers=str(answers)) == 0
    assert started[0]._given == {"data_volatility": "daily", "monthly_queries": "10k/day"}


NO_HOSTING = {"hosting": "none", "privacy": "on_premise", "must_learn": "both",
              "style_needs": True, "labeled_examples": 50_000}
"""A hybrid with nowhere to serve its tuned model (the rules' `nowhere-to-serve` conflict),
where every other option breaks a stated constraint too (RAG's model has no servers on
premise), so the hybrid's higher score decides."""
BANK = {"data_volatility": "daily", "audit_trail": True, "latency": "realtime",
        "monthly_queries": "2M", "hosting": "own_gpu"}


def screen_text(app: AdvisorApp) -> str:
    """Everything the result screen says, as plain text."""
    parts = [str(app.screen.query_one(f"#{name}").render())
             for name in ("headline", "conflicts", "cost-table", "pricing", "chart-key")]
    return "\n".join([*parts, app.screen.query_one("#verdict", Markdown).source])


async def test_a_hybrid_with_nowhere_to_serve_shows_the_conflict_by_the_verdict(
        make_app: Callable[..., AdvisorApp], advisor: Advisor) -> None:
    rec = advisor.recommend(advisor.resolve(NO_HOSTING))
    assert rec.recommendation == "hybrid" and "nowhere-to-serve" in [c.rule for c in rec.conflicts]
    app = make_app(NO_HOSTING)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_result(pilot, app)
        assert f"{len(rec.conflicts)} conflicts" in headline(app)
        conflicts = app.screen.query_one("#conflicts")
        assert conflicts.display and conflicts.region.y < 6  # right under the verdict
        text = str(conflicts.render())
        assert rec.conflicts[0].text in text.replace("\n", " ") or "served somewhere" in text
        assert "None: we would rather not host a model" in text.replace("\n", " ")
        assert "To resolve it" in text


async def test_no_answers_key_or_choice_code_reaches_the_result(
        make_app: Callable[..., AdvisorApp], advisor: Advisor) -> None:
    for given in (NO_HOSTING, BANK):
        app = make_app(given)
        async with app.run_test(size=SIZE) as pilot:
            await open_result(pilot, app)
            text = screen_text(app)
            codes = [question.key for question in advisor.questions]
            codes += [choice.value for question in advisor.questions for choice in question.choices]
            for code in codes:
                assert (code not in text if "_" in code
                        else f"({code})" not in text and f"{code} were" not in text)
            assert "fine_tune" not in text


async def test_why_not_leaves_out_rules_the_answers_rule_out(
        make_app: Callable[..., AdvisorApp], advisor: Advisor) -> None:
    """50,000 labeled examples: "without labeled examples" could never apply, so it is no
    reason against anything; a rule that waits on an unanswered question is kept."""
    app = make_app(NO_HOSTING)
    async with app.run_test(size=SIZE) as pilot:
        await open_result(pilot, app)
        verdict = app.screen.query_one("#verdict", Markdown).source
        assert "Without labeled examples" not in verdict
        assert "not answered yet: How often do the facts your system must know change?" in verdict


async def test_the_result_shows_how_it_was_priced_and_one_query_s_price(
        make_app: Callable[..., AdvisorApp], advisor: Advisor) -> None:
    given = {"privacy": "public_api_ok", "hosting": "managed", "api_model": "gpt-4o-mini",
             "monthly_queries": "20k"}
    costs = advisor.costs(advisor.resolve(given))
    app = make_app(given)
    async with app.run_test(size=SIZE) as pilot:
        await open_result(pilot, app)
        pricing = str(app.screen.query_one("#pricing").render()).replace("\n", " ")
        assert "a named API model, priced per token" in pricing
        assert costs.mode == "api" and costs.mode_note.split(":")[0] in pricing
        source = next(item.source for item in costs.assumptions if item.key == "cost_per_query")
        assert "One RAG query:" in pricing and source.split(" (")[0] in pricing


async def test_the_verdict_and_the_cost_table_fit_80x24_unscrolled(
        make_app: Callable[..., AdvisorApp]) -> None:
    for given in (BANK, NO_HOSTING, DAILY_BIG):
        app = make_app(given)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_result(pilot, app)
            table = app.screen.query_one("#cost-table")
            footer_row = 23
            assert table.region.y + 6 <= footer_row  # title, heading, rule, three options
            assert app.screen.query_one("#result").scroll_y == 0


async def test_the_chart_key_shows_the_volume_and_the_break_even_at_80_columns(
        make_app: Callable[..., AdvisorApp], advisor: Advisor) -> None:
    point = advisor.costs(advisor.resolve(DAILY_BIG)).break_even_monthly_queries
    assert point is not None
    app = make_app(DAILY_BIG)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_result(pilot, app)
        key = app.screen.query_one("#chart-key")
        text = str(key.render())
        assert "you: 304k/month" in text and f"break-even: {short(point)}/month" in text
        assert key.region.width <= 80
        for glyph, name in (("•", "Fine-tuning"), ("x", "RAG"), ("+", "Hybrid")):
            assert f"{glyph} {name}" in text


async def test_an_option_set_aside_for_a_stated_constraint_is_said_by_the_scores(
        make_app: Callable[..., AdvisorApp], advisor: Advisor) -> None:
    given = {"latency": "realtime", "must_learn": "both", "hosting": "cloud_gpu"}
    rec = advisor.recommend(advisor.resolve(given))
    assert rec.set_aside and not rec.conflicts
    app = make_app(given)
    async with app.run_test(size=SIZE) as pilot:
        await open_result(pilot, app)
        text = " ".join(screen_text(app).split())
        assert "would break your answer" in text and "How fast answers must arrive" in text
        assert "It breaks what you said" in text  # the why-not of the option set aside
