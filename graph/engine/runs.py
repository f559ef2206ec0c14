"""What the engine takes and gives: steps into a run, the shared noise of an ensemble, and
what a run or an ensemble of worlds kept (:mod:`macrograph.graph.engine.steps` steps them).

Examples
--------
>>> step = Injection(node=3, period=0, column=-1, amount=0.25)
>>> step.columns()
slice(None, None, None)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from msgspec import Struct, field

__all__ = [
    "CHUNK",
    "KEPT_BYTES",
    "Common",
    "Divergence",
    "Ensemble",
    "Injection",
    "Keep",
    "Run",
    "chunks",
]

CHUNK = 2560  # at most, draws per simulation of an ensemble: the states stay near the cache's size
KEPT_BYTES = 2**30  # samples held at once; more horizons take more passes over the draws


def chunks(draws: int) -> list[slice]:
    """The draws in as few chunks of at most :data:`CHUNK` as there can be, of even sizes
    (fewer periods stepped; a short last chunk would cost as many steps as a full one).

    Examples
    --------
    >>> [(c.start, c.stop) for c in chunks(10_000)]
    [(0, 2500), (2500, 5000), (5000, 7500), (7500, 10000)]
    """
    if draws <= 0:
        return []
    size = -(-draws // -(-draws // CHUNK))
    return [slice(i, min(i + size, draws)) for i in range(0, draws, size)]


class Keep(Struct, frozen=True):
    """The periods an ensemble keeps, ``at``, and the array to keep them in, ``into``
    (periods, nodes, columns), or None for a new one. An ensemble run chunk after chunk
    fills one array again each time: a new one of many periods is tens of megabytes of
    fresh memory per chunk."""

    at: Sequence[int]
    into: np.ndarray | None = None


class Injection(Struct, frozen=True):
    """An exogenous step: ``amount`` added to ``node`` from ``period`` on, in ``column``.

    ``level`` instead of ``amount`` sets the node's level on that period; ``column``
    -1 means every column (ensemble mode), or the columns ``span`` (start, stop).
    """

    node: int
    period: int
    column: int
    amount: float = 0.0
    level: float | None = None
    vector: np.ndarray | None = None  # per-column amounts (ensemble threshold jumps)
    span: tuple[int, int] | None = None

    def columns(self) -> slice | int:
        """Where in a state's row the injection goes."""
        if self.span is not None:
            return slice(*self.span)
        return slice(None) if self.column < 0 else self.column


class Common(Struct, frozen=True):
    """Steps several worlds of an ensemble share, draw by draw (their noise):
    ``steps(period)`` gives what ``nodes`` take in that period, (nodes, draws), or None;
    it is called once per period, in order. ``worlds`` are the worlds that take them."""

    nodes: np.ndarray
    steps: Callable[[int], np.ndarray | None]
    worlds: tuple[int, ...]


class Divergence(Struct, frozen=True):
    """Columns of an ensemble in which a loop ran away at ``period``; they are left out.

    ``gain`` is the loop's largest gain among those columns' draws of the elasticities.
    ``kind`` says what ``nodes`` are: ``loop`` (a loop, in order, found running away),
    ``system`` (a strongly connected set whose modes grow; ``gain`` is then the growth
    per period), ``instant`` (a strongly connected set of zero-lag rules whose gain
    is 1 or more within a period) or ``set`` (a strongly connected set, sorted, with more
    than one loop in it, whose rules' gain, all lags summed, is 1 or more).
    """

    nodes: tuple[int, ...]
    period: int
    gain: float
    columns: tuple[int, ...]
    kind: str = "loop"


class Ensemble(Struct, frozen=True):
    """What an ensemble of worlds kept: per world the periods asked for, (at, nodes, draws);
    and the loops that ran away, in which draws (columns given as draw indices)."""

    kept: list[np.ndarray]
    divergences: tuple[Divergence, ...]

    def dead(self) -> np.ndarray:
        """Which draws ran away in some world: (draws,) bool."""
        found = np.zeros(self.kept[0].shape[2], dtype=bool)
        for d in self.divergences:
            found[list(d.columns)] = True
        return found


class Run(Struct):
    """What a simulation produced."""

    history: np.ndarray  # (periods, nodes, columns)
    masks: np.ndarray  # (periods, edges, columns) rule active? (read-only view)
    steps: list[tuple[int, int, int, float]] = field(default_factory=list)
    fired: list[tuple[int, int, int]] = field(default_factory=list)  # (threshold, period, col)
