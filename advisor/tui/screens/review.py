"""The review before the verdict: every answer on one list, any of them can be changed.

Under the interview's answers come the prices, which are not asked in turn: the model that
would answer (not offered when data must stay on premise: the model then runs on the team's
own GPUs), the token counts a query is priced at, and each cost figure with where it comes
from (the guide, the named model's price list, or the user's own figure).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Group
from rich.padding import Padding
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from advisor.answers.schema import COST_KEYS, TOKEN_KEYS
from advisor.errors import AdvisorError
from advisor.numbers import money
from advisor.service import Advisor
from advisor.session import Interview
from advisor.tui.screens.interview import InterviewScreen
from advisor.tui.text import shown
from advisor.tui.widgets.footer import KeysFooter

if TYPE_CHECKING:
    from advisor.costs import Costs

PRICES_HEADING = "Prices (optional): enter changes one; each shows where its figure comes from"


def offered(key: str, answers: dict[str, Any]) -> bool:
    """Whether the review offers a price question: the model that answers and the token
    counts it is priced at mean nothing when the data must stay on premise."""
    on_premise = str(answers.get("privacy", "")).strip().lower().replace(" ", "_") == "on_premise"
    return not (on_premise and key in ("api_model", *TOKEN_KEYS))


class ReviewScreen(Screen[None]):
    """Lists the answers; enter changes one, `r` shows the recommendation.

    Opened from the result screen (`returning=True`), changing an answer goes straight back
    to the updated result, and so do `r` and escape; otherwise they post `ResultRequested`
    and `BackRequested` for the app to act on.
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
        hint = ("Choose the answer to change and press enter; you are back at the "
                "recommendation once it is changed." if self.returning else
                "Review your answers. Enter changes the highlighted one; "
                "press [b]r[/b] for the recommendation.")
        yield Static(hint, id="review-hint")
        yield OptionList(id="review", compact=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.refill()
        self.query_one(OptionList).focus()

    def refill(self) -> None:
        review = self.query_one(OptionList)
        highlighted = review.highlighted_option.id if review.highlighted_option else None
        review.clear_options()
        costs = self._costs()
        for key in self.interview.keys:
            review.add_option(Option(self._row(key, costs), id=key))
        review.add_option(None)
        review.add_option(Option(Text(PRICES_HEADING, style="italic"), disabled=True))
        for key in self._price_keys():
            review.add_option(Option(self._row(key, costs), id=key))
        try:
            review.highlighted = review.get_option_index(highlighted) if highlighted else 0
        except OptionDoesNotExist:  # a price question no longer offered
            review.highlighted = 0

    def _price_keys(self) -> list[str]:
        """The price questions offered, the model first: it decides how the rest are priced."""
        answers = self.interview.answers
        keys = [question.key for question in self.advisor.questions
                if question.advanced and offered(question.key, answers)]
        return sorted(keys, key=lambda key: (key not in ("api_model", *TOKEN_KEYS)))

    def _costs(self) -> Costs | None:
        try:
            return self.advisor.costs(self.advisor.resolve(dict(self.interview.answers),
                                                           name="your answers"))
        except AdvisorError:
            return None

    def _row(self, key: str, costs: Costs | None) -> Group:
        """The question, and under it, indented, the answer and a note on it."""
        question = self.questions[key]
        answer = self._answer(key, costs)
        return Group(Text(question.question, style="bold"), Padding(answer, (0, 0, 0, 2)))

    def _answer(self, key: str, costs: Costs | None) -> Text:
        question = self.questions[key]
        interview = self.interview
        value = interview.answers.get(key, question.default)
        if key in COST_KEYS and costs is not None:
            figure = next(item for item in costs.assumptions if item.key == key)
            row = Text(money(figure.value))
            row.append(f"  {figure.source}", style="italic")
            return row
        row = Text(shown(question, value))
        if key in interview.skipped:
            row.append("  (skipped: the default)", style="italic")
        elif key in TOKEN_KEYS and not interview.answers.get("api_model"):
            row.append("  (used once a model is named)", style="italic")
        elif key not in interview.answers and key != "api_model":
            row.append("  (default)", style="italic")
        return row

    @on(OptionList.OptionSelected, "#review")
    def _change(self, event: OptionList.OptionSelected) -> None:
        key = event.option.id
        assert key is not None, "every review row has its answer's key as its id"
        before = (dict(self.interview.answers), list(self.interview.skipped))
        self.app.push_screen(InterviewScreen(self.advisor, self.interview, only=key),
                             lambda _: self._changed(before))

    def _changed(self, before: tuple[dict[str, Any], list[str]]) -> None:
        """Back from changing one answer: to the result when it was opened from there and the
        answer did change; else the list again, updated."""
        changed = before != (self.interview.answers, self.interview.skipped)
        if self.returning and changed:
            self.dismiss(None)
        else:
            self.refill()

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
