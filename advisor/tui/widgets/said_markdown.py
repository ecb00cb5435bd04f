"""An advisor message with Markdown formatting: an FAQ answer in the conversation.

Apart from `chat` because Markdown is slow to import and the interview's first question needs
none of it: the chat imports this module with the first FAQ answer.
"""

from __future__ import annotations

from textual.widgets import Markdown


class SaidMarkdown(Markdown):
    """A longer advisor message (an FAQ answer) with Markdown formatting."""
