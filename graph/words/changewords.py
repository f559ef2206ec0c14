"""A change of a node written in its unit: the ways a user could type it back
(:func:`unit_choices`, :func:`shock_example`) and as a title or a shock's line shows it
(:func:`shown_change`, :func:`titled_change`); the words each unit is typed with are
:mod:`~macrograph.graph.words.units.unitwords`.

Examples
--------
>>> from macrograph.graph.synthetic import units_pack
>>> unit_choices(units_pack(), "rate", 20.0)
['+20bp', '+0.20pp', '+20pp']
"""

from __future__ import annotations

from macrograph.graph.words.units.spellings import singular_unit
from macrograph.graph.words.units.unitwords import (
    SHORT_MULTIPLES,
    points_words,
    thousand_words,
    unit_form,
)
from macrograph.rules.english.forms import (
    NUMBER_WORDS,
    SHORT_POWERS,
    after_one,
    decimals_for,
    in_words,
    plain,
)
from macrograph.rules.english.money import is_money, money_text
from macrograph.rules.pack import Pack


def unit_choices(pack: Pack, node: str, value: float, exact: bool = False) -> list[str]:
    """How a change of ``value`` may be written on ``node``, most likely meaning first; a
    number typed without a unit may also have meant percentage points of a node in basis
    points, a size read in the node's unit (``exact``) is written only as itself.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> unit_choices(units_pack(), "price", 5.0), unit_choices(units_pack(), "flow", -2.0)
    (['+5%'], ['-2GWh'])
    >>> unit_choices(units_pack(), "rate", 20.0), unit_choices(units_pack(), "rate", 20.0, True)
    (['+20bp', '+0.20pp', '+20pp'], ['+20bp', '+0.20pp'])
    """
    form = unit_form(pack, node)
    if form.change == "bp":
        points = f"{value / 100:+.2f}"
        if abs(float(points) - value / 100) > 1e-12:
            points = plain(value / 100, "+")
        read = [f"{plain(value, '+')}bp", f"{points}pp"]
        return read if exact else [*read, f"{plain(value, '+')}pp"]
    if form.change == "percent":
        return [f"{plain(value, '+')}%"]
    thousand = form.thousand.strip()  # a thousand of the unit: '+1.5m trips' is 1,500k
    # the unit's own words first, a multiple alone last ('+₹0.2 lakh crore', not '+₹0.2lakh')
    own = points_words(form) - thousand_words(form)
    short = SHORT_MULTIPLES.get((form.change_text.split() or [""])[0].lower())  # 'k' read
    words = sorted(own, key=lambda w: (w.lower() in NUMBER_WORDS, w == short, w))
    spaced = form.change_text.startswith(" ")  # '+5k jobs' as 'k jobs' is written
    if abs(value) == 1.0:  # '+1week', not '+1weeks'; but '+1k calls', many of them
        words = list(dict.fromkeys(w if _multiplied(w) else singular_unit(w) for w in words))
    signed = f"{plain(value, '+')[:1]}{form.change_symbol}{plain(abs(value))}"  # '+€10', as read
    # a word apart, as the unit writes it ('+20000 mentions', not '+20000mentions'); an
    # abbreviation joined ('+5k', '+100mm')
    apart = [spaced and (" " in w or in_words(w)) for w in words]
    found = [f"{signed}{' ' if gap else ''}{w}" for w, gap in zip(words, apart, strict=True)]
    if thousand and abs(value) >= form.thousand_factor:
        space = " " if " " in thousand and spaced else ""
        sign, size = plain(value, "+")[:1], plain(abs(value) / form.thousand_factor)
        found.append(f"{sign}{form.change_symbol}{size}{space}{thousand}")
    return found or [signed]


def _multiplied(word: str) -> bool:
    """Whether a unit's words start with a multiple ('k calls', 'million calls'): a change of
    one of it is many of what it counts, said in the plural."""
    first = word.split()[0].lower() if " " in word.strip() else ""
    return first in SHORT_POWERS or first in NUMBER_WORDS


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
    form = unit_form(pack, node)
    step = found.volatility.value if found.volatility else form.typical
    shown = step * form.change_scale
    # a whole number from 1 up; below, two decimals, or the first digit of a smaller move
    # (0.002 pp, not 0)
    digits = 0 if shown >= 1 else max(2, decimals_for(shown, 1))
    written = unit_choices(pack, node, round(shown, digits))[0]
    return f"{node}={written}"


def shown_change(pack: Pack, node: str, change: float) -> str:
    """A change as written in the node's unit ('+25bp').

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> shown_change(units_pack(), "rate", 0.25), titled_change(units_pack(), "flow", 1400.0)
    ('+25bp', '+1,400 GWh a day')
    """
    scale = unit_form(pack, node).change_scale
    return unit_choices(pack, node, round(change * scale, 6))[0]


def titled_change(pack: Pack, node: str, change: float) -> str:
    """A change as a title writes it, in the unit's own words as the table writes them
    ('+€7/MWh', '-$25bn', '+1,400 a day', '-1.6 contacts a day'), where a ``--shock``
    ('+1400', '-1.6contacts') leaves out the symbol, the separators and the rate.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> pack = units_pack()
    >>> titled_change(pack, "flow", 1400.0), titled_change(pack, "price", -100 / 3)
    ('+1,400 GWh a day', '-33.33%')
    >>> titled_change(pack, "rate", 0.2)  # changes in bp
    '+20bp'
    """
    form = unit_form(pack, node)
    value = brief_value(round(change * form.change_scale, 6))  # as shown_change rounds it
    if form.change == "percent":
        return f"{value:+,.12g}%"  # '-16.67%', not '-16.6667%'; '+1,000,000%', not '+1e+06%'
    if form.change == "bp" and form.change_suffix:  # '+50 basis points' as a pack spells them
        said = after_one(form.change_suffix) if abs(value) == 1 else form.change_suffix
        return f"{plain(value, '+')}{said}"
    if form.change != "points":
        return unit_choices(pack, node, value)[0]
    sign = "-" if value < 0 else "+"
    if (
        form.thousand and abs(value) >= form.thousand_factor
    ):  # '+2.5 mb/d' as the tables write it, not '+2,500 kb/d'
        many = plain(abs(value) / form.thousand_factor, ",")
        return f"{sign}{form.change_symbol}{many}{form.thousand}"
    if form.smaller and form.smaller_signed and 0.0 < abs(value) < 1.0:
        # '-$500k a day' of '$m a day', '-500 players' of 'k players', as the prose and the
        # tables write them, not '-$0.5m a day'; whole money keeps its own ('-£0.50')
        many = plain(round(abs(value) * form.smaller_factor, 6), ",")
        said = after_one(form.smaller) if many == "1" else form.smaller
        return f"{sign}{form.change_symbol}{many}{said}"
    suffix = after_one(form.change_text) if abs(value) == 1 else form.change_text  # 1 worker
    money = is_money(form.change_symbol, form.suffix)  # '-£0.50 a journey', not '-£0.5'
    # never '2.4e+06'; money to the unit's own decimals, at most the hundredth
    shown = money_text(abs(value), form.money_places()) if money else plain(abs(value), ",")
    return f"{sign}{form.change_symbol}{shown}{suffix}"


def brief_value(value: float) -> float:
    """A value for a title: when it runs past four decimals, to two (a third's 33.3333), or
    to two significant digits if it is smaller (a third of 0.02 is 0.0067, not 0.01).

    Examples
    --------
    >>> brief_value(100 / 3), brief_value(0.02 / 3), brief_value(0.25)
    (33.33, 0.0067, 0.25)
    """
    if round(value, 4) == value:
        return value
    return round(value, max(2, decimals_for(value, 2)))
