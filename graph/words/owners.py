"""A thing said after its owner's verb: 'the owners raise levels by 5' read as the one name
owner and thing make ('owners levels rises by 5'), and what one who decides moves or sets
('the council cuts 300 jobs', 'the government raises the levy to €40/t').

Examples
--------
>>> from macrograph.graph.synthetic import labelled, units_pack
>>> owned(labelled(units_pack(), {"flow": "Owners flow"}), "owners cut flow by 5 GWh a day")
'owners flow falls by 5 GWh a day'
"""

from __future__ import annotations

from macrograph.graph.words.levels.sizes import scale_named
from macrograph.graph.words.longernames import own_unit
from macrograph.graph.words.naming import NameIndex, name_index, subject
from macrograph.graph.words.rewording import ARTICLES, MORE, compound_size, verb_at
from macrograph.graph.words.units.unitwords import pack_units, read_size
from macrograph.graph.words.unnamed import decided_by, decided_past
from macrograph.graph.words.verbs import decides as decides_itself
from macrograph.graph.words.verbs import lexicon, node_verbs
from macrograph.rules.english.forms import base_form
from macrograph.rules.english.lexicon import INTRANSITIVE
from macrograph.rules.pack import Pack

__all__ = ["owned"]


def owned(pack: Pack, clause: str) -> str:
    """A thing said after its owner's verb ('the owners raise levels by 5', where 'owners
    levels' names a node and 'levels' alone may name another) read as the one name the two
    make, with that node's own verb of the same direction ('owners levels rises by 5'), or
    the thing's own name after the size one who decides moves it by; ``clause`` as it is
    where they make none. An owner said as the start of one name alone ('reinsurers', of
    'reinsurers prices') is the words said, not that name.

    Examples
    --------
    >>> from macrograph.graph.synthetic import labelled, units_pack
    >>> pack = labelled(units_pack(), {"flow": "Owners flow", "price": "Owners"})
    >>> owned(pack, "owners raise flow by 5 GWh a day"), owned(pack, "rate rises 5bp")
    ('owners flow rises by 5 GWh a day', 'rate rises 5bp')
    >>> owned(pack, "owners raise their flow by 5 GWh a day"), owned(pack, "owners rises 100% flow")
    ('owners flow rises by 5 GWh a day', 'owners flow rises 100%')
    >>> owned(pack, "owners s flow rises 5")  # "owners' flow", its possessive read past
    'owners flow rises 5'
    >>> owned(labelled(units_pack(), {"flow": "Buyers flow"}), "buyers raise flow by 5")
    'buyers flow rises by 5'

    One who decides (a policy node's name) may move a count of another node by a size said
    before its name ('the council cuts 300 jobs': '300 jobs' are the staff's), and set
    another decision it names to a level said after 'to' or 'of' or with an article before
    the name ('the government raises the levy to €40/t', 'introduces a levy of €40/t',
    'imposes a €40/t levy').
    """
    index = name_index(pack)
    owner, rest = subject(index, clause)
    verbs = lexicon(pack).verbs()
    said = verb_at(rest, verbs) if owner else ""
    if owner and not said:  # 'Concord's ad spend rises': the owner's thing before the verb
        tokens = rest.split()
        tokens = tokens[1:] if tokens[:1] == ["s"] else tokens  # what is left of "'s"
        for take in range(min(len(tokens), index.longest), 0, -1):
            name = f"{owner} {' '.join(tokens[:take])}"
            if name in index.names and verb_at(" ".join(tokens[take:]), verbs):
                return " ".join([name, *tokens[take:]])
        past = decided_past(pack, rest)  # 'the wage board raises ...', 'wage' a whole name
        if past:
            return past
    after = rest[len(said) :].split() if said else []
    words = clause[: len(clause) - len(rest)].strip()  # the owner as said
    # a multiple read as a move and its size ('doubles' as 'rises 100%'), then the owner's
    # possessive ('Concord doubles its ad spend'), before the thing
    units = pack_units(pack)
    size = after[:1] if len(after) > 1 and read_size(after[0], units) else []
    after = after[len(size) :]
    if size and len(after) > 1 and after[0] in MORE and not MORE[after[0]] < 0 < verbs[said]:
        after = after[1:]  # 'the board funds 50 more crews', as '50 crews' ('fewer' of a rise not)
    if not size and owner:  # 'voters approve a 3-mill levy': the size, its article aside
        split = compound_size(after, pack_units(pack))
        sized = split != after and read_size(" ".join(split[1:3]), pack_units(pack))
        size, after = (split[1:3], split[3:]) if sized else (size, after)
    # 'imposes a €40/t levy': the size said with an article before the thing is its level
    level = bool(not size and owner and len(after) > 2 and after[0] in ARTICLES)
    level = level and read_size(after[1], units) is not None
    at, after = (["to", after[1]], after[2:]) if level else ([], after)
    after = after[1:] if len(after) > 1 and after[0] in ARTICLES else after  # 'a levy of €40/t'
    possessive = after[:1] in (["its"], ["their"])
    after = after[1:] if possessive else after
    # one who decides, a policy node's name, may move a count of another node by its size
    # ('the council cuts 300 jobs': the jobs are the staff's, not a unit of the courses),
    # or another node by the size said after it ('the board raises the levy 2 mills')
    decider = bool(owner) and decides_itself(pack, index.names[owner][0])
    verb, _, particle = said.partition(" ")  # 'goes up': 'go up'
    decider = decider and f"{base_form(verb)} {particle}".strip() not in INTRANSITIVE
    # what the owner calls its own may be another name of the owner's node ('the co-op
    # cuts its forecast', both names of the milk price it sets)
    mine = index.names[owner][0] if owner and possessive else None
    # the words after a size that name the owner's own unit are the size's ('the fare up 2
    # euros', where 'euros' may name a quote too): no thing is said after them
    unit = bool(owner and size and after) and own_unit(pack, index.names[owner][0], " ".join(after))
    for take in range(0 if unit else min(len(after), index.longest), 0, -1):
        thing = " ".join(after[:take])
        # the size after the thing: only of a thing decided too (the levy the voters set),
        # never of a market's price ('the central bank raises mortgage rates by 0.5')
        # ('... raises the levy by 2 mills', or to a level: '... raises the levy to 9 mills')
        then = after[take:][1:] if after[take:][:1] in (["by"], ["to"], ["of"]) else after[take:]
        later = bool(then and read_size(then[0], units)) and _decided(pack, index, thing)
        decided = [thing] if decider and (size or later or at) else []
        same = thing in index.names and index.names[thing][0] == mine
        together = (f"{owner} {thing}", f"{thing} of {owner}", f"{words} {thing}", *decided)
        together = (*together, thing) if same else together
        name = next((n for n in together if n in index.names), "")
        if name and _unit_of_owner(pack, index, (owner, name), [*size, thing]):
            break  # 'congestion rises 2 minutes': the minutes are the size's, not a thing
        own = node_verbs(pack, index.names[name][0]) if name else {}
        verb = said if said in own else next((w for w, d in own.items() if d == verbs[said]), "")
        if verb:  # a level said after 'of' is the level it is set to ('a levy of €40/t')
            tail = ["to", *then] if later and after[take:][:1] == ["of"] else after[take:]
            scale = scale_named(pack, index.names[name][0], " ".join([thing, *tail[:1]]))
            tail = ["to", *tail] if scale else tail  # 'implements REAP 4': that level
            return " ".join([name, verb, *size, *at, *tail])
    return decided_by(pack, clause, owner, words, said) or clause


def _unit_of_owner(pack: Pack, index: NameIndex, named: tuple[str, str], sized: list[str]) -> bool:
    """Whether the thing after a size is the size's unit: a unit of the owner's own node
    ('the licence cap up 50 drivers' of a cap counted in drivers, where 'drivers' names
    another node too), or where owner and thing together name the owner's node ('congestion
    rises 2 minutes', with 'congestion minutes' a name of congestion): then the owner's move
    is said whole, and nothing joins it."""
    owner, name = named
    size = read_size(" ".join(sized), pack_units(pack)) if len(sized) > 1 else None
    if not owner or size is None:
        return False
    node = index.names[owner][0]
    return index.names[name][0] == node or own_unit(pack, node, size.unit)


def _decided(pack: Pack, index: NameIndex, name: str) -> bool:
    """Whether ``name`` names a node that is itself decided, a policy node's."""
    return name in index.names and decides_itself(pack, index.names[name][0])
