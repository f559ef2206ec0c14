"""The words money is typed with on a unit of money: a hundredth of it ('50p', '20 ct', '20
cents a litre'), its multiple as finance abbreviates it ('$20B', '$20MM') and typed after its
sign ('$10k/day' of '$/day').

Examples
--------
>>> sorted(money_multiples("$", "bn"))
['b']
"""

from __future__ import annotations

import re

from msgspec.structs import replace

from macrograph.graph.words.units.multiples import SHORT_MULTIPLES
from macrograph.graph.words.units.spellings import level_said
from macrograph.graph.words.units.unitspelling import SHORT_ABBREVIATED
from macrograph.rules.english.forms import SHORT_POWERS
from macrograph.rules.english.hundredths import all_minor_words, hundredths_of, minor_words
from macrograph.rules.english.money import (
    CURRENCY_NAMES,
    CURRENCY_WORDS,
    DOLLAR_COUNTRIES,
    LETTER_CURRENCIES,
    LETTER_SIGNS,
    currency_names,
    currency_sign,
    is_money,
    money_sign,
    named_currency,
    sign_first,
)
from macrograph.rules.english.phrases import keyboard
from macrograph.rules.vocabulary import UnitForm


def minor_said(form: UnitForm) -> set[str]:
    """The words, in lower case, a size may name a hundredth of a unit's money with, its
    sign before the number or after it (' €/l', :func:`~macrograph.rules.money.sign_first`):
    alone, per what the unit counts as its suffix has it, and per that thing spelt out as
    its levels may be ('20 cents a litre' of '€/l'); none for a unit of no money.

    Examples
    --------
    >>> sorted(minor_said(UnitForm(suffix=" \u20ac/l")) & {"ct", "cents a litre", "ct/l"})
    ['cents a litre', 'ct', 'ct/l']
    >>> minor_said(UnitForm(symbol="$", suffix="bn")), minor_said(UnitForm(suffix=" jobs"))
    (set(), set())
    """
    sign, per = sign_first(form.symbol, form.suffix)
    minors = minor_words(sign, per) | minor_words(sign, keyboard(per))  # '10p per m3'
    if not minors:
        return set()
    money = replace(form, symbol=sign, suffix=per)
    pers = {w for w in level_said(money) if w[1:] and w.startswith(("/", "a ", "an ", "per "))}
    said = {f"{m}{'' if p[:1] == '/' else ' '}{p}" for m in minor_words(sign, "") for p in pers}
    return minors | said


def sign_moved(form: UnitForm) -> UnitForm | None:
    """A unit of points whose currency's sign is written after the number (' zł/MWh',
    :func:`~macrograph.rules.money.sign_first`) with the sign before it ('zł' and '/MWh'), so
    that its sizes are read by the currency's names and signs as a unit written with it
    before is ('100 złoty/MWh', 'PLN 5', '100 zl'); None for any other unit.

    Examples
    --------
    >>> moved = sign_moved(UnitForm(suffix=" z\u0142/MWh"))
    >>> moved.symbol, moved.suffix, sign_moved(UnitForm(symbol="$", suffix="/t"))
    ('z\u0142', '/MWh', None)
    """
    if form.symbol or form.change != "points" or form.change_suffix is not None:
        return None
    sign, per = sign_first("", form.suffix)
    return replace(form, symbol=sign, suffix=per) if sign else None


def money_multiples(symbol: str, whole: str) -> set[str]:
    """The other abbreviations of the multiple a unit of money starts with, as finance writes
    them ('$20B' and '$20MM' of '$bn' and '$m'), alone and before the rest of its words.

    Examples
    --------
    >>> sorted(money_multiples("$", "bn a month")), money_multiples("", "bn a month")
    (['b', 'b a month'], set())
    >>> sorted(money_multiples("$", "billion"))  # '$2bn' of a unit in '$ billion'
    ['b', 'bn']
    """
    first, _, rest = whole.partition(" ")
    power = SHORT_ABBREVIATED.get(SHORT_MULTIPLES.get(first, first))
    if not money_sign(symbol) or power is None:
        return set()
    others = {w for w, p in SHORT_ABBREVIATED.items() if p == power and w != first}
    return {*others, *(f"{w} {rest}" for w in others if rest)}


def money_multiplied(form: UnitForm) -> dict[str, int]:
    """The words of money typed in a multiple after its sign on a unit of money or of money
    per a thing, before the thing ('k/day' and 'm a day' of '$' and '/day': '$10k/day'), or
    a thousand alone ('$10k'; not '50m', which may be metres), and the multiple's power of
    ten; none for a unit that counts a multiple itself ('$bn').

    Examples
    --------
    >>> said = money_multiplied(UnitForm(symbol="$", suffix="/day"))
    >>> said["k"], said["k/day"], said["k a day"], said["m per day"], "m" in said
    (3, 3, 3, 6, False)
    >>> money_multiplied(UnitForm(symbol="$", suffix="bn a month"))
    {}
    """
    if not is_money(form.symbol, form.suffix):
        return {}
    per = {w for w in level_said(form) if w[:1] == "/" or w.startswith(("a ", "per "))}
    # alone, only 'k': '50m' of a fare may be metres
    return {**multiplied(SHORT_POWERS, per), "k": SHORT_POWERS["k"]}


def multiplied(powers: dict[str, int], words: set[str]) -> dict[str, int]:
    """Each multiple of ``powers`` before each of ``words`` ('k a day', 'k/day'), and its
    power of ten.

    Examples
    --------
    >>> multiplied({"k": 3}, {"/day", "a day"}) == {"k/day": 3, "k a day": 3}
    True
    """
    return {
        f"{many}{'' if w[:1] == '/' else ' '}{w}": power
        for many, power in powers.items()
        for w in words
    }


def other_money(symbol: str, per: str, unit: str) -> bool:
    """Whether ``unit``, a size's words in lower case, starts with the name of a currency
    other than the money of a unit written with ``symbol`` and ``per`` ('euros a mwh' on a
    unit in ' zł/MWh'): money of another currency, never converted.

    Examples
    --------
    >>> other_money("", " z\u0142/MWh", "euros a mwh"), other_money("", " z\u0142/MWh", "zloty/mwh")
    (True, False)
    >>> other_money("$", "/t", "dollars"), other_money("", " jobs", "thousand")
    (False, False)

    A sign is money too ('\u20ac/mwh' of '\u20ac20/MWh'), of its own unit none:

    >>> other_money("", " z\u0142/MWh", "\u20ac/mwh"), other_money("\u20ac", "/t", "\u20ac/t")
    (True, False)
    """
    sign = sign_first(symbol, per)[0] or hundredths_of(symbol, per)
    own = {*currency_names(sign), sign.lower(), sign.strip().lower()}
    named = re.split(r"[\s/]", unit, maxsplit=1)[0]
    named_money = named in CURRENCY_NAMES or named in CURRENCY_WORDS
    return named not in own and named_money


def said_as_money(unit: str) -> bool:
    """Whether a size's words, in lower case, name money by a currency's name or a
    hundredth's, after a country's or not ('euros a mwh', 'us cents').

    Examples
    --------
    >>> said_as_money("us cents"), said_as_money("dollars"), said_as_money("tonnes")
    (True, True, False)
    """
    return named_currency(unit) or (unit.split() or [""])[-1] in all_minor_words()


_NUMBER = re.compile(r"(?<![\d.,])[+-]?(\d[\d,]*(?:\.\d+)?)(?![\d,]|\.\d|\s*%)")  # no %
_MONEY_BEFORE = re.compile(r"(?<![^\W\d_/])([^\W\d_]{0,3}[^\w\s]?)[+-]?\s?$")  # no pair's


def same_number(number: str, value: float) -> bool:
    """Whether ``number`` as typed ('1,500') is ``value``, its sign aside: this size's,
    not another clause's.

    Examples
    --------
    >>> same_number("1,500", -1500.0), same_number("15", 1.5)
    (True, False)
    """
    return abs(float(number.replace(",", "")) - abs(value)) < 1e-9


def typed_money(text: str, value: float) -> str | None:
    """The currency sign, code or letters typed right before a number of ``value`` in
    ``text``, as typed ('£' of 'fee rises £5 a hive', 'NZ$' of 'NZ$ 1.5'); None when such a
    number has none, or none is such a number, or two such numbers carry two ('rises $1 and
    the euro price €1': either is the size).

    Examples
    --------
    >>> typed_money("the fee rises \u00a35 a hive", 5.0), typed_money("fee=+NZ$ 1.5", 1.5)
    ('\u00a3', 'NZ$')
    >>> typed_money("rises to 25 a litre", 25.0), typed_money("rises \u00a35", 6.0)
    (None, None)
    >>> typed_money("rises $1 and the euro price \u20ac1", 1.0) is None
    True
    >>> typed_money("kes/usd 1% higher", 1.0) is None  # a pair's side, and a percent
    True
    """
    found = set()
    for match in _NUMBER.finditer(text):
        if not same_number(match.group(1), value):
            continue
        before = _MONEY_BEFORE.search(text[: match.start()])
        said = before.group(1) if before is not None else ""
        found.add(said if _currency(said) is not None else "")
    return found.pop() if len(found) == 1 and "" not in found else None


_SIGNED = {sign.lower(): names[0] if names else sign for sign, names in CURRENCY_NAMES.items()}
"""Each sign of :data:`CURRENCY_NAMES` in lower case, and the currency it names."""
_LETTERS = frozenset(c.lower() for c in LETTER_CURRENCIES)


def _currency(token: str) -> str | None:
    """What currency ``token`` names as a reader tells currencies apart ('$' of every dollar,
    'euro' of '€' and 'eur', 'taka' of 'tk'), or None when it names none this can tell."""
    said = token.strip().rstrip(".").lower()
    if not said:
        return None
    if said.endswith("$") and said[:-1].upper() in (*DOLLAR_COUNTRIES, ""):
        return "$"  # one country's dollar from another's: told apart by the pack's own signs
    if said in _SIGNED:
        return _SIGNED[said]
    if said in LETTER_SIGNS:
        return _currency(LETTER_SIGNS[said])
    if said in _LETTERS:
        return said
    if said[1:] and currency_sign(said[-1]):
        return _currency(said[-1])  # 'gh₵' of '₵'
    return said if len(said) == 1 and currency_sign(said) else None  # '₦'


def other_currency(symbol: str, per: str, typed: str) -> bool:
    """Whether money ``typed`` before a size's number (:func:`typed_money`) is of another
    currency than a unit written with ``symbol`` and ``per`` counts ('£' of a unit in '$ a
    hive', '$' of one in 'R a litre'): never converted. A unit of no money, and a currency
    this cannot tell (a code it has no sign for), are never another's.

    Examples
    --------
    >>> other_currency("$", " a hive", "\u00a3"), other_currency("R", " a litre", "$")
    (True, True)
    >>> other_currency("\u20ac", " a night", "eur"), other_currency("NOK ", " a kg", "kr")
    (False, False)
    >>> other_currency("", " kt a day", "$"), other_currency("R", " a litre", "zar")
    (False, False)
    """
    sign = sign_first(symbol, per)[0] or hundredths_of(symbol, per)
    if not money_sign(sign):
        return False
    own, said = _currency(sign), _currency(typed)
    if own is None or said is None or own == said:
        return False
    names = {n.lower() for n in currency_names(sign)}
    return typed.strip().lower() not in names
