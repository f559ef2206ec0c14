"""Every size and range limit of macrograph, in one place (the README's "Limits" lists them).

Each limit exists so that bad or hostile input fails fast with one clear line instead of
taking minutes or gigabytes: a pack's bytes and files, its nodes, rules and ``extends``
depth, the calendar, the memory and the work a run implies, the horizons asked for, the
length of a command-line argument, and what a template may spend.

Periods, lags and horizons have no fixed cap of their own (beyond a sanity bound on any
duration, :data:`MAX_DURATION_DAYS`): a run is admitted when the memory and the work it
implies fit (:func:`run_bytes`, :func:`run_work`), so a 2-node model may run 100,000
periods where a 20,000-node one may not run a year.

Examples
--------
>>> check_duration("3m"), check_duration("1000y")
(90, 365000)
>>> check_duration("1001y")
Traceback (most recent call last):
...
ValueError: 1001y is 365365 days; the limit is 365000 days (1000 years)
>>> run_problem(RunSize(periods=100_000, nodes=2, rules=2, columns=1)) is None
True
"""

from __future__ import annotations

from datetime import date

from msgspec import Struct

from macrograph.rules.durations import duration_days

MAX_FILE_BYTES = 1_048_576
"""Bytes of one pack file."""
MAX_PACK_BYTES = 64 * 1_048_576
"""Bytes of all the pack files together."""
MAX_PACK_FILES = 1_000
"""``.yaml`` files in one pack folder, subfolders included."""
MAX_PACK_ENTRIES = 10 * MAX_PACK_FILES
"""Entries of any kind (files, folders, links) walked in one pack folder: ``--pack /`` or
a home folder is refused after this many, not walked whole."""
MAX_DATA_FILE_BYTES = 16 * 1_048_576
"""Bytes of one data file (a series' CSV)."""
MAX_DATA_ROWS = 200_000
"""Rows of one data file: five centuries of days."""
MAX_DATA_VALUE = 1e12
"""Magnitude of one value of a data file: as large as a run lets any value grow; beyond it
arithmetic on the series (its changes, a chart's axis) overflows."""
MAX_AMOUNT = MAX_DATA_VALUE
"""Magnitude of a shock's change or level in a pack, for the same reason: a run whose values
pass it overflows, and the pack's own line is the place to say so."""
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
"""Days of any duration (a lag, half-life or horizon; 1,000 years): a sanity bound checked
before the pack's period is known; what a run may cost is bounded by :data:`MAX_RUN_BYTES`
and :data:`MAX_RUN_WORK`."""
MAX_RUN_BYTES = 1 << 30
"""Memory one run implies (:func:`run_bytes`)."""
MAX_RUN_WORK = 3_000_000_000
"""Work one run implies, in updates of one value (:func:`run_work`): about a minute on one
core at the 20 ns an update took where the README's figures were measured."""
PER_STEP = 5_000
"""The engine's fixed work for one period of one world, in updates (its bookkeeping: about
100 us a period, measured on packs of 2 to 40,000 nodes and rules)."""
PER_ITEM = 10
"""The engine's fixed work per node and rule for one period of one world, in updates."""
MAX_HORIZONS = 5_000
"""Horizons one run reads (a list, or a range such as ``0d..4999d/1d`` once expanded)."""
MAX_ARGUMENT_CHARS = 1_000
"""Characters of one command-line value (a scenario phrase, a ``--shock``, a path)."""
MAX_LIST_CHARS = 40_000
"""Characters of a command-line list (``--horizons``): 5,000 horizons of up to 7 characters."""
MAX_TEMPLATE_SECONDS = 10.0
"""Seconds one template may take to render."""
MAX_TEMPLATE_OUTPUT = 50_000_000
"""Characters one template may produce (and one string it may build)."""
MAX_TEMPLATE_RANGE = 1_000_000
"""Items of one ``range()`` in a template."""


def check_duration(text: str) -> int:
    """The days of a duration such as ``5d`` or ``3m``; ValueError past the sanity bound.

    Examples
    --------
    >>> check_duration("5d"), check_duration("3m"), check_duration("1y")
    (5, 90, 365)
    >>> check_duration("2000y")
    Traceback (most recent call last):
    ...
    ValueError: 2000y is 730000 days; the limit is 365000 days (1000 years)
    """
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


class RunSize(Struct, frozen=True):
    """What a run holds and steps through, as the engine does it.

    ``periods`` from the first shock to the last horizon; ``nodes`` and ``rules`` (the
    rules that move values); ``columns``, the additive run's shocks and thresholds;
    ``lags``, the longest lag in periods; ``draws`` of the Monte Carlo, of which ``held``
    at once (it runs them in chunks), with ``noisy`` nodes getting market noise and
    ``passes`` over the draws (more when the ``kept`` horizons' samples do not fit at
    once); ``worlds``, the scenario and its comparison; ``step``, the pack's period.
    """

    periods: int
    nodes: int
    rules: int
    columns: int
    lags: int = 0
    draws: int = 0
    held: int | None = None
    noisy: int = 0
    kept: int = 0
    passes: int = 1
    worlds: int = 2
    step: str = "1d"

    @property
    def at_once(self) -> int:
        """The draws held at once."""
        return self.draws if self.held is None else min(self.held, self.draws)


def run_bytes(size: RunSize) -> int:
    """Memory a run implies: 8 bytes per value the engine holds at once.

    ``8 x worlds x nodes x ((periods + lags) x (columns + 1) + held x (lags + 1 + kept))
    + 8 x periods x noisy x held``: the additive run keeps its whole history (``lags``
    zero periods in front, a column per shock and threshold, one for their total); the
    Monte Carlo keeps a ring of ``lags + 1`` periods and the ``kept`` horizons for the
    draws it holds, and its market noise for every period of those draws.

    Examples
    --------
    >>> run_bytes(RunSize(periods=10, nodes=2, rules=2, columns=1))
    640
    """
    s = size
    history = (s.periods + s.lags) * (s.columns + 1)
    ensemble = s.at_once * (s.lags + 1 + s.kept)
    return 8 * s.worlds * s.nodes * (history + ensemble) + 8 * s.periods * s.noisy * s.at_once


def run_work(size: RunSize) -> int:
    """Work a run implies, in updates of one value.

    ``worlds x periods x (PER_STEP + (nodes + rules) x (columns + PER_ITEM + draws x
    passes))``: every period of every world updates each node and rule once per column
    and per draw, on top of the engine's fixed work per period.

    Examples
    --------
    >>> run_work(RunSize(periods=10, nodes=2, rules=2, columns=1))
    100880
    """
    s = size
    per_period = PER_STEP + (s.nodes + s.rules) * (s.columns + PER_ITEM + s.draws * s.passes)
    return s.worlds * s.periods * per_period


def run_problem(size: RunSize) -> str | None:
    """Why a run of this size is refused (memory, then work), naming the formula's terms,
    or None.

    Examples
    --------
    >>> run_problem(RunSize(periods=90, nodes=40, rules=80, columns=3, draws=1000)) is None
    True
    >>> big = run_problem(RunSize(periods=100_000, nodes=2_000, rules=4_000, columns=1))
    >>> big.split(": ")[0]
    'a run of 100000 days needs 6.0 GiB'
    >>> busy = run_problem(RunSize(periods=100_000, nodes=200, rules=4_000, columns=1))
    >>> busy.split(": ")[1]
    '2 worlds x 100000 periods x (5000 + (200 nodes + 4000 rules) x (1 columns + 10 + 0 draws \
x 1 passes)); the limit is 3e+09'
    """
    s = size
    count = f"{s.periods} days" if s.step == "1d" else f"{s.periods} periods of {s.step}"
    needed = run_bytes(s)
    if needed > MAX_RUN_BYTES:
        return (
            f"a run of {count} needs {needed / (1 << 30):.1f} GiB: 8 bytes x {s.worlds} worlds"
            f" x {s.nodes} nodes x ({s.periods + s.lags} periods x {s.columns + 1} columns"
            f" + {s.at_once} draws held x {s.lags + 1 + s.kept} periods) + 8 bytes x"
            f" {s.periods} periods x {s.noisy} noisy nodes x {s.at_once} draws held;"
            f" the limit is {MAX_RUN_BYTES / (1 << 30):.0f} GiB"
        )
    work = run_work(s)
    if work > MAX_RUN_WORK:
        return (
            f"a run of {count} is {work:.3g} updates: {s.worlds} worlds x {s.periods} periods"
            f" x ({PER_STEP} + ({s.nodes} nodes + {s.rules} rules) x ({s.columns} columns"
            f" + {PER_ITEM} + {s.draws} draws x {s.passes} passes)); the limit is"
            f" {MAX_RUN_WORK:.3g}"
        )
    return None
