"""An ensemble's draws read as bands: percentiles and the shares of draws above and below
zero, and the draws left out (a loop or a system that ran away in them) summed up per loop.

Examples
--------
>>> found = [Divergence((0, 1), 4, 1.25, (0, 2)), Divergence((0, 1), 2, 1.5, (2, 7))]
>>> dead_draws(8, found).sum()  # draw 2 ran away in both: counted once
np.int64(3)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from macrograph.graph.calendar import Calendar
from macrograph.graph.engine.compile import Compiled
from macrograph.graph.engine.runs import Divergence
from macrograph.graph.errors import DivergenceError
from macrograph.graph.records import DivergentDraws

NEGLIGIBLE = 1e-10
POINTS = (5, 25, 50, 75, 95)  # the bands keep 5, 50 and 95; a fan chart also 25 and 75
Summary = tuple[np.ndarray, np.ndarray, np.ndarray]  # one period: p5/25/50/75/95, up, down


def percentiles(samples: np.ndarray, points: Sequence[float]) -> np.ndarray:
    """Percentiles along the last axis, as ``np.percentile``'s default (linear) method.

    Written out because ``np.percentile`` imports ``numpy.ma`` on first use, which
    costs a what-if's cold start more than its Monte Carlo.

    Examples
    --------
    >>> samples = np.random.default_rng(0).normal(size=(3, 101))
    >>> ours = percentiles(samples, (5, 50, 95))
    >>> bool((ours == np.percentile(samples, [5, 50, 95], axis=1)).all())
    True
    """
    ordered = np.sort(samples, axis=-1)
    last = ordered.shape[-1] - 1
    found = []
    for point in points:
        index = (point / 100) * last
        below = int(np.floor(index))
        a, b = ordered[..., below], ordered[..., min(below + 1, last)]
        t = index - below
        found.append(b - (b - a) * (1 - t) if t >= 0.5 else a + (b - a) * t)
    return np.array(found)


def summarised(diff: np.ndarray, keep: np.ndarray) -> Summary:
    """Percentiles :data:`POINTS` (5, rows) and the shares above and below zero of the
    draws ``keep`` of one period's differences (rows, draws).

    Examples
    --------
    >>> diff = np.array([[-1.0, 0.0, 1.0, 2.0, 3.0]])  # one row, five draws
    >>> q, up, down = summarised(diff, np.array([True, True, True, True, False]))
    >>> q[:, 0].round(2).tolist(), up.tolist(), down.tolist()  # the last draw left out
    ([-0.85, -0.25, 0.5, 1.25, 1.85], [0.5], [0.25])
    """
    kept = diff[:, keep]
    up, down = (kept > NEGLIGIBLE).mean(axis=1), (kept < -NEGLIGIBLE).mean(axis=1)
    return percentiles(kept, POINTS), up, down


def dead_draws(draws: int, found: Sequence[Divergence]) -> np.ndarray:
    """Which of ``draws`` draws are left out: (draws,) bool.

    Examples
    --------
    >>> dead_draws(4, [Divergence((0, 1), 3, 1.2, (1, 3))]).tolist()
    [False, True, False, True]
    """
    dead = np.zeros(draws, dtype=bool)
    for d in found:
        dead[list(d.columns)] = True
    return dead


def divergent_draws(
    comp: Compiled, cal: Calendar, found: Sequence[Divergence]
) -> tuple[DivergentDraws, ...]:
    """The divergences of an ensemble summed up per loop or strongly connected set: how
    many draws, how strong, when (however the draws were shared out, in chunks or
    processes).

    Examples
    --------
    >>> from macrograph.graph.propagate import calendar_for, compiled
    >>> from macrograph.graph.synthetic import rate_step, units_pack
    >>> pack = units_pack()  # its nodes, in order: flow, index, price, rate
    >>> found = [Divergence((0, 1), 4, 1.25, (0, 2)), Divergence((0, 1), 2, 1.5, (2, 7))]
    >>> cal = calendar_for(pack, [rate_step()], ("1w",))
    >>> [(d.loop, d.draws, d.gain) for d in divergent_draws(compiled(pack), cal, found)]
    [(('flow', 'index'), 3, 1.5)]
    """
    loops: dict[tuple[tuple[int, ...], str], list[Divergence]] = {}
    for d in found:
        loops.setdefault((d.nodes, d.kind), []).append(d)
    return tuple(
        DivergentDraws(
            loop=tuple(comp.node_ids[n] for n in nodes),
            draws=len({c for d in ds for c in d.columns}),
            gain=max(d.gain for d in ds),
            date=cal.date_of(min(d.period for d in ds)),
            kind=kind,
        )
        for (nodes, kind), ds in sorted(loops.items())
    )


def every_draw_diverged(
    comp: Compiled, cal: Calendar, found: Sequence[Divergence], draws: int
) -> DivergenceError:
    """The error of an ensemble none of whose draws is left: its strongest loop, from the
    first period any of them ran away in.

    Examples
    --------
    >>> from macrograph.graph.propagate import calendar_for, compiled
    >>> from macrograph.graph.synthetic import rate_step, units_pack
    >>> pack = units_pack()  # its nodes, in order: flow, index, price, rate
    >>> cal = calendar_for(pack, [rate_step()], ("1w",))
    >>> print(every_draw_diverged(compiled(pack), cal, [Divergence((0, 1), 2, 1.25, (0, 1))], 2))
    loop flow -> index diverges (gain 1.25) in all 2 Monte Carlo draws
    """
    diverged = divergent_draws(comp, cal, found)
    worst = max(diverged, key=lambda d: d.gain)
    period = min(d.period for d in found)
    return DivergenceError(
        list(worst.loop),
        worst.gain,
        period,
        draws=draws,
        kind=worst.kind,
        day=cal.date_of(period),
        step=cal.step,
    )
