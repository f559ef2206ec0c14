"""Clauses of a plain-words question put together into one scenario.

Each clause read is a :class:`Piece`: the shocks it sets on the default scenario, or a
named scenario (:func:`owner_of`: the one scenario a clause is a name of). :func:`compose`
lays them over the default scenario, or, when every clause names a scenario and they share
another comparison, over that comparison.
"""

from __future__ import annotations

import functools
import re

from msgspec import Struct
from msgspec.structs import replace

from macrograph.graph.decisions import same_decision
from macrograph.graph.errors import PlainWordsError
from macrograph.graph.specs import ScenarioSpec, ShockSpec, resolve
from macrograph.graph.words.changewords import shock_example, shown_change
from macrograph.graph.words.naming import name_index, subject
from macrograph.graph.words.reading import ReadPart
from macrograph.graph.words.regions import region_said
from macrograph.graph.words.units.unitwords import pack_units, read_size, unit_form
from macrograph.graph.words.verbs import lexicon
from macrograph.rules.english.phrases import normalise, scenario_names
from macrograph.rules.english.prose import joined
from macrograph.rules.pack import Pack

__all__ = ["Piece", "amid_scenario", "compose", "read_part", "shock_key"]


class Piece(Struct, frozen=True):
    """One clause read: the shocks it puts on the default scenario, or a whole scenario.

    ``replaces``: its shocks take the place of the default's on their node and date, as a
    decision does, where a change of another node comes on top (a hold: no move there).
    """

    title: str
    slug: str
    shocks: tuple[ShockSpec, ...] = ()
    scenario: ScenarioSpec | None = None
    words: str = ""  # the clause read
    replaces: bool = False


def read_part(piece: Piece) -> ReadPart:
    """What a clause was read as: the scenario it names, the shocks it sets.

    Examples
    --------
    >>> read_part(Piece("A slumps", "a-slumps", words="a slumps"))
    ReadPart(words='a slumps', title='A slumps', scenario=None, shocks=())
    """
    named = piece.scenario.id if piece.scenario is not None else None
    return ReadPart(piece.words, piece.title, named, tuple(s.key for s in piece.shocks))


def shock_key(shock: ShockSpec) -> tuple[object, ...]:
    """What makes two shocks the same move: node, date, change and level (to 9 places) and
    what was priced; a question that sets a scenario's shocks is that scenario.

    Examples
    --------
    >>> from macrograph.graph.synthetic import rate_step
    >>> step = rate_step().shocks[0]
    >>> shock_key(step)[2:4], shock_key(step) == shock_key(replace(step, change=0.1 + 0.1))
    ((0.2, None), True)
    """

    def rounded(x: float | None) -> float | None:
        return None if x is None else round(x, 9)

    return (shock.node, shock.date, rounded(shock.change), rounded(shock.level), shock.priced)


def compose(pack: Pack, base: ScenarioSpec, pieces: list[Piece]) -> ScenarioSpec:
    """The scenario a question's clauses make together: each :class:`Piece` laid over
    ``base`` (the default scenario), or over the comparison the named scenarios share; a
    decision takes the place of the move on its node and date, another move comes on top.
    A result with the shocks of one of the pack's scenarios is that scenario.

    Examples
    --------
    >>> from macrograph.graph.synthetic import rate_step, units_pack
    >>> step = rate_step().shocks[0]
    >>> none = replace(rate_step(), id="none", shocks=())
    >>> made = compose(units_pack(), none, [Piece("rate +20bp", "rate-20bp", (step,))])
    >>> made.id, [(s.node, s.change) for s in made.shocks]
    ('rate-20bp', [('rate', 0.2)])
    """
    against = _compared(base, pieces)
    start = base.shocks if against == base.id else _shocks_of(pack, against)
    merged = {(s.node, s.date): s for s in start}
    for piece in pieces:
        if piece.scenario is not None:  # what a named scenario changes, as it states it
            merged.update(
                {
                    (s.node, s.date): same_decision(merged.get((s.node, s.date)), s)
                    for s in _edits(pack, piece.scenario)
                }
            )
            continue
        for shock in piece.shocks:
            old = merged.get((shock.node, shock.date))
            placed = same_decision(old, shock) if piece.replaces else _on_top(pack, old, shock)
            merged[(shock.node, shock.date)] = placed
    shocks = tuple(sorted(merged.values(), key=lambda s: (s.date, s.node)))
    keys = [shock_key(s) for s in shocks]
    title = joined(pack, [p.title for p in pieces])
    defaults = {(s.node, s.date): s for s in base.shocks}
    reached = [_reached_key(pack, s, defaults.get((s.node, s.date))) for s in shocks]
    if against == base.id and reached == [shock_key(s) for s in base.shocks]:
        said = tuple(
            b if shock_key(b) == k else s for s, b, k in zip(shocks, base.shocks, keys, strict=True)
        )
        return replace(
            base, title=title, summary=title, shocks=said, against=base.id, as_priced=True
        )
    for scenario_id in sorted(pack.scenarios):
        candidate = resolve(pack, scenario_id)
        if candidate.against == against and [shock_key(s) for s in candidate.shocks] == keys:
            return candidate
    slug = "-and-".join(p.slug for p in pieces if p.shocks)
    if against == base.id:
        return replace(
            base,
            id=slug,
            title=title,
            summary=title,
            shocks=shocks,
            against=base.id,
            anchor_set=False,
        )
    named = [p.scenario for p in pieces if p.scenario is not None]
    return ScenarioSpec(
        id=slug,
        title=title,
        summary=title,
        shocks=shocks,
        against=against,
        anchor=min(s.anchor for s in named),
    )


def _reached_key(pack: Pack, shock: ShockSpec, old: ShockSpec | None) -> tuple[object, ...]:
    """The key of ``shock``, or of the default's ``old`` on its node and day where ``shock``
    sets the level ``old``'s change reaches from the baseline: 'footfall falls to 1.1m' is
    the default's own move where it takes footfall from 1.2m down 0.1m that day."""
    node = pack.nodes[shock.node]
    if old is None or shock.level is None or old.change is None or node.baseline is None:
        return shock_key(shock)
    level = unit_form(pack, shock.node).level_after(node.baseline.value, old.change)
    if round(level, 9) == round(shock.level, 9) and shock.priced == old.priced:
        return shock_key(old)
    return shock_key(shock)


def _compared(base: ScenarioSpec, pieces: list[Piece]) -> str | None:
    """What a question of several clauses is answered against: the default scenario, unless
    every clause names a scenario and all of them are compared against the same other one
    (or against no shocks): 'A and B' then reads as both, against what each is read against."""
    named = {p.scenario.against for p in pieces if p.scenario is not None}
    if len(named) == 1 and all(p.scenario is not None for p in pieces):
        return named.pop()
    return base.id


def _edits(pack: Pack, spec: ScenarioSpec) -> tuple[ShockSpec, ...]:
    """The shocks of ``spec`` its comparison does not have (all of them against no shocks)."""
    compared = {shock_key(s) for s in _shocks_of(pack, spec.against)}
    return tuple(s for s in spec.shocks if shock_key(s) not in compared)


def _shocks_of(pack: Pack, scenario_id: str | None) -> tuple[ShockSpec, ...]:
    """The shocks of the scenario ``scenario_id`` (none for None: no shocks)."""
    return resolve(pack, scenario_id).shocks if scenario_id else ()


def _on_top(pack: Pack, old: ShockSpec | None, new: ShockSpec) -> ShockSpec:
    """``new`` where the default scenario has ``old`` on the same node and day: a decision
    takes its place (:func:`same_decision`), a level is the level asked, and a change of a
    node that is no decision comes on top of ``old``'s move, so that the answer against the
    default is the change asked ('spending rises 5' where the default raises it 20: 25)."""
    if old is None or new.change is None or pack.nodes[new.node].expectations is not None:
        return same_decision(old, new)
    if old.change is not None:
        return replace(new, change=old.change + new.change)
    if old.level is not None:
        form = unit_form(pack, new.node)
        return replace(new, change=None, level=form.level_after(old.level, new.change))
    return new


@functools.lru_cache(maxsize=8)
def _said_names(pack: Pack) -> dict[str, list[str]]:
    """The scenarios of each name, also as a question reads it with the pack's name forms
    (a plural name form read as its singular); built once per pack, read by every clause."""
    said = lexicon(pack).said
    found: dict[str, list[str]] = {}
    for key, names in scenario_names(pack).items():
        for form in dict.fromkeys((key, said(key))):
            found.setdefault(form, []).extend(n.scenario for n in names)
    return found


@functools.lru_cache(maxsize=8)
def _passive_names(pack: Pack) -> dict[str, list[str]]:
    """The scenarios of each name without a passive's auxiliary (:func:`unauxiliary`), read
    only when no name matches as said: a name the pack writes wins over one it forms."""
    found: dict[str, list[str]] = {}
    for key, owners in _said_names(pack).items():
        found.setdefault(unauxiliary(key), []).extend(owners)
    return found


_AUXILIARY = re.compile(
    r"\b(?:is|are|was|were|gets|get|got|getting|has been|have been|had been|will be|be)\s+"
    r"(?=\w+(?:ed|en|ld|wn)\b)"
)


def unauxiliary(name: str) -> str:
    """``name`` without the auxiliary of a passive before its participle, so that one said
    with another ('the club gets relegated', 'we get relegated') reads as the name the
    pack writes ('the club is relegated', 'relegated').

    Examples
    --------
    >>> unauxiliary("club gets relegated"), unauxiliary("club is relegated")
    ('club relegated', 'club relegated')
    >>> unauxiliary("star striker is sold for £60m"), unauxiliary("we go down")
    ('star striker sold for £60m', 'we go down')
    """
    return _AUXILIARY.sub("", name)


OCCURS = re.compile(
    r"\s+(?:hits|hit|strikes|strike|happens|happen|occurs|occur|arrives|arrive|comes|come"
    r"|sets in|set in|breaks out|break out|takes place|take place)$"
)
"""Verbs that say an event happens ('a cold snap hits'): the event's name alone says it."""


def owner_of(pack: Pack, clause: str) -> str | None:
    """The one scenario ``clause`` is a name of, also said with a verb of its happening
    (:data:`OCCURS`), else None.

    Examples
    --------
    >>> from macrograph.graph.synthetic import slump_pack
    >>> owner_of(slump_pack(), "A slumps"), owner_of(slump_pack(), "b slumps")
    ('a-slumps', None)
    """
    names = _said_names(pack)
    owners = names.get(normalise(clause)) or names.get(normalise(OCCURS.sub("", clause)))
    owners = owners or _passive_names(pack).get(unauxiliary(normalise(clause)), [])
    owners = sorted(set(owners))
    placed = None if owners else region_said(pack, clause)  # 'a cold front in the north'
    if placed is not None and (found := owner_of(pack, placed[0])) is not None:
        # the scenario in a region one of its shocks' nodes is in, as its users place it
        shocked = {pack.nodes[s.node].region for s in resolve(pack, found).shocks}
        return found if placed[1] in shocked else None
    return owners[0] if len(owners) == 1 else None


AMID = re.compile(r"^(?P<move>.+?)\s+(?:in|during|amid|through)\s+(?P<named>.+)$")
"""A move said within a scenario ('calls rise 10% in the cold snap')."""
WITH = re.compile(r"^(?P<named>.+?)\s+with\s+(?P<move>.+)$")
"""A scenario said with a move of its own ('a cold snap with calls up 10%')."""


def amid_scenario(pack: Pack, clause: str) -> str:
    """A move said within a scenario the pack names ('calls rise 10% in the cold snap',
    'a cold snap with calls up 10%') as the two clauses it is: the scenario, and the move;
    ``clause`` as it is where no scenario is named there ('fires double in Punjab').

    Examples
    --------
    >>> from macrograph.graph.synthetic import slump_pack
    >>> amid_scenario(slump_pack(), "b falls 2% during a slumps")
    'a slumps and b falls 2%'
    >>> amid_scenario(slump_pack(), "a slumps with b down 2%")
    'a slumps and b down 2%'
    >>> amid_scenario(slump_pack(), "b falls 2% in march")
    'b falls 2% in march'

    A move said as a noun before what it moves ('a 2% fall in b') is that move, where the
    words after 'in' name a node as well as a scenario.
    """
    index = name_index(pack)
    for pattern in (AMID, WITH):
        found = pattern.match(clause)
        if found is None or owner_of(pack, found["named"]) is None:
            continue
        node, rest = subject(index, found["named"])
        if pattern is AMID and node and not rest and not subject(index, found["move"])[0]:
            return clause  # 'a $0.5bn rise in reserve sales', a node's and a scenario's name
        return f"{found['named']} and {found['move']}"
    return clause


def purposed(pack: Pack, clause: str) -> str | None:
    """The scenario a clause names before a purpose ('X intervenes to prop up Y'), else None.

    A size after 'to' is a level ('falls to 145'), not a purpose, nor is a word with a digit
    in it, a level in a unit the reader may not know ('the mandate to B45'): a purpose starts
    with a verb.

    Examples
    --------
    >>> from macrograph.graph.synthetic import slump_pack
    >>> purposed(slump_pack(), "a slumps to help b"), purposed(slump_pack(), "a slumps to 3")
    ('a-slumps', None)
    >>> purposed(slump_pack(), "a slumps to $ 3"), purposed(slump_pack(), "a slumps to b45")
    (None, None)
    """
    head, _, tail = clause.partition(" to ")
    said = tail.split()
    units = pack_units(pack)
    # a size, its sign's letters before it too ('to KSh 140', 'to NOK 12')
    if not said or any(read_size(" ".join(said[:n]), units) is not None for n in (1, 2)):
        return None
    if any(c.isdigit() for c in said[0]):  # 'to B45', 'to 4k': a level, unread, no verb
        return None
    return owner_of(pack, head)


# what a decision is for, said after its size ('adds €3bn for roads'); not a while it lasts
# ('for a fortnight', 'for ages'), which a question reads or refuses, never drops
PURPOSE = re.compile(
    r"(.+?\d.*?)\s+for\s+(?!(?:an?\s+|one\s+|the\s+)?\w*\s*(?:seconds?|minutes?|hours?|days?|"
    r"weeks?|fortnights?|months?|quarters?|years?|decades?|while|now|good|ever|ages|long)\b)"
    r"([^\d]+)"
)


def unpurposed(pack: Pack, clause: str) -> str:
    """A sized move said with what it is for ('the government adds €3bn for roads') without
    the purpose, where the purpose has no number, is no while it lasts and names nothing in
    the pack; ``clause`` as it is otherwise.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> unpurposed(units_pack(), "rate rises 20bp for savers and lenders")
    'rate rises 20bp'
    >>> pack = units_pack()
    >>> unpurposed(pack, "rate rises 20bp for a week"), unpurposed(pack, "rate rises 2bp for price")
    ('rate rises 20bp for a week', 'rate rises 2bp for price')
    """
    match = PURPOSE.fullmatch(clause)
    if match is None:
        return clause
    names = name_index(pack).names
    said = f" {match.group(2)} "
    return clause if any(f" {n} " in said for n in names) else match.group(1)


# A time of day said after an event's name ('at 11', 'at 11pm', 'around 10:30 p m', 'at
# midnight'): a pack steps a day at the shortest, so the hour says only when that day it is;
# an hour of the clock only ('the mandate at 42' is a level)
TIME_OF_DAY = re.compile(
    r"(.+?)\s+(?:at|around|after|from)\s+"
    r"(?:(?:[01]?\d|2[0-3])(?::[0-5]\d)?(?:\s*(?:am|pm|a m|p m|o clock))?|noon|midnight)"
)


def timed(pack: Pack, clause: str) -> str | None:
    """The scenario a clause names before a time of day ('the show lets out at 11'), else None.

    Examples
    --------
    >>> from macrograph.graph.synthetic import slump_pack
    >>> timed(slump_pack(), "a slumps at 11pm"), timed(slump_pack(), "a slumps at 3%")
    ('a-slumps', None)
    >>> timed(slump_pack(), "a slumps at 42") is None  # no hour of the clock
    True
    """
    match = TIME_OF_DAY.fullmatch(clause)
    return owner_of(pack, match.group(1)) if match else None


def without_scenario(pack: Pack, base: ScenarioSpec, clause: str, text: str) -> Piece | None:
    """'no <scenario>' where the default scenario has none of that scenario's own shocks:
    the default as it is (nothing is added); None for any other clause. A scenario whose
    shocks the default has ('no <the default>') asks for the comparison itself: refused, with
    the move that undoes it.

    Examples
    --------
    >>> from macrograph.graph.synthetic import slump_pack
    >>> pack = slump_pack()
    >>> without_scenario(pack, resolve(pack, "none"), "no a slumps", "no a slumps").slug
    'no-a-slumps'
    """
    match = re.fullmatch(r"(?:no|without)\s+(?:an?\s+)?(.+)", clause)
    owner = owner_of(pack, match.group(1)) if match else None
    if owner is None:
        return None
    own = {shock_key(s) for s in base.shocks}
    shocks = resolve(pack, owner).shocks
    extra = [s for s in shocks if shock_key(s) not in own]
    if not extra and shocks:  # the default's own: undone on top of it, if anything
        undo = tuple(replace(s, change=-s.change) for s in shocks if s.change)
        example = own_shock(pack, undo or shocks)
        raise PlainWordsError(text, "default", owner, example, pack.scenarios[owner].title)
    moved = {(b.node, b.date) for b in base.shocks}
    if not extra or any((s.node, s.date) in moved for s in extra):
        return None
    return Piece(clause[0].upper() + clause[1:], f"no-{owner}")


def own_shock(pack: Pack, shocks: tuple[ShockSpec, ...]) -> str:
    """A ``--shock`` of a scenario's first shock with its own size, when it moves its node;
    else a typical day's move.

    Examples
    --------
    >>> from macrograph.graph.synthetic import slump_pack
    >>> own_shock(slump_pack(), resolve(slump_pack(), "a-slumps").shocks)
    'a=-1pt'
    """
    first = shocks[0] if shocks else None
    if first is None or not first.change:
        return shock_example(pack, first.node if first else None)
    return f"{first.node}={shown_change(pack, first.node, first.change)}"
