"""Numbers written with a point between thousands, as the writers of some money do ('R$
1.200' is 1,200 in Brazil and 1.2 in English): the one reading of a number that has a decimal
comma too ('R$ 2.500,00'), and the number of one that has not, read neither way.

Examples
--------
>>> continental("R$ 2.500,00"), point_grouped("R$ 1.200"), whole_grouped("Rp 17.000")
('R$ 2500.00', '1.200', 'Rp 17000')
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
WHOLE_SIGNS = ("Rp", "\u20ab")
"""The signs, glued or not to the number, of :data:`WHOLE_MONEY`."""
WHOLE_MONEY = (*WHOLE_SIGNS, "idr", "vnd", "rupiah", "rupiahs")
"""Money whose writers group thousands with a point and write no decimals, as no coin of it is
in use ('Rp 15.000', '15.000 \u20ab'): a point before three last digits is only a thousands'."""
_WHOLE_SIGNS = "|".join(re.escape(s) for s in WHOLE_SIGNS)
_WHOLE_NAMES = "|".join(s for s in WHOLE_MONEY if s not in WHOLE_SIGNS)
WHOLE_GROUPED = re.compile(
    rf"(?:(?<![a-z])(?:{_WHOLE_SIGNS}|(?:{_WHOLE_NAMES})\b)\s?[+-]?({_GROUPED}))"
    rf"|(?:(?<![\d.,])({_GROUPED})\s?(?:{_WHOLE_SIGNS}|(?:{_WHOLE_NAMES})\b))",
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


def whole_grouped(text: str) -> str:
    """``text`` with the numbers of money written without decimals (:data:`WHOLE_MONEY`)
    and with a point between thousands written without the points ('Rp 17.000' is Rp 17000,
    not Rp 17): their writers never mean a decimal point before three last digits.

    Examples
    --------
    >>> whole_grouped("FFB falls to Rp2.500/kg, rupiah 16.200 or 1.250.000 IDR")
    'FFB falls to Rp2500/kg, rupiah 16200 or 1250000 IDR'
    >>> whole_grouped("rises Rp 1,5 a kg or $1.200, R$ 1.200 or Rp 2.50")  # others unchanged
    'rises Rp 1,5 a kg or $1.200, R$ 1.200 or Rp 2.50'
    """

    def unpointed(found: re.Match[str]) -> str:
        number = found[1] or found[2]
        start, end = found.span(1 if found[1] else 2)
        whole = found[0]
        at = start - found.start()
        return whole[:at] + number.replace(".", "") + whole[at + end - start :]

    return WHOLE_GROUPED.sub(unpointed, text)


def whole_numbers(text: str) -> str:
    """``text`` with every number with a point between its thousands written without the
    points, as said of a thing counted in money of :data:`WHOLE_MONEY` ('the rupiah at
    17.000' is 17000).

    Examples
    --------
    >>> whole_numbers("at 17.000 or 1.250.000 and not 1.5 nor 2.50")
    'at 17000 or 1250000 and not 1.5 nor 2.50'
    """
    return re.sub(_GROUPED, lambda m: m[0].replace(".", ""), text)


def point_grouped_number(text: str) -> str | None:
    """The first number of ``text`` written with a point before three last digits and
    nothing else ('15.000'), whatever it counts; None where there is none.

    Examples
    --------
    >>> point_grouped_number("tanks rise 15.000 tonnes"), point_grouped_number("rises 1.5 t")
    ('15.000', None)
    """
    found = re.search(rf"(?<![\d.,]){_GROUPED}", text)
    return None if found is None else found[0]


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
