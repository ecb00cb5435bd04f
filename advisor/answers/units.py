"""Numbers as people write them: "10k/day", "1.5M per month", "$1,500", "36500/year".

A month is 365/12 days and a year is 12 months, as the contract fixes. Every parser returns a
finite number within its documented bounds or raises ValueError saying what is allowed.

Parsing reads a number, then words, each once, left to right: no pattern with nested or
adjacent repeats, so the time is linear in the input whatever it holds. Only ASCII digits
count ("١٢٣" and "１２３" are refused), thousands separators must group by three ("1,,,0" is
refused) and nothing but the listed words may follow the number ("1:30" is refused).
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

DAYS_PER_MONTH = Fraction(365, 12)

MAX_VOLUME = 1e12
"""A trillion queries a month: more than any product serves."""
MAX_MONEY = 1e12
"""A trillion dollars: larger figures are typing mistakes, and they keep totals finite."""
MIN_MONEY = 1e-9
"""Amounts between 0 and a billionth of a dollar are refused: they only push the break-even
volume past what a float can hold."""
MAX_COUNT = 1_000_000_000
"""A billion: the most labeled examples or tokens anyone has."""

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
_SCALES = {"k": 1_000, "thousand": 1_000, "m": 1_000_000, "mm": 1_000_000,
           "million": 1_000_000, "b": 1_000_000_000, "bn": 1_000_000_000,
           "billion": 1_000_000_000}
_MONEY_SCALES = ("k", "m")
_NOUNS = frozenset({"queries", "query", "requests", "request", "calls", "questions", "q"})
_CONNECTORS = frozenset({"per", "a", "an", "each", "every", "in", "/"})
_CURRENCY = frozenset({"usd", "dollar", "dollars"})

_NUMBER = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,3}(?:_[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
                     r"(?:e[+-]?[0-9]{1,3})?|\.[0-9]+(?:e[+-]?[0-9]{1,3})?", re.ASCII)
_WORD = re.compile(r"[a-z]+|/|\S", re.ASCII)

VOLUME_HELP = ('a number of queries a month, or a number with a unit such as "12,000", '
               '"10k/day", "2.5k a day", "1.5M per month", "36500/year"')
MAX_SHOWN = 60
"""How much of a refused value a message repeats."""


def shown(value: object) -> str:
    """A value as an error message quotes it: at most `MAX_SHOWN` characters."""
    text = repr(value)
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN - 5] + "...'"


def _split(text: str, currency: bool = False) -> tuple[float, list[str]] | None:
    """The number at the start of `text` and the words after it; None if there is none."""
    text = text.strip().lower()
    if currency and text.startswith("$"):
        text = text[1:].lstrip()
    match = _NUMBER.match(text)
    if match is None:
        return None
    number = float(match.group().replace(",", "").replace("_", ""))
    return number, _WORD.findall(text[match.end():])


def _scaled(number: float, words: list[str], scales: tuple[str, ...] | dict[str, int]) -> float:
    """The number times a scale word that leads `words` (removed from them)."""
    if words and words[0] in scales:
        number *= _SCALES[words.pop(0)]
    return number


def _bounded(number: float, value: object, what: str, high: float) -> float:
    if not math.isfinite(number) or number > high:
        raise ValueError(f"{shown(value)} is too large: {what} is at most {high:,.0f}")
    return number


def _plain_number(value: object, what: str) -> float:
    if isinstance(value, bool):
        raise ValueError(f"must be {what}, not a true/false value")
    if not isinstance(value, int | float):
        raise ValueError(f"must be {what}, not {shown(value)}")
    if isinstance(value, int) and abs(value) > 10**15:
        raise ValueError(f"must be {what}, not a number of {len(str(abs(value)))} digits")
    number = float(value)
    if math.isnan(number):
        raise ValueError(f"must be {what}, not NaN")
    if math.isinf(number):
        raise ValueError(f"must be {what}, not infinite")
    if number < 0:
        raise ValueError(f"must be {what}, not negative ({value})")
    return number


def parse_volume(value: object) -> float:
    """A monthly query volume (0 to a trillion) from a number (already monthly) or a string
    with a unit."""
    if not isinstance(value, str):
        return _bounded(_plain_number(value, VOLUME_HELP), value, "a volume", MAX_VOLUME)
    parsed = _split(value, currency=True)
    if parsed is None:
        if value.strip().startswith("-"):
            raise ValueError(f"must not be negative ({shown(value)}); use {VOLUME_HELP}")
        raise ValueError(f"cannot read {shown(value)} as a volume; use {VOLUME_HELP}")
    number, words = parsed
    number = _scaled(number, words, _SCALES)
    if words and words[0] in _NOUNS:
        words.pop(0)
    if words and words[0] in _CONNECTORS:
        words.pop(0)
        if words and words[0] in ("a", "an"):  # "in a day"
            words.pop(0)
    period = "month"
    if words:
        word = words.pop(0)
        if word.isalpha() and word not in _PERIOD_WORDS and not words:
            raise ValueError(f"unknown period {word!r} in {shown(value)}; use per day, week, "
                             "month or year")
        if word not in _PERIOD_WORDS or words:
            raise ValueError(f"cannot read {shown(value)} as a volume; use {VOLUME_HELP}")
        period = _PERIOD_WORDS[word]
    monthly = float(Fraction(number) * _PERIODS[period]) if math.isfinite(number) else number
    return _bounded(monthly, value, "a monthly volume", MAX_VOLUME)


def parse_count(value: object, what: str = "a whole number >= 0") -> int:
    """A whole count such as labeled examples: 5000, "5,000", "5k" (not 5.5, not -1)."""
    if isinstance(value, str):
        parsed = _split(value)
        if parsed is None:
            raise ValueError(f"must be {what}, not {shown(value)}")
        number, words = parsed
        number = _scaled(number, words, _SCALES)
        if words:
            raise ValueError(f"must be {what}, not {shown(value)}")
    else:
        number = _plain_number(value, what)
    number = _bounded(number, value, what, MAX_COUNT)
    if number != int(number):
        raise ValueError(f"must be {what}, not {shown(value)}")
    return int(number)


def parse_money(value: object) -> float:
    """An amount in US dollars, 0 or from a billionth to a trillion: 1500, "1,500", "$1.5k"."""
    what = "an amount in US dollars >= 0"
    if isinstance(value, str):
        parsed = _split(value, currency=True)
        if parsed is None:
            raise ValueError(f"must be {what}, not {shown(value)}")
        number, words = parsed
        number = _scaled(number, words, _MONEY_SCALES)
        if words and words[0] in _CURRENCY:
            words.pop(0)
        if words:
            raise ValueError(f"must be {what}, not {shown(value)}")
    else:
        number = _plain_number(value, what)
    number = _bounded(number, value, "an amount in US dollars", MAX_MONEY)
    if 0 < number < MIN_MONEY:
        raise ValueError(f"must be 0 or at least {MIN_MONEY:g} dollars, not {shown(value)}")
    return number
