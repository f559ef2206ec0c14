"""Propagate a scenario through the graph and compare it with another.

Examples
--------
>>> from macrograph.rules import load_pack
>>> result = propagate(load_pack(), "BoJ skips")
>>> decision = next(s for s in result.shocks if s.node == "boj_policy_rate")
>>> result.against, decision.surprise
('december-2025', -0.2125)
>>> result.nodes["usd_jpy"].delta["1m"] > 0  # a weaker yen
True
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

import numpy as np

from macrograph.graph import attribution as attr
from macrograph.graph.compile import Compiled, compile_pack
from macrograph.graph.contributions import LazyAttribution
from macrograph.graph.engine import Injection, Run, simulate
from macrograph.graph.errors import DateRangeError, HorizonError, LimitError
from macrograph.graph.montecarlo import MonteCarlo, monte_carlo
from macrograph.graph.overflow import guarded
from macrograph.graph.periods import advance, periods_between
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
    event_date,
    resolve_text,
    with_shocks,
)
from macrograph.rules import limits
from macrograph.rules.models import IntegrateRule, duration_days, duration_periods
from macrograph.rules.pack import Pack
from macrograph.rules.vocabulary import UnitForm, vocabulary_for

AUTO = "auto"


@lru_cache(maxsize=8)
def compiled(pack: Pack) -> Compiled:
    """The pack compiled once (cached by pack identity)."""
    return compile_pack(pack)


@dataclass(frozen=True)
class Calendar:
    """Periods of ``step`` (the pack's period) from ``start``; a horizon is read that long
    after ``anchor``'s period, the scenario's event (see
    :func:`~macrograph.graph.scenarios.event_date`)."""

    start: date
    anchor: date
    horizons: tuple[str, ...]
    periods: int
    step: str = "1d"
    offsets: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        first = self.period(self.anchor)
        self.offsets.update({h: first + horizon_periods(h, self.step) for h in self.horizons})

    def period(self, day: date) -> int:
        """The period index of a date."""
        return periods_between(self.start, day, self.step)

    def at(self, horizon: str) -> int:
        """The period at which a horizon is read."""
        return self.offsets[horizon]

    def date_of(self, period: int) -> date:
        """The date of a period."""
        return advance(self.start, period, self.step)


def horizon_periods(text: str, step: str = "1d") -> int:
    """A horizon in periods of ``step``; HorizonError when not a whole number of them."""
    try:
        return duration_periods(text, step)
    except ValueError:
        raise HorizonError(text, step) from None


@dataclass
class World:
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


def parse_horizons(texts: tuple[str, ...], step: str = "1d") -> tuple[str, ...]:
    """Validate horizon labels, keeping their order (each a duration like 1d or 3m, at most
    :data:`~macrograph.rules.limits.MAX_DURATION_PERIODS` periods of ``step``)."""
    for text in texts:
        try:
            duration_days(text)
        except ValueError:
            raise HorizonError(text) from None
        horizon_periods(text, step)  # a whole number of periods, or HorizonError
        try:
            limits.check_periods(text, step)
        except ValueError as err:
            raise LimitError(f"horizon {err}") from None
    return tuple(dict.fromkeys(texts))


def injections_for(
    comp: Compiled, pack: Pack, spec: ScenarioSpec, cal: Calendar
) -> list[Injection]:
    """One column per shock; a decision also injects its surprise into its expectations node."""
    found = []
    for column, shock in enumerate(spec.shocks):
        node, period = comp.index[shock.node], cal.period(shock.date)
        if shock.level is not None:
            found.append(Injection(node, period, column, level=shock.level))
            continue
        found.append(Injection(node, period, column, float(shock.change or 0.0)))
        expectations = pack.nodes[shock.node].expectations
        if shock.surprise is not None and expectations is not None:
            found.append(Injection(comp.index[expectations], period, column, shock.surprise))
    return found


def simulate_world(pack: Pack, spec: ScenarioSpec, cal: Calendar) -> World:
    """Run one scenario on the calendar, additive mode."""
    comp = compiled(pack)
    columns = len(spec.shocks) + len(comp.thresholds)
    run = simulate(comp, injections_for(comp, pack, spec, cal), cal.periods, columns)
    keys = [s.key for s in spec.shocks] + [f"event:{t.rule_id}" for t in comp.thresholds]
    return World(spec, run, keys)


def calendar_for(pack: Pack, specs: list[ScenarioSpec], horizons: tuple[str, ...]) -> Calendar:
    """A calendar covering every shock of ``specs`` and the longest horizon after the anchor."""
    anchor = specs[0].anchor
    days = [s.date for spec in specs for s in spec.shocks] + [anchor]
    start, step = min(days), pack.info.period
    longest = max(horizon_periods(h, step) for h in horizons)
    try:
        advance(anchor, longest, step)
    except (OverflowError, ValueError):
        far = max(horizons, key=lambda h: horizon_periods(h, step))
        raise DateRangeError(specs[0].id, anchor.isoformat(), far) from None
    periods = periods_between(start, anchor, step) + longest + 1
    columns = max(len(spec.shocks) for spec in specs) + len(compiled(pack).thresholds)
    problem = limits.run_problem(periods, len(pack.nodes), columns, step)
    if problem is not None:
        count = "days" if step == "1d" else "periods"
        raise LimitError(f"{problem} (from {start} to {longest} {count} after {anchor})")
    return Calendar(start, anchor, horizons, periods, step)


DRAWS = 1000
"""Monte Carlo draws by default, in the library as on the command line."""


def propagate(
    pack: Pack,
    scenario: str | ScenarioSpec,
    against: str | ScenarioSpec | None = AUTO,
    horizons: tuple[str, ...] | None = None,
    draws: int = DRAWS,
    seed: int = 0,
    shocks: tuple[ShockSpec, ...] = (),
    model_only: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Result:
    """Propagate ``scenario`` and compare it with ``against``.

    Parameters
    ----------
    pack : Pack
    scenario : str or ScenarioSpec
        An id, a phrase or a sentence of the decision grammar.
    against : str, ScenarioSpec or None
        The comparison; default the scenario's own; None compares with no shocks.
    horizons : tuple of str, optional
        Default the pack's (1d, 1w, 1m, 3m).
    draws, seed : int
        Monte Carlo draws over elasticity ranges (0: none; default 1000, as on the
        command line) and the random seed.
    shocks : tuple of ShockSpec
        Extra power-user shocks added to the scenario.
    model_only : bool
        Monte Carlo without market noise: the rules' parameter uncertainty alone.
    progress : callable, optional
        Called with (done, total) as the Monte Carlo draws run, for a progress bar.

    Returns
    -------
    Result
    """
    spec = with_shocks(_spec(pack, scenario), shocks)
    against_id = spec.against if against == AUTO else against
    base = _spec(pack, against_id) if against_id else None
    spec = replace(spec, anchor=event_date(spec, base))
    cal = calendar_for(
        pack,
        [spec, *([base] if base else [])],
        parse_horizons(horizons or pack.info.horizons, pack.info.period),
    )
    with guarded(compiled(pack), [spec, *([base] if base else [])]):
        world = simulate_world(pack, spec, cal)
        other = simulate_world(pack, base, cal) if base else None
        mc = (
            monte_carlo(pack, compiled(pack), spec, base, cal, draws, seed, model_only, progress)
            if draws
            else None
        )
    return _result(pack, cal, world, other, mc)


def _spec(pack: Pack, scenario: str | ScenarioSpec) -> ScenarioSpec:
    return scenario if isinstance(scenario, ScenarioSpec) else resolve_text(pack, scenario)


def _result(
    pack: Pack, cal: Calendar, world: World, other: World | None, mc: MonteCarlo | None
) -> Result:
    """The moves now; how they split (paths, channels, sign reasoning) when first read."""
    comp = compiled(pack)
    stocks = frozenset(r.target for r in pack.rules.values() if isinstance(r, IntegrateRule))
    source = LazyAttribution(comp, cal, (world, other), stocks)
    return Result(
        scenario=world.spec.id,
        title=world.spec.title,
        against=other.spec.id if other else None,
        against_title=other.spec.title if other else None,
        anchor=cal.anchor,
        horizons=cal.horizons,
        dates={h: cal.date_of(cal.at(h)) for h in cal.horizons},
        nodes={n: _outcome(pack, comp, cal, (world, other), mc, n, source) for n in comp.node_ids},
        shocks=_shock_infos(pack, world.spec),
        against_shocks=_shock_infos(pack, other.spec) if other else (),
        events=_events(comp, cal, world, "scenario")
        + (_events(comp, cal, other, "against") if other else ()),
        stances=_stances(comp, cal, world, other),
        timeline=_timeline(comp, cal, world),
        draws=mc.draws if mc else 0,
        seed=mc.seed if mc else 0,
        diverged=mc.diverged if mc else (),
        noise=mc.noise if mc else (),
        overlay=pack.overlay,
        as_priced=world.spec.as_priced,
        source=source,
    )


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


def _shock_infos(pack: Pack, spec: ScenarioSpec) -> tuple[ShockInfo, ...]:
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
            expectations=pack.nodes[s.node].expectations if s.priced else None,
            claims=s.cites.claims if s.cites else (),
        )
        for s in spec.shocks
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
