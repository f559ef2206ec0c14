"""One scenario under two views of the world: the pack as it is and the pack with an overlay.

:func:`compare_views` propagates the scenario under both packs and keeps, for every node
and horizon, the change against the scenario's comparison and the level (where the node
has a baseline); :func:`departures` applies each entry of an overlay alone to the first
pack and measures how far it moves the answer, so that a reader sees which of a source's
claims matter.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from msgspec import Struct, field

from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.graph.result import Result, clean
from macrograph.graph.specs import ScenarioSpec
from macrograph.rules.overlay import Overlay, overlay_applied, overlay_parts
from macrograph.rules.pack import Pack

Table = dict[str, dict[str, float]]  # node -> horizon -> value
Levels = dict[str, dict[str, float | None]]


class ViewComparison(Struct, frozen=True):
    """A scenario's changes (and levels) under two packs, at every horizon.

    ``left`` and ``right`` name the views (an overlay's id, "" for the pack as it is).
    Changes are against the scenario's comparison (``against``; None: no shocks): the
    question's effect in each view. ``*_start`` is the level each view has without the
    question (in the comparison) and ``*_level`` the level with it (None without a level).
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
    left_start: Levels = field(default_factory=dict)
    right_start: Levels = field(default_factory=dict)
    results: tuple[Result, ...] = ()

    def difference(self, node: str, h: str) -> float:
        """The right view's change minus the left's: how the question's effect differs."""
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
                "left_start": self.left_start[n][h],
                "right_start": self.right_start[n][h],
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


def _run(pack: Pack, scenario: str | ScenarioSpec, horizons: tuple[str, ...] | None) -> Result:
    return propagate(pack, scenario, RunOptions(horizons=horizons, draws=0))


def compare_views(
    left: Pack,
    right: Pack,
    scenario: str | ScenarioSpec,
    horizons: tuple[str, ...] | None = None,
) -> ViewComparison:
    """``scenario`` propagated under ``left`` and ``right`` (no Monte Carlo: central values).

    Examples
    --------
    >>> from macrograph.graph.synthetic.policy import policy_pack, steep_view
    >>> from macrograph.rules.overlay import overlay_applied
    >>> pack = policy_pack()
    >>> other = overlay_applied(pack, steep_view(), "steep.yaml")
    >>> view = compare_views(pack, other, "rate-holds", ("1w",))
    >>> view.right, view.against
    ('steep', 'meeting')
    >>> round(view.level_difference("price", "1w") or 0, 4)  # 150 x 0.2125% more
    0.3188
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
        left_start={n: dict(o.level_against) for n, o in a.nodes.items()},
        right_start={n: dict(o.level_against) for n, o in b.nodes.items()},
        results=(a, b),
    )


class Departure(Struct, frozen=True):
    """One entry of an overlay applied alone: how far it moves each node's effect.

    ``moves`` holds, per node, the change the question makes with the entry minus the change
    it makes without it, in the node's unit (see the module's note): the difference of the
    two views' changes at the horizon.
    """

    section: str  # baselines, changes, drop or add
    key: str  # the node (baselines) or rule id
    moves: dict[str, float]


def departures(
    pack: Pack,
    overlay: Overlay,
    name: str,
    scenario: str | ScenarioSpec,
    horizon: str,
    made: Result | None = None,
) -> tuple[Departure, ...]:
    """Each entry of ``overlay`` (read from ``name``) applied alone to ``pack``: its effect
    on every node's change in ``scenario`` at ``horizon``, in the overlay's order.
    ``made`` is ``scenario`` already run under ``pack`` at ``horizon`` alone (as
    :func:`compare_views` runs it), read instead of running it again.

    Examples
    --------
    >>> from macrograph.graph.synthetic.policy import policy_pack, steep_view
    >>> found = departures(policy_pack(), steep_view(), "steep.yaml", "rate-holds", "1m")
    >>> [(d.section, d.key) for d in found]
    [('baselines', 'stock'), ('changes', 'path_lowers_price'), ('add', 'price_lifts_stock')]
    >>> found[1].moves["price"], found[2].moves["stock"]  # a price 0.25 higher lifts stock
    (0.25, 0.125)
    """
    base = made or _run(pack, scenario, (horizon,))
    h = base.horizons[0]
    found = []
    for section, key, part in overlay_parts(overlay):
        moved = _run(overlay_applied(pack, part, name), scenario, (horizon,))
        moves = {n: moved.nodes[n].delta[h] - o.delta[h] for n, o in base.nodes.items()}
        found.append(Departure(section, key, moves))
    return tuple(found)
