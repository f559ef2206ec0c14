"""Context of the probability-weighted view: each branch against the market-priced path,
at every horizon with its band, and the probability-weighted sum."""

from __future__ import annotations

from datetime import date

from msgspec import Struct
from msgspec.structs import replace

from macrograph.explain.contexts.base import group_order, node_groups
from macrograph.explain.filters import move, shows
from macrograph.explain.selection import TABLE_KINDS
from macrograph.explain.wording.speaking import speaks_pack
from macrograph.graph.result import Band
from macrograph.graph.weighted import WeightedView
from macrograph.rules.columns import cells as columns_of
from macrograph.rules.english.forms import after_one, plain
from macrograph.rules.pack import Pack
from macrograph.rules.vocabulary import UnitForm, active

MIN_LABEL = 12  # the narrowest label column, where the cells leave room for it
LEAST_LABEL = 8  # narrower still (labels wrap) where wide numbers would push past the width
WEIGHTED = "weighted"  # the last column's heading, as the templates print it


class Branch(Struct, frozen=True):
    """One outcome of the view, its short name and its probability."""

    scenario: str
    name: str
    title: str
    probability: float


class Priced(Struct, frozen=True):
    """A decision as the market-priced path takes it: probability times size."""

    label: str
    date: date
    unit: str
    probability: float
    size: float
    change: float


class Cell(Struct, frozen=True):
    """A move against the market-priced path and its p5-p95 band (None without draws);
    ``shown``: the move, p5 and p95 as text without the unit's words, where the row says
    them once beside its label (:func:`_beside`), else None."""

    value: float
    band: Band | None
    shown: tuple[str, str, str] | None = None


class WeightedRow(Struct, frozen=True):
    """A node's move in each branch and the probability-weighted move."""

    label: str
    unit: str
    cells: tuple[Cell, ...]
    expected: Cell
    note: str = ""  # the unit's words, beside the label, where the cells leave them out

    def all(self) -> tuple[Cell, ...]:
        """The branches' cells and the weighted one."""
        return (*self.cells, self.expected)


class WeightedGroup(Struct, frozen=True):
    """Rows of one transmission group (a declared group, or a kind's heading: rates, assets...)."""

    name: str
    rows: tuple[WeightedRow, ...]


class WeightedHorizon(Struct, frozen=True):
    """The groups of one horizon."""

    horizon: str
    date: date | None
    groups: tuple[WeightedGroup, ...]


class WeightedContext(Struct, frozen=True):
    """What the ``weighted.*.j2`` templates read."""

    title: str
    scenario: str
    odds: str  # "pack": the pack's (the market's) odds; "user": given on the command line
    priced: tuple[Priced, ...]
    branches: tuple[Branch, ...]
    horizons: tuple[WeightedHorizon, ...]
    draws: int
    seed: int
    label_width: int
    cell_width: int
    width: int = 96  # of a line of text output
    band_lines: int = 1  # 2: a band too wide for its cell is shown as a p5 and a p95 line
    horizon: str = ""  # the last horizon, for a reader who wants one
    horizon_date: date | None = None


def _cell(view: WeightedView, branch: str, node: str, h: str) -> Cell:
    band = view.bands.get(branch, {}).get(node, {}).get(h)
    return Cell(view.per_branch[branch][node][h], band)


def _groups(pack: Pack, view: WeightedView, h: str) -> tuple[WeightedGroup, ...]:
    groups = node_groups(pack)
    rows: dict[str, list[WeightedRow]] = {}
    for node_id in sorted(pack.nodes, key=lambda n: pack.nodes[n].label.lower()):
        node = pack.nodes[node_id]
        cells = tuple(_cell(view, b, node_id, h) for b, _ in view.branches)
        table = node.kind in TABLE_KINDS or node_id in pack.info.key_outcomes  # as a what-if's
        if table and any(shows(c.value, node.unit) for c in cells):
            band = view.expected_bands.get(node_id, {}).get(h)
            row = WeightedRow(node.label, node.unit, cells, Cell(view.expected[node_id][h], band))
            rows.setdefault(groups[node_id], []).append(row)
    order = group_order(pack)
    ordered = sorted(rows, key=lambda g: (order.index(g) if g in order else 99, g))
    return tuple(WeightedGroup(g, tuple(rows[g])) for g in ordered)


def _cell_layout(
    horizons: tuple[WeightedHorizon, ...], branches: tuple[Branch, ...], width: int
) -> tuple[int, int]:
    """The cell width and the lines a band takes (1, or 2 when ``p5..p95`` would not fit):
    every number whole, two spaces between cells (one on a narrow terminal). A band that
    does not fit on one line takes two in cells as wide as a number, so that what would
    have widened them for nothing goes to the labels."""
    cells = [_texts(c, r.unit) for x in horizons for g in x.groups for r in g.rows for c in r.all()]
    values = [columns_of(value) for value, _ in cells]
    ends = [columns_of(end) for _, band in cells if band for end in band]
    bands = [columns_of(f"{low}..{high}") for _, band in cells if band for low, high in [band]]
    columns = len(branches) + 1
    fitting = (width - 2 - MIN_LABEL) // columns
    names = (columns_of(name) for name in (WEIGHTED, *(b.name for b in branches)))
    widest = max([6, *values, *ends, *names])
    gap = 2 if 2 + MIN_LABEL + columns * (widest + 2) <= width else 1
    one_line = max(bands, default=0) + gap  # a band as p5..p95 on one line
    cell = max(widest + gap, one_line) if one_line <= fitting else widest + gap
    return cell, 1 if max(bands, default=0) + 1 <= cell else 2


def _texts(c: Cell, unit: str) -> tuple[str, tuple[str, str] | None]:
    """A cell's move and its band's ends as the text table writes them."""
    if c.shown is not None:
        return c.shown[0], (c.shown[1], c.shown[2]) if c.band is not None else None
    band = (move(c.band.p5, unit), move(c.band.p95, unit)) if c.band is not None else None
    return move(c.value, unit), band


def _beside(x: WeightedHorizon) -> WeightedHorizon:
    """The horizon's rows with their unit's words said once beside the label ('Fires
    started (fires a week)') and left out of the cells, where every move of the row ends
    with them: cells of '-22 aircraft sorties a week' in three columns pass 80 columns."""
    groups = []
    for g in x.groups:
        rows = []
        for r in g.rows:
            form = active().unit(r.unit)
            words, texts = form.change_text, [_texts(c, r.unit) for c in r.all()]
            said = [t for value, band in texts for t in (value, *(band or ()))]
            own, small = (words, after_one(words)), (form.smaller, after_one(form.smaller))
            if not form.smaller.strip() or not all(
                t.endswith(small) and not t.endswith(own) for t in said
            ):  # all in the smaller words ('+690 members a week'), else all in the own
                texts = [_own_texts(t, form) for t in texts]
                said = [t for value, band in texts for t in (value, *(band or ()))]
            else:
                words = form.smaller
            ends = (words, after_one(words))
            # money keeps its words: '€0.01' under '(m)' would read as a cent, not €10,000
            if not words.strip() or form.symbol or not all(t.endswith(ends) for t in said):
                rows.append(r)
                continue
            shown = [_cut(value, band, ends) for value, band in texts]
            cells = tuple(replace(c, shown=s) for c, s in zip(r.all(), shown, strict=True))
            rows.append(replace(r, cells=cells[:-1], expected=cells[-1], note=words.strip()))
        groups.append(WeightedGroup(g.name, tuple(rows)))
    return WeightedHorizon(x.horizon, x.date, tuple(groups))


def _own_texts(
    texts: tuple[str, tuple[str, str] | None], form: UnitForm
) -> tuple[str, tuple[str, str] | None]:
    """A cell's texts in the unit's own words where one is written in its smaller words
    under one of it ('-600 visitors a week' of 'thousand visitors a week': '-0.6 thousand
    visitors a week'), so that the row's words are said once beside its label."""
    value, band = texts
    own = (_own_text(band[0], form), _own_text(band[1], form)) if band else None
    return _own_text(value, form), own


def _own_text(text: str, form: UnitForm) -> str:
    """``text`` in the unit's own words, if it is in its smaller words (see :func:`_own_texts`).

    Examples
    --------
    >>> form = UnitForm(suffix=" thousand visitors a week", smaller=" visitors a week")
    >>> _own_text("-600 visitors a week", form), _own_text("+1.2 thousand visitors a week", form)
    ('-0.6 thousand visitors a week', '+1.2 thousand visitors a week')
    """
    words = form.change_text
    small = (form.smaller, after_one(form.smaller))
    if form.symbol or not form.smaller.strip() or text.endswith((words, after_one(words))):
        return text
    number = _cut_one(text, small)
    try:
        many = float(number.replace(",", "")) / form.smaller_factor
    except ValueError:
        return text
    return f"{plain(many, '+' if number[:1] in '+-' else '')}{words}"


def _cut(value: str, band: tuple[str, str] | None, ends: tuple[str, str]) -> tuple[str, str, str]:
    """A cell's texts (its move, p5 and p95) without the unit's words they end with."""
    low, high = band or ("", "")
    return _cut_one(value, ends), _cut_one(low, ends), _cut_one(high, ends)


def _cut_one(text: str, ends: tuple[str, str]) -> str:
    """``text`` without the longest of ``ends`` it ends with ('-22' of '-22 sorties a week').

    Examples
    --------
    >>> _cut_one("-22 sorties a week", (" sorties a week", " sortie a week")), _cut_one("", ())
    ('-22', '')
    """
    found = [e for e in ends if e and text.endswith(e)]
    return text[: -len(max(found, key=len))] if found else text


@speaks_pack
def build_weighted(
    pack: Pack,
    view: WeightedView,
    horizon: str | None = None,
    when: date | None = None,
    width: int = 96,
) -> WeightedContext:
    """Rows grouped as in the what-if table, for nodes that move in some branch, at every
    horizon of ``view`` (or ``horizon`` alone).

    Examples
    --------
    >>> from macrograph.graph.options import RunOptions
    >>> from macrograph.graph.synthetic.policy import policy_pack
    >>> from macrograph.graph.weighted import propagate_weighted
    >>> pack = policy_pack()  # an 85%-priced 25bp hike of 'rate': made, or skipped
    >>> view = propagate_weighted(pack, "meeting", options=RunOptions(draws=0))
    >>> ctx = build_weighted(pack, view)
    >>> [b.name for b in ctx.branches], [round(b.probability, 2) for b in ctx.branches]
    (['hike', 'skip'], [0.85, 0.15])
    >>> ctx.odds, [h.horizon for h in ctx.horizons]
    ('pack', ['1d', '1w', '1m'])
    >>> [(g.name, [r.label for r in g.rows]) for g in ctx.horizons[0].groups]  # as a what-if's
    [('Policy actions', ['Rate'])]
    """
    chosen = (horizon,) if horizon else view.horizons
    names = dict((s, n) for n, s in view.names)
    branches = tuple(
        Branch(s, names.get(s, s), pack.scenarios[s].title if s in pack.scenarios else s, p)
        for s, p in view.branches
    )
    priced = tuple(
        Priced(p.label, p.date, pack.nodes[p.node].unit, p.probability, p.size, p.change)
        for p in view.priced
    )
    horizons = tuple(WeightedHorizon(h, view.dates.get(h), _groups(pack, view, h)) for h in chosen)
    columns = len(branches) + 1
    cell_width, band_lines = _cell_layout(horizons, branches, width)
    if 2 + LEAST_LABEL + cell_width * columns > width:  # the unit's words beside the labels
        horizons = tuple(_beside(x) for x in horizons)
        cell_width, band_lines = _cell_layout(horizons, branches, width)
    labels = [columns_of(_labelled(r)) for x in horizons for g in x.groups for r in g.rows]
    room = width - 2 - cell_width * columns  # a row fits ``width``
    floor = max(LEAST_LABEL, min(MIN_LABEL, room))
    label_width = max(floor, min(max(labels, default=10) + 2, room))
    title = (
        pack.scenarios[view.scenario].title if view.scenario in pack.scenarios else view.scenario
    )
    last = chosen[-1]
    return WeightedContext(
        title=f"{title}: probability-weighted",
        scenario=view.scenario,
        odds=view.odds,
        priced=priced,
        branches=branches,
        horizons=horizons,
        draws=view.draws,
        seed=view.seed,
        label_width=label_width,
        cell_width=cell_width,
        width=min(width, 96),
        band_lines=band_lines,
        horizon=last,
        horizon_date=when or view.dates.get(last),
    )


def _labelled(r: WeightedRow) -> str:
    """A row's label as the text table writes it, with its unit's words where it says them."""
    return f"{r.label} ({r.note})" if r.note else r.label
