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
>>> change_in_units(pack, "price", 5.0, "%", "price +5%")
5.0
"""

from __future__ import annotations

from datetime import date

from macrograph.graph.bounded import beyond_bounds
from macrograph.graph.errors import (
    PlainWordsError,
    SizeConvertedError,
    SizeLevelError,
    SizeMeasureError,
    SizeMisspeltError,
    SizeMultipleError,
    SizeUnitError,
)
from macrograph.graph.specs import ScenarioSpec
from macrograph.graph.words.changewords import shock_example, unit_choices
from macrograph.graph.words.levels.dollars import foreign_money, money_said
from macrograph.graph.words.levels.points import POINT_WORDS, points_refusal
from macrograph.graph.words.levels.sizes import money_of, own_dollar, whole_of_hundredths
from macrograph.graph.words.levels.thousands import own_thousand, thousands_of
from macrograph.graph.words.plausible import plausible_bound
from macrograph.graph.words.shares import share_of_level, share_said, share_typed
from macrograph.graph.words.units.counts import smaller_said
from macrograph.graph.words.units.moneywords import other_money, said_as_money
from macrograph.graph.words.units.prefixes import (
    as_typed,
    converted,
    measure,
    measured,
    spelt_as,
    timed,
)
from macrograph.graph.words.units.spellings import level_said
from macrograph.graph.words.units.unitspelling import (
    another_multiple,
    bare_multiple,
    counted_multiple,
    interval_scale,
    multiple_shift,
    sign_alone,
    whole_money,
)
from macrograph.graph.words.units.unitwords import (
    OF_LEVEL,
    UNIT_WORDS,
    Size,
    bare_words,
    multiplied_words,
    points_words,
    said_words,
    unit_form,
    unit_read,
)
from macrograph.rules.english.forms import plain
from macrograph.rules.english.hundredths import all_minor_words, hundredths_of, minor_words
from macrograph.rules.english.money import CURRENCY_NAMES, money_text, named_currency
from macrograph.rules.english.suggest import closest
from macrograph.rules.pack import Pack
from macrograph.rules.vocabulary import UnitForm, names_a_scale


def change_in_units(
    pack: Pack, node: str, value: float, unit: str, text: str, level: float | None = None
) -> float:
    """A change typed with ``unit`` in the node's own units; SizeUnitError when it has none
    or one that does not apply. Money on a node whose changes are percents is that share of
    ``level``, where the node stands when the change comes (default: its baseline).

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> change_in_units(units_pack(), "rate", 20.0, "bp", "rate rises 20bp")  # rate in percent
    0.2

    A point of a rate is a percentage point, or a basis point where so many percentage
    points would be no plausible move ('up 25 points').

    >>> [change_in_units(units_pack(), "rate", v, "pts", "rate up") for v in (0.5, 25.0)]
    [0.5, 0.25]
    >>> try:
    ...     change_in_units(units_pack(), "flow", 2.0, "twh a day", "flow rises 2 TWh a day")
    ... except SizeUnitError as err:
    ...     print(err.choices)
    ['+2000GWh']
    """
    form = unit_form(pack, node)
    if unit == OF_LEVEL:
        return _of_level(pack, node, value, text)
    if foreign_money(pack, node, text, value) is not None:  # 'NZ$1bn' of a local '$' beside NZ$
        raise unit_refusal(pack, node, value, unit, text)
    unit = own_thousand(form, own_dollar(pack, node, unit))  # '5k' of 'k bots', '$' of 'A$'
    value, unit = smaller_said(form, value, unit)  # '$500 a day' of '$k a day'
    if whole_money(form.symbol, form.suffix, value, unit, multiples=False) is not None:
        raise unit_refusal(pack, node, value, unit, text)
    money = money_of(form, value, unit)
    if money is not None:
        return _money_change(pack, node, money, text, level)
    if value and sign_alone(form.symbol, form.suffix, unit):  # '$5' of a node in $bn
        shown, typed = unit_choices(pack, node, value), as_typed(text, unit)
        raise SizeMultipleError(text, node, unit_read(pack, node), value, typed, shown)
    if unit and unit in (form.symbol, form.symbol.strip().lower()):
        unit = ""  # '$0', or '$5' of a unit of no multiple: a size with no unit of its own
    if unit == "pts" and form.change == "bp" and _points_are_bp(pack, node, value):
        unit = "bp"  # 'the OCR up 25 points', as the press says a quarter point: no 25pp
    if unit == "pts" and (form.change == "bp" or "pp" in said_words(form)):
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
        words, counts = said_words(form), multiplied_words(form)
        # 'the index rises 50 points', or 50: a scale named by its sign, or counted in points
        # ('SCFI rises 100' of ' points'), moves in its own points
        in_points = UNIT_WORDS.get(form.change_text.strip().lower()) == "pts"
        share_in_points = in_points and form.suffix.strip().startswith("%")
        if unit == "pp" and share_in_points:
            unit = "pts"  # a point of a share in per cent is a percentage point
        if unit in ("pts", "") and (names_a_scale(form.symbol) or in_points):
            return round(value / form.change_scale, 12)
        power = counts.get(unit, 0)
        below = bare_words(form).get(unit)
        if (
            below is not None
            and unit in words
            and (abs(value) >= 1000 or _whole_count(pack, node, value))
        ):
            # '$50,000 a week' of '$k a week': whole money, or a whole count, with the
            # unit's time after it is not that many thousands; nor is '800 a day' of 'k
            # calls a day', where 800 thousand is no plausible move and 800 calls is
            shown, said = unit_choices(pack, node, value * 10.0**-below), form.symbol or unit
            raise SizeConvertedError(text, node, unit_read(pack, node), value, said, shown)
        # '8' engineers: a count is in one unit; a change shown scaled (a rate of exchange
        # in pips) could be either, so a bare number there is refused with both
        bare = unit == "" and form.change_scale == 1 and (not words or bool(counts))
        if unit in words or bare or power:  # '+1.2M req/s'
            scale = thousands_of(form, unit) * 10.0**power
            return round(value * scale / form.change_scale, 12)
        if unit == "bp" and ("pp" in words or share_in_points):  # a hundredth of a point:
            return round(value / 100.0 / form.change_scale, 12)  # 500bp of a share is 5pp
        share = share_of_level(pack, node)
        if unit == "%" and share is not None:
            return round(value * share, 12)
        if unit == "%" and _percent_is_points(pack, node):  # 2% of a rate at 0%: 2 points
            return round(value / form.change_scale, 12)
    raise unit_refusal(pack, node, value, unit, text)


def in_own_unit(pack: Pack, node: str, said: str, level: bool = False) -> str:
    """``said``, a number and a unit, in ``node``'s own unit when the two are one unit spelt
    two ways (:func:`~macrograph.graph.words.prefixes.spelt_as`), or a ``level`` said as a
    share of what the unit is a percent of (:func:`share_said`); else as it is.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> in_own_unit(units_pack(), "flow", "2 gigawatt-hours a day")
    '2 gigawatt-hours a day'
    """
    form = unit_form(pack, node)
    typed = share_typed(form, said, level)  # '10% of log supply' of '% of the log supply'
    if typed is not None:
        return typed
    return share_said(form, said) if level else spelt_as(said, form.change_text)


def _percent_is_points(pack: Pack, node: str) -> bool:
    """Whether a percent of a node's level can only be its level's points: its level is a
    percent, with changes in its points, that stands at zero (a percent of it is nothing, so
    '2%' is two points) or at a hundred (40% of it is 40 points, so 'rainfall 40% below
    average' of rainfall at 100% of the average is -40 points either way)."""
    form, baseline = unit_form(pack, node), pack.nodes[node].baseline
    percent = form.change == "points" and form.suffix.lstrip().startswith("%")
    return percent and baseline is not None and baseline.value in (0.0, 100.0)


def inverse_percent(
    pack: Pack, node: str, change: float, unit: str, said: tuple[str, str]
) -> float:
    """A percent ``change`` of the node read off a name of its other side (a quote's other
    currency that falls by half: -50% of it is ``change`` +50 of the quote), made exact: a fall
    of a share ``f`` of the other side is a rise of ``1 / (1 - f) - 1`` of the node (+100%),
    a rise of it a fall of less (+20% is -16.7%); ``change`` as it is for any other unit.
    ``said`` is the question and the name of the other side.

    Raises
    ------
    PlainWordsError
        For a fall of all of the other side or more, which no move of the node is.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> said = ("the cost falls by half", "cost")
    >>> [inverse_percent(units_pack(), "price", c, "%", said) for c in (50.0, -20.0)]
    [100.0, -16.666666666667]
    """
    if unit not in ("%", OF_LEVEL):
        return change
    # a node counted in its own points took the percent as that share of its level: the
    # same exact conversion, in the level's points ('the franc +2%' is EUR/CHF -1.96%)
    share = 1.0 if unit_form(pack, node).change == "percent" else share_of_level(pack, node)
    if not share:
        return change
    if change / share >= 100.0:
        raise PlainWordsError(said[0], "whole", node, shock_example(pack, node), said[1])
    return round(share * 100.0 * (1.0 / (1.0 - change / share / 100.0) - 1.0), 12)


def _money_change(
    pack: Pack, node: str, money: float, text: str, level: float | None = None
) -> float:
    """A change of ``money`` in the node's own currency, in its units: that money on a unit
    whose changes are differences, that share of ``level`` (else its baseline) on one whose
    changes are percents ('30p' on a £1.45 litre is +20.7%); SizeUnitError when it has no
    level above zero."""
    form, baseline = unit_form(pack, node), pack.nodes[node].baseline
    level = level if level is not None else (baseline.value if baseline is not None else None)
    if form.change != "percent":
        return round(money / form.factor, 12)
    if level is not None and level > 0:
        return round(money / (level * form.factor) * 100.0, 12)
    typical = shock_example(pack, node).split("=", 1)[1]
    raise SizeUnitError(text, node, unit_read(pack, node), money, form.symbol, [typical])


def standing(pack: Pack, base: ScenarioSpec, node: str, on: date) -> float | None:
    """The level a change of ``node`` on the day ``on`` is a share of: the level the
    comparison ``base`` sets that day, on which a question's change comes as a share of it
    (:func:`~macrograph.graph.words.composing.compose`), else the baseline, of which the
    engine's percent changes are shares; None without a baseline.

    Examples
    --------
    >>> from msgspec.structs import replace
    >>> from macrograph.graph.specs import ShockSpec, resolve
    >>> from macrograph.graph.synthetic import units_pack
    >>> pack = units_pack()  # price at 150
    >>> base = resolve(pack, pack.info.default_scenario)
    >>> up = ShockSpec("price", base.anchor, "price +10%", change=10.0)
    >>> to = ShockSpec("price", base.anchor, "price to 165", level=165.0)
    >>> [standing(pack, replace(base, shocks=(s,)), "price", base.anchor) for s in (up, to)]
    [150.0, 165.0]
    """
    found = pack.nodes[node].baseline
    same_day = (s for s in base.shocks if (s.node, s.date) == (node, on))
    set_then = [s.level for s in same_day if s.level is not None]
    return set_then[-1] if set_then else (found.value if found is not None else None)


def money_typed(pack: Pack, node: str, size: Size) -> str:
    """A size typed in the node's money on a node whose changes are percents, as the pack
    writes money ('£0.30'); '' for any other (its title then shows the percent set after it).

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> money_typed(units_pack(), "price", Size("", 5.0, "%"))
    ''
    """
    form = unit_form(pack, node)
    money = money_of(form, size.value, size.unit)
    if money is None or form.change != "percent":
        return ""
    return money_written(form, money)


def money_written(form: UnitForm, money: float) -> str:
    """``money`` in the unit ``form``'s money as the pack writes it: after its sign ('£0.30'),
    or, in hundredths, before theirs ('30¢' of a unit in '¢/gal').

    Examples
    --------
    >>> pound, cents = UnitForm(symbol="\u00a3"), UnitForm(suffix="\u00a2/gal")
    >>> money_written(pound, 0.3), money_written(cents, 312.5)
    ('£0.30', '312.5¢')
    """
    if hundredths_of(form.symbol, form.suffix):
        return f"{plain(money, ',')}{form.suffix.strip()[:1]}"
    return f"{form.symbol}{money_text(money)}"


def unit_refusal(
    pack: Pack, node: str, value: float, unit: str, text: str, other_side: str = ""
) -> SizeUnitError:
    """The refusal of a change of ``value`` typed in ``unit``, which is no unit of ``node``
    (``value`` of the node, said of ``other_side``, a name of its other side, if given):
    with the same size in the node's unit when the two differ by an SI prefix ('10 cm' is
    '+100mm', :mod:`~macrograph.graph.words.units.prefixes`) or by the multiple the unit's words
    start with ('1500 trips' is '+1.5k' of 'k trips a day', '500 kb/d' is '+0.5mb/d' of
    'mb/d'); with a typical change in it when both are SI measures the one not certainly
    converted to the other ('10 kg' on a node in mm), or counts in multiples that differ
    ('500 thousand barrels' on a node in 'mb'); else with the ways to write it.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> unit_refusal(units_pack(), "flow", 2.0, "mwh a day", "flow +2 MWh a day").choices
    ['+0.002GWh']
    """
    form, found = unit_form(pack, node), pack.nodes[node]
    unit = money_said(pack, node, text, value, unit)  # '$500m' of NZ$ beside a local '$'
    typed, read = as_typed(text, unit), unit_read(pack, node)
    # a typical move, not the same number (10 kg is no mm), with the sign asked ('-₹1500crore')
    typical = shock_example(pack, node).split("=", 1)[1]
    typical = "-" + typical[1:] if value < 0 and typical[:1] == "+" else typical
    if (points := points_refusal(pack, node, value, (unit, text), typical)) is not None:
        return points  # '500 points' of an index: the percent of its level, never '+500%'
    if unit and interval_scale(form.suffix):  # 10% of 31 °C, 2 K: no number offered
        said = SHARE if unit == "%" else typed
        return SizeMeasureError(text, node, read, value, said, [typical])
    level = found.baseline.value if found.baseline else 0.0  # no share of -10 nT: no '+100nT'
    if unit == "%" and form.change == "points" and "%" not in form.suffix and level <= 0:
        return SizeMeasureError(text, node, read, value, SHARE, [typical])
    if whole_of_hundredths(form, typed):  # 'NZ$0.03' of a node in NZ cents: 3 of them
        return SizeConvertedError(
            text, node, read, value, typed, unit_choices(pack, node, value * 100)
        )
    if (worth := whole_money(form.symbol, form.suffix, value, unit)) is not None:  # '£450k'
        return SizeConvertedError(text, node, read, value, unit, unit_choices(pack, node, worth))
    # money of another currency ('euros a MWh' of a node in zł/MWh), or none on no money
    named = unit in CURRENCY_NAMES or said_as_money(unit)  # 'euros', 'us cents'
    if named or other_money(form.symbol, form.suffix, unit):
        return SizeMeasureError(text, node, read, value, typed, [typical])
    own = form.change_text.strip()
    changes = {w.lower() for w in (*points_words(form), own)}
    # a percent is also a share of the level, told below; any other unit of levels alone
    if unit not in ("", "%") and not form.symbol and unit in level_said(form) - changes:
        return SizeLevelError(text, node, read, value, typed, [f"{abs(value):g}"])  # 'pain 8/10'
    same = converted(value, typed, form.change_text) if form.change == "points" else None
    if same is None and not form.symbol and timed(typed) and timed(own):  # 3 months, in weeks
        return SizeMeasureError(text, node, read, value, typed, [typical])
    if same is None and not form.symbol and measured(typed) and measure(own):
        return SizeMeasureError(text, node, read, value, typed, [typical])
    below = bare_words(form).get(unit)  # '1500 trips' of 'k trips a day': 1.5k, as typed
    same = value * 10.0**-below if same is None and below is not None else same
    # another multiple of the same count converts ('500 kb/d' is '0.5mb/d'); of another
    # count it is no size of the node's ('500 thousand barrels' is no '-500mb')
    counts = form.change == "points" and not form.symbol and unit not in UNIT_WORDS  # not 'bp'
    shift = multiple_shift(typed, own) if counts else None
    alone = bare_multiple(typed) if form.change == "points" and not form.symbol else None
    shift = alone - counted_multiple(own)[0] if alone is not None else shift  # '2M' of req/s
    same = value * 10.0**shift if same is None and shift is not None else same
    if same is None and counts and unit and another_multiple(typed, own):
        return SizeMeasureError(text, node, read, value, typed, [typical])
    if same is None or form.symbol:
        meant = _misspelt(pack, node, value, unit, (text, other_side))
        if meant is None and form.symbol and unit:  # '50 km' or '50 bikes' are no €50
            return SizeMeasureError(text, node, read, value, typed, [typical])
        # a bare number on a change shown scaled is in the node's own unit ('0.0150' of a
        # rate of exchange is 150 pips), never the same number in the scaled one
        scale = form.change_scale if not (unit or form.suffix) and form.change == "points" else 1.0
        # a bare number read as percentage points only where such a move is plausible
        # ('cuts 50' of a rate in percent: 50bp, never 50pp): else it is in the node's unit
        bare_bp = not unit and form.change == "bp"
        exact = bare_bp and abs(value) > plausible_bound(pack, node)
        choices = unit_choices(pack, node, value * scale, exact=exact)
        if not unit and beyond_bounds(pack, node, value * scale / form.change_scale):
            choices = [typical]  # '30,000' on a rate in percent: no '+30000pp'
        counted = max(bare_words(form).values(), default=None)  # 'k calls a day': 3
        if not unit and counted is not None and _whole_count(pack, node, value):
            # '800' of 'k calls a day': 800 calls, where 800 thousand is no plausible move
            choices = unit_choices(pack, node, value * 10.0**-counted)
        if unit == "%" and form.change in ("points", "bp") and "%" in form.suffix and level > 0:
            choices = _percent_of_percent(pack, node, value, level)
        if _points_of_a_count(form, unit, level) and abs(value) > plausible_bound(pack, node):
            # 'traffic falls 2 points': -2% of it, never -2m; '50 points' of a price where
            # half of it is no plausible move either: a typical move, never -50%
            plausible = abs(value) / 100.0 * level <= plausible_bound(pack, node)
            choices = [f"{value:+g}%" if plausible else typical]
        return meant or SizeUnitError(text, node, read, value, unit, choices)
    whole = max(unit_choices(pack, node, same), key=len)  # '+0.5 million km²', not 'million'
    return SizeConvertedError(text, node, read, value, typed, [whole])


def _whole_count(pack: Pack, node: str, value: float) -> bool:
    """Whether ``value``, said with no multiple of a node whose unit's words start with one
    ('800 a day' of 'k calls a day'), can only be a whole count: that many of the multiple
    is no plausible move of the node, and that many of what it counts is one."""
    power = max(bare_words(unit_form(pack, node)).values(), default=0)
    bound = plausible_bound(pack, node)
    return power > 0 and abs(value) > bound >= abs(value) * 10.0**-power


def _points_of_a_count(form: UnitForm, unit: str, level: float) -> bool:
    """Whether ``unit`` is points said of a count of no percent with a positive ``level``
    ('traffic falls 2 points' of guests a week): its analysts' points are percents of it."""
    return unit in POINT_WORDS and form.change == "points" and "%" not in form.suffix and level > 0


def _points_are_bp(pack: Pack, node: str, value: float) -> bool:
    """Whether ``value`` points of a rate whose changes read in basis points are basis
    points: as percentage points no plausible move, and at least a notable move as basis
    points ('up 25 points' of a rate that moves 25bp; 'up 3 points' stays 3pp, and warns)."""
    form = unit_form(pack, node)
    return abs(value) > plausible_bound(pack, node) and abs(value) / 100.0 >= form.typical


SHARE = "a share of its level"
"""How a refusal names a percent or a fraction of a level that has no share to take."""


def _percent_of_percent(pack: Pack, node: str, value: float, level: float) -> list[str]:
    """A change of ``value`` percent typed on a node whose level is a percent: as a share
    of its ``level`` ('the error rate doubles' is +0.02pp of a 0.02% rate) or as percentage
    points ('hikes 0.25%' is +25bp), the likelier first: the share when the points would
    take more than the whole level.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> pack = units_pack()  # 'rate' stands at 2%
    >>> _percent_of_percent(pack, "rate", 100.0, 2.0), _percent_of_percent(pack, "rate", 0.25, 2.0)
    (['+200bp', '+10000bp'], ['+25bp', '+0.5bp'])
    """
    scale = unit_form(pack, node).change_scale
    share = unit_choices(pack, node, round(value / 100.0 * level * scale, 12))[0]
    points = unit_choices(pack, node, value * scale)[0]
    return [share, points] if abs(value) > level else [points, share]


def _misspelt(
    pack: Pack, node: str, value: float, unit: str, said: tuple[str, str]
) -> SizeUnitError | None:
    """The refusal of a word that names no unit but is close to one ('20 pennce'): read with
    the word it most likely meant, so that no size is offered as if the number were in the
    node's whole unit (20 pence is no £20), and as a percent of the node's other side is read
    ('the krona strengthens 3 percnt' of a quote in krona a euro is -2.91%); None when no
    unit word is close.
    ``said`` is the question and the name of the other side it says ("" for none)."""
    text, other_side = said
    form = unit_form(pack, node)
    words = said_words(form) | minor_words(form.symbol, form.suffix) | set(UNIT_WORDS)
    words |= all_minor_words() | set(CURRENCY_NAMES)
    words |= {name for names in CURRENCY_NAMES.values() for name in names}
    one_each = {found.unit: found.id for found in pack.nodes.values()}.values()
    if len(unit) < 3 or not unit.replace(" ", "").isalpha() or unit in words:  # not a slip
        return None
    if named_currency(unit) or any(unit in said_words(unit_form(pack, o)) for o in one_each):
        return None  # money by its name ('1 rand a litre' is no '1 cent'), or another node's
    if set(unit.split()) <= set(form.change_text.lower().split()):  # 'hours' of its own words
        return None
    if len(typed := unit.split()) > 1:  # a slip in one word of several ('basis pionts')
        words = {w for w in words if len(w.split()) == len(typed) and set(w.split()) & set(typed)}
    for meant in closest(unit, words, limit=1):
        unit_meant = UNIT_WORDS.get(meant, meant)
        try:
            change = change_in_units(pack, node, value, unit_meant, text)
        except SizeUnitError as error:  # the word meant does not apply either: say so
            return error
        if other_side:
            change = inverse_percent(pack, node, change, unit_meant, said)
        shown = unit_choices(pack, node, round(change * form.change_scale, 12), exact=True)
        return SizeMisspeltError(text, node, unit_read(pack, node), value, unit, meant, shown)
    return None


def _of_level(pack: Pack, node: str, value: float, text: str) -> float:
    """``value`` percent of the node's level (a fraction said in words), in its units: a
    percent move of a node whose changes are percents, else that share of its baseline in
    its own unit (half of a 2.75% rate is 137.5bp); SizeUnitError when it has no level
    above zero."""
    form, baseline = unit_form(pack, node), pack.nodes[node].baseline
    if form.change == "percent":
        return value
    typical = shock_example(pack, node).split("=", 1)[1]  # no level: a move in its unit
    if interval_scale(form.suffix):  # half of 31 °C is no cooling of 15.5 °C
        raise SizeMeasureError(text, node, unit_read(pack, node), value, SHARE, [typical])
    if baseline is not None and baseline.value > 0:
        return round(value / 100.0 * baseline.value, 12)
    raise SizeMeasureError(text, node, unit_read(pack, node), value, SHARE, [typical])
