"""Terminal renderings (rich) of the engines' results, for the CLI's text formats.

Every piece of text that comes from a file (rules, knowledge, answers) is shown through
`_safe`: rich markup in it is escaped (so `[link=...]` or `[/]` print as typed) and control
characters are shown as escapes (so no escape sequence reaches the terminal).
"""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from advisor.answers.read import ResolvedAnswers
from advisor.answers.schema import OPTION_LABELS
from advisor.costs import Costs
from advisor.decision import Recommendation
from advisor.errors import printable
from advisor.numbers import money, readable, volume_text
from advisor.present.phrases import (
    break_even_sentence,
    effect_text,
    label,
    labelled,
    mode_sentence,
    short_why_not,
    what_if_text,
)


def _safe(text: Any) -> str:
    """Text from a file, ready for rich: markup escaped, control characters made visible."""
    return escape(printable(str(text)))


def costs_table(costs: Costs) -> Table:
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
    table = Table(title="Assumptions", title_justify="left")
    table.add_column("figure")
    table.add_column("value", justify="right")
    table.add_column("source")
    for item in costs.assumptions:
        table.add_row(item.key, money(item.value), _safe(item.source))
    return table


def print_costs(costs: Costs, resolved: ResolvedAnswers, console: Console | None = None) -> None:
    out = console or Console()
    answers = resolved.answers
    out.print(f"Volume: {volume_text(answers.monthly_queries)}; data changes "
              f"{answers.data_volatility}; model {answers.model_size.upper()}.")
    out.print(_safe(mode_sentence(costs)))
    out.print(costs_table(costs))
    out.print(break_even_sentence(costs))
    out.print(assumptions_table(costs))
    out.print(f"Prices as of {_safe(costs.as_of)}. Low and high totals use the guide's price ranges "
              "for every figure you did not give.")


def print_text(rec: Recommendation, console: Console | None = None) -> None:
    """The readable terminal rendering of `recommend` (the default format)."""
    out = console or Console()
    close = "  [yellow](close call)[/]" if rec.close_call else ""
    out.print(f"[bold]Recommendation: {label(rec.recommendation)}[/]  confidence "
              f"{rec.confidence:.2f}{close}")
    out.print("Scores: " + ", ".join(f"{label(o)} {readable(s)}" for o, s in rec.scores.items()))
    if rec.close_call_note:
        out.print(f"[yellow]{_safe(rec.close_call_note)}[/]")
    if rec.confidence_note:
        out.print(_safe(rec.confidence_note))
    elif rec.defaulted:
        out.print(f"[dim]Defaults used for: {', '.join(rec.defaulted)}[/]")
    out.print("\n[bold]Why[/]")
    for reason in rec.reasons:
        out.print(f"  [cyan]{_safe(reason.rule)}[/] ({effect_text(reason.effect, reason.veto)}): "
                  f"{_safe(reason.text)} [dim]\\[{_safe(', '.join(reason.cites))}][/]",
                  highlight=False)
    out.print("\n[bold]Why not the others[/]")
    for option, items in rec.why_not.items():
        out.print(f"  [bold]{label(option)}[/]")
        for item in short_why_not(items):
            out.print(f"    - {_safe(labelled(item))}", highlight=False)
    out.print("\n[bold]What would change it[/]")
    if not rec.what_if:
        out.print("  No single change to an answer changes the recommendation.")
    for change in rec.what_if:
        out.print(f"  - {_safe(what_if_text(change))}", highlight=False)
    out.print()
    out.print(costs_table(rec.costs))
    out.print(break_even_sentence(rec.costs))
    if rec.costs.mode != "guide":
        out.print(_safe(mode_sentence(rec.costs)))
    out.print(f"[dim]Prices as of {_safe(rec.costs.as_of)}; see 'advisor costs' for every assumption.[/]")
    out.print("\n[bold]Caveats[/]")
    for caveat in rec.caveats:
        out.print(f"  - {_safe(caveat)}", highlight=False)
    out.print(f"\n[dim]Cites: {_safe(', '.join(rec.citations))} (try 'advisor ask')[/]")


def render_text(rec: Recommendation, width: int = 100) -> str:
    """The terminal rendering as plain text (for `--out` with the text format)."""
    buffer = io.StringIO()
    print_text(rec, Console(file=buffer, width=width, color_system=None, force_terminal=False))
    return buffer.getvalue()
