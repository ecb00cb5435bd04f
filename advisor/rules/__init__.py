"""The rule engine: YAML decision rules, validated on load, compiled into closures, decided.

- `schema`: the rules file format, the dataclasses a file is validated into;
- `load`: `load_rules(folder)`, which raises `RulesError` carrying every problem;
- `compile`: each condition as a closure, and the compiled `Rule` and `RuleSet`;
- `decide`: `decide(ruleset, values)` finds the rules that hold, the scores and the winner;
- `lint`: `lint_rules`, the checks `rules check` adds.
"""

from advisor.rules.compile import Rule, RuleSet, RuleUse
from advisor.rules.load import load_rules

__all__ = ["Rule", "RuleSet", "RuleUse", "load_rules"]
