"""The diagrams' visual vocabulary, safe labels and amounts with units (the legend: diagram_legend).

Every colour, shape and line style comes from the fixed tables below, keyed by
values the pack models validate (node and rule kinds, effects) or by a place in the
pack's own vocabulary (its regions and groups). Pack text only
ever reaches DOT through :func:`dot_label` and :func:`tooltip`, which make it a plain
quoted string: never an HTML-like label, never an attribute of its own, never an
escape sequence that Graphviz would expand.

Examples
--------
>>> amount_text(-0.25, "pct"), amount_text(1.7378, "pct_change"), amount_text(87.91, "index")
('-25bp', '+1.7%', '+87.9 pts')
>>> print(dot_label(['a \\\\N <b> & "c"']))
a \\\\N &lt;b&gt; &amp; &quot;c&quot;
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from macrograph.rules.pack import Pack

from macrograph.explain.diagram.dottext import dot_text as dot_text
from macrograph.explain.diagram.dottext import plain as plain
from macrograph.explain.diagram.dottext import shorten as shorten
from macrograph.explain.diagram.dottext import wrap as wrap
from macrograph.explain.filters import level, move
from macrograph.rules.vocabulary import OTHER, active, vocabulary_for

NEGLIGIBLE = 1e-9
LARGE_NODES = 150  # above this many nodes or edges, layout switches to bounded settings
LARGE_EDGES = 400
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FONT = "Helvetica"
UP = "#0072B2"  # pushes up / moves with its cause (Okabe-Ito blue)
DOWN = "#D55E00"  # pushes down / moves against its cause (Okabe-Ito vermilion)
FLAT = "#8C8C8C"
EFFECT_COLOURS = {"+": UP, "-": DOWN, "?": FLAT}  # a rule of uncertain sign claims neither
# The words on a rule's link, in a darker shade of its line's colour: the line is a mark
# (3:1 on white), its words are text (4.5:1 on white and on every cluster tint, WCAG 2).
TEXT_SHADES = {UP: "#0068A3", DOWN: "#A64B00", FLAT: "#5E5E5E"}
FADED = "#D3D3D3"
FADED_TEXT = "#666666"  # faded, yet 4.5:1 on white and on every cluster tint (WCAG text)
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
# Region colours, in the order of the pack's vocabulary (the names come from it too).
REGION_TINTS = ("#ECE8F6", "#FDF1DC", "#E6F3EC", "#E3EEF8", "#F8E6EC", "#EEEEEE")
REGION_BORDERS = ("#9E95C4", "#D9B26B", "#86BFA0", "#7FA6CC", "#C98BA0", "#A0A0A0")
SHOCK_FILL = "#FFF7C2"
# Tints for the pack's clusters (its groups or its regions), in cluster order.
GROUP_TINTS = ("#ECE8F6", "#FDF1DC", "#E6F3EC", "#E4F1F8", "#F8E7EE", "#EFEFDF", "#F1E9E1")
GROUP_BORDERS = ("#9E95C4", "#D9B26B", "#86BFA0", "#7FB3D1", "#CF8FA8", "#B5B57A", "#B99C82")
RISE, FALL = "\u25b2", "\u25bc"  # before an amount: the move a link carried rose or fell
# One wording for every legend (and the README): colour is the rule's sign, dashes a lag.
WITH_CAPTION = "+ rule: its target moves with its cause"
AGAINST_CAPTION = "- rule: its target moves against its cause"
LAG_CAPTION = "dashed: the rule acts after a lag"
CARRIED_CAPTION = f"{RISE} / {FALL}: the move it carried is a rise / a fall"

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

BACKSLASH_LOOKALIKE = "\u29f5"  # REVERSE SOLIDUS OPERATOR, for tooltips (see tooltip())


def dot_label(lines: Iterable[str], align: str = "c") -> str:
    """A DOT label in which pack text is literal, never markup.

    ``align`` is ``"c"`` (centred lines) or ``"l"`` (left-aligned lines). Each line is
    made safe by :func:`dot_text`; the result is also marked as not HTML (a
    ``graphviz.nohtml`` string, which must reach the graphviz package as it is), so the
    package writes it as a quoted string.

    Examples
    --------
    >>> print(dot_label(["one", "<two>"]))
    one\\n&lt;two&gt;
    >>> print(dot_label(["a", "b"], align="l"))
    a\\lb\\l
    """
    import graphviz

    parts = [dot_text(line) for line in lines]
    joined = "".join(f"{part}\\l" for part in parts) if align == "l" else "\\n".join(parts)
    label: str = graphviz.nohtml(joined)
    return label


def tooltip(text: str, limit: int = 300) -> str:
    """An escaped tooltip (SVG hover text) of at most ``limit`` characters.

    Graphviz versions differ in how many times they unescape a tooltip (2.43 expands
    ``\\\\N`` in one), so a tooltip holds no backslash at all: each is shown as the
    look-alike U+29F5.

    Examples
    --------
    >>> print(tooltip("C:\\\\temp\\\\N <b>"))
    C:⧵temp⧵N &lt;b&gt;
    """
    return dot_label([shorten(text, limit).replace("\\", BACKSLASH_LOOKALIKE)])


def region_order(present: Iterable[str]) -> tuple[str, ...]:
    """The regions among ``present``, in the vocabulary's order (unknown ones last, sorted).

    Examples
    --------
    >>> from macrograph.rules.vocabulary import Vocabulary, speaking
    >>> with speaking(Vocabulary(regions={"north": "The North", "south": "The South"})):
    ...     region_order(["south", "east", "north"])
    ('north', 'south', 'east')
    """
    regions = tuple(active().regions)
    found = set(present)
    return tuple(r for r in regions if r in found) + tuple(sorted(found - set(regions)))


def region_name(region: str) -> str:
    """A region's name in headings, from the pack's vocabulary.

    Examples
    --------
    >>> from macrograph.rules.vocabulary import Vocabulary, speaking
    >>> with speaking(Vocabulary(regions={"north": "The North"})):
    ...     region_name("north"), region_name("east")
    ('The North', 'east')
    """
    return active().regions.get(region, region)


def region_colours(region: str) -> tuple[str, str]:
    """A region's tint and border, by its place in the vocabulary.

    Examples
    --------
    >>> from macrograph.rules.vocabulary import Vocabulary, speaking
    >>> with speaking(Vocabulary(regions={"north": "The North", "south": "The South"})):
    ...     region_colours("north"), region_colours("south")
    (('#ECE8F6', '#9E95C4'), ('#FDF1DC', '#D9B26B'))
    """
    regions = tuple(active().regions)
    i = regions.index(region) if region in regions else len(regions)
    return REGION_TINTS[i % len(REGION_TINTS)], REGION_BORDERS[i % len(REGION_BORDERS)]


def amount_text(value: float, unit: str) -> str:
    """A change in a node's unit, as every table and sentence writes it (:func:`move`: one
    rule of decimals per unit, so that a diagram's '-15bp' is the table's, not '-14.5 bp').

    Examples
    --------
    >>> amount_text(-8.0, "index"), amount_text(0.0635, "pp"), amount_text(0.0, "pct")
    ('-8 pts', '+6.3bp', '0bp')
    """
    return move(value, unit)


def shock_text(value: float, unit: str) -> str:
    """A shock's size or surprise as the calendar and the headline write it: to two decimals
    of its unit, trailing zeros trimmed ('+8.75bp', '-$40bn'), where a move it causes is
    rounded as the tables round it ('-40.0 pts').

    Examples
    --------
    >>> shock_text(0.0875, "pct"), amount_text(0.0875, "pct"), shock_text(-40.0, "index")
    ('+8.75bp', '+8.8bp', '-40 pts')
    """
    return move(value, unit, 2)


def level_text(value: float, unit: str) -> str:
    """A level in a node's unit, as the tables write it (:func:`level`: ``1.83%``, ``$5.09tn``
    past a thousand in the unit's ``thousand`` form); empty for units without levels.

    Examples
    --------
    >>> level_text(1.8294, "pct"), level_text(0.85, "prob"), level_text(1.0, "stance")
    ('1.83%', '85%', '')
    >>> from macrograph.rules.vocabulary import UnitForm, Vocabulary, speaking
    >>> euros = UnitForm(symbol="€", suffix="bn", thousand="tn")
    >>> with speaking(Vocabulary(units={"eur_bn": euros})):
    ...     level_text(5088.0, "eur_bn"), amount_text(-1200.0, "eur_bn")
    ('€5.09tn', '-€1.2tn')
    """
    return level(value, unit)


def sign_colour(value: float) -> str:
    """Blue for up, vermilion for down, grey for no move.

    Examples
    --------
    >>> sign_colour(0.3), sign_colour(-1.0), sign_colour(0.0)
    ('#0072B2', '#D55E00', '#8C8C8C')
    """
    if abs(value) < NEGLIGIBLE:
        return FLAT
    return UP if value > 0 else DOWN


def text_colour(line: str) -> str:
    """The colour of the words on a link drawn in ``line``: a darker shade of a sign's colour,
    so that they read as text; any other colour (ink) as it is.

    Examples
    --------
    >>> text_colour(DOWN), text_colour(INK)
    ('#A64B00', '#222222')
    """
    return TEXT_SHADES.get(line, line)


def effect_colour(effect: str) -> str:
    """The colour of a rule in every view: blue when its target moves with its cause
    (``+``), vermilion when against (``-``).

    Examples
    --------
    >>> effect_colour("+"), effect_colour("-")
    ('#0072B2', '#D55E00')
    """
    return EFFECT_COLOURS.get(effect, FLAT)


def rule_line(effect: str, lag_days: int, colour: str | None = None) -> dict[str, str]:
    """Colour (the rule's sign, unless ``colour`` overrides it) and style (dashed: a lag).

    Examples
    --------
    >>> rule_line("-", 30)
    {'color': '#D55E00', 'style': 'dashed'}
    """
    return {"color": colour or effect_colour(effect), "style": "dashed" if lag_days else "solid"}


def carried_glyph(amount: float) -> str:
    """``▲`` for a rise carried, ``▼`` for a fall, nothing for no move.

    Examples
    --------
    >>> carried_glyph(0.2), carried_glyph(-1.0), carried_glyph(0.0)
    ('▲', '▼', '')
    """
    if abs(amount) < NEGLIGIBLE:
        return ""
    return RISE if amount > 0 else FALL


@functools.lru_cache(maxsize=8)
def clusters(pack: Pack) -> tuple[tuple[str, str, list[str]], ...]:
    """The pack's clusters (DOT id, name, nodes), in order: its declared groups (then
    'Other'), else (or where the pack asks for ``clusters: regions``) its regions, as the
    pack names them.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> clusters(units_pack())  # no declared groups: one cluster per region
    (('cluster_global', 'Global', ['flow', 'index', 'price', 'rate']),)
    """
    words = vocabulary_for(pack.info)
    if words.groups and words.clusters == "groups":
        grouped = [(heading, sorted(nodes)) for heading, nodes in words.groups.items()]
        placed = {n for _, nodes in grouped for n in nodes}
        rest = sorted(n for n in pack.nodes if n not in placed)
        named = [g for g in grouped if g[1]] + ([(OTHER, rest)] if rest else [])
        return tuple((f"cluster_group{i}", name, nodes) for i, (name, nodes) in enumerate(named))
    return tuple(
        (
            f"cluster_{r.lower()}",
            region_name(r),
            sorted(n for n in pack.nodes if pack.nodes[n].region == r),
        )
        for r in region_order(n.region for n in pack.nodes.values())
    )


@functools.lru_cache(maxsize=8)
def _groups(pack: Pack) -> dict[str, str]:
    return {node: name for _, name, members in clusters(pack) for node in members}


def group_of(pack: Pack, node: str) -> str:
    """The group a node is clustered and tinted by: its declared group, else its region,
    as the pack names them (see :func:`clusters`).

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> group_of(units_pack(), "rate")
    'Global'
    """
    return _groups(pack)[node]


def group_styles(pack: Pack) -> dict[str, tuple[str, str]]:
    """Fill and border colour of each of the pack's groups, in cluster order (colours
    repeat after :data:`GROUP_TINTS` runs out).

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> group_styles(units_pack())
    {'Global': ('#ECE8F6', '#9E95C4')}
    """
    size = len(GROUP_TINTS)
    return {
        name: (GROUP_TINTS[i % size], GROUP_BORDERS[i % size])
        for i, (_, name, _members) in enumerate(clusters(pack))
    }


def width_for(share: float) -> str:
    """Pen width (1 to 6) for an edge carrying ``share`` (0 to 1) of its target's move.

    Examples
    --------
    >>> width_for(0.5), width_for(2.0), width_for(-1.0)  # a share outside 0 to 1 is clipped
    ('3.5', '6.0', '1.0')
    """
    return f"{1.0 + 5.0 * max(0.0, min(1.0, share)):.1f}"


def node_attrs(kind: str, **extra: str) -> dict[str, str]:
    """Shape (and rounding) for a node kind, with extra attributes.

    Examples
    --------
    >>> node_attrs("rate"), node_attrs("asset", style="filled")
    ({'shape': 'ellipse'}, {'shape': 'box', 'style': 'rounded,filled'})
    """
    attrs = {"shape": KIND_SHAPES[kind]}
    styles = ["rounded"] if kind == "asset" else []
    if "style" in extra:
        styles.append(extra.pop("style"))
    if styles:
        attrs["style"] = ",".join(styles)
    return {**attrs, **extra}


def node_ids(pack_nodes: Iterable[str]) -> dict[str, str]:
    """Generated DOT ids ``n0, n1, ...`` for node ids in sorted order (never pack text).

    Examples
    --------
    >>> node_ids(["b", "a"])
    {'a': 'n0', 'b': 'n1'}
    """
    return {node: f"n{i}" for i, node in enumerate(sorted(pack_nodes))}


def rule_ids(rules: Iterable[str]) -> dict[str, str]:
    """Generated SVG ids ``r0, r1, ...`` for rule ids in sorted order (the map's edges).

    Examples
    --------
    >>> rule_ids(["b_lifts_c", "a_lifts_b"])
    {'a_lifts_b': 'r0', 'b_lifts_c': 'r1'}
    """
    return {rule: f"r{i}" for i, rule in enumerate(sorted(rules))}


def shock_ids(keys: Iterable[str]) -> dict[str, str]:
    """Generated DOT ids ``s0, s1, ...`` for shock keys in sorted order.

    Examples
    --------
    >>> shock_ids(["b@2025-01-06", "a@2025-01-06", "b@2025-01-06"])
    {'a@2025-01-06': 's0', 'b@2025-01-06': 's1'}
    """
    return {key: f"s{i}" for i, key in enumerate(sorted(set(keys)))}


def date_text(day: date) -> str:
    """``19 Dec 2025`` (English month abbreviations, independent of the locale).

    Examples
    --------
    >>> date_text(date(2025, 1, 6))
    '6 Jan 2025'
    """
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

    Examples
    --------
    >>> print(new_graph(["Map"], nodes=200, edges=10).body[1].strip())  # a large graph
    mclimit=0.2 nslimit=2 nslimit1=2 remincross=false searchsize=10 splines=line
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
