"""Start-up of the CLI commands as whole processes, against the floor of their dependencies.

The floor is `python -c "import pydantic, yaml, rapidfuzz"`: what the core's own dependencies
cost to import. Runs alternate between the commands (so drift in the machine's speed hits all
of them alike) and each figure is the median of the runs.

    python bench/bench_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ANSWERS = """\
data_volatility: weekly
query_variety: mixed
latency: relaxed
privacy: private_cloud
monthly_queries: 6000
hosting: own_gpu
audit_trail: true
labeled_examples: 15000
style_needs: true
model_size: 70b
"""


def commands(answers: Path) -> dict[str, list[str]]:
    python = sys.executable
    return {
        "floor: import pydantic, yaml, rapidfuzz": [python, "-c", "import pydantic, yaml, rapidfuzz"],
        "advisor recommend --format json": [python, "-m", "advisor", "recommend", "--answers",
                                            str(answers), "--format", "json"],
        "advisor ask": [python, "-m", "advisor", "ask", "how much training data do I need?"],
        "advisor costs --format json": [python, "-m", "advisor", "costs", "--answers",
                                        str(answers), "--format", "json"],
    }


def _once(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(runs: int = 11) -> dict[str, float]:
    """Median seconds per command, and each command's ratio to the floor."""
    with tempfile.TemporaryDirectory() as folder:
        answers = Path(folder) / "answers.yaml"
        answers.write_text(ANSWERS)
        argvs = commands(answers)
        for argv in argvs.values():  # warm the file cache and any on-disk caches
            _once(argv)
        times: dict[str, list[float]] = {name: [] for name in argvs}
        for _ in range(runs):
            for name, argv in argvs.items():
                times[name].append(_once(argv))
    medians = {name: statistics.median(values) for name, values in times.items()}
    floor = medians["floor: import pydantic, yaml, rapidfuzz"]
    return {**{f"{name} (ms)": value * 1000 for name, value in medians.items()},
            **{f"{name} / floor": value / floor for name, value in medians.items()
               if not name.startswith("floor")}}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    for key, value in main(parser.parse_args().runs).items():
        print(f"{key:55} {value:10.2f}")
