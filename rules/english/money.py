"""Money in English: the names of currencies and of their hundredths, whether a unit's sign
names money, and amounts written to the cent (the words a unit of money is typed with).

Examples
--------
>>> money_text(2.5), is_money("\u00a3", " a journey"), sorted(minor_words("\u00a3", ""))
('2.50', True, ['p', 'pence', 'penny'])
"""

from __future__ import annotations

import re
import unicodedata

from macrograph.rules.english.forms import INDIAN_POWERS, MULTIPLE_POWERS, OTHER_SHORT, SHORT_POWERS

CURRENCY_NAMES = {
    "$": ("dollar", "dollars"),
    "\u20ac": ("euro", "euros"),
    "\u00a3": ("pound", "pounds", "quid"),  # "quid" as British English says pounds
    "\u00a5": (),  # the yen's sign and the yuan's: neither name is read as a pack's '¥'
    "\u20b9": ("rupee", "rupees"),
    "\u20a9": ("won", "won"),
    "\u0192": ("florin", "florins"),
    "CHF": ("franc", "francs", "swiss franc", "swiss francs"),
    "NOK": ("krone", "kroner", "norwegian krone", "norwegian kroner", "kr"),
    "DKK": ("krone", "kroner", "danish krone", "danish kroner", "kr"),
    "SEK": ("krona", "kronor", "swedish krona", "swedish kronor", "kr"),
    # the zloty as English writes it, with its accent or without, and its sign typed without
    # the accent ('zl'): a unit written 'PLN ' or ' zł/MWh' counts the same money
    "PLN": ("złoty", "zloty", "złotys", "zlotys", "polish zloty", "zł", "zl"),
    "zł": ("złoty", "zloty", "złotys", "zlotys", "polish zloty", "pln", "zl"),
}
"""How English names the money of a currency sign a unit is written with ('$40' is '40
dollars'); a sign with no name here, or not here, has its sizes written with the sign.
'¥' is the sign of the yen and of the yuan alike, so neither name is read as its money
(money of another currency is refused, never converted: a yuan is no yen)."""


DOLLAR_COUNTRIES = ("A", "AU", "C", "CA", "HK", "NT", "NZ", "S", "SG", "US")
"""The letters before '$' of a country's dollar ('A$', 'US$', 'NZ$'), whose money is named
dollars as '$' alone is; 'R$' (the real) and others are not."""


def currency_names(symbol: str) -> tuple[str, ...]:
    """How English names the money of a unit's sign: :data:`CURRENCY_NAMES`, and dollars
    of a dollar sign after a country's letters (:data:`DOLLAR_COUNTRIES`).

    Examples
    --------
    >>> currency_names("A$"), currency_names("R$"), currency_names("£")
    (('dollar', 'dollars'), (), ('pound', 'pounds', 'quid'))
    >>> currency_names("CHF ")  # a code written before the number, as Swiss prices are
    ('franc', 'francs', 'swiss franc', 'swiss francs')
    """
    if symbol.endswith("$") and symbol[:-1] in DOLLAR_COUNTRIES:
        return CURRENCY_NAMES["$"]
    return CURRENCY_NAMES.get(symbol.strip(), ())  # 'CHF ', as a pack writes it before a number


def money_text(amount: float, places: int = 2) -> str:
    """An amount of money as a price is written: whole units without decimals, any other
    to the hundredth ('£15', '£1.50', never '£15.00' nor '£0.5'), with thousands separated;
    to ``places`` decimals where the unit writes fewer (a rate of exchange quoted in won
    to a tenth moves by '₩13.5', not '₩13.50').

    Examples
    --------
    >>> money_text(15.0), money_text(0.5), money_text(1234.567), money_text(-2.0)
    ('15', '0.50', '1,234.57', '-2')
    >>> money_text(13.5, 1), money_text(28.25, 1), money_text(77.96, 1)
    ('13.5', '28.2', '78')
    """
    scale = 10**places
    parts = round(amount * scale)
    return f"{parts / scale:,.0f}" if parts % scale == 0 else f"{parts / scale:,.{places}f}"


LETTER_CURRENCIES = frozenset(["Rs", "kr", "Kr", "Fr", "zł", "Kč", "Ft", "lei", "R", "RM", "Rp"])
"""Currencies written in letters that are no code of three capitals ('Rs 40', 'kr 12')."""

CURRENCY_CODES = frozenset(
    code
    for line in (
        "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND",
        "BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD",
        "EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR",
        "IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD",
        "MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR",
        "PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL",
        "SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS",
        "VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWL",
    )
    for code in line.split()
)
"""The codes of three capitals of ISO 4217's currencies ('CHF 1.2bn', 'NOK 12 a kg'): an
index or a scale named in three capitals before its number ('AQI 412', 'FWI 38') is none."""


LETTER_SIGNS = {"rs": "\u20b9", "inr": "\u20b9", "usd": "$", "eur": "\u20ac", "gbp": "\u00a3"}
"""A currency written in letters before an amount and the sign it is read as ('Rs 500 crore'
and 'INR 500 crore' are '\u20b9500 crore')."""
SAID_SIGN = re.compile(rf"\b({'|'.join(LETTER_SIGNS)})\.?\s*(?=[+-]?\d)")

ABBREVIATED_WORDS = {"cr": "crore", "crs": "crore", "lac": "lakh", "lacs": "lakh"}
"""Indian English's multiples as they are abbreviated or spelt after a number ('500 cr',
'2 lacs')."""
SAID_WORD = re.compile(rf"(?<=\d)\s*({'|'.join(ABBREVIATED_WORDS)})\b")


def signs_read(text: str) -> str:
    """``text`` (in lower case) with a currency written in letters before an amount as its
    sign (:data:`LETTER_SIGNS`) and a multiple abbreviated after a number spelt out
    (:data:`ABBREVIATED_WORDS`).

    Examples
    --------
    >>> signs_read("wages rise rs. 500 cr"), signs_read("usd 5bn"), signs_read("inr/usd rises")
    ('wages rise \u20b9500 crore', '$5bn', 'inr/usd rises')
    """
    text = SAID_SIGN.sub(lambda m: LETTER_SIGNS[m.group(1)], text)
    return SAID_WORD.sub(lambda m: f" {ABBREVIATED_WORDS[m.group(1)]}", text)


SIGN_LETTERS = frozenset("\u0192")
"""Letters written as a currency's sign: 'ƒ', the florin's (Aruba's, and the guilder's)."""


def currency_sign(char: str) -> bool:
    """Whether ``char`` is a currency's sign: a sign of Unicode's currency symbols, or a
    letter written as one (:data:`SIGN_LETTERS`).

    Examples
    --------
    >>> [currency_sign(c) for c in ("$", "\u20ac", "\u0192", "f", "%")]
    [True, True, True, False, False]
    """
    return unicodedata.category(char) == "Sc" or char in SIGN_LETTERS


def money_sign(symbol: str) -> bool:
    """Whether a unit's sign before its number names money: one with a currency sign ('$',
    'R$', '€'), a currency's code ('CHF ', :data:`CURRENCY_CODES`) or
    :data:`LETTER_CURRENCIES`; not the name of an index or a scale written before its number
    ('Kp 7', 'pH 6.5', 'AQI 412').

    Examples
    --------
    >>> money_sign("R$"), money_sign("CHF "), money_sign("kr "), money_sign("Kp "), money_sign("")
    (True, True, True, False, False)
    >>> money_sign("AQI "), money_sign("FWI "), money_sign("NOK ")
    (False, False, True)
    """
    text = symbol.strip().rstrip(".")
    return (
        any(currency_sign(c) for c in text) or text in CURRENCY_CODES or text in LETTER_CURRENCIES
    )


def glued_sign(word: str) -> bool:
    """Whether a unit's word of letters, in any case, is a currency's sign
    (:func:`money_sign`), which may be written glued to its number ('R2.50', 'RM10'), not a
    scale's ('FWI 38') nor a count's.

    Examples
    --------
    >>> glued_sign("r"), glued_sign("nok"), glued_sign("fwi"), glued_sign("days")
    (True, True, False, False)
    """
    return any(money_sign(case(word)) for case in (str.upper, str.capitalize, str.lower))


def is_money(symbol: str, per: str) -> bool:
    """Whether a unit written with a sign ``symbol`` (:func:`money_sign`) and a suffix ``per``
    counts whole money or money per something ('£', '$ a tonne', 'R$ per US$', '$ CPM', a
    word after a space that is no multiple), not a multiple of it ('$bn', '$ billion', '₹
    crore'): a number after its sign is then an amount of that money ('R$0.50', '$15 CPM').

    Examples
    --------
    >>> is_money("$", " a tonne"), is_money("R$", " per US$"), is_money("\u20ac", "/kg")
    (True, True, True)
    >>> is_money("$", "bn"), is_money("", ""), is_money("Kp ", "")
    (False, False, False)
    >>> is_money("$", " CPM"), is_money("$", " billion a month"), is_money("\u20b9", " crore")
    (True, False, False)
    """
    rate = re.fullmatch(r"\s*(?:(?:a|an|per)\s+|/)\S.*", per)
    named = re.fullmatch(r"\s+([^\W\d]\w*)(?:\s.*)?", per)  # '$ CPM': money per a thing named
    powers = {**SHORT_POWERS, **MULTIPLE_POWERS, **INDIAN_POWERS, **OTHER_SHORT}
    per_named = named is not None and named.group(1).lower() not in powers
    return money_sign(symbol) and (not per.strip() or rate is not None or per_named)


def currency_words(symbol: str, per: str) -> set[str]:
    """The words a size in money may name its unit with, in lower case: the currency's name
    for a unit of whole money or of money per something (``per``, the unit's suffix: ''
    or ' a tonne'), alone and with ``per``; for a unit whose suffix counts a multiple, the
    name after that multiple ('$5bn' is '5 billion dollars', never '5 dollars').

    Examples
    --------
    >>> sorted(currency_words("$", " a tonne of CO2"))[:4]
    ['dollar', 'dollar a tonne', 'dollar a tonne of co2', 'dollars']
    >>> sorted(currency_words("\u00a3", "m"))[:4], currency_words("", "")
    (['m pound', 'm pounds', 'm quid', 'million pound'], set())
    >>> sorted(currency_words("A$", " a year"))  # a country's dollar is dollars too
    ['dollar', 'dollar a year', 'dollars', 'dollars a year']
    """
    names = currency_names(symbol)
    if names and not is_money(symbol, per):
        first, _, rest = " ".join(per.lower().split()).partition(" ")
        powers = {**SHORT_POWERS, **MULTIPLE_POWERS}
        said = [w for w, p in powers.items() if p == powers.get(first, -1)]
        # the time a flow is counted over may go unsaid, as after the sign ('$20bn' of '$bn
        # a quarter' is '20 billion dollars')
        rate = re.fullmatch(r"(?:(?:a|an|per)\s+|/)\S.*", rest) is not None
        afters = {f" {rest}", ""} if rate else {f" {rest}" if rest else ""}
        return {f"{w} {name}{after}" for w in said for name in names for after in afters}
    if not names or not is_money(symbol, per):
        return set()
    tail = " ".join(per.lower().split())
    tail = f" {tail}" if tail and not tail.startswith("/") else tail
    tails = {tail, tail.split(" of ")[0]} if tail else set()  # ' a tonne' of ' a tonne of CO2'
    return {*names, *(f"{name}{t}" for name in names for t in tails)}


MINOR_UNITS = {
    "$": ("c", "cent", "cents", "\u00a2"),
    "\u20ac": ("c", "cent", "cents", "ct"),
    "\u00a3": ("p", "pence", "penny"),
    "R": ("c", "cent", "cents"),  # the rand's cents: '50c a litre' is R0.50
    "PLN": ("gr", "grosz", "grosze", "groszy"),  # the zloty's: '50 groszy' is 0.50 zł
    "zł": ("gr", "grosz", "grosze", "groszy"),
}
"""The words of a hundredth of a currency ('50p' is £0.50, '30 cents' $0.30, '20 ct' €0.20,
'50c' R0.50)."""


def sign_first(symbol: str, per: str) -> tuple[str, str]:
    """A unit's sign and suffix with a currency's sign written after the number, as German
    and French write money ('1.62 €/l', a suffix ' €/l'), read as the sign before it: the
    unit counts that money, per what follows ('€' and '/l'); any other unit as it is (a
    hundredth's sign, '¢/gal', counts cents, :func:`hundredths_of`).

    Examples
    --------
    >>> sign_first("", " \u20ac/l"), sign_first("", " \u20ac an hour")
    (('\u20ac', '/l'), ('\u20ac', ' an hour'))
    >>> sign_first("$", "/t"), sign_first("", "\u00a2/gal"), sign_first("", " jobs")
    (('$', '/t'), ('', '\u00a2/gal'), ('', ' jobs'))

    A currency written in letters after the number, as Polish, Czech or Scandinavian prices
    are ('450 zł/MWh', '80 kr a kg'), is its sign too; a unit's word that is none is not:

    >>> sign_first("", " z\u0142/MWh"), sign_first("", " kr a kg"), sign_first("", " GWh/day")
    (('z\u0142', '/MWh'), ('kr', ' a kg'), ('', ' GWh/day'))
    """
    text = per.lstrip()
    if symbol or not text:
        return symbol, per
    letters = _LETTERS_FIRST.match(text)  # ' zł/MWh', ' PLN per euro': a sign of letters
    if letters is not None and money_sign(letters[1]):
        return letters[1], text[letters.end(1) :]
    if not currency_sign(text[0]) or text[0] in MINOR_SIGNS:
        return symbol, per
    return text[0], text[1:]


_LETTERS_FIRST = re.compile(r"([^\W\d_]+)(?=$|/|\s+(?:a|an|per)\s)")
"""A word of letters that starts a suffix before nothing, a slash or 'a', 'an' or 'per'
('zł' of 'zł/MWh', 'PLN' of 'PLN per euro'), which may be a currency's sign."""


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
    """
    # a dollar written with its country ('A$', 'NZ$') has the cents of '$'
    minor = MINOR_UNITS.get(symbol) or (MINOR_UNITS["$"] if symbol.endswith("$") else ())
    if not minor or not is_money(symbol, per):
        return set()
    rate = re.fullmatch(r"\s*(?:(a|an|per)\s+|/)(\S.*)", per.lower())
    if rate is None:
        return set(minor)
    # with the article the unit writes as well: '50p an hour' of ' an hour'
    thing = rate[2]
    tails = ("", *{f" {w} {thing}" for w in ("a", "per", rate[1] or "a")}, f"/{thing}")
    return {f"{word}{tail}" for word in minor for tail in tails}


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
    named_money = named in CURRENCY_NAMES or any(named in n for n in CURRENCY_NAMES.values())
    return named not in own and named_money


MINOR_SIGNS = {"\u00a2": "$"}
"""Signs of a hundredth of a currency a unit may be written with after its number: '¢/gal'
counts cents of the dollar."""


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
    >>> sorted(all_minor_words())[:3]
    ['c', 'cent', 'cents']
    """
    return {w for said in MINOR_UNITS.values() for w in said}


_MULTIPLE_FIRST = re.compile(
    r"\s*(?:(?:"
    + "|".join(sorted({*SHORT_POWERS, *OTHER_SHORT, *MULTIPLE_POWERS, *INDIAN_POWERS, "b"}))
    + r")(?=[\s/]|$)\s*)+",
    re.IGNORECASE,
)


def none_of(symbol: str, suffix: str) -> str:
    """The suffix none of a unit is written with: ``suffix`` without the multiple it counts
    (nothing is nothing of a billion: '$0 a day', not '$0bn a day' beside '+$776 a day';
    '0 policies', not '0k policies'), of money (``symbol`` its sign), of a thing the suffix
    names after its multiple ('k TEU') or of a multiple that is no unit's letter ('k a day';
    not 'm a day', which may be metres); ``suffix`` as it is otherwise.

    Examples
    --------
    >>> none_of("$", "bn a day"), none_of("\u20b9", " lakh crore"), none_of("$", "k/day")
    (' a day', '', '/day')
    >>> none_of("", "k TEU"), none_of("", " thousand persons"), none_of("", "m a day")
    (' TEU', ' persons', 'm a day')
    >>> none_of("", "k a day"), none_of("", "M"), none_of("", "bn")
    (' a day', 'M', '')
    >>> none_of("$", " a tonne"), none_of("", " mm")
    (' a tonne', ' mm')
    """
    match = _MULTIPLE_FIRST.match(suffix)
    if not match or not match.group().strip():
        return suffix
    rest = suffix[match.end() :]
    counted = re.match(r"(?!(?:a|an|per)\b)[^\W\d_]", rest) is not None  # 'k TEU', not 'm a day'
    letter = match.group().strip() in ("m", "M", "b", "B")  # metres, molar, bits...
    if not money_sign(symbol) and not counted and letter:
        return suffix
    return f" {rest}" if rest[:1].isalnum() else rest


def sign_named(words: set[str]) -> set[str]:
    """``words`` and each of them with a money's sign after 'per' or 'a' said with its name
    in the singular ('won per dollar' of 'won per $'), as a rate of one money in another is
    spoken.

    Examples
    --------
    >>> sorted(sign_named({"per $", "won a $", "/day"}))
    ['/day', 'per $', 'per dollar', 'won a $', 'won a dollar']

    One of the money, written with its sign and a 1, is said by its name too ('20p per
    pound' of 'p per £1').

    >>> sorted(sign_named({"p per \u00a31"}))
    ['p per pound', 'p per \u00a31']
    """
    found = set(words)
    for word in words:
        said = _SIGN_AFTER.search(word)
        if said:
            found.add(word[: said.start("sign")] + CURRENCY_NAMES[said.group("sign")][0])
    return found


_NAMED_SIGNS = "|".join(re.escape(sign) for sign, names in CURRENCY_NAMES.items() if names)
_SIGN_AFTER = re.compile(  # 'per $' or 'a $1' ending a word, after a blank or alone
    rf"(?:^|(?<= ))(?:per|a) (?P<sign>{_NAMED_SIGNS})1?$"
)
