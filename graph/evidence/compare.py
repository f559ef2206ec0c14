"""One scenario under two views of the world: the pack as it is and the pack with an overlay.

:func:`compare_views` propagates the scenario under both packs and keeps, for every node
and horizon, the change against the scenario's comparison and the level (where the node
has a baseline); :func:`departures` applies each entry of an overlay alone to the first
pack and measures how far it moves the answer, so that a reader sees which of a source's
claims matter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from macrograph.graph.result import Result, clean
from macrograph.rules.overlay import Overlay, overlay_applied, overlay_parts
from macrograph.rules.pack import Pack

Table = dict[str, dict[str, float]]  # node -> horizon -> value
Levels = dict[str, dict[str, float | None]]


@dataclass(frozen=True)
class ViewComparison:
    """A scenario's changes (and levels) under two packs, at every horizon.

    ``left`` and ``right`` name the views (an overlay's id, "" for the pack as it is).
    Changes are against the scenario's comparison (``against``; None: no shocks).
    """

    scenario: str
    title: str
    against: str | None
    against_title: str | None
    horizons: tuple[str, ...]
    dates: dict[str, date]
    left: str
    right: str
    left_delta: Table
    right_delta: Table
    left_level: Levels
    right_level: Levels
    results: tuple[Result, ...] = field(default=(), compare=False, repr=False)

    def difference(self, node: str, h: str) -> float:
        """The right view's change minus the left's."""
        return self.right_delta[node][h] - self.left_delta[node][h]

    def level_difference(self, node: str, h: str) -> float | None:
        """The right view's level minus the left's (None for a node without levels)."""
        a, b = self.left_level[node][h], self.right_level[node][h]
        return None if a is None or b is None else b - a

    def to_dict(self, nodes: tuple[str, ...] | None = None) -> dict[str, Any]:
        """A JSON-ready dict of ``nodes`` (default every node)."""
        chosen = nodes if nodes is not None else tuple(sorted(self.left_delta))
        rows = [
            {
                "node": n,
                "horizon": h,
                "date": self.dates[h].isoformat(),
                "left_change": self.left_delta[n][h],
                "right_change": self.right_delta[n][h],
                "difference": self.difference(n, h),
                "left_level": self.left_level[n][h],
                "right_level": self.right_level[n][h],
                "level_difference": self.level_difference(n, h),
            }
            for n in chosen
            for h in self.horizons
        ]
        return clean(  # type: ignore[no-any-return]
            {
                "schema_version": 1,
                "scenario": self.scenario,
                "title": self.title,
                "against": self.against,
                "against_title": self.against_title,
                "horizons": list(self.horizons),
                "left": self.left,
                "right": self.right,
                "rows": rows,
            }
        )


def _run(pack: Pack, scenario: str, horizons: tuple[str, ...] | None) -> Result:
    from macrograph.graph.propagate import propagate

    return propagate(pack, scenario, horizons=horizons, draws=0)


def compare_views(
    left: Pack, right: Pack, scenario: str, horizons: tuple[str, ...] | None = None
) -> ViewComparison:
    """``scenario`` propagated under ``left`` and ``right`` (no Monte Carlo: central values).

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> from macrograph.rules.overlay import apply_overlay, overlay_path
    >>> pack = load_pack()
    >>> other = apply_overlay(pack, overlay_path(pack.root, "article"))
    >>> view = compare_views(pack, other, "boj-skips", ("1w",))
    >>> view.right, view.against
    ('article', 'december-2025')
    >>> round(view.level_difference("ust_10y", "1w") or 0, 2) != 0
    True
    """
    a, b = _run(left, scenario, horizons), _run(right, scenario, horizons)
    return ViewComparison(
        scenario=a.scenario,
        title=a.title,
        against=a.against,
        against_title=a.against_title,
        horizons=a.horizons,
        dates=dict(a.dates),
        left=left.overlay or "",
        right=right.overlay or "",
        left_delta={n: dict(o.delta) for n, o in a.nodes.items()},
        right_delta={n: dict(o.delta) for n, o in b.nodes.items()},
        left_level={n: dict(o.level) for n, o in a.nodes.items()},
        right_level={n: dict(o.level) for n, o in b.nodes.items()},
        results=(a, b),
    )


@dataclass(frozen=True)
class Departure:
    """One entry of an overlay applied alone: how far it moves each node at the horizon.

    ``moves`` holds, per node, the change of the answer: the level where the node has
    one (a new baseline shows there), else the change against the comparison.
    """

    section: str  # baselines, changes, drop or add
    key: str  # the node (baselines) or rule id
    moves: dict[str, float]


def level_change(pack: Pack, node: str, before: float, after: float) -> float:
    """How far a level moved, in the way the node's unit reads a change: a percent of the
    level for a price, a difference otherwise.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> pack = load_pack()
    >>> round(level_change(pack, "usd_jpy", 150.0, 153.0), 6)
    2.0
    >>> level_change(pack, "jgb_10y", 1.0, 1.5)
    0.5
    """
    from macrograph.rules.vocabulary import vocabulary_for

    form = vocabulary_for(pack.info).unit(pack.nodes[node].unit)
    if form.change == "percent" and before != 0:
        return (after / before - 1.0) * 100.0
    return after - before


def answer(view: ViewComparison, side: str, node: str, h: str) -> float:
    """A node's answer in one view: its level where it has one, else its change."""
    levels = view.left_level if side == "left" else view.right_level
    deltas = view.left_delta if side == "left" else view.right_delta
    level = levels[node][h]
    return level if level is not None else deltas[node][h]


def departures(
    pack: Pack, overlay: Overlay, name: str, scenario: str, horizon: str
) -> tuple[Departure, ...]:
    """Each entry of ``overlay`` (read from ``name``) applied alone to ``pack``: its effect
    on every node's answer to ``scenario`` at ``horizon``, in the overlay's order.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> from macrograph.rules.overlay import read_overlay, overlay_path
    >>> pack = load_pack()
    >>> path = overlay_path(pack.root, "article")
    >>> found = departures(pack, read_overlay(path)[0], str(path), "december-2025", "1m")
    >>> first = found[0]
    >>> first.section, first.key, round(first.moves["ust_10y"], 2)
    ('baselines', 'ust_10y', -0.47)
    """
    base = _run(pack, scenario, (horizon,))
    h = base.horizons[0]
    found = []
    for section, key, part in overlay_parts(overlay):
        moved = _run(overlay_applied(pack, part, name), scenario, (horizon,))
        single = ViewComparison(
            base.scenario,
            base.title,
            base.against,
            base.against_title,
            base.horizons,
            dict(base.dates),
            "",
            "",
            {n: dict(o.delta) for n, o in base.nodes.items()},
            {n: dict(o.delta) for n, o in moved.nodes.items()},
            {n: dict(o.level) for n, o in base.nodes.items()},
            {n: dict(o.level) for n, o in moved.nodes.items()},
        )
        moves = {
            n: level_change(pack, n, answer(single, "left", n, h), answer(single, "right", n, h))
            for n in base.nodes
        }
        found.append(Departure(section, key, moves))
    return tuple(found)
