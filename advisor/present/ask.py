"""`advisor ask`'s answers as plain text and Markdown (no rich: `advisor ask` must start fast)."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from advisor.faq.index import AskResult, FaqIndex
from advisor.knowledge import FaqEntry

# --- plain-text rendering (no rich: `advisor ask` must start fast) --------------------------

WIDTH = 88


def _wrap(text: str, indent: str = "") -> str:
    return textwrap.fill(" ".join(text.split()), WIDTH, initial_indent=indent,
                         subsequent_indent=indent, break_on_hyphens=False)


def render_text(result: AskResult, index: FaqIndex | None = None) -> str:
    """The answer as `advisor ask` prints it: answer, source, see also, related entries."""
    if result.best is None:
        return _render_unanswered(result)
    best = result.best
    closeness = "close call" if result.level == "ambiguous" else "match"
    lines = [best.question, "", _wrap(best.answer), "",
             f"Source: the guide, section \"{best.section}\" "
             f"(entry {best.id}, {closeness} {best.score:.0%})"]
    if result.see_also:
        lines.append("See also (almost as close):")
        lines.extend(_item(entry_id, result, index) for entry_id in result.see_also)
    related = [entry_id for entry_id in best.related if entry_id not in result.see_also]
    if related:
        lines.append("Related:")
        lines.extend(_item(entry_id, result, index) for entry_id in related)
    return "\n".join(lines) + "\n"


def _item(entry_id: str, result: AskResult, index: FaqIndex | None) -> str:
    question = next((match.question for match in result.matches if match.id == entry_id), None)
    if question is None and index is not None:
        question = index.get(entry_id).question
    return f"  - {entry_id}: {question}" if question else f"  - {entry_id}"


def _render_unanswered(result: AskResult) -> str:
    lines = ["I don't know the answer to that from the guide."]
    if result.matches:
        lines.append("Did you mean:")
        lines.extend(f"  - {match.id}: {match.question}" for match in result.matches)
    else:
        lines.append("It does not look like a question about fine-tuning, RAG or their costs.")
    lines.append("'advisor ask --list' shows the questions it can answer.")
    return "\n".join(lines) + "\n"


def render_list(entries: Iterable[FaqEntry]) -> str:
    """`advisor ask --list`: each answerable question with its id, FAQ entries first."""
    entries = list(entries)
    lines = []
    for kind, title in (("faq", "From the guide's FAQ:"), ("section", "From the guide's sections:")):
        chosen = [entry for entry in entries if entry.kind == kind]
        if chosen:
            width = max(len(entry.id) for entry in chosen)
            lines.append(title)
            lines.extend(f"  {entry.id:<{width}}  {entry.question}" for entry in chosen)
            lines.append("")
    return "\n".join(lines)


def render_markdown(result: AskResult) -> str:
    """The same answer as Markdown, for the TUI and reports."""
    if result.best is None:
        text = "I don't know the answer to that from the guide."
        if result.matches:
            text += "\n\nDid you mean:\n\n" + "\n".join(
                f"- {match.question} (`{match.id}`)" for match in result.matches)
        return text + "\n"
    best = result.best
    parts = [f"**{best.question}**", " ".join(best.answer.split()),
             f"*Source: the guide, \"{best.section}\" (`{best.id}`).*"]
    others = [*result.see_also, *(entry_id for entry_id in best.related
                                  if entry_id not in result.see_also)]
    if others:
        parts.append("See also: " + ", ".join(f"`{entry_id}`" for entry_id in others))
    return "\n\n".join(parts) + "\n"
