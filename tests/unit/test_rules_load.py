"""Loading rules: every kind of bad rule is reported with its file, rule id, line and a hint."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.errors import Problem, RulesError
from advisor.rules import load_rules
from advisor.rules.load import read_rules
from tests.conftest import RULES

GOOD = """\
rules:
  - id: narrow
    description: narrow questions
    when: {key: query_variety, eq: narrow}
    then: {fine_tune: 2}
    because: Questions are {query_variety}.
    cites: [when-fine-tuning]
"""


def rule(when: str = "{key: query_variety, eq: narrow}", then: str = "{fine_tune: 2}",
         because: str = "Because.", cites: str = "[when-fine-tuning]", rule_id: str = "r1",
         extra: str = "") -> str:
    return (f"rules:\n  - id: {rule_id}\n    description: a rule\n    when: {when}\n"
            f"    then: {then}\n    because: {because}\n    cites: {cites}\n{extra}")


def problems_in(tmp_path: Path, *texts: str) -> list[Problem]:
    for index, text in enumerate(texts):
        (tmp_path / f"r{index}.yaml").write_text(text, encoding="utf-8")
    ruleset, problems = read_rules(tmp_path)
    assert ruleset is None
    return problems


def one_problem(tmp_path: Path, text: str) -> Problem:
    problems = problems_in(tmp_path, text)
    assert len(problems) == 1, problems
    return problems[0]


def test_the_shipped_rules_load() -> None:
    ruleset = load_rules(RULES)
    assert len(ruleset.rules) >= 30
    assert set(ruleset.caveats) == {"fine_tune", "rag", "hybrid"}
    assert all(ruleset.caveats[option] for option in ruleset.caveats)


BAD_RULES = [
    # (rule text, line of the problem, words the message must contain)
    (rule(when="{key: query_varity, eq: narrow}"), 4, ["unknown key 'query_varity'",
                                                        "did you mean 'query_variety'"]),
    (rule(when="{key: query_variety, eq: narow}"), 4, ["unknown value 'narow'", "'narrow'"]),
    (rule(when="{key: query_variety, gt: 3}"), 4, ["'gt' compares numbers", "choice", "eq"]),
    (rule(when="{key: audit_trail, eq: 1}"), 4, ["audit_trail is true or false"]),
    (rule(when="{key: labeled_examples, gte: many}"), 4, ["gte", "valid number"]),
    (rule(when="{key: labeled_examples, eq: many}"), 4, ["labeled_examples is a number"]),
    (rule(when="{key: labeled_examples, between: [100, 10]}"), 4, ["low <= high"]),
    (rule(when="{key: labeled_examples, gt: 1" + "0" * 400 + "}"), 4,
     ["labeled_examples: a number of 401 digits is out of range", "within ±1e15"]),
    (rule(when="{key: labeled_examples, between: [0, 1" + "0" * 400 + "]}"), 4, ["out of range"]),
    (rule(when="{key: monthly_queries, eq: 1000000000000001}"), 4,
     ["1000000000000001 is out of range"]),
    (rule(when="{key: labeled_examples, in: [1, -1" + "0" * 20 + "]}"), 4, ["out of range"]),
    (rule(when="{key: hosting, in: []}"), 4, ["non-empty list"]),
    (rule(when="{key: hosting, eqq: none}"), 4, ["unknown operator 'eqq'", "did you mean 'eq'"]),
    (rule(when="{key: hosting, eq: none, ne: own_gpu}"), 4, ["exactly one operator"]),
    (rule(when="{eq: none}"), 4, ["needs 'key'"]),
    (rule(when="{all: []}"), 4, ["at least one condition"]),
    (rule(when="{all: [{key: hosting, eq: none}], key: latency}"), 4, ["alone"]),
    (rule(when="{key: data_tier, eq: excelent}"), 4, ["did you mean 'excellent'"]),
    (rule(when="{key: rag_cost_ratio, eq: cheap}"), 4, ["rag_cost_ratio is a number"]),
    (rule(cites="[when-finetuning]"), 7, ["unknown knowledge id 'when-finetuning'",
                                          "did you mean 'when-fine-tuning'"]),
    (rule(cites="[]"), 7, ["cite at least one"]),
    (rule(then="{fine_tuning: 2}"), 5, ["unknown option 'fine_tuning'", "did you mean 'fine_tune'"]),
    (rule(then="{veto: {rags: no}}"), 5, ["veto", "did you mean 'rag'"]),
    (rule(then="{fine_tune: 0}"), 5, ["must change a score or veto"]),
    (rule(then="{fine_tune: lots}"), 5, ["valid number"]),
    (rule(because="Volume {monthly_querys}."), 6, ["unknown key 'monthly_querys'",
                                                   "did you mean 'monthly_queries'"]),
    (rule(because="Bad {monthly_queries.__class__}."), 6, ["unknown key"]),
    (rule(because="Bad {labeled_examples[0]}."), 6, ["unknown key", "'labeled_examples'"]),
    (rule(because="'{labeled_examples:d} examples'"), 6,
     ["write {labeled_examples:d} as {labeled_examples}", "no conversion or format"]),
    (rule(because="'{labeled_examples!r} examples'"), 6, ["write {labeled_examples!r} as"]),
    (rule(because="'{labeled_examples:{data_tier}} examples'"), 6,
     ["write {labeled_examples:{data_tier}} as {labeled_examples}"]),
    (rule(then="{veto: {rag: 'no {hosting!r}'}}"), 5, ["then.veto.rag", "in the veto's reason",
                                                        "write {hosting!r} as {hosting}"]),
    (rule(then="{veto: {rag: 'no {hostin}'}}"), 5, ["in the veto's reason", "did you mean 'hosting'"]),
    (rule(rule_id="Bad_Id"), 2, ["id", "pattern"]),
    (rule(extra="    priority: high\n"), 8, ["priority", "integer"]),
    (rule(extra="    colour: red\n"), 8, ["colour", "unknown key"]),
]


@pytest.mark.parametrize(("text", "line", "words"), BAD_RULES)
def test_a_bad_rule_is_reported_with_file_rule_and_line(
    tmp_path: Path, text: str, line: int, words: list[str]
) -> None:
    problem = one_problem(tmp_path, text)
    assert problem.path == str(tmp_path / "r0.yaml")
    assert problem.line == line, problem
    assert problem.entry == "rule 'r1'" or "id" in problem.message
    for word in words:
        assert word in str(problem), problem


def test_missing_fields_are_each_reported(tmp_path: Path) -> None:
    problems = problems_in(tmp_path, "rules:\n  - id: r1\n    description: x\n")
    assert [p.message for p in problems] == [f"rules[0].{key}: is required"
                                             for key in ("when", "then", "because", "cites")]
    assert {(p.line, p.entry) for p in problems} == {(2, "rule 'r1'")}


def test_a_nested_condition_is_located_at_its_own_line(tmp_path: Path) -> None:
    text = rule(when="\n      all:\n        - {key: hosting, eq: none}\n"
                     "        - {key: latency, eq: fast}")
    problem = one_problem(tmp_path, text)
    assert problem.line == 7
    assert "when.all[1]" in problem.message and "'fast'" in problem.message


def test_duplicate_rule_ids_across_files_name_both_places(tmp_path: Path) -> None:
    problems = problems_in(tmp_path, GOOD, GOOD.replace("fine_tune: 2", "rag: 2"))
    assert len(problems) == 1
    assert problems[0].path == str(tmp_path / "r1.yaml")
    assert problems[0].line == 2
    assert "duplicate rule id 'narrow'" in problems[0].message
    assert f"{tmp_path / 'r0.yaml'}:2" in problems[0].message


def test_every_problem_in_every_file_is_collected(tmp_path: Path) -> None:
    first = rule(when="{key: query_varity, eq: narrow}") + rule(
        rule_id="r2", cites="[nope]").removeprefix("rules:\n")
    problems = problems_in(tmp_path, first, "rules: [\n")
    assert len(problems) == 3
    assert [p.path for p in problems] == [str(tmp_path / "r0.yaml")] * 2 + [str(tmp_path / "r1.yaml")]
    assert "invalid YAML" in problems[2].message


@pytest.mark.parametrize(("text", "words"), [
    ("- id: r1\n", ["top level must be a mapping", "list"]),
    ("rules: [\n", ["invalid YAML"]),
    ("rules: &a []\n", ["anchors and aliases"]),
    ("rules: 3\n", ["rules", "valid list"]),
    ("caveats:\n  - {option: rags, text: t, cites: [quality]}\n", ["option", "rags"]),
    ("caveats:\n  - {option: rag, text: 'at {horizon_months:>5}', cites: [quality]}\n",
     ["caveats[0].text", "in the caveat", "write {horizon_months:>5} as {horizon_months}"]),
])
def test_broken_files_are_named(tmp_path: Path, text: str, words: list[str]) -> None:
    problem = one_problem(tmp_path, text)
    assert problem.path == str(tmp_path / "r0.yaml")
    for word in words:
        assert word in str(problem)


def test_empty_and_missing_folders(tmp_path: Path) -> None:
    assert "no rules files" in str(problems_in(tmp_path)[0])
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    assert "hold no rules" in str(read_rules(tmp_path)[1][0])
    assert "not a folder" in str(read_rules(tmp_path / "nope")[1][0])


def test_load_rules_raises_with_all_problems(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(rule(cites="[x]") + rule(rule_id="r2", cites="[y]")
                                     .removeprefix("rules:\n"), encoding="utf-8")
    with pytest.raises(RulesError) as caught:
        load_rules(tmp_path)
    assert len(caught.value.problems) == 2
    assert "(and 1 more problems)" in str(caught.value)
    assert str(tmp_path / "a.yaml") in str(caught.value)


def nested(depth: int) -> str:
    """A condition `depth` levels deep: `not` inside `not` around one comparison."""
    return "{not: " * (depth - 1) + "{key: hosting, eq: none}" + "}" * (depth - 1)


def test_a_condition_nested_deeper_than_32_levels_is_one_problem(tmp_path: Path) -> None:
    (tmp_path / "r.yaml").write_text(rule(when=nested(32)), encoding="utf-8")
    assert read_rules(tmp_path)[1] == []
    problem = one_problem(tmp_path, rule(when=nested(33)))
    assert (problem.line, problem.entry) == (4, "rule 'r1'")
    assert "nested more than 32 levels deep" in problem.message


def test_a_whole_number_up_to_1e15_is_a_threshold(tmp_path: Path) -> None:
    (tmp_path / "r.yaml").write_text(rule(when="{key: monthly_queries, lt: -1000000000000000}"),
                                     encoding="utf-8")
    assert read_rules(tmp_path)[1] == []


def test_a_price_answer_is_compared_as_a_number(tmp_path: Path) -> None:
    (tmp_path / "r.yaml").write_text(rule(when="{key: training_cost, gt: 1000}"), encoding="utf-8")
    assert [r.id for r in load_rules(tmp_path).rules] == ["r1"]
    assert "number" in str(one_problem(tmp_path, rule(when="{key: training_cost, eq: cheap}")))
