"""A move said with the verb of a node's noun: 'exporters ship 500 more' of a node named
'shipments', 'banks lend £5bn more' of 'lending', 'the hospital admits 40 more patients' of
'admissions'. The act adds to what the noun counts, by the size said after it.

Examples
--------
>>> noun_forms("migrate") >= {"migration", "migrating"}
True
"""

from __future__ import annotations

import re

from macrograph.graph.words.naming import name_index, subject
from macrograph.graph.words.rewording import MORE, SUBJECT_WORDS, unfilled
from macrograph.graph.words.units.unitwords import level_units, pack_units, read_size
from macrograph.graph.words.verbs import lexicon
from macrograph.rules.english.forms import IRREGULAR_VERBS, base_form
from macrograph.rules.pack import Pack
from macrograph.rules.vocabulary import climbs

SMALL_WORDS = frozenset(("of", "to", "the", "a", "an", "and", "for", "in", "on", "by"))
"""Words of a name that say nothing of who acts ('lending to the bank')."""

PARTICLES = frozenset(("down", "up", "back", "off", "out"))
"""Particles of a phrasal verb whose noun is written as one word ('mark down': 'markdown',
'buy back': 'buyback', 'lay off': 'layoff')."""


def noun_forms(verb: str) -> frozenset[str]:
    """The nouns English makes of a verb's base form, singular and plural: the act
    ('lending', 'planning'), its result ('investment', 'migration', 'admission').

    Examples
    --------
    >>> sorted(noun_forms("admit") & {"admission", "admissions", "admitting"})
    ['admission', 'admissions', 'admitting']
    >>> "investment" in noun_forms("invest"), "hiring" in noun_forms("hire")
    (True, True)
    """
    stem = verb[:-1] if verb.endswith("e") else verb
    forms = {f"{stem}ing", f"{verb}ment", f"{stem}ion"}
    if re.search(r"[^aeiou][aeiou][bdgmnpt]$", verb):  # plan -> planning, ship -> shipping
        forms.add(f"{verb}{verb[-1]}ing")
    if verb.endswith("it"):  # admit -> admission, emit -> emission
        forms.add(f"{verb[:-1]}ssion")
    if verb.endswith(("ise", "ize")):  # privatise -> privatisation
        forms.add(f"{stem}ation")
    return frozenset({*forms, *(f"{noun}s" for noun in forms if not noun.endswith("ing"))})


def verb_bases(said: str) -> frozenset[str]:
    """The base forms a verb as said may have: of the present ('admits'), of the past
    ('migrated', 'planned', 'spent').

    Examples
    --------
    >>> sorted(verb_bases("migrated")), sorted(verb_bases("spent"))
    (['migrat', 'migrate', 'migrated'], ['spend', 'spent'])
    >>> "plan" in verb_bases("planned")
    True
    """
    bases = {said, base_form(said)}
    if said.endswith("ed"):  # planted, migrated, planned
        bases |= {said[:-2], said[:-1]}
        if len(said) > 4 and said[-3] == said[-4]:
            bases.add(said[:-3])
    bases |= {base for base, past in IRREGULAR_VERBS.items() if said in past}
    return frozenset(bases)


def said_by_noun(pack: Pack, clause: str) -> str:
    """``clause`` read as '<name> rises <size>' when it says a move with the verb of one
    node's noun followed by a size alone (and 'more' or 'less'), after a few words of who
    acts that fit one of the node's names: every word of the name but the noun shares its
    start with one of them ('overseas suppliers ship' of 'overseas shipments';
    'ministers spend' is no 'household spending'), or they are a name of that node itself
    ('households spend'); ``clause`` as it is otherwise. Of a place in a table (a node that
    climbs), a size alone names the place reached, a level: 'we finish 10th' of a
    'finishing position' reads '<name> at 10th'; 'finish 2 places higher' is a move.

    Examples
    --------
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> pack = pack_of([rule("ab", "lending", "b", 1.0)])
    >>> said_by_noun(pack, "banks lend 5 more"), said_by_noun(pack, "banks lend")
    ('lending rises 5', 'banks lend')
    """
    index = name_index(pack)
    tokens = clause.split()
    start = subject(index, clause)[0]
    acting = index.names[start][0] if start else None  # a node acts: only its own noun
    lex = lexicon(pack)
    verbs, units, places = lex.verbs(), pack_units(pack), level_units(pack)
    for place in range(min(max(SUBJECT_WORDS, len(start.split())), len(tokens) - 1) + 1):
        said, after = tokens[place], tokens[place + 1 :]
        particle = after[0] if after and after[0] in PARTICLES else ""
        after = after[1:] if particle else after
        way = next((MORE[t] for t in after if t in MORE), 0)  # 'lend £5bn less'
        size = unfilled(lex, " ".join(t for t in after if t not in MORE))  # '40 more patients'
        if (said in verbs and not particle) or not size:
            continue
        if read_size(size, units) is None and read_size(size, places) is None:  # '10th'
            continue
        nouns = frozenset().union(*(noun_forms(base) for base in verb_bases(said)))
        if particle:  # 'mark down' makes 'markdowns', 'buy back' 'buybacks'
            made = (f"{base}{particle}" for base in verb_bases(said))
            nouns = frozenset(noun for one in made for noun in (one, f"{one}s"))
        holding = _named_by(index.holding, nouns)
        if acting is not None:  # 'households spend': the noun must be a name of theirs
            named = [start] if acting in {index.names[n][0] for n in holding} else []
        else:
            who = {word[:4] for word in tokens[:place]}
            named = [n for n in holding if _fits(n, nouns, who)]
        nodes = {index.names[name] for name in named}
        if len(nodes) != 1 or next(iter(nodes))[1]:  # several, or the other side of one
            continue
        name, node = min(named, key=lambda n: (len(n), n)), next(iter(nodes))[0]
        if not way and climbs(pack, node):  # 'we finish 10th': the place, not 10 more
            return f"{name} at {size}"
        if read_size(size, units) is None:  # '10th' of what is no place in a table
            continue
        verb = next(w for w, d in lex.moves.items() if d == (-1 if way < 0 else 1))
        return f"{name} {verb} {size}"
    return clause


def _fits(name: str, nouns: frozenset[str], who: set[str]) -> bool:
    """Whether the words of who acts fit ``name``: each of its words but its noun and the
    small words shares its first four letters with one of theirs."""
    others = [w for w in name.split() if w not in nouns and w not in SMALL_WORDS]
    return all(word[:4] in who for word in others)


def _named_by(holding: dict[str, frozenset[str]], nouns: frozenset[str]) -> set[str]:
    """The node names that hold one of ``nouns`` as a word."""
    return {name for noun in nouns for name in holding.get(noun, frozenset())}
