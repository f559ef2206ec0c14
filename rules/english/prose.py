"""A pack's prose as a sentence reads it: which of its words are common words, which are names.

A label or a title starts with a capital letter; after a comma, its first word is lowered
only when it is a common word, one the pack writes in lower case (or never capitalises
mid-sentence), and stays as it is when it is a name ('Bank Rate', an acronym, a place).

Examples
--------
>>> from macrograph.rules import load_pack
>>> joined(load_pack(), ["Prices rise", "The bank holds", "A year of growth", "Bank Rate falls"])
'Prices rise, the bank holds, a year of growth, and Bank Rate falls'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from macrograph.rules.pack import Pack


def _pack_texts(pack: Pack) -> list[str]:
    """The prose a pack writes: its title and description, nodes' descriptions, rules'
    reasons, claims, scenarios' titles, summaries and shock labels, and every rationale."""
    texts = [pack.info.title, pack.info.description]
    texts += [n.description for n in pack.nodes.values()]
    texts += [r.because for r in pack.rules.values()] + [c.text for c in pack.claims.values()]
    for scenario in pack.scenarios.values():
        texts += [scenario.title, scenario.summary, *(s.label for s in scenario.shocks)]
    cites = [r.cites for r in pack.rules.values()]
    cites += [n.baseline.cites for n in pack.nodes.values() if n.baseline is not None]
    cites += [n.volatility.cites for n in pack.nodes.values() if n.volatility is not None]
    return texts + [c.rationale for c in cites if c is not None and c.rationale]


@functools.lru_cache(maxsize=8)
def _lexicon(pack: Pack) -> frozenset[str]:
    """Words the pack writes in lower case: they are common words, not names."""
    return frozenset(w for t in _pack_texts(pack) for w in re.findall(r"\b[a-z][a-z']*\b", t))


@functools.lru_cache(maxsize=8)
def _names(pack: Pack) -> frozenset[str]:
    """Words the pack capitalises mid-sentence in its prose, or anywhere in an alias: names."""
    found = [re.findall(r"(?<![.!?:]\s)(?<=\w[\s,(])[A-Z]\w*", t) for t in _pack_texts(pack)]
    found += [re.findall(r"\b[A-Z]\w*", a) for n in pack.nodes.values() for a in n.aliases]
    return frozenset(w for words in found for w in words)


ARTICLES = frozenset({"the", "a", "an"})


def _capitalised(text: str, more: str) -> bool:
    """Whether ``text`` is a capital letter and then lower-case letters of any language
    ('Café torréfié') or characters of ``more``.

    Examples
    --------
    >>> _capitalised("Café torréfié", " "), _capitalised("Core CPI", " "), _capitalised("", "")
    (True, False, False)
    """
    head, tail = text[:1], text[1:]
    return head.isalpha() and head.isupper() and all(c.islower() or c in more for c in tail)


def mid_sentence(pack: Pack, text: str) -> str:
    """``text`` as it reads after a comma: its first word in lower case when the pack writes
    it (or its plural) so elsewhere, unless the next word is capitalised too and the first
    is no article ('Bank Rate' is a name; 'The bank holds' reads 'the bank holds').

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> pack = load_pack()
    >>> mid_sentence(pack, "The bank holds"), mid_sentence(pack, "Bank Rate")
    ('the bank holds', 'Bank Rate')
    """
    first, *rest = re.split(r"[\s-]", text, maxsplit=2)
    # 'Bank Rate' is a name; an acronym after a plain word is not ('Atmospheric CO2 ...').
    named = bool(rest) and len(rest[0]) > 1 and _capitalised(rest[0], "'")
    named = named and first.lower() not in ARTICLES
    word = re.sub(r"['\u2019]s?$", "", first.lower())  # a possessive: 'customers'' is 'customers'
    common = bool({word, word + "s", word.removesuffix("s")} & _lexicon(pack))  # market(s)
    # A label in sentence case whose first word the pack never writes as a name is common
    # too ('Net hiring'), though the pack's prose never happens to use it in lower case.
    plain = _capitalised(text, "' -")  # not 'Core CPI', 'Route 66'; 'Café torréfié' is
    common = common or (plain and first.removesuffix("'s") not in _names(pack))
    if first[:1].isupper() and first[1:] == first[1:].lower() and common and not named:
        return text[0].lower() + text[1:]
    return text


def joined(pack: Pack, titles: Sequence[str]) -> str:
    """Titles joined as one sentence, 'A, b, and c': each after the first as it reads after
    a comma (:func:`mid_sentence`), an 'and' before the last.

    Examples
    --------
    >>> from macrograph.graph.synthetic import slump_pack
    >>> joined(slump_pack(), ["A slumps", "Prices rise", "The Bank holds"])
    'A slumps, prices rise, and The Bank holds'
    >>> joined(slump_pack(), ["A slumps", "Prices rise"])
    'A slumps, and prices rise'
    """
    said = [titles[0], *(mid_sentence(pack, t) for t in titles[1:])]
    return ", and ".join([", ".join(said[:-1]), said[-1]]) if len(said) > 1 else said[0]
