"""The result's cost table: each option's upfront, monthly and total cost, and its range.

Built here rather than taken from the text output so that it fits the result screen at 80
columns: a light frame, each option with its glyph from the chart, the low-high range to three
figures, and no figure ever wrapped onto a second line (a range split over two lines reads as
two numbers).
"""

from __future__ import annotations

from rich import box
from rich.table import Table
from rich.text import Text

from advisor.answers.schema import OPTION_LABELS
from advisor.costs import Costs
from advisor.numbers import money
from advisor.tui.widgets.cost_chart import LINES


def cost_table(costs: Costs) -> Table:
    """The costs over the horizon by option; the cheapest total in bold."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True, show_edge=False,
                  title=f"Costs over {costs.horizon_months} months", title_justify="left",
                  title_style="bold")
    table.add_column("option", no_wrap=True)
    for heading in ("upfront", "monthly", "retrains", "total", "range"):
        table.add_column(heading, justify="right", no_wrap=True)
    options = costs.options()
    cheapest = min(option.total for _, option in options)
    for name, option in options:
        colour, glyph = LINES[name]
        label = Text(f"{glyph} ", style=f"bold {'dark_orange' if colour == 'orange' else colour}")
        label.append(OPTION_LABELS[name])
        total = Text(money(option.total), style="bold" if option.total == cheapest else "")
        table.add_row(label, money(option.upfront), money(option.monthly),
                      "-" if option.retrains is None else str(option.retrains), total,
                      f"{rounded(option.low)} – {rounded(option.high)}")
    return table


def rounded(amount: float) -> str:
    """A range's end to three figures, so the range fits its column: $19.9k, $2.65M."""
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(amount) >= 10 * size or (size > 1e3 and abs(amount) >= size):
            return f"${amount / size:.3g}{suffix}"
    return money(amount)
