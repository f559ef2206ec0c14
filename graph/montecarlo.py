"""Monte Carlo over elasticity ranges and noise: every draw is a world of its own.

Elasticities (and threshold jumps) are drawn from each rule's range by its
``magnitude.law``: triangular with the mode at the central value (the default),
uniform, or normal with its mean at the central value and a standard deviation of
(high - low) / (2 * 1.645), truncated to the range. A scenario and its comparison share
the draws, so the band describes their difference.

Noise (:mod:`macrograph.graph.engine.noise`): every node with a ``volatility`` gets a process
of its own from the event's period on, injected as steps into the node (so downstream
rules carry it). Scenario and comparison share the same random numbers, noise included
(with no comparison, the world without shocks stands in for it): with no shock every
band is zero, and a threshold near its trigger fires in the same draws in both worlds
unless the shocks move it, so a band measures the shocks' effect. ``observed`` puts
the noise in the scenario's world only, against the comparison's expected path: the
bands then hold what an observer of the scenario sees, as a backtest needs.

Where the pack has nothing that switches (no threshold, no ``when``) and the shocks are
changes, the runs are linear: the scenario's run less the comparison's is the run of
their shocks' difference, and the shared noise cancels out of it, so one world is run
instead of two (the noise goes into it only where the scenario alone has it).

Before the draws run, those in which the linear system reached by a shock grows are
left out and counted (see :mod:`macrograph.graph.engine.stability`). The draws run in chunks,
and only the periods asked for are kept, horizon group by horizon group, so memory
stays bounded; draws and noise do not depend on the chunking. Where there are several
chunks and several cores, shares of the chunks run side by side in forked processes
(:mod:`macrograph.graph.engine.forked`): the same numbers, sooner. Each share checks the
stability of its own draws before it runs them, against the rules active in any draw, so
the draws left out are those one check of them all would leave out; the bands are read
from the draws left (:mod:`macrograph.graph.engine.bands`).

Beside the bands at the calendar's horizons (every node), the same draws can be read at
other periods for a few nodes (:class:`Paths`, what a fan chart needs): one run serves
a result and its fans, and what it keeps at the horizons does not depend on them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import partial

import msgspec
import numpy as np
from msgspec import Struct, field
from msgspec.structs import replace

from macrograph.graph.bounded import bounds_of
from macrograph.graph.calendar import Calendar
from macrograph.graph.engine.bands import (
    POINTS,
    Summary,
    dead_draws,
    divergent_draws,
    every_draw_diverged,
    percentiles,
    summarised,
)
from macrograph.graph.engine.compile import Compiled
from macrograph.graph.engine.forked import engine_processes, in_processes, shared_empty, shares
from macrograph.graph.engine.injections import injections_for
from macrograph.graph.engine.noise import Noise, noise_of
from macrograph.graph.engine.overflow import RUNAWAY, check_draws
from macrograph.graph.engine.runs import (
    KEPT_BYTES,
    Common,
    Divergence,
    Ensemble,
    Injection,
    Keep,
    chunks,
)
from macrograph.graph.engine.stability import active_rules, unstable_draws
from macrograph.graph.engine.steps import simulate_worlds
from macrograph.graph.errors import DivergenceError
from macrograph.graph.laws import Z90 as Z90
from macrograph.graph.laws import draw_parameters as draw_parameters
from macrograph.graph.laws import laws_of as laws_of
from macrograph.graph.result import Band, DivergentDraws
from macrograph.graph.scenarios import ScenarioSpec
from macrograph.rules.pack import Pack

ALL = slice(None)  # every node (a horizon's rows); a fan's periods keep a few


class MonteCarlo(Struct, frozen=True):
    """Bands and sign probabilities per node index and horizon."""

    draws: int
    seed: int
    bands: dict[int, dict[str, Band]]
    p_positive: dict[int, dict[str, float]]
    p_negative: dict[int, dict[str, float]]
    diverged: tuple[DivergentDraws, ...] = ()  # draws left out of the above, by loop
    noise: tuple[str, ...] = ()  # nodes with market noise in the draws
    # per node index of Paths.nodes: percentiles POINTS at each of Paths.periods, (5, periods)
    paths: dict[int, np.ndarray] = field(default_factory=dict)
    # per bounded node index, where the scenario's world ran apart from the comparison's:
    # the 5th and 95th percentiles of its own change at each horizon (its level's band)
    own_bands: dict[int, dict[str, tuple[float, float]]] = field(default_factory=dict)


class Paths(Struct, frozen=True):
    """Periods read beside the horizons for a few nodes (a fan's): the percentiles
    :data:`POINTS` of ``nodes`` (node indices) at every period of ``periods``, summarised
    for those nodes only. The periods lie within the calendar, so that they change
    neither how far the draws run nor which draws are left out."""

    nodes: tuple[int, ...] = ()
    periods: tuple[int, ...] = ()


class Sampling(Struct, frozen=True):
    """How a Monte Carlo runs: ``draws`` and ``seed``; ``model_only`` leaves the noise
    out (the rules' parameter uncertainty alone); ``observed`` puts the noise in the
    scenario's world only, so that the bands hold what an observer of the scenario
    sees (its effect and the market's own moves) rather than the effect alone;
    ``paths`` the periods also read for a few nodes (none by default)."""

    draws: int
    seed: int
    model_only: bool = False
    observed: bool = False
    paths: Paths = Paths()


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

    The scenarios share the draws, and ``noise`` if given (the same in every world),
    and run side by side; draws are independent worlds, so they are run in chunks that
    stay in the CPU's cache. The result's divergences name draws by their index among
    all the draws.

    Examples
    --------
    >>> from macrograph.graph.calendar import calendar_for
    >>> from macrograph.graph.engine.compile import compile_pack
    >>> from macrograph.graph.specs import resolve
    >>> from macrograph.graph.synthetic import slump_pack
    >>> pack = slump_pack()  # a falls by one, lifting b by half its move (0.25 to 0.75)
    >>> comp, spec = compile_pack(pack), resolve(pack, "a-slumps")
    >>> cal = calendar_for(pack, [spec], ("1d",))
    >>> found = ensembles(pack, comp, [spec], cal, draw_parameters(comp, 3, seed=7), at=[1])
    >>> found.kept[0][0, comp.index["b"]].round(3).tolist()  # b on the day after, per draw
    [-0.534, -0.637, -0.583]
    """
    worlds = [injections_for(comp, pack, spec, cal) for spec in specs]
    shared = tuple(range(len(worlds)))
    kept = [np.empty((len(at), comp.size, params[0].shape[1])) for _ in specs]
    found: list[Divergence] = []
    for chunk, part in _runs(comp, worlds, params, at, (noise, shared)):
        for mine, theirs in zip(kept, part.kept, strict=True):
            mine[:, :, chunk] = theirs  # the part is overwritten by the next chunk's
        found.extend(part.divergences)
    return Ensemble(kept, tuple(found))


def _runs(
    comp: Compiled,
    worlds: Sequence[list[Injection]],
    params: tuple[np.ndarray, np.ndarray],
    at: Sequence[int],
    noise: tuple[Noise | None, tuple[int, ...]],
    parts: Sequence[slice] | None = None,
) -> Iterator[tuple[slice, Ensemble]]:
    """The ensemble chunk by chunk (``parts``, by default :func:`chunks` of all the draws),
    divergences counted among all the draws; the noise goes into the worlds named beside
    it. Each chunk's states are kept in one array that the next chunk fills again: read a
    part before asking for the next."""
    weights, jumps = params
    process, into = noise
    last = max(at, default=0) + 1  # nothing after the last period kept can matter
    parts = chunks(weights.shape[1]) if parts is None else parts
    width = len(worlds) * (parts[0].stop - parts[0].start) if parts else 0
    buffer = np.empty((len(at), comp.size, width))  # filled again by every chunk
    for chunk in parts:
        common = None
        if process is not None and len(process.nodes) and into:
            common = Common(process.nodes, process.stream(chunk), into)
        keep = Keep(at, buffer[:, :, : len(worlds) * (chunk.stop - chunk.start)])
        part = simulate_worlds(comp, worlds, last, keep, weights[:, chunk], jumps[:, chunk], common)
        found = tuple(_shifted(d, chunk.start) for d in part.divergences)
        yield chunk, Ensemble(part.kept, found)


class _Pass(Struct, frozen=True):
    """One pass over the draws: the worlds, their parameters, the periods kept (``group``)
    with the rows read at each, the noise and where it goes, and the arrays that take the
    scenario's deltas less the comparison's, (rows, draws) per period of ``group``; where
    the worlds run apart, the scenario's own deltas of the bounded nodes at its horizons."""

    comp: Compiled
    worlds: Sequence[list[Injection]]
    params: tuple[np.ndarray, np.ndarray]
    group: list[int]
    noise: tuple[Noise | None, tuple[int, ...]]
    rows: dict[int, slice | np.ndarray]
    diff: list[np.ndarray]
    own: tuple[np.ndarray, list[np.ndarray | None]]  # bounded rows; the scenario's own deltas
    check: _Check | None = None  # the first pass's: each share checks its draws' stability


class _Check(Struct, frozen=True):
    """What a share needs to check its draws' stability (:func:`unstable_draws`): each
    shocked node's first period, the run's length, the rules active in any draw."""

    starts: dict[int, int]
    periods: int
    active: np.ndarray


_DIVERGENCES = msgspec.msgpack.Decoder(tuple[list[Divergence], list[Divergence]])


def _fill(one: _Pass, share: list[slice]) -> bytes:
    """Run the chunks ``share`` of a pass into its arrays; the draws left out before they
    ran (in the first pass) and those that ran away, encoded (a share may run in a child
    process: they come back as bytes)."""
    found: list[Divergence] = []
    early = _left_out(one, slice(share[0].start, share[-1].stop)) if one.check and share else []
    runs = _runs(one.comp, one.worlds, one.params, one.group, one.noise, share)
    for chunk, part in runs:
        for j, p in enumerate(one.group):
            mine = part.kept[0][j][one.rows[p]]
            if len(one.worlds) > 1:
                np.subtract(mine, part.kept[1][j][one.rows[p]], out=one.diff[j][:, chunk])
            else:
                one.diff[j][:, chunk] = mine
            held = one.own[1][j]
            if held is not None:
                held[:, chunk] = part.kept[0][j][one.own[0]]
        found.extend(part.divergences)
    return msgspec.msgpack.encode((early, found))


def _left_out(one: _Pass, draws: slice) -> list[Divergence]:
    """The draws ``draws`` in which the linear system reached by a shock grows
    (:func:`unstable_draws`), made zero in this process's parameters: left out before
    they run, they stay at zero."""
    assert one.check is not None
    weights, jumps = one.params
    check = one.check
    found = [
        _shifted(Divergence(u.nodes, u.period, u.gain, u.columns, u.kind), draws.start)
        for u in unstable_draws(
            one.comp, weights[:, draws], check.starts, check.periods, check.active
        )
    ]
    dropped = dead_draws(weights.shape[1], found)
    weights[:, dropped], jumps[:, dropped] = 0.0, 0.0
    return found


def _shifted(found: Divergence, start: int) -> Divergence:
    """``found`` with its columns counted among all the draws, not a chunk's."""
    return replace(found, columns=tuple(start + c for c in found.columns))


def monte_carlo(
    pack: Pack,
    comp: Compiled,
    spec: ScenarioSpec,
    base: ScenarioSpec | None,
    cal: Calendar,
    sampling: Sampling,
    progress: Callable[[int, int], None] | None = None,
) -> MonteCarlo:
    """Run the draws of scenario and comparison; summarise their difference.

    ``sampling`` says how many draws, the seed, and where the noise goes (see
    :class:`Sampling`). ``progress``, when given, is called with (done, total) after
    each chunk of draws, for a progress bar.

    Examples
    --------
    >>> from macrograph import propagate, RunOptions
    >>> from macrograph.graph.synthetic.policy import policy_pack
    >>> r = propagate(policy_pack(), "rate-holds", RunOptions(draws=200, seed=1, model_only=True))
    >>> r.nodes["path"].p_positive["1m"], r.nodes["price"].p_positive["1m"]  # path down, price up
    (0.0, 1.0)
    """
    draws, seed = sampling.draws, sampling.seed
    worlds = [injections_for(comp, pack, s, cal) for s in [spec, *([base] if base else [])]]
    weights, jumps = draw_parameters(comp, draws, seed, laws_of(pack, comp))
    check_draws(comp, weights, jumps)
    first = cal.period(cal.anchor)  # the event's own day carries a day of other news too
    noise = None if sampling.model_only else noise_of(pack, comp, first, seed)
    if noise is not None and not len(noise.nodes):
        noise = None
    into: tuple[int, ...] = (0,)
    if noise is not None and not sampling.observed:
        if base is None:
            worlds.append([])  # the world without shocks, sharing the noise, stands in
        into = tuple(range(len(worlds)))
    starts = _starts(worlds, noise)
    at = [cal.at(h) for h in cal.horizons]
    kept = list(dict.fromkeys([*at, *sampling.paths.periods]))  # each period once
    # each share checks its own draws' stability before it runs them
    check = _Check(starts, max(kept) + 1, active_rules(comp, weights))
    early: list[Divergence] = []
    if len(worlds) > 1 and linear(comp, worlds):  # their difference is a world of its own
        observed = noise if into == (0,) else None  # noise in every world cancels out
        worlds, into = [difference(worlds)], (0,)
        noise_run: Noise | None = observed
    else:
        noise_run = noise
    rows = {p: ALL if p in at else np.array(sampling.paths.nodes, dtype=int) for p in kept}
    per_pass = max(1, KEPT_BYTES // max(1, 8 * comp.size * draws))
    groups = [kept[i : i + per_pass] for i in range(0, len(kept), per_pass)]
    found: list[Divergence] = []
    summary: dict[int, Summary] = {}
    own_rows = _bounded_rows(pack, comp) if len(worlds) > 1 else np.zeros(0, dtype=int)
    own: dict[int, np.ndarray] = {}
    parts = chunks(draws)  # shared out only when there are several: a share of a chunk
    split = shares(parts, engine_processes(len(parts)))  # costs most of a chunk's steps
    # the latest periods first: that pass runs to the end and meets every runaway draw
    total, done = len(groups) * len(parts), 0
    for n, group in enumerate(sorted(groups, key=lambda g: -max(g))):
        new = shared_empty if len(split) > 1 else np.empty
        diff = [new((_count(rows[p], comp.size), draws)) for p in group]
        held = [new((len(own_rows), draws)) if len(own_rows) and p in at else None for p in group]
        if n:  # left out in the first pass, maybe by another process: zero them here too
            dropped = dead_draws(draws, early)
            weights[:, dropped], jumps[:, dropped] = 0.0, 0.0
        one = _Pass(
            comp, worlds, (weights, jumps), group, (noise_run, into), rows, diff, (own_rows, held)
        )
        one = replace(one, check=check if n == 0 else None)
        tasks = [partial(_fill, one, share) for share in split]
        for share, said in zip(split, in_processes(tasks, len(split)), strict=True):
            done += len(share)
            if progress is not None:
                progress(done, total)
            if n == 0:
                left_out, ran_away = _DIVERGENCES.decode(said)
                early.extend(left_out)
                found.extend(ran_away)
        overflowed = [d for d in found if d.gain < RUNAWAY]  # no loop ran away: a size overflowed
        if overflowed:
            worst = divergent_draws(comp, cal, overflowed)[0]
            raise DivergenceError(list(worst.loop), worst.gain, -1, draws=draws)
        dead = dead_draws(draws, [*early, *found])
        if dead.all():
            raise every_draw_diverged(comp, cal, [*early, *found], draws)
        summary.update({p: summarised(d, ~dead) for p, d in zip(group, diff, strict=True)})
        own.update(
            {
                p: percentiles(h[:, ~dead], (5, 95))
                for p, h in zip(group, held, strict=True)
                if h is not None
            }
        )
        del diff, held
    diverged = divergent_draws(comp, cal, [*early, *found])
    return _collect(comp, cal, sampling, summary, (own_rows, own), diverged, noise)


def linear(comp: Compiled, worlds: Sequence[list[Injection]]) -> bool:
    """Whether the worlds' runs are linear in their injections, so that the difference of
    two runs is the run of the difference: no rule switches (no threshold, no ``when``)
    and no shock sets a level (its step depends on its world's own path).

    Examples
    --------
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> from macrograph.graph.engine.compile import compile_pack
    >>> comp = compile_pack(pack_of([rule("ab", "a", "b", 0.5)]))
    >>> step, level = Injection(0, 1, -1, 1.0), Injection(0, 1, -1, level=2.0)
    >>> linear(comp, [[step], []]), linear(comp, [[level], []])
    (True, False)
    """
    switches = len(comp.thresholds) > 0 or bool((comp.edges.cond_node >= 0).any())
    steps = all(i.level is None and i.vector is None for world in worlds for i in world)
    return not switches and steps


def difference(worlds: Sequence[list[Injection]]) -> list[Injection]:
    """The first world's injections less every other's: one world whose run, in a
    :func:`linear` pack, is the first's run less the others'.

    Examples
    --------
    >>> scenario, comparison = [Injection(0, 1, -1, 1.0)], [Injection(0, 1, -1, 0.25)]
    >>> [(i.node, i.period, i.amount) for i in difference([scenario, comparison])]
    [(0, 1, 1.0), (0, 1, -0.25)]
    """
    first, *others = worlds
    return [*first, *(replace(i, amount=-i.amount) for world in others for i in world)]


def _count(rows: slice | np.ndarray, size: int) -> int:
    return size if isinstance(rows, slice) else len(rows)


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


def _bounded_rows(pack: Pack, comp: Compiled) -> np.ndarray:
    """The rows of the nodes with a floor or a ceiling, whose own levels' band is read."""
    return np.array(sorted(comp.index[n] for n in bounds_of(pack)), dtype=int)


def _collect(
    comp: Compiled,
    cal: Calendar,
    sampling: Sampling,
    summary: dict[int, Summary],
    own: tuple[np.ndarray, dict[int, np.ndarray]],
    diverged: tuple[DivergentDraws, ...],
    noise: Noise | None,
) -> MonteCarlo:
    bands: dict[int, dict[str, Band]] = {v: {} for v in range(comp.size)}
    pos: dict[int, dict[str, float]] = {v: {} for v in range(comp.size)}
    neg: dict[int, dict[str, float]] = {v: {} for v in range(comp.size)}
    for h in cal.horizons:
        q, up, down = summary[cal.at(h)]
        for v in range(comp.size):
            bands[v][h] = Band(float(q[0, v]), float(q[2, v]), float(q[4, v]))
            pos[v][h] = float(up[v])
            neg[v][h] = float(down[v])
    noisy = () if noise is None else tuple(comp.node_ids[n] for n in noise.nodes.tolist())
    found, at = sampling.paths, set(cal.offsets.values())
    paths = {  # a horizon's period holds every node; a fan's own period the fan's nodes
        v: np.array([summary[p][0][:, v if p in at else k] for p in found.periods]).T.reshape(
            len(POINTS), len(found.periods)
        )
        for k, v in enumerate(found.nodes)
    }
    rows, ends = own
    own_bands = {
        int(v): {
            h: (float(ends[cal.at(h)][0, k]), float(ends[cal.at(h)][1, k])) for h in cal.horizons
        }
        for k, v in enumerate(rows.tolist())
        if ends
    }
    return MonteCarlo(
        sampling.draws, sampling.seed, bands, pos, neg, diverged, noisy, paths, own_bands
    )
