"""The meeting summary as Markdown: the date, the answers (the defaulted ones marked), the
recommendation and its confidence, the reasoning, why not the others, what would change it,
the costs with the break-even and the assumptions, the caveats and the FAQ entries it relies
on, answered."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from advisor.answers.read import ResolvedAnswers
from advisor.decision import Recommendation
from advisor.knowledge import FaqEntry
from advisor.numbers import money, readable
from advisor.present.phrases import (
    break_even_sentence,
    effect_text,
    label,
    labelled,
    mode_sentence,
    short_why_not,
)


def render_markdown(rec: Recommendation, resolved: ResolvedAnswers | None = None,
                    faq: Iterable[FaqEntry] | None = None, today: date | None = None) -> str:
    """The meeting summary as Markdown. `faq` supplies the cited FAQ entries' answers."""
    entries = list(faq or [])
    defaulted = set(resolved.defaulted if resolved is not None else rec.defaulted)
    answers = resolved.normalized() if resolved is not None else rec.answers
    lines = [
        "# Fine-tuning, RAG or both: recommendation", "",
        f"Date: {(today or date.today()).isoformat()}. Prices as of {rec.costs.as_of}.", "",
        f"## Recommendation: {label(rec.recommendation)}", "",
        f"**{label(rec.recommendation)}**, confidence {rec.confidence:.2f} (0.5 is a dead heat, "
        f"1.0 a clear lead); lead over the next workable option: {readable(rec.margin)} points.",
        "",
        "| option | score |", "|---|---:|",
        *[f"| {label(o)} | {readable(s)} |" for o, s in rec.scores.items()], "",
    ]
    if rec.close_call_note:
        lines += [f"> **{_cell(rec.close_call_note)}**", ""]
    if rec.confidence_note:
        lines += [rec.confidence_note, ""]
    lines += _answers_section(answers, defaulted)
    lines += _reasons_section(rec)
    lines += _why_not_section(rec)
    lines += _what_if_section(rec)
    lines += _costs_section(rec)
    lines += ["## Caveats", "", *[f"- {caveat}" for caveat in rec.caveats], ""]
    lines += _faq_section(rec, entries)
    return "\n".join(lines).rstrip() + "\n"


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _answers_section(answers: dict[str, Any], defaulted: set[str]) -> list[str]:
    lines = ["## Your answers", "", "| answer | value | |", "|---|---|---|"]
    for key, value in answers.items():
        shown = money(value) if key.endswith(("_cost", "_monthly", "_query")) else readable(value)
        lines.append(f"| {key} | {_cell(shown)} | {'default' if key in defaulted else 'given'} |")
    return [*lines, ""]


def _reasons_section(rec: Recommendation) -> list[str]:
    lines = [f"## Why {label(rec.recommendation)}: the rules that fired", ""]
    for reason in rec.reasons:
        triggers = ", ".join(f"{key} = {readable(value)}" for key, value in reason.triggers.items())
        lines.append(f"- **{reason.rule}** ({effect_text(reason.effect, reason.veto)}): "
                     f"{reason.text} *Read: {triggers}. Cites: {', '.join(reason.cites)}.*")
    return [*lines, ""]


def _why_not_section(rec: Recommendation) -> list[str]:
    lines = ["## Why not the others", ""]
    for option, items in rec.why_not.items():
        lines += [f"### {label(option)}", ""]
        lines += [f"- {labelled(item)}" for item in short_why_not(items, missed=5)]
        lines.append("")
    return lines


def _what_if_section(rec: Recommendation) -> list[str]:
    lines = ["## What would change it", ""]
    if not rec.what_if:
        return [*lines, "No single change to one answer changes the recommendation.", ""]
    lines += ["Each change below was re-run through the rules; smallest change first.", "",
              "| answer | now | if it were | recommendation |", "|---|---|---|---|"]
    lines += [f"| {item.key} | {_cell(readable(item.from_))} | {_cell(readable(item.to))} | "
              f"{label(item.recommendation)} |" for item in rec.what_if]
    return [*lines, ""]


def _costs_section(rec: Recommendation) -> list[str]:
    costs = rec.costs
    lines = [f"## Costs over {costs.horizon_months} months", "",
             "| option | upfront | monthly | retrains | total | low - high |",
             "|---|---:|---:|---:|---:|---:|"]
    for name, option in costs.options():
        retrains = "-" if option.retrains is None else str(option.retrains)
        lines.append(f"| {label(name)} | {money(option.upfront)} | {money(option.monthly)} | "
                     f"{retrains} | {money(option.total)} | {money(option.low)} - "
                     f"{money(option.high)} |")
    lines += ["", break_even_sentence(costs), ""]
    if costs.mode != "guide":
        lines += [mode_sentence(costs), ""]
    lines += ["Assumptions:", "",
              "| figure | value | source |", "|---|---:|---|"]
    lines += [f"| {item.key} | {money(item.value)} | {_cell(item.source)} |"
              for item in costs.assumptions]
    lines += ["", f"Prices as of {costs.as_of}. Low and high totals use the guide's price "
                  "ranges for every figure that was not given.", ""]
    return lines


def _faq_section(rec: Recommendation, entries: list[FaqEntry]) -> list[str]:
    by_id = {entry.id: entry for entry in entries}
    cited = [by_id[cite] for cite in rec.citations if cite in by_id]
    faqs = [entry for entry in cited if entry.kind == "faq"]
    sections = [entry for entry in cited if entry.kind == "section"]
    lines = ["## The questions behind it", ""]
    if not entries:
        return [*lines, "Cited: " + ", ".join(rec.citations) + " (the FAQ could not be loaded).", ""]
    for entry in faqs:
        lines += [f"### {entry.question}", "", entry.answer.strip(), "", f"*({entry.id})*", ""]
    if sections:
        lines += ["Guide sections cited: " + ", ".join(f"{e.section} ({e.id})" for e in sections), ""]
    return lines
