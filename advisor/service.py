"""`Advisor`: the one seam between the core and its users, the CLI and the TUI.

Each use case is one method: read answers, recommend, costs, ask, list the FAQ, check rules,
write a summary. Each file is loaded and validated at most once per `Advisor`, when a use case
first needs it, so `advisor ask` never loads the rules and `advisor costs` never loads the FAQ.

Each use case also imports its own engine when it runs (the one place in the core that imports
late): importing every stage costs a command about as much again as the budget allows, and
`ask` needs none of the cost and rule engines, `costs` none of the rules or the FAQ.
"""

from __future__ import annotations

from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor.errors import AdvisorError, OutputError, Problem
from advisor.files import write_together
from advisor.knowledge import Pricing, Question, load_pricing, load_questions
from advisor.locations import knowledge_dir, rules_dir

if TYPE_CHECKING:
    from advisor.answers.read import ResolvedAnswers
    from advisor.costs import Costs
    from advisor.decision import Recommendation
    from advisor.faq.index import AskResult, FaqIndex
    from advisor.faq.schema import FaqEntry
    from advisor.rules import RuleSet, RuleUse


class Advisor:
    """The knowledge and rules folders, and everything the advisor does with them."""

    def __init__(self, knowledge: Path, rules_folder: Path | None = None) -> None:
        self.knowledge = knowledge
        self.rules_folder = rules_folder

    @classmethod
    def load(cls, rules: str | Path | None = None, knowledge: str | Path | None = None) -> Advisor:
        """The folders given, else from the environment, else the shipped ones."""
        return cls(knowledge=knowledge_dir(knowledge), rules_folder=rules_dir(rules))

    # --- the data, loaded on first use ---------------------------------------------------

    @cached_property
    def pricing(self) -> Pricing:
        return load_pricing(self.knowledge)

    @cached_property
    def questions(self) -> tuple[Question, ...]:
        return load_questions(self.knowledge)

    @cached_property
    def rules(self) -> RuleSet:
        from advisor.rules import load_rules  # see the module docstring

        if self.rules_folder is None:
            self.rules_folder = rules_dir()
        return load_rules(self.rules_folder)

    @cached_property
    def faq(self) -> FaqIndex:
        from advisor.faq.index import FaqIndex  # see the module docstring

        return FaqIndex.from_folder(self.knowledge)

    # --- use cases -----------------------------------------------------------------------

    def read_answers(self, path: str | Path) -> ResolvedAnswers:
        """An answers file (`-` is standard input), validated, with the defaults filled in."""
        from advisor.costs import load_answers  # see the module docstring

        return load_answers(path, self.pricing)

    def resolve(self, data: dict[str, Any], name: str = "answers") -> ResolvedAnswers:
        """Raw answers (as typed or loaded), validated, with the defaults filled in."""
        from advisor.costs import read_answers  # see the module docstring

        return read_answers(data, name, self.pricing)

    def costs(self, resolved: ResolvedAnswers) -> Costs:
        from advisor.costs import compute_costs  # see the module docstring

        return compute_costs(resolved, self.pricing)

    def recommend(self, resolved: ResolvedAnswers) -> Recommendation:
        from advisor.decision import evaluate  # see the module docstring

        return evaluate(self.rules, resolved, self.pricing)

    def ask(self, query: str) -> AskResult:
        return self.faq.lookup(query)

    def faq_entries(self) -> list[FaqEntry]:
        """Every question `ask` can answer, in the knowledge base's order."""
        return self.faq.entries

    def rules_reading(self, key: str) -> list[RuleUse]:
        """The rules that read an answers key (the interview's "why is this asked?")."""
        return self.rules.reading(key)

    def check_rules(self, folder: str | Path | None = None) -> tuple[RuleSet | None, list[Problem]]:
        """A rules folder validated afresh and linted: the rule set and every problem."""
        from advisor.rules.lint import lint_rules  # see the module docstring
        from advisor.rules.load import read_rules

        chosen = Path(folder) if folder is not None else (self.rules_folder or rules_dir())
        ruleset, problems = read_rules(chosen)
        if ruleset is not None:
            problems = lint_rules(ruleset, self.pricing)
        return ruleset, problems

    def summary(self, rec: Recommendation, resolved: ResolvedAnswers | None = None,
                today: date | None = None) -> str:
        """The meeting summary as Markdown; without the FAQ it still renders, citing ids."""
        from advisor.present.markdown import render_markdown  # see the module docstring

        try:
            entries: list[FaqEntry] | None = self.faq_entries()
        except AdvisorError:
            entries = None
        return render_markdown(rec, resolved, entries, today)

    def save_summary(self, rec: Recommendation, resolved: ResolvedAnswers | None, md_path: Path,
                     force: bool = False, today: date | None = None) -> tuple[Path, Path]:
        """The Markdown summary and its JSON beside it (same name, .json): both or neither."""
        from advisor.present.json import render_json  # see the module docstring

        md_path = Path(md_path)
        json_path = md_path.with_suffix(".json")
        if md_path == json_path:
            raise OutputError(f"{md_path}: give the summary a .md name; the JSON goes beside it")
        write_together({md_path: self.summary(rec, resolved, today), json_path: render_json(rec)},
                       force)
        return md_path, json_path
