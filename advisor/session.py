"""The interview in progress: its answers, where it stands, and its autosave file.

Every answer is written to `session.json` in the user's state folder the moment it is given
(a temporary file, fsync, then `os.replace`), so killing the process loses nothing. On start,
an unfinished interview is offered for resuming. No Textual here: the TUI drives this state.

The folder is `$ADVISOR_DATA` when set, else platformdirs' `user_state_dir("advisor")`
(`~/.local/state/advisor` on Linux); a session left in the old data folder is moved there
once. A session file that cannot be read or no longer validates is never deleted: it is moved
aside (`session.broken-<time>.json`) and the interview starts afresh. While one interview holds
the folder's lock, a second one saves to a session file of its own, so neither overwrites the
other.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from advisor.errors import AdvisorError
from advisor.files import write_whole
from advisor.knowledge import Question
from advisor.locations import user_dir

DATA_ENV = "ADVISOR_DATA"
SESSION_FILE = "session.json"
LOCK_FILE = "session.lock"
FORMAT = 1
MAX_BYTES = 1 << 20
"""A session file larger than this is not one the advisor wrote."""


class SessionError(AdvisorError):
    """A saved interview that could not be resumed; the message says where it was moved."""


def data_dir() -> Path:
    """Where the interview's state lives ($ADVISOR_DATA overrides the platform's folder)."""
    explicit = os.environ.get(DATA_ENV)
    if explicit:
        return Path(explicit)
    state = user_dir("state")
    _move_legacy(user_dir("data") / SESSION_FILE, state / SESSION_FILE)
    return state


def _move_legacy(old: Path, new: Path) -> None:
    """Earlier versions kept the session in the data folder: move it once to the state one."""
    if new.exists() or not old.is_file():
        return
    with contextlib.suppress(OSError):
        new.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.replace(old, new)


def session_path() -> Path:
    return data_dir() / SESSION_FILE


def write_atomic_text(path: Path, text: str) -> None:
    """Replace `path` with `text` whole: a crash leaves the old file or the new, never half."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    write_whole(path, text)


@dataclass
class Interview:
    """The questions asked in turn, the answers given so far and the current position.

    `answers` holds what the user gave, as typed ("10k/day") or chosen (an enum value, a bool);
    `Advisor.resolve` validates it. A skipped question has no answer (its default is used) and
    is listed in `skipped`. Going back moves `position` only: later answers are kept.
    """

    keys: list[str]
    answers: dict[str, Any] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    position: int = 0
    finished: bool = False

    @classmethod
    def for_questions(cls, questions: tuple[Question, ...]) -> Interview:
        return cls(keys=[question.key for question in questions if not question.advanced])

    @property
    def current(self) -> str | None:
        """The key being asked, or None once every question has been passed."""
        return self.keys[self.position] if self.position < len(self.keys) else None

    @property
    def at_review(self) -> bool:
        return self.position >= len(self.keys)

    def answer(self, key: str, value: Any) -> None:
        """Record an answer (None clears it, so the default applies) and move past it."""
        if value is None:
            self.answers.pop(key, None)
        else:
            self.answers[key] = value
        if key in self.skipped:
            self.skipped.remove(key)
        self._advance_from(key)

    def skip(self, key: str) -> None:
        self.answers.pop(key, None)
        if key not in self.skipped:
            self.skipped.append(key)
        self._advance_from(key)

    def back(self) -> bool:
        """Step back one question; False when already at the first."""
        if self.position == 0:
            return False
        self.position -= 1
        return True

    def go_to(self, key: str) -> None:
        self.position = self.keys.index(key)

    def _advance_from(self, key: str) -> None:
        if key in self.keys:
            self.position = self.keys.index(key) + 1

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, "keys": self.keys, "answers": self.answers,
                           "skipped": self.skipped, "position": self.position,
                           "finished": self.finished}, indent=2)

    @classmethod
    def from_json(cls, text: str) -> Interview:
        """A saved interview; ValueError says why the text is not one this version wrote."""
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise ValueError(f"not JSON ({exc!s:.80})") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("not a session file of this version")
        keys, answers, skipped = data.get("keys"), data.get("answers"), data.get("skipped")
        position, finished = data.get("position"), data.get("finished")
        if not (isinstance(keys, list) and all(isinstance(key, str) for key in keys)
                and isinstance(skipped, list) and all(isinstance(key, str) for key in skipped)
                and isinstance(answers, dict) and all(isinstance(key, str) for key in answers)):
            raise ValueError("its keys, answers or skipped questions are not lists of names")
        if isinstance(position, bool) or not isinstance(position, int) \
                or not 0 <= position <= len(keys):
            raise ValueError(f"its position is not a question number from 0 to {len(keys)}")
        if not isinstance(finished, bool):
            raise ValueError("'finished' is not true or false")
        return cls(keys=list(keys), answers=dict(answers), skipped=list(skipped),
                   position=position, finished=finished)


def save(interview: Interview, path: Path | None = None) -> Path:
    """Autosave: called after every answer, skip, step back and change."""
    target = path or session_path()
    write_atomic_text(target, interview.to_json())
    return target


def load_unfinished(path: Path | None = None) -> Interview | None:
    """The interview to offer for resuming: saved, with at least one answer, not finished.

    A file that cannot be read or is not a session of this version is moved aside and
    SessionError names where; nothing is ever deleted for being unreadable."""
    target = path or session_path()
    try:
        text = _read_small(target)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise set_aside(target, _reason(exc)) from None
    try:
        interview = Interview.from_json(text)
    except ValueError as exc:
        raise set_aside(target, str(exc)) from None
    if interview.finished or not (interview.answers or interview.skipped):
        return None
    return interview


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc)


def _read_small(path: Path) -> str:
    """A regular UTF-8 file of at most `MAX_BYTES` (a FIFO, a device or /dev/zero is refused)."""
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("not a regular file")
        if info.st_size > MAX_BYTES:
            raise ValueError("larger than any session the advisor writes")
        with os.fdopen(os.dup(handle), "rb") as stream:
            return stream.read(MAX_BYTES + 1).decode("utf-8")
    finally:
        os.close(handle)


def set_aside(path: Path, reason: str) -> SessionError:
    """Move an unusable session file aside (never delete it) and say where it went."""
    aside = path.with_name(f"{path.stem}.broken-{time.strftime('%Y%m%d-%H%M%S')}{path.suffix}")
    try:
        os.replace(path, aside)
        where = f"it was moved to {aside}"
    except OSError as exc:
        where = f"it could not be moved aside ({_reason(exc)}) and is left at {path}"
    return SessionError(f"the saved interview could not be resumed ({reason}); {where}")


def discard(path: Path | None = None) -> None:
    (path or session_path()).unlink(missing_ok=True)


@dataclass
class SessionLock:
    """The folder's session, held by one interview at a time.

    `path` is where this interview saves: the shared `session.json` while it holds the lock,
    else a file of its own (`session-<pid>.json`), so two interviews never overwrite each other.
    """

    path: Path
    shared: bool
    _handle: IO[bytes] | None = field(default=None, repr=False)

    @classmethod
    def take(cls, folder: Path | None = None) -> SessionLock:
        folder = folder or data_dir()
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            handle = open(folder / LOCK_FILE, "ab")  # noqa: SIM115 (held until release)
        except OSError:
            return cls(folder / SESSION_FILE, shared=True)
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return cls(folder / f"session-{os.getpid()}.json", shared=False)
        return cls(folder / SESSION_FILE, shared=True, _handle=handle)

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        if not self.shared:
            self.path.unlink(missing_ok=True)
