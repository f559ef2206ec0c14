"""Every size and range limit of macrograph, in one place (the README's "Limits" lists them).

Each limit exists so that bad or hostile input fails fast with one clear line instead of
taking minutes or gigabytes: a pack's bytes and files, its nodes, rules and ``extends``
depth, the calendar, lags and horizons, the memory a run implies, the length of a
command-line argument, and what a template may spend.

Examples
--------
>>> check_duration("3m"), check_periods("10y", "1d"), check_periods("99y", "1y")
(90, 3650, 99)
>>> check_periods("11y", "1d")
Traceback (most recent call last):
...
ValueError: 11y is 4015 days; the limit is 3650 periods (10 years of days)
"""

from __future__ import annotations

from datetime import date

MAX_FILE_BYTES = 1_048_576
"""Bytes of one pack file."""
MAX_PACK_BYTES = 64 * 1_048_576
"""Bytes of all the pack files together."""
MAX_PACK_FILES = 1_000
"""``.yaml`` files in one pack folder, subfolders included."""
MAX_DATA_FILE_BYTES = 16 * 1_048_576
"""Bytes of one data file (a series' CSV)."""
MAX_DATA_ROWS = 200_000
"""Rows of one data file: five centuries of days."""
MAX_NODES = 50_000
"""Nodes of one pack."""
MAX_RULES = 250_000
"""Rules of one pack."""
MAX_NUMBER_DIGITS = 300
"""Digits of a whole number in a pack file (Python refuses to read more than 4,300)."""
MAX_EXTENDS_DEPTH = 32
"""Scenarios in one ``extends`` chain, the scenario itself not counted."""
EARLIEST_DATE = date(1900, 1, 1)
"""The first date a pack or a run may name."""
LATEST_DATE = date(2200, 12, 31)
"""The last date a pack or a run may name."""
MAX_DURATION_DAYS = 365_000
"""Days of any duration written in a pack (1,000 years): a sanity bound checked before the
pack's period is known; :data:`MAX_DURATION_PERIODS` is the working limit."""
MAX_DURATION_PERIODS = 3_650
"""Periods of one lag, half-life or horizon: 10 years of a daily pack (``10y`` is allowed,
``11y`` is not), 3,650 years of a yearly one."""
MAX_PERIODS = 7_300
"""Periods of one run (days, unless the pack sets ``period``): from its first shock to its
anchor plus its longest horizon."""
MAX_RUN_BYTES = 1 << 30
"""Memory one run's history of deltas implies: periods x nodes x columns x 8 bytes."""
MAX_ARGUMENT_CHARS = 1_000
"""Characters of one command-line value (a scenario phrase, a ``--shock``, ``--horizons``)."""
MAX_TEMPLATE_SECONDS = 10.0
"""Seconds one template may take to render."""
MAX_TEMPLATE_OUTPUT = 50_000_000
"""Characters one template may produce (and one string it may build)."""
MAX_TEMPLATE_RANGE = 1_000_000
"""Items of one ``range()`` in a template."""


def check_duration(text: str) -> int:
    """The days of a duration such as ``5d`` or ``3m``; ValueError past the sanity bound."""
    from macrograph.rules.models import duration_days

    days = duration_days(text)
    if days > MAX_DURATION_DAYS:
        raise ValueError(
            f"{text} is {days} days; the limit is {MAX_DURATION_DAYS} days "
            f"({MAX_DURATION_DAYS // 365} years)"
        )
    return days


def check_periods(text: str, step: str) -> int:
    """The periods of ``step`` in a duration; ValueError over :data:`MAX_DURATION_PERIODS`
    (and for a duration that is not a whole number of periods)."""
    from macrograph.rules.models import duration_periods

    check_duration(text)
    periods = duration_periods(text, step)
    if periods > MAX_DURATION_PERIODS:
        count = f"{periods} days" if step == "1d" else f"{periods} periods of {step}"
        span = "years of days" if step == "1d" else f"periods of {step}"
        size = MAX_DURATION_PERIODS // 365 if step == "1d" else MAX_DURATION_PERIODS
        raise ValueError(
            f"{text} is {count}; the limit is {MAX_DURATION_PERIODS} periods ({size} {span})"
        )
    return periods


def check_date(day: date) -> date:
    """``day`` when it is in the calendar macrograph works with; ValueError otherwise.

    Examples
    --------
    >>> check_date(date(1, 1, 1))
    Traceback (most recent call last):
    ...
    ValueError: 0001-01-01 is outside the calendar: dates run from 1900-01-01 to 2200-12-31
    """
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValueError(
            f"{day.isoformat()} is outside the calendar: dates run from "
            f"{EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()}"
        )
    return day


def run_problem(periods: int, nodes: int, columns: int, step: str = "1d") -> str | None:
    """Why a run of this size is refused (periods, then memory), or None.

    ``step`` is the pack's period, which names what is counted.

    Examples
    --------
    >>> run_problem(90, 40, 3) is None
    True
    >>> run_problem(7_301, 40, 3)
    'a run of 7301 days is over the limit of 7300 days'
    >>> run_problem(7_301, 40, 3, "1y")
    'a run of 7301 periods of 1y is over the limit of 7300 periods'
    """
    count = "days" if step == "1d" else f"periods of {step}"
    if periods > MAX_PERIODS:
        word = "days" if step == "1d" else "periods"
        return f"a run of {periods} {count} is over the limit of {MAX_PERIODS} {word}"
    needed = periods * nodes * max(columns, 1) * 8
    if needed > MAX_RUN_BYTES:
        return (
            f"a run of {periods} {count} x {nodes} nodes x {columns} shocks and thresholds "
            f"needs {needed / (1 << 30):.1f} GiB; the limit is {MAX_RUN_BYTES / (1 << 30):.0f} GiB"
        )
    return None
