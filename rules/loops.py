"""One loop finder, with one set of limits, for ``lint``'s checks and ``macrograph loops``.

Examples
--------
>>> import networkx as nx
>>> list(simple_loops(nx.DiGraph([("b", "a"), ("a", "b"), ("c", "c")])))
[['c'], ['a', 'b']]
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import networkx as nx

MAX_LOOPS = 2000
"""Loops read at most: a dense pack has more than anyone reads, and finding them all costs."""
MAX_LOOP_LENGTH = 12
"""Nodes in a loop at most."""


def simple_loops(graph: nx.DiGraph | nx.MultiDiGraph) -> Iterator[list[str]]:
    """The graph's simple cycles, at most :data:`MAX_LOOPS` of at most
    :data:`MAX_LOOP_LENGTH` nodes, each starting at its least node id (networkx starts them
    anywhere), in networkx's order.

    Examples
    --------
    >>> list(simple_loops(nx.DiGraph([("b", "c"), ("c", "a"), ("a", "b")])))
    [['a', 'b', 'c']]
    """
    cycles = nx.simple_cycles(nx.DiGraph(graph), length_bound=MAX_LOOP_LENGTH)
    for cycle in itertools.islice(cycles, MAX_LOOPS):
        start = cycle.index(min(cycle))
        yield cycle[start:] + cycle[:start]
