"""Money in English: the names of currencies, whether a unit's sign names money, and
amounts written to the cent (the words a unit of money is typed with); the words of their
hundredths are :mod:`.hundredths`.

Examples
--------
>>> money_text(2.5), is_money("\u00a3", " a journey"), sorted(currency_names("\u00a3"))
('2.50', True, ['pound', 'pounds', 'quid'])
"""

from __future__ import annotations

import re
import unicodedata

from macrograph.rules.english.forms import INDIAN_POWERS, MULTIPLE_POWERS, OTHER_SHORT, SHORT_POWERS


def _shillings(country: str, *letters: str) -> tuple[str, ...]:
    """The names of an East African country's shilling, with the letters it is written in
    ('Sh', and 'bob' as Kenyans say it)."""
    named = ("shilling", "shillings", f"{country} shilling", f"{country} shillings")
    return (*named, f"{country}n shilling", f"{country}n shillings", "sh", *letters)


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
    **dict.fromkeys(("KSh", "Ksh", "KES"), _shillings("kenya", "ksh", "kes", "bob")),
    **dict.fromkeys(("USh", "UGX"), _shillings("uganda", "ush", "ugx")),
    **dict.fromkeys(("TSh", "TZS"), _shillings("tanzania", "tsh", "tzs")),
    "R$": ("real", "reais", "brazilian real", "brazilian reais"),
    # the zloty as English writes it, with its accent or without, and its sign typed without
    # the accent ('zl'): a unit written 'PLN ' or ' zł/MWh' counts the same money
    "PLN": ("złoty", "zloty", "złotys", "zlotys", "polish zloty", "zł", "zl"),
    "zł": ("złoty", "zloty", "złotys", "zlotys", "polish zloty", "pln", "zl"),
    # the Turkish lira's, and 'TL' as Turks write it after the number ('25 TL')
    "\u20ba": ("lira", "liras", "turkish lira", "turkish liras", "tl"),
    **dict.fromkeys(("Tk", "BDT", "\u09f3"), ("taka", "takas", "tk", "bdt", "\u09f3")),
    # the Czech koruna, as Czechs write it after the number ('50 Kč', typed 'Kc' without its
    # háček) and as an analyst writes its code ('CZK 2.3bn'), with the words of its plural
    **dict.fromkeys(
        ("CZK", "K\u010d"),
        (
            "koruna",
            "koruny",
            "korun",
            "korunas",
            "czech koruna",
            "czech crowns",
            "k\u010d",
            "kc",
            "czk",
        ),
    ),
}
"""How English names the money of a currency sign a unit is written with ('$40' is '40
dollars'); a sign with no name here, or not here, has its sizes written with the sign.
'¥' is the sign of the yen and of the yuan alike, so neither name is read as its money
(money of another currency is refused, never converted: a yuan is no yen)."""


WORLD_CURRENCIES = frozenset(
    name
    for line in (
        "peso pesos centavo centavos reais rand yuan renminbi lira liras lire rouble",
        "roubles ruble rubles zloty zlotys forint forints koruna korunas shekel shekels baht",
        "ringgit rupiah dinar dinars dirham dirhams riyal riyals rial rials naira shilling",
        "shillings cedi cedis kwacha soles lempira quetzal quetzales bolivar bolivars",
        "boliviano bolivianos guarani hryvnia lari tenge taka dong kyat riel leu lei",
        "leva kuna manat somoni rufiyaa afghani lilangeni",
    )
    for name in line.split()
)
"""The names of currencies no sign of :data:`CURRENCY_NAMES` is read as ('pesos',
'reais', 'rand'; none that is also an everyday English word, as 'real' or 'sum'): a size
in one is money of another currency than a unit's sign names (refused, never converted),
never a slip for a word of the unit ('1 peso a litre' is no '1 cent a litre')."""


CURRENCY_WORDS = frozenset(n for named in CURRENCY_NAMES.values() for n in named)
"""Every name of :data:`CURRENCY_NAMES`, made once."""
CURRENCY_FORMS = {n: named for named in CURRENCY_NAMES.values() for n in named}
"""Each name of :data:`CURRENCY_NAMES` and the names of its currency with it ('reais' of the
real: its plural, which English makes no rule for)."""
_MONEY_NAMES = WORLD_CURRENCIES | CURRENCY_WORDS


def named_currency(unit: str) -> bool:
    """Whether a unit's words, in lower case, name money by a currency's name ('pesos a
    litre', 'billion reais', 'kroner').

    Examples
    --------
    >>> named_currency("peso a litre"), named_currency("kroner"), named_currency("cents a litre")
    (True, True, False)
    """
    return not _MONEY_NAMES.isdisjoint(unit.split())


DOLLAR_COUNTRIES = ("A", "AU", "C", "CA", "HK", "NT", "NZ", "S", "SG", "US")
"""The letters before '$' of a country's dollar ('A$', 'US$', 'NZ$'), whose money is named
dollars as '$' alone is; 'R$' (the real) and others are not."""


def currency_names(symbol: str) -> tuple[str, ...]:
    """How English names the money of a unit's sign: :data:`CURRENCY_NAMES`, and dollars
    of a dollar sign after a country's letters (:data:`DOLLAR_COUNTRIES`).

    Examples
    --------
    >>> currency_names("A$"), currency_names("R$ ")[:2], currency_names("£")
    (('dollar', 'dollars'), ('real', 'reais'), ('pound', 'pounds', 'quid'))
    >>> currency_names("US$")  # its code too, as a trader writes it after the number
    ('dollar', 'dollars', 'usd', 'us dollar', 'us dollars')
    >>> currency_names("CHF ")  # a code written before the number, as Swiss prices are
    ('franc', 'francs', 'swiss franc', 'swiss francs')
    """
    if symbol.strip() == "US$":  # '40 USD/t', the code after the number as traders write it
        return (*CURRENCY_NAMES["$"], "usd", "us dollar", "us dollars")
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


LETTER_CURRENCIES = frozenset(
    ("Rs", "kr", "Kr", "Fr", "zł", "Kč", "Ft", "lei", "R", "RM", "Rp", "KSh", "Ksh", "USh", "TSh")
) | {"Sh", "Tk"}
"""Currencies written in letters that are no code of three capitals ('Rs 40', 'kr 12', 'KSh
25' and 'Sh25' of East Africa's shillings, 'Tk 500' of Bangladesh's taka)."""

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
LETTER_SIGNS |= {"brl": "R$", "tl": "\u20ba"}  # not "try", an English verb ("try 50bp")
"""A currency written in letters before an amount and the sign it is read as ('Rs 500 crore'
and 'INR 500 crore' are '\u20b9500 crore')."""
SAID_SIGN = re.compile(  # not a pair's ("KES/USD 1% higher"), nor before a percent
    rf"(?<!/)\b({'|'.join(LETTER_SIGNS)})\.?\s*(?=[+-]?\d[\d.,]*(?![\d.,]|\s*%))"
)

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


def sign_first(symbol: str, per: str) -> tuple[str, str]:
    """A unit's sign and suffix with a currency's sign written after the number, as German
    and French write money ('1.62 €/l', a suffix ' €/l'), read as the sign before it: the
    unit counts that money, per what follows ('€' and '/l'); any other unit as it is (a
    hundredth's sign, '¢/gal', counts cents, :func:`.hundredths.hundredths_of`).

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


MINOR_SIGNS = {"\u00a2": "$"}
"""Signs of a hundredth of a currency a unit may be written with after its number: '¢/gal'
counts cents of the dollar."""


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
