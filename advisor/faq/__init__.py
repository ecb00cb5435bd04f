"""Answering free-text questions from the knowledge base: normalise, index, score."""

from advisor.faq.index import AskResult, FaqIndex, Match
from advisor.faq.normalise import looks_like_question

__all__ = ["AskResult", "FaqIndex", "Match", "looks_like_question"]
