"""Monte Carlo over elasticity ranges: every draw is a world of its own, run side by side.

Elasticities are drawn from a triangular law on each rule's range with the mode at
its central value (threshold jumps likewise); a scenario and its comparison share
the draws, so the band describes their difference.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from macrograph.graph.compile import Compiled
from macrograph.graph.engine import Divergence, Ensemble, simulate_worlds
from macrograph.graph.errors import DivergenceError
from macrograph.graph.overflow import RUNAWAY, check_draws
from macrograph.graph.result import Band, DivergentDraws
from macrograph.graph.scenarios import ScenarioSpec
from macrograph.rules.pack import Pack

if TYPE_CHECKING:
    from macrograph.graph.propagate import Calendar

NEGLIGIBLE = 1e-10
CHUNK = 1024  # draws per simulation: small enough for the CPU's cache


@dataclass(frozen=True)
class MonteCarlo:
    """Bands and sign probabilities per node index and horizon."""

    draws: int
    seed: int
    bands: dict[int, dict[str, Band]]
    p_positive: dict[int, dict[str, float]]
    p_negative: dict[int, dict[str, float]]
    diverged: tuple[DivergentDraws, ...] = ()  # draws left out of the above, by loop


def triangular(
    rng: np.random.Generator, mode: np.ndarray, low: np.ndarray, high: np.ndarray, draws: int
) -> np.ndarray:
    """Draws of shape (len(mode), draws); rows with an empty range stay at their mode."""
    out = np.repeat(mode[:, None].astype(float), draws, axis=1)
    wide = high > low
    if wide.any():
        out[wide] = rng.triangular(
            low[wide, None], mode[wide, None], high[wide, None], size=(int(wide.sum()), draws)
        )
    return out


def draw_parameters(comp: Compiled, draws: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Seeded draws of the rules' elasticities (edges x draws) and jumps (thresholds x draws)."""
    rng = np.random.default_rng(seed)
    weights = triangular(rng, comp.edges.weight, comp.edges.low, comp.edges.high, draws)
    jumps = np.array([[t.jump, t.low, t.high] for t in comp.thresholds]).reshape(-1, 3)
    return weights, triangular(rng, jumps[:, 0], jumps[:, 1], jumps[:, 2], draws)


def ensembles(
    pack: Pack,
    comp: Compiled,
    specs: Sequence[ScenarioSpec],
    cal: Calendar,
    params: tuple[np.ndarray, np.ndarray],
    at: Sequence[int],
) -> Ensemble:
    """Each scenario's deltas in every draw at the periods ``at``, (len(at), nodes, draws).

    The scenarios share the draws and run side by side; draws are independent
    worlds, so they are run in chunks that stay in the CPU's cache. The result's
    divergences name draws by their index among all the draws.
    """
    from macrograph.graph.propagate import injections_for

    worlds = [injections_for(comp, pack, spec, cal) for spec in specs]
    weights, jumps = params
    chunks = _chunks(weights.shape[1])
    parts = [
        simulate_worlds(comp, worlds, cal.periods, at, weights[:, chunk], jumps[:, chunk])
        for chunk in chunks
    ]
    starts = [c.start for c in chunks]
    found = [_shifted(d, s) for s, p in zip(starts, parts, strict=True) for d in p.divergences]
    return Ensemble(
        [np.concatenate([part.kept[i] for part in parts], axis=2) for i in range(len(specs))],
        tuple(found),
    )


def _shifted(found: Divergence, start: int) -> Divergence:
    """``found`` with its columns counted among all the draws, not a chunk's."""
    return replace(found, columns=tuple(start + c for c in found.columns))


def divergent_draws(
    comp: Compiled, cal: Calendar, found: Sequence[Divergence]
) -> tuple[DivergentDraws, ...]:
    """The divergences of an ensemble summed up per loop: how many draws, how strong, when."""
    loops: dict[tuple[int, ...], list[Divergence]] = {}
    for d in found:
        loops.setdefault(d.nodes, []).append(d)
    return tuple(
        DivergentDraws(
            loop=tuple(comp.node_ids[n] for n in nodes),
            draws=len({c for d in ds for c in d.columns}),
            gain=max(d.gain for d in ds),
            date=cal.date_of(min(d.period for d in ds)),
        )
        for nodes, ds in sorted(loops.items())
    )


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


def _chunks(draws: int) -> list[slice]:
    return [slice(i, min(i + CHUNK, draws)) for i in range(0, draws, CHUNK)]


def monte_carlo(
    pack: Pack,
    comp: Compiled,
    spec: ScenarioSpec,
    base: ScenarioSpec | None,
    cal: Calendar,
    draws: int,
    seed: int,
) -> MonteCarlo:
    """Run ``draws`` draws of scenario and comparison; summarise their difference.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> from macrograph.graph.propagate import propagate
    >>> r = propagate(load_pack(), "boj-skips", draws=200, seed=1)
    >>> r.nodes["jgb_10y"].p_positive["1m"]
    0.0
    """
    params = draw_parameters(comp, draws, seed)
    check_draws(comp, *params)
    at = [cal.at(h) for h in cal.horizons]
    found = ensembles(pack, comp, [spec] if base is None else [spec, base], cal, params, at)
    diverged = divergent_draws(comp, cal, found.divergences)
    dead = found.dead()
    overflowed = [d for d in diverged if d.gain < RUNAWAY]  # no loop ran away: a size overflowed
    if overflowed:
        raise DivergenceError(list(overflowed[0].loop), overflowed[0].gain, -1, draws=draws)
    if dead.all():
        worst = max(diverged, key=lambda d: d.gain)
        period = min(d.period for d in found.divergences)
        raise DivergenceError(list(worst.loop), worst.gain, period, draws=draws)
    worlds = [w[:, :, ~dead] for w in found.kept]
    diff = worlds[0] if base is None else worlds[0] - worlds[1]
    bands: dict[int, dict[str, Band]] = {}
    pos: dict[int, dict[str, float]] = {}
    neg: dict[int, dict[str, float]] = {}
    for i, h in enumerate(cal.horizons):
        q = percentiles(diff[i], (5, 50, 95))
        up = (diff[i] > NEGLIGIBLE).mean(axis=1)
        down = (diff[i] < -NEGLIGIBLE).mean(axis=1)
        for v in range(comp.size):
            bands.setdefault(v, {})[h] = Band(float(q[0, v]), float(q[1, v]), float(q[2, v]))
            pos.setdefault(v, {})[h] = float(up[v])
            neg.setdefault(v, {})[h] = float(down[v])
    return MonteCarlo(draws, seed, bands, pos, neg, diverged)
