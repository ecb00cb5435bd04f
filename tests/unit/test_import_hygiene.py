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
