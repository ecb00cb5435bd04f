"""The verdict: recommendation, reasoning, the cost chart and table; save or change answers."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Markdown, Static

from advisor.errors import AdvisorError
from advisor.present.phrases import break_even_sentence
from advisor.present.text import costs_table
from advisor.service import Advisor
from advisor.session import Interview
from advisor.tui.explain import headline, verdict_markdown
from advisor.tui.screens.review import ReviewScreen
from advisor.tui.widgets.cost_chart import CostChart
from advisor.tui.widgets.footer import KeysFooter


class ResultScreen(Screen[None]):
    """The recommendation for the interview's answers, updated when one is changed here."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s,s", "app.save", "Save"),
        Binding("c", "change", "Change an answer"),
        Binding("f4", "app.faq", "FAQ"),
        Binding("escape", "app.pop_screen", "Review", show=False),
    ]

    def __init__(self, advisor: Advisor, interview: Interview) -> None:
        super().__init__()
        self.advisor = advisor
        self.interview = interview
        self._saved_answers: dict[str, object] | None = None
        """The answers the shown "Saved ..." line is about: it goes once they change."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="headline")
        yield Static("", id="saved")
        with VerticalScroll(id="result"):
            yield CostChart(id="chart")
            yield Static("", id="cost-table")
            yield Static("", id="break-even")
            yield Markdown("", id="verdict")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.update_result()
        self.query_one("#result").focus()

    def update_result(self) -> None:
        saved = self.query_one("#saved", Static)
        saved.display = saved.display and self.interview.answers == self._saved_answers
        resolved = self.advisor.resolve(dict(self.interview.answers), name="your answers")
        costs = self.advisor.costs(resolved)
        self.query_one(CostChart).show(resolved, self.advisor.pricing, costs)
        self.query_one("#cost-table", Static).update(costs_table(costs))
        self.query_one("#break-even", Static).update(break_even_sentence(costs))
        try:
            rec = self.advisor.recommend(resolved)
        except AdvisorError as exc:
            self.query_one("#headline", Static).update("No recommendation")
            self.query_one("#verdict", Markdown).update(f"The rule engine could not run: {exc}")
            return
        self.query_one("#headline", Static).update(headline(rec))
        self.query_one("#verdict", Markdown).update(verdict_markdown(rec))

    def show_saved(self, md_path: Path, json_path: Path) -> None:
        saved = self.query_one("#saved", Static)
        saved.update(f"Saved {md_path} and {json_path.name}")
        saved.display = True
        self._saved_answers = dict(self.interview.answers)

    def action_change(self) -> None:
        self.app.push_screen(ReviewScreen(self.advisor, self.interview, returning=True),
                             lambda _: self.update_result())
