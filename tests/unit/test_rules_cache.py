"""The rules cache: a warm load skips validation, any edit is seen, a broken folder is never
cached, and the cached rules decide exactly as freshly validated ones do."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from advisor import cache
from advisor.answers.read import parse_answers
from advisor.costs import resolve
from advisor.decision import evaluate
from advisor.errors import RulesError
from advisor.knowledge import Pricing
from advisor.rules import RuleSet, load, load_rules
from advisor.rules.load import read_rules, validate_folder
from advisor.rules.schema import RulesSource, as_written
from tests.conftest import REPO, RULES

GUIDE = yaml.safe_load((Path(__file__).parent / "scenarios" / "guide.yaml").read_text(encoding="utf-8"))

EXTRA = """\
rules:
  - id: extra-rule
    description: {description}
    when: {{key: query_variety, eq: narrow}}
    then: {{fine_tune: 1}}
    because: Questions are {{query_variety}}.
    cites: [when-fine-tuning]
"""


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    return folder


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    """A copy of the shipped rules that a test may edit."""
    folder = tmp_path / "rules"
    shutil.copytree(RULES, folder)
    return folder


def refuse_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, any load that validates a rules file fails the test."""

    def validate_file(path: Path) -> Any:
        raise AssertionError(f"validated {path}, but the cache should have served it")

    monkeypatch.setattr(load, "validate_file", validate_file)


def test_a_second_load_is_served_from_the_cache(
    cache_folder: Path, rules: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh, problems = read_rules(rules)
    assert problems == []
    first = load_rules(rules)
    assert list(cache_folder.glob("rules-*.json"))
    refuse_validation(monkeypatch)
    second = load_rules(rules)
    assert second == first == fresh
    assert len(second.rules) >= 30
    with pytest.raises(AssertionError, match="validated"):
        read_rules(rules)  # `rules check` always validates afresh


def test_an_edited_rule_file_is_seen_on_the_next_load(cache_folder: Path, rules: Path) -> None:
    extra = rules / "zz_extra.yaml"
    extra.write_text(EXTRA.format(description="first wording"), encoding="utf-8")
    assert load_rules(rules).get("extra-rule").spec.description == "first wording"
    extra.write_text(EXTRA.format(description="second, longer wording"), encoding="utf-8")
    assert load_rules(rules).get("extra-rule").spec.description == "second, longer wording"


def test_an_added_or_removed_file_is_seen_on_the_next_load(cache_folder: Path, rules: Path) -> None:
    before = load_rules(rules)
    extra = rules / "zz_extra.yaml"
    extra.write_text(EXTRA.format(description="added"), encoding="utf-8")
    added = load_rules(rules)
    assert len(added.rules) == len(before.rules) + 1
    assert str(extra) in added.files
    extra.unlink()
    assert load_rules(rules) == before


def test_a_broken_file_is_reported_every_time_and_never_cached(cache_folder: Path, rules: Path) -> None:
    load_rules(rules)
    good = set(cache_folder.glob("rules-*.json"))
    (rules / "zz_extra.yaml").write_text(EXTRA.format(description="d").replace("narrow", "narow"),
                                         encoding="utf-8")
    for _ in range(2):
        with pytest.raises(RulesError) as caught:
            load_rules(rules)
        problem = caught.value.problems[0]
        assert (problem.path, problem.line, problem.entry) == (
            str(rules / "zz_extra.yaml"), 4, "rule 'extra-rule'")
        assert "did you mean 'narrow'" in problem.message
    assert set(cache_folder.glob("rules-*.json")) == good


def test_a_missing_folder_is_reported_through_the_cache(cache_folder: Path, tmp_path: Path) -> None:
    with pytest.raises(RulesError, match="not a folder"):
        load_rules(tmp_path / "nope")


def recommend(ruleset: RuleSet, pricing: Pricing, answers: dict[str, Any]) -> Any:
    return evaluate(ruleset, resolve(parse_answers(answers, "scenario"), pricing, set(answers)), pricing)


def test_the_cached_rules_decide_the_guide_scenarios_as_fresh_ones_do(
    cache_folder: Path, rules: Path, pricing: Pricing, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh, _ = read_rules(rules)
    assert fresh is not None
    load_rules(rules)
    refuse_validation(monkeypatch)
    cached = load_rules(rules)
    for scenario in GUIDE:
        assert recommend(cached, pricing, scenario["answers"]) == recommend(
            fresh, pricing, scenario["answers"]), scenario["name"]


def test_the_validated_rules_survive_the_caches_json_exactly(rules: Path) -> None:
    """The cache stores plain JSON and rebuilds the dataclasses from their type hints, so
    every field of the schema must be JSON data (no set, no tuple where a list comes back)."""
    source, problems = validate_folder(rules)
    assert source is not None, problems
    plain = json.loads(json.dumps(cache.to_plain(source)))
    assert cache.from_plain(RulesSource, plain) == source


def test_an_explicit_null_keeps_its_operator() -> None:
    assert as_written({"key": "hosting", "eq": None}) == {
        "key": "hosting", "operator": "eq", "target": None}
    assert as_written({"key": "hosting", "ne": None, "in": None}) == {
        "key": "hosting", "operator": "ne", "target": None}


WARM_LOAD = """
import sys
from pathlib import Path
from advisor.rules import load_rules
before = set(sys.modules)
load_rules(Path(sys.argv[1]))
if sys.argv[2] == "warm":
    print(",".join(sorted(name for name in set(sys.modules) - before)))
    print(",".join(sorted(name for name in sys.modules if name.startswith(
        ("pydantic.", "advisor.rules.lint")))))
"""


def test_a_warm_load_imports_nothing_more(cache_folder: Path, rules: Path) -> None:
    """In a fresh interpreter: a warm load imports no module (not the pydantic schema, not the
    YAML reader), and importing `advisor.rules` brings in neither the schema, the explanations
    nor the lints."""
    for phase in ("cold", "warm"):
        done = subprocess.run([sys.executable, "-c", WARM_LOAD, str(rules), phase], cwd=REPO,
                              capture_output=True, text=True, check=False, timeout=60,
                              env={**os.environ, cache.CACHE_ENV: str(cache_folder)})
        assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["", ""], done.stdout
