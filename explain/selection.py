"""What a document reports: the table's rows, the key outcomes, the thresholds worth telling.

One policy for every document: the what-if table and its charts, the briefing note, the
side-by-side views and the lesson read their rows and key outcomes here, so that each
shows the same nodes for the same result. Sizes are judged in notable moves of a node's
unit (:func:`~macrograph.explain.contexts.base.salience`) or against its own scale
(:func:`~macrograph.explain.contexts.base.outcome_scale`); nothing here names a node.

Examples
--------
>>> from macrograph.graph.synthetic.runs import slump_answer
>>> pack, result = slump_answer()
>>> set(key_outcomes(pack, result, "3m")) <= set(reported(pack, result, "3m"))
True
"""

from __future__ import annotations

from macrograph.explain.contexts.base import (
    differing_shocks,
    group_order,
    node_groups,
    outcome_scale,
    salience,
    shocked,
)
from macrograph.explain.filters import shows
from macrograph.explain.wording.speaking import speaks_pack
from macrograph.graph.result import Result
from macrograph.rules.models import ThresholdRule
from macrograph.rules.pack import Pack

REPORTED_AT, KEY_AT = 0.1, 0.5  # notable moves of the unit; share of the node's own scale
# A policy action a rule moves (a control rule's quota cut, a price that reacts to a level)
# is the model's answer about the policy, as much as any flow: it keeps its row.
TABLE_KINDS = ("rate", "asset", "flow", "policy_action")


@speaks_pack
def reported(pack: Pack, result: Result, h: str) -> list[str]:
    """Outcomes worth a table row: moved rates, prices, flows and policy actions not shocked
    directly, every key outcome that moves at some horizon, and the node of each shock that
    differs from the comparison and is no decision (:func:`_shocked_nodes`), in group order,
    the largest first within a group.

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> reported(pack, result, "3m")  # b moved; a is the node of the shock
    ['a', 'b']
    """
    groups = node_groups(pack)
    # A key outcome that moved at any horizon keeps its row: a move that has faded by ``h``
    # (the warming after an eruption) is still the one a reader came for.
    keys = {n for at in result.horizons for n in key_outcomes(pack, result, at)}
    keys |= set(_shocked_nodes(result))
    found = [
        n.id
        for n in result.nodes.values()
        if n.id in keys
        or (
            n.kind in TABLE_KINDS
            and not shocked(n)
            and max(salience(x, n.unit) for x in n.delta.values()) >= REPORTED_AT
        )
    ]
    headings = group_order(pack)

    def order(node_id: str) -> tuple[int, float, str]:
        group = groups[node_id]
        rank = headings.index(group) if group in headings else len(headings)
        node = result.nodes[node_id]
        return rank, -salience(node.delta[h], node.unit), node_id

    return sorted(found, key=order)


def _shocked_nodes(result: Result) -> tuple[str, ...]:
    """The nodes of the shocks that differ from the comparison and are no decision (a
    decision and its market-implied path are told in the headline)."""
    moved = differing_shocks(result)
    return tuple(dict.fromkeys(s.node for s in moved if s.surprise is None))


@speaks_pack
def key_outcomes(pack: Pack, result: Result, h: str) -> tuple[str, ...]:
    """The pack's ``key_outcomes`` that move; else every node of any kind, not shocked
    directly, that moves by at least half its scale (:func:`outcome_scale`) at ``h``.

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> key_outcomes(pack, result, "3m")
    ('b',)
    """
    if pack.info.key_outcomes:
        listed = pack.info.key_outcomes
        return tuple(n for n in listed if shows(result.nodes[n].delta[h], result.nodes[n].unit))
    return tuple(
        n.id
        for n in result.nodes.values()
        if not shocked(n) and abs(n.delta[h]) / outcome_scale(pack.nodes[n.id]) >= KEY_AT
    )


@speaks_pack
def key_nodes_of(pack: Pack, result: Result, h: str) -> tuple[str, ...]:
    """The rows of a briefing note's key table: every one of the pack's ``key_outcomes``
    (those that do not move too), else the nodes that move notably (:func:`key_outcomes`).

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> key_nodes_of(pack, result, "3m")
    ('b',)
    """
    return pack.info.key_outcomes or key_outcomes(pack, result, h)


def relevant_thresholds(result: Result, pack: Pack) -> tuple[str, ...]:
    """Threshold rules that fired, or whose source the scenario moves.

    Examples
    --------
    Of two threshold rules, only ``r0000012``'s source is shocked (neither fires):

    >>> from macrograph import propagate, RunOptions
    >>> from macrograph.graph.synthetic import Shape, synthetic_pack
    >>> pack = synthetic_pack(12, shape=Shape(thresholds=2, layers=3))
    >>> result = propagate(pack, "synthetic", RunOptions(draws=0))
    >>> relevant_thresholds(result, pack), result.events
    (('r0000012',), ())
    """
    fired = {e.rule for e in result.events}
    return tuple(
        r.id
        for r in pack.rules.values()
        if isinstance(r, ThresholdRule)
        and (
            r.id in fired
            or any(
                shows(x, pack.nodes[r.source].unit) for x in result.nodes[r.source].delta.values()
            )
        )
    )
