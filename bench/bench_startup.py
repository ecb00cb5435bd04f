"""Start-up of the CLI commands as whole processes, against the floor of their dependencies.

The floor is `python -c "import pydantic, yaml, rapidfuzz"`: what the core's own dependencies
cost to import. Runs alternate between the commands (so drift in the machine's speed hits all
of them alike) and each figure is the median of the runs.

Each command runs with a warm cache (`advisor.cache`: the validated rules and knowledge from an
earlier run, which is every run but the first after installing or editing a file) and with a
cold one (an empty cache folder each run, so it validates with pydantic and writes the cache).

The advisor's modules are byte-compiled first, as pip does when it installs the wheel: the
floor's packages were compiled when they were installed, and with PYTHONDONTWRITEBYTECODE set
(as on some machines) a checkout would otherwise be compiled from source on every run.

    python bench/bench_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
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


def _once(argv: list[str], cache: Path) -> float:
    """One run, with the cache in its default place (found the way a user's is) under `cache`."""
    env = {key: value for key, value in os.environ.items() if key != "ADVISOR_CACHE"}
    env["XDG_CACHE_HOME"] = str(cache)
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def _compile_advisor() -> None:
    import compileall

    import advisor

    compileall.compile_dir(str(Path(advisor.__file__).parent), quiet=1)


def main(runs: int = 11) -> dict[str, float]:
    """Median seconds per command, warm and cold, and each one's ratio to the floor."""
    _compile_advisor()
    with tempfile.TemporaryDirectory() as folder:
        answers = Path(folder) / "answers.yaml"
        answers.write_text(ANSWERS)
        warm = Path(folder) / "warm-cache"
        argvs = commands(answers)
        for argv in argvs.values():  # warm the file cache and the advisor's cache
            _once(argv, warm)
        times: dict[str, list[float]] = {name: [] for name in argvs}
        times.update({f"{name} (cold cache)": [] for name in argvs if not name.startswith("floor")})
        for run in range(runs):
            for name, argv in argvs.items():
                times[name].append(_once(argv, warm))
                if not name.startswith("floor"):
                    cold = Path(folder) / f"cold-cache-{run}-{len(times[name])}-{name.split()[1]}"
                    times[f"{name} (cold cache)"].append(_once(argv, cold))
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
