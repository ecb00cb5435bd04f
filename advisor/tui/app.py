"""The Textual app: holds the interview state, saves it, and moves between screens.

Every decision, cost and FAQ answer comes from `advisor.service.Advisor`; the screens only show
them. Data flows down: each screen gets the `Advisor` and the `Interview` when it is made.
Events flow up: screens post their own `Message`s, handled here with `@on`. `run()` is what
`advisor` (no command) calls.

The interview saves to the file its `SessionLock` names: in a terminal, the folder's shared
session (or a file of its own while another interview holds it); served to a browser
(`advisor serve` runs one process per visitor), always a file of its own that nobody else is
offered and that goes when the visitor leaves.
"""

from __future__ import annotations

import copy
import gc
import os
import sys
import threading
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme

from advisor import session
from advisor.answers.read import parse_answers
from advisor.config import load_config, save_theme
from advisor.errors import AdvisorError, AnswersError, printable
from advisor.service import Advisor
from advisor.session import Interview, SessionError, SessionLock
from advisor.tui.saving import deliver_summary, save_summary
from advisor.tui.screens.dialogs import ConfirmScreen
from advisor.tui.screens.interview import InterviewScreen
from advisor.tui.screens.review import ReviewScreen
from advisor.yamlio import load_data

# Not imported here: the result, FAQ and help screens. They need Markdown and the result's
# chart needs plotext, slow imports that the first question would otherwise wait for;
# each is imported where it is first shown.


class AdvisorApp(App[int]):
    """The interview app. `answers` (already validated) starts it at the review.

    `served` says whether a browser visitor is using it (None: whenever Textual's web driver
    runs it): then the interview saves only to a file of its own, a summary is delivered to
    the browser instead of written here, and a theme change is not written to the config.
    """

    CSS_PATH = "advisor.tcss"
    TITLE = "advisor"
    SUB_TITLE = "fine-tuning, RAG or both?"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("ctrl+t", "toggle_theme", "Light/dark", show=False),
    ]

    def __init__(self, advisor: Advisor, answers: dict[str, Any] | None = None,
                 today: date | None = None, served: bool | None = None) -> None:
        super().__init__()
        self.advisor = advisor
        self._served = served
        self.lock: SessionLock | None = None
        """Where this interview saves; taken when the app starts, released when it ends."""
        self.today = today or date.today()
        self.interview = Interview.for_questions(advisor.questions)
        self._given = answers
        self.saved: tuple[Path, Path] | None = None
        """The Markdown and JSON files of the last save."""
        self._changes = 0
        """How many times the interview was changed (or discarded): each autosave's number."""
        self._stored = 0
        self._storing = threading.Lock()
        self._closed = False
        """Set once the session is released: a save still queued then is dropped."""
        self.problem: str | None = None
        """Why the app closed itself: a data file that does not validate (`run` prints it)."""

    # --- start -----------------------------------------------------------------------------

    @property
    def served(self) -> bool:
        return self.is_web if self._served is None else self._served

    @property
    def session_file(self) -> Path:
        """The file this interview saves to."""
        return self.lock.path if self.lock is not None else session.session_path()

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Textual's notification, plain text unless asked: a message that quotes what the
        user typed or a file holds ("10k [/]", "[@click=app.quit]") must print as written,
        never as markup."""
        super().notify(printable(message), title=title, severity=severity, timeout=timeout,
                       markup=markup)

    def on_mount(self) -> None:
        self._use_configured_theme()
        self._take_session()
        # Textual holds the display until the app is mounted: a screen pushed before then is
        # laid out and painted for nothing, then again, and the first question shows late.
        self.call_later(self._open_first_screen)
        self.call_after_refresh(self._load_the_rest)  # once that screen is painted

    def _open_first_screen(self) -> None:
        """The review for given answers, the offer to resume an unfinished interview, or the
        first question."""
        if self._given is not None:
            self.interview.answers = dict(self._given)
            self.interview.position = len(self.interview.keys)
            self.save_session()
            self.show_review()
            return
        unfinished = None if self.served else self._unfinished()
        if unfinished is None:
            self.start_interview()
            return
        count = len(unfinished.answers) + len(unfinished.skipped)
        self.push_screen(
            ConfirmScreen(f"You have an unfinished interview ({count} answers given). Resume it?",
                          yes="Resume", no="Start afresh"),
            lambda resume: self._resume(unfinished if resume else None))

    @work(thread=True, group="load")
    def _load_the_rest(self) -> None:
        """Read and validate the prices, the rules and the FAQ while the first question is
        read: the first screen needs only the questions. A broken file closes the app with
        exit code 2 and its one-line error, as if the app had not started."""
        try:
            self.advisor.pricing  # noqa: B018
            self.advisor.rules  # noqa: B018
            self.advisor.faq  # noqa: B018
        except AdvisorError as exc:
            self.call_from_thread(self._close_for, str(exc))
            return
        gc.freeze()  # see run(): what is loaded by now lives as long as the process
        gc.enable()  # the command turned it off for the start-up (cli._cmd_interview)

    def _close_for(self, problem: str) -> None:
        self.problem = problem
        self.exit(2)

    def _take_session(self) -> None:
        """A browser visitor's interview saves to a file named by its process, which no other
        visitor is offered; a terminal interview takes the folder's shared session unless
        another interview holds it, and then says where it saves instead."""
        if self.served:
            self.lock = SessionLock(session.data_dir() / f"session-{os.getpid()}.json",
                                    shared=False)
            return
        self.lock = SessionLock.take()
        if not self.lock.shared:
            self.notify(f"Another interview is open, so this one saves to {self.lock.path}.",
                        title="Interview", timeout=8)

    def _unfinished(self) -> Interview | None:
        """The saved interview to offer; one that could not be read has been moved aside,
        and the message says where."""
        try:
            return session.load_unfinished(self.session_file)
        except SessionError as exc:
            self.notify(f"{exc}. Starting afresh.", severity="warning", timeout=10)
            return None

    def on_unmount(self) -> None:
        self._release_session()

    def _release_session(self) -> None:
        """Let the next interview take the folder's session (a file of this interview's own
        is removed); saves that have not started by now are dropped."""
        with self._storing:
            self._closed = True
            if self.lock is not None:
                self.lock.release()

    async def action_quit(self) -> None:
        """Quit once the last change is saved."""
        await self.autosaved()
        self.exit()

    def _resume(self, unfinished: Interview | None) -> None:
        if unfinished is not None and self._still_valid(unfinished):
            unfinished.keys = self.interview.keys
            unfinished.position = min(unfinished.position, len(unfinished.keys))
            self.interview = unfinished
        elif unfinished is None:
            self.discard_session()
        if self.interview.at_review:
            self.show_review()
        else:
            self.start_interview()

    def _still_valid(self, unfinished: Interview) -> bool:
        """A saved interview whose answers no longer validate (edited file, new version) is
        moved aside, never deleted, with a message rather than crashing the app."""
        try:
            self.advisor.resolve(dict(unfinished.answers), name="the saved interview")
        except AnswersError as exc:
            aside = session.set_aside(self.session_file, str(exc))
            self.notify(f"{aside}. Starting afresh.", severity="error", timeout=10)
            return False
        return True

    def _replace_screens(self, screen: Screen[Any]) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(screen)

    # --- the interview's state, saved on every change -------------------------------------

    def save_session(self) -> None:
        """Save the interview as it is now, in a worker thread: the next question does not
        wait for the disk (a synced write takes from a few to tens of milliseconds)."""
        self._changes += 1
        self._store(self._changes, copy.deepcopy(self.interview))

    def discard_session(self) -> None:
        """Remove the saved interview, in turn with the saves before it."""
        self._changes += 1
        self._store(self._changes, None)

    async def autosaved(self) -> None:
        """Wait until every change made so far is on disk."""
        pending = [worker for worker in self.workers if worker.group == "autosave"]
        if pending:
            await self.workers.wait_for_complete(pending)

    @work(thread=True, group="autosave")
    def _store(self, change: int, interview: Interview | None) -> None:
        """Write (or, for None, remove) the saved interview, unless a later change is already
        on disk: saves run one at a time, but not necessarily in the order they were made."""
        with self._storing:
            if self._closed or change < self._stored:
                return
            self._stored = change
            try:
                if interview is None:
                    session.discard(self.session_file)
                else:
                    session.save(interview, self.session_file)
            except OSError as exc:
                self.notify(f"Could not autosave the interview: {exc}", severity="error")

    @on(InterviewScreen.Changed)
    def _interview_changed(self) -> None:
        self.save_session()

    # --- moving between screens -----------------------------------------------------------

    def start_interview(self) -> None:
        self._replace_screens(InterviewScreen(self.advisor, self.interview))

    @on(InterviewScreen.Finished)
    def show_review(self) -> None:
        self._replace_screens(ReviewScreen(self.advisor, self.interview))

    @on(ReviewScreen.BackRequested)
    def back_to_interview(self) -> None:
        self.interview.position = len(self.interview.keys) - 1
        self.save_session()
        self.start_interview()

    @on(ReviewScreen.ResultRequested)
    def show_result(self) -> None:
        self.interview.finished = True
        self.save_session()
        from advisor.tui.screens.result import ResultScreen  # slow: see the imports

        self.push_screen(ResultScreen(self.advisor, self.interview))

    # --- actions (keys and the command palette) -------------------------------------------

    def action_help(self) -> None:
        from advisor.tui.screens.help import HelpScreen  # slow: see the imports

        self.push_screen(HelpScreen())

    def action_faq(self) -> None:
        from advisor.tui.screens.faq import FaqScreen  # slow: see the imports

        if not isinstance(self.screen, FaqScreen):
            self.push_screen(FaqScreen(self.advisor))

    def action_new_interview(self) -> None:
        self.discard_session()
        self.interview = Interview.for_questions(self.advisor.questions)
        self.start_interview()

    async def action_resume(self) -> None:
        await self.autosaved()
        unfinished = self._unfinished()
        if unfinished is None:
            self.notify("There is no unfinished interview to resume.")
            return
        self._resume(unfinished)

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def _use_configured_theme(self) -> None:
        """Start with the config file's theme; a config that does not validate, or names a
        theme Textual lacks, is said once and the defaults kept. From then on, a theme change
        (this app's toggle or the command palette's) is remembered, except in a browser: a
        visitor's choice is not the server user's."""
        try:
            theme = load_config().theme
        except AdvisorError as exc:
            self.notify(f"{exc}; the defaults are used.", severity="warning", timeout=10)
            theme = None
        if theme is not None and theme in self.available_themes:
            self.theme = theme
        elif theme is not None:
            self.notify(f"The config's theme {theme!r} is not one Textual knows; "
                        f"the default is used.", severity="warning", timeout=10)
        if not self.served:
            self.theme_changed_signal.subscribe(self, self._remember_theme)

    def _remember_theme(self, theme: Theme) -> None:
        self._save_theme(theme.name)

    @work(thread=True, exclusive=True, group="theme")
    def _save_theme(self, name: str) -> None:
        try:
            save_theme(name)
        except (OSError, AdvisorError) as exc:
            self.notify(f"Could not remember the theme: {exc}", severity="warning")

    @work(exclusive=True, group="save")
    async def action_save(self) -> None:
        """Save the summary of the answers so far; the result screen shows where. In a
        browser the files are downloaded by the visitor, never written on the server."""
        from advisor.tui.screens.result import ResultScreen  # slow: see the imports

        if self.served:
            saved = await deliver_summary(self, self.advisor, self.interview.answers,
                                          self.today)
        else:
            saved = await save_summary(self, self.advisor, self.interview.answers, self.today)
        if saved is None:
            return
        self.saved = saved
        if isinstance(self.screen, ResultScreen):
            self.screen.show_saved(*saved)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield SystemCommand("New interview", "Start the interview again from the first question",
                            self.action_new_interview)
        yield SystemCommand("FAQ", "Search the questions the advisor can answer", self.action_faq)
        yield SystemCommand("Save summary", "Save the recommendation as Markdown and JSON",
                            self.action_save)
        yield SystemCommand("Resume interview", "Continue the unfinished interview",
                            self.action_resume)
        yield SystemCommand("Help", "Keys and how the interview works", self.action_help)
        yield from super().get_system_commands(screen)


def _given_answers(path: str) -> dict[str, Any]:
    """The answers file as given (validated now, so a bad file never starts the app)."""
    data, name = load_data(path, AnswersError)
    parse_answers(data, name)
    return {str(key): value for key, value in (data or {}).items()}


def run(answers: str | None = None, rules: str | None = None, knowledge: str | None = None) -> int:
    """Start the interview; a data file that does not validate is one line on stderr and
    exit code 2: the answers file and the questions before the app starts, the rest (prices,
    rules, FAQ) as soon as the first question is on screen."""
    try:
        advisor = Advisor.load(rules=rules, knowledge=knowledge)
        given = None if answers is None else _given_answers(answers)
        advisor.questions  # noqa: B018
    except AdvisorError as exc:
        sys.stderr.write(f"advisor: {exc}\n")
        return 2
    # What is loaded by now lives as long as the process: leaving it out of the garbage
    # collector's full passes keeps those from pausing an answer by tens of milliseconds.
    gc.freeze()
    app = AdvisorApp(advisor, given)
    result = app.run()
    if app.problem is not None:
        sys.stderr.write(f"advisor: {app.problem}\n")
    if app.return_code:  # ended by an exception (Textual has printed its traceback)
        return app.return_code
    return 0 if result is None else int(result)
