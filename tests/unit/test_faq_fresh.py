"""Fresh question sets for `advisor ask`, typed the way users type (data/faq_fresh.yaml).

Twelve sets of 30 questions and 8 off-topic ones, written two at a time, each pair before the
matcher was changed in response to it. Top-1 accuracy (and off-topic questions wrongly
answered, of 8) when each pair was first measured, untuned on it, next to the matcher as it
was before this work (commit 46670ef~1):

    sets    matcher at the time, untuned         matcher before the work
    1, 2    90% (1), 97% (0): that one, first try
    3, 4    97% (1), 93% (0)                     97% (2), 93% (0)
    5, 6    77% (1), 90% (0)                     80% (1), 90% (1)
    7, 8    93% (0), 87% (0)                     90% (0), 83% (1)
    9, 10   90% (0), 93% (0)                     93% (0), 97% (1)
    11, 12  90% (0), 97% (0)                     90% (0), 97% (0)

Over the five untuned rounds (sets 3-12): 272/300 top-1 (90.7%) against 273/300 (91.0%)
for the matcher before the work, and 2 of 80 off-topic questions answered against 6: the gain
is in turning away near-domain questions ("how much does a llama cost", "how do I reset my
password", "how do I train for a 10k run"), not yet in top-1 on fresh wording.

The pinned bar is the task's: at least 90% top-1 over all of them and in each set, and no
off-topic question answered.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from advisor.faq.index import FaqIndex
from advisor.knowledge import KNOWLEDGE_IDS

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"
DATA = Path(__file__).resolve().parent / "data" / "faq_fresh.yaml"
SETS: dict[str, dict[str, Any]] = yaml.safe_load(DATA.read_text(encoding="utf-8"))["sets"]
QUESTIONS = [(item["q"], item["id"]) for data in SETS.values() for item in data["questions"]]
OFF_TOPIC = [question for data in SETS.values() for question in data["off_topic"]]


@pytest.fixture(scope="module")
def index() -> FaqIndex:
    return FaqIndex.from_folder(KNOWLEDGE)


def _misses(index: FaqIndex, questions: list[tuple[str, str]]) -> list[tuple[str, str, str | None]]:
    misses = []
    for question, expected in questions:
        best = index.lookup(question).best
        if best is None or best.id != expected:
            misses.append((question, expected, best.id if best else None))
    return misses


def test_every_label_is_a_knowledge_id_and_every_entry_is_asked_about() -> None:
    labels = {expected for _question, expected in QUESTIONS}
    assert labels == set(KNOWLEDGE_IDS)


def test_the_questions_are_not_the_entries_own_words(index: FaqIndex) -> None:
    own = {" ".join(text.casefold().split()) for entry in index.entries
           for text in (entry.question, *entry.phrasings)}
    assert not [question for question, _ in QUESTIONS if " ".join(question.casefold().split()) in own]


def test_top1_accuracy_over_all_sets_is_at_least_90_percent(index: FaqIndex) -> None:
    misses = _misses(index, QUESTIONS)
    accuracy = 1 - len(misses) / len(QUESTIONS)
    assert accuracy >= 0.9, f"accuracy {accuracy:.0%}; wrong: {misses}"


@pytest.mark.parametrize("name", list(SETS))
def test_top1_accuracy_of_each_set_is_at_least_90_percent(index: FaqIndex, name: str) -> None:
    questions = [(item["q"], item["id"]) for item in SETS[name]["questions"]]
    misses = _misses(index, questions)
    accuracy = 1 - len(misses) / len(questions)
    assert accuracy >= 0.9, f"{name}: accuracy {accuracy:.0%}; wrong: {misses}"


@pytest.mark.parametrize("question", OFF_TOPIC)
def test_off_topic_questions_are_not_answered(index: FaqIndex, question: str) -> None:
    result = index.lookup(question)
    assert not result.answered, [(match.id, match.score) for match in result.matches]
    assert result.level == "low"
