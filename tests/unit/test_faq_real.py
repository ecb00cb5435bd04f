"""`advisor ask` on questions people really wrote (data/faq_real.yaml: GitHub issue titles and
bodies, labelled before any run, split once into a tune half and a test half).

The matcher was tuned on the tune half only; the test half is measured, never tuned on. The
figures measured before this work (commit 25ade53) and now are in `BEFORE` and `FLOORS`;
the floors pin today's figures so that a regression fails. Run this module as a script to
print the figures and, with -v, every miss of one half:

    .venv/bin/python tests/unit/test_faq_real.py [tune|test] [-v]
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from advisor.faq.index import FaqIndex  # noqa: E402
from advisor.knowledge import KNOWLEDGE_IDS  # noqa: E402

KNOWLEDGE = REPO / "knowledge"
DATA = Path(__file__).resolve().parent / "data" / "faq_real.yaml"
QUESTIONS: list[dict[str, Any]] = yaml.safe_load(DATA.read_text(encoding="utf-8"))["questions"]
DECIDE_ENTRIES = ("when-fine-tuning", "when-rag", "hybrid")

BEFORE = {("tune", "on"): 0.41, ("tune", "off"): 0.51, ("test", "on"): 0.49, ("test", "off"): 0.52}
"""Top-1 on topic and share of the rest declined, measured before this work."""
TARGETS = {("test", "on"): 0.90, ("test", "off"): 0.90}
"""What the issue asked for on the test half; not yet met (the test says so as an xfail)."""
FLOORS = {("tune", "on"): 0.85, ("tune", "off"): 0.9, ("test", "on"): 0.6, ("test", "off"): 0.72}
"""Today's figures, rounded down: a change that scores below them is a regression. Tune half
61/71 and 48/53; test half 42/70 and 36/50 (the first round of this work left 56/71,
39/53, 45/70 and 25/50: the scope gate now declines far more issues about one tool, at the
cost of three on-topic questions of the test half)."""


@dataclass
class Outcome:
    question: dict[str, Any]
    ok: bool
    got: str


def judge(index: FaqIndex, question: dict[str, Any]) -> Outcome:
    """On topic: the best entry is one of `expect` ("decide": the decision summary, or one of
    its entries). Adjacent, off topic or another language: not answered."""
    result = index.lookup(question["q"])
    best = result.best.id if result.best else None
    got = "decide" if result.decide else (best or f"({result.kind})")
    if question["scope"] != "on_topic":
        return Outcome(question, not result.answered, got)
    expected = question["expect"] if isinstance(question["expect"], list) else [question["expect"]]
    ok = best in expected or ("decide" in expected and (result.decide or best in DECIDE_ENTRIES))
    return Outcome(question, ok, got)


def figures(index: FaqIndex, split: str) -> dict[str, list[Outcome]]:
    """The outcomes of one half, on topic ("on") and the rest ("off")."""
    found: dict[str, list[Outcome]] = {"on": [], "off": []}
    for question in QUESTIONS:
        if question["split"] == split:
            kind = "on" if question["scope"] == "on_topic" else "off"
            found[kind].append(judge(index, question))
    return found


def share(outcomes: list[Outcome]) -> float:
    return sum(outcome.ok for outcome in outcomes) / len(outcomes)


@pytest.fixture(scope="module")
def index() -> FaqIndex:
    return FaqIndex.from_folder(KNOWLEDGE)


def test_the_labels_are_knowledge_ids_and_the_halves_are_fixed() -> None:
    labels = {label for question in QUESTIONS if question["scope"] == "on_topic"
              for label in (question["expect"] if isinstance(question["expect"], list)
                            else [question["expect"]])}
    assert labels <= {*KNOWLEDGE_IDS, "decide"}
    assert {question["split"] for question in QUESTIONS} == {"tune", "test"}
    assert len(QUESTIONS) == 244


@pytest.mark.parametrize(("split", "kind"), list(FLOORS))
def test_no_half_falls_below_its_floor(index: FaqIndex, split: str, kind: str) -> None:
    outcomes = figures(index, split)[kind]
    measured = share(outcomes)
    misses = [(outcome.question["q"][:80], outcome.got) for outcome in outcomes if not outcome.ok]
    assert measured >= FLOORS[(split, kind)], f"{split} {kind}: {measured:.0%}; misses: {misses}"


@pytest.mark.parametrize(("split", "kind"), list(TARGETS))
def test_the_test_half_meets_the_issues_targets(index: FaqIndex, split: str, kind: str) -> None:
    measured = share(figures(index, split)[kind])
    if measured < TARGETS[(split, kind)]:
        pytest.xfail(f"{split} {kind}: {measured:.0%}, target {TARGETS[(split, kind)]:.0%}")


def main(argv: list[str]) -> None:
    index = FaqIndex.from_folder(KNOWLEDGE)
    verbose = "-v" in argv
    splits = [arg for arg in argv if arg in ("tune", "test")] or ["tune", "test"]
    for split in splits:
        for kind, outcomes in figures(index, split).items():
            right = sum(outcome.ok for outcome in outcomes)
            label = "top-1 on topic" if kind == "on" else "declined, not on topic"
            print(f"{split} {label}: {right}/{len(outcomes)} = {right / len(outcomes):.0%} "
                  f"(before: {BEFORE[(split, kind)]:.0%})")
            if verbose and len(splits) == 1:
                for outcome in outcomes:
                    if not outcome.ok:
                        print(f"  miss: expected {outcome.question['expect']}, got "
                              f"{outcome.got}: {outcome.question['q'][:100]}")


if __name__ == "__main__":
    main(sys.argv[1:])
