"""Reading a rules folder: every `*.yaml` file in it, validated, every problem collected.

Validation (pydantic, against `advisor.rules.schema`) runs only when a rules file changed:
its result is cached by `advisor.cache`, and a load that finds it compiles the conditions
without importing pydantic or the YAML reader at all. A broken folder is never cached, so its
problems are reported on every load.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from advisor.cache import cached
from advisor.errors import AdvisorError, Problem, RulesError
from advisor.rules.compile import RuleSet, compile_rules
from advisor.rules.schema import Caveat, Conflict, PlacedRule, RulesFile, RulesSource
from advisor.validation import check, locate
from advisor.yamlio import LineDict, load_data


def rule_files(folder: Path) -> list[Path]:
    return sorted(path for pattern in ("*.yaml", "*.yml") for path in folder.glob(pattern))


def load_rules(folder: Path) -> RuleSet:
    """Load and validate a rules folder; any problem raises RulesError carrying all of them.

    The folder itself is a source of the cache, so adding or removing a file rebuilds too.
    """
    folder = Path(folder)
    source = cached("rules", [folder, *rule_files(folder)], lambda: _validated(folder), RulesSource)
    return compile_rules(source, folder)


def read_rules(folder: Path) -> tuple[RuleSet | None, list[Problem]]:
    """The rule set (None if any problem) and every problem found while loading it, always
    validated afresh (for `rules check`)."""
    folder = Path(folder)
    source, problems = validate_folder(folder)
    if source is None:
        return None, problems
    return compile_rules(source, folder), []


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
    problems: list[Problem] = []
    rules: list[PlacedRule] = []
    caveats: list[Caveat] = []
    conflicts: list[Conflict] = []
    for path in files:
        found_rules, content, found = validate_file(path)
        rules += found_rules
        if content is not None:
            caveats += content.caveats
            conflicts += content.conflicts
        problems += found
    problems += _duplicates(rules)
    if not rules and not problems:
        problems.append(Problem(str(folder), "the rules files hold no rules"))
    if problems:
        return None, problems
    # sorted() is stable: rules of equal priority keep their file order.
    ordered = tuple(sorted(rules, key=lambda placed: -placed.spec.priority))
    return RulesSource(ordered, tuple(caveats), tuple(str(path) for path in files),
                       tuple(conflicts)), []


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


def validate_file(path: Path) -> tuple[list[PlacedRule], RulesFile | None, list[Problem]]:
    """One rules file's rules (in file order, with their lines) and its whole content (for
    the caveats and conflicts), or every problem found in it (and neither)."""
    data, name, problems = _read_mapping(path)
    if problems:
        return [], None, problems
    content, problems = check(RulesFile, data, name)
    if content is None:
        return [], None, [_name_entry(problem, data) for problem in problems]
    rules = [PlacedRule(rule, name, locate(data, ("rules", index)))
             for index, rule in enumerate(content.rules)]
    return rules, content, []


def _read_mapping(path: Path) -> tuple[Any, str, list[Problem]]:
    """The file's top-level mapping (an empty file is an empty one) and its name as shown."""
    try:
        data, name = load_data(path, AdvisorError)
    except AdvisorError as exc:
        return None, str(path), [_syntax_problem(path, str(exc))]
    if data is None:
        data = LineDict()
    if not isinstance(data, dict):
        kind = "list" if isinstance(data, list) else type(data).__name__
        return None, name, [Problem(name, f"the top level must be a mapping with 'rules:' (and "
                                          f"optionally 'caveats:'), not a {kind}", 1)]
    return data, name, []


def _syntax_problem(path: Path, message: str) -> Problem:
    """A read or YAML error: its message already starts with the file name and line."""
    rest = message.removeprefix(str(path))
    line = None
    if rest.startswith(":"):
        head, _, tail = rest[1:].partition(":")
        if head.isdigit():
            line = int(head)
            rest = tail.split(":", 1)[1] if tail[:1].isdigit() else tail
        else:
            rest = rest[1:]
    return Problem(str(path), rest.strip(" :"), line)


_ENTRY = re.compile(r"(rules|caveats|conflicts)\[(\d+)\]")


def _name_entry(problem: Problem, data: Any) -> Problem:
    """The problem with the entry it concerns named as `rules check` names it: `rule 'its-id'`
    or `caveat 2`. Its message starts where `check` located it (`rules[3].when: ...`)."""
    found = _ENTRY.match(problem.message)
    if found is None:
        return problem
    section, index = found.group(1), int(found.group(2))
    if section == "caveats":
        return replace(problem, entry=f"caveat {index + 1}")
    items = data.get(section)
    item = items[index] if isinstance(items, list) and index < len(items) else None
    if isinstance(item, dict) and "id" in item:
        kind = "rule" if section == "rules" else "conflict"
        return replace(problem, entry=f"{kind} {item['id']!r}")
    return problem
