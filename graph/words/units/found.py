"""The sizes a clause says, found among its words ('stage 6 load-shedding', 'a 2 GW rise'),
as a refusal offers them back in the node's own unit.

Examples
--------
>>> size_in("a 2 gw rise in outages", ("gw",))
Size(sign='', value=2.0, unit='gw')
"""

from __future__ import annotations

from macrograph.graph.words.units.unitwords import Size, read_size


def size_in(clause: str, units: tuple[str, ...]) -> Size | None:
    """The first size with a unit the clause says (in one word, or a number and its unit).

    Examples
    --------
    >>> size_in("no size here", ()) is None
    True
    """
    tokens = clause.split()
    for place, token in enumerate(tokens):
        size = read_size(" ".join(tokens[place : place + 2]), units) or read_size(token, units)
        if size is not None and size.unit:
            return size
    return None
