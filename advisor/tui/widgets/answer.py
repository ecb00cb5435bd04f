"""The answer area under the conversation: it fits the question being asked.

A choice list for choices, Yes/No for booleans, shortcuts for a count that may not be known
("I don't know"), the best matching models for the model question, and always a line to type
in: an answer, a number with its unit (read back as you type), or a question for the FAQ.
The arrow keys on the typed line move into the list, so a list is one key away whatever was
typed before.

The area keeps one height from question to question: the room for the longest choice list,
which a question without choices fills with what it accepts. A conversation whose view
changes size as a question is added is laid out twice, and the question shows a frame late.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from advisor.knowledge import Question
from advisor.prices import known_models
from advisor.tui.text import SHORTCUTS, allowed, model_matches, understood

PLACEHOLDERS = {
    "choice": "or type an answer, or a question such as: how much data do I need?",
    "bool": "or type yes / no, or a question",
    "volume": "e.g. 12000, 10k/day, 600 a day; or ask a question",
    "count": "a whole number, e.g. 500 or 5k; or ask a question",
    "money": "US dollars, e.g. 1500 or $1.5k; empty for the guide's figure",
    "model": "type to search the models, ↓ to pick; empty for the guide's figures",
}
MAX_ROWS = 8
"""The most rows a choice list takes; a longer one scrolls."""


class AnswerBox(Vertical):
    """Shows the widget for one question and posts what the user chose or typed."""

    class Chosen(Message):
        """The user picked a value from the list."""

        def __init__(self, value: Any, label: str) -> None:
            super().__init__()
            self.value = value
            self.label = label
            """The list's words for it, as the conversation shows the answer."""

    class Typed(Message):
        """The user typed a line and pressed enter: an answer or a question, the screen decides."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, questions: Iterable[Question], **kwargs: Any) -> None:
        """`questions` are those it will show: the longest choice list sets its height."""
        super().__init__(**kwargs)
        self.question: Question | None = None
        self.rows = min(max((len(self._fixed(question)) for question in questions), default=1),
                        MAX_ROWS)
        self.models: list[str] | None = None
        """Every model genai-prices knows, once loaded for the model question."""
        self.shown: list[tuple[str, Any]] = []
        """The list's rows now: each label and the value it stands for."""

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
        typed = self.query_one("#typed", Input)
        values = self._fixed(question)
        typed.placeholder = PLACEHOLDERS[question.kind]
        if values and question.kind not in ("choice", "bool"):
            typed.placeholder = "or type " + PLACEHOLDERS[question.kind]
        known = [value for _, value in values]
        text = "" if current is None or current in known or question.kind in ("choice", "bool") \
            else str(current)
        typed.value = text
        self.query_one("#understood", Static).update("")
        if question.kind == "model":
            self._fill(self._model_rows(text))
            if self.models is None:
                self._load_models()
        else:
            self._fill(values)
        accepts = self.query_one("#accepts", Static)
        accepts.update("" if self.shown else f"Type {allowed(question)}; or ask me a question.")
        if values and not text:
            options = self.query_one("#choices", OptionList)
            options.highlighted = known.index(current) if current in known else 0
            options.focus()
        else:
            typed.focus()
            typed.select_all()  # typing replaces the current answer shown

    def _fill(self, rows: list[tuple[str, Any]]) -> None:
        """Show these rows on the list (and the list only when there are any)."""
        self.shown = rows
        options = self.query_one("#choices", OptionList)
        options.clear_options()
        options.add_options([Option(label, id=str(index)) for index, (label, _) in enumerate(rows)])
        options.display = bool(rows)
        self.query_one("#accepts").display = not rows

    @staticmethod
    def _fixed(question: Question) -> list[tuple[str, Any]]:
        """The rows a question always offers: its choices, Yes/No, or its shortcuts."""
        if question.kind == "choice":
            return [(choice.label, choice.value) for choice in question.choices]
        if question.kind == "bool":
            return [("Yes", True), ("No", False)]
        return list(SHORTCUTS.get(question.key, []))

    def _model_rows(self, text: str) -> list[tuple[str, Any]]:
        if self.models is None:
            return []
        return [(name, name) for name in model_matches(text, self.models, self.rows)]

    @work(thread=True, exclusive=True, group="models")
    def _load_models(self) -> None:
        """genai-prices' model list takes a moment to load: the picker fills once it has."""
        models = known_models()
        self.app.call_from_thread(self._models_loaded, models)

    def _models_loaded(self, models: list[str]) -> None:
        self.models = models
        if self.question is not None and self.question.kind == "model":
            self._fill(self._model_rows(self.query_one("#typed", Input).value))
            self.query_one("#choices", OptionList).highlighted = None

    @on(OptionList.OptionSelected, "#choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        assert self.question is not None
        label, value = self.shown[event.option_index]
        self.post_message(self.Chosen(value, label))

    @on(Input.Submitted, "#typed")
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Typed(event.value.strip()))

    @on(Input.Changed, "#typed")
    def _preview(self, event: Input.Changed) -> None:
        if self.question is None:
            return
        text = event.value.strip()
        if self.question.kind == "model":
            self._fill(self._model_rows(text))
            self.query_one("#choices", OptionList).highlighted = None
            return
        reading = understood(self.question, text) if text else None
        self.query_one("#understood", Static).update(f"→ {reading}" if reading else "")

    def on_key(self, event: events.Key) -> None:
        """Typing while the list has focus goes to the answer line; the arrow keys on the
        answer line go to the list (there is nothing above or below on one line)."""
        options = self.query_one("#choices", OptionList)
        typed = self.query_one("#typed", Input)
        if options.has_focus and event.is_printable and event.character:
            typed.focus()
            typed.insert_text_at_cursor(event.character)
        elif typed.has_focus and event.key in ("up", "down") and options.option_count:
            options.focus()
            if options.highlighted is None:
                options.highlighted = 0 if event.key == "down" else options.option_count - 1
            elif event.key == "down":
                options.action_cursor_down()
            else:
                options.action_cursor_up()
        else:
            return
        event.stop()
        event.prevent_default()

    def clear(self) -> None:
        self.query_one("#typed", Input).value = ""
