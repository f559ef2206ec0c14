"""The diagrams' legend: sample shapes and sample lines, in a compact cluster.

Captions are ours, or group names from the pack, escaped; legend node ids are
``k0, k1, ...``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from msgspec import Struct

from macrograph.explain.diagram.style import (
    AGAINST_CAPTION,
    DOWN,
    FLAT,
    FONT,
    KIND_NAMES,
    KIND_SHAPES,
    UP,
    WITH_CAPTION,
    dot_label,
    group_styles,
)

if TYPE_CHECKING:
    from macrograph.rules.pack import Pack


class LegendLine(Struct, frozen=True):
    """A sample line of the legend: caption, colour, style, thickness and an arrowhead glyph."""

    caption: str
    colour: str = FLAT
    style: str = "solid"  # solid, dashed, dotted or double
    thickness: int = 1
    head: str = ""


class LegendNode(Struct, frozen=True):
    """A sample node of the legend: its caption and its DOT attributes."""

    caption: str
    attrs: tuple[tuple[str, str], ...]


def kind_samples(kinds: Iterable[str]) -> list[LegendNode]:
    """Legend entries for the node kinds present, in the models' order.

    Examples
    --------
    >>> [(s.caption, dict(s.attrs)) for s in kind_samples(["asset", "rate", "asset"])]
    [('rate', {'shape': 'ellipse'}), ('asset', {'shape': 'box', 'style': 'rounded'})]
    """
    present = set(kinds)
    return [
        LegendNode(KIND_NAMES[k], (("shape", KIND_SHAPES[k]), *_kind_extra(k)))
        for k in KIND_SHAPES
        if k in present
    ]


def _kind_extra(kind: str) -> tuple[tuple[str, str], ...]:
    return (("style", "rounded"),) if kind == "asset" else ()


def group_samples(pack: Pack, groups: Iterable[str]) -> list[LegendNode]:
    """Legend entries for the fills of ``groups``, named as the pack names them.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> [(s.caption, dict(s.attrs)) for s in group_samples(units_pack(), ["Global"])]
    [('Global', {'shape': 'box', 'style': 'filled', 'fillcolor': '#ECE8F6'})]
    """
    styles = group_styles(pack)
    return [
        LegendNode(g, (("shape", "box"), ("style", "filled"), ("fillcolor", styles[g][0])))
        for g in sorted(set(groups))
    ]


def sign_lines() -> list[LegendLine]:
    """The legend lines every view shares: the two colours of a rule's sign.

    Examples
    --------
    >>> [(line.caption, line.colour) for line in sign_lines()]  # doctest: +NORMALIZE_WHITESPACE
    [('+ rule: its target moves with its cause', '#0072B2'),
     ('- rule: its target moves against its cause', '#D55E00')]
    """
    return [
        LegendLine(WITH_CAPTION, UP, thickness=2),
        LegendLine(AGAINST_CAPTION, DOWN, thickness=2),
    ]


def add_legend(
    graph: Any,
    nodes: Sequence[LegendNode],
    lines: Sequence[LegendLine],
    title: str = "Key",
    *,
    top_down: bool = False,
    below: Sequence[str] = (),
) -> None:
    """Add a compact legend cluster: sample shapes beside a table of sample lines.

    Left to right, everything stands in one column. In a ``top_down`` graph the legend
    stands under the nodes ``below`` (held there by invisible edges), its samples in
    rows of :data:`PER_ROW` and the table of lines beside the last row, so that it
    adds height, not width. Legend node ids are ``k0, k1, ...``; captions are ours,
    or group names from the pack, escaped.

    Examples
    --------
    >>> import graphviz
    >>> graph = graphviz.Digraph()
    >>> add_legend(graph, kind_samples(["rate"]), [])
    >>> [line.strip() for line in graph.source.splitlines() if "k0" in line]  # its one sample
    ['k0 [label=rate shape=ellipse]']
    """
    import graphviz  # graphviz loads on first use: slow to import, not always needed

    legend = graphviz.Digraph(name="cluster_legend")
    legend.attr(label=title, fontname=FONT, fontsize="11", style="rounded", color=FLAT)
    if not top_down:
        legend.attr(rank="same")
    legend.attr("node", fontname=FONT, fontsize="9", height="0.3", margin="0.06,0.02")
    ids = [f"k{i}" for i in range(len(nodes) + (1 if lines else 0))]
    for key, sample in zip(ids, nodes, strict=False):
        legend.node(key, dot_label([sample.caption]), **dict(sample.attrs))
    if lines:
        legend.node(ids[-1], _line_table(lines), shape="plaintext", margin="0")
    if top_down:
        _rows(legend, ids)
    graph.subgraph(legend)
    for node in below:  # after the legend: its first node takes the legend's font
        graph.edge(node, ids[0], style="invis")


PER_ROW = 4


def _rows(legend: Any, ids: Sequence[str]) -> None:
    """Samples in rows of :data:`PER_ROW`, one row under the other (invisible edges)."""
    import graphviz

    rows = [list(ids[i : i + PER_ROW]) for i in range(0, len(ids), PER_ROW)]
    for n, row in enumerate(rows):
        same = graphviz.Digraph(name=f"legend_row{n}")
        same.attr(rank="same")
        for key in row:
            same.node(key)
        legend.subgraph(same)
        if n:
            legend.edge(rows[n - 1][0], row[0], style="invis")


def _line_table(lines: Sequence[LegendLine]) -> str:
    """An HTML-like label drawing each sample line as a cell border, with its caption."""
    rows = "".join(_line_row(line) for line in lines)
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="3" CELLPADDING="0">{rows}</TABLE>>'


def _line_row(line: LegendLine) -> str:
    from html import escape

    colour = escape(line.colour)
    sides, style, height = ("TB", "solid", 3) if line.style == "double" else ("T", line.style, 1)
    sample = (
        f'<TD HEIGHT="{height}" WIDTH="40" SIDES="{sides}" BORDER="{line.thickness}" '
        f'COLOR="{colour}" STYLE="{escape(style)}"></TD>'
    )
    # The sample sits in the middle of its row, between two empty cells.
    cell = (
        '<TD VALIGN="MIDDLE"><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">'
        f'<TR><TD HEIGHT="5" WIDTH="40"></TD></TR><TR>{sample}</TR>'
        '<TR><TD HEIGHT="5" WIDTH="40"></TD></TR></TABLE></TD>'
    )
    head = f'<FONT COLOR="{colour}">{escape(line.head)}</FONT>' if line.head else ""
    caption = f'<FONT POINT-SIZE="9">{escape(line.caption)}</FONT>'
    return f'<TR>{cell}<TD ALIGN="LEFT">{head}</TD><TD ALIGN="LEFT">{caption}</TD></TR>'
