"""Levels a user types ('to 1.5%', 'at £3', 'reaches 120,000 cells/mL'), read in a node's
units, refused past its floor or ceiling and written back as the pack writes its levels; in
the money and thousands changes read too (:mod:`~macrograph.graph.words.sizes`).

Examples
--------
>>> from macrograph.graph.synthetic import units_pack
>>> level_in_units(units_pack(), "flow", 40.0, "gwh a day", "flow at 40 GWh a day")
40.0
"""

from __future__ import annotations

import re

from msgspec.structs import replace

from macrograph.graph.bounded import node_bounds
from macrograph.graph.errors import (
    LevelBoundError,
    SizeConvertedError,
    SizeMeasureError,
    SizeMultipleError,
    SizeUnitError,
)
from macrograph.graph.words.levels.dollars import foreign_money, with_money
from macrograph.graph.words.levels.thousands import own_thousand, thousands_of
from macrograph.graph.words.shares import share_of_baseline, standing_written
from macrograph.graph.words.units.counts import smaller_said
from macrograph.graph.words.units.moneywords import minor_said, money_multiplied, said_as_money
from macrograph.graph.words.units.prefixes import as_typed, converted, measure, measured
from macrograph.graph.words.units.spellings import level_said
from macrograph.graph.words.units.unitspelling import (
    bare_multiple,
    counted_multiple,
    per_quantity,
    sign_alone,
    whole_money,
)
from macrograph.graph.words.units.unitwords import (
    OF_LEVEL,
    Size,
    level_units,
    multiplied_words,
    read_size,
    said_words,
    thousand_words,
    unit_form,
    unit_read,
)
from macrograph.rules.english.forms import after_one, plain
from macrograph.rules.english.hundredths import (
    MINOR_UNITS,
    hundredth_words,
    hundredths_of,
    minor_siblings,
)
from macrograph.rules.english.money import (
    currency_names,
    is_money,
    money_sign,
    money_text,
    none_of,
    sign_first,
)
from macrograph.rules.pack import Pack
from macrograph.rules.vocabulary import UnitForm

# the words that set a level rather than move it, as a question says them
LEVELS = (
    *("to", "at", "reaches", "reach", "hits", "hit", "is at", "is", "are at", "are"),
    *("goes to", "go to", "moves to", "move to", "stands at", "stand at", "is set to"),
    *("stays at", "stay at", "remains at", "remain at", "settles at", "settle at"),
    # a mark passed, as a duty officer asks it ('FWI above 50', 'rises above 50'): that level
    *("above", "below", "is above", "is below", "exceeds", "exceed", "passes", "pass", "tops"),
    *("crosses", "cross", "breaches", "breach", "touches", "touch", "past", "beyond"),
    *("under", "over", "is under", "is over", "goes under", "goes over"),  # "under 104%"
    *(f"{go} {way}" for go in ("goes", "go") for way in ("above", "below", "past", "beyond")),
    # a price said as what the thing costs ('gems cost $0.99', 'ingots sell for 2,000 g')
    *("costs", "cost", "is priced at", "are priced at", "priced at"),
    *(f"{deal} {at}" for deal in ("sells", "sell", "trades", "trade") for at in ("at", "for")),
)
MARK_NOUN = re.compile(r"[\s-]+(?:mark|limit|threshold|level|barrier|handle)$")
"""A noun after a level that says it is a mark to pass ('the 400 mark', 'the 0.5 limit', 'the
12 handle' of a rate of exchange), read past after the level."""


def scale_named(pack: Pack, node: str, text: str) -> bool:
    """Whether ``text`` starts with a level written after the node's own sign of letters
    that names a scale, not money ('REAP 4', 'stage 6', 'Kp 7'): a level as the scale names
    it ('declares REAP 4' sets level 4), where a change is said in its steps ('2 stages').

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> scale_named(units_pack(), "flow", "40 GWh a day")  # no sign before the number
    False
    """
    sign = unit_form(pack, node).symbol.strip()
    if not sign.replace(" ", "").isalpha() or money_sign(sign):
        return False
    return re.match(rf"{re.escape(sign)}\s*[+-]?\d", text.strip(), re.IGNORECASE) is not None


def own_dollar(pack: Pack, node: str, unit: str) -> str:
    """A dollar's bare sign typed of a node in a country's dollar ('$/t' of 'C$/t', '$' of
    'A$') as the node's own sign, as a trader writes '$400/t' where the dollar is plain;
    ``unit`` as it is where the pack writes any node's money with the bare sign (another
    dollar, which the reader does not convert).

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> own_dollar(units_pack(), "flow", "$/t")  # a node in no dollar
    '$/t'
    """
    sign = unit_form(pack, node).symbol.strip().lower()
    if len(sign) < 2 or not sign.endswith("$") or not unit.startswith("$"):
        return unit
    if any(unit_form(pack, other).symbol.strip() == "$" for other in pack.nodes):
        return unit
    return sign + unit[1:]


_PER_SAID = re.compile(r"(.+?)\s*((?:per\s+|/\s*)\d[\d,]*(?:\.\d+)?(?:\s*[^\d\s].*)?)")


def per_size(pack: Pack, node: str, text: str) -> Size | None:
    """A size typed per another quantity of what the node's unit prices, read per the
    unit's own ('$4.99 per 500 gems' of '$ per 100 gems' is $0.998 per 100 gems); None for
    any other text.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> per_size(units_pack(), "flow", "5 per 500 gems") is None  # 'GWh a day' prices none
    True
    """
    match = _PER_SAID.fullmatch(text.strip().lower())
    if match is None:
        return None
    form = unit_form(pack, node)
    scale = per_quantity(form.suffix, match.group(2))
    head = read_size(match.group(1)) if scale is not None else None
    if scale is None or head is None or head.unit not in ("", form.symbol.strip().lower()):
        return None
    return Size(head.sign, round(head.value * scale, 12), form.suffix.strip().lower())


def money_of(form: UnitForm, value: float, unit: str) -> float | None:
    """``value`` typed in ``unit`` as money of the unit ``form`` when it is the unit's own
    currency sign ('£15') or a hundredth of it ('50p': 0.5), in the unit's money (cents on
    a unit of cents, '¢/gal': '$0.30' is 30); None for any other unit, and on a unit that
    is no whole money nor money per something ('£5bn' is in its 'bn').

    Examples
    --------
    >>> from macrograph.rules.vocabulary import UnitForm
    >>> money_of(UnitForm(symbol="£", suffix=" a journey"), 50.0, "p"), money_of(UnitForm(), 5, "")
    (0.5, None)
    >>> money_of(UnitForm(symbol="$", suffix="/t", change="percent"), 150.0, "a tonne")
    150.0
    >>> money_of(UnitForm(symbol="$", suffix="/t", change="percent"), 900.0, "$/tonne")
    900.0
    """
    cents, whole = hundredth_words(form.suffix)
    if cents:  # '30¢', '30 cents' or '$0.30' on a unit of cents ('¢/gal'): in its cents
        return value if unit in cents else value * 100.0 if unit in whole else None
    head, tail = sign_first(form.symbol, form.suffix)  # ' €/l', its sign after the number
    form = replace(form, symbol=head, suffix=tail)
    if not is_money(form.symbol, form.suffix):
        return None
    signs = (form.symbol.lower(), form.symbol, form.symbol.strip().lower())  # 'nok' of 'NOK '
    if unit in (*signs, f"{form.symbol}{form.suffix}".lower()):
        return value  # 'r$' as a question is read; '$5/t' of a unit in '$' and '/t'
    if unit in currency_names(form.symbol) and not form.suffix.strip():
        return value  # '95 francs' of a unit in 'CHF ' alone
    per = {w for w in level_said(form) if w[1:] and w.startswith(("/", "a ", "per "))}
    signed = {f"{sign}{w}" for sign in signs for w in per if w[:1] == "/"}  # '$900/tonne'
    if unit in per or unit in signed:
        return value  # '$5 a tonne' of a unit in '$' and '/t', its sign read past
    power = money_multiplied(form).get(unit)
    if power is not None:  # '$10k/day', '$1.5m'
        return value * 10.0**power
    return value / 100.0 if unit in minor_said(form) else None  # '10p per m3', '20 ct/l'


def level_in_units(pack: Pack, node: str, value: float, unit: str, text: str) -> float:
    """A level typed with ``unit`` (or none: the node's own) in the node's units; refused
    past the node's floor or ceiling (its own, else its unit's): no level of it lies there.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> level_in_units(units_pack(), "flow", 40.0, "gwh a day", "flow at 40 GWh a day")
    40.0
    """
    level = _level_in_units(pack, node, value, unit, text)
    for side, bound in zip(("floor", "ceiling"), node_bounds(pack, node), strict=True):
        if bound is not None and (level < bound if side == "floor" else level > bound):
            shown = (written_level(pack, node, level), written_level(pack, node, bound))
            raise LevelBoundError(text, node, side, shown)
    return level


def written_level(pack: Pack, node: str, level: float) -> str:
    """A level of ``node`` in its units, as the pack writes its levels.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> written_level(units_pack(), "flow", 40.0)
    '40 GWh a day'
    """
    value = level * unit_form(pack, node).factor
    return level_text(pack, node, Size("-" if value < 0 else "", abs(value), ""))


def _level_in_units(pack: Pack, node: str, value: float, unit: str, text: str) -> float:
    if unit == OF_LEVEL:  # 'is half', 'half the average': that share of its baseline
        return share_of_baseline(pack, node, value, text)
    if foreign_money(pack, node, text, value) is not None:  # 'NZ$90bn' of a local '$' beside NZ$
        raise level_refusal(pack, node, value, unit, text)
    form, unit = unit_form(pack, node), own_dollar(pack, node, unit)  # '$400/t' of 'C$/t'
    unit = own_thousand(form, unit)  # '3k' of a count whose thousand is 'k bots'
    value, unit = smaller_said(form, value, unit)  # '500 players' of 'k players'
    # '€1,200,000' of '€m'; the unit's own thousand ('$1.2M a day' of '$k a day') is its own
    thousand = unit in {w.lower() for w in thousand_words(form)}
    whole = None if thousand else whole_money(form.symbol, form.suffix, value, unit)
    if whole is not None:
        shown = [f"{form.symbol}{plain(whole, ',')}{form.suffix}", plain(whole)]
        read = unit_read(pack, node, level=True)
        raise SizeConvertedError(text, node, read, value, unit, shown, level=True)
    money = money_of(form, value, unit)
    if money is not None:  # '£15', '150p'
        return round(money / form.factor, 12)
    if sign_alone(form.symbol, form.suffix, unit):  # '$500' of '$k a day': no multiple said
        if not value:
            return 0.0  # none of the money is none in any multiple
        shown = [plain(value), written_level(pack, node, value / form.factor)]
        read = unit_read(pack, node, level=True)
        raise SizeMultipleError(text, node, read, value, as_typed(text, unit), shown, level=True)
    unit = "" if unit and unit == form.symbol else unit
    if not unit and _whole_of_cents(pack, node, value):  # '0.56' of a node in cents: 56
        read = unit_read(pack, node, level=True)
        raise SizeConvertedError(text, node, read, value, "", [f"{value * 100:g}"], level=True)
    own = {"", *level_said(form)} if form.change != "bp" else {"", "pp", "%"}
    if form.change == "bp" and unit == "bp":
        return round(value / form.change_scale, 12)
    power = multiplied_words(form).get(unit, 0)  # '3M req/s'
    if unit in own or unit in said_words(form) or power:  # '12k tickets' is 12,000 tickets
        return round(value * thousands_of(form, unit) * 10.0**power / form.factor, 12)
    raise level_refusal(pack, node, value, unit, text)


def _whole_of_cents(pack: Pack, node: str, value: float) -> bool:
    """Whether a bare level ``value`` of a node counted in cents spelt out (' cents') is its
    quote in whole money, as traders write a rate: under one, where it stands at a cent or more."""
    form, base = unit_form(pack, node), pack.nodes[node].baseline
    cents = form.change == "points" and not form.symbol and minor_siblings(said_words(form))
    return bool(cents) and 0 < abs(value) < 1 and base is not None and abs(base.value) >= 1


def whole_of_hundredths(form: UnitForm, typed: str) -> bool:
    """Whether ``typed`` is the sign of the whole money of a unit that counts its hundredths
    spelt out ('NZ$' or '$' of ' NZ cents'): a sum in it is a hundred of the unit's.

    Examples
    --------
    >>> from macrograph.rules.vocabulary import UnitForm
    >>> form = UnitForm(suffix=" NZ cents")
    >>> whole_of_hundredths(form, "NZ$"), whole_of_hundredths(form, "£")
    (True, False)
    """
    if form.symbol or form.change != "points":
        return False
    cents = minor_siblings(said_words(form))
    return any(
        re.fullmatch(rf"[a-z]{{0,3}}{re.escape(sign.lower())}", typed.strip().lower())
        for sign, minor in MINOR_UNITS.items()
        if cents & set(minor)
    )


def level_refusal(pack: Pack, node: str, value: float, unit: str, text: str) -> SizeUnitError:
    """The refusal of a level of ``value`` typed in ``unit``, no unit of ``node``'s levels:
    in another unit of the same measure, with the level converted ('500 µg/L' of a node in
    mg/L is 0.5), never the same number; in an SI unit of another measure (or one whose
    case is lost), with the node's level; else with the number in the node's own unit.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> level_refusal(units_pack(), "flow", 40.0, "mwh a day", "flow at 40 MWh a day").choices
    ['0.04']
    """
    form = unit_form(pack, node)
    read, typed = unit_read(pack, node, level=True), as_typed(text, unit)
    standing = [standing_written(pack, node)]  # offered where no number said converts
    foreign = foreign_money(pack, node, text, value)
    if foreign is not None:  # 'NZ$90bn' of a local '$': no number of it offered
        given = with_money(foreign, typed)  # its sign lost
        return SizeUnitError(text, node, read, value, given, standing, level=True)
    own = (form.suffix or form.change_text).strip()
    same = converted(value, typed, own) if unit and not form.symbol else None
    same = value * 100.0 if whole_of_hundredths(form, typed) else same  # NZ$0.63: 63 cents
    if same is None and own_thousand(form, unit.lower()) != unit.lower():  # '75k' of 'k cases'
        same = value * form.thousand_factor  # that many of the count, never 75 of them
    alone = bare_multiple(typed) if form.change == "points" and not form.symbol else None
    if same is None and alone is not None and counted_multiple(own)[0]:
        # '1.25 million' of a count in 'k starts a year' is 1,250k, never 1.25k
        shown = written_level(pack, node, value * 10.0 ** (alone - counted_multiple(own)[0]))
        return SizeConvertedError(text, node, read, value, typed, [shown], level=True)
    if same is not None:
        return SizeConvertedError(text, node, read, value, typed, [f"{same:g}"], level=True)
    if unit and not form.symbol and measured(typed) and measure(own):
        return SizeMeasureError(text, node, read, value, typed, standing, level=True)
    # money by a name of it ('72 cents' of a rate of exchange): no same number offered
    offered = standing if said_as_money(typed) else [f"{value:g}"]
    return SizeUnitError(text, node, read, value, typed, offered, level=True)


def level_text(pack: Pack, node: str, size: Size) -> str:
    """A level as typed, written as the pack writes its levels when its unit is the node's
    own (however it was typed: 'hm3' for 'hm³', or none; money of a unit written to the
    penny, to the penny: '£13.50 an hour' of '13.5 an hour'), else with the unit typed.

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
    form = unit_form(pack, node)
    unit = own_thousand(form, own_dollar(pack, node, size.unit))  # '3k' as '3k bots'
    size = Size(size.sign, size.value, unit)
    money = money_of(form, size.value, size.unit)
    if money is not None:  # '150p' as '£1.50 a journey', '$4' as '400¢/gal'
        sign = "-" if size.signed < 0 else ""
        if hundredths_of(form.symbol, form.suffix):
            return f"{sign}{plain(money, ',')}{form.suffix}"
        places = max(2, form.decimals or 0)  # '$0.0030 a stream', never '$0 a stream'
        return f"{sign}{form.symbol}{money_text(money, places)}{form.suffix}"
    power = multiplied_words(form).get(size.unit, 0)
    if power and form.suffix.strip():  # '3M req/s' as '3,000,000 req/s'
        sign = "-" if size.signed < 0 else ""
        return f"{sign}{plain(size.value * 10.0**power, ',')}{form.suffix}"
    signs = {form.symbol, form.symbol.strip().lower()}  # 'a$' as the question reads 'A$'
    if form.suffix.strip() and size.unit in {"", *signs, *level_said(form), *said_words(form)}:
        sign = "-" if size.signed < 0 else ""
        # '12k tickets'; none of it without the multiple ('$0 a day')
        suffix = form.thousand if thousands_of(form, size.unit) > 1 else form.suffix
        suffix = suffix if size.value else none_of(form.symbol, suffix)
        suffix = after_one(suffix) if size.value == 1 else suffix  # '1 point a match'
        cents = money_sign(form.symbol) and (form.decimals or 0) >= 2  # '£13.50 an hour'
        said = money_text(size.value, form.decimals or 2) if cents else plain(size.value, ",")
        return f"{sign}{form.symbol}{said}{suffix}"
    if not size.unit:  # a level in the node's own figures: 'EUR/CHF at 0.9000', 'at ₹86.00'
        # not 'at FWI 50', but 'at CHF 79': a currency's code is its money's sign
        sign = form.symbol if money_sign(form.symbol) or not form.symbol.strip().isalpha() else ""
        return f"{'-' if size.signed < 0 else ''}{sign}{_padded(size.value, form)}"
    if form.smaller and size.unit == " ".join(form.smaller.lower().split()):
        return f"{plain(size.signed, ',')}{form.smaller}"  # '250,000 tonnes', its smaller unit's
    return f"{plain(size.signed)}{size.unit}"


def _padded(value: float, form: UnitForm) -> str:
    """A level as typed, with as many decimals as the unit writes its levels when it was
    typed with fewer ('0.9' of a rate written to four decimals is '0.9000')."""
    text = plain(value, ",")
    typed = len(text.partition(".")[2])
    if form.decimals is None or typed >= form.decimals or form.factor != 1:
        return text
    return f"{value:,.{form.decimals}f}"


def other_side(
    pack: Pack, node: str, size: Size, level: float, side: int | None
) -> tuple[Size, float]:
    """A level of ``node`` said of its other side (a name in ``directions.inverse``; ``side``
    the move the clause gives the node: 1 up, -1 down, 0 none; None for a name of the node
    itself), as the size said and the level: the other side's own, the node's negative, where
    the node stands on that side now (a surplus of -$40m: 'the deficit at $150m' is a surplus
    of -$150m; a southward Bz) or only the negative goes the way the clause moves it; else
    as said, in the node's own terms, as a quote's other side is said in the quote ('the
    rupee falls to 86': USD/INR at 86).

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> pack = units_pack()  # a price at 150
    >>> other_side(pack, "price", Size("", 120.0, ""), 120.0, -1)  # below the price: as said
    (Size(sign='', value=120.0, unit=''), 120.0)
    >>> other_side(pack, "price", Size("", 160.0, ""), 160.0, -1)[1]  # only -160 is a fall
    -160.0
    """
    baseline = pack.nodes[node].baseline
    if side is None or baseline is None:
        return size, level
    below = baseline.value < 0 and level > 0 and not size.sign
    only_negative = side * (level - baseline.value) <= 0 < side * (-level - baseline.value)
    if not (below or only_negative):
        return size, level
    return Size("" if size.sign == "-" else "-", size.value, size.unit), -level


def level_of(pack: Pack, node: str, rest: str) -> str:
    """'of SIZE' after the name of a node with a level ('a fare of £3') as 'at SIZE', the
    node at that level; ``rest`` as it is otherwise (a node with no level, such as a
    cumulative flow: 'inflows of $100bn' are a move of that size).

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> level_of(units_pack(), "flow", "of 40"), level_of(units_pack(), "flow", "rises 4")
    ('at 40', 'rises 4')
    """
    tokens, baseline = rest.split(maxsplit=1), pack.nodes[node].baseline
    if len(tokens) < 2 or tokens[0] != "of" or baseline is None:
        return rest
    size, below = read_size(tokens[1], level_units(pack)), baseline.value < 0  # '-150 nT'
    form, floor = unit_form(pack, node), node_bounds(pack, node)[0]
    rate = form.suffix.lstrip().startswith("%") and form.change in ("points", "bp")
    below = below or (rate and floor is None)  # a return or a rate of -5%: its level
    return f"at {tokens[1]}" if size is not None and size.sign in ("", "-" * below) else rest


_SET_TO = re.compile(r"(?:^|\s)(?:to|at)\s+(?P<said>\S+)(?:\s+(?P<next>\S+))?")


def level_offered(pack: Pack, node: str, clause: str) -> str | None:
    """The ``--shock`` of the level a clause that could not be read sets ``node`` to, where it
    says one with 'to' or 'at' ('lice rise to 0.6 lice per fsh': 'sea_lice@0.6'), its unit
    read where it is one of the node's and else the node's own; None where it says none or
    its level lies past the node's bounds. A level is offered as a level: never as a change
    of its size, which would move the node that much further.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> level_offered(units_pack(), "flow", "flow rises to 40 gwh a dya")
    'flow@40 GWh a day'
    >>> level_offered(units_pack(), "flow", "flow rises 40 gwh a dya") is None
    True
    """
    found = _SET_TO.search(clause)
    if found is None:
        return None
    units = level_units(pack)
    said = (f"{found['said']} {found['next'] or ''}".strip(), found["said"])
    size = next((s for s in map(lambda t: read_size(t, units), said) if s is not None), None)
    if size is None:
        return None
    try:
        level = level_in_units(pack, node, size.signed, size.unit, clause)
    except (SizeUnitError, LevelBoundError):
        return None
    return f"{node}@{written_level(pack, node, level)}"
