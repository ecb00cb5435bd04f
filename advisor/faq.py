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
import re
import textwrap
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from rapidfuzz import fuzz, process

from advisor.errors import AdvisorError, KnowledgeError
from advisor.models import STRICT, KnowledgeId

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import CoreSchema

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


# --- knowledge/faq.yaml: the entries --------------------------------------------------------


@dataclass
class FaqEntry:
    """A question the knowledge base answers: one of the guide's FAQ entries or sections."""

    __pydantic_config__ = STRICT

    id: KnowledgeId
    kind: Literal["faq", "section"]
    question: str
    answer: str
    section: str
    """The guide section the answer comes from, as its heading reads in the guide."""
    phrasings: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    related: list[KnowledgeId] = field(default_factory=list)


@dataclass
class Faq:
    __pydantic_config__ = STRICT

    entries: list[FaqEntry]


# --- the synonym table --------------------------------------------------------------------


class _NoBlankItem:
    """Marks a list of strings in which no item may be blank. Read by pydantic only when a
    file is validated (a cache miss), so a command that reads the cache never imports it."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(self._check, handler(source))

    def _check(self, items: list[str]) -> list[str]:
        if any(not str(item).strip() for item in items):
            raise ValueError(self.message)
        return items


@dataclass(frozen=True)
class SynonymGroup:
    """Words or phrases (`variants`) that mean the same as `term` when matching questions."""

    __pydantic_config__ = STRICT

    term: str = field(metadata={"min_length": 1})
    variants: Annotated[list[str], _NoBlankItem("a variant is empty")] = field(
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


def load_synonyms(folder: Path) -> Synonyms:
    """knowledge/synonyms.yaml (optional: without it, questions are matched word for word)."""
    path = folder / "synonyms.yaml"
    if not path.exists():
        return Synonyms()
    from advisor.knowledge import load_model

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


# --- normalisation ------------------------------------------------------------------------

_CORE_SPELLINGS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"\bretrieval[\s_-]*augmented[\s_-]*generation\b", " rag "),
        (r"\bretrieval[\s_-]*augmented\b", " rag "),
        (r"\br\s*\.?\s*a\s*\.?\s*g\b\.?", " rag "),
        (r"\bretriev\w*", " rag "),
        (r"\bfine[\s_-]*tun\w*", " finetune "),
        (r"\bfinetun\w*", " finetune "),
        (r"\btun(?:e|es|ed|ing)\b", " finetune "),
        (r"\bft\b", " finetune "),
        (r"\bsft\b", " finetune "),
        (r"\blora\b|\bqlora\b|\bpeft\b", " finetune "),
    )
)
_PLUS = re.compile(r"(?<=[^\W\d_]{2})\s*[+&]\s*(?=[^\W\d_]{2})")
_THOUSANDS = re.compile(r"(?<=\d)[,_'](?=\d{3}\b)")
_SCALED = re.compile(r"\b(\d+(?:\.\d+)?)\s*(k|thousand|m|mn|million)\b")
_MODEL_SIZE = re.compile(r"\b(\d+(?:\.\d+)?)\s*(?:b|bn|billion)\b(?:[\s-]*param\w*)?")
_UNIT = re.compile(r"\b(\d+(?:\.\d+)?)(?!b\b)([^\W\d_]+)\b")
"""A number glued to its unit ("500ms", "24h", "3x"), split after scales and sizes are read."""
_NON_WORD = re.compile(r"[^\w\s]|_")
_COUNTED = re.compile(r"\b(\d+(?:\.\d+)? example)\b")
"""A count of examples ("500 examples", "2k samples") asks how many are needed, like
"how many examples" (read after the synonyms have turned "samples", "rows"... into
"example")."""
_SCALE = {"k": 1_000, "thousand": 1_000, "m": 1_000_000, "mn": 1_000_000, "million": 1_000_000}


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def _scaled(match: re.Match[str]) -> str:
    return _number(float(match.group(1)) * _SCALE[match.group(2)])


def _model_size(match: re.Match[str]) -> str:
    """A model size as the guide's nearest class: 8b -> 7b, 34b -> 70b, 180b -> 405b
    (the boundaries are the geometric means of neighbouring classes)."""
    billions = float(match.group(1))
    size = "7b" if billions < 22 else "70b" if billions < 168 else "405b"
    return f" {size} "


def surface(text: str) -> list[str]:
    """The words of `text` before synonyms: case, numbers, sizes, spellings and punctuation
    unified. Control characters, emoji and other symbols become spaces."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("’", "'").replace("'", "")
    text = _PLUS.sub(" plus ", text)
    text = _THOUSANDS.sub("", text)
    text = _SCALED.sub(_scaled, text)
    text = _MODEL_SIZE.sub(_model_size, text)
    text = _UNIT.sub(r"\1 \2", text)
    text = _spellings(text)
    return _NON_WORD.sub(" ", text).split()


def _spellings(text: str) -> str:
    for pattern, replacement in _CORE_SPELLINGS:
        text = pattern.sub(replacement, text)
    return text


_NOT_PLURAL = frozenset({"news", "does", "goes", "this", "thus", "lens", "chaos", "series", "times"})


def stem(word: str) -> str:
    """Reduce an English plural to its singular ("queries" -> "query"); nothing cleverer."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    if (len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))
            and word not in _NOT_PLURAL):
        return word[:-1]
    return word


_SUFFIXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("isation", ("ise", "ize")), ("ization", ("ize", "ise")), ("ation", ("e", "")),
    ("iest", ("y",)), ("ier", ("y",)), ("ied", ("y",)), ("ily", ("y",)),
    ("ing", ("", "e", "-")), ("est", ("", "e", "-")), ("ed", ("", "e", "-")),
    ("er", ("", "e", "-")), ("ly", ("",)),
)


def base_forms(word: str) -> list[str]:
    """Candidate base forms of an inflected word ("choosing" -> "choos", "choose"; "bigger" ->
    "bigg", "big"), tried against the known words only, so a wrong guess is harmless."""
    forms = []
    for suffix, endings in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            root = word[: -len(suffix)]
            for ending in endings:
                if ending == "-":
                    if len(root) > 3 and root[-1] == root[-2]:
                        forms.append(root[:-1])
                else:
                    forms.append(root + ending)
    return forms


def _negation_pattern(negations: Sequence[str],
                      opposites: dict[str, str]) -> re.Pattern[str] | None:
    """Matches a negation, up to two words, then a term that has an opposite."""
    if not negations or not opposites:
        return None
    said = "|".join(map(re.escape, sorted(negations, key=len, reverse=True)))
    terms = "|".join(map(re.escape, sorted(opposites, key=len, reverse=True)))
    return re.compile(rf"(\b(?:{said})\b(?:\s+\w+){{0,2}}?\s+)({terms})\b")


@dataclass(eq=False)
class PhraseTable:
    """Phrases of one or more stems, each with what it becomes (its term, or "" to drop it).

    `replace` reads a text's stems left to right and replaces, at each word, the longest
    phrase that starts there: what a regex of every phrase, longest first, between word
    boundaries did, without compiling that regex (~16 ms) on every run.
    """

    terms: dict[str, str] = field(default_factory=dict)
    contextual: frozenset[str] = frozenset()
    """Phrases that take their term only in context (see `Normalizer`)."""
    _sizes: tuple[int, ...] = field(init=False, default=())
    """The phrases' lengths in words, longest first."""

    def __post_init__(self) -> None:
        self._sizes = tuple(sorted({len(phrase.split(" ")) for phrase in self.terms}, reverse=True))

    def replace(self, stems: Sequence[str], in_context: bool) -> str:
        """The stems joined by spaces, each phrase among them replaced by its term."""
        pieces = []
        position = 0
        while position < len(stems):
            size, phrase = self._longest_at(stems, position)
            pieces.append(stems[position] if size == 0 else self.term(phrase, in_context))
            position += max(size, 1)
        return " ".join(pieces)

    def _longest_at(self, stems: Sequence[str], position: int) -> tuple[int, str]:
        """The longest phrase starting at `position` and its length; (0, "") for none."""
        left = len(stems) - position
        for size in self._sizes:
            if size <= left:
                phrase = " ".join(stems[position:position + size])
                if phrase in self.terms:
                    return size, phrase
        return 0, ""

    def term(self, phrase: str, in_context: bool) -> str:
        """A phrase's term; a contextual one out of context becomes a word no entry knows."""
        if phrase in self.contextual and not in_context:
            return "_" + phrase.replace(" ", "_")
        return self.terms[phrase]


@dataclass(eq=False)
class Normalizer:
    """Turns any text into the content words used for matching (see the module docstring)."""

    synonyms: Synonyms = field(default_factory=Synonyms)
    known_words: frozenset[str] = frozenset()
    """Surface words that misspellings are corrected to."""
    _phrases: PhraseTable = field(init=False, default_factory=PhraseTable)
    _ignore: frozenset[str] = field(init=False, default=frozenset())
    _context: frozenset[str] = field(init=False, default=frozenset())
    _negated: re.Pattern[str] | None = field(init=False, default=None)
    _vocabulary: list[str] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        terms: dict[str, str] = {}
        for group in self.synonyms.groups:
            term = " ".join(self._base(group.term))
            for variant in group.variants:
                key = " ".join(self._base(variant))
                if key and key != term:
                    terms[key] = term
        contextual = frozenset(phrase for phrase in (" ".join(self._base(word))
                                                     for word in self.synonyms.contextual) if phrase)
        for phrase in contextual:
            terms.setdefault(phrase, phrase)
        self._negated = _negation_pattern(self.synonyms.negations, self.synonyms.opposites)
        self._context = frozenset(word for text in self.synonyms.context
                                  for word in self._base(text))
        ignored = [" ".join(self._base(phrase)) for phrase in self.synonyms.ignore]
        self._ignore = frozenset(phrase for phrase in ignored if " " not in phrase)
        for phrase in ignored:
            if " " in phrase:
                terms.setdefault(phrase, "")
        self._phrases = PhraseTable(terms, contextual)

    @classmethod
    def for_texts(cls, synonyms: Synonyms, texts: Iterable[str]) -> Normalizer:
        """A normaliser that corrects misspelt words to the words of `texts` (and of the
        synonyms)."""
        words = {word for text in texts for word in surface(text)}
        for group in synonyms.groups:
            for phrase in (group.term, *group.variants):
                words.update(surface(phrase))
        for phrase in (*synonyms.ignore, *synonyms.negations):
            words.update(surface(phrase))
        words.update(("retrieval", "augmented", "generation", "finetuning"))
        return cls(synonyms, frozenset(word for word in words if word.isalpha()))

    @property
    def phrases(self) -> PhraseTable:
        """The synonym, contextual and filler phrases and what each becomes."""
        return self._phrases

    def _base(self, text: str) -> list[str]:
        return [stem(word) for word in surface(text)]

    def words(self, text: str) -> list[str]:
        """The content words of `text`, in order."""
        words = surface(text)
        if self.known_words:
            corrected = [self._correct(word) for word in words]
            if corrected != words:
                words = surface(" ".join(corrected))
        stems = [stem(word) for word in words]
        joined = self._phrases.replace(stems, self._in_context(stems))
        joined = _COUNTED.sub(r"amount \1", joined)
        if self._negated is not None:
            joined = self._negated.sub(self._opposite, joined)
        ignore = self._ignore
        return [word for word in joined.split() if word not in ignore]

    def _in_context(self, stems: Sequence[str]) -> bool:
        """Whether the text has a context word, so its contextual words take their terms."""
        terms, contextual = self._phrases.terms, self._phrases.contextual
        return any((word in self._context or terms.get(word) in self._context)
                   and word not in contextual for word in stems)

    def _opposite(self, match: re.Match[str]) -> str:
        return match.group(1) + self.synonyms.opposites[match.group(2)]

    def _correct(self, word: str) -> str:
        """The known word a misspelling most likely meant: one letter added or dropped in a
        word of 6-7 letters ("tunning"), up to one changed or two swapped in a longer one
        ("retreival"). Shorter words are left alone: too many real words are one letter
        away from each other ("cause" and "case")."""
        if len(word) < 4 or not word.isalpha() or word in self.known_words:
            return word
        for base in base_forms(word):
            if base in self.known_words:
                return base
        if len(word) < 6:
            return word
        if not self._vocabulary:
            self._vocabulary = sorted(self.known_words)
        cutoff = 90 if len(word) < 8 else 84
        found = process.extractOne(word, self._vocabulary, scorer=fuzz.ratio, score_cutoff=cutoff)
        return str(found[0]) if found else word


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

    def to_json(self) -> str:
        """The contract's JSON, printed like every other output: fields in declaration order,
        indented by two, non-ASCII text as itself (the text pydantic's
        `model_dump_json(indent=2)` gave when this was a model)."""
        from advisor.models import to_json

        return to_json(self)


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


def check_entries(entries: Sequence[FaqEntry], path: Path) -> None:
    """What pydantic cannot see one entry at a time: every contract id once, related ids real."""
    from advisor.models import KNOWLEDGE_IDS

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
        unknown = [entry_id for entry_id in entry.related if entry_id not in seen]
        if unknown:
            raise KnowledgeError(f"{path}: entry {entry.id!r}: related: unknown id {unknown[0]!r}")


# --- telling a question from an answer ----------------------------------------------------

_QUESTION_STARTS = frozenset({
    "what", "whats", "how", "hows", "why", "when", "which", "who", "where", "explain", "define",
    "compare", "tell", "describe",
})
_AUXILIARIES = frozenset({
    "is", "isnt", "are", "arent", "can", "cant", "could", "should", "would", "will", "does",
    "doesnt", "do", "dont", "did", "shall", "may", "might", "must",
})


def looks_like_question(text: str) -> bool:
    """True for free text that asks something ("what does volatility mean?", "is 500 enough"),
    false for an answer typed into an answer box ("weekly", "10k/day", "yes", "70b")."""
    stripped = text.strip()
    if not stripped:
        return False
    if stripped.endswith(("?", "？", "¿")) or stripped.startswith("¿"):
        return True
    words = re.findall(r"[^\W_]+", stripped.casefold().replace("'", "").replace("’", ""))
    if not words:
        return False
    if words[0] in _QUESTION_STARTS:
        return True
    return words[0] in _AUXILIARIES and len(words) >= 3


# --- plain-text rendering (no rich: `advisor ask` must start fast) --------------------------

WIDTH = 88


def _wrap(text: str, indent: str = "") -> str:
    return textwrap.fill(" ".join(text.split()), WIDTH, initial_indent=indent,
                         subsequent_indent=indent, break_on_hyphens=False)


def render_text(result: AskResult, index: FaqIndex | None = None) -> str:
    """The answer as `advisor ask` prints it: answer, source, see also, related entries."""
    if result.best is None:
        return _render_unanswered(result)
    best = result.best
    closeness = "close call" if result.level == "ambiguous" else "match"
    lines = [best.question, "", _wrap(best.answer), "",
             f"Source: the guide, section \"{best.section}\" "
             f"(entry {best.id}, {closeness} {best.score:.0%})"]
    if result.see_also:
        lines.append("See also (almost as close):")
        lines.extend(_item(entry_id, result, index) for entry_id in result.see_also)
    related = [entry_id for entry_id in best.related if entry_id not in result.see_also]
    if related:
        lines.append("Related:")
        lines.extend(_item(entry_id, result, index) for entry_id in related)
    return "\n".join(lines) + "\n"


def _item(entry_id: str, result: AskResult, index: FaqIndex | None) -> str:
    question = next((match.question for match in result.matches if match.id == entry_id), None)
    if question is None and index is not None:
        question = index.get(entry_id).question
    return f"  - {entry_id}: {question}" if question else f"  - {entry_id}"


def _render_unanswered(result: AskResult) -> str:
    lines = ["I don't know the answer to that from the guide."]
    if result.matches:
        lines.append("Did you mean:")
        lines.extend(f"  - {match.id}: {match.question}" for match in result.matches)
    else:
        lines.append("It does not look like a question about fine-tuning, RAG or their costs.")
    lines.append("'advisor ask --list' shows the questions it can answer.")
    return "\n".join(lines) + "\n"


def render_list(entries: Iterable[FaqEntry]) -> str:
    """`advisor ask --list`: each answerable question with its id, FAQ entries first."""
    entries = list(entries)
    lines = []
    for kind, title in (("faq", "From the guide's FAQ:"), ("section", "From the guide's sections:")):
        chosen = [entry for entry in entries if entry.kind == kind]
        if chosen:
            width = max(len(entry.id) for entry in chosen)
            lines.append(title)
            lines.extend(f"  {entry.id:<{width}}  {entry.question}" for entry in chosen)
            lines.append("")
    return "\n".join(lines)


def render_markdown(result: AskResult) -> str:
    """The same answer as Markdown, for the TUI and reports."""
    if result.best is None:
        text = "I don't know the answer to that from the guide."
        if result.matches:
            text += "\n\nDid you mean:\n\n" + "\n".join(
                f"- {match.question} (`{match.id}`)" for match in result.matches)
        return text + "\n"
    best = result.best
    parts = [f"**{best.question}**", " ".join(best.answer.split()),
             f"*Source: the guide, \"{best.section}\" (`{best.id}`).*"]
    others = [*result.see_also, *(entry_id for entry_id in best.related
                                  if entry_id not in result.see_also)]
    if others:
        parts.append("See also: " + ", ".join(f"`{entry_id}`" for entry_id in others))
    return "\n\n".join(parts) + "\n"
