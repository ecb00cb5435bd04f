"""Deciding: which rules hold for one mapping of values, the scores, the vetoes, the winner.

`decide` tests each rule's closure in turn, so its cost grows with the number of rules (a few
microseconds a decision for the shipped rules). It does no formatting, so the what-if search
can call it dozens of times per recommendation.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from advisor.answers.schema import OPTIONS
from advisor.facts import derive
from advisor.rules.compile import Rule, RuleSet, Values

if TYPE_CHECKING:
    from advisor.answers.schema import Option
    from advisor.knowledge import Pricing


@dataclass
class Outcome:
    """What the rules say about one set of values."""

    fired: list[Rule]
    """The rules that fired, in evaluation order."""
    shadowed: dict[str, str]
    """Rules whose condition held but whose group had already fired: rule id -> winner's id."""
    scores: dict[str, float]
    vetoes: dict[str, list[tuple[Rule, str]]]
    winner: Option
    ranking: list[Option]
    """Workable options, best first, then those that break a stated constraint, then vetoed
    ones."""
    conflicted: frozenset[str] = frozenset()
    """Options that break a constraint the answers state (a declared conflict holds)."""


def decide(ruleset: RuleSet, values: Values) -> Outcome:
    """Test each rule in evaluation order; sum the effects of those that hold; pick the best
    option nobody vetoed that breaks no constraint the answers state (a conflict), if any."""
    scores: dict[str, float] = dict.fromkeys(OPTIONS, 0.0)
    fired, shadowed, vetoes = add_up([rule for rule in ruleset.rules if rule.test(values)], scores)
    conflicted = frozenset(option for conflict in ruleset.conflicts if conflict.test(values)
                           for option in conflict.spec.options)
    ranking = rank(scores, vetoes, values, conflicted)
    return Outcome(fired, shadowed, scores, vetoes, ranking[0], ranking, conflicted)


def add_up(holding: Iterable[Rule], scores: dict[str, float]) -> tuple[
        list[Rule], dict[str, str], dict[str, list[tuple[Rule, str]]]]:
    """Add the points of rules that hold, in evaluation order, to `scores`; a rule whose group
    already fired is shadowed instead. The rules that fired, the shadowed ones (id -> the id
    of its group's rule that fired) and the vetoes by option."""
    fired: list[Rule] = []
    shadowed: dict[str, str] = {}
    vetoes: dict[str, list[tuple[Rule, str]]] = {}
    groups: dict[str, str] = {}
    for rule in holding:
        spec = rule.spec
        group = spec.group
        if group is not None:
            if group in groups:
                shadowed[spec.id] = groups[group]
                continue
            groups[group] = spec.id
        fired.append(rule)
        then = spec.then
        # The three fields read directly, not through then.scores(): this is the what-if
        # search's hot path. Adding a zero leaves a score as it was.
        scores["fine_tune"] += then.fine_tune
        scores["rag"] += then.rag
        scores["hybrid"] += then.hybrid
        if then.veto:
            for option, reason in then.veto.items():
                vetoes.setdefault(option, []).append((rule, reason))
    return fired, shadowed, vetoes


_ORDER: dict[str, int] = {"rag": 0, "fine_tune": 1, "hybrid": 2}
"""The last tie-break: the option that commits least up front first (no training, no data)."""


def rank(scores: Mapping[str, float], vetoes: Mapping[str, Any], values: Values,
         conflicted: Collection[str] = ()) -> list[Option]:
    """Options best first: workable before vetoed, and among either those that keep every
    stated constraint before those that break one (a constraint is the team's, so a higher
    score does not outweigh it); then by score, then the cheaper total when the volume is
    known (a guessed volume prices nothing), then RAG, fine-tuning, hybrid: the least
    commitment first (so equal answers always rank alike)."""
    known = values.get("cheaper_option") != "unknown"

    def key(option: str) -> tuple[bool, bool, float, float, int]:
        total = values.get(f"{option}_total", 0.0) if known else 0.0
        return (option in vetoes, option in conflicted, -scores[option],
                math.inf if total is None else total, _ORDER[option])

    return sorted(OPTIONS, key=key)


def with_facts(answers: Mapping[str, Any], pricing: Pricing,
               defaulted: Collection[str] = ()) -> dict[str, Any]:
    """Answers plus every derived fact: the values the rules read. Cost keys in `defaulted`
    are priced by the answers' pricing mode."""
    values = dict(answers)
    values.update(derive(answers, pricing, defaulted))
    return values
