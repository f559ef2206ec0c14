"""Multiples spelt out after a number and their abbreviations ('2 million bags' as '2m
bags', '3 trn dollars' as '3tn dollars'), as a unit's words abbreviate them.

Examples
--------
>>> SHORT_MULTIPLES["million"], abbreviated("R$ 20 million")
('m', ['R$ 20m'])
"""

from __future__ import annotations

import math
import re

from macrograph.rules.english.forms import MULTIPLES, OTHER_SHORT, SHORT_POWERS

SHORT_MULTIPLES = {
    **{
        spelt: short
        for short, power in SHORT_POWERS.items()
        for spelt, size in MULTIPLES.items()
        if round(math.log10(size)) == power
    },
    **OTHER_SHORT,
}
"""A multiple spelt out and its abbreviation ('million': 'm'), and another abbreviation of it
('3 trn dollars' as '3tn dollars', '2mn TEU' and '2 mln TEU' as '2m TEU', as the financial
and trade press write a million)."""
SPELT_MULTIPLE = re.compile(rf"(?<=\d)\s*({'|'.join(SHORT_MULTIPLES)})\b", re.IGNORECASE)


def abbreviated(text: str) -> list[str]:
    """``text`` with a multiple spelt out after its number written as a unit abbreviates it
    ('2 million bags' as '2m bags', for a unit that reads '+2m bags'); none without one.

    Examples
    --------
    >>> abbreviated("2 million bags"), abbreviated("two million"), abbreviated("+5bp")
    (['2m bags'], [], [])
    """
    short = SPELT_MULTIPLE.sub(lambda m: SHORT_MULTIPLES[m.group(1).lower()], text)
    return [short] if short != text else []
