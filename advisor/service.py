"""One object that holds the loaded knowledge and rules and answers the advisor's questions.

The CLI commands and the TUI both go through `Advisor`, so each piece of data is loaded and
validated once, and the interview never re-implements a decision or a cost. Each part is
imported when it is first used: `advisor ask` loads neither the answers nor the costs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor.locations import knowledge_dir, rules_dir

if TYPE_CHECKING:
    from advisor.answers import ResolvedAnswers
    from advisor.faq import AskResult, FaqIndex
    from advisor.models import Costs, Pricing, Recommendation
    from advisor.rules import RuleSet
    from advisor.session import Question


@dataclass
class Advisor:
    """The knowledge and rules folders, loaded lazily: `ask` never loads the rules."""

    knowledge: Path
    rules_folder: Path | None = None
    _rules: RuleSet | None = field(default=None, repr=False)
    _faq: FaqIndex | None = field(default=None, repr=False)

    @classmethod
    def load(cls, rules: str | Path | None = None, knowledge: str | Path | None = None) -> Advisor:
        folder = knowledge_dir(knowledge)
        return cls(knowledge=folder, rules_folder=rules_dir(rules))

    @property
    def pricing(self) -> Pricing:
        from advisor.knowledge import load_pricing

        return load_pricing(self.knowledge)

    @property
    def questions(self) -> tuple[Question, ...]:
        from advisor.knowledge import load_questions

        return load_questions(self.knowledge)

    @property
    def rules(self) -> RuleSet:
        if self._rules is None:
            from advisor.rules import load_rules

            assert self.rules_folder is not None
            self._rules = load_rules(self.rules_folder)
        return self._rules

    @property
    def faq(self) -> FaqIndex:
        if self._faq is None:
            from advisor.faq import FaqIndex

            self._faq = FaqIndex.from_folder(self.knowledge)
        return self._faq

    def resolve(self, data: dict[str, Any], name: str = "answers") -> ResolvedAnswers:
        """Validate raw answers (as typed or loaded) and fill in the defaults."""
        from advisor.answers import read_answers

        return read_answers(data, name, self.pricing)

    def costs(self, resolved: ResolvedAnswers) -> Costs:
        from advisor.costs import compute_costs

        return compute_costs(resolved, self.pricing)

    def recommend(self, resolved: ResolvedAnswers) -> Recommendation:
        from advisor.rules import evaluate

        return evaluate(self.rules, resolved, self.pricing)

    def ask(self, query: str) -> AskResult:
        return self.faq.lookup(query)
