"""One full recommendation in-process: rules, explanations and the what-if search.

Loads the shipped rules once (as the CLI and the TUI do), then times `evaluate` on the
guide's scenarios and prints the median of many runs for each and overall. The target is
under 20 ms (a later issue aims for 2 ms).

Then the same on 100 and 1,000 random rules (`bench_engines.RuleWriter`: the shapes the
shipped rules use, thresholds near the scenarios' values): `decide` tests every rule in turn
and the what-if search decides dozens to hundreds of times, so a recommendation grows with
the rules. For the same random rules, the time `advisor rules check` takes (validation and
the lints, whose never-fires search tries every rule against the answers). Printed, not
asserted.

    python bench/bench_rules.py [--runs N] [--sizes 100 1000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
for _folder in (REPO, REPO / "bench"):
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

from bench_engines import RuleWriter, build_size, observed_numbers, scenarios  # noqa: E402

from advisor.answers.read import ResolvedAnswers  # noqa: E402
from advisor.costs import read_answers  # noqa: E402
from advisor.decision import evaluate  # noqa: E402
from advisor.knowledge import Pricing, load_pricing  # noqa: E402
from advisor.rules import RuleSet, load_rules  # noqa: E402
from advisor.rules.lint import lint_rules  # noqa: E402

SCENARIOS = REPO / "tests" / "unit" / "scenarios" / "guide.yaml"
RANDOM_SIZES = (100, 1_000)


def main(runs: int = 200, sizes: tuple[int, ...] = RANDOM_SIZES) -> dict[str, Any]:
    """Median milliseconds of one full recommendation, per scenario and over all of them."""
    pricing = load_pricing(REPO / "knowledge")
    started = time.perf_counter()
    ruleset = load_rules(REPO / "rules")
    load_ms = (time.perf_counter() - started) * 1000
    scenarios = yaml.safe_load(SCENARIOS.read_text(encoding="utf-8"))
    per_scenario: dict[str, float] = {}
    everything: list[float] = []
    for scenario in scenarios:
        resolved = read_answers(scenario["answers"], scenario["name"], pricing)
        evaluate(ruleset, resolved, pricing)
        timings = []
        for _ in range(runs):
            start = time.perf_counter()
            rec = evaluate(ruleset, resolved, pricing)
            timings.append((time.perf_counter() - start) * 1000)
        assert rec.reasons
        per_scenario[scenario["name"]] = statistics.median(timings)
        everything += timings
    shipped_ms = statistics.median(everything)
    return {
        "random": random_rules(sizes, pricing, shipped_ms),
        "rules": len(ruleset.rules),
        "load_rules_ms": round(load_ms, 2),
        "recommend_median_ms": round(statistics.median(everything), 3),
        "recommend_p95_ms": round(sorted(everything)[int(len(everything) * 0.95)], 3),
        "per_scenario_median_ms": {name: round(ms, 3) for name, ms in per_scenario.items()},
        "target_ms": 20.0,
    }


def random_rules(sizes: tuple[int, ...], pricing: Pricing, shipped_ms: float) -> list[dict[str, Any]]:
    """For each number of random rules: the median milliseconds of one full recommendation
    over the scenarios and its multiple of the shipped rules' median, and the seconds
    `advisor rules check` takes on them (validating, then the lints; one run each)."""
    resolved, values = scenarios()
    writer = RuleWriter(observed_numbers(values))
    figures = []
    for size in sizes:
        _, ruleset, load_s = build_size(size, writer)
        median = statistics.median(_recommend_ms(ruleset, each, pricing)
                                   for each in resolved)
        start = time.perf_counter()
        problems = lint_rules(ruleset, pricing)
        lint_s = time.perf_counter() - start
        figures.append({"rules": size, "recommend_median_ms": round(median, 3),
                        "over_shipped": round(median / shipped_ms, 1),
                        "check_s": round(load_s + lint_s, 2), "validate_s": round(load_s, 2),
                        "lint_problems": len(problems)})
    return figures


def _recommend_ms(ruleset: RuleSet, resolved: ResolvedAnswers, pricing: Pricing,
                  runs: int = 3) -> float:
    evaluate(ruleset, resolved, pricing)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        evaluate(ruleset, resolved, pricing)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def _print(result: dict[str, Any]) -> None:
    print(f"rules loaded: {result['rules']} in {result['load_rules_ms']:.1f} ms")
    for name, ms in result["per_scenario_median_ms"].items():
        print(f"  {ms:7.3f} ms  {name}")
    print(f"one full recommendation (explanations + what-if): median "
          f"{result['recommend_median_ms']:.3f} ms, p95 {result['recommend_p95_ms']:.3f} ms "
          f"(target < {result['target_ms']:.0f} ms)")
    for size in result["random"]:
        print(f"{size['rules']:,} random rules: median {size['recommend_median_ms']:.1f} ms a "
              f"recommendation, {size['over_shipped']:g}x the shipped rules'; rules check "
              f"{size['check_s']:.1f} s ({size['validate_s']:.1f} s validating; the lints report "
              f"{size['lint_problems']} problems)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(RANDOM_SIZES))
    arguments = parser.parse_args()
    _print(main(arguments.runs, tuple(arguments.sizes)))
