"""Loops of a compiled graph: their gain, and which one is behind a value that ran away.

Examples
--------
>>> import numpy as np
>>> from macrograph.graph.engine.compile import compile_pack
>>> from macrograph.graph.synthetic import pack_of, rule
>>> comp = compile_pack(pack_of([rule("a_to_b", "a", "b", 0.5), rule("b_to_a", "b", "a", 0.5)]))
>>> round(loop_gain(comp, np.array([comp.index["a"], comp.index["b"]])), 12)
0.5
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from macrograph.graph.engine.compile import Compiled, strongly_connected


def loop_gain(comp: Compiled, block: np.ndarray, weight: np.ndarray | None = None) -> float:
    """Spectral radius of the rules among ``block`` (all lags summed): a loop's gain.

    For a single loop it is the round trip's gain to the power 1 / (number of rules).
    ``weight`` gives the rules' signed elasticities (default the pack's).

    Examples
    --------
    >>> from macrograph.graph.engine.compile import compile_pack
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> comp = compile_pack(pack_of([rule("ab", "a", "b", 2.0), rule("ba", "b", "a", 0.125)]))
    >>> round(loop_gain(comp, np.array([0, 1])), 9)  # a round trip of 0.25, over two rules
    0.5
    >>> round(loop_gain(comp, np.array([0, 1]), weight=np.array([2.0, 2.0])), 9)  # runs away
    2.0
    """
    local = {int(n): i for i, n in enumerate(block.tolist())}
    matrix = np.zeros((len(block), len(block)))
    edges = comp.edges
    weights = (edges.weight if weight is None else weight).tolist()
    for s, t, w in zip(edges.src.tolist(), edges.tgt.tolist(), weights, strict=True):
        if s in local and t in local:
            matrix[local[t], local[s]] += w
    if not matrix.any():
        return 0.0
    return float(np.abs(np.linalg.eigvals(matrix)).max())


def in_loop_order(comp: Compiled, nodes: Sequence[int]) -> list[int] | None:
    """``nodes`` in the order of the one loop their rules make, from the first node; None
    when the rules among them make more than one loop (a branch or a shortcut), so that
    they are a set, not a loop.

    Examples
    --------
    >>> from macrograph.graph.engine.compile import compile_pack
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> comp = compile_pack(pack_of([rule("ab", "a", "b", 1.0), rule("bc", "b", "c", 1.0),
    ...                              rule("ca", "c", "a", 1.0)]))
    >>> [comp.node_ids[n] for n in in_loop_order(comp, sorted(comp.index.values()))]
    ['a', 'b', 'c']
    """
    inside = set(nodes)
    succ: dict[int, int] = {}
    for s, t in zip(comp.edges.src.tolist(), comp.edges.tgt.tolist(), strict=True):
        if s in inside and t in inside and succ.setdefault(s, t) != t:
            return None  # two ways on from one node: not a single loop
    if not nodes or set(succ) != inside:
        return None
    order = [nodes[0]]
    while succ[order[-1]] != nodes[0]:
        if succ[order[-1]] in order:
            return None
        order.append(succ[order[-1]])
    return order if len(order) == len(inside) else None


def growing_loop(comp: Compiled, size: np.ndarray) -> list[int]:
    """The loop (strongly connected component over all rules) behind the largest value.

    ``size`` is each node's largest absolute value; among the loops upstream of the
    largest node, the one holding the largest value is returned.

    Examples
    --------
    >>> from macrograph.graph.engine.compile import compile_pack
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> loop = [rule("ab", "a", "b", 2), rule("ba", "b", "a", 1), rule("bc", "b", "c", 1)]
    >>> comp = compile_pack(pack_of(loop))
    >>> growing_loop(comp, np.array([10.0, 20.0, 1e13]))  # c ran away; the loop a-b feeds it
    [0, 1]
    """
    succ: list[list[int]] = [[] for _ in range(comp.size)]
    pred: list[list[int]] = [[] for _ in range(comp.size)]
    for s, t in zip(comp.edges.src.tolist(), comp.edges.tgt.tolist(), strict=True):
        succ[s].append(t)
        pred[t].append(s)
    worst = int(np.argmax(size))
    upstream = _reach(pred, worst)
    loops = [
        c
        for c in strongly_connected(comp.size, succ)
        if c[0] in upstream and (len(c) > 1 or c[0] in succ[c[0]])
    ]
    if not loops:
        return [worst]
    return max(loops, key=lambda c: (float(size[c].max()), -c[0]))


def _reach(pred: list[list[int]], start: int) -> set[int]:
    seen, todo = {start}, [start]
    while todo:
        for prev in pred[todo.pop()]:
            if prev not in seen:
                seen.add(prev)
                todo.append(prev)
    return seen
