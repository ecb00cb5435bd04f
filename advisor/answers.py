"""Reading an answers file (YAML, JSON or `-` for standard input) into complete `Answers`.

Missing keys take their defaults (the cost keys from the pricing data, by model size where
the figure depends on it) and are listed in `defaulted`. Any problem is an `AnswersError`
whose one-line message names the file, the line, the key and what is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from rapidfuzz import process

from advisor.errors import AnswersError
from advisor.models import ANSWER_KEYS, COST_KEYS, Answers, Pricing
from advisor.yamlio import LineDict, describe, load_data, locate


@dataclass(frozen=True)
class ResolvedAnswers:
    """Answers with every key filled in, and which of them took a default."""

    answers: Answers
    defaulted: tuple[str, ...]

    def normalized(self) -> dict[str, Any]:
        """The answers as the JSON outputs show them."""
        return self.answers.model_dump()


def suggest_key(key: str) -> str | None:
    """The known answers key closest to a misspelt one, if any is close."""
    match = process.extractOne(key, ANSWER_KEYS, score_cutoff=70)
    return None if match is None else str(match[0])


def parse_answers(data: Any, name: str) -> Answers:
    """Validate parsed answers data; the first problem becomes an AnswersError."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        kind = "list" if isinstance(data, list) else type(data).__name__
        raise AnswersError(f"{name}: the top level must be a mapping of answers keys to values, "
                           f"not a {kind}")
    for key in data:
        if not isinstance(key, str) or key not in ANSWER_KEYS:
            raise AnswersError(_unknown_key(data, key, name))
    try:
        return Answers.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        first = errors[0]
        loc = tuple(first.get("loc", ()))
        line = locate(data, loc)
        where = name if line is None else f"{name}:{line}"
        key = ".".join(str(part) for part in loc)
        more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
        raise AnswersError(f"{where}: {key}: {describe(first)}{more}") from None


def _unknown_key(data: dict[Any, Any], key: Any, name: str) -> str:
    line = data.lines.get(key) if isinstance(data, LineDict) else None
    where = name if line is None else f"{name}:{line}"
    suggestion = suggest_key(str(key))
    hint = f"did you mean {suggestion!r}?" if suggestion else f"known keys: {', '.join(ANSWER_KEYS)}"
    return f"{where}: unknown key {key!r}; {hint}"


def resolve(answers: Answers, pricing: Pricing, given: set[str] | None = None) -> ResolvedAnswers:
    """Fill the cost keys from the pricing data and list every key that was not given."""
    if given is None:
        given = {key for key in answers.model_fields_set if getattr(answers, key) is not None}
    fills = {
        key: pricing.costs[key].at(answers.model_size).typical
        for key in COST_KEYS
        if getattr(answers, key) is None
    }
    complete = answers.model_copy(update=fills)
    defaulted = tuple(key for key in ANSWER_KEYS if key not in given)
    return ResolvedAnswers(complete, defaulted)


def load_answers(path: str | Path, pricing: Pricing) -> ResolvedAnswers:
    """Read, validate and complete an answers file (`-` is standard input)."""
    data, name = load_data(path, AnswersError)
    answers = parse_answers(data, name)
    return resolve(answers, pricing)
