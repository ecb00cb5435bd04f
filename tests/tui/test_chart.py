"""The cost chart and table: round axes, a glyph and a colour for each line, a key that is
always there, and figures that never wrap."""

from __future__ import annotations

import pytest

from advisor.service import Advisor
from advisor.tui.widgets.cost_chart import (
    BREAK_EVEN,
    LINES,
    YOU,
    chart_key,
    cost_curves,
    hidden_under,
    round_ticks,
    volume_range,
)
from advisor.tui.widgets.cost_table import cost_table
from tests.tui.helpers import rendered

BANK = {"data_volatility": "daily", "audit_trail": True, "latency": "realtime",
        "monthly_queries": "2M", "hosting": "own_gpu"}


@pytest.mark.parametrize(("top", "ticks"), [
    (23_400, [0, 5_000, 10_000, 15_000, 20_000, 25_000]),
    (40_300, [0, 10_000, 20_000, 30_000, 40_000, 50_000]),
    (5_860, [0, 2_000, 4_000, 6_000]),
    (3_960_000, [0, 1e6, 2e6, 3e6, 4e6]),
    (16_000, [0, 5_000, 10_000, 15_000, 20_000]),
    (1_000, [0, 200, 400, 600, 800, 1_000]),
])
def test_money_ticks_are_round_numbers(top: float, ticks: list[float]) -> None:
    assert round_ticks(top) == ticks


def test_each_line_has_its_own_colour_and_glyph_and_the_marks_take_neither() -> None:
    """Under NO_COLOR the glyphs tell the lines apart; the break-even is no option's colour."""
    marks = [YOU, BREAK_EVEN]
    colours = [colour for colour, _ in [*LINES.values(), *marks]]
    glyphs = [glyph for _, glyph in [*LINES.values(), *marks]]
    assert len(set(colours)) == len(colours) and len(set(glyphs)) == len(glyphs)
    assert BREAK_EVEN[0] != LINES["hybrid"][0]


def test_the_key_names_the_volume_and_the_break_even(advisor: Advisor) -> None:
    costs = advisor.costs(advisor.resolve(BANK))
    key = rendered(chart_key(costs), width=76)
    assert "you: 2M/month" in key and "break-even: 28.4k/month" in key


@pytest.mark.parametrize("width", [76, 118])
def test_the_cost_table_keeps_each_option_on_one_line(advisor: Advisor, width: int) -> None:
    costs = advisor.costs(advisor.resolve(BANK))
    lines = rendered(cost_table(costs), width=width).rstrip("\n").splitlines()
    assert len(lines) == 6  # title, heading, rule, three options
    assert lines[-2].split()[-3:] == ["$265k", "–", "$2.65M"]
    assert "…" not in "".join(lines)


def test_the_key_says_which_lines_lie_under_another(advisor: Advisor) -> None:
    """Self-hosted, the three totals barely move with the volume and lie a few hundred dollars
    apart: on the plot only the hybrid's line shows, and the key says so."""
    hospital = {"privacy": "on_premise", "hosting": "own_gpu", "monthly_queries": "600 a day",
                "model_size": "70b", "horizon_months": 36, "data_volatility": "static"}
    costs = advisor.costs(advisor.resolve(hospital))
    top = round_ticks(volume_range(costs))[-1]
    _, curves = cost_curves(costs, top)
    hidden = hidden_under(curves, round_ticks(max(max(line) for line in curves.values()))[-1])
    assert hidden == {"fine_tune": "hybrid", "rag": "hybrid"}
    key = rendered(chart_key(costs, hidden), width=76)
    assert "Fine-tuning (under Hybrid)" in key and "RAG (under Hybrid)" in key
