"""The lesson's steps in teaching order: from the shock along the chain to the key outcomes.

A link's weight is the largest share of a key outcome's move (at the chain's horizon) that
the paths through the link carry: the paths of
:attr:`~macrograph.graph.result.NodeOutcome.contributions` over the sum of the absolute
amounts of every contribution to that outcome. Steps go hop by hop from the shock, the
heaviest link of a hop first. The shock's own links always stand as steps of their own;
every other link under :data:`FOLD_SHARE` of each key outcome's move is folded into one
last "smaller links" step. The key outcomes are the what-if's
(:func:`~macrograph.explain.selection.key_outcomes`: the pack's ``key_outcomes``
that move, else the nodes that move by at least half their scale); when none moves, the
nodes the chain arrives at stand in for them.

Examples
--------
>>> from macrograph.explain.diagram.chain import select_chain
>>> from macrograph.graph.synthetic import pack_of, rule
>>> from macrograph.graph.synthetic.runs import shocked
>>> pack = pack_of([rule("ab", "a", "b", 1.0), rule("ac", "a", "c", 0.02),
...                 rule("cb", "c", "b", 1.0)])  # through c, b gets 2% of its move
>>> result = shocked(pack, "a", -1.0)
>>> chain = select_chain(pack, result)
>>> steps = teaching_steps(pack, result, chain)
>>> [([chain.links[i].rule for i in s.links], s.folded) for s in steps]
[([''], False), (['ab'], False), (['ac'], True)]
"""

from __future__ import annotations

from collections.abc import Iterable

from msgspec import Struct

from macrograph.explain.diagram.chain import NEGLIGIBLE, Chain, hops_of
from macrograph.explain.selection import key_outcomes
from macrograph.graph.result import Result
from macrograph.rules.pack import Pack

FOLD_SHARE = 0.05  # a link under 5% of every key outcome's move joins the "smaller links" step

Hop = tuple[str, str, str]  # (source, target, rule); rule "" for a shock's own link


class Step(Struct, frozen=True):
    """One step of a lesson: the chain's links it lights (indices into ``chain.links``).

    ``folded`` marks the last step that lights every smaller link at once; ``weight`` is
    the largest share of a key outcome's move its links carry.
    """

    n: int
    links: tuple[int, ...]
    hop: int
    weight: float
    folded: bool = False


def outcomes(pack: Pack, result: Result, chain: Chain) -> tuple[str, ...]:
    """The key outcomes at the chain's horizon; else the nodes the chain arrives at.

    Examples
    --------
    >>> from macrograph.explain.diagram.chain import select_chain
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> outcomes(pack, result, select_chain(pack, result))
    ('b',)
    """
    found = key_outcomes(pack, result, chain.horizon)
    if found:
        return found
    sources = {link.source for link in chain.links}
    return tuple(sorted({link.target for link in chain.links} - sources))


def hop_weights(result: Result, h: str, nodes: Iterable[str]) -> dict[Hop, float]:
    """For every hop on a path into ``nodes``, the largest share of one node's move at ``h``
    that the paths through the hop carry.

    Examples
    --------
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> from macrograph.graph.synthetic.runs import shocked
    >>> pack = pack_of([rule("ab", "a", "b", 1.0), rule("ac", "a", "c", 1.0),
    ...                 rule("cb", "c", "b", 0.05)])  # b: -1 straight from a, -0.05 via c
    >>> result = shocked(pack, "a", -1.0)
    >>> weights = hop_weights(result, "3m", ["b"])
    >>> {rule: round(w, 3) for (_source, _target, rule), w in weights.items()}
    {'': 1.0, 'ab': 0.952, 'ac': 0.048, 'cb': 0.048}
    """
    weights: dict[Hop, float] = {}
    for node in nodes:
        outcome = result.nodes[node]
        gross = sum(abs(c.amount[h]) for c in outcome.contributions)
        if gross <= NEGLIGIBLE:
            continue
        carried: dict[Hop, float] = {}
        for c in outcome.contributions:
            if c.kind in ("path", "shock"):
                for hop in dict.fromkeys(hops_of(c)):
                    carried[hop] = carried.get(hop, 0.0) + abs(c.amount[h]) / gross
        # a rule into the node carries at least what it adds to it, feedback through a loop
        # included (a loop's share is in no path: 'Feedback loops add ...')
        for channel in outcome.channels:
            hop = (channel.source, node, channel.rule)
            if channel.rule:
                carried[hop] = max(carried.get(hop, 0.0), abs(channel.amount[h]) / gross)
        for hop, share in carried.items():
            weights[hop] = max(weights.get(hop, 0.0), share)
    return weights


def teaching_steps(pack: Pack, result: Result, chain: Chain) -> tuple[Step, ...]:
    """The chain's links as lesson steps: by hop, heaviest first, smaller links folded last.

    Examples
    --------
    >>> from macrograph.explain.diagram.chain import select_chain
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> chain = select_chain(pack, result)
    >>> [(s.n, [chain.links[i].rule for i in s.links]) for s in teaching_steps(pack, result, chain)]
    [(1, ['']), (2, ['a_to_b'])]
    """
    weights = hop_weights(result, chain.horizon, outcomes(pack, result, chain))
    weight = [weights.get((x.source, x.target, x.rule), 0.0) for x in chain.links]
    order = sorted(range(len(chain.links)), key=lambda i: (chain.links[i].hop, -weight[i], i))
    kept = [i for i in order if not chain.links[i].rule or weight[i] >= FOLD_SHARE]
    small = [i for i in order if i not in set(kept)]
    steps = [Step(n, (i,), chain.links[i].hop, weight[i]) for n, i in enumerate(kept, 1)]
    if small:
        hop = max(chain.links[i].hop for i in small)
        heaviest = max(weight[i] for i in small)
        steps.append(Step(len(steps) + 1, tuple(small), hop, heaviest, folded=True))
    return tuple(steps)
