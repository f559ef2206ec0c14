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

from macrograph.graph.errors import ShockSyntaxError, UnknownNodeError, UnknownScenarioError
from macrograph.rules.models import Citation, Priced, Scenario, Shock
from macrograph.rules.pack import Pack

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
GRAMMAR_FORMS = [
    "a scenario id, e.g. boj-skips",
    "a scenario phrase, e.g. 'BoJ skips' or 'Fed holds'",
    "<BoJ|Bank of Japan|Fed|FOMC> <skips|holds|pauses|hikes|raises|cuts|lowers> [N bp|N%]",
]
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
    )


def _extends_chain(pack: Pack, scenario_id: str) -> list[Scenario]:
    if scenario_id not in pack.scenarios:
        raise UnknownScenarioError(scenario_id, _suggest(pack, scenario_id), GRAMMAR_FORMS)
    chain = [pack.scenarios[scenario_id]]
    while chain[-1].extends is not None and len(chain) <= len(pack.scenarios):
        parent = chain[-1].extends
        if parent not in pack.scenarios:
            raise UnknownScenarioError(parent, _suggest(pack, parent), GRAMMAR_FORMS)
        chain.append(pack.scenarios[parent])
    return chain


def normalise(text: str) -> str:
    """Lower case, no punctuation but hyphens and dots, no leading 'what if (the)'."""
    text = re.sub(r"[^a-z0-9.%\- ]+", " ", text.lower())
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"^(what if|what happens if|suppose|if)\s+", "", text)
    return re.sub(r"\bthe\s+", "", text).strip()


def resolve_text(pack: Pack, text: str) -> ScenarioSpec:
    """Resolve what a user typed: an id, a scenario phrase, or the decision grammar.

    Raises
    ------
    UnknownScenarioError
        With the closest ids and phrases and the accepted forms.
    """
    if text in pack.scenarios:
        return resolve(pack, text)
    wanted = normalise(text)
    for scenario in pack.scenarios.values():
        names = [scenario.id, *scenario.phrases]
        if any(normalise(name) == wanted for name in names):
            return resolve(pack, scenario.id)
    spec = _grammar(pack, wanted)
    if spec is None:
        raise UnknownScenarioError(text, _suggest(pack, text), GRAMMAR_FORMS)
    return spec


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
            f"{node} {verb}", _suggest(pack, f"{node} {verb}"), GRAMMAR_FORMS
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
    return replace(base, id=slug, title=title, summary=title, shocks=shocks, against=base.id)


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
    change = _in_node_units(pack.nodes[node].unit, value, match.group(2), text)
    return ShockSpec(
        node=node, date=on, label=f"{pack.nodes[node].label} {text.split('=')[1]}", change=change
    )


def _in_node_units(unit: str, value: float, suffix: str | None, text: str) -> float:
    if suffix in ("bp", "bps"):
        if unit not in ("pct", "pp"):
            raise ShockSyntaxError(text, f"bp applies to rates; this node is in {unit}")
        return round(value / 100.0, 12)
    if suffix == "tn":
        return value * 1000.0 if unit == "usd_bn" else value
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
