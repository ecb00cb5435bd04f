"""How soon the interview can be answered after `advisor` starts, and the time per answer.

Launch: a fresh Python process does what `advisor` (no command) does before its screen opens
(import the app, `Advisor.load`, read the questions, rules and FAQ), starts `AdvisorApp` under
Textual's `run_test` (headless), and reports the moment the first question is interactive:
the interview screen is up, its choice list holds the choices and has the focus. The time
counts from just before the process is started (the system's monotonic clock is shared by
processes), so it includes the interpreter's start and every import. Target: within 1.0 s.
The same is timed in-process too, with everything already imported ("warm").

Per answer: in one app, every question is answered with key presses as a user would (enter on
the highlighted choice, a number typed then enter), waiting each time until the next question
is asked; the total over the questions answered, divided by their number.

Every run uses a temporary ADVISOR_DATA folder and working folder, so no real session is read
or written.

    python bench/bench_tui.py [--launches N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SIZE = (100, 32)
TYPED = {"monthly_queries": "10k/day", "labeled_examples": "5000", "horizon_months": "24"}
"""What is typed for the number questions; the others keep the figure shown (enter)."""
TIMEOUT_S = 30.0


POLL_S = 0.001
"""How often readiness is checked. Pilot's own `pause` and `press` wait for the process to
look idle (20 ms steps), which would swamp the figures, so keys are sent and readiness
polled directly."""


async def _until(ready: Any) -> None:
    """Let the app process its messages until `ready()` holds."""
    deadline = time.monotonic() + TIMEOUT_S
    while not ready():
        if time.monotonic() > deadline:
            raise TimeoutError("the interview did not become ready")
        await asyncio.sleep(POLL_S)


def _send_keys(app: Any, keys: list[str]) -> None:
    """Queue key events as the terminal driver would, without waiting between them."""
    from textual import events
    from textual.keys import _character_to_key

    for key in keys:
        name = _character_to_key(key) if len(key) == 1 and not key.isalnum() else key
        event = events.Key(name, key if len(key) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)


def _first_question_ready(app: Any) -> bool:
    from textual.widgets import OptionList

    from advisor.tui.screens.interview import InterviewScreen

    if not isinstance(app.screen, InterviewScreen):
        return False
    choices = app.screen.query("#choices")
    if not choices:
        return False
    options = choices.first(OptionList)
    return options.option_count > 0 and app.focused is options


def _asked(app: Any, key: str | None) -> bool:
    """The interview has moved on to `key` (None: to the review) and it can be answered."""
    if app.interview.current != key:
        return False
    if key is None:
        return app.screen.__class__.__name__ == "ReviewScreen"
    from textual.widgets import Input, OptionList

    focused = app.focused
    return isinstance(focused, OptionList | Input) and focused.id in ("choices", "typed")


def _load_like_run() -> Any:
    """What `advisor.tui.app.run` does before the app starts."""
    from advisor.service import Advisor

    advisor = Advisor.load()
    advisor.questions  # noqa: B018
    advisor.rules  # noqa: B018
    advisor.faq  # noqa: B018
    return advisor


async def _launch() -> float:
    """Start the app; the monotonic time at which the first question is interactive."""
    from advisor.tui.app import AdvisorApp

    app = AdvisorApp(_load_like_run())
    async with app.run_test(size=SIZE) as pilot:
        await _until(lambda: _first_question_ready(app))
        ready = time.monotonic()
        await pilot.press("ctrl+q")
    return ready


async def _answer_all() -> tuple[int, float]:
    """Answer every question with keys; (questions answered, seconds)."""
    from advisor.tui.app import AdvisorApp

    app = AdvisorApp(_load_like_run())
    async with app.run_test(size=SIZE) as pilot:
        await _until(lambda: _first_question_ready(app))
        keys = list(app.interview.keys)
        start = time.perf_counter()
        for number, key in enumerate(keys):
            assert app.interview.current == key
            _send_keys(app, [*TYPED.get(key, ""), "enter"])
            following = keys[number + 1] if number + 1 < len(keys) else None
            await _until(lambda following=following: _asked(app, following))
        elapsed = time.perf_counter() - start
        await pilot.press("ctrl+q")
    return len(keys), elapsed


def _child() -> None:
    print(f"{asyncio.run(_launch()):.6f}")


def _fresh_data(folder: Path) -> str:
    """A new, empty data folder: no saved interview to offer to resume."""
    return tempfile.mkdtemp(prefix="data-", dir=folder)


def _isolated_env(folder: Path) -> dict[str, str]:
    env = dict(os.environ, ADVISOR_DATA=_fresh_data(folder))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def cold_launch_s(folder: Path) -> float:
    """One launch in a fresh process: seconds from start to the first question interactive."""
    start = time.monotonic()
    done = subprocess.run([sys.executable, __file__, "--child"], cwd=folder, check=True,
                          capture_output=True, text=True, env=_isolated_env(folder))
    return float(done.stdout.strip().splitlines()[-1]) - start


def main(launches: int = 5) -> dict[str, float]:
    """Median seconds to the first interactive question (fresh process and warm), and the
    median seconds per answer over the whole interview."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        cold = [cold_launch_s(folder) for _ in range(launches)]
        saved_env, saved_cwd = os.environ.get("ADVISOR_DATA"), Path.cwd()
        os.chdir(folder)
        try:
            warm, answers = [], []
            for _ in range(launches):
                os.environ["ADVISOR_DATA"] = _fresh_data(folder)
                start = time.monotonic()
                warm.append(asyncio.run(_launch()) - start)
            for _ in range(3):
                os.environ["ADVISOR_DATA"] = _fresh_data(folder)
                answers.append(asyncio.run(_answer_all()))
        finally:
            os.chdir(saved_cwd)
            if saved_env is None:
                os.environ.pop("ADVISOR_DATA", None)
            else:
                os.environ["ADVISOR_DATA"] = saved_env
    return {"first_question_s": statistics.median(cold),
            "first_question_worst_s": max(cold),
            "first_question_warm_s": statistics.median(warm),
            "questions": float(answers[0][0]),
            "per_answer_s": statistics.median(seconds / count for count, seconds in answers),
            "launches": float(launches),
            "target_s": 1.0}


def _print(result: dict[str, float]) -> None:
    print(f"first question interactive, fresh process: median {result['first_question_s']:.3f} s, "
          f"slowest {result['first_question_worst_s']:.3f} s over {result['launches']:.0f} "
          f"launches (target < {result['target_s']:.1f} s)")
    print(f"first question interactive, in-process (imports done): "
          f"{result['first_question_warm_s']:.3f} s")
    print(f"per answer, keys pressed until the next question is asked: "
          f"{result['per_answer_s'] * 1000:.1f} ms (median of 3 interviews of "
          f"{result['questions']:.0f} questions)")


if __name__ == "__main__":
    if sys.argv[1:] == ["--child"]:
        sys.path.insert(0, str(REPO))
        _child()
        sys.exit(0)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--launches", type=int, default=5)
    _print(main(parser.parse_args().launches))
