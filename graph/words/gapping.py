"""Clauses that leave out a verb said in another, as English does: a clause without the verb
of the clause before it ('we raise the price by $1 and the euro price by €1'; 'the price
rises $1 and the euro price €1'), and names said together before one verb ('the price and
the rate both rise 2%'): each read with that verb put back."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from macrograph.graph.words.naming import NameIndex, subject
from macrograph.graph.words.rewording import verb_at

ARTICLES = frozenset(["the", "a", "an", "our", "its", "their"])
"""Words before a name that belong to it, not to the verb before it."""

TOGETHER = re.compile(r"^(?:both|all|all three|each|together|alike)\s+")
"""Words after names said together that say the verb is each name's."""

LEADS = frozenset(["then", "also", "later", "again", "still", "and", "but", "it", "they"])
"""Words before a verb that name no subject of their own ('and then falls 3%')."""


def own_subject(part: str, verbs: Mapping[str, int]) -> bool:
    """Whether ``part`` says a subject of its own before its first verb, one the pack may not
    name ('NERSA grants 8%' after 'demand rises 1 GW'): not the subject of the clause before
    it left out ('and then falls 3%'), so that subject is not put back.

    Examples
    --------
    >>> verbs = {"rises": 1, "falls": -1, "grants": 1}
    >>> own_subject("the regulator grants 8%", verbs), own_subject("then falls 3%", verbs)
    (True, False)
    >>> own_subject("3% in july", verbs)
    False
    """
    tokens = part.split()
    for at in range(len(tokens)):
        if verb_at(" ".join(tokens[at:]), verbs):
            return any(t not in LEADS for t in tokens[:at])
    return False


def _named_from(index: NameIndex, words: list[str]) -> tuple[int, str, str]:
    """Where the first node name of ``words`` starts (past its article), the name and the
    words after it; (-1, '', '') when no name starts anywhere."""
    for start in range(len(words)):
        if words[start] in ARTICLES:
            continue
        name, rest = subject(index, " ".join(words[start:]))
        if name:
            return start, name, rest
    return -1, "", ""


def gapped(index: NameIndex, before: str, part: str) -> str | None:
    """``part`` with the verb of the clause ``before`` it put back, the ways English leaves
    it out: the words before the first clause's name ('we raise'), else the word after it
    ('rises'); None when ``part`` names no node at its start or ``before`` none at all.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> from macrograph.graph.words.naming import name_index
    >>> index = name_index(units_pack())
    >>> gapped(index, "we cut the price by 2%", "the rate by 20bp")
    'we cut the rate by 20bp'
    >>> gapped(index, "the price falls 2%", "the rate 20bp")
    'rate falls 20bp'
    >>> gapped(index, "the price falls 2%", "nothing else") is None
    True
    """
    words, said = before.split(), part.split()
    start, _, rest = _named_from(index, words)
    own, name, after = _named_from(index, said)
    if start < 0 or own < 0 or own > 1:
        return None
    lead = words[:start]
    while lead and lead[-1] in ARTICLES:
        lead.pop()
    if lead:
        return " ".join([*lead, *said])
    verb = rest.split()[:1]
    return " ".join([name, *verb, after]).strip() if verb else None


def shared_verb(index: NameIndex, parts: Sequence[str]) -> list[str]:
    """``parts`` (a question's clauses) with each that is a node's name alone given the words
    after the name of the next clause that says more than a name ('the price and the rate
    both rise 2%': 'the price' takes 'rise 2%'), and a 'both' or 'all' after a name dropped.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> from macrograph.graph.words.naming import name_index
    >>> shared_verb(name_index(units_pack()), ["price", "rate both fall 2%"])
    ['price fall 2%', 'rate fall 2%']
    >>> shared_verb(name_index(units_pack()), ["the price falls 2%", "rate"])  # none after it
    ['the price falls 2%', 'rate']
    """
    read = [subject(index, part) for part in parts]
    said = [
        f"{name} {TOGETHER.sub('', rest)}" if name and TOGETHER.match(rest) else part
        for part, (name, rest) in zip(parts, read, strict=True)
    ]
    after = ""  # what the next clause that says more than a name says after it
    for at in range(len(parts) - 1, -1, -1):
        name, rest = read[at]
        if name and not rest and after:
            said[at] = f"{name} {after}"
        elif name and rest:
            after = TOGETHER.sub("", rest)
        else:
            after = ""
    return said
