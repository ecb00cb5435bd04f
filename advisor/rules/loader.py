"""Reading a rules folder: every `*.yaml` file in it, validated, every problem collected."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from advisor.errors import AdvisorError, Problem, RulesError
from advisor.rules.engine import Rule, RuleSet, compile_rule
from advisor.rules.model import CaveatSpec, RulesFile
from advisor.yamlio import LineDict, LineList, describe, dotted, load_data, locate


def rule_files(folder: Path) -> list[Path]:
    return sorted(path for pattern in ("*.yaml", "*.yml") for path in folder.glob(pattern))


def load_rules(folder: Path) -> RuleSet:
    """Load and validate a rules folder; any problem raises RulesError carrying all of them."""
    ruleset, problems = read_rules(folder)
    if problems:
        raise RulesError(problems)
    assert ruleset is not None
    return ruleset


def read_rules(folder: Path) -> tuple[RuleSet | None, list[Problem]]:
    """The rule set (None if any problem) and every problem found while loading it."""
    folder = Path(folder)
    if not folder.is_dir():
        return None, [Problem(str(folder), "not a folder; give a folder of rules *.yaml files")]
    files = rule_files(folder)
    if not files:
        return None, [Problem(str(folder), "no rules files (*.yaml) in this folder")]
    problems: list[Problem] = []
    rules: list[tuple[int, int, Rule]] = []
    caveats: list[CaveatSpec] = []
    for path in files:
        parsed, found = _read_file(path)
        problems += found
        if parsed is None:
            continue
        data, name, content = parsed
        for index, spec in enumerate(content.rules):
            line = locate(data, ("rules", index))
            rules.append((-spec.priority, len(rules), compile_rule(spec, name, line)))
        caveats += content.caveats
    problems += _duplicates([rule for _, _, rule in rules])
    if not rules and not problems:
        problems.append(Problem(str(folder), "the rules files hold no rules"))
    if problems:
        return None, problems
    ordered = tuple(rule for _, _, rule in sorted(rules, key=lambda item: item[:2]))
    by_option = {option: tuple(c for c in caveats if c.option == option)
                 for option in ("fine_tune", "rag", "hybrid")}
    return RuleSet(ordered, by_option, folder, tuple(str(path) for path in files)), []


def _read_file(path: Path) -> tuple[tuple[Any, str, RulesFile] | None, list[Problem]]:
    try:
        data, name = load_data(path, AdvisorError)
    except AdvisorError as exc:
        return None, [_syntax_problem(path, str(exc))]
    if data is None:
        data = LineDict()
    if not isinstance(data, dict):
        kind = "list" if isinstance(data, list) else type(data).__name__
        return None, [Problem(name, f"the top level must be a mapping with 'rules:' (and "
                                    f"optionally 'caveats:'), not a {kind}", 1)]
    try:
        return (data, name, RulesFile.model_validate(data)), []
    except ValidationError as exc:
        return None, [_problem(error, data, name) for error in exc.errors()]


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


def _problem(error: Any, data: Any, name: str) -> Problem:
    loc = tuple(error.get("loc", ()))
    entry = None
    if len(loc) >= 2 and loc[0] in ("rules", "caveats") and isinstance(loc[1], int):
        item = _item(data, loc[0], loc[1])
        if loc[0] == "rules" and isinstance(item, dict) and "id" in item:
            entry = f"rule {item['id']!r}"
        elif loc[0] == "caveats":
            entry = f"caveat {loc[1] + 1}"
    where = dotted(part for part in loc if part not in _TAGS)
    message = describe(error)
    return Problem(name, f"{where}: {message}" if where else message, locate(data, loc), entry)


_TAGS = ("function-after[_one_form(), Condition]",)


def _item(data: Any, section: str, index: int) -> Any:
    items = data.get(section) if isinstance(data, dict) else None
    if isinstance(items, LineList | list) and 0 <= index < len(items):
        return items[index]
    return None


def _duplicates(rules: list[Rule]) -> list[Problem]:
    seen: dict[str, Rule] = {}
    problems = []
    for rule in rules:
        first = seen.get(rule.id)
        if first is None:
            seen[rule.id] = rule
            continue
        where = first.path if first.line is None else f"{first.path}:{first.line}"
        problems.append(Problem(rule.path, f"duplicate rule id {rule.id!r}; first defined at {where}",
                                rule.line, f"rule {rule.id!r}"))
    return problems
