"""Monte Carlo over elasticity ranges and market noise: every draw is a world of its own.

Elasticities (and threshold jumps) are drawn from each rule's range by its
``magnitude.law``: triangular with the mode at the central value (the default),
uniform, or normal with its mean at the central value and a standard deviation of
(high - low) / (2 * 1.645), truncated to the range. A scenario and its comparison share
the draws, so the band describes their difference.

Market noise: a node with a ``volatility`` gets, in the scenario's world, a daily
random walk of independent normal shocks of that size from the day after the event on,
injected as a step into the node (so downstream rules carry it). The comparison stays
the model's expected path, so the band of the difference includes the noise.

Before the draws run, those in which the linear system reached by a shock grows are
left out and counted (see :mod:`macrograph.graph.stability`). The draws run in chunks, and
only the periods asked for are kept, horizon group by horizon group, so memory stays
bounded; draws and noise do not depend on the chunking.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np

from macrograph.graph.compile import Compiled
from macrograph.graph.engine import Divergence, Ensemble, Injection, simulate_worlds
from macrograph.graph.errors import DivergenceError
from macrograph.graph.overflow import RUNAWAY, check_draws
from macrograph.graph.result import Band, DivergentDraws
from macrograph.graph.scenarios import ScenarioSpec
from macrograph.graph.stability import unstable_draws
from macrograph.rules.models import duration_days
from macrograph.rules.pack import Pack

if TYPE_CHECKING:
    from macrograph.graph.propagate import Calendar

NEGLIGIBLE = 1e-10
CHUNK = 1024  # draws per simulation: small enough for the CPU's cache
NOISE_BLOCK = 256  # draws per stream of market noise (so that chunking cannot change it)
KEPT_BYTES = 2**30  # samples held at once; more horizons take more passes over the draws
Z90 = 1.6448536269514722  # a normal law's 95th percentile: a range is read as a 90% interval

Summary = tuple[list[int], np.ndarray, np.ndarray, np.ndarray]  # horizons, p5/25/50/75/95, up, down
POINTS = (5, 25, 50, 75, 95)  # the bands keep 5, 50 and 95; a fan chart also 25 and 75


@dataclass(frozen=True)
class MonteCarlo:
    """Bands and sign probabilities per node index and horizon."""

    draws: int
    seed: int
    bands: dict[int, dict[str, Band]]
    p_positive: dict[int, dict[str, float]]
    p_negative: dict[int, dict[str, float]]
    diverged: tuple[DivergentDraws, ...] = ()  # draws left out of the above, by loop
    noise: tuple[str, ...] = ()  # nodes with market noise in the draws
    quartiles: dict[int, dict[str, tuple[float, float]]] = field(default_factory=dict)  # p25, p75


@dataclass(frozen=True)
class Noise:
    """Market noise: node indices, their daily standard deviations, from which period
    (the first period after the event) and the seed of its streams."""

    nodes: np.ndarray
    sd: np.ndarray
    first: int
    seed: int

    def injections(self, chunk: slice, periods: int) -> list[Injection]:
        """One step per noisy node and period in ``[first, periods)`` for the draws ``chunk``."""
        steps = periods - self.first
        if steps <= 0 or len(self.nodes) == 0:
            return []
        blocks = range(chunk.start // NOISE_BLOCK, -(-chunk.stop // NOISE_BLOCK))
        drawn = np.concatenate([self._block(b, steps) for b in blocks], axis=2)
        offset = blocks[0] * NOISE_BLOCK
        drawn = drawn[:, :, chunk.start - offset : chunk.stop - offset]
        return [
            Injection(int(node), self.first + t, -1, vector=drawn[t, k])
            for t in range(steps)
            for k, node in enumerate(self.nodes.tolist())
        ]

    def _block(self, block: int, steps: int) -> np.ndarray:
        """The noise of draws ``block * NOISE_BLOCK ...``, (steps, nodes, NOISE_BLOCK)."""
        rng = np.random.default_rng([self.seed, 1, block])
        shocks = rng.standard_normal((steps, len(self.nodes), NOISE_BLOCK))
        return np.asarray(shocks * self.sd[None, :, None])


def noise_of(pack: Pack, comp: Compiled, first: int, seed: int, days: int = 1) -> Noise:
    """The pack's market noise, from period ``first`` on (nodes with a ``volatility``); a
    period of ``days`` days gets ``sqrt(days)`` times the daily standard deviation."""
    found = [
        (comp.index[n.id], n.volatility.value * days**0.5)
        for n in pack.nodes.values()
        if n.volatility is not None
    ]
    found.sort()
    nodes = np.array([i for i, _ in found], dtype=int)
    return Noise(nodes, np.array([sd for _, sd in found], dtype=float), first, seed)


def laws_of(pack: Pack, comp: Compiled) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Each edge's and each threshold's law, in the compiled order."""
    edges = tuple(_law(getattr(pack.rules[r], "magnitude", None)) for r in comp.edges.rule_ids)
    jumps = tuple(_law(getattr(pack.rules[t.rule_id], "jump", None)) for t in comp.thresholds)
    return edges, jumps


def _law(magnitude: object) -> str:
    return str(getattr(magnitude, "law", "triangular"))


def triangular(
    rng: np.random.Generator, mode: np.ndarray, low: np.ndarray, high: np.ndarray, draws: int
) -> np.ndarray:
    """Draws of shape (len(mode), draws); rows with an empty range stay at their mode."""
    return by_law(rng, mode, low, high, draws, ("triangular",) * len(mode))


def by_law(
    rng: np.random.Generator,
    mode: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    draws: int,
    laws: Sequence[str],
) -> np.ndarray:
    """Draws of shape (len(mode), draws), each row by its law; an empty range stays put.

    The triangular rows are drawn first, all at once, then the uniform, then the normal
    ones, so that a pack of triangular laws draws what it always did.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = by_law(rng, np.zeros(2), -np.ones(2), np.ones(2), 10_000, ("uniform", "normal"))
    >>> bool(abs(x[0].std() - 2 / 12**0.5) < 0.02), bool(abs(x[1].std() - 0.48) < 0.02)
    (True, True)
    """
    out = np.repeat(mode[:, None].astype(float), draws, axis=1)
    law = np.array(laws, dtype=object)
    wide = high > low
    rows = wide & (law == "triangular")
    if rows.any():
        out[rows] = rng.triangular(
            low[rows, None], mode[rows, None], high[rows, None], size=(int(rows.sum()), draws)
        )
    rows = wide & (law == "uniform")
    if rows.any():
        out[rows] = rng.uniform(low[rows, None], high[rows, None], size=(int(rows.sum()), draws))
    rows = wide & (law == "normal")
    if rows.any():
        out[rows] = _truncated_normal(rng, mode[rows], low[rows], high[rows], draws)
    return out


def _truncated_normal(
    rng: np.random.Generator, mean: np.ndarray, low: np.ndarray, high: np.ndarray, draws: int
) -> np.ndarray:
    """Normal draws, sd (high - low) / (2 * Z90), redrawn until inside [low, high]."""
    sd = ((high - low) / (2 * Z90))[:, None]
    out = mean[:, None] + sd * rng.standard_normal((len(mean), draws))
    outside = (out < low[:, None]) | (out > high[:, None])
    while outside.any():  # at least half the draws land inside: few rounds
        rows = np.nonzero(outside)[0]
        again = mean[rows] + sd[rows, 0] * rng.standard_normal(len(rows))
        out[outside] = again
        outside = (out < low[:, None]) | (out > high[:, None])
    return np.asarray(out)


def draw_parameters(
    comp: Compiled,
    draws: int,
    seed: int,
    laws: tuple[Sequence[str], Sequence[str]] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Seeded draws of the rules' elasticities (edges x draws) and jumps (thresholds x draws).

    ``laws`` gives each edge's and threshold's law (see :func:`laws_of`); default
    triangular.
    """
    rng = np.random.default_rng(seed)
    edge_laws, jump_laws = laws or (
        ("triangular",) * len(comp.edges),
        ("triangular",) * len(comp.thresholds),
    )
    weights = by_law(rng, comp.edges.weight, comp.edges.low, comp.edges.high, draws, edge_laws)
    jumps = np.array([[t.jump, t.low, t.high] for t in comp.thresholds]).reshape(-1, 3)
    return weights, by_law(rng, jumps[:, 0], jumps[:, 1], jumps[:, 2], draws, jump_laws)


def ensembles(
    pack: Pack,
    comp: Compiled,
    specs: Sequence[ScenarioSpec],
    cal: Calendar,
    params: tuple[np.ndarray, np.ndarray],
    at: Sequence[int],
    noise: Noise | None = None,
) -> Ensemble:
    """Each scenario's deltas in every draw at the periods ``at``, (len(at), nodes, draws).

    The scenarios share the draws and run side by side; draws are independent
    worlds, so they are run in chunks that stay in the CPU's cache. ``noise`` goes
    into the first scenario's world. The result's divergences name draws by their
    index among all the draws.
    """
    parts = list(_runs(pack, comp, specs, cal, params, at, noise))
    return Ensemble(
        [np.concatenate([part.kept[i] for _, part in parts], axis=2) for i in range(len(specs))],
        tuple(d for _, part in parts for d in part.divergences),
    )


def _runs(
    pack: Pack,
    comp: Compiled,
    specs: Sequence[ScenarioSpec],
    cal: Calendar,
    params: tuple[np.ndarray, np.ndarray],
    at: Sequence[int],
    noise: Noise | None,
) -> Iterator[tuple[slice, Ensemble]]:
    """The ensemble chunk by chunk, divergences counted among all the draws."""
    from macrograph.graph.propagate import injections_for

    worlds = [injections_for(comp, pack, spec, cal) for spec in specs]
    weights, jumps = params
    last = max(at, default=0) + 1  # nothing after the last period kept can matter
    for chunk in _chunks(weights.shape[1]):
        extra = noise.injections(chunk, last) if noise is not None else []
        part = simulate_worlds(
            comp, [worlds[0] + extra, *worlds[1:]], last, at, weights[:, chunk], jumps[:, chunk]
        )
        found = tuple(_shifted(d, chunk.start) for d in part.divergences)
        yield chunk, Ensemble(part.kept, found)


def _shifted(found: Divergence, start: int) -> Divergence:
    """``found`` with its columns counted among all the draws, not a chunk's."""
    return replace(found, columns=tuple(start + c for c in found.columns))


def divergent_draws(
    comp: Compiled, cal: Calendar, found: Sequence[Divergence]
) -> tuple[DivergentDraws, ...]:
    """The divergences of an ensemble summed up per loop or strongly connected set: how
    many draws, how strong, when."""
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
    model_only: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> MonteCarlo:
    """Run ``draws`` draws of scenario and comparison; summarise their difference.

    ``model_only`` leaves market noise out: the bands show the rules' parameter
    uncertainty alone. ``progress``, when given, is called with (done, total) after
    each chunk of draws, for a progress bar.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> from macrograph.graph.propagate import propagate
    >>> r = propagate(load_pack(), "boj-skips", draws=200, seed=1, model_only=True)
    >>> r.nodes["jgb_10y"].p_positive["1m"]
    0.0
    """
    from macrograph.graph.propagate import injections_for

    specs = [spec] if base is None else [spec, base]
    weights, jumps = draw_parameters(comp, draws, seed, laws_of(pack, comp))
    check_draws(comp, weights, jumps)
    step = duration_days(cal.step)  # days per period: noise is a daily sd
    first = cal.period(cal.anchor)  # the event's own day carries a day of other news too
    noise = None if model_only else noise_of(pack, comp, first, seed, step)
    starts = _starts([injections_for(comp, pack, s, cal) for s in specs], noise)
    early = [
        Divergence(u.nodes, u.period, u.gain, u.columns, u.kind)
        for u in unstable_draws(comp, weights, starts)
    ]
    dropped = _dead(draws, early)
    weights[:, dropped] = 0.0  # left out before they run: they stay at zero
    jumps[:, dropped] = 0.0
    at = [cal.at(h) for h in cal.horizons]
    per_pass = max(1, KEPT_BYTES // max(1, 8 * comp.size * draws))
    groups = [list(range(i, min(i + per_pass, len(at)))) for i in range(0, len(at), per_pass)]
    found: list[Divergence] = []
    summary: list[Summary] = []
    # the latest horizons first: that pass runs to the end and meets every runaway draw
    total, done = len(groups) * len(_chunks(draws)), 0
    for n, group in enumerate(sorted(groups, key=lambda g: -max(at[i] for i in g))):
        diff = np.empty((len(group), comp.size, draws))
        runs = _runs(pack, comp, specs, cal, (weights, jumps), [at[i] for i in group], noise)
        for chunk, part in runs:
            diff[:, :, chunk] = part.kept[0] if base is None else part.kept[0] - part.kept[1]
            done += 1
            if progress is not None:
                progress(done, total)
            found.extend(part.divergences if n == 0 else ())
        overflowed = [d for d in found if d.gain < RUNAWAY]  # no loop ran away: a size overflowed
        if overflowed:
            worst = divergent_draws(comp, cal, overflowed)[0]
            raise DivergenceError(list(worst.loop), worst.gain, -1, draws=draws)
        dead = _dead(draws, [*early, *found])
        if dead.all():
            _raise(comp, cal, [*early, *found], draws)
        summary.append((group, *_summarise(diff, ~dead)))
        del diff
    diverged = divergent_draws(comp, cal, [*early, *found])
    return _collect(comp, cal, draws, seed, summary, diverged, noise)


def _dead(draws: int, found: Sequence[Divergence]) -> np.ndarray:
    """Which draws are left out: (draws,) bool."""
    dead = np.zeros(draws, dtype=bool)
    for d in found:
        dead[list(d.columns)] = True
    return dead


def _starts(worlds: Sequence[list[Injection]], noise: Noise | None) -> dict[int, int]:
    """Each node's first shocked period, in any world (noise included)."""
    starts: dict[int, int] = {}
    for world in worlds:
        for inj in world:
            starts[inj.node] = min(starts.get(inj.node, inj.period), inj.period)
    if noise is not None:
        for node in noise.nodes.tolist():
            starts[node] = min(starts.get(node, noise.first), noise.first)
    return starts


def _raise(comp: Compiled, cal: Calendar, found: Sequence[Divergence], draws: int) -> None:
    diverged = divergent_draws(comp, cal, found)
    worst = max(diverged, key=lambda d: d.gain)
    period = min(d.period for d in found)
    raise DivergenceError(list(worst.loop), worst.gain, period, draws=draws, kind=worst.kind)


def _summarise(diff: np.ndarray, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Percentiles (5, horizons, nodes) and the shares above and below zero of the draws
    ``keep``, horizon by horizon (a copy of one horizon at a time)."""
    q, up, down = [], [], []
    for d in diff:
        kept = d[:, keep]
        q.append(percentiles(kept, POINTS))
        up.append((kept > NEGLIGIBLE).mean(axis=1))
        down.append((kept < -NEGLIGIBLE).mean(axis=1))
    return np.stack(q, axis=1), np.array(up), np.array(down)


def _collect(
    comp: Compiled,
    cal: Calendar,
    draws: int,
    seed: int,
    summary: list[Summary],
    diverged: tuple[DivergentDraws, ...],
    noise: Noise | None,
) -> MonteCarlo:
    bands: dict[int, dict[str, Band]] = {v: {} for v in range(comp.size)}
    pos: dict[int, dict[str, float]] = {v: {} for v in range(comp.size)}
    neg: dict[int, dict[str, float]] = {v: {} for v in range(comp.size)}
    quartiles: dict[int, dict[str, tuple[float, float]]] = {v: {} for v in range(comp.size)}
    for group, q, up, down in summary:
        for j, i in enumerate(group):
            h = cal.horizons[i]
            for v in range(comp.size):
                bands[v][h] = Band(float(q[0, j, v]), float(q[2, j, v]), float(q[4, j, v]))
                quartiles[v][h] = (float(q[1, j, v]), float(q[3, j, v]))
                pos[v][h] = float(up[j, v])
                neg[v][h] = float(down[j, v])
    noisy = () if noise is None else tuple(comp.node_ids[n] for n in noise.nodes.tolist())
    return MonteCarlo(draws, seed, bands, pos, neg, diverged, noisy, quartiles)
