"""Commands and passives: a verb said as a command ('raise', 'shut') found among the pack's
verbs, and the auxiliary of a passive read past ('was cut to $8.50' is 'cut to $8.50').

Examples
--------
>>> imperative({"raises": 1}, "raise"), unpassive({"cut": -1}, "was cut to 2%")
('raises', 'cut to 2%')
"""

from __future__ import annotations

from collections.abc import Mapping

from macrograph.graph.words.rewording import as_verb, verb_at
from macrograph.graph.words.verbforms import other_number

PASSIVE = ("is", "are")  # 'is shut': a passive whose participle is the command ('shut')


def imperative(verbs: Mapping[str, int], said: str) -> str:
    """The one of ``verbs`` that ``said``, a verb said as a command ('raise', 'shut'), is: the
    verb itself, in the other number ('raises'), or a passive of it ('is shut'); '' for none.

    Examples
    --------
    >>> imperative({"raises": 1, "is shut": -1}, "raise"), imperative({"is shut": -1}, "shut")
    ('raises', 'is shut')
    >>> imperative({"rises": 1}, "river")
    ''
    """
    for form in (said, other_number(said), *(f"{be} {said}" for be in PASSIVE)):
        if form in verbs:
            return form
    return ""


AUXILIARIES = (
    *("has been", "have been", "had been", "will be"),
    *("is", "are", "was", "were", "gets", "get", "got"),
)
"""What a passive puts before its participle ('was cut to $8.50'), read past."""


def unpassive(verbs: Mapping[str, int], rest: str, ends: tuple[str, ...] = ()) -> str:
    """``rest`` without the auxiliary of a passive before one of ``verbs``, of ``ends``
    (verbs of an end: 'is scrapped') or a word :func:`as_verb` reads as one ('was cut to
    2%': 'cut to 2%'); as it is otherwise ('is at 2%' is a level).

    Examples
    --------
    >>> unpassive({"cut": -1}, "was cut to 2%"), unpassive({"cut": -1}, "is at 2%")
    ('cut to 2%', 'is at 2%')
    >>> unpassive({"is shut": -1, "shut": -1}, "is shut")
    'is shut'
    >>> unpassive({}, "is scrapped", ("scrapped",))
    'scrapped'
    """
    be = next((b for b in AUXILIARIES if rest.startswith(f"{b} ")), "")
    after = rest[len(be) :].strip()
    verbs = {**verbs, **dict.fromkeys(ends, 0)}
    if not be or verb_at(rest, verbs):  # 'is shut' a verb of its own
        return rest
    if not (verb_at(after, verbs) or as_verb(verbs, after) != after):
        return rest
    return after
