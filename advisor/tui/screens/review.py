"""The review before the verdict: every answer on one list, any of them can be changed."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from advisor.service import Advisor
from advisor.session import Interview
from advisor.tui.screens.interview import InterviewScreen
from advisor.tui.text import shown
from advisor.tui.widgets.footer import KeysFooter


class ReviewScreen(Screen[None]):
    """Lists the answers; enter changes one, `r` shows the recommendation.

    Opened from the result screen (`returning=True`), `r` and escape go back to the updated
    result; otherwise they post `ResultRequested` and `BackRequested` for the app to act on.
    """

    class ResultRequested(Message):
        """The user is done reviewing: the recommendation comes next."""

    class BackRequested(Message):
        """The user wants the interview's last question again."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "result", "Recommendation"),
        Binding("escape", "back", "Back", show=False),
        Binding("f4", "app.faq", "FAQ"),
    ]

    def __init__(self, advisor: Advisor, interview: Interview, returning: bool = False) -> None:
        super().__init__()
        self.advisor = advisor
        self.interview = interview
        self.questions = {question.key: question for question in advisor.questions}
        self.returning = returning

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Review your answers. Enter changes the highlighted one; "
                     "press [b]r[/b] for the recommendation.", id="review-hint")
        yield OptionList(id="review", compact=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.refill()
        self.query_one(OptionList).focus()

    def refill(self) -> None:
        review = self.query_one(OptionList)
        highlighted = review.highlighted
        review.clear_options()
        for question in self.advisor.questions:
            review.add_option(Option(self._row(question.key), id=question.key))
            if question.key == self.interview.keys[-1]:
                review.add_option(None)
        review.highlighted = highlighted if highlighted is not None else 0

    def _row(self, key: str) -> Text:
        question = self.questions[key]
        interview = self.interview
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
        key = event.option.id
        assert key is not None, "every review row has its answer's key as its id"
        self.app.push_screen(InterviewScreen(self.advisor, self.interview, only=key),
                             lambda _: self.refill())

    def action_result(self) -> None:
        if self.returning:
            self.dismiss(None)
        else:
            self.post_message(self.ResultRequested())

    def action_back(self) -> None:
        if self.returning:
            self.dismiss(None)
        else:
            self.post_message(self.BackRequested())
