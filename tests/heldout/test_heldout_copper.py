"""A Chilean copper mine and the copper market, a field the machinery has never seen, read
as the mine's planning engineer, a commodity strategist and an economics teacher would.

The held-out pack tests/packs/heldout_copper counts in quarters: the LME copper price in
US$/lb, sulfuric acid in US$/t, diesel in US$/l, the peso in pesos per dollar ('950 pesos
per dollar'), the ore grade in % moving in pp, output and shipments in kt a quarter,
concentrate at the port a stock in kt, water in l/s, strikes in days, the royalty in % the
government's decision, the expansion the board's decision below a US$1.50/lb margin (a
threshold), China's demand and exchange stocks a balancing loop, funds chasing the price a
reinforcing loop under a ``when``, a strike that moves the price only while stocks are thin,
the 44-day strike of early 2017 read from an illustrative quarterly price series, and the
miners' association's view.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from macrograph.explain.cli import main
from macrograph.graph.build import build_graph
from macrograph.graph.query import loops
from macrograph.rules import load_pack
from macrograph.rules.lint.core import lint_pack
from tests.packfactory import flat, moves_on, on_pack

COPPER = Path(__file__).parents[1] / "packs" / "heldout_copper"


def run(*args: str, code: int = 0) -> str:
    """The output of a command on the pack in an 80-column terminal."""
    return on_pack(COPPER, *args, code=code)


def moves(question: str, node: str) -> dict[str, float]:
    """The change of ``node`` at each horizon of ``question``'s what-if, without draws."""
    return moves_on(COPPER, question, node)


def test_the_pack_lints_clean_and_has_its_loops() -> None:
    pack = load_pack(COPPER)
    assert [i for i in lint_pack(pack) if i.severity != "info"] == []
    assert (pack.info.period, pack.info.language) == ("1q", 3)
    found = {frozenset(lp.nodes): lp.polarity for lp in loops(build_graph(pack))}
    assert found[frozenset({"copper_price", "china_demand", "exchange_stocks"})] == "balancing"
    assert found[frozenset({"copper_price", "fund_length"})] == "reinforcing"


@pytest.mark.slow
def test_a_five_percent_slowdown_of_a_large_flow_is_no_implausible_shock() -> None:
    # 'China's demand slows 5%' warned 'the shock on china_demand (-195 kt a quarter) is
    # beyond a plausible size: more than 40.0 kt a quarter': the bound was twenty notable
    # moves of the unit, which the mine's 100 kt a quarter shares with China's 3,900
    result = CliRunner().invoke(
        main, ["whatif", "China's demand slows 5%", "--draws", "0", "--pack", str(COPPER)]
    )
    assert result.exit_code == 0, result.output
    assert "plausible" not in result.stderr
    assert "China's copper demand -5% (-195 kt a quarter)" in result.stdout
    # a move that is a large share of the level still warns
    result = CliRunner().invoke(
        main, ["whatif", "China's demand slows 40%", "--draws", "0", "--pack", str(COPPER)]
    )
    assert "beyond a plausible size" in result.stderr


def test_cents_a_pound_move_a_price_in_us_dollars_a_pound() -> None:
    # 'copper falls 10 cents a pound' was refused: "'cents' does not apply to copper_price
    # (in US$/lb) and is not converted": cents were a hundredth of '$' alone, not of 'US$'
    for said in ("copper falls 10 cents a pound", "copper falls 10c/lb", "copper -10 cents"):
        title = run("whatif", said, "--draws", "0").splitlines()[0]
        assert title == "LME copper price -US$0.10/lb", (said, title)


def test_the_lead_tells_the_mine_losing_copper_not_a_price_that_barely_moves() -> None:
    # 'a 14-day strike' led with 'the biggest consequence: the LME copper price ends
    # US$0.02/lb higher' while output fell 15.4 kt a quarter and sales US$112m: the lead
    # took the largest price however small beside the rest
    told = flat(run("whatif", "a 14-day strike", "--draws", "0"))
    lead = told.split("biggest consequence")[1].split(" Outcomes")[0]
    assert "copper sales end US$112m a quarter lower" in lead, lead
    assert "China's copper demand ends 16.8 kt a quarter lower" in lead, lead
    assert "LME copper price" not in lead, lead
    # a price that moves as much as the rest still leads
    lead = flat(run("whatif", "China's demand slows 5%", "--draws", "0"))
    assert "biggest consequence: the LME copper price ends US$0.41/lb lower" in lead


def test_the_strike_of_2017_is_read_from_the_mine_report_and_the_price_series() -> None:
    found = {(o["node"], o["window"]): o for o in _backtest()["episodes"][0]["observations"]}
    assert found[("copper_output", "0q")]["predicted"] == pytest.approx(-47.2, abs=0.1)
    assert found[("copper_price", "1q")]["observed"] == pytest.approx(0.18, abs=0.005)


def _backtest() -> dict:
    """The backtest of the pack, as JSON."""
    return json.loads(run("backtest", "--format", "json"))


@pytest.mark.parametrize(
    ("question", "pesos"),
    [
        ("the peso weakens 50 pesos per dollar", 50.0),
        ("the peso weakens to 1,000 per dollar", 50.0),
        ("the Chilean peso falls 50 pesos per dollar", 50.0),
        ("the peso strengthens 50 pesos per dollar", -50.0),
        ("dollar-peso rises 50 pesos per dollar", 50.0),
    ],
)
def test_the_peso_weakening_is_more_pesos_per_dollar(question: str, pesos: float) -> None:
    # The node counts pesos per dollar: 'the peso weakens 5%' ran as 47.5 pesos per dollar
    # fewer, a stronger peso, and the prose said 'the Chilean peso rises 50 pesos per
    # dollar' of a weaker one; the peso is now said the other way round of its quote
    assert moves(question, "clp")["1q"] == pytest.approx(pesos)
    assert moves(question, "cash_cost")["1q"] * pesos < 0  # a weaker peso: local costs cheaper


def test_the_prose_names_the_quote_not_the_currency_for_a_rise() -> None:
    out = run("whatif", "the peso weakens to 1,000 per dollar", "--draws", "0")
    assert "the dollar-peso rate rises 50 pesos per dollar" in flat(out)
    assert "peso rises" not in flat(out)
