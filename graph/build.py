"""Build the causal graph: a networkx MultiDiGraph whose edges are the pack's rules.

Nodes carry the node model (``node``); edges are keyed by rule id and carry the
few numbers algorithms need: ``rule``, ``kind``, ``channel``, ``sign``,
``elasticity`` (None when unquantified) and ``lag`` (days).
"""

from __future__ import annotations

import networkx as nx

from macrograph.rules.models import MAGNITUDE_KINDS
from macrograph.rules.pack import Pack


def build_graph(pack: Pack) -> nx.MultiDiGraph:
    """The pack as a multigraph, nodes and edges added in id order.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> g = build_graph(load_pack())
    >>> g.edges["boj_rate_expectations", "jgb_10y", "boj_path_lifts_jgb"]["sign"]
    1
    """
    graph = nx.MultiDiGraph(pack=pack.info.id)
    for node_id in sorted(pack.nodes):
        graph.add_node(node_id, node=pack.nodes[node_id])
    for rule_id in sorted(pack.rules):
        rule = pack.rules[rule_id]
        magnitude = getattr(rule, "magnitude", None) if rule.kind in MAGNITUDE_KINDS else None
        graph.add_edge(
            rule.source,
            rule.target,
            key=rule.id,
            rule=rule.id,
            kind=rule.kind,
            channel=rule.channel,
            sign=rule.sign,
            elasticity=None if magnitude is None else rule.scale * magnitude.elasticity,
            lag=rule.lag_days,
        )
    return graph
