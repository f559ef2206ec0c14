"""Fans: a scenario's moves against its comparison period by period, with their spread.

A fan chart needs every period from the event to the last horizon, not only the
horizons the prose reads. :func:`fan_paths` asks the engine and the Monte Carlo for
each period (daily in a pack counted in days) up to the last horizon: the draws are
those :func:`~macrograph.graph.propagate.propagate` makes with the same seed (they do
not depend on the horizons kept), so the fan meets the result's bands at every horizon.

Examples
--------
>>> from macrograph import load_pack, RunOptions
>>> fans = fan_paths(load_pack(), "boj-skips", ("usd_jpy",), "1w", RunOptions(draws=50))
>>> fans.offsets[:3], len(fans.nodes["usd_jpy"].p50)
((0, 1, 2), 8)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from macrograph.graph.montecarlo import Sampling, monte_carlo
from macrograph.graph.options import AUTO, RunOptions
from macrograph.graph.overflow import guarded
from macrograph.graph.propagate import (
    calendar_for,
    compiled,
    horizon_periods,
    simulate_world,
)
from macrograph.graph.scenarios import (
    ScenarioSpec,
    ShockSpec,
    event_date,
    resolve_text,
    with_shocks,
)
from macrograph.rules.pack import Pack


@dataclass(frozen=True)
class Fan:
    """One node's path: the model's central move and the draws' percentiles, per period.

    The percentile tuples are empty when no draws ran.
    """

    node: str
    central: tuple[float, ...]
    p5: tuple[float, ...] = ()
    p25: tuple[float, ...] = ()
    p50: tuple[float, ...] = ()
    p75: tuple[float, ...] = ()
    p95: tuple[float, ...] = ()


@dataclass(frozen=True)
class Fans:
    """Paths of several nodes on one calendar: ``offsets`` periods after the event."""

    anchor: date
    step: str
    offsets: tuple[int, ...]
    dates: tuple[date, ...]
    draws: int
    nodes: dict[str, Fan]


def period_labels(step: str, periods: int) -> tuple[str, ...]:
    """Horizon labels for every period from the event (0) to ``periods`` after it.

    Examples
    --------
    >>> period_labels("1d", 3), period_labels("2w", 2)
    (('0d', '1d', '2d', '3d'), ('0w', '2w', '4w'))
    """
    match = re.fullmatch(r"([0-9]+)([a-z]+)", step)
    size, unit = (int(match.group(1)), match.group(2)) if match else (1, "d")
    return tuple(f"{k * size}{unit}" for k in range(periods + 1))


def fan_paths(
    pack: Pack,
    scenario: str | ScenarioSpec,
    nodes: tuple[str, ...] = (),
    last: str | None = None,
    options: RunOptions = RunOptions(),
    shocks: tuple[ShockSpec, ...] = (),
) -> Fans:
    """Each of ``nodes``' moves against the comparison, every period up to ``last``.

    Parameters
    ----------
    pack, scenario, options, shocks
        As for :func:`~macrograph.graph.propagate.propagate` (its comparison, draws, seed
        and ``model_only``; the fans keep every period, not ``options.horizons``).
    nodes : tuple of str
        The node ids whose paths to keep.
    last : str, optional
        The last horizon (default the pack's last).

    Raises
    ------
    HorizonError, LimitError, DateRangeError, DivergenceError
        As ``propagate`` does.
    """
    spec = with_shocks(_spec(pack, scenario), shocks)
    against_id = spec.against if options.against == AUTO else options.against
    base = _spec(pack, against_id) if against_id else None
    spec = replace(spec, anchor=event_date(spec, base))
    step = pack.info.period
    end = last or pack.info.horizons[-1]
    labels = period_labels(step, horizon_periods(end, step))
    cal = calendar_for(pack, [spec, *([base] if base else [])], labels, options.draws)
    comp = compiled(pack)
    with guarded(comp, [spec, *([base] if base else [])]):
        world = simulate_world(pack, spec, cal)
        other = simulate_world(pack, base, cal) if base else None
        sampling = Sampling(options.draws, options.seed, options.model_only)
        mc = monte_carlo(pack, comp, spec, base, cal, sampling) if options.draws else None
    at = [cal.at(h) for h in labels]
    total = world.total()
    against_total = other.total() if other is not None else None
    found = {}
    for node in nodes:
        v = comp.index[node]
        series = total[at, v] - (against_total[at, v] if against_total is not None else 0.0)
        fan = Fan(node, tuple(float(x) for x in series))
        if mc is not None:
            bands, quartiles = mc.bands[v], mc.quartiles[v]
            fan = replace(
                fan,
                p5=tuple(bands[h].p5 for h in labels),
                p25=tuple(quartiles[h][0] for h in labels),
                p50=tuple(bands[h].p50 for h in labels),
                p75=tuple(quartiles[h][1] for h in labels),
                p95=tuple(bands[h].p95 for h in labels),
            )
        found[node] = fan
    return Fans(
        anchor=cal.anchor,
        step=step,
        offsets=tuple(range(len(labels))),
        dates=tuple(cal.date_of(p) for p in at),
        draws=mc.draws if mc else 0,
        nodes=found,
    )


def _spec(pack: Pack, scenario: str | ScenarioSpec) -> ScenarioSpec:
    return scenario if isinstance(scenario, ScenarioSpec) else resolve_text(pack, scenario)
