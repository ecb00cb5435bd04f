"""The answers file: defaults, normalisation, and every kind of bad input (exit 2, one line)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from advisor.answers.schema import ANSWER_KEYS, COST_KEYS
from advisor.costs import load_answers
from advisor.knowledge import Pricing
from tests.conftest import Run, assert_one_line_error


def write(tmp_path: Path, text: str | bytes, name: str = "answers.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_an_empty_file_is_all_defaults(tmp_path: Path, pricing: Pricing) -> None:
    resolved = load_answers(write(tmp_path, ""), pricing)
    assert resolved.defaulted == ANSWER_KEYS
    assert resolved.answers.horizon_months == 12
    assert resolved.answers.training_cost == pricing.costs["training_cost"].at("7b").typical


def test_cost_defaults_follow_the_model_size(tmp_path: Path, pricing: Pricing) -> None:
    resolved = load_answers(write(tmp_path, "model_size: 70b\ntraining_cost: 900\n"), pricing)
    assert resolved.answers.training_cost == 900
    assert resolved.answers.inference_monthly == pricing.costs["inference_monthly"].at("70b").typical
    assert "training_cost" not in resolved.defaulted
    assert "inference_monthly" in resolved.defaulted
    assert set(resolved.defaulted) == set(ANSWER_KEYS) - {"model_size", "training_cost"}


def test_values_are_normalised(tmp_path: Path, pricing: Pricing) -> None:
    text = 'data_volatility: Weekly\nprivacy: on-premise\nmodel_size: 70B\nmonthly_queries: "10k/day"\n'
    answers = load_answers(write(tmp_path, text), pricing).answers
    assert (answers.data_volatility, answers.privacy, answers.model_size) == (
        "weekly", "on_premise", "70b")
    assert answers.monthly_queries == pytest.approx(10_000 * 365 / 12)


def test_json_and_standard_input_are_read(cli: Callable[..., Run], tmp_path: Path) -> None:
    path = write(tmp_path, '{"monthly_queries": 1000, "data_volatility": "static"}', "a.json")
    from_file = cli("costs", "--answers", str(path), "--format", "json")
    from_stdin = cli("costs", "--answers", "-", "--format", "json",
                     stdin='{"monthly_queries": 1000, "data_volatility": "static"}')
    assert from_file.code == from_stdin.code == 0
    assert from_file.out == from_stdin.out


BAD_FILES = [
    # (file content, words the message must contain)
    ("data_volatilty: weekly\n", ["data_volatilty", "did you mean 'data_volatility'"]),
    ("zzzz: 1\n", ["unknown key 'zzzz'", "known keys", "data_volatility"]),
    ("data_volatility: hourly\n", ["data_volatility", "hourly", "static, yearly, monthly, weekly, daily"]),
    ("privacy: cloud\n", ["privacy", "on_premise, private_cloud, public_api_ok"]),
    ("monthly_queries: -5\n", ["monthly_queries", "negative"]),
    ("monthly_queries: .nan\n", ["monthly_queries", "NaN"]),
    ("monthly_queries: .inf\n", ["monthly_queries", "infinite"]),
    ("monthly_queries: lots\n", ["monthly_queries", "10k/day"]),
    ("cost_per_query: -0.1\n", ["cost_per_query", "negative"]),
    ("training_cost: .nan\n", ["training_cost", "NaN"]),
    ("labeled_examples: -3\n", ["labeled_examples", "whole number"]),
    ("labeled_examples: 2.5\n", ["labeled_examples", "whole number"]),
    ("audit_trail: maybe\n", ["audit_trail", "true or false"]),
    ("style_needs: 1\n", ["style_needs", "true or false"]),
    ("horizon_months: 0\n", ["horizon_months", "1 to 120"]),
    ("horizon_months: 121\n", ["horizon_months", "1 to 120"]),
    ("horizon_months: true\n", ["horizon_months", "1 to 120"]),
    ("- data_volatility: weekly\n", ["top level must be a mapping", "list"]),
    ("data_volatility: [weekly\n", ["invalid YAML", ":1:"]),
    ("a: &x [1]\nb: *x\n", ["anchors and aliases"]),
    ("latency: &fast realtime\n", ["anchors and aliases", ":1:"]),
    ("privacy: on_premise\nprivacy: public_api_ok\n", ["duplicate key 'privacy'", ":2:"]),
    ("latency: \x08\n", ["invalid YAML", "'\\x08'", "control character"]),
    ('!!python/object/apply:os.system ["true"]\n', ["invalid YAML", "could not determine a constructor"]),
]


@pytest.mark.parametrize(("text", "words"), BAD_FILES)
def test_bad_answers_exit_2_with_one_line_naming_the_problem(
    cli: Callable[..., Run], tmp_path: Path, text: str, words: list[str]
) -> None:
    path = write(tmp_path, text)
    assert_one_line_error(cli("costs", "--answers", str(path)), path, words)


def test_a_problem_is_reported_at_its_line(cli: Callable[..., Run], tmp_path: Path) -> None:
    path = write(tmp_path, "# comment\nquery_variety: narrow\nlatency: warp\n")
    assert f"{path}:3: latency:" in cli("costs", "--answers", str(path)).err


def test_an_alias_bomb_is_refused_quickly(cli: Callable[..., Run], tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}]" for i in range(1, 30)]
    run = cli("costs", "--answers", str(write(tmp_path, "\n".join(lines))))
    assert run.code == 2
    assert "anchors and aliases" in run.err


def test_missing_binary_and_huge_files(cli: Callable[..., Run], tmp_path: Path) -> None:
    missing = cli("costs", "--answers", str(tmp_path / "nope.yaml"))
    assert (missing.code, "nope.yaml: no such file" in missing.err) == (2, True)
    binary = cli("costs", "--answers", str(write(tmp_path, b"\x89PNG\x00\x01\x02", "x.png")))
    assert (binary.code, "not a text file" in binary.err) == (2, True)
    latin = cli("costs", "--answers", str(write(tmp_path, b"privacy: caf\xe9\n", "l.yaml")))
    assert (latin.code, "not UTF-8" in latin.err) == (2, True)
    huge = cli("costs", "--answers", str(write(tmp_path, "# " + "x" * (1 << 20) + "\n", "h.yaml")))
    assert (huge.code, "larger than 1 MiB" in huge.err) == (2, True)
    folder = cli("costs", "--answers", str(tmp_path))
    assert (folder.code, "is a folder" in folder.err) == (2, True)


def test_huge_standard_input_is_refused(cli: Callable[..., Run]) -> None:
    run = cli("costs", "--answers", "-", stdin="#" * (2 << 20))
    assert run.code == 2
    assert "<stdin>" in run.err and "1 MiB" in run.err


def test_bad_arguments_exit_2_on_one_line(cli: Callable[..., Run]) -> None:
    for args in (["costs"], ["costs", "--answers", "x", "--format", "xml"], ["frobnicate"]):
        run = cli(*args)
        assert run.code == 2
        assert len(run.err.strip().splitlines()) == 1, run.err


def test_every_cost_key_can_be_given(tmp_path: Path, pricing: Pricing) -> None:
    text = "".join(f"{key}: 7\n" for key in COST_KEYS)
    resolved = load_answers(write(tmp_path, text), pricing)
    assert all(getattr(resolved.answers, key) == 7 for key in COST_KEYS)
    assert not set(COST_KEYS) & set(resolved.defaulted)


def test_an_ampersand_inside_a_value_is_just_text(tmp_path: Path, pricing: Pricing) -> None:
    # Text holding "&" goes through the parser that checks for anchors; it must still load.
    text = '# Q&A bot\nlatency: "realtime"  # R&D\nprivacy: on_premise\n'
    answers = load_answers(write(tmp_path, text), pricing).answers
    assert (answers.latency, answers.privacy) == ("realtime", "on_premise")


def test_a_default_given_explicitly_counts_as_given(tmp_path: Path, pricing: Pricing) -> None:
    resolved = load_answers(write(tmp_path, "horizon_months: 12\ntraining_cost: null\n"), pricing)
    assert "horizon_months" not in resolved.defaulted
    assert "training_cost" in resolved.defaulted


def test_every_answers_field_has_a_docstring() -> None:
    """The answers model reads like typed settings: a line of documentation under each key."""
    import ast
    import inspect
    from itertools import pairwise

    from advisor.answers.schema import Answers

    body = ast.parse(inspect.getsource(Answers)).body[0].body  # type: ignore[attr-defined]
    documented = {
        node.target.id
        for node, after in pairwise(body)
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
        and isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
    }
    assert documented == set(ANSWER_KEYS)


def test_the_json_outputs_print_an_infinity_as_null() -> None:
    from advisor.present.json import to_json

    assert to_json({"a": float("inf"), "b": [1.5, float("nan")], "c": "é"}) == (
        '{\n  "a": null,\n  "b": [\n    1.5,\n    null\n  ],\n  "c": "é"\n}')
