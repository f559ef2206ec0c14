"""Questions asked of the graph: paths between two nodes, loops, causes and effects.

Plain functions over the MultiDiGraph of :func:`macrograph.graph.build.build_graph`.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

import networkx as nx
from msgspec import Struct

from macrograph.graph.errors import UnknownNodeError
from macrograph.rules.english.suggest import closest
from macrograph.rules.loops import simple_loops

MAX_PATHS = 500


class Path(Struct, frozen=True):
    """A chain of rules with its composite sign and, when every rule is sized, elasticity;
    ``gated`` names its rules that act only while their ``when`` condition holds."""

    nodes: tuple[str, ...]
    rules: tuple[str, ...]
    sign: int
    elasticity: float | None
    lag: int
    gated: tuple[str, ...] = ()


class Loop(Struct, frozen=True):
    """A feedback loop: reinforcing (gain > 0) or balancing (gain < 0); ``gated`` names its
    rules that act only while their ``when`` condition holds (the loop closes only then)."""

    nodes: tuple[str, ...]
    rules: tuple[str, ...]
    polarity: str
    gain: float | None
    lag: int
    gated: tuple[str, ...] = ()


class Tree(Struct, frozen=True):
    """A causes or effects tree: a node, the rule reaching it, and its children."""

    node: str
    rule: str | None
    sign: int
    children: tuple[Tree, ...]


def _check(graph: nx.MultiDiGraph, *nodes: str) -> None:
    for node in nodes:
        if node not in graph:
            raise UnknownNodeError(node, closest(node, graph, cutoff=50))


def _chain(
    graph: nx.MultiDiGraph, nodes: list[str], edges: tuple[Any, ...]
) -> tuple[tuple[str, ...], int, float | None, int]:
    rules: list[str] = []
    sign, lag = 1, 0
    gain: float | None = 1.0
    for (a, b), key in zip(itertools.pairwise(nodes), edges, strict=True):
        data = graph.edges[a, b, key]
        rules.append(key)
        sign *= data["sign"]
        lag += data["lag"]
        gain = None if gain is None or data["elasticity"] is None else gain * data["elasticity"]
    return tuple(rules), sign, gain, lag


SURPRISE = "surprise:"
"""The key prefix of the implicit link from a decision to its market-implied path."""


def paths(
    graph: nx.MultiDiGraph,
    source: str,
    target: str,
    cutoff: int = 8,
    surprises: Mapping[str, str] | None = None,
) -> list[Path]:
    """All simple paths (one per choice of rule) from ``source`` to ``target``, strongest first.

    ``surprises`` maps a decision node to its ``expectations`` node: the decision moves
    the market-implied path by its surprise (one for one), an implicit link keyed
    ``surprise:<decision>``, so the route a surprise takes is listed too.

    Examples
    --------
    >>> from macrograph.graph.build import build_graph
    >>> from macrograph.graph.synthetic.policy import policy_pack
    >>> graph = build_graph(policy_pack())  # rate's surprise moves path, which lowers price
    >>> found = paths(graph, "path", "price")
    >>> found[0].rules, found[0].sign
    (('path_lowers_price',), -1)
    >>> paths(graph, "rate", "price")  # a decision reaches the path by its surprise alone
    []
    >>> paths(graph, "rate", "price", surprises={"rate": "path"})[0].rules
    ('surprise:rate', 'path_lowers_price')
    """
    _check(graph, source, target)
    if surprises:
        graph = graph.copy()
        for decision, implied in sorted(surprises.items()):
            if decision in graph and implied in graph:
                link = {"sign": 1, "elasticity": 1.0, "lag": 0}
                graph.add_edge(decision, implied, key=SURPRISE + decision, **link)
    if source == target:  # a simple path cannot come back: that is a loop (see loops())
        return []
    found = []
    for edge_path in itertools.islice(
        nx.all_simple_edge_paths(graph, source, target, cutoff=cutoff), MAX_PATHS
    ):
        nodes = [edge_path[0][0], *(e[1] for e in edge_path)]
        rules, sign, gain, lag = _chain(graph, nodes, tuple(e[2] for e in edge_path))
        gated = _gated(graph, edge_path)
        found.append(Path(tuple(nodes), rules, sign, gain, lag, gated))
    return sorted(found, key=lambda p: (-(abs(p.elasticity or 0.0)), len(p.nodes), p.rules))


def no_path_reason(graph: nx.MultiDiGraph, source: str, target: str) -> tuple[str, ...]:
    """The sources of the rules into ``target`` (empty: only a shock moves it), sorted.

    Examples
    --------
    >>> from macrograph.graph.build import build_graph
    >>> from macrograph.graph.synthetic.policy import policy_pack
    >>> graph = build_graph(policy_pack())
    >>> no_path_reason(graph, "price", "rate"), no_path_reason(graph, "stock", "price")
    ((), ('path',))
    """
    _check(graph, source, target)
    return tuple(sorted({a for a, _b in graph.in_edges(target)}))


def loops(graph: nx.MultiDiGraph) -> list[Loop]:
    """Simple feedback loops (bounded in length and number as lint's are,
    :func:`~macrograph.rules.loops.simple_loops`), each with polarity and gain: one per
    choice of rule where two rules join the same nodes, as :func:`paths` lists them (a loop
    that runs through either of two rules under opposite ``when`` conditions runs under
    each, with its own lag; one rule's condition alone would say it runs only there).

    Examples
    --------
    >>> from macrograph.graph.build import build_graph
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> ring = [rule("ab", "a", "b", 0.5), rule("ba", "b", "a", -0.5), rule("bc", "b", "c", 1)]
    >>> (loop,) = loops(build_graph(pack_of(ring)))
    >>> loop.nodes, loop.rules, loop.polarity, loop.gain
    (('a', 'b'), ('ab', 'ba'), 'balancing', -0.25)
    """
    found = []
    for nodes in simple_loops(graph):
        closed = [*nodes, nodes[0]]
        steps = list(itertools.pairwise(closed))
        choices = itertools.product(*(sorted(graph[a][b]) for a, b in steps))
        for keys in itertools.islice(choices, MAX_PATHS):
            rules, sign, gain, lag = _chain(graph, closed, keys)
            polarity = "reinforcing" if sign > 0 else "balancing" if sign < 0 else "uncertain"
            gated = _gated(graph, [(a, b, k) for (a, b), k in zip(steps, keys, strict=True)])
            found.append(Loop(tuple(nodes), rules, polarity, gain, lag, gated))
    return sorted(found, key=lambda loop: (loop.nodes, loop.rules))


def _gated(graph: nx.MultiDiGraph, edges: Any) -> tuple[str, ...]:
    """The keys of ``edges`` (``(a, b, key)`` triples) whose rule has a ``when`` condition."""
    return tuple(key for a, b, key in edges if graph.edges[a, b, key].get("gated"))


def causes(graph: nx.MultiDiGraph, node: str, depth: int = 3) -> Tree:
    """What drives ``node``: incoming rules, recursively to ``depth`` (no node repeated).

    Examples
    --------
    >>> from macrograph.graph.build import build_graph
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> chain = [rule("ab", "a", "b", 0.5), rule("bc", "b", "c", -1)]
    >>> tree = causes(build_graph(pack_of(chain)), "c")
    >>> [(t.node, t.rule, t.sign) for t in tree.children], tree.children[0].children[0].node
    ([('b', 'bc', -1)], 'a')
    """
    _check(graph, node)
    return _tree(graph, node, None, 1, depth, {node}, incoming=True)


def effects(graph: nx.MultiDiGraph, node: str, depth: int = 3) -> Tree:
    """What ``node`` drives: outgoing rules, recursively to ``depth`` (no node repeated).

    Examples
    --------
    >>> from macrograph.graph.build import build_graph
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> chain = [rule("ab", "a", "b", 0.5), rule("bc", "b", "c", -1)]
    >>> tree = effects(build_graph(pack_of(chain)), "a", depth=1)  # one rule out
    >>> [(t.node, t.rule, t.sign, t.children) for t in tree.children]
    [('b', 'ab', 1, ())]
    """
    _check(graph, node)
    return _tree(graph, node, None, 1, depth, {node}, incoming=False)


def _tree(
    graph: nx.MultiDiGraph,
    node: str,
    rule: str | None,
    sign: int,
    depth: int,
    seen: set[str],
    incoming: bool,
) -> Tree:
    if depth == 0:
        return Tree(node, rule, sign, ())
    edges = (
        graph.in_edges(node, keys=True, data=True)
        if incoming
        else graph.out_edges(node, keys=True, data=True)
    )
    children = []
    for a, b, key, data in sorted(edges, key=lambda e: e[2]):
        other = a if incoming else b
        if other not in seen:
            children.append(
                _tree(graph, other, key, data["sign"], depth - 1, seen | {other}, incoming)
            )
    return Tree(node, rule, sign, tuple(children))
