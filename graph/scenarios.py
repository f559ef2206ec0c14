"""Scenarios as the propagator sees them: resolved shocks, from an id, a phrase or a sentence.

Examples
--------
>>> from macrograph.rules import load_pack
>>> pack = load_pack()
>>> resolve_text(pack, "What if the BoJ skips?").id
'boj-skips'
>>> spec = resolve_text(pack, "BoJ hikes 75bp")
>>> spec.id, spec.decision("boj_policy_rate").change
('boj-hikes-75bp', 0.75)

Plain words beyond the pack's ids and phrases are read by :mod:`macrograph.graph.plainwords`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from macrograph.graph.errors import (
    AmbiguousScenarioError,
    PlainWordsError,
    ShockSyntaxError,
    UnknownNodeError,
    UnknownScenarioError,
)
from macrograph.rules.models import Citation, Priced, Scenario, Shock
from macrograph.rules.pack import Pack
from macrograph.rules.phrases import normalise, scenario_names

VERB_FORMS = "<skips|holds|hikes|cuts> [N bp]"
MOVE_FORMS = "<node> <rises|falls|strengthens|weakens|widens|narrows> N<bp|pp|%>"
LEVEL_FORMS = "<node> <falls|rises> to LEVEL"


@dataclass(frozen=True)
class ShockSpec:
    """One resolved shock; a decision has ``priced`` and so a market surprise."""

    node: str
    date: date
    label: str
    change: float | None = None
    level: float | None = None
    priced: Priced | None = None
    cites: Citation | None = None

    @property
    def key(self) -> str:
        """Stable id of the shock: ``node@date``."""
        return f"{self.node}@{self.date.isoformat()}"

    @property
    def surprise(self) -> float | None:
        """Actual minus priced change, for a decision; None otherwise.

        Examples
        --------
        >>> s = ShockSpec("boj_policy_rate", date(2025, 12, 19), "hike", 0.25,
        ...               priced=Priced(probability=0.85, change=0.25))
        >>> round(s.surprise, 4)
        0.0375
        """
        if self.priced is None or self.change is None:
            return None
        return self.change - self.priced.probability * self.priced.change


@dataclass(frozen=True)
class ScenarioSpec:
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
        anchor=anchor or max((s.date for s in shocks), default=pack.info.as_of),
        probability=top.probability,
        branches=tuple((b.scenario, b.probability) for b in top.branches),
        anchor_set=top.anchor is not None,
    )


def event_date(spec: ScenarioSpec, base: ScenarioSpec | None) -> date:
    """The date horizons count from: the scenario's own ``anchor`` when it sets one, else the
    first date on which its shocks differ from its comparison's (else the inherited anchor).

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> pack = load_pack()
    >>> [event_date(resolve(pack, s), resolve(pack, "december-2025")).isoformat()
    ...  for s in ("fed-holds", "boj-skips", "december-2025")]
    ['2025-12-10', '2025-12-19', '2025-12-19']
    """
    if spec.anchor_set or base is None:
        return spec.anchor
    before = {(s.node, s.date): _size_of(s) for s in base.shocks}
    after = {(s.node, s.date): _size_of(s) for s in spec.shocks}
    differ = [key[1] for key in before.keys() | after.keys() if before.get(key) != after.get(key)]
    return min(differ, default=spec.anchor)


def _size_of(shock: ShockSpec) -> tuple[float | None, float | None, Priced | None]:
    return shock.change, shock.level, shock.priced


def _extends_chain(pack: Pack, scenario_id: str) -> list[Scenario]:
    if scenario_id not in pack.scenarios:
        raise _unknown(pack, scenario_id)
    chain = [pack.scenarios[scenario_id]]
    while chain[-1].extends is not None and len(chain) <= len(pack.scenarios):
        parent = chain[-1].extends
        if parent not in pack.scenarios:
            raise _unknown(pack, parent)
        chain.append(pack.scenarios[parent])
    return chain


def resolve_text(pack: Pack, text: str) -> ScenarioSpec:
    """Resolve what a user typed: an id, a scenario phrase, or plain words
    (:func:`macrograph.graph.plainwords.resolve_words`).

    Text that normalises to nothing (no ASCII letter or digit) names no scenario.

    Raises
    ------
    UnknownScenarioError
        With the closest ids and phrases, the accepted forms and a ``--shock`` example.
    AmbiguousScenarioError
        When the text is a name of more than one scenario (lint reports such packs).
    """
    if text in pack.scenarios:
        return resolve(pack, text)
    wanted = normalise(text)
    owners = sorted({name.scenario for name in scenario_names(pack).get(wanted, [])})
    if len(owners) > 1:
        raise AmbiguousScenarioError(text, owners)
    if owners:
        return resolve(pack, owners[0])
    if not wanted:
        raise _unknown(pack, text)
    from macrograph.graph.plainwords import resolve_words

    return resolve_words(pack, text)


def grammar_forms(pack: Pack) -> list[str]:
    """The forms a scenario may be named in, with the pack's own examples.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> grammar_forms(load_pack())[2]
    '<BoJ policy rate|Fed funds rate> <skips|holds|hikes|cuts> [N bp]'
    """
    scenario = pack.scenarios.get(pack.info.default_scenario)
    others = [s for s in pack.scenarios.values() if s.phrases and s.against]
    phrase = others[0].phrases[0] if others else ""
    actors = sorted({pack.nodes[n].label for n in _actors(pack).values()})
    forms = [
        f"a scenario id, e.g. {scenario.id if scenario else 'ID'}",
        f"a scenario phrase, e.g. '{phrase}'" if phrase else "a scenario phrase",
    ]
    if actors:
        forms.append(f"<{'|'.join(actors)}> {VERB_FORMS}")
    return [*forms, MOVE_FORMS, LEVEL_FORMS]


def _unknown(pack: Pack, text: str) -> UnknownScenarioError:
    from macrograph.graph.plainwords import suggest
    from macrograph.graph.sizes import shock_example

    return UnknownScenarioError(text, suggest(pack, text), grammar_forms(pack), shock_example(pack))


def _actors(pack: Pack) -> dict[str, str]:
    """Names a user may use for each policy node: its id, label and aliases."""
    names: dict[str, str] = {}
    for node in pack.nodes.values():
        if node.kind == "policy_action" and node.expectations is not None:
            for name in [node.id, node.label, *node.aliases]:
                names[normalise(name)] = node.id
    return names


# Linear-time patterns: NODE and VALUE are split at the first '=' or '@' (the old single
# pattern let a lazy name and the spaces around '=' backtrack over each other: 16 s for
# 130,000 spaces).
SHOCK_NODE = re.compile(r"[A-Za-z0-9_ /&.-]+")
SHOCK_FORM = "expected NODE=CHANGE or NODE@LEVEL with a unit (bp, pp, %, bn, tn, pts)"


def parse_shock(pack: Pack, text: str, on: date) -> ShockSpec:
    """Read a power-user shock: a change ``usd_jpy=+2%``, ``jgb_10y=+20bp`` or a level
    ``us_jp_spread_10y@1.5pp``.

    A change needs a unit that applies to the node (``bp`` always means basis points);
    a level may leave it out (the node's own). A name of the other side of a node
    (``directions.inverse``) is refused, as its sign would read the wrong way round.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> parse_shock(load_pack(), "jgb_10y=+20bp", date(2025, 12, 19)).change
    0.2
    >>> parse_shock(load_pack(), "us_jp_spread_10y@1.5pp", date(2025, 12, 22)).level
    1.5
    """
    from macrograph.graph.plainwords import node_names, words
    from macrograph.graph.sizes import change_in_units, level_in_units, read_size, shock_example

    cut = min((i for i in (text.find("="), text.find("@")) if i >= 0), default=-1)
    name, amount = (text[:cut].strip(), text[cut + 1 :].strip()) if cut >= 0 else (text, "")
    size = read_size(amount) if cut >= 0 else None
    if size is None or not SHOCK_NODE.fullmatch(name):
        raise ShockSyntaxError(text, SHOCK_FORM)
    node = find_node(pack, name)
    label = f"{pack.nodes[node].label} {amount}"
    if text[cut] == "@":
        if pack.nodes[node].baseline is None:
            raise PlainWordsError(text, "no_baseline", node, shock_example(pack, node))
        level = level_in_units(pack, node, size.signed, size.unit, text)
        return ShockSpec(
            node=node, date=on, label=f"{pack.nodes[node].label} at {amount}", level=level
        )
    if node_names(pack).get(words(name), (node, False))[1]:
        raise PlainWordsError(text, "inverse", node, shock_example(pack, node), name)
    change = change_in_units(pack, node, size.signed, size.unit, text)
    return ShockSpec(node=node, date=on, label=label, change=change)


def find_node(pack: Pack, name: str) -> str:
    """A node id from an id, label or alias (case-insensitive).

    Raises
    ------
    UnknownNodeError
        With the closest ids.
    """
    from rapidfuzz import fuzz, process

    if name in pack.nodes:
        return name
    wanted = normalise(name)
    for node in pack.nodes.values():
        if wanted in {normalise(n) for n in [node.id, node.label, *node.aliases]}:
            return node.id
    close = process.extract(name, sorted(pack.nodes), scorer=fuzz.ratio, limit=3, score_cutoff=50)
    raise UnknownNodeError(name, [c[0] for c in close])


def with_shocks(spec: ScenarioSpec, extra: tuple[ShockSpec, ...]) -> ScenarioSpec:
    """``spec`` plus extra shocks (a custom scenario compared against ``spec``'s comparison)."""
    if not extra:
        return spec
    shocks = tuple(sorted((*spec.shocks, *extra), key=lambda s: (s.date, s.node)))
    suffix = "+" + "+".join(s.node for s in extra)
    return replace(spec, id=spec.id + suffix, shocks=shocks, as_priced=False)
