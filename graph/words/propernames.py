"""Names said in a question that the pack never writes ('the ZCB cuts rates by 50bp' of a
pack whose only central bank is its own, the Zeta bank): refused by name, where the reader
would read past them and answer of something else.

A name is a word in capitals ('ZCB', 'BoZ') anywhere, or a capitalised word inside a
sentence ('the Zemblan central bank'); in a question written in title case only the
words in capitals count, and in one written all in capitals none does. A unit after its
number ('2 Mt', '10 GWh'), a currency's letters ('A$'), a month and a day of the week are
not names; their readers speak for them.

Examples
--------
>>> from macrograph.graph.synthetic import units_pack
>>> unwritten_names(units_pack(), "the ZCB lifts the price 5%")
('ZCB',)
>>> pack = units_pack()
>>> unwritten_names(pack, "Price rises 5%"), unwritten_names(pack, "Flow Falls 5 GWh")
((), ())
>>> unwritten_names(pack, "the price rises Sh 5"), unwritten_names(pack, "the price rises Sh")
((), ('Sh',))
>>> unwritten_names(pack, "the price rises 5 GWh"), unwritten_names(pack, "price rises 5 in Zembla")
((), ('Zembla',))
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable, Iterator

from macrograph.graph.errors import GraphError, UnwrittenNameError
from macrograph.graph.words.verbs import lexicon
from macrograph.rules.english.money import LETTER_SIGNS, glued_sign
from macrograph.rules.english.suggest import closest
from macrograph.rules.pack import Pack
from macrograph.rules.vocabulary import vocabulary_for

_WORD = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W\d_]+")  # initials with their stops: 'Z.C.'
_STARTS = re.compile(r"[.!?;:]\s[\s\"'(\[]*$")  # what a sentence's first word follows
_OPENING = " \t\n\"'(["  # what the question's first word may follow
_NEAR = 40  # the characters before a word its reading looks at: linear in the question
_CALENDAR = frozenset(
    w.lower()
    for w in (*calendar.month_name, *calendar.month_abbr, *calendar.day_name, *calendar.day_abbr)
) | {"sept", "i"}  # English's (Python reads dates in the C locale unless told otherwise)
_CURRENCY = "$€£¥₹"
_NUMBER_AFTER = re.compile(r"\s?[+-]?\d")
_UNIT_AFTER = re.compile(  # '2 Mt', '10 GWh', '3 bn GBP'; not a place after it: '2 in Zembla'
    r"\d[\d.,]*\s?(?:(?!(?:in|at|on|of|for|from|by|to|and|or|across|near)\s)[^\W\d_]+\s)?$"
)


def refuse_unwritten(pack: Pack, text: str) -> None:
    """Refuse ``text`` when it says a name ``pack`` writes nowhere: read past, the words
    around it would be answered as of the pack's own nodes ('the Zeta bank cuts rates').

    Raises
    ------
    UnwrittenNameError
        With the names as typed and the pack's own names nearest them.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> refuse_unwritten(units_pack(), "price rises 5%")  # nothing to refuse
    >>> try:
    ...     refuse_unwritten(units_pack(), "the ZCB lifts the price 5%")
    ... except UnwrittenNameError as error:
    ...     print(error.names)
    ('ZCB',)
    """
    unwritten = unwritten_names(pack, text)
    if unwritten:
        near = [n for name in unwritten for n in closest(name, written_names(pack), limit=2)]
        raise UnwrittenNameError(text, unwritten, sorted(set(near)))


def read_without_names(pack: Pack, text: str, read: Callable[[str], object]) -> bool:
    """Whether ``text`` reads (``read`` raises no :class:`GraphError` on it) once the names
    it says that ``pack`` writes nowhere are left out, with the word placing them ('rain
    falls 5 mm in Zembla'): then the names are what went unread. False where it says none,
    or none can be left out.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> read_without_names(units_pack(), "price rises 5% in Zembla", print)
    price rises 5%
    True
    >>> read_without_names(units_pack(), "price rises 5%", print)
    False
    """
    names, said = unwritten_names(pack, text), text
    for name in names:
        said = re.sub(
            rf"(?:\s+(?:in|at|on|near|across|from|for|by))?\s+{re.escape(name)}\b", "", said
        )
    if not names or said == text:
        return False
    try:
        read(said)
    except GraphError:
        return False
    return True


def unwritten_names(pack: Pack, text: str) -> tuple[str, ...]:
    """The names said in ``text`` that ``pack`` writes nowhere (in its nodes, scenarios,
    regions, units, institutions, calendar, episodes and lexicon), as typed, in the order
    said, each once.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> unwritten_names(units_pack(), "in Zembla the price falls 5% after the ZCB moves")
    ('Zembla', 'ZCB')
    >>> unwritten_names(units_pack(), "What If The ZCB Lifts Price 5%")  # title case
    ('ZCB',)
    >>> unwritten_names(units_pack(), "the Z.C. board lifts the price 5%")  # initials
    ('Z.C.',)
    >>> unwritten_names(units_pack(), "ZCB lifts the price 5% with the BoZ")  # first and last
    ('ZCB', 'BoZ')
    >>> unwritten_names(units_pack(), "Zembla cuts the price 5%")  # who makes a decision
    ('Zembla',)
    >>> unwritten_names(units_pack(), "Officials cut the price 5%")  # who, by a common noun
    ()
    """
    found: dict[str, None] = {}
    for name in (*_deciding(pack, text), *_names_said(text)):
        if not {name.lower(), name.lower().replace(".", "")} & _written(pack):  # 'Z.C.', 'ZC'
            found.setdefault(name, None)
    return tuple(found)


_FIRST = re.compile(r"\s*([A-Z][a-z]{2,})\s+([a-z]+)\b")  # 'Brazil cuts'


def _deciding(pack: Pack, text: str) -> tuple[str, ...]:
    """The question's first word where it is capitalised and makes a decision, its verb one
    of the lexicon's decisions ('Brazil cuts rates by 50bp'): who decides is a name, where a
    first word's capital alone says nothing ('Rates fall'); a plural is who acts, named by
    its common noun ('Officials hike 500bp')."""
    found = _FIRST.match(text)
    if found is None or found.group(2) not in lexicon(pack).decisions:
        return ()
    plural = found.group(1).endswith("s") and not found.group(1).endswith("ss")
    return () if plural else (found.group(1),)


def written_names(pack: Pack) -> tuple[str, ...]:
    """The words ``pack`` writes with a capital letter, as written, in sorted order: what a
    name said that it does not write is compared with.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> written_names(units_pack())
    ('A', 'GWh', 'Global', 'No', 'Synthetic')
    """
    return tuple(sorted({w for w in _written_as(pack) if w[:1].isupper()}))


def _names_said(text: str) -> Iterator[str]:
    if not any(c.islower() for c in text):
        return  # a question in capitals ('RATES FALL 50BP') tells no name from its words
    words = list(_WORD.finditer(text))
    long = [m.group(0) for m in words if len(m.group(0)) >= 3]
    titled = len(long) > 1 and sum(w[0].isupper() for w in long) * 2 > len(long)
    first = len(text) - len(text.lstrip(_OPENING))
    for match in words:
        word, before = match.group(0), text[max(0, match.start() - _NEAR) : match.start()]
        after = text[match.end() : match.end() + 1]
        if len(word) < 2 or word.lower() in _CALENDAR or _UNIT_AFTER.search(before):
            continue
        if _money_beside(before, after) or word.lower() in LETTER_SIGNS:
            continue  # 'A$', '$ bn', 'Rs 500 crore'
        if glued_sign(word) and _NUMBER_AFTER.match(text, match.end()):
            continue  # a currency's letters before its amount: 'Sh5', 'KSh 25', 'CHF 10'
        capitals = sum(c.isupper() for c in word)
        if capitals >= 2 or (
            capitals == 1
            and not titled
            and word[0].isupper()
            and not (match.start() == first or _STARTS.search(before))
        ):
            yield word


def _money_beside(before: str, after: str) -> bool:
    """Whether a currency's sign is glued to a word ('A$', '$ bn'): at the question's start
    or end there is nothing beside it ('' is in every string, but beside no sign)."""
    return (after != "" and after in _CURRENCY) or (before != "" and before[-1] in _CURRENCY)


@functools.lru_cache(maxsize=8)
def _written(pack: Pack) -> frozenset[str]:
    return frozenset(w.lower() for w in _written_as(pack))


@functools.lru_cache(maxsize=8)
def _written_as(pack: Pack) -> frozenset[str]:
    """Every word the pack writes where a question may name what it is about."""
    return frozenset(w for text in _texts(pack) for w in _WORD.findall(text))


def _texts(pack: Pack) -> Iterator[str]:
    info = pack.info
    yield from (info.id, info.title, info.description, *info.channels)
    yield from (g.heading for g in info.groups)
    for unit in info.units:
        yield from (unit.id, unit.symbol, unit.suffix, unit.change_suffix or "", unit.thousand)
    yield from vocabulary_for(info).regions.values()
    if info.lexicon is not None:
        yield str(info.lexicon.model_dump())
    for node in pack.nodes.values():
        yield from (node.id, node.label, node.description, node.region, *node.aliases)
        if node.directions is not None:
            yield from node.directions.inverse
    for scenario in pack.scenarios.values():
        yield from (scenario.id, scenario.title, scenario.summary, *scenario.phrases)
        yield from (s.label for s in scenario.shocks)
    for institution in pack.institutions.values():
        yield from (institution.id, institution.label)
    for event in pack.calendar.values():
        yield from (event.id, event.institution, event.decision, event.summary)
    for episode in pack.episodes.values():
        yield from (episode.id, episode.title, episode.summary or "")
