"""Markdown the screens show: FAQ replies, "why is this asked?" and the verdict's explanation.

Only presentation: the facts come from the FAQ lookup, the rule set and the recommendation.
"""

from __future__ import annotations

from advisor.answers.schema import OPTION_LABELS
from advisor.decision import Against, Recommendation
from advisor.faq import AskResult
from advisor.knowledge import Question
from advisor.present.phrases import against_text, effect_text, what_if_text
from advisor.rules import RuleUse


def faq_reply(result: AskResult) -> str:
    """An FAQ answer in the conversation, citing its entry; or the closest suggestions."""
    if result.answered and result.matches:
        best = result.matches[0]
        return f"{best.answer}\n\n*Source: [{best.id}] {best.section}*"
    if result.matches:
        close = "; ".join(f"“{match.question}” [{match.id}]" for match in result.matches[:3])
        return f"I am not sure I have an answer to that. Did you mean: {close}?"
    return "I have no answer to that in my notes. Press F4 to browse the FAQ."


def why_asked(question: Question, readers: list[RuleUse] | str) -> str:
    """The question's help text, then the rules that read this answer and what each does
    (`readers` is a message instead when the rules could not be loaded)."""
    lines = [f"## {question.question}", "", question.help, "", f"*From the guide: {question.section}*", ""]
    if isinstance(readers, str):
        lines.append(f"The decision rules could not be loaded: {readers}")
    elif readers:
        lines += ["### Rules that read this answer", ""]
        lines += [f"- {_describe_reader(reader)}" for reader in readers]
    else:
        lines += ["No decision rule reads this answer; it feeds the cost comparison."
                  if question.key in _COST_INPUTS else "No decision rule reads this answer."]
    return "\n".join(lines)


_COST_INPUTS = {"monthly_queries", "model_size", "horizon_months", "data_volatility",
                "training_cost", "data_prep_cost", "inference_monthly", "vector_db_monthly",
                "cost_per_query"}


def _describe_reader(use: RuleUse) -> str:
    """One rule: its id, what it checks, and what it does to the scores."""
    via = "" if use.direct else " (through a figure derived from this answer)"
    return f"**{use.rule}**: {use.description}; {use.effect}{via}"


def _option(name: str) -> str:
    return OPTION_LABELS.get(name, name)


def headline(rec: Recommendation) -> str:
    close = "  ·  CLOSE CALL" if rec.close_call else ""
    return f"Recommendation: {_option(rec.recommendation)}  ·  confidence {rec.confidence:.0%}{close}"


def verdict_markdown(rec: Recommendation, missed_shown: int = 3) -> str:
    """The reasoning, what would change it, why not the others, and the caveats."""
    scores = ", ".join(f"{_option(name)} {score:g}" for name, score in rec.scores.items())
    parts = []
    if rec.close_call:  # the core's note says "Close call: ..." itself
        parts += [f"**{rec.close_call_note or 'A close call.'}**", ""]
    parts += [f"Scores: {scores}.", ""]
    if rec.confidence_note:
        parts += [rec.confidence_note, ""]
    parts += ["## How I got there", ""]
    for reason in rec.reasons:
        cites = f" [{', '.join(reason.cites)}]" if reason.cites else ""
        parts.append(f"- {reason.text} ({effect_text(reason.effect, reason.veto)}){cites}")
    parts += ["", "## What would change it", ""]
    parts += [f"- {what_if_text(item)}" for item in rec.what_if] or ["- no single answer would change it"]
    parts += ["", "## Why not the others", ""]
    for option, against in rec.why_not.items():
        parts += [f"**{_option(option)}**", "", *_why_not_lines(against, missed_shown), ""]
    if rec.caveats:
        parts += ["## Caveats", "", *(f"- {caveat}" for caveat in rec.caveats), ""]
    if rec.defaulted:
        parts += [f"*Defaults were used for: {', '.join(rec.defaulted)}.*", ""]
    if rec.citations:
        parts += [f"Sources: {', '.join(rec.citations)}"]
    return "\n".join(parts)


def _why_not_lines(against: list[Against], missed_shown: int) -> list[str]:
    """What counted against an option, then only its few biggest missed supports."""
    kept = [item for item in against if item.kind != "missed"]
    missed = [item for item in against if item.kind == "missed"]
    lines = [f"- {against_text(item)}" for item in kept + missed[:missed_shown]]
    if len(missed) > missed_shown:
        lines.append(f"- and {len(missed) - missed_shown} more rules that did not apply")
    return lines or ["- nothing counted against it"]
