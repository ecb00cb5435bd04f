"""Reading an answers file (YAML, JSON or `-` for standard input) into `Answers`.

Missing keys take their defaults (the cost keys are filled from the pricing data by
`advisor.costs.resolve`) and are listed in `defaulted`. Any problem is an `AnswersError`
whose one-line message names the file, the line, the key and what is allowed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from advisor.answers.schema import ANSWER_KEYS, COST_KEYS, TOKEN_KEYS, Answers, answer_types, choices_of
from advisor.answers.units import parse_count, parse_money, parse_volume, shown
from advisor.errors import AnswersError
from advisor.prices import check_model
from advisor.suggest import closest
from advisor.validation import locate
from advisor.yamlio import LineDict


@dataclass
class ResolvedAnswers:
    """Answers with every key filled in, and which of them took a default."""

    answers: Answers
    defaulted: tuple[str, ...]

    def normalized(self) -> dict[str, Any]:
        """The answers as the JSON outputs show them."""
        return asdict(self.answers)


# --- checking each answer --------------------------------------------------------------------


def _choice(key: str, allowed: tuple[str, ...]) -> Callable[[Any], str]:
    """A check for a choice: case, spaces and hyphens are forgiven ("On-Premise"), and a bare
    number is a model size ("70" -> "70b")."""

    def check(value: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise ValueError(f"{value!r} is not allowed; choose one of {', '.join(allowed)}")
        text = str(value).strip().lower().replace("-", "_").replace(" ", "_")
        if key == "model_size" and text.isdigit():
            text += "b"
        if text not in allowed:
            raise ValueError(f"{value!r} is not allowed; choose one of {', '.join(allowed)}")
        return text

    return check


def _yes_no(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"must be true or false, not {value!r}")
    return value


def _horizon(value: Any) -> int:
    months = parse_count(value, "a whole number of months from 1 to 120")
    if not 1 <= months <= 120:
        raise ValueError(f"must be a whole number of months from 1 to 120, not {value!r}")
    return months


def _money(value: Any) -> float | None:
    return None if value is None else parse_money(value)


def _model(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"must be a model name such as gpt-4o-mini, not {shown(value)}")
    return check_model(value)


def _labeled(value: Any) -> int | str:
    if isinstance(value, str) and value.strip().lower().replace("'", "") in (
            "unknown", "dont know", "do not know", "not sure", "?"):
        return "unknown"
    return parse_count(value, 'a whole number >= 0 or "unknown"')


def _tokens(value: Any) -> int:
    return parse_count(value, "a whole number of tokens >= 0")


_CHECKS: dict[str, Callable[[Any], Any]] = {
    "monthly_queries": parse_volume,
    "labeled_examples": _labeled,
    "api_model": _model,
    **dict.fromkeys(TOKEN_KEYS, _tokens),
    "horizon_months": _horizon,
    "audit_trail": _yes_no,
    "style_needs": _yes_no,
    "synthetic_examples": _yes_no,
    **dict.fromkeys(COST_KEYS, _money),
}
"""How each answers key is read; every other key is a choice among its `Literal` values."""


def suggest_key(key: str) -> str | None:
    """The known answers key closest to a misspelt one, if any is close."""
    return closest(key, ANSWER_KEYS, cutoff=70)


def _check_for(key: str) -> Callable[[Any], Any]:
    return _CHECKS.get(key) or _choice(key, choices_of(answer_types()[key]))


def parse_answers(data: Any, name: str) -> Answers:
    """Validate parsed answers data: each given key through its check, the rest defaulted.

    The answers are validated on every command, so this is a loop over the per-key checks
    rather than a pydantic schema (building one costs more than the rest of a command); the
    checks are the same functions either way. The first problem becomes an AnswersError that
    counts the others."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        kind = "list" if isinstance(data, list) else type(data).__name__
        raise AnswersError(f"{name}: the top level must be a mapping of answers keys to values, "
                           f"not a {kind}")
    for key in data:
        if not isinstance(key, str) or key not in ANSWER_KEYS:
            raise AnswersError(_unknown_key(data, key, name))
    values: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for key, value in data.items():
        try:
            values[key] = _check_for(key)(value)
        except ValueError as exc:
            problems.append((key, str(exc)))
    if problems:
        key, message = problems[0]
        line = locate(data, (key,))
        where = name if line is None else f"{name}:{line}"
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise AnswersError(f"{where}: {key}: {message[:1].lower() + message[1:]}{more}")
    return Answers(**values)


def given_keys(data: Any) -> set[str]:
    """The keys parsed answers data gives a value (a cost key set to null is not given)."""
    return {key for key, value in (data or {}).items() if value is not None}


def _unknown_key(data: dict[Any, Any], key: Any, name: str) -> str:
    line = data.lines.get(key) if isinstance(data, LineDict) else None
    where = name if line is None else f"{name}:{line}"
    suggestion = suggest_key(str(key))
    hint = f"did you mean {suggestion!r}?" if suggestion else f"known keys: {', '.join(ANSWER_KEYS)}"
    return f"{where}: unknown key {key!r}; {hint}"
