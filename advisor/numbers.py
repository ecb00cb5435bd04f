"""How every value reaches a reader: counts, money, volumes, percentages and the answers'
choices, written one way everywhere.

The rules' explanations, the text and Markdown outputs and the TUI all format through here,
so "40,000", "$1,700", "80%" and "about 304,167 queries a month" read the same wherever they
appear, and a choice such as `data_volatility: static` reads "hardly ever" in a sentence.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

PHRASES: dict[str, dict[str, str]] = {
    "data_volatility": {"static": "hardly ever", "yearly": "about once a year",
                        "monthly": "every month", "weekly": "every week", "daily": "every day",
                        "unknown": "at a pace not yet known"},
    "query_variety": {"narrow": "much alike", "mixed": "partly alike", "broad": "widely varied",
                      "unknown": "of a variety not yet known"},
    "latency": {"realtime": "in real time", "interactive": "within a few seconds",
                "relaxed": "whenever they are ready (batch or offline)",
                "unknown": "at a speed not yet known"},
    "privacy": {"on_premise": "your own premises only", "private_cloud": "your private cloud",
                "public_api_ok": "a public API", "unknown": "a place not yet known"},
    "volume_predictability": {"steady": "steady and known in advance",
                              "variable": "uncertain or spiky", "unknown": "not yet known"},
    "hosting": {"none": "nowhere",
                "managed": "a provider's service that tunes and serves it",
                "cloud_gpu": "rented cloud GPUs", "own_gpu": "your own GPUs",
                "unknown": "somewhere not yet known"},
    "must_learn": {"knowledge": "knowledge (facts that must be current or citable)",
                   "behaviour": "a behaviour (a format, a tone, tool use or a domain's lasting expertise)",
                   "both": "both a behaviour and current facts", "unknown": "not yet known"},
    "model_size": {"7b": "7B", "70b": "70B", "405b": "405B", "unknown": "base"},
}
"""The phrase each choice reads as, by answers key. Each key's phrases fit one slot, so that a
template quoting the key reads right for every value it can take ("unknown", an answer left to
its default, included): `data_volatility` after "change" ("Your facts change every week"),
`query_variety` after "are", `latency` after "arrive", `privacy` after "go to",
`volume_predictability` after "is", `hosting` and `must_learn` as the answer to "where a model
could run" and "what the model must learn", `model_size` before "model" ("a 7B model")."""

UNKNOWN_COUNT = "an unknown number of"
"""A count nobody gave, read before its noun: "an unknown number of labeled examples"."""

_SINGULAR = {"months": "month", "retrains": "retrain", "examples": "example", "runs": "run",
             "hours": "hour", "queries": "query", "answers": "answer", "rules": "rule",
             "points": "point", "times": "time"}
_ONE_OF = re.compile(r"(?<![\d.,$])1 ((?:labeled |training )?)(" + "|".join(_SINGULAR) + r")\b")


def readable(value: Any, key: str | None = None) -> str:
    """A value as a sentence shows it: 40,000; 1.5; yes; and, given the answers key it is the
    value of, a choice's phrase ("every week") or an unknown count ("an unknown number of")."""
    if key is not None and isinstance(value, str):
        phrase = PHRASES.get(key, {}).get(value)
        if phrase is not None:
            return phrase
        if value == "unknown":
            return UNKNOWN_COUNT
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and math.isinf(value):
        return "unbounded"
    if isinstance(value, int | float):
        if float(value).is_integer():
            return f"{int(value):,}"
        if abs(value) >= 100:
            return f"{value:,.0f}"
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


def agree(text: str) -> str:
    """A count of one with its noun made singular: "1 labeled examples" reads "1 labeled
    example", "1 months" "1 month" (a template writes the plural, which every other count takes)."""
    return _ONE_OF.sub(lambda match: f"1 {match.group(1)}{_SINGULAR[match.group(2)]}", text)


def fill_fields(template: str, fields: Mapping[str, Any]) -> str:
    """A template's `{key}` fields filled as people read them: each value through `readable`
    with its key, then every count of one agreeing with its noun."""
    return agree(template.format_map({name: readable(value, name) for name, value in fields.items()}))


def count(number: int, noun: str, plural: str | None = None) -> str:
    """A number with its noun agreeing: "1 answer", "11 answers", "0 answers"."""
    word = noun if number == 1 else (plural or f"{noun}s")
    return f"{number:,} {word}"


def percent(fraction: float) -> str:
    """A fraction as a whole percentage: 0.8 -> "80%" (the confidence everywhere it is shown)."""
    return f"{round(fraction * 100)}%"


def money(amount: float) -> str:
    """Dollars as a person reads them: $1,700, $0.11, or a fraction of a cent to three
    significant digits ($0.000555), never in scientific notation."""
    if 0 < abs(amount) < 0.01:
        decimals = 2 - math.floor(math.log10(abs(amount)))
        return f"${amount:.{decimals}f}".rstrip("0")
    if amount != int(amount) and abs(amount) < 100:
        return f"${amount:,.2f}"
    return f"${amount:,.0f}"


def volume_text(monthly: float) -> str:
    """A monthly volume read back to the user: "about 304,167 queries a month"."""
    rounded = round(monthly)
    about = "" if math.isclose(monthly, rounded, abs_tol=1e-9) else "about "
    unit = "query" if rounded == 1 and not about else "queries"
    return f"{about}{rounded:,} {unit} a month"


def short_volume(monthly: float) -> str:
    """A volume in a chart's few characters: 500, 2k, 1.5M."""
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(monthly) >= size:
            return f"{monthly / size:.3g}{suffix}"
    return f"{monthly:.3g}"
