"""How soon `advisor` shows its first question, and how soon an answer brings the next one.

First question (in a real terminal, tmux): `advisor` and `bench/minimal_app.py` (a Header, an
OptionList of five choices and a Footer: the least a Textual app with a choice list does) are
launched the same way, in turns, each in a new tmux session of 100x32 with a fresh data folder;
`tmux capture-pane` is polled until the first question and its last choice (the minimal app's
last choice) are on screen. The figure is the advisor's median over the minimal app's: target 1.3x.
Without tmux, the advisor alone is timed headless (Textual's `run_test`) in a fresh process.

Per answer, two ways, both from Enter to the next question painted:

- in-process: an interview under `run_test` at 100x32, keys queued as the terminal driver
  would; the next question counts as painted at the first display after which its message
  lies inside the conversation's view (`App.post_display_hook`). Target: 30 ms.
- in tmux: the real `advisor`, keys sent with `tmux send-keys`, `capture-pane` polled until
  the next question's text is on screen. Target: 80 ms.

Typed answers (a number) are typed before the clock starts; only Enter is timed. Every run
uses a temporary ADVISOR_DATA folder and working folder, so no real session is read or
written. The advisor's own cache is warmed by one untimed launch first.

    python bench/bench_tui.py [--launches N] [--interviews N]
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual import events
from textual.keys import _character_to_key
from textual.widgets import Input, OptionList

import advisor.tui.app
from advisor.service import Advisor
from advisor.tui.app import AdvisorApp
from advisor.tui.screens.interview import InterviewScreen
from advisor.tui.widgets.chat import ChatLog, Said

REPO = Path(__file__).resolve().parent.parent
SIZE = (100, 32)
TYPED = {"monthly_queries": "10k/day", "labeled_examples": "5000", "horizon_months": "24"}
"""What is typed for the number questions; the others keep the highlighted choice (enter)."""
TIMEOUT_S = 30.0
POLL_S = 0.001
"""How often in-process readiness is checked. Pilot's own `pause` and `press` wait for the
process to look idle (20 ms steps), which would swamp the figures, so keys are queued and
readiness polled directly."""
TMUX_POLL_S = 0.004
"""How often the tmux screen is captured (a capture itself takes a few ms)."""
TMUX_SOCKET = f"advisor-bench-tui-{os.getpid()}"
"""A tmux server of this run's own: no session of the user's, or of another run, is touched."""
MINIMAL_APP = REPO / "bench" / "minimal_app.py"
TARGET_RATIO = 1.3
TARGET_IN_PROCESS_MS = 30.0
TARGET_TMUX_MS = 80.0


# --- in-process: Textual's run_test --------------------------------------------------------


async def _until(ready: Callable[[], Any]) -> None:
    """Let the app process its messages until `ready()` holds."""
    deadline = time.monotonic() + TIMEOUT_S
    while not ready():
        if time.monotonic() > deadline:
            raise TimeoutError("the interview did not become ready")
        await asyncio.sleep(POLL_S)


def _send_keys(app: AdvisorApp, keys: list[str]) -> None:
    """Queue key events as the terminal driver would, without waiting between them."""
    driver = app._driver
    assert driver is not None, "the app is running"
    for key in keys:
        name = _character_to_key(key) if len(key) == 1 and not key.isalnum() else key
        event = events.Key(name, key if len(key) == 1 else None)
        event.set_sender(app)
        driver.send_message(event)


def _first_question_ready(app: AdvisorApp) -> bool:
    """The interview screen is up, its choice list holds the choices and has the focus."""
    if not isinstance(app.screen, InterviewScreen):
        return False
    choices = app.screen.query("#choices")
    if not choices:
        return False
    options = choices.first(OptionList)
    return options.option_count > 0 and app.focused is options


def _load_like_run() -> Advisor:
    """What `advisor.tui.app.run` reads before the app starts."""
    advisor = Advisor.load()
    advisor.questions  # noqa: B018
    return advisor


def _has_typed(app: AdvisorApp, text: str) -> bool:
    return app.screen.query_one("#typed", Input).value == text


class _TimedApp(AdvisorApp):
    """The app, noting the moment a display first shows a given question in the conversation."""

    CSS_PATH = str(Path(advisor.tui.app.__file__).parent / "advisor.tcss")

    def __init__(self, advisor: Advisor) -> None:
        super().__init__(advisor)
        self.awaited: str | None = None
        self.painted: float | None = None

    def expect(self, question: str) -> None:
        self.awaited, self.painted = question, None

    def post_display_hook(self) -> None:
        if self.awaited is None or self.painted is not None:
            return
        screen = self.screen
        if not isinstance(screen, InterviewScreen):
            return
        chat = screen.query_one(ChatLog)
        said = list(chat.query(Said))
        last = said[-1] if said else None
        if (last is not None and self.awaited in str(last.render()) and last.region.area
                and chat.region.intersection(last.region) == last.region):
            self.painted = time.perf_counter()


async def _answer_all() -> list[float]:
    """Answer every question with keys; seconds from Enter to the next question painted."""
    app = _TimedApp(_load_like_run())
    questions = {question.key: question.question for question in app.advisor.questions}
    seconds = []
    async with app.run_test(size=SIZE) as pilot:
        await _until(lambda: _first_question_ready(app))
        await app.workers.wait_for_complete()
        keys = list(app.interview.keys)
        for key, following in itertools.pairwise(keys):
            if key in TYPED:
                _send_keys(app, list(TYPED[key]))
                await _until(functools.partial(_has_typed, app, TYPED[key]))
            await pilot.pause()
            app.expect(questions[following])
            start = time.perf_counter()
            _send_keys(app, ["enter"])
            await _until(lambda: app.painted is not None)
            assert app.painted is not None
            seconds.append(app.painted - start)
        await pilot.press("ctrl+q")
    return seconds


async def _launch() -> float:
    """Start the app headless; the monotonic time at which the first question is interactive."""
    app = AdvisorApp(_load_like_run())
    async with app.run_test(size=SIZE) as pilot:
        await _until(lambda: _first_question_ready(app))
        ready = time.monotonic()
        await pilot.press("ctrl+q")
    return ready


def _child() -> None:
    print(f"{asyncio.run(_launch()):.6f}")


def headless_launch_s(folder: Path) -> float:
    """One headless launch in a fresh process: seconds to the first question interactive."""
    start = time.monotonic()
    done = subprocess.run([sys.executable, __file__, "--child"], cwd=folder, check=True,
                          capture_output=True, text=True, env=_isolated_env(folder))
    return float(done.stdout.strip().splitlines()[-1]) - start


# --- in a real terminal: tmux --------------------------------------------------------------


def _tmux(*args: str, check: bool = True) -> str:
    done = subprocess.run(["tmux", "-L", TMUX_SOCKET, *args], capture_output=True, text=True,
                          check=False)
    if check and done.returncode != 0:
        raise RuntimeError(f"tmux {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout


def _screen(session: str) -> str:
    return _tmux("capture-pane", "-p", "-t", session)


def _wait_for(session: str, text: str, *, whole_line: bool = False,
              within: float = TIMEOUT_S) -> float:
    """The monotonic time at which `text` is first seen on the session's screen (as a whole
    line, stripped, with `whole_line`)."""
    deadline = time.monotonic() + within
    while True:
        screen = _screen(session)
        if (text in screen if not whole_line
                else any(line.strip() == text for line in screen.splitlines())):
            return time.monotonic()
        if time.monotonic() > deadline:
            raise TimeoutError(f"{text!r} never appeared:\n{_screen(session)}")
        time.sleep(TMUX_POLL_S)


def _start(session: str, command: list[str], folder: Path) -> float:
    """Open a 100x32 session running `command`; the monotonic time just before."""
    env = _isolated_env(folder)
    line = " ".join(["env", *(f"{name}={env[name]}" for name in ("ADVISOR_DATA", "PYTHONPATH")),
                     *command])
    start = time.monotonic()
    _tmux("new-session", "-d", "-s", session, "-x", str(SIZE[0]), "-y", str(SIZE[1]),
          "-c", str(folder), line)
    return start


def _advisor_command() -> list[str]:
    script = Path(sys.executable).parent / "advisor"
    return [str(script)] if script.exists() else [sys.executable, "-m", "advisor"]


def _launch_in_tmux(command: list[str], shown: tuple[str, ...], folder: Path) -> float:
    """Seconds from opening a session running `command` until all of `shown` is on its screen."""
    start = _start("launch", command, folder)
    try:
        return max(_wait_for("launch", text) for text in shown) - start
    finally:
        _tmux("kill-session", "-t", "launch", check=False)


def first_question_in_tmux(folder: Path, launches: int) -> dict[str, float]:
    """Median seconds until the advisor's first question and its choices, and the minimal
    app's choices, are on screen; the two are launched in turns (so a busy moment of the
    machine weighs on both alike)."""
    questions = [question for question in _load_like_run().questions if not question.advanced]
    advisor_shown = (questions[0].question, questions[0].choices[-1].label)
    minimal = ([sys.executable, str(MINIMAL_APP)], ("Every day",))
    advisor = (_advisor_command(), advisor_shown)
    for command, shown in (minimal, advisor):  # warm the file cache and the advisor's cache
        _launch_in_tmux(command, shown, folder)
    times: dict[str, list[float]] = {"minimal": [], "advisor": []}
    for number in range(launches):
        order = [("minimal", minimal), ("advisor", advisor)]
        for name, (command, shown) in order if number % 2 == 0 else reversed(order):
            times[name].append(_launch_in_tmux(command, shown, folder))
    advisor_s, minimal_s = statistics.median(times["advisor"]), statistics.median(times["minimal"])
    return {"first_question_s": advisor_s, "minimal_first_choices_s": minimal_s,
            "first_question_ratio": advisor_s / minimal_s,
            "first_question_worst_s": max(times["advisor"])}


def _type_in_tmux(session: str, text: str) -> None:
    """Replace the answer line with `text` (untimed). Keys sent the instant a question appears
    have been seen lost now and then; rather than fail the run, the text is typed again."""
    for _ in range(3):
        _tmux("send-keys", "-t", session, "C-u")
        _tmux("send-keys", "-t", session, "-l", text)
        try:
            _wait_for(session, text, whole_line=True, within=2.0)
        except TimeoutError:
            continue
        time.sleep(0.1)
        return
    raise TimeoutError(f"{text!r} could not be typed:\n{_screen(session)}")


def answers_in_tmux(folder: Path) -> list[float]:
    """One interview in tmux: seconds from Enter to the next question's text on screen."""
    questions = [question for question in _load_like_run().questions if not question.advanced]
    _start("answers", _advisor_command(), folder)
    seconds = []
    try:
        _wait_for("answers", questions[0].question)
        time.sleep(0.3)  # the rules and the FAQ are read just after the first question shows
        for question, following in itertools.pairwise(questions):
            if question.key in TYPED:
                _type_in_tmux("answers", TYPED[question.key])
            start = time.monotonic()
            _tmux("send-keys", "-t", "answers", "Enter")
            seconds.append(_wait_for("answers", following.question) - start)
            time.sleep(0.1)
    finally:
        _tmux("kill-session", "-t", "answers", check=False)
    return seconds


# --- the whole bench -----------------------------------------------------------------------


def _fresh_data(folder: Path) -> str:
    """A new, empty data folder: no saved interview to offer to resume."""
    return tempfile.mkdtemp(prefix="data-", dir=folder)


def _isolated_env(folder: Path) -> dict[str, str]:
    env = dict(os.environ, ADVISOR_DATA=_fresh_data(folder))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def main(launches: int = 9, interviews: int = 3) -> dict[str, float]:
    """The first question (over the minimal app's first choices, in tmux when there is one)
    and the time per answer, in-process and in tmux: medians, in seconds."""
    result: dict[str, float] = {"launches": float(launches), "interviews": float(interviews)}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        has_tmux = shutil.which("tmux") is not None
        socket: Path | None = None
        try:
            if has_tmux:
                _tmux("new-session", "-d", "-s", "keep", "sleep 86400")  # the server stays up
                socket = Path(_tmux("display-message", "-p", "#{socket_path}").strip())
                result |= first_question_in_tmux(folder, launches)
                in_tmux = [s for _ in range(interviews) for s in answers_in_tmux(folder)]
                result |= {"per_answer_tmux_s": statistics.median(in_tmux),
                           "per_answer_tmux_worst_s": max(in_tmux)}
            else:
                cold = [headless_launch_s(folder) for _ in range(launches)]
                result |= {"first_question_s": statistics.median(cold),
                           "first_question_worst_s": max(cold)}
            saved_env, saved_cwd = os.environ.get("ADVISOR_DATA"), Path.cwd()
            os.chdir(folder)
            try:
                in_process = []
                for _ in range(interviews):
                    os.environ["ADVISOR_DATA"] = _fresh_data(folder)
                    in_process += asyncio.run(_answer_all())
            finally:
                os.chdir(saved_cwd)
                if saved_env is None:
                    os.environ.pop("ADVISOR_DATA", None)
                else:
                    os.environ["ADVISOR_DATA"] = saved_env
        finally:
            if has_tmux:
                _tmux("kill-server", check=False)
            if socket is not None:
                socket.unlink(missing_ok=True)  # tmux leaves it behind
    result |= {"per_answer_s": statistics.median(in_process),
               "per_answer_worst_s": max(in_process), "answers": float(len(in_process))}
    return result


def _print(result: dict[str, float]) -> None:
    launches = f"{result['launches']:.0f} launches each"
    if "first_question_ratio" in result:
        print(f"first question on screen (tmux, 100x32): advisor {result['first_question_s']:.3f} s, "
              f"minimal app {result['minimal_first_choices_s']:.3f} s: "
              f"{result['first_question_ratio']:.2f}x (target < {TARGET_RATIO}x; medians of "
              f"{launches}, slowest advisor {result['first_question_worst_s']:.3f} s)")
    else:
        print(f"first question interactive (no tmux: headless, fresh process): "
              f"{result['first_question_s']:.3f} s (median of {launches})")
    print(f"per answer, Enter to the next question painted, in-process: median "
          f"{result['per_answer_s'] * 1000:.1f} ms, slowest {result['per_answer_worst_s'] * 1000:.1f} ms "
          f"(target < {TARGET_IN_PROCESS_MS:.0f} ms; {result['answers']:.0f} answers)")
    if "per_answer_tmux_s" in result:
        print(f"per answer, Enter to the next question on screen, tmux: median "
              f"{result['per_answer_tmux_s'] * 1000:.1f} ms, slowest "
              f"{result['per_answer_tmux_worst_s'] * 1000:.1f} ms (target < {TARGET_TMUX_MS:.0f} ms; "
              f"{result['interviews']:.0f} interviews)")


if __name__ == "__main__":
    if sys.argv[1:] == ["--child"]:
        _child()
        sys.exit(0)
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--launches", type=int, default=9)
    parser.add_argument("--interviews", type=int, default=3)
    arguments = parser.parse_args()
    _print(main(arguments.launches, arguments.interviews))
