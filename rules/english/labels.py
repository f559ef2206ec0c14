"""How a node's label reads as a noun: its head noun, the last word before its first
preposition (passing a participle after it), and whether it names several things, read by
the machinery's sentences and by its questions alike.

Examples
--------
>>> head_noun("Hospital beds occupied"), reads_plural("Concord attack ads")
('beds', True)
"""

from __future__ import annotations

import re

from macrograph.rules.english.forms import IRREGULAR_VERBS

PREPOSITIONS = frozenset(
    [
        "of",
        "in",
        "into",
        "on",
        "for",
        "to",
        "at",
        "from",
        "with",
        "by",
        "against",
        "over",
        "under",
        "per",
        "about",
        "between",
        "since",
        "after",
        "before",
        "during",
        "until",
    ]
)
"""Words after which a label's head noun is over: 'cost of hedging', 'holdings of bonds'."""

OTHER_PREPOSITIONS = frozenset(
    [
        *("de", "des", "du", "au", "aux", "en", "pour", "sur", "dans", "chez", "avec"),
        *("da", "das", "do", "dos", "em", "na", "nas", "para", "por", "del", "sobre"),
        "\u00e0",
    ]
)
"""The same in labels a pack writes in French, Portuguese or Spanish: 'Marge des
torréfacteurs' is a margin, 'Preço do café' a price; a word elided before a vowel ('prix
d'achat') is read as its preposition too."""


# A past participle after the noun it qualifies ("beds occupied", "people infected"): a
# lower-case word of four letters or more ending in -ed but not -eed (need, speed, seed).
_PARTICIPLE = re.compile(r"[a-z]+[^e]ed")
# Irregular past participles that follow their noun ("jobs lost", "tickets sold", "homes
# built"), but for one that is also a noun a label ends with ("credit spread").
IRREGULAR_PARTICIPLES = frozenset(f[-1] for f in IRREGULAR_VERBS.values()) - {"spread"}
# Adjectives that follow the noun they qualify, as a participle does ("cases outstanding",
# "loans pending", "beds available", "shares remaining").
POSTPOSITIVE = frozenset(["outstanding", "pending", "remaining", "available", "overdue", "due"])
# A present participle after a plural noun it qualifies ("judges sitting in crime", "ships
# waiting at anchor"); after a singular one it is the head ("bank lending").
_PRESENT_PARTICIPLE = re.compile(r"[a-z]{2,}ing")
# Plurals that do not end in s: "People infected", "Children in care".
IRREGULAR_PLURALS = frozenset(
    ["people", "children", "men", "women", "cattle", "police", "mice", "geese", "feet", "teeth"]
)


def head_noun(label: str) -> str:
    """The last word before a label's first preposition, parenthesis or comma, passing over
    a participle that follows its noun.

    Examples
    --------
    >>> head_noun("Foreign holdings of timber"), head_noun("Base Rate (the council)")
    ('holdings', 'Rate')
    >>> head_noun("2y Nordland bond yield, close"), head_noun("Pressure on the council to act")
    ('yield', 'Pressure')
    >>> head_noun("Hospital beds occupied"), head_noun("Money supplied")
    ('beds', 'Money')
    >>> head_noun("Tickets sold"), head_noun("Credit spread")
    ('Tickets', 'spread')
    >>> head_noun("Cases outstanding"), head_noun("Beds available in the region")
    ('Cases', 'Beds')
    >>> head_noun("Judges sitting in crime"), head_noun("Bank lending to firms")
    ('Judges', 'lending')
    >>> head_noun("Marge des torréfacteurs"), head_noun("Prix d'achat des grains")
    ('Marge', 'Prix')
    """
    words: list[str] = []
    for word in re.split(r"\s+", re.split(r"[(,;:]", label, maxsplit=1)[0].strip()):
        if words and _preposition(word.lower()):
            break
        words.append(word)
    while len(words) > 1 and (
        follows_noun(words[-1])
        or (_PRESENT_PARTICIPLE.fullmatch(words[-1]) and _plural_word(words[-2]))
    ):
        words.pop()
    return re.split(r"[-/]", words[-1])[-1] if words and words[-1] else ""


def follows_noun(word: str) -> bool:
    """Whether a word qualifies the noun before it, as a past participle ("beds occupied",
    "jobs lost") or a postpositive adjective ("cases outstanding") does.

    Examples
    --------
    >>> [follows_noun(w) for w in ("occupied", "lost", "available", "speed", "beds")]
    [True, True, True, False, False]
    """
    return bool(
        _PARTICIPLE.fullmatch(word) or word in IRREGULAR_PARTICIPLES or word in POSTPOSITIVE
    )


def _plural_word(word: str) -> bool:
    """Whether one word of a label is a plural noun: ends in ``s`` but not in ``ss``, ``us``
    or ``is``, and is no acronym or number, or is a plural without an ``s``."""
    if word.lower() in IRREGULAR_PLURALS:
        return True
    if not word[:1].isalpha() or word.isupper() or not word.endswith("s"):
        return False
    return not word.lower().endswith(("ss", "us", "is"))


def _preposition(word: str) -> bool:
    """Whether a word in lower case is a preposition of a label (:data:`PREPOSITIONS`,
    :data:`OTHER_PREPOSITIONS`, or one elided: "d'achat")."""
    elided = word[:2] in ("d'", "d\u2019") and len(word) > 2
    return word in PREPOSITIONS or word in OTHER_PREPOSITIONS or elided


def reads_plural(label: str) -> bool:
    """True when a label names several things: its head noun ends in ``s`` but not in
    ``ss``, ``us`` or ``is`` (deposits, prices; not gross, stimulus, basis), and is no
    acronym or number (CDS, S&P 500).

    Examples
    --------
    >>> [reads_plural(x) for x in ("UK house prices", "Biomass", "Bank Rate", "CDS")]
    [True, False, False, False]
    >>> reads_plural("Hares"), reads_plural("Stimulus"), reads_plural("Prey per hectare")
    (True, False, False)
    >>> reads_plural("People infected"), reads_plural("Hospital beds occupied")
    (True, True)
    """
    head = head_noun(label)
    return bool(head) and _plural_word(head)


def names_several(label: str, plural: bool | None) -> bool:
    """True when a node's name takes a plural verb: ``plural`` as the pack says it, else
    read from its ``label`` (:func:`reads_plural`).

    Examples
    --------
    >>> names_several("Concord attack ads", None), names_several("Customs", False)
    (True, False)
    """
    return reads_plural(label) if plural is None else plural
