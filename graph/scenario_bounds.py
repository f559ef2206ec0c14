"""The pack's own scenarios checked against its nodes' physical bounds, for ``lint``.

rules/ cannot run the engine, so this runs each scenario of the pack against its own
comparison, without draws, and returns where a level passes a floor or ceiling: the
first horizon per scenario, node and side. A pack that declares no bound pays nothing.

Examples
--------
>>> from macrograph.graph.synthetic.policy import policy_pack
>>> found = scenarios_past_bounds(policy_pack())  # the hike drains stock past its floor
>>> [(scenario, b.node, b.side, b.horizon) for scenario, b in found]
[('meeting', 'stock', 'floor', '1d')]
"""

from __future__ import annotations

from collections.abc import Callable

from macrograph.graph.bounded import bounds_of
from macrograph.graph.errors import GraphError
from macrograph.graph.propagate import resolved, result_of
from macrograph.graph.records import PastBound
from macrograph.graph.worlds import simulated
from macrograph.rules.pack import Pack


def scenarios_past_bounds(
    pack: Pack, counts: Callable[[PastBound], bool] = lambda b: True
) -> tuple[tuple[str, PastBound], ...]:
    """``(scenario id, crossing)`` for each scenario, node and side whose level passes a
    bound, at the first horizon it does, by scenario id then node; a scenario that cannot
    run (lint says why elsewhere) is left out. ``counts`` says which crossings count (the
    explainer's: those whose level, as its unit shows it, is not the bound's).

    Examples
    --------
    >>> from msgspec.structs import replace
    >>> from macrograph.graph.synthetic import pack_of, rule, slump_pack
    >>> slump = slump_pack().scenarios["a-slumps"]  # a falls by one, so b by a half
    >>> pack = pack_of([rule("a_b", "a", "b", 0.5)], {"b": 0.2}, [slump])
    >>> floored = pack.nodes["b"].model_copy(update={"floor": 0.0})  # b at 0.2 cannot go below 0
    >>> found = scenarios_past_bounds(replace(pack, nodes={**pack.nodes, "b": floored}))
    >>> [(scenario, b.node, b.side, b.horizon) for scenario, b in found]
    [('a-slumps', 'b', 'floor', '1d')]
    """
    if not bounds_of(pack):
        return ()
    found: list[tuple[str, PastBound]] = []
    for scenario_id in sorted(pack.scenarios):
        try:  # a level is the scenario's own: its comparison need not run
            run = simulated(pack, *resolved(pack, scenario_id), None, 0, compared=False)
        except GraphError:
            continue
        result = result_of(pack, run, None)
        seen: set[tuple[str, str]] = set()
        for crossing in result.past_bounds:
            told = crossing.reading == "level" and counts(crossing)
            if told and (crossing.node, crossing.side) not in seen:
                seen.add((crossing.node, crossing.side))
                found.append((scenario_id, crossing))
    return tuple(found)
