"""Terminal renderings (rich) of the engines' results, for the CLI's text formats.

rich is imported only by the functions that draw, so JSON and Markdown never pay for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from advisor.answers import ResolvedAnswers
from advisor.models import OPTION_LABELS, Costs
from advisor.units import describe_volume

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table


def money(amount: float) -> str:
    """Dollars as a person reads them: $1,700 or $0.11."""
    if amount != int(amount) and abs(amount) < 100:
        return f"${amount:,.2f}"
    return f"${amount:,.0f}"


def break_even_sentence(costs: Costs) -> str:
    """What the break-even volume means for this team, in one sentence."""
    volume = costs.monthly_queries
    point = costs.break_even_monthly_queries
    months = costs.horizon_months
    if point is None:
        return "RAG has no per-query cost here, so it is cheaper than fine-tuning at any volume."
    if point == 0:
        return (f"RAG's fixed costs alone exceed fine-tuning's over {months} months, so "
                "fine-tuning is cheaper at any volume.")
    side = "fine-tuning" if volume > point else "RAG"
    return (f"Break-even: {describe_volume(point)} over {months} months. Below it RAG is "
            f"cheaper, above it fine-tuning is; at your {describe_volume(volume)}, {side} is cheaper.")


def costs_table(costs: Costs) -> Table:
    from rich.table import Table

    table = Table(title=f"Costs over {costs.horizon_months} months", title_justify="left")
    table.add_column("option")
    for heading in ("upfront", "monthly", "retrains", "total", "low - high"):
        table.add_column(heading, justify="right")
    options = costs.options()
    cheapest = min(option.total for _, option in options)
    for name, option in options:
        total = money(option.total)
        table.add_row(
            OPTION_LABELS[name], money(option.upfront), money(option.monthly),
            "-" if option.retrains is None else str(option.retrains),
            f"[bold]{total}[/]" if option.total == cheapest else total,
            f"{money(option.low)} - {money(option.high)}",
        )
    return table


def assumptions_table(costs: Costs) -> Table:
    from rich.table import Table

    table = Table(title="Assumptions", title_justify="left")
    table.add_column("figure")
    table.add_column("value", justify="right")
    table.add_column("source")
    for item in costs.assumptions:
        table.add_row(item.key, money(item.value), item.source)
    return table


def print_costs(costs: Costs, resolved: ResolvedAnswers, console: Console | None = None) -> None:
    from rich.console import Console

    out = console or Console()
    answers = resolved.answers
    out.print(f"Volume: {describe_volume(answers.monthly_queries)}; data changes "
              f"{answers.data_volatility}; model {answers.model_size.upper()}.")
    out.print(costs_table(costs))
    out.print(break_even_sentence(costs))
    out.print(assumptions_table(costs))
    out.print(f"Prices as of {costs.as_of}. Low and high totals use the guide's price ranges "
              "for every figure you did not give.")
