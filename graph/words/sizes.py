"""Sizes a user types, read in a node's own units so that they cannot be misread.

A size is a number and a unit word (``20bp``, ``0.5pp``, ``5%``, ``40bn``). Which unit words
a node takes follows from how its unit's changes read (:class:`UnitForm`): ``bp`` always
means basis points, ``pp`` percentage points, ``%`` a percent move of a price, or of the
level of a node counted in its own unit (``20%`` of gas at €40/MWh is €8/MWh). A change with
no unit on a node that has one is refused with the choices; a level (``to 1.5``) may leave
the unit out, as it is then the node's own.

Examples
--------
>>> from macrograph.graph.synthetic import units_pack
>>> pack = units_pack()  # 'rate' is in percent, its changes in bp
>>> change_in_units(pack, "rate", 20.0, "bp", "rate=+20bp")
0.2
>>> change_in_units(pack, "rate", 0.5, "bp", "rate rises 0.5bp")
0.005
>>> unit_choices(pack, "rate", 20.0)
['+20bp', '+0.20pp', '+20pp']
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from macrograph.graph.errors import SizeConvertedError, SizeMeasureError, SizeUnitError
from macrograph.graph.words.prefixes import as_typed, converted, measure, measured
from macrograph.rules.english import (
    CURRENCY_NAMES,
    after_one,
    all_minor_words,
    currency_words,
    in_digits,
    minor_words,
    said_fraction,
)
from macrograph.rules.pack import Pack
from macrograph.rules.phrases import keyboard
from macrograph.rules.vocabulary import UnitForm, vocabulary_for

UNIT_WORDS = {
    "bp": "bp",
    "bps": "bp",
    "basis point": "bp",
    "basis points": "bp",
    "pp": "pp",
    "percentage point": "pp",
    "percentage points": "pp",
    "%": "%",
    "percent": "%",
    "per cent": "%",
    "pts": "pts",
    "pt": "pts",
    "points": "pts",
    "point": "pts",
    "bn": "bn",
    "tn": "tn",
}


@functools.lru_cache(maxsize=16)
def _size_pattern(units: tuple[str, ...]) -> re.Pattern[str]:
    """A size with one of the built-in unit words or of ``units`` (a pack's own).

    A sign before the number is kept apart ('$5bn': the unit says what it is; '£15': the
    sign is the unit).
    """
    said = sorted({re.escape(u) for u in (*UNIT_WORDS, *units)}, key=len, reverse=True)
    return re.compile(
        r"([+-]?)\s*(?:([^\w\s.+%-])\s*)?([0-9]+(?:\.[0-9]+)?)\s*(" + "|".join(said) + r")?",
        re.IGNORECASE,  # 'GWh' as a pack writes it, 'gwh' as a question is read
    )


SIZE = _size_pattern(())

# A fraction said in words is of the node's level, in any unit ('by a third': 33.3% of it);
# a size of this unit word is that percent of the level.
OF_LEVEL = "% of its level"


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
        found |= _said(form) | minor_words(form.symbol, form.suffix)  # '50p' of a £ unit
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
    found = {w for form in vocabulary_for(pack.info).units.values() for w in _level_said(form)}
    return tuple(sorted(found.union(pack_units(pack)) - set(UNIT_WORDS)))


@dataclass(frozen=True)
class Size:
    """A typed number: its sign ('+', '-' or ''), value and unit word ('' for none)."""

    sign: str
    value: float
    unit: str

    @property
    def signed(self) -> float:
        """The value with its sign."""
        return -self.value if self.sign == "-" else self.value


def read_size(text: str, units: tuple[str, ...] = ()) -> Size | None:
    """A size from text such as ``+20bp``, ``-2 %`` or ``1.5``; None when it is not one.
    ``units`` are unit words of the pack's own (:func:`pack_units`).

    Examples
    --------
    >>> read_size("+20 bp"), read_size("1.5 percentage points").unit, read_size("abc")
    (Size(sign='+', value=20.0, unit='bp'), 'pp', None)
    >>> read_size("-$5bn")
    Size(sign='-', value=5.0, unit='bn')

    A currency sign with no unit after the number is its unit (the node's money, if its own):

    >>> read_size("+\u00a315"), read_size("30p", ("p",))
    (Size(sign='+', value=15.0, unit='\xa3'), Size(sign='', value=30.0, unit='p'))
    >>> read_size("-60 GWh a day", ("gwh", "gwh a day"))
    Size(sign='-', value=60.0, unit='gwh a day')

    A fraction said in words is a percent of the level ('by half', 'a third', 'two fifths'):

    >>> read_size("half"), round(read_size("two thirds").value, 4), read_size("third")
    (Size(sign='', value=50.0, unit='% of its level'), 66.6667, None)

    A number said in words before a unit is that number of it ('half a point', 'two bp'):

    >>> read_size("half a point"), read_size("two bp").value, read_size("a")
    (Size(sign='', value=0.5, unit='pts'), 2.0, None)
    """
    fraction = said_fraction(text.strip().lower())
    if fraction is not None:
        return Size("", fraction * 100.0, OF_LEVEL)
    for said in (text, *in_digits(text)):  # 'two m3/s', 'half a degree', 'a million km2'
        match = _size_pattern(units).fullmatch(keyboard(said).strip())
        if match is not None:
            unit = " ".join((match.group(4) or "").lower().split())
            if not unit and match.group(2) in CURRENCY_NAMES:
                unit = match.group(2)  # '£15': the money itself
            return Size(match.group(1), float(match.group(3)), UNIT_WORDS.get(unit, unit))
    return None


def _form(pack: Pack, node: str) -> UnitForm:
    return vocabulary_for(pack.info).unit(pack.nodes[node].unit)


def _points_words(form: UnitForm) -> set[str]:
    """Unit words of a unit whose changes are differences, as the pack writes them: its
    change suffix up to a rate's 'a' or 'per' ('GWh' of ' GWh a day', 'a year' of ' a
    year'), and its thousand's."""
    text = re.split(r"\s+(?:a|an|per)\s+", form.change_text.strip())[0]
    words = {UNIT_WORDS.get(text.lower(), text)} if text else set()
    first = text.split()[0] if " " in text else ""  # '5k' of 'k jobs', '5kt' of 'kt CO2'
    if first[:1].isalpha() and first.lower() not in ("a", "an", "per", "the"):  # not 'a day'
        words.add(UNIT_WORDS.get(first.lower(), first))
    if form.thousand:
        words.add(form.thousand.strip())
    return words


def _said(form: UnitForm) -> set[str]:
    """Every way a size may name a points unit, in lower case: its unit words, the whole
    change suffix ('gwh a day'), the symbol before it ('€/mwh' of '€' and '/MWh') and the
    currency's name ('dollars' of '$' and ' a tonne', :func:`currency_words`)."""
    words = {w.lower() for w in _points_words(form)}
    whole = " ".join(form.change_text.lower().split())
    if whole and form.change == "points":
        words.add(UNIT_WORDS.get(whole, whole))
        words |= _per(whole)
        words |= {form.symbol.lower() + w for w in words if form.symbol and not w[:1].isalnum()}
    if form.change == "points":
        words |= currency_words(form.symbol, form.change_text)
    return _typed(words)


DEGREE = "\u00b0"


def _degrees(words: set[str]) -> set[str]:
    """Unit words with a degree sign also spelt as English spells it: '3 degrees', '3 degrees
    c', '3 deg' and '3c' for '3°c' (a keyboard has no degree sign).

    Examples
    --------
    >>> sorted(_degrees({"\u00b0k"}))
    ['deg', 'deg k', 'degree', 'degree k', 'degrees', 'degrees k', 'k', '\xb0k']
    """
    found = set(words)
    for word in words:
        if word.startswith(DEGREE) and len(word) > 1:
            rest = word[1:].strip()
            found |= {rest, *(f"{name} {rest}".strip() for name in ("degrees", "degree", "deg"))}
            found |= {"degrees", "degree", "deg"}
    return found


RATE = re.compile(r"(?:(?P<head>.*\S)\s+)?(?:a|an|per)\s+(?P<per>[a-z]+)")


def _per(text: str) -> set[str]:
    """A rate's unit ('gwh a day') as English also writes it: 'gwh per day', 'gwh/day', and
    its time alone, the count being the node's ('a day', 'per day', '/day').

    Examples
    --------
    >>> sorted(_per("gwh a day"))
    ['/day', 'a day', 'gwh a day', 'gwh per day', 'gwh/day', 'per day']
    >>> _per("beds")
    set()
    """
    match = RATE.fullmatch(text)
    if match is None:
        return set()
    head, per = match.group("head") or "", match.group("per")
    alone = {f"a {per}", f"per {per}", f"/{per}"}
    return alone | ({f"{head} a {per}", f"{head} per {per}", f"{head}/{per}"} if head else set())


def _level_said(form: UnitForm) -> set[str]:
    """Every way a level may name its unit, in lower case, beyond a change's: the suffix as
    the pack writes it ('% full'), its first word or sign alone ('%' of '% full'; not the
    article of ' a tonne') and the currency's name ('dollars' of '$', :func:`currency_words`).

    Examples
    --------
    >>> sorted(_level_said(UnitForm(symbol="$", suffix=" a tonne")))
    ['/tonne', 'a tonne', 'dollar', 'dollar a tonne', 'dollars', 'dollars a tonne', 'per tonne']
    """
    suffix = " ".join(form.suffix.lower().split())
    said = currency_words(form.symbol, form.suffix)
    if not suffix:
        return _typed(said)
    first = re.match(r"[^\w\s]+|\w+", suffix)
    if first and first.group(0) not in ("a", "an", "per", "the"):
        said.add(first.group(0))
    return _typed({suffix, *_per(suffix), *said})


def _typed(words: set[str]) -> set[str]:
    """Unit words as a keyboard also types them: degrees spelt out (:func:`_degrees`),
    superscript digits as digits ('m3/s' for 'm\u00b3/s') and a plural word in the singular
    ('1 week' of 'weeks').

    Examples
    --------
    >>> sorted(_typed({"weeks", "units a week", "m\u00b3/s"}))
    ['m3/s', 'm\xb3/s', 'unit a week', 'units a week', 'week', 'weeks']
    """
    found = _degrees(words)
    found |= {_singular(w) for w in found}
    return found | {keyboard(w) for w in found}


def _singular(unit: str) -> str:
    """A unit with its first word, a plural, in the singular: 'unit a week' of 'units a week'
    (as a change of one is written, :func:`~macrograph.rules.english.after_one`)."""
    return after_one(f" {unit}")[1:]


def change_in_units(pack: Pack, node: str, value: float, unit: str, text: str) -> float:
    """A change typed with ``unit`` in the node's own units; SizeUnitError when it has none
    or one that does not apply.
    """
    form = _form(pack, node)
    if unit == OF_LEVEL:
        return _of_level(pack, node, value, text)
    money = _money(form, value, unit)
    if money is not None:
        return _money_change(pack, node, money, text)
    if unit and unit == form.symbol:
        unit = ""  # '$5' of a node in $bn: a size with no unit of its own, as before
    if unit == "pts" and (form.change == "bp" or "pp" in _said(form)):
        unit = "pp"  # a point of a rate or a share is a percentage point ('rates rise 1 point')
    if form.change == "bp":
        if unit == "bp":
            return round(value / form.change_scale, 12)
        if unit == "pp":
            return round(value * 100.0 / form.change_scale, 12)
    elif form.change == "percent":
        if unit == "%":
            return value
    else:
        words, thousand = _said(form), form.thousand.strip().lower()
        if unit in words or (not words and unit == ""):
            scale = 1000.0 if thousand and unit == thousand != form.change_text.strip() else 1.0
            return round(value * scale / form.change_scale, 12)
        share = share_of_level(pack, node)
        if unit == "%" and share is not None:
            return round(value * share, 12)
    raise unit_refusal(pack, node, value, unit, text)


def _money(form: UnitForm, value: float, unit: str) -> float | None:
    """``value`` typed in ``unit`` as money of the unit ``form`` when it is the unit's own
    currency sign ('£15') or a hundredth of it ('50p': 0.5); None for any other unit, and on
    a unit that is no whole money nor money per something ('£5bn' is in its 'bn')."""
    if not form.symbol or not currency_words(form.symbol, form.suffix):
        return None
    if unit == form.symbol:
        return value
    return value / 100.0 if unit in minor_words(form.symbol, form.suffix) else None


def _money_change(pack: Pack, node: str, money: float, text: str) -> float:
    """A change of ``money`` in the node's own currency, in its units: that money on a unit
    whose changes are differences, that share of its level on one whose changes are percents
    ('30p' on a £1.45 litre is +20.7%); SizeUnitError when it has no level above zero."""
    form, baseline = _form(pack, node), pack.nodes[node].baseline
    if form.change != "percent":
        return round(money / form.factor, 12)
    if baseline is not None and baseline.value > 0:
        return round(money / (baseline.value * form.factor) * 100.0, 12)
    typical = shock_example(pack, node).split("=", 1)[1]
    raise SizeUnitError(text, node, pack.nodes[node].unit, money, form.symbol, [typical])


def money_typed(pack: Pack, node: str, size: Size) -> str:
    """A size typed in the node's money on a node whose changes are percents, as the pack
    writes money ('£0.30'); '' for any other (its title then shows the percent set after it).

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> money_typed(units_pack(), "price", Size("", 5.0, "%"))
    ''
    """
    form = _form(pack, node)
    money = _money(form, size.value, size.unit)
    if money is None or form.change != "percent":
        return ""
    return f"{form.symbol}{money:,.2f}"


def counted_in(pack: Pack, unit: str) -> str:
    """The one node whose unit counts things in ``unit``, a noun of the pack's own ('buses'
    or 'buses an hour' of ' buses an hour'); '' for none, for a unit that counts no thing
    ('a day', '£', '%') and when more nodes than one are in it.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> counted_in(units_pack(), "gwh"), counted_in(units_pack(), "a day")
    ('flow', '')
    """
    if not unit[:1].isalpha() or unit in UNIT_WORDS or re.match(r"(?:a|an|per)\b", unit):
        return ""
    found = {
        node.id
        for node in pack.nodes.values()
        if unit in {w.lower() for w in _points_words(_form(pack, node.id))}
        or unit == " ".join(_form(pack, node.id).change_text.lower().split())
    }
    return found.pop() if len(found) == 1 else ""


def unit_refusal(pack: Pack, node: str, value: float, unit: str, text: str) -> SizeUnitError:
    """The refusal of a change of ``value`` typed in ``unit``, which is no unit of ``node``:
    with the same size in the node's unit when the two differ by an SI prefix ('10 cm' is
    '+100mm', :mod:`~macrograph.graph.words.prefixes`); with a typical change in it when
    both are SI measures the one not certainly converted to the other ('10 kg' on a node in
    mm); else with the ways to write it.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> unit_refusal(units_pack(), "flow", 2.0, "mwh a day", "flow +2 MWh a day").choices
    ['+0.002GWh']
    """
    form, found = _form(pack, node), pack.nodes[node]
    typed = as_typed(text, unit)
    if unit in CURRENCY_NAMES or unit in all_minor_words():  # money of another currency, or
        typical = shock_example(pack, node).split("=", 1)[1]  # on a node in no money: no number
        return SizeMeasureError(text, node, found.unit, value, typed, [typical])
    same = converted(value, typed, form.change_text) if form.change == "points" else None
    if same is None and not form.symbol and measured(typed) and measure(form.change_text.strip()):
        typical = shock_example(pack, node).split("=", 1)[1]  # not the same number: 10 kg is no mm
        return SizeMeasureError(text, node, found.unit, value, typed, [typical])
    if same is None or form.symbol:
        return SizeUnitError(text, node, found.unit, value, unit, unit_choices(pack, node, value))
    whole = max(unit_choices(pack, node, same), key=len)  # '+0.5 million km²', not 'million'
    return SizeConvertedError(text, node, found.unit, value, typed, [whole])


def _of_level(pack: Pack, node: str, value: float, text: str) -> float:
    """``value`` percent of the node's level (a fraction said in words), in its units: a
    percent move of a node whose changes are percents, else that share of its baseline in
    its own unit (half of a 2.75% rate is 137.5bp); SizeUnitError when it has no level
    above zero."""
    form, baseline = _form(pack, node), pack.nodes[node].baseline
    if form.change == "percent":
        return value
    if baseline is not None and baseline.value > 0:
        return round(value / 100.0 * baseline.value, 12)
    typical = shock_example(pack, node).split("=", 1)[1]  # no level: a move in its unit
    raise SizeUnitError(text, node, pack.nodes[node].unit, value, OF_LEVEL, [typical])


def of_level(pack: Pack, node: str, size: Size) -> bool:
    """Whether ``size`` on ``node`` is a percent of its level written in another unit (a
    title then shows both: '-25% (-NOK 3.5 a kg)').

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> of_level(units_pack(), "price", Size("", 50.0, OF_LEVEL))  # a price moves in percent
    False
    """
    if size.unit == OF_LEVEL:
        return _form(pack, node).change != "percent"
    return size.unit == "%" and share_of_level(pack, node) is not None


def share_of_level(pack: Pack, node: str) -> float | None:
    """What 1% of a node's level is in its change's units, where a percent of it is a
    change the node's own unit can hold: its unit's changes are differences, its level is
    no percent itself (20% of a 55% fill is ambiguous) and its baseline is above zero.
    None otherwise (a rate or a share is moved in bp or pp; a node with no level).

    Examples
    --------
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> pack = pack_of([rule("ab", "a", "b", 1.0)], baselines={"a": 250.0})  # in points
    >>> share_of_level(pack, "a"), share_of_level(pack, "b")  # b has no level
    (2.5, None)
    """
    form, baseline = _form(pack, node), pack.nodes[node].baseline
    if form.change != "points" or "%" in form.suffix or baseline is None:
        return None
    return baseline.value / 100.0 if baseline.value > 0 else None


def level_in_units(pack: Pack, node: str, value: float, unit: str, text: str) -> float:
    """A level typed with ``unit`` (or none: the node's own) in the node's units."""
    form = _form(pack, node)
    money = _money(form, value, unit)
    if money is not None:  # '£15', '150p'
        return round(money / form.factor, 12)
    unit = "" if unit and unit == form.symbol else unit
    own = {"", *_level_said(form)} if form.change != "bp" else {"", "pp", "%"}
    if form.change == "bp" and unit == "bp":
        return round(value / form.change_scale, 12)
    if unit in own or unit in _said(form):
        return round(value / form.factor, 12)
    raise SizeUnitError(text, node, pack.nodes[node].unit, value, unit, [f"{value:g}"], level=True)


def level_text(pack: Pack, node: str, size: Size) -> str:
    """A level as typed, written as the pack writes its levels when its unit is the node's
    own (however it was typed: 'hm3' for 'hm³', or none), else with the unit typed.

    Examples
    --------
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> pack = pack_of([rule("ab", "a", "b", 1.0)])  # nodes of the built-in 'index' unit
    >>> level_text(pack, "a", Size("-", 2.0, "")), level_text(pack, "a", Size("", 2.0, "pts"))
    ('-2', '2pts')
    >>> from macrograph.graph.synthetic import units_pack
    >>> level_text(units_pack(), "flow", Size("", 40.0, "gwh"))
    '40 GWh a day'
    """
    form = _form(pack, node)
    money = _money(form, size.value, size.unit)
    if money is not None:  # '150p' as '£1.50 a journey'
        return f"{'-' if size.signed < 0 else ''}{form.symbol}{money:,.2f}{form.suffix}"
    if form.suffix.strip() and size.unit in {"", form.symbol, *_level_said(form), *_said(form)}:
        sign = "-" if size.signed < 0 else ""
        return f"{sign}{form.symbol}{size.value:g}{form.suffix}"
    return f"{size.signed:g}{size.unit}"


def unit_choices(pack: Pack, node: str, value: float) -> list[str]:
    """How a change of ``value`` may be written on ``node``, most likely meaning first.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> unit_choices(units_pack(), "price", 5.0)
    ['+5%']
    """
    form = _form(pack, node)
    if form.change == "bp":
        points = f"{value / 100:+.2f}"
        if abs(float(points) - value / 100) > 1e-12:
            points = f"{value / 100:+g}"
        return [f"{value:+g}bp", f"{points}pp", f"{value:+g}pp"]
    if form.change == "percent":
        return [f"{value:+g}%"]
    words = sorted(_points_words(form))
    spaced = form.change_text.startswith(" ")  # '+5k jobs' as 'k jobs' is written
    return [f"{value:+g}{' ' if ' ' in w and spaced else ''}{w}" for w in words] or [f"{value:+g}"]


def shock_example(pack: Pack, node: str | None = None) -> str:
    """A ``--shock`` a user could type, on ``node`` or on the pack's first node with a
    volatility: a typical day's move in the node's unit.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> shock_example(units_pack(), "rate")
    'rate=+3bp'
    """
    if node is None:
        moving = sorted(n.id for n in pack.nodes.values() if n.volatility is not None)
        node = moving[0] if moving else sorted(pack.nodes)[0]
    found = pack.nodes[node]
    form = _form(pack, node)
    step = found.volatility.value if found.volatility else form.typical
    shown = step * form.change_scale
    digits = 0 if shown >= 1 else 2
    written = unit_choices(pack, node, round(shown, digits))[0]
    return f"{node}={written}"
