"""The rule engine: YAML decision rules, validated on load, compiled, evaluated, explained.

    from advisor.rules import RuleSet, load_rules, evaluate, check_rules

`load_rules(folder)` raises `RulesError` carrying every problem; `evaluate(ruleset, resolved,
pricing)` returns a `Recommendation`; `check_rules(folder)` adds the lints of `rules check`.

Importing this package stays cheap: the explanations and the lints are imported on first use
(`evaluate`, `check_rules`, `lint_rules`), so a command that only loads the rules pays for
neither.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from advisor.rules.engine import Rule, RuleSet, RuleUse
from advisor.rules.loader import load_rules

if TYPE_CHECKING:
    from advisor.rules.explain import evaluate
    from advisor.rules.lint import check_rules, lint_rules

__all__ = ["Rule", "RuleSet", "RuleUse", "check_rules", "evaluate", "lint_rules", "load_rules"]

_LAZY = {"evaluate": "advisor.rules.explain", "check_rules": "advisor.rules.lint",
         "lint_rules": "advisor.rules.lint"}
"""The names imported from their module when first asked for."""


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
