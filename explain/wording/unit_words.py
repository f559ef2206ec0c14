"""Sizes in words: a change in its unit's display form, and a rule's size per display unit
of its cause (``-0.04% per bp``), read from the active vocabulary.

Examples
--------
>>> per_unit("pct"), signed_text(0.004, "pct")
('bp', '+0.4bp')
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from macrograph.explain.filters import horizon, move
from macrograph.explain.wording.speaking import speaks_pack
from macrograph.rules.english.forms import after_one, decimals_for, span
from macrograph.rules.english.money import is_money, money_sign
from macrograph.rules.fields import period_noun
from macrograph.rules.models import AnyRule, IntegrateRule, LinearRule, ThresholdRule
from macrograph.rules.pack import Pack
from macrograph.rules.vocabulary import active

if TYPE_CHECKING:  # a chain of graph.query's; importing it would load networkx at start
    from macrograph.graph.query import Path


def significant(x: float, digits: int = 2) -> str:
    """An unsigned number to ``digits`` significant digits, trailing zeros trimmed.

    Examples
    --------
    >>> significant(0.0392), significant(1.0), significant(350.4), significant(0.0)
    ('0.039', '1', '350', '0')
    """
    if x <= 0.0:
        return "0"
    decimals = decimals_for(x, digits)
    text = f"{x:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def per_unit(unit: str) -> str:
    """One display unit of a change in ``unit``, as it reads after "per": ``bp``, ``1%``,
    ``$1bn``, ``1 pt``; a unit that is a word in lower case, without its "1" ('per bed', not
    'per 1 bed'; 'per 1 GtC'); an index named before its number, as a unit of it ('per
    unit of Kp', not 'per Kp 1').

    Examples
    --------
    >>> per_unit("pct"), per_unit("pct_change"), per_unit("prob"), per_unit("index")
    ('bp', '1%', '1pp', '1 pt')
    >>> from macrograph.rules.vocabulary import UnitForm, Vocabulary, speaking
    >>> with speaking(Vocabulary(units={"doses_day": UnitForm(suffix=" doses a day")})):
    ...     per_unit("doses_day"), per_unit("beds"), per_unit("kt_co2")
    ('dose a day', 'bed', '1 kt_co2')
    >>> with speaking(Vocabulary(units={"kp": UnitForm(symbol="Kp ")})):
    ...     per_unit("kp")
    'unit of Kp'

    """
    form = active().unit(unit)
    if form.change == "bp":  # 'per basis point' of a unit that spells them ' basis points'
        return after_one(form.change_suffix).strip() if form.change_suffix else "bp"
    if form.change == "percent":
        return "1%"
    one = after_one(form.change_text)
    if form.change_symbol and not one.strip() and not money_sign(form.change_symbol):
        return f"unit of {form.change_symbol.strip()}"  # an index's name: not 'per Kp 1'
    word = one.strip().split(" ")[0]
    spelt = word.isalpha() and word.islower() and len(word) > 2  # not 'pt', 'GtC', 'kt_co2'
    if not form.change_symbol and one.startswith(" ") and spelt:
        return one.strip()  # a word: 'per bed'; an abbreviation keeps its one ('per 1 pt')
    return f"{form.change_symbol}1{one}"


def written_digits(value: float) -> int:
    """The significant digits a size is written with, two at least and three at most: a
    pack's 14.4 keeps its three.

    Examples
    --------
    >>> written_digits(14.4), written_digits(0.06), written_digits(1500.0), written_digits(1 / 3)
    (3, 2, 2, 3)
    """
    mantissa = f"{abs(value):.2e}".split("e")[0].replace(".", "").rstrip("0")
    return max(2, len(mantissa))


def signed_text(value: float, unit: str, digits: int = 2) -> str:
    """A signed change in ``unit``'s display form, to ``digits`` significant digits.

    Examples
    --------
    >>> signed_text(-0.0003, "pct_change"), signed_text(0.004, "pct"), signed_text(2.5, "index")
    ('-0.0003%', '+0.4bp', '+2.5 pts')
    >>> signed_text(1.0, "index")
    '+1 pt'

    Money per something is written to the cent, as a price is:

    >>> from macrograph.rules.vocabulary import UnitForm, Vocabulary, speaking
    >>> with speaking(Vocabulary(units={"bbl": UnitForm(symbol="$", suffix="/bbl")})):
    ...     signed_text(-0.4, "bbl"), signed_text(0.005, "bbl"), signed_text(12.0, "bbl")
    ('-$0.40/bbl', '+$0.005/bbl', '+$12/bbl')

    Under one of a unit that names a smaller one, in that one, as a move is written:

    >>> with speaking(Vocabulary(units={"k": UnitForm(suffix="k TEU", smaller=" TEU")})):
    ...     signed_text(0.02, "k"), signed_text(2.5, "k")
    ('+20 TEU', '+2.5k TEU')
    """
    form = active().unit(unit)
    x = value * form.change_scale
    suffix = {"bp": "bp", "percent": "%"}.get(form.change, form.change_text)
    symbol = form.change_symbol if form.change == "points" else ""  # a percent move: none
    smaller = form.change == "points" and bool(form.smaller) and 0.0 < abs(x) < 1.0
    if smaller:
        # under one of the unit, in the smaller one it names, as a move is written
        x, suffix = x * form.smaller_factor, form.smaller
        symbol = symbol if form.smaller_signed else ""  # '-50p a month', not '-£50p'
    sign = "+" if x > 0 else ("-" if x < 0 else "")
    number = significant(abs(x), digits)
    money = not smaller and is_money(form.symbol, form.suffix)
    if symbol and money and re.fullmatch(r"\d+\.\d", number):
        number += "0"  # money to the cent: '$0.40/bbl', never '$0.4/bbl'
    return f"{sign}{symbol}{number}{after_one(suffix) if number == '1' else suffix}"


def elasticity_text(value: float, target: str, source: str, digits: int = 2) -> str:
    """``value`` target units per source unit, per one display unit of the source, to
    ``digits`` significant digits.

    Examples
    --------
    >>> elasticity_text(0.4, "pct_change", "pct")  # 0.4% per 1pp is 0.004% per bp
    '+0.004%'
    """
    return signed_text(value / active().unit(source).change_scale, target, digits)


NUMBER = re.compile(r"\d[\d,]*(?:\.(\d+))?")


def _words_after(text: str, match: re.Match[str]) -> str:
    """The words after a size's number, a plural's 's' aside ('k viewers a day', ' pt')."""
    return re.sub(r"s\b", "", text[match.end() :])


def same_places(low: str, high: str) -> tuple[str, str]:
    """The two ends of a range as written, the one with fewer decimals given as many as the
    other ('+2¢/gal' to '+2.6¢/gal' reads '+2.0¢/gal' to '+2.6¢/gal', as a table would).

    Examples
    --------
    >>> same_places("+2¢/gal", "+2.6¢/gal"), same_places("-$3/bbl", "-$8/bbl")
    (('+2.0¢/gal', '+2.6¢/gal'), ('-$3/bbl', '-$8/bbl'))
    >>> same_places("+0.25 pts", "+1 pt")  # one of a unit keeps its singular as it is
    ('+0.25 pts', '+1 pt')
    >>> same_places("+500 viewers", "+2.5k viewers")  # in other words: each its own decimals
    ('+500 viewers', '+2.5k viewers')
    """
    searched = [NUMBER.search(text) for text in (low, high)]
    found = [m for m in searched if m is not None]
    if len(found) < 2 or _words_after(low, found[0]) != _words_after(high, found[1]):
        return low, high
    places = [len(m.group(1) or "") for m in found]
    most = max(places)
    ends = []
    for text, match, has in zip((low, high), found, places, strict=True):
        if match.group(0) == "1":
            ends.append(text)
            continue
        number = match.group(0) + ("." if has == 0 and most else "") + "0" * (most - has)
        ends.append(text[: match.start()] + number + text[match.end() :])
    return ends[0], ends[1]


def size_words(
    value: float,
    bounds: tuple[float, float] | None,
    target: str,
    source: str,
    written: bool = False,
) -> str:
    """A rule's signed size in words: ``value`` of ``target`` per one display unit of
    ``source``, with its range (``bounds``, signed as ``value`` is) written to the same
    decimals, as the lesson and a brief's departures write it (to two significant digits,
    or, ``written``, to as many as the pack's own figure has up to three: 14.4 is not 14,
    where a fitted size is read to two); a size too small to read per
    one of its cause is read per more of it, as a chain's is (:func:`per_many`).

    Examples
    --------
    >>> size_words(-0.01, (-0.005, -0.015), "pct_change", "pct")
    '-0.0001% per bp (from -0.00005% to -0.00015%)'
    >>> size_words(2.0, (2.0, 2.0), "index", "index"), size_words(0.5, None, "pct", "index")
    ('+2 pts per 1 pt', '+50bp per 1 pt')
    """
    many = per_many(value, target, source)  # a size too small to read, per more of its cause
    per = per_unit(source) if many == 1 else amount_text(many, source)
    shown = written_digits(value) if written else 2
    text = f"{elasticity_text(value * many, target, source, shown)} per {per}"
    if bounds is None:
        return text
    ends = (
        elasticity_text(x * many, target, source, written_digits(x) if written else 2)
        for x in bounds
    )
    low, high = same_places(*ends)
    return text + (f" (from {span(low, high)})" if low != high else "")


def rule_size_words(
    pack: Pack,
    rule: AnyRule,
    elasticity: float,
    bounds: tuple[float, float] | None,
    written: bool = False,
) -> str:
    """A size of ``rule`` in words, its own or one a view gives it (``elasticity`` and the
    ``bounds`` of its range, unsigned as a pack writes them): a threshold's jump in its
    target's unit, as a table writes a move; any other per a unit of its source
    (:func:`size_words`).

    Examples
    --------
    >>> from macrograph.graph.synthetic import slump_pack
    >>> pack = slump_pack()
    >>> rule_size_words(pack, pack.rules["a_to_b"], 0.5, (0.25, 0.75))
    '+0.5 pts per 1 pt (from +0.25 pts to +0.75 pts)'
    """
    target, scale = pack.nodes[rule.target].unit, rule.scale
    signed = None if bounds is None else (scale * bounds[0], scale * bounds[1])
    if not isinstance(rule, ThresholdRule):
        source = pack.nodes[rule.source].unit
        return size_words(scale * elasticity, signed, target, source, written)
    text = f"a jump of {move(scale * elasticity, target)}"
    if signed is not None and signed[0] != signed[1]:
        text += f" (from {span(move(signed[0], target), move(signed[1], target))})"
    return text


SMALL = 0.001
"""A size per one unit of its cause below this (in its display unit) is read per a power of
ten of the cause, up to the cause's typical move: '+0.00067 pp per 10k req/s', not
'+0.000000067 pp per 1 req/s'."""


def per_many(value: float, target: str, source: str) -> float:
    """How many display units of ``source`` a size of ``value`` is best read per: 1, or the
    power of ten at most the source's typical move that lifts a size too small to read
    (under :data:`SMALL` of the target's display unit) nearest to it.

    Examples
    --------
    >>> from macrograph.rules.vocabulary import UnitForm, Vocabulary, speaking
    >>> calls = UnitForm(suffix=" calls", typical=50_000.0, thousand="k calls")
    >>> with speaking(Vocabulary(units={"calls": calls})):
    ...     per_many(1e-8, "pct", "calls"), per_many(0.5, "pct", "calls")
    (10000.0, 1.0)
    >>> per_many(1e-8, "pct", "pct")  # a basis point is its typical move: no more than one
    1.0
    """
    form = active().unit(source)
    typical = form.typical * form.change_scale
    shown = abs(value) * active().unit(target).change_scale / form.change_scale
    if shown == 0.0 or shown >= SMALL or typical < 10.0:
        return 1.0
    most = 10.0 ** math.floor(math.log10(typical))
    return min(most, 10.0 ** math.ceil(math.log10(SMALL / shown)))


def amount_text(amount: float, unit: str) -> str:
    """``amount`` display units of a change in ``unit``, as it reads after "per": in the
    unit's thousands when it has them.

    Examples
    --------
    >>> from macrograph.rules.vocabulary import UnitForm, Vocabulary, speaking
    >>> calls = UnitForm(suffix=" calls", typical=50_000.0, thousand="k calls")
    >>> with speaking(Vocabulary(units={"calls": calls})):
    ...     amount_text(10_000.0, "calls"), amount_text(100.0, "calls")
    ('10k calls', '100 calls')
    >>> amount_text(10.0, "pct"), amount_text(10.0, "pct_change")
    ('10bp', '10%')
    """
    form = active().unit(unit)
    if form.change == "bp":
        return f"{significant(amount)}{form.change_suffix or 'bp'}"
    if form.change == "percent":
        return f"{significant(amount)}%"
    if form.thousand and amount >= form.thousand_factor:
        many = significant(amount / form.thousand_factor)
        return f"{form.change_symbol}{many}{form.thousand}"
    return f"{form.change_symbol}{significant(amount)}{form.change_text}"


@speaks_pack
def chain_size(pack: Pack, path: Path) -> str:
    """A chain's size: its last node's move per one display unit of its first node's, the
    rules' sizes multiplied along it, in the units' display forms (never in scientific
    notation); ``unsized`` when a rule of it claims a sign only. A chain through a rule
    that adds a flow up into a stock says so: its size is the stock's move each period the
    flow lasts.

    Examples
    --------
    >>> from macrograph.graph.build import build_graph
    >>> from macrograph.graph.query import paths
    >>> from macrograph.graph.synthetic import pack_of, rule, units_pack
    >>> chain_size(units_pack(), paths(build_graph(units_pack()), "rate", "price", 8, {})[0])
    '-0.01% per bp'
    >>> filling = pack_of([rule("a_fills_b", "a", "b", 0.5, integrate=True)])
    >>> chain_size(filling, paths(build_graph(filling), "a", "b", 8, {})[0])
    '+0.5 pts per 1 pt, added up every day'
    """
    if path.elasticity is None:
        return "unsized"
    source, target = (pack.nodes[n].unit for n in (path.nodes[0], path.nodes[-1]))
    many = per_many(path.elasticity, target, source)
    size = elasticity_text(path.elasticity * many, target, source)
    text = f"{size} per {per_unit(source) if many == 1 else amount_text(many, source)}"
    stocks = sum(isinstance(pack.rules.get(r), IntegrateRule) for r in path.rules)
    if stocks:
        every = period_noun(pack.info.period)
        text += f", added up every {every}" + (f" ({stocks} times)" if stocks > 1 else "")
    return text + fading_text([pack.rules.get(r) for r in path.rules])


def fading_text(rules: list[AnyRule | None]) -> str:
    """How the fading rules among ``rules`` (a ``decay``) wear a size off, after it: ', halving
    every 2 months' of one, ', fading through N rules' of more; '' of none.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> rule = units_pack().rules["rate_moves_price"]
    >>> fading_text([rule]), fading_text([rule.model_copy(update={"decay": "2m"})])
    ('', ', halving every 2 months')
    """
    lives = [r.decay for r in rules if isinstance(r, LinearRule) and r.decay is not None]
    if len(lives) > 1:
        return f", fading through {len(lives)} rules"
    return f", halving every {horizon(lives[0])}" if lives else ""
