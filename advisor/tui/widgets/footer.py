"""The footer of every screen: Textual's, rebuilt only when the keys it shows change."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

Keys = tuple[tuple[Any, ...], ...]


class KeysFooter(Footer):
    """Textual's `Footer`, which rebuilds every key whenever the focus moves.

    Moving between the choice list and the answer line changes the focused widget's bindings
    but none of the keys shown (those are the screen's and the app's), and mounting, styling
    and painting a fresh set of keys cost more than the rest of an answer. So the footer is
    rebuilt only when what it would show differs from what it shows.
    """

    def __init__(self) -> None:
        super().__init__()
        self._shown: Keys | None = None

    def _keys(self, screen: Screen[Any]) -> Keys:
        """What the footer would show: each visible binding and whether it is enabled."""
        palette = self.app.COMMAND_PALETTE_BINDING
        return tuple((binding.key, binding.action, binding.description, binding.group, enabled,
                      tooltip)
                     for _, binding, enabled, tooltip in screen.active_bindings.values()
                     if binding.show or binding.key == palette)

    def compose(self) -> ComposeResult:
        self._shown = self._keys(self.screen)
        yield from super().compose()

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """Rebuild unless the keys are on show (the footer has children) and unchanged."""
        if self.children and screen is self.screen and self._keys(screen) == self._shown:
            return
        super().bindings_changed(screen)
