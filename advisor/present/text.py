"""Terminal renderings (rich) of the engines' results, for the CLI's text formats.

Every piece of text that comes from a file (rules, knowledge, answers) is shown through
`_safe`: rich markup in it is escaped (so `[link=...]` or `[/]` print as typed) and control
characters are shown as escapes (so no escape sequence reaches the terminal).
"""

from __future__ import annotations

import io
import re
from typing import Any

from rich import box
from rich.console import Console, OverflowMethod
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from advisor.answers.read import ResolvedAnswers
from advisor.answers.schema import OPTION_LABELS
from advisor.costs import Costs
from advisor.decision import Recommendation
from advisor.errors import printable
from advisor.numbers import count, money, readable, volume_text
from advisor.present.phrases import (
    break_even_sentence,
    close_note,
    confidence_note,
    conflict_answer,
    effect_text,
    key_label,
    label,
    labelled,
    mode_sentence,
    opening,
    reason_groups,
    relevant_citations,
    ruled_out,
    runner_up,
    set_aside,
    short_why_not,
    what_if_text,
)


def _safe(text: Any) -> str:
    """Text from a file, ready for rich: markup escaped, control characters made visible."""
    return escape(printable(str(text)))


def costs_table(costs: Costs, compact: bool = False) -> Table:
    """The costs by option; `compact` (the text output) has a lighter frame, so that every
    figure fits on one line in 80 columns."""
    title = f"Costs over {count(costs.horizon_months, 'month')}"
    table = (Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False,
                   collapse_padding=True) if compact
             else Table(title=title, title_justify="left"))
    overflow: OverflowMethod = "fold" if compact else "ellipsis"  # wrap, never hide, a figure
    table.add_column("option", overflow=overflow)
    for heading in ("upfront", "monthly", "retrains", "total"):
        table.add_column(heading, justify="right", overflow=overflow, no_wrap=compact)
    table.add_column("low - high", justify="right", overflow=overflow)
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
        table.add_row(key_label(item.key), money(item.value), _safe(item.source))
    return table


def print_costs(costs: Costs, resolved: ResolvedAnswers, console: Console | None = None) -> None:
    out = console or Console()
    with out.capture() as captured:
        _costs(costs, resolved, out)
    _write(out, captured.get())


def _costs(costs: Costs, resolved: ResolvedAnswers, out: Console) -> None:
    answers = resolved.answers
    out.print(f"Volume: {volume_text(answers.monthly_queries)}; the facts change "
              f"{readable(answers.data_volatility, 'data_volatility')}; a "
              f"{readable(answers.model_size, 'model_size')} model.", highlight=False)
    out.print(_safe(mode_sentence(costs)))
    out.print(costs_table(costs, compact=True))
    out.print(break_even_sentence(costs))
    out.print(assumptions_table(costs))
    out.print(f"Prices as of {_safe(costs.as_of)}. Low and high totals use the guide's price ranges "
              "for every figure you did not give.")


def print_text(rec: Recommendation, console: Console | None = None) -> None:
    """The readable terminal rendering of `recommend` (the default format): the answer in
    three lines, any conflict with the answers, then the details. Lines are rendered whole,
    then written without trailing spaces; wrapped items keep their indent."""
    out = console or Console()
    with out.capture() as captured:
        _recommendation(rec, out)
    _write(out, captured.get())


_TRAILING = re.compile(r"[ \t]+((?:\x1b\[[0-9;]*m)*)$", re.MULTILINE)
"""Spaces at the end of a line, before any closing style codes."""


def _write(out: Console, rendered: str) -> None:
    """Rendered lines to the console's file, without the spaces rich pads them with."""
    out.file.write(_TRAILING.sub(r"\1", rendered))
    out.file.flush()


def _item(out: Console, text: str, indent: int = 2, marker: str = "- ") -> None:
    """A list item whose wrapped lines line up under its first word."""
    grid = Table.grid()
    grid.add_column(no_wrap=True)
    grid.add_column()
    grid.add_row(" " * indent + marker, Text.from_markup(text))
    out.print(grid, highlight=False)


def _recommendation(rec: Recommendation, out: Console) -> None:
    verdict, cost, decided = opening(rec)
    colour = "yellow" if rec.close_call or rec.conflicts else "green"
    out.print(f"[bold {colour}]{_safe(verdict)}[/]", highlight=False)
    out.print(_safe(cost), highlight=False)
    out.print(_safe(decided), highlight=False)
    for conflict in rec.conflicts:
        body = (f"{_safe(conflict.text)}\n[dim]You said: "
                f"{_safe(conflict_answer(rec, conflict.answer))}.[/]\n"
                f"[bold]To resolve it:[/] {_safe(conflict.resolve)}")
        out.print(Panel(body, title="[bold]Conflict with your answers[/]", title_align="left",
                        border_style="red", expand=True), highlight=False)
    note = close_note(rec)
    if note:
        out.print(f"[yellow]{_safe(note)}[/]", highlight=False)
    out.print("\n[bold]Scores[/]")
    vetoed = ruled_out(rec)
    second = runner_up(rec)
    broken = set_aside(rec)
    for option in [rec.recommendation, *rec.why_not]:
        if option in vetoed and option != rec.recommendation:
            _item(out, f"{label(option)} ruled out: {_safe(vetoed[option])}")
            continue
        roles = (["recommended"] if option == rec.recommendation
                 else ["runner-up"] if option == second else [])
        if option in broken:
            roles.append(f"breaks your answer: {_safe(broken[option])}")
        role = f" ({'; '.join(roles)})" if roles else ""
        _item(out, f"{label(option)} {readable(rec.scores[option])}{role}")
    note = confidence_note(rec)
    if note:
        out.print(f"[dim]{_safe(note)}[/]", highlight=False)
    out.print(f"\n[bold]Why {label(rec.recommendation)}[/]")
    for title, reasons in reason_groups(rec).items():
        out.print(f"  [bold]{title}[/]")
        for reason in reasons:
            _item(out, f"{_safe(reason.text)} [dim]({effect_text(reason.effect, reason.veto)})[/]",
                  indent=4)
    out.print("\n[bold]Why not the others[/]")
    for option, items in rec.why_not.items():
        out.print(f"  [bold]{label(option)}[/]")
        for item in short_why_not(items):
            _item(out, _safe(labelled(item)), indent=4)
    out.print("\n[bold]What would change it[/]")
    if not rec.what_if:
        _item(out, "No single change to an answer changes the recommendation.", marker="")
    for change in rec.what_if:
        _item(out, _safe(what_if_text(change)))
    out.print()
    out.print(costs_table(rec.costs, compact=True))
    out.print(break_even_sentence(rec.costs), highlight=False)
    if rec.costs.mode != "guide":
        out.print(_safe(mode_sentence(rec.costs)), highlight=False)
    out.print(f"[dim]Prices as of {_safe(rec.costs.as_of)}; see 'advisor costs' for every "
              "assumption.[/]", highlight=False)
    out.print("\n[bold]Caveats[/]")
    for caveat in rec.caveats:
        _item(out, _safe(caveat))
    cites = relevant_citations(rec)
    if cites:
        out.print(f"\n[dim]Read more with 'advisor ask': {_safe(', '.join(cites))}[/]",
                  highlight=False)


def render_text(rec: Recommendation, width: int = 100) -> str:
    """The terminal rendering as plain text (for `--out` with the text format)."""
    buffer = io.StringIO()
    print_text(rec, Console(file=buffer, width=width, color_system=None, force_terminal=False))
    return buffer.getvalue()
