"""Build the causal graph: a networkx MultiDiGraph whose edges are the pack's rules.

Nodes carry the node model (``node``); edges are keyed by rule id and carry the few
numbers algorithms need: ``rule``, ``kind``, ``channel``, ``sign`` (how the target moves as
the source rises; see :func:`_comoves`), ``elasticity`` (None when unquantified), ``lag``
(days) and ``gated`` (True for a rule that acts only while its ``when`` condition holds).
"""

from __future__ import annotations

import networkx as nx

from macrograph.rules.models import MAGNITUDE_KINDS, AnyRule
from macrograph.rules.pack import Pack


def build_graph(pack: Pack) -> nx.MultiDiGraph:
    """The pack as a multigraph, nodes and edges added in id order.

    Examples
    --------
    >>> from macrograph.graph.synthetic.policy import policy_pack
    >>> g = build_graph(policy_pack())
    >>> g.edges["path", "price", "path_lowers_price"]["sign"], sorted(g.nodes)
    (-1, ['path', 'price', 'rate', 'stock'])
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
            sign=_comoves(rule),
            elasticity=None if magnitude is None else rule.scale * magnitude.elasticity,
            lag=rule.lag_days,
            gated=rule.when is not None,
        )
    return graph


def _comoves(rule: AnyRule) -> int:
    """+1 when the target moves with the source, -1 against it, 0 when neither holds."""
    return rule.comoves
