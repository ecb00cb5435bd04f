"""Parsed mappings and lists that remember the line each key or item was written on."""

from __future__ import annotations

from typing import Any

MAX_DEPTH = 50
"""How deeply lists and mappings may nest in a data file: far more than any answers, rules or
knowledge file needs, and well inside Python's recursion limit for everything downstream."""


class LineDict(dict[Any, Any]):
    """A mapping that remembers the 1-based line of itself and of each of its keys."""

    line: int | None = None
    lines: dict[Any, int]


class LineList(list[Any]):
    """A list that remembers the 1-based line of itself and of each of its items."""

    line: int | None = None
    lines: list[int]
