"""Errors a user can act on. The CLI prints their message on one line and exits with 2."""

from __future__ import annotations

from dataclasses import dataclass


class AdvisorError(Exception):
    """Bad input from the user: a file, a key or an argument. `str(err)` is the whole message."""


class AnswersError(AdvisorError):
    """An answers file that cannot be read or does not validate."""


class KnowledgeError(AdvisorError):
    """A knowledge file (FAQ, pricing, questions, synonyms) that cannot be read or validated."""


class OutputError(AdvisorError):
    """An output path that cannot be written (missing folder, existing file without --force)."""


@dataclass
class Problem:
    """One problem found in a data file, located as precisely as the file allows."""

    path: str
    message: str
    line: int | None = None
    entry: str | None = None

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        if self.entry:
            where = f"{where}: {self.entry}"
        return f"{where}: {self.message}"


class RulesError(AdvisorError):
    """One or more problems in a rules folder; all of them are kept for `rules check`."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = str(problems[0]) if problems else "invalid rules"
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(first + more)


_CONTROL = dict.fromkeys([*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029])
"""Control characters (escape sequences start with one) and Unicode line breaks."""


def printable(text: str, limit: int = 2000) -> str:
    """Text from a file or an argument made safe for one terminal line: each control
    character shown as an escape (so no escape sequence reaches the terminal and no message
    spans two lines), a lone surrogate as U+FFFD, and at most `limit` characters."""
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    if any(ord(char) in _CONTROL for char in text):
        text = "".join(char.encode("unicode_escape").decode("ascii") if ord(char) in _CONTROL
                       else char for char in text)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def printable_lines(text: str) -> str:
    """Text from a file for the terminal, line by line (see `printable`); the lines stay."""
    return "\n".join(printable(line, limit=100_000) for line in text.split("\n"))
