"""Total cost over the horizon against monthly query volume, for the three options.

The curves are sampled from the cost engine (`Costs.totals_at`, in the answers' pricing mode);
the user's volume
and the break-even are marked with vertical lines.
"""

from __future__ import annotations

from textual_plotext import PlotextPlot

from advisor.answers.read import ResolvedAnswers
from advisor.answers.schema import OPTION_LABELS, OPTIONS
from advisor.costs import Costs
from advisor.knowledge import Pricing

COLOURS = {"fine_tune": "blue", "rag": "orange", "hybrid": "magenta"}


def volume_range(costs: Costs) -> float:
    """The x axis reaches past both the user's volume and the break-even."""
    marks = [costs.monthly_queries, costs.break_even_monthly_queries or 0.0]
    return max(max(marks) * 1.6, 1_000.0)


def cost_curves(costs: Costs, top: float,
                points: int = 41) -> tuple[list[float], dict[str, list[float]]]:
    volumes = [top * index / (points - 1) for index in range(points)]
    totals = [costs.totals_at(volume) for volume in volumes]
    return volumes, {option: [row[option] for row in totals] for option in OPTIONS}


def _short(amount: float) -> str:
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(amount) >= size:
            return f"{amount / size:.3g}{suffix}"
    return f"{amount:.0f}"


class CostChart(PlotextPlot):
    """The cost comparison a person can read at a glance."""

    def show(self, resolved: ResolvedAnswers, pricing: Pricing, costs: Costs) -> None:
        top = volume_range(costs)
        volumes, curves = cost_curves(costs, top)
        plt = self.plt
        plt.clear_figure()
        for option, totals in curves.items():
            plt.plot(volumes, totals, label=OPTION_LABELS[option], color=COLOURS[option],
                     marker="braille")
        plt.vline(costs.monthly_queries, "green")
        mark = f"you: {_short(costs.monthly_queries)}/mo (green)"
        if costs.break_even_monthly_queries:
            plt.vline(costs.break_even_monthly_queries, "red")
            mark += f", break-even: {_short(costs.break_even_monthly_queries)}/mo (red)"
        plt.title(f"Total over {costs.horizon_months} months, $ — {mark}")
        plt.xlabel("queries a month")
        ticks = [top * index / 4 for index in range(5)]
        plt.xticks(ticks, [_short(tick) for tick in ticks])
        highest = max(max(totals) for totals in curves.values())
        yticks = [highest * index / 4 for index in range(5)]
        plt.yticks(yticks, ["$" + _short(tick) for tick in yticks])
        self.refresh()
