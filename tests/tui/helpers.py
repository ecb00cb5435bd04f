"""Driving the interview from pilot tests: answer the current question the way a user would."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input

from advisor.knowledge import Question
from advisor.service import Advisor
from advisor.tui.app import AdvisorApp
from advisor.tui.widgets.chat import Said
from advisor.tui.widgets.said_markdown import SaidMarkdown

# What a user types or picks for each question, by kind (choices by their position in the list).
TYPED = {"monthly_queries": "10k/day", "labeled_examples": "5k", "horizon_months": "24"}


def question(advisor: Advisor, key: str) -> Question:
    """The interview's question for an answers key."""
    return next(question for question in advisor.questions if question.key == key)


async def type_line(pilot: Pilot[Any], text: str) -> None:
    """Type into the answer line and press enter."""
    box = pilot.app.screen.query_one("#typed", Input)
    box.focus()
    box.value = text
    await pilot.press("enter")
    await pilot.pause()


async def pick(pilot: Pilot[Any], downs: int = 0) -> None:
    """Pick from the choice list: from the highlighted (current) answer, `downs` down."""
    pilot.app.screen.query_one("#choices").focus()
    await pilot.press(*(["down"] * downs), "enter")
    await pilot.pause()


async def answer_current(pilot: Pilot[Any], app: AdvisorApp) -> str:
    key = app.interview.current
    assert key is not None
    if key in TYPED:
        await type_line(pilot, TYPED[key])
    else:
        await pick(pilot)
    return key


def chat_text(app: AdvisorApp) -> list[str]:
    """Every message in the conversation, as plain text, oldest first."""
    texts = []
    for widget in app.screen.query("Said, SaidMarkdown"):
        if isinstance(widget, Said):
            texts.append(str(widget.render()))
        elif isinstance(widget, SaidMarkdown):
            texts.append(widget.source)
    return texts


def rendered(renderable: Any, width: int = 100) -> str:
    """A rich renderable (a review row, a table) as the plain text it shows."""
    out = io.StringIO()
    Console(width=width, file=out, color_system=None).print(renderable)
    return out.getvalue()
