"""The review: the prices offered after the interview, the model picker, and changing an answer
from the result."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot
from textual.widgets import Input, OptionList
from textual.widgets.option_list import OptionDoesNotExist

from advisor.service import Advisor
from advisor.tui.app import AdvisorApp
from advisor.tui.screens.interview import InterviewScreen
from advisor.tui.screens.result import ResultScreen
from advisor.tui.screens.review import ReviewScreen
from tests.tui.helpers import chat_text, rendered

SIZE = (100, 32)
STARTUP = {"data_volatility": "weekly", "monthly_queries": "20k", "hosting": "managed",
           "must_learn": "knowledge"}


def row(app: AdvisorApp, key: str) -> str:
    return rendered(app.screen.query_one(OptionList).get_option(key).prompt)


async def change(pilot: Pilot[int], app: AdvisorApp, key: str) -> None:
    review = app.screen.query_one(OptionList)
    review.highlighted = review.get_option_index(key)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, InterviewScreen)


async def test_the_review_offers_each_price_with_where_it_comes_from(
        make_app: Callable[..., AdvisorApp], advisor: Advisor) -> None:
    costs = advisor.costs(advisor.resolve(STARTUP))
    app = make_app(STARTUP)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        for item in costs.assumptions:
            assert item.source.split(" (")[0] in row(app, item.key)
        assert "None named: the guide's figures" in row(app, "api_model")
        assert "500 tokens" in row(app, "prompt_tokens")
        assert "used once a model is named" in row(app, "context_tokens")


async def test_the_model_picker_matches_as_you_type_and_prices_the_queries(
        make_app: Callable[..., AdvisorApp], advisor: Advisor) -> None:
    app = make_app(STARTUP)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await change(pilot, app, "api_model")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press(*"gpt4o mini")
        await pilot.pause()
        matches = app.screen.query_one("#choices", OptionList)
        assert str(matches.get_option_at_index(0).prompt) == "openai:gpt-4o-mini"
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.interview.answers["api_model"] == "openai:gpt-4o-mini"
        assert "openai:gpt-4o-mini at 2,500 tokens in" in row(app, "cost_per_query")
        assert "used once a model is named" not in row(app, "context_tokens")


async def test_an_unknown_model_is_refused_with_the_closest_name(
        make_app: Callable[..., AdvisorApp]) -> None:
    app = make_app(STARTUP)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await change(pilot, app, "api_model")
        box = app.screen.query_one("#typed", Input)
        box.value = "gpt-4o-mimi"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert "api_model" not in app.interview.answers
        assert "did you mean 'gpt-4o-mini'" in chat_text(app)[-1]


async def test_no_model_is_offered_when_the_data_stays_on_premise(
        make_app: Callable[..., AdvisorApp]) -> None:
    app = make_app(dict(STARTUP, privacy="on_premise", hosting="own_gpu"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        review = app.screen.query_one(OptionList)
        for key in ("api_model", "prompt_tokens", "context_tokens", "output_tokens"):
            try:
                review.get_option(key)
            except OptionDoesNotExist:
                continue
            raise AssertionError(f"{key} is offered with the data on premise")
        assert "self-hosted" in row(app, "cost_per_query")


async def test_a_price_question_says_what_it_is_rather_than_extra(
        make_app: Callable[..., AdvisorApp]) -> None:
    app = make_app(STARTUP)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await change(pilot, app, "training_cost")
        progress = str(app.screen.query_one("#progress").render())
        assert progress.startswith("A price (optional)") and "extra" not in progress
        await pilot.press("escape")
        await pilot.pause()
        await change(pilot, app, "hosting")
        assert str(app.screen.query_one("#progress").render()).startswith("Changing one answer")


async def test_change_from_the_result_goes_back_to_it_only_once_something_changed(
        make_app: Callable[..., AdvisorApp]) -> None:
    app = make_app(STARTUP)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        await change(pilot, app, "hosting")
        await pilot.press("escape")  # changed nothing: the list again
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await change(pilot, app, "hosting")
        await pilot.press("end", "enter")  # own GPUs
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
        assert app.interview.answers["hosting"] == "own_gpu"
