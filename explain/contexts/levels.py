"""Levels read against bounds: threshold triggers (fired, or how far away), rules with a
``when`` that switched on or off, and stances against their neutral range.

Examples
--------
>>> from macrograph.explain.contexts.base import Citations
>>> from macrograph.graph.synthetic import pack_of
>>> from macrograph.graph.synthetic.runs import shocked, threshold_rule
>>> alarm = threshold_rule("alarm", "it sounds", {"above": 2.0})
>>> pack = pack_of([alarm], baselines={"a": 1.5})
>>> result = shocked(pack, "a", 0.6)  # to 2.1: past 2.0
>>> [t] = thresholds(pack, result, "3m", Citations(pack, result), ("alarm",))
>>> t.side, t.bound, round(t.level, 1), t.fired
('at or above', 2.0, 2.1, datetime.date(2025, 1, 6))
"""

from __future__ import annotations

from datetime import date

from msgspec import Struct

from macrograph.explain.contexts.bands import when_reads
from macrograph.explain.contexts.base import Citations, is_plural, node_name, range_sides
from macrograph.explain.filters import after, written
from macrograph.explain.filters import level as level_text
from macrograph.explain.wording.grammar import agree
from macrograph.graph.result import NodeOutcome, Result, RuleSwitch
from macrograph.rules.models import Condition, ThresholdRule
from macrograph.rules.pack import Pack


class Jump(Struct, frozen=True):
    """A threshold rule's jump into its target."""

    name: str
    amount: float
    unit: str
    rule: str
    cite: int


class Unfired(Struct, frozen=True):
    """A rule of a trigger that fired which did not fire itself: its `when` held it back."""

    rule: str
    cite: int
    gate: str


class Threshold(Struct, frozen=True):
    """A trigger level on a source node: fired (with dates) or not reached (with the gap)."""

    name: str
    label: str
    unit: str
    side: str
    bound: float
    bound_high: float
    jumps: tuple[Jump, ...]
    fired: date | None
    fired_against: date | None
    level: float | None
    level_against: float | None
    horizon: str
    closest: float | None  # the near miss's level, else the level at ``horizon``
    closest_horizon: str
    closest_elsewhere: bool  # a near miss: the scenario brings the level nearer elsewhere
    gap: float | None  # from ``closest`` to the trigger
    need: str
    rules: tuple[str, ...]
    plural: bool = False  # the source's name takes a plural verb ("prices reach")
    closest_against: float | None = None  # the comparison's level at ``closest_horizon``
    started: float | None = None  # the baseline, where it already meets the trigger
    gate: str = ""  # a `when` that held the rule back: 'it fires only while ...' ('': none)
    held: bool = False  # the level is inside the trigger, and the `when` kept it from firing
    unfired: tuple[Unfired, ...] = ()  # of a trigger that fired, its rules that did not
    shut: bool = False  # every rule's `when` fails at ``horizon``: reaching it sets off nothing


def _bound(rule: ThresholdRule) -> tuple[str, float, float]:
    """How a trigger reads, and its bounds (the same twice for a one-sided trigger)."""
    return range_sides(rule.crosses.above, rule.crosses.below, ("at or above", "at or below"))


def thresholds(
    pack: Pack, result: Result, h: str, cites: Citations, rule_ids: tuple[str, ...]
) -> tuple[Threshold, ...]:
    """The threshold rules ``rule_ids`` grouped by trigger (source and bounds): those that
    fired in the order they fired, then the others in id order.

    Examples
    --------
    >>> from macrograph.explain.contexts.base import Citations
    >>> from macrograph.graph.synthetic import pack_of
    >>> from macrograph.graph.synthetic.runs import shocked, threshold_rule
    >>> stop = threshold_rule("stop", "it stops", {"below": 1.0})
    >>> pack = pack_of([stop], baselines={"a": 1.5})
    >>> result = shocked(pack, "a", -0.3)  # to 1.2: not reached
    >>> [t] = thresholds(pack, result, "3m", Citations(pack, result), ("stop",))
    >>> t.side, t.bound, t.level, t.fired, round(t.gap, 2)
    ('at or below', 1.0, 1.2, None, 0.2)
    """
    groups: dict[tuple[str, str, float, float], list[ThresholdRule]] = {}
    for rule_id in sorted(rule_ids):
        rule = pack.rules[rule_id]
        if isinstance(rule, ThresholdRule):
            groups.setdefault((rule.source, *_bound(rule)), []).append(rule)
    found = [_threshold(pack, result, h, cites, key, rules) for key, rules in groups.items()]
    return tuple(sorted(found, key=lambda t: t.fired or date.max))  # stable: ids after


def _fired(result: Result, rules: list[ThresholdRule], world: str) -> date | None:
    days = [e.date for e in result.events if e.rule in {r.id for r in rules} and e.world == world]
    return min(days) if days else None


def _firing(result: Result, rules: list[ThresholdRule]) -> set[str]:
    """The ids of ``rules`` that fired in the scenario."""
    return {e.rule for e in result.events if e.world == "scenario"} & {r.id for r in rules}


def _closest(result: Result, source: str, low: float, high: float) -> tuple[float | None, str]:
    """The source's level nearest the trigger band [low, high] among the horizons read."""
    levels = [(x, h) for h, x in result.nodes[source].level.items() if x is not None]
    if not levels:
        return None, ""
    order = {x: i for i, x in enumerate(result.horizons)}
    level, h = min(levels, key=lambda item: (_gap(item[0], low, high), order[item[1]]))
    return level, h


def _gap(level: float, low: float, high: float) -> float:
    """How far a level is from the band [low, high] (0 inside it; a one-sided trigger's
    band is its bound twice, so a level past it counts from it)."""
    return max(low - level, level - high, 0.0)


def _threshold(
    pack: Pack,
    result: Result,
    h: str,
    cites: Citations,
    key: tuple[str, str, float, float],
    rules: list[ThresholdRule],
) -> Threshold:
    source, side, low, high = key
    node = result.nodes[source]
    fired = _fired(result, rules, "scenario")
    now = node.level[h]
    inside = now is not None and _inside(now, side, low, high)
    gate = "" if fired else next((g for r in rules if (g := _gate(pack, result, r, h, inside))), "")
    # a level inside the trigger that a `when` kept from firing is no distance from it
    held = bool(gate) and inside
    nearest, nearest_h = _closest(result, source, low, high)
    against = node.level_against.get(nearest_h) if nearest_h else None
    # a level held inside the trigger is no near miss elsewhere: it has no gap to tell
    missed = _near_miss((node.level[h], nearest, against), (low, high), node.unit) and not held
    closest, closest_h = (nearest, nearest_h) if missed else (node.level[h], h)
    # of a trigger that fired, the rules that moved their targets; a `when` held back the rest
    firing = _firing(result, rules) if fired else {r.id for r in rules}
    unfired = tuple(
        Unfired(r.id, cites.cite(r.id), _gate(pack, result, r, h, inside))
        for r in rules
        if r.id not in firing and r.when is not None
    )
    jumps = tuple(
        Jump(
            name=node_name(pack, r.target),
            amount=r.sign * r.jump.elasticity,
            unit=pack.nodes[r.target].unit,
            rule=r.id,
            cite=cites.cite(r.id),
        )
        for r in rules
        if r.id in firing
    )
    return Threshold(
        name=node_name(pack, source),
        label=node.label,
        unit=node.unit,
        side=side,
        bound=low,
        bound_high=high,
        jumps=jumps,
        fired=fired,
        fired_against=_fired(result, rules, "against"),
        level=node.level[h],
        level_against=node.level_against[h],
        horizon=h,
        closest=closest,
        closest_horizon=closest_h,
        closest_elsewhere=missed,
        gap=None if closest is None or held else _gap(closest, low, high),
        need="need" if len(rules) > 1 else "needs",
        rules=tuple(r.id for r in rules),
        plural=is_plural(pack, source),
        closest_against=against if missed else None,  # a near miss reads the nearest's
        started=_started(pack, source, low, high, side) if _stays(node, side, low, high) else None,
        gate=gate,
        held=held,
        unfired=unfired,
        shut=all(_shut(result, r, h) for r in rules),
    )


def _shut(result: Result, rule: ThresholdRule, h: str) -> bool:
    """Whether ``rule``'s ``when`` fails at ``h``: a stand-down while no alert is in force."""
    if rule.when is None:
        return False
    now = result.nodes[rule.when.node].level.get(h)
    return now is not None and not rule.when.holds(now)


def _gate(pack: Pack, result: Result, rule: ThresholdRule, h: str, inside: bool) -> str:
    """How a threshold's ``when`` reads where the rule did not fire: 'it fires only while
    the reserve is at or above 10 (at 8 after 1 day)'; '' without one. Where the condition
    holds and the source is ``inside`` its trigger at ``h``, the source got there first,
    and a crossing while the condition did not hold is spent: it says so."""
    if rule.when is None:
        return ""
    node, (side, low, high) = rule.when.node, _condition(rule.when)
    name, unit = node_name(pack, node), pack.nodes[node].unit
    bound = written(low, unit) + (f" and {written(high, unit)}" if side == "between" else "")
    now = result.nodes[node].level.get(h)
    there = "" if now is None else f" (at {level_text(now, unit)} {after(h)})"
    if inside and now is not None and _inside(now, side, low, high):
        was = agree("was", is_plural(pack, rule.source))
        source, it = node_name(pack, rule.source), agree("it", is_plural(pack, node))
        return (
            f"it fires only on a crossing while {name} {_is(pack, node)} {side} {bound}, and "
            f"{source} {was} already past the trigger when {it} got there{there}"
        )
    return f"it fires only while {name} {_is(pack, node)} {side} {bound}{there}"


def _stays(node: NodeOutcome, side: str, low: float, high: float) -> bool:
    """Whether the node's level stays inside a trigger at every horizon read: one that
    leaves it and does not come back was kept from firing by that, not by where it began."""
    return all(_inside(x, side, low, high) for x in node.level.values() if x is not None)


def _inside(level: float, side: str, low: float, high: float) -> bool:
    """Whether a level is inside a trigger (past a one-sided one's bound counts)."""
    return (side == "at or below" or level >= low) and (side == "at or above" or level <= high)


def _is(pack: Pack, node: str) -> str:
    """'is', or 'are' for a node whose name is plural."""
    return "are" if is_plural(pack, node) else "is"


def _started(pack: Pack, source: str, low: float, high: float, side: str) -> float | None:
    """The source's baseline where it already meets the trigger: a threshold fires as its
    level crosses into the bound, so one whose level starts there never fires from it (a
    rate at 0% under a trigger 'at or below 0%' that a cut takes to -0.25%).

    Examples
    --------
    >>> from macrograph.graph.synthetic import pack_of
    >>> from macrograph.graph.synthetic.runs import threshold_rule
    >>> pack = pack_of([threshold_rule("stop", "it stops", {"below": 1.0})], baselines={"a": 1.0})
    >>> _started(pack, "a", 1.0, 1.0, "at or below"), _started(pack, "a", 1.0, 1.0, "at or above")
    (1.0, 1.0)
    >>> _started(pack, "a", 0.5, 0.9, "between") is None
    True
    """
    baseline = pack.nodes[source].baseline
    if baseline is None:
        return None
    value, edge = baseline.value, 1e-9
    low_ok = side == "at or below" or value >= low - edge
    high_ok = side == "at or above" or value <= high + edge
    return value if low_ok and high_ok else None


def _near_miss(
    levels: tuple[float | None, float | None, float | None],
    bounds: tuple[float, float],
    unit: str,
) -> bool:
    """Whether a trigger not reached is told with a near miss: the scenario's level nearest
    the trigger (``levels[1]``) lies at another horizon than the prose's (``levels[0]``),
    nearer the trigger than both that level and the comparison's at its own horizon
    (``levels[2]``), each by enough to show. A level the scenario leaves where the
    comparison has it is no near miss of the scenario's: it would read 'it is at 1.27 ...
    and comes within 0.15 of it (1.35)' of a level it lowered.

    Examples
    --------
    >>> _near_miss((1.27, 1.35, 1.35), (1.5, 1.5), "pp")  # the comparison's own level
    False
    >>> _near_miss((1.27, 1.40, 1.35), (1.5, 1.5), "pp")  # the scenario's doing
    True
    >>> _near_miss((1.40, 1.40, 1.35), (1.5, 1.5), "pp")  # nearest at the prose horizon
    False
    """
    at, nearest, against = levels
    if nearest is None or at is None or against is None:
        return False
    gap = _gap(nearest, *bounds)
    if gap + 1e-9 >= min(_gap(at, *bounds), _gap(against, *bounds)):
        return False
    shown = level_text(nearest, unit)
    return shown not in (level_text(at, unit), level_text(against, unit))


class SwitchLine(Struct, frozen=True):
    """A rule with a ``when`` that switched on or off in either world: when, and at which
    level of the node its condition reads."""

    rule: str
    cite: int
    name: str  # the condition's node, mid-sentence
    plural: bool  # its name takes a plural verb
    unit: str  # its unit: the bounds' too
    side: str  # "at or above", "at or below", "between" or "at" (one whole value)
    bound: float
    bound_high: float  # the same as bound unless "between"
    source: str
    source_plural: bool
    target: str
    because: str
    start: bool  # on at the start, with every node at its baseline (both worlds alike)
    on: date | None  # the scenario's first day on after being off
    off: date | None  # its first day off after being on
    on_against: date | None  # the comparison's
    off_against: date | None
    more: int = 0  # how many more times it switched in the scenario after ``on`` and ``off``

    @property
    def switched(self) -> bool:
        """Whether it switches in the scenario."""
        return self.on is not None or self.off is not None

    @property
    def switched_against(self) -> bool:
        """Whether it switches in the comparison."""
        return self.on_against is not None or self.off_against is not None

    @property
    def same(self) -> bool:
        """Whether both worlds switch it on the same days."""
        return (self.on, self.off) == (self.on_against, self.off_against)


def _condition(when: Condition) -> tuple[str, float, float]:
    """How a ``when`` reads, and its bounds (the same twice for a one-sided one)."""
    return range_sides(when.above, when.below, ("at or above", "at or below"))


def rule_switches(pack: Pack, result: Result, cites: Citations) -> tuple[SwitchLine, ...]:
    """Every rule with a ``when`` that switched in either world: the scenario's first, by
    the day they switch, then those that switch only in the comparison.

    Examples
    --------
    >>> from macrograph import propagate, RunOptions
    >>> from macrograph.explain.contexts.base import Citations
    >>> from macrograph.graph.synthetic import units_pack
    >>> pack = units_pack()
    >>> result = propagate(pack, "none", RunOptions(draws=0))
    >>> rule_switches(pack, result, Citations(pack, result))  # no `when` rule switches here
    ()
    """
    by_rule: dict[str, dict[str, RuleSwitch]] = {}
    for s in result.switches:
        by_rule.setdefault(s.rule, {})[s.world] = s
    lines = [_switch(pack, worlds, cites) for _, worlds in sorted(by_rule.items())]
    far = date.max
    return tuple(
        sorted(
            lines,
            key=lambda t: (not t.switched, min(t.on or far, t.off or far), t.rule),
        )
    )


def _switch(pack: Pack, worlds: dict[str, RuleSwitch], cites: Citations) -> SwitchLine:
    scenario, against = worlds.get("scenario"), worlds.get("against")
    first = scenario or against
    assert first is not None
    rule = pack.rules[first.rule]
    assert rule.when is not None
    side, low, high = when_reads(pack, rule.when)
    return SwitchLine(
        rule=rule.id,
        cite=cites.cite(rule.id),
        name=node_name(pack, first.node),
        plural=is_plural(pack, first.node),
        unit=pack.nodes[first.node].unit,
        side=side,
        bound=low,
        bound_high=high,
        source=node_name(pack, first.source),
        source_plural=is_plural(pack, first.source),
        target=node_name(pack, first.target),
        because=rule.because,
        start=first.start,
        on=scenario.on if scenario else None,
        off=scenario.off if scenario else None,
        on_against=against.on if against else None,
        off_against=against.off if against else None,
        more=scenario.more if scenario else 0,
    )


class StanceLine(Struct, frozen=True):
    """A classify rule's reading: the stance word, the level against the neutral range."""

    name: str
    source: str
    word: str
    word_against: str
    level: float
    level_against: float
    unit: str
    low: float
    high: float
    position: str
    gap: float
    same: bool
    rule: str
    cite: int
    rules: tuple[str, ...]
    plural: bool = False  # the stance's name takes a plural verb
    source_plural: bool = False  # the source's name does ("rates are at")


def stance_lines(
    pack: Pack, result: Result, h: str, cites: Citations, only: str | None = None
) -> tuple[StanceLine, ...]:
    """Each stance (or ``only`` that one) at ``h``: word, level, distance to the neutral range.

    Examples
    --------
    >>> from macrograph.explain.contexts.base import Citations
    >>> from macrograph.graph.synthetic.runs import shocked, stance_pack
    >>> pack = stance_pack()
    >>> result = shocked(pack, "a", -1.0)  # to 0.5
    >>> [line] = stance_lines(pack, result, "3m", Citations(pack, result))
    >>> line.word, line.word_against, line.level, line.position, line.gap
    ('easing', 'neutral', 0.5, 'below', 0.5)
    """
    found = []
    for node_id, s in sorted(result.stances.items()):
        if only is not None and node_id != only:
            continue
        low, high = s.neutral
        level = s.level[h]
        position = "below" if level < low else ("above" if level > high else "inside")
        gap = low - level if position == "below" else (level - high if position == "above" else 0.0)
        found.append(
            StanceLine(
                node_name(pack, node_id),
                node_name(pack, s.source),
                s.scenario[h],
                s.against[h],
                level,
                s.level_against[h],
                pack.nodes[s.source].unit,
                low,
                high,
                position,
                gap,
                s.scenario[h] == s.against[h],
                s.rule,
                cites.cite(s.rule),
                (s.rule,),
                is_plural(pack, node_id),
                is_plural(pack, s.source),
            )
        )
    return tuple(found)
