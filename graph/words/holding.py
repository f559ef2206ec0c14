"""Holds and commands: a policy node that does not make the move the default scenario
states, and a clause said as a command, its verb first.

'<node> holds' of a policy node with a priced path is a decision of no change
(:func:`macrograph.graph.words.plainwords.resolve_words`). A policy node without one whose
move the default scenario states ('the rate rises a point on 1 March') is asked the same
question: that move, on its date, set to no change in its place, answered against the
default. A decision said with its size ('the bank hikes 50bp', :func:`decides`) takes the
place of that move too, where a market's move ('the rate rises 50bp') comes on top of it.
'no <verb>' said of no node names the one policy node the default moves the
verb's way ('no hike': the hike does not happen).

Examples
--------
>>> from macrograph.graph.synthetic import units_pack
>>> held_word(units_pack())  # the built-in lexicon's first verb of holding
'holds'
"""

from __future__ import annotations

import re

from msgspec.structs import replace

from macrograph.graph.decisions import level_change
from macrograph.graph.specs import ScenarioSpec, ShockSpec
from macrograph.graph.words.levels.sizes import scale_named
from macrograph.graph.words.naming import NameIndex, first_named, name_index, subject
from macrograph.graph.words.owners import owned
from macrograph.graph.words.passives import imperative
from macrograph.graph.words.rewording import (
    MORE,
    SUBJECT_WORDS,
    compound_size,
    unfilled,
    verb_at,
)
from macrograph.graph.words.units.counts import counted_in
from macrograph.graph.words.units.unitwords import pack_units, read_size
from macrograph.graph.words.verbs import NEGATIONS, lexicon, node_verbs
from macrograph.rules.pack import Pack

__all__ = [
    "commanded",
    "decides",
    "held_word",
    "holds",
    "unchanged",
    "unnamed_hold",
    "verb_first",
]

NEGATED = re.compile(rf"(?:{'|'.join(NEGATIONS)})\s+(?:an?\s+)?(.+)")


def held_word(pack: Pack) -> str:
    """The lexicon's first verb of holding (a pack's own first).

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> held_word(units_pack())  # the built-in lexicon's
    'holds'
    """
    return next((w for w, d in lexicon(pack).decisions.items() if d == 0), "holds")


def holds(pack: Pack, node: str) -> bool:
    """Whether ``node`` is a policy node, one that takes the lexicon's verbs of holding.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> pack = units_pack()
    >>> policy = pack.nodes["rate"].model_copy(update={"kind": "policy_action"})
    >>> holds(pack, "rate"), holds(replace(pack, nodes={**pack.nodes, "rate": policy}), "rate")
    (False, True)
    """
    return node_verbs(pack, node).get(held_word(pack)) == 0


def unchanged(pack: Pack, shocks: list[ShockSpec]) -> tuple[ShockSpec, ...]:
    """``shocks`` set to no change on their node and date (what was priced is kept: a hold
    of a priced decision is its surprise).

    Examples
    --------
    >>> from datetime import date
    >>> from macrograph.graph.synthetic import units_pack
    >>> shock = ShockSpec("rate", date(2025, 1, 6), "x", level=1.0)
    >>> unchanged(units_pack(), [shock])[0].label
    'rate unchanged'
    """
    return tuple(
        replace(s, change=0.0, level=None, label=f"{pack.nodes[s.node].label} unchanged")
        for s in shocks
    )


def _sign(pack: Pack, base: ScenarioSpec, shock: ShockSpec) -> int:
    """Which way ``shock`` moves its node in ``base`` (a level: from the level in force)."""
    size = shock.change if shock.level is None else level_change(pack, base.shocks, shock)
    size = size or 0.0
    return (size > 0) - (size < 0)


def unnamed_hold(pack: Pack, base: ScenarioSpec, clause: str) -> str:
    """'no hike' said of no node, as '<node> holds' of the one policy node the default
    scenario moves the way the verb says (its own verbs first); else ``clause`` itself.

    Examples
    --------
    >>> from macrograph.graph.synthetic import rate_step, units_pack
    >>> pack = units_pack()
    >>> policy = pack.nodes["rate"].model_copy(update={"kind": "policy_action"})
    >>> pack = replace(pack, nodes={**pack.nodes, "rate": policy})
    >>> unnamed_hold(pack, rate_step(), "no raise")  # rate_step raises the rate
    'rate holds'
    >>> unnamed_hold(pack, rate_step(), "no cut")  # nothing the default does: as it is
    'no cut'
    """
    match = NEGATED.fullmatch(clause)
    if match is None:
        return clause
    said, verbs = match.group(1), lexicon(pack).verbs()
    found = set()
    for shock in base.shocks:
        own = node_verbs(pack, shock.node)
        sign = own.get(said, verbs.get(said))
        if sign and holds(pack, shock.node) and _sign(pack, base, shock) == sign:
            found.add(shock.node)
    return f"{found.pop()} {held_word(pack)}" if len(found) == 1 else clause


def decides(pack: Pack, base: ScenarioSpec, node: str, rest: str) -> bool:
    """Whether ``rest`` (what a clause says of ``node``) is a decision of a policy node with
    no priced path whose move the default scenario states ('hikes 50bp' where the default
    hikes a point): said with a verb of a decision that is no verb of a market's move
    ('rises 50bp'), it takes the place of the default's move on its date, as a hold does.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> from macrograph.graph.specs import resolve
    >>> pack = units_pack()
    >>> decides(pack, resolve(pack, pack.info.default_scenario), "rate", "rises 5bp")
    False
    """
    lex = lexicon(pack)
    moves = lex.moves_of(pack.nodes[node].kind)
    verb = verb_at(rest, {w: d for w, d in lex.decisions.items() if d and w not in moves})
    return bool(verb) and holds(pack, node) and any(s.node == node for s in base.shocks)


def commanded(pack: Pack, node: str, verb: str) -> bool:
    """Whether ``verb``, said first as a command ('raise the quota'), is a verb of a decision
    alone of a policy node without a priced path: the command reads as the node's move of
    that direction, on top of the default's ('cut the quota' and 'raise the quota' alike,
    whichever of them the lexicon also has as a move); '<node> raises N' is the decision.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> commanded(units_pack(), "rate", "rises")
    False
    """
    lex, found = lexicon(pack), pack.nodes[node]
    decided = verb in lex.decisions and verb not in lex.moves_of(found.kind)
    return decided and found.expectations is None


SIZE_BEFORE = 3  # the most words of a size said between a command and its node ('30 thousand')
KEPT = re.compile(r"(?:keeps?|leaves?|holds?)\s+(?P<what>.+?)\s+(?:unchanged|steady|as it is)")
"""A hold said as a command with its thing inside ('keep the harvest unchanged')."""
ADDS = {"add": 1, "remove": -1, "take away": -1}
"""Commands of a count said with its size ('add 2 buses an hour'): up or down by it."""


def verb_first(pack: Pack, clause: str) -> str:
    """An imperative, its verb first ('cut releases by 5 m3/s', 'raise the quota by 10 kt'),
    read as '<node> <verb> <size>': the verb one of the node's own (:func:`node_verbs`) or
    the lexicon's (then the node's first verb of the same direction); ``clause`` as it is
    when it starts with a node's name, or with no verb before one and a size or nothing.
    A multiple the lexicon read as a move and its size ('double X' as 'rises 100% X') is
    read the same way, and a count added ('add 2 buses an hour') on the one node counted in
    the size's unit (:func:`counted_in`).

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> verb_first(units_pack(), "cut flow by 5 GWh a day"), verb_first(units_pack(), "raise rate")
    ('flow falls by 5 GWh a day', 'rate rises')
    >>> verb_first(units_pack(), "rate rises 5bp")  # a node's name first: as it is
    'rate rises 5bp'
    >>> verb_first(units_pack(), "cut 5 GWh a day of flow")  # a size said of its node
    'flow falls 5 GWh a day'
    >>> pack = units_pack()
    >>> verb_first(pack, "cut a 5 GWh a day flow"), verb_first(pack, "cut flow of 5")
    ('flow falls 5 GWh a day', 'flow falls 5')
    >>> verb_first(pack, "move up a flow") == verb_first(pack, "move up flow")  # two words
    True
    """
    tokens = clause.split()
    if len(tokens) < 2 or subject(name_index(pack), clause)[0]:
        return owned(pack, clause)
    unmoved = KEPT.fullmatch(clause)  # 'keep the quota unchanged', as 'the quota holds' is
    name, rest = subject(name_index(pack), unmoved["what"]) if unmoved else ("", "")
    if name and not rest:
        return f"{name} {held_word(pack)}"
    added = _added(pack, clause)  # a count said with its unit names its node ('hire 10 X')
    if added != clause:
        return added
    ended = _ended(pack, tokens)  # 'lift the ban', as 'the ban lifts' is read
    if ended:
        return ended
    units, fillers = pack_units(pack), lexicon(pack).fillers
    # 'grant an indexation of 2%', 'bring in a hosepipe ban': the article after the verb
    two = imperative(lexicon(pack).verbs(), " ".join(tokens[:2])) if len(tokens) > 3 else ""
    at = 2 if two else 1
    tokens = [*tokens[:at], *compound_size(tokens[at:], units)]  # 'open a 600-space site'
    if tokens[at] in ("a", "an") and subject(name_index(pack), " ".join(tokens[at + 1 :]))[0]:
        tokens = [*tokens[:at], *tokens[at + 1 :]]
    longest = SIZE_BEFORE + 2 + max((len(f.split()) for f in fillers), default=0)
    for length in (2, 1, *range(3, longest)):  # a size of one word before several
        name, after = subject(name_index(pack), " ".join(tokens[length:]))
        after = unfilled(lexicon(pack), after)  # 'lose 40% of colonies this winter'
        if after.startswith("of ") and read_size(after[3:], units) is not None:
            after = after[3:]  # 'grant indexation of 2%': the size said of its node
        size = unfilled(lexicon(pack), " ".join(tokens[1:length]))  # 'a further 150 mg'
        size = size.removesuffix(" of")  # 'buy £500m of cover', 'cut a third of the quota'
        if size.split()[:1] in (["a"], ["an"]) and read_size(size, units) is None:
            size = size.split(maxsplit=1)[-1]  # 'grant a 2% indexation'
        way = MORE.get(size.split()[-1], 0) if len(size.split()) > 1 else 0
        size = size.rsplit(maxsplit=1)[0] if way else size  # 'hire 5 more reps'
        multiple = length >= 2 and not after and read_size(size, units) is not None
        sized = not after or after.split()[0] in ("by", "to", "from") or read_size(after, units)
        if not name or not sized or (length > 2 and not multiple):
            continue
        node = name_index(pack).names[name][0]
        own = node_verbs(pack, node)
        verbs = {**ADDS, **lexicon(pack).verbs(), **own}  # 'add 200k jobs', as 'cut' is read
        said = imperative(verbs, tokens[0] if multiple else " ".join(tokens[:length]))
        if not said or way not in (0, verbs[said]):  # 'hire 5 fewer reps' stays refused
            continue
        kept = said in own and not commanded(pack, node, said)
        verb = said if kept else next((w for w, d in own.items() if d == verbs[said]), "")
        if verb:  # the node's own verb, else its first of the same direction
            to = "to " * (not multiple and scale_named(pack, node, f"{name} {after}"))  # 'REAP 4'
            return f"{name} {verb} {to}{size if multiple else after}".strip()
    return _unsubjected(pack, tokens) or _headline(pack, tokens) or clause


def _headline(pack: Pack, tokens: list[str]) -> str:
    """A move said as a headline or a patch note says it, its size and its node before the
    verb ('5,000 bots banned', '20 servers added'), read with the size after the verb
    ('bots banned 5,000'); '' when the clause is no such move.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> _headline(units_pack(), "5 GWh flow cut".split()), _headline(units_pack(), ["flow"])
    ('flow cut 5 GWh', '')
    """
    units = pack_units(pack)
    for length in range(1, SIZE_BEFORE + 1):
        size = " ".join(tokens[:length])
        name, after = subject(name_index(pack), " ".join(tokens[length:]))
        if not name or not after or read_size(size, units) is None:
            continue
        node = name_index(pack).names[name][0]
        verb = verb_at(after, {**lexicon(pack).verbs(), **node_verbs(pack, node)})
        if verb:
            return f"{name} {verb} {size} {after[len(verb) :].strip()}".strip()
    return ""


def _unpriced(pack: Pack, said: str) -> bool:
    """Whether ``said`` starts with the name of a node no market prices a decision on: a
    command on it without a size is asked for one, whoever gives it."""
    name = subject(name_index(pack), said)[0]
    return bool(name) and pack.nodes[name_index(pack).names[name][0]].expectations is None


def _unsubjected(pack: Pack, tokens: list[str]) -> str:
    """A move said by a subject that names no node, before a verb that acts on one with a
    size ('employers shed 30k jobs', 'the economy adds 30,000 jobs') read as the command
    alone ('shed 30k jobs'); a subject that is the name of a region stays as 'in <region>'
    ('Canada sheds 30k jobs'); '' when the clause is no such move.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> _unsubjected(units_pack(), "the traders cut flow by 5 GWh a day".split())
    'flow falls by 5 GWh a day'
    >>> _unsubjected(units_pack(), "the traders say so".split())
    ''
    >>> _unsubjected(units_pack(), "the traders cut flow".split())  # its size asked for
    'flow falls'
    >>> _unsubjected(units_pack(), "the cold pushes flow up 5 GWh a day".split())
    'flow up 5 GWh a day'
    >>> _unsubjected(units_pack(), "a slump and flow up 5 GWh a day".split())  # two clauses
    ''
    """
    verbs, units, regions = lexicon(pack).verbs(), pack_units(pack), name_index(pack).regions
    ends = lexicon(pack).ends  # 'the operator scraps subsidies': an end needs no size
    for k in range(1, min(SUBJECT_WORDS, len(tokens) - 2) + 1):
        before, rest = tokens[:k], " ".join(tokens[k:])
        if before[-1] in ("and", "but", "while", "with", "then"):  # a clause of its own before
            break
        # 'a heatwave pushes cooling load up 15%': the particle after the verb's object
        named, after = subject(name_index(pack), rest)
        turned = named and after.split()[:1] in (["up"], ["down"]) and k > 1
        if turned and read_size(after.split(maxsplit=1)[-1], units) is not None:
            return rest if not any(verb_at(w, verbs) for w in before) else ""
        acts = verb_at(rest, verbs) or imperative(ADDS, tokens[k]) or verb_at(rest, ends)
        if any(verb_at(w, verbs) for w in before) or not acts:
            continue
        said = verb_first(pack, rest)
        if _names_another(name_index(pack), " ".join(before), said):
            return ""  # "the rival's owner cuts prices": whose prices is not for us to drop
        words = said.split()
        sized = any(read_size(" ".join(words[i:]), units) for i in range(len(words)))
        sized = sized or said == _ended(pack, tokens[k:]) != ""
        if said == rest or not (sized or _unpriced(pack, said)):  # no command, or no size
            continue  # on a decision markets price ('the ECB hikes' is no decision here)
        region = " ".join(before[1:] if before[0] == "the" else before)
        return f"{said} in {region}" if region in regions else said
    return ""


def _names_another(index: NameIndex, before: str, said: str) -> bool:
    """Whether the words before a verb name a node other than the one the command moves."""
    named, moved = first_named(index, before), subject(index, said)[0]
    return named is not None and bool(moved) and index.names[moved][0] != named


def _added(pack: Pack, clause: str) -> str:
    """'add 2 buses an hour' (or 'by 2 buses an hour') read as '<node> <its up verb> 2 buses
    an hour', the node the one counted in the size's unit; the same of a verb of the lexicon
    said as a command before such a count ('hire 10 engineers', 'raise 10 engineers', 'scale
    up by 20 servers'); ``clause`` as it is when it is no such command."""
    command, direction = _command(pack, clause)
    said = clause[len(command) :].strip()
    said = said.removeprefix("by ") if command else said  # 'scale up by 20 servers'
    size = read_size(said, pack_units(pack)) if command else None
    node = counted_in(pack, size.unit) if size is not None else ""
    if not node:
        return clause
    own = node_verbs(pack, node)  # the node's own reading of the command: a place in a
    said_own = imperative(own, command)  # table climbs as its number falls ('climb 3 places')
    direction = own[said_own] if said_own else direction
    verb = next((w for w, d in own.items() if d == direction), "")
    if not verb:
        return clause
    names = sorted(
        n for n, (i, inverse) in name_index(pack).names.items() if i == node and not inverse
    )
    name = min(names, key=len)  # its shortest name, the first in order of those as short
    return f"{name} {verb} {said}"


def _command(pack: Pack, clause: str) -> tuple[str, int]:
    """The command ``clause`` starts with and its direction: one of :data:`ADDS`, else a verb
    of the lexicon that moves, said as a command ('hire', 'lay off'), the longest first;
    ('', 0) for none."""
    added = verb_at(clause, tuple(ADDS))
    if added:
        return added, ADDS[added]
    verbs = lexicon(pack).verbs()
    tokens = clause.split()
    for length in (2, 1):
        said = imperative(verbs, " ".join(tokens[:length])) if len(tokens) > length else ""
        if said and verbs[said]:
            return " ".join(tokens[:length]), verbs[said]
    return "", 0


def _ended(pack: Pack, tokens: list[str]) -> str:
    """A command to end a node, its verb one of the lexicon's ``ends`` said first ('lift
    the ban', 'stop the pumps'), as '<node> <verb>'; '' when the clause is none.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> _ended(units_pack(), "stop flow".split()), _ended(units_pack(), "stop flow now".split())
    ('flow stop', '')
    """
    ends = {word: 0 for word in lexicon(pack).ends}
    for length in (2, 1):
        said = imperative(ends, " ".join(tokens[:length]))
        name, after = subject(name_index(pack), " ".join(tokens[length:]))
        if said and name and not after:
            return f"{name} {said}"
    return ""
