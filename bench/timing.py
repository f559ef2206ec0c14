"""What every benchmark row holds, and how its times are taken: each action's median over
several rounds, the actions taken in turn (ours, theirs, ours, ...)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass
class Row:
    """One benchmark: our median time and the reference's, in seconds."""

    name: str
    ours: float
    reference: str
    theirs: float | None
    target: str
    met: bool | None = None

    @property
    def ratio(self) -> float | None:
        return None if not self.theirs else self.ours / self.theirs


def timed(action: Callable[[], Any]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def medians(actions: dict[str, Callable[[], Any]], repeat: int) -> dict[str, float]:
    """Each action's median time over ``repeat`` rounds, the actions taken in turn."""
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(repeat):
        for name, action in actions.items():
            times[name].append(timed(action))
    return {name: statistics.median(found) for name, found in times.items()}
