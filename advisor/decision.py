"""From the rules' outcome to a `Recommendation` that shows every step.

- HOW: each fired rule, the values it read, its effect and its citations (`reasons`);
- WHY NOT: for each other option, the score gap, the vetoes and points against it, and the
  rules that would have supported it with the condition that failed (`why_not`);
- WHAT IF: single-answer changes that change the recommendation, found by re-running the rules
  on the changed answers, smallest change first (`what_if`);
- a close call (a margin under `CLOSE_MARGIN` points) names what would decide it;
- the caveats that always go with the recommended option.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from advisor.answers.read import ResolvedAnswers
from advisor.answers.schema import ANSWER_KEYS, OPTION_LABELS, PRICE_KEYS, Option
from advisor.costs import Costs, compute_costs
from advisor.facts import FACT_NAMES, SCHEMA, as_the_rules_see, derive
from advisor.knowledge import KNOWLEDGE_IDS, Pricing
from advisor.numbers import readable
from advisor.rules.compile import Rule, RuleSet, fill, first_failure
from advisor.rules.decide import Outcome, decide, with_facts


@dataclass
class Reason:
    rule: str
    text: str
    effect: dict[str, float]
    cites: list[str]
    veto: dict[str, str] = field(default_factory=dict)
    triggers: dict[str, Any] = field(default_factory=dict)


@dataclass
class Against:
    rule: str
    text: str
    kind: Literal["score", "veto", "conflict", "against", "missed"] = "against"
    """score: the score gap; veto: the rule rules the option out; conflict: the option breaks a
    constraint the answers state (`rule` is the conflict's id); against: a fired rule took
    points away; missed: a rule that would have supported it did not fire."""
    effect: dict[str, float] = field(default_factory=dict)
    condition: str | None = None
    """For a missed rule, the first condition that failed and the value it saw."""


@dataclass
class WhatIf:
    """One answer whose change would change the recommendation (printed with `from`, not `from_`)."""

    key: str
    from_: Any
    to: Any
    recommendation: Option
    distance: float = 0.0
    """How big the change is: choice steps, 1 for a flipped yes/no, 2 x log10 of a number's ratio."""


@dataclass
class ConflictFound:
    """A stated constraint the recommended option breaks (the contract's `conflicts` item)."""

    answer: str
    """The answers key that states the constraint."""
    option: Option
    text: str
    resolve: str
    """What would resolve it."""
    rule: str
    cites: list[str]


@dataclass
class Recommendation:
    """The contract's `recommend --format json` object; extra fields explain it further."""

    recommendation: Option
    confidence: float
    scores: dict[str, float]
    reasons: list[Reason]
    costs: Costs
    close_call: bool
    why_not: dict[str, list[Against]]
    what_if: list[WhatIf]
    citations: list[str]
    answers: dict[str, Any]
    defaulted: list[str]
    close_call_note: str | None = None
    confidence_note: str | None = None
    """Why the confidence is lower than the lead alone would give (answers left at defaults)."""
    caveats: list[str] = field(default_factory=list)
    conflicts: list[ConflictFound] = field(default_factory=list)
    """Each stated constraint the recommended option breaks; with any, the confidence is at
    most `CONFLICTED_CONFIDENCE`."""
    set_aside: list[ConflictFound] = field(default_factory=list)
    """The constraints other options break and the recommendation keeps: an option that
    breaks one ranks after every option that keeps them all, whatever its score."""
    margin: float = 0.0
    """Points between the recommendation and the best other workable option."""
    facts: dict[str, Any] = field(default_factory=dict)
    """The derived facts the rules could read (infinite values are null)."""
    trace: list[dict[str, Any]] = field(default_factory=list)
    """Every rule in evaluation order: fired, missed (with the first failed condition and the
    value it saw) or shadowed (another rule of its group fired first)."""


CLEAR_MARGIN = 8.0
"""A lead of this many points (about four strong signals) gives confidence 1.0."""
CLOSE_MARGIN = 2.0
"""A lead under this many points (one strong signal) is a close call."""
CONFLICTED_CONFIDENCE = 0.8
"""The most confidence a verdict a stated constraint decided can have: one that breaks a
constraint, or one chosen over a higher-scoring option that breaks one (the points were for
the other)."""
GUESS_WEIGHT = 0.8
"""How much of the lead stops counting when every interview answer is a default: a verdict
built on guesses is never a confident one (all defaults and a clear lead give 0.6)."""
INTERVIEW_KEYS = tuple(key for key in ANSWER_KEYS if key not in PRICE_KEYS and key != "horizon_months")
"""The answers that describe the project (prices and the horizon have neutral defaults)."""

_FACT_INPUTS = frozenset(key for name in FACT_NAMES for key in SCHEMA[name].depends_on)
_VOLUME_FACTS = ("rag_cost_ratio", "fine_tune_cost_ratio", "volume_vs_break_even")
_TIER_EDGES = (0, 1, 99, 100, 999, 1_000, 9_999, 10_000)
_HORIZONS = (1, 3, 6, 12, 24, 36, 60, 120)
_MAX_VOLUME = 1e12
"""What-if volumes beyond a trillion queries a month are not advice."""


def confidence(margin: float, defaulted: Iterable[str] = ()) -> float:
    """0.5 + 0.5 x min(1, margin / CLEAR_MARGIN), the lead counting for less the more of the
    interview answers were left at their defaults (or answered "unknown"): 0.5 is a dead heat,
    1.0 a clear lead on answers the team gave."""
    guessed = len(set(defaulted) & set(INTERVIEW_KEYS)) / len(INTERVIEW_KEYS)
    lead = min(1.0, margin / CLEAR_MARGIN)
    return round(0.5 + 0.5 * lead * (1 - GUESS_WEIGHT * guessed), 2)


def _confidence_note(defaulted: Iterable[str]) -> str | None:
    guessed = [key for key in INTERVIEW_KEYS if key in set(defaulted)]
    if not guessed:
        return None
    many = len(guessed) != 1
    what = "are defaults or unknown" if many else "is a default or unknown"
    return (f"The confidence is lowered because {len(guessed)} of the {len(INTERVIEW_KEYS)} answers "
            f"about your project {what} ({', '.join(guessed)}); give {'them' if many else 'it'} "
            "to firm it up.")


def guessed_keys(defaulted: Iterable[str], answers: Mapping[str, Any]) -> list[str]:
    """The interview answers a verdict cannot rely on: left at their defaults, or answered
    "unknown" (what lowers the confidence; the presenters name them)."""
    left = set(defaulted)
    return [key for key in INTERVIEW_KEYS if key in left or answers.get(key) == "unknown"]


def conflicts_of(ruleset: RuleSet, option: Option, values: Mapping[str, Any]) -> list[ConflictFound]:
    """The declared conflicts an option runs into with these answers."""
    return [ConflictFound(answer=item.spec.answer, option=option, text=fill(item.spec.text, values),
                          resolve=fill(item.spec.resolve, values), rule=item.spec.id,
                          cites=list(item.spec.cites))
            for item in ruleset.conflicts if option in item.spec.options and item.test(values)]


def evaluate(ruleset: RuleSet, resolved: ResolvedAnswers, pricing: Pricing) -> Recommendation:
    """The recommendation for complete answers, with its reasons, why-nots and what-ifs."""
    answers = resolved.normalized()
    raw = with_facts(answers, pricing, resolved.defaulted)
    unseen = {key for key in INTERVIEW_KEYS if key in resolved.defaulted}
    values = as_the_rules_see(raw, unseen)
    outcome = decide(ruleset, values)
    winner = outcome.winner
    margin = _margin(outcome)
    what_if = search_what_if(ruleset, raw, unseen, set(resolved.defaulted), pricing, winner)
    reasons = [_reason(rule, values) for rule in _strongest_first(outcome.fired, winner)]
    caveats = [fill(caveat.text, values) for caveat in ruleset.caveats.get(winner, ())]
    if winner in outcome.vetoes:
        caveats.insert(0, "Every option was ruled out by at least one rule; this is the best of "
                          "them by score, so read the vetoes under 'why not' first.")
    close = margin < CLOSE_MARGIN and _standing(outcome, outcome.ranking[1]) == _standing(
        outcome, winner)
    conflicts = conflicts_of(ruleset, winner, values)
    set_aside = [] if winner in outcome.conflicted else [
        found for option in outcome.ranking[1:] if option in outcome.conflicted
        for found in conflicts_of(ruleset, option, values)]
    cited = {cite for rule in outcome.fired for cite in rule.spec.cites}
    cited |= {cite for caveat in ruleset.caveats.get(winner, ()) for cite in caveat.cites}
    cited |= {cite for conflict in conflicts for cite in conflict.cites}
    guessed = guessed_keys(resolved.defaulted, answers)
    sure = confidence(margin, guessed)
    outscored = any(outcome.scores[found.option] > outcome.scores[winner] for found in set_aside)
    return Recommendation(
        recommendation=winner,
        confidence=min(sure, CONFLICTED_CONFIDENCE) if conflicts or outscored else sure,
        scores={option: round(score, 2) for option, score in outcome.scores.items()},
        reasons=reasons,
        costs=compute_costs(resolved, pricing),
        close_call=close,
        close_call_note=_close_note(outcome, margin, what_if, ruleset, values) if close else None,
        confidence_note=_confidence_note(guessed),
        why_not={option: why_not(option, outcome, ruleset, values)
                 for option in outcome.ranking if option != winner},
        what_if=what_if,
        citations=[cite for cite in KNOWLEDGE_IDS if cite in cited],
        answers=answers,
        defaulted=list(resolved.defaulted),
        caveats=caveats,
        conflicts=conflicts,
        set_aside=set_aside,
        margin=round(margin, 2),
        facts={name: _plain(values[name]) for name in FACT_NAMES},
        trace=trace(ruleset, outcome, values),
    )


def _strongest_first(rules: list[Rule], winner: str) -> list[Rule]:
    """Reasons read best with what carried the recommendation first (a stable sort, so
    rules of equal weight keep their evaluation order)."""
    return sorted(rules, key=lambda rule: -dict(rule.effects).get(winner, 0.0))


def _standing(outcome: Outcome, option: str) -> tuple[bool, bool]:
    """Vetoed, then breaking a stated constraint: what ranks an option before its score."""
    return option in outcome.vetoes, option in outcome.conflicted


def _margin(outcome: Outcome) -> float:
    """The lead over the runner-up; a clear one when the runner-up is ruled out or breaks a
    constraint the winner keeps (the team's own answers decide it, not points)."""
    winner, runner_up = outcome.ranking[0], outcome.ranking[1]
    if _standing(outcome, runner_up) > _standing(outcome, winner):
        return CLEAR_MARGIN
    return outcome.scores[winner] - outcome.scores[runner_up]


def _plain(value: Any) -> Any:
    """JSON-safe: infinity becomes null."""
    if isinstance(value, float) and math.isinf(value):
        return None
    return value


def _reason(rule: Rule, values: Mapping[str, Any]) -> Reason:
    return Reason(rule=rule.id, text=rule.explain(values), effect=dict(rule.effects),
                  cites=list(rule.spec.cites),
                  veto={option: fill(reason, values) for option, reason in rule.vetoes.items()},
                  triggers={key: _plain(values[key]) for key in rule.reads})


# --- why not -------------------------------------------------------------------------------


def why_not(option: Option, outcome: Outcome, ruleset: RuleSet,
            values: Mapping[str, Any]) -> list[Against]:
    """What counted against an option: the score gap, vetoes, points lost, support missed."""
    winner = outcome.winner
    label, winner_label = OPTION_LABELS[option], OPTION_LABELS[winner]
    items = [Against(rule="score", kind="score",
                     text=f"{label} scored {readable(outcome.scores[option])} against "
                          f"{readable(outcome.scores[winner])} for {winner_label}.")]
    for rule, reason in outcome.vetoes.get(option, []):
        items.append(Against(rule=rule.id, kind="veto", text=f"Ruled out: {fill(reason, values)}",
                             effect=dict(rule.effects)))
    if option in outcome.conflicted:  # the constraints it breaks and the verdict keeps
        shared = {found.rule for found in conflicts_of(ruleset, winner, values)}
        items += [Against(rule=found.rule, kind="conflict",
                          text=f"It breaks what you said: {found.text}")
                  for found in conflicts_of(ruleset, option, values) if found.rule not in shared]
    against = [rule for rule in outcome.fired if dict(rule.effects).get(option, 0) < 0]
    against.sort(key=lambda rule: dict(rule.effects)[option])
    items += [Against(rule=rule.id, kind="against", text=rule.explain(values),
                      effect=dict(rule.effects)) for rule in against]
    fired = {rule.id for rule in outcome.fired}
    support = [rule for rule in ruleset.rules if dict(rule.effects).get(option, 0) > 0
               and rule.id not in fired and rule.id not in outcome.shadowed]
    support.sort(key=lambda rule: -dict(rule.effects)[option])
    for rule in support:
        items.append(Against(rule=rule.id, kind="missed", effect=dict(rule.effects),
                             text=f"Would have added {dict(rule.effects)[option]:+g}: "
                                  f"{rule.spec.description}",
                             condition=_missed(rule, outcome, values)))
    return items


def _missed(rule: Rule, outcome: Outcome, values: Mapping[str, Any]) -> str:
    if rule.id in outcome.shadowed:
        return f"its group's rule {outcome.shadowed[rule.id]!r} fired first"
    failure = first_failure(rule.spec.when, values)
    return "did not fire" if failure is None else failure.text()


def trace(ruleset: RuleSet, outcome: Outcome, values: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every rule: fired, shadowed, or missed with the first condition that failed."""
    fired = {rule.id for rule in outcome.fired}
    rows = []
    for rule in ruleset.rules:
        row: dict[str, Any] = {"rule": rule.id, "effect": rule.effect_text()}
        if rule.id in fired:
            row["status"] = "fired"
        elif rule.id in outcome.shadowed:
            row.update(status="shadowed", by=outcome.shadowed[rule.id])
        else:
            failure = first_failure(rule.spec.when, values)
            row.update(status="missed", failed=failure.condition if failure else None,
                       key=failure.key if failure else None,
                       saw=_plain(failure.seen) if failure else None)
        rows.append(row)
    return rows


# --- what if -------------------------------------------------------------------------------


def search_what_if(ruleset: RuleSet, values: Mapping[str, Any], unseen: set[str],
                   defaulted: set[str], pricing: Pricing, winner: str) -> list[WhatIf]:
    """Single-answer changes that change the recommendation, each found by re-running the
    rules. Per answers key, the nearest value that leads to each other option; the price
    overrides are left out (they are quotes, not choices). `values` are the answers and facts
    as priced (defaults filled in); the answers in `unseen` stay unknown to the rules unless
    they are the one changed."""
    found: list[WhatIf] = []
    for key in ANSWER_KEYS:
        if key in PRICE_KEYS:
            continue
        reached: set[str] = set()
        for value, distance in candidates(ruleset, key, values):
            changed = as_the_rules_see(variant(values, key, value, defaulted, pricing),
                                       unseen - {key})
            result = decide(ruleset, changed).winner
            if result != winner and result not in reached:
                reached.add(result)
                found.append(WhatIf(key=key, from_=values[key], to=value,
                                    recommendation=result,
                                    distance=round(distance, 2)))
    order = {key: index for index, key in enumerate(ANSWER_KEYS)}
    found.sort(key=lambda item: (item.distance, order[item.key]))
    return found


def variant(values: Mapping[str, Any], key: str, value: Any, defaulted: set[str],
            pricing: Pricing) -> dict[str, Any]:
    """The values with one answer changed and the facts recomputed where they depend on it."""
    changed = dict(values)
    changed[key] = value
    if key in _FACT_INPUTS:
        changed.update(derive(changed, pricing, defaulted))
    return changed


def candidates(ruleset: RuleSet, key: str, values: Mapping[str, Any]) -> list[tuple[Any, float]]:
    """Other values worth trying for one answer, nearest first, with their distance."""
    spec = SCHEMA[key]
    current = values[key]
    if spec.kind == "choice":
        here = spec.choices.index(current)
        others = [(choice, float(abs(index - here))) for index, choice in enumerate(spec.choices)
                  if index != here]
        return sorted(others, key=lambda item: (item[1], spec.choices.index(item[0])))
    if spec.kind == "bool":
        return [(not current, 1.0)]
    pool: set[float]
    if key == "labeled_examples":
        numbers: set[float] = set(_thresholds(ruleset, key))
        if any("data_tier" in rule.reads for rule in ruleset.rules):
            numbers |= set(_TIER_EDGES)
        pool = {int(number) for number in numbers if number >= 0}
    elif key == "horizon_months":
        pool = {int(n) for n in (*_HORIZONS, *_thresholds(ruleset, key)) if 1 <= n <= 120}
    else:
        pool = {_round_volume(n) for n in _volume_candidates(ruleset, values)
                if math.isfinite(n) and 0 <= n <= _MAX_VOLUME}
    return sorted(((number, _numeric_distance(current, number)) for number in pool
                   if number != current), key=lambda item: (item[1], item[0]))


def _numeric_distance(old: float | str, new: float) -> float:
    """2 x log10 of the ratio; from an unknown count, every count is one step away."""
    if isinstance(old, str):
        return 1.0
    return max(0.1, 2 * abs(math.log10((new + 1) / (old + 1))))


def _thresholds(ruleset: RuleSet, key: str) -> tuple[float, ...]:
    return ruleset.thresholds(key)


def _volume_candidates(ruleset: RuleSet, values: Mapping[str, Any]) -> list[float]:
    """Volumes either side of every cost threshold the rules use, and round multiples."""
    volume = float(values["monthly_queries"])
    found = [volume * factor for factor in (0.5, 2, 0.2, 5, 0.1, 10, 0.01, 100)]
    found += list(_thresholds(ruleset, "monthly_queries"))
    horizon = float(values["horizon_months"])
    per_query = float(values["cost_per_query"])
    vector_db = float(values["vector_db_monthly"])
    fine_tune = float(values["fine_tune_total"])
    if per_query <= 0:
        return found
    targets = [(name, number) for name in _VOLUME_FACTS
               for number in _thresholds(ruleset, name)] + [("rag_cost_ratio", 1.0)]
    for name, ratio in targets:
        if ratio <= 0:
            continue
        if name == "rag_cost_ratio":
            rag_total = ratio * fine_tune
        elif name == "fine_tune_cost_ratio":
            rag_total = fine_tune / ratio
        else:
            rag_total = ratio * max(0.0, fine_tune - vector_db * horizon) + vector_db * horizon
        crossing = (rag_total / horizon - vector_db) / per_query
        found += [crossing * 0.97, crossing * 1.03]
    return found


def _round_volume(volume: float) -> float:
    """Two significant figures: a what-if reads "about 4,800 a month", not 4,793.27."""
    if volume <= 0:
        return 0.0
    digits = 1 - math.floor(math.log10(volume))
    return float(round(volume, digits))


# --- close call ----------------------------------------------------------------------------


def _close_note(outcome: Outcome, margin: float, what_if: list[WhatIf], ruleset: RuleSet,
                values: Mapping[str, Any]) -> str:
    winner, runner_up = outcome.ranking[0], outcome.ranking[1]
    if margin == 0:
        cheaper = (values.get("cheaper_option") != "unknown"
                   and values[f"{winner}_total"] < values[f"{runner_up}_total"])
        why = ("it costs less over the horizon" if cheaper else
               "a tie goes to the option that commits least up front (RAG, then fine-tuning, "
               "then hybrid)")
        head = (f"Close call: {OPTION_LABELS[winner]} and {OPTION_LABELS[runner_up]} score the "
                f"same; {OPTION_LABELS[winner]} is chosen because {why}.")
    else:
        head = (f"Close call: {OPTION_LABELS[winner]} leads {OPTION_LABELS[runner_up]} by "
                f"{readable(margin)} point{'s' if margin != 1 else ''}.")
    tips = [item for item in what_if if item.recommendation == runner_up][:3]
    if tips:
        changes = "; ".join(f"{item.key} were {readable(item.to)} (now {readable(item.from_)})"
                            for item in tips)
        return f"{head} It would tip to {OPTION_LABELS[runner_up]} if {changes}."
    fired = {rule.id for rule in outcome.fired}
    support = [rule for rule in ruleset.rules
               if dict(rule.effects).get(runner_up, 0) > 0 and rule.id not in fired][:2]
    if support:
        needs = "; ".join(f"{rule.spec.description.rstrip('.')} ({_missed(rule, outcome, values)})"
                          for rule in support)
        return f"{head} What would decide it: {needs}."
    return f"{head} Weigh the costs and the caveats of both."

