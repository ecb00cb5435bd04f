"""Saving the summary from the TUI: ask where, never overwrite without asking, say where."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from advisor.errors import AdvisorError
from advisor.tui.screens.dialogs import ConfirmScreen, SavePathScreen

if TYPE_CHECKING:
    from advisor.decision import Recommendation
    from advisor.tui.app import AdvisorApp


def default_summary_path(app: AdvisorApp) -> Path:
    return Path.cwd() / f"advisor-summary-{app.today:%Y-%m-%d}.md"


def ask_where_to_save(app: AdvisorApp) -> None:
    try:
        rec = app.recommend()
    except (AdvisorError, ImportError) as exc:
        app.notify(f"Nothing to save yet: {exc}", severity="error")
        return
    app.push_screen(SavePathScreen(default_summary_path(app)),
                    lambda path: None if path is None else _save_or_confirm(app, rec, path))


def _save_or_confirm(app: AdvisorApp, rec: Recommendation, path: Path) -> None:
    existing = [target.name for target in (path, path.with_suffix(".json")) if target.exists()]
    if not existing:
        _write(app, rec, path, force=False)
        return
    app.push_screen(
        ConfirmScreen(f"{' and '.join(existing)} already exist{'s' if len(existing) == 1 else ''} "
                      f"in {path.parent}. Replace?", yes="Replace", no="Keep it"),
        lambda replace: _write(app, rec, path, force=True) if replace
        else app.notify("Nothing was saved; the existing file is kept."))


def _write(app: AdvisorApp, rec: Recommendation, path: Path, force: bool) -> None:
    try:
        md_path, json_path = app.advisor.save_summary(rec, app.resolved(), path, force=force,
                                                      today=app.today)
    except AdvisorError as exc:
        app.notify(str(exc), severity="error", timeout=8)
        return
    app.saved = (Path(md_path), Path(json_path))
    from advisor.tui.screens.result import ResultScreen

    if isinstance(app.screen, ResultScreen):
        app.screen.show_saved(*app.saved)
    app.notify(f"{Path(md_path).name} and {Path(json_path).name} in {Path(md_path).parent}",
               title="Summary saved", timeout=8)
