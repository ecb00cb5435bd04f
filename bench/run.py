"""Every benchmark in one run, and one table of the figures against their targets.

Runs the `main()` of each bench script once (each takes its own medians), then prints the
machine and a Markdown table: figure, median, target, ratio, met?. `make bench` runs this.

    python bench/run.py
"""

from __future__ import annotations

import os
import platform
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
for folder in (BENCH.parent, BENCH):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import bench_engines  # noqa: E402
import bench_faq  # noqa: E402
import bench_rules  # noqa: E402
import bench_startup  # noqa: E402
import bench_tui  # noqa: E402

STARTUP_TARGET = 1.6
"""A warm command's start-up, as a multiple of importing the core's dependencies."""
COLD_TARGET = 3.0
"""The same, on the first run after an install or an edit (an empty cache)."""
TUI_TARGET = 1.3
"""The interview's first question, as a multiple of a minimal Textual app showing its choices."""
ANSWER_TARGET_MS = 30.0
"""From Enter to the next question painted, in-process."""
RECOMMEND_TARGET_MS = 20.0
FAQ_TARGET_MS = 1.0
FAQ_BARE_TARGET = 1.5


@dataclass
class Row:
    figure: str
    median: str
    target: str = "-"
    ratio: str = "-"
    met: bool | None = None

    def cells(self) -> list[str]:
        met = "-" if self.met is None else ("yes" if self.met else "no")
        return [self.figure, self.median, self.target, self.ratio, met]


def machine() -> list[str]:
    model = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return [f"machine: {cores} CPUs (nproc), {model}",
            f"python: {platform.python_version()} ({platform.python_implementation()}), "
            f"{platform.system()} {platform.release()}",
            f"load average before the run: {load}"]


def startup_rows(figures: dict[str, float]) -> list[Row]:
    floor = figures["floor: import pydantic, yaml, rapidfuzz (ms)"]
    rows = []
    for label, name in (("start-up: advisor recommend --format json", "advisor recommend --format json"),
                        ("start-up: advisor ask", "advisor ask"),
                        ("start-up: advisor costs --format json", "advisor costs --format json")):
        ratio = figures[f"{name} / floor"]
        rows.append(Row(label, f"{figures[f'{name} (ms)']:.0f} ms (floor {floor:.0f} ms)",
                        f"<= {STARTUP_TARGET}x floor", f"{ratio:.2f}x", ratio <= STARTUP_TARGET))
        cold = f"{name} (cold cache)"
        cold_ratio = figures[f"{cold} / floor"]
        rows.append(Row("  the same, cold cache (first run after an install or an edit)",
                        f"{figures[f'{cold} (ms)']:.0f} ms", f"<= {COLD_TARGET}x floor",
                        f"{cold_ratio:.2f}x", cold_ratio <= COLD_TARGET))
    return rows


def tui_rows(figures: dict[str, float]) -> list[Row]:
    first, ratio = figures["first_question_s"], figures["first_question_ratio"]
    answer = figures["per_answer_s"] * 1000
    rows = [Row("TUI: first question in tmux vs a minimal Textual app",
                f"{first:.3f} s (minimal {figures['minimal_first_choices_s']:.3f} s)",
                f"<= {TUI_TARGET}x minimal", f"{ratio:.2f}x", ratio <= TUI_TARGET),
            Row("TUI: Enter to the next question painted (in-process)", f"{answer:.1f} ms",
                f"<= {ANSWER_TARGET_MS:g} ms", f"{answer / ANSWER_TARGET_MS:.2f}x",
                answer <= ANSWER_TARGET_MS)]
    if "per_answer_tmux_s" in figures:
        rows.append(Row("TUI: the same, polled from tmux",
                        f"{figures['per_answer_tmux_s'] * 1000:.1f} ms", "<= 80 ms", "-",
                        figures["per_answer_tmux_s"] * 1000 <= 80))
    return rows


def rules_rows(figures: dict[str, Any]) -> list[Row]:
    median = figures["recommend_median_ms"]
    rows = [Row(f"full recommendation, shipped rules ({figures['rules']})", f"{median:.3f} ms",
                f"< {RECOMMEND_TARGET_MS:g} ms", f"{median / RECOMMEND_TARGET_MS:.2f}x",
                median < RECOMMEND_TARGET_MS)]
    for size in figures["random"]:
        rows.append(Row(f"  {size['rules']:,} random rules: a recommendation; rules check",
                        f"{size['recommend_median_ms']:.1f} ms; {size['check_s']:.1f} s", "-",
                        f"{size['over_shipped']:.1f}x shipped"))
    return rows


def engine_rows(figures: dict[str, Any]) -> list[Row]:
    sizes = figures["sizes"]
    counts = "/".join(f"{size['rules'] // 1000}k" if size["rules"] >= 1000 else str(size["rules"])
                      for size in sizes)
    ours = " / ".join(f"{size['ours_us']:.3f}" for size in sizes)
    rows = []
    for peer, label, target in (("rule_engine", "rule-engine", "faster (< 1x)"),
                                ("zen_expressions", "zen-engine expressions", "-"),
                                ("zen_table", "zen-engine decision table", "-")):
        worst = figures[f"ours_over_{peer}_worst"]
        figure = f"per-rule eval vs {label} ({counts} rules)"
        if worst is None:
            rows.append(Row(figure, "skipped: not installed", target))
            continue
        theirs = " / ".join(f"{size[f'{peer}_us']:.2f}" for size in sizes)
        met = worst < 1 if target != "-" else None
        rows.append(Row(figure, f"{ours} us (theirs {theirs} us)", target,
                        f"{worst:.3f}x (worst)", met))
    exponent = figures["growth_exponent"]
    rows.append(Row(f"rule eval growth, {sizes[0]['rules']:,} to {sizes[-1]['rules']:,} rules",
                    f"exponent {exponent:.2f}", "-",
                    f"{figures['per_rule_growth']:.2f}x per rule"))
    decisions = " / ".join(f"{size['decision_us']:.1f}" for size in sizes)
    rows.append(Row(f"one decision over all rules ({counts} rules)", f"{decisions} us"))
    return rows


def faq_rows(figures: dict[str, float]) -> list[Row]:
    builtin = figures["builtin_lookup_ms_median"]
    ratio = figures["lookup_over_bare"]
    return [Row("FAQ lookup, built-in knowledge base", f"{builtin:.3f} ms", f"< {FAQ_TARGET_MS:g} ms",
                f"{builtin / FAQ_TARGET_MS:.2f}x", builtin < FAQ_TARGET_MS),
            Row(f"FAQ lookup, {figures['synthetic_entries']:,.0f} entries vs bare rapidfuzz",
                f"{figures['synthetic_lookup_ms']:.1f} ms (bare {figures['bare_extract_ms']:.1f} ms)",
                f"<= {FAQ_BARE_TARGET}x bare", f"{ratio:.2f}x", ratio <= FAQ_BARE_TARGET)]


BENCHES: list[tuple[str, Callable[[], Any], Callable[[Any], list[Row]]]] = [
    ("start-up", bench_startup.main, startup_rows),
    ("TUI", bench_tui.main, tui_rows),
    ("full recommendation", bench_rules.main, rules_rows),
    ("rule engines", bench_engines.main, engine_rows),
    ("FAQ", bench_faq.main, faq_rows),
]


def table(rows: list[Row]) -> str:
    header = ["figure", "median", "target", "ratio", "met?"]
    lines = [header, *(row.cells() for row in rows)]
    widths = [max(len(line[column]) for line in lines) for column in range(len(header))]

    def render(cells: list[str]) -> str:
        return "| " + " | ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (width + 2) for width in widths) + "|"
    return "\n".join([render(header), rule, *(render(cells) for cells in lines[1:])])


def main() -> int:
    print("\n".join(machine()), flush=True)
    for package in bench_engines._missing_peers():
        print(f"note: {package} is not installed; its rows are skipped "
              f"(pip install -e '.[bench]')", flush=True)
    rows: list[Row] = []
    failed = 0
    started = time.perf_counter()
    for name, run, to_rows in BENCHES:
        start = time.perf_counter()
        print(f"running {name} ...", end=" ", flush=True)
        try:
            rows += to_rows(run())
        except Exception:  # one broken bench must not hide the others' figures
            failed += 1
            print("FAILED")
            traceback.print_exc()
            rows.append(Row(f"{name}: FAILED (see above)", "-"))
            continue
        print(f"{time.perf_counter() - start:.1f} s", flush=True)
    print(f"\nall benchmarks: {time.perf_counter() - started:.0f} s\n")
    print(table(rows))
    print("\nmedian: each bench's median over its repeats. ratio: to the floor, the peer or the "
          "bare call where the target is relative; to the target where it is absolute. "
          "per-rule: microseconds per rule evaluated.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
