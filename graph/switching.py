"""Which rules with a ``when`` condition switched on or off in a run, and when.

A rule with a ``when`` works only while a node's level is inside the condition's bound;
the engine keeps, per period, which rules are on (:attr:`Run.masks
<macrograph.graph.engine.runs.Run.masks>`). A rule whose state changes during the run is
a fact of its own: a channel that opened or closed.

Examples
--------
>>> import numpy as np
>>> states = np.array([False, False, True, True, False])
>>> changes(states)
(False, 2, 4)
"""

from __future__ import annotations

import numpy as np

from macrograph.graph.calendar import Calendar
from macrograph.graph.engine.compile import Compiled
from macrograph.graph.records import RuleSwitch


def changes(states: np.ndarray) -> tuple[bool, int | None, int | None]:
    """A rule's state at the start, and the first periods it switched on and off (how many
    times it switched in all is :func:`flips`).

    Parameters
    ----------
    states : ndarray
        Per period, whether the rule is on (bool, shape (periods,)).

    Returns
    -------
    tuple
        The state in period 0; the first period it is on after being off (None if
        never); the first period it is off after being on (None if never).

    Examples
    --------
    >>> changes(np.array([True, True, False]))
    (True, None, 2)
    >>> changes(np.array([True, True]))
    (True, None, None)
    """
    flips = np.flatnonzero(states[1:] != states[:-1]) + 1
    on = [int(p) for p in flips if states[p]]
    off = [int(p) for p in flips if not states[p]]
    return bool(states[0]), min(on, default=None), min(off, default=None)


def flips(states: np.ndarray) -> int:
    """How many times a rule's state changes over the periods.

    Examples
    --------
    >>> flips(np.array([False, True, False, True, True, False]))
    4
    """
    return int(np.count_nonzero(states[1:] != states[:-1]))


def switches(
    comp: Compiled, cal: Calendar, masks: np.ndarray, world: str
) -> tuple[RuleSwitch, ...]:
    """Every rule with a ``when`` whose state changes during the run, in rule order.

    Parameters
    ----------
    comp : Compiled
    cal : Calendar
    masks : ndarray
        The run's masks, shape (periods, edges, columns): whether each rule is on (the
        columns of an additive run share them; the first is read).
    world : str
        ``scenario`` or ``against``, recorded as is.

    Returns
    -------
    tuple of RuleSwitch

    Examples
    --------
    >>> from datetime import date
    >>> from macrograph.rules import load_pack
    >>> from macrograph.graph.engine.compile import compile_pack
    >>> comp = compile_pack(load_pack())
    >>> cal = Calendar(date(2026, 1, 1), date(2026, 1, 1), ("3d",), 5, "1d")
    >>> masks = np.ones((5, len(comp.edges), 1), dtype=bool)
    >>> switches(comp, cal, masks, "scenario")  # every rule on throughout
    ()
    >>> e = int(np.flatnonzero(comp.edges.cond_node >= 0)[0])
    >>> masks[:2, e] = False  # off for two days, then on
    >>> [(s.rule == comp.edges.rule_ids[e], s.start, s.on, s.off)
    ...  for s in switches(comp, cal, masks, "scenario")]
    [(True, False, datetime.date(2026, 1, 3), None)]
    """
    edges = comp.edges
    found = []
    for e in np.flatnonzero(edges.cond_node >= 0).tolist():
        start, on, off = changes(masks[:, e, 0])
        if on is None and off is None:
            continue
        told = (on is not None) + (off is not None)  # the first on and off are told by date
        found.append(
            RuleSwitch(
                rule=edges.rule_ids[e],
                source=comp.node_ids[edges.src[e]],
                target=comp.node_ids[edges.tgt[e]],
                node=comp.node_ids[edges.cond_node[e]],
                world=world,
                start=start,
                on=None if on is None else cal.date_of(on),
                off=None if off is None else cal.date_of(off),
                more=flips(masks[:, e, 0]) - told,
            )
        )
    return tuple(found)
