"""`advisor rules check`: validation plus lints (never-firing rules, unreachable options,
answers keys nobody reads), and how a broken rules folder reaches the user."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from advisor.answers.schema import ANSWER_KEYS
from advisor.errors import Problem
from advisor.knowledge import Pricing
from advisor.rules import lint
from advisor.rules.compile import RuleSet
from advisor.rules.lint import MANY_RULES, lint_rules, rules_warnings
from advisor.rules.load import read_rules
from tests.conftest import RULES, Run


def check_rules(folder: Path, pricing: Pricing) -> list[Problem]:
    """What `advisor rules check` reports: validation problems, else the lints."""
    ruleset, problems = read_rules(folder)
    return problems if ruleset is None else lint_rules(ruleset, pricing)


def shipped_plus(tmp_path: Path, extra: str) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(RULES, folder)
    (folder / "zz_extra.yaml").write_text(extra, encoding="utf-8")
    return folder


def test_the_shipped_rules_pass_every_lint(pricing: Pricing) -> None:
    assert check_rules(RULES, pricing) == []


@pytest.mark.parametrize("when", [
    "{all: [{key: query_variety, eq: narrow}, {key: query_variety, eq: broad}]}",
    "{all: [{key: labeled_examples, gte: 1000}, {key: labeled_examples, lt: 10}]}",
    "{all: [{key: data_tier, eq: excellent}, {key: labeled_examples, lt: 5000}]}",
    "{all: [{key: retrains_a_year, gte: 52}, {key: data_volatility, in: [static, yearly]}]}",
    "{not: {key: audit_trail, in: [true, false]}}",
    "{key: horizon_months, gt: 120}",
])
def test_a_rule_that_can_never_fire_is_reported(tmp_path: Path, pricing: Pricing, when: str) -> None:
    folder = shipped_plus(tmp_path, f"rules:\n  - id: never\n    description: d\n    when: {when}\n"
                                    "    then: {rag: 1}\n    because: b\n    cites: [rag]\n")
    problems = check_rules(folder, pricing)
    assert len(problems) == 1, problems
    assert problems[0].entry == "rule 'never'"
    assert problems[0].line == 2
    assert problems[0].path == str(folder / "zz_extra.yaml")
    assert "can never fire" in problems[0].message


def test_a_rule_always_shadowed_in_its_group_is_reported(tmp_path: Path, pricing: Pricing) -> None:
    folder = shipped_plus(tmp_path, "rules:\n  - id: shadowed\n    description: d\n"
                                    "    group: training-data\n    priority: 35\n"
                                    "    when: {key: labeled_examples, gte: 20000}\n"
                                    "    then: {rag: 1}\n    because: b\n    cites: [rag]\n")
    problems = check_rules(folder, pricing)
    assert len(problems) == 1, problems
    assert problems[0].entry == "rule 'shadowed'"
    assert "never counts" in problems[0].message and "'training-data'" in problems[0].message


def test_a_rule_that_fires_only_at_some_costs_is_not_reported(tmp_path: Path, pricing: Pricing) -> None:
    when = "{all: [{key: rag_cost_ratio, between: [0.5, 0.6]}, {key: model_size, eq: 70b}]}"
    folder = shipped_plus(tmp_path, f"rules:\n  - id: rare\n    description: d\n    when: {when}\n"
                                    "    then: {rag: 1}\n    because: b\n    cites: [rag]\n")
    assert check_rules(folder, pricing) == []


def test_a_rule_on_a_price_is_tried_at_every_model_size(tmp_path: Path, pricing: Pricing) -> None:
    """The lint prices each model size at its typical figure, so a threshold only the largest
    model's training cost passes can fire."""
    middle = pricing.costs["training_cost"].at("70b").typical
    folder = shipped_plus(tmp_path, "rules:\n  - id: big-runs\n    description: d\n"
                                    f"    when: {{key: training_cost, gt: {middle}}}\n"
                                    "    then: {rag: 1}\n    because: b\n    cites: [rag]\n")
    assert check_rules(folder, pricing) == []


def test_an_option_nothing_can_recommend_is_reported(tmp_path: Path, pricing: Pricing) -> None:
    folder = shipped_plus(tmp_path, "rules:\n  - id: no-hybrid\n    description: d\n"
                                    "    when: {key: hosting, in: [none, managed, cloud_gpu, own_gpu]}\n"
                                    "    then: {hybrid: -100}\n    because: b\n    cites: [hybrid]\n")
    problems = check_rules(folder, pricing)
    assert [p.message for p in problems] == [
        "no combination of answers recommends hybrid; give it rules that support it or lift a veto"]


def test_answers_keys_no_rule_reads_are_reported(tmp_path: Path, pricing: Pricing) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "few.yaml").write_text(
        "rules:\n"
        "  - {id: a, description: d, when: {key: hosting, eq: none}, then: {rag: 1},"
        " because: b, cites: [rag]}\n"
        "  - {id: b, description: d, when: {key: retrains_a_year, gte: 12},"
        " then: {hybrid: 1}, because: b, cites: [rag]}\n"
        "  - {id: c, description: d, when: {key: style_needs, eq: true},"
        " then: {fine_tune: 2}, because: b, cites: [rag]}\n", encoding="utf-8")
    problems = check_rules(folder, pricing)
    unread = [p.message.split("'")[1] for p in problems if "no rule reads" in p.message]
    assert set(unread) == set(ANSWER_KEYS) - {"hosting", "data_volatility", "style_needs"}
    assert all(p.path == str(folder) for p in problems)


def test_rules_check_passes_the_shipped_rules(cli: Callable[..., Run]) -> None:
    run = cli("rules", "check")
    assert run.code == 0, run.err
    assert len(run.out.strip().splitlines()) == 1
    assert "rules in" in run.out and "valid" in run.out


def test_rules_check_lists_every_problem_then_exits_2(cli: Callable[..., Run], tmp_path: Path) -> None:
    folder = shipped_plus(tmp_path, "rules:\n  - id: bad\n    description: d\n"
                                    "    when: {key: query_varity, eq: narrow}\n"
                                    "    then: {rag: 1}\n    because: b\n    cites: [rags]\n")
    run = cli("rules", "check", str(folder))
    assert run.code == 2
    lines = run.err.strip().splitlines()
    assert len(lines) == 3, run.err
    assert lines[0].startswith(f"{folder / 'zz_extra.yaml'}:4: rule 'bad': ")
    assert "did you mean 'query_variety'" in lines[0]
    assert "did you mean 'rag'" in lines[1]
    assert lines[2] == f"advisor: rules check: 2 problems in {folder}"
    assert "Traceback" not in run.err


def test_more_than_a_thousand_rules_are_warned_about(pricing: Pricing) -> None:
    shipped, _ = read_rules(RULES)
    assert shipped is not None
    assert rules_warnings(shipped) == []
    rule = shipped.rules[0]
    many = RuleSet((rule,) * (MANY_RULES + 1), shipped.caveats, shipped.folder)
    assert rules_warnings(RuleSet((rule,) * MANY_RULES, shipped.caveats, shipped.folder)) == []
    [warning] = rules_warnings(many)
    assert "1,001 rules" in warning and "each rule in turn" in warning
    assert "past 1,000 rules recommend slows down" in warning


def test_rules_check_prints_the_warning_and_still_passes(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lint, "MANY_RULES", 10)
    run = cli("rules", "check")
    assert run.code == 0, run.err
    [line] = run.err.strip().splitlines()
    assert line.startswith("advisor: warning: ") and "each rule in turn" in line
    assert "valid" in run.out


@pytest.mark.parametrize("when", [
    "{not: " * 299 + "{key: hosting, eq: none}" + "}" * 299,
    "{all: [" * 299 + "{key: hosting, eq: none}" + "]}" * 299,
    "{key: labeled_examples, eq: 1" + "0" * 400 + "}",
])
def test_rules_check_refuses_what_recommend_could_not_read_in_one_line(
    cli: Callable[..., Run], tmp_path: Path, when: str
) -> None:
    """A condition 300 levels deep, or a number beyond ±1e15: one problem, exit 2, no
    traceback (nothing downstream recurses that deep or converts that number)."""
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "r.yaml").write_text(f"rules:\n  - id: odd\n    description: d\n    when: {when}\n"
                                   "    then: {rag: 1}\n    because: b\n    cites: [rag]\n",
                                   encoding="utf-8")
    run = cli("rules", "check", str(folder))
    assert run.code == 2
    assert "Traceback" not in run.err
    assert run.err.strip().splitlines()[1:] == [f"advisor: rules check: 1 problem in {folder}"]


def test_rules_check_of_a_missing_folder_exits_2(cli: Callable[..., Run], tmp_path: Path) -> None:
    run = cli("rules", "check", str(tmp_path / "nope"))
    assert run.code == 2
    assert "not a folder" in run.err


def test_recommend_with_broken_rules_names_the_file(cli: Callable[..., Run], tmp_path: Path) -> None:
    folder = shipped_plus(tmp_path, "rules:\n  - id: ft-repeated-queries\n    description: d\n"
                                    "    when: {key: latency, eq: realtime}\n"
                                    "    then: {rag: 1}\n    because: b\n    cites: [rag]\n")
    answers = tmp_path / "a.yaml"
    answers.write_text("hosting: none\n", encoding="utf-8")
    run = cli("recommend", "--answers", str(answers), "--rules", str(folder))
    assert run.code == 2
    assert run.out == ""
    assert len(run.err.strip().splitlines()) == 1
    assert str(folder / "zz_extra.yaml") in run.err
    assert "duplicate rule id 'ft-repeated-queries'" in run.err
    assert "Traceback" not in run.err
