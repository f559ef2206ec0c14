"""Scenarios as the propagator sees them: resolved shocks, from an id, a phrase or a sentence.

Examples
--------
>>> from macrograph.graph.synthetic.policy import policy_pack
>>> pack = policy_pack()
>>> resolve_text(pack, "What if rate holds?").id
'rate-holds'
>>> spec = resolve_text(pack, "Rate raises 75bp")
>>> spec.id, spec.decision("rate").change
('rate-raises-75bp', 0.75)

Plain words beyond the pack's ids and phrases are read by :mod:`macrograph.graph.words.plainwords`.
"""

from __future__ import annotations

import functools
import re
from datetime import date

from msgspec.structs import replace

from macrograph.graph import specs
from macrograph.graph.errors import (
    AmbiguousScenarioError,
    PlainWordsError,
    ShockSyntaxError,
    SizeUnitError,
    UnknownNodeError,
    UnknownScenarioError,
)
from macrograph.graph.specs import ODDS_FORM as ODDS_FORM
from macrograph.graph.specs import ScenarioSpec as ScenarioSpec
from macrograph.graph.specs import ShockSpec as ShockSpec
from macrograph.graph.specs import event_date as event_date
from macrograph.graph.specs import find_node as find_node
from macrograph.graph.specs import grammar_forms as grammar_forms
from macrograph.graph.specs import policy_nodes as policy_nodes
from macrograph.graph.specs import read_odds as read_odds
from macrograph.graph.specs import with_odds as with_odds
from macrograph.graph.specs import with_shocks as with_shocks
from macrograph.graph.words.changewords import brief_value, shock_example, titled_change
from macrograph.graph.words.dates import FIGURES, figures_read
from macrograph.graph.words.lasting import lasting_spec, lasting_words
from macrograph.graph.words.reading import Reading
from macrograph.graph.words.units.unitwords import Size, level_units, pack_units, read_size
from macrograph.rules.english.forms import NUMBERS, TIMES
from macrograph.rules.english.lexicon import lexicon_words
from macrograph.rules.english.phrases import Name, asked_about, normalise, scenario_names
from macrograph.rules.english.prose import joined
from macrograph.rules.pack import Pack


def resolve(pack: Pack, scenario_id: str) -> ScenarioSpec:
    """The scenario ``scenario_id`` with the shocks of what it extends merged in
    (:func:`macrograph.graph.specs.resolve`); an id the pack lacks, itself or up its
    ``extends`` chain, is refused with the closest names and the accepted forms.

    Examples
    --------
    >>> from macrograph.graph.synthetic.policy import policy_pack
    >>> resolve(policy_pack(), "rate-holds").against
    'meeting'
    """
    missing = specs.missing_in_chain(pack, scenario_id)
    if missing is not None:
        raise _unknown(pack, missing)
    return specs.resolve(pack, scenario_id)


def resolve_text(pack: Pack, text: str) -> ScenarioSpec:
    """Resolve what a user typed: an id, a scenario phrase, or plain words
    (:func:`macrograph.graph.words.plainwords.resolve_words`).

    Text that normalises to nothing (no letter or digit) names no scenario.

    Raises
    ------
    UnknownScenarioError
        With the closest ids and phrases, the accepted forms and a ``--shock`` example.
    AmbiguousScenarioError
        When the text is a name of more than one scenario (lint reports such packs).
    UnknownNodeError
        For a question about one thing ('what happens to X if Y') whose X names no node.

    Examples
    --------
    >>> from macrograph.graph.synthetic.policy import policy_pack
    >>> pack = policy_pack()
    >>> resolve_text(pack, "no hike").id, resolve_text(pack, "the price falls 5%").against
    ('rate-holds', 'meeting')
    """
    if text in pack.scenarios:
        return replace(resolve(pack, text), reading=Reading(text, "id", text))
    wanted = normalise(text)
    names = scenario_names(pack).get(wanted, ())
    owners = sorted({name.scenario for name in names})
    if len(owners) > 1:
        raise AmbiguousScenarioError(text, owners)
    if owners:
        # the name as typed when the pack has it so, else the first (the id, then phrases)
        name = next((n for n in names if n.text.lower() == text.strip().lower()), names[0])
        how = "id" if name.field == "id" else "phrase"
        return replace(resolve(pack, owners[0]), reading=Reading(text, how, name.text))
    if not wanted:
        raise _unknown(pack, text)
    about = asked_about(text)
    if about is not None:  # 'what happens to X if Y': the event Y, asked of a node X
        find_node(pack, about[0])
        return resolve_text(pack, about[1])
    titled = titled_as(pack, wanted)
    if titled is not None:  # its title, as 'list scenarios' shows it
        return replace(resolve(pack, titled), reading=Reading(text, "title", text))
    verbal = phrase_as_verb(pack, wanted)
    if verbal is not None:  # 'the NLW rises' of the phrase 'nlw rise'
        return replace(resolve(pack, verbal.scenario), reading=Reading(text, "phrase", verbal.text))
    # plain words, and rapidfuzz with them, are loaded only for a question that is not an id
    # or a phrase of the pack's: a what-if naming a scenario starts without them
    from macrograph.graph.words.plainwords import resolve_words

    said_day = day_words(pack, text)  # 'by Friday': read past, the move would be another day's
    if said_day:
        raise PlainWordsError(text, "day_words", "", "", said_day)
    figures = FIGURES.search(text)  # '1/11/2026': 1 November, or 11 January?
    if figures is not None and figures_read(figures.group(0)) is None:
        raise PlainWordsError(text, "two_days", "", "", "\t".join(figures.groups()))
    try:
        spec = resolve_words(pack, text)
    except (UnknownScenarioError, SizeUnitError):
        lasting = lasting_words(text)  # 'a strike shuts the mine for 2 weeks'
        if lasting is None:  # with them the words read nothing: without them they may
            raise
        spec = lasting_spec(pack, resolve_text(pack, lasting[0]), text)
        if spec.reading is not None:
            spec = replace(spec, reading=replace(spec.reading, text=text))
    return spec


_COUNT = rf"(?:{'|'.join(NUMBERS)}|a\s+few|\d+)"
_DAYS = (w for spelt, _, length in TIMES if length is None or length >= 86_400 for w in spelt)
_SPAN = "|".join((*_DAYS, "fortnights", "fortnight"))  # English's times of a day or more
DAY_WORDS = re.compile(
    r"\b(?:(?:by|on|until|till|before|after|from|next|this|last|coming)\s+)?"
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|yesterday"
    r"|weekend)\b|\b(?:by\s+)?(?:next|this|last|coming)\s+(?:week|month|quarter|year)\b"
    rf"|\bin\s+{_COUNT}\s+(?:{_SPAN})'?s?\s+time\b"
    rf"|\b{_COUNT}\s+(?:{_SPAN})\s+(?:from\s+now|later|hence)\b"
    r"|\b(?:over|during|for|through|throughout|in|by|until|till|before|after|this|next|last"
    r"|coming)\s+(?:the\s+)?(?:summer|winter|spring|autumn|fall)(?:\s+(?:months|holidays))?\b"
    r"(?!\s+(?!(?:and|or|but|while|as|if|when)\b)[a-z])",  # not 'the spring wage talks'
    re.IGNORECASE,
)
"""A day said in words that name no date ('by Friday', 'next week', 'tomorrow', 'in two
weeks' time', 'a month from now', a season: 'over the summer', 'in the fall', whose months
a hemisphere sets): a question says its dates as dates ('on 20 Dec 2025', 'in Q1 2026'), or
none, for its event's day. 'In two weeks' alone is not one: a news wire's
'falls 10% in two weeks' is a span, as '$42bn in a day' is a rate."""


def day_words(pack: Pack, text: str) -> str:
    """The first words of ``text`` that say a day naming no date (:data:`DAY_WORDS`), outside
    the pack's own names of its scenarios and nodes ('A CME arrives tomorrow' is a title);
    "" for none.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> day_words(units_pack(), "rate rises 20bp by Friday"), day_words(units_pack(), "rate rises")
    ('by friday', '')
    """
    if DAY_WORDS.search(text) is None:
        return ""
    said = normalise(text)
    for name in _named_with_days(pack):
        said = said.replace(name, " ")
    found = DAY_WORDS.search(said)
    if found is None:
        return ""
    typed = [m.group(0) for m in DAY_WORDS.finditer(text)]  # quoted as typed, if it can be
    same = [t for t in typed if normalise(t) == normalise(found.group(0))]
    return " ".join((same[0] if same else found.group(0)).lower().split())


@functools.lru_cache(maxsize=8)
def _named_with_days(pack: Pack) -> tuple[str, ...]:
    """The pack's names of scenarios and nodes, its lexicon's fillers and its units' words,
    that hold a day in words, longest first (a ward's 'tonight' changes nothing a question asks)."""
    fillers = pack.info.lexicon.fillers if pack.info.lexicon is not None else ()
    named = (
        *scenario_names(pack),
        *(normalise(s.title) for s in pack.scenarios.values()),
        *(normalise(n) for node in pack.nodes.values() for n in (node.label, *node.aliases)),
        *(normalise(f) for f in fillers),
        *(normalise(u.suffix) for u in pack.info.units),  # '% of flights in summer'
    )
    return tuple(sorted({n for n in named if DAY_WORDS.search(n)}, key=len, reverse=True))


def asked_of(pack: Pack, text: str) -> tuple[str, str] | None:
    """The node a question asks about and the event it asks of, when it is said so ('what
    happens to X if Y', :func:`~macrograph.rules.phrases.asked_about`) and X names a node:
    (its id, Y); None otherwise.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> asked_of(units_pack(), "what happens to the price if rate rises 20bp")
    ('price', 'rate rises 20bp')
    >>> asked_of(units_pack(), "what happens to the moon if rate rises 20bp") is None
    True
    """
    said = asked_about(text)
    if said is None:
        return None
    try:
        return find_node(pack, said[0]), said[1]
    except UnknownNodeError:
        return None


def event_asked(pack: Pack, text: str) -> ScenarioSpec:
    """The event a question about one node asks of ('why does X rise if Y'), ``text``
    resolved; where it says what the default scenario already decides, none of it priced by a
    market ('if the government raises the wage floor', of a default that raises it), the
    default scenario against its own comparison, as naming it is: the question asks why the
    node moves when that happens, not what differs from a world where it happens anyway.

    Examples
    --------
    >>> from msgspec.structs import replace
    >>> from macrograph.graph.synthetic import slump_pack
    >>> pack = slump_pack()  # its default, a-slumps, moves a down 1 against no shocks
    >>> policy = pack.nodes["a"].model_copy(update={"kind": "policy_action"})
    >>> pack = replace(pack, nodes={**pack.nodes, "a": policy})
    >>> resolve_text(pack, "a falls").against, event_asked(pack, "a falls").against
    ('a-slumps', None)
    """
    spec = resolve_text(pack, text)
    if not spec.as_priced or any(s.priced is not None for s in spec.shocks):
        return spec
    return replace(resolve(pack, pack.info.default_scenario), reading=spec.reading)


def titled_as(pack: Pack, wanted: str) -> str | None:
    """The one scenario whose title, normalised (hyphens also read as spaces), is
    ``wanted``, also with the pack's name forms read in both ('cpi-linked' said for a
    title's 'inflation-linked'); None when none is or several are. A title names a scenario
    after its id and phrases, so a pack's phrases keep their meaning.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> pack = units_pack()
    >>> titled_as(pack, normalise(next(iter(pack.scenarios.values())).title)) is not None
    True
    """
    said = lexicon_words(pack.info.lexicon).said
    owners = {
        s.id
        for s in pack.scenarios.values()
        for title in (normalise(s.title), normalise(s.title.replace("-", " ")))
        if wanted == title or said(wanted) == said(title)
    }
    return owners.pop() if len(owners) == 1 else None


def phrase_as_verb(pack: Pack, wanted: str) -> Name | None:
    """The one scenario's phrase whose last word, a noun, ``wanted`` (normalised) says as
    its verb: 'nlw rises' of the phrase 'nlw rise', 'fee increases' of 'fee increase',
    'strike pushes' of 'strike push', 'stocks rally' of 'stock rally'; None when no phrase or
    several scenarios' are.

    Examples
    --------
    >>> from msgspec.structs import replace
    >>> from macrograph.graph.synthetic.policy import policy_pack
    >>> pack = policy_pack()
    >>> holds = pack.scenarios["rate-holds"].model_copy(update={"phrases": ("rate freeze",)})
    >>> pack = replace(pack, scenarios={**pack.scenarios, "rate-holds": holds})
    >>> phrase_as_verb(pack, "rate freezes").scenario, phrase_as_verb(pack, "rate freeze")
    ('rate-holds', None)
    """
    names = scenario_names(pack)
    for ending, noun in (("s", ""), ("es", ""), ("ies", "y")):  # 'rallies' of a rally
        stem = f"{wanted[: -len(ending)]}{noun}"
        if wanted.endswith(ending) and stem in names:
            found = names[stem]
            if len({n.scenario for n in found}) == 1:
                return found[0]
    return None


def _unknown(pack: Pack, text: str) -> UnknownScenarioError:
    from macrograph.graph.words.refusals import refusal  # loaded when a refusal is written

    return refusal(pack, text, text)


# Linear-time patterns: NODE and VALUE are split at the first '=' or '@' (the old single
# pattern let a lazy name and the spaces around '=' backtrack over each other: 16 s for
# 130,000 spaces).
SHOCK_NODE = re.compile(r"[A-Za-z0-9_ /&.-]+")
SHOCK_FORM = "expected NODE=CHANGE or NODE@LEVEL with a unit, e.g. {}"
PRICED = re.compile(r",\s*priced\s*=")
OTHER_UNIT = re.compile(r"([+-]?)\s*([0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)\s*([^\W\d_][^\d\s]*)")
"""A change with a unit of letters no unit of the pack reads ('-10MMbbl')."""


def parse_shock(pack: Pack, text: str, on: date) -> ShockSpec:
    """Read a power-user shock: a change ``price=+2%``, ``rate=+20bp`` or a level
    ``rate@1.5``; a decision may end in ``,priced=P``.

    A change needs a unit that applies to the node (``bp`` always means basis points);
    a level may leave it out (the node's own). A name of the other side of a node
    (``directions.inverse``) is refused, as its sign would read the wrong way round.
    A shock on a policy node (one with ``expectations``) is a decision: ``,priced=P``
    gives the odds markets had put on it (0.9 or 90%); without it, none (see
    :func:`~macrograph.graph.decisions.decided`).

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> from macrograph.graph.synthetic.policy import policy_pack
    >>> parse_shock(units_pack(), "rate=+20bp", date(2025, 1, 6)).change
    0.2
    >>> parse_shock(units_pack(), "price=+2%", date(2025, 1, 6)).change
    2.0
    >>> parse_shock(units_pack(), "rate@1.5pp", date(2025, 1, 6)).level
    1.5
    >>> parse_shock(policy_pack(), "rate=-25bp,priced=0.9", date(2025, 1, 6)).odds
    0.9
    """
    from macrograph.graph.words.levels.sizes import level_in_units, level_text
    from macrograph.graph.words.naming import node_names, words  # as resolve_text does
    from macrograph.graph.words.shares import of_level
    from macrograph.graph.words.sizes import change_in_units, money_typed

    marked = PRICED.search(text)
    said, odds = (text[: marked.start()], text[marked.end() :]) if marked else (text, None)
    cut = min((i for i in (said.find("="), said.find("@")) if i >= 0), default=-1)
    name, amount = (said[:cut].strip(), said[cut + 1 :].strip()) if cut >= 0 else (said, "")
    units = level_units(pack) if cut >= 0 and said[cut] == "@" else pack_units(pack)
    size = read_size(amount, units) if cut >= 0 else None
    other = OTHER_UNIT.fullmatch(amount) if size is None and said[cut:][:1] == "=" else None
    if other is not None:  # '-10MMbbl': a unit of no node's, refused below with the node's own
        size = Size(other.group(1), float(other.group(2)), other.group(3).lower())
    if size is None or not SHOCK_NODE.fullmatch(name):  # shown on the node it starts with
        start = max((n for n in pack.nodes if said.startswith(n)), key=len, default=None)
        raise ShockSyntaxError(text, SHOCK_FORM.format(shock_example(pack, start)))
    node = find_node(pack, name)
    shock = ShockSpec(node=node, date=on, label=f"{pack.nodes[node].label} {amount}", said=text)
    if odds is not None:
        shock = replace(shock, odds=specs.odds_for(pack, node, odds, text))
    if said[cut] == "@":
        if pack.nodes[node].baseline is None:
            raise PlainWordsError(text, "no_baseline", node, shock_example(pack, node))
        level = level_in_units(pack, node, size.signed, size.unit, text)
        # titled as the tables write a level ('at 450¢/lb'), not as typed ('at 450')
        label = f"{pack.nodes[node].label} at {level_text(pack, node, size)}"
        return replace(shock, label=label, level=level)
    if node_names(pack).get(words(name), (node, False))[1]:
        raise PlainWordsError(text, "inverse", node, shock_example(pack, node), name)
    change = change_in_units(pack, node, size.signed, size.unit, text)
    # titled as the tables write a change ('+1 week', '+50 admits a week'), not as typed; a
    # percent of a level or money on a percent node as typed too, as a question titles them
    said = titled_change(pack, node, change)
    money = money_typed(pack, node, size)
    if money:
        said = f"{'-' if size.signed < 0 else '+'}{money} ({brief_value(change):+g}%)"
    elif of_level(pack, node, size):
        said = f"{brief_value(size.signed):+g}% ({said})"
    return replace(shock, change=change, label=f"{pack.nodes[node].label} {said}")


def shocks_alone(pack: Pack, shocks: tuple[ShockSpec, ...]) -> ScenarioSpec:
    """What ``shocks`` do on top of the pack's default scenario, answered against it (as a
    question in plain words is), titled by the shocks themselves.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> pack = units_pack()
    >>> spec = shocks_alone(pack, (parse_shock(pack, "rate=+20bp", date(2025, 1, 6)),))
    >>> spec.title, spec.against, [s.change for s in spec.shocks]
    ('rate +20bp', 'none', [0.2])
    """
    base = resolve(pack, pack.info.default_scenario)
    title = joined(pack, [s.label for s in shocks])
    spec = replace(base, title=title, summary=title, against=base.id, probability=None, branches=())
    return with_shocks(replace(spec, anchor_set=False), shocks)


def asked(
    pack: Pack,
    text: str | None = None,
    shocks: tuple[str, ...] = (),
    priced: str | None = None,
    compared: bool = False,
) -> ScenarioSpec:
    """The scenario a what-if asks, as the command line reads it: ``text`` (a scenario id,
    one of its phrases or plain words; None for the pack's default scenario) with
    ``shocks`` added, each as ``--shock`` writes it (``NODE=CHANGE`` or ``NODE@LEVEL``,
    on the scenario's date), at the odds ``priced`` states (see
    :func:`~macrograph.graph.specs.with_odds`). Shocks asked without ``text`` are what
    they do on top of the default scenario, answered against it (:func:`shocks_alone`),
    unless ``compared``: the asker chose the comparison.

    Raises
    ------
    UnknownScenarioError, ShockSpecError
        When ``text`` or a shock cannot be read, with the forms that can.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> pack = units_pack()
    >>> spec = asked(pack, shocks=("rate=+20bp",))
    >>> spec.title, spec.against, [s.change for s in spec.shocks]
    ('rate +20bp', 'none', [0.2])
    >>> chosen = asked(pack, None, ("rate=+20bp",), compared=True)  # on the default, titled so
    >>> chosen.title, chosen.against
    ('No shock', None)
    """
    spec = resolve(pack, pack.info.default_scenario) if text is None else resolve_text(pack, text)
    extra = with_odds(pack, tuple(parse_shock(pack, s, spec.anchor) for s in shocks), priced)
    if extra and text is None and not compared:
        return shocks_alone(pack, extra)
    return with_shocks(spec, extra)
