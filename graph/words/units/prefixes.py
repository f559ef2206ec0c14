"""Units of one dimension told apart by an SI prefix ('cm' and 'mm', 'kt' and 'Mt'), so that
a size typed in the one is never offered as the same number in the other.

A pack declares how its units read, not what they measure, so a size in another unit is
refused, never converted: the refusal gives it converted, from the unit symbols alone, when
both are an SI symbol (:data:`BASES`) with a prefix (:data:`PREFIXES`) of the same base
dimension, raised to the same power ('km²' and 'million km²'), per the same time or thing
('m3/s' and 'l/s'). A prefix is read as typed ('Mt' is mega, 'mt' milli); where lower case
leaves two readings of different size (a megalitre and a millilitre are both 'ml' in lower
case) and the case typed is unknown, nothing is offered.

Examples
--------
>>> converted(10.0, "cm", " mm")
100.0
>>> converted(2.0, "Mt", " kt"), converted(2.0, "mt", " kt"), converted(1.0, "kg", " mm")
(2000.0, None, None)
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from macrograph.rules.english import forms as english
from macrograph.rules.english.phrases import keyboard

PREFIXES = {
    **{"n": -9, "\u00b5": -6, "u": -6, "m": -3, "c": -2, "d": -1, "": 0},
    **{"da": 1, "h": 2, "k": 3, "M": 6, "G": 9, "T": 12},
}
"""The SI prefixes, as powers of ten ('u' as a keyboard types a micro sign)."""

BASES = {
    "m": ("length", 0),
    "g": ("mass", 0),
    "t": ("mass", 6),  # a tonne is a million grams
    "l": ("length", -3),  # a litre is a cubic decimetre: read cubed, below
    "L": ("length", -3),
    "W": ("power", 0),
    "Wh": ("energy", 0),
    "J": ("work", 0),  # a joule is no power of ten of a watt-hour
    "Pa": ("pressure", 0),
}
"""SI symbols (and the tonne and litre) a unit may be written with: the dimension of each
and its size in the dimension's first unit, as a power of ten."""

SPELT = {
    **dict.fromkeys(("tonne", "tonnes"), "t"),
    **dict.fromkeys(("kilotonne", "kilotonnes"), "kt"),
    **dict.fromkeys(("megatonne", "megatonnes"), "Mt"),
    **dict.fromkeys(("gram", "grams", "gramme", "grammes"), "g"),
    **dict.fromkeys(("kilogram", "kilograms"), "kg"),
    **dict.fromkeys(("metre", "metres", "meter", "meters"), "m"),
    **dict.fromkeys(("kilometre", "kilometres", "kilometer", "kilometers"), "km"),
    **dict.fromkeys(("millimetre", "millimetres", "millimeter", "millimeters"), "mm"),
    **dict.fromkeys(("litre", "litres", "liter", "liters"), "L"),
    **dict.fromkeys(("megalitre", "megalitres", "megaliter", "megaliters"), "ML"),
    **dict.fromkeys(("kilolitre", "kilolitres", "kiloliter", "kiloliters"), "kL"),
    **dict.fromkeys(("millilitre", "millilitres", "milliliter", "milliliters"), "mL"),
}
"""SI units spelt out by their names, as their symbols: '200,000 tonnes' is 200,000 t (no
'ton', whose size depends on the country)."""

MULTIPLES = english.MULTIPLE_POWERS
"""Words of a multiple a unit may start with ('million km²'), as powers of ten."""

SYMBOL = re.compile(
    r"(?:(?P<many>[a-z]+)\s+)?(?P<symbol>[^\W\d_]+)(?P<power>[23])?"
    r"(?P<per>\s*/\s*\S+|\s+(?:a|an|per)\s+\S.*)?",
    re.IGNORECASE,
)


_SYMBOLS = {prefix + base: (scale, base) for prefix, scale in PREFIXES.items() for base in BASES}
"""Every SI symbol :data:`PREFIXES` and :data:`BASES` make ('kg', 'Mt'), with its prefix's
power of ten and its base."""


def _measures(symbol: str, power: int) -> set[tuple[str, int, int]]:
    """The (dimension, power, exponent) ``symbol`` may be read as: a prefix and a base."""
    if symbol not in _SYMBOLS:
        return set()
    scale, base = _SYMBOLS[symbol]
    dimension, size = BASES[base]
    if base in "lL":  # a litre is a volume: the prefix scales the litre, not its side
        return {(dimension, 3, scale + size)} if power == 1 else set()
    return {(dimension, power, (scale + size) * power)}


def measure(unit: str, exact: bool = True) -> tuple[str, int, int, str] | None:
    """What ``unit`` measures: its dimension, the power of it, its size as a power of ten of
    the dimension's first unit so raised, and what it is per ('/s'); None when it is no
    SI symbol with a prefix. Not ``exact``, a symbol in lower case may have lost its case
    (a question is read in lower case): None when another case gives another size ('ml' of
    'ML', 'mt' of 'Mt').

    Examples
    --------
    >>> measure("million km²"), measure("mm"), measure("ML/day"), measure("ml/day", False)
    (('length', 2, 12, ''), ('length', 1, -3, ''), ('length', 3, 3, '/day'), None)

    A unit spelt out by its name is its symbol (:data:`SPELT`).

    >>> measure("tonnes a month", False), measure("million tonnes")
    (('mass', 1, 6, '/month'), ('mass', 1, 12, ''))
    """
    match = SYMBOL.fullmatch(" ".join(keyboard(unit).split()))
    if match is None or (match.group("many") or "").lower() not in ("", *MULTIPLES):
        return None
    symbol, power = match.group("symbol"), int(match.group("power") or 1)
    exact = exact or symbol.lower() in SPELT  # a name spelt out has no case to lose
    symbol = SPELT.get(symbol.lower(), symbol)
    found = _measures(symbol, power)
    if not exact and symbol == symbol.lower():
        found |= {m for s in _cases(symbol) for m in _measures(s, power)}
    if len(found) != 1:
        return None
    dimension, raised, size = found.pop()
    per = re.sub(r"^\s*(?:/|(?:a|an|per)\s+)\s*", "/", match.group("per") or "").lower()
    return dimension, raised, size + MULTIPLES.get((match.group("many") or "").lower(), 0), per


@lru_cache(maxsize=1024)  # a few symbols, read in every size of every question
def _cases(symbol: str) -> frozenset[str]:
    """The SI symbols (:data:`_SYMBOLS`) that are ``symbol`` with some of its letters in the
    other case (a question is read in lower case): 'Mt' and 'MT' of 'mt'."""
    return frozenset(
        known
        for known in _SYMBOLS
        if len(known) == len(symbol)
        and known != symbol
        and all(k in (c.lower(), c.upper()) for k, c in zip(known, symbol, strict=True))
    )


SECONDS = {w: length for *names, length in english.TIMES if length for w in itertools.chain(*names)}
"""Units of time of a fixed length, in seconds (:data:`~macrograph.rules.english.forms.TIMES`)."""


VARYING_TIMES = frozenset(
    w for *names, length in english.TIMES if length is None for w in itertools.chain(*names)
)
"""Units of time whose length varies: never converted, and never offered as the same number."""


_MONTHS_IN = {"month": 1, "quarter": 3, "year": 12}

CALENDAR = {
    w: _MONTHS_IN[names[0]]
    for names, short, _ in english.TIMES
    if names[0] in _MONTHS_IN
    for w in (*names, *short)
}
"""Units of the calendar in months: of no fixed length in seconds (:data:`VARYING_TIMES`), but
a year is always twelve months and a quarter three."""


def timed(unit: str) -> bool:
    """Whether ``unit`` is one word naming a time (:data:`SECONDS`, :data:`VARYING_TIMES`).

    Examples
    --------
    >>> timed("months"), timed(" h"), timed("patients")
    (True, True, False)
    """
    words = unit.lower().split()
    return len(words) == 1 and (words[0] in SECONDS or words[0] in VARYING_TIMES)


def _seconds(unit: str) -> int | None:
    """The length of ``unit`` in seconds when it is one word of :data:`SECONDS`, else None."""
    words = unit.lower().split()
    return SECONDS.get(words[0]) if len(words) == 1 else None


def converted(value: float, typed: str, own: str) -> float | None:
    """``value`` in the unit ``typed``, in the unit ``own`` (a node's change suffix), when
    both are SI symbols of one dimension, or both units of time (:data:`SECONDS`); None
    otherwise.

    Examples
    --------
    >>> converted(30.0, "minutes", " h"), converted(14.0, "days", " weeks")
    (0.5, 2.0)
    >>> converted(1.5, "years", " months"), converted(6.0, "months", " quarters")
    (18.0, 2.0)
    >>> converted(3.0, "µg/mL", " mg/L"), converted(500.0, "ug/L", " mg/L")  # the same measure
    (3.0, 0.5)
    """
    said_time, own_time = _seconds(typed), _seconds(own)
    if said_time is not None and own_time is not None:
        return float(f"{value * said_time / own_time:.12g}")
    said_months, own_months = (CALENDAR.get(u.strip().lower()) for u in (typed, own))
    if said_months is not None and own_months is not None:  # 1.5 years in months
        return float(f"{value * said_months / own_months:.12g}")
    said, ours = measure(typed, exact=False), measure(own.strip())
    if said is None or ours is None or said[:2] != ours[:2]:
        return None
    per = 0 if said[3] == ours[3] else _per_shift(typed, own.strip())
    if per is None:
        return None
    return float(f"{value * 10.0 ** (said[2] - ours[2] - per):.12g}")


def _per_time(per: str) -> int | None:
    """The seconds of the time a unit is per ('/day', '/d': 86400), None when it is per no
    time of a fixed length (a 'd' after a slash can only be a day)."""
    said = per.removeprefix("/").strip()
    return 86400 if said == "d" else _seconds(said) if said else None


def _per_shift(typed: str, own: str) -> int | None:
    """How many powers of ten larger the SI unit ``typed`` is per than ``own`` is ('mL' of
    'µg/mL' against 'L' of 'mg/L': -3), where both are per an SI unit of one measure; None
    otherwise (per a time or a thing, or per units of two measures).

    Examples
    --------
    >>> _per_shift("µg/mL", "mg/L"), _per_shift("kg/day", "g/L")
    (-3, None)
    """
    found = [SYMBOL.fullmatch(" ".join(keyboard(u).split())) for u in (typed, own)]
    pers = [re.sub(r"^\s*/\s*", "", m.group("per") or "") if m else "" for m in found]
    said, ours = (measure(p, exact=False) if p else None for p in pers)
    if said is None or ours is None or said[:2] != ours[:2] or said[3] or ours[3]:
        return None
    return said[2] - ours[2]


def as_typed(text: str, unit: str) -> str:
    """``unit`` (read in lower case) as ``text`` types it: 'Mt' in '5 Mt of coal'.

    Examples
    --------
    >>> as_typed("5 Mt of coal", "mt"), as_typed("a rise of 10 CM", "cm")
    ('Mt', 'CM')
    """
    match = re.search(rf"(?<![^\W\d_]){re.escape(unit)}(?![^\W\d_])", keyboard(text), re.I)
    return match.group(0) if match else unit


def measured(unit: str) -> bool:
    """Whether ``unit`` is an SI symbol with a prefix in some case ('ml/s', 'kg'), so that a
    size in it is no plain count whose number a node's own unit may take.

    Examples
    --------
    >>> measured("ml/s"), measured("kg"), measured("people a day")
    (True, True, False)
    """
    match = SYMBOL.fullmatch(" ".join(keyboard(unit).split()))
    if match is None or (match.group("many") or "").lower() not in ("", *MULTIPLES):
        return False
    symbol, power = match.group("symbol"), int(match.group("power") or 1)
    return any(_measures(s, power) for s in {symbol, *_cases(symbol)})


SPELT_SIZE = re.compile(r"([+-]?[0-9]+(?:\.[0-9]+)?)\s*([^\d\s].*)")
"""A number and the unit it is typed in ('200 megalitres a day')."""


def spelt_as(said: str, own: str) -> str:
    """``said``, a number and its unit, in the unit ``own`` when the two are the same unit
    spelt two ways ('200 megalitres a day' of ' Ml/d' is '200 Ml/d'); else as it is (a
    unit of another size is refused, never read as it).

    Examples
    --------
    >>> spelt_as("200 megalitres a day", " Ml/d"), spelt_as("2 ML a week", " Ml/d")
    ('200 Ml/d', '2 ML a week')
    """
    match = SPELT_SIZE.fullmatch(said.strip())
    if match is None:
        return said
    typed, ours = measure(match[2], exact=False), measure(own.strip())
    if typed is None or ours is None or typed[:3] != ours[:3]:
        return said
    same = typed[3] == ours[3] or _per_time(typed[3]) == _per_time(ours[3]) is not None
    return f"{match[1]}{own}" if same else said
