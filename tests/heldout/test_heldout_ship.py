"""Container shipping and freight rates, a field the machinery has never seen, read as a
freight analyst at a shipbroker, a carrier's network planner and a teacher would.

The held-out pack tests/packs/heldout_ship counts in weeks: attacks in the Red Sea (a shock
no one decides) lead carriers to route a share of Asia-Europe capacity round the Cape (their
decision, in %); transit days rise and effective capacity falls (m TEU); the spot rate
Shanghai-Rotterdam jumps ($/FEU), with the Drewry WCI ($/FEU) and the SCFI (points); ships
wait at North European ports (a count) and schedule reliability falls (%); charter rates
($/day) follow and draw newbuild orders into the orderbook, deliveries grow the fleet (stocks:
integrate rules); shippers front-load orders (a reinforcing loop), high rates draw capacity
back and slow demand (balancing loops), carriers blank sailings below $2,000/FEU (a threshold
that fires a decision), a Red Sea surcharge passes the bunker price ($/t) on only while more
than half the capacity is diverted (a ``when``); European importers' inventories in weeks of
cover. It ships an illustrative weekly spot-rate series with the Red Sea spike of early 2024
read from it, and a carrier's optimistic view as an overlay.
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

SHIP = Path(__file__).parents[1] / "packs" / "heldout_ship"


def run(*args: str, code: int = 0) -> str:
    """The output of a command on the pack in an 80-column terminal."""
    return on_pack(SHIP, *args, code=code)


def moves(question: str, node: str) -> dict[str, float]:
    """The change of ``node`` at each horizon of ``question``'s what-if, without draws."""
    return moves_on(SHIP, question, node)


def shocked(question: str, node: str) -> list[tuple[float | None, float | None]]:
    """The change and the level ``question`` sets ``node`` to, shock by shock."""
    return shocked_on(SHIP, question, node)


def test_the_pack_lints_clean_and_has_its_loops() -> None:
    pack = load_pack(SHIP)
    assert [i for i in lint_pack(pack) if i.severity != "info"] == []
    assert (pack.info.period, pack.info.language) == ("1w", 3)
    found = {frozenset(lp.nodes): lp.polarity for lp in loops(build_graph(pack))}
    assert found[frozenset({"spot_rate", "front_loading", "bookings"})] == "reinforcing"
    assert found[frozenset({"spot_rate", "bookings"})] == "balancing"
    assert found[frozenset({"spot_rate", "effective_capacity"})] == "balancing"
    assert found[frozenset({"spot_rate", "blank_sailings", "effective_capacity"})] == "balancing"


def test_diversions_lift_spot_rates_through_lost_capacity() -> None:
    # 20 pp more diverted: 2.4 more days at sea, 0.43m TEU less capacity, $605/FEU at 4 weeks
    told = flat(run("whatif", "diversions rise to 90%", "--draws", "0"))
    assert "raises Asia-Europe transit time by 2.4 days" in told, told
    spot = moves("diversions-rise", "spot_rate")
    assert 500 < spot["4w"] < 700 and 300 < spot["26w"] < spot["4w"]


@pytest.mark.parametrize(
    ("question", "node", "size"),
    [
        ("WCI up $1,000 per FEU", "wci", 1000.0),
        ("spot rates up $1,000 per FEU", "spot_rate", 1000.0),
        ("charter rates rise $10,000 a day", "charter_rate", 10000.0),
        ("charter rates rise $10,000 per day", "charter_rate", 10000.0),
        ("bunker up $100 per t", "bunker_price", 100.0),
        ("bunker up $100 per tonne", "bunker_price", 100.0),
        ("bunker up $100/tonne", "bunker_price", 100.0),
        ("charter rates up 10,000 dollars a day", "charter_rate", 10000.0),
        ("spot rates up 1,000 dollars per FEU", "spot_rate", 1000.0),
    ],
)
def test_money_per_thing_is_read_said_with_per_or_a(question: str, node: str, size: float) -> None:
    # "'per feu' is no unit; did you mean '1000 per cent'? That is '+$29000/FEU'" and "'a
    # day' does not apply to charter_rate (in $/day)": a unit written '$/FEU' or '$/day' took
    # its slash alone, where '$ a tonne' took '/tonne' and 'per tonne' as well
    assert shocked(question, node) == [(pytest.approx(size), None)]


@pytest.mark.slow
def test_a_level_of_money_per_thing_is_read_said_with_per() -> None:
    # "'per tonne' is not a unit of a level of bunker_price (in $/t)"
    assert shocked("bunker rises to $700 per tonne", "bunker_price") == [(None, 700.0)]
    assert shocked("charter rates fall to $40,000 a day", "charter_rate") == [(None, 40000.0)]


@pytest.mark.parametrize(
    ("question", "node", "size"),
    [
        ("charter rates up $10k/day", "charter_rate", 10000.0),
        ("charter rates up $10k a day", "charter_rate", 10000.0),
        ("charter rates up $10k", "charter_rate", 10000.0),
        ("WCI up $1k/FEU", "wci", 1000.0),
    ],
)
def test_money_per_thing_is_read_in_thousands(question: str, node: str, size: float) -> None:
    # "'k/day' does not apply to charter_rate (in $/day) and is not converted; write the
    # size in its own unit, e.g. '+$2000/day'": the broker's '$10k/day'
    assert shocked(question, node) == [(pytest.approx(size), None)]


def test_a_level_of_money_per_thing_is_read_in_thousands() -> None:
    assert shocked("charter rates fall to $45k/day", "charter_rate") == [(None, 45000.0)]


@pytest.mark.slow
def test_a_feedback_link_into_a_key_outcome_is_no_smaller_link(tmp_path: Path) -> None:
    # 'Smaller links, each carrying under 5% of every key outcome's move at 26w: ...;
    # Shanghai-Rotterdam spot rate → Effective capacity': the rule that draws capacity back
    # adds +0.12m TEU of effective capacity's -0.31m TEU (22% of what moved it), through a
    # loop, and a loop's share was counted in no link
    page = tmp_path / "lesson.html"
    run("lesson", "diversions-rise", "--draws", "0", "-o", str(page))
    text = flat(page.read_text())
    assert "this link pushes effective capacity up by 119k TEU at 26w" in text
    assert "6 weeks: 22% of what moved it" in text
    smaller = text[text.index("Smaller links") :].split(".")[0]
    assert "Effective capacity" not in smaller, smaller


@pytest.mark.parametrize("question", ["orderbook up 2mn TEU", "orderbook up 2 mln TEU"])
def test_a_million_abbreviated_as_the_press_does_is_read(question: str) -> None:
    # "'mn TEU' does not apply to orderbook (in m TEU) and is not converted": the trade and
    # financial press write a million 'mn' or 'mln'
    assert shocked(question, "orderbook") == [(pytest.approx(2.0), None)]


@pytest.mark.parametrize(
    ("question", "node"),
    [("attacks fall to zero", "red_sea_attacks"), ("diversions fall to zero", "cape_diversion")],
)
def test_a_level_said_zero_is_read(question: str, node: str) -> None:
    # "no scenario matches 'attacks fall to zero'": 'to 0' was read, 'to zero' was not
    assert shocked(question, node) == [(None, 0.0)]


def test_a_plural_node_that_stops_ends_in_the_plural() -> None:
    # 'Red Sea attacks ends': the pack says the label names several things (plural: true)
    told = run("whatif", "the attacks stop", "--draws", "0")
    assert told.startswith("Red Sea attacks end\n"), told
    assert "ends on" not in told


def test_a_date_said_from_is_the_move_s_date() -> None:
    # "no scenario matches 'diversions rise to 90% from 1 March 2027'": 'on 1 March 2027' was
    # read, 'from', as a carrier's notice and the trade press say it, was not
    answer = json.loads(
        run(
            "whatif", "diversions rise to 90% from 1 March 2027", "--draws", "0", "--format", "json"
        )
    )
    said = [(s["node"], s["date"], s["level"]) for s in answer["shocks"]]
    assert ("cape_diversion", "2027-03-01", 90.0) in said, said


def test_money_in_another_multiple_per_quarter_is_offered_converted() -> None:
    # "'m a quarter' is no unit; did you mean '500 b a quarter'? That is '+$500bn'": half a
    # billion read as five hundred billion, where '$500m' alone is offered as '$0.5bn'
    said = flat(run("whatif", "carrier profits rise $500m a quarter", "--draws", "0", code=2))
    assert "is $0.5bn: write '+$0.5bn'" in said, said
    assert "500bn" not in said


def test_a_step_past_its_node_s_move_is_on_a_path_not_a_route() -> None:
    # 'this may raise front-loaded orders by 0.95k TEU a week on this route alone': to a
    # freight analyst a route is a trade lane (Shanghai-Rotterdam), not a chain of rules
    told = flat(run("whatif", "diversions-rise", "--draws", "0"))
    assert "front-loaded orders by 953 TEU a week on this path alone" in told, told
    assert "route alone" not in told


@pytest.mark.slow
def test_a_fading_or_adding_up_link_tells_when_its_cause_moved(tmp_path: Path) -> None:
    # 'With the Shanghai-Rotterdam spot rate higher, this link pushes front-loaded orders up'
    # where the slide leaves the spot rate $555/FEU lower at 26w: front-loading fades, so it
    # follows the rate's latest moves (back up); and 'With front-loaded orders lower, this
    # link pushes inventories down' where they are 0.22k TEU a week higher by then: the stock
    # holds what their fall took out in the weeks before
    page = tmp_path / "lesson.html"
    run("lesson", "rates-slide", "--draws", "0", "-o", str(page))
    text = flat(page.read_text())
    assert (
        "With the Shanghai-Rotterdam spot rate higher than in the weeks before, this link"
        " pushes front-loaded orders up" in text
    )
    assert "With front-loaded orders lower in the weeks before, this link pushes" in text
    assert "With the Shanghai-Rotterdam spot rate higher, this link pushes front" not in text


def test_a_hold_is_titled_with_the_verb_said() -> None:
    # 'Capacity diverted round the Cape keeps': the title took the pack's first verb of
    # holding, 'keeps' (as in 'carriers keep diverting'), which wants an object
    told = run("whatif", "diversions hold", "--draws", "0")
    assert told.startswith("Capacity diverted round the Cape holds\n"), told


@pytest.mark.parametrize(
    ("question", "node", "level"),
    [
        ("diversions stay at 70%", "cape_diversion", 70.0),
        ("diversions remain at 90%", "cape_diversion", 90.0),
        ("spot rates settle at $2,500/FEU", "spot_rate", 2500.0),
    ],
)
def test_a_level_said_to_stay_is_a_level(question: str, node: str, level: float) -> None:
    # "no scenario matches 'diversions stay at 70%'": 'stands at' was a level, 'stays at',
    # 'remains at' and 'settles at' were not
    assert shocked(question, node) == [(None, level)]


@pytest.mark.slow
def test_a_backtest_names_a_node_once_above_its_windows() -> None:
    # at 80 columns the dollar figures put each row's label on a line of its own, and
    # 'Shanghai-Rotterdam spot rate' stood above the 4w row and again above the 8w row
    told = run("backtest")
    table = told[told.index("node, then") : told.index("Worst explained")]
    assert table.count("Shanghai-Rotterdam spot rate") == 1, table
    assert "\n    4w " in table and "\n    8w " in table, table


def test_an_index_counted_in_points_moves_in_points_said_bare() -> None:
    # "the size 100 has no unit and scfi moves in points; write '+100pts'": an index written
    # '1,650 points' moves in its points, as one named by its sign ('AQI 412') does
    assert shocked("SCFI rises 100", "scfi") == [(pytest.approx(100.0), None)]


@pytest.mark.slow
def test_a_rule_s_size_under_one_of_its_unit_reads_in_the_smaller_one(tmp_path: Path) -> None:
    # 'this link pushes front-loaded orders up by 196 TEU a week ... Size: +0.02k TEU a week
    # per $1/FEU (from +0.010k TEU a week to +0.035k TEU a week)': the move in the smaller
    # unit the pack names, the rule's size not
    page = tmp_path / "lesson.html"
    run("lesson", "diversions-rise", "--draws", "0", "-o", str(page))
    text = flat(page.read_text())
    assert "Size: +20 TEU a week per $1/FEU (from +10 to +35 TEU a week)" in text, text
    assert "Size: -180k TEU per day (from -120k TEU to -240k TEU)" in text


def test_an_orderbook_and_a_composite_index_take_the() -> None:
    # 'Why orderbook moved', 'this lowers orderbook by 1.2m TEU' and 'Drewry WCI composite
    # +$249/FEU': an order book and an index's composite are counted things, as a backlog is
    told = flat(run("explain", "orderbook", "--scenario", "delivery-wave", "--draws", "0"))
    assert told.startswith("Why the orderbook moved"), told
    assert "this lowers the orderbook by 1.2m TEU" in told
    assert "the Drewry WCI composite +$249/FEU" in flat(run("whatif", "--draws", "0"))


def test_a_shock_only_the_comparison_has_is_said_to_be_its_alone() -> None:
    # 'Causes ... -20 pp the shock: Carriers divert 90% of capacity round the Cape': Suez
    # reopening against more diversions lacks that shock, and its label alone told a fall
    # of 20 pp as carriers diverting more
    told = flat(
        run(
            "explain",
            "cape_diversion",
            "--scenario",
            "suez-reopens",
            "--against",
            "diversions-rise",
            "--horizon",
            "1w",
            "--draws",
            "0",
        )
    )
    said = "the shock: Carriers divert 90% of capacity round the Cape (only in the comparison)"
    assert said in told, told


@pytest.mark.slow
def test_a_lesson_says_a_shock_is_only_in_the_comparison(tmp_path: Path) -> None:
    # 'The shock: Carriers divert 90% of capacity round the Cape on 7 Dec 2026. By itself
    # it lowers the capacity diverted round the Cape by 20 pp': the lesson's step of a
    # shock the scenario lacks, as the what-if's prose told it
    page = tmp_path / "lesson.html"
    run("lesson", "suez-reopens", "--against", "diversions-rise", "--draws", "0", "-o", str(page))
    text = flat(page.read_text())
    assert "round the Cape on 7 Dec 2026, only in the comparison. By itself it lowers" in text


@pytest.mark.slow
def test_the_surcharge_passes_bunkers_on_only_while_most_capacity_is_diverted() -> None:
    # $150/t more for bunkers is $225/FEU more surcharge with 70% of capacity on the Cape
    # route; once Suez reopens (10% diverted) the rule switches off
    assert moves("bunker-spike", "red_sea_surcharge") == pytest.approx(
        {"1w": 0.0, "4w": 225.0, "13w": 225.0, "26w": 225.0}
    )
    told = flat(run("whatif", "suez reopens and bunker prices jump $150/t", "--draws", "0"))
    assert "the rule bunker_costs_feed_the_surcharge switches off, with the capacity" in told
    assert "no longer at or above 50%" in told


def test_carriers_blank_sailings_once_the_spot_rate_slides_below_2000() -> None:
    assert moves("rates-slide", "blank_sailings")["26w"] == pytest.approx(6.0)
    assert moves("diversions-rise", "blank_sailings")["26w"] == pytest.approx(0.0)


def test_the_red_sea_spike_is_read_from_the_weekly_series() -> None:
    told = flat(run("backtest"))
    assert "The Red Sea spike: carriers leave Suez red-sea-2024, 18 Dec 2023" in told, told
    assert "sign hit rate 100% of 2" in told


def test_the_carrier_s_view_keeps_rates_firmer_for_longer() -> None:
    told = run("whatif", "suez reopens", "--against-overlay", "carrier", "--draws", "0")
    assert "Suez reopens: the evidence and the carrier" in told
    assert "-$1,814/FEU" in told and "-$2,218/FEU" in told
