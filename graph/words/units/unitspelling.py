"""How a unit's words are spelt where a keyboard or a sentence differs from the unit as a
pack writes it: a degree sign spelt out ('3 degrees c' of '3°C'), and a unit of two words
that names one count ('degree days'), whose first word alone names no unit.

Examples
--------
>>> compound_count("vehicle trips"), sorted(spelt_degrees({"\u00b0c"}))[:2]
(True, ['c', 'celsius'])
"""

from __future__ import annotations

import math
import re

from macrograph.rules.english.forms import INDIAN_POWERS, MULTIPLE_POWERS, NUMBER_WORDS
from macrograph.rules.english.money import currency_names

MULTIPLE_WORDS = {"k", "m", "bn", *NUMBER_WORDS}
"""Multiples a unit's words may start with ('k jobs', 'million bags'), Indian English's
among them (:data:`~macrograph.rules.english.forms.NUMBER_WORDS`)."""
SPELT_POWERS = MULTIPLE_POWERS | INDIAN_POWERS
"""Multiples spelt out as powers of ten, Indian English's among them."""


DEGREE = "\u00b0"


def spelt_degrees(words: set[str]) -> set[str]:
    """Unit words with a degree sign also spelt as English spells it: '3 degrees', '3 degrees
    c', '3 deg', '3c' and '3 degrees celsius' for '3°c' (a keyboard has no degree sign).

    Examples
    --------
    >>> sorted(spelt_degrees({"\u00b0k"}))  # the sign alone too, as 'degrees' alone is: '3\u00b0'
    ['deg', 'deg k', 'degree', 'degree k', 'degrees', 'degrees k', 'k', '\xb0', '\xb0k']
    >>> sorted(w for w in spelt_degrees({"\u00b0c"}) if "celsius" in w)
    ['celsius', 'deg celsius', 'degree celsius', 'degrees celsius']

    A degree alone (an angle's change, '5\u00b0') is '5 degrees', and a latitude's or a
    longitude's letter is its compass point: '52 degrees north' of '52\u00b0N'.

    >>> sorted(spelt_degrees({"\u00b0"}))
    ['deg', 'degree', 'degrees', '\xb0']
    >>> sorted(w for w in spelt_degrees({"\u00b0n"}) if "north" in w)
    ['deg north', 'degree north', 'degrees north', 'north']
    """
    found = set(words)
    for word in words:
        if word.startswith(DEGREE):
            rest = word[1:].strip()
            for said in (rest, *SCALES.get(rest, ())) if rest else ():  # 'c' and 'celsius'
                found |= {said, *(f"{name} {said}" for name in ("degrees", "degree", "deg"))}
            found |= {"degrees", "degree", "deg", DEGREE}
    return found


SCALES = {
    "c": ("celsius", "centigrade"),
    "f": ("fahrenheit",),
    **{point[0]: (point,) for point in ("north", "south", "east", "west")},
}
"""The names of the scales of temperature a degree sign's letter stands for, and of the
compass points a latitude's or a longitude's letter does."""


def interval_scale(suffix: str) -> bool:
    """Whether a unit's levels lie on a scale whose zero is no absence of what it measures
    (degrees Celsius or Fahrenheit): a percent or a fraction of such a level means nothing
    (10% of 31 °C is no warming of 3.1 °C), where a kelvin, a count or an amount has one.

    Examples
    --------
    >>> [interval_scale(s) for s in (" \u00b0C", "\u00b0F", " K", " degree days", " mm")]
    [True, True, False, False, False]
    """
    return re.fullmatch(rf"\s*{DEGREE}\s*[cf]", suffix, re.IGNORECASE) is not None


def compound_count(text: str) -> bool:
    """Whether a unit of two words is one noun of a count whose first word qualifies the
    last, a plural ('degree days', 'vehicle trips', 'bathing-water alerts'): its first word
    alone names no unit, as the first of 'k jobs' (a multiple) or of 'kt CO2' (a unit of
    what follows) does.

    Examples
    --------
    >>> [compound_count(unit) for unit in ("degree days", "k jobs", "kt CO2", "jobs")]
    [True, False, False, False]
    >>> compound_count("bathing-water alerts")
    True
    """
    said = text.split()
    return (
        len(said) == 2
        and said[0].replace("-", "").isalpha()
        and said[0].islower()
        and said[0] not in MULTIPLE_WORDS
        and re.fullmatch(r"[a-z]+[^s]s", said[1]) is not None
    )


SHORT_ABBREVIATED = {"k": 3, "m": 6, "mm": 6, "b": 9, "bn": 9}
"""Multiples a unit abbreviates before what it counts, as powers of ten, as the trade writes
them: 'kb/d' is a thousand b/d, 'mb' a million barrels ('m' of a count is a million; an SI
measure's milli is :mod:`~macrograph.graph.words.units.prefixes`')."""


def counted_multiple(unit: str) -> tuple[int, str, bool]:
    """The power of ten a unit's words start with, what they count, and whether the multiple
    is spelt out: 'kb/d' is (3, 'b/d', False), 'thousand barrels' (3, 'barrels', True) and
    'b/d' (0, 'b/d', False), its first letter no multiple of the '/d' after it, nor that of
    a word ('bags').

    Examples
    --------
    >>> counted_multiple("kb/d"), counted_multiple("b/d"), counted_multiple(" MMbbl")
    ((3, 'b/d', False), (0, 'b/d', False), (6, 'bbl', False))
    >>> counted_multiple("thousand barrels"), counted_multiple("bags")
    ((3, 'barrels', True), (0, 'bags', False))
    """
    text = " ".join(unit.lower().split())
    first, _, rest = text.partition(" ")
    if first in SPELT_POWERS and rest:
        return SPELT_POWERS[first], rest, True
    if first in SHORT_ABBREVIATED and rest:  # 'k jobs', 'm bags'
        return SHORT_ABBREVIATED[first], rest, False
    for short in sorted(SHORT_ABBREVIATED, key=len, reverse=True):
        after = text[len(short) :]  # glued to an abbreviation, not to a word: 'bags' is none
        if text.startswith(short) and after[:1].isalpha() and not re.search("[aeiouy]", after):
            return SHORT_ABBREVIATED[short], after, False
    return 0, text, False


def multiple_shift(typed: str, own: str) -> int | None:
    """The power of ten from a size typed in ``typed`` to the node's ``own`` unit where the
    two count the same thing in different multiples ('kb/d' to 'mb/d' is -3); None where
    they differ in no multiple, or count things whose names differ.

    Examples
    --------
    >>> multiple_shift("kb/d", " mb/d"), multiple_shift("b/d", " kb/d"), multiple_shift("mb", " mb")
    (-3, -3, None)
    """
    said, ours = counted_multiple(typed), counted_multiple(own)
    if said[0] == ours[0] or said[1] != ours[1]:
        return None
    return said[0] - ours[0]


def another_multiple(typed: str, own: str) -> bool:
    """Whether ``typed`` counts in another multiple than ``own`` by its words: the same
    number in the one is no size in the other ('thousand barrels' of a unit in 'mb').

    Examples
    --------
    >>> another_multiple("thousand barrels", " mb"), another_multiple("million barrels", " mb")
    (True, False)
    """
    return counted_multiple(typed)[0] != counted_multiple(own)[0]


def bare_multiple(unit: str) -> int | None:
    """The power of ten of a unit that is a multiple alone ('2M', '300k', '5 thousand'): that
    many of what the node counts; None for any other unit.

    Examples
    --------
    >>> bare_multiple("M"), bare_multiple("thousand"), bare_multiple("bags")
    (6, 3, None)
    """
    text = unit.strip().lower()
    return SHORT_ABBREVIATED.get(text, SPELT_POWERS.get(text))


def whole_money(
    symbol: str, suffix: str, value: float, typed: str, multiples: bool = True
) -> float | None:
    """``value`` typed with a currency's sign alone ('€1,200,000') on a unit of that money in
    a multiple (a sign ``symbol`` and a ``suffix`` starting with 'm', 'bn', 'tn' or a
    multiple spelt out: '€m', '$ bn a month'), in the unit's multiple (1.2); None for any
    other, and for a number under a thousand, the multiple left out ('$5' of '$bn').

    Examples
    --------
    >>> whole_money("\u20ac", "m", 1.2e6, "\u20ac"), whole_money("$", " bn a month", 5e9, "$")
    (1.2, 5.0)
    >>> whole_money("\u20ac", "m", 5.0, "\u20ac"), whole_money("\u20ac", "/kg", 1.2e6, "\u20ac")
    (None, None)

    So is money typed in another multiple after its sign ('£450k' of '£m': 0.45), unless
    ``multiples`` is false (where a pack's own words for a multiple are read as they say).

    >>> whole_money("\u00a3", "m", 450.0, "k"), whole_money("\u00a3", "m", 2.0, "billion")
    (0.45, 2000.0)

    The multiple may be followed by the currency's name, as it is said ('450 thousand
    pounds' of '£m': 0.45).

    >>> whole_money("\u00a3", "m a quarter", 450.0, "thousand pounds")
    0.45

    or by the rest of the unit's words ('$500m a quarter' of '$bn a quarter': 0.5).

    >>> whole_money("$", "bn a quarter", 500.0, "m a quarter")
    0.5

    Whole money may be said by the currency's name ('500,000 euros' of '€m': 0.5).

    >>> whole_money("\u20ac", "m", 500000.0, "euros")
    0.5

    A bare count on a count's unit in thousands is that many thousands; a suffix ' m' alone,
    of no money, is a metre.

    >>> whole_money("", "k voters", 50000.0, ""), whole_money("", " m", 1000.0, "")
    (50.0, None)
    """
    words = suffix.lower().split()
    # a count in Indian English's multiples takes a bare number too; money keeps its own words
    # a unit's own thousand too ('k voters', '$k a week')
    power = {"k": 3, "m": 6, "bn": 9, "tn": 12, **(MULTIPLE_POWERS if symbol else SPELT_POWERS)}
    many, _, name = typed.lower().partition(" ")
    # '450 thousand pounds', as said; '$500m a quarter' of '$bn a quarter', the rest its own
    named = name in currency_names(symbol) or (bool(name) and name.split() == words[1:])
    typed_power = {**SHORT_ABBREVIATED, **power}.get(many if named else typed.lower())
    typed_power = typed_power if symbol and multiples else None
    # the sign, or the currency's name ('300,000 florins' of 'ƒm')
    sign = typed in (symbol, symbol.strip().lower(), *currency_names(symbol))
    if not words or not (typed_power or sign) or (sign and abs(value) < 1000):
        return None
    found = power.get(words[0])
    # of no money, an abbreviation is a multiple only before what it counts ('k voters'):
    # ' m' alone is a metre
    found = found if symbol or words[0] not in SHORT_ABBREVIATED or words[1:] else None
    if found is None or found == typed_power:
        return None
    return float(f"{value * 10.0 ** (typed_power or 0) / 10.0**found:.12g}")


def sign_alone(symbol: str, suffix: str, typed: str) -> bool:
    """Whether ``typed`` is a currency's sign alone on a unit of that money counted in a
    multiple ('$' of '$k a day', 'A$' of 'A$m'): a sum said without the multiple, which may
    be the multiple left out ('$5' of '$bn') or the sum itself; either way it says none.

    Examples
    --------
    >>> sign_alone("A$", "m", "a$"), sign_alone("$", "k a day", "$"), sign_alone("$", "/t", "$")
    (True, True, False)
    """
    first = (suffix.lower().split() or [""])[0]
    signs = (symbol, symbol.lower(), symbol.strip().lower())
    return bool(symbol) and typed in signs and first in {"k", "m", "bn", "tn", *MULTIPLE_POWERS}


def thousand_alone(change_text: str, thousand: str, factor: float) -> set[str]:
    """The multiple a unit's thousand starts with, said alone, where it is that many of the
    unit's own: 'million' of ' thousand persons' read past a thousand as ' million persons'
    (2.5 million is 2,500 thousand persons); none otherwise.

    Examples
    --------
    >>> thousand_alone(" thousand persons", " million persons", 1000.0)
    {'million'}
    >>> thousand_alone(" crore a day", " lakh crore a day", 100000.0), thousand_alone("", "", 1e3)
    (set(), set())
    """
    first = (thousand.split() or [""])[0].lower()
    power = MULTIPLE_POWERS.get(first)
    own = counted_multiple(change_text)[0] if change_text.strip() else 0
    return {first} if power is not None and power == own + round(math.log10(factor)) else set()


_PER_QUANTITY = re.compile(r"(?:per\s+|/\s*)(\d[\d,]*(?:\.\d+)?)\s*([^\d\s].*)?")


def per_quantity(suffix: str, typed: str) -> float | None:
    """What a size typed per another quantity of the same thing is worth per the unit's own
    ('$4.99 per 500' or '/500 gems' of '$ per 100 gems': 100 / 500 of it); None where
    either names no such quantity, or another thing, or the unit names no thing ('/10' of
    a score out of ten).

    Examples
    --------
    >>> per_quantity(" per 100 gems", "per 500 gems"), per_quantity("/100 lb", "per 50")
    (0.2, 2.0)
    >>> per_quantity(" per 100 gems", "per 500 coins"), per_quantity("/10", "/5")
    (None, None)
    """
    own = _PER_QUANTITY.fullmatch(suffix.strip().lower())
    said = _PER_QUANTITY.fullmatch(typed.strip().lower())
    if own is None or said is None or own.group(2) is None:
        return None
    if said.group(2) not in (None, own.group(2)):
        return None
    base, asked = (float(m.group(1).replace(",", "")) for m in (own, said))
    return base / asked if asked > 0 else None
