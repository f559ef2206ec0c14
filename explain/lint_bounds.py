"""``lint``'s warnings where one of the pack's own scenarios takes a level past a node's
floor or ceiling (the engine runs here, above rules/, which cannot run it).

Examples
--------
A stock ``b`` at 0.25 with a floor at 0, which ``a-slumps`` takes 0.5 lower:

>>> from msgspec.structs import replace
>>> from macrograph.graph.synthetic import pack_of, rule, slump_pack
>>> said = slump_pack().scenarios["a-slumps"]
>>> pack = pack_of([rule("a_to_b", "a", "b", 0.5)], {"b": 0.25}, [said])
>>> floored = pack.nodes["b"].model_copy(update={"floor": 0.0})
>>> pack = replace(pack, nodes={**pack.nodes, "b": floored})
>>> [issue] = bound_warnings(pack)
>>> issue.obj_id, issue.field, issue.code, issue.severity
('a-slumps', 'shocks', 'past-bound', 'warning')
"""

from __future__ import annotations

from macrograph.explain.filters import after, level
from macrograph.explain.wording.speaking import speaks_pack
from macrograph.graph.records import PastBound
from macrograph.graph.scenario_bounds import scenarios_past_bounds
from macrograph.rules.errors import PackIssue
from macrograph.rules.pack import Pack

CODE = "past-bound"


@speaks_pack
def bound_warnings(pack: Pack) -> list[PackIssue]:
    """A warning, at the scenario, for each scenario, node and side whose level passes a
    bound (the first horizon it does, where the level does not read as the bound: the
    what-if tells no '0% below a floor of 0%' either), levels in the pack's own units.

    Examples
    --------
    >>> from msgspec.structs import replace
    >>> from macrograph.graph.synthetic import pack_of, rule, slump_pack
    >>> said = slump_pack().scenarios["a-slumps"]
    >>> pack = pack_of([rule("a_to_b", "a", "b", 0.5)], {"b": 0.25}, [said])
    >>> floored = pack.nodes["b"].model_copy(update={"floor": 0.0})
    >>> [issue] = bound_warnings(replace(pack, nodes={**pack.nodes, "b": floored}))
    >>> issue.message.split(":")[0]
    'takes b to -0.25 after 1 day, below its floor of 0'
    """
    found = []
    for scenario_id, b in scenarios_past_bounds(pack, lambda b: _shown(pack, b)):
        unit = pack.nodes[b.node].unit
        where = pack.locate("scenarios", scenario_id)
        side = "below its floor" if b.side == "floor" else "above its ceiling"
        message = (
            f"takes {b.node} to {level(b.level, unit)} {after(b.horizon)}, "
            f"{side} of {level(b.bound, unit)}: the linear rules overstate a move this "
            "large, and readers are told to read it as going at most as far as the bound"
        )
        found.append(
            PackIssue(where.file, where.line, scenario_id, "shocks", message, "warning", CODE)
        )
    return found


def _shown(pack: Pack, crossing: PastBound) -> bool:
    """Whether a crossing's level reads otherwise than its bound in the node's unit."""
    unit = pack.nodes[crossing.node].unit
    return level(crossing.level, unit) != level(crossing.bound, unit)
