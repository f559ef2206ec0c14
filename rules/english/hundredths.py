"""The hundredths of a currency in English: '50p' is £0.50, '30 cents' $0.30, '20 ct'
€0.20, '20 centavos' R$ 0.20; the words a size may name them with, alone and per a thing
('50p a litre', '20c/kWh'), and a unit that counts them ('¢/gal').

Examples
--------
>>> sorted(minor_words("\u00a3", ""))
['p', 'pence', 'penny']
"""

from __future__ import annotations

import re

from macrograph.rules.english.money import (
    DOLLAR_COUNTRIES,
    MINOR_SIGNS,
    currency_words,
    is_money,
)

MINOR_UNITS = {
    "$": ("c", "cent", "cents", "\u00a2"),
    "\u20ac": ("c", "cent", "cents", "ct"),
    "\u00a3": ("p", "pence", "penny"),
    "R": ("c", "cent", "cents"),  # the rand's cents: '50c a litre' is R0.50
    "R$": ("centavo", "centavos"),  # the real's: '20 centavos' is R$ 0.20
    "PLN": ("gr", "grosz", "grosze", "groszy"),  # the zloty's: '50 groszy' is 0.50 zł
    "zł": ("gr", "grosz", "grosze", "groszy"),
    "\u20ba": ("kuru\u015f", "kurus"),  # the lira's, with or without its cedilla
    # the koruna's haléř, with its accents or without and in its Czech plurals: '50 haléřů'
    # is 0.50 Kč
    **dict.fromkeys(
        ("CZK", "K\u010d"),
        (
            "hal\u00e9\u0159",
            "hal\u00e9\u0159e",
            "hal\u00e9\u0159\u016f",
            "haler",
            "halere",
            "haleru",
        ),
    ),
}
"""The words of a hundredth of a currency ('50p' is £0.50, '30 cents' $0.30, '20 ct' €0.20,
'50c' R0.50, '20 centavos' R$ 0.20, '50 groszy' 0.50 zł, '50 kuruş' ₺0.50, '50 haléřů'
0.50 Kč)."""


def minor_words(symbol: str, per: str) -> set[str]:
    """The words a size may name a hundredth of a unit's money with ('p' of '£'): those of
    :data:`MINOR_UNITS` where the unit is whole money or money per something (``per``, its
    suffix, as :func:`currency_words` reads it), alone and with what it is per ('50p a
    litre', '50p per litre', '50p/litre'); none for a multiple ('£5bn').

    Examples
    --------
    >>> sorted(minor_words("\u00a3", "")), minor_words("$", "bn")
    (['p', 'pence', 'penny'], set())
    >>> sorted(minor_words("\u00a3", " a litre"))[:4]
    ['p', 'p a litre', 'p per litre', 'p/litre']
    >>> sorted(minor_words("A$", "/L"))[:4]
    ['c', 'c a l', 'c per l', 'c/l']
    >>> "p an hour" in minor_words("\u00a3", " an hour")
    True
    >>> sorted(minor_words("R$ ", ""))  # the real's, its sign spaced as Brazil writes it
    ['centavo', 'centavos']
    """
    # a dollar written with its country ('A$', 'NZ$') has the cents of '$'; a sign written
    # with its space before the number ('R$ ', as Brazil writes R$ 6,50) is the sign
    sign = symbol.strip()
    dollar = sign.endswith("$") and sign[:-1] in DOLLAR_COUNTRIES
    minor = MINOR_UNITS.get(sign) or (MINOR_UNITS["$"] if dollar else ())
    if not minor or not is_money(symbol, per):
        return set()
    rate = re.fullmatch(r"\s*(?:(a|an|per)\s+|/)(\S.*)", per.lower())
    if rate is None:
        return set(minor)
    # with the article the unit writes as well: '50p an hour' of ' an hour'
    thing = rate[2]
    tails = ("", *{f" {w} {thing}" for w in ("a", "per", rate[1] or "a")}, f"/{thing}")
    return {f"{word}{tail}" for word in minor for tail in tails}


def hundredths_of(symbol: str, per: str) -> str:
    """The sign of the currency whose hundredths a unit counts: one with no sign before its
    number whose suffix ``per`` starts with a hundredth's sign (:data:`MINOR_SIGNS`), the
    rest nothing or per something ('¢/gal', '¢ a pound'); '' for any other unit.

    Examples
    --------
    >>> hundredths_of("", "\u00a2/gal"), hundredths_of("", " \u00a2"), hundredths_of("$", "/bbl")
    ('$', '$', '')
    >>> hundredths_of("", "\u00a2bn"), hundredths_of("", " jobs")
    ('', '')
    """
    text = per.strip()
    major = "" if symbol else MINOR_SIGNS.get(text[:1], "")
    return major if major and is_money(major, text[1:]) else ""


def hundredth_words(per: str) -> tuple[set[str], set[str]]:
    """The words, in lower case, a size may name a unit of hundredths with (``per``, its
    suffix, as :func:`hundredths_of` reads it): of its hundredths ('cents', 'cents/gal'), and
    of its whole money ('$', '$/gal', 'dollars/gal'), a hundred of them; both empty for any
    other unit.

    Examples
    --------
    >>> cents, whole = hundredth_words("\u00a2/gal")
    >>> sorted(c for c in cents if "/" in c)[:2], sorted(whole)[:4]
    (['c/gal', 'cent/gal'], ['$', '$/gal', 'dollar', 'dollar/gal'])
    >>> "$ a gallon" in hundredth_words("\u00a2 a gallon")[1]  # '$4 a gallon' is 400
    True
    >>> hundredth_words(" jobs")
    (set(), set())

    Per a thing, as English says it with a slash, 'a' or 'per' alike ('2 cents per kWh' of
    '¢/kWh'):

    >>> {"cents per kwh", "¢ a kwh", "cents/kwh"} <= hundredth_words("¢/kWh")[0]
    True
    """
    major = hundredths_of("", per)
    if not major:
        return set(), set()
    rest = per.strip()[1:].lower()
    tail = rest if rest.startswith("/") else f" {rest.strip()}" if rest.strip() else ""
    thing = PER_THING.fullmatch(tail.strip())
    tails = {tail, *((f"/{thing[1]}", f" a {thing[1]}", f" per {thing[1]}") if thing else ())}
    cents = {*MINOR_UNITS[major], *(f"{w}{t}" for w in MINOR_UNITS[major] for t in tails)}
    whole = {major, *currency_words(major, rest)}
    return cents, whole | ({f"{major}{tail}"} if tail else set())  # '$/gal', '$ a gallon'


PER_THING = re.compile(r"(?:/|(?:a|an|per) )\s*([a-z][\w-]*)")
"""A unit's 'per a thing' after its money: '/kwh', 'a gallon', 'per lb'."""


def minor_siblings(words: set[str], whole: str = "") -> set[str]:
    """The other words of the hundredth ``words`` (a unit's, in lower case) name in words
    ('cents' of ' euro cents'), or its whole suffix ``whole`` names with its letter alone
    ('c' of '7.2c', as a yield in euro cents is written): '2c' and '2¢' are 2 cents, '30p'
    30 pence, '0.2 cents' 0.2c; none where no word of ``words`` is a hundredth's name spelt
    out and ``whole`` is no hundredth's letter.

    Examples
    --------
    >>> sorted(minor_siblings({"euro cents", "cents"})), minor_siblings({"bots"})
    (['c', 'cent', 'cents', 'ct', '¢'], set())
    >>> sorted(minor_siblings({"c"}, "c")), minor_siblings({"c"})
    (['c', 'cent', 'cents', 'ct', '¢'], set())
    """
    named = {w for said in MINOR_UNITS.values() for w in said if len(w) > 1 and w.isalpha()}
    named |= {whole} & all_minor_words()
    return {w for said in MINOR_UNITS.values() if words & named & set(said) for w in said}


def minor_per(whole: str) -> set[str]:
    """The other words of a unit of hundredths per a thing written with the hundredth's
    letter and a slash (``whole``, lower case: 'c/kwh'), alone and per that thing as English
    says it: '20 cents a kWh', '20c per kWh' and '20c' are 20c/kWh; none for any other unit.

    Examples
    --------
    >>> {"cents a kwh", "cent per kwh", "cents/kwh"} <= minor_per("c/kwh"), minor_per("mg/l")
    (True, set())
    """
    found = re.fullmatch(r"([^\W\d_]+)/([a-z]\S*)", whole)
    if found is None or found[1] not in all_minor_words():
        return set()
    tails = ("", f"/{found[2]}", f" a {found[2]}", f" per {found[2]}")  # '20c' of it too
    return {f"{w}{t}" for w in minor_siblings({found[1]}, found[1]) for t in tails}


def all_minor_words() -> set[str]:
    """Every word of a hundredth of any currency of :data:`MINOR_UNITS`.

    Examples
    --------
    >>> sorted(all_minor_words())[:4]
    ['c', 'cent', 'centavo', 'centavos']
    """
    return {w for said in MINOR_UNITS.values() for w in said}
