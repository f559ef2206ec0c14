"""Solving a period's zero-lag loops: their matrices, gains and kept inverses.

Within a period a zero-lag loop (a :class:`~macrograph.graph.engine.plan.Block`) is linear once
the period's conditions are known: ``x = rhs + A x``, so ``x = (I - A)^-1 rhs`` when the
loop contracts (the spectral radius of ``A``, its *gain*, is below 1). ``A`` has one
matrix per column (per input, or per draw of the weights) and depends on which of the
loop's rules are on. The engine keeps what these functions compute between periods:

- :func:`_kept_inverse`: once per weights, for a loop without conditions (or all the
  zero-lag rules of a small pack at once);
- :func:`_pattern_inverse`: once per pattern of active rules, when every column shares
  the weights' pattern (additive mode);
- :func:`direct`: per column, recomputed only for the columns whose active rules
  changed since the last period (draw by draw, where each draw has its own conditions);
  a changed column takes its gain and inverse from those of its new pattern, computed
  for every column once per pattern while the patterns are few.

:func:`gains` bounds the radius by a matrix norm and asks for eigenvalues only where the
bound does not show that the loop contracts.

Examples
--------
>>> a = np.array([[[0.0, 0.5], [0.5, 0.0]], [[0.0, 2.0], [1.0, 0.0]]])
>>> gains(a).round(3).tolist()  # the first by its norm bound, the second exactly
[0.5, 1.414]
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from msgspec import Struct, field

from macrograph.graph.engine.compile import Compiled
from macrograph.graph.engine.plan import Block, Dense, Group, Plan
from macrograph.graph.engine.switches import patterns

TOLERANCE = 1e-12  # a column has settled when its change is this small against its size
BLOW_UP = 1e12  # a value this large is a loop running away
STABLE = 1.0 - 1e-9  # a zero-lag loop contracts when its gain is below this
DIRECT_MAX = 400  # zero-lag blocks up to this many nodes are solved with a kept inverse
SCREEN_ROUNDS = 8  # power iterations for a bound on a loop's gain before eigenvalues
KEPT_FLOATS = 1 << 22  # a loop's inverses are kept per column up to this many numbers (32 MB)
MAX_PATTERNS = 8  # in one world, a conditional loop is solved directly when its patterns are few

Inverses = Callable[[np.ndarray], "np.ndarray | None"]
Loop = Callable[[np.ndarray], np.ndarray]


class Kept(Struct, frozen=True):
    """What a loop's direct solve keeps between periods, per column: the active rules
    (``pattern``, the loop's rows of the masks), the gain and ``(I - A)^-1`` (zero where
    the gain is 1 or more: such a column is never solved)."""

    pattern: np.ndarray
    gain: np.ndarray
    inverse: np.ndarray | None  # None: too large to keep (see KEPT_FLOATS)


class Store(Struct, frozen=True):
    """What the solves keep between periods, by the identity of a block (None: all the
    zero-lag rules at once), or of a block and a pattern of active rules: the inverses, the
    columns a kept inverse holds for, and each block's last direct solve; and the dense
    forms of a small pack by pattern of its conditions. Emptied (:func:`forget`) when the
    weights change."""

    inverses: dict[object, np.ndarray | None] = field(default_factory=dict)
    stable: dict[object, np.ndarray] = field(default_factory=dict)
    direct: dict[int, Kept] = field(default_factory=dict)
    patterns: dict[int, dict[bytes, Kept]] = field(default_factory=dict)  # per block
    dense: dict[bytes, Dense | None] = field(default_factory=dict)


def forget(store: Store) -> None:
    """Empty ``store``: the weights it was computed from changed.

    Examples
    --------
    >>> store = Store(inverses={"a loop": np.eye(2)})
    >>> forget(store)
    >>> store.inverses, store.direct
    ({}, {})
    """
    store.inverses.clear()
    store.stable.clear()
    store.direct.clear()
    store.patterns.clear()
    store.dense.clear()


def loop_inverse(store: Store, block: Block, w: np.ndarray, per_draw: bool) -> np.ndarray | None:
    """The kept inverse of a loop without conditions, its own rules' weights ``w`` (see
    :func:`_kept_inverse`; the columns it holds for in ``store.stable``).

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import loop_of_two
    >>> comp, block = loop_of_two()
    >>> store = Store()
    >>> loop_inverse(store, block, np.array([[0.5], [0.5]]), per_draw=False)[0].round(3).tolist()
    [[1.333, 0.667], [0.667, 1.333]]
    >>> store.stable[id(block)].tolist()  # the one column it holds for
    [True]
    """
    key = id(block)
    if key not in store.inverses:
        matrix = _block_matrices(block.inside, len(block.nodes), w, None)
        _keep(store, key, matrix, per_draw)
    return store.inverses[key]


def whole_inverse(
    store: Store, comp: Compiled, gather: Plan, weights: np.ndarray, per_draw: bool
) -> np.ndarray | None:
    """The kept inverse of all the zero-lag rules at once (:func:`_zero_matrices`), or None;
    the columns it holds for in ``store.stable[id(None)]``.

    Examples
    --------
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> from macrograph.graph.engine.compile import compile_pack
    >>> from macrograph.graph.engine.plan import plan_of
    >>> from macrograph.graph.synthetic.runs import loop_of_two
    >>> comp, _ = loop_of_two()
    >>> weights = comp.edges.weight[:, None]
    >>> whole_inverse(Store(), comp, plan_of(comp), weights, False)[0].round(3).tolist()
    [[1.333, 0.667], [0.667, 1.333]]
    >>> chain = compile_pack(pack_of([rule("ab", "a", "b", 0.5)]))  # no loop: nothing to solve
    >>> whole_inverse(Store(), chain, plan_of(chain), chain.edges.weight[:, None], False) is None
    True
    """
    key = id(None)
    if key not in store.inverses:
        matrix = _zero_matrices(comp, gather, weights)
        if matrix is None:
            store.inverses[key] = None
        else:
            _keep(store, key, matrix, per_draw)
    return store.inverses[key]


def _keep(store: Store, key: object, matrix: np.ndarray, per_draw: bool) -> None:
    found, stable = _kept_inverse(matrix, per_draw)
    if found is not None:
        store.stable[key] = stable
    store.inverses[key] = found


def by_pattern(store: Store, block: Block, w: np.ndarray) -> Inverses:
    """A loop's inverses for a pattern of its active rules (see :func:`_pattern_inverse`),
    each computed once and kept in ``store``.

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import loop_of_two
    >>> comp, block = loop_of_two()
    >>> inverse_of = by_pattern(Store(), block, np.array([[0.5], [0.5]]))
    >>> inverse_of(np.array([True, True]))[0].round(3).tolist()  # both rules on
    [[1.333, 0.667], [0.667, 1.333]]
    >>> inverse_of(np.array([False, True]))[0].tolist()  # ba (into a, first) off: no loop
    [[1.0, 0.0], [0.5, 1.0]]
    """

    def inverse_of(pattern: np.ndarray) -> np.ndarray | None:
        key = (id(block), pattern.tobytes())
        if key not in store.inverses:
            matrix = _block_matrices(block.inside, len(block.nodes), w, pattern[:, None])
            store.inverses[key] = _pattern_inverse(matrix)
        return store.inverses[key]

    return inverse_of


def small(block: Block) -> bool:
    """Whether a loop is small enough to be solved directly (with kept inverses).

    Examples
    --------
    >>> from macrograph.graph.engine.plan import plan_of
    >>> from macrograph.graph.synthetic.runs import loop_of_two
    >>> comp, _ = loop_of_two()
    >>> [small(b) for _, blocks in plan_of(comp).zero for b in blocks], DIRECT_MAX
    ([True], 400)
    """
    return len(block.nodes) <= DIRECT_MAX


def per_column(inverse: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    """``inverse[c] @ rhs[:, c]`` for every column ``c``: (nodes, columns).

    Examples
    --------
    >>> per_column(np.stack([np.eye(2), 2 * np.eye(2)]), np.ones((2, 2))).tolist()
    [[1.0, 2.0], [1.0, 2.0]]
    """
    return np.asarray(np.einsum("cij,jc->ic", inverse, rhs))


def group_weights(gather: Plan, weights: np.ndarray) -> dict[int, np.ndarray]:
    """Each gathered group's weights, (rules, columns), keyed by the group's identity.

    Examples
    --------
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> from macrograph.graph.engine.compile import compile_pack
    >>> from macrograph.graph.engine.plan import plan_of
    >>> comp = compile_pack(pack_of([rule("ab", "a", "b", 0.5), rule("bc", "b", "c", -2, lag=1)]))
    >>> gather = plan_of(comp)
    >>> found = group_weights(gather, comp.edges.weight[:, None])
    >>> found[id(gather.lagged)].tolist()  # the lagged group: b to c
    [[-2.0]]
    """
    groups = [gather.lagged, gather.stocks, gather.settle, gather.fading]
    for acyclic, blocks in gather.zero:
        groups.append(acyclic)
        groups.extend(g for b in blocks for g in (b.inside, b.outside))
    return {id(g): np.ascontiguousarray(weights[g.edges]) for g in groups}


def _block_matrices(g: Group, size: int, w: np.ndarray, active: np.ndarray | None) -> np.ndarray:
    """The matrices of a loop's own rules ``g``, one per column of their weights ``w``
    (rules, columns), each rule times its row of ``active`` (None: all on):
    (columns, size, size), indexed [target, source] within the loop."""
    w = w * (active if active is not None else 1.0)
    matrix = np.zeros((w.shape[1], size, size))
    for e, (t, s) in enumerate(zip(g.tgt.tolist(), g.src.tolist(), strict=True)):
        matrix[:, t, s] += w[e]
    return matrix


def _zero_matrices(comp: Compiled, gather: Plan, weights: np.ndarray) -> np.ndarray | None:
    """All zero-lag rules, one matrix per weight column, where that is worth solving at
    once: a zero-lag loop, no condition on a zero-lag rule, a small pack."""
    edges, n = comp.edges, comp.size
    zero = np.flatnonzero(edges.lag == 0)
    loops = any(blocks for _, blocks in gather.zero)
    if not loops or n > DIRECT_MAX or (edges.cond_node[zero] >= 0).any():
        return None
    matrix = np.zeros((weights.shape[1], n, n))
    for e in zero.tolist():
        matrix[:, edges.tgt[e], edges.src[e]] += weights[e]
    return matrix


def gains(matrix: np.ndarray) -> np.ndarray:
    """Per matrix, its spectral radius, or a bound on it below :data:`STABLE` that shows as
    well that the loop contracts (:func:`perron_bound`): eigenvalues only where the bound
    does not.

    Examples
    --------
    >>> a = np.array([[[0.0, 0.5], [0.5, 0.0]], [[0.0, 2.0], [1.0, 0.0]]])
    >>> gains(a).round(3).tolist()  # 0.5 round the first loop; sqrt(2) per step the second
    [0.5, 1.414]
    """
    bound = perron_bound(np.abs(matrix))
    need = ~(bound < STABLE)
    if need.any():
        bound[need] = np.abs(np.linalg.eigvals(matrix[need])).max(axis=1, initial=0.0)
    return bound


def perron_bound(size: np.ndarray, rounds: int = SCREEN_ROUNDS) -> np.ndarray:
    """An upper bound on the spectral radius of each of the non-negative matrices ``size``
    (hence of any matrix of those magnitudes): ``max_i (A v)_i / v_i`` holds for every
    positive ``v`` (Collatz-Wielandt), and ``v`` a few rounds of power iteration on
    ``I + A`` (which converges on loops of any period) brings it close to the radius.

    Examples
    --------
    >>> a = np.array([[[0.0, 0.01], [60.0, 0.0]]])  # round the loop 0.6: radius 0.6 ** 0.5
    >>> found = float(perron_bound(a)[0])
    >>> bool(0.6**0.5 <= found < 0.6**0.5 + 1e-6), float(a.sum(axis=1).max())  # the norm: 60
    (True, 60.0)
    """
    v = np.ones(size.shape[:2])
    for _ in range(rounds):
        v = v + np.einsum("cij,cj->ci", size, v)
        v = v / v.max(axis=1, keepdims=True) + 1e-12
    return np.asarray((np.einsum("cij,cj->ci", size, v) / v).max(axis=1, initial=0.0))


def _kept_inverse(matrix: np.ndarray, per_draw: bool) -> tuple[np.ndarray | None, np.ndarray]:
    """``(I - A)^-1`` per column, and which columns' loops contract. None (iterate, and
    report a runaway as found) when too large, or when a loop runs away in some column,
    unless ``per_draw``: then the inverse holds for the columns that contract (the others'
    matrices are left zero) and the others are solved on their own."""
    stable = gains(matrix) < STABLE if matrix.shape[1] <= DIRECT_MAX else np.zeros(0, bool)
    if not len(stable) or not (stable.all() or (per_draw and stable.any())):
        return None, stable
    matrix[~stable] = 0.0  # their inverse is not used
    return np.linalg.inv(np.eye(matrix.shape[1]) - matrix), stable


def _pattern_inverse(matrix: np.ndarray) -> np.ndarray | None:
    """``(I - A)^-1`` per column for one pattern of active rules; None when the loop is
    too large or runs away in some column."""
    if matrix.shape[1] > DIRECT_MAX or not (gains(matrix) < STABLE).all():
        return None
    return np.linalg.inv(np.eye(matrix.shape[1]) - matrix)


def iterate(
    rhs: np.ndarray, loop: Loop, rows: np.ndarray, rounds: int
) -> tuple[np.ndarray, np.ndarray]:
    """Fixed-point iteration of ``x = rhs + loop(x)`` (``loop`` gives the rows ``rows`` of
    ``x``), column by column: a column stops when its own change is within the tolerance
    of its own size, so that a column never depends on the others it is solved beside (a
    draw running away would otherwise loosen every draw's tolerance). Returns the values
    and the columns that did not settle in ``rounds`` or blew up (their values: zero).

    Examples
    --------
    >>> half = lambda x: 0.5 * x[::-1]  # a loop of two nodes, each passing half to the other
    >>> x, rest = iterate(np.ones((2, 1)), half, np.arange(2), 200)
    >>> x.round(9).ravel().tolist(), rest.tolist()
    ([2.0, 2.0], [False])
    """
    trial = rhs
    done = np.zeros(rhs.shape[1], dtype=bool)
    failed = np.zeros(rhs.shape[1], dtype=bool)
    for _ in range(rounds):
        new: np.ndarray = rhs.copy()
        new[rows] += loop(trial)
        size = np.abs(new).max(axis=0, initial=0.0)
        change = np.abs(new - trial).max(axis=0, initial=0.0)
        failed |= ~(size <= BLOW_UP)  # also catches NaN
        frozen = done | failed
        new[:, frozen] = trial[:, frozen]
        new[:, failed] = 0.0
        trial = new
        done |= ~failed & (change <= TOLERANCE * (1.0 + size))
        if (done | failed).all():
            break
    return trial, ~done


def masked_solve(active: np.ndarray, rhs: np.ndarray, inverse_of: Inverses) -> np.ndarray | None:
    """A loop with a ``when`` solved with one inverse per pattern of its active rules
    (``active``: its rows of the masks; ``inverse_of`` a pattern's inverses, kept by the
    caller). None (iterate instead) when the patterns are many or a loop runs away in some
    column under one of them.

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import loop_of_two
    >>> comp, block = loop_of_two()
    >>> inverse_of = by_pattern(Store(), block, np.array([[0.5], [0.5]]))
    >>> rhs = np.array([[1.0], [0.0]])  # one put into a
    >>> masked_solve(np.array([[True], [True]]), rhs, inverse_of).round(3).ravel().tolist()
    [1.333, 0.667]
    >>> masked_solve(np.array([[False], [True]]), rhs, inverse_of).ravel().tolist()  # ba off
    [1.0, 0.5]
    """
    if active.shape[1] == 1:  # one set of conditions for every column (additive mode)
        inverse = inverse_of(active[:, 0])
        if inverse is None:
            return None
        return np.asarray(inverse[0] @ rhs) if inverse.shape[0] == 1 else per_column(inverse, rhs)
    kinds, which = patterns(active)
    if len(kinds) > MAX_PATTERNS:
        return None
    out = np.empty_like(rhs)
    for k, pattern in enumerate(kinds):
        inverse = inverse_of(pattern)
        if inverse is None:
            return None
        columns = np.flatnonzero(which.reshape(-1) == k)
        if inverse.shape[0] == 1:
            out[:, columns] = inverse[0] @ rhs[:, columns]
        else:
            out[:, columns] = per_column(inverse[columns], rhs[:, columns])
    return out


def direct(
    kept: Kept | None,
    block: Block,
    w: np.ndarray,
    active: np.ndarray | None,
    memo: dict[bytes, Kept] | None = None,
) -> Kept:
    """A loop's gains per column, and its inverses where they fit in :data:`KEPT_FLOATS`,
    for its own rules with weights ``w`` (rules, columns) and their rows of the masks
    ``active`` (None: all on). Only the columns whose active rules differ from ``kept``'s
    are computed again; ``kept``'s arrays are updated in place and returned in the new
    :class:`Kept`. With ``memo`` (kept by the caller for this block and these weights),
    each pattern's gains and inverses are computed once for every column and the changed
    columns read theirs, while the patterns are at most :data:`MAX_PATTERNS`.

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import loop_of_two
    >>> comp, block = loop_of_two()
    >>> found = direct(None, block, np.array([[0.5, 4.0], [0.5, 1.0]]), None)
    >>> found.gain.round(3).tolist(), found.inverse[0].round(3).tolist()
    ([0.5, 2.0], [[1.333, 0.667], [0.667, 1.333]])
    >>> solved(found, block, np.array([[0.5, 4.0], [0.5, 1.0]]), None, np.ones((2, 2)))[:, 0]
    array([2., 2.])
    """
    columns, size = w.shape[1], len(block.nodes)
    if active is not None:  # additive mode: one set of conditions for every column
        active = np.broadcast_to(active, (active.shape[0], columns))
    pattern = np.ones((0, columns), dtype=bool) if active is None else active
    keep = columns * size * size <= KEPT_FLOATS
    if kept is None or kept.pattern.shape != pattern.shape:
        todo = np.ones(columns, dtype=bool)
        gain = np.zeros(columns)
        inverse = np.zeros((columns, size, size)) if keep else None
    else:
        todo = (pattern != kept.pattern).any(axis=0)
        gain, inverse = kept.gain, kept.inverse
    if todo.any() and not _from_memo(memo, (block, w, pattern), todo, (gain, inverse)):
        rules = None if active is None else active[:, todo]
        part = _block_matrices(block.inside, size, w[:, todo], rules)
        found = gains(part)
        gain[todo] = found
        if inverse is not None:
            part[~(found < STABLE)] = 0.0  # running away: left out or raised, never solved
            inverse[todo] = np.linalg.inv(np.eye(size) - part)
    return Kept(pattern.copy(), gain, inverse)


def _from_memo(
    memo: dict[bytes, Kept] | None,
    loop: tuple[Block, np.ndarray, np.ndarray],
    todo: np.ndarray,
    into: tuple[np.ndarray, np.ndarray | None],
) -> bool:
    """Fill the columns ``todo`` of ``into`` (gains, inverses) from their patterns' kept
    solves, computing a pattern's for every column the first time it is met; False (the
    caller computes them) when there is no memo or the patterns are too many to keep."""
    block, w, pattern = loop
    gain, inverse = into
    if memo is None or inverse is None or not len(pattern):
        return False
    kinds, which = patterns(pattern[:, todo])
    if len(memo) + sum(k.tobytes() not in memo for k in kinds) > MAX_PATTERNS:
        return False
    columns = np.flatnonzero(todo)
    for k, kind in enumerate(kinds):
        key = kind.tobytes()
        if key not in memo:
            every = np.broadcast_to(kind[:, None], (len(kind), w.shape[1]))
            memo[key] = direct(None, block, w, every)
        mine = columns[which.reshape(-1) == k]
        gain[mine] = memo[key].gain[mine]
        inverse[mine] = memo[key].inverse[mine]  # type: ignore[index]
    return True


def solved(
    kept: Kept, block: Block, w: np.ndarray, active: np.ndarray | None, rhs: np.ndarray
) -> np.ndarray:
    """A loop solved per column, ``(I - A)^-1 rhs``, by ``kept``'s inverses, or (too large to
    keep) by solving each column's system afresh; the loop contracts in every column.

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import loop_of_two
    >>> comp, block = loop_of_two()
    >>> w = np.array([[0.5], [0.5]])
    >>> kept = direct(None, block, w, None)
    >>> solved(kept, block, w, None, np.array([[1.0], [0.0]])).round(3).ravel().tolist()
    [1.333, 0.667]
    """
    if kept.inverse is None:
        matrix = _block_matrices(block.inside, len(block.nodes), w, active)
        eye = np.eye(len(block.nodes))
        return np.asarray(np.linalg.solve(eye - matrix, rhs.T[:, :, None])[:, :, 0].T)
    if kept.inverse.shape[0] == 1:
        return np.asarray(kept.inverse[0] @ rhs)
    return per_column(kept.inverse, rhs)
