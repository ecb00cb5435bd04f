"""Loading the knowledge base (`knowledge/*.yaml`), validated by pydantic once, on load.

A broken file raises `KnowledgeError` naming the file, the line, the entry and the key. The
pricing figures, which every command needs, are kept validated in the cache (`advisor.cache`),
so pydantic is imported only when the file has changed.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from advisor.cache import cached
from advisor.errors import KnowledgeError
from advisor.models import ANSWER_DEFAULTS, ANSWER_KEYS, Pricing, answer_types, choices_of
from advisor.yamlio import load_data, problems_from

if TYPE_CHECKING:
    from advisor.faq import Faq
    from advisor.session import Question

M = TypeVar("M")


def load_model(path: Path, model: type[M], entry_key: str | None = None) -> M:
    """Read one knowledge file into `model` (a dataclass) with pydantic; the first problem
    becomes a KnowledgeError."""
    from pydantic import TypeAdapter, ValidationError

    data, name = load_data(path, KnowledgeError)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise KnowledgeError(f"{name}: the top level must be a mapping, not a {type(data).__name__}")
    try:
        return TypeAdapter(model).validate_python(data)
    except ValidationError as exc:
        problems = problems_from(exc, data, name, entry_key)
        raise KnowledgeError(str(problems[0])) from None


@cache
def load_pricing(folder: Path) -> Pricing:
    """knowledge/pricing.yaml."""
    path = folder / "pricing.yaml"
    return cached("pricing", [path], lambda: load_model(path, Pricing))


@cache
def load_questions(folder: Path) -> tuple[Question, ...]:
    """knowledge/questions.yaml, checked against the answers model: one question per key,
    in interview order, with the model's choices and defaults."""
    from advisor.session import Questions

    path = folder / "questions.yaml"
    questions = load_model(path, Questions, entry_key="key").questions
    keys = [question.key for question in questions]
    for question in questions:
        _check_question(path, question)
    missing = [key for key in ANSWER_KEYS if key not in keys]
    duplicated = sorted({key for key in keys if keys.count(key) > 1})
    if missing:
        raise KnowledgeError(f"{path}: no question for {', '.join(missing)}")
    if duplicated:
        raise KnowledgeError(f"{path}: more than one question for {', '.join(duplicated)}")
    return tuple(questions)


def _check_question(path: Path, question: Question) -> None:
    where = f"{path}: entry {question.key!r}"
    if question.key not in ANSWER_KEYS:
        raise KnowledgeError(f"{where}: key: not an answers key; allowed: {', '.join(ANSWER_KEYS)}")
    default = ANSWER_DEFAULTS[question.key]
    if question.kind == "choice":
        allowed = choices_of(answer_types()[question.key])
        given = tuple(choice.value for choice in question.choices)
        if given != allowed:
            raise KnowledgeError(f"{where}: choices: must be {', '.join(allowed)} in that order")
    if question.default != default:
        raise KnowledgeError(
            f"{where}: default: {question.default!r} differs from the answers model's {default!r}"
        )


@cache
def load_faq(folder: Path) -> Faq:
    """knowledge/faq.yaml: the guide's FAQ entries and sections."""
    from advisor.faq import Faq

    return load_model(folder / "faq.yaml", Faq, entry_key="id")


def raw(folder: Path, name: str) -> Any:
    """Any other knowledge file, parsed but not validated (its reader validates it)."""
    return load_data(folder / name, KnowledgeError)
