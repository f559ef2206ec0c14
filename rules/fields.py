"""The pack language's scalar fields (ids, texts, durations, dates, probabilities) and
the duration arithmetic every layer shares; :mod:`macrograph.rules.models` builds on them.

Examples
--------
>>> duration_days("2w"), duration_periods("1m", "1d")
(14, 30)
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from macrograph.rules import limits
from macrograph.rules.durations import DAYS_PER as DAYS_PER
from macrograph.rules.durations import duration_days as duration_days
from macrograph.rules.english.forms import TIMES

MONTHS_PER = {"m": 1, "q": 3, "y": 12}
DURATION_PATTERN = r"^[0-9]{1,6}[dwmqy]$"  # up to 1,000 years of days (limits.py)
PERIODS = ("1d", "1w", "2w", "1m", "1q", "1y")
"""The periods a pack may count in: one of each unit, and the fortnight (``2w``) of the
reports that count by half-months."""
PERIOD_NOUNS = {"d": "day", "w": "week", "m": "month", "q": "quarter", "y": "year"}
"""A duration's letter as a noun: a period, or a horizon counted in it."""
PERIOD_NAMES = {"2w": "fortnight"}
"""A period of more than one of its unit, by the noun its users call it."""


def period_noun(period: str) -> str:
    """A pack's period as a noun ('1w': 'week', '2w': 'fortnight'), 'period' for one it
    does not know.

    Examples
    --------
    >>> period_noun("1w"), period_noun("1d"), period_noun(""), period_noun("2w")
    ('week', 'day', 'period', 'fortnight')
    """
    if period in PERIOD_NAMES:
        return PERIOD_NAMES[period]
    return PERIOD_NOUNS.get(period[-1:], "period")


NodeId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
ScenarioId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]
ClaimId = Annotated[str, Field(pattern=r"^[A-Z][0-9]{1,3}$")]
SourceId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]
Text = Annotated[str, Field(min_length=1, max_length=20_000)]


def _bounded_duration(text: str) -> str:
    limits.check_duration(text)  # 9999y would mean millions of periods
    return text


DURATION_WORDS = {
    word: spelt[0][0]
    for spelt, short, _ in TIMES
    if spelt[0][0] in DAYS_PER and spelt[0] != "second"
    for word in (*spelt, *short, spelt[0][0])
}
"""A duration's unit as a newcomer may write it ('weeks', 'wk', 'W'), and its letter."""
DURATION_EXAMPLES = "a duration such as 0d, 5d, 1w, 1m or 3m"
SUB_DAY = frozenset(
    w for spelt, short, size in TIMES if size and size < 86_400 for w in (*spelt, *short)
)
"""Units of time shorter than a day ('h', 'minutes'): no pack counts in them."""
SHORTEST = "a pack counts in days at the shortest ('period: 1d'); within a day is 0d"


def _duration_meant(value: Any) -> Any:
    """Refuse a duration written without its unit or with its unit spelt out, with the
    duration meant; anything else goes on to the pattern as given.

    Examples
    --------
    >>> _duration_meant("2w")
    '2w'
    >>> _duration_meant("2 weeks")
    Traceback (most recent call last):
    ValueError: must be a duration such as 0d, 5d, 1w, 1m or 3m (got '2 weeks'); write '2w'
    >>> _duration_meant("6h")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ValueError: must be ... (got '6h'): a pack counts in days at the shortest ('period: 1d'); ...
    """
    if isinstance(value, int) and not isinstance(value, bool):
        raise ValueError(
            f"must be a duration with its unit, such as {value}d or {value}w (got {value})"
        )
    if isinstance(value, float):
        raise ValueError(f"must be {DURATION_EXAMPLES} (got {value}): a whole number with its unit")
    found = (
        re.fullmatch(r" *([0-9]{1,6}) *([A-Za-z]{1,8}) *", value)
        if isinstance(value, str)
        else None
    )
    if found and found.group(2).lower() in SUB_DAY:  # '6h': the step is a day at the least
        raise ValueError(f"must be {DURATION_EXAMPLES} (got {value!r}): {SHORTEST}")
    letter = DURATION_WORDS.get(found.group(2).lower()) if found else None
    if found and letter and value != f"{found.group(1)}{letter}":
        raise ValueError(
            f"must be {DURATION_EXAMPLES} (got {value!r}); write '{found.group(1)}{letter}'"
        )
    return value


Duration = Annotated[
    str,
    Field(pattern=DURATION_PATTERN),
    BeforeValidator(_duration_meant),  # runs before the pattern: it wraps what is above it
    AfterValidator(_bounded_duration),
]
Probability = Annotated[float, Field(ge=0.0, le=1.0)]
Amount = Annotated[float, Field(ge=-limits.MAX_AMOUNT, le=limits.MAX_AMOUNT)]
"""A shock's change or level in a pack: within :data:`~macrograph.rules.limits.MAX_AMOUNT`."""
# Regions, units and channels are words of the pack's vocabulary (rules/vocabulary.py plus
# what pack.yaml declares); the loader checks them once the pack's vocabulary is known.
Word = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_]{0,31}$")]  # words.WORD_PATTERN
# A rule's units, TARGET/SOURCE: each a unit id, so spelt as a Word is (kt_co2/gwh_day).
UNITS_PATTERN = r"^[A-Za-z][A-Za-z0-9_]{0,31}/[A-Za-z][A-Za-z0-9_]{0,31}$"
Date = Annotated[date, Field(strict=False), AfterValidator(limits.check_date)]


def duration_periods(text: str, period: str = "1d") -> int:
    """Number of periods of length ``period`` in a duration; ValueError when not whole.

    A pack counted in days or weeks counts durations in days (a month is 30 days, a
    quarter 90, a year 365); a pack counted in months, quarters or years counts them
    in calendar months, so that there a duration in days or weeks must be zero.

    Examples
    --------
    >>> duration_periods("3m"), duration_periods("2w", "1w"), duration_periods("2y", "1q")
    (90, 2, 8)
    >>> duration_periods("6w", "2w"), duration_periods("2w", "2w")
    (3, 1)
    >>> duration_periods("10d", "1w")
    Traceback (most recent call last):
    ...
    ValueError: 10d is not a whole number of periods of 1w
    """
    count, unit = int(text[:-1]), text[-1]
    if count == 0:
        duration_days(text)  # still a duration
        return 0
    if period[-1] in MONTHS_PER:
        if unit not in MONTHS_PER:
            whole = False
            size = 1
        else:
            size, remainder = divmod(count * MONTHS_PER[unit], MONTHS_PER[period[-1]])
            whole = remainder == 0
    else:
        size, remainder = divmod(duration_days(text), duration_days(period))
        whole = remainder == 0
    if not whole:
        raise ValueError(f"{text} is not a whole number of periods of {period}")
    return size


def is_whole(text: str, period: str) -> bool:
    """Whether the duration ``text`` is a whole number of periods of ``period``.

    Examples
    --------
    >>> is_whole("2w", "1w"), is_whole("3d", "1w"), is_whole("1w", "1m")
    (True, False, False)
    """
    try:
        duration_periods(text, period)
    except ValueError:
        return False
    return True


def not_whole_text(field: str, text: str, period: str) -> str:
    """What lint says of a ``field`` (lag, decay, horizon) that is no whole number of periods.

    Examples
    --------
    >>> not_whole_text("lag", "6m", "1y")
    "lag 6m is not a whole number of the pack's periods (1y)"
    """
    why = f"{field} {text} is not a whole number of the pack's periods ({period})"
    if period[-1] in "mqy" and text[-1] in "dw":
        return f"{why}: a pack counted in months, quarters or years takes durations in m, q or y"
    return why


class Model(BaseModel):
    """Base of every pack model: strict, frozen, no unknown fields, no NaN."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, strict=True, allow_inf_nan=False, defer_build=True
    )


class Citation(Model):
    """Where a rule or fact comes from: claim ids of the seed, sources, and a basis."""

    basis: Literal["seed", "literature", "assumption", "observed"]
    claims: tuple[ClaimId, ...] = ()
    sources: tuple[SourceId, ...] = ()
    rationale: Text | None = None
