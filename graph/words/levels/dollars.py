"""Dollar signs a pack tells apart: a pack whose units write money with the bare '$' and
with a country's dollar ('NZ$') counts two currencies (a local money written '$', as
several countries write theirs, and that country's dollar), so a size typed with one is
never the other's.

A sign before a number in a multiple ('NZ$1bn', '$500m') is read as that multiple alone,
so the money it names is checked here, against the node's own sign and the signs the pack
writes; a dollar sign the pack writes for no unit is the node's own, as a trader writes
'$400/t' where the dollar is plain.

Examples
--------
>>> from macrograph.graph.synthetic import units_pack
>>> foreign_money(units_pack(), "flow", "flow rises NZ$5bn", 5.0) is None  # no money in GWh a day
True
"""

from __future__ import annotations

import re

from macrograph.graph.words.units.moneywords import other_currency, same_number, typed_money
from macrograph.graph.words.units.unitwords import unit_form
from macrograph.rules.english.forms import INDIAN_POWERS, MULTIPLE_POWERS, OTHER_SHORT, SHORT_POWERS
from macrograph.rules.english.money import DOLLAR_COUNTRIES
from macrograph.rules.pack import Pack

SAME_COUNTRY = {"au": "a", "ca": "c", "sg": "s"}
"""Two letterings of one country's dollar ('AU$' and 'A$')."""

TYPED_DOLLAR = re.compile(
    r"(?<![\w$])(?:([a-z]{0,3})\$|(usd|aud|cad|nzd|hkd|sgd)\.?\s*)\s*[+-]?(\d[\d,]*(?:\.\d+)?)"
)
"""A dollar typed before a number, by its sign with the letters of its country ('nz' of
'NZ$5bn', '' of '$500m') or by its code ('nzd' of 'NZD 500m'), in lower case, and the
number."""

NAMED_DOLLARS = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(?:[a-z]+\s+)?dollars?\b")
"""A size named in dollars ('2 dollars a kilo', '500 million dollars')."""


def dollar_country(sign: str) -> str | None:
    """The letters of a dollar sign's country in lower case ('' of '$', 'nz' of 'NZ$'), or
    None for a sign of no dollar.

    Examples
    --------
    >>> dollar_country("NZ$"), dollar_country("$"), dollar_country("\u20ac"), dollar_country("R$")
    ('nz', '', None, None)
    """
    sign = sign.strip()
    if not sign.endswith("$") or (sign[:-1] and sign[:-1] not in DOLLAR_COUNTRIES):
        return None  # 'R$', the real, is no dollar
    return SAME_COUNTRY.get(sign[:-1].lower(), sign[:-1].lower())


def pack_dollars(pack: Pack) -> frozenset[str]:
    """The dollars the pack's nodes are counted in, by the letters of their country ('' for
    the bare '$').

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> pack_dollars(units_pack())
    frozenset()
    """
    found = (dollar_country(unit_form(pack, node).symbol) for node in pack.nodes)
    return frozenset(country for country in found if country is not None)


def foreign_money(pack: Pack, node: str, text: str, value: float) -> str | None:
    """The money ``text`` types a size of ``value`` in (its sign aside) that is not
    ``node``'s own, or None: another currency's sign or letters ('£5' of a node in '$ a
    hive', :func:`~macrograph.graph.words.units.moneywords.other_currency`), a dollar sign
    the pack writes for another unit ('NZ$1bn' of a node in '$bn' beside nodes in 'NZ$',
    '$1bn' of a node in 'NZ$bn' beside nodes in '$'), another country's dollar ('A$5' of a
    node in 'NZ$'), or dollars by name of a node in the bare '$' of a pack that writes a
    country's dollar too (its '$' is then no dollar a reader can name).

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> foreign_money(units_pack(), "flow", "flow rises $5", 5.0) is None
    True
    """
    form = unit_form(pack, node)
    money = typed_money(text, value)
    if money is not None and other_currency(form.symbol, form.suffix, money):
        return money  # '£5 a hive' of a node in '$ a hive', '$1 a litre' of one in 'R a litre'
    own = dollar_country(form.symbol)
    if own is None:
        return None
    written = pack_dollars(pack)
    typed_here = (
        country if not code else code[:2]  # 'NZD 500m' as 'NZ$500m'
        for country, code, number in TYPED_DOLLAR.findall(text.lower())
        if same_number(number, value)  # this size's, not another clause's
    )
    for said in typed_here:
        typed = SAME_COUNTRY.get(said, said)
        if typed != own and (typed in written or (typed and own)):  # 'HK$5' of 'NZ$' too
            return f"{said.upper()}$"
    named = (n for n in NAMED_DOLLARS.findall(text.lower()) if same_number(n, value))
    if not own and written - {""} and any(named):
        return "dollars"
    return None


def money_said(pack: Pack, node: str, text: str, value: float, unit: str) -> str:
    """``unit`` as a refusal names it: the dollar ``text`` types the size in, where it is
    not ``node``'s own (:func:`foreign_money`) and ``unit`` lost it ('NZ$' of '1bn' read
    as 'bn'); else ``unit`` as it is ('$/t').

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> money_said(units_pack(), "flow", "flow rises 5 TWh", 5.0, "twh")
    'twh'
    """
    foreign = foreign_money(pack, node, text, value)
    return with_money(foreign, unit) if foreign else unit


def with_money(money: str, unit: str) -> str:
    """``unit``, a size's words, with the ``money`` typed before its number that reading it
    lost: that money alone where nothing or a multiple follows it ('NZ$' of '1bn' read as
    'bn'), before what it is per ('£ a hive' of '£5 a hive'); ``unit`` as it is where it
    kept it ('£/t') or says something else ('in europe').

    Examples
    --------
    >>> with_money("NZ$", "bn"), with_money("\u00a3", "a hive"), with_money("\u00a3", "\u00a3/t")
    ('NZ$', '£ a hive', '£/t')
    >>> with_money("\u20ac", "in europe")
    'in europe'
    """
    if money.lower() in unit.lower():
        return unit
    if unit.startswith(("a ", "an ", "per ")):
        return f"{money} {unit}"
    said_else = unit[:1].isalpha() and unit.split()[0] not in MULTIPLE_WORDS
    return unit if said_else else money


MULTIPLE_WORDS = frozenset({*SHORT_POWERS, *MULTIPLE_POWERS, *INDIAN_POWERS, *OTHER_SHORT})
"""The multiples a size of money may be typed in after its sign ('bn', 'million', 'crore')."""
