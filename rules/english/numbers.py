"""A size that starts with a number said in words, read in digits: 'two m3/s', 'half a degree',
'a point and a half', 'a million km2'.

Examples
--------
>>> in_digits("two and a half percent")
['2.5 percent']
"""

from __future__ import annotations

import re

from macrograph.rules.english.forms import MULTIPLES, NUMBERS, said_fraction

SAID_COUNT = re.compile(rf"(?P<count>{'|'.join(NUMBERS)})(?:\s+(?P<rest>\S.*))?")
SAID_PART = re.compile(r"(?P<part>.+?)\s+(?:of\s+)?an?\s+(?P<whole>\S.*)")
BARE_PART = re.compile(r"(?P<part>(?:an?\s+)?\S+)\s+(?P<whole>\S.*)")  # 'a half point', as news
AND_A_HALF = re.compile(rf"(?P<count>{'|'.join(NUMBERS)}|\d+)\s+and\s+a\s+half\s+(?P<rest>\S.*)")
A_AND_A_HALF = re.compile(
    r"(?P<count>an?|one|\d+)\s+(?P<rest>[^\W\d]\S*(?:\s+[^\W\d]\S*){0,2}?)\s+and\s+a\s+half"
)
"""'Two and a half percent', 'a point and a half': a count and a half of a unit."""


def in_digits(text: str) -> list[str]:
    """``text``, a size that starts with a number said in words, with that number in digits:
    a count ('two m3/s', 'a degree'), or a fraction of one ('half a degree', 'a quarter of
    a point'), and, where the unit after it starts with a multiple ('a million km2'), also
    with the multiple in the number; the readings to try in turn, none when it starts with
    no number word. An article alone is no size ('a' is not '1').

    Examples
    --------
    >>> in_digits("two m3/s"), in_digits("half a degree"), in_digits("a quarter of a point")
    (['2 m3/s'], ['0.5 degree'], ['0.25 point'])
    >>> in_digits("a half point"), in_digits("a quarter point")  # as news says them too
    (['0.5 point'], ['0.25 point'])
    >>> in_digits("a million km2"), in_digits("fifty p"), in_digits("a"), in_digits("20bp")
    (['1 million km2', '1000000 km2'], ['50 p'], [], [])
    >>> in_digits("a point and a half"), in_digits("two and a half percent")
    (['1.5 point'], ['2.5 percent'])
    >>> in_digits("1 point and a half"), in_digits("3 and a half days")  # digits read first
    (['1.5 point'], ['3.5 days'])
    """
    said = " ".join(text.lower().split())
    halves = AND_A_HALF.fullmatch(said) or A_AND_A_HALF.fullmatch(said)
    if halves is not None:
        whole = halves.group("count")
        number = NUMBERS[whole] if whole in NUMBERS else float(whole)
        return [f"{number + 0.5:g} {halves.group('rest')}"]
    count, fraction = SAID_COUNT.fullmatch(said), None
    for part in (SAID_PART.fullmatch(said), BARE_PART.fullmatch(said)):
        fraction = said_fraction(part.group("part")) if part else None
        if fraction is not None:
            break
    if part and fraction is not None:
        value, rest = fraction, part.group("whole")
    elif count and (count.group("rest") or count.group("count") not in ("a", "an")):
        value, rest = float(NUMBERS[count.group("count")]), count.group("rest") or ""
    else:
        return []
    found = [f"{value:g} {rest}".strip()]
    first, _, after = rest.partition(" ")
    if first in MULTIPLES and after:
        found.append(f"{value * MULTIPLES[first]:.12g} {after}")
    return found
