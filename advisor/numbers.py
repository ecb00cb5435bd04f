"""How every number reaches a reader: counts, money and volumes, written one way everywhere.

The rules' explanations, the text and Markdown outputs and the TUI all format through here,
so "40,000", "$1,700" and "about 304,167 queries a month" read the same wherever they appear.
"""

from __future__ import annotations

import math
from typing import Any


def readable(value: Any) -> str:
    """A value as a sentence shows it: 40,000; 1.5; none; yes."""
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
