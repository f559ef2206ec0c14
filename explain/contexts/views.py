"""Context of the side-by-side answer: one scenario under two views, key outcomes by horizon.

The left view is the pack as loaded (the evidence view, or the ``--overlay`` given); the
right, the pack with another overlay (a source text's own view, a calibration). Each row
is a key outcome with, separately, the level each view starts from (where it has one: the
level without the question, in the comparison), the question's effect in each view (its
change against the comparison) and the difference of the two effects, right minus left, in
the node's unit. The two views may start from different levels (an overlay can move a
baseline); that is shown, never mixed into the difference.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from msgspec import Struct

from macrograph.explain.contexts.base import group_order, node_groups, salience
from macrograph.explain.contexts.bounds import BoundNote, bound_notes
from macrograph.explain.filters import gap, level, move
from macrograph.explain.selection import key_outcomes
from macrograph.explain.wording.speaking import speaks_pack
from macrograph.graph.evidence.compare import ViewComparison
from macrograph.graph.result import Result
from macrograph.graph.words.reading import asked_words
from macrograph.rules.columns import cells as columns_of
from macrograph.rules.pack import Pack
from macrograph.rules.vocabulary import vocabulary_for

LEFT_NAME = "the evidence"  # the pack as it stands, without an overlay
COLUMN = 11  # characters of a number column of the text table
EFFECTS_COLUMN = 13  # ... when it shows the effects alone (a view's name heads each)
LABEL_AT_LEAST = 14  # characters of an outcome's label below which the start columns go


class ViewRow(Struct, frozen=True):
    """One outcome in both views at one horizon: where each starts (None without a level),
    the question's effect in each, and the difference of the effects (right minus left)."""

    node: str
    label: str
    unit: str
    left_start: float | None
    right_start: float | None
    left_effect: float
    right_effect: float
    difference: float

    @property
    def has_level(self) -> bool:
        """True when the outcome has levels to start from."""
        return self.left_start is not None and self.right_start is not None


class ViewHorizon(Struct, frozen=True):
    """The rows of one horizon."""

    horizon: str
    date: date
    rows: tuple[ViewRow, ...]


class ViewsContext(Struct, frozen=True):
    """What the ``views.*.j2`` templates read."""

    title: str
    scenario: str
    against: str
    against_title: str
    left: str
    right: str
    horizons: tuple[ViewHorizon, ...]
    label_width: int
    width: int = 96
    starts: bool = True  # the text table has room for the start levels
    column: int = COLUMN  # characters of each number column of the text table
    past_bounds: tuple[ViewBound, ...] = ()  # levels past a node's floor or ceiling, by view
    percents: str = ""  # how differences of percent changes read, when an outcome's are
    asked: str = ""  # the scenario as typed, where it is a question in plain words
    labels_above: bool = False  # text: each outcome's label on a line of its own, above its
    # figures, where the figures leave no room beside them for a label's longest word


class ViewBound(Struct, frozen=True):
    """A level past a bound in one of the two views (``view`` names it)."""

    view: str
    note: BoundNote


def view_name(pack: Pack, overlay_id: str, label: str | None = None) -> str:
    """How a view is named in a column: the overlay's label, its id, or the evidence view.

    Examples
    --------
    >>> from macrograph.graph.synthetic import slump_pack
    >>> pack = slump_pack()
    >>> view_name(pack, ""), view_name(pack, "calibrated"), view_name(pack, "wet", "A wet year")
    ('the evidence', 'calibrated', 'A wet year')
    """
    return label or overlay_id or LEFT_NAME


def _key_nodes(left: Pack, right: Pack, view: ViewComparison) -> tuple[str, ...]:
    """The key outcomes of either view at any horizon, in the what-if table's group order."""
    found: set[str] = set()
    for pack, result in zip((left, right), view.results, strict=True):
        for h in view.horizons:
            found.update(key_outcomes(pack, result, h))
    groups, order = node_groups(left), group_order(left)
    last = view.horizons[-1]

    def rank(n: str) -> tuple[int, float, str]:
        group = groups.get(n, "")
        at = order.index(group) if group in order else len(order)
        return at, -salience(view.left_delta[n][last], left.nodes[n].unit), n

    return tuple(sorted(found, key=rank))


def view_rows(
    pack: Pack, view: ViewComparison, nodes: tuple[str, ...], h: str
) -> tuple[ViewRow, ...]:
    """``nodes`` at ``h`` in both views: start levels (where the unit shows levels), effects
    and the difference of the effects.

    Examples
    --------
    >>> from macrograph.graph.evidence.compare import compare_views
    >>> from macrograph.graph.synthetic import floor_pack, wet_view
    >>> from macrograph.rules.overlay import overlay_applied
    >>> pack = floor_pack()
    >>> other = overlay_applied(pack, wet_view(), "wet.yaml")  # b starts higher, falls twice
    >>> [row] = view_rows(pack, compare_views(pack, other, "a-falls", ("1w",)), ("b",), "1w")
    >>> row.left_start, row.right_start  # each view's level of b without the question
    (0.2, 0.5)
    >>> row.left_effect, row.right_effect, row.difference
    (-0.5, -1.0, -0.5)
    """
    rows = []
    for n in nodes:
        node = pack.nodes[n]
        levels = vocabulary_for(pack.info).unit(node.unit).levels
        starts = (view.left_start[n][h], view.right_start[n][h]) if levels else (None, None)
        left, right = view.left_delta[n][h], view.right_delta[n][h]
        rows.append(ViewRow(n, node.label, node.unit, *starts, left, right, right - left))
    return tuple(rows)


@speaks_pack
def build_views(
    left: Pack, right: Pack, view: ViewComparison, right_label: str | None = None, width: int = 96
) -> ViewsContext:
    """The side-by-side table of ``view`` (built by :func:`compare_views`).

    Examples
    --------
    >>> from macrograph.graph.evidence.compare import compare_views
    >>> from macrograph.graph.synthetic import floor_pack, wet_view
    >>> from macrograph.rules.overlay import overlay_applied
    >>> pack = floor_pack()
    >>> other = overlay_applied(pack, wet_view(), "wet.yaml")
    >>> ctx = build_views(pack, other, compare_views(pack, other, "a-falls", ("1w",)))
    >>> ctx.left, ctx.right, ctx.horizons[0].horizon
    ('the evidence', 'wet', '1w')
    """
    nodes = _key_nodes(left, right, view)
    horizons = tuple(
        ViewHorizon(h, view.dates[h], view_rows(left, view, nodes, h)) for h in view.horizons
    )
    label_width = max((columns_of(left.nodes[n].label) for n in nodes), default=10) + 2
    # five number columns where they fit with a readable label, else the effects alone;
    # a column is as wide as its widest figure in the pack's units ('4.20k patients')
    # and a space more where a figure has words ('8.0m bags  +0.10m bags', not one space)
    rows = [r for h in horizons for r in h.rows]
    widest = _widest([c for r in rows for c in _cells(r, True)])
    starts = width - 3 - 5 * max(COLUMN, widest) >= LABEL_AT_LEAST
    if not starts:
        widest = _widest([c for r in rows for c in _cells(r, False)])
    column = max(COLUMN if starts else EFFECTS_COLUMN, widest)
    count = 5 if starts else 3
    room = width - 3 - count * column  # the difference column is one wider
    word = max((columns_of(w) for n in nodes for w in left.nodes[n].label.split()), default=0)
    if room < word + 2 and column > COLUMN and widest == column:
        # a figure with words keeps one space before the next rather than break a label's
        # word ('admissio-' 'ns' beside '+12 admissions a day')
        column, room = column - 1, room + count
    names = view_name(left, view.left), view_name(right, view.right, right_label)
    # a view's name heads its column: the room the labels leave widens the columns towards
    # the longer name ('Renewal's pollster'), which breaks over lines where it still lacks
    named = max(columns_of(n) for n in names) + 2
    if not starts and named > column and room > label_width:
        grow = min(named - column, (room - label_width) // count)
        column, room = column + grow, room - grow * count
    above = not starts and room < word + 2  # '+468 bus journeys a week' three times over
    return ViewsContext(
        title=f"{view.title}: {names[0]} and {names[1]}",
        scenario=view.scenario,
        against=view.against or "",
        against_title=view.against_title or "",
        left=names[0],
        right=names[1],
        horizons=horizons,
        # above: what the figures leave of the line, its indent of two included (-2 at least)
        label_width=max(-2, room) if above else min(label_width, max(10, room)),
        labels_above=above,
        width=min(width, 96),
        starts=starts,
        column=column,
        past_bounds=_past_bounds((left, right), view.results, names),
        percents=percents_note(left, rows),
        asked=asked_words(view.results[0].reading) if view.results else "",
    )


def percents_note(pack: Pack, rows: Iterable[ViewRow]) -> str:
    """What a difference of two percent changes is written in, when a row's changes are
    percents ("" when none is): percentage points, as the pack writes them.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> price = ViewRow("price", "price", "pct_change", 150.0, 150.0, -0.2, -0.3, -0.1)
    >>> rate = ViewRow("rate", "rate", "pct", 2.0, 2.0, 0.2, 0.2, 0.0)
    >>> percents_note(units_pack(), [price, rate]), percents_note(units_pack(), [rate])  # bp
    ('percent changes differ in percentage points, pp', '')
    """
    words = vocabulary_for(pack.info)
    if not any(words.unit(r.unit).change == "percent" for r in rows):
        return ""
    said = words.points.strip()
    note = "percent changes differ in percentage points"
    return note if said == "percentage points" else f"{note}, {said}"


def _widest(cells: list[str]) -> int:
    """A number column's width for ``cells``: the widest and a space, two where a figure
    has words in it, so that one column's words do not run into the next's.

    Examples
    --------
    >>> _widest(["+1.8%", "153.9"]), _widest(["8.0m bags", "+0.10m bags"]), _widest([])
    (6, 13, 1)
    """
    widest = max((columns_of(c) for c in cells), default=0)
    return widest + (2 if any(" " in c for c in cells) else 1)


def _cells(row: ViewRow, starts: bool) -> tuple[str, ...]:
    """A row's figures as the text table writes them: its effects and difference, and with
    ``starts`` the levels each view starts from."""
    effects = (move(row.left_effect, row.unit), move(row.right_effect, row.unit))
    cells = (*effects, gap(row.difference, row.unit))
    if not (starts and row.left_start is not None and row.right_start is not None):
        return cells
    return (level(row.left_start, row.unit), level(row.right_start, row.unit), *cells)


def _past_bounds(
    packs: tuple[Pack, Pack], results: tuple[Result, ...], names: tuple[str, str]
) -> tuple[ViewBound, ...]:
    """Each view's levels past a bound, at the last horizon where one passes (the left
    view's first)."""
    return tuple(
        ViewBound(name, note)
        for pack, result, name in zip(packs, results, names, strict=False)
        for note in bound_notes(pack, result, result.horizons[-1])
    )


def views_json(context: ViewsContext) -> dict[str, Any]:
    """The side-by-side table as a JSON-ready dict.

    Examples
    --------
    >>> ctx = ViewsContext("t", "s", "", "", "evidence", "article", (), 10)
    >>> sorted(views_json(ctx))  # doctest: +NORMALIZE_WHITESPACE
    ['against', 'against_title', 'horizons', 'left', 'right', 'rows', 'scenario',
     'schema_version', 'title']
    """
    return {
        "schema_version": 2,
        "title": context.title,
        "scenario": context.scenario,
        "against": context.against or None,
        "against_title": context.against_title or None,
        "left": context.left,
        "right": context.right,
        "horizons": [h.horizon for h in context.horizons],
        "rows": [
            {
                "node": r.node,
                "label": r.label,
                "unit": r.unit,
                "horizon": h.horizon,
                "date": h.date.isoformat(),
                "left_start": r.left_start,
                "right_start": r.right_start,
                "left_effect": r.left_effect,
                "right_effect": r.right_effect,
                "difference": r.difference,
            }
            for h in context.horizons
            for r in h.rows
        ],
    }
