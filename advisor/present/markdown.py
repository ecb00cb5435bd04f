"""The meeting summary as Markdown, written for the manager who reads it first and the
engineer who checks it after.

It opens with the answer: the verdict with its confidence, the cost over the horizon against
the runner-up, and what decided it; then any stated constraint the verdict breaks. The details
follow in plain words (answers by their labels, never their keys): how the options scored,
the answers, the reasoning, why not the others, what would change it, the costs with a chart,
the caveats and the FAQ entries that bear on these answers. Rule ids, answers keys and raw
values are kept to the last section, for the people who edit the rules.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date
from typing import Any

from advisor.answers.read import ResolvedAnswers
from advisor.answers.schema import ANSWER_KEYS, OPTIONS, PRICE_KEYS
from advisor.costs import Costs
from advisor.decision import Recommendation
from advisor.faq.schema import FaqEntry
from advisor.numbers import count, money, percent, readable, short_volume, volume_text
from advisor.present.phrases import (
    answer_text,
    break_even_sentence,
    close_note,
    confidence_note,
    conflict_answer,
    count_points,
    effect_text,
    key_label,
    label,
    labelled,
    mode_sentence,
    opening,
    outscoring,
    reason_groups,
    relevant_citations,
    ruled_out,
    runner_up,
    set_aside,
    short_why_not,
)

CHART_COLOURS = (("Fine-tuning", "blue", "#4e79a7"), ("RAG", "orange", "#f28e2b"),
                 ("Hybrid", "green", "#59a14f"))
"""The chart's lines in the contract's option order, each with the colour named under it."""


def render_markdown(rec: Recommendation, resolved: ResolvedAnswers | None = None,
                    faq: Iterable[FaqEntry] | None = None, today: date | None = None) -> str:
    """The meeting summary as Markdown. `faq` supplies the cited FAQ entries' answers."""
    entries = list(faq or [])
    defaulted = set(resolved.defaulted if resolved is not None else rec.defaulted)
    answers = resolved.normalized() if resolved is not None else rec.answers
    verdict, cost, decided = opening(rec)
    lines = [f"# {verdict}", "", _text(cost), "", _text(decided), ""]
    lines += _conflicts(rec)
    close = close_note(rec)
    if close:
        lines += [f"**{_text(close)}**", ""]
    lines += [f"Date: {(today or date.today()).isoformat()}. Prices as of {rec.costs.as_of}.", ""]
    lines += _scores_section(rec)
    lines += _answers_section(answers, defaulted)
    lines += _reasons_section(rec)
    lines += _why_not_section(rec)
    lines += _what_if_section(rec)
    lines += _costs_section(rec)
    lines += ["## Caveats", "", *[f"- {_text(caveat)}" for caveat in rec.caveats], ""]
    lines += _faq_section(rec, entries)
    lines += _appendix(rec, answers, defaulted)
    return "\n".join(lines).rstrip() + "\n"


def _text(text: Any) -> str:
    """Prose from a file, with the characters Markdown would read as markup escaped."""
    out = str(text).replace("\\", "\\\\")
    for mark in ("*", "_", "`", "<", "["):
        out = out.replace(mark, "\\" + mark)
    return out.replace("\n", " ")


def _cell(text: Any) -> str:
    return _text(text).replace("|", "\\|")


def _conflicts(rec: Recommendation) -> list[str]:
    """Each stated constraint the verdict breaks, in one quote block right under the answer."""
    if not rec.conflicts:
        return []
    lines: list[str] = []
    for conflict in rec.conflicts:
        if lines:
            lines.append(">")
        lines += [f"> **Conflict with your answers:** {_text(conflict.text)} "
                  f"*You said: {_text(conflict_answer(rec, conflict.answer))}.*",
                  ">",
                  f"> **To resolve it:** {_text(conflict.resolve)}"]
    return [*lines, ""]


def _scores_section(rec: Recommendation) -> list[str]:
    winner = rec.recommendation
    vetoed = ruled_out(rec)
    second = runner_up(rec)
    broken = set_aside(rec)
    lines = [f"## Recommendation: {label(winner)}, and how the options scored", "",
             "| option | score | |", "|---|---:|---|"]
    for option in [winner, *rec.why_not]:
        name = f"**{label(option)}**" if option == winner else label(option)
        if option in vetoed and option != winner:
            lines.append(f"| {name} | - | ruled out: {_cell(vetoed[option])} |")
            continue
        role = "runner-up" if option == second else ""
        if option in broken:
            role += f"{', ' if role else ''}breaks your answer: {_cell(broken[option])}"
        if option == winner:
            role = "recommended" + (f", though ruled out: {_cell(vetoed[option])}"
                                    if option in vetoed else "")
        lines.append(f"| {name} | {readable(rec.scores[option])} | {role} |")
    capped = (" A conflict with your answers caps it at 80%." if rec.conflicts else
              " A stated constraint decided it, which caps it at 80%." if outscoring(rec) else "")
    lead = (" Every other option is ruled out." if second in vetoed else
            f" {label(second)} breaks your answer ({_cell(broken[second])})." if second in broken else
            f" {label(winner)} leads the next workable option by {count_points(rec.margin)}.")
    lines += ["", f"Confidence {percent(rec.confidence)}: 50% is a dead heat, 100% a clear lead "
                  f"on answers you gave.{capped}{lead}", ""]
    lowered = confidence_note(rec)
    if lowered:
        lines += [_text(lowered), ""]
    return lines


def _answers_section(answers: dict[str, Any], defaulted: set[str]) -> list[str]:
    """The project's answers by their labels; a price figure only when it was given (the
    assumptions under the costs show the rest)."""
    lines = ["## Your answers", "", "| question | answer | |", "|---|---|---|"]
    for key, value in answers.items():
        if key in PRICE_KEYS and key in defaulted:
            continue
        given = "default" if key in defaulted else "given"
        lines.append(f"| {_cell(key_label(key))} | {_cell(answer_text(key, value))} | {given} |")
    return [*lines, ""]


def _reasons_section(rec: Recommendation) -> list[str]:
    lines = [f"## Why {label(rec.recommendation)}", ""]
    if not rec.reasons:
        return [*lines, "No rule fired; the options tied and the tie-break chose.", ""]
    for title, reasons in reason_groups(rec).items():
        lines += [f"### {title}", ""]
        lines += [f"- {_text(reason.text)} *({effect_text(reason.effect, reason.veto)})*"
                  for reason in reasons]
        lines.append("")
    return lines


def _why_not_section(rec: Recommendation) -> list[str]:
    lines = ["## Why not the others", ""]
    for option, items in rec.why_not.items():
        lines += [f"### {label(option)}", ""]
        lines += [f"- {_text(labelled(item))}" for item in short_why_not(items, missed=5)]
        lines.append("")
    return lines


def _what_if_section(rec: Recommendation) -> list[str]:
    lines = ["## What would change it", ""]
    if not rec.what_if:
        return [*lines, "No single change to one answer changes the recommendation.", ""]
    lines += ["Each change below was tried through the rules; the smallest change comes first.", "",
              "| answer | now | if it were | recommendation |", "|---|---|---|---|"]
    lines += [f"| {_cell(key_label(item.key))} | {_cell(answer_text(item.key, item.from_))} | "
              f"{_cell(answer_text(item.key, item.to))} | {label(item.recommendation)} |"
              for item in rec.what_if]
    return [*lines, ""]


def _costs_section(rec: Recommendation) -> list[str]:
    costs = rec.costs
    lines = [f"## Costs over {count(costs.horizon_months, 'month')}", ""]
    lines += cost_chart(costs)
    lines += ["| option | upfront | monthly | retrains | total | low - high |",
              "|---|---:|---:|---:|---:|---:|"]
    for name, option in costs.options():
        retrains = "-" if option.retrains is None else str(option.retrains)
        lines.append(f"| {label(name)} | {money(option.upfront)} | {money(option.monthly)} | "
                     f"{retrains} | {money(option.total)} | {money(option.low)} - "
                     f"{money(option.high)} |")
    lines += ["", _text(break_even_sentence(costs)), ""]
    if costs.mode != "guide":
        lines += [_text(mode_sentence(costs)), ""]
    lines += ["Assumptions:", "",
              "| figure | value | source |", "|---|---:|---|"]
    lines += [f"| {_cell(key_label(item.key))} | {money(item.value)} | {_cell(item.source)} |"
              for item in costs.assumptions]
    lines += ["", f"Prices as of {costs.as_of}. Low and high totals use the guide's price "
                  "ranges for every figure that was not given.", ""]
    return lines


# --- the cost chart --------------------------------------------------------------------------


def chart_volumes(costs: Costs) -> list[float]:
    """About nine monthly volumes for the chart: round ones (1, 2, 5 times a power of ten)
    around the user's volume and the break-even, with those two among them."""
    marks = [value for value in (costs.monthly_queries, costs.break_even_monthly_queries)
             if value is not None and math.isfinite(value) and value > 0]
    low = min(marks) / 10 if marks else 100.0
    high = max(marks) * 10 if marks else 1_000_000.0
    for steps in ((1, 2, 5), (1, 3), (1,)):
        rounds = [base * 10.0 ** power for power in range(-1, 14) for base in steps
                  if low <= base * 10.0 ** power <= high]
        if len(rounds) <= 8:
            break
    kept = [volume for volume in rounds
            if all(max(volume, mark) / min(volume, mark) > 1.25 for mark in marks)]
    return sorted({*kept, *marks})


def _chart_scale(top: float) -> tuple[float, str]:
    if top >= 2_000_000:
        return 1_000_000.0, "$ millions"
    if top >= 2_000:
        return 1_000.0, "$ thousands"
    return 1.0, "$"


def cost_chart(costs: Costs) -> list[str]:
    """The three totals against the monthly volume as a Mermaid `xychart-beta` block, with a
    note naming the lines' colours, the user's volume and the break-even (the chart cannot
    draw a vertical line, so both are points on the axis, labelled)."""
    if costs.rates is None:
        return []
    volumes = chart_volumes(costs)
    totals = [costs.totals_at(volume) for volume in volumes]
    top = max(total for row in totals for total in row.values())
    scale, unit = _chart_scale(top)
    point = costs.break_even_monthly_queries

    def name(volume: float) -> str:
        if volume == costs.monthly_queries:
            return f"{short_volume(volume)} (you)"
        if volume == point:
            return f"{short_volume(volume)} (break-even)"
        return short_volume(volume)

    axis = ", ".join(f'"{name(volume)}"' for volume in volumes)
    palette = ", ".join(colour for _, _, colour in CHART_COLOURS)
    lines = ["```mermaid", "---", "config:", "  themeVariables:", "    xyChart:",
             f'      plotColorPalette: "{palette}"', "---", "xychart-beta",
             f'  title "Total cost over {count(costs.horizon_months, "month")} by monthly volume"',
             f'  x-axis "Queries a month" [{axis}]',
             f'  y-axis "Total cost, {unit}" 0 --> {_nice_ceiling(top / scale)}']
    for option in OPTIONS:
        values = ", ".join(f"{row[option] / scale:.4g}" for row in totals)
        lines.append(f"  line [{values}]")
    lines += ["```", ""]
    legend = ", ".join(f"{colour} {option}" for option, colour, _ in CHART_COLOURS)
    where = f"Your volume: {volume_text(costs.monthly_queries)}"
    if point is not None and point > 0:
        where += f"; break-even: {volume_text(point)}"
    return [*lines, f"Lines: {legend}. {where}.", ""]


def _nice_ceiling(value: float) -> str:
    """The axis' top: the next 1, 2, 2.5 or 5 times a power of ten above the highest line."""
    if value <= 0:
        return "1"
    power = 10.0 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return f"{step * power:.6g}"
    return f"{value:.6g}"


# --- the questions behind it -------------------------------------------------------------------


def _faq_section(rec: Recommendation, entries: list[FaqEntry]) -> list[str]:
    shown = relevant_citations(rec)
    by_id = {entry.id: entry for entry in entries}
    cited = [by_id[cite] for cite in shown if cite in by_id]
    faqs = [entry for entry in cited if entry.kind == "faq"]
    sections = [entry for entry in cited if entry.kind == "section"]
    lines = ["## The questions behind it", ""]
    if not entries:
        return [*lines, "The FAQ could not be loaded; the appendix lists what was cited.", ""]
    if not cited:
        return [*lines, "No FAQ entry bears on these answers.", ""]
    for entry in faqs:
        lines += [f"### {_text(entry.question)}", "", _text(entry.answer.strip()), ""]
    if sections:
        lines += ["Guide sections behind it: " + "; ".join(_text(e.section) for e in sections) + ".", ""]
    return lines


# --- the appendix --------------------------------------------------------------------------------


def _appendix(rec: Recommendation, answers: dict[str, Any], defaulted: set[str]) -> list[str]:
    """Rule ids, answers keys and raw values: what a rules editor needs to trace the verdict."""
    scores = ", ".join(f"{option} {readable(score)}" for option, score in rec.scores.items())
    lines = ["## For the people who edit the rules", "",
             f"As the JSON gives it: recommendation {rec.recommendation}, confidence "
             f"{rec.confidence:.2f}, scores {scores}, margin {readable(rec.margin)}.", "",
             "Rules that fired, strongest for the verdict first:", ""]
    if not rec.reasons:
        lines.append("- None.")
    for reason in rec.reasons:
        read = ", ".join(f"{key} = {readable(value)}" for key, value in reason.triggers.items())
        lines.append(f"- **{reason.rule}** ({effect_text(reason.effect, reason.veto)}): read "
                     f"`{read}`; cites {', '.join(reason.cites) or 'nothing'}.")
    missed = [(option, item) for option, items in rec.why_not.items()
              for item in short_why_not(items, missed=5) if item.kind == "missed"]
    if missed:
        lines += ["", "Rules that would have supported another option:", ""]
        lines += [f"- **{item.rule}** ({label(option)}): `{item.condition or 'did not fire'}`"
                  for option, item in missed]
    if rec.conflicts:
        lines += ["", "Conflicts:", ""]
        lines += [f"- **{conflict.rule}** on {conflict.answer} ({label(conflict.option)}); cites "
                  f"{', '.join(conflict.cites) or 'nothing'}." for conflict in rec.conflicts]
    lines += ["", "The answers as the rules read them:", "", "| key | value | |", "|---|---|---|"]
    for key in [key for key in ANSWER_KEYS if key in answers]:
        given = "default" if key in defaulted else "given"
        lines.append(f"| {key} | {_cell(readable(answers[key]))} | {given} |")
    lines += ["", f"Cited (the JSON's citations): {', '.join(rec.citations) or 'nothing'}.", ""]
    return lines
