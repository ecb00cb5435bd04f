"""The cache of validated objects: a hit returns what the build made, any change rebuilds, and
nothing in the cache folder can run code or hang a command."""

from __future__ import annotations

import ast
import dataclasses
import json
import os
import stat
import sys
import zlib
from pathlib import Path
from typing import Literal

import pytest

from advisor import cache, locations

TEXT = dict[str, str]


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
    assert cache.cached("thing", [source], build, TEXT) == {"text": "one"}
    assert cache.cached("thing", [source], build, TEXT) == {"text": "one"}
    assert build.calls == 1
    assert len(list((folder / "cache").glob("thing-*.json"))) == 1


def test_editing_a_source_rebuilds(folder: Path, source: Path) -> None:
    build = Builds(source)
    cache.cached("thing", [source], build, TEXT)
    source.write_text("two, longer")
    assert cache.cached("thing", [source], build, TEXT) == {"text": "two, longer"}
    stat = source.stat()
    source.write_text("three, sized")  # the same size: the modification time tells
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert cache.cached("thing", [source], build, TEXT) == {"text": "three, sized"}
    assert build.calls == 3


def test_other_sources_do_not_share_an_entry(folder: Path) -> None:
    first, second = folder / "a.yaml", folder / "b.yaml"
    first.write_text("a")
    second.write_text("b")
    assert cache.cached("thing", [first], Builds(first), TEXT) == {"text": "a"}
    assert cache.cached("thing", [second], Builds(second), TEXT) == {"text": "b"}


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05garbage"])
def test_a_damaged_cache_file_is_rebuilt(folder: Path, source: Path, damage: bytes) -> None:
    build = Builds(source)
    cache.cached("thing", [source], build, TEXT)
    for file in (folder / "cache").glob("thing-*.json"):
        file.write_bytes(damage)
    assert cache.cached("thing", [source], build, TEXT) == {"text": "one"}
    assert build.calls == 2


def test_a_failed_build_is_not_stored(folder: Path, source: Path) -> None:

    def broken() -> None:
        raise ValueError("bad file")

    with pytest.raises(ValueError, match="bad file"):
        cache.cached("thing", [source], broken, TEXT)
    assert not list((folder / "cache").glob("thing-*"))


def test_an_unwritable_cache_only_costs_speed(
    folder: Path, source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = folder / "blocker"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocker / "cache"))
    build = Builds(source)
    assert cache.cached("thing", [source], build, TEXT) == {"text": "one"}
    assert cache.cached("thing", [source], build, TEXT) == {"text": "one"}
    assert build.calls == 2


def test_off_turns_the_cache_off(
    folder: Path, source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    build = Builds(source)
    cache.cached("thing", [source], build, TEXT)
    cache.cached("thing", [source], build, TEXT)
    assert build.calls == 2


def test_a_missing_source_builds_without_the_cache(folder: Path) -> None:
    missing = folder / "gone.yaml"

    def build() -> str:
        return "built"

    assert cache.cached("thing", [missing], build, TEXT) == "built"
    assert not (folder / "cache").exists()


def test_a_change_to_the_code_rebuilds(
    folder: Path, source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build = Builds(source)
    cache.cached("thing", [source], build, TEXT)
    monkeypatch.setattr(cache, "_code", ["0.0.0-other", []])
    cache.cached("thing", [source], build, TEXT)
    assert build.calls == 2


@pytest.mark.skipif(sys.platform != "linux", reason="the shortcut is for Linux only")
@pytest.mark.parametrize("kind", ["cache", "config", "state", "data"])
@pytest.mark.parametrize("xdg", [None, "", "  ", "/somewhere/else"])
def test_the_default_folders_are_platformdirs_own(
    kind: str, xdg: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import platformdirs

    variable = f"XDG_{kind.upper()}_HOME"
    if xdg is None:
        monkeypatch.delenv(variable, raising=False)
    else:
        monkeypatch.setenv(variable, xdg)
    expected = Path(getattr(platformdirs, f"user_{kind}_dir")("advisor", appauthor=False))
    assert locations.user_dir(kind) == expected
    if kind == "cache":
        monkeypatch.delenv(cache.CACHE_ENV)
        assert cache.cache_dir() == expected


def test_only_the_latest_entries_of_a_kind_are_kept(folder: Path) -> None:
    sources = []
    for number in range(cache.KEEP + 3):
        source = folder / f"data-{number}.yaml"
        source.write_text(str(number))
        sources.append(source)
        cache.cached("thing", [source], Builds(source), TEXT)
        for entry in (folder / "cache").glob("thing-*.json"):  # distinct, ordered times
            os.utime(entry, ns=(entry.stat().st_atime_ns, entry.stat().st_mtime_ns - 10**9))
    other = folder / "other.yaml"
    other.write_text("other")
    cache.cached("other", [other], Builds(other), TEXT)
    assert len(list((folder / "cache").glob("thing-*.json"))) == cache.KEEP
    assert len(list((folder / "cache").glob("other-*.json"))) == 1
    latest = Builds(sources[-1])
    cache.cached("thing", [sources[-1]], latest, TEXT)
    assert latest.calls == 0  # the newest entry survived


def test_a_file_replaced_by_a_rename_is_seen(folder: Path, source: Path) -> None:
    """An editor's save (a new file renamed over the old) with the same size and time."""
    build = Builds(source)
    cache.cached("thing", [source], build, TEXT)
    stat = source.stat()
    replacement = folder / "data.yaml.new"
    replacement.write_text("two")
    os.utime(replacement, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    os.replace(replacement, source)
    assert cache.cached("thing", [source], build, TEXT) == {"text": "two"}


# --- a cache folder nobody should trust ---------------------------------------------------


def _entry(folder: Path) -> Path:
    (entry,) = (folder / "cache").glob("thing-*.json")
    return entry


def test_no_cache_file_is_ever_unpickled() -> None:
    """A planted pickle whose __reduce__ runs a command must be inert: nothing unpickles."""
    tree = ast.parse(Path(cache.__file__).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)
                for alias in node.names} | {node.module for node in ast.walk(tree)
                                            if isinstance(node, ast.ImportFrom)}
    assert imported.isdisjoint({"pickle", "marshal", "shelve", "dill"})


def test_a_planted_value_of_the_wrong_type_is_rebuilt(folder: Path, source: Path) -> None:
    build = Builds(source)
    cache.cached("thing", [source], build, TEXT)
    entry = _entry(folder)
    header, _, _ = entry.read_bytes().partition(b"\n")
    body = b'{"text": ["not", "a", "string"]}'
    key = json.loads(header)["key"]
    entry.write_bytes(json.dumps({"key": key, "crc32": zlib.crc32(body)}).encode()
                      + b"\n" + body)
    assert cache.cached("thing", [source], build, TEXT) == {"text": "one"}
    assert build.calls == 2


@pytest.mark.parametrize("offset", [5, -3, -10])
def test_a_flipped_bit_is_noticed_and_rebuilt(folder: Path, source: Path, offset: int) -> None:
    build = Builds(source)
    cache.cached("thing", [source], build, TEXT)
    entry = _entry(folder)
    data = bytearray(entry.read_bytes())
    data[offset] ^= 0x01
    entry.write_bytes(bytes(data))
    assert cache.cached("thing", [source], build, TEXT) == {"text": "one"}
    assert build.calls == 2
    assert cache.cached("thing", [source], build, TEXT) == {"text": "one"}
    assert build.calls == 2  # rebuilt once, then read again


def test_a_fifo_with_an_entrys_name_does_not_hang(folder: Path, source: Path) -> None:
    build = Builds(source)
    cache.cached("thing", [source], build, TEXT)
    entry = _entry(folder)
    entry.unlink()
    os.mkfifo(entry)
    assert cache.cached("thing", [source], build, TEXT) == {"text": "one"}
    assert build.calls == 2


def test_an_entry_that_is_a_symlink_is_not_followed(folder: Path, source: Path) -> None:
    build = Builds(source)
    cache.cached("thing", [source], build, TEXT)
    entry = _entry(folder)
    victim = folder / "victim.txt"
    victim.write_text("precious")
    entry.unlink()
    entry.symlink_to(victim)
    assert cache.cached("thing", [source], build, TEXT) == {"text": "one"}
    assert victim.read_text() == "precious"


def test_a_folder_others_can_write_is_not_used(
    folder: Path, source: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shared = folder / "cache"
    shared.mkdir(mode=0o700)
    shared.chmod(0o777)
    build = Builds(source)
    cache._warned.clear()
    cache.cached("thing", [source], build, TEXT)
    cache.cached("thing", [source], build, TEXT)
    assert build.calls == 2
    assert list(shared.iterdir()) == []
    err = capsys.readouterr().err
    assert err.count("not using the cache folder") == 1 and "others may write" in err


def test_the_folder_is_private_whatever_the_umask(folder: Path, source: Path) -> None:
    old = os.umask(0)
    try:
        cache.cached("thing", [source], Builds(source), TEXT)
    finally:
        os.umask(old)
    assert stat.S_IMODE((folder / "cache").stat().st_mode) == 0o700
    assert stat.S_IMODE(_entry(folder).stat().st_mode) == 0o600


@dataclasses.dataclass
class Inner:
    size: Literal["7b", "70b"]
    low: float


@dataclasses.dataclass
class Outer:
    name: str
    items: list[Inner]
    by: dict[str, Inner]
    pair: tuple[int, ...] = ()
    note: str | None = None


def test_values_round_trip_through_json() -> None:
    value = Outer("x", [Inner("7b", 1)], {"a": Inner("70b", 2.5)}, (1, 2))
    assert cache.from_plain(Outer, json.loads(json.dumps(cache.to_plain(value)))) == value
    with pytest.raises(TypeError):
        cache.from_plain(Outer, {"name": "x", "items": [{"size": "8b", "low": 1}], "by": {}})
    with pytest.raises(TypeError):
        cache.from_plain(Outer, {"name": 1, "items": [], "by": {}})
