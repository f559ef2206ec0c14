"""The engine's semantics, each stated exactly on a pack small enough to work out by hand."""

from __future__ import annotations

import math
import subprocess
import sys
from datetime import date, timedelta
from typing import Any

import numpy as np
import pytest

from macrograph.graph.engine import plan as plan_module
from macrograph.graph.engine import runs as runs_module
from macrograph.graph.engine import solve
from macrograph.graph.engine import steps as engine
from macrograph.graph.engine.compile import Compiled, compile_pack
from macrograph.graph.engine.runs import Keep
from macrograph.graph.engine.steps import Injection, Run, simulate, simulate_worlds
from macrograph.graph.errors import DivergenceError
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import calendar_for, compiled, injections_for, propagate
from macrograph.graph.result import ThresholdEvent
from macrograph.graph.scenarios import ScenarioSpec, ShockSpec, resolve_text
from macrograph.graph.synthetic import LoopSpec, Shape, pack_of, rule, synthetic_pack
from macrograph.graph.worlds import simulate_world
from macrograph.rules.models import Condition, Level, Magnitude, ThresholdRule
from macrograph.rules.pack import Pack

DAY0 = date(2025, 1, 6)


def run(pack: Pack, injections: list[Injection], periods: int, columns: int = 1) -> Run:
    return simulate(compile_pack(pack), injections, periods, columns)


def total(pack: Pack, result: Run, node: str) -> list[float]:
    """The node's delta per period, all columns summed, rounded to 12 decimals."""
    index = compile_pack(pack).index[node]
    return [round(float(x), 12) + 0.0 for x in result.history[:, index, :].sum(axis=1)]


def threshold(source: str, target: str, above: float, jump: float) -> ThresholdRule:
    return ThresholdRule(
        id=f"{source}_jolts_{target}",
        kind="threshold",
        source=source,
        target=target,
        channel="carry",
        effect="+",
        confidence="medium",
        because="a bound is crossed",
        crosses=Level(above=above),
        jump=Magnitude(elasticity=jump, units="index/event"),
    )


def spec(shocks: list[tuple[str, int, float]]) -> ScenarioSpec:
    """A scenario of (node, day, change) shocks, read from DAY0, with no comparison."""
    found = tuple(
        ShockSpec(node, DAY0 + timedelta(days=day), f"{node} {change:+}", change)
        for node, day, change in shocks
    )
    return ScenarioSpec("hand", "By hand", "By hand", found, None, DAY0)


def test_a_linear_rule_passes_a_step_on_exactly_its_lag_later() -> None:
    pack = pack_of([rule("a_lifts_b", "a", "b", 0.5, lag=3), rule("a_cuts_c", "a", "c", -2.0)])
    result = run(pack, [Injection(0, 2, 0, 1.0)], 10)
    assert total(pack, result, "a") == [0, 0] + [1.0] * 8
    assert total(pack, result, "b") == [0] * 5 + [0.5] * 5
    assert total(pack, result, "c") == [0, 0] + [-2.0] * 8


def test_a_stock_sums_its_flow_up_to_lag_periods_before() -> None:
    """Stock at t = elasticity x the flow's deltas summed over periods <= t - lag; with lag 0
    the stock takes in the flow of its own period."""
    pack = pack_of(
        [
            rule("f_fills_now", "f", "now", 2.0, integrate=True),
            rule("f_fills_s", "f", "s", 2.0, lag=1, integrate=True),
            rule("f_fills_slow", "f", "slow", 2.0, lag=3, integrate=True),
        ]
    )
    pulse = run(pack, [Injection(0, 1, 0, 1.0), Injection(0, 2, 0, -1.0)], 8)
    assert total(pack, pulse, "f") == [0, 1.0, 0, 0, 0, 0, 0, 0]
    assert total(pack, pulse, "now") == [0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0]
    assert total(pack, pulse, "s") == [0, 0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0]
    assert total(pack, pulse, "slow") == [0, 0, 0, 0, 2.0, 2.0, 2.0, 2.0]
    step = run(pack, [Injection(0, 0, 0, 1.0)], 6)
    assert total(pack, step, "s") == [0, 2.0, 4.0, 6.0, 8.0, 10.0]
    assert total(pack, step, "now") == [2.0, 4.0, 6.0, 8.0, 10.0, 12.0]


def test_a_threshold_fires_once_on_the_day_its_source_enters_the_bound() -> None:
    pack = pack_of([threshold("x", "y", above=1.5, jump=10.0)], baselines={"x": 1.0})
    shocks = [("x", 0, 0.3), ("x", 2, 0.3), ("x", 4, -0.4), ("x", 6, 0.4)]
    result = propagate(pack, spec(shocks), RunOptions(horizons=("2d", "3d", "5d", "30d"), draws=0))
    assert result.events == (
        ThresholdEvent("x_jolts_y", "x", "y", DAY0 + timedelta(days=2), 10.0, "scenario"),
    )
    assert result.nodes["y"].delta == {"2d": 0.0, "3d": 10.0, "5d": 10.0, "30d": 10.0}
    assert result.nodes["x"].level["30d"] == pytest.approx(1.6)


def test_a_threshold_already_inside_its_bound_at_the_baseline_does_not_fire() -> None:
    pack = pack_of([threshold("x", "y", above=1.5, jump=10.0)], baselines={"x": 2.0})
    result = propagate(pack, spec([("x", 0, 0.5)]), RunOptions(draws=0))
    assert result.events == ()
    assert result.nodes["y"].delta["3m"] == 0.0


def test_a_when_condition_reads_the_previous_period_and_switches_the_rule() -> None:
    gated = rule("a_lifts_b", "a", "b", 1.0, when=Condition(node="c", above=0.5))
    pack = pack_of([gated])
    c = compile_pack(pack).index["c"]
    result = run(
        pack, [Injection(0, 0, 0, 1.0), Injection(c, 3, 0, 1.0), Injection(c, 6, 0, -1.0)], 9
    )
    assert total(pack, result, "c") == [0, 0, 0, 1.0, 1.0, 1.0, 0, 0, 0]
    assert total(pack, result, "b") == [0, 0, 0, 0, 1.0, 1.0, 1.0, 0, 0]
    assert result.masks[:, 0, 0].tolist() == [False] * 4 + [True] * 3 + [False] * 2


def test_a_level_shock_sets_the_total_level_on_its_date_and_keeps_other_moves() -> None:
    pack = pack_of([rule("a_lifts_x", "a", "x", 1.0)], baselines={"x": 2.0})
    comp = compile_pack(pack)
    a, x = comp.index["a"], comp.index["x"]
    injections = [Injection(a, 0, 0, 0.2), Injection(x, 3, 1, level=1.5), Injection(a, 5, 0, 0.1)]
    result = simulate(comp, injections, 8, 2)
    levels = [2.0 + v for v in total(pack, result, "x")]
    assert levels == pytest.approx([2.2, 2.2, 2.2, 1.5, 1.5, 1.6, 1.6, 1.6], abs=1e-12)
    period, node, column, amount = result.steps[1]
    assert (period, node, column) == (3, x, 1)
    assert amount == pytest.approx(-0.7)


def test_the_bundled_spread_scenario_puts_its_leg_at_exactly_its_level(pack: Pack) -> None:
    # spread-1-5 says which leg moves: the 10y Treasury is set to 3.3%, inside the zero-lag
    # JGB<->UST spillover loop, which must not take any of the set level back that day;
    # the spread then sits at about the 1.5pp the scenario is named for.
    scenario = resolve_text(pack, "spread-1-5")
    (shock,) = [s for s in scenario.shocks if s.level is not None and s.node == "ust_10y"]
    cal = calendar_for(pack, [scenario], pack.info.horizons)
    world = simulate_world(pack, scenario, cal)
    comp = compiled(pack)
    at = world.total()[cal.period(shock.date)]
    v, spread = comp.index[shock.node], comp.index["us_jp_spread_10y"]
    assert (shock.node, shock.level) == ("ust_10y", 3.3)
    assert comp.baseline[v] + at[v] == pytest.approx(3.3, abs=1e-12)
    assert comp.baseline[spread] + at[spread] == pytest.approx(1.5, abs=0.1)


def loop_pack(forward: float, back: float, lag: int = 0) -> Pack:
    """s -> a, a <-> b (elasticities forward and back), b -> c downstream."""
    return pack_of(
        [
            rule("s_feeds_a", "s", "a", 1.0),
            rule("a_to_b", "a", "b", forward, lag=lag),
            rule("b_to_a", "b", "a", back, lag=lag),
            rule("b_to_c", "b", "c", 1000.0),
        ]
    )


@pytest.mark.parametrize("gain", [0.5, -0.5, 0.95, -0.95])
def test_a_zero_lag_loop_settles_at_its_input_over_one_minus_its_gain(gain: float) -> None:
    pack = loop_pack(0.8, gain / 0.8)
    result = run(pack, [Injection(compile_pack(pack).index["s"], 1, 0, 1.0)], 3)
    assert total(pack, result, "a")[1:] == pytest.approx([1 / (1 - gain)] * 2, rel=1e-10)
    assert total(pack, result, "b")[1:] == pytest.approx([0.8 / (1 - gain)] * 2, rel=1e-10)
    assert total(pack, result, "c")[2] == pytest.approx(800 / (1 - gain), rel=1e-10)


def test_a_divergent_zero_lag_loop_is_named_with_its_gain_and_period() -> None:
    pack = loop_pack(1.5, 1.5)
    with pytest.raises(DivergenceError) as caught:
        run(pack, [Injection(compile_pack(pack).index["s"], 4, 0, 1.0)], 10)
    assert (caught.value.nodes, caught.value.period) == (["a", "b"], 4)
    assert caught.value.gain == pytest.approx(1.5)
    assert str(caught.value) == "loop a -> b diverges (gain 1.5)"


def test_a_runaway_lagged_loop_is_named_although_downstream_grows_faster() -> None:
    """a and b double each other every period; c (1000 x b) passes 1e12 first."""
    pack = loop_pack(2.0, 2.0, lag=1)
    a, b, period = 0.0, 0.0, 0
    while max(abs(a), abs(b), abs(1000 * b)) <= engine.BLOW_UP:
        a, b, period = 1.0 + 2.0 * b, 2.0 * a, period + 1
    with pytest.raises(DivergenceError) as caught:
        run(pack, [Injection(compile_pack(pack).index["s"], 0, 0, 1.0)], 200)
    assert (caught.value.nodes, caught.value.period) == (["a", "b"], period - 1)
    assert caught.value.gain == pytest.approx(2.0)


def test_a_bounded_lagged_loop_runs_to_the_end() -> None:
    pack = loop_pack(0.9, -0.9, lag=2)
    result = run(pack, [Injection(compile_pack(pack).index["s"], 0, 0, 1.0)], 400)
    assert np.isfinite(result.history).all()
    assert total(pack, result, "a")[-1] == pytest.approx(1 / (1 + 0.81), rel=1e-6)


def fresh(pack: Pack, sparse_from: int, monkeypatch: pytest.MonkeyPatch) -> Compiled:
    monkeypatch.setattr(plan_module, "SPARSE_FROM_NODES", sparse_from)
    return compile_pack(pack)


@pytest.mark.slow  # a pack of 6,000 rules, run twice
def test_sparse_matrices_and_gathered_rules_give_the_same_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pytest.importorskip("scipy", reason="large packs use scipy.sparse only when it is installed")
    shape = Shape(conditional=0.05, integrate=0.1, thresholds=20, shocks=20)
    loops = [LoopSpec(3, 0.6), LoopSpec(2, -0.7, lag=2), LoopSpec(1, 0.3)]
    pack = synthetic_pack(6000, seed=0, loops=loops, shape=shape)
    assert len(pack.nodes) >= plan_module.SPARSE_FROM_NODES
    scenario = resolve_text(pack, "synthetic")
    cal = calendar_for(pack, [scenario], ("3m",))
    runs = []
    for sparse_from in (plan_module.SPARSE_FROM_NODES, 10**9):
        comp = fresh(pack, sparse_from, monkeypatch)
        injections = injections_for(comp, pack, scenario, cal)
        columns = len(scenario.shocks) + len(comp.thresholds)
        runs.append(simulate(comp, injections, cal.periods, columns))
        assert ("sparse" in comp.cache) == (sparse_from < 10**9)
    sparse, gathered = runs
    assert sparse.fired == gathered.fired and sparse.fired
    scale = np.abs(gathered.history).max()
    assert np.abs(sparse.history - gathered.history).max() <= 1e-12 * scale
    assert (sparse.masks == gathered.masks).all()
    assert (gathered.masks[1:] != gathered.masks[:-1]).any()  # conditions switched rules


def _gathered_and_dense(
    pack: Pack, monkeypatch: pytest.MonkeyPatch
) -> tuple[Run, Run, dict[bytes, object]]:
    """The pack's scenario run by the gathered rules, then by dense matrices, and the dense
    forms the second run kept, by pattern of its conditions."""
    scenario = resolve_text(pack, pack.info.default_scenario)
    cal = calendar_for(pack, [scenario], ("3m",))
    stores: list[dict[bytes, object]] = []
    real = plan_module.dense_at

    def spy(found: dict[bytes, object], *args: Any) -> Any:
        if not stores or stores[-1] is not found:
            stores.append(found)
        return real(found, *args)

    monkeypatch.setattr(engine, "dense_at", spy)
    runs = []
    for entries in (0, plan_module.DENSE_ENTRIES):
        monkeypatch.setattr(plan_module, "DENSE_ENTRIES", entries)
        comp = compile_pack(pack)
        injections = injections_for(comp, pack, scenario, cal)
        runs.append(simulate(comp, injections, cal.periods, len(scenario.shocks) + 3))
    return runs[0], runs[1], stores[-1]


LOOPS = [LoopSpec(3, 0.6), LoopSpec(2, -0.7), LoopSpec(2, 0.5, lag=2)]
SWITCHING = Shape(conditional=0.3, integrate=0.1, thresholds=3, shocks=3)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_dense_matrices_per_pattern_of_conditions_give_the_gathered_run(
    monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    """A small pack with conditions that switch, loops, stocks and thresholds: one dense
    form per pattern of its conditions gives the gathered rules' run, to rounding; and a
    node no rule reaches stays exactly zero (a dense inverse is not let leave 1e-17)."""
    pack = synthetic_pack(120, seed=seed, loops=LOOPS, shape=SWITCHING)
    gathered, dense, forms = _gathered_and_dense(pack, monkeypatch)
    assert sum(f is not None for f in forms.values()) > 1  # dense, for several patterns
    scale = np.abs(gathered.history).max()
    assert scale > 0
    assert np.abs(dense.history - gathered.history).max() <= 1e-12 * scale
    assert ((dense.history == 0) == (gathered.history == 0)).all()
    assert (dense.masks == gathered.masks).all() and dense.fired == gathered.fired
    assert (gathered.masks[1:] != gathered.masks[:-1]).any() and gathered.fired  # switched


def test_a_run_keeps_dense_forms_of_its_patterns_only_up_to_a_size(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Patterns met once the kept forms hold the limit step by the gathered rules: the same
    run, and no more than the first pattern's matrices kept when the limit is one byte."""
    pack = synthetic_pack(120, seed=1, loops=LOOPS, shape=SWITCHING)
    monkeypatch.setattr(plan_module, "DENSE_KEPT_BYTES", 1)
    gathered, dense, forms = _gathered_and_dense(pack, monkeypatch)
    assert np.abs(dense.history - gathered.history).max() <= 1e-12 * np.abs(gathered.history).max()
    assert len(forms) > 1 and sum(f is not None for f in forms.values()) == 1


def test_an_ensemble_of_central_weights_matches_the_additive_total(pack: Pack) -> None:
    comp = compiled(pack)
    scenario = resolve_text(pack, "spread-1-5")
    cal = calendar_for(pack, [scenario], pack.info.horizons)
    additive = simulate_world(pack, scenario, cal).total()
    shared = [
        Injection(i.node, i.period, -1, i.amount, i.level)
        for i in injections_for(comp, pack, scenario, cal)
    ]
    one = simulate(comp, shared, cal.periods, 1, additive=False)
    assert np.abs(one.history[:, :, 0] - additive).max() <= 1e-9
    at = [cal.at(h) for h in cal.horizons]
    weights = np.repeat(comp.edges.weight[:, None], 3, axis=1)
    ensemble = simulate_worlds(comp, [shared], cal.periods, Keep(at), weights)
    (kept,) = ensemble.kept
    assert np.abs(kept - one.history[at]).max() <= 1e-9
    assert not ensemble.dead().any() and ensemble.divergences == ()


@pytest.mark.slow  # a scenario of 60 draws run twice per case
@pytest.mark.parametrize("scenario", ["boj-skips", "december-2025", "fed-holds"])
@pytest.mark.parametrize("chunk", [7, 13])
def test_monte_carlo_numbers_do_not_depend_on_chunking(
    pack: Pack, monkeypatch: pytest.MonkeyPatch, scenario: str, chunk: int
) -> None:
    # Every draw is solved column by column (a loop under a `when` too), so the numbers
    # printed, to 10 significant digits, are the same however the draws are chunked.
    whole = propagate(pack, scenario, RunOptions(draws=60, seed=4)).to_dict()
    monkeypatch.setattr(runs_module, "CHUNK", chunk)
    chunked = propagate(pack, scenario, RunOptions(draws=60, seed=4)).to_dict()
    assert chunked == whole
    bands = {n["band"]["3m"]["p95"] - n["band"]["3m"]["p5"] for n in whole["nodes"].values()}
    assert max(bands) > 0


@pytest.mark.slow
def test_a_what_if_on_the_bundled_pack_does_not_import_scipy() -> None:
    code = (
        "import sys; from macrograph.rules import load_pack; "
        "from macrograph.graph.propagate import RunOptions, propagate; "
        "propagate(load_pack(), 'boj-skips', RunOptions(draws=20)); "
        "print('scipy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_loop_gain_of_a_single_loop_is_its_round_trip_per_rule() -> None:
    comp = compile_pack(loop_pack(0.5, 8.0))
    block = np.array([comp.index["a"], comp.index["b"]])
    assert engine.loop_gain(comp, block) == pytest.approx(math.sqrt(0.5 * 8.0))


def test_a_scenario_without_shocks_moves_nothing_and_has_no_spread() -> None:
    result = propagate(pack_of([rule("a_lifts_b", "a", "b", 0.5)]), "none", RunOptions(draws=10))
    assert result.nodes["b"].delta == {"1d": 0.0, "1w": 0.0, "1m": 0.0, "3m": 0.0}
    assert result.nodes["b"].band is not None
    assert {(b.p5, b.p95) for b in result.nodes["b"].band.values()} == {(0.0, 0.0)}


@pytest.mark.slow  # the carry spiral solved and iterated, with and without draws
@pytest.mark.parametrize("draws", [0, 300])
def test_a_loop_under_a_condition_solves_as_its_iteration_does(
    pack: Pack, draws: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The bundled carry-loss spiral is a zero-lag loop with a `when`; gathered (not as dense
    # matrices) it is solved with one inverse per on/off pattern of its rules, and must
    # agree with plain iteration.
    spec = resolve_text(pack, "BoJ skips")
    monkeypatch.setattr(plan_module, "DENSE_ENTRIES", 0)
    solved = propagate(pack, spec, RunOptions(draws=draws, seed=3))
    monkeypatch.setattr(solve, "MAX_PATTERNS", 0)
    monkeypatch.setattr(solve, "DIRECT_MAX", 0)
    iterated = propagate(pack, spec, RunOptions(draws=draws, seed=3))
    for node, outcome in solved.nodes.items():
        for horizon, value in outcome.delta.items():
            assert value == pytest.approx(iterated.nodes[node].delta[horizon], abs=1e-9)
        if draws:
            assert outcome.band is not None and iterated.nodes[node].band is not None
            for horizon, band in outcome.band.items():
                other = iterated.nodes[node].band[horizon]
                assert band.p50 == pytest.approx(other.p50, abs=1e-9)


def test_a_loop_too_large_to_keep_its_inverses_solves_as_one_that_keeps_them(
    pack: Pack, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Draw by draw, the carry-loss spiral keeps each draw's inverse between periods; a loop
    # whose inverses would not fit in memory is solved afresh each period, to the same values.
    spec = resolve_text(pack, "BoJ skips")
    kept = propagate(pack, spec, RunOptions(draws=300, seed=3))
    monkeypatch.setattr(solve, "KEPT_FLOATS", 0)
    afresh = propagate(pack, spec, RunOptions(draws=300, seed=3))
    for node, outcome in kept.nodes.items():
        assert outcome.band is not None and afresh.nodes[node].band is not None
        for horizon, band in outcome.band.items():
            other = afresh.nodes[node].band[horizon]
            assert (band.p5, band.p50, band.p95) == pytest.approx(
                (other.p5, other.p50, other.p95), abs=1e-9
            )
    assert any(b.p95 > b.p5 for o in kept.nodes.values() for b in (o.band or {}).values())


def test_a_draw_whose_rules_switch_reads_its_pattern_s_solve_as_if_computed_afresh(
    pack: Pack, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Draw by draw, the carry-loss spiral's rules switch as the noise moves their condition;
    # a draw that switches takes the gain and inverse of its new pattern, computed once for
    # every draw, and must land where computing its own afresh lands.
    spec = resolve_text(pack, "BoJ skips")
    used: list[bool] = []
    memo = solve._from_memo

    def counted(*args: object) -> bool:
        used.append(memo(*args))  # type: ignore[arg-type]
        return used[-1]

    monkeypatch.setattr(solve, "_from_memo", counted)
    shared = propagate(pack, spec, RunOptions(draws=400, seed=5))
    assert any(used)
    monkeypatch.setattr(solve, "_from_memo", lambda *args: False)
    afresh = propagate(pack, spec, RunOptions(draws=400, seed=5))
    for node, outcome in shared.nodes.items():
        assert outcome.band is not None and afresh.nodes[node].band is not None
        assert outcome.p_positive == afresh.nodes[node].p_positive
        for horizon, band in outcome.band.items():
            other = afresh.nodes[node].band[horizon]
            assert (band.p5, band.p50, band.p95) == pytest.approx(
                (other.p5, other.p50, other.p95), abs=1e-12
            )


def test_a_conditional_loop_solved_directly_in_additive_mode_with_weights_per_column(
    pack: Pack, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Weights of their own per column, conditions read from the total: the carry-loss
    # spiral, its rules switching on and off over the weeks, solved directly every period
    # (iteration capped at one round), agrees with its usual solve.
    spec = resolve_text(pack, "BoJ skips")
    comp = compiled(pack)
    cal = calendar_for(pack, [spec], ("3m",))
    injections = injections_for(comp, pack, spec, cal)
    weights = np.repeat(comp.edges.weight[:, None], len(spec.shocks), axis=1)
    usual = simulate(comp, injections, cal.periods, len(spec.shocks), weights)
    monkeypatch.setattr(solve, "DIRECT_MAX", 0)
    monkeypatch.setattr(engine, "MAX_ITERATIONS", 1)
    direct = simulate(comp, injections, cal.periods, len(spec.shocks), weights)
    spiral = comp.edges.cond_node >= 0
    assert usual.masks[:, spiral, 0].min() != usual.masks[:, spiral, 0].max()  # it switches
    assert direct.history == pytest.approx(usual.history, abs=1e-9)


@pytest.mark.parametrize(("level", "fires"), [(159.5, False), (160.5, True)])
def test_a_percent_change_node_meets_its_threshold_at_the_level_it_prints(
    pack: Pack, level: float, fires: bool
) -> None:
    # USD/JPY moves in percent of its level: a threshold at 160 and a level shock to 159.5
    # are both levels, so the shock lands at 159.5 and does not reach the threshold.
    from macrograph.graph.scenarios import resolve, with_shocks

    spec = resolve(pack, "december-2025")
    shock = ShockSpec("usd_jpy", date(2025, 12, 19), f"USD/JPY at {level}", level=level)
    result = propagate(pack, with_shocks(spec, (shock,)), RunOptions(draws=0))
    fired = [e.rule for e in result.events if e.world == "scenario"]
    assert ("weak_yen_brings_intervention" in fired) is fires
    if not fires:
        assert result.nodes["usd_jpy"].level["1d"] == pytest.approx(level, abs=0.05)
