"""Where nothing switches, the scenario's run less the comparison's is one run of their
difference: the Monte Carlo runs one world instead of two and the bands are the same.

The noise both worlds share cancels out of the difference; the noise an observer of the
scenario sees (the scenario's world alone) stays in it.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from macrograph.graph import montecarlo
from macrograph.graph.montecarlo import Sampling
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import observe, propagate
from macrograph.graph.result import Result
from macrograph.graph.scenarios import resolve_text
from macrograph.graph.synthetic import pack_of, rule
from macrograph.rules import load_pack
from macrograph.rules.models import Citation, LinearRule, Scenario, Shock, Volatility
from macrograph.rules.pack import Pack

DAY0 = date(2025, 1, 6)
HORIZONS = ("1d", "1w", "1m")


def linear_pack(push: float, later: float) -> Pack:
    """push -> price -> flow (lagged), flow -> stock (integrated), price -> mood (fading),
    mood -> price a day later (a loop); price and mood have noise of their own."""
    fading = rule("price_moves_mood", "price", "mood", 0.4)
    assert isinstance(fading, LinearRule)
    rules = [
        rule("push_lifts_price", "push", "price", 1.0),
        rule("price_drives_flow", "price", "flow", 0.5, lag=2),
        rule("flow_fills_stock", "flow", "stock", 1.0, integrate=True),
        fading.model_copy(update={"decay": "5d"}),
        rule("mood_feeds_price", "mood", "price", 0.3, lag=1),
    ]
    day = timedelta(days=1)
    scenarios = [
        Scenario(
            id="scenario",
            title="The scenario",
            summary="Two pushes",
            shocks=(
                Shock(node="push", date=DAY0, change=push, label="a push"),
                Shock(node="push", date=DAY0 + 3 * day, change=later, label="a later push"),
            ),
        ),
        Scenario(
            id="comparison",
            title="The comparison",
            summary="A smaller push",
            shocks=(Shock(node="push", date=DAY0, change=0.25, label="a small push"),),
        ),
    ]
    pack = pack_of(rules, baselines={"price": 100.0, "mood": 50.0}, scenarios=scenarios)
    cite = Citation(basis="assumption", rationale="a test's volatility")
    nodes = dict(pack.nodes)
    for node, size in (("price", 1.0), ("mood", 0.5)):
        volatility = Volatility.model_validate({"value": size, "cites": cite})
        nodes[node] = nodes[node].model_copy(update={"volatility": volatility})
    return msgspec.structs.replace(pack, nodes=nodes)


def counted(monkeypatch: pytest.MonkeyPatch, one_world: bool) -> list[int]:
    """How many worlds each ensemble runs; ``one_world`` False turns the one world off."""
    seen: list[int] = []
    run = montecarlo.simulate_worlds

    def recorded(comp: Any, worlds: Any, *rest: Any) -> Any:
        seen.append(len(worlds))
        return run(comp, worlds, *rest)

    monkeypatch.setattr(montecarlo, "simulate_worlds", recorded)
    if not one_world:
        monkeypatch.setattr(montecarlo, "linear", lambda *_: False)
    return seen


def same_bands(a: Result, b: Result) -> None:
    for node, outcome in a.nodes.items():
        other = b.nodes[node]
        assert outcome.band is not None and other.band is not None
        for h in a.horizons:
            x, y = outcome.band[h], other.band[h]
            assert (x.p5, x.p50, x.p95) == pytest.approx((y.p5, y.p50, y.p95), abs=1e-9)
            assert outcome.p_positive[h] == pytest.approx(other.p_positive[h], abs=0.006)


@settings(max_examples=6, derandomize=True, deadline=None)
@given(push=st.floats(-2.0, 2.0), later=st.floats(-1.0, 1.0))
@pytest.mark.parametrize("against", ["comparison", None])
def test_one_world_gives_the_bands_two_give(push: float, later: float, against: str | None) -> None:
    pack = linear_pack(push, later)
    options = RunOptions(against=against, horizons=HORIZONS, draws=300, seed=4)
    with pytest.MonkeyPatch.context() as patch:
        one = counted(patch, one_world=True)
        single = propagate(pack, "scenario", options)
    with pytest.MonkeyPatch.context() as patch:
        two = counted(patch, one_world=False)
        double = propagate(pack, "scenario", options)
    assert set(one) == {1} and set(two) == {2}
    assert single.noise == double.noise == ("mood", "price")  # the noise is still told
    same_bands(single, double)


def test_an_observer_s_noise_stays_in_the_one_world(monkeypatch: pytest.MonkeyPatch) -> None:
    pack = linear_pack(1.0, -0.5)
    spec = resolve_text(pack, "scenario")
    one = counted(monkeypatch, one_world=True)
    single = observe(pack, spec, "comparison", HORIZONS, Sampling(300, 4))
    monkeypatch.setattr(montecarlo, "linear", lambda *_: False)
    double = observe(pack, spec, "comparison", HORIZONS, Sampling(300, 4))
    assert one == [1, 2]
    same_bands(single, double)
    band = single.nodes["price"].band["1m"]
    assert band.p95 - band.p5 > 5.0  # a month of the price's own moves, 1 a day


def test_a_pack_whose_rules_switch_runs_both_worlds(monkeypatch: pytest.MonkeyPatch) -> None:
    pack = load_pack()  # a threshold and rules under conditions
    seen = counted(monkeypatch, one_world=True)
    propagate(pack, "boj-skips", RunOptions(draws=50, horizons=("1w",)))
    assert seen == [2]
