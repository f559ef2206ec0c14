"""A scenario and its comparison run on one calendar: their central paths, and the Monte
Carlo of their difference.

:func:`~macrograph.graph.propagate.propagate` is :func:`simulated` (the central paths),
:func:`drawn` (the draws) and :func:`~macrograph.graph.propagate.result_of` (the two read as
a result). The draws need only the :class:`Plan` (the scenario anchored on its event, its
comparison and the calendar), not the central paths, so they may run beside them
(:func:`~macrograph.graph.propagate.propagating`).

Examples
--------
>>> from macrograph.graph.propagate import resolved
>>> from macrograph.graph.synthetic.policy import policy_pack
>>> pack = policy_pack()
>>> plan = planned(pack, *resolved(pack, "rate-holds"), ("1w",), 20)
>>> plan.cal.horizons, draws_on(pack, plan, Sampling(20, 0)).draws
(('1w',), 20)
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from msgspec import Struct, field
from msgspec.structs import replace

from macrograph.graph.calendar import Calendar, calendar_for, parse_horizons
from macrograph.graph.engine.compile import compiled
from macrograph.graph.engine.injections import injections_for
from macrograph.graph.engine.overflow import guarded
from macrograph.graph.engine.steps import Run, simulate
from macrograph.graph.montecarlo import MonteCarlo, Sampling, monte_carlo
from macrograph.graph.result import event_key
from macrograph.graph.scenarios import ScenarioSpec, event_date
from macrograph.rules.pack import Pack


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
    >>> from macrograph.graph.scenarios import resolve_text
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


class Plan(Struct, frozen=True):
    """A scenario anchored on its event, its comparison (None: against no shocks) and the
    calendar both run on."""

    cal: Calendar
    spec: ScenarioSpec
    base: ScenarioSpec | None

    @property
    def specs(self) -> list[ScenarioSpec]:
        """The scenario and, if any, its comparison."""
        return [self.spec, *([self.base] if self.base else [])]


def planned(
    pack: Pack,
    spec: ScenarioSpec,
    base: ScenarioSpec | None,
    horizons: tuple[str, ...] | None,
    draws: int,
) -> Plan:
    """``spec`` anchored on its event (or ``base``'s) and the calendar of ``horizons``
    (default the pack's) that it and ``base`` run on, checked for a run of ``draws``.

    Examples
    --------
    >>> from macrograph.graph.propagate import resolved
    >>> from macrograph.graph.synthetic.policy import policy_pack
    >>> pack = policy_pack()
    >>> plan = planned(pack, *resolved(pack, "rate-holds"), ("1d", "1w"), 0)
    >>> plan.spec.anchor, plan.base.id, plan.cal.horizons
    (datetime.date(2025, 1, 6), 'meeting', ('1d', '1w'))
    """
    spec = replace(spec, anchor=event_date(spec, base))
    chosen = parse_horizons(horizons or pack.info.horizons, pack.info.period)
    cal = calendar_for(pack, [spec, *([base] if base else [])], chosen, draws)
    return Plan(cal, spec, base)


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
    values; the calendar is checked for a run of ``draws``. A caller that reads the draws
    at more periods (:func:`~macrograph.graph.fan.propagate_with_fans`) takes the steps of
    :func:`~macrograph.graph.propagate.propagate` itself. Without ``compared``, ``base``
    only anchors the calendar and is not run: the scenario's own levels are the same, its
    changes are then against no shocks.

    Examples
    --------
    >>> from macrograph.graph.propagate import RunOptions, propagate, resolved, result_of
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
    return simulated_on(pack, planned(pack, spec, base, horizons, draws), compared)


def simulated_on(pack: Pack, plan: Plan, compared: bool = True) -> Simulated:
    """:func:`simulated` of a plan already made (whose draws may be under way meanwhile).

    Examples
    --------
    >>> from macrograph.graph.propagate import resolved
    >>> from macrograph.graph.synthetic.policy import policy_pack
    >>> pack = policy_pack()
    >>> run = simulated_on(pack, planned(pack, *resolved(pack, "rate-holds"), ("1w",), 0))
    >>> run.cal.horizons, run.other is not None
    (('1w',), True)
    """
    with guarded(compiled(pack), plan.specs, pack):
        world = simulate_world(pack, plan.spec, plan.cal)
        other = simulate_world(pack, plan.base, plan.cal) if plan.base and compared else None
    return Simulated(plan.cal, world, other, plan.base if compared else None)


def drawn(
    pack: Pack,
    run: Simulated,
    sampling: Sampling,
    progress: Callable[[int, int], None] | None = None,
) -> MonteCarlo | None:
    """The Monte Carlo of ``run`` (None without draws); see :func:`draws_on`.

    Examples
    --------
    >>> from macrograph.graph.propagate import resolved
    >>> from macrograph.graph.synthetic.policy import policy_pack
    >>> pack = policy_pack()
    >>> run = simulated(pack, *resolved(pack, "rate-holds"), ("1w",), 0)
    >>> drawn(pack, run, Sampling(0, 0)) is None, drawn(pack, run, Sampling(20, 0)).draws
    (True, 20)
    """
    return draws_on(pack, Plan(run.cal, run.world.spec, run.base), sampling, progress)


def draws_on(
    pack: Pack,
    plan: Plan,
    sampling: Sampling,
    progress: Callable[[int, int], None] | None = None,
) -> MonteCarlo | None:
    """The Monte Carlo of ``plan``'s scenario against its comparison (None without draws);
    see :func:`~macrograph.graph.montecarlo.monte_carlo`.

    Examples
    --------
    >>> from macrograph.graph.propagate import resolved
    >>> from macrograph.graph.synthetic.policy import policy_pack
    >>> pack = policy_pack()
    >>> plan = planned(pack, *resolved(pack, "rate-holds"), ("1w",), 100)
    >>> mc = draws_on(pack, plan, Sampling(100, seed=1))
    >>> index = compiled(pack).index["price"]
    >>> mc.p_positive[index]["1w"], draws_on(pack, plan, Sampling(0, seed=1))
    (1.0, None)
    """
    if not sampling.draws:
        return None
    comp = compiled(pack)
    with guarded(comp, plan.specs, pack):
        return monte_carlo(pack, comp, plan.spec, plan.base, plan.cal, sampling, progress)
