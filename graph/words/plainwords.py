"""What-ifs in plain words, read against the pack's own nodes, aliases, units and phrases.

A sentence is cut into clauses at "and", "but", "while", "with" and commas; each clause is
a scenario phrase, a decision ("<actor> hikes 50bp"), a move of a market ("<node> rises
20bp", "<node> falls to 145") or an end ("<actor> ends <node>"). The clauses' shocks edit
the default scenario together, except that scenarios named together which share another
comparison are answered against it; a sentence that describes what the default already
does is answered against it, as priced. A decision's date must be its event's.

Examples
--------
>>> from macrograph.graph.synthetic.policy import policy_pack
>>> pack = policy_pack()  # its default scenario, meeting, raises rate 25bp
>>> spec = resolve_words(pack, "rate raises 25bp")
>>> spec.as_priced, spec.against
(True, 'meeting')
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

from msgspec import Struct
from msgspec.structs import replace

from macrograph.graph.decisions import decided_so
from macrograph.graph.errors import GraphError, PlainWordsError, SizeUnitError, UnknownScenarioError
from macrograph.graph.specs import ScenarioSpec, ShockSpec, event_date, moving_scenarios, resolve
from macrograph.graph.words.causes import caused_count
from macrograph.graph.words.changewords import (
    brief_value,
    shock_example,
    shown_change,
    titled_change,
)
from macrograph.graph.words.composing import (
    Piece,
    amid_scenario,
    compose,
    own_shock,
    owner_of,
    purposed,
    read_part,
    shock_key,
    timed,
    unpurposed,
    without_scenario,
)
from macrograph.graph.words.dates import When, date_commas, event_on, strip_date, without_base
from macrograph.graph.words.gapping import gapped, own_subject, shared_verb
from macrograph.graph.words.holding import (
    decides,
    held_word,
    holds,
    unchanged,
    unnamed_hold,
    verb_first,
)
from macrograph.graph.words.lasting import lasted_piece, lasting_words
from macrograph.graph.words.levels.asked import (
    level_asked,
    level_decision,
    level_piece,
)
from macrograph.graph.words.levels.held import level_held
from macrograph.graph.words.levels.named import named_level
from macrograph.graph.words.levels.sizes import (
    LEVELS,
    level_of,
    per_size,
    scale_named,
)
from macrograph.graph.words.longernames import head_named, longer_read, own_unit, unpaired
from macrograph.graph.words.naming import name_index, node_names, subject
from macrograph.graph.words.nouns import said_by_noun
from macrograph.graph.words.passives import unpassive
from macrograph.graph.words.propernames import read_without_names, refuse_unwritten
from macrograph.graph.words.reading import Reading
from macrograph.graph.words.refusals import example, no_size, refusal, spelt_alike
from macrograph.graph.words.refusals import suggest as suggest  # read here by graph.scenarios
from macrograph.graph.words.regions import in_region
from macrograph.graph.words.rewording import (
    as_verb,
    more_after,
    named_again,
    owner_first,
    sized_first,
    taken_off,
    unfilled,
    unqualified,
    verb_at,
)
from macrograph.graph.words.shares import of_level
from macrograph.graph.words.sizes import (
    change_in_units,
    in_own_unit,
    inverse_percent,
    money_typed,
    standing,
)
from macrograph.graph.words.units.glued import unglued, whole_said
from macrograph.graph.words.units.unitwords import (
    level_units,
    pack_units,
    plain_digits,
    read_size,
)
from macrograph.graph.words.units.unknown import unknown_unit
from macrograph.graph.words.unnamed import noun_sized, sole_decision, stepped, without_thing
from macrograph.graph.words.verbs import heard, lexicon, node_verbs, taught, unnegated
from macrograph.rules.english.forms import base_form, third_person
from macrograph.rules.english.grouping import continental, point_grouped, whole_grouped
from macrograph.rules.english.holidays import holidays_said
from macrograph.rules.english.labels import names_several
from macrograph.rules.english.lexicon import Words
from macrograph.rules.english.numbers import in_digits
from macrograph.rules.pack import Pack

SPLIT = re.compile(r"\s*(?:,|;|\band then\b|\band\b|\bbut\b|\bwhile\b|\bwhereas\b|\bwith\b)\s*")


class Asked(Struct, frozen=True):
    """A clause's question: the pack, the default it edits, the date said, the whole text."""

    pack: Pack
    base: ScenarioSpec
    when: When | None
    text: str


def resolve_words(pack: Pack, text: str) -> ScenarioSpec:
    """The scenario a plain-words what-if describes, against the default scenario.

    Raises
    ------
    UnknownScenarioError
        With suggestions ranked by meaning and spelling, and a ``--shock`` example.
    PlainWordsError, SizeUnitError
        When the words name a node but cannot be run as said.
    UnwrittenNameError
        When they say a name the pack writes nowhere (:mod:`.propernames`).

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> spec = resolve_words(units_pack(), "price falls 2% and rate rises 20bp")
    >>> [(s.node, s.change) for s in spec.shocks], spec.against
    ([('price', -2.0), ('rate', 0.2)], 'none')
    """
    base = resolve(pack, pack.info.default_scenario)
    text = whole_grouped(text)  # 'Rp 17.000': 17,000, as rupiah are written, never 17
    grouped = point_grouped(text)  # 'R$ 1.200': 1.2 in English, 1,200 where it is written
    if grouped is not None:
        raise PlainWordsError(text, "grouped", "", "", grouped)
    spoken = holidays_said(without_base(text))  # 'at Christmas', as its date
    digits = plain_digits(date_commas(continental(spoken)))  # '1,000', '1,85', '2.500,00'
    joined = re.sub(r"[,;]", " and ", digits)
    said = heard(pack, joined)
    clause, when = strip_date(said)
    dated = strip_date(clause)[1] is not None  # 'X rises in March and Y falls in June'
    clause = amid_scenario(pack, said if dated else clause)  # 'calls rise 10% in the cold snap'
    try:
        whole = _unarticled(pack, base, clause, when, text) if clause and not dated else None
        pieces = [replace(whole, words=clause)] if whole else _parts(pack, base, clause, when, text)
    except SizeUnitError:  # 'the ECB cuts rates by 50bp': the name first, not the size
        refuse_unwritten(pack, spoken)
        raise
    except UnknownScenarioError as error:
        if not error.unknown and read_without_names(
            pack, text, functools.partial(resolve_words, pack)
        ):
            refuse_unwritten(pack, spoken)  # the name is what went unread: say so
        raise
    reading = Reading(text, "words", None, tuple(read_part(p) for p in pieces))
    named = pieces[0].scenario if len(pieces) == 1 else None
    spec = named if named is not None else compose(pack, base, pieces)
    refuse_unwritten(pack, spoken)  # 'the Zeta bank cuts rates': read past, the pack's own cut
    return replace(spec, reading=reading)


def _parts(
    pack: Pack, base: ScenarioSpec, clause: str, when: When | None, text: str
) -> list[Piece]:
    parts = [p for p in SPLIT.split(clause) if p]
    shared = shared_verb(name_index(pack), parts) if len(parts) > 1 else parts  # 'X and Y both'
    parts = [  # ... 'rise 2%', unless X reads alone
        p if s == p or _alone(pack, base, p, text) else s
        for p, s in zip(parts, shared, strict=True)
    ]
    pieces: list[Piece] = []
    subject, failed, before, asked_when = "", clause, "", when
    for at, said_part in enumerate(parts if len(parts) > 1 else []):
        part, own = strip_date(said_part)  # a clause's own date, where the question says several
        when = own or asked_when
        lasting = lasting_words(part) if at < len(parts) - 1 else None  # the last: the question's
        part = lasting[0].strip() if lasting else part  # 'X rises 5% for 2 weeks and Y falls 2%'
        piece = _unarticled(pack, base, part, when, text)
        if piece is None and subject and not own_subject(part, lexicon(pack).verbs()):
            piece = _clause(pack, base, f"{subject} {part}", when, text)  # 'and falls 3%'
        said = gapped(name_index(pack), pieces[-1].words, part) if pieces else None
        if piece is None and said:  # 'and the other by 2%': the verb said before it
            piece = _unarticled(pack, base, said, when, text)
        if piece is None:
            failed, before = part, subject
            break
        subject = _subject(pack, part)[0] or subject
        piece = lasted_piece(pack, base, piece, said_part) if lasting else piece
        pieces.append(replace(piece, words=part))
    if not pieces or len(pieces) < len(parts):
        raise refusal(pack, failed, text, functools.partial(_readable, pack), before)
    return pieces


def _alone(pack: Pack, base: ScenarioSpec, part: str, text: str) -> bool:
    """Whether a clause reads as it is ('frost and mills crushing falls to 10%': 'frost',
    a scenario's name, is not said with the verb after it)."""
    clause, when = strip_date(part)
    try:
        return _unarticled(pack, base, clause, when, text) is not None
    except GraphError:
        return False


def _readable(pack: Pack, text: str) -> bool:
    """Whether ``text`` reads as one clause (a refusal's suggestion put right is offered)."""
    base = resolve(pack, pack.info.default_scenario)
    clause, when = strip_date(heard(pack, text))
    try:
        return _clause(pack, base, clause, when, text) is not None
    except GraphError:
        return False


def _subject(pack: Pack, clause: str) -> tuple[str, str]:
    """The longest node name the clause starts with, and the rest (see :func:`subject`)."""
    return subject(name_index(pack), clause)


@functools.lru_cache(maxsize=8)
def _unarticled(
    pack: Pack, base: ScenarioSpec, clause: str, when: When | None, text: str
) -> Piece | None:
    """The clause as said, else with a longer name of another node (:mod:`.longernames`), or
    without the 'a' or 'an' before its name ('a TV appeal raises £3m', as 'the TV appeal')."""
    try:
        piece = _clause(pack, base, clause, when, text)
    except SizeUnitError as error:  # a unit said in another node's own words
        fits = functools.partial(own_unit, pack, typed=error.given)
        read = longer_read(
            node_names(pack),
            clause,
            lambda c: _clause(pack, base, c, when, text),
            fits,
            error.given,
        )
        if read is None:
            raise
        return read
    bare = re.sub(r"^an?\s+(?=[^\W\d])", "", clause)
    return _clause(pack, base, bare, when, text) if piece is None and bare != clause else piece


def _clause(
    pack: Pack, base: ScenarioSpec, clause: str, when: When | None, text: str
) -> Piece | None:
    owner = owner_of(pack, clause) or owner_of(pack, unqualified(clause)) or purposed(pack, clause)
    owner = owner or timed(pack, clause)  # 'the show lets out at 11'
    if owner is not None:  # 'a big eruption': the scenario, at the size it states
        return _scenario_piece(pack, base, owner, when, text)
    without = without_scenario(pack, base, clause, text)
    if without is not None:
        return without
    lex = lexicon(pack)
    taught_verbs = tuple(sorted({w for said in taught(pack).values() for w in said}))
    clause = unpurposed(pack, level_held(pack, clause))  # 'the board sets X to 28'
    clause = unglued(pack, clause)  # 'to B45' of a unit whose sign 'B' the pack writes glued
    clause = unnegated(lex, unnamed_hold(pack, base, clause), (*taught_verbs, *lex.ends))
    clause = taken_off(clause, pack_units(pack))  # a name may start with a number: '999 calls'
    named = clause[:1].isdigit() and _subject(pack, clause)[0]
    clause = clause if named else sized_first(lex, clause, pack_units(pack))
    clause = verb_first(pack, caused_count(pack, clause))  # 'a flu wave adds 0.8k calls'
    clause = said_by_noun(pack, owner_first(name_index(pack), lex, clause))
    alone = None if _subject(pack, clause)[0] else sole_decision(pack, clause)  # its actor left out
    name, rest = _subject(pack, re.sub(r"^an?\s+(?=.+\sof\s)", "", alone or clause))
    name, rest = head_named(pack, name, rest) if name else (name, rest)  # 'membership lapses'
    if not name:
        return None
    node, inverse = node_names(pack)[name]
    rest = unpaired(pack, node, unfilled(lex, rest))  # 'the franc ... against the euro'
    rest, found = whole_said(pack, node, in_region(pack, node, rest, text), text), pack.nodes[node]
    rest = level_of(pack, node, rest)
    verbs = {**lex.moves_of(found.kind), **lex.decisions}
    verbs.update({w: d for w, d in node_verbs(pack, node).items() if w not in verbs})
    said = rest[len(verb) :] if (verb := verb_at(rest, verbs)) else ""
    if scale_named(pack, node, said):  # 'declares REAP 4', 'implements stage 6': that level
        rest = f"{verb} to {said.strip()}"
    rest = unpassive(verbs, named_again(pack, (node, inverse), rest, verbs), lex.ends)
    if not verb_at(rest, verbs):  # 'sees a 5% rise', not 'stuck at hospital rises'
        rest = as_verb(verbs, rest, pack_units(pack), name_index(pack))
    if found.expectations is not None:
        verb = verb_at(rest, verbs)
        if verb:
            sized = rest[len(verb) :].strip()
            return _decision(Asked(pack, base, when, text), node, verbs[verb], sized, verb)
    if verbs.get(rest) == 0 and holds(pack, node):  # a hold of a move the default states
        return _held(Asked(pack, base, when, text), node, rest)
    ended = verb_at(rest, lex.ends)
    if ended and rest == ended:  # 'X ends': X at nothing, when it has a level to leave
        return _end(pack, base, node, when, text) if found.baseline is not None else None
    if ended:
        # 'Concord pulls its attack ads': the owner's thing, after its possessive
        target, _ = _subject(pack, re.sub(r"^(?:its|their)\s+", "", rest[len(ended) :].strip()))
        if target:
            return _end(pack, base, node_names(pack)[target][0], when, text)
        if ended not in verbs:  # 'drops' both ends a thing and moves one: '<X> drops $0.50'
            return None
    moves = node_verbs(pack, node)  # a policy node here has no priced path
    # a decision's verb said of what no one decides ('grants cut by $20m') moves it that way
    moves = {**{w: d for w, d in lex.decisions.items() if d}, **moves}
    asked = Asked(pack, base, when, text)
    return _move(asked, node, name if inverse else "", rest, moves, decides(pack, base, node, rest))


def _held(asked: Asked, node: str, said: str) -> Piece:
    """'<node> holds' of a policy node with no priced path: the default scenario's moves of
    it (on the date said) set to no change in their place; refused when the default moves it
    not.
    Its title says the verb ``said`` ('X holds'), not the lexicon's first ('keeps' wants more).
    """
    pack, base = asked.pack, asked.base
    moves = [s for s in base.shocks if s.node == node]
    if not moves:  # nothing in the default to hold: said so, with a move to state instead
        raise PlainWordsError(asked.text, "unmoved", node, shock_example(pack, node))
    dates = sorted({s.date for s in moves})
    if asked.when is not None:  # offered: the change that takes the default's moves back
        levels = any(s.level is not None for s in moves)
        undone = 0.0 if levels else -sum(s.change or 0.0 for s in moves)
        hold = f"{node}={shown_change(pack, node, undone)}" if undone else example(pack, node, 0)
        on = event_on(pack, node, dates, asked.when, asked.text, dates[0], hold)
        moves = [s for s in moves if s.date == on]
    word, label = held_word(pack), pack.nodes[node].label
    slug = f"{node.split('_')[0]}-{word}"  # as a decision's hold is named
    verb, _, rest = said.partition(" ")
    several = names_several(label, pack.nodes[node].plural)
    verb = base_form(verb) if several else third_person(base_form(verb))
    return Piece(f"{label} {verb} {rest}".strip(), slug, unchanged(pack, moves), replaces=True)


def _scenario_piece(
    pack: Pack, base: ScenarioSpec, scenario_id: str, when: When | None, text: str
) -> Piece:
    spec = resolve(pack, scenario_id)
    compared = resolve(pack, spec.against) if spec.against else None
    on = event_date(spec, compared)
    own = {shock_key(s) for s in base.shocks}
    extra = tuple(s for s in spec.shocks if shock_key(s) not in own)
    if when is not None and not when.holds(on):
        example = own_shock(pack, extra or spec.shocks)
        raise PlainWordsError(text, "date", scenario_id, example, str(when), (on.isoformat(),))
    return Piece(spec.title, spec.id, extra, spec)


def _decision(asked: Asked, node: str, direction: int, sized: str, verb: str) -> Piece | None:
    pack, base, when, text = asked.pack, asked.base, asked.when, asked.text
    sized = without_thing(pack, re.sub(r"^(?:by|of)\s+", "", sized))  # 'cuts rates by 25bp'
    sized = level_asked(pack, node, sized, text)  # 'raises from 0.5% to 0.75%': to 0.75%
    said = read_size(sized, pack_units(pack)) if sized else None
    shown = example(pack, node, direction, said) if direction else ""  # a hold: typical
    try:
        decision = base.decision(node)
    except KeyError:  # the move asked ('cuts 25bp': -25bp; a hold: none), and the scenarios
        detail = moving_scenarios(pack, node, direction)
        raise PlainWordsError(text, "no_decision", node, shown, detail) from None
    event_on(pack, node, [decision.date], when, text, decision.date, shown)
    to = verb_at(sized, LEVELS)
    if to:  # "raises to LEVEL": a level, the decision its change from the level in force
        size = read_size(sized[len(to) :].strip(), level_units(pack))
        return level_decision(pack, (node, verb), decision, size, text) if size else None
    size = read_size(sized, pack_units(pack)) if sized else None
    if sized and size is None:
        return None
    if size is not None:
        change = change_in_units(pack, node, direction * size.value, size.unit, text)
    else:
        priced = decision.priced.change if decision.priced else 0.0
        change = direction * abs(priced)
        if direction and not priced:
            ways = moving_scenarios(pack, node, direction)
            raise PlainWordsError(text, "no_size", node, example(pack, node, direction), ways)
    label = pack.nodes[node].label
    shown = titled_change(pack, node, change)
    word = _said_as(lexicon(pack), 0 if change == 0 else (1 if change > 0 else -1))
    amount = f" {shown.lstrip('+-')}" if change else ""
    slug = f"{node.split('_')[0]}-{word}" + amount.replace(" ", "-")
    edited = replace(decision, change=change, label=f"{label}: {shown}")
    # The node is the quantity decided, not who decides: "<label> +25bp", the verb aside.
    return Piece(f"{label} {shown}" if change else f"{label} {word}", slug, (edited,))


def _said_as(lex: Words, direction: int) -> str:
    """The lexicon's first verb of a decision of ``direction`` (a pack's own first)."""
    return next(w for w, d in lex.decisions.items() if d == direction)


def _end(pack: Pack, base: ScenarioSpec, node: str, when: When | None, text: str) -> Piece:
    dates = sorted(s.date for s in base.shocks if s.node == node)
    on = event_on(pack, node, dates, when, text, base.anchor)
    label = pack.nodes[node].label
    # a label that names several things ends in the plural: 'Red Sea attacks end'
    ended = f"{label} {'end' if names_several(label, pack.nodes[node].plural) else 'ends'}"
    shock = ShockSpec(node=node, date=on, label=ended, level=0.0)
    same = [s for s in base.shocks if (s.node, s.date) == (node, on) and s.level == 0.0]
    return Piece(ended, f"{node}-ends", (same[0] if same else shock,))


def _move(
    asked: Asked,
    node: str,
    inverse: str,
    rest: str,
    moves: Mapping[str, int],
    decided: bool = False,
) -> Piece | None:
    """A move of ``node`` said with one of ``moves``: on top of the default's move there, or,
    ``decided`` (:func:`~macrograph.graph.words.holding.decides`), in its place on its date."""
    pack, base, when, text = asked.pack, asked.base, asked.when, asked.text
    word = verb_at(rest, moves)
    sign = moves[word] if word else 0
    rest = level_asked(pack, node, rest[len(word) :].strip(), text)  # 'from 1% to 2%', 'below 0'
    level_word = verb_at(rest, LEVELS)
    by = r"^by\s+" if level_word or not word else r"^(?:by|of)\s+"  # 'a rise of 5%'
    rest = re.sub(by, "", rest[len(level_word) :].strip())
    rest = rest if level_word else noun_sized(pack, rest, sign)  # 'approves a 20% rise'
    rest = more_after(pack, node, rest, sign, bool(level_word))  # '98% occupancy', '400-mark'
    units = level_units(pack) if level_word else pack_units(pack)  # or '$4.99 per 500 gems'
    size = (read_size(rest, units) or per_size(pack, node, rest)) if rest else None
    if rest and size is None:  # '200 megalitres a day' of a node in Ml/d: its own unit
        rest = in_own_unit(pack, node, rest, bool(level_word))
        size = read_size(rest, units)
    if rest and size is None:
        named_level(pack, node, f"{level_word} {rest}", text)  # 'below unit cost': its level
        said = (in_digits(rest) or [rest])[0]  # 'a week', refused as '1 week' of a count of days
        unknown_unit(
            pack, (text, inverse), node, sign * (-1 if inverse else 1), said, bool(level_word)
        )
        return None
    size = size or stepped(pack, node, -sign if inverse else sign, units)  # its own step
    if size is None:
        way = -sign if inverse else sign
        done = decided_so(pack, base, node, way) if sign and holds(pack, node) else ()
        done = () if spelt_alike(pack, text) else done  # 'pirce rise': a name misspelt
        if done and (when is None or all(when.holds(s.date) for s in done)):
            return Piece(done[0].label, f"{node}-as-decided", done, replaces=True)  # the default's
        if sign:
            raise no_size(pack, text, node, way)
        return None
    # a policy node moves at its decision, when no date is said
    decisions = [
        s.date for s in base.shocks if s.node == node and (s.priced is not None or decided)
    ]
    said = "" if level_word else example(pack, node, (-sign if inverse else sign) or None, size)
    on = event_on(pack, node, decisions if when is None else [], when, text, base.anchor, said)
    label = pack.nodes[node].label
    if level_word:
        return level_piece(pack, node, size, on, text, -sign if inverse else None)
    if inverse and (sign == 0 or size.sign):
        meant = -(sign or (-1 if size.sign == "-" else 1))  # the name's up is the node's down
        shown = example(pack, node, meant, size)
        raise PlainWordsError(text, "inverse", node, shown, inverse)
    if sign == 0 and not size.sign:
        return None
    if sign and size.sign and (size.sign == "-") == (sign > 0):  # 'rises -5', 'falls +5'
        shown = example(pack, node, sign, size)
        raise PlainWordsError(text, "signs", node, shown, f"{word} {size.sign}")
    direction = (sign or (-1 if size.sign == "-" else 1)) * (-1 if inverse else 1)
    at = standing(pack, base, node, on)  # money on a percent node: a share of where it stands
    change = change_in_units(pack, node, direction * size.value, size.unit, text, at)
    unconverted = change
    if inverse:  # a percent of the other side, as a percent of the node
        change = inverse_percent(pack, node, change, size.unit, (text, inverse))
    shown = shown_change(pack, node, change)  # in the pack's own unit words, as it writes them
    said = titled_change(pack, node, change)
    if change != unconverted:  # as set, then as said of the other side, an acronym as typed
        typed = re.search(re.escape(inverse), text, re.IGNORECASE)
        inverse = typed.group(0) if typed and typed.group(0).isupper() else inverse
        said = f"{said} ({inverse} {brief_value(-direction * size.value):+g}%)"
    elif of_level(pack, node, size):  # a percent of its level: both, as said and as set
        said = f"{brief_value(direction * size.value):+g}% ({said})"
    money = money_typed(pack, node, size)
    if money:  # money on a node that moves in percent: as said, then as set
        said = f"{'-' if direction < 0 else '+'}{money} ({brief_value(change):+g}%)"
    if decided:  # the decision as said, its whole size (which a size warning measures)
        said = f"{word} {said.lstrip('+-')}"
    shock = ShockSpec(node=node, date=on, label=f"{label} {said}", change=change)
    shock = replace(shock, decision=change) if decided else shock
    return Piece(f"{label} {said}", f"{node}{shown}", (shock,), replaces=decided)
