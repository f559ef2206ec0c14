"""Questions put into the reader's few forms: fillers dropped, a move said as a noun or with
its size first read as '<node> <verb> <size>' (a negation is read as a hold by
:func:`~macrograph.graph.words.verbs.unnegated`).

Every word comes from the pack's lexicon (:mod:`macrograph.rules.english.lexicon`); the patterns
here are English grammar only.

Examples
--------
>>> from macrograph.rules.english.lexicon import lexicon_words
>>> words = lexicon_words(None)
>>> sized_first(words, "5bn of rises in x")
'x rises 5bn'
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from macrograph.graph.words.levels.sizes import MARK_NOUN, level_of
from macrograph.graph.words.naming import NameIndex, name_index, several, subject
from macrograph.graph.words.units.unitwords import pack_units, read_size
from macrograph.graph.words.verbs import lexicon
from macrograph.rules.english.forms import MULTIPLES
from macrograph.rules.english.lexicon import Words
from macrograph.rules.pack import Pack

# "$5bn of X from Y"; "a 10% cut to X", as British English says a cut in it
PREPOSITIONS = ("from", "in", "into", "out of", "of", "on", "at", "for", "by", "to")
LEAD = 3  # words a move said as a noun may follow ('sees a sharp 5% rise')
QUALIFIERS = frozenset(("in", "at", "outside", "inside", "near", "on", "across", "from"))
"""Prepositions of a place or a part, which qualify a thing said before a verb."""
SUBJECT_WORDS = 3  # the most words of a subject that names no node ('the local economy')
# words that join two clauses: a move's lead never reaches past one ('cold snap and the wind
# drops 60' is two clauses, not a 'cold' that 'drops 60')
JOINS = frozenset(("and", "but", "while", "then"))  # not "with": "sees a jump with a 5% rise"
# Words of degree an event's name may follow ('a big eruption'): they say the event is
# notable, which a scenario's own size already states. Words that make it smaller ('a small
# eruption') are no such words: the scenario would answer a bigger event than the one asked.
NOTABLE = frozenset(
    (
        *("big", "bigger", "large", "larger", "major", "huge", "massive", "severe", "sharp"),
        *("sudden", "strong", "serious", "significant", "dramatic", "heavy", "deep", "steep"),
    )
)
ARTICLES_OF_NAMES = ("a", "an", "the", "another", "some")


def unqualified(clause: str) -> str:
    """``clause`` without its article and the words of degree before a name (:data:`NOTABLE`):
    'a big sudden eruption' -> 'eruption'; ``clause`` as it is when it has none.

    Examples
    --------
    >>> unqualified("a big volcanic eruption"), unqualified("a small eruption")
    ('volcanic eruption', 'a small eruption')
    """
    tokens = clause.split()
    start = 1 if tokens[:1] and tokens[0] in ARTICLES_OF_NAMES else 0
    end = start
    while end < len(tokens) - 1 and tokens[end] in NOTABLE:
        end += 1
    return " ".join(tokens[end:]) if end > start else clause


def unfilled(lex: Words, rest: str) -> str:
    """``rest`` without the lexicon's fillers ('keeps rates unchanged': 'keeps unchanged').

    Examples
    --------
    >>> from macrograph.rules.english.lexicon import lexicon_words
    >>> unfilled(lexicon_words(None), "level rises 5 will")
    'rises 5'
    >>> from macrograph.rules.english.lexicon import Lexicon
    >>> unfilled(lexicon_words(Lexicon(fillers=("against the euro",))), "falls 2% against euro")
    'falls 2%'

    A size said against the usual level is read as a move from it (:func:`against_normal`).
    """
    # as the question reads them, without 'the' ('of the day': 'of day')
    said = {re.sub(r"\bthe\s+", "", f).strip() for f in lex.fillers}
    for filler in sorted(said - {""}, key=len, reverse=True):
        rest = re.sub(rf"(?:^|(?<= )){re.escape(filler)}(?= |$)", "", rest)
    return against_normal(lex, re.sub(r"\s+", " ", rest).strip())


# what a size is short of, or below or above, when it is said against the usual level
NORMAL = "normal|average|the average|the norm|usual|forecast|expectations|expected"
_AGAINST = re.compile(
    rf"^(?P<lead>(?:\S+ )*?\S*\d\S*(?: \S+){{0,3}}?) "
    rf"(?:(?P<short>short)(?: of (?:{NORMAL}))?|(?P<side>below|under|above|over) (?:{NORMAL}))$"
)
# words before a size that say it is where the level stands, not a move ('is 40mm short')
COPULAS = ("is", "are", "was", "were", "comes in", "come in", "came in", "runs", "run", "ends up")


def against_normal(lex: Words, rest: str) -> str:
    """A size said against the usual level, read as a move from it: 'falls 40mm short' and
    'comes in 40mm short of average' as '<falls> 40mm', '40mm below normal' as '<falls>
    40mm' and '10% above average' as '<rises> 10%' (the baseline is the usual level);
    ``rest`` as it is otherwise, or when its verb moves the other way ('rises 40mm short').

    Examples
    --------
    >>> from macrograph.rules.english.lexicon import lexicon_words
    >>> lex = lexicon_words(None)
    >>> against_normal(lex, "falls 40mm short"), against_normal(lex, "is 40 mm below normal")
    ('falls 40mm', 'falls 40 mm')
    >>> against_normal(lex, "10% above average"), against_normal(lex, "rises 40mm short")
    ('rises 10%', 'rises 40mm short')
    """
    said = _AGAINST.match(rest)
    if said is None:
        return rest
    sign = 1 if said.group("side") in ("above", "over") else -1
    lead = said.group("lead")
    verb = verb_at(lead, (*lex.moves, *COPULAS))
    if verb and lex.moves.get(verb, sign) != sign:
        return rest
    size = lead[len(verb) :].strip()
    if not verb or verb in COPULAS:
        verb = next(w for w, d in lex.moves.items() if d == sign)
    return f"{verb} {size}"


def as_verb(
    verbs: Mapping[str, int],
    rest: str,
    units: tuple[str, ...] = (),
    index: NameIndex | None = None,
) -> str:
    """A move said as a noun, read as its verb: 'delivers a 50bp hike' and 'a hike of 50bp'
    as 'hike 50bp', 'of $100bn' as '+$100bn' (a flow of that size).

    Up to :data:`LEAD` words may come before the size or the noun ('surprises with a');
    ``units`` are the pack's own unit words (:func:`macrograph.graph.words.unitwords.pack_units`).

    Examples
    --------
    >>> verbs = {"rise": 1, "fall": -1}
    >>> as_verb(verbs, "sees a 5% rise"), as_verb(verbs, "a fall of 2%"), as_verb(verbs, "of 3bn")
    ('rise 5%', 'fall 2%', '+3bn')
    >>> as_verb({"raised": 1}, "are raised by 5pp")
    'raised 5pp'

    Words of a place before the verb that name a thing of the pack's ``index`` (a word of a
    node's names) qualify the thing said, and are not read past.

    >>> from macrograph.graph.synthetic import units_pack
    >>> index = name_index(units_pack())
    >>> as_verb({"rises": 1}, "at price rises 5", (), index)
    'at price rises 5'
    >>> as_verb({"rises": 1}, "in the region rises 5", (), index)
    'rises 5'
    """
    tokens = rest.split()
    if tokens[:1] == ["of"] and len(tokens) == 2 and read_size(tokens[1], units):
        return tokens[1] if tokens[1][0] in "+-" else f"+{tokens[1]}"
    for lead in range(min(LEAD, len(tokens)) + 1):
        if JOINS.intersection(tokens[:lead]):
            break
        tail = " ".join(tokens[lead:])
        verb = verb_at(tail, verbs)
        after = re.sub(r"^(?:of|by)\s+", "", tail[len(verb) :].strip())  # 'are raised by 5pp'
        # a place said before the verb qualifies the thing ('crews stuck at hospital double'):
        # no move of the thing as a whole, which a word left unread would make it
        placed = _placed(index, tokens[:lead]) if index is not None else False
        if verb and after and read_size(after, units) and not placed:
            return f"{verb} {after}"
        take = _size_length(tokens[lead:], units)  # a size of words: 'a 3 percent drop'
        noun = " ".join(tokens[lead + take :])
        if take and noun in verbs:
            return f"{noun} {' '.join(tokens[lead : lead + take])}"
    return rest


MORE = {"more": 1, "extra": 1, "additional": 1, "fewer": -1, "less": -1}  # '500 more X'
ARTICLES = ("a", "an")
SIZE_WORDS = 4  # the most words a size may take ('500 kt co2 a day' is five: one more)


def _placed(index: NameIndex, lead: list[str]) -> bool:
    """Whether ``lead``, words before a verb, say a place or a part that names a thing of the
    pack after a preposition ('at hospital' of a node named 'hospital occupancy'); a region's
    name is no such thing (the node's own, or one :func:`~.regions.in_region` refuses)."""
    at = next((i for i, w in enumerate(lead) if w in QUALIFIERS), None)
    return at is not None and any(w in index.holding for w in lead[at + 1 :])


def _size_length(tokens: list[str], units: tuple[str, ...]) -> int:
    """How many of the first tokens make the longest size (0 for none)."""
    for end in range(min(len(tokens), SIZE_WORDS + 1), 0, -1):
        if read_size(" ".join(tokens[:end]), units) is not None:
            return end
    return 0


def _compared(lex: Words, size: list[str], rest: list[str], units: tuple[str, ...]) -> str:
    """'500 more X a day' read as 'X <rises> 500 a day': the words after the name that
    make a size with the number are its unit; '' when ``rest`` is no comparison."""
    if not rest or rest[0] not in MORE or len(rest) < 2:
        return ""
    sign = MORE[rest[0]]
    verb = next(w for w, d in lex.moves.items() if d == sign)
    named = rest[1:]
    for end in range(1, len(named) + 1):  # the shortest name, the longest unit after it
        tail = named[end:]
        if not tail or read_size(" ".join([*size, *tail]), units) is not None:
            return " ".join([*named[:end], verb, *size, *tail])
    return ""


def more_after(pack: Pack, node: str, rest: str, sign: int, level: bool = False) -> str:
    """``rest``, the words after a move's verb, without the comparison its size is said with
    ('airlines add 6,000 more seats', 'add 15% more seats', 'rises 400 more rooms'): the
    word of :data:`MORE` after the size, where it goes the verb's way or is 'more' of a fall
    (a further fall: 'falls $50 more'), and the words after it where they name ``node``
    again; of a ``level``, a size followed by a name of ``node`` alone without the name ('A&E
    hits 98% occupancy') and the 'mark' after it ('crosses the 400 mark'); ``rest`` as it
    is otherwise.

    Examples
    --------
    >>> from macrograph.graph.synthetic.names import river_pack
    >>> river = river_pack()
    >>> more_after(river, "reservoir", "5% more lake", 1)
    '5%'
    >>> more_after(river, "reservoir", "500 more", 1)
    '500'
    >>> more_after(river, "reservoir", "500 fewer", 1)  # a rise said with 'fewer' stays refused
    '500 fewer'
    >>> more_after(river, "reservoir", "500 more", -1)  # a further fall
    '500'
    >>> more_after(river, "reservoir", "80% lake", 0, level=True)  # 'hits 80% lake'
    '80%'
    """
    units = pack_units(pack)  # 'the 400 mark', '400-mark', 'the 0.5 limit'; not a unit's own
    rest = MARK_NOUN.sub("", rest) if level and read_size(rest, units) is None else rest
    tokens = rest.split()
    names = name_index(pack).names
    if level and read_size(rest, units) is None:  # '98% occupancy', not '5 crews' of crews
        for end in range(1, len(tokens)):
            again = names.get(" ".join(tokens[end:]))
            if again == (node, False) and read_size(" ".join(tokens[:end]), units) is not None:
                return " ".join(tokens[:end])
    if level:
        return rest
    at = next((i for i, t in enumerate(tokens) if t in MORE), 0)
    if not at or MORE[tokens[at]] < 0 < sign:  # 'rises 500 fewer' stays refused
        return rest
    size, after = tokens[:at], tokens[at + 1 :]
    if read_size(" ".join(size), units) is None:
        return rest
    if not after or read_size(" ".join([*size, *after]), units) is not None:
        return " ".join([*size, *after])
    named = name_index(pack).names.get(" ".join(after))
    return " ".join(size) if named is not None and named[0] == node else rest


def named_again(pack: Pack, named: tuple[str, bool], rest: str, verbs: Mapping[str, int]) -> str:
    """``rest`` without a name of the same node, the same way round, said again after its
    verb ('the authority raises the levy by 5', where both name one node; 'imposes a 5%
    levy', read as the levy set to 5%); as it is when the words after the verb name no node
    or another.

    Examples
    --------
    >>> from macrograph.graph.synthetic.names import river_pack
    >>> named = ("reservoir", False)
    >>> named_again(river_pack(), named, "rises lake 5", {"rises": 1})
    'rises 5'
    >>> named_again(river_pack(), named, "rises outflow 5", {"rises": 1})
    'rises outflow 5'
    """
    index = name_index(pack)
    said = rest[len(verb) :].strip() if (verb := verb_at(rest, verbs)) else ""
    if said[:2] in ("a ", "an"):  # 'imposes a 5% levy', read as the levy of 5%
        said = re.sub(r"^an?\s+", "", sized_first(lexicon(pack), said, pack_units(pack)))
    said = re.sub(r"^(?:its|their)\s+", "", said)  # 'the owners cut their flow'
    again, after = subject(index, said) if said else ("", "")
    if not again or (index.names[again] != named and not _own_words(index, named[0], again)):
        return rest
    return f"{verb} {re.sub(r'^at ', 'to ', level_of(pack, named[0], after))}".strip()


def _own_words(index: NameIndex, node: str, name: str) -> bool:
    """Whether every word of ``name`` (another node's) is a word of ``node``'s own names, as it
    is or as its singular: 'flows' said after the owners of 'owners' own flow' cut it."""
    return all(index.holds(node, word) for word in name.split())


TAKES_OFF = re.compile(
    r"^(?:(?P<lead>.*?)\s+)?(?:takes?|taking|took|taken|knocks?|knocked|shaves?|shaved)"
    r"\s+(?P<size>.+?)\s+off\s+(?P<name>.+)$"
)


def taken_off(clause: str, units: tuple[str, ...] = ()) -> str:
    """'<cause> takes <size> off <X>' read as '<cause> cuts <X> by <size>': a size taken off
    a thing lowers it by that size; ``clause`` as it is unless a size comes before 'off'.

    Examples
    --------
    >>> taken_off("frost takes a third off yields"), taken_off("take $5 off the fare")
    ('frost cuts yields by a third', 'cuts the fare by $5')
    >>> taken_off("the ban takes effect off the coast")  # no size: as it is
    'the ban takes effect off the coast'
    """
    found = TAKES_OFF.match(clause)
    if found is None or read_size(found["size"], units) is None:
        return clause
    return " ".join(filter(None, (found["lead"], "cuts", found["name"], "by", found["size"])))


def another(clause: str) -> str:
    """'another <multiple>' read as '1 <multiple> more' ('ship another million cases' as
    'ship 1 million more cases'); ``clause`` as it is otherwise ('another 150 mg' is read as
    'a further 150 mg' is).

    Examples
    --------
    >>> another("ship another million cases"), another("give another 150 mg")
    ('ship 1 million more cases', 'give another 150 mg')
    >>> another("another day")
    'another day'
    """
    tokens = clause.split()
    if "another" not in tokens[:-1]:
        return clause
    at = tokens.index("another")
    after = tokens[at + 1 :]
    if after[0] not in MULTIPLES:  # 'another 150 mg' reads as 'a further 150 mg' does
        return clause
    number, rest = ["1"], after
    while rest and rest[0] in MULTIPLES:  # 'another million', 'another hundred thousand'
        number, rest = [*number, rest[0]], rest[1:]
    return " ".join([*tokens[:at], *number, "more", *rest])


def sized_first(lex: Words, clause: str, units: tuple[str, ...] = ()) -> str:
    """'$5bn of outflows from X' read as 'X outflows $5bn' (a size, a move, and its node),
    '$300bn of X unwind' as 'X unwind $300bn', '500 more X a day' as 'X rises 500 a day' and
    'a 3 drop in X' as 'X drop 3'.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> from macrograph.graph.words.verbs import lexicon
    >>> sized_first(lexicon(units_pack()), "a 3 drop in rate")
    'rate drop 3'
    >>> sized_first(lexicon(units_pack()), "a drop of 3 in rate")  # the move named first
    'rate drop 3'
    >>> sized_first(lexicon(units_pack()), "a 3 rate")  # the size of the thing it names
    'rate of 3'
    >>> sized_first(lexicon(units_pack()), "a 3 higher rate")  # a comparative before it
    'rate higher 3'
    """
    clause = " ".join(_size_before_noun(lex, compound_size(another(clause).split(), units), units))
    tokens = clause.split()
    article = bool(tokens[:1]) and tokens[0] in ARTICLES and _size_length(tokens[1:], units) > 0
    tokens = tokens[1:] if article else tokens
    take = _size_length(tokens, units)
    if not take:
        return clause
    rest = tokens[take:]
    if take == 2 and tokens[0] in ARTICLES and tokens[1] not in MULTIPLES and "of" in rest:
        return clause  # 'a Kp (index) of 8': a name whose word is a unit's, then its level
    compared = _compared(lex, tokens[:take], rest, units)
    if compared:
        return compared
    rest = rest[1:] if rest[:1] == ["of"] else rest
    verb = verb_at(" ".join(rest), lex.verbs())
    after = " ".join(rest)[len(verb) :].strip()
    preposition = verb_at(after, PREPOSITIONS) if verb else ""
    if not verb and article and rest:  # 'a £1.2bn storm': the storm of £1.2bn, a level
        return f"{' '.join(rest)} of {' '.join(tokens[:take])}"
    if not verb:  # '5bn of X falls': the name, its verb, then the size
        return f"{' '.join(rest)} {' '.join(tokens[:take])}" if rest else clause
    if not preposition:  # 'a 20% smaller vintage': a comparative, then the name it sizes
        return (
            f"{after} {verb} {' '.join(tokens[:take])}" if after and verb[-2:] == "er" else clause
        )
    name = after[len(preposition) :].strip()
    return f"{name} {verb} {' '.join(tokens[:take])}"


def compound_size(tokens: list[str], units: tuple[str, ...]) -> list[str]:
    """'a 3-day strike' as 'a 3 day strike': a size made one word with its unit before the
    noun it measures, after an article, where the two words are a size in one of ``units``
    (a hyphen anywhere else is a name's: '10-year yield').

    Examples
    --------
    >>> compound_size("a 3-bp hike".split(), ("bp",)), compound_size(["a", "10-year", "x"], ())
    (['a', '3', 'bp', 'hike'], ['a', '10-year', 'x'])
    """
    if len(tokens) < 3 or tokens[0] not in ARTICLES:
        return tokens
    number, hyphen, unit = tokens[1].partition("-")
    if not hyphen or not unit.isalpha() or read_size(f"{number} {unit}", units) is None:
        return tokens
    return [tokens[0], number, unit, *tokens[2:]]


def _size_before_noun(lex: Words, tokens: list[str], units: tuple[str, ...]) -> list[str]:
    """'a rise of 20bp in X' as '20bp rise in X', and 'a hike of 50bp' as 'a 50bp hike': a
    move named before its size, which follows 'of', then the node it moves after a
    preposition, or nothing."""
    article = tokens[:1] if tokens[:1] and tokens[0] in ARTICLES else []
    body = tokens[len(article) :]
    verb = verb_at(" ".join(body), lex.verbs())
    n = len(verb.split())
    if not verb or body[n : n + 1] != ["of"]:
        return tokens
    take = _size_length(body[n + 1 :], units)
    after = body[n + 1 + take :]
    if not take or (after and not verb_at(" ".join(after), PREPOSITIONS)):
        return tokens
    return [*([] if after else article), *body[n + 1 : n + 1 + take], *body[:n], *after]


def verb_at(rest: str, verbs: Mapping[str, int] | tuple[str, ...]) -> str:
    """The longest of ``verbs`` that ``rest`` starts with, as a whole word ('' for none).

    Examples
    --------
    >>> verb_at("goes up 5%", ("goes", "goes up")), verb_at("upward", ("up",))
    ('goes up', '')
    """
    for verb in sorted(verbs, key=len, reverse=True):
        if rest == verb or rest.startswith(verb + " ") or rest.startswith(verb + "+"):
            return verb
    return ""


def owner_first(index: NameIndex, lex: Words, clause: str) -> str:
    """'<owner> <verb> [its|their|the] <name> ...' as '<name> <verb> ...' where the owner
    starts the names of several nodes and ``name`` names one of them ('Harbor Point raises
    its deposit rate 50bp', of 'Harbor Point's deposit rate' and 'Harbor Point's share
    price'), or any node after a verb of a decision of ``lex`` ('the bank raises its
    deposit rate', where 'bank' is a word of several labels); ``clause`` as it is otherwise.

    Examples
    --------
    >>> from msgspec.structs import replace
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> from macrograph.graph.words.naming import name_index
    >>> pack = pack_of([rule("x", "gas_price", "power_price", 0.5)])
    >>> named = {k: n.model_copy(update={"label": k.replace("_", " ")})
    ...          for k, n in pack.nodes.items()}  # 'gas price' and 'power price'
    >>> index = name_index(replace(pack, nodes=named))
    >>> from macrograph.rules.english.lexicon import lexicon_words
    >>> lex = lexicon_words(None)
    >>> owner_first(index, lex, "price raises the gas price 5")
    'gas price raises 5'
    >>> owner_first(index, lex, "price raises 5")
    'price raises 5'
    """
    nodes, rest = several(index, clause)
    verb = verb_at(rest, {**lex.moves, **lex.decisions}) if nodes else ""
    if not verb:
        return clause
    after = re.sub(r"^(?:its|their|the)\s+", "", rest[len(verb) :].strip())
    name, remainder = subject(index, after)
    if not name or (index.names[name][0] not in nodes and verb not in lex.decisions):
        return clause
    return f"{name} {verb} {remainder}".strip()
