"""How a rule's ``when`` band reads: by its bounds, or on a unit written in whole numbers
(a month of the year, a stage), by the whole values it holds, since its bounds are
inclusive and a pack writes one value as a band around it ('above: 2.5, below: 3.5').

Examples
--------
>>> whole_band("between", 2.5, 3.5)
('at', 3, 3)
"""

from __future__ import annotations

import math

from macrograph.explain.contexts.base import range_sides
from macrograph.rules.models import Condition
from macrograph.rules.pack import Pack


def when_reads(pack: Pack, when: Condition) -> tuple[str, float, float]:
    """How a ``when`` reads, and its bounds (the same twice for a one-sided one); on a unit
    written in whole numbers, by the whole values it holds: a band from 2.5 to 3.5 of the
    month of the year reads 'at month 3', not 'between month 2.5 and month 3.5'.

    Examples
    --------
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> pack = pack_of([rule("ab", "a", "b", 1.0)])
    >>> when_reads(pack, Condition(node="a", above=2.5, below=3.5))  # not in whole numbers
    ('between', 2.5, 3.5)
    """
    side, low, high = range_sides(when.above, when.below, ("at or above", "at or below"))
    unit = pack.nodes[when.node].unit
    if not any(u.id == unit and u.decimals == 0 for u in pack.info.units):
        return side, low, high
    return whole_band(side, low, high)


def whole_band(side: str, low: float, high: float) -> tuple[str, float, float]:
    """A ``when``'s bounds on a unit written in whole numbers, by the whole values inside
    them (:func:`when_reads`); as they are where they are whole or hold none.

    Examples
    --------
    >>> whole_band("between", 2.5, 3.5), whole_band("between", 2.5, 4.5)
    (('at', 3, 3), ('between', 3, 4))
    >>> whole_band("at or above", 0.5, 0.5), whole_band("at or below", 2.5, 2.5)
    (('at or above', 1, 1), ('at or below', 2, 2))
    >>> whole_band("between", 2.2, 2.8)  # no whole value inside
    ('between', 2.2, 2.8)
    """
    if low.is_integer() and high.is_integer():
        return side, low, high
    inner = (math.ceil(low), math.floor(high) if side == "between" else math.ceil(low))
    if side == "at or below":
        inner = (math.floor(low), math.floor(low))
    if inner[0] > inner[1]:
        return side, low, high  # no whole value inside: said as written
    return ("at" if side == "between" and inner[0] == inner[1] else side), *inner
