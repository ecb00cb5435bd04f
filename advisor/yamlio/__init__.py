"""Reading YAML and JSON data files safely, with line numbers kept for error messages.

Every data file the advisor reads (answers, rules, knowledge) goes through `load_data`:
- at most 1 MiB, UTF-8 text (a binary file is refused by name);
- `yaml.safe_load` semantics, and on top of that anchors and aliases are refused (an alias
  bomb loads in microseconds but explodes when validated) and so are duplicate keys;
- mappings and lists come back as `LineDict` / `LineList`, which remember the line of each
  key or item, so a pydantic error can be reported at the line it concerns.
JSON is a subset of YAML, so JSON files take the same path.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import Any

from advisor.errors import AdvisorError
from advisor.yamlio.lines import MAX_DEPTH, LineDict, LineList

__all__ = ["MAX_BYTES", "MAX_DEPTH", "LineDict", "LineList", "load_data", "parse", "read_text"]

MAX_BYTES = 1 << 20


def read_text(path: str | Path, error: type[AdvisorError] = AdvisorError) -> tuple[str, str]:
    """Read a data file (or standard input for `-`) as text; return (text, name to show).

    Only a regular file is read (a FIFO, a device or a folder is refused at once, so nothing
    hangs), and only its first MiB."""
    if str(path) == "-":
        name = "<stdin>"
        try:
            raw = sys.stdin.buffer.read(MAX_BYTES + 1)
        except (AttributeError, OSError, ValueError) as exc:
            raise error("<stdin>: standard input cannot be read (is it closed?); give a file "
                        "instead of '-'") from exc
    else:
        name = str(path)
        if not name:
            raise error("the file name is empty; give the path of a YAML or JSON file")
        raw = _read_regular(name, error)
    if len(raw) > MAX_BYTES:
        raise error(f"{name}: the input is larger than 1 MiB; data files must be smaller")
    if b"\x00" in raw:
        raise error(f"{name}: is not a text file; expected UTF-8 YAML or JSON")
    try:
        return raw.decode("utf-8-sig"), name
    except UnicodeDecodeError as exc:
        raise error(f"{name}: is not UTF-8 text (bad byte at offset {exc.start}); "
                    "expected UTF-8 YAML or JSON") from exc


def _read_regular(name: str, error: type[AdvisorError]) -> bytes:
    """The first MiB and a byte of a regular file; anything else is one clear error."""
    try:
        handle = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise error(f"{name}: no such file") from None
    except IsADirectoryError:
        raise error(f"{name}: is a folder, not a file") from None
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise error(f"{name}: cannot be read ({reason})") from None
    try:
        info = os.fstat(handle)
        if stat.S_ISDIR(info.st_mode):
            raise error(f"{name}: is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise error(f"{name}: is not a regular file (a pipe or a device?); give a file")
        if info.st_size > MAX_BYTES:
            raise error(f"{name}: the file is larger than 1 MiB; data files must be smaller")
        with os.fdopen(os.dup(handle), "rb") as stream:
            return stream.read(MAX_BYTES + 1)
    except OSError as exc:
        raise error(f"{name}: cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(handle)


def _check_depth(data: Any, name: str, error: type[AdvisorError]) -> None:
    """Refuse data nested deeper than `MAX_DEPTH` (checked without recursion)."""
    stack = [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > MAX_DEPTH:
                line = getattr(item, "line", None)
                where = name if line is None else f"{name}:{line}"
                raise error(f"{where}: nested more than {MAX_DEPTH} levels deep; data files "
                            "are flatter than that")
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)


def parse(text: str, name: str, error: type[AdvisorError] = AdvisorError) -> Any:
    """Parse YAML (or JSON) text; a syntax error names the line and column."""
    # PyYAML only when a file is parsed: a warm command and the interview read the cache.
    from advisor.yamlio.loader import parse_yaml

    return parse_yaml(text, name, error)


def load_data(path: str | Path, error: type[AdvisorError] = AdvisorError) -> tuple[Any, str]:
    """Read and parse one data file; return (data, name to show in messages)."""
    text, name = read_text(path, error)
    data = parse(text, name, error)
    _check_depth(data, name, error)
    return data, name
