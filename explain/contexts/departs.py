"""Context of the brief's section on where a source's own view departs from the evidence.

For each entry of the overlay (a baseline, a changed, dropped or added rule): the claim
(claim ids, our paraphrase, and the overlay's ``because``), what the evidence view holds
(its value and citation), and that entry's effect alone on the key outcomes: the change it
makes to their moves, the difference of two changes in each node's unit. Then the key
outcomes of the brief's scenario in both views (where each starts, the scenario's effect in
each, and the difference), and the source's own expectations checked under its view.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from msgspec import Struct

from macrograph.explain.contexts.backtest import ExpectationRow, expectation_rows
from macrograph.explain.contexts.base import Reference, salience
from macrograph.explain.contexts.views import LEFT_NAME, ViewRow, percents_note, view_rows
from macrograph.explain.filters import shows
from macrograph.explain.wording.grammar import reads_plural
from macrograph.explain.wording.speaking import speaks_pack
from macrograph.explain.wording.unit_words import rule_size_words
from macrograph.graph.evidence.compare import Departure, compare_views, departures
from macrograph.graph.evidence.expectations import check_expectations
from macrograph.graph.options import AUTO as AUTO  # the overlay compared by default
from macrograph.graph.specs import ScenarioSpec
from macrograph.graph.words.reading import asked_words
from macrograph.rules import models as m
from macrograph.rules.english.prose import mid_sentence
from macrograph.rules.overlay import (
    Overlay,
    find_overlay,
    overlay_applied,
    read_overlay,
    source_view,
)
from macrograph.rules.pack import Pack

EFFECTS_SHOWN = 2  # key outcomes named under each entry, the largest moves first
WHAT = {"baseline": "start level", "size": "size", "dropped": "rule dropped", "added": "rule added"}


class Effect(Struct, frozen=True):
    """How far one entry alone changes a key outcome's move: the move with the entry minus
    the move without it, in the outcome's unit."""

    label: str
    unit: str
    move: float


class Magnitude(Struct, frozen=True):
    """A rule's size: its elasticity as the pack writes it, and the size with its range in
    words, as the lesson writes it (:func:`rule_size_words`)."""

    elasticity: float
    words: str


class DepartRow(Struct, frozen=True):
    """One departure: what the source claims, what the evidence holds, what it changes.

    ``kind`` is ``baseline``, ``size``, ``dropped`` or ``added``. For a baseline the
    values are levels in ``unit``; for a rule, ``source_size``/``evidence_size``.
    """

    kind: str
    key: str
    subject: str
    claims: tuple[Reference, ...]
    because: str
    unit: str
    source_value: float | None
    evidence_value: float | None
    source_size: Magnitude | None
    evidence_size: Magnitude | None
    evidence_because: str
    evidence_sources: tuple[Reference, ...]
    evidence_claims: tuple[Reference, ...]
    evidence_rationale: str
    effects: tuple[Effect, ...]

    @property
    def what(self) -> str:
        """What kind of entry this is, in words."""
        return WHAT[self.kind]


class Departs(Struct, frozen=True):
    """The whole section: the rows, the key outcomes in both views, the expectations."""

    overlay: str
    name: str  # how the source's view is named: "the <label>"-style text from the overlay
    title: str
    evidence: str
    scenario: str
    asked: str  # the scenario as typed, where it is a question in plain words ("" otherwise)
    horizon: str
    horizon_date: date
    rows: tuple[DepartRow, ...]
    outcomes: tuple[ViewRow, ...]
    expectations: tuple[ExpectationRow, ...]
    one: str  # what the pack calls a key outcome ("key market")
    many: str
    percents: str = ""  # how differences of percent changes read, when an outcome's are
    plural: bool = False  # the name is of several ('the roasters depart', 'the roasters' claims')

    @property
    def claims(self) -> tuple[Reference, ...]:
        """The source's claims the rows name, once each, in the order they are first named."""
        found = {c.id: c for r in self.rows for c in r.claims}
        return tuple(found.values())


def _refs(pack: Pack, cites: m.Citation | None) -> tuple[tuple[Reference, ...], ...]:
    if cites is None:
        return (), ()
    claims = tuple(Reference(c, pack.claims[c].text) for c in cites.claims if c in pack.claims)
    sources = tuple(Reference(s, pack.sources[s].title) for s in cites.sources if s in pack.sources)
    return claims, sources


def _plain(text: str | None) -> str:
    """A rationale to sit inside a sentence: one line, no closing full stop."""
    return " ".join((text or "").split()).rstrip(".")


def _size(pack: Pack, rule: m.AnyRule | None) -> Magnitude | None:
    size = getattr(rule, "magnitude", None) or getattr(rule, "jump", None)
    if size is None or rule is None:
        return None
    return Magnitude(size.elasticity, rule_size_words(pack, rule, size.elasticity, size.range))


def _subject(pack: Pack, rule: m.AnyRule) -> str:
    target = mid_sentence(pack, pack.nodes[rule.target].label)  # 'Take rate to drivers' pay'
    return f"{pack.nodes[rule.source].label} to {target}"


def _effects(pack: Pack, found: Departure, nodes: tuple[str, ...]) -> tuple[Effect, ...]:
    moved = [
        Effect(pack.nodes[n].label, pack.nodes[n].unit, found.moves[n])
        for n in nodes
        if shows(found.moves[n], pack.nodes[n].unit)
    ]
    moved.sort(key=lambda e: (-salience(e.move, e.unit), e.label))
    return tuple(moved[:EFFECTS_SHOWN])


def _row(pack: Pack, overlay: Overlay, found: Departure, nodes: tuple[str, ...]) -> DepartRow:
    """One departure row: the overlay's entry beside what ``pack`` (the evidence) holds."""
    if found.section == "baselines":
        return _baseline_row(pack, overlay, found, nodes)
    rule = pack.rules.get(found.key)
    added = next((r for r in overlay.add if r.id == found.key), None)
    shown = rule if rule is not None else added
    assert shown is not None  # the overlay was applied: every id it names exists
    sized = next((c for c in overlay.changes if c.rule == found.key), None)
    if sized is not None:
        claims, _ = _refs(pack, sized.cites or (rule.cites if rule else None))
        words = rule_size_words(pack, shown, sized.elasticity, sized.range)
        kind, because, source_size = "size", sized.because or "", Magnitude(sized.elasticity, words)
    elif found.section == "drop":
        claims, _ = _refs(pack, rule.cites if rule else None)
        kind, because, source_size = "dropped", "", None
    else:
        claims, _ = _refs(pack, added.cites if added else None)
        kind, because, source_size = "added", added.because if added else "", _size(pack, added)
    ev_claims, ev_sources = _refs(pack, rule.cites if rule else None)
    return DepartRow(
        kind=kind,
        key=found.key,
        subject=_subject(pack, shown),
        claims=claims,
        because=because,
        unit="",
        source_value=None,
        evidence_value=None,
        source_size=source_size,
        evidence_size=_size(pack, rule),
        evidence_because=rule.because if rule else "",
        evidence_sources=ev_sources,
        evidence_claims=ev_claims,
        evidence_rationale=_plain(rule.cites.rationale if rule and rule.cites else None),
        effects=_effects(pack, found, nodes),
    )


def _baseline_row(
    pack: Pack, overlay: Overlay, found: Departure, nodes: tuple[str, ...]
) -> DepartRow:
    change = next(b for b in overlay.baselines if b.node == found.key)
    node = pack.nodes[found.key]
    was = node.baseline
    claims, _ = _refs(pack, change.cites)
    ev_claims, ev_sources = _refs(pack, was.cites if was else None)
    return DepartRow(
        kind="baseline",
        key=found.key,
        subject=node.label,
        claims=claims,
        because=_plain(change.cites.rationale),
        unit=node.unit,
        source_value=change.value,
        evidence_value=was.value if was else None,
        source_size=None,
        evidence_size=None,
        evidence_because="",
        evidence_sources=ev_sources,
        evidence_claims=ev_claims,
        evidence_rationale=_plain(was.cites.rationale if was else None),
        effects=_effects(pack, found, nodes),
    )


@speaks_pack
def departs_section(
    pack: Pack,
    overlay: Overlay,
    path: str | Path,
    scenario: str | ScenarioSpec,
    horizon: str,
    nodes: tuple[str, ...],
) -> Departs:
    """Where ``overlay`` (read from ``path``) departs from ``pack``, for the brief's
    ``scenario`` at ``horizon``; ``nodes`` are the key outcomes to compare.

    Examples
    --------
    >>> from macrograph.graph.synthetic import floor_pack, wet_view
    >>> section = departs_section(floor_pack(), wet_view(), "wet.yaml", "a-falls", "1m", ("b",))
    >>> [(r.kind, r.key) for r in section.rows]
    [('baseline', 'b'), ('size', 'a_to_b')]
    >>> start, size = section.rows
    >>> start.source_value, start.evidence_value, start.because
    (0.5, 0.2, 'a wetter year')
    >>> size.source_size.elasticity, size.evidence_size.elasticity, size.effects[0].move
    (1.0, 0.5, -0.5)
    >>> section.outcomes[0].has_level
    True
    """
    name = str(path)
    # a node the overlay starts elsewhere has a different answer even where it does not move
    nodes = (*nodes, *(b.node for b in overlay.baselines if b.node not in nodes))
    other = overlay_applied(pack, overlay, name)
    view = compare_views(pack, other, scenario, (horizon,))
    h = view.horizons[0]
    found = departures(pack, overlay, name, scenario, h, view.results[0])
    rows = tuple(_row(pack, overlay, d, nodes) for d in found)
    outcomes = view_rows(pack, view, nodes, h)
    return Departs(
        overlay=overlay.overlay.id,
        name=overlay.overlay.name,
        title=overlay.overlay.title,
        evidence=pack.overlay or LEFT_NAME,
        scenario=view.scenario,
        asked=asked_words(view.results[0].reading),
        horizon=h,
        horizon_date=view.dates[h],
        rows=rows,
        outcomes=outcomes,
        expectations=_expectations(other, view.scenario),
        one=pack.info.key_outcomes_name[0],
        many=pack.info.key_outcomes_name[1],
        percents=percents_note(pack, outcomes),
        plural=reads_plural(overlay.overlay.name),
    )


def _expectations(pack: Pack, scenario: str) -> tuple[ExpectationRow, ...]:
    """The scenario's source expectations, checked under the source's own view."""
    if scenario not in pack.scenarios or not pack.scenarios[scenario].expects:
        return ()
    return expectation_rows(pack, check_expectations(pack, (scenario,)))


def departs_for(
    pack: Pack,
    choice: str | None,
    scenario: str | ScenarioSpec,
    horizon: str,
    nodes: tuple[str, ...],
) -> Departs | None:
    """The section for the overlay ``choice`` (a file or a bundled overlay's name), for the
    pack's source view when ``choice`` is :data:`AUTO`, or None (``None`` or ``"none"``).

    Raises
    ------
    PackError
        When the overlay cannot be read or names what the pack lacks.

    Examples
    --------
    >>> from macrograph.graph.synthetic import slump_pack
    >>> departs_for(slump_pack(), None, "a-slumps", "1m", ()) is None
    True
    """
    if choice is None or choice.lower() == "none":
        return None
    name = choice
    if choice == AUTO:
        found = None if pack.overlay else source_view(pack)
        if found is None:
            return None
        name = found
    path = find_overlay(pack.root, name)
    return departs_section(pack, read_overlay(path, pack.root)[0], path, scenario, horizon, nodes)
