"""Normalising text for matching: case, numbers, model sizes, spellings, inflections,
misspellings, synonyms, filler words and negations (see `advisor.faq.index` for the whole
matching pipeline), and telling a typed question from a typed answer."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

if TYPE_CHECKING:
    from advisor.faq.schema import Synonyms

# --- normalisation ------------------------------------------------------------------------

_SPELLINGS = re.compile("|".join((
    r"(?P<rag>\bretrieval[\s_-]*augmented(?:[\s_-]*generation\b)?"
    r"|\br\s*\.?\s*a\s*\.?\s*g\b\.?|\bretriev\w*)",
    r"(?P<finetune>\bfine[\s_-]*tun\w*|\bfinetun\w*|\btun+(?:e|es|ed|ing)\b|\bs?ft\b)",
    r"(?P<lora>\bq?lora\b|\bpeft\b)",
)))
"""The spellings of the three methods ("retrieval augmented generation", "R.A.G.", "fine
tuning", "FT", "QLoRA"...), each read as one word: the group's name."""
_PLUS = re.compile(r"(?<=[^\W\d_]{2})\s*[+&]\s*(?=[^\W\d_]{2})")
_GLUED_NAME = re.compile(r"\b([^\W\d_]{3,})(\d)")
"""A model's name glued to its version or size ("llama3", "qwen2b", "gpt4"), split so that
the name is a known word and the size is read as a size."""
_SIZE_LIST = re.compile(r"\b(\d+(?:\.\d+)?)((?:\s*/\s*\d+(?:\.\d+)?)+)\s*b\b")
"""Several sizes sharing one "b" ("7/13/70b"): each is read as a size."""
_THOUSANDS = re.compile(r"(?<=\d)[,_'](?=\d{3}\b)")
_SCALED = re.compile(r"\b(\d+(?:\.\d+)?)\s*(k|thousand|m|mn|million)\b")
_MODEL_SIZE = re.compile(r"\b(\d+(?:\.\d+)?)\s*(?:b|bn|billion)\b(?:[\s-]*param\w*)?")
_UNIT = re.compile(r"\b(\d+(?:\.\d+)?)(?!b\b)([^\W\d_]+)\b")
"""A number glued to its unit ("500ms", "24h", "3x"), split after scales and sizes are read."""
_DIGIT = re.compile(r"\d")
_NON_WORD = re.compile(r"[^\w\s]|_")
_COUNTED = re.compile(
    r"\b((?:\d+(?:\.\d+)?|hundred|thousand|few|couple|handful|dozen)(?: of)? example)\b")
"""A count of examples ("500 examples", "2k samples", "a couple of hundred examples") asks
how many are needed, like
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


def _sizes(match: re.Match[str]) -> str:
    sizes = [match.group(1), *re.findall(r"\d+(?:\.\d+)?", match.group(2))]
    return " ".join(f"{size}b" for size in sizes)


def surface(text: str) -> list[str]:
    """The words of `text` before synonyms: case, numbers, sizes, spellings and punctuation
    unified. Control characters, emoji and other symbols become spaces."""
    return list(_surface(text))


@lru_cache(maxsize=4096)
def _surface(text: str) -> tuple[str, ...]:
    """`surface`, remembered: building the index reads each of its phrases several times."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("’", "'").replace("'", "")
    if "+" in text or "&" in text:
        text = _PLUS.sub(" plus ", text)
    if _DIGIT.search(text):  # every rule about numbers needs one
        text = _GLUED_NAME.sub(r"\1 \2", text)
        text = _SIZE_LIST.sub(_sizes, text)
        text = _THOUSANDS.sub("", text)
        text = _SCALED.sub(_scaled, text)
        text = _MODEL_SIZE.sub(_model_size, text)
        text = _UNIT.sub(r"\1 \2", text)
    text = _spellings(text)
    return tuple(_NON_WORD.sub(" ", text).split())


def _spellings(text: str) -> str:
    return _SPELLINGS.sub(lambda match: f" {match.lastgroup} ", text)


_NOT_PLURAL = frozenset({"news", "does", "goes", "this", "thus", "lens", "chaos", "series", "times"})


_PU_PLURALS = frozenset({"gpus", "cpus", "tpus", "npus"})
"""Plurals of acronyms that end like "corpus" or "status", which stay as they are."""


def stem(word: str) -> str:
    """Reduce an English plural to its singular ("queries" -> "query"); nothing cleverer."""
    if word in _PU_PLURALS:
        return word[:-1]
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


@dataclass
class WordData:
    """What the normaliser needs, as plain data: built once from synonyms.yaml and the
    entries' texts (`WordData.build`), kept in the cache, read back without recomputing."""

    terms: dict[str, str] = field(default_factory=dict)
    """Each synonym, contextual or filler phrase (as stems joined by spaces) and what it
    becomes: its term, itself (a contextual word), or "" (a filler phrase, dropped)."""
    contextual: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    """Single filler words, dropped last."""
    context: list[str] = field(default_factory=list)
    negations: list[str] = field(default_factory=list)
    opposites: dict[str, str] = field(default_factory=dict)
    known_words: list[str] = field(default_factory=list)
    """Surface words that misspellings are corrected to, sorted."""

    @classmethod
    def build(cls, synonyms: Synonyms, texts: Iterable[str] = ()) -> WordData:
        """The phrase table of `synonyms`, and the words of `texts` and of the synonyms as the
        vocabulary that misspellings are corrected to."""
        terms: dict[str, str] = {}
        for group in synonyms.groups:
            term = " ".join(_base(group.term))
            for variant in group.variants:
                key = " ".join(_base(variant))
                if key and key != term:
                    terms[key] = term
        contextual = sorted({phrase for phrase in (" ".join(_base(word))
                                                   for word in synonyms.contextual) if phrase})
        for phrase in contextual:
            terms.setdefault(phrase, phrase)
        ignored = [" ".join(_base(phrase)) for phrase in synonyms.ignore]
        for phrase in ignored:
            if " " in phrase:
                terms.setdefault(phrase, "")
        words = {word for text in texts for word in surface(text)}
        for group in synonyms.groups:
            for phrase in (group.term, *group.variants):
                words.update(surface(phrase))
        for phrase in (*synonyms.ignore, *synonyms.negations):
            words.update(surface(phrase))
        words.update(("retrieval", "augmented", "generation", "finetuning"))
        return cls(
            terms=terms, contextual=contextual,
            ignore=sorted({phrase for phrase in ignored if phrase and " " not in phrase}),
            context=sorted({word for text in synonyms.context for word in _base(text)}),
            negations=list(synonyms.negations), opposites=dict(synonyms.opposites),
            known_words=sorted(word for word in words if word.isalpha()),
        )


def _base(text: str) -> list[str]:
    return [stem(word) for word in surface(text)]


class Normalizer:
    """Turns any text into the content words used for matching (see `advisor.faq.index`).

    Built from `WordData` at the cost of a few set constructions and one small regex."""

    def __init__(self, data: WordData | None = None) -> None:
        self.data = data or WordData()
        self.known_words = frozenset(self.data.known_words)
        self._terms = self.data.terms
        self._contextual = frozenset(self.data.contextual)
        self._sizes = tuple(sorted({phrase.count(" ") + 1 for phrase in self._terms},
                                   reverse=True))
        self._ignore = frozenset(self.data.ignore)
        self._context = frozenset(self.data.context)
        self._negated = _negation_pattern(self.data.negations, self.data.opposites)

    def words(self, text: str, in_context: bool | None = None) -> list[str]:
        """The content words of `text`, in order (`in_context`: see `trace`)."""
        return self.trace(text, in_context).words

    def trace(self, text: str, in_context: bool | None = None) -> Trace:
        """The content words of `text`, and what each step did (for `advisor ask --explain`).
        `in_context` True reads contextual words as their terms whatever the text says (the
        knowledge base's own texts are all about models); None decides from the text."""
        original = surface(text)
        words = original
        corrections: dict[str, str] = {}
        if self.known_words:
            corrected = [self._correct(word) for word in words]
            if corrected != words:
                corrections = {old: new for old, new in zip(words, corrected, strict=True)
                               if old != new}
                words = surface(" ".join(corrected))
        stems = [stem(word) for word in words]
        replaced: list[tuple[str, str]] = []
        context = self._in_context(stems) if in_context is None else in_context
        joined = self.replace(stems, context, replaced)
        joined = _COUNTED.sub(r"amount \1", joined)
        if self._negated is not None:
            joined = self._negated.sub(self._opposite, joined)
        content = [word for word in joined.split() if word not in self._ignore]
        return Trace(surface=original, corrections=corrections, synonyms=replaced, words=content)

    def replace(self, stems: Sequence[str], in_context: bool,
                replaced: list[tuple[str, str]] | None = None) -> str:
        """The stems joined by spaces, the longest phrase starting at each word replaced by its
        term: what one regex of every phrase would do, without compiling it on every run."""
        pieces = []
        position = 0
        while position < len(stems):
            size, phrase = self._longest_at(stems, position)
            if size == 0:
                pieces.append(stems[position])
                position += 1
                continue
            term = self.term(phrase, in_context)
            if term != phrase and replaced is not None:
                replaced.append((phrase, term))
            pieces.append(term)
            position += size
        return " ".join(pieces)

    def _longest_at(self, stems: Sequence[str], position: int) -> tuple[int, str]:
        left = len(stems) - position
        for size in self._sizes:
            if size <= left:
                phrase = " ".join(stems[position:position + size])
                if phrase in self._terms:
                    return size, phrase
        return 0, ""

    def term(self, phrase: str, in_context: bool) -> str:
        """A phrase's term; a contextual one out of context becomes a word no entry knows."""
        if phrase in self._contextual and not in_context:
            return "_" + phrase.replace(" ", "_")
        return self._terms[phrase]

    def _in_context(self, stems: Sequence[str]) -> bool:
        """Whether the text has a context word, so its contextual words take their terms."""
        return any((word in self._context or self._terms.get(word) in self._context)
                   and word not in self._contextual for word in stems)

    def _opposite(self, match: re.Match[str]) -> str:
        return match.group(1) + self.data.opposites[match.group(2)]

    def _correct(self, word: str) -> str:
        """The known word a misspelling most likely meant: a slip of the keys in a word of six
        letters or more, or in the singular or a base form of a long one ("hallucinatons",
        "fintuned"). A slip is one letter added or dropped, or two neighbours swapped
        ("tunning", "trianed"); in a word of eight letters or more also one letter changed
        ("retreival"). Anything further off is another word ("constants" is not a misspelt
        "constantly", nor "internet" "intranet"), and so is one letter changed in a shorter
        word ("enable" and "unable", "effect" and "affect"); shorter words are left alone
        altogether: too many real words are one letter away from each other ("cause" and
        "case")."""
        if len(word) < 4 or not word.isalpha() or word in self.known_words:
            return word
        forms = base_forms(word)
        for base in forms:
            if base in self.known_words:
                return base
        if len(word) < 6:
            return word
        # "hallucinatons": "hallucinaton", "hallucination"; "fintuned": "fintune", "finetune".
        singular = stem(word)
        longer = [*([singular] if len(singular) >= 8 else []),
                  *(form for form in forms if len(form) >= 7)]
        for form in dict.fromkeys((word, *longer)):
            slips = [str(known) for known, _, _ in process.extract(
                form, self.data.known_words, scorer=OSA.distance, score_cutoff=1, limit=None)
                if len(form) >= 8 or len(known) != len(form) or sorted(known) == sorted(form)]
            if slips:  # the closest of them ("products": "product", not "produces")
                return max(slips, key=lambda known: fuzz.ratio(form, known))
        return word


@dataclass(frozen=True)
class Trace:
    """What normalising one text did, step by step."""

    surface: list[str]
    """The words after case, numbers, sizes and spellings were unified."""
    corrections: dict[str, str]
    """Misspelt or inflected words and the known words they became."""
    synonyms: list[tuple[str, str]]
    """Each phrase replaced and its term ("" for a filler phrase dropped)."""
    words: list[str]
    """The content words matched against the entries."""



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
    return opens_as_question(stripped)


def opens_as_question(text: str) -> bool:
    """Whether `text` opens the way a question does: a question word ("which produces...",
    "how long..."), or an auxiliary followed by at least two words ("is 500 enough")."""
    words = re.findall(r"[^\W_]+", text.casefold().replace("'", "").replace("’", ""))
    if not words:
        return False
    if words[0] in _QUESTION_STARTS:
        return True
    return words[0] in _AUXILIARIES and len(words) >= 3


