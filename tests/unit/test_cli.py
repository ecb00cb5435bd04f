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


def test_one_shot_commands_skip_the_cycle_collector_only_as_the_process_command() -> None:
    """`advisor ask` as a process runs without the cycle collector (it exits once it has
    printed); called from other code, `main` leaves the caller's collector alone; and the
    long-running commands are not one-shot."""
    probe = ("import gc, sys\n"
             "from advisor.cli import main\n"
             "how, sys.argv = sys.argv[1], ['advisor', *sys.argv[2:]]\n"
             "main(None if how == 'process' else sys.argv[1:])\n"
             "print(gc.isenabled())\n")
    for how, enabled in (("process", "False"), ("call", "True")):
        run = subprocess.run([sys.executable, "-c", probe, how, "config", "path"],
                             capture_output=True, text=True, timeout=60)
        assert run.returncode == 0, run.stderr
        assert run.stdout.splitlines()[-1] == enabled, how
    from advisor.cli import COMMANDS, ONE_SHOT

    assert ONE_SHOT.issubset(COMMANDS) and not {None, "serve"} & ONE_SHOT
