"""Filtering a pack's nodes, rules, scenarios and episodes (for ``macrograph list``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from macrograph.rules import columns
from macrograph.rules.pack import Pack


def select(
    pack: Pack,
    what: str,
    kind: str | None = None,
    region: str | None = None,
    channel: str | None = None,
) -> list[Any]:
    """The nodes, rules, scenarios or episodes matching every filter given, in id order.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> [r.id for r in select(load_pack(), "rules", channel="identity")]
    ... # doctest: +NORMALIZE_WHITESPACE
    ['jgb_2y_enters_gap', 'jgb_enters_spread', 'term_premium_lifts_jgb', 'ust_2y_enters_gap',
     'ust_enters_spread']
    """
    table: dict[str, Any] = {
        "nodes": pack.nodes,
        "rules": pack.rules,
        "scenarios": pack.scenarios,
        "episodes": pack.episodes,
    }
    items = [table[what][key] for key in sorted(table[what])]
    if kind is not None:
        items = [i for i in items if getattr(i, "kind", None) == kind]
    if region is not None:
        items = [i for i in items if getattr(i, "region", "").lower() == region.lower()]
    if channel is not None:
        items = [i for i in items if getattr(i, "channel", None) == channel]
    return items


def _aligned(
    cells: Sequence[Sequence[str]], least: tuple[int, ...], gaps: tuple[str, ...]
) -> list[tuple[str, str]]:
    """Rows of ``cells`` whose columns but the last are as wide as ``least`` or their longest
    cell, whichever is more (a pack's long unit id or node id keeps the columns straight);
    ``gaps`` go between the columns: each row's aligned columns, and its last."""
    widths = [max([w, *(columns.cells(c[i]) for c in cells)]) for i, w in enumerate(least)]
    return [
        (
            "".join(
                f"{columns.ljust(c[i], w)}{g}"
                for i, (w, g) in enumerate(zip(widths, gaps, strict=True))
            ),
            "".join(c[len(least) :]),
        )
        for c in cells
    ]


def row_parts(what: str, items: list[Any]) -> list[tuple[str, str]]:
    """Each summary as its aligned columns and its last, free text (a label, a title), so
    that a narrow terminal can wrap the last under its own column.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> pack = load_pack()
    >>> row_parts("nodes", [pack.nodes["usd_jpy"]])[0][1]
    'USD/JPY'
    >>> "".join(row_parts("episodes", [pack.episodes["boj-hike-dec-2025"]])[0])[:44]
    'boj-hike-dec-2025            2025-12-19  The'
    """
    if what == "nodes":
        cells = [(n.id, n.kind, n.region, n.unit, n.label) for n in items]
        return _aligned(cells, (0, 0, 0, 0), ("  ", "  ", "  ", "  "))  # as wide as they are
    if what == "rules":
        links = [
            (r.id, f"{r.source} -{r.effect}-> {r.target}  [{r.channel}, {r.kind}]") for r in items
        ]
        return _aligned(links, (34,), (" ",))
    if what == "episodes":
        return _aligned([(e.id, str(e.date), e.title) for e in items], (28, 10), (" ", "  "))
    titles = [(s.id, s.title + (f"  (vs {s.against})" if s.against else "")) for s in items]
    return _aligned(titles, (22,), (" ",))
