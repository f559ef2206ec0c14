"""What switches the engine's rules on and off: threshold crossings and ``when`` masks.

Examples
--------
>>> import numpy as np
>>> kinds, which = patterns(np.array([[1, 1, 0], [0, 0, 1]], dtype=bool))
>>> kinds.astype(int).tolist(), which.tolist()
([[1, 0], [0, 1]], [0, 0, 1])
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from macrograph.graph.engine.compile import Compiled

EDGE = 1e-9  # a level this close to a bound counts as inside it

Levels = Callable[[np.ndarray, np.ndarray], np.ndarray]


def reading(comp: Compiled, scale: np.ndarray, nodes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """What the levels of ``nodes`` that conditions and thresholds read are made of: their
    baselines, and what a unit of change moves them by (``scale``, per node); (nodes, 1).

    Examples
    --------
    >>> from macrograph.graph.engine.compile import compile_pack
    >>> from macrograph.graph.synthetic import units_pack
    >>> comp = compile_pack(units_pack())  # rate at 2.00, price at 150 (changes in percent)
    >>> nodes = np.array([comp.index["rate"], comp.index["price"]])
    >>> base, per = reading(comp, comp.level_scale(), nodes)
    >>> base.ravel().tolist(), per.ravel().tolist()  # +1% of the price moves it 1.5
    ([2.0, 150.0], [1.0, 1.5])
    """
    return comp.baseline[nodes][:, None], scale[nodes][:, None]


class ThresholdTable:
    """Which threshold sources are inside their bounds, and which rules have fired; a rule
    with a ``when`` fires only on a crossing while its condition holds (a crossing while it
    does not is spent: the level must leave its bounds and enter them again)."""

    def __init__(self, comp: Compiled, width: int) -> None:
        rules = comp.thresholds
        self.src = np.array([t.src for t in rules], dtype=int)
        self.above = np.array([t.above for t in rules])[:, None] - EDGE
        self.below = np.array([t.below for t in rules])[:, None] + EDGE
        self.fired = np.zeros((len(rules), width), dtype=bool)
        level = comp.baseline[self.src][:, None]
        self.was = (level >= self.above) & (level <= self.below)
        self.gated = np.array([k for k, t in enumerate(rules) if t.cond >= 0], dtype=int)
        gated = [rules[k] for k in self.gated.tolist()]
        self.cond = np.array([t.cond for t in gated], dtype=int)
        self.cond_above = np.array([t.cond_above for t in gated]).reshape(-1, 1) - EDGE
        self.cond_below = np.array([t.cond_below for t in gated]).reshape(-1, 1) + EDGE

    def crossing(self, levels: Levels, state: np.ndarray) -> np.ndarray | None:
        """Sources that entered their bounds this period, where the rule's condition holds
        (None without thresholds)."""
        if len(self.src) == 0:
            return None
        level = levels(state, self.src)
        now = (level >= self.above) & (level <= self.below)
        entered = now & ~self.was
        self.was = now
        if len(self.gated):
            held = levels(state, self.cond)
            entered[self.gated] &= (held >= self.cond_above) & (held <= self.cond_below)
        return np.asarray(entered)


class Masks:
    """Which rules are on each period: a rule with a ``when`` reads the previous period."""

    def __init__(
        self, comp: Compiled, conditional: np.ndarray, periods: int, width: int, keep: bool
    ) -> None:
        edges = comp.edges
        self.edges = conditional
        self.node = edges.cond_node[conditional]
        self.above = edges.cond_above[conditional][:, None] - EDGE
        self.below = edges.cond_below[conditional][:, None] + EDGE
        self.current = np.ones((len(edges), width), dtype=bool)
        self.keep = keep and len(conditional) > 0
        self.record = np.ones((periods if self.keep else 1, len(edges), width), dtype=bool)

    def at(self, period: int, levels: Levels, previous: np.ndarray) -> np.ndarray | None:
        """This period's masks, (edges, width), or None when no rule has a condition."""
        if len(self.edges) == 0:
            return None
        level = levels(previous, self.node)
        self.current[self.edges] = (level >= self.above) & (level <= self.below)
        if self.keep:
            self.record[period] = self.current
        return self.current

    def view(self, periods: int, edges: int, columns: int) -> np.ndarray:
        """Every period's masks, broadcast to (periods, edges, columns)."""
        return np.broadcast_to(self.record, (periods, edges, columns))


def patterns(active: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct columns of a 0/1 (rules, columns) array, and which one each column is.

    Examples
    --------
    >>> kinds, which = patterns(np.array([[True, False, True]]))  # one rule, three columns
    >>> kinds.tolist(), which.tolist()  # off in the second column, on in the others
    ([[False], [True]], [1, 0, 1])
    """
    if active.shape[0] <= 62:  # read each column as a binary number: a fast 1-d unique
        bits = np.left_shift(np.uint64(1), np.arange(active.shape[0], dtype=np.uint64))
        codes = bits @ active.astype(np.uint64)
        _, first, which = np.unique(codes, return_index=True, return_inverse=True)
        return active.T[first], which
    return np.unique(active.T, axis=0, return_inverse=True)
