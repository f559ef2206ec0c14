"""The briefing note's opening: the key outcomes and a bottom line made from their numbers.

The key outcomes are the pack's ``key_outcomes`` (every one of them, in the pack's order,
called by the pack's ``key_outcomes_name``: "key markets" in the bundled pack), else the
nodes that move notably. The bottom line says three things, each from the result: what the
event does to them (their largest moves), how sure the model is (the share of Monte Carlo
draws that agree on each direction) and what would change the view (the nearest trigger of a
threshold rule, and the compared scenario that moves a key outcome furthest). The sentences
are written by the templates from these figures; nothing here names a node or a market.

Examples
--------
>>> from macrograph.graph.synthetic_runs import slump_answer
>>> pack, result = slump_answer()
>>> rows = key_rows_of(pack, result, "3m")
>>> [o.node for o in rows]
['b']
>>> line = bottom_line(pack, result, "3m", rows, (), None)
>>> line.largest[0].name, line.draws
('b', 0)
"""

from __future__ import annotations

from datetime import date

from msgspec import Struct
from msgspec.structs import replace

from macrograph.explain.brief.comparison import Column, CompareRow
from macrograph.explain.contexts.base import SIGN_WORDS, node_name, salience
from macrograph.explain.contexts.bounds import BoundNote, bound_notes
from macrograph.explain.contexts.levels import Threshold
from macrograph.explain.contexts.outcome import Outcome, outcome
from macrograph.explain.filters import shows
from macrograph.explain.selection import key_nodes_of
from macrograph.graph.result import Band, Result
from macrograph.rules.pack import Pack

LARGEST = 3  # key outcomes the first sentence names, the largest moves first
SURE_AT = {word: floor for floor, word in SIGN_WORDS}["likely"]  # "likely" or better


class KeyMove(Struct, frozen=True):
    """A key outcome's move as the bottom line tells it."""

    name: str  # as it reads mid-sentence ("the 10y bond yield")
    move: float
    unit: str
    comparative: str  # higher, lower, wider, narrower
    p_sign: float | None  # the share of draws that agree on the direction
    certainty: str
    band: Band | None  # the 5th to 95th percentile of the draws
    plural: bool = False  # the name takes a plural verb ("prices lie between")


class Swing(Struct, frozen=True):
    """The compared scenario that moves a key outcome furthest from this one's answer."""

    scenario: str
    title: str
    name: str
    unit: str
    value: float  # the outcome in that scenario: its level, or its change from no shocks
    own: float  # the same in the note's scenario
    is_level: bool
    node: str = ""
    past: BoundNote | None = None  # the note's own level past its node's floor or ceiling


class BottomLine(Struct, frozen=True):
    """The figures of the three sentences: moves, sureness, and what would change the view.

    ``one`` and ``many`` are what the pack calls its key outcomes ("key market", "key
    markets"); the machinery has no word of its own for them."""

    one: str
    many: str
    horizon: str
    date: date
    count: int  # key outcomes in the table
    largest: tuple[KeyMove, ...]
    others: int  # key outcomes the first sentence leaves to the table
    still: int  # of those, the ones that do not move (none shows in their unit)
    draws: int
    moving: int  # key outcomes that move
    sure: tuple[KeyMove, ...]  # directions that hold in at least SURE_AT of the draws
    more_sure: int  # sure ones beyond those named (``sure`` names the largest)
    unsure: int  # moving key outcomes whose direction is less sure than that
    most_one_sided: KeyMove | None  # the surest of the unsure, when none is sure
    sure_at: float
    trigger: Threshold | None  # a trigger that fired, else the nearest one not reached
    swing: Swing | None


def key_rows_of(pack: Pack, result: Result, h: str) -> tuple[Outcome, ...]:
    """The key outcomes' table rows at ``h``, in the pack's order (no chains: a table).

    Examples
    --------
    >>> from macrograph.graph.synthetic_runs import slump_answer
    >>> pack, result = slump_answer()
    >>> [(o.node, o.move, o.comparative) for o in key_rows_of(pack, result, "3m")]
    [('b', -0.5, 'lower')]
    """
    return tuple(outcome(pack, result, n, h, None) for n in key_nodes_of(pack, result, h))


def _told(pack: Pack, row: Outcome) -> KeyMove:
    name = node_name(pack, row.node)
    return KeyMove(
        name, row.move, row.unit, row.comparative, row.p_sign, row.certainty, row.band, row.plural
    )


def _ranked(rows: tuple[Outcome, ...]) -> list[Outcome]:
    """The moving rows, largest first (in notable moves of their unit)."""
    moving = [o for o in rows if shows(o.move, o.unit)]
    return sorted(moving, key=lambda o: (-salience(o.move, o.unit), o.node))


def bottom_line(
    pack: Pack,
    result: Result,
    h: str,
    rows: tuple[Outcome, ...],
    triggers: tuple[Threshold, ...],
    swing: Swing | None,
) -> BottomLine:
    """The bottom line's figures from the key outcomes' ``rows`` at ``h``.

    Examples
    --------
    >>> from macrograph.graph.synthetic_runs import slump_answer
    >>> pack, result = slump_answer()
    >>> line = bottom_line(pack, result, "3m", key_rows_of(pack, result, "3m"), (), None)
    >>> line.count, line.moving, line.largest[0].move, line.trigger
    (1, 1, -0.5, None)
    """
    moving = _ranked(rows)
    drawn = [o for o in moving if o.p_sign is not None]
    sure = [o for o in drawn if (o.p_sign or 0.0) >= SURE_AT]
    unsure = [o for o in drawn if (o.p_sign or 0.0) < SURE_AT]
    one_sided = max(unsure, key=lambda o: (o.p_sign or 0.0, -moving.index(o)), default=None)
    one, many = pack.info.key_outcomes_name
    return BottomLine(
        one=one,
        many=many,
        horizon=h,
        date=result.dates[h],
        count=len(rows),
        largest=tuple(_told(pack, o) for o in moving[:LARGEST]),
        others=len(rows) - min(len(moving), LARGEST),
        still=len(rows) - len(moving),
        draws=result.draws,
        moving=len(moving),
        sure=tuple(_told(pack, o) for o in sure[:LARGEST]),
        more_sure=max(0, len(sure) - LARGEST),
        unsure=len(unsure),
        most_one_sided=_told(pack, one_sided) if one_sided is not None and not sure else None,
        sure_at=SURE_AT,
        trigger=nearest_trigger(triggers),
        swing=_with_bound(pack, result, h, swing),
    )


def _with_bound(pack: Pack, result: Result, h: str, swing: Swing | None) -> Swing | None:
    """``swing`` with its own level's bound where that level lies past it: a level below a
    stock's floor is told so, not as a plain level ('-311 a day')."""
    if swing is None or not swing.is_level:
        return swing
    notes = bound_notes(pack, result, h)
    past = next((b for b in notes if b.node == swing.node and not b.band and b.horizon == h), None)
    return replace(swing, past=past)


def nearest_trigger(triggers: tuple[Threshold, ...]) -> Threshold | None:
    """The trigger the view rests on (the first that fired, where the comparison's did not
    fire on that day too: one that fires alike in both worlds is no part of their
    difference), else the nearest not reached whose rules a `when` does not hold back
    (reaching it would set nothing off).

    Examples
    --------
    >>> nearest_trigger(()) is None
    True
    """
    fired = [t for t in triggers if t.fired is not None and t.fired != t.fired_against]
    if fired:
        return min(fired, key=lambda t: (t.fired, t.name))
    waiting = [t for t in triggers if t.gap is not None and t.fired is None and not t.shut]
    return min(waiting, key=lambda t: (salience(t.gap or 0.0, t.unit), t.name), default=None)


def largest_swing(
    pack: Pack,
    scenario: str,
    columns: tuple[Column, ...],
    rows: tuple[CompareRow, ...],
) -> Swing | None:
    """Among the compared scenarios (not the probability-weighted views), the one whose
    answer for a key outcome lies furthest from ``scenario``'s, in notable moves of its
    unit; None when ``scenario`` is not compared or nothing differs.

    Examples
    --------
    >>> from macrograph.explain.brief.comparison import comparison_table
    >>> from macrograph.graph.synthetic import slump_pack
    >>> pack = slump_pack()
    >>> columns, rows = comparison_table(pack, ("a-slumps", "none"), ("b",), "3m")
    >>> swing = largest_swing(pack, "a-slumps", columns, rows)
    >>> swing.scenario, swing.name, swing.value, swing.own
    ('none', 'b', 0.0, -0.5)
    """
    plain = [i for i, c in enumerate(columns) if not c.weights]
    own = next((i for i in plain if columns[i].scenario == scenario), None)
    if own is None:
        return None
    best: tuple[float, Swing] | None = None
    for i in plain:
        if i == own:
            continue
        for row in rows:
            mine, theirs = row.cells[own], row.cells[i]
            far = salience(theirs.change - mine.change, mine.unit)
            if far > 0 and shows(theirs.change - mine.change, mine.unit):
                found = Swing(
                    columns[i].scenario,
                    columns[i].title,
                    node_name(pack, row.node),
                    mine.unit,
                    theirs.value,
                    mine.value,
                    mine.is_level,
                    row.node,
                )
                if best is None or far > best[0]:
                    best = (far, found)
    return best[1] if best else None
