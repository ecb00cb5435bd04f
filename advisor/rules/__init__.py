"""The rule engine: YAML decision rules, validated on load, compiled, evaluated, explained.

    from advisor.rules import RuleSet, load_rules, evaluate, check_rules

`load_rules(folder)` raises `RulesError` carrying every problem; `evaluate(ruleset, resolved,
pricing)` returns a `Recommendation`; `check_rules(folder)` adds the lints of `rules check`.
"""

from __future__ import annotations

from advisor.rules.engine import Rule, RuleSet, RuleUse
from advisor.rules.explain import evaluate
from advisor.rules.lint import check_rules, lint_rules
from advisor.rules.loader import load_rules

__all__ = ["Rule", "RuleSet", "RuleUse", "check_rules", "evaluate", "lint_rules", "load_rules"]
