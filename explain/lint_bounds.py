"""``lint``'s warnings where one of the pack's own scenarios takes a level past a node's
floor or ceiling (the engine runs here, above rules/, which cannot run it).

Examples
--------
>>> from macrograph.rules import load_pack
>>> [issue] = bound_warnings(load_pack())
>>> issue.obj_id, issue.field, issue.code, issue.severity
('spread-1-5', 'shocks', 'past-bound', 'warning')
>>> issue.message.split(":")[0]
'takes yen_carry_positions to -$159.3bn after 1 day, below its floor of $0bn'
"""

from __future__ import annotations

from macrograph.explain.filters import horizon, level
from macrograph.explain.speaking import speaks_pack
from macrograph.graph.scenario_bounds import scenarios_past_bounds
from macrograph.rules.errors import PackIssue
from macrograph.rules.pack import Pack

CODE = "past-bound"


@speaks_pack
def bound_warnings(pack: Pack) -> list[PackIssue]:
    """A warning, at the scenario, for each scenario, node and side whose level passes a
    bound (the first horizon it does), levels in the pack's own units."""
    found = []
    for scenario_id, b in scenarios_past_bounds(pack):
        unit = pack.nodes[b.node].unit
        where = pack.locate("scenarios", scenario_id)
        side = "below its floor" if b.side == "floor" else "above its ceiling"
        message = (
            f"takes {b.node} to {level(b.level, unit)} after {horizon(b.horizon)}, "
            f"{side} of {level(b.bound, unit)}: the linear rules overstate a move this "
            "large, and readers are told to read it as going at most as far as the bound"
        )
        found.append(
            PackIssue(where.file, where.line, scenario_id, "shocks", message, "warning", CODE)
        )
    return found
