"""`advisor ask`'s answers as plain text and Markdown (no rich: `advisor ask` must start fast)."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from advisor.faq.index import FUZZY_WEIGHT, KEYWORD_WEIGHT, FaqIndex
from advisor.faq.results import AskResult, Explanation
from advisor.faq.schema import FaqEntry

# --- plain-text rendering (no rich: `advisor ask` must start fast) --------------------------

WIDTH = 88


def _wrap(text: str, indent: str = "") -> str:
    return textwrap.fill(" ".join(text.split()), WIDTH, initial_indent=indent,
                         subsequent_indent=indent, break_on_hyphens=False)


def render_text(result: AskResult, index: FaqIndex | None = None) -> str:
    """The answer as `advisor ask` prints it: answer, source, see also, related entries; or
    the decision summary, or why it is not answered and what is nearest."""
    if result.kind == "decide":
        return _render_decide(result)
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


def _render_decide(result: AskResult) -> str:
    summary = f"{result.summary} {result.invitation}".strip()
    lines = ["Fine-tune, RAG, or both?", "", _wrap(summary), "",
             "Drawn from the guide's sections:"]
    lines.extend(f"  - {match.id}: {match.question}" for match in result.matches)
    return "\n".join(lines) + "\n"


def _render_unanswered(result: AskResult) -> str:
    if result.kind == "other_language":
        return ("Only questions in English are understood; please ask again in English.\n"
                "'advisor ask --list' shows the questions it can answer.\n")
    if result.kind == "not_covered":
        lines = [_wrap(f"The guide does not cover {result.topic}, so I cannot answer that "
                       "from it."), "Nearest in the guide:"]
        lines.extend(f"  - {match.id}: {match.question}" for match in result.matches)
        return "\n".join(lines) + "\n"
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
    if result.kind == "decide":
        return (f"**Fine-tune, RAG, or both?**\n\n{' '.join(result.summary.split())}\n\n"
                "See: " + ", ".join(f"`{match.id}`" for match in result.matches) + "\n")
    if result.kind in ("not_covered", "other_language"):
        text = (f"The guide does not cover {result.topic}." if result.kind == "not_covered"
                else "Only questions in English are understood.")
        if result.matches:
            text += "\n\nNearest: " + ", ".join(f"`{match.id}`" for match in result.matches)
        return text + "\n"
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


def render_explain(explanation: Explanation) -> str:
    """`advisor ask --explain`: what normalising did, the signals the scope gate read, each
    top candidate's score in parts, and the rule that decided; for whoever edits
    knowledge/synonyms.yaml or faq.yaml."""
    lines = ["", "How the question was read:",
             f"  words:        {' '.join(explanation.surface) or '-'}"]
    if explanation.corrections:
        lines.append("  corrected:    " + ", ".join(
            f"{old} -> {new}" for old, new in explanation.corrections.items()))
    if explanation.synonyms:
        lines.append("  synonyms:     " + ", ".join(
            f"{phrase} -> {term or '(dropped)'}" for phrase, term in explanation.synonyms))
    lines.append(f"  matched on:   {' '.join(explanation.words) or '-'}")
    for label, found in (("about models", explanation.subjects), ("bug report", explanation.reports),
                         ("tool how-to", explanation.how_to), ("one tool", explanation.tools),
                         ("asks", explanation.asks), ("not covered", explanation.topics),
                         ("asks to choose", explanation.decide)):
        if found:
            lines.append(f"  {label + ':':<13} {'; '.join(found)}")
    if explanation.candidates:
        lines.append(f"Candidates (score = {KEYWORD_WEIGHT} x keywords + {FUZZY_WEIGHT} x fuzzy):")
        width = max(len(candidate.id) for candidate in explanation.candidates)
        for candidate in explanation.candidates:
            anchors = f"  names: {', '.join(candidate.anchors)}" if candidate.anchors else ""
            lines.append(f"  {candidate.id:<{width}}  {candidate.score:.3f} = keywords "
                         f"{candidate.keyword:.3f}, fuzzy {candidate.fuzzy:.3f}{anchors}")
    lines.append(f"Decided by: {explanation.verdict}")
    return "\n".join(lines) + "\n"
