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

The built index is kept in the cache (`advisor.cache`) until `faq.yaml` or `synonyms.yaml`
changes, so `advisor ask` normally reads one pickle and imports neither pydantic nor yaml: this
module imports them, and `advisor.knowledge`, only to build. Nothing in the index compiles a
large regex when it is read back (see `PhraseTable`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from rapidfuzz import fuzz, process

from advisor.errors import AdvisorError
from advisor.faq.normalise import Normalizer
from advisor.knowledge import FaqEntry, Synonyms, check_entries, load_synonyms

if TYPE_CHECKING:
    pass

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


@dataclass(eq=False)
class FaqIndex:
    """The knowledge entries, normalised once, ready for `lookup`."""

    entries: list[FaqEntry]
    normalizer: Normalizer = field(default_factory=Normalizer)
    _choices: list[str] = field(init=False, default_factory=list)
    _owners: list[int] = field(init=False, default_factory=list)
    _spans: list[range] = field(init=False, default_factory=list)
    """The positions in `_choices` of each entry's question and phrasings."""
    _weights: list[dict[str, float]] = field(init=False, default_factory=list)
    _phrases: list[list[tuple[str, ...]]] = field(init=False, default_factory=list)
    _postings: dict[str, list[int]] = field(init=False, default_factory=dict)
    _idf: dict[str, float] = field(init=False, default_factory=dict)
    _reach: dict[str, float] = field(init=False, default_factory=dict)
    _unknown_weight: float = field(init=False, default=1.0)
    _topical: set[str] = field(init=False, default_factory=set)
    """Words of the entries' questions, phrasings and keywords: a question with none of them
    is not about this knowledge base (answer words alone do not count)."""
    _by_id: dict[str, FaqEntry] = field(init=False, default_factory=dict)

    @classmethod
    def from_folder(cls, folder: Path) -> FaqIndex:
        """The index of `faq.yaml` and `synonyms.yaml`, built and checked only when either
        changed (else read from the cache); a problem raises KnowledgeError."""
        from advisor.cache import cached

        faq, synonyms = folder / "faq.yaml", folder / "synonyms.yaml"
        # Without synonyms.yaml, the folder's own time stamp tells when one is added.
        sources = [faq, synonyms] if synonyms.exists() else [faq, folder]
        return cached("faq", sources, partial(cls.load, folder))

    @classmethod
    def load(cls, folder: Path) -> FaqIndex:
        """Read, validate and index `faq.yaml` and `synonyms.yaml`, bypassing the cache."""
        from advisor.knowledge import load_faq

        entries = list(load_faq(folder).entries)
        check_entries(entries, folder / "faq.yaml")
        return cls.build(entries, load_synonyms(folder))

    @classmethod
    def build(cls, entries: Sequence[FaqEntry], synonyms: Synonyms | None = None) -> FaqIndex:
        """The index of `entries` as given (checked or not: the benchmark's are synthetic)."""
        texts = [text for entry in entries
                 for text in (entry.question, *entry.phrasings, *entry.keywords, entry.answer)]
        normalizer = Normalizer.for_texts(synonyms or Synonyms(), texts)
        return cls(list(entries), normalizer)

    def __post_init__(self) -> None:
        self._by_id = {entry.id: entry for entry in self.entries}
        document_frequency: dict[str, int] = {}
        for number, entry in enumerate(self.entries):
            weights = self._entry_weights(number, entry)
            self._weights.append(weights)
            for word in weights:
                document_frequency[word] = document_frequency.get(word, 0) + 1
                self._postings.setdefault(word, []).append(number)
        total = len(self.entries)
        self._idf = {word: math.log(1 + total / count) for word, count in document_frequency.items()}
        for weights in self._weights:
            for word, part in weights.items():
                self._reach[word] = max(self._reach.get(word, 0.0), self._idf[word] * part)
                if part >= PHRASING_PART:
                    self._topical.add(word)
        self._unknown_weight = UNKNOWN_WEIGHT * math.log(1 + total)

    def _entry_weights(self, number: int, entry: FaqEntry) -> dict[str, float]:
        weights: dict[str, float] = {}
        for word in self.normalizer.words(entry.answer):
            weights[word] = ANSWER_PART
        start = len(self._choices)
        for choice in (entry.question, *entry.phrasings):
            words = self.normalizer.words(choice)
            self._choices.append(" ".join(words))
            self._owners.append(number)
            weights.update(dict.fromkeys(words, PHRASING_PART))
        self._spans.append(range(start, len(self._choices)))
        phrases = []
        for keyword in entry.keywords:
            words = self.normalizer.words(keyword)
            if len(set(words)) == 1:
                weights[words[0]] = KEYWORD_PART
            elif words:
                phrases.append(tuple(dict.fromkeys(words)))
                weights.update({word: max(weights.get(word, 0.0), PHRASING_PART) for word in words})
        self._phrases.append(phrases)
        return weights

    @property
    def choices(self) -> list[str]:
        """The normalised questions and phrasings the fuzzy matcher compares with."""
        return self._choices

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
        known = sum(self._reach.get(word, 0.0) for word in meaningful)
        unknown = sum(1 for word in meaningful if word not in self._reach)
        whole = known + self._unknown_weight * math.sqrt(unknown)
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
            idf = self._idf.get(word, 0.0)
            for number in self._postings.get(word, ()):
                hits[number] = hits.get(number, 0.0) + idf * self._weights[number][word]
        asked = set(words)
        for number in hits:
            hits[number] += self._phrase_bonus(number, asked)
        return {number: hit / whole for number, hit in hits.items()}

    def _phrase_bonus(self, number: int, asked: set[str]) -> float:
        """A keyword of several words counts fully only when all its words are asked."""
        upgraded = {word for phrase in self._phrases[number] if asked.issuperset(phrase)
                    for word in phrase}
        weights = self._weights[number]
        return sum(self._idf[word] * (KEYWORD_PART - weights[word]) for word in upgraded)

    def _fuzzy_scores(self, text: str, keyword: dict[int, float]) -> dict[int, float]:
        best: dict[int, float] = {}
        found = process.extract(text, self._choices, scorer=fuzz.WRatio, limit=FUZZY_CANDIDATES)
        for _choice, score, position in found:
            owner = self._owners[position]
            best[owner] = max(best.get(owner, 0.0), score / 100)
        top_keyword = sorted(keyword, key=keyword.__getitem__, reverse=True)[:MAX_SUGGESTIONS * 4]
        for number in top_keyword:
            if number not in best:
                best[number] = self._fuzzy_one(text, number)
        return best

    def _fuzzy_one(self, text: str, number: int) -> float:
        scores = [fuzz.WRatio(text, self._choices[position]) for position in self._spans[number]]
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


