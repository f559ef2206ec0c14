"""A number said of a node counted in money written whole, with a point between thousands
('the rupiah at 17.000' of a node in 'Rp '), read as that money's writers mean it; and a
number glued to a sign of letters that the pack itself writes glued ('B40' of a unit
whose symbol is 'B', as a blend or a grade is written): the sign and its number apart, as
the sizes read them ('B 40'). A sign the pack writes with a space ('FWI 38') stays as said.
"""

from __future__ import annotations

import functools
import re

from macrograph.graph.errors import PlainWordsError
from macrograph.rules.english.grouping import WHOLE_SIGNS, point_grouped_number, whole_numbers
from macrograph.rules.pack import Pack


@functools.lru_cache(maxsize=16)
def _glued(pack: Pack) -> re.Pattern[str] | None:
    """The pattern of the pack's glued signs of letters before a number, None if it has none."""
    signs = sorted(
        {u.symbol for u in pack.info.units if u.symbol.isalpha() and u.symbol == u.symbol.strip()},
        key=len,
        reverse=True,
    )
    if not signs:
        return None
    either = "|".join(re.escape(s) for s in signs)
    return re.compile(rf"(?<![\w$.,])({either})(?=\d+(?:\.\d+)?(?![\w.,]|\.\d))", re.IGNORECASE)


def unglued(pack: Pack, text: str) -> str:
    """``text`` with a space between each of the pack's glued signs of letters and the number
    glued to it ('the mandate to B45' is 'the mandate to B 45' where a unit's symbol is 'B').

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> unglued(units_pack(), "rate rises to B45")  # a pack with no glued sign: as said
    'rate rises to B45'
    """
    found = _glued(pack)
    return text if found is None else found.sub(r"\1 ", text)


def whole_said(pack: Pack, node: str, rest: str, text: str = "") -> str:
    """``rest``, said of ``node`` in the question ``text``, with its numbers as the writers
    of its money mean them: without the points between thousands where that money is
    written whole (:data:`~macrograph.rules.english.grouping.WHOLE_SIGNS`), as said
    otherwise; a number of another node written so ('15.000 tonnes') on a pack that counts
    in such money is read neither way, as its writers group thousands with a point.

    Raises
    ------
    PlainWordsError
        ``grouped``, for such a number of another node.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> whole_said(units_pack(), "price", "rises to 1.500")  # no such money: as said
    'rises to 1.500'
    """
    signs = {u.id: u.symbol.strip() for u in pack.info.units}
    if signs.get(pack.nodes[node].unit) in WHOLE_SIGNS:
        return whole_numbers(rest)
    grouped = point_grouped_number(rest) if set(signs.values()) & set(WHOLE_SIGNS) else None
    if grouped is not None:
        raise PlainWordsError(text, "grouped", "", "", grouped)
    return rest
