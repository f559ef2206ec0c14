"""A clothing chain through its fall and holiday season, a field the machinery has never
seen, read as its merchandise planner, a broker's retail analyst and a teacher of a
retail-management class would.

The held-out pack tests/packs/heldout_retail counts in weeks and writes in American English
and US dollars: store footfall (million visits a week), online sessions, store conversion
(% moving in pp), the average basket ($), net sales ($m a week), comparable sales growth
(% year on year, in pp), inventory at cost ($m, a stock that receipts fill and sales
drain), weeks of cover, the markdown depth (% off, the planner's decision), full-price
sell-through, container freight ($/container, its moves in %), the gross margin (its moves
in basis points), Black Friday's crowds that fade within a couple of weeks, a cold snap
that pulls coat sales forward, another ten points off when cover passes 12 weeks in the
season's last weeks (a threshold under a ``when``), a reinforcing loop through shoppers who
wait for sales and a balancing one through inventory, an illustrative weekly comp series
through the 2025 holiday read as an episode, and a short seller's view as an overlay.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from macrograph.graph.build import build_graph
from macrograph.graph.query import loops
from macrograph.rules import load_pack
from macrograph.rules.lint.core import lint_pack
from tests.packfactory import flat, moves_on, on_pack, shocked_on

RETAIL = Path(__file__).parents[1] / "packs" / "heldout_retail"


def run(*args: str, code: int = 0) -> str:
    """The output of a command on the pack in an 80-column terminal."""
    return on_pack(RETAIL, *args, code=code)


def moves(question: str, node: str) -> dict[str, float]:
    """The change of ``node`` at each horizon of ``question``'s what-if, without draws."""
    return moves_on(RETAIL, question, node)


def shocked(question: str, node: str) -> list[tuple[float | None, float | None]]:
    """The change and the level ``question`` sets ``node`` to, shock by shock."""
    return shocked_on(RETAIL, question, node)


def test_the_pack_lints_clean_and_has_its_loops() -> None:
    pack = load_pack(RETAIL)
    assert [i for i in lint_pack(pack) if i.severity != "info"] == []
    assert (pack.info.period, pack.info.language) == ("1w", 3)
    found = {frozenset(lp.nodes): lp.polarity for lp in loops(build_graph(pack))}
    habit = {"markdown_depth", "waiting_shoppers", "full_price_sell_through"}
    assert found[frozenset(habit)] == "reinforcing"
    assert found[frozenset({"inventory", "markdown_depth", "weekly_sales"})] == "balancing"


@pytest.mark.parametrize(
    "question",
    ["footfall falls to 1.1m visits", "store traffic falls from 1.2m to 1.1m visits"],
)
def test_a_level_the_comparison_already_reaches_is_answered_as_it(question: str) -> None:
    # the default scenario takes footfall from 1.2m to 1.1m visits on the same day: the
    # answer showed a table of '0 visits' and said nothing of why
    text = flat(run("whatif", question, "--draws", "0"))
    assert "This is what the comparison already does" in text
    assert "0 visits  0 visits" not in text


@pytest.mark.parametrize(
    ("question", "level"),
    [("comps turn negative", 0.0), ("comp sales go negative", 0.0), ("comps turn positive", 0.0)],
)
def test_a_sign_turned_is_the_mark_of_zero_passed(question: str, level: float) -> None:
    # "no scenario matches 'comps turn negative'", and the example it offered rose: '+1pp';
    # turning negative is falling below zero, a mark passed, as 'comps fall below 0' reads
    assert shocked(question, "comp_sales") == [(None, level)]
