"""Levels past a node's physical bounds: where a result's level leaves what can exist.

The engine's rules are linear and attribution relies on superposition, so nothing is
clamped: a large enough shock takes a stock below 0. This reads a finished result and
records, per node and horizon, where the level (the baseline plus the change) and, with
draws, the level at either end of the 5%-95% band passes the node's ``floor`` or
``ceiling`` (or its unit's, as a probability's 0..1).

Examples
--------
>>> from macrograph import propagate, RunOptions
>>> from macrograph.graph.synthetic.policy import policy_pack
>>> result = propagate(policy_pack(), "meeting", RunOptions(draws=0))  # stock 0.1, drained 0.25
>>> first = result.past_bounds[0]
>>> first.node, first.side, first.bound, round(first.level, 6)
('stock', 'floor', 0.0, -0.15)
"""

from __future__ import annotations

from msgspec.structs import replace

from macrograph.graph.records import PastBound
from macrograph.graph.result import NodeOutcome, Result
from macrograph.rules.pack import Pack
from macrograph.rules.vocabulary import UnitForm, vocabulary_for

READINGS = ("level", "p5", "p95")  # the order a node's crossings at a horizon are listed in
TOLERANCE = 1e-9  # relative: a level on its bound, give or take rounding, is inside


def bounds_of(pack: Pack) -> dict[str, tuple[float | None, float | None]]:
    """Each bounded node's ``(floor, ceiling)``: its own, else its unit's (None: unbounded).

    Examples
    --------
    >>> from macrograph.graph.synthetic.policy import policy_pack
    >>> bounds_of(policy_pack())  # its own floor; the other nodes' units have no bounds
    {'stock': (0.0, None)}
    """
    found = {}
    for node_id, node in sorted(pack.nodes.items()):
        floor, ceiling = node_bounds(pack, node_id)
        if node.baseline is not None and (floor is not None or ceiling is not None):
            found[node_id] = (floor, ceiling)
    return found


def node_bounds(pack: Pack, node_id: str) -> tuple[float | None, float | None]:
    """A node's ``(floor, ceiling)``: its own, else its unit's (None: unbounded).

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> node_bounds(units_pack(), "rate")
    (None, None)
    """
    node = pack.nodes[node_id]
    form = vocabulary_for(pack.info).unit(node.unit)
    floor = node.floor if node.floor is not None else form.floor
    return floor, node.ceiling if node.ceiling is not None else form.ceiling


def past_bounds(pack: Pack, result: Result) -> tuple[PastBound, ...]:
    """Every level of ``result`` past its node's floor or ceiling, by node, horizon and
    reading (``level``, ``p5``, ``p95``).

    Examples
    --------
    >>> from macrograph import propagate, RunOptions
    >>> from macrograph.graph.synthetic.policy import policy_pack
    >>> pack = policy_pack()
    >>> past_bounds(pack, propagate(pack, "rate-holds", RunOptions(draws=0)))  # stock rises
    ()
    >>> found = past_bounds(pack, propagate(pack, "meeting", RunOptions(draws=0)))
    >>> [(b.node, b.horizon, b.reading, round(b.level, 6)) for b in found][:2]
    [('stock', '1d', 'level', -0.15), ('stock', '1w', 'level', -0.15)]
    """
    words = vocabulary_for(pack.info)
    found: list[PastBound] = []
    for node_id, (floor, ceiling) in bounds_of(pack).items():
        outcome = result.nodes.get(node_id)
        baseline = pack.nodes[node_id].baseline
        if outcome is None or baseline is None:
            continue
        form = words.unit(outcome.unit)
        for h in result.horizons:
            for reading, level, own in _levels(outcome, h, baseline.value, form):
                passed = _passed(node_id, h, reading, level, (floor, ceiling))
                mine = [] if own is None else _passed(node_id, h, reading, own, (floor, ceiling))
                found.extend(p for p in passed if own is None or p.side in {m.side for m in mine})
    return tuple(found)


def with_past_bounds(pack: Pack, result: Result) -> Result:
    """``result`` with its :attr:`~Result.past_bounds` filled in (see :func:`past_bounds`).

    Examples
    --------
    >>> from msgspec.structs import replace
    >>> from macrograph.graph.options import RunOptions
    >>> from macrograph.graph.propagate import propagate
    >>> from macrograph.graph.synthetic import pack_of, rule, slump_pack
    >>> slump = slump_pack().scenarios["a-slumps"]  # a falls by one, so b by a half
    >>> pack = pack_of([rule("a_b", "a", "b", 0.5)], {"b": 0.2}, [slump])
    >>> floored = pack.nodes["b"].model_copy(update={"floor": 0.0})  # b at 0.2 cannot go below 0
    >>> pack = replace(pack, nodes={**pack.nodes, "b": floored})
    >>> result = propagate(pack, "a-slumps", RunOptions(draws=0, horizons=("1d",)))
    >>> (found,) = with_past_bounds(pack, replace(result, past_bounds=())).past_bounds
    >>> found.node, found.horizon, found.level, found.bound, found.side
    ('b', '1d', -0.3, 0.0, 'floor')
    """
    return replace(result, past_bounds=past_bounds(pack, result))


def _levels(
    outcome: NodeOutcome, h: str, baseline: float, form: UnitForm
) -> list[tuple[str, float, float | None]]:
    """The scenario's level at ``h`` and, with draws, the levels at the band's ends: the
    comparison's level plus the band end's change (a level is affine in the change), each
    with the same end of the scenario's own levels where its draws ran apart from the
    comparison's (else None). A difference's band end can pass a bound that no draw's level
    passes, where the comparison's own level varies from draw to draw (a threshold fires in
    some of its draws and not in the scenario's): such an end is not told."""
    level, against = outcome.level.get(h), outcome.level_against.get(h)
    if level is None:
        return []
    found: list[tuple[str, float, float | None]] = [("level", level, None)]
    band = outcome.band.get(h) if outcome.band is not None else None
    ends = outcome.own_band.get(h) if outcome.own_band is not None else None
    own: tuple[float | None, float | None] = (None, None) if ends is None else ends
    if band is not None and against is not None:
        start = form.level_after(baseline, 0.0)
        for reading, change, mine in (("p5", band.p5, own[0]), ("p95", band.p95, own[1])):
            level = against + form.level_after(baseline, change) - start
            found.append(
                (reading, level, None if mine is None else form.level_after(baseline, mine))
            )
    return found


def _passed(
    node_id: str,
    h: str,
    reading: str,
    level: float,
    bounds: tuple[float | None, float | None],
) -> list[PastBound]:
    floor, ceiling = bounds
    found = []
    if floor is not None and level < floor - TOLERANCE * (1.0 + abs(floor)):
        found.append(PastBound(node_id, h, reading, level, floor, "floor"))
    if ceiling is not None and level > ceiling + TOLERANCE * (1.0 + abs(ceiling)):
        found.append(PastBound(node_id, h, reading, level, ceiling, "ceiling"))
    return found


def beyond_bounds(pack: Pack, node_id: str, change: float) -> bool:
    """Whether a change of ``change`` takes the node's baseline past its floor or ceiling
    (a bare '30,000' on a rate in percent that cannot pass 100).

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> beyond_bounds(units_pack(), "rate", 500.0), beyond_bounds(units_pack(), "flow", -500.0)
    (False, False)
    """
    node = pack.nodes[node_id]
    if node.baseline is None:
        return False
    floor, ceiling = node_bounds(pack, node_id)
    level = node.baseline.value + change
    return (floor is not None and level < floor) or (ceiling is not None and level > ceiling)
