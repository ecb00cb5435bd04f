"""Whether a question is one the guide can answer, before any entry may claim it.

Matching alone answers whatever shares a domain word with an entry; questions people really
write are mostly bug reports, how-tos about one tool, questions next to the guide's topics
(GPU memory, LoRA settings, embedding models, compliance regimes) or in another language.
This module reads those signals, all from the knowledge files:

- *another language*: a question written mostly in another script (Chinese, Cyrillic...), or
  in which common words of other languages (`foreign` in synonyms.yaml) outnumber English;
- *reports*: phrases of a bug report ("not working", "error": `reports`), an exception's
  name ("ValueError"), a thing that "is not answering", and, in a statement (not opening
  as a question), a complaint (`complaints`: "is very slow", "than expected") or a verb
  telling what a tool did (`behaviours`: "RAG returns irrelevant chunks"); the guide never
  answers them;
- *one tool*: a tool's name (`tools`: "ollama", "langchain"), a code identifier
  (`SFTTrainer`, `chunk_corpus`, `train.sh`, `model.generate`), a library's version
  (2.1.0), a path or a tracker's tag ("[BUG]", "Feature:"), and the weaker phrases of a how-to ("how to make",
  "is there a way", "script", "endpoint": `how_to`) or a feature request's opening verb
  ("Support incremental indexing": `requests`). Either stands unless the question also *asks* one of the
  guide's own questions (`asks`: how much data, how long, how often, what it costs, how
  fast, how good, which to choose): "how long does it take with `train.sh`" is answered,
  "can we use SFTTrainer for pre-training" is about SFTTrainer;
- *uncovered topics* (`not_covered` in faq.yaml): phrases of a topic next to the guide's;
- *a choice*: the phrases of "should we fine-tune or use RAG?" (`decide` in faq.yaml);
- *a question*: whether it is worded as one (`is_question`) or as a statement.

Phrases of reports and topics are matched on the question's own words (after case,
spellings and typos, before synonyms), so "A100" stays a GPU model and is not read as "gpu";
the choice phrases are matched on its content words, after synonyms.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from advisor.faq.normalise import Normalizer, looks_like_question, stem, surface

if TYPE_CHECKING:
    from advisor.faq.schema import DecideSummary, NotCovered, Synonyms

MIN_FOREIGN_SHARE = 0.5
"""A question whose letters are more than half outside the Latin script is in another language."""


@dataclass
class TopicData:
    """A topic the guide does not cover, ready to match (see `NotCovered`)."""

    id: str
    topic: str
    phrases: list[list[str]]
    """Each phrase as the question's own words (stems, before synonyms)."""
    mentions: list[list[str]]
    nearest: list[str]


@dataclass
class DecideData:
    """The decision summary and the phrases that ask for it (see `DecideSummary`)."""

    question: str
    answer: str
    entries: list[str]
    asks: list[list[str]]
    """Content words that, all present, ask which to choose, even when a topic is named."""
    asks_if_no_topic: list[list[str]]
    """Content words that ask which to choose only when no entry's topic is named
    ("train the model on our documents")."""
    invitation: str = ""


@dataclass
class ScopeData:
    """The scope gate's word lists, as plain data (kept in the cache with the index)."""

    subjects: list[str] = field(default_factory=list)
    """Content words that show a question is about adapting a language model, naming no topic."""
    domain: list[str] = field(default_factory=list)
    """Content words of the domain that also name a topic."""
    reports: list[list[str]] = field(default_factory=list)
    how_to: list[list[str]] = field(default_factory=list)
    complaints: list[list[str]] = field(default_factory=list)
    """Phrases of a statement of an observed problem ("is very slow")."""
    behaviours: list[str] = field(default_factory=list)
    """Verbs in the third person, as written ("returns"): what a tool did."""
    requests: list[str] = field(default_factory=list)
    """Verbs that open a feature request ("support", "allow"), as written."""
    tools: list[list[str]] = field(default_factory=list)
    """Each tool's name as the question's raw words (before typos are corrected, so that
    "ollama" is not read as "llama")."""
    asks: list[str] = field(default_factory=list)
    """Terms of the guide's own questions (how much data, how long, what it costs...)."""
    figures: list[str] = field(default_factory=list)
    """The `asks` the guide answers with a figure (how long, how much data, how often...)."""
    foreign: list[str] = field(default_factory=list)
    topics: list[TopicData] = field(default_factory=list)
    decide: DecideData | None = None

    @classmethod
    def build(cls, normalizer: Normalizer, synonyms: Synonyms,
              decide: DecideSummary | None = None,
              not_covered: Iterable[NotCovered] = ()) -> ScopeData:
        """The lists of synonyms.yaml and faq.yaml, each phrase read the way questions are."""
        def own(phrases: Iterable[str]) -> list[list[str]]:
            return [words for words in (own_words(normalizer, phrase) for phrase in phrases) if words]

        def content(phrases: Iterable[str]) -> list[list[str]]:
            return [words for words in (normalizer.words(phrase, in_context=True)
                                        for phrase in phrases) if words]

        def terms(phrases: Iterable[str]) -> list[str]:
            return sorted({word for phrase in phrases
                           for word in normalizer.words(phrase, in_context=True)})

        topics = [TopicData(id=topic.id, topic=topic.topic, phrases=own(topic.phrases),
                            mentions=own(topic.mentions), nearest=list(topic.nearest))
                  for topic in not_covered]
        summary = None
        if decide is not None:
            summary = DecideData(question=decide.question, answer=decide.answer,
                                 entries=list(decide.entries), asks=content(decide.asks),
                                 asks_if_no_topic=content(decide.asks_if_no_topic),
                                 invitation=decide.invitation)
        return cls(subjects=terms(synonyms.subjects), domain=terms(synonyms.domain),
                   reports=own(synonyms.reports), how_to=own(synonyms.how_to),
                   complaints=own(synonyms.complaints),
                   behaviours=sorted({word.casefold() for word in synonyms.behaviours}),
                   requests=sorted({word.casefold() for word in synonyms.requests}),
                   tools=[words for words in map(raw_words, synonyms.tools) if words],
                   asks=terms(synonyms.asks), figures=terms(synonyms.figures),
                   foreign=sorted({word.casefold() for word in synonyms.foreign}),
                   topics=topics, decide=summary)


def own_words(normalizer: Normalizer, text: str) -> list[str]:
    """The question's own words: case, spellings and typos unified, plurals reduced, no
    synonyms applied."""
    trace = normalizer.trace(text)
    corrected = [trace.corrections.get(word, word) for word in trace.surface]
    return [stem(word) for word in surface(" ".join(corrected))]


def raw_words(text: str) -> list[str]:
    """The question's words as written: case, spellings and plurals unified, no typo
    corrected and no synonym applied (what tool names are looked up in)."""
    return [stem(word) for word in surface(text)]


def word_runs(words: Sequence[str], longest: int = 4) -> set[tuple[str, ...]]:
    """Every run of up to `longest` consecutive words: what `find_phrases` looks phrases up in."""
    return {tuple(words[start:start + size]) for size in range(1, longest + 1)
            for start in range(len(words) - size + 1)}


def find_phrases(runs: set[tuple[str, ...]], phrases: Iterable[tuple[str, ...]]) -> list[str]:
    """Each phrase found among `runs` (see `word_runs`), joined by spaces."""
    return [" ".join(phrase) for phrase in phrases if phrase in runs]


def has_all(words: Iterable[str], phrases: Iterable[Sequence[str]]) -> list[str]:
    """Each phrase whose words all appear in `words`, in any order, joined by spaces."""
    present = set(words)
    return [" ".join(phrase) for phrase in phrases if present.issuperset(phrase)]


_LETTER = re.compile(r"[^\W\d_]")
_IDENTIFIER = re.compile(
    r"`[^`]+`"                          # code in backticks
    r"|\b[A-Za-z]*[a-z]{2}[A-Z]\w*"     # camelCase, CamelCase: vectorStore, LlamaIndex
    r"|\b[A-Z]{2,}[a-z]{2,}\w*"         # SFTTrainer
    r"|\b\w+_\w+\b"                     # snake_case: chunk_corpus
    r"|\b\w+\.(?:py|sh|json|jsonl|yaml|yml|txt|md|cfg|toml|ipynb|csv|js|ts|gguf|bin)\b"  # a file
    r"|\b[A-Za-z_][a-z0-9_]*\.[a-z_]\w{2,}\b"  # a dotted name: model.generate, llama.cpp
    r"|--\w[\w-]*"                      # a command-line flag
    r"|\bv?\d+\.\d+\.\d+\b"               # a library's version: 2.1.0, v0.4.2
    r"|https?://\S+|(?<![\w/])(?:\.{1,2}|~)?/[\w.-]+/[\w./-]+"  # a URL or a path
)
"""A code identifier, a version, a URL or a path in a question marks a question about one
tool's code."""
_MODEL_ENDINGS = ("gpt", "lm", "llama", "bert")
"""How a model's name in CamelCase ends ("InstructGPT", "InternLM", "TinyLlama", "RoBERTa"):
a model, not code."""
_TAG = re.compile(r"^\W*(?:bug|feature|feature request|enhancement|issue|misc|usage|install"
                  r"|installation)\s*[\]):]", re.IGNORECASE)
"""An issue tracker's tag for a bug or a feature request ("[BUG]", "Feature:")."""
_ERROR_NAME = re.compile(r"\b[A-Z]\w*(?:Error|Exception)\b|\bTraceback\b"
                         r"|\b(?:is|are|was|were|am|keeps?|kept)\s+not\s+\w+ing\b",
                         re.IGNORECASE)
"""The name of an exception ("ValueError", "CUDA OutOfMemoryError") or a thing that does not
do what it should ("is not answering"): a bug report."""


def code_identifiers(text: str, known: frozenset[str] = frozenset()) -> list[str]:
    """The code identifiers, versions, paths and tracker tags written in `text` (see
    `_IDENTIFIER`), except words the knowledge base knows ("OpenAI", "ChatGPT")."""
    found = [match.group(0) for match in _IDENTIFIER.finditer(text)
             if match.group(0).casefold() not in known
             and not match.group(0).casefold().endswith(_MODEL_ENDINGS)]
    tag = _TAG.match(text)
    return [*found, tag.group(0).strip()] if tag else found


_LEADING_TAGS = re.compile(r"^(?:\W*\[[^\]]*\]|\W*[A-Za-z]+\s*:(?!/))*\W*")


def without_tags(text: str) -> str:
    """`text` without a tracker's leading tags ("[Feature] Support..." -> "Support...")."""
    return _LEADING_TAGS.sub("", text, count=1)


def opening_word(text: str) -> str:
    """The first word of `text` after a tracker's tags ("[Feature] Support..." -> "support")."""
    words = re.findall(r"[^\W\d_]+", without_tags(text)[:40].casefold())
    return words[0] if words else ""


def error_names(text: str) -> list[str]:
    """The exception names written in `text` (`_ERROR_NAME`): they make it a bug report."""
    return [match.group(0) for match in _ERROR_NAME.finditer(text)]


_CLAUSES = re.compile(r"[:|;.!\])]\s*|\s[-–]\s")


def is_question(text: str) -> bool:
    """Whether `text` asks something: a question mark, or a clause that opens as a question
    ("[Question]: how long...", "RAG - which vector db"), as opposed to a statement of what
    happened ("RAG returns irrelevant chunks")."""
    if "?" in text or "？" in text:
        return True
    return any(looks_like_question(clause) for clause in _CLAUSES.split(text))


def other_language(text: str, foreign: frozenset[str], english: frozenset[str]) -> bool:
    """Whether `text` is written in another language than English: mostly letters outside the
    Latin script, or more words of other languages (common ones, or accented) than known
    English words."""
    letters = _LETTER.findall(text)
    if not letters:
        return False
    latin = sum(1 for letter in letters if _is_latin(letter))
    if latin / len(letters) < 1 - MIN_FOREIGN_SHARE:
        return True
    words = re.findall(r"[^\W\d_]+", unicodedata.normalize("NFKC", text).casefold())
    # Another language's function words, its accented words ("cómo", "modèle"), and Spanish's
    # opening marks ("¿", "¡") count against English.
    others = sum(1 for word in words if word in foreign
                 or (not word.isascii() and word not in english))
    others += text.count("¿") + text.count("¡")
    ours = sum(1 for word in words if word in english and word not in foreign)
    return others >= 2 and others > ours


def _is_latin(letter: str) -> bool:
    if letter.isascii():
        return True
    try:
        return unicodedata.name(letter).startswith("LATIN")
    except ValueError:
        return False
