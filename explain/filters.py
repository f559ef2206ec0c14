"""Number, unit and text filters for the templates, registered in one place (``FILTERS``);
the text filters (one line, widths, escaping) are :mod:`~macrograph.explain.textfilters`.

Units read as the pack's vocabulary says (:mod:`macrograph.rules.vocabulary`): a change in
basis points, a percent change, or a difference in the unit's own points with its symbol.
Negative numbers use an ASCII hyphen so output greps and diffs cleanly.

Examples
--------
>>> move(-0.2125, "pct", 2), move(0.0635, "pp"), move(7.1176, "pct_change"), level(0.5, "pct")
('-21.25bp', '+6.3bp', '+7.1%', '0.50%')
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date
from typing import Any, Protocol

from msgspec import structs

from macrograph.explain.terminal import clip, label_lines
from macrograph.explain.textfilters import capfirst, cells, line, md, pad, rpad, underline, wrap
from macrograph.explain.wording.grammar import agree, article, possessive, reads_plural
from macrograph.rules.english.forms import (
    after_one,
    counted,
    decimals_for,
    estimate_text,
    plain,
    span,
)
from macrograph.rules.english.money import is_money, money_sign, money_text, none_of
from macrograph.rules.fields import PERIOD_NOUNS
from macrograph.rules.vocabulary import UnitForm, active

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class BandLike(Protocol):
    """Anything with Monte Carlo percentiles."""

    @property
    def p5(self) -> float: ...

    @property
    def p95(self) -> float: ...


def _decimals(magnitude: float, steps: tuple[tuple[float, int], ...]) -> int:
    """The number of decimals for a magnitude: the first step it reaches, as it rounds there
    (0.998 is written as 1 is, '1.0', never '1.00'; 99.96 as '100')."""
    places = next((d for floor, d in steps if magnitude >= floor), steps[-1][1])
    return next(d for floor, d in steps if round(magnitude, places) >= floor or d == places)


def _number(magnitude: float, digits: int | None, steps: tuple[tuple[float, int], ...]) -> str:
    """An unsigned number: ``digits`` decimals with trailing zeros trimmed, or by ``steps``."""
    if digits is not None:
        text = f"{magnitude:,.{digits}f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return f"{magnitude:,.{_decimals(magnitude, steps)}f}"


SMALL = ((1.0, 1), (0.0, 2))
BP_STEPS = ((10.0, 0), (0.0, 1))
FLOW_STEPS = ((100.0, 0), (1.0, 1), (0.0, 2))


def _points(a: float, form: UnitForm, digits: int | None) -> str:
    """A size in the unit's own points: symbol, number, suffix ($1.2tn past a thousand $bn)."""
    if form.thousand and a >= form.thousand_factor:
        # four significant digits, two decimals at most ('1.25k', '436.3k', '2,400k')
        many = a / form.thousand_factor
        places = min(2, decimals_for(many, 4)) if digits is None else digits
        return f"{form.change_symbol}{_number(many, places, SMALL)}{form.thousand}"
    small = _in_smaller(a, form, digits) if form.smaller and 0.0 < a < 1.0 else ""
    if small and not _is_zero(small):  # a rounding's crumb is no move: '0 GWh', as zero is
        sign = form.change_symbol if form.smaller_signed else ""  # '50p', never '£50p'
        return f"{sign}{small}"
    cents, own = digits in (None, 2), form.change_decimals()
    if cents and form.decimals != 0 and is_money(form.change_symbol, form.suffix):
        # a price moves as money is written, whole or to the cent, at any size and in every
        # place: '+€1.20/kg', not '+€1.2'; '+€12.50/kg' in the table as in the shock's line;
        # never to more decimals than the unit's own ('+13.5' of a rate quoted to a tenth)
        number = money_text(a, form.money_places())
    elif digits is None and own is not None and a >= 1:
        # a whole unit or more: no more decimals than its own ('60 GWh a day', not '60.0'),
        # but two digits under ten of a unit written in a smaller one under one: '-£1.4k a
        # week' beside '-£899 a week', not '-£1k'
        own = max(own, 1) if form.smaller and a < 10 else own
        number = f"{a:,.{min(_decimals(a, FLOW_STEPS), own)}f}"
    elif digits is None and (own or 0) > 2:
        # a unit whose levels show more decimals than two ('0.109%') shows its small moves
        # to as many ('0.089 pp'): with two, its usual moves would read as none
        number = _number(a, own, FLOW_STEPS)
    elif digits is None and own is None and 1.0 <= a < 100.0 and abs(a - round(a)) < 1e-9 * a:
        number = f"{a:,.0f}"  # a whole count reads whole ('+1 CME', not '+1.0 CMEs')
    else:
        number = _number(a, digits, FLOW_STEPS)
    if digits is not None and _is_zero(number) and a >= form.typical / 1000:  # a shock's
        number = f"{a:.{decimals_for(a, 1)}f}"  # size as said: '0.004 mg/L', not '0 mg/L'
    suffix = after_one(form.change_text) if number == "1" else form.change_text
    return f"{form.change_symbol}{number}{suffix}"


def _in_smaller(a: float, form: UnitForm, digits: int | None) -> str:
    """Under one of the unit, the number and suffix of the smaller unit it names, written as
    a flow is ('830 persons', '5.5 persons'); in a table, whole from one up. Money ('$' with
    ' a month' under '$k a month') is written as money is, to the unit's own precision
    ('$40 a month', not '$40.0 a month', where the unit's levels show a tenth of $1k)."""
    many = a * form.smaller_factor
    if is_money(form.symbol, form.smaller) or not form.smaller_signed:
        own = form.change_decimals()
        shift = round(math.log10(form.smaller_factor))
        cents = 2 if own is None else min(2, max(0, own - shift))
        return f"{money_text(many, cents)}{form.smaller}"
    places = (0 if many >= 1.0 else decimals_for(many, 1)) if digits is not None else None
    number = _number(many, places, FLOW_STEPS if places is None else SMALL)
    return f"{number}{after_one(form.smaller) if number == '1' else form.smaller}"


def _as_stored(value: float) -> float:
    """``value`` as the JSON output writes it, to 10 significant digits: a number is rounded
    for display from that, so that 0.1949999999999 (0.195 in the JSON) reads 0.20, not 0.19.

    Examples
    --------
    >>> _as_stored(0.19499999999999998), _as_stored(1 / 3)
    (0.195, 0.3333333333)
    """
    return float(f"{value:.10g}")


def _magnitude(value: float, unit: str, digits: int | None = None) -> str:
    """An unsigned change in ``unit`` with its unit attached, as the unit's form says."""
    form = active().unit(unit)
    a = _as_stored(abs(_as_stored(value)) * form.change_scale)
    if form.change == "bp":  # in bp, or as the pack spells them: '+1 basis point'
        n, said = _number(a, digits, BP_STEPS), form.change_suffix or "bp"
        return n + (after_one(said) if n == "1" else said)
    if form.change == "percent":
        return f"{_number(a, digits, SMALL)}%"
    return _points(a, form, digits)


def _is_zero(text: str) -> bool:
    """True when the first number in ``text`` reads as zero (a suffix's digits, as in
    'kt CO2', are no part of the number)."""
    number = re.search(r"[0-9][0-9.,]*", text)
    return number is None or not re.search(r"[1-9]", number.group())


def shows(value: float, unit: str) -> bool:
    """True when a change would not read as zero once formatted in its unit.

    Examples
    --------
    >>> shows(0.0004, "pct"), shows(0.0006, "pct")
    (False, True)
    """
    return not _is_zero(_magnitude(value, unit))


def move(value: float, unit: str, digits: int | None = None) -> str:
    """A signed change with its unit: bp for rates and spreads, % for prices, $ or ¥ for flows.

    Examples
    --------
    >>> move(-0.081, "pct"), move(0.0375, "pct", 2), move(12.0, "index"), move(0.0, "pct")
    ('-8.1bp', '+3.75bp', '+12 pts', '0bp')
    """
    form = active().unit(unit)
    text, sign = _magnitude(value, unit, digits), form.change_symbol
    if not _is_zero(text):
        return ("+" if value > 0 else "-") + text
    none = none_of(sign, form.change_text) if form.change == "points" else form.change_text
    if none != form.change_text:  # none of a multiple: '$0 a day', not '$0bn a day'
        return f"{sign}0{none}"
    zero = re.sub(r"[0-9.,]+", "0", text, count=1)  # no index's name before none: '0', not 'Kp 0'
    return zero.removeprefix(sign) if sign.strip().isalpha() and not money_sign(sign) else zero


def gap(value: float, unit: str, digits: int | None = None) -> str:
    """A signed difference of two changes in ``unit``: percent changes differ in percentage
    points (pp, or as the pack's units write them: ' pp'), other changes as :func:`move`
    writes them (bp, $bn, pts).

    Examples
    --------
    >>> gap(2.66, "pct_change"), gap(-0.22, "pct_change"), gap(-0.5, "pct"), gap(0.0, "pct_change")
    ('+2.7pp', '-0.22pp', '-50bp', '0pp')
    """
    words = active()
    if words.unit(unit).change != "percent":
        return move(value, unit, digits)
    text = _number(abs(value), digits, SMALL) + words.points  # as the pack writes its pp
    if _is_zero(text):
        return "0" + words.points
    return ("+" if value > 0 else "-") + text


def size(value: float, unit: str, digits: int | None = None) -> str:
    """An unsigned change with its unit (the verb of the sentence carries the direction).

    Examples
    --------
    >>> size(-0.1, "pct"), size(-3.0, "index")
    ('10bp', '3 pts')
    """
    return _magnitude(value, unit, digits)


def distance(value: float, unit: str, near: float | None = None) -> str:
    """How far apart two levels are, in the unit the level reads in.

    A unit whose changes read in percent (a price) gives the difference of levels in the
    level's own form, then the share of ``near`` (the level it is measured from) it makes;
    other units give the difference as their changes read (basis points, points).

    Examples
    --------
    >>> distance(4.2, "pct_change", 155.8), distance(0.19, "pp")
    ('4.2 (2.7%)', '19bp')
    """
    form = active().unit(unit)
    if form.change != "percent" or not form.levels:
        return size(value, unit)
    a = abs(value) * form.factor
    digits = form.decimals
    if digits is None:  # as many decimals as the level it is measured from shows
        digits = decimals_for(abs(near or value) * form.factor, 4)
    text = f"{form.symbol}{_number(a, digits, SMALL)}{form.suffix}"
    if near:
        text += f" ({_number(abs(value / near) * 100, None, SMALL)}%)"
    return text


def level(value: float, unit: str) -> str:
    """A level in the unit's natural form: a rate in percent, a spread in pp, a stock in $bn or
    $tn, a price to four significant digits ('' for a unit without levels).

    Examples
    --------
    >>> level(1.7011, "pp"), level(0.85, "prob"), level(0.75, "pct")
    ('1.70pp', '85%', '0.75%')
    >>> level(157.53, "pct_change"), level(49512.0, "pct_change")
    ('157.5', '49,512')
    """
    return _level(value, active().unit(unit))


def level_beside(value: float, other: float, unit: str) -> str:
    """A level told beside ``other`` (its level in the comparison): as :func:`level` writes
    it, with up to three more decimals where the two would read alike though they differ
    ('at #84.7 (#85.0 with no shocks)', not 'at #85 (#85 with no shocks)').

    Examples
    --------
    >>> level_beside(0.7512, 0.7498, "pct"), level_beside(0.7498, 0.7512, "pct")
    ('0.751%', '0.750%')
    >>> level_beside(0.75, 0.25, "pct")
    '0.75%'
    """
    form = active().unit(unit)
    if form.decimals is None or value == other or _level(value, form) != _level(other, form):
        return _level(value, form)
    for more in (1, 2, 3):
        wider = structs.replace(form, decimals=form.decimals + more)
        if _level(value, wider) != _level(other, wider):
            return _level(value, wider)
    return _level(value, form)


def written(value: float, unit: str) -> str:
    """A level the pack wrote itself (a trigger, a ``when``'s bound, a floor) as the level
    filter reads it, with the digits the unit's own would round away: an alert level bound
    at 0.5 in a unit of whole levels reads 'level 0.5', never 'level 0' (a bound read as
    the very level it excludes).

    Examples
    --------
    >>> written(0.125, "pct"), level(0.125, "pct"), written(0.5, "pct")
    ('0.125%', '0.12%', '0.50%')
    """
    form = active().unit(unit)
    digits = form.decimals
    if digits is None or not form.levels:
        return level(value, unit)
    a = abs(_as_stored(value)) * form.factor
    while digits < 6 and abs(round(a, digits) - a) > 1e-9 * max(1.0, a):
        digits += 1
    return _level(value, structs.replace(form, decimals=digits))


def _level(value: float, form: UnitForm) -> str:
    if not form.levels:
        return ""
    a = _as_stored(abs(_as_stored(value)) * form.factor)
    if form.thousand and a >= form.thousand_factor:
        sign, many = "-" if value < 0 else "", a / form.thousand_factor
        text = f"{many:,.{min(2, decimals_for(many, 4))}f}"
        if form.decimals == 0 and "." in text:  # a whole count: '3k bots', not '3.00k bots'
            text = text.rstrip("0").rstrip(".")
        return f"{sign}{form.symbol}{text}{form.thousand}"
    if form.smaller and 0.0 < a < 1.0:
        sign = form.symbol if form.smaller_signed else ""
        return f"{'-' if value < 0 else ''}{sign}{_in_smaller(a, form, None)}"
    digits = form.decimals
    if digits is None:
        digits = decimals_for(a, 4)
        text = f"{a:,.{digits}f}"
        text = text.rstrip("0").rstrip(".") if "." in text else text
    else:
        text = f"{a:,.{digits}f}"
    none = form.suffix if re.search("[1-9]", text) else none_of(form.symbol, form.suffix)
    if none != form.suffix:  # none of a multiple: '$0 a day', not '$0.0bn a day'
        return f"{form.symbol}0{none}"
    sign = "-" if value < 0 and re.search("[1-9]", text) else ""  # no "-0.0"
    return f"{sign}{form.symbol}{text}{after_one(form.suffix) if text == '1' else form.suffix}"


def band(value: BandLike, unit: str) -> str:
    """A Monte Carlo band, p5 to p95, as signed changes, a unit in words said once.

    Examples
    --------
    >>> from macrograph.graph.result import Band
    >>> band(Band(1.2157, 1.78, 2.4432), "pct_change")
    '+1.2% to +2.4%'
    """
    return " to ".join(band_ends(value, unit))


def band_ends(value: BandLike, unit: str) -> tuple[str, str]:
    """The two ends of :func:`band`, each a figure to keep on one line where it wraps.

    Examples
    --------
    >>> from macrograph.graph.result import Band
    >>> band_ends(Band(1.2157, 1.78, 2.4432), "pct_change")
    ('+1.2%', '+2.4%')
    >>> band_ends(Band(-0.1, -0.05, -0.0004), "pct")  # an end that is no zero says so
    ('-10bp', '-0.04bp')
    >>> band_ends(Band(-0.0004, 0.0, 0.0003), "pct")  # nor where both ends are noise
    ('0bp', '0bp')
    """
    low, high = move(value.p5, unit), move(value.p95, unit)
    if value.p5 * value.p95 > 0 and _is_zero(low) != _is_zero(high):  # one sign, one end none
        low, high = _end(value.p5, unit), _end(value.p95, unit)
    return span(low, high).removesuffix(f" to {high}"), high


def _end(value: float, unit: str) -> str:
    """A band's end as :func:`move` writes it, to two significant digits where its own
    decimals would write a change that is not zero as none ('-$0.0001 to $0 a stream')."""
    text = move(value, unit)
    return move(value, unit, 2) if _is_zero(text) else text


def percent(probability: float) -> str:
    """A probability as a whole percent.

    Examples
    --------
    >>> percent(0.85), percent(0.972)
    ('85%', '97%')
    """
    return f"{probability * 100:.0f}%"


def day(value: date) -> str:
    """A date as '19 Dec 2025'.

    Examples
    --------
    >>> day(date(2025, 12, 19))
    '19 Dec 2025'
    """
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def horizon(label: str) -> str:
    """A horizon label in words: 1d -> '1 day', 3m -> '3 months'.

    Examples
    --------
    >>> horizon("1d"), horizon("3m")
    ('1 day', '3 months')
    """
    count, letter = int(label[:-1]), label[-1]
    word = PERIOD_NOUNS.get(letter, letter)
    return f"{count} {word}{'' if count == 1 else 's'}"


def after(label: str) -> str:
    """When a horizon falls, as a sentence says it: after its periods, or within the event's
    own period for a horizon of none (a move 'after 0 days' reads as a slip).

    Examples
    --------
    >>> after("3m"), after("0d"), after("0m")
    ('after 3 months', 'on the day', 'in the same month')
    """
    if int(label[:-1]) != 0:
        return f"after {horizon(label)}"
    letter = label[-1]
    return "on the day" if letter == "d" else f"in the same {PERIOD_NOUNS.get(letter, letter)}"


def since(label: str) -> str:
    """How long after an event a horizon reads, before the words 'the event': its periods
    after it, or the event's own period for a horizon of none (not '0 days after').

    Examples
    --------
    >>> since("1w"), since("0d"), since("0q")
    ('1 week after', 'on the day of', 'in the same quarter as')
    """
    if int(label[:-1]) != 0:
        return f"{horizon(label)} after"
    return "on the day of" if label[-1] == "d" else f"{after(label)} as"


def days(count: int) -> str:
    """A number of days in words.

    Examples
    --------
    >>> days(1), days(5)
    ('1 day', '5 days')
    """
    return counted(count, "day")


def fixed(value: float, digits: int = 2) -> str:
    """A number with a fixed number of decimals, signed only when negative.

    Examples
    --------
    >>> fixed(1.234), fixed(-0.05, 1)
    ('1.23', '-0.1')
    """
    text = f"{value:.{digits}f}"
    return text if text.strip("-0.") else text.lstrip("-")


FILTERS: dict[str, Callable[..., Any]] = {
    "agree": agree,
    "possessive": possessive,
    "plural": reads_plural,  # HTML writes the possessive's apostrophe itself, unescaped
    "article": article,
    "band": band,
    "after": after,
    "capfirst": capfirst,
    "cells": cells,
    "clip": clip,
    "counted": counted,
    "day": day,
    "days": days,
    "distance": distance,
    "estimate": estimate_text,
    "fixed": fixed,
    "gap": gap,
    "horizon": horizon,
    "label_lines": label_lines,
    "level": level,
    "level_beside": level_beside,
    "line": line,
    "md": md,
    "move": move,
    "pad": pad,
    "percent": percent,
    "plain": plain,
    "rpad": rpad,
    "since": since,
    "size": size,
    "underline": underline,
    "wrap": wrap,
    "written": written,
}
