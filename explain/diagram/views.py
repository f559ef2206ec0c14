"""Whole-pack views: the teaching map and the scenario-minus-comparison diff.

Both draw every node, clustered by region, and every rule, styled by its channel.
Import them from :mod:`macrograph.explain.diagram.build`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from macrograph.explain.contexts.horizon import reading_horizon
from macrograph.explain.diagram import legend as lg
from macrograph.explain.diagram import style as st
from macrograph.explain.diagram.chain import (
    NEGLIGIBLE,
    back_edges,
    gross_in,
    link_amount,
    select_chain,
)
from macrograph.explain.wording.speaking import speaks_pack
from macrograph.graph.result import Result
from macrograph.rules.models import AnyRule
from macrograph.rules.pack import Pack

UP_SHADES = ("#DDEBF6", "#A8CDE8", "#5FA2D4", "#1D6FA9")
DOWN_SHADES = ("#FBE4D5", "#F3B28D", "#E57D45", "#B8480F")
MOVED_SHARE = 0.05  # the map lights moves of at least 5% of the largest move in their unit
NodeStyler = Callable[[str], dict[str, str]]
EdgeStyler = Callable[[AnyRule], dict[str, str]]


def result_title(result: Result, horizon: str, view: str) -> list[str]:
    """Title lines: scenario, comparison, view, horizon and its date.

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> for line in result_title(result, "1m", "transmission chain"):
    ...     print(line)
    A slumps
    compared with: no shocks
    transmission chain at 1m (5 Feb 2025); event date 6 Jan 2025
    """
    against = result.against_title or "no shocks"
    when = st.date_text(result.dates[horizon])
    return [
        st.shorten(result.title, 90),
        st.shorten(f"compared with: {against}", 100),
        f"{view} at {horizon} ({when}); event date {st.date_text(result.anchor)}",
    ]


def move_text(result: Result, node: str, h: str) -> str:
    """A node's move at ``h`` in its unit; a stance as its reading, comparison to scenario.

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import shocked, stance_pack
    >>> result = shocked(stance_pack(), "a", 1.25)  # to 2.75
    >>> move_text(result, "s", "1m")
    'neutral \u2192 tightening'
    >>> move_text(result, "a", "1m")
    '+1.2 pts'
    """
    stance = result.stances.get(node)
    if stance is not None:
        return f"{stance.against[h]} \u2192 {stance.scenario[h]}"
    outcome = result.nodes[node]
    return st.amount_text(outcome.delta[h], outcome.unit)


@speaks_pack
def map_diagram(pack: Pack, result: Result | None = None, horizon: str | None = None) -> Any:
    """The whole pack for a lecture: regions as clusters, shapes by kind, rules by channel.

    With a ``result``, the paths that carried it (at ``horizon``, default the headline's,
    :func:`~macrograph.explain.contexts.horizon.reading_horizon`) are drawn
    strong, with each node's move, and everything else faded.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> source = map_diagram(units_pack()).source  # its four nodes, all in the region global
    >>> [line.strip() for line in source.splitlines() if "subgraph" in line]
    ['subgraph cluster_global {', 'subgraph inputs {', 'subgraph cluster_legend {']
    """
    if result is None:
        title = [
            st.shorten(pack.info.title, 90),
            f"the whole map, as of {st.date_text(pack.info.as_of)}",
        ]
        return _pack_graph(pack, title, _plain_node(pack), _plain_edge, _map_legend(pack, False))
    h = reading_horizon(pack, result, horizon)
    nodes, rules = moved_parts(pack, result, h)
    title = result_title(result, h, "the whole map, what moved in bold,")
    return _pack_graph(
        pack,
        title,
        _active_node(pack, result, h, nodes),
        _active_edge(result, h, rules, {e.rule for e in result.events if e.world == "scenario"}),
        _map_legend(pack, True),
    )


def moved_parts(pack: Pack, result: Result, h: str) -> tuple[set[str], set[str]]:
    """What the map lights at ``h``: the chain, every node of any kind that moved by more
    than :data:`MOVED_SHARE` of the largest move in its unit, and every rule that carried
    at least that share of a lit target's move from a lit source.

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> nodes, rules = moved_parts(pack, result, "3m")
    >>> sorted(nodes), sorted(rules)
    (['a', 'b'], ['a_to_b'])
    """
    chain = select_chain(pack, result, h)
    peaks = _unit_peaks(result, h)
    nodes = set(chain.nodes) | {
        n
        for n, o in result.nodes.items()
        if abs(o.delta[h]) > NEGLIGIBLE and abs(o.delta[h]) >= MOVED_SHARE * peaks[o.unit]
    }
    rules = {link.rule for link in chain.links if link.rule}
    for rule_id, rule in pack.rules.items():
        if rule.source in nodes and rule.target in nodes:
            amount = abs(link_amount(result, rule.source, rule.target, rule_id, h))
            gross = gross_in(result, rule.target, h)
            if amount > NEGLIGIBLE and amount >= MOVED_SHARE * gross:
                rules.add(rule_id)
    return nodes, rules


@speaks_pack
def diff_diagram(pack: Pack, result: Result, horizon: str | None = None) -> Any:
    """Every node coloured by the sign and size of scenario minus comparison at ``horizon``.

    Shades compare a node with the largest move among nodes of the same unit (bp
    with bp, % with %). Edges carry the difference each rule made, or are faded.

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> g = diff_diagram(pack, result)
    >>> "scenario minus comparison at 3m (6 Apr 2025)" in g.source
    True
    """
    h = reading_horizon(pack, result, horizon)
    title = result_title(result, h, "scenario minus comparison")
    return _pack_graph(
        pack, title, _diff_node(pack, result, h), _diff_edge(result, h), _diff_legend(pack)
    )


def _pack_graph(
    pack: Pack,
    title: list[str],
    node_style: NodeStyler,
    edge_style: EdgeStyler,
    legend: tuple[list[lg.LegendNode], list[lg.LegendLine]],
) -> Any:
    import graphviz  # graphviz loads on first use: slow to import, not always needed

    graph = st.new_graph(title, nodes=len(pack.nodes), edges=len(pack.rules))
    ids = st.node_ids(pack.nodes)
    # Clusters are the pack's own groups, named as the pack names them.
    styles = st.group_styles(pack)
    for dot_id, group, members in st.clusters(pack):
        tint, border = styles[group]
        cluster = graphviz.Digraph(name=dot_id)
        cluster.attr(
            label=st.dot_label([group]),
            style="rounded,filled",
            fillcolor=tint,
            color=border,
            fontname=st.FONT,
            fontsize="13",
        )
        for node in members:
            cluster.node(ids[node], id=ids[node], **node_style(node))
        graph.subgraph(cluster)
    _inputs_first(graph, pack, ids)
    back = feedback_rules(pack)
    edge_ids = st.rule_ids(pack.rules)
    for rule_id in sorted(pack.rules):
        rule = pack.rules[rule_id]
        loop = {"constraint": "false"} if rule_id in back else {}
        edge_id = edge_ids[rule_id]
        graph.edge(ids[rule.source], ids[rule.target], id=edge_id, **edge_style(rule), **loop)
    lg.add_legend(graph, *legend)
    return graph


def _inputs_first(graph: Any, pack: Pack, ids: dict[str, str]) -> None:
    """Policy actions and exogenous drivers in the leftmost column: the map reads from them."""
    import graphviz

    column = graphviz.Digraph(name="inputs")
    column.attr(rank="min")
    for node in sorted(pack.nodes):
        if _start_rank(pack, node) < 2:
            column.node(ids[node])
    graph.subgraph(column)


def feedback_rules(pack: Pack) -> frozenset[str]:
    """Rules that close a loop when the map is read from policy to assets.

    A depth-first walk starts at the policy actions, then the exogenous drivers,
    then everything else (each group in id order); a rule into a node still on the
    walk's path closes a loop. Drawn without ranking weight, those rules point back
    leftwards and everything else flows left to right.

    Examples
    --------
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> feedback_rules(pack_of([rule("a_lifts_b", "a", "b", 0.5), rule("b_lifts_a", "b", "a", 1)]))
    frozenset({'b_lifts_a'})
    """
    out: dict[str, list[tuple[str, str]]] = {}
    for rule_id in sorted(pack.rules):
        rule = pack.rules[rule_id]
        out.setdefault(rule.source, []).append((rule_id, rule.target))
    return back_edges(sorted(pack.nodes, key=lambda n: (_start_rank(pack, n), n)), out)


def _start_rank(pack: Pack, node: str) -> int:
    spec = pack.nodes[node]
    return 0 if spec.kind == "policy_action" else (1 if spec.exogenous else 2)


def _base_node(pack: Pack, node: str, lines: list[str]) -> dict[str, str]:
    spec = pack.nodes[node]
    return st.node_attrs(
        spec.kind,
        label=st.dot_label(lines),
        style="filled",
        fillcolor="white",
        tooltip=st.tooltip(spec.description),
    )


def _plain_node(pack: Pack) -> NodeStyler:
    return lambda node: _base_node(pack, node, st.wrap(pack.nodes[node].label, 20, 3))


def _plain_edge(rule: AnyRule, colour: str | None = None) -> dict[str, str]:
    return {
        **st.rule_line(rule.effect, rule.lag_days, colour),
        "arrowhead": st.RULE_ARROWS[rule.kind],
        "penwidth": "1.2",
        "tooltip": st.tooltip(rule.because),
    }


def _active_node(pack: Pack, result: Result, h: str, active: set[str]) -> NodeStyler:
    def style(node: str) -> dict[str, str]:
        lines = st.wrap(pack.nodes[node].label, 20, 3)
        if node not in active:
            return {**_base_node(pack, node, lines), "color": st.FADED, "fontcolor": st.FADED_TEXT}
        lines.append(move_text(result, node, h))
        return {**_base_node(pack, node, lines), "penwidth": "2"}

    return style


def _active_edge(result: Result, h: str, active: set[str], fired: set[str]) -> EdgeStyler:
    def style(rule: AnyRule) -> dict[str, str]:
        if rule.id not in active:
            faded = st.effect_colour(rule.effect) + "40"
            return {**_plain_edge(rule, faded), "penwidth": "0.8"}
        amount = link_amount(result, rule.source, rule.target, rule.id, h)
        attrs = {**_plain_edge(rule), **_carried(amount)}
        attrs["penwidth"] = "2.8"
        if rule.id in fired:
            attrs["label"] = st.dot_label([f"{st.FIRED} crossed"])
        return attrs

    return style


def _lag_samples(pack: Pack) -> list[lg.LegendLine]:
    lagged = any(r.lag_days > 0 for r in pack.rules.values())
    return [lg.LegendLine(st.LAG_CAPTION, style="dashed")] if lagged else []


def _arrow_samples(pack: Pack) -> list[lg.LegendLine]:
    kinds = {r.kind for r in pack.rules.values()}
    return [
        lg.LegendLine(st.RULE_ARROW_NAMES[k], head=st.ARROW_GLYPHS[k])
        for k in st.RULE_ARROWS
        if k in kinds
    ]


def _map_legend(pack: Pack, active: bool) -> tuple[list[lg.LegendNode], list[lg.LegendLine]]:
    lines = [*lg.sign_lines(), *_lag_samples(pack), *_arrow_samples(pack)]
    if active:
        lines.append(lg.LegendLine(st.CARRIED_CAPTION))
        lines.append(lg.LegendLine("faded: not on the active chain", st.FADED))
    groups = lg.group_samples(pack, (st.group_of(pack, n) for n in pack.nodes))
    return [*lg.kind_samples(n.kind for n in pack.nodes.values()), *groups], lines


def _carried(amount: float) -> dict[str, str]:
    """The direction cue of a link: ``▲`` or ``▼`` at its head, as before a chain's amounts."""
    glyph = st.carried_glyph(amount)
    return {"headlabel": glyph, "labelfontsize": "10", "labelfontcolor": st.INK} if glyph else {}


def _unit_peaks(result: Result, h: str) -> dict[str, float]:
    peaks: dict[str, float] = {}
    for outcome in result.nodes.values():
        peaks[outcome.unit] = max(peaks.get(outcome.unit, 0.0), abs(outcome.delta[h]))
    return peaks


def shade(value: float, peak: float) -> tuple[str, str]:
    """Fill and font colour for a move ``value`` against the largest move ``peak`` of its unit.

    Examples
    --------
    >>> shade(1.0, 1.0), shade(-0.1, 1.0), shade(0.0, 1.0)
    (('#1D6FA9', 'white'), ('#FBE4D5', '#222222'), ('white', '#222222'))
    """
    if abs(value) < NEGLIGIBLE or peak < NEGLIGIBLE:
        return "white", st.INK
    step = min(3, max(0, math.ceil(4 * abs(value) / peak) - 1))
    fill = (UP_SHADES if value > 0 else DOWN_SHADES)[step]
    return fill, ("white" if step == 3 else st.INK)


def _diff_node(pack: Pack, result: Result, h: str) -> NodeStyler:
    peaks = _unit_peaks(result, h)

    def style(node: str) -> dict[str, str]:
        outcome = result.nodes[node]
        lines = [*st.wrap(outcome.label, 20, 3), move_text(result, node, h)]
        before, after = outcome.level_against.get(h), outcome.level.get(h)
        moved = abs(outcome.delta[h]) > NEGLIGIBLE
        if (
            moved
            and before is not None
            and after is not None
            and st.level_text(after, outcome.unit)
        ):
            lines.append(
                f"{st.level_text(before, outcome.unit)} \u2192 {st.level_text(after, outcome.unit)}"
            )
        fill, ink = shade(outcome.delta[h], peaks[outcome.unit])
        return {**_base_node(pack, node, lines), "fillcolor": fill, "fontcolor": ink}

    return style


def _diff_edge(result: Result, h: str) -> EdgeStyler:
    def style(rule: AnyRule) -> dict[str, str]:
        amount = link_amount(result, rule.source, rule.target, rule.id, h)
        if abs(amount) < NEGLIGIBLE:
            return {**_plain_edge(rule, st.FADED), "penwidth": "0.8"}
        gross = gross_in(result, rule.target, h)
        share = abs(amount) / gross if gross > NEGLIGIBLE else 0.0
        return {**_plain_edge(rule), "penwidth": st.width_for(share), **_carried(amount)}

    return style


def _ink(step: int) -> str:
    return "white" if step == 3 else st.INK


def _diff_legend(pack: Pack) -> tuple[list[lg.LegendNode], list[lg.LegendLine]]:
    # 'up up to 1/4 of ...' read the direction into the size: each band as a rise or a fall
    quarters = ("up to 1/4", "1/4 to 1/2", "1/2 to 3/4", "over 3/4")
    samples = [
        *(
            (f"a rise of {q} of its unit's largest", UP_SHADES[i], _ink(i))
            for i, q in enumerate(quarters)
        ),
        ("no change", "white", st.INK),
        *(
            (f"a fall of {q} of its unit's largest", DOWN_SHADES[i], _ink(i))
            for i, q in enumerate(quarters)
        ),
    ]
    nodes = [
        lg.LegendNode(
            caption,
            (("shape", "box"), ("style", "filled"), ("fillcolor", fill), ("fontcolor", ink)),
        )
        for caption, fill, ink in samples
    ]
    lines = [
        *lg.sign_lines(),
        lg.LegendLine(st.CARRIED_CAPTION),
        lg.LegendLine("faded: carried no difference", st.FADED),
        *_lag_samples(pack),
        *_arrow_samples(pack),
    ]
    groups = lg.group_samples(pack, (st.group_of(pack, n) for n in pack.nodes))
    return [*nodes, *lg.kind_samples(n.kind for n in pack.nodes.values()), *groups], lines
