"""Transmission diagrams as ``graphviz.Digraph`` objects: chain, map, diff and teaching frames.

The chain view draws the paths that carried a result, top to bottom from the shock
to the assets (hops stack, so a chain fits a page's width);
:mod:`macrograph.explain.diagram.views` draws the whole-pack map and the
scenario-minus-comparison view. Node ids are generated (``n0``... for nodes in
id order, ``s0``... for shocks, ``k0``... for the legend); pack text appears only in
escaped labels and tooltips. Render with :func:`macrograph.explain.render.render`.

Examples
--------
>>> from macrograph import propagate, RunOptions
>>> from macrograph.graph.synthetic import labelled, rate_step, units_pack
>>> pack = labelled(units_pack(), {"price": "House price"})
>>> dot = chain_diagram(pack, propagate(pack, rate_step(), RunOptions(draws=0))).source
>>> [label] = [line.split('"')[1] for line in dot.splitlines() if "n2 [label" in line]
>>> print(label)  # the price's node: its label, its move and its level
House price\\n-0.20% (to 149.7)
>>> "rankdir=TB" in dot
True
"""

from __future__ import annotations

from typing import Any

from msgspec import Struct

from macrograph.explain.diagram import legend as lg
from macrograph.explain.diagram import style as st
from macrograph.explain.diagram.chain import Chain, Link, horizon_of, is_shock, select_chain
from macrograph.explain.diagram.views import diff_diagram, map_diagram, move_text, result_title
from macrograph.explain.errors import UnknownFormatError
from macrograph.explain.filters import move
from macrograph.explain.formats import VIEWS as VIEWS  # read here by the command line
from macrograph.explain.wording.speaking import speaks_pack
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.graph.result import Result, ShockInfo
from macrograph.graph.scenarios import find_node
from macrograph.rules.pack import Pack

__all__ = ["Lit", "chain_diagram", "diff_diagram", "lit_frame", "map_diagram", "step_frames"]

STAGGER_FROM = 2  # links into one node from which their labels stagger over two rows
SHOCKS_PER_ROW = 2  # more shocks side by side make a chain too wide to read on a page
PHRASE_WIDTH = 15  # characters per line of a link's phrase (the whole phrase is its tooltip)
SHOCK_WIDTH = 24  # characters per line of a shock's label
STRESSED = "3"  # outline of the nodes of a frame's current step
BOLD = "Helvetica-Bold"  # label of a frame's current link
SURPRISE_DIGITS = 2  # a surprise to 2 decimals of its unit, as the what-if prints it


@speaks_pack
def chain_diagram(
    pack: Pack,
    result: Result,
    horizon: str | None = None,
    focus: str | None = None,
    depth: int | None = None,
    keys: bool = False,
) -> Any:
    """The paths that carried ``result``, strongest first, as a top-to-bottom Digraph
    (with ``keys``, also to every key outcome that moves: see
    :func:`~macrograph.explain.diagram.chain.select_chain`).

    Parameters
    ----------
    pack : Pack
    result : Result
        From :func:`macrograph.graph.propagate.propagate`.
    horizon : str, optional
        One of ``result.horizons`` (default the headline's,
        :func:`~macrograph.explain.contexts.horizon.reading_horizon`): the amounts shown.
    focus : str, optional
        A node id, label or alias: only the paths into that node.
    depth : int, optional
        At most this many hops per path (back from ``focus``, or from the shock).
    keys : bool
        Also the paths to every key outcome that moves (the lesson's chain).

    Returns
    -------
    graphviz.Digraph
        Edges carry the rule's phrase and the amount it added to its target (``▲`` a
        rise, ``▼`` a fall); width is the share of the target's move, colour the
        rule's sign, dashes a lag; doubly outlined nodes are where channels of
        opposite sign meet.

    Examples
    --------
    >>> from macrograph import propagate, RunOptions
    >>> from macrograph.graph.synthetic import labelled, rate_step, units_pack
    >>> pack = labelled(units_pack(), {"price": "House price"})
    >>> result = propagate(pack, rate_step(), RunOptions(draws=0))
    >>> g = chain_diagram(pack, result, horizon="1d", focus="price")
    >>> [label] = [line.split('"')[1] for line in g.source.splitlines() if "House" in line]
    >>> print(label)
    House price\\n-0.20% (to 149.7)
    """
    node = find_node(pack, focus) if focus is not None else None
    chain = select_chain(pack, result, horizon, node, depth, keys)
    return _chain_graph(pack, result, chain, None)


class Lit(Struct, frozen=True):
    """What a teaching frame lights: the chain's links it shows (indices into
    ``chain.links``; the rest are faded), those it stresses as the current step, and the
    line it adds to the title."""

    links: frozenset[int]
    current: frozenset[int] = frozenset()
    line: str = ""


@speaks_pack
def step_frames(pack: Pack, result: Result, horizon: str | None = None) -> list[Any]:
    """The chain view once per hop, lighting one more hop each time (for teaching).

    Every frame has the same nodes, edges and labels, so ``dot`` lays them out the
    same way and the frames can be flipped through.

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> frames = step_frames(pack, result)
    >>> len(frames)  # the shock into a, then a into b
    2
    """
    chain = select_chain(pack, result, horizon)
    return [
        lit_frame(pack, result, chain, Lit(_up_to(chain, k), line=_hops_line(chain, k)))
        for k in range(1, chain.steps + 1)
    ]


def _up_to(chain: Chain, hop: int) -> frozenset[int]:
    return frozenset(i for i, link in enumerate(chain.links) if link.hop <= hop)


def _hops_line(chain: Chain, hop: int) -> str:
    return f"step {hop} of {chain.steps}: hops 1-{hop} lit"


@speaks_pack
def lit_frame(pack: Pack, result: Result, chain: Chain, lit: Lit) -> Any:
    """The chain view with only ``lit.links`` lit and ``lit.current`` stressed.

    Every frame of one chain has the same nodes, edges and labels, so ``dot`` lays them
    out the same way whatever is lit.

    Examples
    --------
    >>> from macrograph.explain.diagram.chain import select_chain
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> frame = lit_frame(pack, result, select_chain(pack, result), Lit(frozenset({0})))
    >>> [x.split(" [")[0].strip() for x in frame.body if 'color="#D3D3D3"' in x]  # faded: a_to_b
    ['n1', 'n0 -> e1', 'e1 -> n1']
    """
    return _chain_graph(pack, result, chain, lit)


def _chain_graph(pack: Pack, result: Result, chain: Chain, lit: Lit | None) -> Any:
    title = result_title(result, chain.horizon, "transmission chain")
    if lit is not None and lit.line:
        title = [*title, lit.line]
    # Hops stack top to bottom, so a long chain fits a page's width.
    graph = st.new_graph(
        title,
        nodes=len(chain.nodes),
        edges=len(chain.links),
        ranksep="0.45",
        rankdir="TB",
        nodesep="0.08",
    )
    ids = {**st.node_ids(pack.nodes), **st.shock_ids(chain.shocks)}
    _add_shocks(graph, result, chain, ids)
    shown = _lit_nodes(chain, lit)
    stressed = (_lit_nodes(chain, Lit(lit.current)) if lit is not None else None) or set()
    for node in chain.nodes:
        attrs = _node_attrs(pack, result, chain, node, shown is None or node in shown)
        if node in stressed:
            attrs["penwidth"] = STRESSED
        graph.node(ids[node], id=ids[node], **attrs)
    raised = _raised(chain)
    for i, link in enumerate(chain.links):
        attrs = _link_attrs(pack, result, chain, link, lit is None or i in lit.links)
        if i in raised and "constraint" not in attrs:
            attrs["minlen"] = "2"
        if lit is not None and i in lit.current:
            attrs["penwidth"] = f"{float(attrs['penwidth']) + 2:g}"
            attrs["fontname"] = BOLD
        _draw_link(graph, f"e{i}", ids[link.source], ids[link.target], attrs)
    _chain_legend(graph, pack, chain, lit is not None)
    return graph


def _lit_nodes(chain: Chain, lit: Lit | None) -> set[str] | None:
    """The endpoints of the lit links (None: everything is lit)."""
    if lit is None:
        return None
    return {e for i in lit.links for e in (chain.links[i].source, chain.links[i].target)}


def _raised(chain: Chain) -> frozenset[int]:
    """Links whose label stands a row higher than its neighbours': every second link into a
    node that :data:`STAGGER_FROM` or more links reach, so that their labels stagger over
    two rows instead of standing side by side in one."""
    into: dict[str, list[int]] = {}
    for i, link in enumerate(chain.links):
        into.setdefault(link.target, []).append(i)
    return frozenset(
        i for links in into.values() if len(links) >= STAGGER_FROM for i in links[1::2]
    )


def _draw_link(graph: Any, label_id: str, tail: str, head: str, attrs: dict[str, str]) -> None:
    """An edge whose label is a node of its own on the way, so other edges route around it.

    Graphviz places an ordinary edge label without keeping other splines off it;
    as a node, the label is an obstacle every other edge avoids.
    """
    label, ink = attrs.pop("label"), attrs.pop("fontcolor")
    font = {"fontname": attrs.pop("fontname")} if "fontname" in attrs else {}
    back = attrs.pop("constraint", None)
    raised = {"minlen": attrs.pop("minlen")} if "minlen" in attrs else {}
    graph.node(
        label_id,
        label,
        id=label_id,
        shape="plain",
        fontcolor=ink,
        fontsize="9",
        tooltip=attrs["tooltip"],
        **font,
    )
    # Stable SVG ids (``e3_in``, ``e3_out``) let the lesson page light a link.
    graph.edge(tail, label_id, id=f"{label_id}_in", arrowhead="none", **attrs)
    # A link back to an earlier node keeps its label beside its cause, then turns back.
    back_attrs = {"constraint": back} if back else {}
    graph.edge(label_id, head, id=f"{label_id}_out", **attrs, **back_attrs, **raised)


def _add_shocks(graph: Any, result: Result, chain: Chain, ids: dict[str, str]) -> None:
    import graphviz  # graphviz loads on first use: slow to import, not always needed

    column = graphviz.Digraph(name="shocks")
    column.attr(rank="source")
    for i, key in enumerate(chain.shocks):
        info = _shock_info(result, key)
        # Shocks past the first row stand below the row before: a page's width holds a row.
        row = column if i < SHOCKS_PER_ROW else graph
        if i >= SHOCKS_PER_ROW:
            above = ids[chain.shocks[i - SHOCKS_PER_ROW]]
            graph.edge(above, ids[key], style="invis")
        row.node(
            ids[key],
            st.dot_label(_shock_lines(result, info)),
            id=ids[key],
            shape=st.SHOCK_SHAPE,
            style="filled",
            fillcolor=st.SHOCK_FILL,
            tooltip=st.tooltip(info.label),
        )
    graph.subgraph(column)


def _shock_info(result: Result, key: str) -> ShockInfo:
    for info in (*result.shocks, *result.against_shocks):
        if info.key == key:
            return info
    raise KeyError(key)


def _shock_lines(result: Result, info: ShockInfo) -> list[str]:
    ours = any(s.key == info.key for s in result.shocks)
    lines = st.wrap(info.label if ours else f"without: {info.label}", SHOCK_WIDTH, 3)
    lines.append(st.date_text(info.date))
    if info.priced_probability is not None and info.priced_change is not None:
        unit = result.nodes[info.node].unit
        change = st.shock_text(info.priced_change, unit)
        lines.append(f"priced: {info.priced_probability:.0%} odds of {change}")
    other = next((s for s in result.against_shocks if s.key == info.key), None)
    if ours and other is not None and other.label != info.label:
        lines.extend(st.wrap(f"instead of: {other.label}", SHOCK_WIDTH, 3))
    return lines


def _node_attrs(pack: Pack, result: Result, chain: Chain, node: str, lit: bool) -> dict[str, str]:
    outcome = result.nodes[node]
    lines = st.wrap(outcome.label, 16, 3)
    lines.append(move_text(result, node, chain.horizon))
    level = outcome.level.get(chain.horizon)
    if level is not None and st.level_text(level, outcome.unit):
        lines[-1] += f"  (to {st.level_text(level, outcome.unit)})"
    extra = {"peripheries": "2", "penwidth": "1.6"} if node in chain.competing else {}
    tint = st.group_styles(pack)[st.group_of(pack, node)][0]
    colours = (
        {"fillcolor": tint, "color": st.INK, "fontcolor": st.INK}
        if lit
        else {"fillcolor": "white", "color": st.FADED, "fontcolor": st.FADED_TEXT}
    )
    return st.node_attrs(
        outcome.kind,
        label=st.dot_label(lines),
        style="filled",
        tooltip=st.tooltip(pack.nodes[node].description),
        **colours,
        **extra,
    )


def _link_attrs(pack: Pack, result: Result, chain: Chain, link: Link, lit: bool) -> dict[str, str]:
    unit = result.nodes[link.target].unit
    lines = [*_marker(chain, link), *_phrase(pack, result, link)]
    glyph = st.carried_glyph(link.amount)
    amount = st.amount_text if link.rule else st.shock_text  # a shock's own link: its size
    carried = f"{glyph} {amount(link.amount, unit)}".strip()
    lines.extend(_surprise_lines(result, link, carried) or [carried])
    rule = pack.rules[link.rule] if link.rule else None
    # Colour is the rule's sign in every view (a shock's own link is ink); dashes a lag.
    line = st.rule_line(rule.effect, rule.lag_days) if rule else {"color": st.INK}
    colour = line["color"] if lit else st.FADED
    attrs = {
        **line,
        "label": st.dot_label(lines),
        "color": colour,
        "fontcolor": st.text_colour(colour) if lit else st.FADED_TEXT,
        "penwidth": st.width_for(link.share),
        "tooltip": st.tooltip(_because(pack, link)),
    }
    if _backward(chain, link):
        attrs["constraint"] = "false"
    return attrs


def _backward(chain: Chain, link: Link) -> bool:
    """Links that should not push their target rightwards: loops, and late arrivals.

    A node a shock hits directly stays next to its shock, so the trunk of the chain
    starts at the left; a longer path that reaches it again comes back leftwards.
    """
    if (link.source, link.target, link.rule) in chain.back:
        return True
    return chain.hops.get(link.target, 0) == 1 and chain.hops.get(link.source, 0) > 0


def _phrase(pack: Pack, result: Result, link: Link) -> list[str]:
    if link.rule:
        return st.wrap(pack.rules[link.rule].because, PHRASE_WIDTH, 3)
    info = _shock_info(result, link.source)
    if link.target != info.node:
        return ["surprise vs priced"]
    return ["decision" if info.priced_probability is not None else "shock"]


def _surprise_lines(result: Result, link: Link, carried: str) -> list[str]:
    """A decision's surprise as the what-if prints it, then what the link carried, called the
    difference from the comparison when the comparison had a surprise of its own."""
    if link.rule or not is_shock(link.source):
        return []
    info = _shock_info(result, link.source)
    if link.target == info.node or info.surprise is None:
        return []
    unit = result.nodes[info.node].unit
    lines = [move(info.surprise, unit, SURPRISE_DIGITS)]
    before = next((s.surprise for s in result.against_shocks if s.key == info.key), None)
    return [*lines, f"{carried} vs comparison"] if before is not None else lines


def _because(pack: Pack, link: Link) -> str:
    return pack.rules[link.rule].because if link.rule else "the scenario's shock"


def _marker(chain: Chain, link: Link) -> list[str]:
    events = chain.events.get(link.rule, ())
    return [
        f"{st.FIRED} crossed {st.date_text(e.date)}"
        + ("" if e.world == "scenario" else " (comparison)")
        for e in events
    ]


def _chain_legend(graph: Any, pack: Pack, chain: Chain, frame: bool) -> None:
    kinds = {pack.nodes[n].kind for n in chain.nodes}
    nodes = [
        lg.LegendNode(
            "shock", (("shape", st.SHOCK_SHAPE), ("style", "filled"), ("fillcolor", st.SHOCK_FILL))
        ),
        *lg.kind_samples(kinds),
    ]
    nodes.extend(lg.group_samples(pack, (st.group_of(pack, n) for n in chain.nodes)))
    if chain.competing:
        nodes.append(
            lg.LegendNode("opposing channels meet", (("shape", "box"), ("peripheries", "2")))
        )
    lines = lg.sign_lines()
    if any(not link.rule for link in chain.links):
        lines.append(lg.LegendLine("link from a shock (no rule)", st.INK, thickness=2))
    lines.append(lg.LegendLine(st.CARRIED_CAPTION))
    lines.append(lg.LegendLine("width: share of the target's move", thickness=5))
    if any(link.rule and pack.rules[link.rule].lag_days > 0 for link in chain.links):
        lines.append(lg.LegendLine(st.LAG_CAPTION, style="dashed"))
    if frame:
        lines.append(lg.LegendLine("faded: not lit yet", st.FADED))
    if any(chain.events.get(link.rule) for link in chain.links):
        lines.append(lg.LegendLine("threshold crossed", head=st.FIRED))
    ids = st.node_ids(pack.nodes)
    ends = sorted(ids[n] for n in set(chain.nodes) - {link.source for link in chain.links})
    lg.add_legend(graph, nodes, lines, top_down=True, below=ends or [ids[n] for n in chain.nodes])


def result_for(pack: Pack, text: str | None, options: RunOptions = RunOptions()) -> Result:
    """Propagate the scenario named by ``text`` (default: the pack's default scenario)
    against ``options.against``, without draws (a diagram shows no bands); the horizon
    ``options.focus``, when outside the pack's horizons, is added to them.

    Examples
    --------
    >>> from macrograph.graph.synthetic import slump_pack
    >>> result = result_for(slump_pack(), "a-slumps", RunOptions(focus="2w"))
    >>> result.horizons, result.draws
    (('1d', '1w', '2w', '1m', '3m'), 0)
    """
    return propagate(pack, text or pack.info.default_scenario, options.exact())


@speaks_pack
def view_diagram(
    pack: Pack,
    result: Result,
    view: str = "chain",
    horizon: str | None = None,
    focus: str | None = None,
    depth: int | None = None,
) -> Any:
    """One of :data:`VIEWS` for ``result``, at ``horizon`` (default the headline's).

    Raises
    ------
    UnknownFormatError
        For a view not in :data:`VIEWS` (``what`` is ``view``).
    HorizonError
        For a ``horizon`` the result was not run at.

    Examples
    --------
    >>> from macrograph.graph.synthetic import slump_pack
    >>> pack = slump_pack()
    >>> g = view_diagram(pack, result_for(pack, "a slumps"), "diff", horizon="1m")
    >>> "scenario minus comparison at 1m (5 Feb 2025)" in g.source
    True
    """
    if view not in VIEWS:
        raise UnknownFormatError(view, VIEWS, "view")
    horizon_of(result, horizon)
    if view == "map":
        return map_diagram(pack, result, horizon)
    if view == "diff":
        return diff_diagram(pack, result, horizon)
    return chain_diagram(pack, result, horizon, focus, depth)
