"""`advisor ask` on questions people really wrote: GitHub issue titles and bodies, in three
batches gathered apart (data/faq_real.yaml, data/faq_real_batch2.yaml, then
data/faq_real_batch3.yaml), each labelled before any run and split once into a tune half and a
test half.

The matcher is tuned on tune halves only; test halves are measured, never tuned on. The
figures measured before any tuning (batch 1: commit 25ade53; batches 2 and 3: as they arrived) and now
are in `BEFORE` and `FLOORS`; the floors pin today's figures so that a regression fails. Run
this module as a script to print the figures and, with -v, every miss of the tune halves
(a test half's misses are never printed, so that nobody tunes on them by accident):

    .venv/bin/python tests/unit/test_faq_real.py [tune|test] [-v]

The questions of batches 1 to 3 were also labelled a second time, blind to the first labels
(data/faq_real_relabelled.yaml): the script prints how far the two agree, and the matcher's
figures on the questions whose scope both labellings agree on.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from advisor.faq.index import FaqIndex  # noqa: E402
from advisor.knowledge import KNOWLEDGE_IDS  # noqa: E402

KNOWLEDGE = REPO / "knowledge"
DATA = Path(__file__).resolve().parent / "data"
BATCHES = {1: DATA / "faq_real.yaml", 2: DATA / "faq_real_batch2.yaml",
           3: DATA / "faq_real_batch3.yaml", 4: DATA / "faq_real_batch4.yaml"}
QUESTIONS: list[dict[str, Any]] = [
    {"batch": batch, **question}
    for batch, path in BATCHES.items()
    for question in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]]
DECIDE_ENTRIES = ("when-fine-tuning", "when-rag", "hybrid")
T = TypeVar("T")
SECOND: dict[tuple[str, str], dict[str, Any]] = {
    (question["q"], question["link"]): question
    for question in yaml.safe_load((DATA / "faq_real_relabelled.yaml").read_text(
        encoding="utf-8"))["questions"]}
"""The questions of batches 1 to 3 labelled a second time, blind to the first labels
(data/faq_real_relabelled.yaml)."""
TWICE = [question for question in QUESTIONS if question["batch"] <= 3]
"""The questions labelled twice."""

BEFORE = {(1, "tune", "on"): 0.41, (1, "tune", "off"): 0.51,
          (1, "test", "on"): 0.49, (1, "test", "off"): 0.52,
          (2, "tune", "on"): 0.57, (2, "tune", "off"): 0.59,
          (2, "test", "on"): 0.50, (2, "test", "off"): 0.53,
          (3, "tune", "on"): 0.67, (3, "tune", "off"): 0.68,
          (3, "test", "on"): 0.53, (3, "test", "off"): 0.69,
          (4, "tune", "on"): 0.71, (4, "tune", "off"): 0.72,
          (4, "test", "on"): 0.58, (4, "test", "off"): 0.62}
"""Top-1 on topic and share of the rest declined, measured before any tuning on the batch."""
TARGETS = {(batch, "test", kind): 0.90 for batch in BATCHES for kind in ("on", "off")}
"""What the issue asked for on the test half; not yet met (the test says so as an xfail)."""
FLOORS = {(1, "tune", "on"): 0.85, (1, "tune", "off"): 0.9,
          (1, "test", "on"): 0.6, (1, "test", "off"): 0.72,
          (2, "tune", "on"): 0.69, (2, "tune", "off"): 0.63,
          (2, "test", "on"): 0.48, (2, "test", "off"): 0.54,
          (3, "tune", "on"): 0.69, (3, "tune", "off"): 0.72,
          (3, "test", "on"): 0.55, (3, "test", "off"): 0.72,
          (4, "tune", "on"): 0.70, (4, "tune", "off"): 0.76,
          (4, "test", "on"): 0.57, (4, "test", "off"): 0.61}
"""Today's figures, rounded down: a change that scores below them is a regression. Batch 1:
tune 61/71 and 48/53, test 42/70 and 37/50. Batch 2 (gathered after batch 1 was tuned on):
tune 39/56 and 43/63, test 28/58 and 37/66. Batch 3 (gathered after batch 2 was tuned on;
on arrival tune 31/46 and 50/74, test 24/45 and 50/72): tune 32/46 and 54/74, test 25/45
and 53/72. Batch 4 (gathered after every change above; on arrival tune 17/24 and 52/72,
test 15/26 and 45/73): tune 17/24 and 55/72, test 15/26 and 45/73."""


@dataclass
class Outcome:
    question: dict[str, Any]
    ok: bool
    got: str


def labels(question: dict[str, Any]) -> set[str | None]:
    """A question's `expect` as a set: one id, a list of ids, "decide" or None."""
    expect = question["expect"]
    return set(expect) if isinstance(expect, list) else {expect}


def judge(index: FaqIndex, question: dict[str, Any]) -> Outcome:
    """On topic: the best entry is one of `expect` ("decide": the decision summary, or one of
    its entries). Adjacent, off topic or another language: not answered."""
    result = index.lookup(question["q"])
    best = result.best.id if result.best else None
    got = "decide" if result.decide else (best or f"({result.kind})")
    if question["scope"] != "on_topic":
        return Outcome(question, not result.answered, got)
    expected = labels(question)
    ok = best in expected or ("decide" in expected and (result.decide or best in DECIDE_ENTRIES))
    return Outcome(question, ok, got)


def agrees(first: dict[str, Any], second: dict[str, Any]) -> bool:
    """Whether a second label gives the outcome the first asks for, judged as the matcher is:
    both decline, or both on topic with an answer that satisfies both."""
    if (first["scope"] == "on_topic") != (second["scope"] == "on_topic"):
        return False
    if first["scope"] != "on_topic":
        return True
    ours, theirs = labels(first), labels(second)
    decide = {"decide", *DECIDE_ENTRIES}
    return bool(ours & theirs or ("decide" in ours and theirs & decide)
                or ("decide" in theirs and ours & decide))


def by_kind(questions: list[dict[str, Any]],
            mark: Callable[[dict[str, Any]], T]) -> dict[str, list[T]]:
    """`mark` of every question, on topic ("on") and the rest ("off")."""
    found: dict[str, list[T]] = {"on": [], "off": []}
    for question in questions:
        found["on" if question["scope"] == "on_topic" else "off"].append(mark(question))
    return found


def second(question: dict[str, Any]) -> dict[str, Any]:
    return SECOND[(question["q"], question["link"])]


def second_labelling(split: str) -> dict[str, float]:
    """The second labelling scored against the first the way the matcher is: top-1 on topic
    ("on") and the rest declined ("off")."""
    marks = by_kind([question for question in TWICE if question["split"] == split],
                    lambda question: agrees(question, second(question)))
    return {kind: sum(found) / len(found) for kind, found in marks.items()}


def on_agreed(index: FaqIndex, split: str) -> dict[str, list[Outcome]]:
    """The matcher's outcomes on the questions whose scope both labellings agree on."""
    agreed = [question for question in TWICE if question["split"] == split
              and (question["scope"] == "on_topic") == (second(question)["scope"] == "on_topic")]
    return by_kind(agreed, lambda question: judge(index, question))


def figures(index: FaqIndex, batch: int, split: str) -> dict[str, list[Outcome]]:
    """The outcomes of one half of a batch, on topic ("on") and the rest ("off")."""
    half = [question for question in QUESTIONS
            if question["batch"] == batch and question["split"] == split]
    return by_kind(half, lambda question: judge(index, question))


def share(outcomes: list[Outcome]) -> float:
    return sum(outcome.ok for outcome in outcomes) / len(outcomes)


@pytest.fixture(scope="module")
def index() -> FaqIndex:
    return FaqIndex.from_folder(KNOWLEDGE)


def test_the_labels_are_knowledge_ids_and_the_halves_are_fixed() -> None:
    used = {label for question in QUESTIONS if question["scope"] == "on_topic"
            for label in labels(question)}
    assert used <= {*KNOWLEDGE_IDS, "decide"}
    assert {(question["batch"], question["split"]) for question in QUESTIONS} == {
        (batch, split) for batch in BATCHES for split in ("tune", "test")}
    assert len(QUESTIONS) == 244 + 243 + 237 + 195
    assert len({question["q"].casefold() for question in QUESTIONS}) == len(QUESTIONS)


def test_a_second_blind_labelling_covers_every_question_with_knowledge_ids() -> None:
    assert set(SECOND) == {(question["q"], question["link"]) for question in TWICE}
    for question in SECOND.values():
        if question["scope"] == "on_topic":
            assert labels(question) <= {*KNOWLEDGE_IDS, "decide"}, question["q"]
        else:
            assert question["expect"] is None, question["q"]


@pytest.mark.parametrize("split", ["tune", "test"])
def test_a_second_labelling_reproduces_the_first_as_measured(split: str) -> None:
    """How far a careful person agrees with the labels: nearly every decline, but only about
    four in five of the on-topic answers (the figures the README quotes against the 90%
    target): a matcher above that on one person's labels would be fitting that person."""
    measured = second_labelling(split)
    assert 0.75 <= measured["on"] <= 0.82, measured
    assert measured["off"] >= 0.95, measured


@pytest.mark.parametrize(("batch", "split", "kind"), list(FLOORS))
def test_no_half_falls_below_its_floor(index: FaqIndex, batch: int, split: str,
                                       kind: str) -> None:
    outcomes = figures(index, batch, split)[kind]
    measured = share(outcomes)
    assert measured >= FLOORS[(batch, split, kind)], (
        f"batch {batch} {split} {kind}: {measured:.0%} "
        f"({sum(outcome.ok for outcome in outcomes)}/{len(outcomes)})")


@pytest.mark.parametrize(("batch", "split", "kind"), list(TARGETS))
def test_the_test_halves_meet_the_issues_targets(index: FaqIndex, batch: int, split: str,
                                                 kind: str) -> None:
    measured = share(figures(index, batch, split)[kind])
    if measured < TARGETS[(batch, split, kind)]:
        pytest.xfail(f"batch {batch} {split} {kind}: {measured:.0%}, "
                     f"target {TARGETS[(batch, split, kind)]:.0%}")


def main(argv: list[str]) -> None:
    index = FaqIndex.from_folder(KNOWLEDGE)
    verbose = "-v" in argv
    splits = [arg for arg in argv if arg in ("tune", "test")] or ["tune", "test"]
    for batch in BATCHES:
        for split in splits:
            for kind, outcomes in figures(index, batch, split).items():
                right = sum(outcome.ok for outcome in outcomes)
                label = "top-1 on topic" if kind == "on" else "declined, not on topic"
                print(f"batch {batch} {split} {label}: {right}/{len(outcomes)} = "
                      f"{right / len(outcomes):.0%} (before: {BEFORE[(batch, split, kind)]:.0%})")
                if verbose and split == "tune":
                    for outcome in outcomes:
                        if not outcome.ok:
                            print(f"  miss: expected {outcome.question['expect']}, got "
                                  f"{outcome.got}: {outcome.question['q'][:100]}")
    for split in splits:
        agreement = second_labelling(split)
        agreed = {kind: f"{sum(o.ok for o in outcomes)}/{len(outcomes)} = {share(outcomes):.0%}"
                  for kind, outcomes in on_agreed(index, split).items()}
        print(f"{split} halves, a second labelling against the first: top-1 on topic "
              f"{agreement['on']:.0%}, declined {agreement['off']:.0%}; the matcher where both "
              f"agree on the scope: top-1 on topic {agreed['on']}, declined {agreed['off']}")


if __name__ == "__main__":
    main(sys.argv[1:])
