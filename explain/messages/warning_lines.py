"""The warnings a run prints beside its answer, as one line each: a shock beyond a
plausible size (it runs as given) and a pack cache that is not used (and the way out).
"""

from __future__ import annotations

from macrograph.explain.filters import horizon, level, move, size
from macrograph.graph.errors import ShockSizeWarning
from macrograph.rules.errors import CacheWarning
from macrograph.rules.fields import PERIOD_NAMES


def size_warning_line(warning: ShockSizeWarning) -> str:
    """A shock beyond a plausible size: it runs, and the reader is told.

    Examples
    --------
    >>> from macrograph.graph.errors import Plausible
    >>> size_warning_line(ShockSizeWarning("r", "pct", 20.0, Plausible(0.6874, 0.03, 21, 5.0)))
    'warning: the shock on r (+2,000bp) is beyond a plausible size: more than 69bp, 5 times \
its typical move in a day (3.0bp) scaled to a month (21 days); it runs as given'
    >>> size_warning_line(ShockSizeWarning("r", "pct", 20.0, Plausible(0.6, 0.03, 15, 5.0, "2d")))
    'warning: the shock on r (+2,000bp) is beyond a plausible size: more than 60bp, 5 times \
its typical move in 2 days (3.0bp) scaled to a month (30 days); it runs as given'
    """
    shown = f"the shock on {warning.node} ({move(warning.change, warning.unit)})"
    if warning.level is not None:
        shown = (
            f"the shock on {warning.node} (to {level(warning.level, warning.unit)}: "
            f"{move(warning.change, warning.unit)})"
        )
    bound = size(warning.bound, warning.unit)
    if warning.daily is not None:
        count, letter = int(warning.period[:-1]), warning.period[-1]
        one = horizon(warning.period).removeprefix("1 ")  # 'day', 'week'; '2 days' stays
        # the window counts periods: of a '2d' pack, 15 of them are 30 days
        month = f" scaled to a month ({horizon(f'{warning.window * count}{letter}')})"
        named = PERIOD_NAMES.get(warning.period)  # 'in a fortnight', not 'in 2 weeks'
        one, count = (named, 1) if named else (one, count)
        why = (
            f"{warning.times:g} times its typical move in {'a ' if count == 1 else ''}{one}"
            f" ({size(warning.daily, warning.unit)}){month if warning.window > 1 else ''}"
        )
    else:
        why = f"{warning.times:g} times a notable move of its unit"
    return (
        f"warning: {shown} is beyond a plausible size: more than {bound}, {why}; it runs as given"
    )


CACHE_WAYS_OUT = {
    "owner": "it belongs to another user; set MACROGRAPH_CACHE to a folder of yours, or to off",
    "readable": "others can read it; run 'chmod go-rw' on it, or set MACROGRAPH_CACHE to off",
    "writable": "others can write to it; run 'chmod go-w' on it, or set MACROGRAPH_CACHE to off",
}


def cache_warning_line(warning: CacheWarning) -> str:
    """Why the validated-pack cache is not used, and the way out.

    Examples
    --------
    >>> cache_warning_line(CacheWarning("/tmp/c", "owner"))[:63]
    'warning: not using the pack cache /tmp/c: it belongs to another'
    """
    why = CACHE_WAYS_OUT.get(warning.reason, CACHE_WAYS_OUT["writable"])
    return f"warning: not using the pack cache {warning.path}: {why}"
