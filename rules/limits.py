"""Every size and range limit of macrograph, in one place (the README's "Limits" lists them).

Each limit exists so that bad or hostile input fails fast with one clear line instead of
taking minutes or gigabytes: a pack's bytes and files, its nodes, rules and ``extends``
depth, the calendar, lags and horizons, the memory a run implies, the length of a
command-line argument, and what a template may spend.

Examples
--------
>>> check_duration("3m"), check_duration("100y")
(90, 36500)
>>> check_duration("101y")
Traceback (most recent call last):
...
ValueError: 101y is 36865 days; the limit is 36500 days (100 years)
"""

from __future__ import annotations

from datetime import date

MAX_FILE_BYTES = 1_048_576
"""Bytes of one pack file."""
MAX_PACK_BYTES = 64 * 1_048_576
"""Bytes of all the pack files together."""
MAX_PACK_FILES = 1_000
"""``.yaml`` files in one pack folder, subfolders included."""
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
MAX_DURATION_DAYS = 36_500
"""Days of one lag or horizon (100 years of 365 days: ``100y`` is allowed, ``101y`` is not),
so that a stock-flow model run over a century, counted in days, still fits."""
MAX_PERIODS = 40_000
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
    """The days of a duration such as ``5d`` or ``3m``; ValueError when over the limit."""
    from macrograph.rules.models import duration_days

    days = duration_days(text)
    if days > MAX_DURATION_DAYS:
        raise ValueError(
            f"{text} is {days} days; the limit is {MAX_DURATION_DAYS} days "
            f"({MAX_DURATION_DAYS // 365} years)"
        )
    return days


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
    >>> run_problem(40_001, 40, 3)
    'a run of 40001 days is over the limit of 40000 days'
    >>> run_problem(40_001, 40, 3, "1y")
    'a run of 40001 periods of 1y is over the limit of 40000 periods'
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
