"""Durations as a pack writes them (``5d``, ``1w``, ``3m``) counted in days.

Examples
--------
>>> DAYS_PER["q"]
90
"""

from __future__ import annotations

import re
from functools import lru_cache

DAYS_PER = {"d": 1, "w": 7, "m": 30, "q": 90, "y": 365}


@lru_cache(maxsize=256)  # a pack has a few durations, asked for thousands of times
def duration_days(text: str) -> int:
    """Number of days in a duration such as ``"5d"``, ``"1w"`` or ``"3m"`` (30-day months).

    Examples
    --------
    >>> duration_days("1w"), duration_days("3m")
    (7, 90)
    """
    match = re.fullmatch(r"([0-9]+)([dwmqy])", text)
    if match is None:
        raise ValueError(f"not a duration: {text!r} (use e.g. 0d, 5d, 1w, 1m, 3m)")
    return int(match.group(1)) * DAYS_PER[match.group(2)]


def nearest_whole(text: str, period: str) -> str:
    """The duration in whole periods (at least one) nearest to ``text``: what a horizon
    that is not a whole number of the pack's periods could be instead.

    Examples
    --------
    >>> nearest_whole("3m", "1w"), nearest_whole("1y", "1w"), nearest_whole("10d", "1w")
    ('13w', '52w', '1w')
    """
    count = max(1, round(duration_days(text) / duration_days(period)))
    return f"{count * int(period[:-1])}{period[-1]}"
