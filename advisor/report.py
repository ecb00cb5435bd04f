"""A recommendation as a terminal page, a Markdown summary or JSON, and saving them safely.

The Markdown summary is the document a team takes to a meeting: the date, the answers (the
defaulted ones marked), the recommendation and its confidence, the reasoning, why not the
others, what would change it, the costs with the break-even and the assumptions, the caveats
and the FAQ entries it relies on, answered. Files are written whole or not at all.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor.answers import ResolvedAnswers
from advisor.errors import AdvisorError, OutputError
from advisor.files import place, temporary_beside
from advisor.models import OPTION_LABELS, Against, Recommendation, WhatIf
from advisor.render import break_even_sentence, costs_table, money
from advisor.rules.facts import readable

if TYPE_CHECKING:
    from rich.console import Console

    from advisor.faq import FaqEntry


def label(option: str) -> str:
    return OPTION_LABELS.get(option, option)


def effect_text(effect: dict[str, float], veto: Iterable[str] = ()) -> str:
    parts = [f"{points:+g} {label(option)}" for option, points in effect.items() if points]
    parts += [f"rules out {label(option)}" for option in veto]
    return ", ".join(parts) or "no score change"


def what_if_text(item: WhatIf) -> str:
    return (f"if {item.key} were {readable(item.to)} instead of {readable(item.from_)}: "
            f"{label(item.recommendation)}")


def against_text(item: Against) -> str:
    """One why-not entry as a line (the TUI shows these too)."""
    if item.kind == "missed" and item.condition:
        return f"{item.text} ({item.condition})"
    return item.text


def _labelled(item: Against) -> str:
    """A why-not entry for the summary: points against an option say how many."""
    if item.kind == "against":
        return f"Against it ({effect_text(item.effect)}): {item.text}"
    return against_text(item)


# --- JSON ----------------------------------------------------------------------------------


def render_json(rec: Recommendation) -> str:
    """The contract's `recommend --format json` object (with the extra explanation fields)."""
    return rec.to_json() + "\n"


# --- terminal text -------------------------------------------------------------------------


def print_text(rec: Recommendation, console: Console | None = None) -> None:
    """The readable terminal rendering of `recommend` (the default format)."""
    from rich.console import Console

    out = console or Console()
    close = "  [yellow](close call)[/]" if rec.close_call else ""
    out.print(f"[bold]Recommendation: {label(rec.recommendation)}[/]  confidence "
              f"{rec.confidence:.2f}{close}")
    out.print("Scores: " + ", ".join(f"{label(o)} {readable(s)}" for o, s in rec.scores.items()))
    if rec.close_call_note:
        out.print(f"[yellow]{rec.close_call_note}[/]")
    if rec.confidence_note:
        out.print(rec.confidence_note)
    elif rec.defaulted:
        out.print(f"[dim]Defaults used for: {', '.join(rec.defaulted)}[/]")
    out.print("\n[bold]Why[/]")
    for reason in rec.reasons:
        out.print(f"  [cyan]{reason.rule}[/] ({effect_text(reason.effect, reason.veto)}): "
                  f"{reason.text} [dim][{', '.join(reason.cites)}][/]", highlight=False)
    out.print("\n[bold]Why not the others[/]")
    for option, items in rec.why_not.items():
        out.print(f"  [bold]{label(option)}[/]")
        for item in _short_why_not(items):
            out.print(f"    - {_labelled(item)}", highlight=False)
    out.print("\n[bold]What would change it[/]")
    if not rec.what_if:
        out.print("  No single change to an answer changes the recommendation.")
    for change in rec.what_if:
        out.print(f"  - {what_if_text(change)}", highlight=False)
    out.print()
    out.print(costs_table(rec.costs))
    out.print(break_even_sentence(rec.costs))
    out.print(f"[dim]Prices as of {rec.costs.as_of}; see 'advisor costs' for every assumption.[/]")
    out.print("\n[bold]Caveats[/]")
    for caveat in rec.caveats:
        out.print(f"  - {caveat}", highlight=False)
    out.print(f"\n[dim]Cites: {', '.join(rec.citations)} (try 'advisor ask')[/]")


def render_text(rec: Recommendation, width: int = 100) -> str:
    """The terminal rendering as plain text (for `--out` with the text format)."""
    buffer = io.StringIO()
    from rich.console import Console

    print_text(rec, Console(file=buffer, width=width, color_system=None, force_terminal=False))
    return buffer.getvalue()


def _short_why_not(items: list[Against], missed: int = 3) -> list[Against]:
    """Everything that counted against an option, and its few biggest missed supports."""
    kept = [item for item in items if item.kind != "missed"]
    return kept + [item for item in items if item.kind == "missed"][:missed]


# --- Markdown ------------------------------------------------------------------------------


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
        lines += [f"- {_labelled(item)}" for item in _short_why_not(items, missed=5)]
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
    lines += ["", break_even_sentence(costs), "", "Assumptions:", "",
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


# --- writing files -------------------------------------------------------------------------


def _check_target(path: Path, force: bool) -> None:
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(f"{path}: the folder {folder} does not exist; create it first or "
                          "choose another path")
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; give a file name")
    if path.exists() and not force:
        raise OutputError(f"{path}: already exists; use --force to overwrite it")


def _place(temporary: Path, path: Path, force: bool) -> None:
    """Move a finished temporary file to its name; without force, never replace a file."""
    try:
        place(temporary, path, replace=force)
    except FileExistsError:
        raise OutputError(f"{path}: already exists; use --force to overwrite it") from None


def write_atomic(path: Path, text: str, force: bool = False) -> None:
    """Write a whole file or nothing: a temporary file in the same folder, then a rename."""
    path = Path(path)
    _check_target(path, force)
    try:
        _place(temporary_beside(path, text), path, force)
    except OSError as exc:
        raise OutputError(f"{path}: cannot be written ({exc.strerror or exc})") from exc


def _keep_aside(path: Path) -> Path | None:
    """A second name for an existing file, so a failed save can put it back; None if there is
    no file. A hard link costs nothing; a file system without them gets a copy."""
    if not path.exists():
        return None
    kept = path.with_name(f".{path.name}.{os.getpid()}.previous")
    with contextlib.suppress(FileNotFoundError):
        kept.unlink()
    try:
        os.link(path, kept)
    except OSError:
        import shutil

        shutil.copy2(path, kept)
    return kept


def save_summary(rec: Recommendation, resolved: ResolvedAnswers | None = None,
                 faq: Iterable[FaqEntry] | None = None, *, md_path: Path,
                 force: bool = False, knowledge: Path | None = None,
                 today: date | None = None) -> tuple[Path, Path]:
    """Write the Markdown summary and its JSON beside it (same name, .json): both or neither."""
    md_path = Path(md_path)
    json_path = md_path.with_suffix(".json")
    if md_path == json_path:
        raise OutputError(f"{md_path}: give the summary a .md name; the JSON goes beside it")
    if faq is None:
        faq = faq_or_none(knowledge)
    for target in (md_path, json_path):
        _check_target(target, force)
    texts = {md_path: render_markdown(rec, resolved, faq, today), json_path: render_json(rec)}
    previous = {target: _keep_aside(target) for target in texts} if force else {}
    temporaries: dict[Path, Path] = {}
    placed: list[Path] = []
    try:
        for target, text in texts.items():
            temporaries[target] = temporary_beside(target, text)
        for target, temporary in temporaries.items():
            _place(temporary, target, force)
            placed.append(target)
    except (OSError, OutputError) as exc:
        for target in placed:  # put back what was there, or remove what is new
            with contextlib.suppress(OSError):
                kept = previous.get(target)
                if kept is not None:
                    os.replace(kept, target)
                else:
                    target.unlink()
        for temporary in temporaries.values():
            with contextlib.suppress(OSError):
                temporary.unlink()
        if isinstance(exc, OutputError):
            raise
        raise OutputError(f"{md_path}: cannot be written ({exc.strerror or exc})") from exc
    finally:
        for kept in previous.values():
            if kept is not None:
                with contextlib.suppress(OSError):
                    kept.unlink()
    return md_path, json_path


def faq_or_none(knowledge: Path | None = None) -> list[FaqEntry] | None:
    """The FAQ entries for the summary's answered questions (from the cached index), or None
    if they cannot be loaded."""
    from advisor.faq import FaqIndex
    from advisor.locations import knowledge_dir

    try:
        return FaqIndex.from_folder(knowledge_dir(knowledge)).entries
    except AdvisorError:
        return None


__all__ = ["faq_or_none", "print_text", "render_json", "render_markdown",
           "render_text", "save_summary", "write_atomic"]
