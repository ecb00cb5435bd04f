"""Phrases shared by every presentation (text, Markdown, the TUI): option names, effects,
what-ifs, why-nots and the break-even sentence."""

from __future__ import annotations

from collections.abc import Iterable

from advisor.answers.schema import OPTION_LABELS
from advisor.costs import Costs
from advisor.decision import Against, WhatIf
from advisor.numbers import readable, volume_text


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


def labelled(item: Against) -> str:
    """A why-not entry for the summary: points against an option say how many."""
    if item.kind == "against":
        return f"Against it ({effect_text(item.effect)}): {item.text}"
    return against_text(item)


def short_why_not(items: list[Against], missed: int = 3) -> list[Against]:
    """Everything that counted against an option, and its few biggest missed supports."""
    kept = [item for item in items if item.kind != "missed"]
    return kept + [item for item in items if item.kind == "missed"][:missed]


def break_even_sentence(costs: Costs) -> str:
    """What the break-even volume means for this team, in one sentence."""
    volume = costs.monthly_queries
    point = costs.break_even_monthly_queries
    months = costs.horizon_months
    if point is None:
        if costs.mode == "self_hosted":
            return ("RAG runs on the same GPUs and pays nothing per query here, so it is "
                    "cheaper than fine-tuning at any volume.")
        if costs.cheaper_above_break_even == "rag":
            return ("Fine-tuning costs more per query and more up front here, so RAG is "
                    "cheaper at any volume.")
        return "RAG has no per-query cost here, so it is cheaper than fine-tuning at any volume."
    if point == 0:
        return (f"RAG's fixed costs alone exceed fine-tuning's over {months} months, so "
                "fine-tuning is cheaper at any volume.")
    above, below = (("fine-tuning", "RAG") if costs.cheaper_above_break_even == "fine_tune"
                    else ("RAG", "fine-tuning"))
    side = above if volume > point else below
    return (f"Break-even: {volume_text(point)} over {months} months. Below it {below} is "
            f"cheaper, above it {above} is; at your {volume_text(volume)}, {side} is cheaper.")


MODE_NAMES = {"guide": "the guide's figures", "api": "a named API model, priced per token",
              "self_hosted": "self-hosted on your own GPUs"}


def mode_sentence(costs: Costs) -> str:
    """Which pricing mode the costs use, and why, in one or two sentences."""
    return f"Pricing: {MODE_NAMES[costs.mode]}. {costs.mode_note}".strip()
