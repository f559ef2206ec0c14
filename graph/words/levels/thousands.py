"""A count's own thousand: the unit's thousand factor when a size is said in it ('5k bots'
of a count written '5,000 bots'), and that thousand when a size is said in its bare
multiple ('5 thousand' of it).

Examples
--------
>>> from macrograph.rules.vocabulary import UnitForm
>>> own_thousand(UnitForm(change="points", suffix=" bots", thousand="k bots"), "thousand")
'k bots'
"""

from __future__ import annotations

from macrograph.graph.words.units.unitspelling import bare_multiple
from macrograph.graph.words.units.unitwords import thousand_words
from macrograph.rules.vocabulary import UnitForm


def thousands_of(form: UnitForm, unit: str) -> float:
    """The unit's thousand factor when ``unit`` is its thousand ('k tickets' of ' tickets':
    1000; 'lakh crore a day' of ' crore a day': 100,000), else 1.

    Examples
    --------
    >>> from macrograph.rules.vocabulary import UnitForm
    >>> form = UnitForm(change="points", change_suffix=" tickets", thousand=" k tickets")
    >>> thousands_of(form, "k tickets"), thousands_of(form, "tickets")
    (1000.0, 1.0)
    """
    own = form.change_text.strip().lower()
    named = unit != own and unit in {w.lower() for w in thousand_words(form)}
    return form.thousand_factor if named else 1.0


def own_thousand(form: UnitForm, unit: str) -> str:
    """The unit's own thousand when ``unit`` is its multiple said alone ('k' or 'thousand'
    of a count that writes 5,000 bots '5k bots'), else ``unit`` as it is.

    Examples
    --------
    >>> from macrograph.rules.vocabulary import UnitForm
    >>> form = UnitForm(change="points", suffix=" bots", thousand="k bots")
    >>> own_thousand(form, "k"), own_thousand(form, "thousand"), own_thousand(form, "m")
    ('k bots', 'k bots', 'm')
    """
    power, own = bare_multiple(unit), form.change_text.strip().lower()
    if power is None or form.symbol or not own or 10.0**power != form.thousand_factor:
        return unit
    written = form.thousand.strip().lower()  # as the pack writes it, before its other spellings
    for word in sorted({w.lower() for w in thousand_words(form)}, key=lambda w: (w != written, w)):
        head, _, rest = word.partition(" ")
        if rest == own and bare_multiple(head) == power:
            return word
    return unit
