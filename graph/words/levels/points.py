"""Points of a level on a node whose changes read as percents: '500 points' on an index at
50,000 is a move of +1%, offered as that percent, never as the same number ('+500%').

Examples
--------
>>> from macrograph.graph.synthetic import units_pack
>>> points_as_percent(units_pack(), "price", 5.0, "pts")  # a price at 150, its moves in %
'+3.33%'
"""

from __future__ import annotations

from macrograph.graph.errors import SizeConvertedError, SizeMeasureError, SizeUnitError
from macrograph.graph.words.units.prefixes import as_typed
from macrograph.graph.words.units.unitwords import UNIT_WORDS, unit_form, unit_read
from macrograph.rules.pack import Pack

POINT_WORDS = frozenset(
    {word for word, unit in UNIT_WORDS.items() if unit == "pts"} | {"index point", "index points"}
)
"""Words of a difference of a level in its own points: the built-in unit words of points
(:data:`~macrograph.graph.words.unitwords.UNIT_WORDS`), and an index's."""


def points_as_percent(pack: Pack, node: str, value: float, unit: str) -> str | None:
    """``value`` points of ``node``'s level (``unit`` a word of points, or the level's own
    suffix in words) as the percent move it is of the baseline, signed; '' where the node
    has no positive baseline to take it of; None where its changes are no percents or
    ``unit`` is no points.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> points_as_percent(units_pack(), "price", -0.001, "points")
    '-0.00067%'
    >>> points_as_percent(units_pack(), "price", 5.0, "kg")
    >>> points_as_percent(units_pack(), "rate", 5.0, "pts")
    """
    form, found = unit_form(pack, node), pack.nodes[node]
    level = found.baseline.value if found.baseline is not None else 0.0
    own = " ".join(form.suffix.lower().split())
    if form.change != "percent" or unit not in POINT_WORDS | {own} - {""}:
        return None
    if level <= 0:
        return ""
    share = 100.0 * value / level
    return f"{share:+.2f}%" if abs(share) >= 0.01 else f"{share:+.2g}%"


def points_refusal(
    pack: Pack, node: str, value: float, said: tuple[str, str], typical: str
) -> SizeUnitError | None:
    """The refusal of ``value`` points (``said``: the unit as read, and the question) on a
    node whose changes read as percents: with the percent of its level they are, or with
    ``typical`` where it has no level; None where the unit is no points or the node's
    changes no percents.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> points_refusal(units_pack(), "price", 3.0, ("pts", "price +3 PTS"), "+1%").choices
    ['+2.00%']
    """
    unit, text = said
    share = points_as_percent(pack, node, value, unit)
    if share is None:
        return None
    read, typed = unit_read(pack, node), as_typed(text, unit)
    if not share:
        return SizeMeasureError(text, node, read, value, typed, [typical])
    return SizeConvertedError(text, node, read, value, typed, [share])
