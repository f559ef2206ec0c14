"""A number glued to a sign of letters that the pack itself writes glued ('B40' of a unit
whose symbol is 'B', as a blend or a grade is written): the sign and its number apart, as
the sizes read them ('B 40'). A sign the pack writes with a space ('FWI 38') stays as said.
"""

from __future__ import annotations

import functools
import re

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
