"""A unit's words as a user types them, beyond how the pack writes them: degrees spelt out,
superscript digits as digits, a plural in the singular, an abbreviated time spelt out
(:func:`typed_forms`, :func:`singular_unit`), and a rate's other spellings
(:func:`rate_forms`). What the words of each unit are is
:mod:`~macrograph.graph.words.units.unitwords`.

Examples
--------
>>> sorted(typed_forms({"h"}))
['h', 'hour', 'hours', 'hr', 'hrs']
"""

from __future__ import annotations

import re
from functools import lru_cache

from macrograph.graph.words.units.unitspelling import spelt_degrees
from macrograph.rules.english.forms import KEYBOARD_UNITS, SHORT_POWERS, TIMES, after_one
from macrograph.rules.english.hundredths import all_minor_words
from macrograph.rules.english.labels import follows_noun
from macrograph.rules.english.money import currency_words, sign_first, sign_named
from macrograph.rules.english.phrases import keyboard
from macrograph.rules.vocabulary import NUMBER_SIGNS, UnitForm

RATE = re.compile(r"(?:(?P<head>.*\S)\s+)?(?P<by>a|an|per)\s+(?P<per>(?:\d+\s+)?[a-z]+)")
SLASHED = re.compile(r"(?P<head>[^\W\d_][^\s/]*)/(?P<per>[a-z]+)")
"""A unit of words per a thing written with a slash ('c/kwh', 'mg/l'), not money's ('$/t')."""


def rate_forms(text: str) -> set[str]:
    """A rate's unit ('gwh a day') as English also writes it: 'gwh per day', 'gwh/day', and
    its time alone, the count being the node's ('a day', 'per day', '/day'); a unit of two
    rates ('a seat a month') in each of its rates' spellings and up to each of them ('per
    seat per month', '/seat/month', 'per seat'); a time also abbreviated ('/mo', 'a wk').

    Examples
    --------
    >>> sorted(rate_forms("gwh a day"))
    ['/day', 'a day', 'gwh a day', 'gwh per day', 'gwh/day', 'per day']
    >>> rate_forms("beds")
    set()
    >>> sorted(w for w in rate_forms("a seat a month") if w.startswith("/seat/"))
    ['/seat/mo', '/seat/month', '/seat/mos', '/seat/mth', '/seat/mths']
    >>> {"per seat", "per seat per month", "a seat"} <= rate_forms("a seat a month")
    True
    >>> {"mites/100 bees", "/100 bees"} <= rate_forms("mites per 100 bees")  # per a number
    True
    >>> {"pw", "beds pw"} <= rate_forms("beds a week")  # 'per week' abbreviated
    True
    >>> {"k a day", "k/day"} <= rate_forms("k calls a day")  # the thing counted left out
    True
    >>> {"c a kwh", "c per kwh"} <= rate_forms("c/kwh")  # a slash, as 'a' or 'per' say it
    True
    """
    slashed = SLASHED.fullmatch(text)
    if slashed is not None:  # never the thing alone: 'R2.50 a kwh' is no '2.50 a kwh'
        return {text, *(f"{slashed['head']} {by} {slashed['per']}" for by in ("a", "per"))}
    pers: list[tuple[str, str]] = []
    head: str | None = text
    while head is not None and (match := RATE.fullmatch(head)) is not None:
        pers.insert(0, (match.group("by"), match.group("per")))
        head = match.group("head")
    if not pers:
        return set()
    forms: set[str] = set()
    for upto in range(1, len(pers) + 1):
        said = {""}
        for by, word in pers[:upto]:
            per = {
                *_counted(word),
                *(s for spelt, shorts, _ in TIMES if word in spelt for s in shorts),
            }
            said = {f"{w} {b} {p}".strip() for w in said for b in {by, "a", "per"} for p in per} | {
                f"{w}/{p}" for w in said for p in per
            }
        forms |= said | (
            {f"{head} {w}" if w[:1] != "/" else f"{head}{w}" for w in said} if head else set()
        )
    multiple, _, thing = (head or "").partition(" ")
    if thing and multiple in SHORT_POWERS:  # '1.5k a month' of 'k admissions a month'
        forms |= {f"{multiple} {w}" if w[:1] != "/" else f"{multiple}{w}" for w in said}
    forms |= {f"{by}{last}" for last in _counted(pers[-1][1]) for by in ("a ", "per ", "/")}
    latin = PER_TIME.get(pers[-1][1], ())  # '£50pw', '£30k pa': of the last time alone
    return forms | {*latin, *(f"{head} {w}" for w in latin if head and len(pers) == 1)}


PER_TIME = {"week": ("pw",), "month": ("pcm",), "year": ("pa",)}
"""Times a rate is counted over and the abbreviations of 'per' British English writes them
with after a sum ('£1,050pw', a rent of '£900 pcm', a salary of '£30k pa')."""


_SPELT_COUNTS = {"100": "hundred", "1000": "thousand"}


def _counted(word: str) -> set[str]:
    """A rate's thing as said, with a count of a hundred or a thousand also spelt out ('100
    bees': 'hundred bees')."""
    count, _, thing = word.partition(" ")
    return {word, f"{_SPELT_COUNTS[count]} {thing}"} if count in _SPELT_COUNTS else {word}


SPELT = {
    word: (*(other for other in (*spelt, *shorts) if other != word),)
    for spelt, shorts, _ in TIMES
    if shorts
    for word in (*shorts, *spelt)
}
"""Words of time a unit may be written with, and the other words a user types for them
('2 hours' on a unit that reads '+2 h', '2 h' on one that reads '+2 hours';
:data:`~macrograph.rules.english.forms.TIMES`)."""


def _spelt(words: set[str]) -> set[str]:
    """Unit words whose first word abbreviates a time, with it spelt out as a user says it.

    Examples
    --------
    >>> sorted(_spelt({"h"}))
    ['h', 'hour', 'hours', 'hr', 'hrs']
    >>> sorted(_spelt({"min a day", "km/h"}))
    ['km/h', 'min a day', 'mins a day', 'minute a day', 'minutes a day']
    """
    found = set(words)
    for word in words:
        first, space, rest = word.partition(" ")
        found |= {f"{said}{space}{rest}" for said in SPELT.get(first, ())}
    return found


SPELT_SYMBOLS = {
    **{
        f"{short}{base}": tuple(f"{long}{name}" for name in names)
        for short, long in (("m", "milli"), ("c", "centi"), ("k", "kilo"), ("u", "micro"))
        for base, names in (("m", ("metre", "meter")), ("g", ("gram",)), ("l", ("litre", "liter")))
    },
    **{"kt": ("kilotonne",), "ha": ("hectare",), "t": ("tonne",), "kg": ("kilogram", "kilo")},
    **{"mi": ("mile",), "gal": ("gallon",)},  # a fare in $/mi, a pump price in ¢/gal
    "bbl": ("barrel",),  # a crude price in $/bbl: "$10 a barrel"
    "lb": ("pound",),  # a yield in lb per colony: a weight, never £ on a unit in lb
    "l": ("litre", "liter"),
}
"""Unit symbols in lower case (a micro sign typed 'u') and the names English spells them
with, in the singular ('20 millimetres of rain' of 'mm', '5,000 hectares' of 'ha', '10
micrograms per litre' of 'µg/L'): only those a lower-case question cannot mistake for
another (not 'm', a million, nor 'mm' a megametre)."""


METRE = {"m": ("metre", "meter")}
"""The metre's symbol and names, spelt out only on a unit a pack writes as a measure (a
space before its 'm', no currency sign: ' m', ' m/day'), where 'm' is no million."""


def measures_metres(symbol: str, *texts: str) -> bool:
    """Whether a unit's 'm' is a metre: written after a space, as a measure's symbol is
    (' m', ' m/day'), with no currency ``symbol``, where '\u00a34.5m' and ' m people' are
    millions. ``texts`` are the unit's suffixes (of a level, of a change).

    Examples
    --------
    >>> measures_metres("", " m/day"), measures_metres("", " m"), measures_metres("", "m")
    (True, True, False)
    >>> measures_metres("\u00a3", " m"), measures_metres("", " m people")
    (False, False)
    """
    return not symbol and any(re.fullmatch(r"\s+m(?:/\w+)?", t) for t in texts)


def _named(words: set[str], metres: bool = False) -> set[str]:
    """Unit words whose first word is a symbol of :data:`SPELT_SYMBOLS` (and with ``metres``
    of :data:`METRE`), with it spelt out, in the singular and the plural.

    Examples
    --------
    >>> sorted(_named({"ha", "mm a week"}))[:4]
    ['ha', 'hectare', 'hectares', 'millimeter a week']
    >>> sorted(_named({"m/day"}, metres=True))[:3]
    ['m/day', 'meter a day', 'meter per day']
    """
    found = set(words)
    for word in words:
        first, space, rest = word.partition(" ")
        for name in _spelt_symbol(first, metres):  # the plural on the first word of a ratio's name
            head, gap, tail = name.partition(" ")
            # not 'pers tonne' of '/t'
            plural = f"{head}s{gap}{tail}{space}{rest}" if first[:1] != "/" else name
            found |= {f"{name}{space}{rest}", plural}
    for multiple, word in _after_multiple(words):  # 'm hectares' of 'm ha'
        found |= {f"{multiple} {w}" for w in _named({word}, metres) - {word}}
    return found


MULTIPLE_WORDS = frozenset(("k", "m", "bn", "tn", "thousand", "million", "billion"))
"""Words of a multiple a unit may write before its symbol ('m ha', 'k t')."""


def _after_multiple(words: set[str]) -> list[tuple[str, str]]:
    """Each unit word that starts with a multiple, as the multiple and the words after it
    ('m' and 'ha' of 'm ha').

    Examples
    --------
    >>> _after_multiple({"m ha", "million ha", "ha", "mm"})
    [('m', 'ha'), ('million', 'ha')]
    """
    split = (word.partition(" ") for word in sorted(words))
    return [(first, rest) for first, _, rest in split if first in MULTIPLE_WORDS and rest]


def _spelt_symbol(word: str, metres: bool = False) -> list[str]:
    """The names of a unit word of :data:`SPELT_SYMBOLS`, in the singular, and of a ratio of
    one to another or of a count to one ('microgram per litre' and 'microgram a litre' of
    'µg/l', 'cell per millilitre' and 'cell per ml' of 'cells/ml'); none for any other word.

    Examples
    --------
    >>> _spelt_symbol("ha"), _spelt_symbol("\u00b5g/l")[:2], _spelt_symbol("km/h")
    (['hectare'], ['microgram per litre', 'microgram a litre'], [])

    A ratio with nothing before its slash is money per a thing ('$/t' of a price in dollars
    a tonne): the thing said after 'per' or 'a', and spelt out.

    >>> _spelt_symbol("/t")
    ['per tonne', 'a tonne', '/tonne', 'per t', 'a t', '/t']
    """
    symbols = {**SPELT_SYMBOLS, **METRE} if metres else SPELT_SYMBOLS
    top, per, bottom = keyboard(word).partition("/")
    if not per:
        return list(symbols.get(top, ()))
    if not top:  # money per a thing ('$/t', '$/FEU'): '$100 per t', 'per tonne', 'a tonne'
        names = (*symbols.get(bottom, ()), *((bottom,) if bottom.isalpha() else ()))
        return [f"{join}{name}" for name in names for join in ("per ", "a ", "/")]
    tops = symbols.get(top) or ((singular_unit(top),) if top.isalpha() else ())
    noun = top.isalpha() and top not in symbols  # 'cells per ml' as well
    bottoms = (
        *symbols.get(bottom, ()),
        *((bottom,) if noun and bottom in symbols else ()),
        *((bottom,) if top in METRE and metres and bottom.isalpha() else ()),
    )
    return [f"{t} {join} {b}" for t in tops for b in bottoms for join in ("per", "a")]


SYMBOL_OF = {
    name: symbol
    for symbol, names in SPELT_SYMBOLS.items()
    if "/" not in symbol and len(symbol) > 1
    for name in names
}
"""The names of :data:`SPELT_SYMBOLS` and the symbol a user abbreviates each to ('lb' of
'pound', 'kg' of 'kilogram'), the single letters left out ('l' of 'litre' reads as a slip)."""

PER_NAME = re.compile(r"(?P<head>.*?)(?P<by>\ba |\ban |\bper |/)(?P<name>[a-z]+)")


def _abbreviated(words: set[str]) -> set[str]:
    """Unit words counted per a thing spelt out ('a pound', 'per kilogram') with the thing
    as a user abbreviates it ('a lb', 'per lb', '/lb'), the inverse of :func:`_named`.

    Examples
    --------
    >>> sorted(_abbreviated({"a pound", "$ per kilogram", "beds a week"}))
    ['$ a kg', '$ per kg', '$/kg', '/lb', 'a lb', 'per lb']
    """
    found: set[str] = set()
    for word in words:
        said = PER_NAME.fullmatch(word)
        if said is None or (symbol := SYMBOL_OF.get(singular_unit(said["name"]))) is None:
            continue
        head = said["head"]
        found |= {f"{head}a {symbol}", f"{head}per {symbol}", f"{head.rstrip()}/{symbol}"}
    return found


def typed_forms(words: set[str], metres: bool = False) -> set[str]:
    """Unit words as a keyboard also types them: degrees spelt out
    (:func:`~macrograph.graph.words.unitspelling.spelt_degrees`),
    superscript digits as digits ('m3/s' for 'm\u00b3/s'), a symbol spelt out ('hectares' of 'ha',
    :data:`SPELT_SYMBOLS`), another way English types it
    (:data:`~macrograph.rules.english.forms.KEYBOARD_UNITS`), a plural word in the singular
    ('1 week' of 'weeks') and an abbreviated time spelt out ('hours' of 'h', :data:`SPELT`);
    with ``metres``, 'm' spelt out too ('metres a day' of 'm/day', :data:`METRE`).

    Examples
    --------
    >>> sorted(typed_forms({"weeks", "units a week", "m\u00b3/s"}))
    ['m3/s', 'm\xb3/s', 'unit a week', 'units a week', 'week', 'weeks', 'wk', 'wks']
    >>> sorted(w for w in typed_forms({"/t co2"}) if w.startswith("/t"))
    ['/t', '/t co2', '/tco2', '/tonne', '/tonne co2']
    >>> sorted(typed_forms({"to the dollar"}))
    ['to dollar', 'to the dollar']
    """
    found = _named(_spelt(spelt_degrees(words)), metres)
    found |= _abbreviated(found)
    found |= {other for w in found for other in KEYBOARD_UNITS.get(w, ())}
    found |= {singular_unit(w) for w in found}
    # a thing per which a unit counts, typed without its space ('/tco2' of '/t co2')
    found |= {w.replace(" ", "") for w in words if w[:1] == "/" and " " in w}
    # without its article, as a question is read ('to dollar' of 'to the dollar')
    found |= {re.sub(r"\bthe\s+", "", w) for w in found}
    return found | {keyboard(w) for w in found}


@lru_cache(maxsize=4096)  # each unit word of a pack, again for every question asked of it
def singular_unit(unit: str) -> str:
    """A unit with its first word, a plural, in the singular: 'unit a week' of 'units a week'
    (as a change of one is written, :func:`~macrograph.rules.english.forms.after_one`).

    Examples
    --------
    >>> singular_unit("units a week"), singular_unit("weeks"), singular_unit("gwh a day")
    ('unit a week', 'week', 'gwh a day')
    """
    return after_one(f" {unit}")[1:]


ORDINALS = frozenset(["st", "nd", "rd", "th"])
"""The endings of a place said after its number ('85th')."""


def level_said(form: UnitForm) -> set[str]:
    """Every way a level may name its unit, in lower case, beyond a change's: the suffix as
    the pack writes it ('% full'), its first word or sign alone ('%' of '% full'; not the
    article of ' a tonne') and the currency's name ('dollars' of '$', :func:`currency_words`).

    Examples
    --------
    >>> sorted(level_said(UnitForm(symbol="$", suffix=" a tonne")))
    ['/tonne', 'a tonne', 'dollar', 'dollar a tonne', 'dollars', 'dollars a tonne', 'per tonne']

    A place in a table written with a number sign ('#85') is said with its ordinal ('85th'):

    >>> sorted(level_said(UnitForm(symbol="#", change_suffix=" places")))
    ['nd', 'rd', 'st', 'th']
    """
    suffix = " ".join(form.suffix.lower().split())
    said = currency_words(*sign_first(form.symbol, form.suffix))  # of ' zł/MWh' too
    if form.symbol.strip() in NUMBER_SIGNS:  # a place written '#85' said '85th'
        said.update(ORDINALS)
    if not suffix:
        return typed_forms(said)
    first = re.match(r"[^\w\s]+|\w+", suffix)
    if first and first.group(0) not in ("a", "an", "per", "the"):
        said.add(first.group(0))
    return typed_forms(
        sign_named({suffix, *rate_forms(suffix), *said, *share_of_things(suffix)}),
        measures_metres(form.symbol, form.suffix, form.change_text),
    )


def share_of_things(suffix: str) -> set[str]:
    """A share of things a participle qualifies ('% of pens affected') as it is also said:
    without the participle, the verb of the sentence saying it ('jellyfish hit 40% of pens'),
    and with an article before the things ('40% of the pens'); nothing of another suffix.

    Examples
    --------
    >>> sorted(share_of_things("% of pens affected"))
    ['% of pens', '% of the pens', '% of the pens affected']
    >>> share_of_things("% of normal"), share_of_things("% full")
    (set(), set())
    """
    found = re.fullmatch(
        r"(?P<head>\S+ of) (?P<things>[a-z]+(?: [a-z]+)*) (?P<done>[a-z]+)", suffix
    )
    if found is None or not follows_noun(found["done"]):
        return set()
    head, things = found["head"], found["things"]
    return {f"{head} {things}", f"{head} the {things}", f"{head} the {things} {found['done']}"}


def measured_per(form: UnitForm, text: str) -> set[str]:
    """The measure a unit's change ``text`` counts per a thing, said without the thing ('5 mg'
    of 'mg/L', as a level of it reads '40 mg'): none for money, or its hundredths ('c/kWh').

    Examples
    --------
    >>> measured_per(UnitForm(suffix=" mg/L"), "mg/L"), measured_per(UnitForm(), "c/kWh")
    ({'mg'}, set())
    """
    over = re.fullmatch(r"([^\W\d_]+)/[^\W\d_]+", text)
    if over is None or form.symbol or over.group(1).lower() in all_minor_words():
        return set()
    return {over.group(1)}
