"""Whatever a user puts in an answers file, the result is valid answers or an AnswersError."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.answers.read import parse_answers
from advisor.answers.schema import ANSWER_KEYS, Answers
from advisor.errors import AnswersError
from advisor.yamlio import parse

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30), st.sampled_from(["10k/day", "1.5M per month", "weekly", "7B", "-1", "1e400"]),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=6)
keys = st.one_of(st.sampled_from(ANSWER_KEYS), st.text(max_size=20))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(keys, values, max_size=6))
def test_any_mapping_gives_answers_or_an_answers_error(data: dict[str, Any]) -> None:
    try:
        answers = parse_answers(data, "answers.yaml")
    except AnswersError as exc:
        message = str(exc)
        assert message.startswith("answers.yaml") and "\n" not in message
    else:
        assert isinstance(answers, Answers)
        assert answers.monthly_queries >= 0 and 1 <= answers.horizon_months <= 120


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_parses_or_is_a_one_line_error(text: str) -> None:
    try:
        data = parse(text, "answers.yaml", AnswersError)
    except AnswersError as exc:
        assert str(exc).startswith("answers.yaml") and "\n" not in str(exc)
        return
    try:
        parse_answers(data, "answers.yaml")
    except AnswersError as exc:
        assert "\n" not in str(exc)
