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


GOOD = '{"format": 1, "keys": ["a", "b"], "answers": {"a": 1}, "skipped": [], '


@pytest.mark.parametrize("text", [
    "", "{", "[]", '{"format": 99}', '{"format": 1, "keys": 3}',
    GOOD + '"position": 1e400, "finished": false}',
    GOOD + '"position": -5, "finished": false}',
    GOOD + '"position": 3, "finished": false}',
    GOOD + '"position": 1, "finished": "no"}',
    "[" * 100_000 + "]" * 100_000,
])
def test_a_damaged_session_file_is_set_aside_not_deleted(tmp_path: Path, text: str) -> None:
    path = tmp_path / "session.json"
    path.write_text(text)
    with pytest.raises(session.SessionError, match="moved to") as refused:
        session.load_unfinished(path)
    (aside,) = tmp_path.glob("session.broken-*.json")
    assert aside.read_text() == text and str(aside) in str(refused.value)
    assert not path.exists()
    assert session.load_unfinished(path) is None  # the next start begins afresh


def test_non_utf8_bytes_are_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "session.json"
    path.write_bytes(b'{"format": 1, \xff\xfe}')
    with pytest.raises(session.SessionError):
        session.load_unfinished(path)
    assert len(list(tmp_path.glob("session.broken-*.json"))) == 1


@pytest.mark.parametrize("make", ["fifo", "zero"])
def test_a_session_that_is_not_a_regular_file_neither_hangs_nor_fills_memory(
    tmp_path: Path, make: str
) -> None:
    path = tmp_path / "session.json"
    if make == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    with pytest.raises(session.SessionError, match="not a regular file"):
        session.load_unfinished(path)


def test_a_second_interview_saves_to_a_file_of_its_own(tmp_path: Path) -> None:
    first = session.SessionLock.take(tmp_path)
    second = session.SessionLock.take(tmp_path)
    try:
        assert first.shared and first.path == tmp_path / "session.json"
        assert not second.shared and second.path != first.path
        session.save(Interview(keys=list(KEYS), answers={"latency": "realtime"}), second.path)
        session.save(Interview(keys=list(KEYS), answers={"latency": "relaxed"}), first.path)
        assert session.load_unfinished(first.path).answers == {"latency": "relaxed"}  # type: ignore[union-attr]
    finally:
        second.release()
        first.release()
    assert not second.path.exists() and first.path.exists()
    third = session.SessionLock.take(tmp_path)
    assert third.shared  # the lock is free again
    third.release()


def test_the_session_lives_in_the_state_folder_and_an_old_one_moves_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(session.DATA_ENV, raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    old = tmp_path / "data" / "advisor" / "session.json"
    old.parent.mkdir(parents=True)
    old.write_text("{}")
    assert session.session_path() == tmp_path / "state" / "advisor" / "session.json"
    assert session.session_path().read_text() == "{}" and not old.exists()


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
