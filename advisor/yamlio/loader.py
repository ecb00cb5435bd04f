"""The PyYAML loaders behind `advisor.yamlio.parse`: safe construction into `LineDict` and
`LineList`, duplicate keys refused, anchors and aliases refused."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from advisor.errors import AdvisorError
from advisor.yamlio.lines import MAX_DEPTH, LineDict, LineList


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


def parse_yaml(text: str, name: str, error: type[AdvisorError] = AdvisorError) -> Any:
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


