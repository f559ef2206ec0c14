"""Filtering a pack's nodes, rules, scenarios and episodes (for ``macrograph list``)."""

from __future__ import annotations

from typing import Any

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


def rows(what: str, items: list[Any]) -> list[str]:
    """Aligned one-line summaries of selected items.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> pack = load_pack()
    >>> rows("episodes", [pack.episodes["boj-hike-dec-2025"]])[0][:44]
    'boj-hike-dec-2025            2025-12-19  The'
    """
    if what == "nodes":
        return [f"{n.id:<26} {n.kind:<14} {n.region:<7} {n.unit:<11} {n.label}" for n in items]
    if what == "rules":
        return [
            f"{r.id:<34} {r.source} -{r.effect}-> {r.target}  [{r.channel}, {r.kind}]"
            for r in items
        ]
    if what == "episodes":
        return [f"{e.id:<28} {e.date}  {e.title}" for e in items]
    return [f"{s.id:<22} {s.title}" + (f"  (vs {s.against})" if s.against else "") for s in items]
