"""The rule index finds exactly the rules whose compiled test holds, and `decide` built on it
reaches the same outcome as testing and adding up the rules one by one, in order."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.answers.schema import OPTIONS
from advisor.costs import read_answers
from advisor.knowledge import load_pricing
from advisor.rules import RuleSet, load_rules
from advisor.rules.engine import Outcome, Rule, compile_rule, decide, with_facts
from advisor.rules.index import KEPT_REGIONS, MOST_TERMS, RuleIndex, set_bits
from advisor.rules.spec import Condition, Effects, RuleSpec
from tests.conftest import KNOWLEDGE
from tests.conftest import RULES as SHIPPED

pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

NUMBERS = [-1, 0, 0.5, 1, 1.0, 2, 2.5, 10, 1e308, -math.inf, math.inf]
"""Thresholds and values share this pool, so values often sit exactly on a threshold."""
CHOICES = ["a", "b", "c"]


def comparison(key: str, operator: str, target: Any) -> Condition:
    return Condition(key=key, operator=operator, target=target)


def number_comparison() -> st.SearchStrategy[Condition]:
    one = st.sampled_from(NUMBERS)
    return st.one_of(
        st.builds(comparison, st.sampled_from(["n", "m"]),
                  st.sampled_from(["eq", "ne", "gt", "gte", "lt", "lte"]), one),
        st.builds(comparison, st.sampled_from(["n", "m"]), st.sampled_from(["in", "not_in"]),
                  st.lists(one, min_size=1, max_size=3)),
        st.builds(comparison, st.sampled_from(["n", "m"]), st.just("between"),
                  st.lists(one, min_size=2, max_size=2).map(sorted)),
    )


def choice_comparison() -> st.SearchStrategy[Condition]:
    return st.one_of(
        st.builds(comparison, st.just("c"), st.sampled_from(["eq", "ne"]),
                  st.sampled_from(CHOICES)),
        st.builds(comparison, st.just("c"), st.sampled_from(["in", "not_in"]),
                  st.lists(st.sampled_from(CHOICES), min_size=1, max_size=2)),
        st.builds(comparison, st.just("f"), st.sampled_from(["eq", "ne"]), st.booleans()),
    )


CONDITIONS = st.recursive(
    st.one_of(number_comparison(), choice_comparison()),
    lambda children: st.one_of(
        st.builds(lambda parts: Condition(all_=parts), st.lists(children, max_size=4)),
        st.builds(lambda parts: Condition(any_=parts), st.lists(children, max_size=4)),
        st.builds(lambda part: Condition(not_=part), children),
    ),
    max_leaves=10,
)
POINTS = st.sampled_from([0, 1, -1, 2, 3, -3])
VALUES = st.fixed_dictionaries({
    "n": st.one_of(st.sampled_from(NUMBERS), st.integers(-3, 12), st.floats(allow_nan=False)),
    "m": st.one_of(st.sampled_from(NUMBERS), st.floats(-5, 5)),
    "c": st.sampled_from([*CHOICES, "z"]),
    "f": st.booleans(),
})


def make_rule(number: int, when: Condition, points: tuple[float, float, float] = (1, 0, 0),
              group: str | None = None, veto: dict[str, str] | None = None) -> Rule:
    effects = Effects(*points, veto=veto or {})
    spec = RuleSpec(f"r{number}", f"rule {number}", when, effects, "because", [], group=group)
    return compile_rule(spec, "test.yaml", number)


def ruleset(rules: list[Rule]) -> RuleSet:
    """The rules as a rule set that `decide` evaluates through the index, however few."""
    return RuleSet(tuple(rules), {}, Path("."), index_from=0)


def one_by_one(rules: RuleSet, values: dict[str, Any]) -> tuple[list[str], dict[str, str],
                                                                 dict[str, float], dict[str, list[str]]]:
    """What `decide` did before the index: test each rule in order and add its points."""
    scores = dict.fromkeys(OPTIONS, 0.0)
    fired: list[str] = []
    shadowed: dict[str, str] = {}
    groups: dict[str, str] = {}
    vetoes: dict[str, list[str]] = {}
    for rule in rules.rules:
        if not rule.test(values):
            continue
        if rule.group is not None:
            if rule.group in groups:
                shadowed[rule.id] = groups[rule.group]
                continue
            groups[rule.group] = rule.id
        fired.append(rule.id)
        for option, points in rule.effects:
            scores[option] += points
        for option, _ in rule.veto:
            vetoes.setdefault(option, []).append(rule.id)
    return fired, shadowed, scores, vetoes


def summary(outcome: Outcome) -> tuple[list[str], dict[str, str], dict[str, float],
                                        dict[str, list[str]]]:
    return ([rule.id for rule in outcome.fired], outcome.shadowed, outcome.scores,
            {option: [rule.id for rule, _ in found] for option, found in outcome.vetoes.items()})


def index(rules: RuleSet) -> RuleIndex:
    built = rules.index()
    assert built is not None
    return built


def holding_positions(rules: RuleSet, values: dict[str, Any]) -> list[int] | None:
    index = rules.index()
    assert index is not None
    bits = index.holding(values)
    return None if bits is None else index.positions(bits)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(CONDITIONS, min_size=1, max_size=25), st.lists(VALUES, min_size=1, max_size=6))
def test_the_index_finds_exactly_the_rules_whose_test_holds(
        conditions: list[Condition], samples: list[dict[str, Any]]) -> None:
    rules = ruleset([make_rule(number, when) for number, when in enumerate(conditions)])
    for values in samples:
        expected = [position for position, rule in enumerate(rules.rules) if rule.test(values)]
        assert holding_positions(rules, values) == expected, values


RULES = st.lists(st.tuples(CONDITIONS, st.tuples(POINTS, POINTS, POINTS),
                           st.sampled_from([None, None, "g1", "g2"]),
                           st.sampled_from([None, None, None, "rag", "hybrid"])),
                 min_size=1, max_size=20)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(RULES, st.lists(VALUES, min_size=1, max_size=4), st.booleans())
def test_decide_matches_testing_and_adding_rule_by_rule(
        drawn: list[Any], samples: list[dict[str, Any]], halves: bool) -> None:
    rules = ruleset([
        make_rule(number, when,
                  tuple(points / 2 if halves else points for points in scores),  # type: ignore[arg-type]
                  group, {veto: "no"} if veto else None)
        for number, (when, scores, group, veto) in enumerate(drawn)])
    fractional = any(not float(points).is_integer()
                     for rule in rules.rules for _, points in rule.effects)
    index = rules.index()
    assert index is not None
    assert (index.tally is None) == fractional  # then the points are added in rule order
    for values in samples:
        assert summary(decide(rules, values)) == one_by_one(rules, values)


def test_a_key_with_many_thresholds_keeps_some_regions_and_replays_the_rest() -> None:
    conditions = [comparison("n", "gt", threshold) for threshold in range(100)]
    conditions += [comparison("n", "between", [low, low + 7.5]) for low in range(0, 100, 3)]
    conditions += [comparison("n", "ne", threshold) for threshold in range(0, 100, 5)]
    rules = ruleset([make_rule(number, when) for number, when in enumerate(conditions)])
    table = next(table for table in index(rules).tables if table.key == "n")
    assert table.every > 1 and len(table.kept) <= KEPT_REGIONS
    for value in [-1, *range(101), *(x + 0.5 for x in range(101)), math.inf, -math.inf]:
        values = {"n": value}
        expected = [position for position, rule in enumerate(rules.rules) if rule.test(values)]
        assert holding_positions(rules, values) == expected, value


def test_a_key_compared_by_equality_with_many_values_keeps_some_regions_too() -> None:
    names = [f"v{number}" for number in range(120)]
    conditions = [comparison("c", "eq", name) for name in names[::2]]
    conditions += [comparison("c", "ne", name) for name in names[::7]]
    conditions += [comparison("c", "in", names[start:start + 5]) for start in range(0, 120, 9)]
    conditions += [comparison("c", "not_in", names[start:start + 3]) for start in range(0, 120, 11)]
    conditions.append(Condition(all_=[comparison("c", "ne", "v3"), comparison("n", "gt", 1)]))
    rules = ruleset([make_rule(number, when) for number, when in enumerate(conditions)])
    table = next(table for table in index(rules).tables if table.key == "c")
    assert table.every > 1 and len(table.kept) <= KEPT_REGIONS
    for value in [*names, "unnamed"]:
        for number in (0, 2):
            values = {"c": value, "n": number}
            expected = [position for position, rule in enumerate(rules.rules) if rule.test(values)]
            assert holding_positions(rules, values) == expected, values


def test_a_value_no_region_can_place_falls_back_to_each_rules_test() -> None:
    big = 2.0 ** 53  # the next float is big + 2, so the int big + 1 lies between two points
    rules = ruleset([make_rule(0, comparison("n", "gt", big), (1, 0, 0)),
                     make_rule(1, comparison("n", "lt", big + 2), (0, 1, 0)),
                     make_rule(2, comparison("m", "gte", 1), (0, 0, 1))])
    between = {"n": 2 ** 53 + 1, "m": 0}
    assert index(rules).holding(between) is None
    assert summary(decide(rules, between)) == one_by_one(rules, between)
    assert [rule.id for rule in decide(rules, between).fired] == ["r0", "r1"]
    not_a_number = {"n": 3, "m": math.nan}
    assert index(rules).holding(not_a_number) is None
    assert [rule.id for rule in decide(rules, not_a_number).fired] == ["r1"]


def test_a_condition_with_too_many_terms_is_tested_whole() -> None:
    pairs = [Condition(any_=[comparison("n", "eq", k), comparison("m", "eq", k)]) for k in range(5)]
    wide = Condition(all_=pairs)  # 2 ** 5 terms
    rules = ruleset([make_rule(0, wide), make_rule(1, comparison("n", "gte", 0))])
    assert MOST_TERMS < 2 ** 5
    assert [bit for bit, _ in index(rules).whole] == [index(rules).order.index(0)]
    for values in ({"n": 0, "m": 1}, {"n": 1, "m": 0}, {"n": 0, "m": 0}):
        expected = [position for position, rule in enumerate(rules.rules) if rule.test(values)]
        assert holding_positions(rules, values) == expected


def test_a_group_keeps_its_first_rule_in_order_even_when_a_later_one_has_more_terms() -> None:
    # The later rule's `any` gives it three terms, so the index gives it an earlier bit.
    first = make_rule(0, comparison("n", "gte", 0), (1, 0, 0), group="g")
    later = make_rule(1, Condition(any_=[comparison("n", "eq", 1), comparison("m", "eq", 1),
                                         comparison("c", "eq", "a")]), (0, 5, 0), group="g")
    rules = ruleset([first, later])
    assert index(rules).order[0] == 1
    outcome = decide(rules, {"n": 1, "m": 0, "c": "b"})
    assert [rule.id for rule in outcome.fired] == ["r0"]
    assert outcome.shadowed == {"r1": "r0"}
    assert outcome.scores == {"fine_tune": 1.0, "rag": 0.0, "hybrid": 0.0}


def test_set_bits_lists_every_set_bit_lowest_first() -> None:
    assert set_bits(0) == []
    assert set_bits(0b101001) == [0, 3, 5]
    assert set_bits(1 << 10_000 | 1) == [0, 10_000]


def test_the_shipped_rules_decide_alike_with_and_without_the_index() -> None:
    shipped = load_rules(SHIPPED)
    assert shipped.index() is None  # too few rules to be worth an index
    indexed = RuleSet(shipped.rules, shipped.caveats, shipped.folder, index_from=0)
    built = index(indexed)
    assert not built.whole and built.tally is not None
    assert all(table.every == 1 and not table.empty for table in built.tables)
    pricing = load_pricing(KNOWLEDGE)
    scenarios = yaml.safe_load((Path(__file__).parent / "scenarios" / "guide.yaml").read_text())
    for scenario in scenarios:
        answers = read_answers(scenario["answers"], scenario["name"], pricing)
        values = with_facts(answers.normalized(), pricing)
        plain, through_index = decide(shipped, values), decide(indexed, values)
        assert summary(through_index) == summary(plain), scenario["name"]
        assert through_index.ranking == plain.ranking
