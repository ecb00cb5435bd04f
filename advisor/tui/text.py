"""How the interview reads what people type, and shows answers and numbers back to them.

People answer the way they talk: "own GPUs", "our own servers", "about 300", "~5k",
"2 years", "600 notes a day". The core's checks (`advisor.answers`) read codes and numbers
with units; this module turns typed text into those before it gets there:

- a choice is matched against its labels, its codes and the common phrasings below, with
  rapidfuzz for the spelling and the order of the words (`read_choice`);
- a number loses the words around it that only say what is counted or that it is rough
  ("about", "~", "notes", "tickets"), and a horizon in years becomes months (`read_number`).

Presentation only: what the advisor decides comes from the core.
"""

from __future__ import annotations

import re
from typing import Any

from advisor.answers.units import parse_count, parse_money, parse_volume
from advisor.knowledge import Question
from advisor.numbers import money, volume_text

YES = {"y", "yes", "yeah", "yep", "sure", "true", "t", "1", "oui", "ja", "si", "of course",
       "absolutely", "definitely", "required", "it must", "they must", "we must", "we do",
       "we can", "must"}
NO = {"n", "no", "nope", "nah", "false", "f", "0", "not needed", "not really", "we do not",
      "we dont", "we cannot", "we cant", "never", "none"}

PHRASINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "data_volatility": {
        "static": ("never", "rarely", "hardly ever", "almost never", "settled", "stable",
                   "fixed", "does not change", "they do not change"),
        "yearly": ("once a year", "every year", "annually", "each year", "a few times a year"),
        "monthly": ("once a month", "each month", "every few weeks", "quarterly"),
        "weekly": ("once a week", "each week", "every few days"),
        "daily": ("each day", "every day", "hourly", "constantly", "all the time",
                  "several times a day", "continuously"),
    },
    "query_variety": {
        "narrow": ("the same questions", "repetitive", "similar", "always the same",
                   "they repeat"),
        "mixed": ("a mix", "some of both", "somewhat", "partly"),
        "broad": ("anything", "all sorts", "wide", "varied", "vary", "very different",
                  "open ended"),
    },
    "latency": {
        "realtime": ("real time", "instant", "instantly", "immediately", "sub second",
                     "under a second", "live", "voice", "no delay"),
        "interactive": ("a few seconds", "seconds", "chat", "a couple of seconds"),
        "relaxed": ("batch", "offline", "overnight", "minutes", "hours", "no rush",
                    "not urgent", "whenever"),
    },
    "privacy": {
        "on_premise": ("on prem", "on premises", "on site", "in house", "our own servers",
                       "our servers", "our data centre", "our data center", "local",
                       "must not leave", "cannot leave", "air gapped", "hipaa"),
        "private_cloud": ("vpc", "our cloud", "our aws", "our azure", "our gcp",
                          "private cloud", "virtual private cloud"),
        "public_api_ok": ("public", "public api", "anywhere", "api is fine", "openai",
                          "any provider", "no restriction", "no restrictions", "fine"),
    },
    "volume_predictability": {
        "steady": ("steady", "predictable", "known", "stable", "constant", "we know it"),
        "variable": ("variable", "unpredictable", "spiky", "uncertain", "seasonal", "unknown",
                     "it varies", "we do not know", "not sure", "bursty"),
    },
    "hosting": {
        "none": ("nothing", "no infrastructure", "no gpus", "no servers", "no hosting",
                 "we do not", "none at all", "no"),
        "managed": ("provider", "api", "openai", "bedrock", "vertex", "azure openai",
                    "managed", "managed service", "they host it", "per token",
                    "fine tuning api", "serverless"),
        "cloud_gpu": ("cloud", "cloud gpus", "aws", "gcp", "azure", "rent", "rented gpus",
                      "rent gpus", "gpus in the cloud", "lambda", "runpod"),
        "own_gpu": ("own gpus", "our own gpus", "our gpus", "our own servers", "our servers",
                    "on prem", "on premises", "in house", "our own hardware", "our hardware",
                    "our cluster", "self hosted", "our data centre", "our data center",
                    "we own gpus"),
    },
    "must_learn": {
        "knowledge": ("facts", "knowledge", "information", "documents", "answers from docs",
                      "current facts", "data"),
        "behaviour": ("behaviour", "behavior", "format", "a format", "tone", "style",
                      "tool use", "tools", "how to answer", "reasoning", "house format"),
        "both": ("both", "facts and format", "facts and style", "knowledge and behaviour",
                 "knowledge and behavior", "a bit of both"),
        "unknown": ("not sure", "do not know", "dont know", "unsure", "no idea", "unknown",
                    "maybe"),
    },
    "model_size": {
        "7b": ("7", "8b", "8", "small", "small model", "llama 8b", "mistral 7b"),
        "70b": ("70", "large", "large model", "llama 70b"),
        "405b": ("405", "huge", "frontier", "largest"),
    },
}
"""Common ways of saying each choice, by answers key, beyond its label and its code."""

STOPWORDS = frozenset({"we", "our", "us", "the", "a", "an", "it", "is", "are", "have", "has",
                       "can", "for", "of", "to", "be", "would", "rather", "they", "them",
                       "i", "my", "me", "just", "its", "that", "this", "with", "will", "and"})
"""Words that say nothing about which choice is meant ("we have our own GPUs")."""

CHOICE_CUTOFF = 85.0
"""The lowest score a typed choice may have: below it the text is not read as that choice."""
CHOICE_LEAD = 8.0
"""How far the best choice must score ahead of the next one to be chosen."""

APPROXIMATE = ("approximately", "approx.", "approx", "about", "around", "roughly", "circa",
               "ca.", "nearly", "almost", "maybe", "perhaps", "some", "at least", "at most",
               "up to", "more than", "less than", "over", "under", "close to", "~", "≈", "<", ">")
"""Words before a number that only say it is rough: the number is read as given."""

NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12}

_PERIODS = {"day", "days", "daily", "d", "week", "weeks", "weekly", "w", "wk", "month",
            "months", "monthly", "mo", "mon", "year", "years", "yearly", "y", "yr", "annually",
            "annual", "pa"}
_KEEP = {"k", "thousand", "m", "mm", "million", "b", "bn", "billion", "per", "a", "an",
         "each", "every", "in", "usd", "dollar", "dollars", "queries", "query", "requests",
         "request", "calls", "questions", "q", *_PERIODS}
_KEEP_MONEY = {"k", "m", "usd", "dollar", "dollars"}
"""Words the core's number parsers read; every other word after a number is dropped."""
_NUMBER = re.compile(r"[$]?\s*[0-9][0-9,._]*(?:e[+-]?[0-9]+)?")
_YEARS = re.compile(r"^(?P<count>[0-9]+(?:\.[0-9]+)?|[a-z]+)\s*(?:years?|yrs?|y)$")
_MONTHS = re.compile(r"^(?P<count>[0-9]+|[a-z]+)\s*(?:months?|mos?)$")


_NOT_ALPHANUMERIC = re.compile(r"[\W_]+")


def _plain(text: str) -> str:
    """Lower case, with every run of characters that are not letters or digits one space."""
    return _NOT_ALPHANUMERIC.sub(" ", text).lower().strip()


def _words(text: str) -> str:
    """Lower case, punctuation to spaces, "behavior" spelt one way, the filler words out."""
    plain = _plain(text.replace("'", "").replace("’", ""))
    return " ".join(word for word in plain.split() if word not in STOPWORDS)


def as_bool(text: str) -> bool | None:
    """A typed yes or no ("yes", "we do", "no, not needed"), or None when the text is neither."""
    plain = " ".join(_plain(text.replace("'", "")).split())
    if plain in YES:
        return True
    if plain in NO:
        return False
    first = plain.split(" ", 1)[0] if plain else ""
    if first in ("yes", "yeah", "yep", "y"):
        return True
    if first in ("no", "nope", "nah", "n"):
        return False
    return None


def read_choice(question: Question, text: str) -> str | None:
    """The choice a typed text means: its code, its label, a common phrasing or something
    close to one of them; None when nothing is close enough or two choices are equally so."""
    plain = _words(text)
    if not plain:
        return None
    scores: dict[str, float] = {}
    phrasings = PHRASINGS.get(question.key, {})
    for choice in question.choices:
        names = [choice.value.replace("_", " "), choice.label, short_label(choice.label),
                 *phrasings.get(choice.value, ())]
        forms = [_words(name) for name in names]
        if plain in forms:
            return choice.value
        scores[choice.value] = max(_score(plain, form) for form in forms if form)
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    best, score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if score >= CHOICE_CUTOFF and score - runner_up >= CHOICE_LEAD:
        return best
    return None


def _score(typed: str, form: str) -> float:
    """How well typed words match a choice's words: all of them in any order, or spelt a
    little differently ("wekly")."""
    from rapidfuzz import fuzz  # the first typed answer imports it, not the first question

    whole = fuzz.ratio(typed, form)
    if len(typed) < 3:  # "no", "7": only the whole word counts
        return whole
    return max(whole, fuzz.token_set_ratio(typed, form))


def short_label(label: str) -> str:
    """A label's first part, as a list of choices names it: "Hardly ever" of "Hardly ever:
    the facts are settled", "Every day" of "Every day (news, tickets, social media)"."""
    return re.split(r":| \(", label, maxsplit=1)[0].strip()


def read_number(question: Question, text: str) -> str:
    """Typed number text as the core's parser reads it, and otherwise as typed ("2M" stays
    "2M"): "about 300" -> "300", "~5k" -> "5k", "600 notes a day" -> "600 a day", and for the
    horizon "2 years" -> "24"."""
    plain = _without_approximation(" ".join(text.strip().split()))
    if question.key == "horizon_months":
        return _months(plain.lower())
    match = _NUMBER.match(plain)
    if match is None:
        return plain
    keep = _KEEP_MONEY if question.kind == "money" else _KEEP
    rest = plain[match.end():]
    if question.kind == "money":  # "$800 a month": the question says what it is paid for
        rest = re.split(r"(?i)\s*(?:/|\bper\b|\ba\b|\ban\b|\beach\b|\bevery\b)", rest)[0]
    rest = re.sub(r"[A-Za-z]+\.?", lambda word: word.group()
                  if word.group().rstrip(".").lower() in keep else "", rest)
    return " ".join((match.group() + rest).split())


def _without_approximation(text: str) -> str:
    """The text without the words before its number that only say it is rough."""
    changed = True
    while changed:
        changed = False
        for word in APPROXIMATE:
            ends = text[len(word):len(word) + 1] in (" ", "") or not word[-1].isalpha()
            if text.lower().startswith(word) and ends:
                text = text[len(word):].lstrip()
                changed = True
    return text


def _months(text: str) -> str:
    """A horizon in months, from "24", "24 months", "2 years" or "two years"."""
    for pattern, factor in ((_YEARS, 12), (_MONTHS, 1)):
        match = pattern.match(text)
        if match is None:
            continue
        count = match.group("count")
        number = NUMBER_WORDS.get(count) if count.isalpha() else float(count)
        if number is None:
            return text
        months = number * factor
        return str(int(months)) if months == int(months) else str(months)
    return text


def understood(question: Question, text: str) -> str | None:
    """What a typed answer means, read back ("about 304,167 queries a month", "We have our own
    GPUs"); None if it cannot be read."""
    if question.kind == "choice":
        value = read_choice(question, text)
        return None if value is None else _label(question, value)
    if question.kind not in ("volume", "count", "money"):
        return None
    cleaned = read_number(question, text)
    try:
        if question.kind == "volume":
            return volume_text(parse_volume(cleaned))
        if question.kind == "count":
            if question.key == "labeled_examples" and _words(text) in _UNKNOWN:
                return "not known"
            count = f"{parse_count(cleaned):,}"
            return f"{count} {question.unit}" if question.unit else count
        return money(parse_money(cleaned))
    except ValueError:
        return None


_UNKNOWN = {_words(text) for text in ("unknown", "I don't know", "do not know", "not sure",
                                      "no idea", "?")}


def typed_value(question: Question, text: str) -> Any:
    """What to hand the core for typed text: a choice's code, True or False, a number's text
    as the core's parser reads it; None for a choice or yes/no that cannot be read."""
    if question.kind == "choice":
        return read_choice(question, text)
    if question.kind == "bool":
        return as_bool(text)
    if question.kind in ("volume", "count", "money"):
        if question.key == "labeled_examples" and _words(text) in _UNKNOWN:
            return "unknown"
        return read_number(question, text)
    return text.strip()


def _label(question: Question, value: Any) -> str:
    labels = {choice.value: choice.label for choice in question.choices}
    return labels.get(str(value).strip().lower(), str(value))


def shown(question: Question, value: Any) -> str:
    """An answer as the conversation and the review show it."""
    if value is None:
        return NONE_SHOWN.get(question.kind, "(none)")
    if question.kind == "choice":
        return _label(question, value)
    if question.kind == "bool":
        return "Yes" if value else "No"
    if value == "unknown":
        return next((label for label, code in SHORTCUTS.get(question.key, []) if code == value),
                    "Not known")
    if isinstance(value, str):
        reading = understood(question, value)
        if reading is None or reading == value:
            return value
        if reading.startswith(f"{value} "):  # "300" read as "300 labeled examples"
            return reading
        return f"{value} ({reading})"
    if question.kind == "volume":
        return volume_text(float(value))
    if question.kind == "money":
        return money(float(value))
    if isinstance(value, int) and question.unit:
        return f"{value:,} {question.unit}"
    return f"{value:,}" if isinstance(value, int) else str(value)


NONE_SHOWN = {"money": "(the guide's figure)", "model": "None named: the guide's figures"}

ALLOWED = {
    "volume": 'a number of queries a month, or with a unit: "12000", "10k/day", "600 a day"',
    "count": 'a whole number, such as "500", "about 300" or "5k"',
    "money": 'an amount in US dollars, such as "1500" or "$1.5k"; empty for the guide\'s figure',
    "bool": "yes or no",
    "model": 'a model name such as "gpt-4o-mini" (pick one from the list as you type); empty '
             "for the guide's figures",
}


def allowed(question: Question) -> str:
    """What the question accepts, in words, for the friendly 'I did not understand' message:
    a choice's options by their labels, never their codes."""
    if question.kind == "choice":
        return "one of " + ", ".join(f"“{short_label(choice.label)}”" for choice in question.choices)
    if question.key == "horizon_months":
        return 'a number of months from 1 to 120, such as "24" or "2 years"'
    if question.key == "labeled_examples":
        return 'a whole number, such as "500", "about 300" or "5k", or "I don\'t know"'
    return ALLOWED[question.kind]


# --- answers beyond the typed line ------------------------------------------------------------

GENERATE = "we could generate them"
"""The labeled-examples answer "none yet, but we could generate them": the count is not known
and the team can generate examples with a larger model (two answers at once)."""

SHORTCUTS: dict[str, list[tuple[str, Any]]] = {
    "labeled_examples": [("I don't know", "unknown"),
                         ("None yet, but we could generate them with a larger model", GENERATE)],
}
"""Answers offered on a list above the typed line for a question that is otherwise typed."""


def read_shortcut(question: Question, text: str) -> Any:
    """A typed answer that means one of the question's shortcuts; None if it means none."""
    if question.key == "labeled_examples" and "generat" in text.lower():
        return GENERATE
    return None


# --- the model picker ---------------------------------------------------------------------------

FAMILIAR = ("openai:gpt-4o-mini", "openai:gpt-4o", "openai:gpt-4.1-mini",
            "anthropic:claude-sonnet-4-0", "anthropic:claude-3-5-haiku-latest",
            "google:gemini-2.5-flash", "mistral:mistral-small-latest")
"""What the picker offers before anything is typed (those genai-prices knows)."""
MAKERS = ("openai", "anthropic", "google", "mistral", "deepseek", "meta", "cohere", "x-ai", "groq")
"""Providers that make the models they serve: their names come first among equal matches."""


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def model_matches(text: str, models: list[str], limit: int = 8) -> list[str]:
    """The known models that best match what is typed so far, best first: the model's own
    name equal to it, then starting with it, then containing it, then containing each of its
    words, then spelt close to it;
    among equals a maker's own listing, then the shorter name."""
    typed = _squash(text.rpartition(":")[2])
    words = re.findall(r"[a-z]+|[0-9.]+", text.rpartition(":")[2].lower())
    provider = text.rpartition(":")[0].strip().lower()
    if not typed:
        return [name for name in FAMILIAR if name in set(models)][:limit]
    from rapidfuzz import fuzz  # see `_score`

    ranked: list[tuple[tuple[int, float, int, int], str]] = []
    for name in models:
        maker, _, model = name.partition(":")
        if provider and not maker.startswith(provider):
            continue
        plain = _squash(model)
        if plain == typed:
            tier, score = 0, 100.0
        elif plain.startswith(typed):
            tier, score = 1, 100.0
        elif typed in plain:
            tier, score = 2, 100.0
        elif all(word in model.lower() for word in words):
            tier, score = 3, 100.0
        else:
            score = fuzz.ratio(typed, plain)
            if score < 70:
                continue
            tier = 4
        known_maker = MAKERS.index(maker) if maker in MAKERS else len(MAKERS)
        ranked.append(((tier, -score, known_maker, len(name)), name))
    ranked.sort()
    return [name for _, name in ranked[:limit]]
