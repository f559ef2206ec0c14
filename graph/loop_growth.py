"""Loops that grow at their rules' own sizes, for ``lint``.

rules/ finds loops by their gains along simple cycles, which says nothing of a loop
through a stock or a fading rule (a stock that feeds its own inflow grows whatever the
gain). This reads the pack as the engine does before a Monte Carlo runs
(:func:`~macrograph.graph.engine.stability.unstable_draws`), at the rules' own sizes and
with every node reachable: a set of nodes whose step grows would make every what-if that
reaches it refused, though the pack loads and lints clean. Zero-lag loops are lint's own
(an error there) and are not repeated.

Examples
--------
A stock ``a`` that feeds its own inflow ``b``, with nothing draining it:

>>> from macrograph.graph.synthetic import pack_of, rule
>>> inflow = rule("b_a", "b", "a", 0.1, integrate=True)  # a grows by a tenth of b a period
>>> pack = pack_of([rule("a_b", "a", "b", 0.5), inflow])
>>> [(g.nodes, g.rules, round(g.growth, 2)) for g in growing_loops(pack)]
[(('a', 'b'), ('a_b', 'b_a'), 1.05)]
"""

from __future__ import annotations

import numpy as np
from msgspec import Struct

from macrograph.graph.engine.compile import compile_pack
from macrograph.graph.engine.stability import unstable_draws, within
from macrograph.rules.pack import Pack


class GrowingLoop(Struct, frozen=True):
    """A strongly connected set of nodes that grows at its rules' own sizes: its nodes and
    the rules among them (ids, sorted), and its growth per period (the spectral radius of
    its one-period step: 1.05 grows 5% a period)."""

    nodes: tuple[str, ...]
    rules: tuple[str, ...]
    growth: float


def growing_loops(pack: Pack) -> tuple[GrowingLoop, ...]:
    """The sets of ``pack``'s nodes whose linear system grows at the rules' own sizes (the
    rules a ``when`` leaves on at the baselines), in node order; zero-lag loops aside.

    Examples
    --------
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> inflow = rule("b_a", "b", "a", -0.1, integrate=True)
    >>> growing_loops(pack_of([rule("a_b", "a", "b", 0.5), inflow]))  # the stock settles
    ()
    """
    comp = compile_pack(pack)
    if not len(comp.edges):
        return ()
    own = comp.edges.weight[:, None]
    every = dict.fromkeys(range(len(comp.node_ids)), 0)
    found = []
    for unstable in unstable_draws(comp, own, every):
        if unstable.kind != "system":
            continue
        inside = within(comp, list(unstable.nodes))
        rules = sorted(comp.edges.rule_ids[i] for i in np.flatnonzero(inside))
        nodes = tuple(comp.node_ids[n] for n in unstable.nodes)
        found.append(GrowingLoop(nodes, tuple(rules), unstable.gain))
    return tuple(found)
