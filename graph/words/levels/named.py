"""A level named by another node ('the price falls below unit cost'): the level that node holds,
offered in figures, as a question reads no level from a name.

Examples
--------
>>> from macrograph.graph.synthetic import pack_of, rule
>>> pack = pack_of([rule("ab", "a", "b", 1.0)], baselines={"a": 250.0, "b": 240.0})
>>> try:
...     named_level(pack, "a", "below b", "a falls below b")
... except PlainWordsError as err:
...     print(err.problem, err.example, err.detail.split("\\t"))
named_level a@240 ['b', 'b', '240', 'below']
"""

from __future__ import annotations

import re

from macrograph.graph.errors import PlainWordsError
from macrograph.graph.words.levels.sizes import level_text
from macrograph.graph.words.naming import node_names, words
from macrograph.graph.words.units.unitwords import Size, unit_form
from macrograph.rules.pack import Pack

_NAMED = re.compile(
    r"(?P<way>to|at|below|under|above|over|past)\s+(?:(?:a\s+|the\s+)?(?:level\s+)?of\s+)?"
    r"(?:(?:our|its|their|his|her|my|your)\s+)?(?P<name>\S.*)"
)


def named_level(pack: Pack, node: str, rest: str, text: str) -> None:
    """Refuse a level of ``node`` said by naming another node of the same unit with a level
    (``rest``, the words after the verb: 'below unit cost', 'to the level of our costs'),
    offering that node's level with no shocks as a level of ``node`` in figures; else do
    nothing.

    Raises
    ------
    PlainWordsError
        Problem ``named_level``: ``detail`` is the words said, the other node, its level and
        the way said ('to', 'below'...), joined by tabs; ``example`` the level as a
        ``--shock``.

    Examples
    --------
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> pack = pack_of([rule("ab", "a", "b", 1.0)], baselines={"a": 250.0, "b": 240.0})
    >>> named_level(pack, "a", "below 240", "a falls below 240") is None  # a number: read
    True
    """
    match = _NAMED.fullmatch(words(rest))
    found = node_names(pack).get(match.group("name").strip()) if match else None
    if match is None or found is None or found[1] or found[0] == node:
        return
    other = found[0]
    base = pack.nodes[other].baseline
    if base is None or pack.nodes[other].unit != pack.nodes[node].unit:
        return
    value = base.value * unit_form(pack, other).factor
    shown = level_text(pack, node, Size("-" if value < 0 else "", abs(value), ""))
    said = match.group("name").strip()
    detail = "\t".join((said, other, shown, match.group("way")))
    raise PlainWordsError(text, "named_level", node, f"{node}@{shown}", detail)
