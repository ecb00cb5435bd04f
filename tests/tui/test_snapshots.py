"""SVG snapshots of the interview and FAQ screens at 100x32 and 80x24, and of the result at
80x24 and 120x40.

Update them with `make snapshots` after a deliberate change to a screen (or to the rules, the
FAQ or the questions they show), and look at the diff report before committing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from advisor.tui.app import AdvisorApp
from tests.tui.helpers import pick

SIZES = [pytest.param((100, 32), id="100x32"), pytest.param((80, 24), id="80x24")]
RESULT_SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
GIVEN = {"data_volatility": "daily", "monthly_queries": "2M", "audit_trail": True,
         "latency": "realtime", "hosting": "own_gpu"}
"""A bank's real-time assistant: a close call, and a conflict with the answers to show."""


async def mid_interview(pilot: Pilot[Any]) -> None:
    await pilot.pause()  # the app opens its first screen once Textual has started it
    for _ in range(4):
        await pick(pilot)
    box = pilot.app.screen.query_one("#typed", Input)
    box.focus()
    await pilot.press(*"10k/day")
    await pilot.pause()


async def result(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.press("r")
    await pilot.pause()


async def faq(pilot: Pilot[Any]) -> None:
    await pilot.press("f4")
    await pilot.press(*"how often should I retrain")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_interview(snap_compare: Any, make_app: Callable[..., AdvisorApp], size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=mid_interview)


@pytest.mark.parametrize("size", RESULT_SIZES)
def test_result(snap_compare: Any, make_app: Callable[..., AdvisorApp], size: tuple[int, int]) -> None:
    assert snap_compare(make_app(GIVEN), terminal_size=size, run_before=result)


@pytest.mark.parametrize("size", SIZES)
def test_faq(snap_compare: Any, make_app: Callable[..., AdvisorApp], size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=faq)
