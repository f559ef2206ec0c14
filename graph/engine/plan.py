"""How the engine applies a compiled pack's rules: groups, blocks and sparse matrices.

A :class:`Group` is a set of rules applied together: their sources are gathered,
multiplied by their weights and summed per target. A :class:`Plan` holds the
groups of one period in the order the engine needs them (lagged rules, stocks,
then zero-lag rules generation by generation, with cycles as :class:`Block`).
In additive mode on large packs, the rules without a ``when`` become weighted
CSR matrices instead (:class:`Sparse`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from msgspec import Struct, field
from msgspec.structs import replace

from macrograph.graph.engine.compile import Compiled, EdgeSet, FloatArray, IntArray

DENSE_SCATTER = 1 << 16  # sum a group with a dense 0/1 matrix up to this many entries
SPARSE_FROM_NODES = 2000


class Group(Struct, frozen=True):
    """Rules applied together, sorted by target; each target of ``rows`` gets one sum.

    ``src``, ``tgt`` and ``rows`` are node positions, except that targets (and the
    sources of a cycle's own rules) are positions inside the block in a
    :class:`Block`. A group sums with a 0/1 matrix product (``scatter``: dense when
    small, CSR when large), or without scipy with ``np.add.reduceat`` over ``starts``.
    """

    edges: IntArray
    src: IntArray
    tgt: IntArray
    lag: IntArray
    rows: IntArray
    starts: IntArray
    when: IntArray  # positions (in this group) of the rules that have a `when`
    scatter: Any = None  # (rows, rules) 0/1 matrix, dense or CSR: summing is a product

    def __len__(self) -> int:
        return len(self.edges)

    @property
    def conditional(self) -> bool:
        """True when a rule of the group has a ``when``."""
        return len(self.when) > 0

    def sum_rows(self, parts: FloatArray) -> FloatArray:
        """Sum ``parts`` (one row per rule) into one row per target."""
        if self.scatter is not None:
            return np.asarray(self.scatter @ parts)
        return np.asarray(np.add.reduceat(parts, self.starts, axis=0))


class Block(Struct, frozen=True):
    """A zero-lag cycle: ``inside`` are its own rules, ``outside`` the settled inputs."""

    nodes: IntArray
    inside: Group
    outside: Group


class Plan(Struct, frozen=True):
    """The rules grouped as the engine applies them within a period."""

    lagged: Group  # linear rules with a lag of one period or more
    stocks: Group  # integrate rules (lag one period or more)
    zero: tuple[tuple[Group, tuple[Block, ...]], ...]  # per generation: acyclic targets, cycles
    conditional: IntArray  # rules with a `when`
    max_lag: int  # periods of history the engine keeps (a fading rule reads lag + 1 back)
    settle: Group = field(default_factory=lambda: _empty())  # integrate rules with lag 0
    fading: Group = field(default_factory=lambda: _empty())  # rules with a decay; lag + 1


def _empty() -> Group:
    none = np.zeros(0, dtype=int)
    return Group(none, none, none, none, none, none, none, None)


def plan_of(comp: Compiled) -> Plan:
    """The engine's grouping of ``comp``'s rules (computed once, kept in ``comp.cache``).

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> from macrograph.graph.engine.compile import compile_pack
    >>> plan = plan_of(compile_pack(load_pack()))
    >>> plan.max_lag, len(plan.stocks)
    (30, 3)
    """
    found = comp.cache.get("plan")
    if not isinstance(found, Plan):
        found = comp.cache["plan"] = _plan(comp)
    return found


def _plan(comp: Compiled) -> Plan:
    edges = comp.edges
    zero = edges.lag == 0  # with the integrate rules of lag 0: they act within the period
    gen_of = np.full(comp.size, -1)  # generation of each acyclic node
    block_of = np.full(comp.size, -1)  # block of each node on a zero-lag cycle
    blocks = [b for gen in comp.generations for b in gen.cyclic]
    for g, gen in enumerate(comp.generations):
        gen_of[gen.acyclic] = g
    for b, nodes in enumerate(blocks):
        block_of[nodes] = b
    into_gen = _by_key(np.where(zero, gen_of[edges.tgt], -1), len(comp.generations))
    into_block = _by_key(np.where(zero, block_of[edges.tgt], -1), len(blocks))
    solved = iter(
        [_block(edges, nodes, idx) for nodes, idx in zip(blocks, into_block, strict=True)]
    )
    fading = group(edges, edges.decaying)
    fading = replace(fading, lag=fading.lag + 1)
    return Plan(
        lagged=group(edges, np.flatnonzero(~zero & ~edges.integrate)),
        stocks=group(edges, np.flatnonzero(edges.integrate & ~zero)),
        zero=tuple(
            (group(edges, idx), tuple(next(solved) for _ in gen.cyclic))
            for gen, idx in zip(comp.generations, into_gen, strict=True)
        ),
        conditional=np.flatnonzero(edges.cond_node >= 0),
        max_lag=max(int(edges.lag.max(initial=0)), int(fading.lag.max(initial=0))),
        settle=group(edges, np.flatnonzero(edges.integrate & zero)),
        fading=fading,
    )


def _by_key(keys: IntArray, count: int) -> list[IntArray]:
    """Positions of ``keys`` equal to 0, 1, ... count - 1 (negative keys dropped)."""
    order = np.argsort(keys, kind="stable")
    bounds = np.searchsorted(keys[order], np.arange(count + 1))
    return [order[bounds[k] : bounds[k + 1]] for k in range(count)]


def _block(edges: EdgeSet, nodes: IntArray, into: IntArray) -> Block:
    among = np.isin(edges.src[into], nodes)
    inside = group(edges, into[among], local=nodes)
    return Block(nodes, inside, group(edges, into[~among], local=nodes))


def group(edges: EdgeSet, idx: IntArray, local: IntArray | None = None) -> Group:
    """The rules ``idx`` as a :class:`Group`; ``local`` (sorted) renumbers nodes inside a block.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> from macrograph.graph.engine.compile import compile_pack
    >>> comp = compile_pack(load_pack())
    >>> g = group(comp.edges, np.arange(len(comp.edges)))
    >>> int(g.starts[-1]) < len(g) and len(g.rows) == len(set(comp.edges.tgt.tolist()))
    True
    """
    idx = np.asarray(idx, dtype=int)
    idx = idx[np.lexsort((idx, edges.tgt[idx]))]
    src, tgt = edges.src[idx], edges.tgt[idx]
    if local is not None:
        tgt = np.searchsorted(local, tgt)
        inner = np.isin(src, local)
        src = np.where(inner, np.searchsorted(local, src), src)
    rows, starts = runs(tgt)
    when = np.flatnonzero(edges.cond_node[idx] >= 0)
    scatter = _scatter(np.searchsorted(rows, tgt), len(rows))
    return Group(idx, src, tgt, edges.lag[idx], rows, starts, when, scatter)


def runs(ordered: IntArray) -> tuple[IntArray, IntArray]:
    """The distinct values of a sorted array and where each run of them starts.

    (``np.unique`` would do, but its first call imports ``numpy.ma``, which costs a
    what-if more than the whole engine.)

    Examples
    --------
    >>> [a.tolist() for a in runs(np.array([2, 2, 5, 7, 7, 7]))]
    [[2, 5, 7], [0, 2, 3]]
    """
    first = np.ones(len(ordered), dtype=bool)
    first[1:] = ordered[1:] != ordered[:-1]
    starts = np.flatnonzero(first)
    return ordered[starts], starts


def _scatter(row_of: IntArray, rows: int) -> Any:
    """A 0/1 matrix summing rules into their targets: dense when small, else CSR (or None)."""
    shape = (rows, len(row_of))
    if rows * len(row_of) <= DENSE_SCATTER:
        dense = np.zeros(shape)
        dense[row_of, np.arange(len(row_of))] = 1.0
        return dense
    try:
        from scipy import sparse  # large packs only, like the matrices below
    except ImportError:
        return None  # np.add.reduceat then: slower, same sums
    return sparse.csr_matrix((np.ones(len(row_of)), (row_of, np.arange(len(row_of)))), shape)


class Sparse(Struct, frozen=True):
    """Additive mode on large packs: unconditional rules as weighted CSR matrices."""

    lagged: Any
    stocks: Any
    zero: tuple[tuple[np.ndarray, Any], ...]
    remainder: Plan  # what is still gathered: rules with a ``when``, and the cycles

    def stocks_into(self, stock: np.ndarray, window: np.ndarray) -> None:
        """Move the stocks on: ``window`` is the last periods of the history, stacked."""
        if self.stocks is not None:
            stock += self.stocks @ window

    def lagged_into(self, base: np.ndarray, window: np.ndarray) -> None:
        """Add what the lagged rules carry from the last periods of the history."""
        if self.lagged is not None:
            base += self.lagged @ window

    def zero_into(self, generation: int, state: np.ndarray) -> None:
        """Add the zero-lag rules into one generation's nodes."""
        rows, matrix = self.zero[generation]
        if matrix is not None:
            state[rows] += matrix @ state


def sparse_parts(comp: Compiled, plan: Plan, weights: np.ndarray | None) -> Sparse | None:
    """The CSR matrices of a large pack, or None (small pack, per-column weights, no scipy).

    Built once for the pack's own weights (``weights`` None) and kept in ``comp.cache``.

    Examples
    --------
    >>> from macrograph.graph.engine.compile import compile_pack
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> comp = compile_pack(pack_of([rule("ab", "a", "b", 0.5)]))
    >>> sparse_parts(comp, plan_of(comp), None) is None, SPARSE_FROM_NODES  # 2 nodes: gathered
    (True, 2000)
    """
    if comp.size < SPARSE_FROM_NODES or (weights is not None and weights.shape[1] != 1):
        return None
    try:
        from scipy import sparse  # large packs only: its import costs more than small packs run
    except ImportError:
        return None
    if weights is not None:
        return _build_sparse(sparse, comp, plan, weights[:, 0])
    found = comp.cache.get("sparse")
    if not isinstance(found, Sparse):
        found = comp.cache["sparse"] = _build_sparse(sparse, comp, plan, comp.edges.weight)
    return found


def _build_sparse(sparse: Any, comp: Compiled, plan: Plan, weight: np.ndarray) -> Sparse:
    edges, n = comp.edges, comp.size
    lags = max(plan.max_lag, 1)
    plain = edges.cond_node < 0

    def stacked(g: Group) -> Any:
        keep = plain[g.edges]
        if not keep.any():
            return None
        cols = (lags - g.lag[keep]) * n + g.src[keep]
        return sparse.csr_matrix((weight[g.edges[keep]], (g.tgt[keep], cols)), shape=(n, lags * n))

    def generation(g: Group) -> tuple[np.ndarray, Any]:
        keep = plain[g.edges]
        rows = runs(np.sort(g.tgt[keep]))[0]
        if not keep.any():
            return rows, None
        local = np.searchsorted(rows, g.tgt[keep])
        matrix = sparse.csr_matrix((weight[g.edges[keep]], (local, g.src[keep])), (len(rows), n))
        return rows, matrix

    def rest(g: Group) -> Group:
        return group(edges, g.edges[~plain[g.edges]])

    remainder = Plan(
        lagged=rest(plan.lagged),
        stocks=rest(plan.stocks),
        zero=tuple((rest(acyclic), blocks) for acyclic, blocks in plan.zero),
        conditional=plan.conditional,
        max_lag=plan.max_lag,
        settle=plan.settle,
        fading=plan.fading,
    )
    zero = tuple(generation(acyclic) for acyclic, _ in plan.zero)
    return Sparse(stacked(plan.lagged), stacked(plan.stocks), zero, remainder)


DENSE_ENTRIES = 1 << 20  # a dense linear pack's stacked lag matrix stays under this size


class Dense(Struct, frozen=True):
    """A small pack as dense matrices, for one pattern of its rules' conditions (the rules
    whose ``when`` is off weigh 0): each period is a few products.

    ``history`` multiplies the rows ``used`` of the last ``lags`` periods of the history
    (as :class:`Sparse` reads them: only the sources and lags some rule reads): its first
    ``n`` rows are what the lagged rules add, the next ``n`` what the stocks take in.
    ``solve`` is ``(I - A0)^-1`` for the zero-lag rules ``A0``, every generation and loop
    at once; ``settle`` the integrate rules of lag 0.
    """

    history: np.ndarray
    used: IntArray
    solve: np.ndarray
    settle: np.ndarray


def dense_parts(
    comp: Compiled, plan: Plan, weights: np.ndarray, active: np.ndarray | None = None
) -> Dense | None:
    """The :class:`Dense` form of a pack with a zero-lag loop, or with a ``when``, for one
    column of weights and the rules ``active`` (a 0/1 value per rule; needed when a rule
    has a ``when``); None otherwise, or when a loop's gain is 1 or more (then the gathered
    path names it).

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import loop_of_two
    >>> comp, _ = loop_of_two()
    >>> found = dense_parts(comp, plan_of(comp), comp.edges.weight[:, None])
    >>> found.solve.round(3).tolist()  # (I - A0)^-1: a move comes back around the loop
    [[1.333, 0.667], [0.667, 1.333]]
    """
    n, lags = comp.size, max(plan.max_lag, 1)
    has_loop = any(blocks for _, blocks in plan.zero)
    conditional = len(plan.conditional) > 0
    if (
        not (has_loop or conditional)
        or (conditional and active is None)
        or weights.shape[1] != 1
        or n * n * lags > DENSE_ENTRIES
    ):
        return None
    edges, w = comp.edges, weights[:, 0] * (1.0 if active is None else active)

    def matrix(idx: IntArray, cols: IntArray, width: int) -> np.ndarray:
        found = np.zeros((n, width))
        np.add.at(found, (edges.tgt[idx], cols), w[idx])
        return found

    zero = np.flatnonzero(edges.lag == 0)
    a0 = matrix(zero, edges.src[zero], n)
    if np.abs(np.linalg.eigvals(a0)).max(initial=0.0) >= 1.0 - 1e-9:
        return None
    settle = plan.settle.edges
    history, used = _history(comp, (plan.lagged, plan.stocks), lags, w)
    return Dense(
        history=history,
        used=used,
        solve=np.where(_reaches(a0 != 0.0), np.linalg.inv(np.eye(n) - a0), 0.0),
        settle=matrix(settle, edges.src[settle], n),
    )


def _history(
    comp: Compiled, groups: tuple[Group, Group], lags: int, w: FloatArray
) -> tuple[np.ndarray, IntArray]:
    """The lagged rules' and the stocks' weights ``w`` stacked, (2 n, lags n), the columns
    ``used`` only: those of a (period, source) some rule reads and whose weights do not sum
    to zero. Built on those columns alone, each entry the same sum in the same order (the
    whole matrix was mostly zeros: 1.2 MB for the bundled pack, made at each pattern)."""
    edges, n = comp.edges, comp.size
    idx = np.concatenate([g.edges for g in groups])
    cols = np.concatenate([(lags - g.lag) * n + edges.src[g.edges] for g in groups])
    rows = np.concatenate([edges.tgt[g.edges] + k * n for k, g in enumerate(groups)])
    read = runs(np.sort(cols))[0]
    found = np.zeros((2 * n, len(read)))
    np.add.at(found, (rows, np.searchsorted(read, cols)), w[idx])
    kept = (found != 0.0).any(axis=0)
    return np.ascontiguousarray(found[:, kept]), read[kept]


DENSE_KEPT_BYTES = 1 << 26  # a run keeps its patterns' dense forms up to this size (64 MiB)


def dense_at(
    found: dict[bytes, Dense | None], comp: Compiled, weights: np.ndarray, masks: np.ndarray
) -> Dense | None:
    """The :func:`dense_parts` of one pattern of the conditions ``masks`` (rules, 1), made
    the first time the pattern is met and kept in ``found``; None (the gathered rules) for
    a pattern met once the forms kept hold :data:`DENSE_KEPT_BYTES`, so that a run whose
    conditions take many patterns does not keep a large matrix for each.

    Examples
    --------
    >>> from macrograph.graph.engine.compile import compile_pack
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> from macrograph.rules.models import Condition
    >>> ab = rule("ab", "a", "b", 0.5, when=Condition(node="c", above=1.0))
    >>> comp = compile_pack(pack_of([ab, rule("cb", "c", "b", 1.0)]))
    >>> found, w = {}, comp.edges.weight[:, None]
    >>> on = dense_at(found, comp, w, np.array([[True], [True]]))
    >>> off = dense_at(found, comp, w, np.array([[False], [True]]))  # ab's `when` is off
    >>> b, a = comp.index["b"], comp.index["a"]
    >>> float(on.solve[b, a]), float(off.solve[b, a]), len(found)
    (0.5, 0.0, 2)
    >>> dense_at(found, comp, w, np.array([[True], [True]])) is on  # made once per pattern
    True
    """
    plan = plan_of(comp)
    key = masks[plan.conditional].tobytes()
    if key not in found:
        held = sum(_bytes(d) for d in found.values() if d is not None)
        made = None if held >= DENSE_KEPT_BYTES else dense_parts(comp, plan, weights, masks[:, 0])
        found[key] = made
    return found[key]


def _bytes(dense: Dense) -> int:
    return dense.history.nbytes + dense.solve.nbytes + dense.settle.nbytes


def _reaches(links: np.ndarray) -> np.ndarray:
    """Which node reaches which through the 0/1 matrix ``links`` ([target, source]), itself
    included: where ``(I - A)^-1`` may be non-zero. The inverse is exactly zero elsewhere,
    and kept so (a node no rule reaches stays exactly where it was, not 1e-17 off it).

    Examples
    --------
    >>> _reaches(np.array([[0, 0], [1, 0]], dtype=bool)).astype(int).tolist()
    [[1, 0], [1, 1]]
    """
    found = links | np.eye(len(links), dtype=bool)
    while True:  # counts of paths, whole numbers a float holds exactly: BLAS's product
        wider = (found.astype(float) @ found.astype(float)) > 0
        if (wider == found).all():
            return found
        found = wider
