"""Total cost over the horizon against monthly query volume, for the three options.

The curves are sampled from the cost engine (`Costs.totals_at`, in the answers' pricing mode).
Each option's line has its own colour and its own glyph, and so do the two vertical marks
(the user's volume and the break-even), so the chart reads without colour (NO_COLOR) too.
The key sits under the plot, where it wraps rather than being cut at 80 columns, and the
axes are marked at round numbers.
"""

from __future__ import annotations

import math

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static
from textual_plotext import PlotextPlot

from advisor.answers.schema import OPTION_LABELS, OPTIONS
from advisor.costs import Costs

LINES: dict[str, tuple[str, str]] = {
    "fine_tune": ("blue", "•"),
    "rag": ("orange", "x"),
    "hybrid": ("green", "+"),
}
"""Each option's colour and glyph (the hybrid is green in the Markdown summary's chart too)."""
YOU = ("default", "┃")
"""The user's volume: a solid line in the text colour."""
BREAK_EVEN = ("red", "┆")
"""The break-even: a dashed line in a colour no option uses."""
POINTS = 41


def round_ticks(top: float, most: int = 5) -> list[float]:
    """Ticks from 0 at a round step (1, 2, 2.5 or 5 times a power of ten), the smallest step
    that reaches `top` in at most `most` intervals, so the axis ends close above it."""
    if top <= 0 or not math.isfinite(top):
        return [0.0, 1.0]
    power = 10.0 ** math.floor(math.log10(top / most))
    step = next(factor * power for factor in (1.0, 2.0, 2.5, 5.0, 10.0)
                if math.ceil(top / (factor * power) - 1e-9) <= most)
    count = max(1, math.ceil(top / step - 1e-9))
    return [round(step * index, 9) for index in range(count + 1)]


def short(amount: float) -> str:
    """A figure in a few characters, to three significant digits: 500, 2.5k, 28.4k, 1.5M."""
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(amount) >= size:
            return f"{amount / size:.3g}{suffix}"
    return f"{amount:.3g}"


def volume_range(costs: Costs) -> float:
    """The x axis reaches past both the user's volume and the break-even."""
    marks = [costs.monthly_queries, costs.break_even_monthly_queries or 0.0]
    return max(max(marks) * 1.5, 1_000.0)


def cost_curves(costs: Costs, top: float,
                points: int = POINTS) -> tuple[list[float], dict[str, list[float]]]:
    volumes = [top * index / (points - 1) for index in range(points)]
    totals = [costs.totals_at(volume) for volume in volumes]
    return volumes, {option: [row[option] for row in totals] for option in OPTIONS}


PLOT_ROWS = 11
"""The rows of the plot that hold data: its height (16, advisor.tcss) less the title, the
frame, the ticks and the axis label."""


def hidden_under(curves: dict[str, list[float]], top: float) -> dict[str, str]:
    """Options whose line lies under a later-drawn one all the way (at each sample on the same
    plot row, or within half a row), with the last such one: the key says so, as the plot
    cannot show both."""
    row = top / (PLOT_ROWS - 1)

    def covered(lower: list[float], upper: list[float]) -> bool:
        return all(round(a / row) == round(b / row) or abs(a - b) <= row / 2
                   for a, b in zip(lower, upper, strict=True))

    order = list(LINES)
    hidden: dict[str, str] = {}
    for index, option in enumerate(order):
        for later in order[index + 1:]:
            if covered(curves[option], curves[later]):
                hidden[option] = later
    return hidden


def chart_key(costs: Costs, hidden: dict[str, str] | None = None) -> Text:
    """The key: each option's glyph and name, then the user's volume and the break-even."""
    key = Text()
    for option, (colour, glyph) in LINES.items():
        key.append(f"{glyph} ", style=f"bold {_rich(colour)}")
        key.append(OPTION_LABELS[option])
        if hidden and option in hidden:
            key.append(f" (under {OPTION_LABELS[hidden[option]]})")
        key.append("  ")
    key.append(f"{YOU[1]} ", style="bold")
    key.append(f"you: {short(costs.monthly_queries)}/month")
    point = costs.break_even_monthly_queries
    if point:
        key.append(f"  {BREAK_EVEN[1]} ", style=f"bold {_rich(BREAK_EVEN[0])}")
        key.append(f"break-even: {short(point)}/month")
    return key


def _rich(colour: str) -> str:
    return {"orange": "dark_orange", "default": ""}.get(colour, colour)


class CostPlot(PlotextPlot):
    """The plot itself: three totals and two vertical marks, axes at round numbers."""

    def show(self, costs: Costs) -> dict[str, str]:
        """Plot the costs; the options whose line another one hides (see `hidden_under`)."""
        top = _round_top(volume_range(costs))
        volumes, curves = cost_curves(costs, top)
        highest = max(max(totals) for totals in curves.values())
        yticks = round_ticks(highest)
        plt = self.plt
        plt.clear_figure()
        for option, totals in curves.items():
            colour, glyph = LINES[option]
            plt.plot(volumes, totals, color=colour, marker=glyph)
        self._mark(costs.monthly_queries, yticks[-1], YOU)
        if costs.break_even_monthly_queries:
            self._mark(costs.break_even_monthly_queries, yticks[-1], BREAK_EVEN)
        plt.title(f"Total cost over {costs.horizon_months} months")
        plt.xlabel("queries a month")
        xticks = round_ticks(top)
        plt.xlim(0, xticks[-1])
        plt.xticks(xticks, [short(tick) for tick in xticks])
        plt.ylim(0, yticks[-1])
        plt.yticks(yticks, ["$" + short(tick) for tick in yticks])
        self.refresh()
        return hidden_under(curves, yticks[-1])

    def _mark(self, volume: float, top: float, style: tuple[str, str]) -> None:
        colour, glyph = style
        self.plt.plot([volume, volume], [0, top], color=colour, marker=glyph)


def _round_top(top: float) -> float:
    return round_ticks(top)[-1]


class CostChart(Vertical):
    """The cost comparison a person can read at a glance: the plot and its key."""

    def compose(self) -> ComposeResult:
        yield CostPlot(id="plot")
        yield Static("", id="chart-key")

    def show(self, costs: Costs) -> None:
        hidden = self.query_one(CostPlot).show(costs)
        self.query_one("#chart-key", Static).update(chart_key(costs, hidden))
