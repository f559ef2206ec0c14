"""Fading rules (``decay``: a half-life): a step in the source gives the target a transient move.

contribution(t) = elasticity * sum over the source's moves ds(tau) of
0.5 ** ((t - tau - lag) / half-life), for t >= tau + lag.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from macrograph.graph.engine.compile import compile_pack
from macrograph.graph.engine.kernel import passed_on, rule_series
from macrograph.graph.engine.runs import Keep
from macrograph.graph.engine.steps import Injection, simulate, simulate_worlds
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.graph.scenarios import ScenarioSpec, ShockSpec
from macrograph.graph.synthetic import pack_of, rule
from macrograph.rules.models import AnyRule, LinearRule
from macrograph.rules.pack import Pack
from tests.packfactory import Cli, extra_rule, write_pack

DAY0 = date(2025, 1, 6)


def fading(
    rule_id: str, source: str, target: str, size: float, half_life: str, lag: int = 0
) -> LinearRule:
    """A linear rule of ``size`` that fades with ``half_life``."""
    found = rule(rule_id, source, target, size, lag=lag)
    assert isinstance(found, LinearRule)
    return found.model_copy(update={"decay": half_life})


def series(pack: Pack, injections: list[Injection], periods: int, node: str) -> np.ndarray:
    comp = compile_pack(pack)
    run = simulate(comp, injections, periods, 1)
    return np.asarray(run.history[:, comp.index[node], 0])


@settings(max_examples=40, derandomize=True, deadline=None)
@given(
    half_life=st.integers(1, 12),
    shock=st.floats(-50.0, 50.0, allow_nan=False).filter(lambda x: abs(x) > 1e-3),
    size=st.floats(0.1, 3.0),
    lag=st.integers(0, 3),
)
def test_a_fading_contribution_halves_every_half_life(
    half_life: int, shock: float, size: float, lag: int
) -> None:
    pack = pack_of([fading("a_to_b", "a", "b", size, f"{half_life}d", lag)])
    a = compile_pack(pack).index["a"]
    b = series(pack, [Injection(a, 2, 0, shock)], 2 + lag + 4 * half_life + 1, "b")
    assert np.abs(b[: 2 + lag]).max() == 0.0  # nothing before the lag has passed
    for k in range(5):
        at = 2 + lag + k * half_life
        assert b[at] == pytest.approx(size * shock * 0.5**k, rel=1e-9)
    assert np.all(np.abs(np.diff(b[2 + lag :])) > 0)  # and it fades every period in between


@settings(max_examples=30, derandomize=True, deadline=None)
@given(
    moves=st.lists(st.floats(-5.0, 5.0, allow_nan=False), min_size=1, max_size=6),
    half_life=st.integers(1, 6),
    lag=st.integers(0, 3),
    stock=st.booleans(),
)
def test_the_engine_and_the_replay_pass_on_the_same_series(
    moves: list[float], half_life: int, lag: int, stock: bool
) -> None:
    """One definition of lag, fading and integration: the engine's period-by-period step
    and the attribution's whole-series kernel agree on a rule's target."""
    found = fading("a_to_b", "a", "b", 1.5, f"{half_life}d", lag)
    if stock:
        found = rule("a_to_b", "a", "b", 1.5, lag=lag, integrate=True)
    pack = pack_of([found])
    comp = compile_pack(pack)
    a = comp.index["a"]
    periods = len(moves) + lag + 8
    shocks = [Injection(a, t, 0, m) for t, m in enumerate(moves)]
    b = series(pack, shocks, periods, "b")
    source = series(pack, shocks, periods, "a")[None, :]
    rules = rule_series(comp, np.arange(1), np.ones((1, periods)))
    assert passed_on(rules, source)[0] == pytest.approx(b, rel=1e-9, abs=1e-12)


def test_each_move_of_the_source_fades_from_its_own_date() -> None:
    pack = pack_of([fading("a_to_b", "a", "b", 2.0, "2d")])
    a = compile_pack(pack).index["a"]
    b = series(pack, [Injection(a, 0, 0, 1.0), Injection(a, 4, 0, -3.0)], 8, "b")
    r = 0.5**0.5
    expected = [2.0 * r**t + (-6.0 * r ** (t - 4) if t >= 4 else 0.0) for t in range(8)]
    assert b == pytest.approx(expected, rel=1e-12)


def test_without_decay_the_effect_persists_as_before() -> None:
    pack = pack_of([rule("a_to_b", "a", "b", 2.0, lag=1)])
    a = compile_pack(pack).index["a"]
    assert series(pack, [Injection(a, 0, 0, 1.0)], 5, "b").tolist() == [0, 2.0, 2.0, 2.0, 2.0]


def test_a_fading_rule_inside_a_zero_lag_loop_is_solved_each_period() -> None:
    """a = x + 0.5 b; b = 0.8 * (a's moves, each fading with a half-life of 3 periods)."""
    pack = pack_of([fading("a_to_b", "a", "b", 0.8, "3d"), rule("b_to_a", "b", "a", 0.5)])
    comp = compile_pack(pack)
    got = series(pack, [Injection(comp.index["a"], 1, 0, 1.0)], 12, "a")
    keep, w1, w2 = 0.5 ** (1 / 3), 0.8, 0.5
    f = a_before = 0.0
    expected = []
    for t in range(12):
        x = 1.0 if t >= 1 else 0.0
        a_now = (x + w1 * w2 * (keep * f - a_before)) / (1 - w1 * w2)
        f = keep * f + a_now - a_before
        a_before = a_now
        expected.append(a_now)
    assert got == pytest.approx(expected, rel=1e-12)
    assert got[1] == pytest.approx(1 / 0.6) and got[-1] < 1.1  # a transient, then back near x


def test_draws_fade_like_the_additive_run() -> None:
    """The ensemble keeps one filtered source per draw: central weights give the same path."""
    pack = pack_of(
        [
            fading("a_to_b", "a", "b", 0.8, "3d", lag=1),
            fading("b_to_c", "b", "c", 0.5, "2d"),
            rule("c_to_b", "c", "b", 0.4),
        ]
    )
    comp = compile_pack(pack)
    shock = [Injection(comp.index["a"], 0, -1, 1.0)]
    one = simulate(comp, shock, 20, 1, additive=False).history[:, :, 0]
    weights = np.repeat(comp.edges.weight[:, None], 4, axis=1)
    weights[:, 1] *= 0.5  # a draw with every elasticity halved
    (kept,) = simulate_worlds(comp, [shock], 20, Keep(list(range(20))), weights).kept
    assert np.abs(kept[:, :, 0] - one).max() <= 1e-12
    assert np.abs(kept[:, comp.index["c"], 1]).max() < np.abs(one[:, comp.index["c"]]).max()


def scenario(shocks: list[tuple[str, int, float]]) -> ScenarioSpec:
    found = tuple(ShockSpec(n, DAY0 + timedelta(days=d), f"{n} {x:+}", x) for n, d, x in shocks)
    return ScenarioSpec("drawn", "Drawn", "Drawn", found, None, DAY0)


def fading_chain() -> list[AnyRule]:
    return [
        fading("a_to_b", "a", "b", 0.8, "2d", lag=1),
        rule("b_to_c", "b", "c", 1.5),
        fading("a_to_c", "a", "c", 0.6, "1w"),
        fading("c_to_d", "c", "d", 0.5, "3d", lag=2),
        rule("d_fills_s", "d", "s", 1.0, integrate=True),
    ]


@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    shocks=st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c"]),
            st.integers(0, 9),
            st.floats(-2.0, 2.0, allow_nan=False).map(lambda x: round(x, 6)),
        ),
        min_size=1,
        max_size=3,
    )
)
def test_with_fading_rules_the_parts_still_add_up_to_the_delta(
    shocks: list[tuple[str, int, float]],
) -> None:
    pack = pack_of(fading_chain())
    result = propagate(
        pack, scenario(shocks), RunOptions(against=None, horizons=("1d", "5d", "2w", "1m"), draws=0)
    )
    for node in result.nodes.values():
        assert all(c.kind != "feedback" for c in node.contributions)  # paths explain all
        for h, delta in node.delta.items():
            tol = 1e-9 * (1.0 + abs(delta))
            assert sum(c.amount[h] for c in node.contributions) == pytest.approx(delta, abs=tol)
            assert sum(s[h] for s in node.by_shock.values()) == pytest.approx(delta, abs=tol)
            assert sum(c.amount[h] for c in node.channels) == pytest.approx(delta, abs=tol)


def test_a_fading_effect_is_transient_in_a_propagated_answer() -> None:
    pack = pack_of(fading_chain())
    result = propagate(
        pack, scenario([("a", 0, 1.0)]), RunOptions(against=None, horizons=("1d", "1m"), draws=0)
    )
    assert result.nodes["b"].delta["1d"] == pytest.approx(0.8)  # the full move after 1 day
    assert result.nodes["b"].delta["1m"] == pytest.approx(0.8 * 0.5 ** (29 / 2))
    assert result.nodes["s"].delta["1m"] > 0  # a stock keeps what a fading flow passed on


def test_lint_refuses_a_zero_half_life_and_a_half_life_off_the_period(
    cli: Cli, tmp_path: Path
) -> None:
    text = extra_rule(more="    decay: 0d\n")
    folder = write_pack(tmp_path / "zero", {"extra.yaml": text})
    out = cli("lint", str(folder))
    assert out.code == 1
    assert (
        f"{folder}/extra.yaml:2: error: id 'extra_rule', field 'decay': a half-life must be"
        " longer than zero (leave 'decay' out for a lasting effect)"
    ) in out.stdout.splitlines()
    weekly = write_pack(
        tmp_path / "weekly",
        {
            "extra.yaml": extra_rule(more="    decay: 3d\n"),
            "pack.yaml": PACK_WEEKLY,
        },
    )
    out = cli("lint", str(weekly))
    assert out.stdout.splitlines()[0] == (
        f"{weekly}/extra.yaml:2: error: id 'extra_rule', field 'decay': decay 3d is not a whole"
        " number of the pack's periods (1w)"
    )


PACK_WEEKLY = """\
pack:
  id: tiny
  title: A tiny pack
  description: A policy rate, its priced path, a bond yield and a currency.
  default_scenario: base
  as_of: 2025-12-01
  language: 2
  period: 1w
  horizons: [1w, 4w]
  regions: [{id: JP, name: Japan}, {id: US, name: United States}]
  channels: [fx]
claims:
  - {id: C01, text: "A higher priced path lifts the bond yield."}
  - {id: C02, text: "A higher yield strengthens the currency."}
sources:
  - {id: book, title: "A textbook", kind: textbook}
"""
