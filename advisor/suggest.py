"""One "did you mean" for every misspelt key, value, operator, option or id."""

from __future__ import annotations

from collections.abc import Iterable


def closest(word: str, known: Iterable[str], cutoff: float = 60) -> str | None:
    """The known word closest to `word`, if one is close enough."""
    from rapidfuzz import process  # only a mistake needs it: the interview starts without it

    choices = list(known)
    match = process.extractOne(word, choices, score_cutoff=cutoff) if choices else None
    return None if match is None else str(match[0])


def did_you_mean(word: str, known: Iterable[str], what: str, cutoff: float = 60) -> str:
    """`unknown X 'word'; did you mean 'y'?`, or the list of what is allowed."""
    choices = list(known)
    match = closest(word, choices, cutoff)
    hint = f"did you mean {match!r}?" if match else f"allowed: {', '.join(choices)}"
    return f"unknown {what} {word!r}; {hint}"
