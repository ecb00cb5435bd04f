"""The FAQ's knowledge files: faq.yaml (the guide's FAQ entries and sections, the decision
summary, the topics the guide does not cover) and synonyms.yaml, their schemas and loaders.

An editor may add entries with ids of their own (kebab-case); the contract's ids must stay,
and every id an entry names must exist (`check_faq`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from advisor.errors import KnowledgeError
from advisor.knowledge import KNOWLEDGE_IDS, load_model
from advisor.suggest import closest
from advisor.validation import STRICT, After

ENTRY_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
"""The shape of a knowledge entry's id: kebab-case, so it reads the same in YAML, JSON and
rule citations."""


def _no_blank_item(what: str) -> After:
    """A check that no item of a list of strings is blank."""

    def check(items: list[str]) -> list[str]:
        if any(not str(item).strip() for item in items):
            raise ValueError(f"{what} is empty")
        return items

    return After(check)


def _kebab(value: str) -> str:
    if not ENTRY_ID.fullmatch(value):
        raise ValueError(f"{value!r} is not a valid id: use lower-case letters and digits "
                         "joined by single hyphens, e.g. 'eval-sets'")
    return value


EntryId = Annotated[str, After(_kebab)]
"""A knowledge entry's id. The contract's ids (`KNOWLEDGE_IDS`) must exist; an editor of
faq.yaml may add entries with ids of their own."""


@dataclass
class FaqEntry:
    """A question the knowledge base answers: one of the guide's FAQ entries or sections, or
    an entry an editor added."""

    __pydantic_config__ = STRICT

    id: EntryId
    kind: Literal["faq", "section"]
    question: str
    answer: str
    section: str
    """The guide section the answer comes from, as its heading reads in the guide."""
    phrasings: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    """Words or phrases that name the entry's topic: asking one of them is asking it."""
    mentions: list[str] = field(default_factory=list)
    """Words that point at the entry without naming its topic on their own (a part of the
    method, an example: "epoch", "weights"): weighed like its phrasings' words, never enough
    to answer by themselves, so that "how long did the LoRA weights take" is about the
    training time, not about what fine-tuning is."""
    related: list[EntryId] = field(default_factory=list)


@dataclass
class DecideSummary:
    """The answer to "should we fine-tune or use RAG?": a short summary of when each fits and
    of the hybrid, drawn from `entries`, with an invitation to run the interview."""

    __pydantic_config__ = STRICT

    question: str
    answer: str
    entries: list[EntryId]
    """The entries the summary draws on, offered as the matches."""
    invitation: str = ""
    """What `advisor ask` adds to the summary: run the interview for an answer that fits (the
    interview says its own: it is that answer being worked out)."""
    asks: list[str] = field(default_factory=list)
    """Phrases whose words, all in a question (after synonyms), ask which to choose, even
    when the question also names a topic ("fine-tune rag choose")."""
    asks_if_no_topic: list[str] = field(default_factory=list)
    """Phrases that ask which to choose only when the question names no entry's topic
    ("train document": "train the model on our documents")."""


@dataclass
class NotCovered:
    """A topic next to the guide's that the guide does not cover (GPU sizing, LoRA settings...):
    a question about it gets an honest "not covered" and the `nearest` entries as pointers."""

    __pydantic_config__ = STRICT

    id: EntryId
    topic: str
    """What the topic is, as the reply names it ("GPU memory and hardware sizing")."""
    phrases: Annotated[list[str], _no_blank_item("a phrase")] = field(
        metadata={"min_length": 1})
    """Words or phrases that name the topic outright ("vram", "lora rank"): a question with
    one is about the topic."""
    mentions: Annotated[list[str], _no_blank_item("a mention")] = field(
        default_factory=list)
    """Words that point at the topic ("memory", "compliance") unless the question also names
    an entry's topic ("training time and memory" is about training time)."""
    nearest: list[EntryId] = field(default_factory=list)


@dataclass
class Faq:
    """knowledge/faq.yaml."""

    __pydantic_config__ = STRICT

    entries: list[FaqEntry]
    decide: DecideSummary | None = None
    not_covered: list[NotCovered] = field(default_factory=list)


@dataclass(frozen=True)
class SynonymGroup:
    """Words or phrases (`variants`) that mean the same as `term` when matching questions."""

    __pydantic_config__ = STRICT

    term: str = field(metadata={"min_length": 1})
    variants: Annotated[list[str], _no_blank_item("a variant")] = field(
        metadata={"min_length": 1})


@dataclass(frozen=True)
class Synonyms:
    """knowledge/synonyms.yaml."""

    __pydantic_config__ = STRICT

    groups: list[SynonymGroup] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    """Filler words dropped before matching."""
    contextual: list[str] = field(default_factory=list)
    """Variants that take their group's term only in a question that also has a `context`
    word ("llama" is a model in "fine-tune llama 70b", an animal in "what does a llama cost")."""
    context: list[str] = field(default_factory=list)
    """Words that show a question is about models (see `contextual`)."""
    negations: list[str] = field(default_factory=list)
    """Words that turn the next word or two into its `opposites` entry ("not labeled")."""
    opposites: dict[str, str] = field(default_factory=dict)
    """A term and the term it becomes after a negation ("label": "unlabeled")."""
    subjects: list[str] = field(default_factory=list)
    """Terms that show a question is about adapting a language model (finetune, rag, train,
    model) without naming a topic: with none of them or of `domain`, no entry may answer."""
    domain: list[str] = field(default_factory=list)
    """Terms of the domain that are also entries' topics (hallucination, unlabeled, epoch...):
    they show a question is about the guide, and name a topic."""
    reports: list[str] = field(default_factory=list)
    """Phrases of a bug report ("not working", "error", "how to fix"): a question with one is
    not answered from the guide, whatever else it names."""
    how_to: list[str] = field(default_factory=list)
    """Weaker marks of a question about one tool's use ("how to make", "is there a way",
    "tutorial"): they stand unless the question also asks one of the guide's questions."""
    complaints: list[str] = field(default_factory=list)
    """Phrases of a statement of an observed problem ("is very slow", "than expected"): a
    report, like `reports`, unless the question opens as a question."""
    behaviours: list[str] = field(default_factory=list)
    """Verbs in the third person that tell what a tool did ("returns", "generates"), matched
    as written: a report, like `complaints`."""
    requests: list[str] = field(default_factory=list)
    """Verbs a tracker's title opens with to ask for a feature ("Support incremental
    indexing", "Allow custom prompts"): a how-to mark, like `how_to`."""
    tools: list[str] = field(default_factory=list)
    """Names of tools, libraries and products ("ollama", "langchain", "vllm"): a question about
    one is about that tool's use, unless it also asks one of the guide's questions (`asks`)."""
    asks: list[str] = field(default_factory=list)
    """Terms, after synonyms, of the questions the guide answers in general: how much data
    ("amount"), how long ("duration"), how often, what it costs, how fast, how good, which to
    choose. A question marked as one tool's use is answered only when it asks one of them."""
    figures: list[str] = field(default_factory=list)
    """The `asks` the guide answers with a figure (how long, how much data, how often, what it
    costs): asked of an entry that gives it, they are answered even next to a topic the
    guide does not cover ("how long to fine-tune on an A100 80G")."""
    foreign: list[str] = field(default_factory=list)
    """Common words of other languages ("combien", "wie", "puedo"): a question in which they
    outnumber English words is answered with "only English is understood"."""


def load_synonyms(folder: Path) -> Synonyms:
    """knowledge/synonyms.yaml (optional: without it, questions are matched word for word)."""
    path = folder / "synonyms.yaml"
    if not path.exists():
        return Synonyms()
    synonyms = load_model(path, Synonyms, entry_key="term")
    owner: dict[str, str] = {}
    for group in synonyms.groups:
        for variant in group.variants:
            key = " ".join(variant.casefold().split())
            if key in owner and owner[key] != group.term:
                raise KnowledgeError(
                    f"{path}: entry {group.term!r}: variants: {variant!r} is already a variant "
                    f"of {owner[key]!r}; a variant may belong to one group only"
                )
            owner[key] = group.term
    return synonyms


def check_entries(entries: Sequence[FaqEntry], path: Path) -> None:
    """What pydantic cannot see one entry at a time: each id once, every contract id present
    (rules cite them), related ids real."""
    seen: set[str] = set()
    for entry in entries:
        if entry.id in seen:
            raise KnowledgeError(f"{path}: entry {entry.id!r}: id: appears more than once")
        seen.add(entry.id)
        if entry.id in entry.related:
            raise KnowledgeError(f"{path}: entry {entry.id!r}: related: lists the entry itself")
    missing = [entry_id for entry_id in KNOWLEDGE_IDS if entry_id not in seen]
    if missing:
        raise KnowledgeError(f"{path}: no entry for {', '.join(missing)}; every knowledge id "
                             "in CONTRACT.md needs one")
    for entry in entries:
        _check_known(path, entry.id, "related", entry.related, seen)


def check_faq(faq: Faq, path: Path) -> None:
    """`check_entries`, then the decision summary's and the uncovered topics' ids: their own
    ids unique and apart from the entries', the entries they name real."""
    check_entries(faq.entries, path)
    known = {entry.id for entry in faq.entries}
    if faq.decide is not None:
        _check_known(path, "decide", "entries", faq.decide.entries, known)
    topics: set[str] = set()
    for topic in faq.not_covered:
        if topic.id in known or topic.id in topics:
            raise KnowledgeError(f"{path}: not_covered {topic.id!r}: id: already used")
        topics.add(topic.id)
        _check_known(path, topic.id, "nearest", topic.nearest, known)


def _check_known(path: Path, owner: str, key: str, ids: Sequence[str], known: set[str]) -> None:
    unknown = [entry_id for entry_id in ids if entry_id not in known]
    if unknown:
        hint = closest(unknown[0], sorted(known))
        suggestion = f"; did you mean {hint!r}?" if hint else ""
        raise KnowledgeError(f"{path}: entry {owner!r}: {key}: unknown id {unknown[0]!r}"
                             f"{suggestion}")




def load_faq(folder: Path) -> Faq:
    """knowledge/faq.yaml: the guide's FAQ entries and sections, the decision summary and the
    topics the guide does not cover, validated and checked (`check_faq`)."""
    path = folder / "faq.yaml"
    faq = load_model(path, Faq, entry_key="id")
    check_faq(faq, path)
    return faq


