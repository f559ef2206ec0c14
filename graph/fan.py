"""Fans: a scenario's moves against its comparison period by period, with their spread.

A fan chart needs every period from the event to the last horizon, not only the
horizons the prose reads. The Monte Carlo that draws a result's bands reads the same
draws at those periods for the fan's nodes (:class:`~macrograph.graph.montecarlo.Paths`),
so :func:`propagate_with_fans` makes a result and its fans in one run, and the fans meet
the result's bands at every horizon. :func:`fan_paths` makes fans alone: the same draws
with the same seed (they do not depend on the periods read), the same numbers.

Examples
--------
>>> from macrograph import RunOptions
>>> from macrograph.graph.synthetic.policy import policy_pack
>>> fans = fan_paths(policy_pack(), "rate-holds", ("price",), "1w", RunOptions(draws=50))
>>> fans.offsets[:3], len(fans.nodes["price"].p50)
((0, 1, 2), 8)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import numpy as np
from msgspec import Struct
from msgspec.structs import replace

from macrograph.graph.montecarlo import MonteCarlo, Paths, Sampling
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import (
    calendar_for,
    compiled,
    horizon_periods,
    resolved,
    result_of,
    run_horizons,
)
from macrograph.graph.result import Result
from macrograph.graph.scenarios import ScenarioSpec, ShockSpec
from macrograph.graph.worlds import Simulated, drawn, simulated
from macrograph.rules.pack import Pack


class Fan(Struct, frozen=True):
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


class Fans(Struct, frozen=True):
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

    Examples
    --------
    >>> from macrograph.graph.synthetic import pack_of, rule, slump_pack
    >>> slump = slump_pack().scenarios["a-slumps"]  # a falls by one on the first day
    >>> pack = pack_of([rule("a_b", "a", "b", 0.5, lag=2)], scenarios=[slump])
    >>> fans = fan_paths(pack, "a-slumps", ("b",), "3d", RunOptions(draws=0))
    >>> fans.offsets, fans.nodes["b"].central  # b follows two days later
    ((0, 1, 2, 3), (0.0, 0.0, -0.5, -0.5))
    """
    spec, base = resolved(pack, scenario, options, shocks)
    run = simulated(pack, spec, base, (last or pack.info.horizons[-1],), options.draws)
    return _fans(pack, run, nodes, (options, None))[0]


def propagate_with_fans(
    pack: Pack,
    scenario: str | ScenarioSpec,
    choose: Callable[[Result], tuple[str, ...]],
    options: RunOptions = RunOptions(),
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Result, Fans]:
    """:func:`~macrograph.graph.propagate.propagate` and the fans of the nodes ``choose``
    picks, every period up to the longest horizon, from one Monte Carlo run.

    ``choose`` is given the result's central values (the bands are drawn after, with the
    fans); the result and the fans are those ``propagate`` and :func:`fan_paths` make.
    ``progress`` is called as the draws run, as by ``propagate``.

    Examples
    --------
    >>> from macrograph import RunOptions
    >>> from macrograph.graph.synthetic.policy import policy_pack
    >>> result, fans = propagate_with_fans(policy_pack(), "rate-holds", lambda r: ("price",),
    ...                                    RunOptions(draws=50, horizons=("1d", "1w")))
    >>> round(fans.nodes["price"].p95[-1], 4), round(result.nodes["price"].band["1w"].p95, 4)
    (0.3441, 0.3441)
    """
    spec, base = resolved(pack, scenario, options)
    run = simulated(pack, spec, base, run_horizons(pack, options), options.draws)
    nodes = choose(result_of(pack, run, None))
    fans, mc = _fans(pack, run, nodes, (options, progress))
    return result_of(pack, run, mc), fans


def _fans(
    pack: Pack,
    run: Simulated,
    nodes: tuple[str, ...],
    how: tuple[RunOptions, Callable[[int, int], None] | None],
) -> tuple[Fans, MonteCarlo | None]:
    """``nodes``' fans from the event to ``run``'s longest horizon, and the Monte Carlo
    they were read from (its bands at ``run``'s horizons for every node)."""
    options, progress = how
    cal, step, comp = run.cal, pack.info.period, compiled(pack)
    longest = max(horizon_periods(h, step) for h in cal.horizons)
    labels = period_labels(step, longest)
    calendar_for(pack, run.specs, (*cal.horizons, *labels), options.draws)  # their size too
    first = cal.period(cal.anchor)
    at = [first + k for k in range(len(labels))]
    index = tuple(comp.index[n] for n in nodes)
    paths = Paths(index, tuple(at)) if index else Paths()  # no fan: the result's run alone
    sampling = Sampling(options.draws, options.seed, options.model_only, paths=paths)
    mc = drawn(pack, run, sampling, progress)
    total = run.world.total()
    against = run.other.total() if run.other is not None else np.zeros_like(total)
    found = {}
    for node, v in zip(nodes, index, strict=True):
        fan = Fan(node, tuple(float(x) for x in total[at, v] - against[at, v]))
        found[node] = _spread(fan, mc.paths[v]) if mc is not None else fan
    fans = Fans(
        anchor=cal.anchor,
        step=step,
        offsets=tuple(range(len(labels))),
        dates=tuple(cal.date_of(p) for p in at),
        draws=mc.draws if mc else 0,
        nodes=found,
    )
    return fans, mc


def _spread(fan: Fan, q: np.ndarray) -> Fan:
    """``fan`` with the percentiles ``q`` (5, periods): p5, p25, p50, p75, p95."""
    p5, p25, p50, p75, p95 = (tuple(float(x) for x in row) for row in q)
    return replace(fan, p5=p5, p25=p25, p50=p50, p75=p75, p95=p95)
