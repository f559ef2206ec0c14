"""A node's outcome as the documents tell it (its moves, level, band, sign and chains), and
the layout of the text table of outcomes.

Examples
--------
>>> from macrograph import propagate, RunOptions
>>> from macrograph.graph.synthetic import labelled, rate_step, units_pack
>>> pack = labelled(units_pack(), {"price": "House price"})
>>> result = propagate(pack, rate_step(), RunOptions(draws=0))  # the rate +20bp
>>> row = outcome(pack, result, "price", "1m", None)
>>> row.label, row.comparative
('House price', 'lower')
"""

from __future__ import annotations

import itertools
from typing import TypedDict

from msgspec import Struct
from msgspec.structs import replace

from macrograph.explain.contexts.base import (
    Citations,
    is_plural,
    move_words,
    node_groups,
    node_name,
    p_sign,
    sign_word,
)
from macrograph.explain.contexts.routes import (
    Chain,
    Remainder,
    carried_through,
    chains_for,
    set_directly,
)
from macrograph.explain.filters import band, level, move, percent, shows
from macrograph.explain.wording.grammar import MoveWords
from macrograph.graph.result import Band, NodeOutcome, Result
from macrograph.rules.columns import cells as columns_of
from macrograph.rules.english.forms import listed
from macrograph.rules.pack import Pack


class Outcome(Struct, frozen=True):
    """One outcome of the scenario against its comparison, with its story when it is key."""

    node: str
    label: str
    name: str
    unit: str
    kind: str
    group: str
    cells: tuple[float, ...]
    move: float
    level: float | None
    level_against: float | None
    band: Band | None
    p_sign: float | None
    certainty: str
    comparative: str
    key: bool
    chains: tuple[Chain, ...]
    remainder: Remainder | None
    rules: tuple[str, ...]
    plural: bool = False  # the name takes a plural verb ("positions end higher")
    outweighed: Remainder | None = None  # what the rest adds, where the first route alone misleads
    direct: float | None = None  # the part its own shocks set, where they move it (told)
    direct_cites: tuple[int, ...] = ()
    swings: tuple[tuple[str, float], ...] = ()  # its moves by horizon, where their sign turns


def comparative(words: MoveWords, value: float) -> str:
    """'higher' or 'lower' ('wider' or 'narrower' for a spread) for a signed move of a node
    with move ``words``.

    Examples
    --------
    >>> from macrograph.explain.wording.grammar import MOVE_WORDS
    >>> comparative(MOVE_WORDS["widen"], -0.1), comparative(MOVE_WORDS["rise"], 0.2)
    ('narrower', 'higher')
    """
    return words.comparative(value > 0)


CHAINS, CHAIN_SHARE = 8, 0.1  # every route that carries at least 10% of the move


def outcome(
    pack: Pack,
    result: Result,
    node_id: str,
    h: str,
    cites: Citations | None,
    limit: int = CHAINS,
    share: float = CHAIN_SHARE,
) -> Outcome:
    """A node's outcome; with ``cites``, its main chains are told and cited: the strongest
    path, and up to ``limit - 1`` more that each carry at least ``share`` of the move.

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> row = outcome(pack, result, "b", "3m", Citations(pack, result))
    >>> row.move, row.comparative, row.rules, [c.shock for c in row.chains]
    (-0.5, 'lower', ('a_to_b',), ['a slumps'])
    """
    node = result.nodes[node_id]
    # a move that reads as zero has no direction to be sure of ("0% lower" says nothing)
    p = p_sign(node, h) if shows(node.delta[h], node.unit) else None
    told = chains_for(pack, result, node, h, limit, cites, share) if cites else None
    chains, rest = told or ((), None)
    rules = tuple(r for ch in chains for r in ch.rules) + (rest.rules if rest else ())
    # a threshold's jump is a rule's doing, not a move set directly (its key reads event:)
    own = list(node.set_directly)
    total = sum(c.amount[h] for c in own)
    told_direct = cites is not None and shows(total, node.unit)  # cited, and it shows
    direct = total if told_direct else None
    numbers: tuple[int, ...] = ()
    if cites is not None and told_direct:
        numbers = tuple(dict.fromkeys(cites.cite(f"shock:{c.shock}") for c in own))
    return Outcome(
        node=node_id,
        label=node.label,
        name=node_name(pack, node_id),
        unit=node.unit,
        kind=node.kind,
        group=node_groups(pack)[node_id],
        cells=tuple(node.delta[x] for x in result.horizons),
        move=node.delta[h],
        level=node.level[h],
        level_against=node.level_against[h],
        band=node.band[h] if node.band else None,
        p_sign=p,
        certainty=sign_word(p) if p is not None else "",
        comparative=comparative(move_words(pack, node_id), node.delta[h]),
        key=cites is not None,
        chains=chains,
        remainder=rest,
        rules=tuple(dict.fromkeys(rules)),
        plural=is_plural(pack, node_id),
        outweighed=_outweighed(pack, node, chains, rest, h),
        direct=direct,
        direct_cites=numbers,
        swings=swings(result, node_id, h),
    )


def swings(result: Result, node_id: str, h: str) -> tuple[tuple[str, float], ...]:
    """The node's moves at each horizon before ``h`` when those that show up to ``h`` turn
    at least twice (a stock that overshoots and swings back: an oscillation); else empty.

    Examples
    --------
    >>> from macrograph import propagate, RunOptions
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> result = propagate(pack_of([rule("a_lifts_b", "a", "b", 0.5)]), "none", RunOptions(draws=0))
    >>> swings(result, "b", "3m")  # nothing moves, nothing swings
    ()
    """
    node, horizons = result.nodes[node_id], result.horizons
    shown = [(x, node.delta[x]) for x in horizons[: horizons.index(h) + 1]]
    shown = [(x, d) for x, d in shown if shows(d, node.unit)]
    turns = sum((a > 0) != (b > 0) for (_, a), (_, b) in itertools.pairwise(shown))
    return tuple((x, d) for x, d in shown if x != h) if turns >= 2 else ()


def _outweighed(
    pack: Pack, node: NodeOutcome, chains: tuple[Chain, ...], rest: Remainder | None, h: str
) -> Remainder | None:
    """Where a note tells the first route alone and it misleads (:func:`misleads`), what
    everything else adds: the other routes (and the input most of them arrive through), and
    the feedback loops as ``rest`` has them. The part the node's own shocks set is told
    apart (not another route)."""
    move = node.delta[h]
    if not chains or rest is None or not misleads(chains[0].amount, move):
        return None
    others = move - set_directly(node, h) - chains[0].amount
    paths = others - rest.loops
    through, mostly = carried_through(pack, node, {chains[0].rules[-1]}, paths, h)
    shown = shows(paths, rest.unit) or not rest.has_loops
    return replace(
        rest, amount=others, paths=paths, has_paths=shown, through=through, mostly=mostly
    )


def misleads(route: float, move: float) -> bool:
    """Whether a route told alone would mislead about the move it belongs to: it goes the
    other way, or it is more than twice the move (loops or other routes take most back).

    Examples
    --------
    >>> misleads(-182.0, 0.19), misleads(1.5, 1.0), misleads(2.5, 1.0)
    (True, False, True)
    """
    return route * move < 0 or abs(route) > 2 * abs(move)


PROSE_WIDTH = 96
"""Prose wraps here on a wider page: longer lines read badly."""

LABEL_FLOOR = 18
"""The narrowest a table's labels are made (they wrap onto a second line, indented)
before horizons are left out to fit the width: a label cut to its first letters names
no row."""


class TableLayout(TypedDict):
    """Column widths of the text table (0: the column is left out)."""

    label_width: int
    cell_width: int
    level_width: int
    band_width: int
    sign_width: int
    dropped: tuple[str, ...]  # the columns left out to fit the width: headings, then changes
    columns: tuple[int, ...]  # the horizons shown, by index (others left out to fit)


def table_layout(
    table: tuple[Outcome, ...], horizons: tuple[str, ...], h: str, width: int
) -> TableLayout:
    """Column widths of the key-outcomes table so that a row fits ``width`` (0: left out):
    the band, the level, room in the labels, the sign, the middle horizons, then the first
    horizon go before a label's words are cut.

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> table = (outcome(pack, result, "b", "3m", None),)
    >>> wide, narrow = (table_layout(table, result.horizons, "3m", w) for w in (80, 30))
    >>> wide["label_width"], wide["cell_width"], wide["columns"]
    (14, 11, (0, 1, 2, 3))
    >>> narrow["columns"], narrow["dropped"]  # 30 columns: the middle horizons go
    ((0, 3), ('the changes at 1w and 1m',))
    """
    cells = [move(x, o.unit) for o in table for x in o.cells]
    bands = [band(o.band, o.unit) for o in table if o.band is not None]
    levels = [level(o.level, o.unit) for o in table if o.level is not None]
    signs = [f"{percent(o.p_sign)} {o.comparative}" for o in table if o.p_sign is not None]
    full_label = max([columns_of(o.label) for o in table] + [12]) + 2
    cols: TableLayout = {  # a column with nothing to show (no draws, no levels) is left out
        "label_width": full_label,
        "cell_width": max([columns_of(c) for c in cells] + [6]) + 2,
        "level_width": max([columns_of(x) for x in levels] + [len(f"level at {h}")]) + 2
        if levels
        else 0,
        "band_width": max([columns_of(b) for b in bands] + [len(f"p5 to p95 at {h}")]) + 2
        if bands
        else 0,
        "sign_width": max([columns_of(s) for s in signs] + [len(f"sign at {h}")]) if signs else 0,
        "dropped": (),
        "columns": tuple(range(len(horizons))),
    }
    shown = [n for n in ("level", "band", "sign") if cols[f"{n}_width"]]  # type: ignore[literal-required]

    def total() -> int:
        extra = 2 if cols["band_width"] or cols["sign_width"] else 0
        fixed = cols["cell_width"] * len(cols["columns"]) + cols["level_width"] + cols["band_width"]
        return 2 + cols["label_width"] + fixed + extra + cols["sign_width"]

    if total() > width:
        cols["band_width"] = 0
    if total() > width:
        cols["level_width"] = 0
    floor = min(full_label, LABEL_FLOOR)  # labels wrap onto more lines down to this
    if total() > width:
        cols["label_width"] = max(floor, cols["label_width"] - (total() - width))
    if total() > width:
        cols["sign_width"] = 0
    longest = max((columns_of(w) for o in table for w in o.label.split()), default=0) + 2
    if total() > width:  # down to the longest word: a horizon goes before a word is cut
        narrowest = min(floor, max(12, longest))
        cols["label_width"] = max(narrowest, cols["label_width"] - (total() - width))
    if total() > width:  # many horizons: one space between cells
        cols["cell_width"] = max([columns_of(c) for c in cells] + [6]) + 1
    cols["columns"], left_out = _fitting_horizons(horizons, h, total() - width, cols["cell_width"])
    first = horizons[cols["columns"][0]]
    cut = cols["label_width"] - (total() - width) < longest  # a label's word would be cut
    if total() > width and cut and first != h:  # the focus alone, before that
        cols["columns"], left_out = cols["columns"][1:], (first, *left_out)
    if total() > width:  # the focus alone is still too wide
        cols["label_width"] = max(8, cols["label_width"] - (total() - width))
    # What a dropped column freed goes back to the labels, up to their full length.
    cols["label_width"] = min(full_label, cols["label_width"] + max(0, width - total()))
    headings = {"level": f"level at {h}", "band": f"p5 to p95 at {h}", "sign": f"sign at {h}"}
    gone = [n for n in shown if not cols[f"{n}_width"]]  # type: ignore[literal-required]
    said = f"the change{'s' * (len(left_out) > 1)} at {listed(left_out)}" if left_out else ""
    changes = (said,) if said else ()
    cols["dropped"] = tuple(headings[n] for n in gone) + changes  # not 'level at 3m, 1w'
    return cols


def _fitting_horizons(
    horizons: tuple[str, ...], h: str, over: int, cell: int
) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """The horizons a table ``over`` characters too wide keeps (by index), and those it
    leaves out: from the middle outwards, never the first nor ``h``.

    Examples
    --------
    >>> _fitting_horizons(("1d", "1w", "1m", "3m", "1y"), "1y", 7, 8)  # 7 too wide: one goes
    ((0, 1, 3, 4), ('1m',))
    """
    keep = list(range(len(horizons)))
    fixed = {0, horizons.index(h)} if h in horizons else {0}
    while over > 0:
        middle = [i for i in keep if i not in fixed]
        if not middle:
            break
        keep.remove(middle[len(middle) // 2])
        over -= cell
    gone = tuple(horizons[i] for i in range(len(horizons)) if i not in keep)
    return tuple(keep), gone
