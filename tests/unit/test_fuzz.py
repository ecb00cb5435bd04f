"""Fuzzing through the CLI's own entry point, bounded in examples and time: random answers,
random YAML documents, random questions and random rule templates. The only outcomes allowed
are a result (exit 0) or bad input (exit 2 with one line on stderr): never a traceback, a
crash, a hang or a second line."""

from __future__ import annotations

import json
import string
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.answers.schema import ANSWER_KEYS
from advisor.cli import main
from advisor.facts import SCHEMA
from tests.conftest import RULES, Run

FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**20, 10**20),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=40),
    st.sampled_from(["10k/day", "1.5M per month", "unknown", "weekly", "on-premise", "70B",
                     "managed", "gpt-4o-mini", "$1.5k", "1e400", "1,,,0", "١٢٣", "[/]",
                     "\x1b[31m", "1" + " " * 200 + "!"]))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(st.text(max_size=8), inner,
                                                                       max_size=3)),
                      max_leaves=8)
PLAUSIBLE = {key: st.sampled_from(spec.choices) for key, spec in SCHEMA.items()
             if spec.source == "answer" and spec.kind == "choice"}
PLAUSIBLE |= {"audit_trail": st.booleans(), "style_needs": st.booleans(),
              "synthetic_examples": st.booleans(),
              "monthly_queries": st.one_of(st.integers(0, 10**13), st.floats(0, 1e13),
                                           st.sampled_from(["10k/day", "1M per month", "5 a week"])),
              "labeled_examples": st.one_of(st.integers(-1, 10**10), st.just("unknown")),
              "horizon_months": st.integers(-1, 200),
              "api_model": st.sampled_from(["gpt-4o-mini", "gpt-4o", "claude-sonnet-4", "nope"]),
              **{key: st.one_of(st.floats(0, 1e13), st.integers(0, 10**4), st.just(None))
                 for key in ("training_cost", "data_prep_cost", "inference_monthly",
                             "vector_db_monthly", "cost_per_query")}}
ANSWERS = st.one_of(
    st.fixed_dictionaries({}, optional=PLAUSIBLE),
    st.dictionaries(st.one_of(st.sampled_from(ANSWER_KEYS), st.text(max_size=12)), VALUES,
                    max_size=8),
)


def assert_result_or_bad_input(run: Run) -> None:
    assert run.code in (0, 2), (run.code, run.err)
    assert "Traceback" not in run.err
    if run.code == 2:
        assert run.out == "" and len(run.err.strip().splitlines()) == 1, run.err
        assert "\x1b" not in run.err


@FUZZ
@given(ANSWERS)
def test_random_answers_give_a_result_or_one_line(cli: Callable[..., Run], tmp_path: Path,
                                                  answers: dict[str, Any]) -> None:
    path = tmp_path / "answers.json"
    try:
        path.write_text(json.dumps(answers, allow_nan=True), encoding="utf-8")
    except ValueError:
        return
    for command, fmt in (("recommend", "json"), ("recommend", "md"), ("costs", "text")):
        run = cli(command, "--answers", str(path), "--format", fmt)
        assert_result_or_bad_input(run)
        if run.code == 0 and fmt == "json":
            json.loads(run.out)  # valid JSON, no NaN


YAML_TEXT = st.one_of(
    st.text(max_size=200),
    st.builds(lambda key, value: f"{key}: {value}\n", st.sampled_from(ANSWER_KEYS),
              st.sampled_from(["!!int abc", "!!float x", "!!bool maybe", "!!binary aGk=",
                               "!!set {a}", "&a [1, *a]", "[[[[[[1]]]]]]", "{a: 1, a: 2}",
                               "2026-01-01", "0x1F", "1_000", ".inf", "~", "'10k/day'",
                               "!!python/object:os.system {}", "|\n  text"])),
)


@FUZZ
@given(YAML_TEXT)
def test_random_yaml_documents_give_a_result_or_one_line(cli: Callable[..., Run], tmp_path: Path,
                                                         text: str) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    assert_result_or_bad_input(cli("recommend", "--answers", str(path), "--format", "json"))


@FUZZ
@given(st.text(min_size=1, max_size=300))
def test_random_questions_are_answered_or_declined(cli: Callable[..., Run], question: str) -> None:
    if not question.strip() or question.startswith("-"):
        return
    run = cli("ask", question, "--format", "json")
    assert_result_or_bad_input(run)
    if run.code == 0:
        data = json.loads(run.out)
        assert set(data) >= {"query", "answered", "matches"}


FIELD = st.one_of(st.sampled_from(["labeled_examples", "data_volatility", "hosting", "rag_total",
                                   "x", "", "0", "a.b", "a[0]", "x!r", "x:>10", "x:{y}",
                                   "x.__class__", "labeled_examples:d"]),
                  st.text(alphabet=string.printable, max_size=12))
TEMPLATE = st.lists(st.one_of(st.text(alphabet=string.printable, max_size=10),
                              FIELD.map(lambda name: "{" + name + "}")), max_size=5).map("".join)


@FUZZ
@given(TEMPLATE, TEMPLATE)
def test_a_rule_template_that_passes_rules_check_always_renders(
    cli: Callable[..., Run], tmp_path: Path, because: str, veto: str
) -> None:
    folder = tmp_path / "rules"
    if folder.exists():
        for file in folder.iterdir():
            file.unlink()
    else:
        folder.mkdir()
    (folder / "shipped.yaml").write_text((RULES / "when_rag.yaml").read_text(encoding="utf-8"))
    rule = {"id": "fuzzed", "description": "d", "when": {"key": "latency", "eq": "relaxed"},
            "then": {"rag": 1, "veto": {"hybrid": veto or "v"}}, "because": because or "b",
            "cites": ["rag"]}
    (folder / "fuzzed.yaml").write_text(yaml.safe_dump({"rules": [rule]}), encoding="utf-8")
    checked = cli("rules", "check", str(folder))
    assert checked.code in (0, 2) and "Traceback" not in checked.err
    if checked.code != 0:
        return  # refused with located problems (lints too count, as the folder is partial)
    answers = tmp_path / "answers.yaml"
    answers.write_text("latency: relaxed\n", encoding="utf-8")
    run = cli("recommend", "--answers", str(answers), "--rules", str(folder), "--format", "md")
    assert_result_or_bad_input(run)


@pytest.mark.parametrize("argv", [["recommend"], ["costs", "--answers"], ["rules", "frob"],
                                  ["ask", "--format", "xml", "q"], ["--nope"], ["completion"]])
def test_bad_arguments_are_one_line_and_exit_2(capsys: pytest.CaptureFixture[str],
                                               argv: list[str]) -> None:
    with pytest.raises(SystemExit) as ended:
        main(argv)
    assert ended.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
