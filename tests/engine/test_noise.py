"""Noise that cancels: scenario and comparison share it, every node has a process of its own.

- With no shock every band is exactly zero, at every horizon, with the noise on.
- A threshold near its trigger fires in the same draws in both worlds unless the shock
  moves it: the difference is the shock's doing, never chance.
- Where most draws agree on a sign, the central answer has that sign too; where they do
  not, the text says the central sign is less likely than not, never "likely".
- A volatility is per trading day (252 in 365 on a weekday market), per period in a pack
  counted in years; a volatility index reverts in logs and stays above zero; an identity
  takes its legs' noise and none of its own.
"""

from __future__ import annotations

import math
import re
from datetime import date
from pathlib import Path

import msgspec
import numpy as np
import pytest

from macrograph.graph.montecarlo import Z90, Sampling
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import observe, propagate
from macrograph.graph.scenarios import ScenarioSpec, ShockSpec
from macrograph.graph.synthetic import pack_of, rule
from macrograph.rules import load_pack
from macrograph.rules.models import TRADING_DAYS, Citation, Node, ThresholdRule, Volatility
from macrograph.rules.pack import Pack
from tests.packfactory import NODES, Cli, write_pack

PACKS = Path(__file__).parents[1] / "packs"
DAY0 = date(2025, 1, 6)
CITE = Citation(basis="assumption", rationale="a test's volatility")
HORIZONS = ("0d", "1d", "2d", "1w", "2w", "1m", "2m", "3m")


def noisy(pack: Pack, **volatilities: Volatility) -> Pack:
    """``pack`` with these nodes' volatilities."""
    nodes = dict(pack.nodes)
    for node_id, vol in volatilities.items():
        nodes[node_id] = nodes[node_id].model_copy(update={"volatility": vol})
    return msgspec.structs.replace(pack, nodes=nodes)


def vol(value: float, **fields: object) -> Volatility:
    return Volatility.model_validate({"value": value, "cites": CITE, **fields})


def shocks(*moves: tuple[str, float]) -> ScenarioSpec:
    found = tuple(ShockSpec(node, DAY0, f"{node} moves", size) for node, size in moves)
    return ScenarioSpec("moves", "Moves", "Moves", found, None, DAY0)


def every_band(result: object) -> list[float]:
    nodes = result.nodes.values()  # type: ignore[attr-defined]
    return [x for n in nodes for b in n.band.values() for x in (b.p5, b.p50, b.p95)]


# --- common random numbers --------------------------------------------------------------


def test_with_no_shock_every_band_is_zero_at_every_horizon_with_the_noise_on() -> None:
    pack = load_pack()
    same = propagate(
        pack,
        "december-2025",
        RunOptions(against="december-2025", horizons=HORIZONS, draws=500, seed=3),
    )
    nothing = msgspec.structs.replace(shocks(), anchor=date(2025, 12, 19))
    alone = propagate(pack, nothing, RunOptions(against=None, horizons=HORIZONS, draws=500, seed=3))
    for result in (same, alone):
        assert len(result.noise) == 10  # every node with a volatility, but the spread
        assert set(every_band(result)) == {0.0}
        assert all(
            n.p_positive[h] == n.p_negative[h] == 0.0
            for n in result.nodes.values()
            for h in HORIZONS
        )
    # what an observer of that world sees is the noise itself
    seen = observe(pack, nothing, None, ("1m",), Sampling(500, 3))
    band = seen.nodes["usd_jpy"].band["1m"]
    assert band.p95 - band.p5 > 6.0  # 0.6% a trading day over about 21 of them


def trigger_pack() -> Pack:
    """price (level 100, noise 1 a day) fires a +5 jump in response when it reaches 101;
    other moves nothing of the kind; push adds to price."""
    jump = ThresholdRule.model_validate(
        {
            "id": "price_triggers",
            "kind": "threshold",
            "source": "price",
            "target": "response",
            "channel": "reaction",
            "effect": "+",
            "crosses": {"above": 101},
            "jump": {"elasticity": 5, "units": "index/event"},
            "confidence": "medium",
            "because": "a test threshold",
        }
    )
    rules = [rule("push_lifts_price", "push", "price", 1.0), rule("other_moves", "other", "x", 1.0)]
    pack = pack_of([*rules, jump], baselines={"price": 100.0})
    return noisy(pack, price=vol(1.0))


def test_a_threshold_near_its_trigger_fires_in_the_same_draws_in_both_worlds() -> None:
    pack = trigger_pack()
    # the noise alone takes price past 101 in most draws within a month...
    seen = observe(pack, shocks(("other", 1.0)), None, ("1w", "1m"), Sampling(1000, 4))
    assert seen.nodes["response"].band["1m"].p95 == 5.0
    # ...but in both worlds alike: a shock that does not move price changes no firing
    elsewhere = propagate(
        pack,
        shocks(("other", 1.0)),
        RunOptions(against=None, horizons=("1w", "1m"), draws=1000, seed=4),
    )
    response = elsewhere.nodes["response"]
    assert response.p_positive == response.p_negative == {"1w": 0.0, "1m": 0.0}
    # a push towards the trigger only ever adds firings or brings them forward
    pushed = propagate(
        pack,
        shocks(("push", 0.5)),
        RunOptions(against=None, horizons=("1d", "1w"), draws=1000, seed=4),
    )
    response = pushed.nodes["response"]
    assert response.p_negative == {"1d": 0.0, "1w": 0.0}
    assert 0.0 < response.p_positive["1d"] < 1.0 and 0.0 < response.p_positive["1w"] < 1.0


def test_a_bundled_threshold_fires_more_only_where_the_scenario_pushes_it() -> None:
    # the finance ministry buys yen above 160, which the noise alone reaches in many
    # draws of both worlds; skipping the hike weakens the yen: it buys in more draws, and
    # the noise it shares with the comparison adds nothing of its own
    pack = load_pack()
    ministry = propagate(pack, "boj-skips", RunOptions(draws=400, seed=0)).nodes["mof_intervention"]
    assert 0.05 < ministry.p_positive["1m"] < 0.5
    assert ministry.band["1m"].p50 == 0.0 < ministry.band["1m"].p95
    # In a few draws the comparison buys and the scenario not: above a VIX of 20 carry
    # unwinds with the VIX (volatility_unwinds_carry), which switches on and off at other
    # times in the two worlds, so a draw's yen can be weaker with the hike on some day. It
    # stays rare; without that rule the scenario never buys in fewer draws.
    for h in ministry.p_negative:
        assert ministry.p_negative[h] <= 0.1 * ministry.p_positive[h], h
    kept = {k: r for k, r in pack.rules.items() if k != "volatility_unwinds_carry"}
    ungated = msgspec.structs.replace(pack, rules=kept)
    alone = propagate(ungated, "boj-skips", RunOptions(draws=400, seed=0)).nodes["mof_intervention"]
    assert alone.p_negative == {"1d": 0.0, "1w": 0.0, "1m": 0.0, "3m": 0.0}
    assert alone.p_positive["1m"] > 0.05


# --- central answer and median -------------------------------------------------------------

AGREEING = [(None, s) for s in sorted(load_pack().scenarios)] + [
    (PACKS / "uk", "boe-cuts"),
    (PACKS / "uk", "boe-holds"),
    (PACKS / "sim", "spending-starts"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("folder", "scenario"), AGREEING)
def test_the_central_answer_has_the_sign_most_draws_have(
    folder: Path | None, scenario: str
) -> None:
    result = propagate(load_pack(folder), scenario, RunOptions(draws=1000, seed=0))
    for node in result.nodes.values():
        for h in result.horizons:
            central, median = node.delta[h], node.band[h].p50
            if node.p_positive[h] > 0.5:
                assert central > 0 and median > 0, (node.id, h, central, median)
            if node.p_negative[h] > 0.5:
                assert central < 0 and median < 0, (node.id, h, central, median)


def test_the_text_never_calls_likely_a_sign_most_draws_do_not_have(cli: Cli) -> None:
    # In the predator-prey pack the phase of the oscillation at a horizon depends on the
    # drawn strengths, so the central path and most draws can point opposite ways (with
    # no noise at all); the text then says so.
    # read after a year: the drought's swing has faded by then, so unasked it reads at 1m
    out = cli("whatif", "--pack", str(PACKS / "predator_prey"), "drought", "--horizon", "1y")
    text = " ".join(out.stdout.split())
    said = re.findall(r"(higher|lower) in (\d+)% of draws: ([a-z ]+)\.", text)
    assert said
    assert ("higher", "34", "less likely than not") in said
    for _, share, word in said:
        assert (int(share) < 50) == (word == "less likely than not"), (share, word)


# --- the processes -----------------------------------------------------------------------


def lone(volatility: Volatility, baseline: float | None = None) -> Pack:
    """One node, ``a``, with this volatility, moved by nothing but its noise."""
    pack = pack_of([rule("a_lifts_b", "a", "b", 1.0)], baselines={"a": baseline or 0.0})
    return noisy(pack, a=volatility)


def test_a_daily_volatility_is_per_day_it_trades() -> None:
    nothing = shocks(("b", 0.0))
    weekdays = observe(
        lone(vol(1.0, trades="weekdays")), nothing, None, ("3m",), Sampling(20_000, 1)
    )
    every_day = observe(
        lone(vol(1.0, trades="every_day")), nothing, None, ("3m",), Sampling(20_000, 1)
    )
    unstated = observe(lone(vol(1.0)), nothing, None, ("3m",), Sampling(20_000, 1))
    # 90 calendar days after the event's own trading day: 62.1 trading days, or 90; a
    # volatility that does not say moves every day (pack language 3: no market's calendar)
    for seen, days in (
        (weekdays, 1 + 90 * TRADING_DAYS / 365),
        (every_day, 91.0),
        (unstated, 91.0),
    ):
        band = seen.nodes["a"].band["3m"]
        assert band.p95 - band.p5 == pytest.approx(2 * Z90 * days**0.5, rel=0.03)


def test_in_a_pack_counted_in_years_a_volatility_is_per_year() -> None:
    pack = lone(vol(2.0))
    info = pack.info.model_copy(update={"period": "1y", "horizons": ("1y", "10y")})
    pack = msgspec.structs.replace(pack, info=info)
    seen = observe(pack, shocks(("b", 0.0)), None, ("1y", "10y"), Sampling(20_000, 2))
    for h, years in (("1y", 2), ("10y", 11)):  # the event's year and h more
        band = seen.nodes["a"].band[h]
        assert band.p95 - band.p5 == pytest.approx(2 * Z90 * 2.0 * years**0.5, rel=0.03)


@pytest.mark.slow  # 20,000 draws
def test_a_volatility_index_reverts_in_logs_and_never_reaches_zero() -> None:
    index = vol(1.5, half_life="1m", positive=True)
    pack = lone(index, baseline=16.0)
    seen = observe(pack, shocks(("b", 0.0)), None, ("1m", "1y", "3y"), Sampling(20_000, 3))
    for h, days in (("1m", 30), ("1y", 365), ("3y", 1095)):
        band = seen.nodes["a"].band[h]
        # the log of the level is normal, with the spread the pack's numbers give
        low, high = math.log(1 + band.p5 / 16), math.log(1 + band.p95 / 16)
        assert (high - low) / 2 == pytest.approx(Z90 * index.spread(days) / 16, rel=0.04)
        assert band.p5 > -16.0
    # reverting: a year and three years on, the spread has stopped growing
    year, three = (seen.nodes["a"].band[h] for h in ("1y", "3y"))
    assert three.p95 - three.p5 == pytest.approx(year.p95 - year.p5, rel=0.05)
    walk = observe(lone(vol(1.5), 16.0), shocks(("b", 0.0)), None, ("3y",), Sampling(4000, 3))
    assert walk.nodes["a"].band["3y"].p5 < -16.0  # a random walk in points goes below zero


def test_an_identity_takes_its_legs_noise_and_none_of_its_own() -> None:
    legs = pack_of(
        [rule("long_enters", "long", "spread", 1.0), rule("short_enters", "short", "spread", -1.0)]
    )
    nodes = dict(legs.nodes)
    nodes["spread"] = nodes["spread"].model_copy(update={"identity": True})
    pack = noisy(
        msgspec.structs.replace(legs, nodes=nodes),
        long=vol(0.06, trades="weekdays"),
        short=vol(0.03, trades="weekdays"),
        spread=vol(0.5),
    )
    seen = observe(pack, shocks(("long", 0.0)), None, ("1m",), Sampling(20_000, 5))
    assert seen.noise == ("long", "short")
    days = 1 + 30 * TRADING_DAYS / 365
    band = seen.nodes["spread"].band["1m"]
    expected = 2 * Z90 * math.hypot(0.06, 0.03) * days**0.5  # not 0.5 a day of its own
    assert band.p95 - band.p5 == pytest.approx(expected, rel=0.03)
    assert load_pack().nodes["us_jp_spread_10y"].identity


def test_the_noise_of_a_stock_in_logs_keeps_it_above_zero_with_the_rules_linear() -> None:
    # positive noise on a points unit moves the log of the level: L (exp(x / L) - 1)
    pack = lone(vol(5.0, positive=True, trades="every_day"), baseline=20.0)
    seen = observe(pack, shocks(("b", 0.0)), None, ("1y",), Sampling(4000, 6))
    band = seen.nodes["a"].band["1y"]
    assert -20.0 < band.p5 < -19.0 and band.p95 > 100.0  # skewed, as a level in logs is


# --- the pack language ---------------------------------------------------------------------

VOLATILE = NODES.replace(
    "    description: The 10-year yield.\n",
    "    description: The 10-year yield.\n"
    "    volatility: {value: 0.05, FIELDS cites: {basis: assumption, rationale: a day's move}}\n",
)


@pytest.mark.parametrize(
    ("fields", "period", "field", "message"),
    [
        (
            "half_life: 10d,",
            "1w",
            "volatility.half_life",
            "half_life 10d is not a whole number of the pack's periods (1w)",
        ),
        (
            "half_life: 0d,",
            "1d",
            "volatility.half_life",
            "a half-life must be longer than zero (leave it out for a random walk)",
        ),
        (
            "trades: every_day,",
            "1m",
            "volatility.trades",
            "'trades' applies to a pack counted in days; this one counts 1m, so its volatility"
            " is per period",
        ),
    ],
)
def test_lint_names_a_volatility_field_that_does_not_fit_the_pack(
    tmp_path: Path, cli: Cli, fields: str, period: str, field: str, message: str
) -> None:
    nodes = VOLATILE.replace("FIELDS", fields)
    folder = write_pack(tmp_path, {"nodes.yaml": nodes})
    pack_yaml = (folder / "pack.yaml").read_text(encoding="utf-8")
    horizons = "[1y]" if period == "1m" else "[1w]" if period == "1w" else "[1d]"
    pack_yaml = pack_yaml.replace("pack:\n", f"pack:\n  period: {period}\n  horizons: {horizons}\n")
    (folder / "pack.yaml").write_text(pack_yaml, encoding="utf-8")
    out = cli("lint", str(folder))
    line = 1 + next(i for i, t in enumerate(nodes.splitlines()) if "id: bond_yield" in t)
    expected = f"{folder}/nodes.yaml:{line}: error: id 'bond_yield', field '{field}': {message}"
    assert expected in out.stdout.splitlines(), out.stdout


def test_a_positive_level_needs_a_level(tmp_path: Path, cli: Cli) -> None:
    nodes = NODES.replace(
        "    description: The policy path priced in markets.\n",
        "    description: The policy path priced in markets.\n"
        "    volatility: {value: 0.05, positive: true, cites: {basis: assumption}}\n",
    )
    out = cli("lint", str(write_pack(tmp_path, {"nodes.yaml": nodes})))
    assert out.code == 1
    assert (
        "id 'rate_path', field 'volatility.positive': 'positive' moves the log of the level: "
        "give the node a baseline above 0"
    ) in out.stdout
    # a percent change needs none: its log moves by the percent
    currency = Node.model_validate(
        {
            "id": "fx",
            "label": "FX",
            "kind": "asset",
            "region": "global",
            "unit": "pct_change",
            "description": "x",
            "volatility": {"value": 0.6, "positive": True, "cites": {"basis": "assumption"}},
        }
    )
    assert currency.volatility is not None and currency.volatility.positive


def test_the_bundled_pack_states_its_processes() -> None:
    nodes = load_pack().nodes
    assert nodes["vix"].volatility == nodes["vix"].volatility.model_copy(
        update={"half_life": "1m", "positive": True}
    )
    assert nodes["bitcoin"].volatility is not None
    assert nodes["bitcoin"].volatility.trades == "every_day"
    assert np.isclose(nodes["bitcoin"].volatility.value * 365**0.5, 50, rtol=0.01)  # 50% a year
    assert nodes["ust_10y"].volatility is not None and not nodes["ust_10y"].volatility.positive
