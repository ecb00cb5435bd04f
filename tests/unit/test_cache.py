"""The cache of validated objects: a hit returns what the build made, any change rebuilds."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from advisor import cache


class Builds:
    """A build that counts its calls and returns what the source file says."""

    def __init__(self, source: Path) -> None:
        self.source = source
        self.calls = 0

    def __call__(self) -> dict[str, str]:
        self.calls += 1
        return {"text": self.source.read_text()}


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path


@pytest.fixture
def source(folder: Path) -> Path:
    """A source file that says "one"."""
    path = folder / "data.yaml"
    path.write_text("one")
    return path


def test_a_second_call_reads_the_cache(folder: Path, source: Path) -> None:
    build = Builds(source)
    assert cache.cached("thing", [source], build) == {"text": "one"}
    assert cache.cached("thing", [source], build) == {"text": "one"}
    assert build.calls == 1
    assert len(list((folder / "cache").glob("thing-*.pickle"))) == 1


def test_editing_a_source_rebuilds(folder: Path, source: Path) -> None:
    build = Builds(source)
    cache.cached("thing", [source], build)
    source.write_text("two, longer")
    assert cache.cached("thing", [source], build) == {"text": "two, longer"}
    stat = source.stat()
    source.write_text("three, sized")  # the same size: the modification time tells
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert cache.cached("thing", [source], build) == {"text": "three, sized"}
    assert build.calls == 3


def test_other_sources_do_not_share_an_entry(folder: Path) -> None:
    first, second = folder / "a.yaml", folder / "b.yaml"
    first.write_text("a")
    second.write_text("b")
    assert cache.cached("thing", [first], Builds(first)) == {"text": "a"}
    assert cache.cached("thing", [second], Builds(second)) == {"text": "b"}


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05garbage"])
def test_a_damaged_cache_file_is_rebuilt(folder: Path, source: Path, damage: bytes) -> None:
    build = Builds(source)
    cache.cached("thing", [source], build)
    for file in (folder / "cache").glob("thing-*.pickle"):
        file.write_bytes(damage)
    assert cache.cached("thing", [source], build) == {"text": "one"}
    assert build.calls == 2


def test_a_failed_build_is_not_stored(folder: Path, source: Path) -> None:

    def broken() -> None:
        raise ValueError("bad file")

    with pytest.raises(ValueError, match="bad file"):
        cache.cached("thing", [source], broken)
    assert not list((folder / "cache").glob("thing-*"))


def test_an_unwritable_cache_only_costs_speed(
    folder: Path, source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = folder / "blocker"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocker / "cache"))
    build = Builds(source)
    assert cache.cached("thing", [source], build) == {"text": "one"}
    assert cache.cached("thing", [source], build) == {"text": "one"}
    assert build.calls == 2


def test_off_turns_the_cache_off(
    folder: Path, source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    build = Builds(source)
    cache.cached("thing", [source], build)
    cache.cached("thing", [source], build)
    assert build.calls == 2


def test_a_missing_source_builds_without_the_cache(folder: Path) -> None:
    missing = folder / "gone.yaml"

    def build() -> str:
        return "built"

    assert cache.cached("thing", [missing], build) == "built"
    assert not (folder / "cache").exists()


def test_a_change_to_the_code_rebuilds(
    folder: Path, source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build = Builds(source)
    cache.cached("thing", [source], build)
    monkeypatch.setattr(cache, "_code", ("0.0.0-other", ()))
    cache.cached("thing", [source], build)
    assert build.calls == 2


@pytest.mark.skipif(sys.platform != "linux", reason="the shortcut is for Linux only")
@pytest.mark.parametrize("xdg", [None, "", "  ", "/somewhere/cache"])
def test_the_default_folder_is_platformdirs_own(
    xdg: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from platformdirs import user_cache_dir

    monkeypatch.delenv(cache.CACHE_ENV)
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    assert cache.cache_dir() == Path(user_cache_dir("advisor", appauthor=False))


def test_only_the_latest_entries_of_a_kind_are_kept(folder: Path) -> None:
    sources = []
    for number in range(cache.KEEP + 3):
        source = folder / f"data-{number}.yaml"
        source.write_text(str(number))
        sources.append(source)
        cache.cached("thing", [source], Builds(source))
        for entry in (folder / "cache").glob("thing-*.pickle"):  # distinct, ordered times
            os.utime(entry, ns=(entry.stat().st_atime_ns, entry.stat().st_mtime_ns - 10**9))
    other = folder / "other.yaml"
    other.write_text("other")
    cache.cached("other", [other], Builds(other))
    assert len(list((folder / "cache").glob("thing-*.pickle"))) == cache.KEEP
    assert len(list((folder / "cache").glob("other-*.pickle"))) == 1
    latest = Builds(sources[-1])
    cache.cached("thing", [sources[-1]], latest)
    assert latest.calls == 0  # the newest entry survived


def test_a_file_replaced_by_a_rename_is_seen(folder: Path, source: Path) -> None:
    """An editor's save (a new file renamed over the old) with the same size and time."""
    build = Builds(source)
    cache.cached("thing", [source], build)
    stat = source.stat()
    replacement = folder / "data.yaml.new"
    replacement.write_text("two")
    os.utime(replacement, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    os.replace(replacement, source)
    assert cache.cached("thing", [source], build) == {"text": "two"}
