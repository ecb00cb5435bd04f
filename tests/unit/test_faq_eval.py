"""The evaluation set for `advisor ask`: how people really phrase questions.

Each phrasing is worded differently from its entry's own question and phrasings in
knowledge/faq.yaml (typos, shorthand, model sizes, synonyms, questions inside sentences). The
accuracy it pins is the one reported in the README.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.faq import FaqIndex

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"

PHRASINGS: list[tuple[str, str]] = [
    # training-data-size
    ("is 500 samples enough?", "training-data-size"),
    ("how big a dataset do I need to finetune", "training-data-size"),
    ("minimum number of training examples for FT", "training-data-size"),
    ("we have ~2k labeled rows, will that do?", "training-data-size"),
    ("does quantity of data matter or quality", "training-data-size"),
    # unlabeled-data
    ("can I fine tune without labels", "unlabeled-data"),
    ("we don't have annotated data, only raw docs", "unlabeled-data"),
    ("unsupervised finetuning any good?", "unlabeled-data"),
    ("is labelling mandatory before training", "unlabeled-data"),
    # training-time
    ("finetuning duration for llama 7b", "training-time"),
    ("how long will training a 70 b model take", "training-time"),
    ("hours needed to fine-tune 405B", "training-time"),
    ("how much time does one fine tuning run need", "training-time"),
    ("is fine-tuning a 7B an overnight job or minutes?", "training-time"),
    # continuous-fine-tuning
    ("can the model keep learning as new data arrives", "continuous-fine-tuning"),
    ("incremental finetuning in batches", "continuous-fine-tuning"),
    ("continual training without starting from scratch each time", "continuous-fine-tuning"),
    ("will my model forget old stuff if I keep fine-tuning it", "continuous-fine-tuning"),
    # rag-vs-keyword-search
    ("isn't RAG just keyword search?", "rag-vs-keyword-search"),
    ("how is retrieval different from ctrl+f", "rag-vs-keyword-search"),
    ("rag vs elasticsearch keyword matching", "rag-vs-keyword-search"),
    ("does retrieval understand meaning or just match words", "rag-vs-keyword-search"),
    ("embeddings versus bm25", "rag-vs-keyword-search"),
    # retraining-frequency
    ("how often should we retrain", "retraining-frequency"),
    ("retraining cadence for a tuned model", "retraining-frequency"),
    ("do I need to re-train monthly or yearly", "retraining-frequency"),
    ("our docs rarely change, how frequently to refresh the model?", "retraining-frequency"),
    # rag-on-api
    ("can I use the openai api for rag over my pdfs", "rag-on-api"),
    ("upload our docs to claude and ask questions about them?", "rag-on-api"),
    ("do I have to self host a vector store or can a provider do retrieval", "rag-on-api"),
    ("hosted retrieval from anthropic", "rag-on-api"),
    # fine-tuning
    ("what does fine tuning mean", "fine-tuning"),
    ("fine tuning", "fine-tuning"),
    ("what am I paying for with finetuning", "fine-tuning"),
    ("gpu cost to tune llama 70b", "fine-tuning"),
    ("how does finetuning change the weights", "fine-tuning"),
    # rag
    ("what is retrieval augmented generation", "rag"),
    ("RAG", "rag"),
    ("how much is one rag query", "rag"),
    ("pinecone vs weaviate pricing", "rag"),
    ("how does a rag pipeline answer from documents", "rag"),
    # cost-analysis
    ("is finetuning cheaper than rag", "cost-analysis"),
    ("cost comparison fine-tune vs retrieval", "cost-analysis"),
    ("at what volume does fine tuning pay off", "cost-analysis"),
    ("budget for 1M queries per month, which option", "cost-analysis"),
    ("breakeven queries for a 7b model", "cost-analysis"),
    # quality
    ("which one hallucinates less", "quality"),
    ("is rag more accurate than a fine-tuned model", "quality"),
    ("answer quality finetune vs rag", "quality"),
    ("what if the answer isn't in my documents", "quality"),
    # speed
    ("is rag slow", "speed"),
    ("latency of retrieval vs fine-tuned model", "speed"),
    ("how many ms does the vector search add", "speed"),
    ("which is quicker for realtime chat", "speed"),
    # when-fine-tuning
    ("when does fine-tuning make sense", "when-fine-tuning"),
    ("good use cases for finetuning", "when-fine-tuning"),
    ("should we fine tune if our queries are repetitive", "when-fine-tuning"),
    ("on-prem requirement, should I pick fine tuning", "when-fine-tuning"),
    # when-rag
    ("when is rag the right choice", "when-rag"),
    ("good use cases for retrieval augmented generation", "when-rag"),
    ("our data changes every day, rag or not?", "when-rag"),
    ("we need audit trails for compliance, which approach", "when-rag"),
    # hybrid
    ("can I do both fine-tuning and rag", "hybrid"),
    ("combine a finetuned model with retrieval", "hybrid"),
    ("hybrid approach cost", "hybrid"),
    ("finetune for style, rag for facts?", "hybrid"),
]

OFF_TOPIC: list[str] = [
    "what's the weather in Paris tomorrow",
    "asdkjh qwe zzz",
    "how do I bake sourdough bread",
    "who won the world cup in 2018",
    "tell me a joke",
    "how much does a used car cost",
    "when does the last train to London leave",
    "what is the meaning of life",
    "!!!???",
    "1234567890",
    "how do I change a flat tyre on my bike",
    "best pizza near me",
    "translate hello into german",
    "lorem ipsum dolor sit amet consectetur",
]


@pytest.fixture(scope="module")
def index() -> FaqIndex:
    return FaqIndex.from_folder(KNOWLEDGE)


def test_every_entry_has_at_least_three_eval_phrasings(index: FaqIndex) -> None:
    for entry in index.entries:
        count = sum(1 for _question, expected in PHRASINGS if expected == entry.id)
        assert count >= 3, entry.id


def test_eval_phrasings_are_not_the_entries_own_words(index: FaqIndex) -> None:
    own = {" ".join(text.casefold().split()) for entry in index.entries
           for text in (entry.question, *entry.phrasings)}
    assert not [question for question, _ in PHRASINGS if question.casefold() in own]


def test_top1_accuracy_is_at_least_90_percent(index: FaqIndex) -> None:
    wrong = []
    for question, expected in PHRASINGS:
        result = index.lookup(question)
        got = result.matches[0].id if result.answered else None
        if got != expected:
            wrong.append((question, expected, got))
    accuracy = 1 - len(wrong) / len(PHRASINGS)
    assert accuracy >= 0.9, f"accuracy {accuracy:.0%}; wrong: {wrong}"


@pytest.mark.parametrize("question", OFF_TOPIC)
def test_off_topic_questions_are_not_answered(index: FaqIndex, question: str) -> None:
    result = index.lookup(question)
    assert not result.answered
    assert result.level == "low"
