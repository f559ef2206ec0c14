"""How large a shock a user asks for may be before the answer warns that it is implausible.

A change is measured against the node's own volatility over a window of periods, or, for a
node that states none, against its unit's notable change or a tenth of its level; a level
by the change it makes.

Examples
--------
>>> from macrograph.graph.synthetic import units_pack
>>> round(plausible_bound(units_pack(), "rate"), 4)
0.6874
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from macrograph.graph.errors import Plausible, ShockSizeWarning
from macrograph.graph.specs import ScenarioSpec, ShockSpec
from macrograph.graph.words.units.unitwords import unit_form
from macrograph.rules.models import duration_days
from macrograph.rules.pack import Pack

if TYPE_CHECKING:  # pragma: no cover
    from macrograph.graph.result import Result

# A shock more than PLAUSIBLE_TIMES the node's volatility per period scaled to the periods
# it moves in a month (window) is far outside what the node does; it runs, with a warning.
PLAUSIBLE_TIMES = 5.0
TRADING_MONTH = 21  # the days a node that trades on weekdays moves in a month
MONTH_DAYS = 30.44
# Without a volatility, TYPICAL_TIMES the unit's notable change, or LEVEL_SHARE of the
# node's level where that is more: nodes of one unit differ in size (a mine's output and a
# country's demand, both in kt a quarter), and a tenth of a level is no unit slip.
TYPICAL_TIMES = 20.0
LEVEL_SHARE = 0.1


def window(pack: Pack, node: str) -> int:
    """The periods ``node`` moves in a month: 21 trading days for a daily node that trades on
    weekdays, 30 days for one that moves every day, and in a pack counted in weeks, months
    or years the month's share of a period's, at least one.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> window(units_pack(), "rate")  # daily, trading on weekdays
    21
    """
    days = duration_days(pack.info.period)
    if days <= 1:
        noise = pack.nodes[node].volatility
        return TRADING_MONTH if noise is not None and noise.trades == "weekdays" else 30
    return max(1, round(MONTH_DAYS / days))


def plausible_bound(pack: Pack, node: str) -> float:
    """The largest change on ``node`` that runs without a warning, in its units.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> round(plausible_bound(units_pack(), "rate"), 4)  # 3bp a day, on weekdays
    0.6874
    """
    found = pack.nodes[node]
    if found.volatility is not None:
        return PLAUSIBLE_TIMES * found.volatility.value * math.sqrt(window(pack, node))
    form = unit_form(pack, node)
    typical = TYPICAL_TIMES * form.typical
    if form.change == "percent" or found.baseline is None:
        return typical
    return max(typical, LEVEL_SHARE * abs(found.baseline.value))


def size_warning(
    pack: Pack,
    node: str,
    change: float | None,
    level: float | None,
    applied: float | None = None,
) -> ShockSizeWarning | None:
    """A warning when a shock's size is beyond a plausible move (see :data:`PLAUSIBLE_TIMES`).

    A level shock is measured by the change it makes: ``applied`` when the run says what it
    was, else the change from the baseline as the node's unit reads it (a percent of the
    baseline for a price).

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> size_warning(units_pack(), "rate", 20.0, None).node
    'rate'
    >>> size_warning(units_pack(), "rate", 0.2, None) is None
    True
    >>> round(size_warning(units_pack(), "price", None, 120.0).change, 1)  # from 150
    -20.0
    """
    found = pack.nodes[node]
    if applied is not None:
        change = applied
    elif change is None and level is not None and found.baseline is not None:
        change = _level_change(pack, node, found.baseline.value, level)
    if change is None:
        return None
    bound = plausible_bound(pack, node)
    if abs(change) <= bound:
        return None
    daily = found.volatility.value if found.volatility else None
    times = PLAUSIBLE_TIMES if daily is not None else TYPICAL_TIMES
    plausible = Plausible(bound, daily, window(pack, node), times, pack.info.period)
    return ShockSizeWarning(node, found.unit, change, plausible, level)


def _level_change(pack: Pack, node: str, baseline: float, level: float) -> float:
    """The change from ``baseline`` to ``level`` as the node's unit reads changes."""
    if unit_form(pack, node).change == "percent" and baseline:
        return (level - baseline) / abs(baseline) * 100.0
    return level - baseline


def asked_warnings(
    pack: Pack,
    shocks: tuple[ShockSpec, ...],
    applied: Mapping[str, float | None] | None = None,
    beneath: Mapping[tuple[str, date], float] | None = None,
) -> list[ShockSizeWarning]:
    """Warnings for the shocks a user asked for: those no scenario of the pack states.

    ``applied`` gives, by shock key, the change each shock made in the run (a level
    shock's depends on where its node stood). ``beneath`` gives, by node and date, the
    change the comparison already makes there: a change asked on top of it ('rates up
    50bp' over a default's 100bp) is measured without it. A decision, which states its
    whole size (a priced one, or one with its ``decision`` said), is measured whole.

    Examples
    --------
    >>> from datetime import date
    >>> from macrograph.graph.synthetic import units_pack
    >>> from macrograph.graph.specs import ShockSpec
    >>> big = ShockSpec("rate", date(2025, 1, 6), "x", change=20.0)
    >>> [w.node for w in asked_warnings(units_pack(), (big,))]
    ['rate']
    """
    stated = {
        (s.node, s.date, s.change, s.level) for sc in pack.scenarios.values() for s in sc.shocks
    }
    found = []
    for shock in shocks:
        if (shock.node, shock.date, shock.change, shock.level) in stated:
            continue
        moved = (applied or {}).get(shock.key) if shock.level is not None else None
        change = shock.change
        if change is not None and shock.priced is None and shock.decision is None:
            change -= (beneath or {}).get((shock.node, shock.date), 0.0)
        warning = size_warning(pack, shock.node, change, shock.level, moved)
        if warning is not None:
            found.append(warning)
    return found


def run_warnings(pack: Pack, asked: ScenarioSpec, result: Result) -> list[ShockSizeWarning]:
    """:func:`asked_warnings` for the shocks of ``asked`` as ``result`` ran them: a level
    shock measured by the change it made, a change on top of what the comparison does
    there measured without it.

    Examples
    --------
    >>> from macrograph.graph.propagate import RunOptions, propagate
    >>> from macrograph.graph.scenarios import asked
    >>> from macrograph.graph.synthetic import units_pack
    >>> pack = units_pack()
    >>> spec = asked(pack, shocks=("rate=+20pp",))
    >>> [w.node for w in run_warnings(pack, spec, propagate(pack, spec, RunOptions(draws=0)))]
    ['rate']
    """
    applied = {s.key: s.applied for s in result.shocks}
    beneath = {(s.node, s.date): s.change for s in result.against_shocks if s.change is not None}
    return asked_warnings(pack, asked.shocks, applied, beneath)
