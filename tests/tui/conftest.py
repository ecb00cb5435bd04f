"""The TUI under test: the shipped rules and knowledge, a temporary data folder, config file
and cwd, and a fixed date, so nothing depends on the user's files or the clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from advisor.service import Advisor
from advisor.tui.app import AdvisorApp
from tests.conftest import KNOWLEDGE, RULES

TODAY = date(2026, 1, 15)


@pytest.fixture(autouse=True)
def data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("ADVISOR_DATA", str(folder))
    monkeypatch.setenv("ADVISOR_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.chdir(tmp_path)
    return folder


@pytest.fixture
def advisor() -> Advisor:
    return Advisor.load(rules=RULES, knowledge=KNOWLEDGE)


@pytest.fixture
def make_app(advisor: Advisor) -> Callable[..., AdvisorApp]:
    def make(answers: dict[str, Any] | None = None) -> AdvisorApp:
        return AdvisorApp(advisor, answers, today=TODAY)

    return make
