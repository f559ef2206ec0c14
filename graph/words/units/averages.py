"""A size said as a share of a node's average ('half the average', '80% of normal'), read as
that percent of its level, where the node's own unit is no percent of the average.

Examples
--------
>>> of_average("half its usual")
50.0
"""

from __future__ import annotations

import re

from macrograph.rules.english.forms import said_fraction

_OF_AVERAGE = re.compile(r"(?P<share>.+?)\s+(?:of\s+)?(?:the\s+|its\s+)?(?:average|normal|usual)")
_PERCENT = re.compile(r"(?P<value>[0-9]+(?:\.[0-9]+)?)\s*(?:%|per\s*cent|percent)")


def _in_own_unit(text: str, units: tuple[str, ...]) -> bool:
    """Whether ``text`` ends in one of ``units`` that is itself a percent of the average ('50%
    of normal' of a unit in '% of normal'), or a fraction said of what it is a percent of."""
    said = "".join(text.lower().split())
    ends = ["".join(u.split()) for u in units if re.match(r"\s*%\s*of\s", u)]
    return any(said.endswith(end) or said.endswith(end[1:]) for end in ends)  # '% of', 'of'


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
    if _in_own_unit(text, units):
        return None
    match = _OF_AVERAGE.fullmatch(text.strip().lower())
    if match is None:
        return None
    fraction = said_fraction(match.group("share"))
    if fraction is not None:
        return fraction * 100.0
    percent = _PERCENT.fullmatch(match.group("share"))
    return float(percent.group("value")) if percent else None
