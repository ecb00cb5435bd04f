"""The core never imports Textual: each module outside advisor/tui, in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "advisor"
CORE = sorted(
    ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
    for path in PACKAGE.rglob("*.py")
    if "tui" not in path.relative_to(PACKAGE).parts and path.name != "__main__.py"
)
PROBE = """
import importlib, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print(",".join(loaded))
"""


def test_the_core_modules_are_found() -> None:
    assert {"advisor.session", "advisor.service", "advisor.cli", "advisor.costs"} <= set(CORE)


@pytest.mark.parametrize("module", CORE)
def test_core_module_imports_no_textual(module: str) -> None:
    done = subprocess.run([sys.executable, "-c", PROBE, module], capture_output=True, text=True,
                          check=False, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"{module} imports {done.stdout.strip()}"


def test_the_probe_would_notice_textual() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE, "advisor.tui.app"], capture_output=True,
                          text=True, check=False, timeout=60)
    assert "textual" in done.stdout.split(",")


# What a command loads once the cache is warm: none of pydantic's model machinery (building
# model classes costs more than the rest of a command) and nothing a command does not need,
# such as the rule index, which only pays for itself on many more rules than are shipped.
COMMAND = """
import runpy, sys
sys.argv = ["advisor", *sys.argv[1:]]
try:
    runpy.run_module("advisor", run_name="__main__")
except SystemExit:
    pass
heavy = ("pydantic.main", "pydantic._internal", "pydantic.type_adapter", "textual", "rich",
         "advisor.rules.model", "advisor.rules.index", "platformdirs", "shutil", "tempfile")
loaded = sorted(m for m in sys.modules if m.startswith(heavy))
sys.stderr.write("LOADED:" + ",".join(loaded) + "\\n")
"""


@pytest.mark.parametrize("args", [
    ["recommend", "--answers", "{answers}", "--format", "json"],
    ["costs", "--answers", "{answers}", "--format", "json"],
    ["ask", "is 500 labeled examples enough?"],
])
def test_a_command_on_a_warm_cache_builds_no_pydantic_model(
    args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("data_volatility: weekly\nmonthly_queries: 5k/day\n")
    monkeypatch.delenv("ADVISOR_CACHE", raising=False)  # the cache in its default place
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    argv = [sys.executable, "-c", COMMAND, *(arg.format(answers=answers) for arg in args)]
    runs = [subprocess.run(argv, capture_output=True, text=True, check=False, timeout=60)
            for _ in range(2)]
    cold, warm = (run.stderr.rsplit("LOADED:", 1)[1].strip() for run in runs)
    assert runs[1].returncode == 0 and runs[1].stdout, runs[1].stderr
    if sys.platform != "linux":  # elsewhere platformdirs finds the cache folder
        warm = ",".join(name for name in warm.split(",") if not name.startswith("platformdirs"))
    assert warm == "", f"a warm {args[0]} loaded {warm}"
    assert runs[0].stdout == runs[1].stdout
    assert "pydantic._internal" in cold  # the probe sees a miss: the first run validates
