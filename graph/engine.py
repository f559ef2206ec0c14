"""The discrete-time engine: step a compiled graph through time, many columns at once.

A column is either one *input* (additive mode: columns add up to the total, and
conditions and thresholds read the total) or one *draw* of the elasticities
(ensemble mode: every column is a world of its own). Within a period, zero-lag
rules are solved generation by generation; zero-lag cycles by fixed-point
iteration with a bound and a finite check. Values are deltas from the baseline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from macrograph.graph.compile import Compiled, Generation
from macrograph.graph.errors import DivergenceError

MAX_ITERATIONS = 200
TOLERANCE = 1e-12
BLOW_UP = 1e12
SPARSE_FROM_NODES = 2000


@dataclass(frozen=True)
class Injection:
    """An exogenous step: ``amount`` added to ``node`` from ``period`` on, in ``column``.

    ``level`` instead of ``amount`` sets the node's level on that period; ``column``
    -1 means every column (ensemble mode).
    """

    node: int
    period: int
    column: int
    amount: float = 0.0
    level: float | None = None
    vector: np.ndarray | None = None  # per-column amounts (ensemble threshold jumps)


@dataclass
class Run:
    """What a simulation produced."""

    history: np.ndarray  # (periods, nodes, columns)
    masks: np.ndarray  # (periods, edges, columns) rule active?
    steps: list[tuple[int, int, int, float]] = field(default_factory=list)
    fired: list[tuple[int, int, int]] = field(default_factory=list)  # (threshold, period, col)


class _Ops:
    """Apply a set of edges to a state: ``S @ (w * mask * X[src])`` (or ``A @ X``)."""

    def __init__(self, rows: np.ndarray, edge_idx: np.ndarray, n_rows: int, comp: Compiled):
        self.edge_idx = edge_idx
        self.src = comp.edges.src[edge_idx]
        self.conditional = bool((comp.edges.cond_node[edge_idx] >= 0).any())
        scatter = np.zeros((n_rows, len(edge_idx)))
        scatter[rows, np.arange(len(edge_idx))] = 1.0
        self.scatter = _matrix(scatter)

    def apply(self, state: np.ndarray, weights: np.ndarray, masks: np.ndarray) -> np.ndarray:
        w = weights[self.edge_idx]
        if self.conditional:
            w = w * masks[self.edge_idx]
        return np.asarray(self.scatter @ (w * state[self.src]))


def _matrix(dense: np.ndarray) -> Any:
    if dense.shape[0] < SPARSE_FROM_NODES:
        return dense
    from scipy import sparse  # large packs only: its import costs more than small packs run

    return sparse.csr_matrix(dense)


@dataclass
class _Plan:
    lagged: list[tuple[int, _Ops, np.ndarray]]  # (lag, ops over all nodes, integrate mask)
    zero: list[tuple[Generation, _Ops | None, list[tuple[np.ndarray, _Ops]]]]


def _plan(comp: Compiled) -> _Plan:
    edges, n = comp.edges, comp.size
    lagged = []
    for lag in sorted(set(edges.lag[edges.lag > 0].tolist())):
        idx = np.flatnonzero(edges.lag == lag)
        lagged.append((lag, _Ops(edges.tgt[idx], idx, n, comp), edges.integrate[idx]))
    zero_mask = edges.lag == 0
    zero = []
    for gen in comp.generations:
        acyclic = _ops_into(gen.acyclic, zero_mask, comp)
        cyclic = [(block, _ops_into(block, zero_mask, comp)) for block in gen.cyclic]
        zero.append((gen, acyclic, [(b, o) for b, o in cyclic if o is not None]))
    return _Plan(lagged, zero)


def _ops_into(nodes: np.ndarray, zero_mask: np.ndarray, comp: Compiled) -> _Ops | None:
    if len(nodes) == 0:
        return None
    local = {int(node): i for i, node in enumerate(nodes)}
    idx = np.flatnonzero(zero_mask & np.isin(comp.edges.tgt, nodes))
    if len(idx) == 0:
        return None
    rows = np.array([local[int(t)] for t in comp.edges.tgt[idx]], dtype=int)
    return _Ops(rows, idx, len(nodes), comp)


def simulate(
    comp: Compiled,
    injections: list[Injection],
    periods: int,
    columns: int,
    weights: np.ndarray | None = None,
    jumps: np.ndarray | None = None,
    additive: bool = True,
) -> Run:
    """Step the graph ``periods`` periods from the baseline.

    Parameters
    ----------
    comp : Compiled
    injections : list of Injection
    periods, columns : int
    weights : ndarray, optional
        Per-column signed elasticities, shape (edges, columns); default the pack's.
    jumps : ndarray, optional
        Per-column threshold jumps, shape (thresholds, columns); default the pack's.
    additive : bool
        True: columns are additive parts (conditions read their sum). False: draws.

    Returns
    -------
    Run

    Raises
    ------
    DivergenceError
        When a loop's values grow without bound or stop being finite.
    """
    stepper = _Stepper(comp, periods, columns, weights, jumps, additive)
    for period in range(periods):
        stepper.step(period, [i for i in injections if i.period == period])
    return stepper.run


class _Stepper:
    """Mutable state of one simulation; one method per phase of a period."""

    def __init__(
        self,
        comp: Compiled,
        periods: int,
        columns: int,
        weights: np.ndarray | None,
        jumps: np.ndarray | None,
        additive: bool,
    ) -> None:
        n, e = comp.size, len(comp.edges)
        self.comp, self.additive, self.columns = comp, additive, columns
        self.plan = _plan(comp)
        self.weights = comp.edges.weight[:, None] if weights is None else weights
        default_jumps = np.array([t.jump for t in comp.thresholds])[:, None]
        self.jumps = default_jumps if jumps is None else jumps
        self.exo = np.zeros((n, columns))
        self.stock = np.zeros((n, columns))
        self.pending: list[Injection] = []
        self.fired = np.zeros((len(comp.thresholds), columns), dtype=bool)
        self.run = Run(np.zeros((periods, n, columns)), np.ones((periods, e, columns), dtype=bool))

    def levels(self, state: np.ndarray) -> np.ndarray:
        """Levels (baseline + delta) as seen by conditions: the total in additive mode."""
        total = state.sum(axis=1, keepdims=True) if self.additive else state
        return np.asarray(self.comp.baseline[:, None] + total)

    def previous(self, period: int) -> np.ndarray:
        if period == 0:
            return np.zeros_like(self.exo)
        return np.asarray(self.run.history[period - 1])

    def step(self, period: int, injections: list[Injection]) -> None:
        masks = self._masks(period)
        self.run.masks[period] = masks
        self._inject(period, [i for i in injections if i.level is None])
        self._inject(period, self._due(period))
        lagged = self._lagged(period, masks)  # also moves the stocks on by one period
        state = self._solve(self.exo + self.stock + lagged, masks, period)
        levelled = [i for i in injections if i.level is not None]
        if levelled:
            self._inject_levels(period, levelled, state)
            state = self._solve(self.exo + self.stock + lagged, masks, period)
        self._check(state, period)
        self.run.history[period] = state
        self._thresholds(period, state)

    def _masks(self, period: int) -> np.ndarray:
        edges = self.comp.edges
        conditional = edges.cond_node >= 0
        masks = np.ones((len(edges), 1 if self.additive else self.columns), dtype=bool)
        if conditional.any():
            level = self.levels(self.previous(period))[edges.cond_node[conditional]]
            above = edges.cond_above[conditional][:, None] - 1e-9
            below = edges.cond_below[conditional][:, None] + 1e-9
            masks[conditional] = (level >= above) & (level <= below)
        return np.broadcast_to(masks, (len(edges), self.columns))

    def _inject(self, period: int, injections: list[Injection]) -> None:
        for inj in injections:
            if inj.vector is not None:
                self.exo[inj.node] += inj.vector
                self.run.steps.append((period, inj.node, -1, float(inj.vector.mean())))
                continue
            cols = slice(None) if inj.column < 0 else inj.column
            self.exo[inj.node, cols] += inj.amount
            self.run.steps.append((period, inj.node, inj.column, inj.amount))

    def _inject_levels(self, period: int, injections: list[Injection], state: np.ndarray) -> None:
        current = self.levels(state)
        for inj in injections:
            assert inj.level is not None
            need = inj.level - current[inj.node]
            if self.additive:
                self._inject(period, [Injection(inj.node, period, inj.column, float(need[0]))])
            else:
                self._inject(period, [Injection(inj.node, period, -1, vector=need)])

    def _due(self, period: int) -> list[Injection]:
        due = [i for i in self.pending if i.period == period]
        self.pending = [i for i in self.pending if i.period != period]
        return due

    def _lagged(self, period: int, masks: np.ndarray) -> np.ndarray:
        total = np.zeros_like(self.exo)
        for lag, ops, integrate in self.plan.lagged:
            if period - lag < 0:
                continue
            source = self.run.history[period - lag]
            if integrate.any():
                self._accumulate(ops, integrate, source, masks)
            if (~integrate).any():
                total += self._partial(ops, ~integrate, source, masks)
        return total

    def _accumulate(
        self, ops: _Ops, integrate: np.ndarray, source: np.ndarray, masks: np.ndarray
    ) -> None:
        self.stock += self._partial(ops, integrate, source, masks)

    def _partial(
        self, ops: _Ops, keep: np.ndarray, source: np.ndarray, masks: np.ndarray
    ) -> np.ndarray:
        w = self.weights[ops.edge_idx] * keep[:, None]
        if ops.conditional:
            w = w * masks[ops.edge_idx]
        return np.asarray(ops.scatter @ (w * source[ops.src]))

    def _solve(self, base: np.ndarray, masks: np.ndarray, period: int) -> np.ndarray:
        state = base.copy()
        for gen, acyclic, cyclic in self.plan.zero:
            if acyclic is not None:
                state[gen.acyclic] = base[gen.acyclic] + acyclic.apply(state, self.weights, masks)
            for block, ops in cyclic:
                state[block] = self._fixed_point(block, ops, base, state, masks, period)
        return state

    def _fixed_point(
        self,
        block: np.ndarray,
        ops: _Ops,
        base: np.ndarray,
        state: np.ndarray,
        masks: np.ndarray,
        period: int,
    ) -> np.ndarray:
        trial = state.copy()
        for _ in range(MAX_ITERATIONS):
            new = base[block] + ops.apply(trial, self.weights, masks)
            if not np.isfinite(new).all() or np.abs(new).max(initial=0.0) > BLOW_UP:
                break
            change = np.abs(new - trial[block]).max(initial=0.0)
            trial[block] = new
            if change <= TOLERANCE * (1.0 + np.abs(new).max(initial=0.0)):
                return np.asarray(new)
        raise self._divergence(block, period)

    def _divergence(self, block: np.ndarray, period: int) -> DivergenceError:
        nodes = [self.comp.node_ids[i] for i in block.tolist()]
        gain = loop_gain(self.comp, block)
        return DivergenceError(nodes=nodes, gain=gain, period=period)

    def _check(self, state: np.ndarray, period: int) -> None:
        bad = ~np.isfinite(state) | (np.abs(state) > BLOW_UP)
        if bad.any():
            node = int(np.flatnonzero(bad.any(axis=1))[0])
            raise self._divergence(np.array(growing_loop(self.comp, node)), period)

    def _thresholds(self, period: int, state: np.ndarray) -> None:
        if not self.comp.thresholds:
            return
        now = self.levels(state)
        before = self.levels(self.previous(period))
        for k, rule in enumerate(self.comp.thresholds):
            inside = (now[rule.src] >= rule.above - 1e-9) & (now[rule.src] <= rule.below + 1e-9)
            was = (before[rule.src] >= rule.above - 1e-9) & (before[rule.src] <= rule.below + 1e-9)
            self._fire(k, period, inside & ~was)

    def _fire(self, k: int, period: int, crossing: np.ndarray) -> None:
        rule = self.comp.thresholds[k]
        if self.additive:
            if crossing[0] and not self.fired[k, 0]:
                self.fired[k] = True
                column = self.columns - len(self.comp.thresholds) + k
                at = period + 1 + rule.lag
                self.pending.append(Injection(rule.tgt, at, column, float(self.jumps[k, 0])))
                self.run.fired.append((k, period, column))
            return
        new = crossing & ~self.fired[k]
        if new.any():
            self.fired[k] |= new
            vector = self.jumps[k] * new
            self.pending.append(Injection(rule.tgt, period + 1 + rule.lag, -1, vector=vector))
            self.run.fired.append((k, period, -1))


def loop_gain(comp: Compiled, block: np.ndarray) -> float:
    """Spectral radius of the rules among ``block`` (all lags summed): a loop's gain."""
    local = {int(n): i for i, n in enumerate(block.tolist())}
    matrix = np.zeros((len(block), len(block)))
    edges = comp.edges
    for s, t, w in zip(edges.src.tolist(), edges.tgt.tolist(), edges.weight.tolist(), strict=True):
        if s in local and t in local:
            matrix[local[t], local[s]] += w
    if not matrix.any():
        return 0.0
    return float(np.abs(np.linalg.eigvals(matrix)).max())


def growing_loop(comp: Compiled, node: int) -> list[int]:
    """The strongly connected component (over all rules) that contains ``node``."""
    from macrograph.graph.compile import strongly_connected

    succ: list[list[int]] = [[] for _ in range(comp.size)]
    for s, t in zip(comp.edges.src.tolist(), comp.edges.tgt.tolist(), strict=True):
        succ[s].append(t)
    for component in strongly_connected(comp.size, succ):
        if node in component and len(component) > 1:
            return component
    return [node]
