"""The yardstick for the interview's start-up: the least a Textual app with a choice list does.

A Header, an OptionList of five choices and a Footer, nothing else. `bench/bench_tui.py`
launches it and `advisor` the same way, in a real terminal (tmux), and compares the moments
their choices appear.

    python bench/minimal_app.py
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, OptionList

CHOICES = ["Hardly ever", "About once a year", "Every month or so", "Every week", "Every day"]


class MinimalApp(App[None]):
    """Five choices, ready to pick."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield OptionList(*CHOICES)
        yield Footer()


if __name__ == "__main__":
    MinimalApp().run()
