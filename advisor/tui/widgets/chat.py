"""The conversation: the advisor's messages on the left, the user's replies on the right."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static


class Said(Static):
    """One message; `.advisor` or `.user` sets its side and colour."""


class ChatLog(VerticalScroll):
    """The scrolling conversation, always showing its latest message."""

    can_focus = False

    def advisor(self, text: str, *, classes: str = "") -> None:
        self._add(Said(text, classes=f"advisor {classes}".strip()))

    def advisor_markdown(self, text: str) -> None:
        """A longer message with Markdown formatting (an FAQ answer)."""
        # Markdown costs ~28 ms to import, which the first question would wait for.
        from advisor.tui.widgets.said_markdown import SaidMarkdown

        self._add(SaidMarkdown(text, classes="advisor"))

    def user(self, text: str, *, classes: str = "") -> None:
        self._add(Said(text, classes=f"user {classes}".strip(), markup=False))

    def _add(self, widget: Widget) -> None:
        self.mount(widget)
        self.call_after_refresh(self.scroll_end, animate=False)
