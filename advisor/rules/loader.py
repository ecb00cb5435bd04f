"""Reading a rules folder: every `*.yaml` file in it, validated, every problem collected.

Validation (pydantic, in `advisor.rules.model`) runs only when a rules file changed: its
result, the rules in their runtime form (`advisor.rules.spec`), is cached by `advisor.cache`,
and a load that finds it compiles the conditions without importing pydantic at all. A broken
folder is never cached, so its problems are reported on every load.
"""

from __future__ import annotations

from pathlib import Path

from advisor.cache import cached
from advisor.errors import Problem, RulesError
from advisor.rules.engine import RuleSet, compile_rule
from advisor.rules.spec import CaveatSpec, PlacedRule, RulesSource


def rule_files(folder: Path) -> list[Path]:
    return sorted(path for pattern in ("*.yaml", "*.yml") for path in folder.glob(pattern))


def load_rules(folder: Path) -> RuleSet:
    """Load and validate a rules folder; any problem raises RulesError carrying all of them.

    The folder itself is a source of the cache, so adding or removing a file rebuilds too.
    """
    folder = Path(folder)
    source = cached("rules", [folder, *rule_files(folder)], lambda: _validated(folder))
    return compile_rules(source, folder)


def read_rules(folder: Path) -> tuple[RuleSet | None, list[Problem]]:
    """The rule set (None if any problem) and every problem found while loading it, always
    validated afresh (for `rules check`)."""
    folder = Path(folder)
    source, problems = validate_folder(folder)
    if source is None:
        return None, problems
    return compile_rules(source, folder), []


def compile_rules(source: RulesSource, folder: Path) -> RuleSet:
    """The validated rules with their conditions compiled, and the caveats by option."""
    rules = tuple(compile_rule(placed.spec, placed.path, placed.line) for placed in source.rules)
    by_option = {option: tuple(c for c in source.caveats if c.option == option)
                 for option in ("fine_tune", "rag", "hybrid")}
    return RuleSet(rules, by_option, folder, source.files)


def _validated(folder: Path) -> RulesSource:
    source, problems = validate_folder(folder)
    if source is None:
        raise RulesError(problems)
    return source


def validate_folder(folder: Path) -> tuple[RulesSource | None, list[Problem]]:
    """The folder's rules in evaluation order (None if any problem) and every problem found."""
    if not folder.is_dir():
        return None, [Problem(str(folder), "not a folder; give a folder of rules *.yaml files")]
    files = rule_files(folder)
    if not files:
        return None, [Problem(str(folder), "no rules files (*.yaml) in this folder")]
    from advisor.rules.model import validate_file

    problems: list[Problem] = []
    rules: list[PlacedRule] = []
    caveats: list[CaveatSpec] = []
    for path in files:
        found_rules, found_caveats, found = validate_file(path)
        rules += found_rules
        caveats += found_caveats
        problems += found
    problems += _duplicates(rules)
    if not rules and not problems:
        problems.append(Problem(str(folder), "the rules files hold no rules"))
    if problems:
        return None, problems
    # sorted() is stable: rules of equal priority keep their file order.
    ordered = tuple(sorted(rules, key=lambda placed: -placed.spec.priority))
    return RulesSource(ordered, tuple(caveats), tuple(str(path) for path in files)), []


def _duplicates(rules: list[PlacedRule]) -> list[Problem]:
    seen: dict[str, PlacedRule] = {}
    problems = []
    for rule in rules:
        rule_id = rule.spec.id
        first = seen.get(rule_id)
        if first is None:
            seen[rule_id] = rule
            continue
        where = first.path if first.line is None else f"{first.path}:{first.line}"
        problems.append(Problem(rule.path, f"duplicate rule id {rule_id!r}; first defined at {where}",
                                rule.line, f"rule {rule_id!r}"))
    return problems
