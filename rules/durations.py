"""Durations as a pack writes them (``5d``, ``1w``, ``3m``) counted in days.

Examples
--------
>>> DAYS_PER["q"]
90
"""

from __future__ import annotations

import re

DAYS_PER = {"d": 1, "w": 7, "m": 30, "q": 90, "y": 365}


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
