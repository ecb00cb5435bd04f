"""Shared fixtures: the shipped folders and a way to run the CLI in-process."""

from __future__ import annotations

import io
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from advisor.cli import main
from advisor.knowledge import Pricing, load_pricing

# The tests never read or fill the user's own cache; tests of the cache point it elsewhere.
os.environ["ADVISOR_CACHE"] = tempfile.mkdtemp(prefix="advisor-test-cache-")

REPO = Path(__file__).resolve().parent.parent
KNOWLEDGE = REPO / "knowledge"
RULES = REPO / "rules"


@dataclass
class Run:
    code: int
    out: str
    err: str


def assert_one_line_error(run: Run, path: Path, words: list[str]) -> None:
    """Bad input: exit 2, nothing on stdout, one line on stderr naming the file and the words."""
    assert run.code == 2
    assert run.out == ""
    lines = run.err.strip().splitlines()
    assert len(lines) == 1, run.err
    assert str(path) in lines[0]
    for word in words:
        assert word in lines[0]
    assert "Traceback" not in run.err


@pytest.fixture
def pricing() -> Pricing:
    return load_pricing(KNOWLEDGE)


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    """Run `advisor ARGS...` in-process; `stdin=` feeds standard input."""

    def run(*args: str, stdin: str = "") -> Run:
        out, err = io.StringIO(), io.StringIO()
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
        monkeypatch.setattr(sys, "stdout", out)
        monkeypatch.setattr(sys, "stderr", err)
        try:
            code = main(list(args))
        except SystemExit as exc:
            code = int(exc.code or 0)
        return Run(code, out.getvalue(), err.getvalue())

    return run
