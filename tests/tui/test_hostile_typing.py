"""What a user types never reaches Textual markup: brackets print as typed and cannot start an
action, and control characters never reach the screen raw."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from advisor.tui.app import AdvisorApp
from tests.tui.helpers import chat_text, pick, type_line

SIZE = (100, 32)
HOSTILE = ["10k [/]", "[@click=app.quit]quit[/]", "[b]bold", "[link=file:///etc/passwd]x[/link]",
           "1" + " " * 400 + "!", "\x1b]0;owned\x07", "١٢٣", "[red]", "${x}", "{labeled_examples:d}"]


async def _at_question(pilot: object, app: AdvisorApp, key: str) -> None:
    while app.interview.current != key:
        await pick(pilot)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", HOSTILE)
async def test_hostile_text_in_a_number_question_is_read_back_as_typed(
        make_app: Callable[..., AdvisorApp], text: str) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _at_question(pilot, app, "monthly_queries")
        await type_line(pilot, text)
        assert app.is_running  # no MarkupError, no action ran
        assert app.interview.current == "monthly_queries"  # not accepted as an answer
        assert "\x1b" not in "".join(chat_text(app))
