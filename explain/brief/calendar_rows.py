"""The briefing note's policy calendar: each dated shock, what was priced, the surprise."""

from __future__ import annotations

from datetime import date

from msgspec import Struct

from macrograph.explain.contexts.base import Citations, node_name, pricing
from macrograph.graph.result import Result
from macrograph.rules.pack import Pack


class CalendarRow(Struct, frozen=True):
    """One dated shock: what happened, what was priced, the surprise."""

    date: date
    label: str
    name: str
    change: float | None
    level: float | None
    unit: str
    probability: float | None
    priced_change: float | None
    surprise: float | None
    tone: str
    differs: bool
    cite: int
    pricing: str = ""  # UNPRICED for a decision markets gave no odds


def calendar(pack: Pack, result: Result, cites: Citations) -> tuple[CalendarRow, ...]:
    """The scenario's shocks by date; ``differs`` marks those the comparison lacks.

    Examples
    --------
    >>> from macrograph.explain.contexts.base import Citations
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> [(r.date.isoformat(), r.label, r.change, r.differs, r.cite)
    ...  for r in calendar(pack, result, Citations(pack, result))]
    [('2025-01-06', 'a slumps', -1.0, True, 1)]
    """
    before = {s.key: (s.change, s.level) for s in result.against_shocks}
    rows = []
    for s in result.shocks:
        unit, surprise = pack.nodes[s.node].unit, s.surprise
        tone = "" if not surprise else ("hawkish" if surprise > 0 else "dovish")
        differs = before.get(s.key) != (s.change, s.level)
        row = CalendarRow(
            date=s.date,
            label=s.label,
            name=node_name(pack, s.node),
            change=s.change,
            level=s.level,
            unit=unit,
            probability=s.priced_probability,
            priced_change=s.priced_change,
            surprise=surprise,
            tone=tone,
            differs=differs,
            cite=cites.cite(f"shock:{s.key}"),
            pricing=pricing(s),
        )
        rows.append(row)
    return tuple(rows)
