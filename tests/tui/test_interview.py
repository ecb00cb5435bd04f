"""The interview as a user drives it: answers, going back, skipping, asking, bad input."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input

from advisor import session
from advisor.service import Advisor
from advisor.tui.app import AdvisorApp
from advisor.tui.screens.help import WhyScreen
from advisor.tui.screens.interview import InterviewScreen
from advisor.tui.screens.result import ResultScreen
from advisor.tui.screens.review import ReviewScreen
from tests.tui.helpers import answer_current, chat_text, pick, question, type_line

SIZE = (100, 32)


async def test_whole_interview_reaches_the_engines_verdict(
        make_app: Callable[..., AdvisorApp], advisor: Advisor) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        asked = [await answer_current(pilot, app) for _ in app.interview.keys]
        assert asked == app.interview.keys
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
        expected = advisor.recommend(advisor.resolve(app.interview.answers))
        headline = str(app.screen.query_one("#headline").render())
        assert app.interview.answers["monthly_queries"] == "10k/day"
        assert app.interview.answers["labeled_examples"] == "5k"
        assert expected.recommendation in {"fine_tune", "rag", "hybrid"}
        label = {"fine_tune": "Fine-tuning", "rag": "RAG", "hybrid": "Hybrid"}[expected.recommendation]
        assert f"Recommendation: {label}" in headline
        assert f"{expected.confidence:.0%}" in headline


async def test_going_back_changes_the_previous_answer_and_keeps_later_ones(
        make_app: Callable[..., AdvisorApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pick(pilot, downs=2)  # data_volatility: monthly -> daily
        await pick(pilot)  # query_variety: mixed
        await pick(pilot)  # latency: interactive
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.interview.current == "query_variety"
        assert app.interview.answers["latency"] == "interactive"
        await pick(pilot, downs=1)  # mixed -> broad
        assert app.interview.answers == {"data_volatility": "daily", "query_variety": "broad",
                                         "latency": "interactive"}
        assert app.interview.current == "latency"


async def test_back_on_the_first_question_stays_there(make_app: Callable[..., AdvisorApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        await pilot.pause()
        assert app.interview.current == "data_volatility"
        assert isinstance(app.screen, InterviewScreen)


async def test_skip_uses_the_default_and_marks_it(make_app: Callable[..., AdvisorApp],
                                                  advisor: Advisor) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        assert app.interview.current == "query_variety"
        assert app.interview.skipped == ["data_volatility"]
        assert "data_volatility" not in app.interview.answers
        assert "(skipped: the default, Every month or so)" in chat_text(app)
        resolved = advisor.resolve(app.interview.answers)
        assert "data_volatility" in resolved.defaulted
        assert resolved.answers.data_volatility == "monthly"


async def test_a_question_gets_the_faq_answer_and_the_question_again(
        make_app: Callable[..., AdvisorApp], advisor: Advisor) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pick(pilot)
        query = "how much training data do I need?"
        await type_line(pilot, query)
        await app.workers.wait_for_complete()
        await pilot.pause()
        best = advisor.ask(query).matches[0]
        messages = chat_text(app)
        reply = next(text for text in messages if best.answer in text)
        assert f"[{best.id}]" in reply
        assert messages[-1] == f"Back to my question: {question(advisor, 'query_variety').question}"
        assert app.interview.current == "query_variety"
        assert list(app.interview.answers) == ["data_volatility"]
        assert app.focused is not None and app.focused.id == "choices"  # asked again, ready to pick


@pytest.mark.parametrize(("query", "says"), [
    ("should we fine-tune or use RAG?", "This interview works out for your case"),
    ("LoRA or full fine-tuning?", "The guide does not cover"),
    ("¿Cuánto cuesta ajustar un modelo?", "Only questions in English"),
])
async def test_a_question_the_faq_answers_in_its_own_way_is_answered_that_way(
        make_app: Callable[..., AdvisorApp], advisor: Advisor, query: str, says: str) -> None:
    """"Fine-tune or RAG?" gets the decision summary and the interview itself as the way to an
    answer for this case; a topic the guide leaves out is said to be left out, with the nearest
    entries; another language is said to be not understood."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pick(pilot)
        await type_line(pilot, query)
        await app.workers.wait_for_complete()
        await pilot.pause()
        reply = " ".join(" ".join(chat_text(app)).split())
        assert says.casefold() in reply.casefold()
        result = advisor.ask(query)
        if result.summary:
            assert " ".join(result.summary.split()).rstrip(".") in reply
        assert "run `advisor`" not in reply  # the CLI's invitation, not the interview's
        assert chat_text(app)[-1].startswith("Back to my question: ")


async def test_unreadable_answer_names_what_is_allowed_and_keeps_the_text(
        make_app: Callable[..., AdvisorApp]) -> None:
    app = make_app()
    app.interview.position = app.interview.keys.index("monthly_queries")
    async with app.run_test(size=SIZE) as pilot:
        await type_line(pilot, "lots")
        assert app.interview.current == "monthly_queries"
        assert app.screen.query_one("#typed", Input).value == "lots"
        assert "10k/day" in chat_text(app)[-1]
        assert chat_text(app)[-1].startswith("Sorry, I could not read that")


async def test_number_input_reads_back_what_it_understood(make_app: Callable[..., AdvisorApp]) -> None:
    app = make_app()
    app.interview.position = app.interview.keys.index("monthly_queries")
    async with app.run_test(size=SIZE) as pilot:
        pilot.app.screen.query_one("#typed", Input).focus()
        await pilot.press(*"10k/day")
        await pilot.pause()
        assert str(app.screen.query_one("#understood").render()) == "→ about 304,167 queries a month"


async def test_a_count_reads_back_with_its_unit(make_app: Callable[..., AdvisorApp]) -> None:
    app = make_app()
    app.interview.position = app.interview.keys.index("labeled_examples")
    async with app.run_test(size=SIZE) as pilot:
        typed = pilot.app.screen.query_one("#typed", Input)
        typed.focus()
        typed.value = ""
        await pilot.press(*"5k")
        await pilot.pause()
        assert str(app.screen.query_one("#understood").render()) == "→ 5,000 labeled examples"


async def test_why_is_this_asked_shows_the_help_and_the_rules(
        make_app: Callable[..., AdvisorApp], advisor: Advisor) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, WhyScreen)
        text = app.screen.text
        assert question(advisor, "data_volatility").help in text
        readers = advisor.rules.reading("data_volatility")
        assert any(reader.direct for reader in readers)
        for reader in readers:
            assert reader.rule not in text  # rules are named by what they check
            if reader.direct:
                assert reader.description in text
        await pilot.press("escape")
        assert isinstance(app.screen, InterviewScreen)


async def test_why_lists_the_rules_that_decide_on_the_answer_not_every_cost_comparison(
        make_app: Callable[..., AdvisorApp], advisor: Advisor) -> None:
    """The volume feeds every cost comparison and no rule reads it itself: F2 says so in a
    line rather than listing the eight rules that compare the totals."""
    app = make_app()
    app.interview.position = app.interview.keys.index("monthly_queries")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, WhyScreen)
        text = app.screen.text
        comparisons = advisor.rules.reading("monthly_queries")
        assert comparisons and not any(reader.direct for reader in comparisons)
        assert not any(reader.description in text for reader in comparisons)
        assert f"{len(comparisons)} rules weigh the options' totals" in text
        assert "fine_tune" not in text and "vetoes" not in text


async def test_every_answer_is_on_disk_at_once(make_app: Callable[..., AdvisorApp],
                                               data_folder: Path) -> None:
    """What `kill -9` would leave behind: the session file once each answer's autosave has run
    (in a worker thread, while the next question is shown), before any exit."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(5):
            key = await answer_current(pilot, app)
            await app.autosaved()
            saved = json.loads((data_folder / session.SESSION_FILE).read_text())
            assert key in saved["answers"]
            assert saved["answers"] == app.interview.answers
            assert saved["position"] == app.interview.position


async def test_resume_after_a_crash(make_app: Callable[..., AdvisorApp]) -> None:
    first = make_app()
    async with first.run_test(size=SIZE) as pilot:
        for _ in range(3):
            await answer_current(pilot, first)
        await pilot.press("f3")
        given = dict(first.interview.answers)
        await first.autosaved()
    # No clean exit matters: the file was written when each answer was given.
    second = make_app()
    async with second.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(second.screen, InterviewScreen)
        assert second.interview.answers == given
        assert second.interview.skipped == ["privacy"]
        assert second.interview.current == "monthly_queries"
        assert "Real time" not in " ".join(chat_text(second))  # replayed the given answers
        assert any("Interactive" in text for text in chat_text(second))


async def test_start_afresh_discards_the_unfinished_interview(
        make_app: Callable[..., AdvisorApp], data_folder: Path) -> None:
    first = make_app()
    async with first.run_test(size=SIZE) as pilot:
        await answer_current(pilot, first)
    second = make_app()
    async with second.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert second.interview.answers == {}
        assert second.interview.current == "data_volatility"
        await second.autosaved()
    assert session.load_unfinished(data_folder / session.SESSION_FILE) is None


async def test_a_typed_choice_is_kept_as_its_value(make_app: Callable[..., AdvisorApp]) -> None:
    app = make_app()
    app.interview.position = app.interview.keys.index("privacy")
    async with app.run_test(size=SIZE) as pilot:
        await type_line(pilot, "On premise")
        await type_line(pilot, "5000/week")
        assert app.interview.answers == {"privacy": "on_premise", "monthly_queries": "5000/week"}
        assert "On premise → On our own premises only" in chat_text(app)


async def test_typing_on_a_choice_list_goes_to_the_answer_line(
        make_app: Callable[..., AdvisorApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"weekly", "enter")
        await pilot.pause()
        assert app.interview.answers == {"data_volatility": "weekly"}
        # A fast typist's keys all reach the list before the focus moves: none may be lost.
        for key in "how much data do I need?":
            app.screen.query_one("#choices").focus()
            await pilot.press(key)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "how much data do I need?" in chat_text(app)


async def test_a_saved_interview_that_no_longer_validates_starts_afresh(
        make_app: Callable[..., AdvisorApp], data_folder: Path) -> None:
    broken = session.Interview(keys=["data_volatility"], answers={"data_volatility": "hourly"},
                               position=1)
    session.save(broken, data_folder / session.SESSION_FILE)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert app.interview.answers == {}
        assert app.interview.current == "data_volatility"
        await app.autosaved()
    assert session.load_unfinished(data_folder / session.SESSION_FILE) is None


async def test_typing_replaces_the_current_number(make_app: Callable[..., AdvisorApp]) -> None:
    app = make_app()
    app.interview.position = app.interview.keys.index("horizon_months")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#typed", Input).value == "12"
        await pilot.press("2", "4", "enter")
        await pilot.pause()
        assert app.interview.answers == {"horizon_months": "24"}


async def test_an_older_autosave_finishing_late_never_replaces_a_newer_one(
        make_app: Callable[..., AdvisorApp], data_folder: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await answer_current(pilot, app)
        await app.autosaved()
        older = session.Interview(keys=app.interview.keys, answers={"data_volatility": "daily"})
        newer = session.Interview(keys=app.interview.keys, answers={"data_volatility": "weekly"})
        app._store(11, newer)
        await app.autosaved()
        app._store(10, older)  # made before the newer one, its thread ran after
        await app.autosaved()
        saved = json.loads((data_folder / session.SESSION_FILE).read_text())
        assert saved["answers"] == {"data_volatility": "weekly"}


async def test_typed_answers_are_read_the_way_people_say_them(
        make_app: Callable[..., AdvisorApp]) -> None:
    app = make_app()
    app.interview.position = app.interview.keys.index("privacy")
    async with app.run_test(size=SIZE) as pilot:
        await type_line(pilot, "on-prem")
        await type_line(pilot, "600 notes a day")
        await type_line(pilot, "steady")
        await type_line(pilot, "our own servers")
        assert app.interview.answers == {"privacy": "on_premise", "monthly_queries": "600 a day",
                                         "volume_predictability": "steady", "hosting": "own_gpu"}
        said = chat_text(app)
        assert "600 notes a day (18,250 queries a month)" in said
        assert "our own servers → We have our own GPUs" in said
        app.interview.position = app.interview.keys.index("horizon_months")
        app.screen.ask()  # type: ignore[attr-defined]
        await pilot.pause()
        await type_line(pilot, "2 years")
        assert app.interview.answers["horizon_months"] == "24"


async def test_an_unreadable_choice_names_the_choices_by_their_labels(
        make_app: Callable[..., AdvisorApp], advisor: Advisor) -> None:
    app = make_app()
    app.interview.position = app.interview.keys.index("hosting")
    async with app.run_test(size=SIZE) as pilot:
        await type_line(pilot, "a toaster")
        assert app.interview.current == "hosting"
        message = chat_text(app)[-1]
        assert message.startswith("Sorry, I could not read that")
        for choice in question(advisor, "hosting").choices:
            assert choice.value not in message.replace("own GPUs", "")
        assert "“We have our own GPUs”" in message and "“None”" in message


async def test_the_arrow_keys_work_at_once_after_typing(make_app: Callable[..., AdvisorApp]) -> None:
    """Typed text that is no answer, then cleared: the first arrow key moves in the list
    and the first enter picks, with no key lost to the answer line."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x", "y", "z", "enter")
        await pilot.pause()
        assert app.interview.current == "data_volatility"
        await pilot.press("ctrl+u", "down", "enter")  # from "Every month or so", one down
        await pilot.pause()
        assert app.interview.answers == {"data_volatility": "weekly"}
        await pilot.press("w", "i", "d", "e", "backspace", "backspace", "backspace", "backspace",
                          "up", "enter")  # from "Mixed", one up
        await pilot.pause()
        assert app.interview.answers["query_variety"] == "narrow"


async def test_labeled_examples_may_be_unknown_or_generated(
        make_app: Callable[..., AdvisorApp]) -> None:
    app = make_app()
    app.interview.position = app.interview.keys.index("labeled_examples")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        options = [str(option.prompt) for option in app.screen.query_one("#choices").options]  # type: ignore[attr-defined]
        assert options[0] == "I don't know" and "generate" in options[1]
        await pick(pilot, downs=1)
        assert app.interview.answers == {"labeled_examples": "unknown", "synthetic_examples": True}
        assert app.interview.current == "must_learn"  # the generated-examples question is answered
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.interview.current == "labeled_examples"
        await type_line(pilot, "about 300")
        assert app.interview.answers["labeled_examples"] == "300"
        assert app.interview.current == "synthetic_examples"


async def test_the_new_questions_are_asked_in_turn(make_app: Callable[..., AdvisorApp]) -> None:
    app = make_app()
    app.interview.position = app.interview.keys.index("must_learn")
    async with app.run_test(size=SIZE) as pilot:
        await type_line(pilot, "behavior")
        assert app.interview.answers == {"must_learn": "behaviour"}
        app.interview.position = app.interview.keys.index("hosting")
        app.screen.ask()  # type: ignore[attr-defined]
        await pilot.pause()
        await type_line(pilot, "a provider serves it")
        assert app.interview.answers["hosting"] == "managed"
