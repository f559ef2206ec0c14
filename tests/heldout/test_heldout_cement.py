"""Cement in an invented euro-area country, a field the machinery has never seen, read as a
cement producer's strategy team, a building-materials analyst and a teacher of an
industrial-economics and climate-policy class would.

The held-out pack tests/packs/heldout_cement counts in months with horizons in quarters and
writes in British English with metric units and euros: cement demand, clinker output,
clinker imports in kt a month, housing starts in k starts a month, the infrastructure
budget in €bn a year (the government's decision), the EU carbon price in €/t CO2, free
allowances in Mt a year (a stock the phase-out drains), energy in €/MWh, kiln utilisation
in % moving in pp, the cash cost, carbon cost, cement price, margin and surcharge in €/t, a
carbon border levy the government applies when imports pass 250 kt a month while carbon is
above €70/t CO2 (a threshold under a ``when``), an energy surcharge below a €20/t margin,
buyers put off by dear cement (a fading rule), idle kilns that raise unit costs and draw
imports (reinforcing loops) and demand and imports that cap the price (balancing loops), a
strike at the port (a temporary shock), an illustrative monthly cement-price series through
an energy shock read as an episode, and an environmental NGO's view as an overlay.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from macrograph.graph.build import build_graph
from macrograph.graph.query import loops
from macrograph.rules import load_pack
from macrograph.rules.lint.core import lint_pack
from tests.packfactory import moves_on, on_pack

CEMENT = Path(__file__).parents[1] / "packs" / "heldout_cement"


def run(*args: str, code: int = 0) -> str:
    """The output of a command on the pack in an 80-column terminal."""
    return on_pack(CEMENT, *args, code=code)


def moves(question: str, node: str) -> dict[str, float]:
    """The change of ``node`` at each horizon of ``question``'s what-if, without draws."""
    return moves_on(CEMENT, question, node)


def test_the_pack_lints_clean_and_has_its_loops() -> None:
    pack = load_pack(CEMENT)
    assert [i for i in lint_pack(pack) if i.severity != "info"] == []
    assert (pack.info.period, pack.info.language) == ("1m", 3)
    found = {frozenset(lp.nodes): lp.polarity for lp in loops(build_graph(pack))}
    kilns = {"cash_cost", "cement_price", "clinker_imports", "clinker_output", "kiln_utilisation"}
    assert found[frozenset(kilns)] == "reinforcing"
    assert found[frozenset({"cement_price", "clinker_imports"})] == "balancing"
    demand = {"cement_demand", "clinker_output", "kiln_utilisation", "cement_price"}
    assert found[frozenset(demand)] == "balancing"


@pytest.mark.parametrize(
    ("question", "change"),
    [
        ("the government raises the levy by €40/t", 40.0),
        ("the government raises the border levy to €40/t", 40.0),
        ("the government raises the levy to €40/t", 40.0),
        ("the government imposes a €40/t border levy", 40.0),
        ("the government introduces a border levy of €40/t", 40.0),
    ],
)
def test_an_actor_named_for_one_decision_can_set_another_it_names(
    question: str, change: float
) -> None:
    # 'the government' names the infrastructure budget; 'the government raises the levy by
    # €40/t' was read, but 'raises the border levy to €40/t' or 'imposes a €40/t border levy'
    # was 'no scenario matches': the level after 'to', and the size before the thing, were
    # read only of a decision the actor's own name is a name of
    assert moves(question, "border_levy")["1m"] == pytest.approx(change)
    assert moves(question, "infrastructure_budget")["1m"] == pytest.approx(0.0)


@pytest.mark.parametrize(
    "question",
    [
        "carbon up €15/tCO2",
        "carbon up €15/t CO2",
        "carbon up €15 per tonne of CO2",
        "EUAs up €15/tCO2",
    ],
)
def test_a_price_per_tonne_of_co2_is_read_written_without_its_space(question: str) -> None:
    # '€15/t CO2' was read, but '€15/tCO2', as carbon desks write it, was "'/tCO2' does not
    # apply to carbon_price (in €/t CO2) and is not converted"
    assert moves(question, "carbon_price")["1m"] == pytest.approx(15.0)
    assert moves(question, "carbon_cost")["1m"] == pytest.approx(4.5)


@pytest.mark.parametrize(
    ("question", "node", "size"),
    [
        ("housing starts fall a fifth", "housing_starts", -2.4),
        ("energy costs double", "energy_cost", 90.0),
        ("the government adds €2bn for roads", "infrastructure_budget", 2.0),
        ("imports up 300kt", "clinker_imports", 300.0),
        ("utilisation drops to 70%", "kiln_utilisation", -8.0),
        ("cement up 8%", "cement_price", 9.6),
        ("energy costs up €90 a MWh", "energy_cost", 90.0),
    ],
)
def test_the_trade_s_own_ways_of_saying_a_size(question: str, node: str, size: float) -> None:
    assert moves(question, node)["1m"] == pytest.approx(size)


def test_the_levy_comes_only_while_carbon_is_dear() -> None:
    # dear energy lifts the price, which draws imports past 250 kt a month: the levy follows
    # while carbon is above €70/t CO2, and not when carbon has fallen below it
    assert moves("energy costs double", "border_levy")["4q"] == pytest.approx(40.0)
    cheap = moves("energy costs double and carbon falls to €60", "border_levy")
    assert cheap["4q"] == pytest.approx(0.0)


@pytest.mark.slow
def test_a_strategist_asks_what_happens_to_margins_if_free_allowances_end() -> None:
    text = run("whatif", "what happens to margins if free allowances end", "--draws", "0")
    assert text.startswith("Why the producer margin moved")
    found = re.search(r"Producer margin: €(\d+)/t lower, at €(\d+)/t \(€30/t with no", text)
    assert found is not None, text
    assert 8 <= int(found.group(1)) <= 20
    assert "free allowances -3.6 Mt a year" in text


@pytest.mark.slow
def test_the_energy_shock_episode_backtests_with_the_right_sign() -> None:
    text = run("backtest")
    assert "Energy prices soar and cement follows" in text
    assert "sign hit rate 100% of 2" in text


@pytest.mark.parametrize(
    "question",
    [
        "what if there is a port strike",
        "what if there's a strike at the port",
        "there is a port strike",
        "if there is a port strike, what happens to imports",
        "what happens to imports if there is a port strike",
    ],
)
def test_an_event_said_to_be_there_is_the_event(question: str) -> None:
    # "no scenario matches 'what if there is a port strike'": 'a port strike' was read, but
    # the 'there is' English opens an event with was not
    assert moves(question, "clinker_imports")["1m"] == pytest.approx(-150.0)


@pytest.mark.parametrize(
    "question",
    [
        "the government adds €3bn for roads",
        "the government adds €3bn for roads and bridges",
        "the government adds €3bn",
    ],
)
def test_a_decision_said_with_what_it_is_for_is_the_decision(question: str) -> None:
    # 'the government adds €2bn for roads' was read only as the scenario of that title, and
    # 'the government adds €3bn for roads' was 'no scenario matches': the purpose after
    # 'for', which names nothing in the pack, kept the decision before it from being read
    assert moves(question, "infrastructure_budget")["1m"] == pytest.approx(3.0)
