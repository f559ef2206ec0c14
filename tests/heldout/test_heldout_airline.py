"""An airline's network and finances, a field the machinery has never seen, read as its
revenue-management analyst, an equity analyst covering airlines and the teacher of an
aviation-economics class would.

The held-out pack tests/packs/heldout_airline counts in weeks with horizons out to 26 weeks,
in British English and euros: capacity in bn ASK and traffic in bn RPK a month, the load
factor in % moving in points, the average fare in € a passenger, the yield, unit revenue
(RASK) and unit cost ex-fuel (CASK) in euro cents written 7.2c, jet fuel in $/t and the
euro in dollars moving in percent, the fuel-hedge ratio in %, passengers in millions a
month, cash in €bn a stock that bookings fill and operating costs drain, and an ATC strike
in strike days (a temporary shock). The network committee cuts capacity 5% when the load
factor falls under 78% in the winter schedule (a threshold under a `when`); a fare war
(our cuts bring rivals', theirs ours) and seats that spread fixed costs into cheaper fares
and fuller planes are reinforcing loops, and more seats emptying the planes a balancing
one. It ships an illustrative weekly load-factor series through the controllers' strike of
June 2025, and a low-cost rival's view as an overlay.
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

AIRLINE = Path(__file__).parents[1] / "packs" / "heldout_airline"


def run(*args: str, code: int = 0) -> str:
    """The output of a command on the pack in an 80-column terminal."""
    return on_pack(AIRLINE, *args, code=code)


def moves(question: str, node: str) -> dict[str, float]:
    """The change of ``node`` at each horizon of ``question``'s what-if, without draws."""
    return moves_on(AIRLINE, question, node)


def shocked(question: str, node: str) -> list[tuple[float | None, float | None]]:
    """The change and the level ``question`` sets ``node`` to, shock by shock."""
    return shocked_on(AIRLINE, question, node)


def test_the_pack_lints_clean_and_has_its_loops() -> None:
    pack = load_pack(AIRLINE)
    assert [i for i in lint_pack(pack) if i.severity != "info"] == []
    assert (pack.info.period, pack.info.language) == ("1w", 3)
    found = {frozenset(lp.nodes): lp.polarity for lp in loops(build_graph(pack))}
    assert found[frozenset({"avg_fare", "rival_fare"})] == "reinforcing"
    assert found[frozenset({"capacity", "load_factor"})] == "balancing"
    seats = {"capacity", "cask", "avg_fare", "passengers", "traffic", "load_factor"}
    assert found[frozenset(seats)] == "reinforcing"


@pytest.mark.parametrize(
    ("question", "node", "size"),
    [
        ("load factor drops 3 points", "load_factor", -3.0),
        ("load factor up 2 points", "load_factor", 2.0),
        ("fares up €5", "avg_fare", 5.0),
        ("cut capacity by 5%", "capacity", -0.5),
        ("add 0.5bn ASK", "capacity", 0.5),
        ("yield down 0.3c", "yield", -0.3),
    ],
)
def test_the_analyst_s_moves_read(question: str, node: str, size: float) -> None:
    assert [change for change, _ in shocked(question, node)] == [pytest.approx(size)]
