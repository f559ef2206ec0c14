"""The nodes a question names: every name of every node indexed by its words, once per pack.

A clause names a node by its start: exactly (the longest start that is a name of a node:
its id, label or one of its aliases) or loosely (a start whose words are all among the
words of one node's name, in any order, allowing a typo of a word of five letters or more). Both
are found in time linear in the clause and the pack:

- the index is built once per pack (:func:`name_index`), in one pass over its names;
- an exact start is at most as long as the longest name;
- a loose start's candidates are the names holding each of its words, intersected word by
  word; a word's names are found once (a repeated word costs nothing more), the typos by
  rapidfuzz among the pack's words of a length that could match; the names only shrink as
  the start grows, so reading stops when none is left;
- whether the candidates belong to one node is read until a second node turns up.

Examples
--------
>>> from macrograph.graph.synthetic.names import river_pack
>>> index = name_index(river_pack())
>>> subject(index, "resevoir level drops 5%")
('reservoir level', 'drops 5%')
>>> several(index, "river level rises 10")  # upstream and downstream river levels
(['downstream', 'upstream'], 'rises 10')
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator

from msgspec import Struct
from rapidfuzz.distance import OSA

from macrograph.graph.words.regions import region_forms
from macrograph.graph.words.verbforms import other_number, question_words
from macrograph.rules.english.forms import unhyphenated_sizes
from macrograph.rules.english.lexicon import ACCENTED, UNSPACED, lexicon_words
from macrograph.rules.english.money import CURRENCY_FORMS, currency_sign, signs_read
from macrograph.rules.english.phrases import OPENING, keyboard
from macrograph.rules.english.suggest import closest
from macrograph.rules.pack import Pack
from macrograph.rules.vocabulary import vocabulary_for

TYPO_LENGTH = 5  # words this long or longer match with a typo (a 4-letter word is exact)
TYPO_SCORE = 85  # rapidfuzz's ratio a typo must reach
LETTER = re.compile("[a-z]")
# English words that join others: alone they name no node ('and' of 'wear and tear rate')
GLUE = frozenset(
    ("and", "or", "of", "the", "a", "an", "to", "in", "on", "at", "for", "from", "by", "with")
)
POSSESSIVES = frozenset(("our", "my", "your", "their"))
BEING = frozenset(("is", "are", "was", "were", "be", "it", "its"))
"""Words that say a thing is, alone no name ('is' of a name 'what is owed': 'X is down 5%')."""
"""Words before a name that say whose it is, read past as 'the' is ('our hives'); alone
they name nothing, though a pack may write one in a name ('our colonies')."""


@functools.cache  # compiled on first use: a class of the wide scripts takes ~4M steps to build
def read_past(wide: bool) -> re.Pattern[str]:
    """What a question's words are read past: any sign but those of a number, a percent, a
    path, money, degrees and a ratio ('5.8:1'), and any letter but ASCII's, accented Latin
    ones (:data:`~macrograph.rules.lexicon.ACCENTED`) and (``wide``, for a text not all
    ASCII) those of a script written without capitals (:data:`~macrograph.rules.lexicon.UNSPACED`).

    Examples
    --------
    >>> read_past(False).sub(" ", "rates rise?!"), read_past(True).sub(" ", "猪价？上涨 fällt")
    ('rates rise ', '猪价 上涨 fällt')
    """
    letters = ACCENTED + (UNSPACED if wide else "")
    return re.compile(f"(?:[^a-z0-9.%+\\-/_&$\u00b0 :{letters}]|(?<![0-9]):|:(?![0-9]))+")


def _signs_kept(match: re.Match[str]) -> str:
    """Spaces for signs a question is read past, but any currency's sign (a pack's ¢, €, ₹
    or ₩ unit), which a size may be written with."""
    return "".join(c if currency_sign(c) else " " for c in match.group())


def words(text: str) -> str:
    """Lower case, the signs and units kept, no opening ('what if we') nor 'the'.

    Examples
    --------
    >>> words("What if the 10y bond yield rises +20bp?"), words("Price soars 50¢/lb!")
    ('10y bond yield rises +20bp', 'price soars 50¢/lb')
    >>> words("猪价上涨 10%！")
    '猪价上涨 10%'

    """
    text = signs_read(unhyphenated_sizes(keyboard(text.lower())).replace("\u2019", "'"))
    text = text.replace("won't", "will not").replace("n't", " not")
    text = read_past(not text.isascii()).sub(_signs_kept, text)
    text = re.sub(r"(?<![0-9])\.|\.(?![0-9])", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = OPENING.sub("", text, count=1)
    return re.sub(r"\bthe\s+", "", text).strip()


class NameIndex(Struct, frozen=True, eq=False):
    """Every name of the pack's nodes in :func:`words` form, and the words they hold.

    ``names`` maps a name to its node and whether it names the other side of it
    (``directions.inverse``); a name two nodes share is the first's, in id order.
    ``order`` is each name's place in ``names``; ``holding`` the names holding a word;
    ``sized`` the words of :data:`TYPO_LENGTH` letters or more, by length; ``verbs`` the
    one-word verbs of the pack's lexicon. A loose name reaches past an exact one only by
    words its names hold as they are ('reservoir levels', not 'lake rises' nor a typo).
    """

    names: dict[str, tuple[str, bool]]
    order: dict[str, int]
    longest: int
    holding: dict[str, frozenset[str]]
    sized: dict[int, tuple[str, ...]]
    verbs: frozenset[str] = frozenset()
    node_words: dict[str, frozenset[str]] | None = None
    regions: frozenset[str] = frozenset()  # the regions' names, which loosely name no node

    def holds(self, node: str, word: str) -> bool:
        """Whether ``word`` is a word of ``node``'s names, as it is or as its singular."""
        held = (self.node_words or {}).get(node, frozenset())
        return word in held or word.removesuffix("s") in held


_HYPHEN = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")  # between letters: 'farm-gate'


@functools.lru_cache(maxsize=8)
def name_index(pack: Pack) -> NameIndex:
    """The index of ``pack``'s node names (made once per pack object); a name written with a
    hyphen between words is also named with a space there, as it is often typed, where no
    node is named so already.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> name_index(units_pack()).names["price"]  # a node's id names it
    ('price', False)
    """
    names: dict[str, tuple[str, bool]] = {}
    said = lexicon_words(pack.info.lexicon).said  # the pack's name forms, as in a question
    for node in sorted(pack.nodes.values(), key=lambda n: n.id):
        inverse = set(node.directions.inverse) if node.directions else set()
        for name in [node.id, node.label, *node.aliases]:
            names.setdefault(said(words(name)), (node.id, name in inverse))
    for name, named in list(names.items()):  # 'farm gate' typed of 'farm-gate'
        names.setdefault(_HYPHEN.sub(" ", name), named)
    holding: dict[str, set[str]] = {}
    for name in names:
        for word in name.split():
            holding.setdefault(word, set()).add(name)
    sized: dict[int, list[str]] = {}
    for word in sorted(holding):
        if len(word) >= TYPO_LENGTH:
            sized.setdefault(len(word), []).append(word)
    return NameIndex(
        names=names,
        order={name: place for place, name in enumerate(names)},
        longest=max((len(name.split()) for name in names), default=0),
        holding={word: frozenset(found) for word, found in holding.items()},
        sized={length: tuple(found) for length, found in sized.items()},
        verbs=frozenset(v for v in _verbs(pack) if " " not in v),
        node_words=_node_words(names),
        regions=frozenset(said(words(f)) for f in region_forms(vocabulary_for(pack.info).regions)),
    )


def node_names(pack: Pack) -> dict[str, tuple[str, bool]]:
    """Every name of a node (id, label, aliases) in :func:`words` form -> (id, inverse), the
    inverse True for a name of its other side (``directions.inverse``).

    Examples
    --------
    >>> from macrograph.graph.synthetic.names import river_pack
    >>> names = node_names(river_pack())
    >>> names["lake"], names["retention"]  # retention is outflow's other side
    (('reservoir', False), ('outflow', True))
    """
    return name_index(pack).names


@functools.lru_cache(maxsize=16)
def names_by_node(pack: Pack) -> dict[str, tuple[str, ...]]:
    """Each node's names (:func:`node_names`), shortest first, by node: found once per pack.

    Examples
    --------
    >>> from macrograph.graph.synthetic.names import river_pack
    >>> names_by_node(river_pack())["outflow"][:2]
    ('outflow', 'retention')
    """
    found: dict[str, list[str]] = {}
    for name, (node, _) in node_names(pack).items():
        found.setdefault(node, []).append(name)
    return {node: tuple(sorted(held, key=lambda n: (len(n), n))) for node, held in found.items()}


def _verbs(pack: Pack) -> dict[str, int]:
    return question_words(pack.info.lexicon).verbs()


def _node_words(names: dict[str, tuple[str, bool]]) -> dict[str, frozenset[str]]:
    """The words of each node's names."""
    found: dict[str, set[str]] = {}
    for name, (node, _) in names.items():
        found.setdefault(node, set()).update(name.split())
    return {node: frozenset(held) for node, held in found.items()}


@functools.lru_cache(maxsize=4096)
def like(index: NameIndex, asked: str) -> frozenset[str]:
    """The names holding ``asked`` or, for a word of five letters or more, a word that
    rapidfuzz's ratio puts at 85 or more (a typo: 'pirce' for 'price').

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> like(name_index(units_pack()), "pirce"), like(name_index(units_pack()), "rat")
    (frozenset({'price'}), frozenset())
    """
    found = set(index.holding.get(asked, ()))
    if not found and len(asked) > 2 and asked.endswith("s"):  # a plural: 'funds' for 'fund'
        found = set(index.holding.get(asked[:-1], ()))
    if not found and len(asked) > 2 and LETTER.match(asked):  # a singular: 'tax' for 'taxes'
        found = set(index.holding.get(other_number(asked), ()))
    if len(asked) >= TYPO_LENGTH:
        for word in close_words(index, asked):
            found |= index.holding[word]
    return frozenset(found)


def close_words(index: NameIndex, asked: str) -> list[str]:
    """The pack's words of five letters or more within a typo of ``asked``: a ratio of 85,
    or two neighbouring letters swapped ('qouta' for 'quota', a ratio of only 80).

    A ratio of 85 needs lengths within a factor of 0.74 to 1.35 of each other, so only
    words of such lengths are compared.

    Examples
    --------
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> index = name_index(pack_of([rule("quota_cuts_catch", "quota", "catch", -0.5)]))
    >>> close_words(index, "qouta")
    ['quota']
    """
    size = len(asked)
    pool = [
        word
        for length in range(max(TYPO_LENGTH, size * 7 // 10), size * 14 // 10 + 2)
        for word in index.sized.get(length, ())
    ]
    swapped = [w for w in index.sized.get(size, ()) if _swapped(asked, w)]
    return list(dict.fromkeys(closest(asked, pool, limit=None, cutoff=TYPO_SCORE) + swapped))


def _swapped(asked: str, word: str) -> bool:
    """Whether ``word`` is ``asked`` with two neighbouring letters swapped."""
    return sorted(asked) == sorted(word) and OSA.distance(asked, word) == 1


def exact(index: NameIndex, tokens: list[str]) -> int:
    """How many of the first ``tokens`` make the longest name (0 for none).

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> exact(name_index(units_pack()), ["rate", "rises"]), exact(name_index(units_pack()), ["up"])
    (1, 0)
    """
    for end in range(min(len(tokens), index.longest), 0, -1):
        if " ".join(tokens[:end]) in index.names:
            return end
    return 0


def _firsts(tokens: list[str]) -> list[int]:
    """The places of the tokens that occur there for the first time, in order."""
    first: dict[str, int] = {}
    for place, token in enumerate(tokens):
        first.setdefault(token, place)
    return list(first.values())  # in the order of the places


def _steps(
    index: NameIndex, tokens: list[str], news: list[int], start: int
) -> Iterator[tuple[frozenset[str], int, bool]]:
    """The names holding the words of each start of ``tokens[start:]``, as it grows.

    ``news`` are the places (from ``start`` on) of the tokens not seen before in
    ``tokens[start:]``: only they change the names. Yields the names, the length of the
    longest start they hold for (up to the next new token), and whether a word so far has
    a letter and is no :data:`GLUE` nor verb ('cut' of 'platform's cut'); stops when none is.
    """
    names: frozenset[str] | None = None
    lettered = False
    for step, place in enumerate(news):
        token = tokens[place]
        found = like(index, token) if names is None else names & like(index, token)
        if not found and names and len(token) > 2 and token.endswith("s"):  # 'room rates'
            found = names & like(index, token[:-1])  # of 'room rate', 'rates' another's name
        names = found
        if not names:
            return
        said = token not in GLUE | POSSESSIVES | BEING | index.verbs  # 'our', 'is': alone, no name
        lettered = lettered or bool(LETTER.search(token) and said)
        end = news[step + 1] if step + 1 < len(news) else len(tokens)
        yield names, end - start, lettered


def _nodes(index: NameIndex, names: frozenset[str], most: int) -> list[str]:
    """The distinct nodes of ``names``, read until there are ``most`` of them."""
    found: list[str] = []
    for name in names:
        node = index.names[name][0]
        if node not in found:
            found.append(node)
            if len(found) >= most:
                break
    return found


def _plainly(index: NameIndex, name: str, token: str) -> bool:
    """Whether a word is in a name of ``name``'s node as it is, or as its singular, and is
    no verb: only such words take a name past an exact one."""
    return token not in index.verbs and index.holds(index.names[name][0], token)


def _loosely(index: NameIndex, tokens: list[str], news: list[int], start: int) -> tuple[str, int]:
    """The one node's first name whose words include every word of the longest start of
    ``tokens[start:]`` that names one node alone, and that start's length (``('', 0)``)."""
    best: tuple[str, int] = ("", 0)
    for names, end, lettered in _steps(index, tokens, news, start):
        region = " ".join(tokens[start : start + end]) in index.regions  # a region, no node
        if end == 1 and _typo(index, tokens[start]) and len(_nodes(index, names, 2)) > 1:
            # a typo of a one-word name is that name ('qouta' of 'quota'), not the others
            whole = frozenset(n for n in names if " " not in n)
            names = whole if len(_nodes(index, whole, 2)) == 1 else names
        if lettered and not region and len(_nodes(index, names, 2)) == 1:
            best = (min(names, key=index.order.__getitem__), end)
    return best


def _typo(index: NameIndex, token: str) -> bool:
    """Whether ``token`` is in no name as it is, nor as its singular or plural: a typo."""
    forms = (token, token[:-1] if token.endswith("s") else token, other_number(token))
    return not any(form in index.holding for form in forms)


def _further(index: NameIndex, tokens: list[str], start: int, named: tuple[str, int]) -> int:
    """The length of a name said at ``start`` with the words of its node's other names after
    it ('zembla s widget production' of a node named 'zembla s widget output' and 'national
    production'), a joining word only before another of them."""
    name, end = named
    while start + end < len(tokens) and _plainly(index, name, tokens[start + end]):
        later = [t for t in tokens[start + end :] if t not in GLUE][:1]  # a joining word only
        if tokens[start + end] in GLUE and not _plainly(index, name, (later or [""])[0]):
            break  # before another word of its names ('weight to 30%': the weight, its level)
        end += 1  # words of the same node's other names, after its exact name
    return end


def _at(index: NameIndex, tokens: list[str], news: list[int], start: int) -> tuple[str, int]:
    """The node name ``tokens[start:]`` starts with and its length: the longer of the exact
    name (and words of its node's other names) and the loose one ('upstream level')."""
    end = exact(index, tokens[start : start + index.longest])
    loose = _loosely(index, tokens, news, start)
    if not end:  # a loose one, as an exact one, with its node's words after it
        found = _other_number(index, tokens[start], loose) if loose[1] == 1 else loose
        return (found[0], _further(index, tokens, start, found)) if found[0] else found
    name = " ".join(tokens[start : start + end])
    end = _further(index, tokens, start, (name, end))
    past = tokens[start + end : start + loose[1]]
    if loose[1] <= end or not all(_plainly(index, loose[0], t) for t in past):
        return name, end
    if all(t in GLUE for t in past):  # 'fee by 2.5pp' is the fee, not 'gold taken by fee'
        return name, end  # words that join a name to its size take it no further
    return loose


def _other_number(index: NameIndex, token: str, loose: tuple[str, int]) -> tuple[str, int]:
    """``token`` as a node's whole name of one word said in its other number, or as a typo
    of that ('rates' or 'rtaes' of 'rate'), where exactly one node has such a name and
    ``token`` itself is none: that name and its length; else ``loose``, its reading alone
    ('rates' of 'mortgage rates', a word of a longer name of another node)."""
    forms = {token}
    if _typo(index, token):  # the words of the loose node's names it is a typo of
        node = index.names[loose[0]][0]
        words = sorted({w for n, (i, _) in index.names.items() if i == node for w in n.split()})
        forms |= {w for w in words if _swapped(token, w)}
        forms |= set(closest(token, words, limit=None, cutoff=TYPO_SCORE))
    said = {other_number(f) for f in forms} | {f[:-1] for f in forms if f.endswith("s")}
    said |= {n for f in forms for n in CURRENCY_FORMS.get(f, ()) if " " not in n}  # 'reais'
    whole = [w for w in said | forms if w in index.names and w != token]
    return (min(whole), 1) if len({index.names[w][0] for w in whole}) == 1 else loose


def subject(index: NameIndex, clause: str) -> tuple[str, str]:
    """The longest node name the clause starts with, and the rest ('' and the clause if none).

    A start that is no name exactly still names a node when its words are all among the
    words of that node's names, allowing a typo ("river level upstream", "resevoir"), and of no
    other node's.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> subject(name_index(units_pack()), "pirce falls 2%")  # a typo too
    ('price', 'falls 2%')
    >>> subject(name_index(units_pack()), "our price falls 2%")  # a possessive, as 'the'
    ('price', 'falls 2%')
    """
    tokens = clause.split()
    name, end = _at(index, tokens, _firsts(tokens), 0)
    if not name and tokens[:1] and tokens[0] in POSSESSIVES:  # 'our hives', no 'our X' name
        name, end = _at(index, tokens[1:], _firsts(tokens[1:]), 0)
        end += 1
    return (name, " ".join(tokens[end:])) if name else ("", clause)


def _names_in(index: NameIndex, tokens: list[str]) -> Iterator[str]:
    """The node names the tokens hold, in order, each read from the first word not in the
    name before it (a name's own words are not read again) and not a verb.

    Going from one start to the next, only the word left behind changes which words are
    new: its next occurrence becomes new.
    """
    following: dict[str, list[int]] = {}
    for place in range(len(tokens) - 1, -1, -1):
        following.setdefault(tokens[place], []).append(place)
    news = _firsts(tokens)
    covered = 0
    for start in range(len(tokens)):
        if start >= covered and tokens[start] not in index.verbs:  # 'falls' starts no name
            name, length = _at(index, tokens, news, start)
            if name:
                covered = start + length
                yield name
        news.pop(0)  # the word at ``start``; its next occurrence, if any, is new from here
        following[tokens[start]].pop()
        if following[tokens[start]]:
            bisect.insort(news, following[tokens[start]][-1])


def first_named(index: NameIndex, clause: str) -> str | None:
    """The node the clause names first, starting at any of its words (None if none).

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> first_named(name_index(units_pack()), "what if the price falls")
    'price'
    """
    name = next(_names_in(index, clause.split()), None)
    return None if name is None else index.names[name][0]


def all_named(index: NameIndex, clause: str) -> list[str]:
    """Every node the clause names, in the order it names them (once each).

    Examples
    --------
    >>> from macrograph.graph.synthetic.names import river_pack
    >>> all_named(name_index(river_pack()), "lake falls and upstream river level rises")
    ['reservoir', 'upstream']
    """
    nodes = (index.names[name][0] for name in _names_in(index, clause.split()))
    return list(dict.fromkeys(nodes))


def several(index: NameIndex, clause: str) -> tuple[list[str], str]:
    """The nodes the longest start of ``clause`` could each name, when it names more than
    one, and the rest of the clause (``[]`` when the start names one node or none).

    Examples
    --------
    >>> from msgspec.structs import replace
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> pack = pack_of([rule("x", "gas_price", "power_price", 0.5)])
    >>> named = {k: n.model_copy(update={"label": k.replace("_", " ")})
    ...          for k, n in pack.nodes.items()}  # 'gas price' and 'power price'
    >>> index = name_index(replace(pack, nodes=named))
    >>> several(index, "price rises"), several(index, "gas price rises")
    ((['gas_price', 'power_price'], 'rises'), ([], 'gas price rises'))
    """
    tokens = clause.split()
    news = _firsts(tokens)
    if _at(index, tokens, news, 0)[0]:
        return [], clause
    best: tuple[frozenset[str], int] | None = None
    for names, end, lettered in _steps(index, tokens, news, 0):
        if lettered and len(_nodes(index, names, 2)) > 1:
            best = (names, end)
    if best is None:
        return [], clause
    names, end = best
    return sorted({index.names[name][0] for name in names}), " ".join(tokens[end:])
