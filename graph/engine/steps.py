"""The discrete-time engine: step a compiled graph through time, many columns at once.

A column is either one *input* (additive mode: columns add up to the total, and
conditions and thresholds read the total) or one *draw* of the elasticities
(ensemble mode: every column is a world of its own). Within a period, zero-lag
rules are solved generation by generation; zero-lag cycles by fixed-point
iteration with a bound and a finite check. Values are deltas from the baseline.

How rules are applied (the same results, to rounding): groups of rules gathered and
summed (:mod:`macrograph.graph.engine.plan`) from the state or the history
(:mod:`macrograph.graph.engine.kernel`); in additive mode a small pack's rules as dense
matrices, one set per pattern of its conditions, a large pack's ``scipy.sparse`` ones.
Loops: :mod:`macrograph.graph.engine.solve`; level shocks: :mod:`macrograph.graph.engine.levels`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from msgspec.structs import replace

from macrograph.graph.engine import solve
from macrograph.graph.engine.compile import Compiled
from macrograph.graph.engine.kernel import (
    fading_moves,
    fading_of,
    fading_terms,
    past_of,
    slot,
    sources,
    weigh,
    window,
)
from macrograph.graph.engine.levels import level_steps
from macrograph.graph.engine.loops import growing_loop, in_loop_order, loop_gain
from macrograph.graph.engine.plan import Block, Group, dense_at, dense_parts, plan_of, sparse_parts
from macrograph.graph.engine.runs import Common, Divergence, Ensemble, Injection, Keep, Run
from macrograph.graph.engine.solve import BLOW_UP, STABLE, direct, per_column, solved
from macrograph.graph.engine.switches import Masks, ThresholdTable, reading
from macrograph.graph.engine.threads import one_blas_thread
from macrograph.graph.errors import DivergenceError

__all__ = ["BLOW_UP", "Injection", "Run", "loop_gain", "simulate", "simulate_worlds"]

MAX_ITERATIONS = 200


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

    Examples
    --------
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> from macrograph.graph.engine.compile import compile_pack
    >>> loop = [rule("a_lifts_b", "a", "b", 0.5), rule("b_lifts_a", "b", "a", 0.1, lag=1)]
    >>> comp = compile_pack(pack_of(loop))
    >>> run = simulate(comp, [Injection(comp.index["a"], 0, 0, 0.1)], 3, 1)
    >>> round(float(run.history[2, comp.index["a"], 0]), 3)  # with what b sends back
    0.105
    """
    stepper = _Stepper(comp, periods, columns, weights, jumps, additive, ring=False)
    stepper.run_all(injections, periods)
    return stepper.result()


def simulate_worlds(
    comp: Compiled,
    worlds: Sequence[list[Injection]],
    periods: int,
    keep: Keep,
    weights: np.ndarray,
    jumps: np.ndarray | None = None,
    common: Common | None = None,
) -> Ensemble:
    """Ensemble mode for several worlds sharing the draws; only the periods ``keep.at`` are
    kept (in ``keep.into`` when given: what it held is overwritten).

    Each world's injections apply to its own copy of the draws; ``common`` steps go
    into the worlds it names, the same in each (draw ``d`` of every world takes draw
    ``d``'s). The worlds run side by side in one simulation. Only the last ``lags``
    periods are held in memory.
    A draw whose elasticities make a loop run away is not an error here: it is
    left out (its values are zero from then on) and reported in ``divergences``;
    what to do when no draw is left is the caller's call.

    Returns
    -------
    Ensemble

    Examples
    --------
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> from macrograph.graph.engine.compile import compile_pack
    >>> comp = compile_pack(pack_of([rule("a_lifts_b", "a", "b", 0.5)]))
    >>> weights = np.array([[0.4, 0.6]])  # two draws of the rule's elasticity
    >>> a = comp.index["a"]
    >>> worlds = [[Injection(a, 0, -1, 1.0)], [Injection(a, 0, -1, 2.0)]]  # a +1, then +2
    >>> found = simulate_worlds(comp, worlds, 2, Keep(at=(1,)), weights)
    >>> [kept[0, comp.index["b"]].tolist() for kept in found.kept]  # per world, per draw
    [[0.4, 0.6], [0.8, 1.2]]
    """
    draws = weights.shape[1]
    spans = [(i * draws, (i + 1) * draws) for i in range(len(worlds))]
    injections = [
        replace(i, column=-1, span=s) for w, s in zip(worlds, spans, strict=True) for i in w
    ]
    tiled = (np.tile(weights, len(worlds)), None if jumps is None else np.tile(jumps, len(worlds)))
    stepper = _Stepper(comp, periods, len(worlds) * draws, *tiled, False, ring=True)
    stepper.per_draw = True
    if common is not None:
        stepper.common = (common, [spans[w] for w in common.worlds])
    stepper.keep(keep)
    stepper.run_all(injections, periods)
    found = tuple(
        replace(d, columns=tuple(sorted({c % draws for c in d.columns})))
        for d in stepper.divergences
    )
    return Ensemble([stepper.kept[:, :, a:b] for a, b in spans], found)


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
        ring: bool,
    ) -> None:
        n, plan = comp.size, plan_of(comp)
        self.comp, self.additive, self.columns, self.n = comp, additive, columns, n
        self.periods = periods
        self.scale = comp.level_scale()
        self.lags = max(plan.max_lag, 1)
        self.past = past_of(periods, n, columns, self.lags, ring)
        self.sparse = sparse_parts(comp, plan, weights) if additive and not ring else None
        self.gather = self.sparse.remainder if self.sparse else plan
        self.weights = comp.edges.weight[:, None] if weights is None else weights
        dense = not (ring or self.sparse)
        self.dense = dense_parts(comp, plan, self.weights) if dense else None
        # With a `when`: a dense form per pattern of conditions the columns share (in store).
        shared = self.weights.shape[1] == 1 and (additive or columns == 1)
        self.patterned = dense and len(plan.conditional) > 0 and shared
        self.w = solve.group_weights(self.gather, self.weights)
        self.per_draw = False  # True: a runaway column is dropped (see simulate_worlds)
        self.divergences: list[Divergence] = []
        self.jumps = (
            np.array([t.jump for t in comp.thresholds]).reshape(-1, 1) if jumps is None else jumps
        )
        self.exo, self.stock, self.before = (np.zeros((n, columns)) for _ in range(3))
        width = 1 if additive else columns  # of masks and threshold states
        self.thresholds = ThresholdTable(comp, width)
        self.masks = Masks(comp, plan.conditional, periods, width, keep=not ring)
        read = (self.masks.node, self.thresholds.src, self.thresholds.cond)  # every period
        self.read = {id(n): reading(comp, self.scale, n) for n in read}
        self.pending: dict[int, list[Injection]] = {}
        self.steps: list[tuple[int, int, int, float]] = []
        self.fired: list[tuple[int, int, int]] = []
        self.at: dict[int, list[int]] = {}
        self.kept = np.zeros((0, n, columns))
        self.fading = fading_of(comp, self.gather.fading, columns)
        self.store = solve.Store()  # what the solves keep between periods
        self.common: tuple[Common, list[tuple[int, int]]] | None = None

    def keep(self, keep: Keep) -> None:
        """Copy out these periods' states as they are computed (those past the end are 0)."""
        for i, p in enumerate(keep.at):
            self.at.setdefault(p, []).append(i)
        shape = (len(keep.at), self.n, self.columns)
        self.kept = np.zeros(shape) if keep.into is None else keep.into
        assert self.kept.shape == shape, (self.kept.shape, shape)
        for i, p in enumerate(keep.at):
            if p >= self.periods:  # never reached: zero, not what a reused array held
                self.kept[i] = 0.0

    def run_all(self, injections: list[Injection], periods: int) -> None:
        by_period: dict[int, list[Injection]] = {}
        for inj in injections:
            by_period.setdefault(inj.period, []).append(inj)
        with one_blas_thread():
            for period in range(periods):
                self.step(period, by_period.get(period, []))

    def result(self) -> Run:
        history = self.past.buf[self.lags :]
        width = max(self.columns, 1) if self.additive else self.columns  # additive: any column
        masks = self.masks.view(history.shape[0], len(self.comp.edges), width)
        return Run(history, masks, self.steps, self.fired)

    def step(self, period: int, injections: list[Injection]) -> None:
        masks = None
        if len(self.masks.edges):
            masks = self.masks.at(period, self.levels, slot(self.past, period - 1))
            if self.patterned and masks is not None:
                self.dense = dense_at(self.store.dense, self.comp, self.weights, masks)
        if injections:
            self._inject(period, [i for i in injections if i.level is None])
        if self.common is not None:
            self._take_common(period)
        if self.pending:
            self._inject(period, self.pending.pop(period, []))
        before = self._lagged(period, masks)  # also moves the stocks on by one period
        state = slot(self.past, period)
        self._solve(np.add(self.exo, before, out=state), masks, period)
        levelled = [i for i in injections if i.level is not None] if injections else []
        if levelled:
            self._reach_levels(period, levelled, (before, masks), state)
        self._check(state, period)
        self._settle(period, state, masks)
        for i in self.at.get(period, ()):
            self.kept[i] = state
        self._fire(period, self.thresholds.crossing(self.levels, state))

    def levels(self, state: np.ndarray, nodes: np.ndarray) -> np.ndarray:
        """Levels of ``nodes`` as conditions see them (the baseline moved by the change, a
        percent of it for a percent-change node): of the total, if additive."""
        part = state[nodes]
        total = np.add.reduce(part, axis=1, keepdims=True) if self.additive else part
        base, scale = self.read.get(id(nodes)) or reading(self.comp, self.scale, nodes)
        return np.asarray(base + total * scale)

    def _inject(self, period: int, injections: list[Injection]) -> None:
        for inj in injections:
            if inj.vector is not None:
                self.exo[inj.node, inj.columns()] += inj.vector
                self.steps.append((period, inj.node, -1, float(inj.vector.mean())))
                continue
            self.exo[inj.node, inj.columns()] += inj.amount
            self.steps.append((period, inj.node, inj.column, inj.amount))

    def _take_common(self, period: int) -> None:
        assert self.common is not None
        common, spans = self.common
        steps = common.steps(period)
        if steps is not None:
            for a, b in spans:
                self.exo[common.nodes, a:b] += steps

    def _reach_levels(
        self,
        period: int,
        injections: list[Injection],
        solving: tuple[np.ndarray, np.ndarray | None],
        state: np.ndarray,
    ) -> None:
        """Step each level-shocked node so that, solved, it sits at its level
        (:func:`~macrograph.graph.engine.levels.level_steps`)."""
        before, masks = solving
        nodes = np.array([i.node for i in injections])
        target = np.array([float(i.level) for i in injections if i.level is not None])[:, None]
        where = [
            slice(i.column, i.column + 1) if self.additive else i.columns() for i in injections
        ]

        def respond(step: np.ndarray) -> np.ndarray:
            for k, inj in enumerate(injections):
                self.exo[inj.node, where[k]] += step[k, slice(None) if self.additive else where[k]]
            self._solve(np.add(self.exo, before, out=state), masks, period)
            return self.levels(state, nodes)

        now = self.levels(state, nodes)
        total = level_steps(target, self.scale[nodes][:, None], now, respond)
        for k, inj in enumerate(injections):
            amount = total[k, 0] if self.additive else total[k, inj.columns()].mean()
            self.steps.append(
                (period, inj.node, inj.column if self.additive else -1, float(amount))
            )

    def _lagged(self, period: int, masks: np.ndarray | None) -> np.ndarray:
        """The stocks moved on, then what lagged rules add: shape (nodes, columns)."""
        stocks, lagged = self.gather.stocks, self.gather.lagged
        if self.dense is not None:
            moved = self.dense.history @ window(self.past, period)[self.dense.used]
            self.stock += moved[self.n :]
            base: np.ndarray = np.add(self.stock, moved[: self.n], out=self.before)
            self._fading_into(base, period, masks)
            return base
        if len(stocks):
            self.stock[stocks.rows] += self._from_history(stocks, period, masks)
        if self.sparse is not None:
            self.sparse.stocks_into(self.stock, window(self.past, period))
        base = self.before
        np.copyto(base, self.stock)
        if len(lagged):
            base[lagged.rows] += self._from_history(lagged, period, masks)
        if self.sparse is not None:
            self.sparse.lagged_into(base, window(self.past, period))
        self._fading_into(base, period, masks)
        return base

    def _fading_into(self, base: np.ndarray, period: int, masks: np.ndarray | None) -> None:
        if self.fading is not None:
            g = self.fading.group
            base[g.rows] += self._weigh(g, fading_terms(self.fading, self.past, period), masks)

    def _settle(self, period: int, state: np.ndarray, masks: np.ndarray | None) -> None:
        """After the period is solved: stocks take in this period's flows (integrate rules of
        lag 0), and fading rules move their filtered sources on."""
        settle = self.gather.settle
        if self.dense is not None:
            self.stock += self.dense.settle @ state
        elif len(settle):
            self.stock[settle.rows] += self._apply(settle, state, masks)
        if self.fading is not None:
            fading_moves(self.fading, self.past, period)

    def _from_history(self, g: Group, period: int, masks: np.ndarray | None) -> np.ndarray:
        return self._weigh(g, sources(self.past, g, period), masks)

    def _weigh(self, g: Group, rows: np.ndarray, masks: np.ndarray | None) -> np.ndarray:
        return weigh(g, rows, self.w[id(g)], masks)

    def _apply(self, g: Group, state: np.ndarray, masks: np.ndarray | None) -> np.ndarray:
        return self._weigh(g, state.take(g.src, axis=0), masks)

    def _solve(self, state: np.ndarray, masks: np.ndarray | None, period: int) -> np.ndarray:
        """Settle the zero-lag rules, generation by generation (``state`` is updated)."""
        if self.dense is not None:
            state[:] = self.dense.solve @ state
            return state
        whole = None
        if self.sparse is None:
            whole = solve.whole_inverse(
                self.store, self.comp, self.gather, self.weights, self.per_draw
            )
        if whole is not None and whole.shape[0] == 1:
            state[:] = whole[0] @ state
            return state
        stable = None if whole is None else self.store.stable[id(None)]
        if whole is not None and stable is not None and stable.all():
            state[:] = per_column(whole, state)
            return state
        before = None if stable is None else state[:, stable].copy()
        for g, (acyclic, blocks) in enumerate(self.gather.zero):
            if self.sparse is not None:
                self.sparse.zero_into(g, state)
            if len(acyclic):
                state[acyclic.rows] += self._apply(acyclic, state, masks)
            for block in blocks:
                state[block.nodes] = self._fixed_point(block, state, masks, period)
        if whole is not None and before is not None:  # draws the whole inverse holds for
            state[:, stable] = per_column(whole[stable], before)
        return state

    def _fixed_point(
        self, block: Block, state: np.ndarray, masks: np.ndarray | None, period: int
    ) -> np.ndarray:
        rhs: np.ndarray = state[block.nodes]
        if len(block.outside):
            rhs[block.outside.rows] += self._apply(block.outside, state, masks)
        if block.inside.conditional and masks is not None:
            if self.per_draw and solve.small(block):
                return self._direct(block, rhs, masks, period)  # draw by draw, exactly
            inverses = solve.by_pattern(self.store, block, self.w[id(block.inside)])
            active = masks[block.inside.edges]
            solved = None if self.per_draw else solve.masked_solve(active, rhs, inverses)
            if solved is not None:
                return solved
        inverse = None
        if not block.inside.conditional:
            inverse = solve.loop_inverse(self.store, block, self.w[id(block.inside)], self.per_draw)
        if inverse is not None and inverse.shape[0] == 1:
            return np.asarray(inverse[0] @ rhs)
        if inverse is not None:
            stable = self.store.stable[id(block)]
            if stable.all():
                return per_column(inverse, rhs)
            solved = self._direct(block, rhs.copy(), masks, period)  # drops the runaway draws
            solved[:, stable] = per_column(inverse[stable], rhs[:, stable])
            return solved
        return self._iterate(block, rhs, masks, period)

    def _iterate(
        self, block: Block, rhs: np.ndarray, masks: np.ndarray | None, period: int
    ) -> np.ndarray:
        """Fixed-point iteration column by column (:func:`~macrograph.graph.engine.solve.iterate`);
        columns that blow up or do not settle are solved by :meth:`_direct`."""

        def loop(trial: np.ndarray) -> np.ndarray:
            return self._apply(block.inside, trial, masks)

        trial, rest = solve.iterate(rhs, loop, block.inside.rows, MAX_ITERATIONS)
        if rest.any():
            solved = self._direct(block, rhs, masks, period)
            trial[:, rest] = solved[:, rest]
        return trial

    def _direct(
        self, block: Block, rhs: np.ndarray, masks: np.ndarray | None, period: int
    ) -> np.ndarray:
        """Iteration too slow or blowing up: solve exactly if the loop contracts, else raise
        (or, draw by draw, drop the draws in which it does not). Each column's inverse is
        kept and computed again only when its active rules change."""
        active = None if masks is None else masks[block.inside.edges]
        memo = self.store.patterns.setdefault(id(block), {})
        kept = direct(
            self.store.direct.get(id(block)), block, self.w[id(block.inside)], active, memo
        )
        runaway = ~(kept.gain < STABLE)
        if runaway.any():
            if not self.per_draw:
                raise self._divergence(block.nodes, period)
            self._drop(runaway, block.nodes, period, float(kept.gain[runaway].max()), "instant")
            rhs[:, runaway] = 0.0
            kept = direct(None, block, self.w[id(block.inside)], active)
        self.store.direct[id(block)] = kept
        return solved(kept, block, self.w[id(block.inside)], active, rhs)

    def _drop(
        self, columns: np.ndarray, nodes: np.ndarray, period: int, gain: float, kind: str
    ) -> None:
        """Leave ``columns`` (draws a loop runs away in) out: zero their rules and values.
        ``nodes`` that make one loop are recorded in its order as a ``loop``; a set with
        more than one loop in it keeps ``kind``."""
        for w in self.w.values():
            w[:, columns] = 0.0
        fading = () if self.fading is None else (self.fading.fade, self.fading.faded)
        for values in (self.past.buf, self.exo, self.stock, self.before, *fading):
            values[..., columns] = 0.0
        solve.forget(self.store)  # the dropped columns' weights changed
        found = tuple(np.flatnonzero(columns).tolist())
        order = in_loop_order(self.comp, nodes.tolist())
        if order is not None:
            nodes, kind = np.array(order), "loop"
        self.divergences.append(Divergence(tuple(nodes.tolist()), period, gain, found, kind))

    def _divergence(self, block: np.ndarray, period: int) -> DivergenceError:
        nodes = [self.comp.node_ids[i] for i in block.tolist()]
        return DivergenceError(nodes=nodes, gain=loop_gain(self.comp, block), period=period)

    def _check(self, state: np.ndarray, period: int) -> None:
        if state.max(initial=0.0) <= BLOW_UP and state.min(initial=0.0) >= -BLOW_UP:
            return
        size = np.abs(state)
        size[np.isnan(size)] = np.inf
        if not self.per_draw:
            raise self._divergence(np.array(growing_loop(self.comp, size.max(axis=1))), period)
        runaway = size.max(axis=0) > BLOW_UP
        loops: dict[tuple[int, ...], list[int]] = {}
        for c in np.flatnonzero(runaway).tolist():  # each draw's own loop, whatever beside it
            loops.setdefault(tuple(growing_loop(self.comp, size[:, c])), []).append(c)
        for found, columns in sorted(loops.items()):
            loop = np.array(found)
            gain = max(loop_gain(self.comp, loop, self.weights[:, c]) for c in columns)
            self._drop(np.isin(np.arange(self.columns), columns), loop, period, gain, "set")

    def _fire(self, period: int, crossing: np.ndarray | None) -> None:
        if crossing is None or not crossing.any():  # most periods: none crossed
            return
        table = self.thresholds
        for k in np.flatnonzero(crossing.any(axis=1)).tolist():
            rule = self.comp.thresholds[k]
            new = crossing[k] & ~table.fired[k]
            if not new.any():
                continue
            table.fired[k] |= new
            at = period + 1 + rule.lag
            if self.additive:
                column = self.columns - len(self.comp.thresholds) + k
                jump = Injection(rule.tgt, at, column, float(self.jumps[k, 0]))
            else:
                column = -1
                jump = Injection(rule.tgt, at, -1, vector=self.jumps[k] * new)
            self.pending.setdefault(at, []).append(jump)
            self.fired.append((k, period, column))
