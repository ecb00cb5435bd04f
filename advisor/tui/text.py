"""How the interview shows answers and numbers back to the user (presentation only)."""

from __future__ import annotations

from typing import Any

from advisor.answers.units import parse_count, parse_money, parse_volume
from advisor.knowledge import Question
from advisor.numbers import money, volume_text

YES = {"y", "yes", "true", "t", "1", "oui", "yep", "sure"}
NO = {"n", "no", "false", "f", "0", "nope"}


def as_bool(text: str) -> bool | None:
    """A typed yes or no, or None when the text is neither."""
    word = text.strip().lower().rstrip(".!")
    if word in YES:
        return True
    if word in NO:
        return False
    return None


def understood(question: Question, text: str) -> str | None:
    """What a typed number means, read back ("about 304,167 queries a month"); None if unreadable."""
    try:
        if question.kind == "volume":
            return volume_text(parse_volume(text))
        if question.kind == "count":
            count = f"{parse_count(text):,}"
            return f"{count} {question.unit}" if question.unit else count
        if question.kind == "money":
            return money(parse_money(text))
    except ValueError:
        return None
    return None


def shown(question: Question, value: Any) -> str:
    """An answer as the conversation and the review show it."""
    if value is None:
        return "(the guide's figure)"
    if question.kind == "choice":
        labels = {choice.value: choice.label for choice in question.choices}
        return labels.get(str(value).strip().lower(), str(value))
    if question.kind == "bool":
        return "Yes" if value else "No"
    if isinstance(value, str):
        reading = understood(question, value)
        if reading and reading != value:
            return f"{value} ({reading})"
        return value
    if question.kind == "volume":
        return volume_text(float(value))
    if question.kind == "money":
        return money(float(value))
    return f"{value:,}" if isinstance(value, int) else str(value)


ALLOWED = {
    "volume": 'a number of queries a month, or with a unit: "12000", "10k/day", "1.5M per month"',
    "count": 'a whole number, such as "500" or "5k"',
    "money": 'an amount in US dollars, such as "1500" or "$1.5k"; empty for the guide\'s figure',
    "bool": "yes or no",
}


def allowed(question: Question) -> str:
    """What the question accepts, in words, for the friendly 'I did not understand' message."""
    if question.kind == "choice":
        return "one of: " + ", ".join(choice.value for choice in question.choices)
    if question.key == "horizon_months":
        return "a whole number of months from 1 to 120"
    return ALLOWED[question.kind]
