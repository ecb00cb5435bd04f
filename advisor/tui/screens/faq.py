"""The FAQ: results as you type, and the chosen answer with its source."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Header, Input, Markdown, OptionList
from textual.widgets.option_list import Option

from advisor.errors import AdvisorError
from advisor.faq import AskResult, Match
from advisor.service import Advisor
from advisor.tui.explain import faq_reply
from advisor.tui.widgets.footer import KeysFooter


class FaqScreen(Screen[None]):
    """Search the advisor's FAQ; the highlighted result's answer shows beside the list."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, advisor: Advisor) -> None:
        super().__init__()
        self.advisor = advisor
        self.matches: list[Match] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Search the FAQ: how much training data do I need?", id="faq-search")
        with Horizontal(id="faq-body"):
            yield OptionList(id="faq-results")
            yield Markdown("Type a question above; results appear as you type.", id="faq-answer")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Changed, "#faq-search")
    def _changed(self, event: Input.Changed) -> None:
        self.search(event.value)

    @on(Input.Submitted, "#faq-search")
    def _submitted(self) -> None:
        if self.matches:
            self.query_one(OptionList).focus()

    @work(exclusive=True, group="faq-search")
    async def search(self, text: str) -> None:
        if not text.strip():
            self._show(None)
            return
        try:
            result = self.advisor.ask(text)
        except AdvisorError as exc:
            self.query_one("#faq-answer", Markdown).update(f"The FAQ could not be read: {exc}")
            return
        self._show(result)

    def _show(self, result: AskResult | None) -> None:
        """The entries found, and beside them the answer: the best entry's when the question
        is answered; else the decision summary, what the guide does not cover, or that
        nothing answers it (the entries listed are then the nearest, read by choosing one)."""
        self.matches = matches = result.matches if result is not None else []
        results = self.query_one(OptionList)
        results.clear_options()
        results.add_options([Option(match.question, id=match.id) for match in matches])
        pane = self.query_one("#faq-answer", Markdown)
        if result is None:
            pane.update("No match yet.")
        elif result.best is not None and not result.decide:
            results.highlighted = 0
            self._answer(matches[0])
        else:
            pane.update(faq_reply(result, browsing=True))

    @on(OptionList.OptionHighlighted, "#faq-results")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if 0 <= event.option_index < len(self.matches):
            self._answer(self.matches[event.option_index])

    def _answer(self, match: Match) -> None:
        self.query_one("#faq-answer", Markdown).update(
            f"## {match.question}\n\n{match.answer}\n\n*Source: [{match.id}] {match.section}*")
