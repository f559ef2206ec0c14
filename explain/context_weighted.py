"""Context of the probability-weighted view: each branch's moves and their weighted sum."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from macrograph.explain.context import group_order, node_groups
from macrograph.explain.filters import shows
from macrograph.explain.speaking import speaks_pack
from macrograph.graph.weighted import WeightedView
from macrograph.rules.pack import Pack

REPORTED_KINDS = ("rate", "flow", "asset")


@dataclass(frozen=True)
class Branch:
    """One outcome of the view and its probability."""

    scenario: str
    title: str
    probability: float


@dataclass(frozen=True)
class WeightedRow:
    """A node's move in each branch and the probability-weighted move."""

    label: str
    unit: str
    cells: tuple[float, ...]
    expected: float


@dataclass(frozen=True)
class WeightedGroup:
    """Rows of one transmission group (rates and spread, FX, assets...)."""

    name: str
    rows: tuple[WeightedRow, ...]


@dataclass(frozen=True)
class WeightedContext:
    """What the ``weighted.*.j2`` templates read."""

    title: str
    scenario: str
    horizon: str
    horizon_date: date | None
    branches: tuple[Branch, ...]
    groups: tuple[WeightedGroup, ...]
    label_width: int
    cell_width: int
    width: int = 96  # of a line of text output


@speaks_pack
def build_weighted(
    pack: Pack,
    view: WeightedView,
    horizon: str | None = None,
    when: date | None = None,
    width: int = 96,
) -> WeightedContext:
    """Rows grouped as in the what-if table, for nodes that move in some branch at ``horizon``.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> from macrograph.graph.weighted import propagate_weighted
    >>> pack = load_pack()
    >>> ctx = build_weighted(pack, propagate_weighted(pack, "december-2025"))
    >>> from macrograph.explain.context import group_order
    >>> [b.probability for b in ctx.branches], ctx.groups[0].name in group_order(pack)
    ([0.85, 0.15], True)
    """
    h = horizon or view.horizons[-1]
    groups = node_groups(pack)
    rows: dict[str, list[WeightedRow]] = {}
    for node_id in sorted(pack.nodes, key=lambda n: pack.nodes[n].label.lower()):
        node = pack.nodes[node_id]
        cells = tuple(view.per_branch[b][node_id][h] for b, _ in view.branches)
        if node.kind in REPORTED_KINDS and any(shows(x, node.unit) for x in cells):
            row = WeightedRow(node.label, node.unit, cells, view.expected[node_id][h])
            rows.setdefault(groups[node_id], []).append(row)
    order = group_order(pack)
    ordered = sorted(rows, key=lambda g: (order.index(g) if g in order else 99, g))
    branches = tuple(
        Branch(s, pack.scenarios[s].title if s in pack.scenarios else s, p)
        for s, p in view.branches
    )
    cell_width = max(12, *(len(b.scenario) + 2 for b in branches))
    label_width = max((len(r.label) for rs in rows.values() for r in rs), default=10) + 2
    room = width - 2 - cell_width * (len(branches) + 1)  # a row fits ``width``
    label_width = max(10, min(label_width, room))
    return WeightedContext(
        title=f"{pack.scenarios[view.scenario].title}: probability-weighted",
        scenario=view.scenario,
        horizon=h,
        horizon_date=when,
        branches=branches,
        groups=tuple(WeightedGroup(g, tuple(rows[g])) for g in ordered),
        label_width=label_width,
        cell_width=cell_width,
        width=min(width, 96),
    )
