"""A node's name said short: 'gift aid' of a pack whose 'Gift Aid claimed' is called 'gift
aid' and whose 'Gift Aid rate' is 'gift aid rate'. When the size said does not fit the node
the short name names ('cut to 20p' of £k a month) but is said in the own words of a node
whose longer name starts or ends with it ('p' of 'p per £1'; '€' of the 'euro price' where
'price' is the dollar's), the clause is read again with that name, and taken where exactly
one such node reads it. A size any node could take ('20%') or one only converted to the
other node's unit is no reason to read another node. A name said with the other side of
its own pair after it ('the franc rises 5% against the euro' of EUR/CHF) is the name alone.

Examples
--------
>>> names = {"gift aid": ("gift_aid", False), "gift aid rate": ("gift_aid_rate", False)}
>>> longer_names(names, "govt cuts gift aid to 20p")
['govt cuts gift aid rate to 20p']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TypeVar

from macrograph.graph.errors import GraphError
from macrograph.graph.words.naming import name_index, names_by_node, node_names, subject
from macrograph.graph.words.rewording import verb_at
from macrograph.graph.words.units.spellings import level_said
from macrograph.graph.words.units.unitwords import said_words, unit_form
from macrograph.graph.words.verbs import lexicon, node_verbs
from macrograph.rules.english.money import CURRENCY_CODES, LETTER_SIGNS, currency_names
from macrograph.rules.pack import Pack

T = TypeVar("T")


def own_unit(pack: Pack, node: str, typed: str) -> bool:
    """Whether ``typed`` is one of the words ``node``'s unit is said in, of its changes or of
    its levels, or its sign ('€' of '€ a month'); never a percent, which any node may take
    as a share of its level.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> own_unit(units_pack(), "flow", "gwh"), own_unit(units_pack(), "flow", "%")
    (True, False)
    """
    form = unit_form(pack, node)
    said = said_words(form) | level_said(form) | {form.symbol.strip().lower()}
    return typed.strip().lower() in said - {"%", ""}


def longer_names(
    names: Mapping[str, tuple[str, bool]], clause: str, fits: Callable[[str], bool] = bool
) -> list[str]:
    """``clause`` with a node's name it says replaced by each longer name of another node that
    starts or ends with it and ``fits`` (one for each such node, its shortest such name),
    longest said name first.

    Examples
    --------
    >>> names = {"appeal": ("appeal", False), "appeal target": ("target", False)}
    >>> longer_names(names, "appeal rises to £3m"), longer_names(names, "target rises")
    (['appeal target rises to £3m'], [])
    >>> longer_names({"price": ("usd", False), "euro price": ("eur", False)}, "price rises €1")
    ['euro price rises €1']
    """
    found: list[str] = []
    said = [n for n in names if re.search(rf"(?<!\S){re.escape(n)}(?!\S)", clause)]
    for name in sorted(said, key=lambda n: (-len(n), n)):
        node = names[name][0]
        longer: dict[str, str] = {}
        for other in sorted(names, key=lambda n: (len(n), n)):
            owner = names[other][0]
            longer_one = other.startswith(f"{name} ") or other.endswith(f" {name}")
            longest = longer_one and owner != node and fits(owner)
            if longest and not names[other][1]:
                longer.setdefault(owner, other)
        at = re.search(rf"(?<!\S){re.escape(name)}(?!\S)", clause)
        if at is not None:
            found += [clause[: at.start()] + o + clause[at.end() :] for o in longer.values()]
    return found


def placed_names(names: Mapping[str, tuple[str, bool]], clause: str, tail: str) -> list[str]:
    """``clause`` ending in ``tail`` ('in europe', read as the size's unit) with the tail put
    after a name it says, where the two make another node's name ('prices ... in europe' of
    a 'price in europe'): one for each such node.

    Examples
    --------
    >>> names = {"price": ("usd", False), "prices": ("usd", False)}
    >>> names["price in europe"] = ("eur", False)
    >>> placed_names(names, "we raise prices by 1 in europe", "in europe")
    ['we raise price in europe by 1']
    """
    tail = tail.strip().lower()
    if not tail or not clause.lower().endswith(f" {tail}"):
        return []
    head = clause[: -len(tail)].rstrip()
    by_node: dict[str, list[str]] = {}
    for name, (owner, _) in sorted(names.items()):
        by_node.setdefault(owner, []).append(name)
    found: dict[str, str] = {}
    for name in sorted(names, key=lambda n: (-len(n), n)):
        at = re.search(rf"(?<!\S){re.escape(name)}(?!\S)", head)
        if at is None:
            continue
        node = names[name][0]
        for stem in by_node[node]:
            other = names.get(f"{stem} {tail}")
            if other is not None and other[0] != node and not other[1]:
                moved = f"{head[: at.start()]}{stem} {tail}{head[at.end() :]}"
                found.setdefault(other[0], moved)
    return list(found.values())


def longer_read(
    names: Mapping[str, tuple[str, bool]],
    clause: str,
    read: Callable[[str], T | None],
    fits: Callable[[str], bool] = bool,
    tail: str = "",
) -> T | None:
    """What ``read`` makes of ``clause`` said with a longer name of a node that ``fits``
    (:func:`longer_names`), or else with the ``tail`` it ends in (a unit no node reads)
    put after a name to make another's (:func:`placed_names`), where exactly one of them
    reads; None where none or several do.

    Examples
    --------
    >>> names = {"gift aid": ("claims", False), "gift aid rate": ("rate", False)}
    >>> longer_read(names, "gift aid to 20p", lambda c: c if "rate" in c else None)
    'gift aid rate to 20p'
    """
    for candidates in (longer_names(names, clause, fits), placed_names(names, clause, tail)):
        found = []
        for said in candidates:
            try:
                found.append(read(said))
            except GraphError:
                continue
        found = [f for f in found if f is not None]
        if found:
            return found[0] if len(found) == 1 else None
    return None


def head_named(pack: Pack, name: str, rest: str) -> tuple[str, str]:
    """Of two nodes' names said one after the other, the last and what follows it, where a
    verb of its moves comes next: English makes the last noun the head, which the first
    qualifies ('membership lapses double' are the lapses, not the membership); else
    ``name`` and ``rest`` as said.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> head_named(units_pack(), "rate", "rises 5bp")
    ('rate', 'rises 5bp')
    """
    later, after = subject(name_index(pack), rest)
    names, lex = node_names(pack), lexicon(pack)
    said = rest[: len(rest) - len(after)].strip()  # 'will' of 'will rise': a filler, no head
    if not later or names[later][0] == names[name][0] or said in lex.fillers:
        return name, rest
    if verb_at(rest, _verbs(pack, names[name][0])):  # 'edges up' of the first: its verb
        return name, rest
    return (later, after) if verb_at(after, _verbs(pack, names[later][0])) else (name, rest)


def _verbs(pack: Pack, node: str) -> dict[str, int]:
    """The verbs that move ``node``: of its kind's moves, decisions and its own."""
    lex = lexicon(pack)
    return {**lex.moves_of(pack.nodes[node].kind), **lex.decisions, **node_verbs(pack, node)}


PAIR = re.compile(r"([a-z]{3})\s*/\s*([a-z]{3})")
"""A currency pair as a label writes it ('EUR/SEK'), in lower case."""


def pair_names(pack: Pack, node: str) -> set[str]:
    """The names of both currencies of a pair ``node`` is labelled with ('EUR/SEK': the
    euro's and the krona's, and their codes), which a move may be said against ('the krona
    falls 2% against the euro'); none for a node that is no pair.

    Examples
    --------
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> pack = pack_of([rule("ab", "a", "b", 1.0)])
    >>> pair_names(pack, "a")
    set()
    """
    names: set[str] = set()
    for said in (pack.nodes[node].label, *pack.nodes[node].aliases):
        found = PAIR.fullmatch(said.strip().lower())
        codes = found.groups() if found else ()
        if codes and all(code.upper() in CURRENCY_CODES for code in codes):
            for code in codes:
                sign = LETTER_SIGNS.get(code, code.upper())
                names |= {code, *(n for n in currency_names(sign) if n.isalpha() or " " in n)}
    return names


def unpaired(pack: Pack, node: str, rest: str) -> str:
    """``rest`` without what a move is said against where that names ``node`` itself: the
    other side of a pair ('the franc rises 5% against the euro' of EUR/CHF, whose names are
    the franc's and the euro's alike); as it is when it names anything else.

    Examples
    --------
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> pack = pack_of([rule("ab", "a", "b", 1.0)])
    >>> unpaired(pack, "a", "rises 5% against a"), unpaired(pack, "a", "rises 5% versus b")
    ('rises 5%', 'rises 5% versus b')
    """
    said = (*names_by_node(pack).get(node, ()), *sorted(pair_names(pack, node), key=len))
    choices = "|".join(re.escape(n) for n in reversed(said))
    found = re.search(
        rf"(?:^|\s)(?:against|versus|vs\.?|relative to)\s+(?:the\s+)?(?:{choices})(?=\s|$)", rest
    )
    if found is None:
        return rest
    return re.sub(r"\s+", " ", rest[: found.start()] + rest[found.end() :]).strip()
