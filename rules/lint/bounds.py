"""Lint checks of a ``when``'s bounds: a bound at the edge of all the levels its node may
take holds at every one of them, since a bound's edge counts as inside.

A ``when`` with ``above: 0`` on a count of days that never goes below 0 (a holiday, a
strike) is read as 'at 0 or more': the rule always runs, though its writer meant 'once
there are any'.
"""

from __future__ import annotations

from macrograph.rules.errors import PackIssue
from macrograph.rules.lint.found import warning_at
from macrograph.rules.pack import Pack


def check_when_bounds(pack: Pack) -> list[PackIssue]:
    """Warn about a ``when`` whose ``above`` is at or below its node's floor, or whose
    ``below`` is at or above its ceiling: the edge counts as inside, so the bound holds at
    every level the node may take.

    Examples
    --------
    >>> from msgspec.structs import replace
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> from macrograph.rules.models import Condition
    >>> pack = pack_of([rule("a_to_b", "a", "b", 0.5, when=Condition(node="a", above=0.0))])
    >>> floored = {**pack.nodes, "a": pack.nodes["a"].model_copy(update={"floor": 0.0})}
    >>> [f.message[:52] for f in check_when_bounds(replace(pack, nodes=floored))]
    ["its 'when' holds at every level of a: 'above: 0' cou"]
    >>> check_when_bounds(pack)  # no floor: a level below 0 is outside
    []
    """
    found = []
    for rule in pack.rules.values():
        when = rule.when
        if when is None or when.node not in pack.nodes:
            continue
        node = pack.nodes[when.node]
        edges = (
            ("above", when.above, node.floor, "floor", "never goes below"),
            ("below", when.below, node.ceiling, "ceiling", "never goes above"),
        )
        for side, bound, edge, name, never in edges:
            if bound is None or edge is None or (bound > edge if side == "above" else bound < edge):
                continue
            message = (
                f"its 'when' holds at every level of {when.node}: '{side}: {bound:g}' counts "
                f"{bound:g} itself, and {when.node} {never} its {name} {edge:g}; a bound just "
                "past it holds only once the level has moved"
            )
            found.append(warning_at(pack, "rules", rule.id, f"when.{side}", message, "when-always"))
    return found
