"""Propagate a scenario through the graph and compare it with another.

:func:`propagate` runs the central paths of a scenario and its comparison
(:func:`~macrograph.graph.worlds.simulated`), then their Monte Carlo, and reads both as a
:class:`~macrograph.graph.result.Result`. :func:`propagating` is the same for a caller with
work of its own to do before it reads the result (a command loading what writes the
answer): where a core is idle and the draws make one chunk
(:data:`~macrograph.graph.engine.runs.CHUNK`), they run in a child process forked for them
(:func:`~macrograph.graph.engine.forked.beside`) while this one runs the central paths and
the caller's block; the child sends the bands back as msgspec bytes (no pickle). More
draws are shared out over the cores by the Monte Carlo itself; where no core is idle, the
process runs other threads or ``MACROGRAPH_PROCESSES`` is 1, nothing is forked. The result
is the same either way, and a child that fails has its draws run again here, so that an
error is raised as :func:`propagate` raises it.

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

import contextlib
from collections.abc import Callable, Iterator
from datetime import date
from functools import partial

import msgspec
import numpy as np
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
from macrograph.graph.engine.forked import beside, engine_processes
from macrograph.graph.engine.injections import injections_for as injections_for
from macrograph.graph.engine.runs import chunks
from macrograph.graph.errors import ShockSpecError, UnknownScenarioError
from macrograph.graph.montecarlo import MonteCarlo, Sampling
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
)
from macrograph.graph.scenarios import (
    ScenarioSpec,
    ShockSpec,
    find_node,
    resolve_text,
    with_shocks,
)
from macrograph.graph.switching import switches
from macrograph.graph.worlds import (
    Plan,
    Simulated,
    World,
    drawn,
    draws_on,
    planned,
    simulated,
    simulated_on,
)
from macrograph.rules.models import IntegrateRule
from macrograph.rules.pack import Pack
from macrograph.rules.vocabulary import UnitForm, vocabulary_for

_NO_DRAWS = b""  # a child's answer for a run without draws


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


@contextlib.contextmanager
def propagating(
    pack: Pack,
    scenario: str | ScenarioSpec,
    options: RunOptions = RunOptions(),
    shocks: tuple[ShockSpec, ...] = (),
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[Callable[[], Result]]:
    """:func:`propagate`, its draws started beside the block (see above): what the context
    gives, called, returns the result, waiting for the draws the first time. Arguments as
    :func:`propagate`'s; ``progress`` is called only where the draws run in this process.

    Examples
    --------
    >>> from macrograph.graph.synthetic.policy import policy_pack
    >>> pack, options = policy_pack(), RunOptions(draws=200, seed=3)
    >>> alone = propagate(pack, "rate-holds", options)
    >>> with propagating(pack, "rate-holds", options) as result:
    ...     meanwhile = sum(range(10))  # the caller's own work, while the draws run
    ...     result().nodes["price"].band == alone.nodes["price"].band
    True
    """
    spec, base = resolved(pack, scenario, options, shocks)
    sampling = Sampling(options.draws, options.seed, options.model_only)
    horizons = run_horizons(pack, options)
    plan = planned(pack, spec, base, horizons, sampling.draws)
    processes = engine_processes(2) if len(chunks(sampling.draws)) == 1 else 1
    with beside(partial(_encoded_draws, pack, plan, sampling), processes) as answer:
        run = simulated_on(pack, plan)
        found: list[Result] = []

        def result() -> Result:
            if not found:
                if processes > 1:
                    mc = _decoded(answer())
                else:
                    mc = draws_on(pack, plan, sampling, progress)
                found.append(result_of(pack, run, mc))
            return found[0]

        yield result


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


def _encoded_draws(pack: Pack, plan: Plan, sampling: Sampling) -> bytes:
    """The Monte Carlo of ``plan`` as bytes (empty without draws)."""
    mc = draws_on(pack, plan, sampling)  # no fan's paths: no array to encode
    return _NO_DRAWS if mc is None else msgspec.msgpack.encode(mc)


def _decoded(data: bytes) -> MonteCarlo | None:
    if data == _NO_DRAWS:
        return None
    return msgspec.msgpack.decode(data, type=MonteCarlo)
