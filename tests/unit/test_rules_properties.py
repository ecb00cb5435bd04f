"""Properties over random valid answers: never crashes, deterministic, one of the three
options, reasons never empty, and every what-if holds when re-run."""

from __future__ import annotations

from typing import Any, get_type_hints

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.answers.schema import OPTIONS, Answers, choices_of
from advisor.costs import read_answers
from advisor.decision import evaluate
from advisor.knowledge import load_pricing
from advisor.present.json import to_json
from advisor.rules import load_rules
from tests.conftest import KNOWLEDGE, RULES


def MONEY(high: float) -> st.SearchStrategy[float]:
    """Dollars as validation accepts them: 0, or from a billionth up to `high`."""
    return st.one_of(st.just(0.0), st.floats(1e-9, high, allow_nan=False))

RULESET = load_rules(RULES)
PRICING = load_pricing(KNOWLEDGE)

_CHOICES = {key: choices_of(hint) for key, hint in get_type_hints(Answers).items()
            if choices_of(hint)}
_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    **{key: st.sampled_from(values) for key, values in _CHOICES.items()},
    "monthly_queries": st.one_of(st.integers(0, 10**8), st.floats(0, 1e8, allow_nan=False),
                                 st.sampled_from(["10k/day", "1M per month", "36500/year"])),
    "audit_trail": st.booleans(),
    "style_needs": st.booleans(),
    "labeled_examples": st.one_of(st.integers(0, 200_000),
                                  st.sampled_from([0, 99, 100, 999, 1000, 9999, 10000])),
    "horizon_months": st.integers(1, 120),
    "training_cost": MONEY(1e5),
    "data_prep_cost": MONEY(1e5),
    "inference_monthly": MONEY(1e4),
    "vector_db_monthly": MONEY(1e4),
    "cost_per_query": MONEY(1),
}
ANSWERS = st.fixed_dictionaries({}, optional=_FIELDS)


def recommend(answers: dict[str, Any]) -> Any:
    return evaluate(RULESET, read_answers(answers, "generated", PRICING), PRICING)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANSWERS)
def test_any_valid_answers_give_a_sound_explained_recommendation(answers: dict[str, Any]) -> None:
    rec = recommend(answers)
    assert rec.recommendation in OPTIONS
    # No reason only when nothing the rules read was given: then it is a dead heat, said so.
    assert rec.reasons or (rec.confidence == 0.5 and rec.confidence_note)
    assert 0.5 <= rec.confidence <= 1.0
    assert not rec.conflicts or rec.confidence <= 0.8
    assert set(rec.why_not) == set(OPTIONS) - {rec.recommendation}
    assert all(rec.why_not.values())
    assert to_json(recommend(answers)) == to_json(rec)
    for change in rec.what_if:
        rerun = recommend({**answers, change.key: change.to})
        assert rerun.recommendation == change.recommendation, change
