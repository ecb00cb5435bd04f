"""The interview: the advisor asks, the user answers, asks back, skips or goes back."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Static

from advisor.errors import AdvisorError, AnswersError
from advisor.knowledge import Question
from advisor.service import Advisor
from advisor.session import Interview
from advisor.tui.text import GENERATE, allowed, read_shortcut, shown, typed_value, understood
from advisor.tui.widgets.answer import AnswerBox
from advisor.tui.widgets.chat import ChatLog
from advisor.tui.widgets.footer import KeysFooter

if TYPE_CHECKING:
    from advisor.rules import RuleSet, RuleUse

# Not imported here: the FAQ and the rules engines, and the explanations made from them. The
# first question needs none of them, and the app reads them in the background once it shows;
# they are imported where they are first used.


class InterviewScreen(Screen[None]):
    """Asks the questions in turn; with `only` set, asks that one question and closes.

    The screen moves `interview` on as the user answers; the app, told by `Changed`, saves it.
    """

    class Changed(Message):
        """An answer was given, skipped or stepped back to: the interview is to be saved."""

    class Finished(Message):
        """Every question has been passed: the review comes next."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "why", "Why asked?"),
        Binding("escape", "back", "Back"),
        Binding("f3", "skip", "Skip"),
        Binding("f4", "app.faq", "FAQ"),
    ]

    def __init__(self, advisor: Advisor, interview: Interview, only: str | None = None) -> None:
        super().__init__()
        self.advisor = advisor
        self.interview = interview
        self.questions = {question.key: question for question in advisor.questions}
        self.only = only

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="progress")
        yield ChatLog(id="chat")
        yield AnswerBox(self.questions.values(), id="answer")
        yield KeysFooter()

    def on_mount(self) -> None:
        chat = self.query_one(ChatLog)
        if self.only is None:
            chat.advisor("Hello! I will ask a few questions about your project, then recommend "
                         "fine-tuning, RAG or both, with the costs. Press F2 on any question to "
                         "see why it matters, or just type a question of your own.")
            self._replay(chat)
        self.ask()

    def _replay(self, chat: ChatLog) -> None:
        """A resumed interview shows the answers already given."""
        for key in self.interview.keys[: self.interview.position]:
            chat.advisor(self.questions[key].question, classes="past")
            chat.user(self._shown(key), classes="past")

    @property
    def key(self) -> str:
        key = self.only or self.interview.current
        assert key is not None, "the interview screen is never shown past the last question"
        return key

    @property
    def question(self) -> Question:
        return self.questions[self.key]

    def ask(self) -> None:
        question = self.question
        keys = self.interview.keys
        if self.only is not None:
            where = "Changing one answer" if self.key in keys else "A price (optional)"
        else:
            where = f"Question {keys.index(self.key) + 1} of {len(keys)}"
        self.query_one("#progress", Static).update(
            f"{where}  ·  F2 why is this asked?  ·  Esc back  ·  F3 skip")
        self.query_one(ChatLog).advisor("", emphasis=question.question, classes="question")
        self.query_one(AnswerBox).show(question, self._current(question))

    def _current(self, question: Question) -> Any:
        return self.interview.answers.get(question.key, question.default)

    def _shown(self, key: str) -> str:
        question = self.questions[key]
        if key in self.interview.skipped:
            return f"(skipped: the default, {shown(question, question.default)})"
        return shown(question, self.interview.answers.get(key, question.default))

    def check(self, key: str, value: Any) -> tuple[Any, str | None]:
        """`value` as the interview keeps it, and why it is not a valid answer (None if it is).

        A typed choice ("on premise") is kept as its value (`on_premise`); numbers are kept as
        text the core reads ("10k/day", "600 a day" for "600 notes a day"), so the review
        shows the user's words next to what they mean.
        """
        try:
            resolved = self.advisor.resolve({key: value}, name="your answer")
        except AnswersError as exc:
            return value, str(exc).removeprefix("your answer: ").removeprefix(f"{key}: ")
        if self.questions[key].kind in ("choice", "bool"):
            return getattr(resolved.answers, key), None
        return value, None

    @on(AnswerBox.Chosen)
    def _chosen(self, event: AnswerBox.Chosen) -> None:
        self._accept(event.value, label=event.label)

    @on(AnswerBox.Typed)
    def _typed(self, event: AnswerBox.Typed) -> None:
        text = event.text
        question = self.question
        if not text:
            if question.kind in ("money", "model"):
                self._accept(None)
            else:
                self.query_one(AnswerBox).show(question, self._current(question))
            return
        from advisor.faq.normalise import looks_like_question  # see the imports

        if looks_like_question(text):
            self.query_one(ChatLog).user(text)
            self.query_one(AnswerBox).clear()
            self.answer_from_faq(text, self.key)
            return
        if read_shortcut(question, text) is not None:
            self._accept(read_shortcut(question, text), typed=text)
            return
        value = typed_value(question, text)
        if value is None:
            self._not_understood(text, question, "")
            return
        value, problem = self.check(self.key, value)
        if problem:
            self._not_understood(text, question, problem)
        else:
            self._accept(value, typed=text)

    def _not_understood(self, text: str, question: Question, problem: str) -> None:
        chat = self.query_one(ChatLog)
        chat.user(text)
        because = f" ({problem})" if problem and question.kind not in ("choice", "bool") else ""
        chat.advisor(f"Sorry, I could not read that as an answer{because}. "
                     f"Please give {allowed(question)}, or ask me a question.", classes="problem")

    def _accept(self, value: Any, label: str | None = None, typed: str | None = None) -> None:
        """Record the answer and move on. The conversation shows it as the list worded it
        (`label`), or as typed with what it was read as ("own GPUs → We have our own GPUs")."""
        key = self.key
        chat = self.query_one(ChatLog)
        if key == "labeled_examples" and value == GENERATE:
            self.interview.answer("labeled_examples", "unknown")
            self.interview.answer("synthetic_examples", True)
            self.post_message(self.Changed())
            chat.user(label or typed or GENERATE)
            chat.advisor("Then I count examples generated by a larger model, checked by hand, "
                         "as a reliable set for teaching a behaviour or a format (not facts).",
                         classes="note")
            self._next()
            return
        self.interview.answer(key, value)
        self.post_message(self.Changed())
        chat.user(label or self._as_typed(key, typed))
        self._next()

    def _as_typed(self, key: str, typed: str | None) -> str:
        answer = self._shown(key)
        question = self.questions[key]
        if typed is None or question.kind not in ("choice", "bool", "volume", "count", "money"):
            return answer
        if question.kind in ("choice", "bool"):
            return answer if typed.strip().lower() == answer.lower() else f"{typed} → {answer}"
        reading = understood(question, typed)
        return f"{typed} ({reading})" if reading and reading != typed else answer

    def _next(self) -> None:
        if self.only is not None:
            self.dismiss(None)
        elif self.interview.at_review:
            self.post_message(self.Finished())
        else:
            self.ask()

    @work(exclusive=True, group="faq")
    async def answer_from_faq(self, text: str, key: str) -> None:
        from advisor.tui.explain import faq_reply  # see the imports

        chat = self.query_one(ChatLog)
        try:
            result = self.advisor.ask(text)
        except AdvisorError as exc:
            chat.advisor(f"I cannot reach the FAQ: {exc}", classes="problem")
            return
        chat.advisor_markdown(faq_reply(result))
        question = self.questions[key]
        chat.advisor("Back to my question: ", emphasis=question.question, classes="question")
        if key == self.key:
            self.query_one(AnswerBox).show(question, self._current(question))

    def action_why(self) -> None:
        # Markdown is slow to import, and the first question would wait for it.
        from advisor.tui.explain import why_asked  # see the imports
        from advisor.tui.screens.help import WhyScreen

        readers: list[RuleUse] | str
        rules: RuleSet | None = None
        try:
            readers = self.advisor.rules_reading(self.key)
            rules = self.advisor.rules
        except AdvisorError as exc:
            readers = str(exc)
        self.app.push_screen(WhyScreen(why_asked(self.question, readers, rules)))

    def action_back(self) -> None:
        if self.only is not None:
            self.dismiss(None)
            return
        if not self.interview.back():
            self.notify("This is the first question.", severity="warning")
            return
        self.post_message(self.Changed())
        self.query_one(ChatLog).advisor("Let's go back to the previous question; "
                                        "your later answers are kept.", classes="note")
        self.ask()

    def action_skip(self) -> None:
        key = self.key
        self.interview.skip(key)
        self.post_message(self.Changed())
        self.query_one(ChatLog).user(self._shown(key))
        self._next()
