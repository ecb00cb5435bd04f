"""Answering free-text questions from the knowledge base (`advisor ask`, and the TUI's help).

How a question finds its entry:

1. **Normalise** the question and, once, every entry's question, phrasings, keywords and
   answer: Unicode NFKC, lower case, numbers unified ("10k", "10,000" -> "10000"), model sizes
   to the guide's classes ("7 B", "8b" -> "7b"; "70bn" -> "70b"), the spellings of fine-tune
   ("fine tuning", "FT", "tuned" -> "finetune") and RAG ("retrieval augmented generation",
   "retrieval" -> "rag"), punctuation, emoji and control characters dropped, inflections and
   misspellings mapped to the knowledge base's own words ("choosing" -> "choose",
   "retreival" -> "retrieval"), a number glued to its unit split ("500ms" -> "500 ms"),
   plurals reduced, synonyms replaced by their term and filler words and phrases dropped
   (all from `knowledge/synonyms.yaml`). Three finer rules, also driven by that file: a
   *contextual* variant ("llama", "reset", "run") takes its term only when the question also
   has a *context* word ("fine-tune", "70b", "gpu"...), else it becomes a word no entry knows;
   a count of examples ("500 examples") reads as "how many examples"; and a negation just
   before a term with an *opposite* flips it ("isn't labeled" -> "unlabeled").
2. **Score** each entry from 0 to 1 (`Match.score`):
   `FUZZY_WEIGHT x fuzzy + KEYWORD_WEIGHT x keywords`, where
   - *fuzzy* is rapidfuzz's WRatio between the question and the entry's closest question or
     phrasing, divided by 100 (it rewards near-identical wording and breaks ties);
   - *keywords* is the share of the question's meaning the entry explains: the sum of the
     weights of the question's words the entry knows (a keyword counts fully, a word of its
     question or phrasings `PHRASING_PART`, a word only in its answer `ANSWER_PART`; a keyword
     of several words counts fully only when all of them are asked; rare words weigh more, by
     inverse document frequency) over what the question's words could reach at best, where
     words the knowledge base has never seen weigh like its rarest word, dampened by a square
     root so that context in a long question does not drown it.
   A short question made of domain words ("fine tuning") therefore scores high, and a long
   sentence about something else scores low even when it brushes a domain word.
3. **Decide** (`AskResult.level`): no word of any entry's question, phrasings or keywords ->
   `low` with no suggestions (gibberish, or a question about something else). Best score
   below `ANSWER_AT`, or *coverage* (the known share of the question's weight) below
   `MIN_COVERAGE` ("what is the speed of light": one domain word, one unknown noun) -> `low`,
   answered=false, with up to three "did you mean" entries scoring at least `SUGGEST_AT`.
   Otherwise answered: `ambiguous` when runners-up are within `AMBIGUITY_MARGIN` of the best
   (they are offered as "see also", like Rasa's ambiguity threshold), else `confident`.

The weights and thresholds were tuned on `tests/unit/test_faq_eval.py` (66 phrasings and 14
off-topic questions), and checked round by round on fresh held-out phrasings before those
joined the pinned set (see the README, "Asking questions"); the synonyms, contextual words
and negations were then widened round by round on fresh question sets, each measured before
it was used (tests/unit/test_faq_fresh.py records the untuned figures).

What is cached (`advisor.cache`, as JSON) is `IndexData`: the normalised choices, word
weights, postings and statistics, and the normaliser's phrase table and vocabulary, all plain
data. It is rebuilt only when `faq.yaml` or `synonyms.yaml` changes; a `FaqIndex` is made from
it with a few set constructions, so a warm `advisor ask` never builds the index.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Literal

from rapidfuzz import fuzz, process

from advisor.errors import AdvisorError
from advisor.faq.normalise import Normalizer, WordData
from advisor.knowledge import FaqEntry, Synonyms

FUZZY_WEIGHT = 0.2
KEYWORD_WEIGHT = 0.8
ANSWER_AT = 0.45
SUGGEST_AT = 0.3
AMBIGUITY_MARGIN = 0.06
MIN_COVERAGE = 0.45
UNKNOWN_WEIGHT = 1.0
MAX_SUGGESTIONS = 3
MAX_QUERY_CHARS = 1000
"""Questions are matched on their first 1,000 characters; nobody asks a longer one."""

KEYWORD_PART = 1.0
PHRASING_PART = 0.6
ANSWER_PART = 0.25
FUZZY_CANDIDATES = 200
"""Choices kept from the fuzzy pass; on the built-in knowledge base that is all of them."""

Level = Literal["confident", "ambiguous", "low"]


# --- results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """One knowledge entry proposed for a question."""

    id: str
    question: str
    score: float
    """How well the entry fits the question, from 0 (not at all) to 1, rounded to 3 places."""
    answer: str
    kind: str
    section: str
    """The heading of the guide the answer comes from."""
    related: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class AskResult:
    """The answer to one question: `matches` best first (the contract's JSON, plus extras)."""

    query: str
    answered: bool
    matches: list[Match] = field(default_factory=list)
    level: Level = "low"
    """confident: answered; ambiguous: answered, but `see_also` came close; low: not answered,
    `matches` are "did you mean" suggestions (none when the question is off-topic)."""
    see_also: list[str] = field(default_factory=list)

    @property
    def best(self) -> Match | None:
        return self.matches[0] if self.answered and self.matches else None



# --- the index ----------------------------------------------------------------------------


@dataclass
class IndexData:
    """Everything a lookup reads, as plain data: built once from faq.yaml and synonyms.yaml
    (`build_data`), kept in the cache as JSON, turned into a `FaqIndex` without recomputing."""

    entries: list[FaqEntry]
    words: WordData
    """The normaliser's phrase table, filler words and vocabulary."""
    choices: list[str]
    """Every entry's question and phrasings, normalised: what the fuzzy matcher compares with."""
    owners: list[int]
    """The entry (its position) each choice belongs to."""
    spans: list[tuple[int, int]]
    """Each entry's choices: a start and stop position in `choices`."""
    weights: list[dict[str, float]]
    """Each entry's words and how strongly each points at it (`KEYWORD_PART`...)."""
    phrases: list[list[list[str]]]
    """Each entry's keywords of several words, as their distinct words."""
    postings: dict[str, list[int]]
    """Each word and the entries that know it."""
    idf: dict[str, float]
    reach: dict[str, float]
    """Each word's best weight in any entry: what it can add to a question's score at most."""
    unknown_weight: float
    """What a word no entry knows weighs (like the rarest known word)."""
    topical: list[str]
    """Words of the entries' questions, phrasings and keywords: a question with none of them
    is not about this knowledge base (answer words alone do not count)."""


def build_data(entries: Sequence[FaqEntry], synonyms: Synonyms | None = None) -> IndexData:
    """The index of `entries` as given (checked or not: the benchmark's are synthetic)."""
    texts = [text for entry in entries
             for text in (entry.question, *entry.phrasings, *entry.keywords, entry.answer)]
    words = WordData.build(synonyms or Synonyms(), texts)
    builder = _Builder(Normalizer(words))
    for number, entry in enumerate(entries):
        builder.add(number, entry)
    return builder.data(list(entries), words)


class _Builder:
    """Collects each entry's choices and word weights, then the statistics over all of them."""

    def __init__(self, normalizer: Normalizer) -> None:
        self.normalizer = normalizer
        self.choices: list[str] = []
        self.owners: list[int] = []
        self.spans: list[tuple[int, int]] = []
        self.weights: list[dict[str, float]] = []
        self.phrases: list[list[list[str]]] = []

    def add(self, number: int, entry: FaqEntry) -> None:
        weights: dict[str, float] = {}
        for word in self.normalizer.words(entry.answer):
            weights[word] = ANSWER_PART
        start = len(self.choices)
        for choice in (entry.question, *entry.phrasings):
            words = self.normalizer.words(choice)
            self.choices.append(" ".join(words))
            self.owners.append(number)
            weights.update(dict.fromkeys(words, PHRASING_PART))
        self.spans.append((start, len(self.choices)))
        phrases = []
        for keyword in entry.keywords:
            words = self.normalizer.words(keyword)
            if len(set(words)) == 1:
                weights[words[0]] = KEYWORD_PART
            elif words:
                phrases.append(list(dict.fromkeys(words)))
                weights.update({word: max(weights.get(word, 0.0), PHRASING_PART) for word in words})
        self.phrases.append(phrases)
        self.weights.append(weights)

    def data(self, entries: list[FaqEntry], words: WordData) -> IndexData:
        frequency: dict[str, int] = {}
        postings: dict[str, list[int]] = {}
        for number, weights in enumerate(self.weights):
            for word in weights:
                frequency[word] = frequency.get(word, 0) + 1
                postings.setdefault(word, []).append(number)
        total = len(entries)
        idf = {word: math.log(1 + total / count) for word, count in frequency.items()}
        reach: dict[str, float] = {}
        topical: set[str] = set()
        for weights in self.weights:
            for word, part in weights.items():
                reach[word] = max(reach.get(word, 0.0), idf[word] * part)
                if part >= PHRASING_PART:
                    topical.add(word)
        return IndexData(entries=entries, words=words, choices=self.choices, owners=self.owners,
                         spans=self.spans, weights=self.weights, phrases=self.phrases,
                         postings=postings, idf=idf, reach=reach,
                         unknown_weight=UNKNOWN_WEIGHT * math.log(1 + total),
                         topical=sorted(topical))


class FaqIndex:
    """The knowledge entries, normalised once, ready for `lookup`. Made from `IndexData` at
    the cost of a few sets, so a command that reads the index from the cache stays fast."""

    def __init__(self, data: IndexData) -> None:
        self.data = data
        self.entries = data.entries
        self.normalizer = Normalizer(data.words)
        self._phrases = [[tuple(phrase) for phrase in phrases] for phrases in data.phrases]
        self._topical = frozenset(data.topical)
        self._by_id = {entry.id: entry for entry in data.entries}

    @classmethod
    def from_folder(cls, folder: Path) -> FaqIndex:
        """The index of `faq.yaml` and `synonyms.yaml`, built and checked only when either
        changed (else read from the cache); a problem raises KnowledgeError."""
        from advisor.cache import cached

        faq, synonyms = folder / "faq.yaml", folder / "synonyms.yaml"
        # Without synonyms.yaml, the folder's own time stamp tells when one is added.
        sources = [faq, synonyms] if synonyms.exists() else [faq, folder]
        return cls(cached("faq", sources, partial(cls.load_data, folder), IndexData))

    @staticmethod
    def load_data(folder: Path) -> IndexData:
        """Read, validate and index `faq.yaml` and `synonyms.yaml`, bypassing the cache."""
        from advisor.knowledge import load_faq, load_synonyms

        faq = load_faq(folder)
        return build_data(faq.entries, load_synonyms(folder))

    @classmethod
    def load(cls, folder: Path) -> FaqIndex:
        """The index of a knowledge folder, built afresh (no cache)."""
        return cls(cls.load_data(folder))

    @classmethod
    def build(cls, entries: Sequence[FaqEntry], synonyms: Synonyms | None = None) -> FaqIndex:
        """The index of `entries` as given."""
        return cls(build_data(entries, synonyms))

    @property
    def choices(self) -> list[str]:
        """The normalised questions and phrasings the fuzzy matcher compares with."""
        return self.data.choices

    def get(self, entry_id: str) -> FaqEntry:
        try:
            return self._by_id[entry_id]
        except KeyError:
            raise AdvisorError(f"no knowledge entry {entry_id!r}; known: "
                               f"{', '.join(self._by_id)}") from None

    def lookup(self, query: str) -> AskResult:
        """The entries that answer `query`, best first, and whether the best one answers it."""
        if not query or not query.strip():
            raise AdvisorError('the question is empty; ask something, e.g. '
                               'advisor ask "how much training data do I need?"')
        words = self.normalizer.words(query[:MAX_QUERY_CHARS])
        meaningful = [word for word in dict.fromkeys(words) if not word.isdigit()]
        if self._topical.isdisjoint(meaningful):
            return AskResult(query=query, answered=False, level="low")
        known = sum(self.data.reach.get(word, 0.0) for word in meaningful)
        unknown = sum(1 for word in meaningful if word not in self.data.reach)
        whole = known + self.data.unknown_weight * math.sqrt(unknown)
        scores = self._scores(" ".join(words), meaningful, whole)
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        coverage = known / whole
        return self._decide(query, ranked, coverage=coverage)

    def _scores(self, text: str, words: list[str], whole: float) -> dict[int, float]:
        keyword = self._keyword_scores(words, whole)
        fuzzy = self._fuzzy_scores(text, keyword)
        return {number: FUZZY_WEIGHT * fuzzy.get(number, 0.0)
                + KEYWORD_WEIGHT * keyword.get(number, 0.0)
                for number in set(keyword) | set(fuzzy)}

    def _keyword_scores(self, words: list[str], whole: float) -> dict[int, float]:
        """Each entry's share of the question's weight (see the module docstring)."""
        hits: dict[int, float] = {}
        for word in words:
            idf = self.data.idf.get(word, 0.0)
            for number in self.data.postings.get(word, ()):
                hits[number] = hits.get(number, 0.0) + idf * self.data.weights[number][word]
        asked = set(words)
        for number in hits:
            hits[number] += self._phrase_bonus(number, asked)
        return {number: hit / whole for number, hit in hits.items()}

    def _phrase_bonus(self, number: int, asked: set[str]) -> float:
        """A keyword of several words counts fully only when all its words are asked."""
        upgraded = {word for phrase in self._phrases[number] if asked.issuperset(phrase)
                    for word in phrase}
        weights = self.data.weights[number]
        return sum(self.data.idf[word] * (KEYWORD_PART - weights[word]) for word in upgraded)

    def _fuzzy_scores(self, text: str, keyword: dict[int, float]) -> dict[int, float]:
        best: dict[int, float] = {}
        found = process.extract(text, self.data.choices, scorer=fuzz.WRatio, limit=FUZZY_CANDIDATES)
        for _choice, score, position in found:
            owner = self.data.owners[position]
            best[owner] = max(best.get(owner, 0.0), score / 100)
        top_keyword = sorted(keyword, key=keyword.__getitem__, reverse=True)[:MAX_SUGGESTIONS * 4]
        for number in top_keyword:
            if number not in best:
                best[number] = self._fuzzy_one(text, number)
        return best

    def _fuzzy_one(self, text: str, number: int) -> float:
        start, stop = self.data.spans[number]
        scores = [fuzz.WRatio(text, self.data.choices[position]) for position in range(start, stop)]
        return max(scores, default=0.0) / 100

    def _decide(self, query: str, ranked: list[tuple[int, float]], coverage: float) -> AskResult:
        shown = [(number, score) for number, score in ranked[:MAX_SUGGESTIONS] if score >= SUGGEST_AT]
        matches = [self._match(number, score) for number, score in shown]
        if not ranked or ranked[0][1] < ANSWER_AT or coverage < MIN_COVERAGE:
            return AskResult(query=query, answered=False, matches=matches, level="low")
        top = ranked[0][1]
        close: list[str] = [self.entries[number].id for number, score in shown[1:]
                            if top - score <= AMBIGUITY_MARGIN]
        if close:
            return AskResult(query=query, answered=True, matches=matches, level="ambiguous",
                             see_also=close)
        return AskResult(query=query, answered=True, matches=matches, level="confident")

    def _match(self, number: int, score: float) -> Match:
        entry = self.entries[number]
        return Match(id=entry.id, question=entry.question, score=round(min(score, 1.0), 3),
                     answer=entry.answer, kind=entry.kind, section=entry.section,
                     related=list(entry.related))


