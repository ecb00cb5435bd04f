"""A cache of validated knowledge and rules, so a command pays for validation only after an edit.

Validating with pydantic is what makes a cold command slow; what validation produces (a tree of
dataclasses) does not change until a file does. So it is kept here as JSON, keyed by the files
it came from and by the advisor's own code:

- each source's path, size, modification time and inode (a folder's too, for a folder of files);
- the advisor's version and the size and modification time of its core modules.

A cache file holds one header line (the key and the CRC-32 of the rest) and the value as JSON.
Reading checks the key, then the checksum, then rebuilds the dataclasses from their type hints
(`from_plain`), refusing any value of the wrong type: a damaged, outdated or planted file only
means building again. Nothing read from the cache can run code: it is data, never a pickle.

The folder is `$ADVISOR_CACHE` when set (`off` turns the cache off), else the user cache folder
(`$XDG_CACHE_HOME/advisor` or `~/.cache/advisor` on Linux). It is created 0700; a folder that is
not the user's own, or that others may write to, is not used (said once on stderr). Files are
written through `O_EXCL | O_NOFOLLOW` temporary files and read only when they are regular files
of sane size. A build that fails (a broken file) is never stored, so its error is reported on
every run. Writing is best effort: a read-only or full disk costs only speed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import stat
import sys
import types
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Literal, TypeVar, Union, get_args, get_origin, get_type_hints

from advisor import __version__
from advisor.locations import user_dir

CACHE_ENV = "ADVISOR_CACHE"
FORMAT = 2
"""Bump when the layout of a cache file changes."""
MAX_BYTES = 16 << 20
"""A cache file larger than this is not read."""
KEEP = 8
"""Entries kept per kind of object (one per rules or knowledge folder in use)."""

T = TypeVar("T")
_PACKAGE = Path(__file__).resolve().parent
_warned: set[str] = set()


def cache_dir() -> Path | None:
    """Where cached objects live; None when `$ADVISOR_CACHE` is `off`."""
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return None if explicit.strip().lower() in ("off", "0", "no", "false") else Path(explicit)
    return user_dir("cache")


def cached(kind: str, sources: Iterable[Path], build: Callable[[], T], schema: Any) -> T:
    """`build()`, or what it returned last time if no source and no core module changed since.

    `schema` is the type `build()` returns (a dataclass, or a list or dict of them), which the
    stored JSON is rebuilt into. `sources` are the files (and folders) the build reads; all
    must exist, or the build runs uncached and reports the missing one itself.
    """
    paths = [Path(source) for source in sources]
    stamp = _stamps(paths)
    folder = None if stamp is None else _usable(cache_dir())
    if folder is None or stamp is None:
        return build()
    key = [FORMAT, list(sys.version_info[:2]), _code_stamp(), stamp]
    # The name only spreads entries apart; the key inside the file is what is checked.
    digest = zlib.crc32(repr([str(path.resolve()) for path in paths]).encode())
    file = folder / f"{kind}-{digest:08x}.json"
    found = _read(file, key, schema)
    if found is not None:
        return found[0]  # type: ignore[no-any-return]
    value = build()
    _write(file, key, value)
    return value


# --- the folder --------------------------------------------------------------------------


def _usable(folder: Path | None) -> Path | None:
    """The folder, created 0700 if missing; None if it cannot be trusted or made."""
    if folder is None:
        return None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.lstat()
    except OSError:
        return None
    problem = None
    if not stat.S_ISDIR(info.st_mode):
        problem = "it is not a folder"
    elif hasattr(os, "getuid") and info.st_uid != os.getuid():
        problem = "it belongs to another user"
    elif info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        problem = "others may write to it"
    if problem is None:
        return folder
    if str(folder) not in _warned:
        _warned.add(str(folder))
        sys.stderr.write(f"advisor: not using the cache folder {folder!s:.200}: {problem} "
                         f"(set ${CACHE_ENV} to a folder of your own, or to off)\n")
    return None


def _stamps(paths: list[Path]) -> list[list[Any]] | None:
    """Each source's size, modification time and inode: an editor that saves by writing a new
    file and renaming it gives a new inode, even within the clock's resolution."""
    stamps = []
    for path in paths:
        try:
            info = path.stat()
        except (OSError, ValueError):
            return None
        stamps.append([str(path), info.st_size, info.st_mtime_ns, info.st_ino])
    return stamps


_code: list[Any] | None = None


def _code_stamp() -> list[Any]:
    """The version and every core module's size and modification time (the TUI is not core)."""
    global _code
    if _code is None:
        found: list[list[Any]] = []
        for root, folders, files in os.walk(_PACKAGE):
            folders[:] = sorted(name for name in folders if name not in ("tui", "__pycache__"))
            for name in sorted(files):
                if name.endswith(".py"):
                    with contextlib.suppress(OSError):
                        info = os.stat(os.path.join(root, name))
                        found.append([os.path.join(root, name), info.st_size, info.st_mtime_ns])
        _code = [__version__, found]
    return _code


# --- reading and writing -----------------------------------------------------------------


def _read(file: Path, key: list[Any], schema: Any) -> tuple[Any] | None:
    """The cached value, as a 1-tuple, if the file holds one stored under `key`, intact."""
    try:
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        handle = os.open(file, flags)
    except (OSError, ValueError):
        return None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            return None
        with os.fdopen(os.dup(handle), "rb") as stream:
            header, _, body = stream.read(MAX_BYTES + 1).partition(b"\n")
        stored = json.loads(header)
        if stored.get("key") != key or stored.get("crc32") != zlib.crc32(body):
            return None
        return (from_plain(schema, json.loads(body)),)
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None  # damaged, outdated or not ours: build again
    finally:
        os.close(handle)


def _write(file: Path, key: list[Any], value: Any) -> None:
    """Store whole or not at all (an exclusive temporary file, then a rename); failure only
    costs speed."""
    temporary = file.with_name(f".{file.name}.{os.urandom(8).hex()}.tmp")
    try:
        body = json.dumps(to_plain(value), ensure_ascii=False, separators=(",", ":")).encode()
        header = json.dumps({"key": key, "crc32": zlib.crc32(body)}).encode()
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        handle = os.open(temporary, flags, 0o600)
        with os.fdopen(handle, "wb") as out:
            out.write(header + b"\n" + body)
        os.replace(temporary, file)
        _prune(file)
    except (OSError, TypeError, ValueError, RecursionError):
        return
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()


def _prune(written: Path) -> None:
    """Remove all but the `KEEP` most recently written entries of the same kind, so folders
    used once (a test's, a benchmark's, a deleted one) do not pile up."""
    kind = written.name.rsplit("-", 1)[0]
    entries = []
    for entry in written.parent.glob(f"{kind}-*.json"):
        with contextlib.suppress(OSError):
            entries.append((entry.lstat().st_mtime_ns, entry))
    entries.sort(reverse=True)
    for _, entry in entries[KEEP:]:
        if entry != written:
            with contextlib.suppress(OSError):
                entry.unlink()


# --- dataclasses to JSON and back ---------------------------------------------------------


def to_plain(value: Any) -> Any:
    """A dataclass tree as JSON data: each dataclass as an object of its init fields."""
    if value is None or isinstance(value, str | int | float | bool):  # most values: first
        return value
    if isinstance(value, list | tuple):
        return [to_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(name): to_plain(item) for name, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: to_plain(getattr(value, field.name))
                for field in dataclasses.fields(value) if field.init}
    raise TypeError(f"cannot store a {type(value).__name__} in the cache")


def from_plain(schema: Any, data: Any) -> Any:
    """JSON data rebuilt into `schema` (a dataclass, list, tuple, dict, Literal, union or
    scalar type); any value of the wrong type raises TypeError."""
    return _converter(schema)(data)


Convert = Callable[[Any], Any]
_converters: dict[Any, Convert] = {}
"""One converter per type, built once: a warm command rebuilds thousands of values."""


def _converter(schema: Any) -> Convert:
    found = _converters.get(schema)
    if found is None:
        found = _converters[schema] = _build(schema)
    return found


def _build(schema: Any) -> Convert:
    if schema is Any:
        return _same
    origin = get_origin(schema)
    if origin is Literal:
        allowed = get_args(schema)

        def literal(data: Any) -> Any:
            if data not in allowed:
                raise TypeError(f"{data!r} is not one of {allowed}")
            return data

        return literal
    if origin in (Union, types.UnionType):
        return _union(get_args(schema))
    if origin in (list, tuple, dict):
        return _container(origin, get_args(schema))
    if isinstance(schema, type) and dataclasses.is_dataclass(schema):
        return _dataclass(schema)
    return _scalar(schema)


def _same(data: Any) -> Any:
    return data


def _union(options: tuple[Any, ...]) -> Convert:
    def union(data: Any) -> Any:
        for option in options:
            with contextlib.suppress(TypeError):
                return _converter(option)(data)
        raise TypeError(f"{data!r} fits none of {options}")

    return union


_SCALARS: dict[Any, tuple[type, ...]] = {str: (str,), int: (int,), float: (int, float),
                                         bool: (bool,)}
"""Element types a container of which is checked in one pass rather than item by item (the
FAQ index holds tens of thousands of them)."""


def _all(kind: Any, items: Any) -> bool:
    """Whether every item is a `kind` scalar (bools are not numbers here)."""
    allowed = _SCALARS[kind]
    if kind in (int, float):
        return all(isinstance(item, allowed) and not isinstance(item, bool) for item in items)
    return all(isinstance(item, allowed) for item in items)


def _container(origin: type, args: tuple[Any, ...]) -> Convert:
    if origin is dict:
        key_type, value_type = args or (Any, Any)
        if key_type is str and value_type in _SCALARS:
            def scalar_dict(data: Any) -> Any:
                if not (isinstance(data, dict) and _all(str, data) and _all(value_type, data.values())):
                    raise TypeError(f"expected an object of {value_type.__name__}")
                return data

            return scalar_dict

        def mapping(data: Any) -> Any:
            if not isinstance(data, dict):
                raise TypeError("expected an object")
            key, value = _converter(key_type), _converter(value_type)
            return {key(name): value(item) for name, item in data.items()}

        return mapping
    item_type = args[0] if args else Any
    many = origin is list or (len(args) == 2 and args[1] is Ellipsis)
    if many and item_type in _SCALARS:
        def scalars(data: Any) -> Any:
            if not (isinstance(data, list) and _all(item_type, data)):
                raise TypeError(f"expected a list of {item_type.__name__}")
            return data if origin is list else tuple(data)

        return scalars
    if many:
        def sequence(data: Any) -> Any:
            if not isinstance(data, list):
                raise TypeError("expected a list")
            item = _converter(item_type)
            return [item(value) for value in data] if origin is list else tuple(
                item(value) for value in data)

        return sequence

    def fixed(data: Any) -> Any:
        if not isinstance(data, list) or len(args) != len(data):
            raise TypeError("a tuple of the wrong length")
        return tuple(_converter(kind)(item) for kind, item in zip(args, data, strict=True))

    return fixed


def _dataclass(schema: type) -> Convert:
    fields: dict[str, Convert] = {}

    def build(data: Any) -> Any:
        if not fields:  # filled on first use, so a class may refer to itself
            hints = get_type_hints(schema)
            fields.update({field.name: _converter(hints[field.name])
                           for field in dataclasses.fields(schema) if field.init})
        if not isinstance(data, dict) or not fields.keys() >= data.keys():
            raise TypeError(f"expected an object of {schema.__name__}'s fields")
        return schema(**{name: fields[name](item) for name, item in data.items()})

    return build


def _scalar(schema: Any) -> Convert:
    if schema is type(None):
        def none(data: Any) -> Any:
            if data is not None:
                raise TypeError("expected null")
            return None

        return none
    if schema is float:
        def number(data: Any) -> Any:
            if isinstance(data, bool) or not isinstance(data, int | float):
                raise TypeError("expected a number")
            return float(data)

        return number

    def plain(data: Any) -> Any:
        if (schema is int and isinstance(data, bool)) or not (
                isinstance(schema, type) and isinstance(data, schema)):
            raise TypeError(f"expected {getattr(schema, '__name__', schema)}, "
                            f"got {type(data).__name__}")
        return data

    return plain
