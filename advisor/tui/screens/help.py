"""Markdown dialogs: why a question is asked (F2) and the help (F1).

Kept apart from the yes/no and save dialogs because Markdown is slow to import and the
interview's first question needs none of it: see `advisor.tui.app`.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Markdown

HELP = Path(__file__).parent.parent / "help.md"


class MarkdownDialog(ModalScreen[None]):
    """A scrollable Markdown text; escape or enter closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,enter,q,f1,f2", "dismiss(None)", "Close")]

    def __init__(self, text: str) -> None:
        super().__init__(classes="dialog-screen")
        self.text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Markdown(self.text)
            yield Label("[dim]esc to close[/dim]")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()


class WhyScreen(MarkdownDialog):
    """Why is this asked: the help text and the rules that read the answer."""


class HelpScreen(MarkdownDialog):
    """F1: the keys and how the interview works."""

    def __init__(self) -> None:
        super().__init__(HELP.read_text(encoding="utf-8"))
