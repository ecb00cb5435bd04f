"""Where the interview saves and what it offers: broken files set aside, a second interview on
its own file, a browser visitor's private session and downloads, the remembered theme, and a
crash that never exits 0."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.app import App

from advisor import session
from advisor.service import Advisor
from advisor.session import SessionLock
from advisor.tui import app as app_module
from advisor.tui.app import AdvisorApp, run
from advisor.tui.screens.dialogs import ConfirmScreen
from advisor.tui.screens.interview import InterviewScreen
from advisor.tui.screens.result import ResultScreen
from advisor.tui.screens.review import ReviewScreen
from tests.conftest import KNOWLEDGE, RULES
from tests.tui.conftest import TODAY
from tests.tui.helpers import answer_current

SIZE = (100, 32)


def said(app: AdvisorApp) -> list[str]:
    """Every notification the app shows, recorded as it is made."""
    messages: list[str] = []
    original = app.notify

    def record(message: str, **kwargs: Any) -> None:
        messages.append(message)
        original(message, **kwargs)

    app.notify = record  # type: ignore[method-assign]
    return messages


def unfinished(folder: Path, name: str = session.SESSION_FILE, **answers: Any) -> Path:
    keys = ["data_volatility", "query_variety"]
    interview = session.Interview(keys=keys, answers=answers or {"data_volatility": "daily"},
                                  position=1)
    return session.save(interview, folder / name)


def aside(folder: Path) -> list[Path]:
    return sorted(folder.glob("session.broken-*.json"))


async def test_an_unreadable_session_is_set_aside_said_and_the_interview_starts(
        make_app: Callable[..., AdvisorApp], data_folder: Path) -> None:
    data_folder.mkdir(parents=True)
    (data_folder / session.SESSION_FILE).write_text("{not json")
    app = make_app()
    messages = said(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert app.interview.answers == {}
    [moved] = aside(data_folder)
    assert moved.read_text() == "{not json"
    assert any(str(moved) in message and "Starting afresh" in message for message in messages)


async def test_a_session_that_no_longer_validates_is_moved_aside_not_deleted(
        make_app: Callable[..., AdvisorApp], data_folder: Path) -> None:
    unfinished(data_folder, data_volatility="hourly")
    app = make_app()
    messages = said(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert app.interview.answers == {}
        await app.autosaved()
    [moved] = aside(data_folder)
    assert '"hourly"' in moved.read_text()
    assert any("hourly" in message and str(moved) in message for message in messages)


async def test_a_second_interview_saves_to_its_own_file_and_says_so_once(
        make_app: Callable[..., AdvisorApp], data_folder: Path) -> None:
    shared = unfinished(data_folder)
    before = shared.read_text()
    first = SessionLock.take(data_folder)
    try:
        app = make_app()
        messages = said(app)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, InterviewScreen)  # the held session is not offered
            await answer_current(pilot, app)
            await app.autosaved()
            own = data_folder / f"session-{os.getpid()}.json"
            assert app.session_file == own and own.is_file()
            await answer_current(pilot, app)
            await app.autosaved()
        assert [message for message in messages if "Another interview" in message] == [
            f"Another interview is open, so this one saves to {own}."]
        assert not own.exists()
        assert shared.read_text() == before
    finally:
        first.release()


async def test_the_session_lock_is_released_when_the_interview_ends(
        make_app: Callable[..., AdvisorApp], data_folder: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await answer_current(pilot, app)
        await pilot.press("ctrl+q")
        await pilot.pause()
    after = SessionLock.take(data_folder)
    try:
        assert after.shared
        assert session.load_unfinished(after.path) is not None  # the last answer was saved
    finally:
        after.release()


async def test_a_browser_visitor_is_never_offered_another_interview(
        advisor: Advisor, data_folder: Path) -> None:
    shared = unfinished(data_folder)
    before = shared.read_text()
    other = unfinished(data_folder, "session-1.json")
    app = AdvisorApp(advisor, today=TODAY, served=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert not isinstance(app.screen, ConfirmScreen)
        await answer_current(pilot, app)
        await app.autosaved()
        own = data_folder / f"session-{os.getpid()}.json"
        assert session.load_unfinished(own) is not None
    assert not own.exists()  # nobody can come back for it
    assert shared.read_text() == before and other.is_file()


async def test_saving_in_a_browser_delivers_both_files_and_writes_nothing_here(
        advisor: Advisor, tmp_path: Path) -> None:
    app = AdvisorApp(advisor, {"data_volatility": "daily", "audit_trail": True}, today=TODAY,
                     served=True)
    delivered: dict[str, tuple[str, str | None]] = {}

    def deliver_text(file: Any, **options: Any) -> str:
        delivered[options["save_filename"]] = (file.read(), options.get("mime_type"))
        return "key"

    app.deliver_text = deliver_text  # type: ignore[method-assign]
    before = sorted(tmp_path.rglob("*"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
        await pilot.press("s")
        await pilot.pause()
        name = f"advisor-summary-{TODAY:%Y-%m-%d}"
        assert sorted(delivered) == [f"{name}.md"]  # one download per key press
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert sorted(delivered) == [f"{name}.json", f"{name}.md"]
        assert delivered[f"{name}.md"][1] == "text/markdown"
        assert '"recommendation"' in delivered[f"{name}.json"][0]
        assert "Saved" in str(app.screen.query_one("#saved").render())
    created = [path for path in sorted(tmp_path.rglob("*")) if path not in before]
    assert not [path for path in created if path.suffix in (".md", ".json")
                and path.name.startswith("advisor-summary")]


async def test_the_theme_comes_from_the_config_and_a_change_is_remembered(
        make_app: Callable[..., AdvisorApp], tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('# mine\ntheme = "textual-light"\n')
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "textual-light"
        await pilot.press("ctrl+t")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert config.read_text() == '# mine\ntheme = "textual-dark"\n'


async def test_a_bad_config_is_said_and_the_defaults_kept(
        make_app: Callable[..., AdvisorApp], tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("theme = [\n")
    app = make_app()
    default = app.theme
    messages = said(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert app.theme == default
    assert any("config.toml" in message and "defaults" in message for message in messages)


async def test_a_browser_visitors_theme_is_not_written_to_the_config(
        advisor: Advisor, tmp_path: Path) -> None:
    app = AdvisorApp(advisor, today=TODAY, served=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+t")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert not (tmp_path / "config.toml").exists()


def test_a_crash_never_exits_0(monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(self: AdvisorApp) -> None:
        raise RuntimeError("boom")

    def headless(self: AdvisorApp, **options: Any) -> Any:
        return App.run(self, headless=True, size=SIZE)

    monkeypatch.setattr(AdvisorApp, "start_interview", crash)
    monkeypatch.setattr(app_module.AdvisorApp, "run", headless)
    assert run(rules=str(RULES), knowledge=str(KNOWLEDGE)) == 1
