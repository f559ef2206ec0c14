"""Durations as a pack writes them (``5d``, ``1w``, ``3m``) counted in days.

Examples
--------
>>> DAYS_PER["q"]
90
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date
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


MONTHS_IN = {"m": 1, "q": 3, "y": 12}


def window_days(start: date, window: str, period: str = "1d") -> int:
    """The calendar days a window of ``window`` spans from ``start``: in a pack counted in
    months, quarters or years (``period``) a window in those units runs to the same day so
    many calendar months later, as the pack's own horizons do (6m from 1 March ends on
    1 September, not 28 August); otherwise :func:`duration_days`.

    Examples
    --------
    >>> window_days(date(2019, 3, 1), "6m", "1m"), window_days(date(2019, 3, 1), "6m")
    (184, 180)
    >>> window_days(date(2021, 1, 31), "1m", "1m"), window_days(date(2021, 7, 20), "1q", "1q")
    (28, 92)
    """
    unit = window[-1:]
    if period[-1:] not in MONTHS_IN or unit not in MONTHS_IN:
        return duration_days(window)
    months = start.month - 1 + int(window[:-1]) * MONTHS_IN[unit]
    year, month = start.year + months // 12, months % 12 + 1
    end = date(year, month, min(start.day, monthrange(year, month)[1]))
    return (end - start).days
