"""Markdown the screens show: FAQ replies, "why is this asked?" and the verdict's explanation.

Only presentation: the facts come from the FAQ lookup, the rule set and the recommendation.
"""

from __future__ import annotations

from advisor.answers.schema import OPTION_LABELS
from advisor.decision import Against, Recommendation
from advisor.facts import COST_DRIVERS, SCHEMA
from advisor.faq import AskResult
from advisor.knowledge import Question
from advisor.present.phrases import against_text, effect_text, what_if_text
from advisor.rules import RuleSet, RuleUse


def faq_reply(result: AskResult) -> str:
    """An FAQ answer in the conversation, citing its entry; or the closest suggestions."""
    if result.answered and result.matches:
        best = result.matches[0]
        return f"{best.answer}\n\n*Source: [{best.id}] {best.section}*"
    if result.matches:
        close = "; ".join(f"“{match.question}” [{match.id}]" for match in result.matches[:3])
        return f"I am not sure I have an answer to that. Did you mean: {close}?"
    return "I have no answer to that in my notes. Press F4 to browse the FAQ."


def why_asked(question: Question, readers: list[RuleUse] | str, rules: RuleSet | None = None) -> str:
    """The question's help text, then the rules that read this answer and what each does
    (`readers` is a message instead when the rules could not be loaded).

    Listed: the rules that read the answer itself, and those that read a figure derived from
    it other than the cost totals (a daily change means 365 runs a year). The rules that
    compare the cost totals read a figure nearly every answer feeds; they are counted, not
    listed, so that each question shows what it decides."""
    lines = [f"## {question.question}", "", question.help, "", f"*From the guide: {question.section}*", ""]
    if isinstance(readers, str):
        lines.append(f"The decision rules could not be loaded: {readers}")
        return "\n".join(lines)
    listed = sorted((use for use in readers if not _compares_costs(use, question.key, rules)),
                    key=lambda use: not use.direct)
    costs = len(readers) - len(listed)
    if listed:
        lines += ["### Rules that read this answer", ""]
        lines += [f"- {_describe_reader(use, rules)}" for use in listed]
        lines.append("")
    if costs:
        weigh = "rules weigh" if costs != 1 else "rule weighs"
        lines.append(f"It also feeds the cost comparison: {costs} {weigh} the options' totals, "
                     "which this answer changes.")
    elif not listed:
        lines.append("No decision rule reads this answer.")
    return "\n".join(lines).rstrip()


def _compares_costs(use: RuleUse, key: str, rules: RuleSet | None) -> bool:
    """Whether a rule reads this answer only through the cost totals (which every cost driver
    feeds), rather than itself or through a figure of its own (retrains a year)."""
    if use.direct or rules is None:
        return False
    try:
        reads = rules.get(use.rule).reads
    except KeyError:
        return False
    derived = [name for name in reads
               if SCHEMA[name].source == "fact" and key in SCHEMA[name].depends_on]
    return all(set(SCHEMA[name].depends_on) == set(COST_DRIVERS) for name in derived)


def _describe_reader(use: RuleUse, rules: RuleSet | None) -> str:
    """One rule: what it checks and what it does to the scores, in words."""
    effect = use.effect
    if rules is not None:
        try:
            rule = rules.get(use.rule)
        except KeyError:
            pass
        else:
            effect = effect_text(dict(rule.effects), rule.vetoes)
    via = "" if use.direct else " (through a figure derived from it)"
    return f"{use.description}: {effect}{via}"


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
