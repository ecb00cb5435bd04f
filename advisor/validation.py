"""The one way data is validated: a schema (a dataclass) checked by pydantic's `TypeAdapter`.

Every knowledge and rules file is validated here once, when it is read (then kept in the
cache); every problem comes back located: file, line, entry id, key, and what is allowed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from advisor.errors import AdvisorError, Problem
from advisor.suggest import closest
from advisor.yamlio import LineDict, LineList

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, TypeAdapter
    from pydantic_core import ValidationError, core_schema

T = TypeVar("T")

STRICT = {"extra": "forbid"}
"""A schema class's `__pydantic_config__`: a key the class does not have is an error."""


class Before:
    """A field check pydantic runs on the value as written, before the field's type:
    `Annotated[int, Before(check)]`. `check` returns the value to validate or raises
    ValueError. (pydantic's own BeforeValidator would import its model machinery on every
    command; this marker is read only while a file is validated.)"""

    def __init__(self, check: Callable[[Any], Any]) -> None:
        self.check = check

    def __get_pydantic_core_schema__(self, source: Any,
                                     handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        from pydantic_core import core_schema  # see `check`

        return core_schema.no_info_before_validator_function(self.check, handler(source))


class After(Before):
    """A field check pydantic runs on the value once it has the field's type."""

    def __get_pydantic_core_schema__(self, source: Any,
                                     handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        from pydantic_core import core_schema  # see `check`

        return core_schema.no_info_after_validator_function(self.check, handler(source))


_ADAPTERS: dict[type[Any], TypeAdapter[Any]] = {}


def _adapter(schema: type[T]) -> TypeAdapter[T]:
    """One validator per schema, built once: the rules folder's files share one."""
    from pydantic import TypeAdapter  # its schema builder: only a cold validation needs it

    if schema not in _ADAPTERS:
        _ADAPTERS[schema] = TypeAdapter(schema)
    return _ADAPTERS[schema]


def check(schema: type[T], data: Any, name: str,
          entry_key: str | None = None) -> tuple[T | None, list[Problem]]:
    """`data` validated into `schema`, or None and every problem found, located."""
    # Not at the top: a warm command and the interview read the cache, not pydantic.
    from pydantic_core import ValidationError

    try:
        return _adapter(schema).validate_python(data), []
    except ValidationError as exc:
        return None, problems_from(exc, data, name, entry_key)


def validate(schema: type[T], data: Any, name: str, error: type[AdvisorError],
             entry_key: str | None = None) -> T:
    """`data` validated into `schema`; the first problem raises `error`."""
    value, problems = check(schema, data, name, entry_key)
    if value is None:
        raise error(str(problems[0]))
    return value


def locate(data: Any, loc: Iterable[int | str]) -> int | None:
    """The line of the deepest part of `data` that `loc` (a pydantic error location) reaches."""
    line: int | None = getattr(data, "line", None)
    current = data
    for part in loc:
        if isinstance(current, LineDict) and part in current:
            line = current.lines.get(part, line)
            current = current[part]
        elif isinstance(current, LineList) and isinstance(part, int) and 0 <= part < len(current):
            line = current.lines[part]
            current = current[part]
        else:
            break
    return line


UNKNOWN_KEY = ("extra_forbidden", "unexpected_keyword_argument")
"""The error types of a key the model does not have: a pydantic model's, then a dataclass's."""


def describe(error: Any) -> str:
    """One readable sentence for one pydantic error (a dict from `ValidationError.errors()`)."""
    kind = error.get("type", "")
    message = str(error.get("msg", "invalid value"))
    if kind in UNKNOWN_KEY:
        return "unknown key"
    if kind == "missing":
        return "is required"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"{error.get('input')!r} is not allowed; expected {expected}"
    if message.startswith(("Value error, ", "Assertion failed, ")):
        message = message.split(", ", 1)[1]
    return message[0].lower() + message[1:] if message else message


def dotted(loc: Iterable[int | str]) -> str:
    """A pydantic location as `key.sub[2].name`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def problems_from(
    exc: ValidationError, data: Any, name: str, entry_key: str | None = None
) -> list[Problem]:
    """Turn a pydantic error into located problems: file, line, entry id, key, message.

    `entry_key` names the field that identifies an entry in a list (such as `id`), so that
    a problem in the third FAQ entry reads `faq.yaml:40: entry 'training-time': ...`.
    """
    errors = exc.errors()
    missing = {tuple(e["loc"]) for e in errors if e.get("type") == "missing"}
    problems = []
    for error in errors:
        loc = tuple(error.get("loc", ()))
        entry = None
        if entry_key is not None:
            entry = _entry_id(data, loc, entry_key)
        key = dotted(loc)
        message = describe(error)
        if error.get("type") in UNKNOWN_KEY and loc:
            message += _did_you_mean(str(loc[-1]), [str(m[-1]) for m in missing if m[:-1] == loc[:-1]])
        text = f"{key}: {message}" if key else message
        problems.append(Problem(name, text, locate(data, loc), entry))
    # A misspelt key shows up twice: as unknown and as a required key missing. The unknown
    # key, with its suggestion, is the one to fix, so it comes first.
    problems.sort(key=lambda problem: "unknown key" not in problem.message)
    return problems


def _did_you_mean(key: str, candidates: list[str]) -> str:
    match = closest(key, candidates)
    return f"; did you mean {match!r}?" if match else ""


def _entry_id(data: Any, loc: tuple[int | str, ...], entry_key: str) -> str | None:
    current = data
    found = None
    for part in loc:
        try:
            current = current[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(current, dict) and entry_key in current:
            found = f"entry {current[entry_key]!r}"
    return found
