"""A Swiss ski resort's season, a field the machinery has never seen, read as its operations
manager, a tourism strategist and a geography teacher would.

The held-out pack tests/packs/heldout_ski counts in days: fresh snow in cm a day and the
snow guns (snowmaking hours a day, the operations manager's decision) fill the snow depth
on the pistes (cm, a stock), melt drains it only above 0 °C (a ``when``); the depth opens
runs and below 30 cm closes the upper ones (a threshold); below 50 cm the guns start if the
night is cold (a threshold that fires a decision, under a ``when``), a balancing loop; a
powder day brings skiers whose surge fades (lag and fade); skiers post snow reports that
bring more skiers (a reinforcing loop); the day pass in CHF, EUR/CHF (CHF per euro) and the
valley gondola keep skiers away or bring them; lift revenue in CHF k a day, the season's
revenue in CHF m and its skier days in thousands pile up (stocks). It ships an illustrative
daily snow-depth series with the warm New Year of 2023 read from it, and a glaciologist's
view as an overlay.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from macrograph.graph.build import build_graph
from macrograph.graph.query import loops
from macrograph.rules import load_pack
from macrograph.rules.lint.core import lint_pack
from tests.packfactory import moves_on, on_pack, shocked_on

SKI = Path(__file__).parents[1] / "packs" / "heldout_ski"


def run(*args: str, code: int = 0) -> str:
    """The output of a command on the pack in an 80-column terminal."""
    return on_pack(SKI, *args, code=code)


def moves(question: str, node: str) -> dict[str, float]:
    """The change of ``node`` at each horizon of ``question``'s what-if, without draws."""
    return moves_on(SKI, question, node)


def shocked(question: str, node: str) -> list[tuple[float | None, float | None]]:
    """The change and the level ``question`` sets ``node`` to, shock by shock."""
    return shocked_on(SKI, question, node)


def test_a_threshold_that_closes_runs_as_the_base_thins_agrees_with_the_depth() -> None:
    # "error: id 'thin_base_closes_runs', field 'effect': contradicts rule 'depth_opens_runs':
    # same source, target and channel, opposite effect": runs that close as the depth falls
    # below 30 cm move with the depth, as the rule that opens runs on a deeper base does
    pack = load_pack(SKI)
    found = [i for i in lint_pack(pack) if i.severity == "error"]
    assert found == []


def test_the_pack_has_its_loops() -> None:
    found = {frozenset(lp.nodes): lp.polarity for lp in loops(build_graph(load_pack(SKI)))}
    assert found[frozenset({"skiers", "snow_reports"})] == "reinforcing"
    assert found[frozenset({"snow_depth", "snowmaking"})] == "balancing"


@pytest.mark.parametrize(
    "question",
    [
        "what if snowfall is half the average",
        "snowfall is half",
        "snowfall falls to half the average",
        "snowfall is half of normal",
        "snowfall is 50% of average",
        "snowfall at 50% of normal",
    ],
)
def test_a_level_said_as_a_share_of_the_average_is_that_share_of_the_baseline(
    question: str,
) -> None:
    # "'average' is not a unit of a level of snowfall (in cm a day); write snowfall@0.5",
    # and 'snowfall is half': "'% of its level' is not a unit ...; write snowfall@50", which
    # would bury the resort under 50 cm a day: half the average of 2 cm a day is 1 cm a day
    assert shocked(question, "snowfall") == [(None, pytest.approx(1.0))]


def test_a_temperature_is_no_share_of_its_average() -> None:
    # half of -3 °C is no warmer day: refused with a move in its own unit
    told = run("whatif", "temperature is half the average", code=2)
    assert "temperature" in told and "Traceback" not in told


def test_a_word_of_the_nodes_own_unit_is_no_slip_for_a_currency() -> None:
    # "'euros' does not apply to snowmaking (in snowmaking hours a day)": 'hours', a word of
    # the unit itself, was taken for a misspelt 'euros', a word the manager never typed
    told = run("whatif", "snowmaking starts 200 hours", code=2)
    assert "euros" not in told and "'hours'" in told, told
    assert "snowmaking hours" in told


@pytest.mark.parametrize(
    "question", ["raise the lift pass by 10 francs", "the day pass rises 10 Swiss francs"]
)
def test_francs_are_the_money_of_a_unit_written_chf(question: str) -> None:
    # "'florins' does not apply to lift_pass (in CHF) and is not converted": francs, the
    # name of the money written CHF, were read as a slip for florins
    assert shocked(question, "lift_pass") == [(pytest.approx(10.0), None)]


def test_a_price_said_in_francs_is_titled_in_its_own_unit() -> None:
    # "Day pass price at 95francs": the level was read, its title glued the word typed
    assert run("whatif", "lift pass rises to 95 francs", "--draws", "0").startswith(
        "Day pass price at CHF 95\n"
    )


def test_a_level_in_francs_said_without_them_is_titled_in_francs() -> None:
    # "Day pass price at 99": a level in the node's own figures dropped the currency's code,
    # as an index's name is dropped ('at FWI 50'); CHF is money
    assert run("whatif", "the day pass goes from 79 to 99", "--draws", "0").startswith(
        "Day pass price at CHF 99\n"
    )


def test_a_move_from_where_the_price_is_not_offers_a_shock_that_reads() -> None:
    # "stands at 79, not 89 ... --shock lift_pass@chf99": the francs were left out of the
    # levels and the shock offered glued the typed words, which --shock refused
    said = run("whatif", "the day pass goes from CHF 89 to CHF 99", code=2)
    assert "lift_pass stands at CHF 79, not CHF 89" in said
    assert "--shock 'lift_pass@CHF 99' (a level)" in said
    assert run("whatif", "--shock", "lift_pass@CHF 99", "--draws", "0").startswith(
        "Day pass price at CHF 99\n"
    )


@pytest.mark.parametrize(
    "question",
    [
        "the franc rises 5% against the euro",
        "the franc gains 5% vs the euro",
        "franc up 5% versus euro",
    ],
)
def test_a_currency_said_against_the_other_side_of_its_pair_is_the_pair(question: str) -> None:
    # "no scenario matches": 'against the euro' names EUR/CHF itself, the franc's other side
    assert shocked(question, "eur_chf") == [(pytest.approx(100 / 105 * 100 - 100), None)]
