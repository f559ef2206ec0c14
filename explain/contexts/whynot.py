"""Why a node did not move, for ``explain NODE``: the first reason that holds. It is an
input (no rule leads to it from another node); neither world shocks anything; the scenario
and its comparison have the same shocks; no
chain of rules leads to it from the shocks; every chain is blocked by a ``when`` condition
that does not hold or a threshold that is not reached; the shortest chain's lags outlast
the horizon; it moved at an earlier horizon and is back (a temporary shock that has come
and gone); it moves, but by less than its unit shows, and so does every chain that reaches
it; or the chains that reach it offset one another. Also the rules into a node that
do not act by a horizon (:func:`idle_rule`), told whether it moved or not.
"""

from __future__ import annotations

import heapq
from datetime import date

from msgspec import Struct
from msgspec.structs import replace

from macrograph.explain.contexts.base import (
    Citations,
    differing_shocks,
    is_plural,
    node_name,
    range_sides,
    shock_phrase,
)
from macrograph.explain.contexts.levels import Threshold, thresholds
from macrograph.explain.filters import shows
from macrograph.graph.result import Result, ShockInfo
from macrograph.rules.models import AnyRule, ThresholdRule, duration_days
from macrograph.rules.pack import Pack


class EarlierMove(Struct, frozen=True):
    """An input's largest move at an earlier horizon, told where it reads as zero at the
    horizon read: a stock keeps what a temporary move of its input added. A move no horizon
    saw (set by a shock and undone before the first) is told by the shock's day (``on``)."""

    move: float
    horizon: str
    on: date | None = None


def earlier_move(result: Result, node_id: str, h: str, sign: int = 0) -> EarlierMove | None:
    """The node's largest move before ``h`` when its move at ``h`` reads as zero (None when
    it does not, or when it never moved); with ``sign`` (+1 or -1), also when its move at
    ``h`` has the other sign, and then its largest earlier move of that sign: what filled a
    stock is the move of its inflow before, not the small one of the other sign after.

    Examples
    --------
    >>> from datetime import date
    >>> from macrograph import propagate, RunOptions
    >>> from macrograph.graph.specs import ShockSpec
    >>> from macrograph.graph.synthetic import slump_pack
    >>> fall = ShockSpec("a", date(2025, 1, 6), "a falls", change=-1.0)
    >>> back = ShockSpec("a", date(2025, 1, 8), "a recovers", change=1.0)  # two days later
    >>> result = propagate(slump_pack(), "none", RunOptions(draws=0), shocks=(fall, back))
    >>> earlier_move(result, "a", "1m"), earlier_move(result, "a", "1d")
    (EarlierMove(move=-1.0, horizon='1d', on=None), None)
    >>> earlier_move(result, "a", "1d", sign=1)  # it never rose
    """
    node = result.nodes[node_id]
    now = node.delta[h]
    if shows(now, node.unit) and now * sign >= 0:
        return None
    # by length, not by place: a horizon asked with --horizon comes after the pack's own
    before = sorted(
        (x for x in result.horizons if duration_days(x) < duration_days(h)), key=duration_days
    )
    moved = [x for x in before if shows(node.delta[x], node.unit) and node.delta[x] * sign >= 0]
    if not moved:
        return _shocked_move(result, node_id, sign)
    top = max(moved, key=lambda x: (abs(node.delta[x]), -before.index(x)))
    return EarlierMove(node.delta[top], top)


def _shocked_move(result: Result, node_id: str, sign: int) -> EarlierMove | None:
    """The largest move the scenario's changes set the node to (of ``sign``, where it is
    given), added up shock by shock until a level is set, on the day of the shock that set
    it: a move set and undone between two horizons, which none saw."""
    unit, total, found = result.nodes[node_id].unit, 0.0, None
    for shock in sorted((s for s in differing_shocks(result) if s.node == node_id), key=_day):
        if shock.change is None:
            break  # a level: what the node stands at against the comparison is not said
        total += shock.change
        if (
            shows(total, unit)
            and total * sign >= 0
            and abs(total) > abs(found.move if found else 0)
        ):
            found = EarlierMove(total, "", shock.date)
    return found


def _day(shock: ShockInfo) -> date:
    return shock.date


class Gate(Struct, frozen=True):
    """A rule's ``when`` condition and whether the condition node's level meets it."""

    name: str
    side: str
    low: float
    high: float
    level: float | None
    unit: str
    plural: bool = False  # the condition node's name takes a plural verb


class Idle(Struct, frozen=True):
    """A rule that adds nothing: a threshold not reached or a condition that does not hold."""

    kind: str
    rule: str
    cite: int
    name: str
    threshold: Threshold | None
    gate: Gate | None
    rules: tuple[str, ...]


class WhyNot(Struct, frozen=True):
    """Why a node does not move: ``reason`` is exogenous, unshocked, same, no_path, blocked,
    lagged, passed (it moved at an earlier horizon, ``earlier``, and is back), small (it
    moves by less than ``step``, the least its unit shows, and so does each chain) or
    offset; ``starts`` names the shocks, ``blockers`` the idle rules (for no_path, the rules
    on the way whose ``when`` the shocks switch), ``lag`` the days."""

    reason: str
    starts: tuple[str, ...]
    blockers: tuple[Idle, ...]
    lag: int
    horizon_days: int
    level: float | None
    unit: str
    plural: bool = False  # the node's name takes a plural verb and pronoun ("they stay")
    earlier: EarlierMove | None = None  # passed: its largest move at an earlier horizon
    step: float = 0.0  # small: the least move its unit shows


def _gate(pack: Pack, result: Result, rule: AnyRule, h: str) -> Gate | None:
    if rule.when is None:
        return None
    w = rule.when
    side, low, high = range_sides(w.above, w.below, ("at or above", "at or below"))
    level = result.nodes[w.node].level[h]
    unit, plural = pack.nodes[w.node].unit, is_plural(pack, w.node)
    return Gate(node_name(pack, w.node), side, low, high, level, unit, plural)


def active(pack: Pack, result: Result, rule: AnyRule, h: str) -> bool:
    """Whether a rule acts by horizon ``h``: a threshold that fired, a condition that holds
    (in the scenario or its comparison; unknown levels count as holding), or any other.

    Examples
    --------
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> from macrograph.rules.models import Condition
    >>> from macrograph.graph.synthetic.runs import shocked
    >>> gated = rule("a_to_b", "a", "b", 0.5, when=Condition(node="c", above=1.0))
    >>> pack = pack_of([gated, rule("a_to_d", "a", "d", 0.5)], baselines={"c": 0.0})
    >>> result = shocked(pack, "a", -1.0)
    >>> active(pack, result, gated, "3m"), active(pack, result, pack.rules["a_to_d"], "3m")
    (False, True)
    """
    if isinstance(rule, ThresholdRule):
        return any(e.rule == rule.id for e in result.events)
    if rule.when is None:
        return True
    node = result.nodes[rule.when.node]
    levels = [x for x in (node.level[h], node.level_against[h]) if x is not None]
    return not levels or any(rule.when.holds(x) for x in levels) or _was_on(result, rule.id, h)


def _was_on(result: Result, rule: str, h: str) -> bool:
    """Whether a rule with a ``when`` was on by horizon ``h`` in either world, as the run
    recorded its switches: the engine reads a condition a period late, so a rule on until
    ``h`` adds its move there though its condition's level at ``h`` no longer meets it (a
    festival month's sales read in the month after)."""
    day = result.dates.get(h)
    return day is not None and any(
        s.rule == rule and (s.start or (s.on is not None and s.on <= day)) for s in result.switches
    )


def idle_rule(pack: Pack, result: Result, rule: AnyRule, h: str, cites: Citations) -> Idle:
    """An inactive rule with the numbers that keep it idle.

    Examples
    --------
    >>> from macrograph.explain.contexts.base import Citations
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> from macrograph.rules.models import Condition
    >>> from macrograph.graph.synthetic.runs import shocked
    >>> gated = rule("a_to_b", "a", "b", 0.5, when=Condition(node="c", above=1.0))
    >>> pack = pack_of([gated], baselines={"c": 0.0})
    >>> result = shocked(pack, "a", -1.0)
    >>> idle = idle_rule(pack, result, gated, "3m", Citations(pack, result))
    >>> idle.kind, idle.gate.name, idle.gate.side, idle.gate.low, idle.gate.level  # c is at 0
    ('condition', 'c', 'at or above', 1.0, 0.0)
    """
    n = cites.cite(rule.id)
    if isinstance(rule, ThresholdRule):
        trigger = thresholds(pack, result, h, cites, (rule.id,))[0]
        return Idle(
            "threshold", rule.id, n, node_name(pack, rule.target), trigger, None, (rule.id,)
        )
    gate = _gate(pack, result, rule, h)
    return Idle("condition", rule.id, n, node_name(pack, rule.target), None, gate, (rule.id,))


def _starts(pack: Pack, result: Result) -> set[str]:
    """Where the differing shocks enter: their nodes, and the priced paths of decisions."""
    return _starts_of(result, both=False)


def _starts_of(result: Result, both: bool) -> set[str]:
    """Where shocks enter: the differing ones, or (``both``) every shock of either world."""
    shocks = (*result.shocks, *result.against_shocks) if both else differing_shocks(result)
    found = set()
    for s in shocks:
        found.add(s.node)
        if s.expectations:
            found.add(s.expectations)
    return found


def _reach(pack: Pack, starts: set[str], usable: set[str]) -> dict[str, int]:
    """Nodes reachable from ``starts`` over the rules in ``usable``, with the least total lag."""
    best = dict.fromkeys(starts, 0)
    queue = [(0, n) for n in sorted(starts)]
    while queue:
        lag, node = heapq.heappop(queue)
        if lag > best.get(node, lag):
            continue
        for rule in pack.rules.values():
            if (
                rule.source == node
                and rule.id in usable
                and lag + rule.lag_days < best.get(rule.target, 10**9)
            ):
                best[rule.target] = lag + rule.lag_days
                heapq.heappush(queue, (best[rule.target], rule.target))
    return best


def _leads_to(pack: Pack, target: str) -> set[str]:
    """Nodes from which some chain of rules reaches ``target`` (``target`` included)."""
    found, frontier = {target}, [target]
    while frontier:
        node = frontier.pop()
        for rule in pack.rules.values():
            if rule.target == node and rule.source not in found:
                found.add(rule.source)
                frontier.append(rule.source)
    return found


def why_not(pack: Pack, result: Result, node_id: str, h: str, cites: Citations) -> WhyNot:
    """The first reason that holds for a node that does not move (see the module docstring).

    Examples
    --------
    >>> from macrograph.explain.contexts.base import Citations
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> from macrograph.rules.models import Condition
    >>> from macrograph.graph.synthetic.runs import shocked
    >>> gated = rule("a_to_b", "a", "b", 0.5, when=Condition(node="c", above=1.0))
    >>> pack = pack_of([gated, rule("a_to_d", "a", "d", 0.5, lag=120)], baselines={"c": 0.0})
    >>> result = shocked(pack, "a", -1.0)
    >>> cites = Citations(pack, result)
    >>> [(n, why_not(pack, result, n, "3m", cites).reason) for n in "bcd"]
    [('b', 'blocked'), ('c', 'exogenous'), ('d', 'lagged')]
    >>> why_not(pack, result, "d", "3m", cites).lag  # days, past the 90 of 3m
    120
    """
    starts = _starts(pack, result)
    names = tuple(sorted({shock_phrase(pack, result, s.key) for s in differing_shocks(result)}))
    days, level = duration_days(h), result.nodes[node_id].level[h]

    def answer(reason: str, blockers: tuple[Idle, ...] = (), lag: int = 0) -> WhyNot:
        unit, plural = pack.nodes[node_id].unit, is_plural(pack, node_id)
        return WhyNot(reason, names, blockers, lag, days, level, unit, plural)

    if node_id not in starts and node_id in _starts_of(result, both=True):
        return answer("same")
    # a rule from a node to itself (a stock that drains) leads to it from nowhere else
    into = (r for r in pack.rules.values() if r.target == node_id and r.source != node_id)
    if not any(into) and node_id not in starts:
        return answer("exogenous")
    if not starts:
        return answer("same" if _starts_of(result, both=True) else "unshocked")
    every = set(pack.rules)
    if node_id not in _reach(pack, starts, every):  # a shock that only switches rules on or off
        upstream = _leads_to(pack, node_id)
        switched = [r for r in pack.rules.values() if r.when and r.when.node in starts]
        told = (idle_rule(pack, result, r, h, cites) for r in switched if r.target in upstream)
        return answer("no_path", tuple(told))
    usable = {r.id for r in pack.rules.values() if active(pack, result, r, h)}
    reached = _reach(pack, starts, usable)
    if node_id not in reached:
        upstream = _leads_to(pack, node_id)
        blocked = [
            r
            for r in pack.rules.values()
            # a rule into a node already reached opens no new chain: it blocks nothing
            if r.id not in usable
            and r.source in reached
            and r.target in upstream
            and r.target not in reached
        ]
        return answer("blocked", tuple(idle_rule(pack, result, r, h, cites) for r in blocked))
    lag = reached[node_id]
    if lag > days:
        return answer("lagged", (), lag)
    earlier = earlier_move(result, node_id, h)
    if earlier is not None:  # a temporary move that has come and gone offsets nothing
        return replace(answer("passed", (), lag), earlier=earlier)
    node = result.nodes[node_id]
    if node.delta[h] and not any(shows(c.amount[h], node.unit) for c in node.contributions):
        return replace(answer("small", (), lag), step=least_shown(node.unit))
    return answer("offset", (), lag)


def least_shown(unit: str) -> float:
    """The least power of ten a change in ``unit`` shows as more than none.

    Examples
    --------
    >>> least_shown("pct"), least_shown("index")
    (0.001, 0.01)
    """
    step = 1e6
    while step > 1e-12 and shows(step / 10.0, unit):
        step /= 10.0
    return step
