"""A cause said with the count it adds: 'a flu wave adds 0.8k calls a day', 'the cold snap
brings 300 more admissions'. The count's unit names the node it is a count of; the cause,
a scenario or another node of the pack, says why, and the move is that node's.

Examples
--------
>>> from macrograph.graph.synthetic import units_pack
>>> caused_count(units_pack(), "rate adds 5 gwh a day")
'add 5 gwh a day'
"""

from __future__ import annotations

import re

from macrograph.graph.words.composing import owner_of
from macrograph.graph.words.naming import name_index, subject
from macrograph.graph.words.rewording import MORE
from macrograph.graph.words.units.counts import counted_in
from macrograph.graph.words.units.unitwords import pack_units, read_size
from macrograph.rules.pack import Pack

__all__ = ["caused_count"]

CAUSES = {"adds": "add", "added": "add", "brings": "add", "brought": "add"}
CAUSES |= {"removes": "remove", "removed": "remove", "takes away": "remove"}
"""Verbs of a cause said before the count it adds or takes away, as the command of it."""

CAUSED = re.compile(rf"^(?P<cause>.+?)\s+(?P<verb>{'|'.join(CAUSES)})\s+(?P<size>.+)$")


def caused_count(pack: Pack, clause: str) -> str:
    """``clause``, a cause and the count it adds ('a flu wave adds 0.8k calls a day'), read
    as the command of that count ('add 0.8k calls a day'), where the count's unit counts one
    node's things and the cause is a scenario of the pack or another node; ``clause`` as it
    is otherwise (a node that adds to itself, or a count of no node's).

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> caused_count(units_pack(), "rate adds 5 more gwh a day")
    'add 5 gwh a day'
    >>> caused_count(units_pack(), "flow adds 5 gwh a day")  # its own count: as it is
    'flow adds 5 gwh a day'
    """
    found = CAUSED.match(clause)
    if found is None:
        return clause
    words = found["size"].split()
    if len(words) > 2 and words[1] in MORE and MORE[words[1]] > 0:
        words = [words[0], *words[2:]]  # '300 more admissions'
    size = read_size(" ".join(words), pack_units(pack))
    node = counted_in(pack, size.unit) if size is not None else ""
    if not node:
        return clause
    index = name_index(pack)
    named, rest = subject(index, found["cause"])
    cause = index.names[named][0] if named and not rest else None
    if cause == node or (cause is None and owner_of(pack, found["cause"]) is None):
        return clause
    return f"{CAUSES[found['verb']]} {' '.join(words)}"
