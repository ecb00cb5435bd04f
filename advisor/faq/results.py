"""What a lookup returns: the matches, what kind of reply it is, and, on request, how it was
reached (`advisor ask --explain`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Level = Literal["confident", "ambiguous", "low"]
Kind = Literal["answer", "decide", "not_covered", "other_language", "off_topic", "unknown"]
"""answer: an entry answers it; decide: "should we fine-tune or use RAG?", answered by the
decision summary; not_covered: next to the guide's topics but not in it; other_language: not
English; off_topic: a bug report, a tool's how-to or nothing the guide is about; unknown:
about the guide, but no entry is a confident match."""


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
    kind: Kind = "answer"
    summary: str = ""
    """The reply when no single entry is it: the decision summary, or what is not covered."""
    topic: str = ""
    """The uncovered topic's name (kind not_covered)."""
    invitation: str = ""
    """With the decision summary: how to get a recommendation that fits (run `advisor`)."""

    @property
    def best(self) -> Match | None:
        return self.matches[0] if self.answered and self.matches else None

    @property
    def decide(self) -> bool:
        """Whether the question asks which to choose, answered by the decision summary."""
        return self.kind == "decide"


@dataclass(frozen=True)
class Candidate:
    """One entry's score for a question, in parts (`advisor ask --explain`)."""

    id: str
    score: float
    keyword: float
    """The share of the question's weight that the entry's words explain."""
    fuzzy: float
    """How close the question's wording is to the entry's question or a phrasing (0-1)."""
    anchors: list[str]
    """The question's words that are the entry's own keywords (its topic named plainly)."""


@dataclass(frozen=True)
class Explanation:
    """How a question was read and scored."""

    surface: list[str]
    corrections: dict[str, str]
    synonyms: list[tuple[str, str]]
    words: list[str]
    subjects: list[str]
    """The question's words that show it is about adapting a model."""
    reports: list[str]
    how_to: list[str]
    tools: list[str]
    """Marks of one tool: code identifiers, versions, paths, tracker tags, tool names."""
    asks: list[str]
    """The guide's own questions the question asks (how much data, how long...)."""
    topics: list[str]
    """Uncovered topics whose phrases the question uses."""
    decide: list[str]
    """The choice phrases the question uses."""
    candidates: list[Candidate]
    verdict: str
    """Which rule decided the reply, in a sentence."""
