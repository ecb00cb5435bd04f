"""The interview in a real browser: `advisor serve`, headless Chromium, keys as a visitor types
them, and downloads as the browser receives them."""

from __future__ import annotations

import json
import time
from typing import Any

from tests.web.conftest import WAIT_SECONDS, Served, Visitor, open_visitor

FIRST = "How often do the facts your system must know change?"
SECOND = "How much do your users' questions vary?"
OFFER = "unfinished interview"


def test_a_visitor_answers_and_another_starts_afresh(browser: Any, server: Served) -> None:
    first = open_visitor(browser, server.url)
    first.wait_for(FIRST)
    first.wait_for("Question 1 of")
    first.press("Enter")  # the highlighted choice
    first.wait_for(SECOND)
    first.wait_for("Question 2 of")
    wait_until(lambda: any(answers.get("data_volatility") for answers in server.saved_answers()),
               "the first visitor's answer in a session file of its own")

    second = open_visitor(browser, server.url)
    second.wait_for(FIRST)
    second.wait_for("Question 1 of")
    assert OFFER not in second.screen_text()
    assert SECOND not in second.screen_text()
    assert len(server.sessions()) == 1  # the second has answered nothing yet

    first.forget()
    first.page.reload(wait_until="load")  # nothing identifies a browser: a reload starts afresh
    first.page.locator(".xterm-helper-textarea").focus()
    first.wait_for("Question 1 of")
    assert OFFER not in first.screen_text()

    for visitor in (first, second):
        visitor.page.context.close()
    wait_until(lambda: server.sessions() == [], "each visitor's session removed once they left")


def test_saving_downloads_the_markdown_then_the_json(browser: Any, server: Served) -> None:
    visitor = open_visitor(browser, server.url)
    visitor.wait_for(FIRST)
    reach_the_review(visitor)
    visitor.press("r")
    visitor.wait_for("Recommendation:")
    with visitor.page.expect_download(timeout=WAIT_SECONDS * 1000) as markdown:
        visitor.press("Control+s")
    visitor.wait_for("Download JSON (y)")
    with visitor.page.expect_download(timeout=WAIT_SECONDS * 1000) as as_json:
        visitor.press("y")
    md, data = markdown.value, as_json.value
    assert md.suggested_filename.startswith("advisor-summary-")
    assert md.suggested_filename.endswith(".md")
    assert as_json.value.suggested_filename == md.suggested_filename.removesuffix(".md") + ".json"
    with open(md.path(), encoding="utf-8") as text:
        assert text.read().startswith("# ")
    with open(data.path(), encoding="utf-8") as text:
        assert json.load(text)["recommendation"] in {"fine_tune", "rag", "hybrid"}
    assert list((server.home / "cwd").iterdir()) == []  # nothing written on the server
    visitor.page.context.close()


def reach_the_review(visitor: Visitor) -> None:
    """Take each question's suggested answer (enter) until the review shows."""
    visitor.wait_for("Question 1 of")
    for number in range(2, 40):
        visitor.forget()
        visitor.press("Enter")
        if visitor.wait_for_any(f"Question {number} of", "Review your answers") != \
                f"Question {number} of":
            return
    raise AssertionError("the review never showed")


def wait_until(check: Any, what: str, seconds: float = WAIT_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not seen within {seconds} s: {what}")
        time.sleep(0.05)
