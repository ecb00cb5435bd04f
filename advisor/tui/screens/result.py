"""The verdict: recommendation, conflicts, the costs and their pricing, the chart, the
reasoning; save or change answers.

The screen opens on what a reader needs first, in the order they need it: the verdict, any
stated constraint it breaks, the cost table (all within 80x24 without scrolling), then how
the costs were priced, the chart, and the reasoning.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Markdown, Static

from advisor.costs import Costs
from advisor.errors import AdvisorError
from advisor.numbers import money
from advisor.present.phrases import break_even_sentence, mode_sentence
from advisor.service import Advisor
from advisor.session import Interview
from advisor.tui.explain import Wording, conflicts_text, headline, verdict_markdown
from advisor.tui.screens.review import ReviewScreen
from advisor.tui.widgets.cost_chart import CostChart
from advisor.tui.widgets.cost_table import cost_table
from advisor.tui.widgets.footer import KeysFooter


def pricing_text(costs: Costs) -> Text:
    """How the costs were priced: the mode and why, one RAG query's price and where it came
    from, and the break-even."""
    text = Text(mode_sentence(costs))
    per_query = next((item for item in costs.assumptions if item.key == "cost_per_query"), None)
    if per_query is not None:
        text.append("\nOne RAG query: ", style="bold")
        text.append(f"{money(per_query.value)}, {per_query.source}.")
    text.append("\n")
    text.append(break_even_sentence(costs))
    return text


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
        self.wording = Wording(advisor.questions)
        self._saved_answers: dict[str, object] | None = None
        """The answers the shown "Saved ..." line is about: it goes once they change."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="headline")
        yield Static("", id="saved")
        with VerticalScroll(id="result"):
            conflicts = Static("", id="conflicts")
            conflicts.border_title = "Conflicts with your answers"
            yield conflicts
            yield Static("", id="cost-table")
            yield Static("", id="pricing")
            yield CostChart(id="chart")
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
        self.query_one(CostChart).show(costs)
        self.query_one("#cost-table", Static).update(cost_table(costs))
        self.query_one("#pricing", Static).update(pricing_text(costs))
        conflicts = self.query_one("#conflicts", Static)
        try:
            rec = self.advisor.recommend(resolved)
        except AdvisorError as exc:
            self.query_one("#headline", Static).update("No recommendation")
            self.query_one("#verdict", Markdown).update(f"The rule engine could not run: {exc}")
            conflicts.display = False
            return
        self.query_one("#headline", Static).update(headline(rec))
        found = conflicts_text(rec, self.wording)
        conflicts.display = found is not None
        conflicts.update(found or "")
        self.query_one("#verdict", Markdown).update(verdict_markdown(rec, self.wording))

    def show_saved(self, md_path: Path, json_path: Path) -> None:
        saved = self.query_one("#saved", Static)
        saved.update(f"Saved {md_path} and {json_path.name}")
        saved.display = True
        self._saved_answers = dict(self.interview.answers)

    def action_change(self) -> None:
        """The review, to change one answer; the result is back, updated, once it is changed."""
        self.app.push_screen(ReviewScreen(self.advisor, self.interview, returning=True),
                             lambda _: self.update_result())
