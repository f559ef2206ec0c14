"""Level shocks: the steps that bring nodes to given levels once the period is solved.

A node in a zero-lag loop takes back part of its own step within the period, so a step
is scaled by the node's measured response to it: exact for a linear period, a few rounds
when several such nodes answer each other.

Examples
--------
>>> level = np.zeros((1, 1))
>>> def respond(step):
...     level[:] += 0.5 * step  # a node in a loop that takes back half of its step
...     return level.copy()
>>> level_steps(np.array([[1.0]]), np.ones((1, 1)), level.copy(), respond).tolist()
[[2.0]]
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

LEVEL_ROUNDS = 8  # a level shock in a zero-lag loop: rounds to reach its level exactly
TOLERANCE = 1e-12

Respond = Callable[[np.ndarray], np.ndarray]


def level_steps(
    target: np.ndarray, scale: np.ndarray, now: np.ndarray, respond: Respond
) -> np.ndarray:
    """The steps, (nodes, columns), that bring nodes from their levels ``now`` to
    ``target`` (nodes, 1), in units of ``scale`` per level (nodes, 1). ``respond(step)``
    adds ``step`` to the nodes where it applies, solves the period again and returns the
    levels. Returns the steps taken, summed (read them where they apply).

    Examples
    --------
    >>> level = np.zeros((1, 1))
    >>> def respond(step):  # a node in no loop, whose level moves 2 a unit of change
    ...     level[:] += 2.0 * step
    ...     return level.copy()
    >>> level_steps(np.array([[3.0]]), np.full((1, 1), 2.0), level.copy(), respond).tolist()
    [[1.5]]
    """
    total = np.zeros_like(now)
    gain = np.ones_like(now)
    for _ in range(LEVEL_ROUNDS):
        miss = (target - now) / scale
        if (np.abs(miss) <= TOLERANCE * (1.0 + np.abs(target))).all():
            break
        step = miss / gain
        after = respond(step)
        total += step
        moved = (after - now) / scale
        safe = (np.abs(step) > 0.0) & (moved != 0.0)  # a draw left out meanwhile: keep
        gain = np.where(safe, moved / np.where(safe, step, 1.0), gain)
        now = after
    return total
