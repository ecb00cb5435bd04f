"""What the interview's first question waits for, checked in a fresh interpreter.

Markdown (markdown-it) and the cost chart (plotext) are slow to import and the first question
needs neither, so `advisor.tui.app` imports the screens that use them only when they open. Nor
does it need the FAQ and rules engines: the app reads them in the background once the first
question shows, and the interview imports them where it first uses them.
"""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Callable

from advisor.tui.app import AdvisorApp

SLOW = ("markdown_it", "plotext", "textual_plotext", "textual.widgets._markdown")
ENGINES = ("advisor.faq", "advisor.rules", "advisor.decision", "advisor.tui.explain")


def imported(prefixes: tuple[str, ...], module: str = "advisor.tui.app") -> list[str]:
    """The modules starting with one of `prefixes` that importing `module` imports."""
    probe = (f"import sys\nimport {module}\n"
             f"print(','.join(sorted(m for m in sys.modules if m.startswith({prefixes!r}))))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=False, timeout=60)
    assert done.returncode == 0, done.stderr
    return [name for name in done.stdout.strip().split(",") if name]


def test_the_app_starts_without_markdown_or_the_chart() -> None:
    assert imported(SLOW) == []


def test_the_app_starts_without_the_faq_or_the_rules_engines() -> None:
    assert imported(ENGINES) == []


def test_the_probe_would_notice_markdown_and_the_engines() -> None:
    assert "markdown_it" in imported(SLOW, "advisor.tui.screens.help")
    assert "advisor.faq" in imported(ENGINES, "advisor.tui.explain")


def test_the_interview_starts_without_pydantic_pyyaml_or_rapidfuzz() -> None:
    """pydantic and PyYAML validate a file missing from the cache; rapidfuzz reads what is
    typed. The first question needs none of them."""
    assert imported(("pydantic", "yaml", "rapidfuzz"), "advisor.cli") == []
    assert imported(("pydantic", "yaml", "rapidfuzz")) == []
    assert "yaml" in imported(("yaml",), "advisor.yamlio.loader")


async def test_garbage_collection_is_back_on_once_the_app_has_loaded(
        make_app: Callable[..., AdvisorApp]) -> None:
    """The command turns it off for the start-up (`cli._cmd_interview`); the app's background
    load turns it back on, so a long interview never runs without it."""
    gc.disable()
    try:
        app = make_app()
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause()  # the load starts once the first screen is painted
            await app.workers.wait_for_complete()
            assert gc.isenabled()
    finally:
        gc.enable()
