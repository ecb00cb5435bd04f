"""Phrases shared by every presentation (text, Markdown, the TUI): option names, answers in
plain words, the opening three lines of a summary, effects, what-ifs, why-nots, conflicts and
the break-even sentence.

A reader never sees an answers key or a choice's code: each key has a label here and each
value a phrase (`advisor.numbers.PHRASES`). Rule ids, keys and codes are for the people who
edit the rules, and only the Markdown's appendix shows them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, cast

from advisor.answers.schema import COST_KEYS, OPTION_LABELS, Option
from advisor.costs import Costs
from advisor.decision import INTERVIEW_KEYS, Against, Reason, Recommendation, WhatIf, guessed_keys
from advisor.numbers import count, money, percent, readable, volume_text

KEY_LABELS: dict[str, str] = {
    "data_volatility": "How often the facts change",
    "query_variety": "How alike the questions are",
    "latency": "How fast answers must arrive",
    "privacy": "Where the data may go",
    "monthly_queries": "Query volume",
    "volume_predictability": "How predictable the volume is",
    "hosting": "Where a tuned model could run",
    "audit_trail": "Answers must cite their sources",
    "labeled_examples": "Labeled training examples",
    "synthetic_examples": "Examples a larger model could generate",
    "must_learn": "What the model must learn",
    "style_needs": "A house style (tone, format or jargon)",
    "model_size": "Base model size",
    "horizon_months": "Costs compared over",
    "training_cost": "One fine-tuning run",
    "data_prep_cost": "Preparing the training data",
    "inference_monthly": "Hosting the tuned model, a month",
    "vector_db_monthly": "The vector database, a month",
    "cost_per_query": "One RAG query",
    "api_model": "The model that answers",
    "prompt_tokens": "Tokens of question and instructions a query",
    "context_tokens": "Retrieved tokens added to a query",
    "output_tokens": "Tokens in an answer",
}
"""Each answers key as a reader sees it in a table: short, and read with its value after a
colon ("How often the facts change: every week")."""

FAQ_PREMISES: dict[str, Callable[[Mapping[str, Any]], bool]] = {
    "rag-on-api": lambda answers: answers.get("privacy") != "on_premise",
}
"""FAQ entries whose advice holds only for some answers: "RAG over a hosted API" is no
support for a team whose data must stay on its own premises."""


def label(option: str) -> str:
    return OPTION_LABELS.get(option, option)


def key_label(key: str) -> str:
    """An answers key as a reader sees it: "How often the facts change"."""
    return KEY_LABELS.get(key, key.replace("_", " ").capitalize())


def answer_text(key: str, value: Any) -> str:
    """An answer's value as a reader sees it beside its label."""
    if value is None:
        return "none"
    if key in COST_KEYS and isinstance(value, int | float):
        return money(value)
    if key == "monthly_queries" and isinstance(value, int | float):
        return volume_text(value)
    if key == "horizon_months" and isinstance(value, int):
        return count(value, "month")
    if value == "unknown" and key == "labeled_examples":
        return "not known"
    return readable(value, key)


def confidence_text(confidence: float) -> str:
    """The confidence as every output writes it: "confidence 80%"."""
    return f"confidence {percent(confidence)}"


def effect_text(effect: dict[str, float], veto: Iterable[str] = ()) -> str:
    parts = [f"{points:+g} {label(option)}" for option, points in effect.items() if points]
    parts += [f"rules out {label(option)}" for option in veto]
    return ", ".join(parts) or "no score change"


def what_if_text(item: WhatIf) -> str:
    """One what-if as a line: "How often the facts change: about once a year (now every
    day) → Hybrid"."""
    return (f"{key_label(item.key)}: {answer_text(item.key, item.to)} (now "
            f"{answer_text(item.key, item.from_)}) → {label(item.recommendation)}")


def against_text(item: Against) -> str:
    """One why-not entry as a line, with the condition a missed rule needed (the TUI)."""
    if item.kind == "missed" and item.condition:
        return f"{item.text} ({item.condition})"
    return item.text


def labelled(item: Against) -> str:
    """A why-not entry for the summary: points against an option say how many; a missed rule
    says what it would have added (its condition, in keys, is for the appendix)."""
    if item.kind == "against":
        return f"Against it ({effect_text(item.effect)}): {item.text}"
    if item.kind == "missed" and item.text[-1:].isalnum():
        return f"{item.text}."
    return item.text


def short_why_not(items: list[Against], missed: int = 3) -> list[Against]:
    """Everything that counted against an option, and its few biggest missed supports."""
    kept = [item for item in items if item.kind != "missed"]
    return kept + [item for item in items if item.kind == "missed"][:missed]


# --- the opening: verdict, cost, what decided it -------------------------------------------


def reason_groups(rec: Recommendation) -> dict[str, list[Reason]]:
    """The reasons that fired, by what they did to the verdict: for it (points for it, or
    against or ruling out another option), against it, and for the others only."""
    winner = label(rec.recommendation)
    groups: dict[str, list[Reason]] = {f"For {winner}": [], f"Against {winner}": [],
                                       "For the others only": []}
    titles = list(groups)
    for reason in rec.reasons:
        points = reason.effect.get(rec.recommendation, 0.0)
        hurts_others = any(value < 0 for value in reason.effect.values()) or bool(reason.veto)
        if points < 0:
            groups[titles[1]].append(reason)
        elif points == 0 and not hurts_others:
            groups[titles[2]].append(reason)
        else:
            groups[titles[0]].append(reason)
    return {title: reasons for title, reasons in groups.items() if reasons}


def ruled_out(rec: Recommendation) -> dict[str, str]:
    """Each option a rule ruled out, with the first reason (as the veto words it)."""
    found: dict[str, str] = {}
    for reason in rec.reasons:
        for option, why in reason.veto.items():
            found.setdefault(option, why)
    return found


def set_aside(rec: Recommendation) -> dict[str, str]:
    """Each option ranked after the verdict because it breaks a constraint the verdict keeps,
    with the first answer it breaks ("How fast answers must arrive: in real time")."""
    found: dict[str, str] = {}
    for conflict in rec.set_aside:
        found.setdefault(conflict.option, conflict_answer(rec, conflict.answer))
    return found


def outscoring(rec: Recommendation) -> list[str]:
    """The options set aside that scored higher than the verdict: a constraint the team
    stated decided it, not the points."""
    return [option for option in set_aside(rec)
            if rec.scores[option] > rec.scores[rec.recommendation]]


def runner_up(rec: Recommendation) -> Option:
    """The best option that was not recommended: the first workable one in the ranking."""
    ranked = list(rec.why_not)
    vetoed = ruled_out(rec)
    workable = [option for option in ranked if option not in vetoed]
    return cast(Option, (workable or ranked or [rec.recommendation])[0])


def verdict_line(rec: Recommendation) -> str:
    """The first line: "Recommendation: RAG, confidence 80%" (and a close call said so)."""
    close = ", a close call" if rec.close_call else ""
    return f"Recommendation: {label(rec.recommendation)}, {confidence_text(rec.confidence)}{close}"


def cost_line(rec: Recommendation) -> str:
    """The second line: the verdict's total over the horizon against the runner-up's, and the
    third option's too when it would cost less."""
    costs = rec.costs
    totals = {name: option.total for name, option in costs.options()}
    winner, second = rec.recommendation, runner_up(rec)
    vetoed = ruled_out(rec)
    line = f"Cost over {count(costs.horizon_months, 'month')}: {money(totals[winner])} for {label(winner)}"
    if second != winner:
        line += f", against {money(totals[second])} for {label(second)}, the runner-up"
    for other in totals:
        if other not in (winner, second) and totals[other] < totals[winner]:
            why = "is ruled out" if other in vetoed else "scores lower"
            line += f"; {label(other)} would cost {money(totals[other])} but {why}"
    if "monthly_queries" in rec.defaulted:
        line += f" (priced at the assumed {volume_text(costs.monthly_queries)})"
    return line + "."


def decisive(rec: Recommendation, limit: int = 2) -> list[Reason]:
    """The one or two reasons that decided it: those that moved the verdict furthest ahead of
    the runner-up (ruling the runner-up out counts most). A second reason is kept only when it
    weighed at least half as much as the first."""
    winner, second = rec.recommendation, runner_up(rec)

    def gain(reason: Reason) -> float:
        ahead = reason.effect.get(winner, 0.0) - reason.effect.get(second, 0.0)
        return ahead + (100.0 if second in reason.veto else 0.0)

    ranked = sorted((reason for reason in rec.reasons
                     if gain(reason) > 0 and reason.effect.get(winner, 0.0) >= 0),
                    key=lambda reason: (-gain(reason), -reason.effect.get(winner, 0.0)))
    if not ranked:
        ranked = sorted((reason for reason in rec.reasons if reason.effect.get(winner, 0.0) > 0),
                        key=lambda reason: -reason.effect.get(winner, 0.0))
    if len(ranked) > 1 and gain(ranked[1]) * 2 < gain(ranked[0]):
        return ranked[:1]
    return ranked[:limit]


def claim(text: str) -> str:
    """A reason's claim: its text up to the first colon, semicolon or full stop (the rules'
    explanations open with the claim, then say why it matters)."""
    cuts = [at for at in (text.find(mark) for mark in ("; ", ": ", ". ")) if at > 0]
    head = text[:min(cuts)] if cuts else text.rstrip(".")
    return head.strip()


def _lower_first(text: str) -> str:
    """"Your facts" -> "your facts", but "RAG" stays "RAG"."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def decided_line(rec: Recommendation) -> str:
    """The third line: what decided it, in the rules' own claims, or the stated constraint
    that an option scoring higher breaks."""
    broken, higher = set_aside(rec), outscoring(rec)
    if higher:
        return (f"Decided by: your answer \"{broken[higher[0]]}\", which "
                f"{' and '.join(label(option) for option in higher)} would break, though "
                f"{'they score' if len(higher) > 1 else 'it scores'} higher.")
    reasons = decisive(rec)
    if reasons:
        claims = [_lower_first(claim(reason.text)) for reason in reasons]
        return "Decided by: " + ", and ".join(claims) + "."
    if runner_up(rec) in ruled_out(rec):
        return "Decided by: every other option was ruled out."
    return "Decided by: a tie-break, as no rule favoured it over the others."


def opening(rec: Recommendation) -> list[str]:
    """The three lines a reader needs before anything else."""
    return [verdict_line(rec), cost_line(rec), decided_line(rec)]


def conflict_answer(rec: Recommendation, key: str) -> str:
    """The stated answer a conflict breaks: "How fast answers must arrive: in real time"."""
    return f"{key_label(key)}: {answer_text(key, rec.answers.get(key))}"


# --- notes ----------------------------------------------------------------------------------


def guessed(rec: Recommendation) -> list[str]:
    """The interview answers the verdict could not rely on: defaults, and "unknown"."""
    return guessed_keys(rec.defaulted, rec.answers)


def confidence_note(rec: Recommendation) -> str | None:
    """Why the confidence is lower than the lead alone would give, in plain words."""
    keys = guessed(rec)
    if not keys:
        return None
    many = len(keys) != 1
    what = "are defaults or unknown" if many else "is a default or unknown"
    names = "; ".join(key_label(key).lower() for key in keys)
    return (f"The confidence is lowered because {len(keys)} of the {len(INTERVIEW_KEYS)} answers "
            f"about your project {what} ({names}); give {'them' if many else 'it'} to firm it up.")


def close_note(rec: Recommendation) -> str | None:
    """A close call said in a sentence, pointing at what would tip it."""
    if not rec.close_call:
        return None
    winner, second = label(rec.recommendation), label(runner_up(rec))
    if rec.margin == 0:
        totals = {name: option.total for name, option in rec.costs.options()}
        cheaper = ("monthly_queries" not in rec.defaulted
                   and totals[rec.recommendation] < totals[runner_up(rec)])
        why = ("it costs less over the horizon" if cheaper else
               "a tie goes to the option that commits least up front")
        head = f"A close call: {winner} and {second} score the same; {winner} is chosen because {why}."
    else:
        head = f"A close call: {winner} leads {second} by {count_points(rec.margin)}."
    tips = [item for item in rec.what_if if item.recommendation == runner_up(rec)]
    if tips:
        return f"{head} One changed answer would tip it to {second} (see what would change it)."
    return f"{head} Weigh the costs and the caveats of both."


def count_points(points: float) -> str:
    """A lead in points: "1 point", "2.5 points"."""
    return f"{readable(points)} point{'' if points == 1 else 's'}"


def relevant_citations(rec: Recommendation) -> list[str]:
    """The knowledge ids worth showing a reader: those cited by what carried the verdict (a
    reason for it or against another option, a conflict, a caveat), whose advice holds for
    these answers. The JSON keeps every citation."""
    winner = rec.recommendation
    supporting: set[str] = set()
    attributed: set[str] = set()
    for reason in rec.reasons:
        attributed |= set(reason.cites)
        for_it = reason.effect.get(winner, 0.0) > 0
        against_others = reason.effect.get(winner, 0.0) >= 0 and (
            any(points < 0 for option, points in reason.effect.items() if option != winner)
            or any(option != winner for option in reason.veto))
        if for_it or against_others:
            supporting |= set(reason.cites)
    for conflict in rec.conflicts:
        attributed |= set(conflict.cites)
        supporting |= set(conflict.cites)
    caveats = set(rec.citations) - attributed
    return [cite for cite in rec.citations
            if (cite in supporting or cite in caveats)
            and FAQ_PREMISES.get(cite, _always)(rec.answers)]


def _always(answers: Mapping[str, Any]) -> bool:
    return True


# --- costs ----------------------------------------------------------------------------------


def break_even_sentence(costs: Costs) -> str:
    """What the break-even volume means for this team, in one sentence."""
    volume = costs.monthly_queries
    point = costs.break_even_monthly_queries
    months = count(costs.horizon_months, "month")
    if point is None:
        if costs.mode == "self_hosted":
            return ("RAG runs on the same GPUs and pays nothing per query here, so it is "
                    "cheaper than fine-tuning at any volume.")
        if costs.cheaper_above_break_even == "rag":
            return ("Fine-tuning costs more per query and more up front here, so RAG is "
                    "cheaper at any volume.")
        return "RAG has no per-query cost here, so it is cheaper than fine-tuning at any volume."
    if point == 0:
        return (f"RAG's fixed costs alone exceed fine-tuning's over {months}, so "
                "fine-tuning is cheaper at any volume.")
    above, below = (("fine-tuning", "RAG") if costs.cheaper_above_break_even == "fine_tune"
                    else ("RAG", "fine-tuning"))
    side = above if volume > point else below
    return (f"Break-even: {volume_text(point)} over {months}. Below it {below} is "
            f"cheaper, above it {above} is; at your {volume_text(volume)}, {side} is cheaper.")


MODE_NAMES = {"guide": "the guide's figures", "api": "a named API model, priced per token",
              "self_hosted": "self-hosted on your own GPUs"}


def mode_sentence(costs: Costs) -> str:
    """Which pricing mode the costs use, and why, in one or two sentences."""
    return f"Pricing: {MODE_NAMES[costs.mode]}. {costs.mode_note}".strip()
