"""`advisor serve` under test: a server on a free localhost port in a folder of the test's own,
and the system's Chromium driven by Playwright (skipped when either is missing).

Every wait has a bound, and the server's process group is ended whatever happens."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import KNOWLEDGE, RULES

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
START_SECONDS = 20
WAIT_SECONDS = 20
ANSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>]")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Served:
    """A running `advisor serve`: where to open it and the folder it runs in."""

    url: str
    port: int
    home: Path
    process: subprocess.Popen[bytes]
    log: Path

    def sessions(self) -> list[Path]:
        """The visitors' session files (the server's private folder lives in its TMPDIR)."""
        return sorted((self.home / "tmp").glob("advisor-serve-*/session*.json"))

    def saved_answers(self) -> list[dict[str, Any]]:
        answers = []
        for path in self.sessions():
            try:
                answers.append(json.loads(path.read_text())["answers"])
            except (OSError, ValueError):
                continue  # gone or being replaced right now
        return answers


def start_server(home: Path, *extra: str) -> Served:
    """`advisor serve` with its own TMPDIR, state, config and working folder under `home`."""
    for name in ("tmp", "state", "config", "cwd"):
        (home / name).mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = {**os.environ, "TMPDIR": str(home / "tmp"), "XDG_STATE_HOME": str(home / "state"),
           "XDG_DATA_HOME": str(home / "state"), "ADVISOR_CONFIG": str(home / "config" / "c.toml"),
           "ADVISOR_RULES": str(RULES), "ADVISOR_KNOWLEDGE": str(KNOWLEDGE)}
    env.pop("ADVISOR_DATA", None)
    log = home / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "advisor", "serve", "--port", str(port), *extra],
            cwd=home / "cwd", env=env, stdin=subprocess.DEVNULL, stdout=out,
            stderr=subprocess.STDOUT, start_new_session=True)
    served = Served(f"http://127.0.0.1:{port}/", port, home, process, log)
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            stop_server(served)
            raise AssertionError(f"advisor serve exited {process.returncode}: {log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return served
        except OSError:
            time.sleep(0.1)
    stop_server(served)
    raise AssertionError(f"advisor serve did not listen within {START_SECONDS} s: {log.read_text()}")


def stop_server(served: Served) -> int:
    """SIGTERM to the server's process group (it and every visitor's interview), then SIGKILL
    after a bound; the server's exit code."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(served.process.pid, signal.SIGTERM)
    try:
        return served.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(served.process.pid, signal.SIGKILL)
        return served.process.wait(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    served = start_server(tmp_path_factory.mktemp("serve"))
    try:
        yield served
    finally:
        stop_server(served)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium from the system's packages, its pop-up blocker left on (Playwright
    turns it off by default) so downloads meet the rules a visitor's browser applies."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS, timeout=30_000,
            ignore_default_args=["--disable-popup-blocking"])
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Visitor:
    """One browser context on the served page, reading the terminal as the server sends it.

    xterm.js draws on a canvas, so what the visitor sees is read from the websocket: the
    terminal's output with its escape sequences removed."""

    page: Any
    received: bytearray = field(default_factory=bytearray)

    def screen_text(self) -> str:
        return ANSI.sub(b"", bytes(self.received)).decode("utf-8", "replace")

    def forget(self) -> None:
        """Read only what is drawn from now on."""
        self.received.clear()

    def wait_for(self, text: str, seconds: float = WAIT_SECONDS) -> None:
        self.wait_for_any(text, seconds=seconds)

    def wait_for_any(self, *texts: str, seconds: float = WAIT_SECONDS) -> str:
        """The first of `texts` shown."""
        deadline = time.monotonic() + seconds
        while True:
            shown = self.screen_text()
            for text in texts:
                if text in shown:
                    return text
            if time.monotonic() > deadline:
                raise AssertionError(f"none of {texts!r} shown within {seconds} s; shown: "
                                     f"{shown[-600:]!r}")
            self.page.wait_for_timeout(50)

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)


def open_visitor(browser: Any, url: str) -> Visitor:
    """A new visitor (a new browser context: no cookies or storage shared) on the page; only
    the server's own address is reachable, as on a machine without internet."""
    context = browser.new_context(accept_downloads=True, viewport={"width": 1200, "height": 800})
    context.set_default_timeout(WAIT_SECONDS * 1000)
    context.route(re.compile(r"^(?!http://127\.0\.0\.1[:/])"), lambda route: route.abort())
    page = context.new_page()
    visitor = Visitor(page)
    page.on("websocket", lambda socket: socket.on(
        "framereceived", lambda payload: visitor.received.extend(
            payload if isinstance(payload, bytes) else payload.encode())))
    page.goto(url, wait_until="load")
    page.locator(".xterm-helper-textarea").focus()
    return visitor
