"""advisor: decide between fine-tuning, RAG or both, with explicit rules and cost arithmetic."""

__version__ = "0.1.0"
