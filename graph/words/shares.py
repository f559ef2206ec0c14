"""Sizes said as a share of a node's level: a level as a share of its average ('snowfall is
half the average', 'at 80% of normal': that share of its baseline, where its level has a zero
that means none of it), a change as a percent of its level (:func:`of_level`,
:func:`share_of_level`) and a level as a fraction of what its unit is a percent of
(:func:`share_said`).

Examples
--------
>>> from macrograph.graph.synthetic import units_pack
>>> share_of_baseline(units_pack(), "flow", 50.0, "flow is half the average")
200.0
"""

from __future__ import annotations

import re

from macrograph.graph.errors import SizeMeasureError
from macrograph.graph.words.units.spellings import share_of_things
from macrograph.graph.words.units.unitspelling import interval_scale
from macrograph.graph.words.units.unitwords import OF_LEVEL, Size, unit_form, unit_read
from macrograph.rules.english.numbers import in_digits
from macrograph.rules.english.phrases import keyboard
from macrograph.rules.pack import Pack
from macrograph.rules.vocabulary import UnitForm


def share_of_baseline(pack: Pack, node: str, value: float, text: str) -> float:
    """The level that is ``value`` percent of ``node``'s baseline, in its unit.

    Raises
    ------
    SizeMeasureError
        On a scale whose zero is no absence (half of -3 °C is no level of it) and on a node
        with no level above zero: with a level in its own unit to write instead.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> share_of_baseline(units_pack(), "flow", 80.0, "flow at 80% of normal")
    320.0
    """
    form, base = unit_form(pack, node), pack.nodes[node].baseline
    if base is None or base.value <= 0 or interval_scale(form.suffix):
        typical = standing_written(pack, node)
        read = unit_read(pack, node, level=True)
        raise SizeMeasureError(text, node, read, value, OF_LEVEL, [typical], level=True)
    return round(value / 100.0 * base.value, 12)


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
        return unit_form(pack, node).change != "percent"
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
    form, baseline = unit_form(pack, node), pack.nodes[node].baseline
    if form.change != "points" or "%" in form.suffix or baseline is None:
        return None
    if interval_scale(form.suffix):  # 10% of 31 °C is no warming of 3.1 °C
        return None
    return baseline.value / 100.0 if baseline.value > 0 else None


def share_said(form: UnitForm, said: str) -> str:
    """A level ``said`` as a fraction of what the unit ``form`` is a percent of ('half the
    average' of '% of average'), in the unit ('50% of average'); else ``said`` as it is.

    Examples
    --------
    >>> share_said(UnitForm(suffix="% of average"), "a third of the average")
    '33.3333% of average'
    >>> share_said(UnitForm(suffix="% of shops affected"), "a third of the shops")  # no participle
    '33.3333% of shops affected'
    """
    suffix = keyboard(form.suffix).lower()
    whole = re.fullmatch(r"\s*%\s+of\s+(?:the\s+)?(.+)", suffix)
    part = re.fullmatch(r"([0-9.]+)\s+(?:of\s+)?(?:the\s+)?(.+)", (in_digits(said) or [said])[0])
    # the things a participle qualifies, said without it ('a third of the shops')
    things = {t.split(" of ", 1)[1].removeprefix("the ") for t in share_of_things(suffix.strip())}
    if whole is None or part is None or part[2] not in {whole[1], *things}:
        return said
    return f"{float(part[1]) * 100:g}{form.suffix}"


def share_typed(form: UnitForm, said: str, level: bool = False) -> str | None:
    """``said``, a percent typed with the words of a unit of percents of something ('10% of
    log supply' of '% of the log supply', the article left out or not), in the unit's own:
    a ``level`` with its suffix, a change in its points ('10 pp'); None for other words, and
    for a unit whose changes are percents of its level.

    Examples
    --------
    >>> form = UnitForm(suffix="% of the log supply", change_suffix=" pp")
    >>> share_typed(form, "10% of log supply"), share_typed(form, "10% of the log supply", True)
    ('10 pp', '10% of the log supply')
    >>> share_typed(form, "10% of the harvest") is None
    True
    """
    whole = re.fullmatch(r"\s*%\s+of\s+(?:the\s+)?(.+)", keyboard(form.suffix).lower())
    part = re.fullmatch(r"([0-9.]+)\s*%\s+of\s+(?:the\s+)?(.+)", keyboard(said).strip().lower())
    if form.change != "points" or whole is None or part is None or part[2] != whole[1]:
        return None
    return f"{part[1]}{form.suffix if level else form.change_text}"


def standing_written(pack: Pack, node: str) -> str:
    """Where ``node`` stands, in its own unit, as a level to write ('LEVEL' with none).

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> standing_written(units_pack(), "flow"), standing_written(units_pack(), "index")
    ('400', 'LEVEL')
    """
    base = pack.nodes[node].baseline
    return f"{base.value * unit_form(pack, node).factor:g}" if base is not None else "LEVEL"
