"""The diagrams' visual vocabulary, safe labels, amounts with units, and the legend.

Every colour, shape and line style comes from the fixed tables below, keyed by
values the pack models validate (kinds, regions, channels, effects). Pack text only
ever reaches DOT through :func:`dot_label`, which escapes it.

Examples
--------
>>> amount_text(-0.25, "pct"), amount_text(1.7378, "pct_change"), amount_text(87.91, "usd_bn")
('-25 bp', '+1.74%', '+$87.9bn')
>>> print(dot_label(["a \\\\N <b> & c"]))
a \\\\N <b> &amp; c
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from macrograph.rules.pack import Pack

NEGLIGIBLE = 1e-9
LARGE_NODES = 150  # above this many nodes or edges, layout switches to bounded settings
LARGE_EDGES = 400
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FONT = "Helvetica"
UP = "#0072B2"  # pushes up / moves with its cause (Okabe-Ito blue)
DOWN = "#D55E00"  # pushes down / moves against its cause (Okabe-Ito vermilion)
FLAT = "#8C8C8C"
FADED = "#D3D3D3"
FADED_TEXT = "#9A9A9A"
INK = "#222222"

KIND_SHAPES = {
    "policy_action": "hexagon",
    "rate": "ellipse",
    "flow": "parallelogram",
    "asset": "box",
    "indicator": "note",
    "stance": "octagon",
}
KIND_NAMES = {
    "policy_action": "policy action",
    "rate": "rate",
    "flow": "flow",
    "asset": "asset",
    "indicator": "indicator",
    "stance": "stance",
}
SHOCK_SHAPE = "box"
REGION_ORDER = ("US", "JP", "global")
REGION_NAMES = {"US": "United States", "JP": "Japan", "global": "Global markets"}
REGION_TINTS = {"US": "#ECE8F6", "JP": "#FDF1DC", "global": "#E6F3EC"}
REGION_BORDERS = {"US": "#9E95C4", "JP": "#D9B26B", "global": "#86BFA0"}
SHOCK_FILL = "#FFF7C2"
# Tints for the pack's groups (its regions until packs declare groups), in sorted order.
GROUP_TINTS = ("#ECE8F6", "#FDF1DC", "#E6F3EC", "#E4F1F8", "#F8E7EE", "#EFEFDF", "#F1E9E1")
GROUP_BORDERS = ("#9E95C4", "#D9B26B", "#86BFA0", "#7FB3D1", "#CF8FA8", "#B5B57A", "#B99C82")
RISE, FALL = "\u25b2", "\u25bc"  # before an amount: the move a link carried rose or fell
# One wording for every legend (and the README): colour is the rule's sign, dashes a lag.
WITH_CAPTION = "+ rule: its target moves with its cause"
AGAINST_CAPTION = "- rule: its target moves against its cause"
LAG_CAPTION = "dashed: the rule acts after a lag"
CARRIED_CAPTION = f"{RISE} / {FALL}: the move it carried is a rise / a fall"

# Line style by channel family (map and diff views).
CHANNEL_FAMILIES = {
    "policy": "rates",
    "pass_through": "rates",
    "identity": "rates",
    "expectations": "rates",
    "stance": "rates",
    "liquidity": "money",
    "portfolio": "money",
    "carry": "money",
    "fx": "money",
    "valuation": "prices",
    "risk_appetite": "prices",
    "inflation": "prices",
    "reaction": "policy",
    "fiscal": "policy",
}
FAMILY_STYLES = {"rates": "solid", "money": "double", "prices": "dashed", "policy": "dotted"}
FAMILY_NAMES = {
    "rates": "rates, expectations, identities",
    "money": "liquidity, carry, portfolio, FX",
    "prices": "valuation, risk appetite, inflation",
    "policy": "policy reaction, fiscal",
}
RULE_ARROWS = {
    "linear": "normal",
    "integrate": "onormal",
    "threshold": "diamond",
    "classify": "odot",
}
RULE_ARROW_NAMES = {
    "linear": "linear rule",
    "integrate": "accumulates into a stock",
    "threshold": "threshold: fires once when crossed",
    "classify": "sets a stance",
}
ARROW_GLYPHS = {
    "linear": "\u25b6",
    "integrate": "\u25b7",
    "threshold": "\u25c6",
    "classify": "\u25cb",
}
FIRED = "\u26a1"  # the marker on a threshold rule that fired

# Units: (scale, prefix, suffix). pct and pp levels move in percentage points, shown in bp.
UNIT_FORMS: dict[str, tuple[float, str, str]] = {
    "pct": (100.0, "", " bp"),
    "pp": (100.0, "", " bp"),
    "bp": (1.0, "", " bp"),
    "pct_change": (1.0, "", "%"),
    "usd_bn": (1.0, "$", "bn"),
    "usd_tn": (1.0, "$", "tn"),
    "jpy_tn": (1.0, "\u00a5", "tn"),
    "pct_gdp": (1.0, "", " pp of GDP"),
    "index": (1.0, "", " pts"),
    "prob": (100.0, "", " pp"),
    "stance": (1.0, "", ""),
}
LEVEL_FORMS: dict[str, tuple[str, str]] = {
    "pct": ("", "%"),
    "pp": ("", "pp"),
    "usd_bn": ("$", "bn"),
    "usd_tn": ("$", "tn"),
    "jpy_tn": ("\u00a5", "tn"),
    "pct_gdp": ("", "% of GDP"),
    "index": ("", ""),
}

# Characters that must never reach a label: C0/C1 controls, line and paragraph
# separators, zero-width and bidirectional-override marks (they can disguise text).
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def plain(text: str) -> str:
    """One line of printable text: unsafe characters dropped, whitespace runs made one space.

    Examples
    --------
    >>> plain("two\\nlines\\x07 and\\u202e a  gap")
    'two lines and a gap'
    """
    return " ".join(UNSAFE.sub(" ", text).split())


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, with an ellipsis.

    Examples
    --------
    >>> shorten("a lower expected Fed path pulls long Treasury yields down", 30)
    'a lower expected Fed path…'
    """
    text = plain(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "\u2026"


def wrap(text: str, width: int, lines: int) -> list[str]:
    """``text`` wrapped into at most ``lines`` lines of about ``width`` characters.

    Text that does not fit ends with an ellipsis.

    Examples
    --------
    >>> wrap("Market-implied BoJ path", 14, 2)
    ['Market-implied', 'BoJ path']
    >>> wrap("the stock of positions is the running sum of positions opened", 24, 2)
    ['the stock of positions', 'is the running sum of…']
    """
    found = textwrap.wrap(plain(text), width, break_on_hyphens=False, break_long_words=False)
    found = found or [""]
    if len(found) <= lines:
        return found
    rest = " ".join(found[lines - 1 :])
    return [*found[: lines - 1], shorten(rest, width)]


def dot_label(lines: Iterable[str], align: str = "c") -> str:
    """A DOT label in which pack text is literal, never markup.

    ``align`` is ``"c"`` (centred lines) or ``"l"`` (left-aligned lines).

    Backslashes are doubled (no ``\\N``, ``\\G`` or line-break escapes), ``&`` becomes
    ``&amp;`` (no entities), and the result is marked as not HTML so that text such as
    ``<b>x</b>`` stays text; the graphviz package escapes quotes when it writes DOT.
    """
    import graphviz

    parts = [graphviz.escape(plain(line).replace("&", "&amp;")) for line in lines]
    if align == "l":
        return str(graphviz.nohtml("".join(f"{part}\\l" for part in parts)))
    return str(graphviz.nohtml("\\n".join(parts)))


def tooltip(text: str, limit: int = 300) -> str:
    """An escaped tooltip (SVG hover text) of at most ``limit`` characters."""
    return dot_label([shorten(text, limit)])


def _number(x: float) -> str:
    """Three significant digits, thousands separated, no trailing zeros."""
    decimals = min(6, max(0, 2 - math.floor(math.log10(x)))) if x > 0 else 0
    text = f"{x:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def amount_text(value: float, unit: str) -> str:
    """A change in a node's unit as a reader expects it: bp, %, $bn, ¥tn, pts.

    Examples
    --------
    >>> amount_text(-8.0, "jpy_tn"), amount_text(0.0635, "pp"), amount_text(0.0, "pct")
    ('-¥8tn', '+6.35 bp', '0 bp')
    """
    scale, prefix, suffix = UNIT_FORMS.get(unit, (1.0, "", f" {unit}"))
    x = value * scale
    if abs(x) < NEGLIGIBLE:
        return f"0{suffix}" if not prefix else f"{prefix}0{suffix}"
    return f"{'+' if x > 0 else '-'}{prefix}{_number(abs(x))}{suffix}"


def level_text(value: float, unit: str) -> str:
    """A level in a node's unit (``1.83%``, ``$5,088bn``); empty for units without levels.

    Examples
    --------
    >>> level_text(1.8294, "pct"), level_text(5087.9, "usd_bn"), level_text(1.0, "pct_change")
    ('1.83%', '$5,088bn', '')
    """
    if unit not in LEVEL_FORMS:
        return ""
    prefix, suffix = LEVEL_FORMS[unit]
    sign = "-" if value < 0 else ""
    return f"{sign}{prefix}{_number(abs(value))}{suffix}"


def sign_colour(value: float) -> str:
    """Blue for up, vermilion for down, grey for no move."""
    if abs(value) < NEGLIGIBLE:
        return FLAT
    return UP if value > 0 else DOWN


def line_attrs(colour: str, channel: str) -> dict[str, str]:
    """Colour and style of a rule's edge by its channel family (money flows are drawn as pipes).

    Examples
    --------
    >>> line_attrs("#0072B2", "carry")
    {'color': '#0072B2:white:#0072B2', 'style': 'solid'}
    >>> line_attrs("#0072B2", "inflation")
    {'color': '#0072B2', 'style': 'dashed'}
    """
    style = FAMILY_STYLES[CHANNEL_FAMILIES[channel]]
    if style == "double":
        return {"color": f"{colour}:white:{colour}", "style": "solid"}
    return {"color": colour, "style": style}


def effect_colour(effect: str) -> str:
    """The colour of a rule in every view: blue when its target moves with its cause
    (``+``), vermilion when against (``-``).

    Examples
    --------
    >>> effect_colour("+"), effect_colour("-")
    ('#0072B2', '#D55E00')
    """
    return UP if effect == "+" else DOWN


def rule_line(effect: str, lag_days: int, colour: str | None = None) -> dict[str, str]:
    """Colour (the rule's sign, unless ``colour`` overrides it) and style (dashed: a lag).

    Examples
    --------
    >>> rule_line("-", 30)
    {'color': '#D55E00', 'style': 'dashed'}
    """
    return {"color": colour or effect_colour(effect), "style": "dashed" if lag_days else "solid"}


def carried_glyph(amount: float) -> str:
    """``▲`` for a rise carried, ``▼`` for a fall, nothing for no move."""
    if abs(amount) < NEGLIGIBLE:
        return ""
    return RISE if amount > 0 else FALL


def group_of(pack: Pack, node: str) -> str:
    """The group a node is clustered and tinted by: its region, as the pack names it.

    The one place to change when packs declare their own groups.
    """
    return str(pack.nodes[node].region)


def group_styles(pack: Pack) -> dict[str, tuple[str, str]]:
    """Fill and border colour of each of the pack's groups, in sorted order (colours repeat
    after :data:`GROUP_TINTS` runs out)."""
    names = sorted({group_of(pack, n) for n in pack.nodes})
    size = len(GROUP_TINTS)
    return {g: (GROUP_TINTS[i % size], GROUP_BORDERS[i % size]) for i, g in enumerate(names)}


def group_samples(pack: Pack, groups: Iterable[str]) -> list[LegendNode]:
    """Legend entries for the fills of ``groups``, named as the pack names them."""
    styles = group_styles(pack)
    return [
        LegendNode(g, (("shape", "box"), ("style", "filled"), ("fillcolor", styles[g][0])))
        for g in sorted(set(groups))
    ]


def sign_lines() -> list[LegendLine]:
    """The legend lines every view shares: the two colours of a rule's sign."""
    return [
        LegendLine(WITH_CAPTION, UP, thickness=2),
        LegendLine(AGAINST_CAPTION, DOWN, thickness=2),
    ]


def width_for(share: float) -> str:
    """Pen width (1 to 6) for an edge carrying ``share`` (0 to 1) of its target's move."""
    return f"{1.0 + 5.0 * max(0.0, min(1.0, share)):.1f}"


@dataclass(frozen=True)
class LegendLine:
    """A sample line of the legend: caption, colour, style, thickness and an arrowhead glyph."""

    caption: str
    colour: str = FLAT
    style: str = "solid"  # solid, dashed, dotted or double
    thickness: int = 1
    head: str = ""


@dataclass(frozen=True)
class LegendNode:
    """A sample node of the legend: its caption and its DOT attributes."""

    caption: str
    attrs: tuple[tuple[str, str], ...]


def kind_samples(kinds: Iterable[str]) -> list[LegendNode]:
    """Legend entries for the node kinds present, in the models' order."""
    present = set(kinds)
    return [
        LegendNode(KIND_NAMES[k], (("shape", KIND_SHAPES[k]), *_kind_extra(k)))
        for k in KIND_SHAPES
        if k in present
    ]


def _kind_extra(kind: str) -> tuple[tuple[str, str], ...]:
    return (("style", "rounded"),) if kind == "asset" else ()


def node_attrs(kind: str, **extra: str) -> dict[str, str]:
    """Shape (and rounding) for a node kind, with extra attributes."""
    attrs = {"shape": KIND_SHAPES[kind]}
    styles = ["rounded"] if kind == "asset" else []
    if "style" in extra:
        styles.append(extra.pop("style"))
    if styles:
        attrs["style"] = ",".join(styles)
    return {**attrs, **extra}


def add_legend(
    graph: Any,
    nodes: Sequence[LegendNode],
    lines: Sequence[LegendLine],
    title: str = "Key",
    *,
    top_down: bool = False,
) -> None:
    """Add a compact legend cluster: sample shapes above a table of sample lines.

    Everything stands in one column (in a ``top_down`` graph, held there by invisible
    edges). Legend node ids are ``k0, k1, ...``; captions are ours, or group names
    from the pack, escaped.
    """
    import graphviz

    legend = graphviz.Digraph(name="cluster_legend")
    legend.attr(label=title, fontname=FONT, fontsize="11", style="rounded", color=FLAT)
    if not top_down:
        legend.attr(rank="same")
    legend.attr("node", fontname=FONT, fontsize="9", height="0.3", margin="0.06,0.02")
    for i, sample in enumerate(nodes):
        legend.node(f"k{i}", dot_label([sample.caption]), **dict(sample.attrs))
    if lines:
        legend.node(f"k{len(nodes)}", line_table(lines), shape="plaintext", margin="0")
    count = len(nodes) + (1 if lines else 0)
    for i in range(count - 1) if top_down else ():
        legend.edge(f"k{i}", f"k{i + 1}", style="invis")
    graph.subgraph(legend)


def line_table(lines: Sequence[LegendLine]) -> str:
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


def node_ids(pack_nodes: Iterable[str]) -> dict[str, str]:
    """Generated DOT ids ``n0, n1, ...`` for node ids in sorted order (never pack text)."""
    return {node: f"n{i}" for i, node in enumerate(sorted(pack_nodes))}


def rule_ids(rules: Iterable[str]) -> dict[str, str]:
    """Generated SVG ids ``r0, r1, ...`` for rule ids in sorted order (the map's edges)."""
    return {rule: f"r{i}" for i, rule in enumerate(sorted(rules))}


def shock_ids(keys: Iterable[str]) -> dict[str, str]:
    """Generated DOT ids ``s0, s1, ...`` for shock keys in sorted order."""
    return {key: f"s{i}" for i, key in enumerate(sorted(set(keys)))}


def date_text(day: date) -> str:
    """``19 Dec 2025`` (English month abbreviations, independent of the locale)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def new_graph(
    title: Sequence[str],
    *,
    nodes: int,
    edges: int,
    ranksep: str = "0.55",
    rankdir: str = "LR",
    nodesep: str = "0.25",
) -> Any:
    """A Digraph (left to right unless ``rankdir``) with our fonts and a title; bounded
    layout when large.

    A graph over :data:`LARGE_NODES` nodes or :data:`LARGE_EDGES` edges gets straight
    edges and capped crossing-minimisation and network-simplex passes (a synthetic
    400-node, 1,500-edge map lays out in about 4 s instead of about 60 s).
    """
    import graphviz

    graph = graphviz.Digraph(name="macrograph")
    graph.attr(
        label=dot_label(title, align="l"),
        labelloc="t",
        labeljust="l",
        fontname=FONT,
        fontsize="16",
        rankdir=rankdir,
        newrank="true",
        nodesep=nodesep,
        ranksep=ranksep,
        bgcolor="white",
        pad="0.3",
    )
    if nodes > LARGE_NODES or edges > LARGE_EDGES:
        graph.attr(
            splines="line",
            mclimit="0.2",
            nslimit="2",
            nslimit1="2",
            searchsize="10",
            remincross="false",
        )
    graph.attr("node", fontname=FONT, fontsize="11", color=INK, penwidth="1.2")
    graph.attr("edge", fontname=FONT, fontsize="9", arrowsize="0.7")
    return graph
