"""A size said as a share of a node's average ('half the average', '80% of normal'), read as
that percent of its level, where the node's own unit is no percent of the average.

Examples
--------
>>> of_average("half its usual")
50.0
"""

from __future__ import annotations

import re
from functools import lru_cache

from macrograph.rules.english.forms import said_fraction

_OF_AVERAGE = re.compile(r"(?P<share>.+?)\s+(?:of\s+)?(?:the\s+|its\s+)?(?:average|normal|usual)")
_PERCENT_OF = re.compile(r"\s*%\s*of\s")
_PERCENT = re.compile(r"(?P<value>[0-9]+(?:\.[0-9]+)?)\s*(?:%|per\s*cent|percent)")


def _in_own_unit(text: str, units: tuple[str, ...]) -> bool:
    """Whether ``text`` ends in one of ``units`` that is itself a percent of the average ('50%
    of normal' of a unit in '% of normal'), or a fraction said of what it is a percent of."""
    said = "".join(text.lower().split())
    return any(said.endswith(end) or said.endswith(end[1:]) for end in _percent_of(units))


@lru_cache(maxsize=64)
def _percent_of(units: tuple[str, ...]) -> tuple[str, ...]:
    """The units that are a percent of something ('% of normal'), without their spaces: each
    is matched as said ('50% of normal') and without its sign ('50 of normal')."""
    return tuple("".join(u.split()) for u in units if _PERCENT_OF.match(u))


def of_average(text: str, units: tuple[str, ...] = ()) -> float | None:
    """The percent of the node's level ``text`` says as a share of its average ('half the
    average', '80% of normal'); None when it says none, or says it in one of ``units`` that
    is itself a percent of the average ('50% of normal' of a unit in '% of normal': a level
    in the unit, not a share of the level).

    Examples
    --------
    >>> of_average("half the average"), of_average("80% of normal")
    (50.0, 80.0)
    >>> of_average("50% of normal", ("% of normal",)), of_average("50%")
    (None, None)
    """
    match = _OF_AVERAGE.fullmatch(text.strip().lower())
    if match is None or _in_own_unit(text, units):  # most sizes name no average: matched first
        return None
    fraction = said_fraction(match.group("share"))
    if fraction is not None:
        return fraction * 100.0
    percent = _PERCENT.fullmatch(match.group("share"))
    return float(percent.group("value")) if percent else None
