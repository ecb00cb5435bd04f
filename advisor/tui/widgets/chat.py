"""The conversation: the advisor's messages on the left, the user's replies on the right."""

from __future__ import annotations

from typing import TypeVar

from textual.containers import VerticalScroll
from textual.widgets import Markdown, Static

W = TypeVar("W", bound="Static | Markdown")


class Said(Static):
    """One message; `.advisor` or `.user` sets its side and colour."""


class SaidMarkdown(Markdown):
    """A longer advisor message (an FAQ answer) with Markdown formatting."""


class ChatLog(VerticalScroll):
    """The scrolling conversation, always showing its latest message."""

    can_focus = False

    def advisor(self, text: str, *, classes: str = "") -> Said:
        return self._add(Said(text, classes=f"advisor {classes}".strip()))

    def advisor_markdown(self, text: str) -> SaidMarkdown:
        return self._add(SaidMarkdown(text, classes="advisor"))

    def user(self, text: str, *, classes: str = "") -> Said:
        return self._add(Said(text, classes=f"user {classes}".strip(), markup=False))

    def _add(self, widget: W) -> W:
        self.mount(widget)
        self.call_after_refresh(self.scroll_end, animate=False)
        return widget
