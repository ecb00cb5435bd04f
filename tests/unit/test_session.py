"""The interview's autosave: atomic writes, navigation that keeps answers, resume rules."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from advisor import session
from advisor.session import Interview

KEYS = ["data_volatility", "query_variety", "latency"]


def test_data_dir_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(session.DATA_ENV, str(tmp_path / "d"))
    assert session.session_path() == tmp_path / "d" / "session.json"


def test_data_dir_defaults_to_the_platform_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(session.DATA_ENV, raising=False)
    assert session.data_dir().name == "advisor"


def test_back_keeps_later_answers_and_skip_marks_the_default() -> None:
    interview = Interview(keys=list(KEYS))
    interview.answer("data_volatility", "daily")
    interview.skip("query_variety")
    assert interview.current == "latency"
    assert interview.back() and interview.back()
    assert not interview.back()
    interview.answer("data_volatility", "weekly")
    assert interview.current == "query_variety"
    assert interview.skipped == ["query_variety"]
    interview.answer("query_variety", "broad")
    assert interview.skipped == []
    assert interview.answers == {"data_volatility": "weekly", "query_variety": "broad"}
    interview.answer("latency", None)
    assert interview.at_review and "latency" not in interview.answers


def test_round_trip_and_resume_offer(tmp_path: Path) -> None:
    path = tmp_path / "s" / "session.json"
    interview = Interview(keys=list(KEYS))
    session.save(interview, path)
    assert session.load_unfinished(path) is None  # nothing answered yet: nothing to resume
    interview.answer("data_volatility", "daily")
    interview.skip("query_variety")
    session.save(interview, path)
    assert session.load_unfinished(path) == interview
    interview.finished = True
    session.save(interview, path)
    assert session.load_unfinished(path) is None
    session.discard(path)
    assert not path.exists()


@pytest.mark.parametrize("text", ["", "{", "[]", '{"format": 99}', '{"format": 1, "keys": 3}'])
def test_a_damaged_session_file_is_ignored(tmp_path: Path, text: str) -> None:
    path = tmp_path / "session.json"
    path.write_text(text)
    assert session.load_unfinished(path) is None


def test_atomic_write_leaves_no_temporary_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "session.json"
    session.write_atomic_text(path, "old")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        session.write_atomic_text(path, "new")
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["session.json"]
