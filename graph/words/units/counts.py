"""The nodes that count things in a unit said ('300 jobs' of the staff, 'mills' of the levy):
a count said without its node, or a unit said as if it were one; and a count said in the
unit's smaller words ('500 players' of 'k players').

Examples
--------
>>> from macrograph.graph.synthetic import units_pack
>>> counting(units_pack(), "gwh")
['flow']
"""

from __future__ import annotations

import re

from macrograph.graph.words.units.unitwords import (
    UNIT_WORDS,
    bare_words,
    points_words,
    smaller_words,
    unit_form,
)
from macrograph.rules.english.forms import after_one
from macrograph.rules.pack import Pack
from macrograph.rules.vocabulary import UnitForm


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
    return next(iter(counting(pack, unit)), "") if len(counting(pack, unit)) == 1 else ""


def counting(pack: Pack, unit: str) -> list[str]:
    """The nodes whose unit counts things in ``unit`` ('buses'), in id order; none for a unit
    that counts no thing ('a day', '£', '%').

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> counting(units_pack(), "gwh"), counting(units_pack(), "a day")
    (['flow'], [])
    """
    if not unit[:1].isalpha() or unit in UNIT_WORDS or re.match(r"(?:a|an|per)\b", unit):
        return []
    return sorted(n.id for n in pack.nodes.values() if unit in _counts(unit_form(pack, n.id)))


def _counts(form: UnitForm) -> set[str]:
    """The words of a count a unit is written with, also after one ('bus an hour' of
    'buses an hour', as '1 bus an hour' is said)."""
    words = {w.lower() for w in points_words(form)}
    words.add(" ".join(form.change_text.lower().split()))
    words |= set(bare_words(form))  # 'calls a day' of 'k calls a day': 800 of them are 0.8k
    return words | {after_one(f" {w}")[1:] for w in words}


def smaller_said(form: UnitForm, value: float, unit: str) -> tuple[float, str]:
    """``value`` typed in the unit's ``smaller`` words, as the pack writes a size under one
    of the unit ('$500 a day' of '$k a day', '500 players' of 'k players'), in the unit
    with its own words; else as typed.

    Examples
    --------
    >>> from macrograph.rules.vocabulary import UnitForm
    >>> form = UnitForm(symbol="$", suffix="k a day", smaller=" a day")
    >>> smaller_said(form, 500.0, "a day"), smaller_said(form, 5.0, "k a day")
    ((0.5, 'k a day'), (5.0, 'k a day'))
    >>> form = UnitForm(suffix="k colonies a month", smaller=" colonies a month")
    >>> smaller_said(form, 500.0, "colonies")  # a flow's count said without its rate
    (0.5, 'k colonies a month')
    """
    own = form.change_text.strip().lower()  # '£200k a year', or '£200k', of '£m a year'
    if not unit or unit not in smaller_words(form):
        return value, unit
    return round(value / form.smaller_factor, 12), own
