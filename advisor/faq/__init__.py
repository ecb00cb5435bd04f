"""Answering free-text questions from the knowledge base: normalise, gate, index, score."""

from advisor.faq.index import FaqIndex
from advisor.faq.normalise import looks_like_question
from advisor.faq.results import AskResult, Explanation, Match

__all__ = ["AskResult", "Explanation", "FaqIndex", "Match", "looks_like_question"]
