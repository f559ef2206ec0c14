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
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace
from datetime import date

from macrograph.graph.errors import (
    AmbiguousScenarioError,
    ShockSyntaxError,
    UnknownNodeError,
    UnknownScenarioError,
)
from macrograph.rules.models import Citation, Priced, Scenario, Shock
from macrograph.rules.pack import Pack
from macrograph.rules.phrases import normalise, scenario_names
from macrograph.rules.vocabulary import UnitForm, vocabulary_for

VERBS = {
    "skips": 0,
    "skip": 0,
    "holds": 0,
    "hold": 0,
    "pauses": 0,
    "pause": 0,
    "hikes": 1,
    "hike": 1,
    "raises": 1,
    "raise": 1,
    "cuts": -1,
    "cut": -1,
    "lowers": -1,
    "lower": -1,
}
VERB_FORMS = "<skips|holds|pauses|hikes|raises|cuts|lowers> [N bp|N%]"
DEFAULT_STEP = 0.25


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
        raise UnknownScenarioError(scenario_id, _suggest(pack, scenario_id), grammar_forms(pack))
    chain = [pack.scenarios[scenario_id]]
    while chain[-1].extends is not None and len(chain) <= len(pack.scenarios):
        parent = chain[-1].extends
        if parent not in pack.scenarios:
            raise UnknownScenarioError(parent, _suggest(pack, parent), grammar_forms(pack))
        chain.append(pack.scenarios[parent])
    return chain


def resolve_text(pack: Pack, text: str) -> ScenarioSpec:
    """Resolve what a user typed: an id, a scenario phrase, or the decision grammar.

    Text that normalises to nothing (no ASCII letter or digit) names no scenario.

    Raises
    ------
    UnknownScenarioError
        With the closest ids and phrases and the accepted forms.
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
    spec = _grammar(pack, wanted) if wanted else None
    if spec is None:
        raise UnknownScenarioError(text, _suggest(pack, text), grammar_forms(pack))
    return spec


def grammar_forms(pack: Pack) -> list[str]:
    """The forms a scenario may be named in, with the pack's own examples.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> grammar_forms(load_pack())[2]
    '<BoJ policy rate|Fed funds rate> <skips|holds|pauses|hikes|raises|cuts|lowers> [N bp|N%]'
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
    return forms


def _suggest(pack: Pack, text: str) -> list[str]:
    names = {normalise(p): p for s in pack.scenarios.values() for p in [s.id, *s.phrases]}
    close = difflib.get_close_matches(normalise(text), sorted(names), n=3, cutoff=0.5)
    return [names[c] for c in close]


def _actors(pack: Pack) -> dict[str, str]:
    """Names a user may use for each policy node: its id, label and aliases."""
    names: dict[str, str] = {}
    for node in pack.nodes.values():
        if node.kind == "policy_action" and node.expectations is not None:
            for name in [node.id, node.label, *node.aliases]:
                names[normalise(name)] = node.id
    return names


def _grammar(pack: Pack, wanted: str) -> ScenarioSpec | None:
    actors = _actors(pack)
    actor_pattern = "|".join(re.escape(a) for a in sorted(actors, key=len, reverse=True))
    pattern = (
        rf"^({actor_pattern})\s+({'|'.join(VERBS)})"
        r"(?:\s+(?:by\s+)?([0-9]+(?:\.[0-9]+)?)\s*(bp|bps|%|pp)?)?$"
    )
    match = re.fullmatch(pattern, wanted) if actors else None
    if match is None:
        return None
    node, verb = actors[match.group(1)], match.group(2)
    size = _size(match.group(3), match.group(4))
    change = VERBS[verb] * size if VERBS[verb] else 0.0
    return _edit_decision(pack, node, change, verb)


def _size(number: str | None, unit: str | None) -> float:
    if number is None:
        return DEFAULT_STEP
    value = float(number)
    return value / 100.0 if unit in (None, "bp", "bps") and value >= 1 else value


def _edit_decision(pack: Pack, node: str, change: float, verb: str) -> ScenarioSpec:
    base = resolve(pack, pack.info.default_scenario)
    try:
        decision = base.decision(node)
    except KeyError:
        raise UnknownScenarioError(
            f"{node} {verb}", _suggest(pack, f"{node} {verb}"), grammar_forms(pack)
        ) from None
    if decision.change is not None and abs(decision.change - change) < 1e-12:
        return base
    for scenario_id in sorted(pack.scenarios):
        candidate = resolve(pack, scenario_id)
        if candidate.against == base.id and _same_decision(candidate, node, change, base):
            return candidate
    label = pack.nodes[node].label
    bp = round(change * 100)
    edited = replace(decision, change=change, label=f"{label}: {bp:+d}bp")
    shocks = tuple(edited if s is decision else s for s in base.shocks)
    word = "holds" if change == 0 else ("hikes" if change > 0 else "cuts")
    slug = f"{node.split('_')[0]}-{word}" + (f"-{abs(bp)}bp" if change else "")
    title = f"{label} {word}" + (f" {abs(bp)}bp" if change else "")
    return replace(
        base, id=slug, title=title, summary=title, shocks=shocks, against=base.id, anchor_set=False
    )


def _same_decision(candidate: ScenarioSpec, node: str, change: float, base: ScenarioSpec) -> bool:
    others = [s for s in candidate.shocks if s.node != node]
    base_others = [s for s in base.shocks if s.node != node]
    try:
        return others == base_others and abs(candidate.decision(node).change - change) < 1e-12  # type: ignore[operator]
    except KeyError:
        return False


# Linear-time patterns: NODE and VALUE are split at the first '=' (the old single pattern
# let a lazy name and the spaces around '=' backtrack over each other: 16 s for 130,000 spaces).
SHOCK_NODE = re.compile(r"[A-Za-z0-9_ /&.-]+")
SHOCK_VALUE = re.compile(r"([+-]?[0-9]+(?:\.[0-9]+)?)\s*(bp|bps|pp|%|bn|tn)?")


def parse_shock(pack: Pack, text: str, on: date) -> ShockSpec:
    """Read a power-user shock such as ``usd_jpy=+2%`` or ``jgb_10y=+20bp``.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> parse_shock(load_pack(), "jgb_10y=+20bp", date(2025, 12, 19)).change
    0.2
    """
    name, equals, amount = (part.strip() for part in text.partition("="))
    match = SHOCK_VALUE.fullmatch(amount)
    if not equals or match is None or not SHOCK_NODE.fullmatch(name):
        raise ShockSyntaxError(
            text, "expected NODE=VALUE with an optional unit (bp, pp, %, bn, tn)"
        )
    node = find_node(pack, name)
    value = float(match.group(1))
    form = vocabulary_for(pack.info).unit(pack.nodes[node].unit)
    change = _in_node_units(form, pack.nodes[node].unit, value, match.group(2), text)
    return ShockSpec(
        node=node, date=on, label=f"{pack.nodes[node].label} {text.split('=')[1]}", change=change
    )


def _in_node_units(form: UnitForm, unit: str, value: float, suffix: str | None, text: str) -> float:
    """A typed value in the node's own units: bp of a percent level, a thousand (tn) of bn."""
    if suffix in ("bp", "bps"):
        if form.change != "bp":
            raise ShockSyntaxError(text, f"bp applies to rates; this node is in {unit}")
        return round(value / form.change_scale, 12)
    if suffix == "tn":
        return value * 1000.0 if form.thousand == "tn" else value
    return value


def find_node(pack: Pack, name: str) -> str:
    """A node id from an id, label or alias (case-insensitive).

    Raises
    ------
    UnknownNodeError
        With the closest ids.
    """
    if name in pack.nodes:
        return name
    wanted = normalise(name)
    for node in pack.nodes.values():
        if wanted in {normalise(n) for n in [node.id, node.label, *node.aliases]}:
            return node.id
    close = difflib.get_close_matches(name, sorted(pack.nodes), n=3, cutoff=0.5)
    raise UnknownNodeError(name, close)


def with_shocks(spec: ScenarioSpec, extra: tuple[ShockSpec, ...]) -> ScenarioSpec:
    """``spec`` plus extra shocks (a custom scenario compared against ``spec``'s comparison)."""
    if not extra:
        return spec
    shocks = tuple(sorted((*spec.shocks, *extra), key=lambda s: (s.date, s.node)))
    suffix = "+" + "+".join(s.node for s in extra)
    return replace(spec, id=spec.id + suffix, shocks=shocks)
