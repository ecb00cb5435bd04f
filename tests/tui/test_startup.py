"""What the interview's first question waits for, checked in a fresh interpreter.

Markdown (markdown-it) and the cost chart (plotext) are slow to import and the first question
needs neither, so `advisor.tui.app` imports the screens that use them only when they open.
"""

from __future__ import annotations

import subprocess
import sys

SLOW = ("markdown_it", "plotext", "textual_plotext", "textual.widgets._markdown")
PROBE = f"""
import sys
import advisor.tui.app
print(",".join(sorted(m for m in sys.modules if m.startswith({SLOW!r}))))
"""


def test_the_app_starts_without_markdown_or_the_chart() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          check=False, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"advisor.tui.app imports {done.stdout.strip()}"


def test_the_probe_would_notice_markdown() -> None:
    probe = PROBE.replace("import advisor.tui.app", "import advisor.tui.screens.help")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=False, timeout=60)
    assert "markdown_it" in done.stdout.split(",")
