"""How a committed CSV of the bundled pack's market series is made from its raw file.

The reading half of ``rebuild.py`` (which see for the commands and the rules): each raw
file's recipe, its rows read and normalised, the trading days kept around the pack's event
dates, and the CSV written. Standard library and PyYAML only; ``rebuild.py`` imports it as
a sibling module (its folder is on ``sys.path`` when it runs as a script).
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

HEADER = "date,value"
MISSING = frozenset({"", ".", "-"})  # FRED marks holidays with ".", the MoF with "-"
BEFORE, AFTER = 2, 7  # trading days kept around an event date: enough for a 5-day window
START = date(2012, 1, 1)  # rows before this date are left out
ERA_START = {"S": 1925, "H": 1988, "R": 2018}  # Showa, Heisei, Reiwa: year 1 is start + 1
ERA_DATE = re.compile(r"^([SHR])(\d{1,2})\.(\d{1,2})\.(\d{1,2})$")
WINDOW = re.compile(r"^(\d+)d$")


@dataclass(frozen=True)
class Recipe:
    """How one series is read out of its raw file.

    Attributes
    ----------
    date_column, value_column
        Header names of the two columns used.
    era_dates
        Dates are Japanese era dates such as ``R6.8.5`` (the Finance Ministry's files).
    encoding
        Text encoding of the raw file.
    skip
        Lines before the header line.
    digits
        Round values to this many decimals (half to even); ``None`` keeps the source's text.
    trim
        Drop zeros that pad a value beyond two decimals (``38.570000`` -> ``38.57``).
    """

    date_column: str
    value_column: str
    era_dates: bool = False
    encoding: str = "utf-8"
    skip: int = 0
    digits: int | None = None
    trim: bool = False


_FRED = Recipe("date", "value")  # FRED values with the days without one dropped
_YAHOO = Recipe("date", "close", digits=2)  # closes stored as binary floats

# The bundled pack's series: how each is read from the raw file its ``origin`` names.
RECIPES: dict[str, Recipe] = {
    "usd_jpy": Recipe("observation_date", "DEXJPUS"),
    "ust_2y": _FRED,
    "ust_10y": _FRED,
    "jgb_2y": Recipe("基準日", "2年", era_dates=True, encoding="cp932", skip=1),
    "jgb_10y": Recipe("基準日", "10年", era_dates=True, encoding="cp932", skip=1),
    "vix": Recipe("DATE", "CLOSE", trim=True),
    "nasdaq": _FRED,
    "sp500": _YAHOO,
    "nikkei": _YAHOO,
    "bitcoin": _YAHOO,
}

Row = tuple[date, str]


class DataError(Exception):
    """A raw file or a pack file that cannot be read as this script expects."""


# --- reading sources -------------------------------------------------------------------


def parse_date(text: str, era: bool = False) -> date:
    """An ISO date (a time after it is ignored) or, with ``era``, a Japanese era date.

    Examples
    --------
    >>> parse_date("2024-08-05"), parse_date("R6.8.5", era=True)
    (datetime.date(2024, 8, 5), datetime.date(2024, 8, 5))
    >>> parse_date("H31.4.30", era=True), parse_date("S49.9.24", era=True)
    (datetime.date(2019, 4, 30), datetime.date(1974, 9, 24))
    """
    text = text.strip()
    if not era:
        return date.fromisoformat(text[:10])
    found = ERA_DATE.match(text)
    if found is None:
        raise ValueError(f"not a Japanese era date: {text!r}")
    letter, year, month, day = found.groups()
    return date(ERA_START[letter] + int(year), int(month), int(day))


def normalise(text: str, recipe: Recipe) -> str:
    """The value as committed: the source's decimal text, rounded or trimmed if asked.

    Examples
    --------
    >>> normalise("5186.330078125", Recipe("d", "v", digits=2))
    '5186.33'
    >>> normalise("38.570000", Recipe("d", "v", trim=True)), normalise("4.15", Recipe("d", "v"))
    ('38.57', '4.15')
    """
    text = text.strip()
    try:
        number = Decimal(text)
    except InvalidOperation as err:
        raise ValueError(f"not a number: {text!r}") from err
    if not number.is_finite():
        raise ValueError(f"not a finite number: {text!r}")
    if recipe.digits is not None:
        step = Decimal(1).scaleb(-recipe.digits)
        return format(number.quantize(step, rounding=ROUND_HALF_EVEN), "f")
    if recipe.trim:
        whole, _, fraction = text.partition(".")
        return f"{whole}.{fraction.rstrip('0').ljust(2, '0')}"
    return text


def read_rows(raw: bytes, recipe: Recipe) -> list[Row]:
    """The (date, value) rows of a raw file, ascending, days without a value left out.

    Examples
    --------
    >>> read_rows(b"observation_date,X\\n2024-01-03,1.5\\n2024-01-02,.\\n", Recipe(
    ...     "observation_date", "X"))
    [(datetime.date(2024, 1, 3), '1.5')]
    """
    lines = raw.decode(recipe.encoding).splitlines()[recipe.skip :]
    table = csv.reader(lines)
    header = [name.strip() for name in next(table, [])]
    missing = [c for c in (recipe.date_column, recipe.value_column) if c not in header]
    if missing:
        raise DataError(f"no column {', '.join(missing)} in the header {header}")
    at_date, at_value = header.index(recipe.date_column), header.index(recipe.value_column)
    rows: dict[date, str] = {}
    for number, cells in enumerate(table, start=recipe.skip + 2):
        if len(cells) <= max(at_date, at_value) or not cells[at_date].strip():
            continue
        if cells[at_value].strip() in MISSING:
            continue
        try:
            day = parse_date(cells[at_date], recipe.era_dates)
            value = normalise(cells[at_value], recipe)
        except ValueError as err:
            raise DataError(f"line {number}: {err}") from err
        if rows.get(day, value) != value:
            raise DataError(f"line {number}: {day} appears twice with different values")
        rows[day] = value
    return sorted(rows.items())


# --- event windows ---------------------------------------------------------------------


def load_yaml(path: Path) -> Any:
    """A pack file's YAML tree; a file that cannot be read or parsed is a DataError."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise DataError(f"{path.name}: {err}") from err


def _as_date(value: Any, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as err:
        raise DataError(f"{where}: not a date: {value!r}") from err


def _reach(observed: Iterable[Any]) -> int:
    """The longest observed window of an episode, in calendar days."""
    days = [0]
    for item in observed:
        found = WINDOW.match(str(item.get("window", ""))) if isinstance(item, dict) else None
        if found:
            days.append(int(found.group(1)))
    return max(days)


def event_dates(pack: Path) -> list[tuple[date, int]]:
    """(date, calendar days its window must reach) for every event the pack dates.

    The dates come from ``calendar.yaml`` (``calendar:`` items' ``date``) when the pack
    has one, and from ``episodes.yaml`` (each episode's ``date``, reaching as far as its
    longest observed window, and each shock's ``date``).
    """
    events: set[tuple[date, int]] = set()
    calendar = pack / "calendar.yaml"
    if calendar.exists():
        for item in (load_yaml(calendar) or {}).get("calendar") or []:
            events.add((_as_date(item.get("date"), "calendar.yaml"), 0))
    for episode in (load_yaml(pack / "episodes.yaml") or {}).get("episodes") or []:
        where = f"episodes.yaml, episode {episode.get('id')}"
        events.add((_as_date(episode.get("date"), where), _reach(episode.get("observed") or [])))
        for shock in episode.get("shocks") or []:
            events.add((_as_date(shock.get("date"), where), 0))
    return sorted(events)


def in_windows(rows: Sequence[Row], events: Iterable[tuple[date, int]]) -> list[Row]:
    """The rows from 2 trading days before to 7 after each event inside the rows' span.

    Examples
    --------
    >>> rows = [(date(2024, 1, day), str(day)) for day in range(1, 31)]
    >>> [v for _, v in in_windows(rows, [(date(2024, 1, 10), 0)])]
    ['5', '6', '7', '8', '9', '10', '11', '12', '13', '14', '15', '16', '17', '18', '19', '20']
    """
    days = [day for day, _ in rows]
    keep: set[int] = set()
    for day, reach in events:
        if not days or not days[0] <= day <= days[-1]:
            continue
        start = bisect_left(days, day)
        end = max(start + AFTER, bisect_left(days, day + timedelta(days=reach)))
        keep.update(range(max(0, start - BEFORE), min(len(rows), end + 1)))
    return [rows[index] for index in sorted(keep)]


def render(rows: Sequence[Row]) -> bytes:
    """The committed CSV: header ``date,value``, LF line ends, a final newline."""
    return "".join(
        [HEADER + "\n", *(f"{day.isoformat()},{value}\n" for day, value in rows)]
    ).encode()
