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


@pytest.mark.parametrize(
    ("question", "node", "size"),
    [
        ("unit revenue drops 0.2 cents", "rask", -0.2),
        ("CASK ex-fuel rises 0.1 cent", "cask", 0.1),
    ],
)
def test_cents_spelt_out_read_on_a_unit_written_c(question: str, node: str, size: float) -> None:
    # "'cents' does not apply to rask (in c) and is not converted; write the size in its
    # own unit, e.g. '-0.05c'": a unit written 7.2c counts cents, as one in ' cents' does
    assert [change for change, _ in shocked(question, node)] == [pytest.approx(size)]


def test_a_winter_slump_cuts_capacity_and_the_summer_schedule_holds_it() -> None:
    # 0.4m passengers fewer empty 4.9 points of seats: 76.1% is under 78% in the winter
    # schedule, and the committee cuts 0.5bn ASK two weeks later
    cut = moves("demand-slump", "capacity")
    assert cut["1w"] == 0.0 and cut["4w"] == pytest.approx(-0.5)
    summer = moves("demand slump and the summer schedule rises to 100%", "capacity")
    assert summer["4w"] == 0.0 and summer["26w"] > -0.1
    told = flat(run("whatif", "demand-slump", "--draws", "0"))
    assert "winter_slump_cuts_capacity" in told, told


def test_a_strike_is_one_week_and_costs_cash_that_stays_lost() -> None:
    passengers = moves("atc-strike", "passengers")
    assert passengers["0w"] == pytest.approx(-0.21) and passengers["1w"] == 0.0
    cash = moves("atc-strike", "cash")
    # €24m of care and rebooking and €4.3m of lost sales, out of the cash pile for good
    assert cash["0w"] == pytest.approx(-0.0283, abs=0.0005)
    assert cash["26w"] == pytest.approx(cash["0w"], abs=0.001)


def test_the_fare_war_drags_rivals_and_our_fares_below_the_cut() -> None:
    ours = moves("fare-war", "avg_fare")
    assert ours["0w"] == -10.0 and -19.0 < ours["13w"] < -15.0
    assert moves("fare-war", "rival_fare")["4w"] < -9.0


def test_the_strike_of_june_2025_is_read_from_the_illustrative_series() -> None:
    answer = json.loads(run("backtest", "--draws", "0", "--format", "json"))
    seen = [o["observed"] for e in answer["episodes"] for o in e["observations"]]
    assert seen == [pytest.approx(-3.8), pytest.approx(-0.2)]


def test_the_rival_matches_in_full_and_the_fare_war_fills_fewer_seats() -> None:
    told = flat(run("whatif", "fare-war", "--against-overlay", "rival", "--draws", "0"))
    assert "The airline cuts fares €10 and rivals answer: the evidence and a low-cost rival" in told
    assert "Load factor +3.9 pp +2.5 pp -1.5 pp" in told, told


@pytest.mark.parametrize(
    ("question", "days"),
    [("a 3-day strike", 3.0), ("a two-day strike", 2.0), ("a 5-day ATC strike", 5.0)],
)
def test_a_strike_said_by_its_length_before_it_reads(question: str, days: float) -> None:
    # "no scenario matches 'a 3-day strike'", where 'a 3 day strike' ran: a size made one
    # word with its unit before its noun is that size
    assert [at for _, at in shocked(question, "strike")] == [days]


def test_what_happens_to_cash_if_a_3_day_strike_asks_the_strike() -> None:
    told = flat(run("whatif", "what happens to cash if a 3-day strike", "--draws", "0"))
    assert told.startswith("Why cash moved"), told


@pytest.mark.parametrize(
    ("question", "level"),
    [("jet fuel at $900/tonne", 900.0), ("fuel at $650/t", 650.0)],
)
def test_a_price_a_tonne_written_with_its_sign_and_a_slash_reads(
    question: str, level: float
) -> None:
    # "'$/tonne' is not a unit of a level of jet_fuel (in $/t)", where '$900 a tonne' and
    # '$900 per tonne' ran
    assert [at for _, at in shocked(question, "jet_fuel")] == [level]
