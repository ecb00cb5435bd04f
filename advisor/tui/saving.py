"""Saving the summary from the TUI: ask where, never overwrite without asking, say where.

`save_summary` is awaited from a worker (it waits for the dialogs to close); it needs an app to
show them on, the `Advisor` that writes the files, and the answers given so far. In a browser,
`deliver_summary` hands the same two files to the visitor's browser as downloads instead:
nothing a visitor saves is written on the server.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App

from advisor.errors import AdvisorError
from advisor.present.json import render_json
from advisor.service import Advisor
from advisor.tui.screens.dialogs import ConfirmScreen, SavePathScreen

if TYPE_CHECKING:
    from advisor.answers.read import ResolvedAnswers
    from advisor.decision import Recommendation


def summary_name(today: date) -> str:
    return f"advisor-summary-{today:%Y-%m-%d}.md"


def default_summary_path(today: date) -> Path:
    return Path.cwd() / summary_name(today)


def _recommendation(app: App[Any], advisor: Advisor, answers: Mapping[str, Any]
                    ) -> tuple[ResolvedAnswers, Recommendation] | None:
    """The answers resolved and their recommendation, or None (said in a notice) when there is
    nothing to save yet."""
    try:
        resolved = advisor.resolve(dict(answers), name="your answers")
        return resolved, advisor.recommend(resolved)
    except AdvisorError as exc:
        app.notify(f"Nothing to save yet: {exc}", severity="error")
        return None


async def save_summary(app: App[Any], advisor: Advisor, answers: Mapping[str, Any],
                       today: date) -> tuple[Path, Path] | None:
    """Ask where, confirm a replacement, write; the Markdown and JSON paths, or None."""
    verdict = _recommendation(app, advisor, answers)
    if verdict is None:
        return None
    resolved, rec = verdict
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


async def deliver_summary(app: App[Any], advisor: Advisor, answers: Mapping[str, Any],
                          today: date) -> tuple[Path, Path] | None:
    """Send the Markdown summary to the browser as a download, then offer the JSON.

    A browser lets a page start one download per key press or click (the next is a blocked
    pop-up), so the JSON waits for a key press of its own. The two names (no folder: the
    browser chooses where) once both were sent, else None."""
    verdict = _recommendation(app, advisor, answers)
    if verdict is None:
        return None
    resolved, rec = verdict
    md_path = Path(summary_name(today))
    json_path = md_path.with_suffix(".json")
    app.deliver_text(io.StringIO(advisor.summary(rec, resolved, today)),
                     save_filename=md_path.name, mime_type="text/markdown", encoding="utf-8")
    json_too = await app.push_screen_wait(ConfirmScreen(
        f"Your browser is downloading {md_path.name}. Download the same result as JSON "
        f"({json_path.name}) too?", yes="Download JSON", no="Done"))
    if not json_too:
        return None
    app.deliver_text(io.StringIO(render_json(rec)), save_filename=json_path.name,
                     mime_type="application/json", encoding="utf-8")
    return md_path, json_path
