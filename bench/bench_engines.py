"""Our rule engine on synthetic rule sets of 100, 1,000 and 10,000 rules, next to two peers.

The synthetic rules are written in our rules format (YAML files in a temporary folder) and
loaded through `advisor.rules.load_rules`, so they pass the same validation as the shipped
ones. Their conditions mix the shapes the shipped rules use (one comparison, `all` of two to
four) with some `any` and `not`, over every answers key and derived fact except the cost
overrides. Each rule gives points to the options; none vetoes and none is in a group, so the
peers can do exactly the same work.

What is timed, for each size, over the guide's eight scenarios (one pass = all eight):
- ours: `advisor.rules.decide.decide` (each rule's closure tested in turn, points summed,
  options ranked) on the answers plus facts of each scenario; the facts are computed once,
  outside the timing;
- rule-engine (zeroSteiner): one `rule_engine.Rule` per rule, built once; `.matches(values)`
  per rule, points summed in Python;
- zen-engine (GoRules), expressions: one `zen.compile_expression` per rule, built once;
  `.evaluate(values)` per rule, points summed in Python;
- zen-engine, one decision table: every rule a row (hit policy `collect`), one
  `decision.evaluate(values)` per scenario, points summed from the rows it returns.
Per-rule figures are the median pass time divided by (8 x rules). The full recommendation
(`advisor.rules.evaluate`: explanations and the what-if search) is timed too, as a few runs.

    python bench/bench_engines.py [--sizes 100 1000 10000]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from advisor.answers.read import ResolvedAnswers  # noqa: E402
from advisor.answers.schema import COST_KEYS, OPTIONS  # noqa: E402
from advisor.cache import CACHE_ENV  # noqa: E402
from advisor.costs import read_answers  # noqa: E402
from advisor.decision import evaluate  # noqa: E402
from advisor.facts import SCHEMA  # noqa: E402
from advisor.knowledge import load_pricing  # noqa: E402
from advisor.rules import RuleSet, load_rules  # noqa: E402
from advisor.rules.decide import decide, with_facts  # noqa: E402

SIZES = (100, 1_000, 10_000)
SCENARIOS = REPO / "tests" / "unit" / "scenarios" / "guide.yaml"
RULES_PER_FILE = 1_000
FULL_RECOMMENDATION_UP_TO = 1_000
"""The what-if search reruns every rule dozens of times: at 10,000 rules that is ~10 s a run."""
BIG = sys.float_info.max
"""zen-engine refuses an infinite number in its context; every engine gets this instead."""

Values = dict[str, Any]
Condition = dict[str, Any]


# --- the synthetic rules -------------------------------------------------------------------


def readable_keys() -> dict[str, str]:
    """Every key a synthetic rule may read, with its kind (the cost overrides left out)."""
    return {name: spec.kind for name, spec in SCHEMA.items() if name not in COST_KEYS}


def observed_numbers(scenarios: list[Values]) -> dict[str, list[float]]:
    """The finite values each number key takes across the scenarios (thresholds come from them)."""
    numbers: dict[str, list[float]] = {}
    for values in scenarios:
        for name, kind in readable_keys().items():
            value = values[name]
            if kind == "number" and math.isfinite(value):
                numbers.setdefault(name, []).append(float(value))
    return numbers


class RuleWriter:
    """Random rules in our format, with thresholds near the values the scenarios produce."""

    def __init__(self, numbers: dict[str, list[float]], seed: int = 11) -> None:
        self.rng = random.Random(seed)
        self.numbers = numbers
        self.keys = [name for name, kind in readable_keys().items()
                     if kind != "number" or name in numbers]

    def threshold(self, key: str) -> float:
        value = self.rng.choice(self.numbers[key]) * self.rng.uniform(0.5, 2.0)
        return float(f"{value:.3g}")

    def comparison(self, key: str) -> Condition:
        spec = SCHEMA[key]
        if spec.kind == "bool":
            return {"key": key, "eq": self.rng.random() < 0.5}
        if spec.kind == "choice":
            operator = self.rng.choice(("eq", "ne", "in", "not_in"))
            if operator in ("eq", "ne"):
                return {"key": key, operator: self.rng.choice(spec.choices)}
            size = self.rng.randint(1, max(1, len(spec.choices) - 1))
            return {"key": key, operator: self.rng.sample(spec.choices, size)}
        operator = self.rng.choice(("gt", "gte", "lt", "lte", "between"))
        if operator == "between":
            return {"key": key, "between": sorted([self.threshold(key), self.threshold(key)])}
        return {"key": key, operator: self.threshold(key)}

    def condition(self) -> Condition:
        roll = self.rng.random()
        if roll < 0.5:
            return self.comparison(self.rng.choice(self.keys))
        if roll < 0.85:
            keys = self.rng.sample(self.keys, self.rng.randint(2, 4))
            return {"all": [self.comparison(key) for key in keys]}
        if roll < 0.95:
            keys = self.rng.sample(self.keys, self.rng.randint(2, 3))
            return {"any": [self.comparison(key) for key in keys]}
        return {"not": self.comparison(self.rng.choice(self.keys))}

    def effects(self) -> dict[str, int]:
        points = {option: self.rng.randint(-3, 3) for option in OPTIONS}
        if not any(points.values()):
            points[self.rng.choice(OPTIONS)] = 1
        return {option: value for option, value in points.items() if value}

    def rule(self, number: int) -> dict[str, Any]:
        return {"id": f"synthetic-{number:05d}", "description": f"Synthetic rule {number}",
                "when": self.condition(), "then": self.effects(),
                "because": "A synthetic rule for the benchmark.", "cites": ["when-rag"]}


def write_rules(folder: Path, rules: list[dict[str, Any]]) -> None:
    for start in range(0, len(rules), RULES_PER_FILE):
        chunk = rules[start:start + RULES_PER_FILE]
        path = folder / f"synthetic-{start // RULES_PER_FILE:03d}.yaml"
        path.write_text(yaml.safe_dump({"rules": chunk}, sort_keys=False), encoding="utf-8")


# --- the scenarios -------------------------------------------------------------------------


def scenarios() -> tuple[list[ResolvedAnswers], list[Values]]:
    """The guide's scenarios, resolved, and their answers plus facts (infinity made finite)."""
    pricing = load_pricing(REPO / "knowledge")
    resolved = [read_answers(item["answers"], item["name"], pricing)
                for item in yaml.safe_load(SCENARIOS.read_text(encoding="utf-8"))]
    values = []
    for answers in resolved:
        facts = with_facts(answers.normalized(), pricing)
        values.append({key: _finite(value) for key, value in facts.items()})
    return resolved, values


def _finite(value: Any) -> Any:
    if isinstance(value, float) and math.isinf(value):
        return math.copysign(BIG, value)
    return value


# --- the peers: the same conditions in their languages -------------------------------------

_SYMBOLS = {"eq": "==", "ne": "!=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}


def literal(value: Any) -> str:
    """A value in rule-engine's and zen's syntax (both read JSON-like literals)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(literal(item) for item in value) + "]"
    return json.dumps(value)


def expression(cond: Condition, subject: str | None = None) -> str:
    """One of our conditions as an expression; `subject` replaces the key (zen's `$`)."""
    if "all" in cond:
        return " and ".join(f"({expression(child)})" for child in cond["all"])
    if "any" in cond:
        return " or ".join(f"({expression(child)})" for child in cond["any"])
    if "not" in cond:
        return f"not ({expression(cond['not'])})"
    key = subject or cond["key"]
    operator, target = next((word, value) for word, value in cond.items() if word != "key")
    if operator in _SYMBOLS:
        return f"{key} {_SYMBOLS[operator]} {literal(target)}"
    if operator == "in":
        return f"{key} in {literal(target)}"
    if operator == "not_in":
        return f"not ({key} in {literal(target)})"
    return f"{key} >= {literal(target[0])} and {key} <= {literal(target[1])}"


Points = tuple[tuple[str, int], ...]
PeerPass = Callable[[Values], dict[str, float]]


def _points(rule: dict[str, Any]) -> Points:
    return tuple(rule["then"].items())


def _summing(tests: list[tuple[Callable[[Values], Any], Points]]) -> PeerPass:
    def run(values: Values) -> dict[str, float]:
        scores = dict.fromkeys(OPTIONS, 0.0)
        for test, points in tests:
            if test(values):
                for option, value in points:
                    scores[option] += value
        return scores

    return run


def rule_engine_pass(rules: list[dict[str, Any]]) -> PeerPass | None:
    try:
        import rule_engine
    except ImportError:
        return None
    built = [(rule_engine.Rule(expression(rule["when"])), _points(rule)) for rule in rules]
    return _summing([(compiled.matches, points) for compiled, points in built])


def zen_expressions_pass(rules: list[dict[str, Any]]) -> PeerPass | None:
    try:
        import zen
    except ImportError:
        return None
    built = [(zen.compile_expression(expression(rule["when"])), _points(rule)) for rule in rules]
    return _summing([(compiled.evaluate, points) for compiled, points in built])


def decision_table(rules: list[dict[str, Any]]) -> dict[str, Any]:
    """Every rule a row of one JDM decision table (hit policy collect): a column per key for
    `all` and single comparisons, and one free-expression column for `any` and `not`."""
    columns: dict[str, str] = {}
    rows = []
    for number, rule in enumerate(rules):
        cond = rule["when"]
        cells: dict[str, list[str]] = {}
        if "any" in cond or "not" in cond:
            cells[""] = [expression(cond)]
        else:
            for leaf in cond.get("all", [cond]):
                cells.setdefault(leaf["key"], []).append(expression(leaf, subject="$"))
        row = {"_id": f"r{number}"}
        for field, tests in cells.items():
            column = columns.setdefault(field, f"in{len(columns)}")
            row[column] = tests[0] if len(tests) == 1 else " and ".join(f"({t})" for t in tests)
        row.update({f"out-{option}": str(rule["then"].get(option, 0)) for option in OPTIONS})
        rows.append(row)
    inputs = [{"id": column, "name": field or "expression", "field": field}
              for field, column in columns.items()]
    outputs = [{"id": f"out-{option}", "name": option, "field": option} for option in OPTIONS]
    table = {"id": "table", "type": "decisionTableNode", "name": "rules",
             "position": {"x": 0, "y": 0},
             "content": {"hitPolicy": "collect", "inputs": inputs, "outputs": outputs,
                         "rules": rows}}
    ends = [{"id": "in", "type": "inputNode", "name": "in", "position": {"x": 0, "y": 0}},
            {"id": "out", "type": "outputNode", "name": "out", "position": {"x": 0, "y": 0}}]
    edges = [{"id": "e1", "sourceId": "in", "targetId": "table", "type": "edge"},
             {"id": "e2", "sourceId": "table", "targetId": "out", "type": "edge"}]
    return {"contentType": "application/vnd.gorules.decision", "nodes": [*ends, table],
            "edges": edges}


def zen_table_pass(rules: list[dict[str, Any]]) -> PeerPass | None:
    try:
        import zen
    except ImportError:
        return None
    decision = zen.ZenEngine().create_decision(json.dumps(decision_table(rules)))

    def run(values: Values) -> dict[str, float]:
        scores = dict.fromkeys(OPTIONS, 0.0)
        for row in decision.evaluate(values)["result"]:
            for option in OPTIONS:
                scores[option] += row[option]
        return scores

    return run


# --- timing --------------------------------------------------------------------------------


def median_pass(action: Callable[[], object], budget_s: float = 0.4, most: int = 200) -> float:
    """The median seconds of one call: one warm-up call, then as many as fit the budget
    (at least 3, at most `most`)."""
    start = time.perf_counter()
    action()
    first = time.perf_counter() - start
    repeats = max(3, min(most, int(budget_s / max(first, 1e-9))))
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def agree(ours: RuleSet, peer: PeerPass, values: list[Values]) -> bool:
    """Whether a peer reaches the same scores as our engine on every scenario."""
    for each in values:
        expected = decide(ours, each).scores
        got = peer(each)
        if any(abs(expected[option] - got[option]) > 1e-9 for option in OPTIONS):
            return False
    return True


@contextlib.contextmanager
def _no_cache() -> Iterator[None]:
    before = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = "off"
    try:
        yield
    finally:
        if before is None:
            del os.environ[CACHE_ENV]
        else:
            os.environ[CACHE_ENV] = before


def build_size(size: int, writer: RuleWriter) -> tuple[list[dict[str, Any]], RuleSet, float]:
    """`size` synthetic rules, written as YAML and loaded by `load_rules` (seconds it took,
    validation included)."""
    rules = [writer.rule(number) for number in range(size)]
    with tempfile.TemporaryDirectory() as folder:
        write_rules(Path(folder), rules)
        start = time.perf_counter()
        with _no_cache():  # a temporary folder's rules are read once: keep them out of the cache
            ruleset = load_rules(Path(folder))
        load_s = time.perf_counter() - start
    assert len(ruleset.rules) == size
    return rules, ruleset, load_s


def per_rule_us(rules: int, action: Callable[[], object], rounds: int = 9,
                work: int = 100_000) -> tuple[float, float]:
    """Median and best microseconds per rule evaluation of `action` (evaluating `rules` rules):
    one untimed call, then `rounds` timings of at least two calls and about `work` rule
    evaluations each. Each size is timed on its own, as an app holds one rule set: taking
    turns with other sizes leaves a 10,000-rule set partly out of the CPU's caches."""
    action()
    times = []
    for _ in range(rounds):
        repeats = max(2, work // rules)
        start = time.perf_counter()
        for _ in range(repeats):
            action()
        times.append((time.perf_counter() - start) / repeats / rules * 1e6)
    return statistics.median(times), min(times)


def measure_ours(built: list[tuple[list[dict[str, Any]], RuleSet, float]],
                 resolved: list[ResolvedAnswers], values: list[Values]) -> list[dict[str, Any]]:
    def ours(ruleset: RuleSet) -> Callable[[], None]:
        return lambda: [decide(ruleset, each) for each in values] and None

    calls = len(values)
    pricing = load_pricing(REPO / "knowledge")
    figures = []
    for rules, ruleset, load_s in built:
        ours_us, best_us = per_rule_us(len(ruleset.rules) * calls, ours(ruleset))
        fired = sum(len(decide(ruleset, each).fired) for each in values)
        full = None
        if len(rules) <= FULL_RECOMMENDATION_UP_TO:
            full = median_pass(lambda rs=ruleset: evaluate(rs, resolved[0], pricing),  # type: ignore[misc]
                               budget_s=0.0, most=3) * 1000
        figures.append({"rules": len(rules), "load_s": load_s, "ours_us": ours_us,
                        "decision_us": ours_us * len(rules), "ours_best_us": best_us,
                        "fired_share": fired / (calls * len(rules)),
                        "full_recommendation_ms": full})
    return figures


def measure_peers(figures: dict[str, Any], rules: list[dict[str, Any]], ruleset: RuleSet,
                  values: list[Values]) -> None:
    calls = len(values) * len(rules)
    for name, build in (("rule_engine", rule_engine_pass), ("zen_expressions", zen_expressions_pass),
                        ("zen_table", zen_table_pass)):
        start = time.perf_counter()
        peer = build(rules)
        if peer is None:
            figures[f"{name}_us"] = None
            continue
        figures[f"{name}_build_s"] = time.perf_counter() - start
        figures[f"{name}_agrees"] = agree(ruleset, peer, values)
        figures[f"{name}_us"] = median_pass(
            lambda peer=peer: [peer(each) for each in values], budget_s=0.3,  # type: ignore[misc]
        ) / calls * 1e6


def growth_exponent(small: Mapping[str, Any], large: Mapping[str, Any],
                    figure: str = "ours_us") -> float:
    """b in time ~ rules^b between two sizes (1.0: linear, above: worse than linear)."""
    total_small = small[figure] * small["rules"]
    total_large = large[figure] * large["rules"]
    return math.log(total_large / total_small) / math.log(large["rules"] / small["rules"])


def main(sizes: tuple[int, ...] = SIZES) -> dict[str, Any]:
    """Per-rule microseconds for ours and each peer at every size, our ratio to each peer,
    and how our cost grows (`growth_exponent`: 1.0 is linear)."""
    resolved, values = scenarios()
    writer = RuleWriter(observed_numbers(values))
    built = [build_size(size, writer) for size in sizes]
    per_size = measure_ours(built, resolved, values)
    for figures, (rules, ruleset, _) in zip(per_size, built, strict=True):
        measure_peers(figures, rules, ruleset, values)
    result: dict[str, Any] = {"sizes": per_size, "scenarios": len(values),
                              "missing_peers": _missing_peers()}
    for peer in ("rule_engine", "zen_expressions", "zen_table"):
        ratios = [size[f"{peer}_us"] and size["ours_us"] / size[f"{peer}_us"] for size in per_size]
        result[f"ours_over_{peer}"] = ratios
        result[f"ours_over_{peer}_worst"] = None if None in ratios else max(ratios)
    result["growth_exponent"] = growth_exponent(per_size[0], per_size[-1])
    result["best_growth_exponent"] = growth_exponent(per_size[0], per_size[-1], "ours_best_us")
    result["per_rule_growth"] = per_size[-1]["ours_us"] / per_size[0]["ours_us"]
    return result


def _missing_peers() -> list[str]:
    missing = []
    for module, package in (("rule_engine", "rule-engine"), ("zen", "zen-engine")):
        try:
            __import__(module)
        except ImportError:
            missing.append(package)
    return missing


def _us(value: float | None) -> str:
    return "  skipped" if value is None else f"{value:9.3f}"


def _ms(value: float | None) -> str:
    return f"{'not timed':>11}" if value is None else f"{value:11.1f}"


def _print(result: dict[str, Any]) -> None:
    for package in result["missing_peers"]:
        print(f"note: {package} is not installed, so it is skipped "
              f"(pip install -e '.[bench]' installs it)")
    print(f"per-rule microseconds (median pass over {result['scenarios']} scenarios / rules):")
    print(f"{'rules':>7} {'load s':>7} {'ours':>9} {'rule-eng':>9} {'zen expr':>9} "
          f"{'zen table':>9}  {'full rec ms':>11}  fired")
    for size in result["sizes"]:
        print(f"{size['rules']:7d} {size['load_s']:7.2f} {_us(size['ours_us'])} "
              f"{_us(size['rule_engine_us'])} {_us(size['zen_expressions_us'])} "
              f"{_us(size['zen_table_us'])}  {_ms(size['full_recommendation_ms'])}  "
              f"{size['fired_share']:.0%}")
    for peer, label in (("rule_engine", "rule-engine .matches"),
                        ("zen_expressions", "zen compiled expressions"),
                        ("zen_table", "zen decision table")):
        ratios = result[f"ours_over_{peer}"]
        if None in ratios:
            continue
        agreed = all(size[f"{peer}_agrees"] for size in result["sizes"])
        shown = ", ".join(f"{ratio:.3f}x" for ratio in ratios)
        print(f"ours / {label}: {shown} (same scores as ours: {'yes' if agreed else 'NO'})")
    print(f"growth: per-rule cost x{result['per_rule_growth']:.2f} from the smallest to the "
          f"largest set; exponent {result['growth_exponent']:.3f} (1.0 = linear; from the "
          f"best runs: {result['best_growth_exponent']:.3f})")
    decisions = " / ".join(f"{size['decision_us']:.1f}" for size in result["sizes"])
    print(f"ours, one decision (all rules, one scenario): {decisions} us")
    best = " / ".join(f"{size['ours_best_us']:.3f}" for size in result["sizes"])
    print(f"ours, best run per size: {best} us per rule (the largest set is sensitive to other "
          f"work on the machine: it does not fit the CPU's private caches)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    _print(main(tuple(parser.parse_args().sizes)))
