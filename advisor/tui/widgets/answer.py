"""The answer area under the conversation: it fits the question being asked.

A choice list for choices, Yes/No for booleans, and always a line to type in: an answer, a
number with its unit (read back as you type), or a question for the FAQ.

The area keeps one height from question to question: the room for the longest choice list,
which a question without choices fills with what it accepts. A conversation whose view
changes size as a question is added is laid out twice, and the question shows a frame late.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from advisor.knowledge import Question
from advisor.tui.text import allowed, understood

PLACEHOLDERS = {
    "choice": "or type an answer, or a question such as: how much data do I need?",
    "bool": "or type yes / no, or a question",
    "volume": 'e.g. 12000, 10k/day, 1.5M per month; or ask a question',
    "count": "a whole number, e.g. 500 or 5k; or ask a question",
    "money": "US dollars, e.g. 1500 or $1.5k; empty for the guide's figure",
}
MAX_ROWS = 8
"""The most rows a choice list takes; a longer one scrolls."""


class AnswerBox(Vertical):
    """Shows the widget for one question and posts what the user chose or typed."""

    class Chosen(Message):
        """The user picked a value from the list."""

        def __init__(self, value: Any) -> None:
            super().__init__()
            self.value = value

    class Typed(Message):
        """The user typed a line and pressed enter: an answer or a question, the screen decides."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, questions: Iterable[Question], **kwargs: Any) -> None:
        """`questions` are those it will show: the longest choice list sets its height."""
        super().__init__(**kwargs)
        self.question: Question | None = None
        self.rows = min(max((len(self._values(question)) for question in questions), default=1),
                        MAX_ROWS)

    def compose(self) -> ComposeResult:
        yield OptionList(id="choices", compact=True)
        yield Static("", id="accepts")
        yield Input(id="typed", compact=True, select_on_focus=False)
        yield Static("", id="understood")

    def on_mount(self) -> None:
        for area in self.query_one("#choices"), self.query_one("#accepts"):
            area.styles.height = self.rows

    def show(self, question: Question, current: Any = None) -> None:
        """Prepare for `question`, with the current answer highlighted or filled in."""
        self.question = question
        options = self.query_one("#choices", OptionList)
        typed = self.query_one("#typed", Input)
        options.clear_options()
        values = self._values(question)
        options.add_options([Option(label, id=str(index)) for index, (label, _) in enumerate(values)])
        options.display = bool(values)
        accepts = self.query_one("#accepts", Static)
        accepts.display = not values
        accepts.update("" if values else f"Type {allowed(question)}; or ask me a question.")
        typed.placeholder = PLACEHOLDERS[question.kind]
        typed.value = "" if values or current is None else str(current)
        self.query_one("#understood", Static).update("")
        if values:
            known = [value for _, value in values]
            options.highlighted = known.index(current) if current in known else 0
            options.focus()
        else:
            typed.focus()
            typed.select_all()  # typing replaces the current answer shown

    @staticmethod
    def _values(question: Question) -> list[tuple[str, Any]]:
        if question.kind == "choice":
            return [(choice.label, choice.value) for choice in question.choices]
        if question.kind == "bool":
            return [("Yes", True), ("No", False)]
        return []

    @on(OptionList.OptionSelected, "#choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        assert self.question is not None
        _, value = self._values(self.question)[event.option_index]
        self.post_message(self.Chosen(value))

    @on(Input.Submitted, "#typed")
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Typed(event.value.strip()))

    @on(Input.Changed, "#typed")
    def _preview(self, event: Input.Changed) -> None:
        if self.question is None or self.question.kind not in ("volume", "count", "money"):
            return
        text = event.value.strip()
        reading = understood(self.question, text) if text else None
        self.query_one("#understood", Static).update(f"→ {reading}" if reading else "")

    def on_key(self, event: events.Key) -> None:
        """Typing while the choice list has focus goes to the answer line."""
        options = self.query_one("#choices", OptionList)
        if options.has_focus and event.is_printable and event.character:
            typed = self.query_one("#typed", Input)
            typed.focus()
            typed.insert_text_at_cursor(event.character)
            event.stop()
            event.prevent_default()

    def clear(self) -> None:
        self.query_one("#typed", Input).value = ""
