"""A cache of validated knowledge and rules, so a command pays for validation only after an edit.

Validating the rules and the knowledge base with pydantic is what makes a cold command slow:
building the schemas costs several times what the rest of a command does. What validation
produces (plain dataclasses) does not change until a file does, so it is kept here as a
pickle, keyed by the files it came from and by the advisor's own code:

- a source file's path, size, modification time and inode, and the folder's for a folder of
  files;
- the advisor's version and the size and modification time of its core modules, so an
  upgrade or an edit to the code that builds the objects rebuilds them.

Any mismatch, or a cache file that cannot be read or unpickled, means building again. A build
that fails (a broken file) is never stored, so its error is reported on every run. Writing is
best effort: a read-only or full disk costs only speed. The folder is `$ADVISOR_CACHE` when set
(`off` turns the cache off), or platformdirs' `user_cache_dir("advisor")` (on Linux,
`$XDG_CACHE_HOME/advisor` or `~/.cache/advisor`).

The cache is a pickle in the user's own cache folder: whoever can write there can already run
code as that user, so it trusts nothing a user could not already do.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

CACHE_ENV = "ADVISOR_CACHE"
FORMAT = 1
"""Bump when the layout of a cache file changes."""

T = TypeVar("T")
_PACKAGE = Path(__file__).resolve().parent
_CORE = (_PACKAGE, _PACKAGE / "rules")


def cache_dir() -> Path | None:
    """Where cached objects live; None when `$ADVISOR_CACHE` is `off`."""
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return None if explicit.strip().lower() in ("off", "0", "no", "false") else Path(explicit)
    if sys.platform == "linux":
        # platformdirs' rule on Linux, which a test holds it to; importing platformdirs
        # costs 4 ms (it loads tempfile), more than the rest of a warm command's own work.
        base = os.environ.get("XDG_CACHE_HOME", "").strip() or os.path.expanduser("~/.cache")
        return Path(base) / "advisor"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("advisor", appauthor=False))


def cached(name: str, sources: Iterable[Path], build: Callable[[], T]) -> T:
    """`build()`, or what it returned last time if no source and no core module changed since.

    `sources` are the files (and folders) the build reads; all must exist, or the build runs
    uncached and reports the missing one itself.
    """
    folder = cache_dir()
    paths = [Path(source) for source in sources]
    stamp = _stamps(paths)
    if folder is None or stamp is None:
        return build()
    key = (FORMAT, sys.version_info[:2], _code_stamp(), stamp)
    # The name only spreads entries apart; the key inside the file is what is checked.
    digest = zlib.crc32(repr([str(path.resolve()) for path in paths]).encode())
    file = folder / f"{name}-{digest:08x}.pickle"
    found = _read(file, key)
    if found is not None:
        return found[0]  # type: ignore[no-any-return]
    value = build()
    _write(file, key, value)
    return value


def _stamps(paths: list[Path]) -> tuple[tuple[str, int, int, int], ...] | None:
    """Each source's size, modification time and inode: an editor that saves by writing a new
    file and renaming it gives a new inode, even within the clock's resolution."""
    stamps = []
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            return None
        stamps.append((str(path), info.st_size, info.st_mtime_ns, info.st_ino))
    return tuple(stamps)


_code: tuple[Any, ...] | None = None


def _code_stamp() -> tuple[Any, ...]:
    """The version and every core module's size and modification time (the TUI is not core)."""
    global _code
    if _code is None:
        from advisor import __version__

        found: list[tuple[str, int, int]] = []
        for folder in _CORE:
            with contextlib.suppress(OSError), os.scandir(folder) as entries:
                for entry in entries:
                    if entry.name.endswith(".py"):
                        info = entry.stat()
                        found.append((entry.path, info.st_size, info.st_mtime_ns))
        _code = (__version__, tuple(sorted(found)))
    return _code


def _read(file: Path, key: tuple[Any, ...]) -> tuple[Any] | None:
    """The cached value, as a 1-tuple, if the file holds one stored under `key`."""
    try:
        with file.open("rb") as handle:
            stored_key, value = pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, IndexError,
            KeyError, TypeError, ValueError):
        # What unpickling a damaged or outdated file can raise: it only means building again.
        return None
    return (value,) if stored_key == key else None


def _write(file: Path, key: tuple[Any, ...], value: Any) -> None:
    """Store whole or not at all (a temporary file, then a rename); failure is not an error."""
    try:
        data = pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL)
        file.parent.mkdir(parents=True, exist_ok=True)
        temporary = file.with_name(f".{file.name}.{os.getpid()}.tmp")
        try:
            temporary.write_bytes(data)
            os.replace(temporary, file)
        finally:
            with contextlib.suppress(OSError):
                temporary.unlink()
        _prune(file)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return


KEEP = 8
"""Entries kept per kind of object (one per rules or knowledge folder in use)."""


def _prune(written: Path) -> None:
    """Remove all but the `KEEP` most recently written entries of the same kind, so folders
    used once (a test's, a benchmark's, a deleted one) do not pile up."""
    kind = written.name.rsplit("-", 1)[0]
    entries = []
    for entry in written.parent.glob(f"{kind}-*.pickle"):
        with contextlib.suppress(OSError):
            entries.append((entry.stat().st_mtime_ns, entry))
    entries.sort(reverse=True)
    for _, entry in entries[KEEP:]:
        if entry != written:
            with contextlib.suppress(OSError):
                entry.unlink()
