"""A scenario's shocks as the engine's steps: one column per shock, on the calendar.

Examples
--------
>>> from macrograph.graph.synthetic import synthetic_pack
>>> from macrograph.graph.calendar import calendar_for
>>> from macrograph.graph.engine.compile import compiled
>>> from macrograph.graph.scenarios import resolve_text
>>> pack = synthetic_pack(20, seed=1)
>>> spec = resolve_text(pack, "synthetic")
>>> steps = injections_for(compiled(pack), pack, spec, calendar_for(pack, [spec], ("1m",)))
>>> sorted({s.column for s in steps}) == list(range(len(spec.shocks)))
True
"""

from __future__ import annotations

from macrograph.graph.calendar import Calendar
from macrograph.graph.decisions import decided
from macrograph.graph.engine.compile import Compiled
from macrograph.graph.engine.runs import Injection
from macrograph.graph.scenarios import ScenarioSpec
from macrograph.rules.pack import Pack


def injections_for(
    comp: Compiled, pack: Pack, spec: ScenarioSpec, cal: Calendar
) -> list[Injection]:
    """One column per shock; a decision also injects its surprise into its expectations node
    (a shock on a policy node is a decision, priced or not: :func:`decided`).

    Examples
    --------
    >>> from macrograph.graph.calendar import calendar_for
    >>> from macrograph.graph.engine.compile import compile_pack
    >>> from macrograph.graph.specs import resolve
    >>> from macrograph.graph.synthetic import slump_pack
    >>> pack = slump_pack()
    >>> spec = resolve(pack, "a-slumps")  # a falls by one on the first day
    >>> cal = calendar_for(pack, [spec], ("1w",))
    >>> (step,) = injections_for(compile_pack(pack), pack, spec, cal)
    >>> step.node, step.period, step.column, step.amount
    (0, 0, 0, -1.0)
    """
    found = []
    for column, shock in enumerate(decided(pack, spec).shocks):
        node, period = comp.index[shock.node], cal.period(shock.date)
        if shock.level is not None:
            found.append(Injection(node, period, column, level=shock.level))
        else:
            found.append(Injection(node, period, column, float(shock.change or 0.0)))
        expectations = pack.nodes[shock.node].expectations
        if shock.surprise is not None and expectations is not None:
            found.append(Injection(comp.index[expectations], period, column, shock.surprise))
    return found
