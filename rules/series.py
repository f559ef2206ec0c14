"""Market series a pack ships as data: their provenance, and the changes read from them.

A pack may declare ``series``: a CSV file of dated values (a ``date,value`` header, ISO dates
in ascending order, one row per day the source published a value) that measures one of its
nodes, in the node's level unit, with where it came from (publisher, repository or address,
commit or date retrieved, licence, what was done to it). An episode's observation may then
say ``from: data`` and the change is read from the series instead of being typed by hand.

How a window reads a series (the backtest's convention): a window of ``N`` days from an
event on day ``D`` is the move from the last close *before the event* to the first close on
or after day ``D + N`` that comes *after the event*. When the event and the series both state
a time of day (an institution's ``announced``, a series' ``close``), "before" and "after"
compare the two instants, so a fixing taken before an afternoon announcement is not counted
as its reaction; otherwise a close on day ``D`` counts as after the event. A market shut on
``D + N`` (a weekend, a holiday) is read at its next close. Nothing is interpolated: when the
series has no close within :data:`MAX_GAP_DAYS` of where one is needed, the window is
missing and says which dates it lacks.

A change is in the node's units: the percent change of the level for a node whose changes
read as percent moves (a price), the difference of levels otherwise (a yield in percent
gives a change in percentage points).

Examples
--------
>>> from datetime import date
>>> data = SeriesData("fx", (date(2024, 8, 2), date(2024, 8, 5), date(2024, 8, 6)),
...                   (146.5, 142.0, 144.0))
>>> move = window_change(data, Timing(date(2024, 8, 3)), 0, percent=True)
>>> (move.base_date.day, move.end_date.day, round(move.value, 3))
(2, 5, -3.072)
"""

from __future__ import annotations

import bisect
import io
import math
import operator
import re
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from msgspec import Struct
from pydantic import AfterValidator, Field

from macrograph.rules import limits
from macrograph.rules.durations import duration_days
from macrograph.rules.errors import DataError
from macrograph.rules.models import Date, Model, NodeId, SourceId, Text

MAX_GAP_DAYS = 7
"""Calendar days a window may look past where it needs a close (a long holiday), at most,
in a pack counted in days or weeks (see :func:`max_gap_days`)."""
SERIES_ID = r"^[a-z][a-z0-9_]{0,63}$"
SHA256 = r"^[0-9a-f]{64}$"
COMMIT = r"^[0-9a-f]{40}$"
CLOCK = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9]) ([A-Za-z_]+(?:/[A-Za-z0-9_+-]+){0,2})$")


def max_gap_days(period: str) -> int:
    """How far a window may look past where it needs a close in a pack counted in ``period``:
    a week (a long holiday), or one of the pack's periods where that is longer, since a
    series of a pack counted in months or quarters has a close a month or a quarter apart.
    Such a pack counts calendar months, so its period is its longest: a month of 31 days
    (the close of 1 July is a month before 1 August), a quarter of 92, a year of 366; and a
    pack counted in fortnights reads the half-months its reports count by, of 16 days at
    the longest (the 16th to the 1st of a month of 31).

    Examples
    --------
    >>> max_gap_days("1d"), max_gap_days("1w"), max_gap_days("1m"), max_gap_days("1q")
    (7, 7, 31, 92)
    >>> max_gap_days("2w")
    16
    """
    if period == "2w":
        return 16
    count, unit = int(period[:-1]), period[-1]
    longest = {"m": 31, "q": 92, "y": 366}.get(unit)
    days = count * longest if longest is not None else duration_days(period)
    return max(MAX_GAP_DAYS, days)


def _clock(text: str) -> str:
    parse_clock(text)
    return text


def _relative(text: str) -> str:
    path = Path(text)
    if path.is_absolute() or ".." in path.parts or not text.endswith(".csv"):
        raise ValueError("must be a .csv file inside the pack folder, such as data/usd_jpy.csv")
    return text


Clock = Annotated[str, AfterValidator(_clock)]
"""A time of day in a time zone: ``"14:00 America/New_York"``."""
CsvPath = Annotated[str, Field(min_length=5, max_length=255), AfterValidator(_relative)]


def parse_clock(text: str) -> tuple[time, ZoneInfo]:
    """The time and zone of a clock such as ``"16:00 America/New_York"``.

    Examples
    --------
    >>> parse_clock("15:00 Asia/Tokyo")[0]
    datetime.time(15, 0)
    >>> parse_clock("25:00 Asia/Tokyo")
    Traceback (most recent call last):
    ...
    ValueError: '25:00 Asia/Tokyo' is not a time of day in a zone, such as '16:00 America/New_York'
    """
    match = CLOCK.match(text)
    if match is None:
        raise ValueError(
            f"{text!r} is not a time of day in a zone, such as '16:00 America/New_York'"
        )
    try:
        zone = ZoneInfo(match.group(3))
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {match.group(3)!r} (e.g. Asia/Tokyo)") from None
    return time(int(match.group(1)), int(match.group(2))), zone


class Origin(Model):
    """Where the raw file a series was cut from lives: a repository, path and commit, or
    an address and the date it was retrieved; with the raw file's SHA-256."""

    repository: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")] | None = None
    path: Text | None = None
    commit: Annotated[str, Field(pattern=COMMIT)] | None = None
    url: Text | None = None
    retrieved: Date | None = None
    sha256: Annotated[str, Field(pattern=SHA256)] | None = None


class Series(Model):
    """A dated series of one node's level, shipped as a CSV file with its provenance.

    ``coverage`` is ``full`` (every day the source published) or ``event-windows`` (only the
    days around the pack's events, where the publisher's terms allow no more).
    """

    id: Annotated[str, Field(pattern=SERIES_ID)]
    node: NodeId
    label: Text | None = None
    file: CsvPath
    coverage: Literal["full", "event-windows"] = "full"
    publisher: Text
    source: SourceId
    origin: Origin
    retrieved: Date
    licence: Text
    transformation: Text
    close: Clock | None = None
    sha256: Annotated[str, Field(pattern=SHA256)] | None = None
    first: Date | None = None
    last: Date | None = None


class SeriesData(Struct, frozen=True):
    """A series' dates (ascending) and values, as read from its file."""

    id: str
    dates: tuple[date, ...]
    values: tuple[float, ...]
    close: str | None = None

    def __len__(self) -> int:
        return len(self.dates)

    def between(self, start: date, end: date) -> tuple[tuple[date, float], ...]:
        """The (date, value) rows from ``start`` to ``end``, both included."""
        lo = bisect.bisect_left(self.dates, start)
        hi = bisect.bisect_right(self.dates, end)
        return tuple(zip(self.dates[lo:hi], self.values[lo:hi], strict=True))


class Timing(Struct, frozen=True):
    """When an event happened: its day, and its time of day where known."""

    day: date
    clock: str | None = None


class WindowChange(Struct, frozen=True):
    """A change read from a series: its value and the two closes it spans."""

    value: float
    base_date: date
    base: float
    end_date: date
    end: float


def read_series(root: str | Path, series: Series) -> SeriesData:
    """Read a series' CSV file (relative to the pack folder ``root``).

    Raises
    ------
    DataError
        Naming the file, line and series when the file is missing, too large, or not a
        ``date,value`` table of ascending dates and finite numbers.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> pack = load_pack("tests/packs/markets")
    >>> data = read_series(pack.root, pack.series["krona"])
    >>> len(data), data.dates[-1].isoformat(), data.values[-1]
    (83, '2025-04-30', 10.7417)
    """
    path = Path(root) / series.file
    try:
        size = path.stat().st_size
        if size > limits.MAX_DATA_FILE_BYTES:
            raise DataError(
                series.file,
                0,
                series.id,
                f"the file holds {size} bytes; the limit is {limits.MAX_DATA_FILE_BYTES}",
            )
        text = path.read_bytes().decode("utf-8-sig")  # a byte-order mark, as a spreadsheet saves
    except FileNotFoundError:
        raise DataError(series.file, 0, series.id, "the series' file is not there") from None
    except UnicodeDecodeError:
        raise DataError(series.file, 0, series.id, "the file is not UTF-8 text") from None
    except OSError as err:
        raise DataError(series.file, 0, series.id, f"cannot read it ({err.strerror})") from None
    return parse_series(text, series.id, series.file, series.close)


def parse_series(text: str, series_id: str, file: str, close: str | None = None) -> SeriesData:
    """A ``date,value`` table as :class:`SeriesData` (see :func:`read_series`).

    Examples
    --------
    >>> parse_series("date,value\\n2024-01-02,1.5\\n2024-01-03,1.6\\n", "x", "x.csv").values
    (1.5, 1.6)
    >>> parse_series("date,value\\n2024-01-03,1.5\\n2024-01-02,1.6\\n", "x", "x.csv")
    Traceback (most recent call last):
    ...
    macrograph.rules.errors.DataError: x.csv:3: x: 2024-01-02 does not come after 2024-01-03
    """
    plain = _plain_table(text, series_id, close)
    if plain is not None:
        return plain
    rows = _csv_rows(text, file, series_id)
    header = next(rows, None)
    if header != ["date", "value"]:
        raise DataError(file, 1, series_id, "the first line must be the header 'date,value'")
    dates: list[date] = []
    values: list[float] = []
    for line, row in enumerate(rows, start=2):
        day, value = _row(row, file, line, series_id)
        if dates and day <= dates[-1]:
            raise DataError(file, line, series_id, f"{day} does not come after {dates[-1]}")
        dates.append(day)
        values.append(value)
        if len(dates) > limits.MAX_DATA_ROWS:
            raise DataError(file, line, series_id, f"more than {limits.MAX_DATA_ROWS} rows")
    if not dates:
        raise DataError(file, 1, series_id, "the file has no rows of data")
    return SeriesData(series_id, tuple(dates), tuple(values), close)


def _csv_rows(text: str, file: str, series_id: str) -> Iterator[list[str]]:
    """The table's rows; a line the csv module cannot read (a carriage return alone inside
    a line, a cell over its size limit) is a :class:`DataError` naming it."""
    import csv  # when a series is read: a command that reads none (a what-if) goes without

    reader = csv.reader(io.StringIO(text))
    try:
        yield from reader
    except csv.Error as err:
        why = "text that is not a CSV row"
        if "new-line" in str(err):
            why = "a carriage return alone"
        elif "field larger" in str(err):
            why = f"a cell of more than {csv.field_size_limit():,} characters"
        raise DataError(file, reader.line_num, series_id, f"the line holds {why}") from None


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
"""A date as a data file writes it (and a pack: YYYY-MM-DD)."""
PLAIN_NUMBER = re.compile(
    r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[+-]?(?:nan|inf|infinity)", re.I
)
"""A number as a data file writes it: digits, a point, an exponent (no '_' between digits)."""


HEADER = "date,value\n"
PLAIN_ROW = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2},[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
)
"""A row as most files write it: a date, a comma and a plain number, nothing else."""


def _plain_table(text: str, series_id: str, close: str | None) -> SeriesData | None:
    """The table read at once when it is plainly well made: the header, then rows of
    :data:`PLAIN_ROW` with ascending dates and values within the limits; else None, and
    :func:`parse_series` reads it row by row to say what is wrong.

    Examples
    --------
    >>> _plain_table("date,value\\n2024-01-02,1.5\\n2024-01-03,-2\\n", "x", None).values
    (1.5, -2.0)
    >>> _plain_table("date,value\\n2024-01-02,1.5\\n2024-01-02,1.6\\n", "x", None) is None
    True
    """
    if not text.startswith(HEADER):
        return None
    lines = text[len(HEADER) :].split("\n")
    if lines[-1] == "":
        lines.pop()  # the last row's line end
    if not lines or len(lines) > limits.MAX_DATA_ROWS or not all(map(PLAIN_ROW.fullmatch, lines)):
        return None
    cells = ",".join(lines).split(",")
    try:
        dates = tuple(map(date.fromisoformat, cells[0::2]))
    except ValueError:
        return None  # a day no calendar has, such as 2025-02-30
    values = tuple(map(float, cells[1::2]))
    limit = limits.MAX_DATA_VALUE
    if (
        not all(map(operator.lt, dates, dates[1:]))
        or not -limit <= min(values) <= max(values) <= limit
    ):
        return None
    return SeriesData(series_id, dates, values, close)


def _row(row: list[str], file: str, line: int, series_id: str) -> tuple[date, float]:
    if len(row) != 2:
        raise DataError(file, line, series_id, "each row must be 'date,value'")
    try:  # the pattern first: fromisoformat also takes '20240725' and '2024-W30-4'
        day = date.fromisoformat(row[0] if ISO_DATE.fullmatch(row[0]) else "")
    except ValueError:
        raise DataError(
            file, line, series_id, f"{_quoted(row[0])} is not a date (YYYY-MM-DD)"
        ) from None
    try:  # the pattern first: float also takes '1_53.97' as 153.97
        value = float(row[1] if PLAIN_NUMBER.fullmatch(row[1].strip()) else "")
    except ValueError:
        raise DataError(file, line, series_id, f"{_quoted(row[1])} is not a number") from None
    if not math.isfinite(value):
        raise DataError(file, line, series_id, f"{_quoted(row[1])} is not a finite number")
    if abs(value) > limits.MAX_DATA_VALUE:
        raise DataError(
            file,
            line,
            series_id,
            f"{_quoted(row[1])} is beyond ±{limits.MAX_DATA_VALUE:g}, the limit",
        )
    return day, value


def _quoted(text: str, most: int = 40) -> str:
    """A cell as a message quotes it: whole when short, else its start and its length.

    Examples
    --------
    >>> _quoted("n/a"), _quoted("1" * 50, most=4)
    ("'n/a'", "'1111...' (50 characters)")
    """
    if len(text) <= most:
        return repr(text)
    return f"{text[:most] + '...'!r} ({len(text)} characters)"


def window_change(
    data: SeriesData, when: Timing, days: int, percent: bool, max_gap: int = MAX_GAP_DAYS
) -> WindowChange:
    """The change over a window of ``days`` days from an event (see the module's convention).

    Parameters
    ----------
    data : SeriesData
    when : Timing
        The event's day and, where known, its time of day (``"14:00 America/New_York"``).
    days : int
        The window in calendar days (0: the event's own day).
    percent : bool
        True for a percent change of the level, False for a difference of levels.
    max_gap : int
        How far past the day it needs a close a window may look.

    Raises
    ------
    DataError
        When the series has no close where the window needs one (the message names the
        dates it lacks); nothing is interpolated.

    Examples
    --------
    >>> d = SeriesData("y", (date(2025, 12, 9), date(2025, 12, 10), date(2025, 12, 11)),
    ...                (4.19, 4.15, 4.14), "12:00 America/New_York")
    >>> move = window_change(d, Timing(date(2025, 12, 10), "14:00 America/New_York"), 0, False)
    >>> move.base_date.day, move.end_date.day  # the noon fixing of the 10th came first
    (10, 11)
    """
    start = _before(data, when, max_gap)
    end = _after(data, when, days, max_gap)
    base, last = data.values[start], data.values[end]
    if percent and base == 0.0:
        raise DataError("", 0, data.id, f"the level on {data.dates[start]} is zero")
    value = 100.0 * (last / base - 1.0) if percent else last - base
    return WindowChange(value, data.dates[start], base, data.dates[end], last)


_parsed_clock = lru_cache(maxsize=64)(parse_clock)
""":func:`parse_clock`, once per clock: a window asks for its event's and its series' clocks."""


def _instant(day: date, clock: str) -> datetime:
    """A day at a clock's time, in the clock's zone."""
    at, zone = _parsed_clock(clock)
    return datetime.combine(day, at, tzinfo=zone)


def _is_before(data: SeriesData, index: int, when: Timing) -> bool:
    """Whether the close at ``index`` came before the event."""
    day = data.dates[index]
    if day != when.day or when.clock is None or data.close is None:
        return day < when.day
    return _close_first(day, data.close, when.clock)


@lru_cache(maxsize=1024)
def _close_first(day: date, close: str, clock: str) -> bool:
    """Whether a close at ``close`` on ``day`` came before an event at ``clock`` that day
    (asked of every window from an event on a day the series has a close)."""
    return _instant(day, close) < _instant(day, clock)


def _before(data: SeriesData, when: Timing, max_gap: int) -> int:
    index = bisect.bisect_right(data.dates, when.day) - 1
    while index >= 0 and not _is_before(data, index, when):
        index -= 1
    if index < 0 or (when.day - data.dates[index]).days > max_gap:
        lo = when.day - timedelta(days=max_gap)
        raise DataError("", 0, data.id, f"no close from {lo} to before the event on {when.day}")
    return index


def _after(data: SeriesData, when: Timing, days: int, max_gap: int) -> int:
    target = when.day + timedelta(days=days)
    index = bisect.bisect_left(data.dates, target)
    while index < len(data.dates) and _is_before(data, index, when):
        index += 1
    if index >= len(data.dates) or (data.dates[index] - target).days > max_gap:
        hi = target + timedelta(days=max_gap)
        raise DataError("", 0, data.id, f"no close from {target} to {hi}")
    return index
