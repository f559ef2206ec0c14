"""A decision said alone, its actor left out ('a 50 basis point hike', 'cut 25bp'): in a
pack with one policy node that decides against a priced path, that node's decision.

Examples
--------
>>> from macrograph.graph.synthetic import units_pack
>>> sole_decision(units_pack(), "a 50 bp hike") is None  # no node with a priced path
True
"""

from __future__ import annotations

from macrograph.graph.words.naming import name_index
from macrograph.graph.words.unitwords import pack_units, read_size
from macrograph.graph.words.verbs import lexicon
from macrograph.rules.pack import Pack

LINKS = frozenset(["a", "an", "the", "of", "by"])
"""Words a decision said as a noun may take around its size ('a hike of 50bp')."""


def sole_decision(pack: Pack, clause: str) -> str | None:
    """``clause`` with the name of the pack's one decision node before its decision word
    and size ('overnight rate hike 50 bp'), where the clause holds nothing but a decision
    word of the lexicon, a size, words of that node's names and a few links; None
    otherwise (no such node, or several: an actor left out is then no one in particular).

    Examples
    --------
    >>> from macrograph.graph.synthetic_policy import policy_pack
    >>> sole_decision(policy_pack(), "a 25 bp cut")
    'rate cut 25 bp'
    >>> sole_decision(policy_pack(), "a 25 bp cut in oil") is None
    True
    """
    deciding = [n for n in pack.nodes.values() if n.expectations is not None]
    if len(deciding) != 1:
        return None
    node = deciding[0]
    names = [name for name, (nid, inverse) in name_index(pack).names.items() if nid == node.id]
    if not names:
        return None
    decisions = lexicon(pack).decisions
    tokens = clause.split()
    verbs = [t for t in tokens if t in decisions]
    named = {w for name in names for w in name.split()}
    rest = [t for t in tokens if t not in decisions and t not in LINKS and t not in named]
    size = " ".join(rest)
    if len(verbs) != 1 or (size and read_size(size, pack_units(pack)) is None):
        return None
    return f"{max(names, key=len)} {verbs[0]} {size}".strip()
