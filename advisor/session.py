"""The interview in progress: its answers, where it stands, and its autosave file.

Every answer is written to `session.json` in the user's data folder the moment it is given
(a temporary file, fsync, then `os.replace`), so killing the process loses nothing. On start,
an unfinished interview is offered for resuming. No Textual here: the TUI drives this state.

The data folder is platformdirs' `user_data_dir("advisor")`, or `$ADVISOR_DATA` when set.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advisor.files import write_whole
from advisor.knowledge import Question

# --- the interview in progress ---------------------------------------------------------------

DATA_ENV = "ADVISOR_DATA"
SESSION_FILE = "session.json"
FORMAT = 1


def data_dir() -> Path:
    """Where the advisor keeps its own files ($ADVISOR_DATA overrides the platform's)."""
    explicit = os.environ.get(DATA_ENV)
    if explicit:
        return Path(explicit)
    from platformdirs import user_data_dir

    return Path(user_data_dir("advisor", appauthor=False))


def session_path() -> Path:
    return data_dir() / SESSION_FILE


def write_atomic_text(path: Path, text: str) -> None:
    """Replace `path` with `text` whole: a crash leaves the old file or the new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
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
    def from_json(cls, text: str) -> Interview | None:
        """A saved interview, or None when the file is not one this version wrote."""
        try:
            data = json.loads(text)
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                return None
            return cls(keys=[str(key) for key in data["keys"]], answers=dict(data["answers"]),
                       skipped=[str(key) for key in data["skipped"]],
                       position=int(data["position"]), finished=bool(data["finished"]))
        except (ValueError, KeyError, TypeError):
            return None


def save(interview: Interview, path: Path | None = None) -> Path:
    """Autosave: called after every answer, skip, step back and change."""
    target = path or session_path()
    write_atomic_text(target, interview.to_json())
    return target


def load_unfinished(path: Path | None = None) -> Interview | None:
    """The interview to offer for resuming: saved, with at least one answer, not finished."""
    target = path or session_path()
    try:
        text = target.read_text(encoding="utf-8")
    except OSError:
        return None
    interview = Interview.from_json(text)
    if interview is None or interview.finished or not (interview.answers or interview.skipped):
        return None
    return interview


def discard(path: Path | None = None) -> None:
    (path or session_path()).unlink(missing_ok=True)
