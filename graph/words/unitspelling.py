"""How a unit's words are spelt where a keyboard or a sentence differs from the unit as a
pack writes it: a degree sign spelt out ('3 degrees c' of '3°C'), and a unit of two words
that names one count ('degree days'), whose first word alone names no unit.

Examples
--------
>>> compound_count("vehicle trips"), sorted(spelt_degrees({"\u00b0c"}))[:2]
(True, ['c', 'deg'])
"""

from __future__ import annotations

import re

from macrograph.rules.english import MULTIPLES

MULTIPLE_WORDS = {"k", "m", "bn", *MULTIPLES}
"""Multiples a unit's words may start with ('k jobs', 'million bags')."""


DEGREE = "\u00b0"


def spelt_degrees(words: set[str]) -> set[str]:
    """Unit words with a degree sign also spelt as English spells it: '3 degrees', '3 degrees
    c', '3 deg' and '3c' for '3°c' (a keyboard has no degree sign).

    Examples
    --------
    >>> sorted(spelt_degrees({"\u00b0k"}))
    ['deg', 'deg k', 'degree', 'degree k', 'degrees', 'degrees k', 'k', '\xb0k']
    """
    found = set(words)
    for word in words:
        if word.startswith(DEGREE) and len(word) > 1:
            rest = word[1:].strip()
            found |= {rest, *(f"{name} {rest}".strip() for name in ("degrees", "degree", "deg"))}
            found |= {"degrees", "degree", "deg"}
    return found


def compound_count(text: str) -> bool:
    """Whether a unit of two words is one noun of a count whose first word qualifies the
    last, a plural ('degree days', 'vehicle trips'): its first word alone names no unit, as
    the first of 'k jobs' (a multiple) or of 'kt CO2' (a unit of what follows) does.

    Examples
    --------
    >>> [compound_count(unit) for unit in ("degree days", "k jobs", "kt CO2", "jobs")]
    [True, False, False, False]
    """
    said = text.split()
    return (
        len(said) == 2
        and said[0].isalpha()
        and said[0].islower()
        and said[0] not in MULTIPLE_WORDS
        and re.fullmatch(r"[a-z]+[^s]s", said[1]) is not None
    )
