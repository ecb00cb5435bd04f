"""The review before the verdict: every answer on one list, any of them can be changed."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from advisor.tui.text import shown

if TYPE_CHECKING:
    from advisor.tui.app import AdvisorApp


class ReviewScreen(Screen[None]):
    """Lists the answers; enter changes one, `r` shows the recommendation.

    Opened from the result screen (`returning=True`), `r` goes back to the updated result.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "result", "Recommendation"),
        Binding("escape", "back", "Back", show=False),
        Binding("f4", "app.faq", "FAQ"),
    ]

    app: AdvisorApp

    def __init__(self, returning: bool = False) -> None:
        super().__init__()
        self.returning = returning

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Review your answers. Enter changes the highlighted one; "
                     "press [b]r[/b] for the recommendation.", id="review-hint")
        yield OptionList(id="review", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.refill()
        self.query_one(OptionList).focus()

    def refill(self) -> None:
        review = self.query_one(OptionList)
        highlighted = review.highlighted
        review.clear_options()
        interview = self.app.interview
        for question in self.app.advisor.questions:
            review.add_option(Option(self._row(question.key), id=question.key))
            if question.key == interview.keys[-1]:
                review.add_option(None)
        review.highlighted = highlighted if highlighted is not None else 0

    def _row(self, key: str) -> Text:
        question = self.app.question(key)
        interview = self.app.interview
        row = Text(f"{question.question}\n", style="bold")
        value = interview.answers.get(key, question.default)
        row.append(f"  {shown(question, value)}")
        if key in interview.skipped:
            row.append("  (skipped: the default)", style="italic")
        elif key not in interview.answers and not question.advanced:
            row.append("  (default)", style="italic")
        return row

    @on(OptionList.OptionSelected, "#review")
    def _change(self, event: OptionList.OptionSelected) -> None:
        from advisor.tui.screens.interview import InterviewScreen

        key = event.option.id
        assert key is not None
        self.app.push_screen(InterviewScreen(only=key), lambda _: self.refill())

    def action_result(self) -> None:
        if self.returning:
            self.dismiss(None)
        else:
            self.app.show_result()

    def action_back(self) -> None:
        if self.returning:
            self.dismiss(None)
        else:
            self.app.back_to_interview()
