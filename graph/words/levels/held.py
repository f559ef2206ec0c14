"""A level one who decides sets or keeps a thing at ('the board sets the rate to 28', 'the
council keeps the fee at 3'): the thing at that level, as 'the rate is set to 28' and 'the
fee stays at 3' say it.

Examples
--------
>>> from macrograph.graph.synthetic import units_pack
>>> pack = units_pack()
>>> level_held(pack, "board sets rate to 3%"), level_held(pack, "board keeps price at 5")
('rate is set to 3%', 'price stays at 5')
>>> level_held(units_pack(), "board keeps price down")
'board keeps price down'
"""

from __future__ import annotations

import re

from macrograph.graph.words.naming import name_index, subject
from macrograph.graph.words.units.unitwords import pack_units, read_size
from macrograph.rules.pack import Pack

_SETS = ("sets", "set", "fixes", "fix", "pegs", "peg")
_KEEPS = ("keeps", "keep", "holds", "hold", "maintains", "maintain", "leaves", "leave")
_HELD = re.compile(
    rf"^(?:(?P<who>.+?)\s+)?(?P<verb>{'|'.join((*_SETS, *_KEEPS))})\s+(?:its\s+|their\s+)?"
    r"(?P<thing>.+?)\s+(?:at|to)\s+(?P<level>\S.*)$"
)


def level_held(pack: Pack, clause: str) -> str:
    """``clause`` (in :func:`~macrograph.graph.words.naming.words` form) said as a thing set
    or kept at a level by one who decides, who names no node, as that thing at the level
    ('X is set to 3', 'X stays at 3'); ``clause`` as it is otherwise.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> level_held(units_pack(), "council holds rate at 4%"), level_held(units_pack(), "rate at 4%")
    ('rate stays at 4%', 'rate at 4%')
    """
    found = _HELD.match(clause)
    if found is None:
        return clause
    index, units = name_index(pack), pack_units(pack)
    name, rest = subject(index, found["thing"])
    who = found["who"] or ""
    if not name or rest or who in index.names:
        return clause  # the thing is no node, or who decides is one: read as said
    said = found["level"].split()
    if not any(read_size(" ".join(said[:n]), units) is not None for n in (1, 2)):
        return clause
    verb = "is set to" if found["verb"] in _SETS else "stays at"
    return f"{found['thing']} {verb} {found['level']}"
