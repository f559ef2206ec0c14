"""Scenarios as data: a scenario's resolved shocks, from its id, with what it extends merged.

The reader of what a user typed (ids, phrases, plain words, ``--shock``) is
:mod:`macrograph.graph.scenarios`, above this module and the plain-words reader.

Examples
--------
>>> from macrograph.graph.synthetic.policy import policy_pack
>>> spec = resolve(policy_pack(), "rate-holds")  # the meeting's hike, held
>>> spec.id, spec.decision("rate").change, spec.against
('rate-holds', 0.0, 'meeting')
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from datetime import date

from msgspec import Struct
from msgspec.structs import replace

from macrograph.graph.errors import (
    PricedError,
    ShockSyntaxError,
    UnknownNodeError,
    UnknownScenarioError,
)
from macrograph.graph.words.reading import Reading, ReadPart
from macrograph.rules.english.lexicon import lexicon_words
from macrograph.rules.english.phrases import normalise
from macrograph.rules.english.suggest import closest
from macrograph.rules.models import Citation, Priced, Scenario, Shock
from macrograph.rules.pack import Pack


class ShockSpec(Struct, frozen=True):
    """One resolved shock; a decision has ``priced`` and so a market surprise.

    ``odds`` is what markets had priced when only a probability was said (the command
    line's ``priced=P``): the odds of this very decision. ``decision`` is the change a
    decision makes, set by :func:`~macrograph.graph.decisions.decided` (for a level, the
    level minus the level in force). ``nth`` > 0 numbers an extra shock on a node and date
    the scenario already shocks, so that its key stays its own. ``said`` is the ``--shock``
    text that set it.
    """

    node: str
    date: date
    label: str
    change: float | None = None
    level: float | None = None
    priced: Priced | None = None
    cites: Citation | None = None
    odds: float | None = None
    decision: float | None = None
    nth: int = 0
    said: str | None = None

    @property
    def key(self) -> str:
        """Stable id of the shock: ``node@date``, ``node@date#2`` for a second one there."""
        key = f"{self.node}@{self.date.isoformat()}"
        return f"{key}#{self.nth}" if self.nth else key

    @property
    def surprise(self) -> float | None:
        """Actual minus priced change, for a decision; None otherwise.

        Examples
        --------
        >>> s = ShockSpec("rate", date(2025, 12, 19), "hike", 0.25,
        ...               priced=Priced(probability=0.85, change=0.25))
        >>> round(s.surprise, 4)
        0.0375
        """
        size = self.change if self.level is None else self.decision
        if self.priced is None or size is None:
            return None
        return size - self.priced.probability * self.priced.change

    @property
    def unpriced(self) -> bool:
        """A decision markets gave no odds: the whole move is a surprise."""
        return self.priced is not None and self.priced.probability == 0.0


class ScenarioSpec(Struct, frozen=True):
    """A scenario with ``extends`` resolved: every shock spelled out, sorted by date and node."""

    id: str
    title: str
    summary: str
    shocks: tuple[ShockSpec, ...]
    against: str | None
    anchor: date
    probability: float | None = None
    branches: tuple[tuple[str, float], ...] = ()
    anchor_set: bool = False  # the scenario itself sets ``anchor`` (not one it extends)
    # The question describes what its comparison already does (the market-priced path).
    as_priced: bool = False
    reading: Reading | None = None  # how the question was read (None: given as data)

    def decision(self, node: str) -> ShockSpec:
        """The (last) decision shock on ``node`` (KeyError when there is none)."""
        found = [s for s in self.shocks if s.node == node and s.priced is not None]
        if not found:
            raise KeyError(node)
        return found[-1]


def _spec_shock(shock: Shock) -> ShockSpec:
    return ShockSpec(
        node=shock.node,
        date=shock.date,
        label=shock.label,
        change=shock.change,
        level=shock.level,
        priced=shock.priced,
        cites=shock.cites,
    )


def resolve(pack: Pack, scenario_id: str) -> ScenarioSpec:
    """The scenario ``scenario_id`` with the shocks of what it extends merged in.

    A shock overrides the inherited one on the same node and date.

    Examples
    --------
    >>> from macrograph.graph.synthetic import slump_pack
    >>> spec = resolve(slump_pack(), "a-slumps")
    >>> [(s.key, s.change) for s in spec.shocks], spec.anchor.isoformat(), spec.against
    ([('a@2025-01-06', -1.0)], '2025-01-06', None)
    """
    chain = _extends_chain(pack, scenario_id)
    merged: dict[tuple[str, date], ShockSpec] = {}
    for scenario in reversed(chain):
        for shock in scenario.shocks:
            merged[(shock.node, shock.date)] = _spec_shock(shock)
    top = chain[0]
    shocks = tuple(sorted(merged.values(), key=lambda s: (s.date, s.node)))
    anchor = next((s.anchor for s in chain if s.anchor is not None), None)
    return ScenarioSpec(
        id=top.id,
        title=top.title,
        summary=top.summary,
        shocks=shocks,
        against=top.against,
        anchor=anchor or min((s.date for s in shocks), default=pack.info.as_of),
        probability=top.probability,
        branches=tuple((b.scenario, b.probability) for b in top.branches),
        anchor_set=top.anchor is not None,
    )


def event_date(spec: ScenarioSpec, base: ScenarioSpec | None) -> date:
    """The date horizons count from: the scenario's own ``anchor`` when it sets one, else the
    first date on which its shocks differ from its comparison's (else the inherited anchor).

    Examples
    --------
    >>> from msgspec.structs import replace
    >>> from macrograph.graph.synthetic.policy import policy_pack
    >>> pack = policy_pack()
    >>> meeting = resolve(pack, "meeting")  # a hike on 6 Jan 2025
    >>> up = ShockSpec("price", date(2025, 1, 8), "price +1%", change=1.0)
    >>> later = replace(meeting, shocks=(*meeting.shocks, up))  # the same, and a move on the 8th
    >>> [event_date(s, meeting).isoformat() for s in (resolve(pack, "rate-holds"), later, meeting)]
    ['2025-01-06', '2025-01-08', '2025-01-06']
    """
    if spec.anchor_set or base is None:
        return spec.anchor
    before = {(s.node, s.date): _size_of(s) for s in base.shocks}
    after = {(s.node, s.date): _size_of(s) for s in spec.shocks}
    differ = [key[1] for key in before.keys() | after.keys() if before.get(key) != after.get(key)]
    return min(differ, default=spec.anchor)


def _size_of(shock: ShockSpec) -> tuple[float | None, float | None, Priced | None]:
    return shock.change, shock.level, shock.priced


def missing_in_chain(pack: Pack, scenario_id: str) -> str | None:
    """The first id of ``scenario_id``'s ``extends`` chain the pack lacks, itself first;
    None when the whole chain is there.

    Examples
    --------
    >>> from macrograph.graph.synthetic.policy import policy_pack
    >>> missing_in_chain(policy_pack(), "rate-holds"), missing_in_chain(policy_pack(), "no-such")
    (None, 'no-such')
    """
    if scenario_id not in pack.scenarios:
        return scenario_id
    seen = [pack.scenarios[scenario_id]]
    while seen[-1].extends is not None and len(seen) <= len(pack.scenarios):
        parent = seen[-1].extends
        if parent not in pack.scenarios:
            return parent
        seen.append(pack.scenarios[parent])
    return None


def _extends_chain(pack: Pack, scenario_id: str) -> list[Scenario]:
    if scenario_id not in pack.scenarios:
        raise UnknownScenarioError(scenario_id, [], [])
    chain = [pack.scenarios[scenario_id]]
    while chain[-1].extends is not None and len(chain) <= len(pack.scenarios):
        parent = chain[-1].extends
        if parent not in pack.scenarios:
            raise UnknownScenarioError(parent, [], [])
        chain.append(pack.scenarios[parent])
    return chain


def grammar_forms(pack: Pack) -> list[str]:
    """The forms a scenario may be named in, with the pack's own examples.

    Examples
    --------
    >>> from macrograph.graph.synthetic.policy import policy_pack
    >>> forms = grammar_forms(policy_pack())  # its decision is Rate's; a lexicon adds verbs
    >>> forms[:2]
    ['a scenario id, e.g. meeting', "a scenario phrase, e.g. 'rate holds'"]
    >>> forms[2]
    '<Rate> <holds|raises|lowers> [SIZE]'
    >>> forms[3:]
    ['<node> <rises|falls> SIZE', '<node> <rises|falls> to LEVEL']
    """
    scenario = pack.scenarios.get(pack.info.default_scenario)
    others = [s for s in pack.scenarios.values() if s.phrases and s.against]
    phrase = others[0].phrases[0] if others else ""
    actors = sorted({pack.nodes[n].label for n in _actors(pack).values()})
    forms = [
        f"a scenario id, e.g. {scenario.id if scenario else 'ID'}",
        f"a scenario phrase, e.g. '{phrase}'" if phrase else "a scenario phrase",
    ]
    lex, neutral = lexicon_words(pack.info.lexicon), lexicon_words(None)
    if actors:
        verbs = "|".join(_firsts(lex.decisions, neutral.decisions, (0, 1, -1)))
        forms.append(f"<{'|'.join(actors)}> <{verbs}> [SIZE]")
    moves = "|".join(_firsts(lex.moves, neutral.moves, (1, -1)))
    level = "|".join(_firsts(neutral.moves, neutral.moves, (1, -1)))
    return [*forms, f"<node> <{moves}> SIZE", f"<node> <{level}> to LEVEL"]


def _firsts(
    verbs: Mapping[str, int], neutral: Mapping[str, int], directions: tuple[int, ...]
) -> list[str]:
    """The first verb of each direction, a pack's own, then the neutral default's."""
    found: list[str] = []
    for direction in directions:
        first = [next((v for v, s in m.items() if s == direction), "") for m in (verbs, neutral)]
        found += [v for v in dict.fromkeys(first) if v]
    return found


def _actors(pack: Pack) -> dict[str, str]:
    """Names a user may use for each policy node: its id, label and aliases."""
    names: dict[str, str] = {}
    for node in pack.nodes.values():
        if node.kind == "policy_action" and node.expectations is not None:
            for name in [node.id, node.label, *node.aliases]:
                names[normalise(name)] = node.id
    return names


ODDS_FORM = "from 0 to 1 (0.9 or 90%: the odds markets had put on this decision)"


def read_odds(text: str) -> float | None:
    """A probability written ``0.9`` or ``90%``; None when it is not one from 0 to 1.

    Examples
    --------
    >>> read_odds("0.9"), read_odds(" 85% "), read_odds("1.5"), read_odds("nan")
    (0.9, 0.85, None, None)
    """
    value = text.strip()
    try:
        number = float(value.removesuffix("%"))
    except ValueError:
        return None
    number = number / 100.0 if value.endswith("%") else number
    return number if math.isfinite(number) and 0.0 <= number <= 1.0 else None


def policy_nodes(pack: Pack) -> list[str]:
    """The nodes a shock on is a decision: those that declare ``expectations``.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> from macrograph.graph.synthetic.policy import policy_pack
    >>> policy_nodes(policy_pack()), policy_nodes(units_pack())
    (['rate'], [])
    """
    return sorted(n.id for n in pack.nodes.values() if n.expectations is not None)


def moving_scenarios(pack: Pack, node: str, direction: int) -> str:
    """The ids of the pack's scenarios whose shocks change ``node`` the way ``direction``
    says (+1 up, -1 down), joined by commas: what to ask where a question gives a way but
    no size ('the council raises the tariff').

    Examples
    --------
    >>> from macrograph.graph.synthetic import slump_pack
    >>> moving_scenarios(slump_pack(), "a", -1), moving_scenarios(slump_pack(), "a", 1)
    ('a-slumps', '')
    """
    ways = [
        s.id
        for s in pack.scenarios.values()
        for k in s.shocks
        if k.node == node and k.change is not None and (k.change > 0) - (k.change < 0) == direction
    ]
    return ", ".join(dict.fromkeys(ways))


def odds_for(pack: Pack, node: str, odds: str, text: str) -> float:
    """The odds ``priced=ODDS`` of the ``--shock`` ``text`` gives its decision on ``node``;
    ShockSyntaxError when ``node`` makes no decision (it has no market-implied path) or
    ``odds`` is no probability.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> odds_for(units_pack(), "rate", "0.9", "rate=+25bp,priced=0.9")
    Traceback (most recent call last):
    macrograph.graph.errors.ShockSyntaxError: cannot read shock 'rate=+25bp,priced=0.9': \
priced= goes with a decision, a shock on none in this pack
    """
    if pack.nodes[node].expectations is None:
        where = ", ".join(policy_nodes(pack)) or "none in this pack"
        raise ShockSyntaxError(text, f"priced= goes with a decision, a shock on {where}", False)
    value = read_odds(odds)
    if value is None:
        raise ShockSyntaxError(
            text, f"priced={odds.strip()} is not a probability {ODDS_FORM}", False
        )
    return value


def with_odds(pack: Pack, shocks: tuple[ShockSpec, ...], odds: str | None) -> tuple[ShockSpec, ...]:
    """``shocks`` with the ``--priced`` odds on the one decision among them that does not
    say its own (``odds`` None: as they are).

    Raises
    ------
    PricedError
        When ``odds`` is no probability, or there is no such decision, or several.

    Examples
    --------
    >>> from macrograph.graph.synthetic.policy import policy_pack
    >>> shock = ShockSpec("rate", date(2025, 1, 6), "rate cut", change=-0.25)
    >>> with_odds(policy_pack(), (shock,), "0.9")[0].odds
    0.9
    """
    if odds is None:
        return shocks
    value = read_odds(odds)
    if value is None:
        raise PricedError(odds, "value", policy_nodes(pack))
    open_ = [
        i
        for i, s in enumerate(shocks)
        if pack.nodes[s.node].expectations is not None and s.odds is None
    ]
    if len(open_) != 1:
        raise PricedError(odds, "none" if not open_ else "several", policy_nodes(pack))
    return tuple(replace(s, odds=value) if i == open_[0] else s for i, s in enumerate(shocks))


def find_node(pack: Pack, name: str) -> str:
    """A node id from an id, label or alias (case-insensitive), also as the pack's lexicon
    writes a name in its own form (``forms``: 'coverage ratio' for 'funding ratio').

    Raises
    ------
    UnknownNodeError
        With the closest ids.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> find_node(units_pack(), "RATE")  # ids, labels and aliases, in any case
    'rate'
    >>> try:
    ...     find_node(units_pack(), "rates")
    ... except UnknownNodeError as err:
    ...     print(err, err.suggestions)
    unknown node 'rates' ['rate']
    """
    if name in pack.nodes:
        return name
    wanted = normalise(name)
    formed = normalise(lexicon_words(pack.info.lexicon).said(wanted))  # the pack's own forms
    for node in pack.nodes.values():
        names = {normalise(n) for n in [node.id, node.label, *node.aliases]}
        if wanted in names or formed in names:
            return node.id
    raise UnknownNodeError(name, _closest_names(pack, name))


def _closest_names(pack: Pack, name: str) -> list[str]:
    """The ids, and the names of the nodes no id is as close as, nearest ``name`` ('room
    rate' of 'room rates', where the ids are 'adr' and 'rate_rise'): each node once."""
    said = {n.lower(): node.id for node in pack.nodes.values() for n in (node.label, *node.aliases)}
    said.update((node, node) for node in pack.nodes)  # an id is the name offered first
    found, seen = [], set()
    for near in closest(name.lower(), said, limit=None, cutoff=50):
        if said[near] not in seen:
            seen.add(said[near])
            found.append(near)
    return found[:3]


def with_shocks(spec: ScenarioSpec, extra: tuple[ShockSpec, ...]) -> ScenarioSpec:
    """``spec`` plus extra shocks (a custom scenario compared against ``spec``'s comparison).

    An extra shock adds to what the scenario does on its node and date (a second one
    there is numbered, ``node@date#2``, so that each keeps its own key).

    Examples
    --------
    >>> from macrograph.graph.synthetic import slump_pack
    >>> spec = resolve(slump_pack(), "a-slumps")
    >>> again = ShockSpec("a", spec.anchor, "a slumps again", change=-0.5)
    >>> more = with_shocks(spec, (again,))
    >>> more.id, [(s.key, s.change) for s in more.shocks]
    ('a-slumps+a', [('a@2025-01-06', -1.0), ('a@2025-01-06#2', -0.5)])
    """
    if not extra:
        return spec
    taken = Counter((s.node, s.date) for s in spec.shocks)
    numbered = []
    for s in extra:
        taken[(s.node, s.date)] += 1
        count = taken[(s.node, s.date)]
        numbered.append(replace(s, nth=count) if count > 1 else s)
    shocks = tuple(sorted((*spec.shocks, *numbered), key=lambda s: (s.date, s.node)))
    suffix = "+" + "+".join(s.node for s in extra)
    read = spec.reading or Reading(spec.id, "given", None)
    said = tuple(ReadPart(s.said or s.label, s.label, None, (s.key,)) for s in numbered)
    reading = replace(read, parts=(*read.parts, *said))
    return replace(spec, id=spec.id + suffix, shocks=shocks, as_priced=False, reading=reading)
