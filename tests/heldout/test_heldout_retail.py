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


@pytest.mark.parametrize(
    "question",
    ["mark down 10 points", "the planner marks down 10 points", "planners mark down 10pp"],
)
def test_a_phrasal_verb_names_the_noun_made_of_it(question: str) -> None:
    # "no scenario matches 'mark down 10 points'": 'markdowns' is the noun English makes of
    # 'mark down', as 'a buyback' of 'buy back' and 'layoffs' of 'lay off'
    assert shocked(question, "markdown_depth") == [(10.0, None)]


def test_freight_doubling_costs_the_margin_after_six_weeks() -> None:
    # a doubling is +100% of $2,800 a container, which reaches the shelves six weeks later
    assert shocked("freight doubles", "freight_cost") == [(100.0, None)]
    margin = moves("freight doubles", "gross_margin")
    assert margin["4w"] == pytest.approx(0.0, abs=1e-9)
    assert margin["8w"] == pytest.approx(-1.4, abs=0.01)


def test_black_friday_crowds_fade_and_the_cold_snap_pulls_coats_forward() -> None:
    # half a million visits that halve every week, read a week after the event
    crowds = moves("black friday", "footfall")
    assert (crowds["1w"], crowds["4w"]) == (pytest.approx(0.25), pytest.approx(0.03125))
    coats = moves("a cold snap", "outerwear_sales")
    assert coats["1w"] > 1.0 and coats["8w"] < 0.1 * coats["1w"]


def test_cover_past_twelve_weeks_brings_ten_points_off() -> None:
    text = flat(run("whatif", "traffic-slump", "--draws", "0"))
    assert "On 7 Dec 2026 weeks of cover reach their trigger (at or above 12.0 weeks)" in text
    assert "moves the markdown depth by +10 pp" in text
    assert "It does not fire with no shocks." in text


def test_the_questions_of_the_field_are_read() -> None:
    # 8% of 1.2m visits, on top of the default's 0.1m fewer
    assert shocked("footfall drops 8%", "footfall") == [(pytest.approx(-0.196), None)]
    assert shocked("conversion up half a point", "conversion") == [(0.5, None)]
    assert shocked("margins shrink 150bp", "gross_margin") == [(-1.5, None)]
    assert shocked("a 30% markdown", "markdown_depth") == [(None, 30.0)]
    answer = flat(run("whatif", "what happens to inventory if sales slow 5%", "--draws", "0"))
    assert answer.startswith("Why inventory moved")
    assert "Inventory: $5m higher, at $143m" in answer


@pytest.mark.slow
def test_the_soft_holiday_is_scored_against_the_weekly_comps() -> None:
    answer = json.loads(run("backtest", "--draws", "0", "--format", "json"))
    seen = [o["observed"] for e in answer["episodes"] for o in e["observations"]]
    # from +1.0% the week before the event to -2.1% a week on and -3.1% four weeks on
    assert seen == [pytest.approx(-2.1 - 1.0), pytest.approx(-3.1 - 1.0)]


@pytest.mark.slow
def test_the_short_sellers_view_is_told_in_the_brief(tmp_path: Path) -> None:
    run("brief", "-o", str(tmp_path / "note.md"))
    note = (tmp_path / "note.md").read_text()
    assert "## Where the short seller departs from the evidence" in note
    assert "-25bp per 1 pp (from -18bp to -32bp)" in note
