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
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from advisor.errors import AdvisorError

MAX_BYTES = 1 << 20


class LineDict(dict[Any, Any]):
    """A mapping that remembers the 1-based line of itself and of each of its keys."""

    line: int | None = None
    lines: dict[Any, int]


class LineList(list[Any]):
    """A list that remembers the 1-based line of itself and of each of its items."""

    line: int | None = None
    lines: list[int]


class _LineConstructor(yaml.constructor.SafeConstructor):
    """Safe construction that refuses duplicate keys and records the line of each item."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        self.flatten_mapping(node)
        result = LineDict()
        result.line = node.start_mark.line + 1
        result.lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, Hashable):
                raise yaml.MarkedYAMLError(
                    problem="a mapping key must be a plain value", problem_mark=key_node.start_mark
                )
            if key in result:
                raise yaml.MarkedYAMLError(
                    problem=f"duplicate key {key!r}", problem_mark=key_node.start_mark
                )
            result[key] = self.construct_object(value_node, deep=True)
            result.lines[key] = key_node.start_mark.line + 1
        return result

    def construct_sequence(self, node: SequenceNode, deep: bool = False) -> list[Any]:
        result = LineList(self.construct_object(child, deep=True) for child in node.value)
        result.line = node.start_mark.line + 1
        result.lines = [child.start_mark.line + 1 for child in node.value]
        return result


_LineConstructor.add_constructor(  # type: ignore[type-var]
    "tag:yaml.org,2002:map", _LineConstructor.construct_mapping)
_LineConstructor.add_constructor(  # type: ignore[type-var]
    "tag:yaml.org,2002:seq", _LineConstructor.construct_sequence)


class _CheckingLoader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser,
                      yaml.composer.Composer, _LineConstructor, yaml.resolver.Resolver):
    """The pure-Python loader, which sees anchors and aliases and refuses them."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        _LineConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise yaml.MarkedYAMLError(
                problem="anchors and aliases (& and *) are not allowed; write the value out",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)


_FastLoader: Any = _CheckingLoader
if getattr(yaml, "__with_libyaml__", False):
    from yaml._yaml import CParser  # type: ignore[import-not-found, unused-ignore]

    class _LibyamlLoader(CParser, _LineConstructor, yaml.resolver.Resolver):
        """libyaml's parser (ten times faster); used only where no anchor can occur."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _LineConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

    _FastLoader = _LibyamlLoader


def _loader_for(text: str) -> Any:
    """Every anchor starts with `&`: text without one cannot hold an anchor or an alias, so
    the fast parser is safe; any other text goes through the parser that checks."""
    return _FastLoader if "&" not in text else _CheckingLoader


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


MAX_DEPTH = 50
"""How deeply lists and mappings may nest in a data file: far more than any answers, rules or
knowledge file needs, and well inside Python's recursion limit for everything downstream."""


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
    try:
        # What yaml.load does, with one of our two loaders: both construct through
        # SafeConstructor, so no tag can create a Python object.
        loader = _loader_for(text)(text)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        what = exc.problem or exc.context or "invalid YAML"
        raise error(f"{where}: invalid YAML: {what}") from exc
    except yaml.reader.ReaderError as exc:
        char = chr(exc.character) if isinstance(exc.character, int) else exc.character
        raise error(f"{name}: invalid YAML: character {char!r} at offset {exc.position} is not "
                    "allowed in YAML (a control character?)") from exc
    except yaml.YAMLError as exc:
        raise error(f"{name}: invalid YAML: {' '.join(str(exc).split())}") from exc
    except RecursionError:
        raise error(f"{name}: nested more than {MAX_DEPTH} levels deep; data files are flatter "
                    "than that") from None
    except (ValueError, TypeError, KeyError, OverflowError) as exc:
        # A standard tag on a value it cannot read: !!int abc, !!float x, !!bool maybe.
        raise error(f"{name}: invalid YAML: a tagged value cannot be read ({exc!s:.80}); "
                    "remove the !!tag or fix the value") from None


def load_data(path: str | Path, error: type[AdvisorError] = AdvisorError) -> tuple[Any, str]:
    """Read and parse one data file; return (data, name to show in messages)."""
    text, name = read_text(path, error)
    data = parse(text, name, error)
    _check_depth(data, name, error)
    return data, name
