"""The forms of a pack's verbs a question may use: both numbers of the present tense, the
'-ing' form and the past ('herds swell', 'herds swelling', 'what if herds swelled').

Examples
--------
>>> other_number("swells"), tenses("swells")
('swell', ('swelling', 'swelled'))
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

from msgspec.structs import replace

from macrograph.rules.english.forms import IRREGULAR_VERBS, base_form, third_person
from macrograph.rules.english.lexicon import Lexicon, Words, lexicon_words


def other_number(verb: str) -> str:
    """A verb phrase with its first word in the other number of the present tense ('swells'
    for 'swell', 'swell' for 'swells'): a subject may be plural ('herds swell') where a pack
    wrote its verb for a singular one ('swells'), and the other way round.

    Examples
    --------
    >>> other_number("swells"), other_number("carry on"), other_number("tallies")
    ('swell', 'carries on', 'tally')
    >>> other_number("pushes"), other_number("goes up"), other_number("eases")
    ('push', 'go up', 'ease')
    """
    first, _, rest = verb.partition(" ")
    singular = base_form(first)
    other = singular if singular != first else third_person(first)
    return f"{other} {rest}" if rest else other


def tenses(verb: str) -> tuple[str, ...]:
    """A verb phrase said in the present tense of a singular subject ('swells', 'goes up'),
    in its '-ing' form and its past: 'herds swelling' and 'what if herds swelled' ask what
    'herds swell' asks.

    Examples
    --------
    >>> tenses("swells"), tenses("goes up")
    (('swelling', 'swelled'), ('going up', 'went up', 'gone up'))
    >>> tenses("drops"), tenses("tallies"), tenses("swell")
    (('dropping', 'dropped'), ('tallying', 'tallied'), ())
    """
    first, _, rest = verb.partition(" ")
    base = other_number(first)
    if len(base) >= len(first) or len(base) < 2:
        return ()  # no verb of a singular subject ('swell', 'up')
    if base.endswith("ie"):
        ing = base[:-2] + "ying"
    elif base.endswith("e") and not base.endswith("ee"):
        ing = base[:-1] + "ing"
    elif re.fullmatch(r"[^aeiou]*[aeiou][^aeiouwxy]", base):
        ing = base + base[-1] + "ing"  # 'dropping'
    else:
        ing = base + "ing"
    if base in IRREGULAR_VERBS:
        past: tuple[str, ...] = IRREGULAR_VERBS[base]
    elif base.endswith("e"):
        past = (base + "d",)
    elif re.search(r"[^aeiou]y$", base):
        past = (base[:-1] + "ied",)
    elif re.fullmatch(r"[^aeiou]*[aeiou][^aeiouwxy]", base):
        past = (base + base[-1] + "ed",)
    else:
        past = (base + "ed",)
    return tuple(f"{said} {rest}" if rest else said for said in (ing, *past))


def _all_forms(verbs: Mapping[str, int]) -> dict[str, int]:
    """``verbs`` with each one in the other number, and then each of a singular subject in its
    other tenses (:func:`tenses`), where that form says nothing already."""
    found = dict(verbs)
    for verb, direction in verbs.items():
        if len(verb.split()[0]) > 2 and not verb.split()[0].endswith("er"):  # 'up', 'higher'
            found.setdefault(other_number(verb), direction)
    for verb, direction in list(found.items()):
        for said in tenses(verb):
            found.setdefault(said, direction)
    return found


@functools.lru_cache(maxsize=16)
def question_words(lexicon: Lexicon | None) -> Words:
    """A lexicon's verbs in both numbers of the present tense (see :func:`other_number`), in
    their '-ing' form and their past (:func:`tenses`); a form the lexicon gives keeps its own
    direction.

    Examples
    --------
    >>> from macrograph.rules.english.lexicon import Lexicon, Moves
    >>> said = question_words(Lexicon(moves=Moves(up=("swells",))))
    >>> said.moves["swell"], said.moves["swells"], said.moves["swelled"], said.moves["fell"]
    (1, 1, 1, -1)
    """
    pack_words = lexicon_words(lexicon)
    return replace(
        pack_words,
        decisions=_all_forms(pack_words.decisions),
        moves=_all_forms(pack_words.moves),
        kinds={kind: _all_forms(moves) for kind, moves in pack_words.kinds.items()},
        ends=tuple(_all_forms(dict.fromkeys(pack_words.ends, 0))),
    )
