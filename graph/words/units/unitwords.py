"""The words a size is typed with.

A size is a number and a unit word (``20bp``, ``0.5pp``, ``5%``, ``40bn``); which unit words
a node takes follows from how its unit's changes read (:class:`UnitForm`). This module
reads a size's number and words (:func:`read_size`) and lists the words each node's unit
is typed with (:func:`pack_units`, :func:`level_units`); a change written the way a user
could type it back is :mod:`~macrograph.graph.words.changewords`, what a size means on a
node :mod:`~macrograph.graph.words.sizes`.

Examples
--------
>>> read_size("+20bp")
Size(sign='+', value=20.0, unit='bp')
"""

from __future__ import annotations

import functools
import re

from msgspec import Struct

from macrograph.graph.words.units.averages import of_average
from macrograph.graph.words.units.moneywords import (
    minor_said,
    money_multiples,
    money_multiplied,
    multiplied,
    sign_moved,
)
from macrograph.graph.words.units.multiples import SHORT_MULTIPLES as SHORT_MULTIPLES
from macrograph.graph.words.units.multiples import abbreviated
from macrograph.graph.words.units.prefixes import measured, timed
from macrograph.graph.words.units.spellings import (
    level_said,
    measured_per,
    measures_metres,
    rate_forms,
    typed_forms,
)
from macrograph.graph.words.units.unitspelling import compound_count, thousand_alone
from macrograph.rules.english.forms import (
    FOLDS,
    INDIAN_POWERS,
    MULTIPLE_POWERS,
    SHORT_POWERS,
    after_one,
    said_fraction,
    same_multiple,
)
from macrograph.rules.english.hundredths import hundredth_words, minor_per, minor_siblings
from macrograph.rules.english.labels import PREPOSITIONS
from macrograph.rules.english.money import (
    CURRENCY_NAMES,
    DOLLAR_COUNTRIES,
    SIGN_LETTERS,
    currency_words,
    glued_sign,
    sign_named,
)
from macrograph.rules.english.numbers import in_digits
from macrograph.rules.english.phrases import keyboard
from macrograph.rules.pack import Pack
from macrograph.rules.vocabulary import UnitForm, vocabulary_for

UNIT_WORDS = {
    "bp": "bp",
    "bps": "bp",
    "basis point": "bp",
    "basis points": "bp",
    "pp": "pp",
    "ppt": "pp",  # as the British and Australian press write a percentage point
    "ppts": "pp",
    "percentage point": "pp",
    "percentage points": "pp",
    "%": "%",
    "percent": "%",
    "per cent": "%",
    "pct": "%",
    "pc": "%",  # as the British and Asian press write it: '20pc'
    "pts": "pts",
    "pt": "pts",
    "points": "pts",
    "point": "pts",
    "bn": "bn",
    "tn": "tn",
    "trn": "tn",  # as the financial press often abbreviates a trillion: '$3trn'
}


@functools.lru_cache(maxsize=16)
def _size_pattern(units: tuple[str, ...]) -> re.Pattern[str]:
    """A size with one of the built-in unit words or of ``units`` (a pack's own).

    A sign before the number is kept apart ('$5bn': the unit says what it is; '£15': the
    sign is the unit), with the letters a currency's sign may start with ('A$', 'R$').
    """
    said = sorted({re.escape(u) for u in (*UNIT_WORDS, *units)}, key=len, reverse=True)
    # a pack's sign of letters before the number ('FWI 38', 'NOK 12 a kg'), as it writes it
    words = sorted((u for u in units if u.isalpha()), key=len, reverse=True)
    # a currency written in letters may be glued to its number, as 'R2.50' or 'RM10' are
    ahead = {True: r"(?=\s|\d)", False: r"(?=\s)"}
    signs = "".join(f"|(?:{re.escape(w)}){ahead[glued_sign(w)]}" for w in words)
    return re.compile(
        r"([+-]?)\s*(?:([a-z]{0,3}(?:[^\w\s.+%-]|["
        + "".join(SIGN_LETTERS)  # a letter that is a currency's sign: 'ƒ2m'
        + r"])"
        + signs
        + r")\s*)?([0-9]+(?:\.[0-9]+)?(?:e[+-]?[0-9]+)?)\s*("
        + "|".join(said)
        + r")?",
        re.IGNORECASE,  # 'GWh' as a pack writes it, 'gwh' as a question is read
    )


SIZE = _size_pattern(())

# A fraction said in words is of the node's level, in any unit ('by a third': 33.3% of it);
# a size of this unit word is that percent of the level.
OF_LEVEL = "% of its level"


UNIT_MULTIPLES = SHORT_POWERS | MULTIPLE_POWERS | INDIAN_POWERS
"""Multiples a unit's words may start with ('k trips a day'), as powers of ten."""


def bare_words(form: UnitForm) -> dict[str, int]:
    """The unit's words without the multiple they start with, and that multiple's power of
    ten: 'trips a day' of 'k trips a day' is 3 (1,500 trips a day are 1.5k), and so is its
    time alone ('a day', '/day'); none for a unit whose words start with no multiple.

    Examples
    --------
    >>> said = bare_words(UnitForm(suffix="k trips a day"))
    >>> said["trips"], said["trip a day"], said["a day"]  # '50,000 a day' is a whole count
    (3, 3, 3)
    """
    first = form.change_text.lower().split()[:1]
    if not first or first[0] not in UNIT_MULTIPLES:
        return {}
    words = said_words(form)
    said = (w.partition(" ") for w in words)
    bare = {rest: UNIT_MULTIPLES[first[0]] for head, _, rest in said if head == first[0] and rest}
    ends = (w for w in words if any(b.endswith(w if w[:1] == "/" else f" {w}") for b in bare))
    return bare | {w: UNIT_MULTIPLES[first[0]] for w in ends if w not in bare}


def multiplied_words(form: UnitForm) -> dict[str, int]:
    """The unit's words of a count with a multiple before them, and its power of ten:
    'm req/s' and 'million req/s' of ' req/s' are 6 (2M req/s are 2,000,000 req/s); none
    for a unit of money or whose changes are no points, and no words that start with a
    multiple ('k trips a day'), nor a measure or a time with prefixes of its own ('GWh',
    'h').

    Examples
    --------
    >>> multiplied_words(UnitForm(suffix=" req/s"))["million req/s"]
    6
    >>> multiplied_words(UnitForm(suffix="k trips a day")), multiplied_words(UnitForm())
    ({}, {})

    A count said a day is multiplied by its time alone too: '50k a day' of ' posts a day'.

    >>> words = multiplied_words(UnitForm(suffix=" posts a day"))
    >>> words["k a day"], words["thousand per day"], words["k/day"]
    (3, 3, 3)
    """
    if form.change != "points" or form.symbol or bare_words(form):
        return {}
    said = said_words(form)  # its own thousand ('k req/s') is no multiple of it
    heads = (*UNIT_MULTIPLES, *UNIT_WORDS, "pt", "a", "an", "per")  # no 'million pp'
    counts = {w for w in said if w[:1].isalpha() and w.split()[0] not in heads}
    counts = {w for w in counts if not measured(w) and not timed(w)}  # 'kWh' has its own
    # a count said by its time alone ('50k a day' of ' mentions a day', as '50,000 a day')
    alone = {w for w in said if w.split()[0] in ("a", "an", "per") or w[:1] == "/"}
    counts |= alone if counts else set()
    found = multiplied(UNIT_MULTIPLES, counts)
    return {w: power for w, power in found.items() if w not in said}


@functools.lru_cache(maxsize=16)
def pack_units(pack: Pack) -> tuple[str, ...]:
    """The unit words of the pack's own units a size may be written with ('head' of a unit
    whose changes read '+3 head'), beyond the built-in ones.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> pack_units(units_pack())  # its own 'GWh a day', and the built-in '+0.1pp of GDP'
    ('/day', 'a day', 'gwh', 'gwh a day', 'gwh per day', 'gwh/day', 'per day', 'pp of gdp')
    """
    found: set[str] = set()
    for form in vocabulary_for(pack.info).units.values():
        found |= said_words(form) | minor_said(form)  # '50p' of a £ unit, '20 ct' of ' €/l'
        cents, whole = hundredth_words(form.suffix)  # '30 cents', '$0.30/gal' of '¢/gal'
        found |= cents | whole | {w[1:] for w in whole if w[1:2] == "/"}
        found |= set(bare_words(form))  # 'trips' of 'k trips a day'
        found |= set(multiplied_words(form))  # 'm req/s' of ' req/s'
        found |= {form.symbol.strip().lower()} if form.symbol.strip().isalpha() else set()
        found |= set(money_multiplied(form))  # '$10k/day' of '$/day'
        found |= smaller_words(form)  # '£200k a year' of '£m a year' whose smaller is 'k a year'
    found |= {keyboard(w) for w in found}  # '10p per m3' of '£ per m³', as a question has it
    return tuple(sorted(found - set(UNIT_WORDS)))


@functools.lru_cache(maxsize=16)
def level_units(pack: Pack) -> tuple[str, ...]:
    """The unit words a level may be written with: :func:`pack_units` and the pack's level
    suffixes ('% full' of a storage's '55% full').

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> level_units(units_pack())[:3]
    ('% of gdp', '/day', 'a day')
    """
    found = {w for form in vocabulary_for(pack.info).units.values() for w in level_said(form)}
    return tuple(sorted(found.union(pack_units(pack)) - set(UNIT_WORDS)))


class Size(Struct, frozen=True):
    """A typed number: its sign ('+', '-' or ''), value and unit word ('' for none)."""

    sign: str
    value: float
    unit: str

    @property
    def signed(self) -> float:
        """The value with its sign."""
        return -self.value if self.sign == "-" else self.value


THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d)|\d{2},\d)")
"""A comma that separates groups of digits in a number, not clauses: thousands ('1,500')
or, in the Indian way, thousands then pairs of digits for lakhs and crores ('1,50,000')."""
SPACED_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,])")
"""A number whose groups of thousands a space separates, as South African English and the SI
write it ('18 000 MW', '1 200 000')."""
DECIMAL_COMMA = re.compile(r"(?<![\d.,])(\d+),(\d{1,2})(?![\d,.])")
"""A comma before one or two last digits, no group of thousands: a decimal comma, as German
and French write a price ('1,85 €', '12,50 €')."""
LEADING_POINT = re.compile(r"(?<![\w.,])\.(?=\d)")
"""A decimal point before a number's first digit, its zero left out ('$.003', '.3 cents')."""
MINUS = re.compile(r"\b(?:minus|negative)\s+(?=\.?\d)", re.IGNORECASE)
"""A negative number's sign said as a word ('falls to minus 5 °C', 'negative 0.5%')."""


def plain_digits(text: str) -> str:
    """``text`` with its numbers as the reader reads them: no commas between groups of
    thousands, a decimal comma as a point, and the zero before a leading point put back.

    Examples
    --------
    >>> plain_digits("1,500 jobs at 1,85 € and $.003 or .3 cents, v.2")
    '1500 jobs at 1.85 € and $0.003 or 0.3 cents, v.2'
    >>> plain_digits("temperature falls to minus 5 °C")  # a sign said as a word
    'temperature falls to -5 °C'
    >>> plain_digits("rises 18 000 MW on 12 June 2026")  # thousands a space separates
    'rises 18000 MW on 12 June 2026'
    """
    signed = SPACED_THOUSANDS.sub(lambda m: re.sub(r"\D", "", m.group(0)), MINUS.sub("-", text))
    return LEADING_POINT.sub("0.", DECIMAL_COMMA.sub(r"\1.\2", THOUSANDS.sub("", signed)))


def read_size(text: str, units: tuple[str, ...] = ()) -> Size | None:
    """A size from text such as ``+20bp``, ``-2 %`` or ``1.5``; None when it is not one.
    ``units`` are unit words of the pack's own (:func:`pack_units`).

    Examples
    --------
    >>> read_size("+20 bp"), read_size("1.5 percentage points").unit, read_size("abc")
    (Size(sign='+', value=20.0, unit='bp'), 'pp', None)
    >>> read_size("-$5bn"), read_size("1,500,000").value, read_size("+A$5bn")
    (Size(sign='-', value=5.0, unit='bn'), 1500000.0, Size(sign='+', value=5.0, unit='bn'))

    A currency sign with no unit after the number is its unit (the node's money, if its own):

    >>> read_size("+\u00a315"), read_size("30p", ("p",))
    (Size(sign='+', value=15.0, unit='\xa3'), Size(sign='', value=30.0, unit='p'))
    >>> read_size("-60 GWh a day", ("gwh", "gwh a day"))
    Size(sign='-', value=60.0, unit='gwh a day')
    >>> read_size("1.2e5 cells/ml", ("cells/ml",))  # a count in exponent form
    Size(sign='', value=120000.0, unit='cells/ml')

    A fraction said in words is a percent of the level ('by half', 'a third', 'two fifths'):

    >>> read_size("half"), round(read_size("two thirds").value, 4), read_size("third")
    (Size(sign='', value=50.0, unit='% of its level'), 66.6667, None)
    >>> read_size("twofold")  # as the lexicon reads 'doubles'
    Size(sign='', value=100.0, unit='% of its level')

    A fraction or a percent of the average, the normal or the usual is of the level:

    >>> read_size("half the average"), read_size("80% of normal").value
    (Size(sign='', value=50.0, unit='% of its level'), 80.0)

    A number said in words before a unit is that number of it ('half a point', 'two bp'):

    >>> read_size("half a point"), read_size("two bp").value, read_size("a")
    (Size(sign='', value=0.5, unit='pts'), 2.0, None)

    A space before the slash of a unit changes nothing ('50 cents /lb' is '50 cents/lb'):

    >>> read_size("-50 cents /lb", ("cents/lb",))
    Size(sign='-', value=50.0, unit='cents/lb')
    """
    share = of_average(text, units)  # 'half the average', '80% of normal': of the level
    if share is not None:
        return Size("", share, OF_LEVEL)
    fraction = said_fraction(text.strip().lower())
    if fraction is not None:
        return Size("", fraction * 100.0, OF_LEVEL)
    fold = FOLDS.get(text.strip().lower())  # 'twofold', as the lexicon reads 'doubles'
    if fold is not None:
        return Size("", (fold - 1) * 100.0, OF_LEVEL)
    # 'two m3/s', 'a million km2'; '50 cents /lb', as a pack's form reads '50 cents a pound'
    slashed = (re.sub(r"\s*/\s*", "/", text),) if "/" in text else ()
    for said in (text, *in_digits(text), *abbreviated(text), *slashed):
        digits = DECIMAL_COMMA.sub(r"\1.\2", THOUSANDS.sub("", keyboard(said)))  # '1,85 €'
        match = _size_pattern(units).fullmatch(digits.strip())
        if match is not None:
            unit = " ".join((match.group(4) or "").lower().split())
            sign = match.group(2) or ""
            money = sign in CURRENCY_NAMES or len(sign) > 1 or glued_sign(sign)  # 'R2' as 'R$6'
            short = abbreviated(said) if money and unit.split()[:1] else []
            # 'R$ 20 million' as 'R$ 20m' where the pack writes 'm' ('$2 billion' kept whole
            # where it writes 'billion' and no 'bn')
            if (
                short
                and unit.split()[0] in SHORT_MULTIPLES
                and SHORT_MULTIPLES[unit.split()[0]] in units
            ):
                found = read_size(short[0], units)
                if found is not None:
                    return found
            if (not unit or unit[:1] == "/") and money:
                unit = sign.lower() + unit  # '£15', 'R$6': the money itself; '$0.30/gal'
            elif f"{sign.lower()} {unit}" in units:  # '$4 a gallon' of a unit in '¢ a gallon'
                unit = f"{sign.lower()} {unit}"
            return Size(match.group(1), float(match.group(3)), UNIT_WORDS.get(unit, unit))
    return None


def unit_form(pack: Pack, node: str) -> UnitForm:
    """How ``node``'s unit reads: its sign, suffixes, decimals and how a change of it is
    said (``points``, ``percent`` or ``bp``), from the pack's vocabulary.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> form = unit_form(units_pack(), "flow")
    >>> form.change, form.change_text, unit_form(units_pack(), "rate").change
    ('points', ' GWh a day', 'bp')
    """
    return vocabulary_for(pack.info).unit(pack.nodes[node].unit)


def unit_read(pack: Pack, node: str, level: bool = False) -> str:
    """``node``'s unit as a reader knows it, for a message: how its changes are written
    ('bp', '%', 'GWh a day'; its id when they have no words), or with ``level`` its levels
    ('%'; '' for a bare number).

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> pack = units_pack()
    >>> unit_read(pack, "rate"), unit_read(pack, "rate", level=True), unit_read(pack, "flow")
    ('bp', '%', 'GWh a day')
    >>> unit_read(pack, "price"), unit_read(pack, "price", level=True)  # a price of 150
    ('%', '')
    """
    form = unit_form(pack, node)
    shown = f"{form.symbol}{form.suffix}" if level else form.change_unit(pack.nodes[node].unit)
    return " ".join(shown.replace(" /", "/").split())  # 'NOK/kg' of 'NOK ' and '/kg'


def points_words(form: UnitForm) -> set[str]:
    """Unit words of a unit whose changes are differences, as the pack writes them: its
    change suffix up to a rate's 'a' or 'per' ('GWh' of ' GWh a day', 'a year' of ' a
    year'; the rest after the letters of a money's country: 'cents' of 'NZ cents'), its
    thousand's, and the measure it counts per a thing ('mg' of 'mg/L', :func:`measured_per`).

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> points_words(unit_form(units_pack(), "flow"))  # of ' GWh a day'
    {'GWh'}
    >>> sorted(points_words(UnitForm(suffix=" NZ cents")))  # the money's country is no unit
    ['NZ cents', 'cents']
    """
    text = re.split(r"\s+(?:a|an|per)\s+", form.change_text.strip())[0]
    words = {UNIT_WORDS.get(text.lower(), text)} if text else set()
    first = text.split()[0] if " " in text else ""  # '5k' of 'k jobs', '5kt' of 'kt CO2'
    if first in DOLLAR_COUNTRIES:  # whose money, not the unit: 'cents' of 'NZ cents'
        first, words = "", {*words, text.split(maxsplit=1)[1]}
    if (
        first[:1].isalpha()
        and first.lower() not in ("a", "an", "the")
        and first.lower() not in PREPOSITIONS  # no unit: 'to' of ' to the dollar'
        and not (
            compound_count(text)  # not 'a day', nor 'degree' of 'degree days'
        )
    ):
        words.add(UNIT_WORDS.get(first.lower(), first))
    if first.lower() in SHORT_MULTIPLES:  # '35.2k' of ' thousand persons', as '5k' of 'k jobs'
        words.add(SHORT_MULTIPLES[first.lower()])
    return words | thousand_words(form) | measured_per(form, text)


def smaller_words(form: UnitForm) -> set[str]:
    """The words of the unit's ``smaller`` a size may be typed in, lower case: whole, as
    after one, and up to their rate where the unit's own are read without theirs ('k' of
    'k a year' on '£m a year', as '£0.2m' is read of it).

    Examples
    --------
    >>> sorted(smaller_words(UnitForm(symbol="£", suffix="m a year", smaller="k a year")))
    ['k', 'k a year']
    >>> smaller_words(UnitForm(symbol="$", suffix="m")), smaller_words(UnitForm(suffix=" t"))
    (set(), set())
    """
    said, own = (" ".join(w.lower().split()) for w in (form.smaller, form.change_text))
    if not said or said == own:
        return set()
    head, own_head = (re.split(r"\s+(?:a|an|per)\s+", w)[0] for w in (said, own))
    rated = head and head != said and own_head != own
    return {said, after_one(f" {said}")[1:], *((head, after_one(f" {head}")[1:]) if rated else ())}


def thousand_words(form: UnitForm) -> set[str]:
    """The words of the unit's thousand, whole and up to its rate: 'lakh crore a day' and
    'lakh crore' of ' lakh crore a day'.

    Examples
    --------
    >>> thousand_words(UnitForm(thousand=" lakh crore a day")) == {"lakh crore a day", "lakh crore"}
    True
    >>> sorted(thousand_words(UnitForm(thousand=" million t")))
    ['m t', 'mil t', 'million t', 'mio t', 'mln t', 'mn t']
    """
    whole = form.thousand.strip()
    said = {whole, re.split(r"\s+(?:a|an|per)\s+", whole)[0]} if whole else set()
    # a count's thousand spelt the other ways of its multiple: '0.5m t' and '0.5 mil. t' of
    # ' million t a year' (money's is read with its sign, ``named``)
    said |= set() if form.symbol else same_multiple({w.lower() for w in said}, whole.lower())
    # money's thousand said with the currency's name: 'billion euros' of '€' and 'bn a month'
    named = currency_words(form.symbol, form.thousand) if whole and form.symbol else set()
    return said | named | thousand_alone(form.change_text, form.thousand, form.thousand_factor)


def said_words(form: UnitForm) -> set[str]:
    """Every way a size may name a points unit, in lower case: its unit words, the whole
    change suffix ('gwh a day'), the symbol before it ('€/mwh' of '€' and '/MWh') and the
    currency's name ('dollars' of '$' and ' a tonne', :func:`currency_words`).

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> sorted(said_words(unit_form(units_pack(), "flow")))
    ['/day', 'a day', 'gwh', 'gwh a day', 'gwh per day', 'gwh/day', 'per day']
    """
    signed = said_words(moved) if (moved := sign_moved(form)) is not None else set()  # ' zł/MWh'
    words = {w.lower() for w in points_words(form)}
    whole = " ".join(form.change_text.lower().split())
    if whole and form.change == "points":
        words.add(UNIT_WORDS.get(whole, whole))
        words |= rate_forms(whole)
        # a code before its number ('NOK ') is written close up to a slash: 'nok/kg'
        signs = {form.symbol.lower(), form.symbol.strip().lower()} if form.symbol else set()
        words |= {sign + w for sign in signs for w in words if not w[:1].isalnum()}
    if form.change == "points":
        words |= currency_words(form.symbol, form.change_text)
        words |= money_multiples(form.symbol, whole)
    if form.change == "points" and not form.symbol:  # '2c' of a unit in ' cents'
        words |= minor_siblings(words, whole) | same_multiple(words, whole) | minor_per(whole)
    typed = sign_named(
        typed_forms(words, measures_metres(form.symbol, form.suffix, form.change_text))
    )
    typed |= {THOUSANDS.sub("", w) for w in typed}  # 'per 100,000' read as typed, '100000'
    if form.change != "points" or not form.symbol:
        return typed | signed
    # money per a thing ('$/t', '$/day') said with its sign or its name: '$100/tonne',
    # '10,000 dollars a day'
    names = {w for w in currency_words(form.symbol, "") if w.isalpha()}
    per = {w for w in typed if w.startswith(("per ", "a "))}
    signs = {form.symbol.lower(), form.symbol.strip().lower()}  # 'nok/kg' of 'NOK ', '/kg'
    slashed = {sign + w for sign in signs for w in typed if w[:1] == "/"}
    return typed | slashed | {f"{name} {w}" for name in names for w in per}
