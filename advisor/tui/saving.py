"""Saving the summary from the TUI: ask where, never overwrite without asking, say where.

`save_summary` is awaited from a worker (it waits for the dialogs to close); it needs an app to
show them on, the `Advisor` that writes the files, and the answers given so far.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from textual.app import App

from advisor.errors import AdvisorError
from advisor.service import Advisor
from advisor.tui.screens.dialogs import ConfirmScreen, SavePathScreen


def default_summary_path(today: date) -> Path:
    return Path.cwd() / f"advisor-summary-{today:%Y-%m-%d}.md"


async def save_summary(app: App[Any], advisor: Advisor, answers: Mapping[str, Any],
                       today: date) -> tuple[Path, Path] | None:
    """Ask where, confirm a replacement, write; the Markdown and JSON paths, or None."""
    try:
        resolved = advisor.resolve(dict(answers), name="your answers")
        rec = advisor.recommend(resolved)
    except AdvisorError as exc:
        app.notify(f"Nothing to save yet: {exc}", severity="error")
        return None
    path = await app.push_screen_wait(SavePathScreen(default_summary_path(today)))
    if path is None:
        return None
    existing = [target.name for target in (path, path.with_suffix(".json")) if target.exists()]
    if existing:
        replace = await app.push_screen_wait(ConfirmScreen(
            f"{' and '.join(existing)} already exist{'s' if len(existing) == 1 else ''} "
            f"in {path.parent}. Replace?", yes="Replace", no="Keep it"))
        if not replace:
            app.notify("Nothing was saved; the existing file is kept.")
            return None
    try:
        md_path, json_path = advisor.save_summary(rec, resolved, path, force=bool(existing),
                                                  today=today)
    except AdvisorError as exc:
        app.notify(str(exc), severity="error", timeout=8)
        return None
    app.notify(f"{md_path.name} and {json_path.name} in {md_path.parent}",
               title="Summary saved", timeout=8)
    return md_path, json_path
