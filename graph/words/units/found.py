"""The sizes a clause says, found among its words ('stage 6 load-shedding', 'a 2 GW rise'),
as a refusal offers them back in the node's own unit.

Examples
--------
>>> size_in("a 2 gw rise in outages", ("gw",))
Size(sign='', value=2.0, unit='gw')
"""

from __future__ import annotations

from macrograph.graph.words.units.unitwords import Size, read_size
from macrograph.rules.english.money import named_currency


def size_in(clause: str, units: tuple[str, ...]) -> Size | None:
    """The first size with a unit the clause says (in one word, or a number and its unit).

    Examples
    --------
    >>> size_in("no size here", ()) is None
    True
    >>> size_in("it rises 10 kroner a tonne", ("kroner", "kroner a kg")) is None  # its rate unread
    True
    >>> size_in("it rises 10 kroner a kg", ("kroner", "kroner a kg")).unit
    'kroner a kg'
    >>> size_in("it falls 5 billion rand", ("bn",)) is None  # its money unread
    True
    """
    tokens = clause.split()
    for place in range(len(tokens)):
        for take in (4, 3, 2, 1):  # the longest: '10 kroner a kg', before '10 kroner'
            size = read_size(" ".join(tokens[place : place + take]), units)
            if size is not None and size.unit:
                # '10 kroner a tonne' of a price per kg: the rate said is none of the unit's,
                # and the size without it would be another size
                after = tokens[place + take : place + take + 1]
                rate = after in (["a"], ["an"], ["per"])
                # '5 billion rand' of a node in NZ$bn: money named, none of the unit's
                return None if rate or named_currency(" ".join(after)) else size
    return None
