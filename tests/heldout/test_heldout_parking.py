"""A town's parking and kerbside policy, a field the machinery has never seen, read as the
council's transport officer, a local-government analyst and an urban-planning teacher would.

The held-out pack tests/packs/heldout_parking counts in weeks and writes in British English:
the on-street tariff in pounds an hour (typed '50p an hour' too) is the council's decision;
on-street occupancy in % of bays moves in points, and above the council's 85% target the
council raises the tariff 50p (a threshold that fires a decision; a balancing loop), and
cuts it 20p below 70% only while it stands above £2.50 (a threshold under a ``when``); car
park spaces are a stock that closures for redevelopment drain; drivers circling for a bay
slow the buses, which sends riders back to their cars (a reinforcing loop), and past 85%
they circle in earnest and collect penalty charge notices (rules under a ``when``); an event
day's pull fades (a rule with a half-life); footfall in thousands of visits a week and as an
index of 2019; the council's parking income in £k a month. It ships an illustrative weekly
occupancy series with the April 2025 tariff rise read from it, and the traders' view as an
overlay.
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

PARKING = Path(__file__).parents[1] / "packs" / "heldout_parking"


def run(*args: str, code: int = 0) -> str:
    """The output of a command on the pack in an 80-column terminal."""
    return on_pack(PARKING, *args, code=code)


def moves(question: str, node: str) -> dict[str, float]:
    """The change of ``node`` at each horizon of ``question``'s what-if, without draws."""
    return moves_on(PARKING, question, node)


def shocked(question: str, node: str) -> list[tuple[float | None, float | None]]:
    """The change and the level ``question`` sets ``node`` to, shock by shock."""
    return shocked_on(PARKING, question, node)


def test_the_pack_lints_clean_and_has_its_loops() -> None:
    pack = load_pack(PARKING)
    assert [i for i in lint_pack(pack) if i.severity != "info"] == []
    assert (pack.info.period, pack.info.language) == ("1w", 3)
    found = {(frozenset(lp.nodes), lp.polarity) for lp in loops(build_graph(pack))}
    assert (frozenset({"occupancy", "congestion", "bus_ridership"}), "reinforcing") in found
    assert (frozenset({"occupancy", "on_street_tariff"}), "balancing") in found


@pytest.mark.parametrize(
    "question",
    [
        "the council raises tariffs 50p an hour",
        "tariffs rise 50p an hour",
        "tariffs rise 50 pence an hour",
        "the council raises the tariff by 50p per hour",
        "tariff up 50p",
        "tariffs rise £0.50 an hour",
    ],
)
def test_pence_an_hour_is_a_move_of_the_hourly_tariff(question: str) -> None:
    # "no scenario matches 'tariffs rise 50p an hour'": '50p per hour' and '£0.50 an hour'
    # were read, but a hundredth of the pound was read with 'a hour', never 'an hour'
    assert shocked(question, "on_street_tariff") == [(pytest.approx(0.5), None)]


def test_a_threshold_fired_in_the_comparison_alone_is_one_cause_not_two() -> None:
    # the tariff's causes under footfall read '-£0.50 the shock: Once on-street occupancy
    # reaches its trigger ... in the comparison alone', '+£0.50 the shock: The tariff rises
    # 50p an hour' and '-£0.50 the council_raises_tariff_above_85 threshold': three rows
    # adding to -£0.50 under a tariff back level with the comparison, the threshold's jump
    # told once as a shock and again as its rule; and the tariff's own explanation cited
    # 'Shock event:council_raises_tariff_above_85: event:council_raises_tariff_above_85.'
    told = flat(run("explain", "footfall", "--scenario", "tariff-rise", "--draws", "0"))
    assert "+£0.50 an hour the shock: The tariff rises 50p an hour [" in told, told
    assert "-£0.50 an hour the council_raises_tariff_above_85 threshold on on-street" in told
    assert "the shock: Once" not in told and "event:" not in told
    told = flat(run("explain", "tariff", "--scenario", "tariff-rise", "--horizon", "4w"))
    assert "event:" not in told, told


@pytest.mark.parametrize(
    "question",
    ["congestion rises 2 minutes", "congestion rises by 2 minutes", "delays rise 2 mins"],
)
def test_a_unit_said_after_the_size_is_no_part_of_the_name(question: str) -> None:
    # "the size 2 has no unit and congestion moves in minutes; write '+2 minutes'": with
    # 'congestion minutes' a name of the node, the unit after the size was taken for the
    # thing its owner 'congestion' moves, and the size was left without it
    assert shocked(question, "congestion") == [(pytest.approx(2.0), None)]
