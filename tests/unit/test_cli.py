"""The `advisor` command as a process: `python -m advisor`, exit codes, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from advisor import __version__


def advisor(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "advisor", *args], input=stdin,
                          capture_output=True, text=True, timeout=60)


def test_python_m_advisor_is_the_advisor_command(tmp_path: Path) -> None:
    assert advisor("--version").stdout.strip() == f"advisor {__version__}"
    run = advisor("costs", "--answers", "-", "--format", "json",
                  stdin="monthly_queries: 1000\ndata_volatility: static\n")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["rag"]["total"] == 1920


def test_bad_input_is_one_line_and_exit_2_never_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("latency: warp\n")
    for args in (["costs", "--answers", str(bad)], ["costs", "--answers", str(tmp_path / "x")],
                 ["costs"], ["--no-such-option"]):
        run = advisor(*args)
        assert run.returncode == 2, args
        assert "Traceback" not in run.stderr
        assert len(run.stderr.strip().splitlines()) == 1, run.stderr


@pytest.mark.parametrize("columns", ["50", "120", "", "0", "wide"])
def test_help_is_as_wide_as_shutil_says(columns: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from advisor.cli import _terminal_width

    monkeypatch.setenv("COLUMNS", columns)
    assert _terminal_width() == shutil.get_terminal_size().columns
