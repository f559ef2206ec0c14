"""Numbers written with a point between thousands, as the writers of some money do ('R$
1.200' is 1,200 in Brazil and 1.2 in English): the one reading of a number that has a decimal
comma too ('R$ 2.500,00'), and the number of one that has not, read neither way.

Examples
--------
>>> continental("R$ 2.500,00"), point_grouped("R$ 1.200")
('R$ 2500.00', '1.200')
"""

from __future__ import annotations

import re

POINT_GROUPED = ("R$", "\u20ac", "brl", "eur", "real", "reais", "euro", "euros")
"""Money whose own writers group thousands with a point ('R$ 1.200', '1.200 \u20ac'), by its
sign, its code or its name (lower case but for the signs)."""
_GROUPED = r"[1-9]\d{0,2}(?:\.\d{3})+(?![\d.,])"
_SIGNS = "|".join(re.escape(s) for s in POINT_GROUPED if not s.isalpha())
_NAMES = "|".join(s for s in POINT_GROUPED if s.isalpha())
GROUPED_MONEY = re.compile(
    rf"(?:(?<![a-z])(?:{_SIGNS}|(?:{_NAMES})\b)\s?[+-]?({_GROUPED}))"
    rf"|(?:(?<![\d.,])({_GROUPED})\s?(?:{_SIGNS}|(?:{_NAMES})\b))",
    re.IGNORECASE,
)
CONTINENTAL = re.compile(r"(?<![\d.,])([1-9]\d{0,2}(?:\.\d{3})+),(\d{1,2})(?![\d.,])")
"""A number with points between its thousands and a decimal comma ('2.500,00'), as Brazil
and much of Europe write it: one reading only."""


def continental(text: str) -> str:
    """``text`` with numbers written with points between thousands and a decimal comma as
    English writes them, without the points ('R$ 2.500,00' is R$ 2500.00).

    Examples
    --------
    >>> continental("rises to R$ 2.500,50 a tonne, 1.5 or 1,5")
    'rises to R$ 2500.50 a tonne, 1.5 or 1,5'
    """
    return CONTINENTAL.sub(lambda m: f"{m[1].replace('.', '')}.{m[2]}", text)


def point_grouped(text: str) -> str | None:
    """A number said as money of a currency whose writers group thousands with a point
    (:data:`POINT_GROUPED`), written with a point before three last digits and nothing
    else ('R$ 1.200', '1.200 \u20ac'): 1.2 in English, 1,200 where that money is written, so
    read neither way; None where there is none ('R$ 1.20', 'R$ 1,200', '$1.200').

    Examples
    --------
    >>> point_grouped("sugar rises R$ 1.200"), point_grouped("diesel at 1.629 \u20ac/l")
    ('1.200', '1.629')
    >>> point_grouped("rises R$ 1.20 a litre"), point_grouped("rises $1.200")
    (None, None)
    >>> point_grouped("rises R$ 2.500,00"), point_grouped("R$ 0.125")
    (None, None)
    """
    found = GROUPED_MONEY.search(text)
    return None if found is None else found[1] or found[2]
