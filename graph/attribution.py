"""Attribution: split a node's move into shocks, paths of rules, and incoming channels.

For one input column of an additive run, the move along a simple path is the
input signal passed edge by edge (lag shift, rule on or off, elasticity, running
sum for stocks). On an acyclic graph the paths add up exactly to the column;
what loops add beyond simple paths is returned as its own ``feedback`` term.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from msgspec import Struct

from macrograph.graph.engine.compile import Compiled
from macrograph.graph.engine.kernel import passed_on, rule_series
from macrograph.graph.engine.steps import Run

MAX_PATH_EDGES = 10
MAX_PATHS = 4000
NEGLIGIBLE = 1e-10


class PathSeries(Struct, frozen=True):
    """Every simple path from one node, depth-first, with the series each carries to its end."""

    edges: list[tuple[int, ...]]  # each path's rules, as edge indices
    series: np.ndarray  # (paths, periods)


def out_edges(comp: Compiled) -> list[list[int]]:
    """Indices of the linear and integrate rules leaving each node, in rule-id order.

    Examples
    --------
    >>> from macrograph.graph.engine.compile import compile_pack
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> ab, ac, bc = rule("a_b", "a", "b", 0.5), rule("a_c", "a", "c", 1), rule("b_c", "b", "c", 2)
    >>> out_edges(compile_pack(pack_of([ab, ac, bc])))  # a's two rules, b's one, none from c
    [[0, 1], [2], []]
    """
    table: list[list[int]] = [[] for _ in range(comp.size)]
    for e, s in enumerate(comp.edges.src.tolist()):
        table[s].append(e)
    return table


def simple_paths_from(comp: Compiled, start: int, table: list[list[int]]) -> list[tuple[int, ...]]:
    """Every simple path (as edge tuples) leaving ``start``, depth-first, bounded.

    Examples
    --------
    >>> from macrograph.graph.engine.compile import compile_pack
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> ab, ac, bc = rule("a_b", "a", "b", 0.5), rule("a_c", "a", "c", 1), rule("b_c", "b", "c", 2)
    >>> comp = compile_pack(pack_of([ab, ac, bc]))
    >>> simple_paths_from(comp, comp.index["a"], out_edges(comp))  # a_b, a_b then b_c, a_c
    [(0,), (0, 2), (1,)]
    """
    found: list[tuple[int, ...]] = []
    stack: list[tuple[int, tuple[int, ...], frozenset[int]]] = [(start, (), frozenset([start]))]
    while stack and len(found) < MAX_PATHS:
        node, edges, seen = stack.pop()
        if edges:
            found.append(edges)
        if len(edges) >= MAX_PATH_EDGES:
            continue
        for e in reversed(table[node]):
            nxt = int(comp.edges.tgt[e])
            if nxt not in seen:
                stack.append((nxt, (*edges, e), seen | {nxt}))
    return found


def step_series(run: Run, node: int, columns: Sequence[int], periods: int) -> np.ndarray:
    """The cumulative exogenous input into ``node`` from the given columns.

    Examples
    --------
    >>> from macrograph.graph.engine.compile import compile_pack
    >>> from macrograph.graph.engine.steps import Injection, simulate
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> comp = compile_pack(pack_of([rule("a_b", "a", "b", 0.5)]))
    >>> run = simulate(comp, [Injection(comp.index["a"], 1, 0, -1.0)], 4, 1)
    >>> step_series(run, comp.index["a"], [0], 4).tolist()  # a step of -1 on the second period
    [0.0, -1.0, -1.0, -1.0]
    """
    series = np.zeros(periods)
    wanted = set(columns)
    for period, target, column, amount in run.steps:
        if target == node and column in wanted:
            series[period] += amount
    return np.cumsum(series)


def carry(comp: Compiled, run: Run, edge: int, column: int, signal: np.ndarray) -> np.ndarray:
    """What ``edge`` passes on when its source moves by ``signal``: shifted by its lag,
    faded, weighted, switched by its condition, and summed up for a stock.

    Examples
    --------
    >>> from macrograph.graph.engine.compile import compile_pack
    >>> from macrograph.graph.engine.steps import Injection, simulate
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> comp = compile_pack(pack_of([rule("a_b", "a", "b", 0.5, lag=1)]))
    >>> run = simulate(comp, [Injection(comp.index["a"], 0, 0, -1.0)], 4, 1)
    >>> carry(comp, run, 0, 0, np.array([-1.0, -1.0, -1.0, -1.0])).tolist()  # a period late
    [0.0, -0.5, -0.5, -0.5]
    """
    return np.asarray(_carry_rows(comp, run, np.array([edge]), column, signal[None, :])[0])


def path_series(
    comp: Compiled, run: Run, column: int, start: int, table: list[list[int]]
) -> PathSeries:
    """Every simple path from ``start`` with the series it carries for ``column``.

    The paths one rule longer are extended together: each row is its parent's series passed
    through its last rule, as :func:`carry` passes one (the same operations, row by row).

    Examples
    --------
    >>> from macrograph.graph.propagate import calendar_for, compiled
    >>> from macrograph.graph.worlds import simulate_world
    >>> from macrograph.graph.scenarios import resolve_text
    >>> from macrograph.graph.synthetic import pack_of, rule, slump_pack
    >>> slump = slump_pack().scenarios["a-slumps"]  # a falls by one
    >>> ab, ac = rule("a_b", "a", "b", 0.5), rule("a_c", "a", "c", 1.0)
    >>> pack = pack_of([ab, ac, rule("b_c", "b", "c", 2.0, lag=1)], scenarios=[slump])
    >>> spec = resolve_text(pack, "a-slumps")
    >>> run = simulate_world(pack, spec, calendar_for(pack, [spec], ("1w",))).run
    >>> _, start, column, _ = run.steps[0]
    >>> comp = compiled(pack)
    >>> found = path_series(comp, run, column, start, out_edges(comp))
    >>> found.edges  # a_b, a_b then b_c, a_c
    [(0,), (0, 2), (1,)]
    >>> found.series[:, :3].tolist()  # b_c a period late
    [[-0.5, -0.5, -0.5], [0.0, -1.0, -1.0], [-1.0, -1.0, -1.0]]
    """
    periods = run.history.shape[0]
    signal = step_series(run, start, [column], periods)
    paths = simple_paths_from(comp, start, table)
    series = np.empty((len(paths), periods))
    index = {p: i for i, p in enumerate(paths)}
    depth = np.array([len(p) for p in paths], dtype=int)
    for d in range(1, int(depth.max(initial=0)) + 1):
        rows = np.flatnonzero(depth == d)
        edges = np.array([paths[i][-1] for i in rows], dtype=int)
        parents = [index[paths[i][:-1]] for i in rows] if d > 1 else []
        source = series[parents] if d > 1 else np.broadcast_to(signal, (len(rows), periods))
        series[rows] = _carry_rows(comp, run, edges, column, source)
    return PathSeries(paths, series)


def _carry_rows(
    comp: Compiled, run: Run, edges: np.ndarray, column: int, signals: np.ndarray
) -> np.ndarray:
    """:func:`carry` of each row of ``signals`` through the edge of the same row."""
    return passed_on(rule_series(comp, edges, run.masks[:, edges, column].T), signals)


def in_edges(comp: Compiled) -> list[list[int]]:
    """Indices of the linear and integrate rules entering each node (computed once per pack).

    Examples
    --------
    >>> from macrograph.graph.engine.compile import compile_pack
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> ab, ac, bc = rule("a_b", "a", "b", 0.5), rule("a_c", "a", "c", 1), rule("b_c", "b", "c", 2)
    >>> in_edges(compile_pack(pack_of([ab, ac, bc])))  # none into a, a_b into b, two into c
    [[], [0], [1, 2]]
    """
    table: list[list[int]] = comp.cache.get("in_edges", [])
    if not table:
        table = [[] for _ in range(comp.size)]
        for e, t in enumerate(comp.edges.tgt.tolist()):
            table[t].append(e)
        comp.cache["in_edges"] = table
    return table


def channel_series(comp: Compiled, run: Run, node: int, total: np.ndarray) -> dict[int, np.ndarray]:
    """Per incoming rule whose source moves, what it adds to ``node`` given the run's
    ``total`` (columns summed): a rule from a node that stays put passes nothing on, so
    the work follows the moves, not the size of the pack.

    Examples
    --------
    >>> from macrograph.graph.engine.compile import compile_pack
    >>> from macrograph.graph.engine.steps import Injection, simulate
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> ab, ac = rule("a_b", "a", "b", 0.5), rule("a_c", "a", "c", 1.0)
    >>> comp = compile_pack(pack_of([ab, ac, rule("b_c", "b", "c", 2.0, lag=1)]))
    >>> run = simulate(comp, [Injection(comp.index["a"], 0, 0, -1.0)], 3, 1)
    >>> parts = channel_series(comp, run, comp.index["c"], run.history.sum(axis=2))
    >>> {e: s.tolist() for e, s in parts.items()}  # a_c at once, b_c a period late
    {1: [-1.0, -1.0, -1.0], 2: [0.0, -1.0, -1.0]}
    """
    edges = np.array(in_edges(comp)[node], dtype=int)
    sources = comp.edges.src[edges]
    moving = edges[np.abs(total[:, sources]).max(axis=0, initial=0.0) > 0.0]
    if not len(moving):
        return {}
    # every rule at once, as carry() passes each on (the same operations, row by row)
    rows = _carry_rows(comp, run, moving, 0, total[:, comp.edges.src[moving]].T)
    return dict(zip(moving.tolist(), rows, strict=True))


def dominance(parts: Sequence[float]) -> float:
    """W = |sum| / sum of |parts|: 1 when every part pulls one way, 0 when they cancel.

    Examples
    --------
    >>> dominance([3.0, -1.0])
    0.5
    >>> dominance([])
    1.0
    """
    gross = float(sum(abs(p) for p in parts))
    if gross <= NEGLIGIBLE:
        return 1.0
    return abs(float(sum(parts))) / gross
