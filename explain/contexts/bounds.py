"""Levels past a physical bound, as a reader is told of them: one note per node and side.

The engine's rules are linear, so a large shock can take a stock below 0; the result
records every such level (:func:`macrograph.graph.bounded.past_bounds`) and the documents
say so under their key outcomes, naming the node, the level and the bound.

Examples
--------
>>> from macrograph import propagate, RunOptions
>>> from macrograph.graph.synthetic import floor_pack, labelled
>>> pack = labelled(floor_pack(), {"b": "Grain in store"})  # 0.2, floored at 0, falls 0.5
>>> [note] = bound_notes(pack, propagate(pack, "a-falls", RunOptions(draws=0)), "3m")
>>> note.name, note.side, note.bound, round(note.level, 1), note.horizon, note.band
('grain in store', 'floor', 0.0, -0.3, '3m', False)
"""

from __future__ import annotations

from itertools import groupby

from msgspec import Struct

from macrograph.explain.contexts.base import node_name
from macrograph.explain.filters import level
from macrograph.graph.records import PastBound
from macrograph.graph.result import Result
from macrograph.rules.pack import Pack


class BoundNote(Struct, frozen=True):
    """A node whose level passes its floor or ceiling: the level told, and where."""

    node: str
    name: str  # as it reads mid-sentence
    unit: str
    side: str  # "floor" or "ceiling"
    bound: float
    level: float
    horizon: str
    band: bool  # only an end of the 5%-95% band passes the bound, not the level itself
    stock: bool = False  # an integrate rule fills or drains it: its floor is all of it


def bound_notes(pack: Pack, result: Result, focus: str) -> tuple[BoundNote, ...]:
    """One note per node and side past a bound, by node name.

    The level told is the scenario's at ``focus`` (the horizon of the table's level
    column) when it passes there, else the one farthest past the bound; an end of the
    band is told only when the level itself never passes. A level that passes by less than
    its unit shows a level by (a band end at -0.04 m³/s reads as the floor of 0.0) is not told.

    Examples
    --------
    >>> from msgspec.structs import replace
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> from macrograph.graph.synthetic.runs import shocked
    >>> pack = pack_of([rule("a_to_b", "a", "b", 0.5)], baselines={"a": 0.5, "b": 0.2})
    >>> floored = pack.nodes["b"].model_copy(update={"floor": 0.0})
    >>> pack = replace(pack, nodes={**pack.nodes, "b": floored})
    >>> result = shocked(pack, "a", -1.0)  # b: 0.2 - 0.5 = -0.3
    >>> [note] = bound_notes(pack, result, "3m")
    >>> note.name, note.side, note.bound, note.level, note.horizon, note.band
    ('b', 'floor', 0.0, -0.3, '3m', False)
    """
    notes = []
    by_side = sorted(result.past_bounds, key=lambda b: (b.node, b.side))
    for (node_id, side), group in groupby(by_side, key=lambda b: (b.node, b.side)):
        unit = result.nodes[node_id].unit
        seen = tuple(b for b in group if level(b.level, unit) != level(b.bound, unit))
        if not seen:
            continue
        told = _told(seen, focus)
        notes.append(
            BoundNote(
                node=node_id,
                name=node_name(pack, node_id),
                unit=unit,
                side=side,
                bound=told.bound,
                level=told.level,
                horizon=told.horizon,
                band=told.reading != "level",
                stock=any(
                    r.target == node_id and r.kind == "integrate" for r in pack.rules.values()
                ),
            )
        )
    return tuple(sorted(notes, key=lambda n: (n.name, n.side)))


def _told(passed: tuple[PastBound, ...], focus: str) -> PastBound:
    """The crossing a note tells: the level's over a band end's, at ``focus`` if it is
    there, else the farthest past the bound."""
    levels = tuple(b for b in passed if b.reading == "level") or passed
    at_focus = [b for b in levels if b.horizon == focus and b.reading == levels[0].reading]
    if at_focus:
        return at_focus[0]
    return max(levels, key=lambda b: (abs(b.level - b.bound), b.horizon))
