"""The conversation: the advisor's messages on the left, the user's replies on the right."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from advisor.errors import printable


class Said(Static):
    """One message; `.advisor` or `.user` sets its side and colour."""


class ChatLog(VerticalScroll):
    """The scrolling conversation, always showing its latest message.

    The log is anchored to its end, so a new message is laid out already in view: one layout
    and one paint, where scrolling once the message is shown would take two and repaint the
    whole log twice. Messages go above a filler that takes the room they leave (none once
    they overflow): an anchored log shorter than its view would otherwise sit at its bottom.
    """

    can_focus = False

    def compose(self) -> ComposeResult:
        yield Static(id="filler")

    def on_mount(self) -> None:
        self.anchor()

    def advisor(self, text: str, *, classes: str = "", emphasis: str = "") -> None:
        """A message from the advisor, plain text: whatever it quotes (a typed answer, a file's
        text) prints as written and is never read as markup. `emphasis` follows in bold."""
        content = Content(printable(text))
        if emphasis:
            content += Content.styled(printable(emphasis), "bold")
        self._add(Said(content, classes=f"advisor {classes}".strip()))

    def advisor_markdown(self, text: str) -> None:
        """A longer message with Markdown formatting (an FAQ answer)."""
        # Markdown is slow to import, and the first question would wait for it.
        from advisor.tui.widgets.said_markdown import SaidMarkdown

        self._add(SaidMarkdown(text, classes="advisor"))

    def user(self, text: str, *, classes: str = "") -> None:
        self._add(Said(printable(text), classes=f"user {classes}".strip(), markup=False))

    def _add(self, widget: Widget) -> None:
        self.mount(widget, before="#filler")
        self.scroll_end(animate=False)  # anchored again if the user had scrolled up
