"""Answering free-text questions from the knowledge base (`advisor ask`, and the TUI's help).

How a question finds its entry:

1. **Normalise** the question (a tool's name, "LLaMA-Factory", left out: it names no topic)
   and, once, every entry's question, phrasings, keywords, mentions and answer: Unicode
   NFKC, lower case, numbers unified ("10k", "10,000" -> "10000"), model sizes to the
   guide's classes ("7 B", "8b" -> "7b"; "70bn" -> "70b"), the spellings of fine-tune
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
     question, phrasings or mentions `PHRASING_PART`, a word only in its answer
     `ANSWER_PART`; a keyword of several words counts fully only when all of them are asked;
     rare words weigh more, by inverse document frequency) over what the question's words
     could reach at best, where words the knowledge base has never seen weigh like its
     rarest word, dampened by a square root so that context in a long question does not
     drown it.
   A short question made of domain words ("fine tuning") therefore scores high, and a long
   sentence about something else scores low even when it brushes a domain word.
3. **Decide** (`AskResult.kind` and `level`; `advisor.faq.scope` reads the signals), by the
   first rule that applies:
   - not English (another script, or other languages' common words) -> `other_language`;
   - no word of any entry's question, phrasings or keywords -> `off_topic`, no suggestions;
   - a bug report ("not working", "error", "is very slow", "ValueError", "RAG returns
     irrelevant chunks") -> `off_topic`, with suggestions;
   - about one tool (its name, a code identifier, a version, a path, a tracker's tag) and
     asking none of the guide's own questions (`asks`: how much data, how long, what it
     costs...) -> `off_topic`, with suggestions;
   - "should we fine-tune or use RAG?" (the `decide` phrases of faq.yaml) and no entry's own
     topic named -> `decide`: answered by the decision summary, its entries as the matches;
   - a topic the guide does not cover (`not_covered` in faq.yaml) -> `not_covered`, the
     nearest entries offered, unless only a mention and the rest names an entry's topic, or
     the question asks one of the guide's figures (`figures`: how long, how much data...) of
     the entry that gives it;
   - a how-to ("how to make", "is there a way") asking none of the guide's questions ->
     `off_topic`;
   - else the best entry answers when the question is about adapting a model (a `subjects`
     or `domain` word of synonyms.yaml; else `MIN_COVERAGE_BARE` of it must be known words),
     `MIN_COVERAGE` of its weight is known words, it scores `ANSWER_AT`, and it names the
     entry's topic plainly (an *anchor*: one of its keywords that is not a mere subject), or
     is made of the entry's own words ("what is RAG"), or scores `ANSWER_UNNAMED` and is
     worded as a question (a statement that names no topic tells what a tool did). Ranking
     puts an entry whose topic is named first when it scores within `PROMOTE_MARGIN` of the
     top (a keyword that names a subject too, "finetune cost", counts twice). Answered:
     `ambiguous` when runners-up are within `AMBIGUITY_MARGIN` of the best (offered as "see
     also"), else `confident`. Not answered: `unknown` (or `off_topic`
     without a subject), with up to three "did you mean" entries scoring `SUGGEST_AT`.

The weights and thresholds were first tuned on `tests/unit/test_faq_eval.py` and the fresh
sets (tests/unit/test_faq_fresh.py); the scope gate, anchors and word lists were then tuned on
the tune half of tests/unit/data/faq_real.yaml (questions people wrote in public issue
trackers), its test half only measured (tests/unit/test_faq_real.py).

What is cached (`advisor.cache`, as JSON) is `IndexData`: the normalised choices, word
weights, postings and statistics, and the normaliser's phrase table and vocabulary, all plain
data. It is rebuilt only when `faq.yaml` or `synonyms.yaml` changes; a `FaqIndex` is made from
it with a few set constructions, so a warm `advisor ask` never builds the index.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from rapidfuzz import fuzz, process

from advisor.cache import cached
from advisor.errors import AdvisorError
from advisor.faq.normalise import Normalizer, Trace, WordData, opens_as_question, stem, surface
from advisor.faq.results import AskResult, Candidate, Explanation, Level, Match
from advisor.faq.schema import DecideSummary, FaqEntry, NotCovered, Synonyms, load_faq, load_synonyms
from advisor.faq.scope import (
    DecideData,
    ScopeData,
    TopicData,
    code_identifiers,
    error_names,
    find_phrases,
    has_all,
    is_question,
    opening_word,
    other_language,
    without_tags,
    word_runs,
)

__all__ = ["AskResult", "FaqIndex", "IndexData", "Level", "Match", "build_data"]

FUZZY_WEIGHT = 0.2
KEYWORD_WEIGHT = 0.8
ANSWER_AT = 0.3
ANSWER_UNNAMED = 0.6
"""The score an entry needs when the question names none of its keywords."""
SUGGEST_AT = 0.2
AMBIGUITY_MARGIN = 0.06
MIN_COVERAGE = 0.3
MIN_COVERAGE_BARE = 0.7
"""The known share of a question's weight needed to answer it, with a word that shows it is
about adapting a model and without one ("which is faster" is answered; "how long to train for
a marathon" is not)."""
PROMOTE_MARGIN = 0.15
UNKNOWN_WEIGHT = 1.0
MAX_SUGGESTIONS = 3
TRAIN = "train"
"""The subject term of the training words (synonyms.yaml: train, learn, teach...)."""
MAX_QUERY_CHARS = 1000
"""Questions are matched on their first 1,000 characters; nobody asks a longer one."""

KEYWORD_PART = 1.0
PHRASING_PART = 0.6
ANSWER_PART = 0.25
FUZZY_CANDIDATES = 200
"""Choices kept from the fuzzy pass; on the built-in knowledge base that is all of them."""


# --- the index's data ---------------------------------------------------------------------


@dataclass
class IndexData:
    """Everything a lookup reads, as plain data: built once from faq.yaml and synonyms.yaml
    (`build_data`), kept in the cache as JSON, turned into a `FaqIndex` without recomputing."""

    entries: list[FaqEntry]
    words: WordData
    """The normaliser's phrase table, filler words and vocabulary."""
    scope: ScopeData
    """The scope gate's lists: subjects, reports, uncovered topics, the decision summary."""
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


def build_data(entries: Sequence[FaqEntry], synonyms: Synonyms | None = None,
               decide: DecideSummary | None = None,
               not_covered: Iterable[NotCovered] = ()) -> IndexData:
    """The index of `entries` as given (checked or not: the benchmark's are synthetic)."""
    synonyms = synonyms or Synonyms()
    texts = [text for entry in entries
             for text in (entry.question, *entry.phrasings, *entry.keywords, *entry.mentions,
                          entry.answer)]
    topics = list(not_covered)
    texts += [phrase for topic in topics for phrase in (*topic.phrases, *topic.mentions)]
    texts += [*synonyms.reports, *synonyms.complaints, *synonyms.how_to]
    words = WordData.build(synonyms, texts)
    normalizer = Normalizer(words)
    builder = _Builder(normalizer)
    for number, entry in enumerate(entries):
        builder.add(number, entry)
    scope = ScopeData.build(normalizer, synonyms, decide, topics)
    return builder.data(list(entries), words, scope)


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
        for word in self.normalizer.words(entry.answer, in_context=True):
            weights[word] = ANSWER_PART
        start = len(self.choices)
        for choice in (entry.question, *entry.phrasings):
            words = self.normalizer.words(choice, in_context=True)
            self.choices.append(" ".join(words))
            self.owners.append(number)
            weights.update(dict.fromkeys(words, PHRASING_PART))
        self.spans.append((start, len(self.choices)))
        for mention in entry.mentions:
            for word in self.normalizer.words(mention, in_context=True):
                weights[word] = max(weights.get(word, 0.0), PHRASING_PART)
        phrases = []
        for keyword in entry.keywords:
            words = self.normalizer.words(keyword, in_context=True)
            if len(set(words)) == 1:
                weights[words[0]] = KEYWORD_PART
            elif words:
                phrases.append(list(dict.fromkeys(words)))
                weights.update({word: max(weights.get(word, 0.0), PHRASING_PART) for word in words})
        self.phrases.append(phrases)
        self.weights.append(weights)

    def data(self, entries: list[FaqEntry], words: WordData, scope: ScopeData) -> IndexData:
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
        return IndexData(entries=entries, words=words, scope=scope, choices=self.choices,
                         owners=self.owners, spans=self.spans, weights=self.weights,
                         phrases=self.phrases, postings=postings, idf=idf, reach=reach,
                         unknown_weight=UNKNOWN_WEIGHT * math.log(1 + total),
                         topical=sorted(topical))


# --- reading one question -----------------------------------------------------------------


@dataclass
class _Reading:
    """One question as the gate and the scorer see it."""

    text: str
    trace: Trace
    own: list[str]
    """The question's own words (before synonyms), for reports and topics."""
    runs: set[tuple[str, ...]]
    """Runs of `own`, where reports' and topics' phrases are looked up."""
    words: list[str]
    """Its distinct content words, numbers left out."""
    subjects: list[str]
    reports: list[str]
    how_to: list[str]
    tools: list[str]
    """Marks of one tool's code or name: identifiers, versions, paths, tool names."""
    asks: list[str]
    """The guide's own questions it asks (`asks` terms of synonyms.yaml)."""
    question: bool
    """Whether it is worded as a question (see `is_question`), not as a statement."""
    candidates: list[Candidate]
    coverage: float
    """The share of the question's weight that is words the knowledge base knows."""


class FaqIndex:
    """The knowledge entries, normalised once, ready for `lookup`. Made from `IndexData` at
    the cost of a few sets, so a command that reads the index from the cache stays fast."""

    def __init__(self, data: IndexData) -> None:
        self.data = data
        self.entries = data.entries
        self.normalizer = Normalizer(data.words)
        self._phrases = [[tuple(phrase) for phrase in phrases] for phrases in data.phrases]
        self._topical = frozenset(data.topical)
        self._subjects = frozenset(data.scope.subjects)
        self._about = self._subjects | frozenset(data.scope.domain)
        self._foreign = frozenset(data.scope.foreign)
        self._english = frozenset(data.words.known_words) | frozenset(data.words.ignore)
        scope = data.scope
        self._reports = [tuple(phrase) for phrase in scope.reports]
        self._how_to = [tuple(phrase) for phrase in scope.how_to]
        self._tools = [tuple(phrase) for phrase in scope.tools]
        self._tool_set = frozenset(self._tools)
        self._asks = frozenset(scope.asks)
        self._figures = frozenset(scope.figures)
        self._summarised = frozenset(scope.decide.entries if scope.decide else ())
        """The entries the decision summary draws on (when to fine-tune, when RAG, hybrid)."""
        terms = data.words.terms
        self._training_out_of_context = frozenset(
            "_" + phrase.replace(" ", "_") for phrase in data.words.contextual
            if terms.get(phrase, phrase) == TRAIN)
        """The contextual words for training ("train", "learning"): without a context word
        they are unknown, but not in a question that asks one of the guide's figures ("how long did
        it take to train?"); its other unknown words still count ("how long to train for a
        marathon"), and a model's name out of context stays unknown ("how much does a llama
        cost")."""
        self._behaviours = frozenset(scope.behaviours)
        self._complaints = [tuple(phrase) for phrase in scope.complaints]
        self._requests = frozenset(scope.requests)
        self._topic_phrases = {topic.id: [tuple(phrase) for phrase in topic.phrases]
                               for topic in scope.topics}
        self._mentions = {topic.id: [tuple(phrase) for phrase in topic.mentions]
                          for topic in scope.topics}
        topic_phrases = [phrase for topic in scope.topics
                         for phrase in (*topic.phrases, *topic.mentions)]
        phrases = [*self._reports, *self._complaints, *self._how_to, *self._tools,
                   *topic_phrases]
        self._longest = max((len(phrase) for phrase in phrases), default=1)
        self._by_id = {entry.id: entry for entry in data.entries}
        self._number = {entry.id: number for number, entry in enumerate(data.entries)}

    @classmethod
    def from_folder(cls, folder: Path) -> FaqIndex:
        """The index of `faq.yaml` and `synonyms.yaml`, built and checked only when either
        changed (else read from the cache); a problem raises KnowledgeError."""
        faq, synonyms = folder / "faq.yaml", folder / "synonyms.yaml"
        # Without synonyms.yaml, the folder's own time stamp tells when one is added.
        sources = [faq, synonyms] if synonyms.exists() else [faq, folder]
        return cls(cached("faq", sources, partial(cls.load_data, folder), IndexData))

    @staticmethod
    def load_data(folder: Path) -> IndexData:
        """Read, validate and index `faq.yaml` and `synonyms.yaml`, bypassing the cache."""
        faq = load_faq(folder)
        return build_data(faq.entries, load_synonyms(folder), faq.decide, faq.not_covered)

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

    # --- lookup ---------------------------------------------------------------------------

    def lookup(self, query: str) -> AskResult:
        """The entries that answer `query`, best first, and whether the best one answers it."""
        return self.explain(query)[0]

    def explain(self, query: str) -> tuple[AskResult, Explanation]:
        """`lookup`, and how the question was read and scored."""
        if not query or not query.strip():
            raise AdvisorError('the question is empty; ask something, e.g. '
                               'advisor ask "how much training data do I need?"')
        text = query[:MAX_QUERY_CHARS]
        if other_language(text, self._foreign, self._english):
            result = AskResult(query=query, answered=False, kind="other_language",
                               summary="Only questions in English are understood.")
            return result, self._explanation(None, [], [], "the question is not in English")
        reading = self._read(text)
        return self._decide(query, reading)

    def _read(self, text: str) -> _Reading:
        tools, rest = self._tool_names(surface(text))
        trace = self.normalizer.trace(" ".join(rest) if tools else text)
        corrected = [trace.corrections.get(word, word) for word in trace.surface]
        own = [stem(word) for word in surface(" ".join(corrected))]
        runs = word_runs(own, self._longest)
        words = [word for word in dict.fromkeys(trace.words) if not word.isdigit()]
        known = sum(self.data.reach.get(word, 0.0) for word in words)
        # "how long to train?": a figure asked of training, read out of context.
        asks_figure = not self._figures.isdisjoint(words)
        unknown = sum(1 for word in words if word not in self.data.reach
                      and not (asks_figure and word in self._training_out_of_context))
        whole = known + self.data.unknown_weight * math.sqrt(unknown)
        return _Reading(
            text=text, trace=trace, own=own, runs=runs, words=words,
            coverage=known / whole if whole > 0 else 0.0,
            subjects=[word for word in words if word in self._about],
            reports=(find_phrases(runs, self._reports) + error_names(text)
                     + self._observed(text, runs, trace.surface)),
            how_to=find_phrases(runs, self._how_to) + self._request(text),
            tools=code_identifiers(text, self._english) + tools,
            asks=[word for word in words if word in self._asks],
            question=is_question(text),
            candidates=self._candidates(trace.words, words))

    def _tool_names(self, words: list[str]) -> tuple[list[str], list[str]]:
        """The tool names among the question's words as written (`tools`), and its other
        words: a tool's name is matched on, never its parts ("LLaMA-Factory" is no factor
        in a choice, "gpt4all" no model)."""
        stems = [stem(word) for word in words]
        found: list[str] = []
        rest: list[str] = []
        position = 0
        while position < len(words):
            for size in range(min(self._longest, len(words) - position), 0, -1):
                if tuple(stems[position:position + size]) in self._tool_set:
                    found.append(" ".join(words[position:position + size]))
                    position += size
                    break
            else:
                rest.append(words[position])
                position += 1
        return found, rest

    def _request(self, text: str) -> list[str]:
        """The verb a feature request opens with (`requests`: "Support incremental indexing")."""
        word = opening_word(text)
        return [word] if word in self._requests else []

    def _observed(self, text: str, runs: set[tuple[str, ...]], words: list[str]) -> list[str]:
        """The complaints and behaviour verbs of a statement of what a tool did ("Retrieval
        is very slow", "RAG returns irrelevant chunks"), none in a question that opens as one
        ("is RAG very slow for chat?", "which one produces...")."""
        if opens_as_question(without_tags(text)):
            return []
        return (find_phrases(runs, self._complaints)
                + [word for word in words if word in self._behaviours])

    def _decide(self, query: str, reading: _Reading) -> tuple[AskResult, Explanation]:
        """The reply, by the first rule that applies (each explained in `verdict`)."""
        scope = self.data.scope
        ranked = reading.candidates
        best = ranked[0] if ranked else None
        aspects = self._aspects(best)
        decide = scope.decide
        asks = has_all(reading.words, decide.asks) if decide else []
        plainly = has_all(reading.words, decide.asks_if_no_topic) if decide else []
        asked = {word for phrase in asks + plainly for word in phrase.split()}
        if any(not asked.issuperset(aspect.split()) for candidate in ranked[:2]
               if candidate.id not in self._summarised for aspect in self._aspects(candidate)):
            # A topic is named ("which is cheaper"): its entry answers, not the summary. A
            # topic of the summary's own entries ("for a support bot") leaves it the answer.
            asks = plainly = []
        named = {topic.id: find_phrases(reading.runs, self._topic_phrases[topic.id])
                 for topic in scope.topics}
        mentioned = {topic.id: find_phrases(reading.runs, self._mentions[topic.id])
                     for topic in scope.topics}
        topics = [topic for topic in scope.topics if named[topic.id]]
        if not topics:
            topics = [topic for topic in scope.topics if mentioned[topic.id]]

        def done(result: AskResult, verdict: str, choice: list[str] = asks) -> tuple[
                AskResult, Explanation]:
            found = [f"{topic.id}: {', '.join(named[topic.id] + mentioned[topic.id])}"
                     for topic in scope.topics if named[topic.id] or mentioned[topic.id]]
            return result, self._explanation(reading, found, choice, verdict)

        if self._topical.isdisjoint(reading.words):
            return done(AskResult(query=query, answered=False, kind="off_topic"),
                        "no word of any entry's question, phrasings or keywords")
        suggestions = self._suggestions(ranked)
        if reading.reports:
            return done(AskResult(query=query, answered=False, matches=suggestions,
                                  kind="off_topic"),
                        f"a bug report ({', '.join(reading.reports)}): the guide cannot answer it")
        if reading.tools and not reading.asks and not asks:
            return done(AskResult(query=query, answered=False, matches=suggestions,
                                  kind="off_topic"),
                        f"about one tool ({', '.join(reading.tools)}), asking none of the "
                        "guide's questions (how much data, how long, how often, what it costs, "
                        "how fast, how good, which to choose)")
        if decide and asks:
            return done(self._decision(query, decide, ranked),
                        f"asks which to choose ({'; '.join(asks)})")
        if topics and not self._asks_its_figure(reading, best) and (
                named[topics[0].id] or not self._still_answered(reading, topics)):
            topic = topics[0]
            return done(self._not_covered(query, topic, ranked),
                        f"about {topic.topic}, which the guide does not cover")
        if reading.how_to and not reading.asks:
            return done(AskResult(query=query, answered=False, matches=suggestions,
                                  kind="off_topic"),
                        f"about one tool's use ({', '.join(reading.how_to)}), naming no topic "
                        "of the guide")
        if decide and plainly:
            return done(self._decision(query, decide, ranked),
                        f"asks which to choose ({'; '.join(plainly)}) and names no topic",
                        plainly)
        why_not = self._why_not_answered(reading, best, aspects)
        if best is None or why_not:
            return done(AskResult(query=query, answered=False, matches=suggestions,
                                  kind="unknown" if reading.subjects else "off_topic"),
                        why_not or "no entry matches")
        if aspects:
            verdict = f"{best.id} names the question's topic ({', '.join(aspects)})"
        elif best.anchors and self._only_the_subject(reading, best):
            verdict = f"the question is only {best.id}'s own words ({', '.join(best.anchors)})"
        else:
            verdict = (f"a question close to {best.id}'s own wording (score {best.score:.2f}), "
                       "though it names none of its keywords")
        return done(self._answer(query, ranked), verdict)

    def _aspects(self, candidate: Candidate | None) -> list[str]:
        """The candidate's anchors that are topics, not subjects: "hour" in "how many hours
        to fine-tune", not "finetune"."""
        if candidate is None:
            return []
        return [word for word in candidate.anchors if word not in self._subjects]

    def _why_not_answered(self, reading: _Reading, best: Candidate | None,
                          aspects: list[str]) -> str:
        """Why the best candidate may not answer, or "" when it may: the question must be
        about adapting a model (a subject word), and name the entry's topic plainly (one of
        its keywords), or else be only the subject ("what is RAG")."""
        if best is None:
            return "no entry matches"
        if best.score < ANSWER_AT:
            return f"the best score {best.score:.2f} is below {ANSWER_AT}"
        floor = MIN_COVERAGE if reading.subjects else MIN_COVERAGE_BARE
        if reading.coverage < floor:
            return (f"only {reading.coverage:.0%} of it is words the knowledge base knows "
                    f"(at least {floor:.0%} needed)")
        if aspects or (best.anchors and self._only_the_subject(reading, best)):
            return ""
        if best.score < ANSWER_UNNAMED:
            return (f"it names no topic of {best.id} plainly, and its score {best.score:.2f} "
                    f"is below {ANSWER_UNNAMED}")
        if not reading.question:
            return (f"it names no topic of {best.id} plainly and is not worded as a question "
                    "(a statement of what happened)")
        return ""

    def _only_the_subject(self, reading: _Reading, best: Candidate) -> bool:
        """Whether every word of the question is the entry's own ("how does RAG work")."""
        weights = self.data.weights[self._number[best.id]]
        return all(weights.get(word, 0.0) >= PHRASING_PART for word in reading.words)

    def _asks_its_figure(self, reading: _Reading, best: Candidate | None) -> bool:
        """Whether the question asks one of the guide's figures (`figures`: how long, how much
        data, how often, what it costs) and the best entry names it: the training time on an
        "A100 80G" is the guide's, though GPU sizing is not."""
        if best is None:
            return False
        named = {word for aspect in self._aspects(best) for word in aspect.split()}
        return bool(named & self._figures.intersection(reading.asks))

    def _still_answered(self, reading: _Reading, topics: list[TopicData]) -> bool:
        """Whether the question, read without the uncovered topics' mentions, still names an
        entry's topic plainly ("training time and memory" is about training time)."""
        dropped = {word for topic in topics
                   for phrase in find_phrases(reading.runs, self._mentions[topic.id])
                   for word in phrase.split()}
        rest = " ".join(word for word in reading.own if word not in dropped)
        if not rest:
            return False
        words = [word for word in dict.fromkeys(self.normalizer.words(rest)) if not word.isdigit()]
        candidates = self._candidates(words, words)
        return bool(candidates and self._aspects(candidates[0]))

    # --- scores ---------------------------------------------------------------------------

    def _candidates(self, all_words: list[str], words: list[str]) -> list[Candidate]:
        """Every entry that shares a word with the question, best first, with its parts."""
        known = sum(self.data.reach.get(word, 0.0) for word in words)
        unknown = sum(1 for word in words if word not in self.data.reach)
        whole = known + self.data.unknown_weight * math.sqrt(unknown)
        if not words or whole <= 0:
            return []
        keyword, anchors = self._keyword_scores(words, whole)
        fuzzy = self._fuzzy_scores(" ".join(all_words), keyword)
        found = []
        for number in set(keyword) | set(fuzzy):
            score = FUZZY_WEIGHT * fuzzy.get(number, 0.0) + KEYWORD_WEIGHT * keyword.get(number, 0.0)
            found.append(Candidate(id=self.entries[number].id, score=round(min(score, 1.0), 3),
                                   keyword=round(keyword.get(number, 0.0), 3),
                                   fuzzy=round(fuzzy.get(number, 0.0), 3),
                                   anchors=anchors.get(number, [])))
        found.sort(key=lambda candidate: (-candidate.score, candidate.id))
        return self._promote(found)

    def _promote(self, ranked: list[Candidate]) -> list[Candidate]:
        """Of the candidates within `PROMOTE_MARGIN` of the top, the one that names most of
        its topics plainly (aspect keywords) goes first: an entry whose own keywords are asked
        beats one that only shares more of the question's words."""
        if not ranked:
            return ranked
        close = [candidate for candidate in ranked
                 if ranked[0].score - candidate.score <= PROMOTE_MARGIN]
        chosen = max(close, key=self._named)
        if chosen is ranked[0] or self._named(chosen) == self._named(ranked[0]):
            return ranked
        return [chosen, *(candidate for candidate in ranked if candidate is not chosen)]

    def _named(self, candidate: Candidate) -> int:
        """How many of its topics a candidate's question names plainly (aspect keywords), and
        how many subjects those keywords name with them: "finetune cost" counts two, so the
        cost of fine-tuning goes to the entry about fine-tuning rather than to the one that
        names only the cost."""
        aspects = self._aspects(candidate)
        return len(aspects) + len({word for aspect in aspects for word in aspect.split()
                                   if word in self._subjects})

    def _keyword_scores(self, words: list[str],
                        whole: float) -> tuple[dict[int, float], dict[int, list[str]]]:
        """Each entry's share of the question's weight, and the question's words that are the
        entry's keywords (see the module docstring)."""
        hits: dict[int, float] = {}
        anchors: dict[int, list[str]] = {}
        for word in words:
            idf = self.data.idf.get(word, 0.0)
            for number in self.data.postings.get(word, ()):
                part = self.data.weights[number][word]
                hits[number] = hits.get(number, 0.0) + idf * part
                if part >= KEYWORD_PART:
                    anchors.setdefault(number, []).append(word)
        asked = set(words)
        for number in hits:
            bonus, phrases = self._phrase_bonus(number, asked)
            hits[number] += bonus
            anchors.setdefault(number, []).extend(phrases)
        return {number: hit / whole for number, hit in hits.items()}, anchors

    def _phrase_bonus(self, number: int, asked: set[str]) -> tuple[float, list[str]]:
        """A keyword of several words counts fully only when all its words are asked."""
        phrases = [phrase for phrase in self._phrases[number] if asked.issuperset(phrase)]
        upgraded = {word for phrase in phrases for word in phrase}
        weights = self.data.weights[number]
        bonus = sum(self.data.idf[word] * (KEYWORD_PART - weights[word]) for word in upgraded)
        return bonus, [" ".join(phrase) for phrase in phrases]

    def _fuzzy_scores(self, text: str, keyword: dict[int, float]) -> dict[int, float]:
        best: dict[int, float] = {}
        found = process.extract(text, self.data.choices, scorer=fuzz.WRatio,
                                limit=FUZZY_CANDIDATES)
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

    # --- replies --------------------------------------------------------------------------

    def _match(self, entry_id: str, score: float) -> Match:
        entry = self._by_id[entry_id]
        return Match(id=entry.id, question=entry.question, score=round(min(score, 1.0), 3),
                     answer=entry.answer, kind=entry.kind, section=entry.section,
                     related=list(entry.related))

    def _suggestions(self, ranked: list[Candidate]) -> list[Match]:
        return [self._match(candidate.id, candidate.score)
                for candidate in ranked[:MAX_SUGGESTIONS] if candidate.score >= SUGGEST_AT]

    def _answer(self, query: str, ranked: list[Candidate]) -> AskResult:
        shown = [candidate for candidate in ranked[:MAX_SUGGESTIONS]
                 if candidate.score >= SUGGEST_AT] or ranked[:1]
        matches = [self._match(candidate.id, candidate.score) for candidate in shown]
        top = shown[0].score
        close = [candidate.id for candidate in shown[1:] if top - candidate.score <= AMBIGUITY_MARGIN]
        level: Level = "ambiguous" if close else "confident"
        return AskResult(query=query, answered=True, matches=matches, level=level, see_also=close)

    def _decision(self, query: str, decide: DecideData, ranked: list[Candidate]) -> AskResult:
        """The decision summary, its entries as the matches, the best-scoring first."""
        scores = {candidate.id: candidate.score for candidate in ranked}
        ordered = sorted(decide.entries, key=lambda entry_id: -scores.get(entry_id, 0.0))
        matches = [self._match(entry_id, scores.get(entry_id, 0.0)) for entry_id in ordered]
        return AskResult(query=query, answered=True, matches=matches, level="confident",
                         kind="decide", summary=decide.answer, invitation=decide.invitation)

    def _not_covered(self, query: str, topic: TopicData, ranked: list[Candidate]) -> AskResult:
        scores = {candidate.id: candidate.score for candidate in ranked}
        matches = [self._match(entry_id, scores.get(entry_id, 0.0)) for entry_id in topic.nearest]
        return AskResult(query=query, answered=False, matches=matches, kind="not_covered",
                         topic=topic.topic,
                         summary=f"The guide does not cover {topic.topic}.")

    def _explanation(self, reading: _Reading | None, topics: list[str], asks: list[str],
                     verdict: str) -> Explanation:
        if reading is None:
            return Explanation(surface=[], corrections={}, synonyms=[], words=[], subjects=[],
                               reports=[], how_to=[], tools=[], asks=[], topics=[], decide=[],
                               candidates=[], verdict=verdict)
        trace = reading.trace
        return Explanation(surface=trace.surface, corrections=trace.corrections,
                           synonyms=trace.synonyms, words=trace.words, subjects=reading.subjects,
                           reports=reading.reports, how_to=reading.how_to, tools=reading.tools,
                           asks=reading.asks, topics=topics,
                           decide=asks, candidates=reading.candidates[:5], verdict=verdict)
