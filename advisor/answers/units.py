"""Numbers as people write them: "10k/day", "1.5M per month", "$1,500", "36500/year".

A month is 365/12 days and a year is 12 months, as the contract fixes. Every parser returns
a finite, non-negative number or raises ValueError with a message that says what is allowed.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

DAYS_PER_MONTH = Fraction(365, 12)

# Queries per period, expressed as a multiplier to a monthly figure.
_PERIODS: dict[str, Fraction] = {
    "day": DAYS_PER_MONTH,
    "week": DAYS_PER_MONTH / 7,
    "month": Fraction(1),
    "year": Fraction(1, 12),
}
_PERIOD_WORDS = {
    "d": "day", "day": "day", "days": "day", "daily": "day",
    "w": "week", "wk": "week", "week": "week", "weeks": "week", "weekly": "week",
    "mo": "month", "mon": "month", "month": "month", "months": "month", "monthly": "month",
    "y": "year", "yr": "year", "year": "year", "years": "year", "yearly": "year",
    "annually": "year", "annual": "year", "pa": "year",
}
_SCALES = {"": 1, "k": 1_000, "thousand": 1_000, "m": 1_000_000, "mm": 1_000_000,
           "million": 1_000_000, "b": 1_000_000_000, "bn": 1_000_000_000, "billion": 1_000_000_000}

_NUMBER = r"(?P<number>\d[\d,_]*(?:\.\d+)?(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?)"
# Patterns, not compiled ones: `re` compiles each on first use (and keeps it), so a file of
# plain numbers never pays for them.
_VOLUME = (
    r"^\$?\s*" + _NUMBER + r"\s*(?:(?P<scale>k|thousand|mm|m|million|bn|b|billion)\b)?\s*"
    r"(?:queries|query|requests|request|calls|questions|q)?\s*"
    r"(?:(?:/|per|in an|in a|an|a|each|every)?\s*(?P<period>[a-z]+))?$"
)
_COUNT = r"^" + _NUMBER + r"\s*(?P<scale>k|thousand|mm|m|million|bn|b|billion)?$"
_MONEY = r"^\$?\s*" + _NUMBER + r"\s*(?P<scale>k|m)?\s*(?:usd|dollars?)?$"

VOLUME_HELP = ('a number of queries a month, or a number with a unit such as "12,000", '
               '"10k/day", "2.5k a day", "1.5M per month", "36500/year"')


def _number(text: str, scale: str | None) -> float:
    value = float(text.replace(",", "").replace("_", "")) * _SCALES[scale or ""]
    if not math.isfinite(value):
        raise ValueError("is too large")
    return value


def _check_plain_number(value: object, what: str) -> float:
    if isinstance(value, bool):
        raise ValueError(f"must be {what}, not a true/false value")
    if not isinstance(value, int | float):
        raise ValueError(f"must be {what}, not {value!r}")
    number = float(value)
    if math.isnan(number):
        raise ValueError(f"must be {what}, not NaN")
    if math.isinf(number):
        raise ValueError(f"must be {what}, not infinite")
    if number < 0:
        raise ValueError(f"must be {what}, not negative ({value})")
    return number


def parse_volume(value: object) -> float:
    """A monthly query volume from a number (already monthly) or a string with a unit."""
    if not isinstance(value, str):
        return _check_plain_number(value, VOLUME_HELP)
    text = value.strip().lower()
    match = re.match(_VOLUME, text)
    if not match:
        if text.startswith("-"):
            raise ValueError(f"must not be negative ({value!r}); use {VOLUME_HELP}")
        raise ValueError(f"cannot read {value!r} as a volume; use {VOLUME_HELP}")
    period_word = match.group("period")
    period = "month"
    if period_word:
        if period_word not in _PERIOD_WORDS:
            raise ValueError(
                f"unknown period {period_word!r} in {value!r}; use per day, week, month or year"
            )
        period = _PERIOD_WORDS[period_word]
    amount = _number(match.group("number"), match.group("scale"))
    monthly = Fraction(amount) * _PERIODS[period]
    return float(monthly)


def parse_count(value: object, what: str = "a whole number >= 0") -> int:
    """A whole count such as labeled examples: 5000, "5,000", "5k" (not 5.5, not -1)."""
    if isinstance(value, str):
        match = re.match(_COUNT, value.strip().lower())
        if not match:
            raise ValueError(f"must be {what}, not {value!r}")
        number = _number(match.group("number"), match.group("scale"))
    else:
        number = _check_plain_number(value, what)
    if number != int(number):
        raise ValueError(f"must be {what}, not {value!r}")
    return int(number)


def parse_money(value: object) -> float:
    """An amount in US dollars: 1500, "1,500", "$1.5k" (never negative, NaN or infinite)."""
    what = "an amount in US dollars >= 0"
    if isinstance(value, str):
        match = re.match(_MONEY, value.strip().lower())
        if not match:
            raise ValueError(f"must be {what}, not {value!r}")
        return _number(match.group("number"), match.group("scale"))
    return _check_plain_number(value, what)
