"""Days English names by a holiday that falls on the same date every year ('at Christmas',
'on New Year's Eve'), read as that date ('on 25 dec'), so that a question may say them as it
says any other day.

Examples
--------
>>> holidays_said("temperature falls 8 °C over Christmas")
'temperature falls 8 °C on 25 dec'
"""

from __future__ import annotations

import re

FIXED_HOLIDAYS = {
    "christmas eve": "24 dec",
    "christmas day": "25 dec",
    "christmas": "25 dec",
    "boxing day": "26 dec",
    "new year's eve": "31 dec",
    "new year's day": "1 jan",
    "new year": "1 jan",
    "epiphany": "6 jan",
    "valentine's day": "14 feb",
    "may day": "1 may",
    "halloween": "31 oct",
    "all saints' day": "1 nov",
}
"""Holidays on a fixed day of the year, as English names them, and that day; a holiday
whose date moves (Easter) or differs from one country to another (an independence day)
is none."""

_NAMES = "|".join(
    re.escape(name).replace("'", "['\u2019]?") for name in sorted(FIXED_HOLIDAYS, key=len)[::-1]
)
_SAID = re.compile(
    rf"\b(?P<at>on|at|over|around|from)\s+(?:the\s+)?(?P<name>{_NAMES})(?![\w'\u2019])",
    re.IGNORECASE,
)


def holidays_said(text: str) -> str:
    """``text`` with a holiday on a fixed day said after 'on', 'at', 'over', 'around' or
    'from' (:data:`FIXED_HOLIDAYS`) as that day ('from 25 dec'; 'over Christmas' is 'on 25
    dec'); a holiday said without one ('Christmas sales') as it is.

    Examples
    --------
    >>> holidays_said("gas rises 10% at New Year"), holidays_said("a cold snap on Christmas Eve")
    ('gas rises 10% on 1 jan', 'a cold snap on 24 dec')
    >>> holidays_said("prices rise from New Year\u2019s Day"), holidays_said("Christmas sales rise")
    ('prices rise from 1 jan', 'Christmas sales rise')
    """

    def day(match: re.Match[str]) -> str:
        name = re.sub("['\u2019]", "'", match["name"].lower())
        at = "from" if match["at"].lower() == "from" else "on"
        return f"{at} {FIXED_HOLIDAYS[name]}"

    return _SAID.sub(day, text)
