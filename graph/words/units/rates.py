"""A flow said per another time than its unit's ('10 million litres a week' of a node in
million litres a fortnight): refused with the size per the unit's own time where the two
times are of fixed length (a day, a week, a fortnight), and with a typical move where they
are not (a month of weeks is no whole number of them).

Examples
--------
>>> RATE.fullmatch("million litres a week").groups()
('million litres', 'week')
"""

from __future__ import annotations

import re

from macrograph.graph.errors import SizeConvertedError, SizeMeasureError, SizeUnitError
from macrograph.graph.words.changewords import shock_example
from macrograph.graph.words.units.unitwords import unit_form, unit_read
from macrograph.rules.english.forms import plain
from macrograph.rules.pack import Pack

DAYS = {"day": 1, "week": 7, "fortnight": 14, "month": 30, "quarter": 91, "year": 365}
FIXED = frozenset({"day", "week", "fortnight"})
"""Times of a fixed number of days, which convert into each other exactly."""
RATE = re.compile(rf"(.+?)\s+(?:a|an|per)\s+({'|'.join(DAYS)})s?")


def other_rate(pack: Pack, node: str, value: float, unit: str, text: str) -> SizeUnitError | None:
    """The refusal of a change of ``value`` said in ``unit``, the words of ``node``'s
    changes per another time than theirs; None where ``unit`` is no such rate.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> other_rate(units_pack(), "flow", -70.0, "gwh a week", "flow -70 GWh a week").choices
    ['-10 GWh a day']
    >>> other_rate(units_pack(), "flow", -5.0, "gwh a day", "flow -5 GWh a day") is None
    True
    """
    form = unit_form(pack, node)
    said = RATE.fullmatch(" ".join(unit.lower().split()))
    own = RATE.fullmatch(" ".join(form.change_text.lower().split()))
    if form.symbol or said is None or own is None or said[2] == own[2] or said[1] != own[1]:
        return None
    read = unit_read(pack, node)
    if said[2] in FIXED and own[2] in FIXED:
        per = value * DAYS[own[2]] / DAYS[said[2]]
        shown = f"{'-' if per < 0 else '+'}{plain(abs(per))}{form.change_text}"
        return SizeConvertedError(text, node, read, value, unit, [shown])
    typical = shock_example(pack, node).split("=", 1)[1]
    typical = "-" + typical[1:] if value < 0 and typical[:1] == "+" else typical
    return SizeMeasureError(text, node, read, value, unit, [typical])
