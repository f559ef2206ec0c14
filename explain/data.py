"""What ``macrograph data`` shows: a pack's series with their coverage, and their values.

Examples
--------
>>> from macrograph.rules import load_pack
>>> text = render_series_list(load_pack("tests/packs/markets"), "text", 80)
>>> text.splitlines()[0].split()[:3]
['series', 'node', 'first']
"""

from __future__ import annotations

import json
from datetime import date

from msgspec import Struct

from macrograph.explain.chart.moves import new_figure, save
from macrograph.explain.diagram.style import plain
from macrograph.explain.filters import days
from macrograph.explain.terminal import one_line
from macrograph.explain.textfilters import md
from macrograph.rules.observations import coverage, series_by_node, series_data
from macrograph.rules.pack import Pack
from macrograph.rules.series import Series
from macrograph.rules.vocabulary import vocabulary_for


class SeriesRow(Struct, frozen=True):
    """One series and how much of the record its file covers."""

    series: Series
    first: date
    last: date
    rows: int
    gaps: tuple[tuple[date, date], ...]

    @property
    def longest_gap(self) -> int:
        """Calendar days between the two values furthest apart."""
        return max(((b - a).days for a, b in self.gaps), default=0)


def series_rows(pack: Pack) -> tuple[SeriesRow, ...]:
    """Every series of the pack with its coverage, in id order.

    Raises
    ------
    DataError
        When a series' file cannot be read.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> pack = load_pack("tests/packs/markets")
    >>> [(r.series.id, r.rows, r.longest_gap) for r in series_rows(pack)]
    [('bond_2y', 83, 5), ('krona', 83, 5), ('stocks', 74, 14)]
    """
    found = []
    for series in pack.series.values():
        first, last, rows, gaps = coverage(series_data(pack, series))
        found.append(SeriesRow(series, first, last, rows, gaps))
    return tuple(found)


def render_series_list(pack: Pack, fmt: str, width: int = 96) -> str:
    """The pack's series as text, Markdown or JSON: id, node, dates, rows, the longest gap
    between values, coverage, publisher and licence.

    Examples
    --------
    >>> from macrograph import load_pack
    >>> render_series_list(load_pack("tests/packs/markets"), "json").startswith("[")
    True
    """
    rows = series_rows(pack)
    if fmt == "json":
        return json.dumps([_row_json(r) for r in rows], indent=2, sort_keys=True) + "\n"
    if fmt == "md":
        head = (
            "| series | node | first | last | rows | longest gap | coverage | publisher | licence |"
        )
        lines = [head, "|---|---|---|---|---:|---:|---|---|---|"]
        lines += [
            f"| {md(r.series.id)} | {md(r.series.node)} | {r.first} | {r.last} | {r.rows:,} "
            f"| {days(r.longest_gap)} | {r.series.coverage} | {md(r.series.publisher)} "
            f"| {md(r.series.licence)} |"
            for r in rows
        ]
        return "\n".join(lines) + "\n"
    return _text_table(pack, rows, width)


def _text_table(pack: Pack, rows: tuple[SeriesRow, ...], width: int) -> str:
    if not rows:  # no table to head, nor a column to explain
        return f"{one_line(pack.info.id)} ships no series\n"
    # each column as wide as its longest entry: an id cut short can be neither read nor typed
    ids = [(one_line(r.series.id), one_line(r.series.node)) for r in rows]
    wide = max(len("series"), *(len(i) for i, _ in ids))
    node = max(len("node"), *(len(n) for _, n in ids))
    many = max(len("rows"), *(len(str(r.rows)) for r in rows))
    head = [
        f"{'series':<{wide}} {'node':<{node}} {'first':<10} {'last':<10} {'rows':>{many}}",
        f" {'gap':>4}",
        "  coverage",
    ]
    body = [
        [
            f"{series:<{wide}} {name:<{node}} {r.first} {r.last} {r.rows:>{many}}",
            f" {r.longest_gap:>3}d",
            f"  {r.series.coverage}",
        ]
        for (series, name), r in zip(ids, rows, strict=True)
    ]
    # whole columns dropped from the right to fit the width, never one cut mid-word
    kept = len(head)
    while kept > 1 and max(len("".join(row[:kept])) for row in (head, *body)) > width:
        kept -= 1
    lines = ["".join(row[:kept]).rstrip() for row in (head, *body)]
    if kept < len(head):
        left = " and ".join(h.strip() for h in head[kept:])
        them = "them" if len(head) - kept > 1 else "it"
        lines.append(f"Left out to fit the width: {left} (a wider terminal shows {them}).")
    daily = " (weekends and holidays included)" if pack.info.period == "1d" else ""
    if kept > 1:
        lines.append(f"gap: the most calendar days between two values{daily}")
    return "\n".join(lines) + "\n"


def _row_json(row: SeriesRow) -> dict[str, object]:
    return {
        "id": row.series.id,
        "node": row.series.node,
        "label": row.series.label,
        "file": row.series.file,
        "first": row.first.isoformat(),
        "last": row.last.isoformat(),
        "rows": row.rows,
        "longest_gap_days": row.longest_gap,
        "coverage": row.series.coverage,
        "publisher": row.series.publisher,
        "source": row.series.source,
        "origin": row.series.origin.model_dump(mode="json", exclude_none=True),
        "retrieved": row.series.retrieved.isoformat(),
        "licence": row.series.licence,
        "transformation": row.series.transformation,
    }


def node_series(pack: Pack, node: str) -> Series | None:
    """The series that measures ``node`` (by node id or series id), if any.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> pack = load_pack("tests/packs/markets")
    >>> node_series(pack, "krona").file, node_series(pack, "no_such_node")
    ('data/currency.csv', None)
    """
    if node in pack.series:
        return pack.series[node]
    return series_by_node(pack).get(node)


def series_values(
    pack: Pack, series: Series, start: date, end: date
) -> tuple[tuple[date, float], ...]:
    """A series' rows from ``start`` to ``end``, both included.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> pack = load_pack("tests/packs/markets")
    >>> series_values(pack, pack.series["krona"], date(2025, 1, 3), date(2025, 1, 6))
    ((datetime.date(2025, 1, 3), 10.5569), (datetime.date(2025, 1, 6), 10.5843))
    """
    return series_data(pack, series).between(start, end)


def render_values(
    pack: Pack, series: Series, values: tuple[tuple[date, float], ...], fmt: str
) -> str | bytes:
    """Values as text (one ``date value`` line each), CSV, JSON, or a chart (svg, png, pdf).

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> pack = load_pack("tests/packs/markets")
    >>> krona = pack.series["krona"]
    >>> values = ((date(2025, 1, 2), 10.531), (date(2025, 1, 3), 10.5569))
    >>> print(render_values(pack, krona, values, "text"), end="")
    Krona per dollar, noon fixing (krona): 2 values
    2025-01-02  10.5310
    2025-01-03  10.5569
    >>> render_values(pack, krona, values, "csv")
    'date,value\\n2025-01-02,10.531\\n2025-01-03,10.5569\\n'
    """
    if fmt == "json":
        body = {
            "series": series.id,
            "node": series.node,
            "values": [[d.isoformat(), v] for d, v in values],
        }
        return json.dumps(body, indent=2) + "\n"
    if fmt == "csv":
        return "date,value\n" + "".join(f"{d.isoformat()},{v!r}\n" for d, v in values)
    if fmt in ("svg", "png", "pdf"):
        return _chart(pack, series, values, fmt)
    label = one_line(series.label or pack.nodes[series.node].label)
    lines = [f"{label} ({one_line(series.id)}): {len(values)} values"]
    form = vocabulary_for(pack.info).unit(pack.nodes[series.node].unit)
    unit = (one_line(form.symbol), one_line(form.suffix))
    shown = _same_decimals([v * form.factor for _, v in values], unit, form.decimals or 0)
    lines += [f"{d.isoformat()}  {v}" for (d, _), v in zip(values, shown, strict=True)]
    return "\n".join(lines) + "\n"


def _same_decimals(
    values: list[float], unit: tuple[str, str] = ("", ""), least: int = 0
) -> list[str]:
    """Values written to the same number of decimals, the most any of them needs ('231.0'
    beside '226.5', not '231') and at least ``least`` (the unit's own: EUR/CHF 1.2010, as
    written), in exponent form where one needs it, each between its unit's symbol and suffix
    (``unit``; a minus sign before the symbol), right-aligned.

    Examples
    --------
    >>> _same_decimals([226.5, 231.0, 1.25]), _same_decimals([1e-09, 2.0])
    (['226.50', '231.00', '  1.25'], ['1e-09', '    2'])
    >>> _same_decimals([1.961, -0.1], ("", "%")), _same_decimals([-3.5, 12.0], ("$", "bn"))
    ([' 1.961%', '-0.100%'], ['-$3.5bn', '$12.0bn'])
    >>> _same_decimals([1.201, 1.028], least=4)
    ['1.2010', '1.0280']
    """
    texts = [f"{abs(v):.12g}" for v in values]
    if any("e" in t for t in texts):
        texts = [f"{abs(v):g}" for v in values]
    else:
        places = max((len(t.partition(".")[2]) for t in texts), default=least)
        places = max(places, least)
        texts = [f"{abs(v):.{places}f}" for v in values]
    before, after = unit
    texts = [
        f"{'-' if v < 0 else ''}{before}{t}{after}" for v, t in zip(values, texts, strict=True)
    ]
    widest = max((len(t) for t in texts), default=0)
    return [t.rjust(widest) for t in texts]


def _chart(pack: Pack, series: Series, values: tuple[tuple[date, float], ...], fmt: str) -> bytes:
    fig, axes = new_figure(7.5, 3.2)
    ax = axes[0]
    ax.plot([d for d, _ in values], [v for _, v in values], lw=1.0, color="#4a6fa5")
    node = pack.nodes.get(series.node)
    # pack text drawn as text: hidden characters dropped, as in every chart (XML forbids
    # controls, and a missing glyph's warning would carry them to the terminal)
    ax.set_title(plain(series.label or (node.label if node else series.id)), loc="left")
    if node is not None:
        form = vocabulary_for(pack.info).unit(node.unit)
        ax.set_ylabel(plain(f"{form.symbol}{form.suffix}") or "level")
    fig.autofmt_xdate()
    return save(fig, fmt)
