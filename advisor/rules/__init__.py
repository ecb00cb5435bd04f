"""The rule engine: YAML decision rules, validated on load, compiled into closures, decided.

`load_rules(folder)` raises `RulesError` carrying every problem; `decide(ruleset, values)`
finds the rules that hold and the winner; `lint_rules` adds the checks of `rules check`.
"""

from advisor.rules.engine import Rule, RuleSet, RuleUse
from advisor.rules.loader import load_rules

__all__ = ["Rule", "RuleSet", "RuleUse", "load_rules"]
