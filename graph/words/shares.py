"""A level said as a share of a node's average ('snowfall is half the average', 'at 80% of
normal'): that share of its baseline, where its level has a zero that means none of it.

Examples
--------
>>> from macrograph.graph.synthetic import units_pack
>>> share_of_baseline(units_pack(), "flow", 50.0, "flow is half the average")
200.0
"""

from __future__ import annotations

from macrograph.graph.errors import SizeMeasureError
from macrograph.graph.words.unitspelling import interval_scale
from macrograph.graph.words.unitwords import OF_LEVEL, unit_form, unit_read
from macrograph.rules.pack import Pack


def share_of_baseline(pack: Pack, node: str, value: float, text: str) -> float:
    """The level that is ``value`` percent of ``node``'s baseline, in its unit.

    Raises
    ------
    SizeMeasureError
        On a scale whose zero is no absence (half of -3 °C is no level of it) and on a node
        with no level above zero: with a level in its own unit to write instead.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> share_of_baseline(units_pack(), "flow", 80.0, "flow at 80% of normal")
    320.0
    """
    form, base = unit_form(pack, node), pack.nodes[node].baseline
    if base is None or base.value <= 0 or interval_scale(form.suffix):
        typical = f"{base.value * form.factor:g}" if base is not None else "LEVEL"
        read = unit_read(pack, node, level=True)
        raise SizeMeasureError(text, node, read, value, OF_LEVEL, [typical], level=True)
    return round(value / 100.0 * base.value, 12)
