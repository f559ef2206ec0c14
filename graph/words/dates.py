"""Dates said in words in a question: '19 Dec 2025', 'on 12 March', 'in Q3 2026', 'from
1 march 2027', read as a :class:`When` and put on the calendar.

Examples
--------
>>> strip_date("x rises 5 on 12 march")
('x rises 5', When(month=3, day=12, year=None, months=1, week=None, half=0, part=''))
"""

from __future__ import annotations

import re
from datetime import date

from msgspec import Struct
from msgspec.structs import replace

from macrograph.graph.errors import PlainWordsError
from macrograph.graph.words.changewords import shock_example
from macrograph.rules.pack import Pack

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
DATES = (
    re.compile(r"\b(?:in|on|at|by|from)?\s*(\d{4})-(\d{2})-(\d{2})\b"),
    re.compile(
        rf"\b(?:in|on|at|by|from)?\s*(\d{{1,2}})(?:st|nd|rd|th)?\s+{MONTH}\.?(?:\s+(\d{{4}}))?\b"
    ),
    re.compile(
        rf"\b(?:in|on|at|by|from)?\s*{MONTH}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+(\d{{4}}))?\b"
    ),
    re.compile(rf"\b(?:in|on|at|by|from|this|next)\s+{MONTH}\.?(?:\s+(\d{{4}}))?\b"),
)
FIGURES = re.compile(r"\b(?:in|on|at|by|from)?\s*(\d{1,2})[/.](\d{1,2})[/.]((?:19|20|21)\d\d)\b")
"""A day written in figures, day first or month first ('13/11/2026', '11/30/2026'): read
only where one of the two cannot be a month (:func:`figures_read`)."""
QUARTERS = ("first", "second", "third", "fourth")
QUARTER_DATES = (
    re.compile(r"\b(?:in|during|by)?\s*q([1-4])(?:\s+(?:of\s+)?(\d{4}))?\b"),
    re.compile(
        rf"\b(?:in|during|by)?\s*({'|'.join(QUARTERS)})\s+quarter(?:\s+of)?(?:\s+(\d{{4}}))?\b"
    ),
    re.compile(r"\b(?:in|during|by)?\s*([1-4])q\s?((?:19|20|21)?\d\d)\b"),
)
"""A quarter said in words: 'in Q3 2026', 'q3', 'in the third quarter of 2026', and as
analysts date results, its number first and the year's last two figures ('3Q26', '3Q 2026')."""
HALF_DATE = re.compile(
    rf"\b(?:(?:in|during|by|from|on)\s+)?(?:the\s+)?(first|second|1st|2nd)\s+(?:half|fortnight)"
    rf"\s+of\s+(?:{MONTH}\.?(?:\s+(\d{{4}}))?|((?:19|20|21)\d\d)\b)"
)
"""Half a month or half a year said in words, as reports by half-month and plans by half-year
count: 'in the first half of May' (1 to 15 May), 'the second fortnight of July' (from 16
July), 'in the second half of 2027' (July to December)."""
YEAR_DATE = re.compile(r"\b(?:in|during)\s+((?:19|20|21)\d\d)\b(?!\s*[%.,]?\d)")
"""A year said alone: 'in 2027', as a plan says when."""
PART_DATE = re.compile(
    r"\b(?:(?:in|during|by|from|at|on|around|until)\s+)?(?:the\s+)?(?:"
    r"(early|mid|late|end)(?:\s*-\s*|\s+in\s+|\s+)|(start|beginning|middle|end)\s+of\s+)"
    rf"(?:{MONTH}\.?(?:\s+(\d{{4}}))?\b|((?:19|20|21)\d\d)\b)(?!\s*[%.,]?\d)"
)
"""A part of a year or of a month said as news says it, not by its dates: 'in early 2027',
'mid-2027', 'late in 2027', 'by the end of 2027', 'end-2027', 'at the start of 2027',
'in mid-March', 'by the end of June' (:data:`YEAR_PARTS`, :data:`MONTH_PARTS`)."""
YEAR_PARTS = {"early": (1, 3), "start": (1, 1), "mid": (6, 2), "late": (10, 3), "end": (12, 1)}
"""The months a part of a year said spans: its first month and how many (early 2027: January
to March; mid-2027: June and July; late 2027: October to December; its end: December)."""
MONTH_PARTS = {"early": (1, 1), "start": (1, 0), "mid": (15, 0), "late": (16, 2), "end": (16, 2)}
"""The day a part of a month said starts on, and the half of the month it spans (0: that day):
early March is its first half, mid-March the 15th, late March and its end the second half."""
PART_WORDS = {"beginning": "start", "middle": "mid"}
"""Other words for a part (the beginning of 2027 is its start)."""
WEEK_DATE = re.compile(
    r"\b(?:in|during|by|from|on)\s+(?:week|wk)\s+(\d{1,2})(?:\s+(?:of\s+)?(\d{4}))?\b"
)
"""A week said by its number, as weekly reports count them ('in week 45', 'from week 2 of
2027'): the ISO week, which starts on a Monday. Said with no preposition it may be a level of
a count of weeks ('the season reaches week 11'), and is no date."""


class When(Struct, frozen=True):
    """A date said in words: a month, and a day and year when given."""

    month: int
    day: int | None = None
    year: int | None = None
    months: int = 1  # how many months it spans: 3 for a quarter, from ``month``
    week: int | None = None  # an ISO week by its number, its Monday the day ('in week 45')
    half: int = 0  # 1 or 2: the first half of the month (to the 15th) or the second
    part: str = ""  # a part of a year or month said in words ('early', 'mid'), as shown

    def holds(self, day: date) -> bool:
        """Whether ``day`` is this date (or falls in this month, quarter, week or half of a
        month)."""
        if self.half:
            return (self.month, (day.day > 15) + 1) == (day.month, self.half) and self.year in (
                None,
                day.year,
            )
        if self.week is not None:
            year, week, _ = day.isocalendar()
            return week == self.week and self.year in (None, year)
        return (
            self.month <= day.month < self.month + self.months
            and self.day in (None, day.day)
            and self.year in (None, day.year)
        )

    def __str__(self) -> str:
        if self.part:
            of = MONTHS[self.month - 1].capitalize() if self.day or self.half else ""
            said = " ".join(w for w in (of, str(self.year or "")) if w)
            if self.part in ("start", "end"):
                return f"the {self.part} of {said}"
            return f"mid-{said}" if self.part == "mid" else f"{self.part} {said}"
        if self.months == 12:
            return str(self.year)
        if self.half or self.months == 6:
            which = "first" if self.half == 1 or self.month == 1 else "second"
            of = MONTHS[self.month - 1].capitalize() if self.half else ""
            return " ".join(w for w in (f"{which} half of", of, str(self.year or "")) if w)
        if self.week is not None:
            return f"week {self.week} of {self.year}" if self.year else f"week {self.week}"
        if self.months == 3:
            quarter = f"Q{(self.month - 1) // 3 + 1}"
            return f"{quarter} {self.year}" if self.year else quarter
        text = MONTHS[self.month - 1].capitalize()
        text = f"{self.day} {text}" if self.day else text
        return f"{text} {self.year}" if self.year else text


DATE_COMMA = re.compile(
    rf"(\b{MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}\.?),"
    r"(?=\s*\d{4}\b)",
    re.IGNORECASE,
)
"""The comma an American date puts before its year ('July 1, 2027'), which cuts no clause."""


INDEX_BASE = re.compile(r"\(\s*[^()=]*=\s*\d+(?:\.\d+)?\s*\)")
"""An index's base said after its level, as the level is written ('80 (Dec 2026=100)')."""


def without_base(text: str) -> str:
    """``text`` without the base of an index said after a level ('(Dec 2026=100)'), whose
    date and number are neither the move's date nor its level.

    Examples
    --------
    >>> without_base("equity prices fall to 80 (Dec 2026=100) in March")
    'equity prices fall to 80   in March'
    """
    return INDEX_BASE.sub(" ", text)


def date_commas(text: str) -> str:
    """``text`` without the comma a date puts between its day and its year, so that the
    comma is not read as a break between clauses.

    Examples
    --------
    >>> date_commas("aid falls 5% on July 1, 2027, and rates rise")
    'aid falls 5% on July 1 2027, and rates rise'
    """
    return DATE_COMMA.sub(lambda m: m.group(1), text)


def strip_date(text: str) -> tuple[str, When | None]:
    """``text`` (in :func:`~macrograph.graph.words.naming.words` form) without the first date it
    says, and that date (None for none).

    Examples
    --------
    >>> strip_date("x rises 5 on 19 dec 2025")
    ('x rises 5', When(month=12, day=19, year=2025, months=1, week=None, half=0, part=''))
    >>> strip_date("x rises 5 from 1 march 2027")  # as a notice of a change says it
    ('x rises 5', When(month=3, day=1, year=2027, months=1, week=None, half=0, part=''))
    >>> strip_date("x rises 5 in q3 2026")
    ('x rises 5', When(month=7, day=None, year=2026, months=3, week=None, half=0, part=''))
    >>> str(strip_date("x rises 5 in third quarter of 2026")[1])
    'Q3 2026'
    >>> str(strip_date("x rises 5 in 3q26")[1]), str(strip_date("x rises 5 in 4q 2027")[1])
    ('Q3 2026', 'Q4 2027')
    >>> strip_date("x rises 5 in 2027")  # a year alone
    ('x rises 5', When(month=1, day=None, year=2027, months=12, week=None, half=0, part=''))
    >>> str(strip_date("x rises 5 in week 45")[1]), str(strip_date("x rises 5 by wk 2 of 2027")[1])
    ('week 45', 'week 2 of 2027')
    >>> strip_date("the season reaches week 11")[1] is None
    True
    >>> halves = ("second half of july", "2nd half of 2027")
    >>> [str(strip_date(f"x rises 5 in the {said}")[1]) for said in halves]
    ['second half of Jul', 'second half of 2027']
    >>> strip_date("x rises 5 in the first fortnight of may 2026")[1].day
    1

    A part of a year or month said as news says it:

    >>> said = ("in early 2027", "mid-2027", "by the end of 2027", "in late march")
    >>> [str(strip_date(f"x rises 5 {w}")[1]) for w in said]
    ['early 2027', 'mid-2027', 'the end of 2027', 'late Mar']
    >>> strip_date("x rises 5 in mid-2027")[1].month, strip_date("x rises 5 end-2027")[0]
    (6, 'x rises 5')
    """
    weekly = WEEK_DATE.search(text)
    if weekly is not None and 1 <= int(weekly.group(1)) <= 53:
        of = int(weekly.group(2)) if weekly.group(2) else None
        rest = (text[: weekly.start()] + " " + text[weekly.end() :]).strip()
        return re.sub(r"\s+", " ", rest), When(1, None, of, week=int(weekly.group(1)))
    parted = PART_DATE.search(text)
    if parted is not None:
        rest = re.sub(r"\s+", " ", (text[: parted.start()] + " " + text[parted.end() :]).strip())
        return rest, _part_when(parted.groups())
    halved = HALF_DATE.search(text)
    if halved is not None:
        which, month, year, whole = halved.groups()
        second = which in ("second", "2nd")
        rest = re.sub(r"\s+", " ", (text[: halved.start()] + " " + text[halved.end() :]).strip())
        if whole:  # half a year: its six months from January or July
            return rest, When(7 if second else 1, None, int(whole), months=6)
        number = MONTHS.index(month[:3]) + 1
        return rest, When(number, 16 if second else 1, int(year) if year else None, half=1 + second)
    for pattern in QUARTER_DATES:
        match = pattern.search(text)
        if match is None:
            continue
        said, year = match.groups()
        number = int(said) if said.isdigit() else QUARTERS.index(said) + 1
        of = (int(year) + (2000 if len(year) == 2 else 0)) if year else None  # '3q26': 2026
        found = When(3 * number - 2, None, of, months=3)
        rest = (text[: match.start()] + " " + text[match.end() :]).strip()
        return re.sub(r"\s+", " ", rest), found
    match = FIGURES.search(text)
    figures = figures_read(match.group(0)) if match else None
    if match is not None and figures is not None:  # '13/11/2026' (day first), '11/30/2026'
        rest = (text[: match.start()] + " " + text[match.end() :]).strip()
        return re.sub(r"\s+", " ", rest), figures
    for pattern in DATES:
        match = pattern.search(text)
        if match is None:
            continue
        groups = [g for g in match.groups()]
        found = _when(pattern is DATES[0], pattern is DATES[1], groups)
        rest = (text[: match.start()] + " " + text[match.end() :]).strip()
        return re.sub(r"\s+", " ", rest), found
    match = YEAR_DATE.search(text)
    if match is not None:  # 'in 2027': the year, from its first day
        rest = (text[: match.start()] + " " + text[match.end() :]).strip()
        return re.sub(r"\s+", " ", rest), When(1, None, int(match.group(1)), months=12)
    return text, None


def _part_when(groups: tuple[str | None, ...]) -> When:
    """The :class:`When` of a part of a year or month said (:data:`PART_DATE`'s groups)."""
    before, of, month, year, whole = groups
    part = PART_WORDS.get(str(before or of), str(before or of))
    if whole:
        first, months = YEAR_PARTS[part]
        return When(first, None, int(whole), months=months, part=part)
    day, half = MONTH_PARTS[part]
    number = MONTHS.index(str(month)[:3]) + 1
    return When(number, day, int(year) if year else None, half=half, part=part)


def figures_read(said: str) -> When | None:
    """The day a date in figures says where it reads one way only: day first where the
    first number cannot be a month, month first where the second cannot, either where both
    are the same; None where it reads two ways ('1/11/2026') or names no day.

    Examples
    --------
    >>> figures_read("13/11/2026"), figures_read("1/11/2026")
    (When(month=11, day=13, year=2026, months=1, week=None, half=0, part=''), None)
    >>> figures_read("on 11/30/2026").day, figures_read("5.5.2027").month
    (30, 5)
    """
    found = FIGURES.search(said)
    if found is None:
        return None
    first, second, year = (int(g) for g in found.groups())
    if first != second and first <= 12 and second <= 12:
        return None
    day, month = (second, first) if second > 12 else (first, second)
    return When(month, day, year) if 1 <= month <= 12 and 1 <= day <= 31 else None


def _when(iso: bool, day_first: bool, groups: list[str | None]) -> When:
    if iso:
        return When(int(groups[1] or 1), int(groups[2] or 1), int(groups[0] or 1))
    if day_first:
        day, month, year = groups
    elif len(groups) == 3:
        month, day, year = groups
    else:
        (month, year), day = groups, None
    number = MONTHS.index(str(month)[:3]) + 1
    return When(number, int(day) if day else None, int(year) if year else None)


HALF_YEAR = 183  # days: a day said without its year is the one within this of the event


def day_said(when: When, default: date, since: date | None = None) -> date | None:
    """The day ``when`` says, in the year it says, else in the year that puts it nearest
    ``default`` ('12 March' asked of a December event is the coming March, within half a
    year of it) and not before ``since`` (the day the pack's world starts: 'in September'
    asked in January of a February event is the coming September, not the one gone); None
    when it names no day (a month alone, a 30 February, a 29 February of no year near).

    Examples
    --------
    >>> december = date(2025, 12, 19)
    >>> day_said(strip_date("x falls 3 on 12 march")[1], december)
    datetime.date(2026, 3, 12)
    >>> day_said(strip_date("x falls 3 on 5 dec")[1], december)
    datetime.date(2025, 12, 5)
    >>> day_said(strip_date("x falls 3 on 12 march 2025")[1], december)
    datetime.date(2025, 3, 12)
    >>> [day_said(strip_date(f"x falls 3 on {d} feb")[1], december) for d in (29, 30)]
    [None, None]
    >>> day_said(When(9, 1), date(2027, 2, 1), since=date(2027, 1, 4))
    datetime.date(2027, 9, 1)
    """
    if when.day is None and when.week is None:
        return None
    years = [when.year] if when.year else [default.year - 1, default.year, default.year + 1]
    found = []
    for year in years:
        try:
            if when.week is not None:  # its Monday: 'week 53' of a year of 52 is none
                found.append(date.fromisocalendar(year, when.week, 1))
            else:
                found.append(date(year, when.month, when.day or 1))
        except ValueError:
            continue
    if when.year:
        return found[0] if found else None
    near = [d for d in found if abs((d - default).days) <= HALF_YEAR]
    coming = [d for d in found if since is not None and d >= since]
    if coming and not set(near) & set(coming):  # the half year around the event is gone by
        return min(coming)
    near = [d for d in near if d in coming] or near
    return min(near, key=lambda d: (abs((d - default).days), -d.toordinal()), default=None)


def event_on(
    pack: Pack,
    node: str,
    dates: list[date],
    when: When | None,
    text: str,
    default: date,
    asked: str = "",
) -> date:
    """The day of the event on ``node``: the date said, if it is one of ``dates`` (or, with
    none, a day said, ``default`` in the month or quarter said, else that month's or
    quarter's first day); refused with the ``--shock`` ``asked`` (the move asked, in the
    node's unit), else a typical one, when it is not.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> event_on(units_pack(), "rate", [], When(3, 12), "rate rises 5bp", date(2025, 1, 6))
    datetime.date(2025, 3, 12)
    """
    if when is None:
        return dates[0] if dates else default
    if not dates and (when.day is not None or when.week is not None):
        said = day_said(when, default, pack.info.as_of)
        if said is not None:
            return said
    chosen = [d for d in dates if when.holds(d)]
    if not chosen and not dates and when.holds(default):
        chosen = [default]
    first = day_said(replace(when, day=1), default, pack.info.as_of) if not dates else None
    chosen = chosen or ([first] if first else [])  # a month said of a move: its first day
    if not chosen:
        shown = tuple(d.isoformat() for d in dates or [default])
        offered = asked or shock_example(pack, node)
        raise PlainWordsError(text, "date", node, offered, str(when), shown)
    return chosen[0]
