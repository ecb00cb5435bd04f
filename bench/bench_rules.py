"""One full recommendation in-process: rules, explanations and the what-if search.

Loads the shipped rules once (as the CLI and the TUI do), then times `evaluate` on the
guide's scenarios and prints the median of many runs for each and overall. The target is
under 20 ms (a later issue aims for 2 ms).

    python bench/bench_rules.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path
from typing import Any

import yaml

from advisor.costs import read_answers
from advisor.decision import evaluate
from advisor.knowledge import load_pricing
from advisor.rules import load_rules

REPO = Path(__file__).resolve().parent.parent
SCENARIOS = REPO / "tests" / "unit" / "scenarios" / "guide.yaml"


def main(runs: int = 200) -> dict[str, Any]:
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
    return {
        "rules": len(ruleset.rules),
        "load_rules_ms": round(load_ms, 2),
        "recommend_median_ms": round(statistics.median(everything), 3),
        "recommend_p95_ms": round(sorted(everything)[int(len(everything) * 0.95)], 3),
        "per_scenario_median_ms": {name: round(ms, 3) for name, ms in per_scenario.items()},
        "target_ms": 20.0,
    }


def _print(result: dict[str, Any]) -> None:
    print(f"rules loaded: {result['rules']} in {result['load_rules_ms']:.1f} ms")
    for name, ms in result["per_scenario_median_ms"].items():
        print(f"  {ms:7.3f} ms  {name}")
    print(f"one full recommendation (explanations + what-if): median "
          f"{result['recommend_median_ms']:.3f} ms, p95 {result['recommend_p95_ms']:.3f} ms "
          f"(target < {result['target_ms']:.0f} ms)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    _print(main(parser.parse_args().runs))
