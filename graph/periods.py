"""Dates and periods: a pack's time step (``period`` in ``pack.yaml``) as dates advance.

A pack counted in days, weeks or fortnights advances by 1, 7 or 14 days; one counted in months,
quarters or years advances by calendar months (1, 3 or 12), a day of the month that
the target month lacks becoming its last day (31 January + 1m is 28 or 29 February).
A date belongs to the period that contains it: the last period starting on or before it.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta

from macrograph.rules.models import DAYS_PER, MONTHS_PER


def advance(start: date, periods: int, step: str = "1d") -> date:
    """The date ``periods`` periods of ``step`` after ``start``.

    Examples
    --------
    >>> advance(date(2025, 1, 31), 1, "1m"), advance(date(2025, 1, 1), 2, "1w")
    (datetime.date(2025, 2, 28), datetime.date(2025, 1, 15))
    >>> advance(date(2000, 1, 1), 3, "1y"), advance(date(2026, 5, 1), 2, "2w")
    (datetime.date(2003, 1, 1), datetime.date(2026, 5, 29))
    """
    unit, count = step[-1], int(step[:-1])
    if unit not in MONTHS_PER:
        return start + timedelta(days=periods * count * DAYS_PER[unit])
    months = start.month - 1 + periods * count * MONTHS_PER[unit]
    year, month = start.year + months // 12, months % 12 + 1
    return date(year, month, min(start.day, monthrange(year, month)[1]))


def periods_between(start: date, day: date, step: str = "1d") -> int:
    """The index of the period (counted from ``start``) that contains ``day``.

    Examples
    --------
    >>> periods_between(date(2025, 1, 1), date(2025, 1, 20), "1w")
    2
    >>> periods_between(date(2000, 1, 1), date(2001, 12, 31), "1y")
    1
    >>> periods_between(date(2026, 5, 1), date(2026, 5, 28), "2w")
    1
    """
    unit, count = step[-1], int(step[:-1])
    if unit not in MONTHS_PER:
        return (day - start).days // (count * DAYS_PER[unit])
    months = (day.year - start.year) * 12 + day.month - start.month
    n = months // (count * MONTHS_PER[unit])
    while advance(start, n, step) > day:
        n -= 1
    while advance(start, n + 1, step) <= day:
        n += 1
    return n
