"""Check what a scenario's source text expects against the model's answer.

Examples
--------
>>> from macrograph.rules import load_pack
>>> checks = check_expectations(load_pack())
>>> all(c.met in (True, False) for c in checks)
True
"""

from __future__ import annotations

from msgspec import Struct

from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.graph.result import Result
from macrograph.rules.models import Expectation, duration_days
from macrograph.rules.pack import Pack

NEGLIGIBLE = 1e-9


class ExpectationCheck(Struct, frozen=True):
    """One expectation of a scenario's source, and whether the model meets it."""

    scenario: str
    node: str
    horizon: str
    expected: str  # "sign", "change", "level" or "rank"
    low: float | None  # the expected range, or None for a sign or a rank
    high: float | None
    sign: str | None  # "+" or "-" for a sign; the direction for a rank
    change: float  # the model's change against the comparison
    level: float | None  # the model's level, where the node has a baseline
    leader: str | None  # for a rank: the node that moved most that way
    unit: str
    met: bool
    gap: float  # how far outside the range the model is (0 when met or not a range)


def check_expectations(
    pack: Pack, scenario_ids: tuple[str, ...] = ()
) -> tuple[ExpectationCheck, ...]:
    """Every expectation of the chosen scenarios (default: all that state some), checked.

    Examples
    --------
    >>> from msgspec.structs import replace
    >>> from macrograph.graph.synthetic import slump_pack
    >>> from macrograph.rules.models import Citation
    >>> pack = slump_pack()  # a falls by one, lifting b by half its move
    >>> cites = Citation(basis="assumption", rationale="an example")
    >>> said = Expectation(node="b", horizon="1d", change=(-0.6, -0.4), cites=cites)
    >>> slump = pack.scenarios["a-slumps"].model_copy(update={"expects": (said,)})
    >>> pack = replace(pack, scenarios={**pack.scenarios, "a-slumps": slump})
    >>> (check,) = check_expectations(pack)
    >>> check.node, check.expected, check.change, check.met, check.gap
    ('b', 'change', -0.5, True, 0.0)
    """
    chosen = scenario_ids or tuple(s.id for s in pack.scenarios.values() if s.expects)
    found: list[ExpectationCheck] = []
    for scenario_id in chosen:
        scenario = pack.scenarios[scenario_id]
        if not scenario.expects:
            continue
        horizons = tuple(sorted({e.horizon for e in scenario.expects}, key=duration_days))
        result = propagate(pack, scenario_id, RunOptions(horizons=horizons, draws=0))
        found.extend(_check(pack, result, scenario_id, e) for e in scenario.expects)
    return tuple(found)


def _check(pack: Pack, result: Result, scenario: str, e: Expectation) -> ExpectationCheck:
    outcome = result.nodes[e.node]
    change = outcome.delta[e.horizon]
    level = outcome.level[e.horizon]
    kind, low, high, sign, leader = "sign", None, None, e.sign, None
    if e.change is not None:
        kind, (low, high) = "change", e.change
        value = change
    elif e.level is not None:
        kind, (low, high) = "level", e.level
        value = level if level is not None else change
    else:
        value = change
    if e.rank is not None:
        kind, sign = "rank", "-" if e.rank == "largest_fall" else "+"
        leader = _leader(pack, result, e.node, e.horizon, sign)
        met = leader == e.node
    elif low is not None and high is not None:
        met = low <= value <= high
    else:
        met = (change > NEGLIGIBLE) if sign == "+" else (change < -NEGLIGIBLE)
    gap = 0.0 if met or low is None or high is None else min(abs(value - low), abs(value - high))
    return ExpectationCheck(
        scenario,
        e.node,
        e.horizon,
        kind,
        low,
        high,
        sign,
        change,
        level,
        leader,
        outcome.unit,
        met,
        gap,
    )


def _leader(pack: Pack, result: Result, node: str, horizon: str, sign: str) -> str:
    unit = pack.nodes[node].unit
    direction = 1.0 if sign == "-" else -1.0
    peers = sorted(
        (direction * n.delta[horizon], n.id) for n in result.nodes.values() if n.unit == unit
    )
    return peers[0][1]
