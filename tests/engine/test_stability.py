"""A draw is kept or left out by whether the whole linear system grows, not loop by loop.

The predator-prey pack (tests/packs/predator_prey) is a three-species food chain stepped
by explicit Euler: one day's step is I + J with every interaction strength drawn from
[0, 0.1]. A predator-prey cycle taken alone always grows under Euler; the system is
stable when vegetation's self-limitation damps it, in about three draws of four.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from macrograph.graph.engine import stability
from macrograph.graph.engine.compile import Compiled, compile_pack
from macrograph.graph.montecarlo import draw_parameters, laws_of
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.graph.synthetic import pack_of, rule
from macrograph.rules import load_pack
from tests.packfactory import Cli

PREDATOR_PREY = Path(__file__).parents[1] / "packs" / "predator_prey"


def euler_radius(comp: Compiled, weights: np.ndarray) -> np.ndarray:
    """Per draw, the spectral radius of one day's step I + J, J[target, source] = weight."""
    step = np.repeat(np.eye(comp.size)[None], weights.shape[1], axis=0)
    for e in range(len(comp.edges)):
        step[:, comp.edges.tgt[e], comp.edges.src[e]] += weights[e]
    return np.asarray(np.abs(np.linalg.eigvals(step)).max(axis=1))


def test_the_predator_prey_pack_keeps_the_draws_whose_whole_system_is_stable() -> None:
    pack = load_pack(PREDATOR_PREY)
    comp = compile_pack(pack)
    draws = 1000
    result = propagate(pack, "drought", RunOptions(draws=draws, seed=0))
    kept = draws - sum(d.draws for d in result.diverged)
    weights, _ = draw_parameters(comp, draws, 0, laws_of(pack, comp))  # the same draws
    radius = euler_radius(comp, weights)
    stable = int((radius < 1.0).sum())
    assert 0.6 * draws < stable < 0.9 * draws
    assert abs(kept - stable) <= 0.02 * draws
    (left,) = result.diverged
    assert (left.kind, left.loop) == ("system", ("hares", "predators", "vegetation"))
    assert left.gain == pytest.approx(float(radius.max()), rel=1e-6)


def test_the_message_names_the_set_that_grows_and_its_growth_rate(cli: Cli) -> None:
    out = cli("whatif", "--pack", str(PREDATOR_PREY), "drought")
    result = propagate(load_pack(PREDATOR_PREY), "drought", RunOptions(draws=1000, seed=0))
    (left,) = result.diverged
    rate = f"{100 * (left.gain - 1):.2g}"
    said = (
        f"1000 Monte Carlo draws, seed 0 ({left.draws} left out: in them hares, predators and "
        f"vegetation grow together, by up to {rate}% a day, and run away from 1 Jun 2020)."
    )
    assert said in " ".join(out.stdout.split())


def step_matrix(comp: Compiled, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The engine's one-period step of a pack without fading or conditions, and its zero-lag
    matrix. State: the last L periods of every node and each stock's accumulator.

    A period: stocks take in what their lagged integrate rules bring, the nodes settle
    x = (I - A0)^-1 (stocks + lagged rules), then stocks take in their lag-0 flows.
    """
    e, n = comp.edges, comp.size
    lags = max(int(e.lag.max()), 1)
    stocks = sorted(set(e.tgt[e.integrate].tolist()))
    at = {v: i for i, v in enumerate(stocks)}
    a0, b0 = np.zeros((n, n)), np.zeros((len(stocks), n))
    c, ci = np.zeros((lags + 1, n, n)), np.zeros((lags + 1, len(stocks), n))
    for k in range(len(e)):
        t, s, lag = int(e.tgt[k]), int(e.src[k]), int(e.lag[k])
        if lag == 0:
            a0[t, s] += w[k]
            if e.integrate[k]:
                b0[at[t], s] += w[k]
        elif e.integrate[k]:
            ci[lag, at[t], s] += w[k]
        else:
            c[lag, t, s] += w[k]
    solve = np.linalg.inv(np.eye(n) - a0)
    into = np.zeros((n, len(stocks)))
    for v, i in at.items():
        into[v, i] = 1.0
    size = n * lags + len(stocks)
    nodes = np.zeros((n, size))
    nodes[:, n * lags :] = solve @ into
    held = np.zeros((len(stocks), size))
    held[:, n * lags :] = np.eye(len(stocks))
    for lag in range(1, lags + 1):
        nodes[:, (lag - 1) * n : lag * n] += solve @ (c[lag] + into @ ci[lag])
        held[:, (lag - 1) * n : lag * n] += ci[lag]
    step = np.zeros((size, size))
    step[:n] = nodes
    for lag in range(1, lags):
        step[lag * n : (lag + 1) * n, (lag - 1) * n : lag * n] = np.eye(n)
    step[n * lags :] = held + b0 @ nodes
    return step, a0


@pytest.mark.parametrize("expanded", [True, False])
def test_the_check_agrees_with_the_whole_step_on_random_packs(
    expanded: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # both ways to the set's polynomial: expanding the determinant along its rows (exact,
    # while the terms are few) and evaluating it on the unit circle (then an FFT)
    monkeypatch.setattr(stability, "MAX_CHOICES", stability.MAX_CHOICES if expanded else 0)
    rng = np.random.default_rng(1)
    names = "abcdef"
    checked = grows = 0
    for trial in range(80):
        k = int(rng.integers(3, 6))
        rules = [
            rule(
                f"r{i}",
                names[int(rng.integers(k))],
                names[int(rng.integers(k))],
                float(rng.uniform(-0.6, 0.6)) or 0.1,
                lag=int(rng.integers(0, 4)),
                integrate=bool(rng.random() < 0.35),
            )
            for i in range(int(rng.integers(k, 2 * k + 2)))
        ]
        comp = compile_pack(pack_of(rules))
        weights = comp.edges.weight[:, None] * rng.uniform(0.3, 1.7, (len(comp.edges), 25))
        found = stability.unstable_draws(comp, weights, {i: 0 for i in range(comp.size)})
        dead = {c for u in found for c in u.columns}
        for d in range(weights.shape[1]):
            step, a0 = step_matrix(comp, weights[:, d])
            instant = float(np.abs(np.linalg.eigvals(a0)).max())
            radius = float(np.abs(np.linalg.eigvals(step)).max())
            if 1 + 1e-8 < radius < 1 + 1e-5 or abs(instant - 1.0) < 1e-6:
                continue  # too close to GROWTH to call in floating point
            grows_here = instant >= stability.ZERO_LAG or radius > stability.GROWTH
            assert (d in dead) == grows_here, (trial, d, radius, instant, rules)
            checked += 1
            grows += grows_here
    assert checked > 1500 and 0.2 * checked < grows < 0.8 * checked


def test_a_stock_fed_by_several_rules_has_one_mode_at_one_not_several() -> None:
    # two integrate rules into one stock used to give two accumulators, a double root at
    # exactly 1 that rounding split into a spurious growth; one stable draw stays kept
    pack = pack_of(
        [
            rule("a_feeds_s", "a", "s", 0.05, lag=1, integrate=True),
            rule("s_limits_s", "s", "s", -0.05, lag=1, integrate=True),
            rule("s_feeds_a", "s", "a", 0.5, lag=1),
        ]
    )
    comp = compile_pack(pack)
    weights = comp.edges.weight[:, None] * np.ones((1, 4))
    assert stability.unstable_draws(comp, weights, {comp.index["a"]: 0}) == []
    step, _ = step_matrix(comp, weights[:, 0])
    assert np.abs(np.linalg.eigvals(step)).max() < 1.0


def test_a_rule_whose_condition_holds_at_the_start_counts() -> None:
    # b -> a is on while a's level is below 10, as it is at the start (level 0): with it
    # the loop grows; a rule on only above 10 would not count
    on = rule("b_to_a", "b", "a", 1.2, lag=1)
    for when, grows in (
        ({"node": "a", "below": 10.0}, True),
        ({"node": "a", "above": 10.0}, False),
    ):
        conditional = type(on).model_validate({**on.model_dump(), "when": when})
        pack = pack_of([rule("a_to_b", "a", "b", 1.0), conditional])
        comp = compile_pack(pack)
        found = stability.unstable_draws(comp, comp.edges.weight[:, None], {comp.index["a"]: 0})
        assert bool(found) == grows
