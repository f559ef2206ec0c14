"""Propagate a scenario through the graph and compare it with another.

Examples
--------
>>> from macrograph.graph.synthetic.policy import policy_pack
>>> result = propagate(policy_pack(), "rate holds", RunOptions(draws=0))  # 85% priced: a hike
>>> decision = next(s for s in result.shocks if s.node == "rate")
>>> result.against, decision.surprise
('meeting', -0.2125)
>>> result.nodes["price"].delta["1m"]  # the path 25bp below the hike's, the price 0.25 higher
0.25
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np
from msgspec import Struct, field
from msgspec.structs import replace

from macrograph.graph import attribution as attr
from macrograph.graph.bounded import with_past_bounds
from macrograph.graph.calendar import Calendar as Calendar
from macrograph.graph.calendar import calendar_for as calendar_for
from macrograph.graph.calendar import horizon_periods as horizon_periods
from macrograph.graph.calendar import parse_horizons as parse_horizons
from macrograph.graph.calendar import run_horizons as run_horizons
from macrograph.graph.contributions import LazyAttribution
from macrograph.graph.decisions import decided
from macrograph.graph.engine.compile import Compiled
from macrograph.graph.engine.compile import compiled as compiled
from macrograph.graph.engine.injections import injections_for as injections_for
from macrograph.graph.engine.overflow import guarded
from macrograph.graph.engine.steps import Run, simulate
from macrograph.graph.errors import ShockSpecError, UnknownScenarioError
from macrograph.graph.montecarlo import MonteCarlo, Sampling, monte_carlo
from macrograph.graph.options import AUTO as AUTO
from macrograph.graph.options import DRAWS as DRAWS
from macrograph.graph.options import RunOptions as RunOptions
from macrograph.graph.result import (
    DayMove,
    NodeOutcome,
    Result,
    ShockInfo,
    Stance,
    ThresholdEvent,
    event_key,
)
from macrograph.graph.scenarios import (
    ScenarioSpec,
    ShockSpec,
    event_date,
    find_node,
    resolve_text,
    with_shocks,
)
from macrograph.graph.switching import switches
from macrograph.rules.models import IntegrateRule
from macrograph.rules.pack import Pack
from macrograph.rules.vocabulary import UnitForm, vocabulary_for


class World(Struct):
    """One scenario simulated with one column per shock and per threshold rule."""

    spec: ScenarioSpec
    run: Run
    keys: list[str] = field(default_factory=list)
    _total: np.ndarray | None = None
    _zeros: np.ndarray | None = None

    def total(self) -> np.ndarray:
        """The summed deltas, shape (periods, nodes) (computed once)."""
        if self._total is None:
            self._total = np.asarray(self.run.history.sum(axis=2))
        return self._total


def simulate_world(pack: Pack, spec: ScenarioSpec, cal: Calendar) -> World:
    """Run one scenario on the calendar, additive mode.

    Examples
    --------
    >>> from macrograph.graph.synthetic import slump_pack
    >>> pack = slump_pack()  # a falls by one on the first day and lifts b by half its move
    >>> spec = resolve_text(pack, "a-slumps")
    >>> world = simulate_world(pack, spec, calendar_for(pack, [spec], ("2d",)))
    >>> world.keys, world.total()[:, compiled(pack).index["b"]].tolist()
    (['a@2025-01-06'], [-0.5, -0.5, -0.5])
    """
    comp = compiled(pack)
    columns = len(spec.shocks) + len(comp.thresholds)
    run = simulate(comp, injections_for(comp, pack, spec, cal), cal.periods, columns)
    keys = [s.key for s in spec.shocks] + [event_key(t.rule_id) for t in comp.thresholds]
    return World(spec, run, keys)


def propagate(
    pack: Pack,
    scenario: str | ScenarioSpec,
    options: RunOptions = RunOptions(),
    shocks: tuple[ShockSpec, ...] = (),
    progress: Callable[[int, int], None] | None = None,
) -> Result:
    """Propagate ``scenario`` and compare it with ``options.against``.

    Parameters
    ----------
    pack : Pack
    scenario : str or ScenarioSpec
        An id, a phrase or a sentence of the decision grammar.
    options : RunOptions
        The comparison (default the scenario's own; None compares with no shocks), the
        horizons (default the pack's; ``focus`` is added to them), the Monte Carlo draws
        (0: none; default :data:`~macrograph.graph.options.DRAWS`, as on the command
        line), their seed, and ``model_only``: draws without noise, the rules' parameter
        uncertainty alone (otherwise scenario and comparison share the noise, and the
        bands hold the shocks' effect).
    shocks : tuple of ShockSpec
        Extra power-user shocks added to the scenario.
    progress : callable, optional
        Called with (done, total) as the Monte Carlo draws run, for a progress bar.

    Returns
    -------
    Result

    Examples
    --------
    >>> from macrograph.graph.synthetic.policy import policy_pack
    >>> exact = propagate(policy_pack(), "rate-holds", RunOptions(draws=0, horizons=("1w",)))
    >>> exact.horizons, exact.draws, exact.nodes["price"].band
    (('1w',), 0, None)
    """
    spec, base = resolved(pack, scenario, options, shocks)
    sampling = Sampling(options.draws, options.seed, options.model_only)
    return _propagate(pack, spec, base, run_horizons(pack, options), sampling, progress)


def resolved(
    pack: Pack,
    scenario: str | ScenarioSpec,
    options: RunOptions = RunOptions(),
    shocks: tuple[ShockSpec, ...] = (),
) -> tuple[ScenarioSpec, ScenarioSpec | None]:
    """The scenario (``shocks`` added) and its comparison as ``options`` choose it.

    Examples
    --------
    >>> from macrograph.graph.synthetic.policy import policy_pack
    >>> [s.id for s in resolved(policy_pack(), "no hike") if s]
    ['rate-holds', 'meeting']
    """
    spec = with_shocks(_spec(pack, scenario), shocks)
    against_id = spec.against if options.against == AUTO else options.against
    if spec.as_priced and against_id != spec.against:  # no longer what its comparison does
        spec = replace(spec, as_priced=False)
    try:
        return spec, _spec(pack, against_id) if against_id else None
    except UnknownScenarioError as error:  # a comparison is a scenario: no --shock offered
        raise UnknownScenarioError(error.text, error.suggestions, error.forms) from error


def observe(
    pack: Pack,
    scenario: ScenarioSpec,
    against: str | None,
    horizons: tuple[str, ...],
    sampling: Sampling,
) -> Result:
    """:func:`propagate` as an observer of ``scenario`` would see it: the bands hold the
    shocks' effect and the noise of the scenario's own world, against the comparison's
    expected path (a backtest sets them beside observed moves).

    Examples
    --------
    >>> from macrograph.graph.synthetic import rate_step, units_pack
    >>> seen = observe(units_pack(), rate_step(), None, ("1w",), Sampling(200, 0))
    >>> band = seen.nodes["price"].band["1w"]  # 0.2% lower, and a week of its own moves
    >>> seen.nodes["price"].delta["1w"], round(band.p5, 2), round(band.p95, 2)
    (-0.2, -2.55, 2.48)
    """
    base = _spec(pack, against) if against else None
    return _propagate(pack, scenario, base, horizons, replace(sampling, observed=True), None)


def _propagate(
    pack: Pack,
    spec: ScenarioSpec,
    base: ScenarioSpec | None,
    horizons: tuple[str, ...] | None,
    sampling: Sampling,
    progress: Callable[[int, int], None] | None,
) -> Result:
    run = simulated(pack, spec, base, horizons, sampling.draws)
    return result_of(pack, run, drawn(pack, run, sampling, progress))


class Simulated(Struct, frozen=True):
    """A scenario (anchored on its event) and its comparison, simulated on one calendar:
    what a result reads its moves from, and what its draws run on."""

    cal: Calendar
    world: World
    other: World | None
    base: ScenarioSpec | None

    @property
    def specs(self) -> list[ScenarioSpec]:
        """The scenario and, if any, its comparison."""
        return [self.world.spec, *([self.base] if self.base else [])]


def simulated(
    pack: Pack,
    spec: ScenarioSpec,
    base: ScenarioSpec | None,
    horizons: tuple[str, ...] | None,
    draws: int,
    compared: bool = True,
) -> Simulated:
    """``spec`` and ``base`` on the calendar of ``horizons`` (default the pack's), central
    values; the calendar is checked for a run of ``draws``. :func:`propagate` is this,
    :func:`drawn` and :func:`result_of`; a caller that reads the draws at more periods
    (:func:`~macrograph.graph.fan.propagate_with_fans`) takes the steps itself. Without
    ``compared``, ``base`` only anchors the calendar and is not run: the scenario's own
    levels are the same, its changes are then against no shocks.

    Examples
    --------
    >>> from macrograph.graph.synthetic.policy import policy_pack
    >>> pack = policy_pack()
    >>> run = simulated(pack, *resolved(pack, "rate-holds"), ("1w",), 50)
    >>> result = result_of(pack, run, drawn(pack, run, Sampling(50, 0)))
    >>> same = propagate(pack, "rate-holds", RunOptions(draws=50, horizons=("1w",)))
    >>> result.nodes["price"].band == same.nodes["price"].band
    True
    >>> round(same.nodes["price"].band["1w"].p50, 4)
    0.2392
    """
    spec = replace(spec, anchor=event_date(spec, base))
    specs = [spec, *([base] if base else [])]
    chosen = parse_horizons(horizons or pack.info.horizons, pack.info.period)
    cal = calendar_for(pack, specs, chosen, draws)
    with guarded(compiled(pack), specs, pack):
        world = simulate_world(pack, spec, cal)
        other = simulate_world(pack, base, cal) if base and compared else None
    return Simulated(cal, world, other, base if compared else None)


def drawn(
    pack: Pack,
    run: Simulated,
    sampling: Sampling,
    progress: Callable[[int, int], None] | None = None,
) -> MonteCarlo | None:
    """The Monte Carlo of ``run`` (None without draws); see
    :func:`~macrograph.graph.montecarlo.monte_carlo`.

    Examples
    --------
    >>> from macrograph.graph.synthetic.policy import policy_pack
    >>> pack = policy_pack()
    >>> run = simulated(pack, *resolved(pack, "rate-holds"), ("1w",), 0)
    >>> drawn(pack, run, Sampling(0, 0)) is None, drawn(pack, run, Sampling(20, 0)).draws
    (True, 20)
    """
    if not sampling.draws:
        return None
    comp = compiled(pack)
    with guarded(comp, run.specs, pack):
        return monte_carlo(pack, comp, run.world.spec, run.base, run.cal, sampling, progress)


def _spec(pack: Pack, scenario: str | ScenarioSpec) -> ScenarioSpec:
    if not isinstance(scenario, ScenarioSpec):
        return resolve_text(pack, scenario)
    for shock in scenario.shocks:  # built in code: checked as the pack's own are
        find_node(pack, shock.node)
        if shock.change is None and shock.level is None:
            raise ShockSpecError(scenario.id, shock.node, "a shock needs a change or a level")
    return scenario


def result_of(pack: Pack, run: Simulated, mc: MonteCarlo | None) -> Result:
    """``run``'s result, with the bands of ``mc``: the moves now; how they split (paths,
    channels, sign reasoning) when first read.

    Examples
    --------
    >>> from macrograph.graph.synthetic.policy import policy_pack
    >>> pack = policy_pack()  # horizons 1d, 1w and 1m
    >>> exact = result_of(pack, simulated(pack, *resolved(pack, "rate-holds"), None, 0), None)
    >>> exact.horizons[-1], exact.draws, exact.nodes["price"].delta["1m"]
    ('1m', 0, 0.25)
    """
    cal, world, other = run.cal, run.world, run.other
    comp = compiled(pack)
    stocks = frozenset(r.target for r in pack.rules.values() if isinstance(r, IntegrateRule))
    source = LazyAttribution(comp, cal, (world, other), stocks)
    result = Result(
        scenario=world.spec.id,
        title=world.spec.title,
        against=other.spec.id if other else None,
        against_title=other.spec.title if other else None,
        anchor=cal.anchor,
        anchor_period=_period_start(cal),
        horizons=cal.horizons,
        dates={h: cal.date_of(cal.at(h)) for h in cal.horizons},
        nodes={n: _outcome(pack, comp, cal, (world, other), mc, n, source) for n in comp.node_ids},
        shocks=_shock_infos(pack, world, _applied(comp, cal, world)),
        against_shocks=_shock_infos(pack, other, _applied(comp, cal, other)) if other else (),
        events=_events(comp, cal, world, "scenario")
        + (_events(comp, cal, other, "against") if other else ()),
        stances=_stances(comp, cal, world, other),
        switches=switches(comp, cal, world.run.masks, "scenario")
        + (switches(comp, cal, other.run.masks, "against") if other else ()),
        timeline=_timeline(comp, cal, world),
        draws=mc.draws if mc else 0,
        seed=mc.seed if mc else 0,
        diverged=mc.diverged if mc else (),
        noise=mc.noise if mc else (),
        overlay=pack.overlay,
        as_priced=world.spec.as_priced,
        unit_forms=_unit_forms(pack),
        reading=world.spec.reading,
        source=source,
    )
    return with_past_bounds(pack, result)


def _unit_forms(pack: Pack) -> dict[str, UnitForm]:
    """How each unit the pack's nodes use reads, from the pack's vocabulary."""
    vocabulary = vocabulary_for(pack.info)
    return {u: vocabulary.unit(u) for u in sorted({n.unit for n in pack.nodes.values()})}


def _at(cal: Calendar, series: np.ndarray) -> dict[str, float]:
    return dict(zip(cal.horizons, series[list(cal.offsets.values())].tolist(), strict=True))


def _against_total(world: World, other: World | None) -> np.ndarray:
    """The comparison's totals, or zeros (made once per world) when there is none."""
    if other is not None:
        return other.total()
    if world._zeros is None:
        world._zeros = np.zeros_like(world.total())
    return world._zeros


def _outcome(
    pack: Pack,
    comp: Compiled,
    cal: Calendar,
    worlds: tuple[World, World | None],
    mc: MonteCarlo | None,
    node_id: str,
    source: LazyAttribution,
) -> NodeOutcome:
    node = pack.nodes[node_id]
    v = comp.index[node_id]
    world, other = worlds
    scen, base = world.total()[:, v], _against_total(world, other)[:, v]
    form = vocabulary_for(pack.info).unit(node.unit)
    has = node.baseline is not None
    return NodeOutcome(
        id=node_id,
        label=node.label,
        unit=node.unit,
        kind=node.kind,
        region=node.region,
        delta=_at(cal, scen - base),
        level=_levels(has, comp.baseline[v], cal, scen, form),
        level_against=_levels(has, comp.baseline[v], cal, base, form),
        band=mc.bands[v] if mc else None,
        p_positive=mc.p_positive[v] if mc else None,
        p_negative=mc.p_negative[v] if mc else None,
        own_band=mc.own_bands.get(v) if mc else None,
        source=source,
    )


def _levels(
    has: bool, baseline: float, cal: Calendar, series: np.ndarray, form: UnitForm
) -> dict[str, float | None]:
    """Levels at each horizon in the unit's form (a percent change scales the baseline)."""
    return {
        h: (float(form.level_after(baseline, float(series[cal.at(h)]))) if has else None)
        for h in cal.horizons
    }


def _applied(comp: Compiled, cal: Calendar, world: World) -> list[float]:
    """The change each shock of ``world`` made to its node on its date: a change shock's
    step; a level shock's move on the day, what its node's same-day loops echo included
    (the engine scales the step so that the node lands on the level)."""
    found = [0.0] * len(world.spec.shocks)
    for period, node, column, amount in world.run.steps:
        if 0 <= column < len(found):
            shock = world.spec.shocks[column]
            if (node, period) == (comp.index[shock.node], cal.period(shock.date)):
                found[column] += amount
    history = world.run.history
    for column, shock in enumerate(world.spec.shocks):
        period = cal.period(shock.date)
        if shock.level is not None and 0 <= period < history.shape[0]:
            v = comp.index[shock.node]
            before = history[period - 1, v, column] if period > 0 else 0.0
            found[column] = float(history[period, v, column] - before)
    return found


def _shock_infos(pack: Pack, world: World, applied: list[float]) -> tuple[ShockInfo, ...]:
    spec = decided(pack, world.spec)
    return tuple(
        ShockInfo(
            key=s.key,
            node=s.node,
            date=s.date,
            label=s.label,
            change=s.change,
            level=s.level,
            priced_probability=s.priced.probability if s.priced else None,
            priced_change=s.priced.change if s.priced else None,
            surprise=s.surprise,
            unpriced=s.unpriced,
            decision=s.decision if s.level is not None else None,
            expectations=pack.nodes[s.node].expectations if s.priced else None,
            claims=s.cites.claims if s.cites else (),
            applied=moved,
        )
        for s, moved in zip(spec.shocks, applied, strict=True)
    )


def _events(comp: Compiled, cal: Calendar, world: World, name: str) -> tuple[ThresholdEvent, ...]:
    found = []
    for k, period, _column in world.run.fired:
        rule = comp.thresholds[k]
        found.append(
            ThresholdEvent(
                rule=rule.rule_id,
                source=comp.node_ids[rule.src],
                target=comp.node_ids[rule.tgt],
                date=cal.date_of(period),
                jump=rule.jump,
                world=name,
            )
        )
    return tuple(found)


def _stances(comp: Compiled, cal: Calendar, world: World, other: World | None) -> dict[str, Stance]:
    found = {}
    base = _against_total(world, other)
    for c in comp.classifiers:
        b, scale = comp.baseline[c.src], comp.level_scale()[c.src]
        level = {h: float(b + world.total()[cal.at(h), c.src] * scale) for h in cal.horizons}
        level_a = {h: float(b + base[cal.at(h), c.src] * scale) for h in cal.horizons}
        found[comp.node_ids[c.tgt]] = Stance(
            node=comp.node_ids[c.tgt],
            rule=c.rule.id,
            source=comp.node_ids[c.src],
            neutral=c.rule.neutral,
            scenario={h: c.rule.classify(x) for h, x in level.items()},
            against={h: c.rule.classify(x) for h, x in level_a.items()},
            level=level,
            level_against=level_a,
        )
    return found


def _timeline(comp: Compiled, cal: Calendar, world: World) -> tuple[DayMove, ...]:
    total = world.total()
    days = sorted({s.date for s in world.spec.shocks})
    moves = []
    for day in days:
        p = cal.period(day)
        change = total[p] - (total[p - 1] if p > 0 else 0.0)
        labels = tuple(s.label for s in world.spec.shocks if s.date == day)
        moved = {
            comp.node_ids[i]: float(change[i])
            for i in np.flatnonzero(np.abs(change) > attr.NEGLIGIBLE).tolist()
        }
        moves.append(DayMove(day, labels, moved))
    return tuple(moves)


def _period_start(cal: Calendar) -> date | None:
    """The day the anchor's period starts, where that is not the anchor itself."""
    start = cal.date_of(cal.period(cal.anchor))
    return None if start == cal.anchor else start
