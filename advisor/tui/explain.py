"""Markdown and text the screens show: FAQ replies, "why is this asked?" and the verdict's
explanation, worded with the interview's own questions and choice labels.

No answers key, choice code or rule id reaches the screen from here: an answer is named by
its question ("What infrastructure do you have to host a model?") and its value by the label
the user picked ("We have our own GPUs"), as knowledge/questions.yaml words them. Only
presentation: the facts come from the FAQ lookup, the rule set and the recommendation.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.text import Text

from advisor.answers.schema import OPTION_LABELS
from advisor.decision import INTERVIEW_KEYS, Against, Recommendation, WhatIf, guessed_keys
from advisor.facts import COST_DRIVERS, SCHEMA
from advisor.faq import AskResult
from advisor.knowledge import Question
from advisor.present.phrases import effect_text, outscoring, set_aside
from advisor.rules import RuleSet, RuleUse
from advisor.tui.text import short_label, shown


class Wording:
    """Answers keys and values as the interview words them: its questions and choice labels."""

    def __init__(self, questions: Iterable[Question]) -> None:
        self.questions = {question.key: question for question in questions}

    def question(self, key: str) -> str:
        question = self.questions.get(key)
        return question.question if question else key.replace("_", " ").capitalize()

    def answer(self, key: str, value: Any) -> str:
        question = self.questions.get(key)
        return shown(question, value) if question else str(value)

    def short_answer(self, key: str, value: Any) -> str:
        """An answer in a few words: a choice by its label's head ("Every week")."""
        question = self.questions.get(key)
        if question is not None and question.kind == "choice":
            return short_label(self.answer(key, value))
        return self.answer(key, value)


def option(name: str) -> str:
    return OPTION_LABELS.get(name, name)


IN_THE_INTERVIEW = ("That is what this interview works out for your case: answer its "
                    "questions and I will recommend one, with the reasons and the costs.")
"""The invitation that goes with the decision summary here (`advisor ask` says: run `advisor`)."""


def faq_reply(result: AskResult, browsing: bool = False) -> str:
    """An FAQ answer in the conversation, citing its entry; the decision summary for "which
    should we choose?"; what the guide does not cover, or that only English is understood;
    or the closest suggestions (`browsing`: on the FAQ screen, which lists them)."""
    cited = "; ".join(f"“{match.question}” [{match.id}]" for match in result.matches[:3])
    if result.kind == "decide":
        return (f"{result.summary}\n\n**{IN_THE_INTERVIEW}**\n\n"
                f"*Drawn from the guide: {cited}*")
    if result.kind == "other_language":
        return f"{result.summary} Please ask again in English."
    if result.kind == "not_covered":
        listed = " The nearest entries are listed: choose one to read it." if browsing else (
            f" Nearest in the guide: {cited}.")
        return (f"{result.summary.rstrip('.')}, so I cannot answer that from it."
                f"{listed if result.matches else ''}")
    if result.answered and result.matches:
        best = result.matches[0]
        return f"{best.answer}\n\n*Source: [{best.id}] {best.section}*"
    if browsing:
        return ("I have no answer to that from the guide." + (
            " The nearest entries are listed: choose one to read it." if result.matches else ""))
    if result.matches:
        return f"I am not sure I have an answer to that. Did you mean: {cited}?"
    return "I have no answer to that in my notes. Press F4 to browse the FAQ."


# --- why is this asked? ----------------------------------------------------------------------


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


# --- the verdict -------------------------------------------------------------------------------


def headline(rec: Recommendation) -> str:
    """The verdict in a line, with a close call and any conflict with the answers named."""
    close = "  ·  a close call" if rec.close_call else ""
    count = len(rec.conflicts)
    conflicts = f"  ·  {count} conflict{'s' if count != 1 else ''}" if count else ""
    return (f"Recommendation: {option(rec.recommendation)}  ·  confidence "
            f"{rec.confidence:.0%}{close}{conflicts}")


def runner_up(rec: Recommendation) -> str:
    """The best option not recommended that no rule ruled out (the first, when all were)."""
    vetoed = {name for reason in rec.reasons for name in reason.veto}
    ranked = list(rec.why_not)
    workable = [name for name in ranked if name not in vetoed]
    return (workable or ranked or [rec.recommendation])[0]


def close_call(rec: Recommendation, wording: Wording) -> str | None:
    """A close call in a sentence or two, naming what would tip it by the questions."""
    if not rec.close_call:
        return None
    winner, second = option(rec.recommendation), runner_up(rec)
    if rec.margin == 0:
        head = f"A close call: {winner} and {option(second)} score the same."
    else:
        head = (f"A close call: {winner} leads {option(second)} by {rec.margin:g} "
                f"point{'s' if rec.margin != 1 else ''}.")
    tips = [item for item in rec.what_if if item.recommendation == second]
    if not tips:
        return f"{head} Weigh the costs and the caveats of both."
    return f"{head} One changed answer would tip it to {option(second)}; see what would change it."


def conflicts_text(rec: Recommendation, wording: Wording) -> Text | None:
    """Each stated constraint the recommendation breaks: what, the answer, how to resolve it."""
    if not rec.conflicts:
        return None
    text = Text()
    for number, conflict in enumerate(rec.conflicts):
        if number:
            text.append("\n\n")
        text.append(f"{option(conflict.option)}: ", style="bold")
        text.append(conflict.text)
        text.append("\nYou said: ", style="bold")
        text.append(f"{wording.question(conflict.answer)} "
                    f"{wording.answer(conflict.answer, rec.answers.get(conflict.answer))}")
        text.append("\nTo resolve it: ", style="bold")
        text.append(conflict.resolve)
    return text


def what_if_text(item: WhatIf, wording: Wording) -> str:
    """One what-if: the question, the other answer and the one given now, and the option."""
    return (f"{wording.question(item.key)} **{wording.short_answer(item.key, item.to)}** "
            f"(now {wording.short_answer(item.key, item.from_)}) → {option(item.recommendation)}")


def guessed(rec: Recommendation) -> list[str]:
    """The interview answers the verdict could not rely on: defaults, and "unknown"."""
    return guessed_keys(rec.defaulted, rec.answers)


def verdict_markdown(rec: Recommendation, wording: Wording, missed_shown: int = 3) -> str:
    """The reasoning, what would change it, why not the others, and the caveats."""
    scores = ", ".join(f"{option(name)} {score:g}" for name, score in rec.scores.items())
    parts = []
    note = close_call(rec, wording)
    if note:
        parts += [f"**{note}**", ""]
    parts += [f"Scores: {scores}.", ""]
    broken, higher = set_aside(rec), outscoring(rec)
    if higher:
        parts += [f"**{' and '.join(option(name) for name in higher)} "
                  f"{'score' if len(higher) > 1 else 'scores'} higher but would break your answer "
                  f"\"{broken[higher[0]]}\"; an answer you gave comes before points.**", ""]
    parts += ["## How I got there", ""]
    for reason in rec.reasons:
        cites = f" [{', '.join(reason.cites)}]" if reason.cites else ""
        parts.append(f"- {reason.text} ({effect_text(reason.effect, reason.veto)}){cites}")
    parts += ["", "## What would change it", ""]
    parts += [f"- {what_if_text(item, wording)}" for item in rec.what_if] or [
        "- no single answer would change it"]
    parts += ["", "## Why not the others", ""]
    for name, against in rec.why_not.items():
        parts += [f"**{option(name)}**", "",
                  *_why_not_lines(against, rec, wording, missed_shown), ""]
    if rec.caveats:
        parts += ["## Caveats", "", *(f"- {caveat}" for caveat in rec.caveats), ""]
    parts += _guessed_lines(rec, wording)
    if rec.citations:
        parts += [f"Sources: {', '.join(rec.citations)}"]
    return "\n".join(parts)


def _guessed_lines(rec: Recommendation, wording: Wording) -> list[str]:
    keys = guessed(rec)
    if not keys:
        return []
    many = len(keys) != 1
    head = (f"{len(keys)} of the {len(INTERVIEW_KEYS)} answers about your project "
            f"{'are defaults or not known' if many else 'is a default or not known'}")
    lowered = ", which lowers the confidence" if rec.confidence_note else ""
    return ["## Still to answer", "", f"{head}{lowered}; press **c** to give "
            f"{'them' if many else 'it'}:", "",
            *(f"- {wording.question(key)}" for key in keys), ""]


def _why_not_lines(against: list[Against], rec: Recommendation, wording: Wording,
                   missed_shown: int) -> list[str]:
    """What counted against an option, then the few biggest supports it missed that could
    still apply: those that wait on an answer not given yet. A rule your answers already
    rule out ("without labeled examples" for a team with 50,000) is left out."""
    kept = [item for item in against if item.kind != "missed"]
    open_ = [(item, keys) for item in against if item.kind == "missed"
             for keys in [_waiting_on(item, rec)] if keys]
    lines = [f"- {item.text}" for item in kept]
    for item, keys in open_[:missed_shown]:
        questions = "; ".join(wording.question(key) for key in keys[:2])
        others = f"; and {len(keys) - 2} more" if len(keys) > 2 else ""
        lines.append(f"- {item.text} (not answered yet: {questions}{others})")
    if len(open_) > missed_shown:
        rest = len(open_) - missed_shown
        lines.append(f"- and {rest} more rule{'s' if rest != 1 else ''} that could apply "
                     "once the open answers are given")
    return lines or ["- nothing counted against it"]


def _waiting_on(item: Against, rec: Recommendation) -> list[str]:
    """The open answers (defaults, "unknown") on which a missed rule failed; [] when it failed
    on answers the team gave, so that it could not apply to them."""
    failed = next((row for row in rec.trace if row.get("rule") == item.rule), None)
    key = None if failed is None else failed.get("key")
    if key is None or key not in SCHEMA:
        return []
    open_ = set(guessed(rec))
    return [name for name in SCHEMA[key].depends_on if name in open_]
