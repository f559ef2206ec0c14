"""Exports of the pack, or of a scenario's result, for other tools: JSON, GraphML, Mermaid, DOT.

JSON is networkx node-link data with the edge list under the explicit key
``"links"``; each link's ``key`` is its rule id. GraphML carries the same
attributes flattened to scalars (``delta_1m``, ``amount_3m``). Mermaid output is a
``flowchart LR`` whose labels are quoted and entity-encoded, so it can sit inside a
Markdown code fence. Same input, same text.

Examples
--------
>>> from macrograph.graph.synthetic import slump_pack
>>> pack = slump_pack()
>>> import json
>>> sorted(json.loads(to_json(pack)))
['directed', 'graph', 'links', 'multigraph', 'nodes', 'schema_version']
>>> to_mermaid(pack).splitlines()[1]
'flowchart LR'
"""

from __future__ import annotations

import json
import re
from typing import Any

from macrograph.explain.diagram import style as st
from macrograph.explain.diagram.chain import Chain, is_shock, link_amount, select_chain
from macrograph.explain.diagram.views import map_diagram, move_text
from macrograph.explain.errors import UnknownFormatError
from macrograph.explain.formats import EXPORT_FORMATS as FORMATS
from macrograph.explain.suffixes import choose_format
from macrograph.explain.textfilters import SCRIPT_COLON, defang_markup
from macrograph.explain.wording.speaking import speaks_pack
from macrograph.graph.result import Result, clean
from macrograph.rules.lint.text import is_hidden
from macrograph.rules.models import AnyRule, ThresholdRule
from macrograph.rules.pack import Pack

NODE_LINK = "macrograph-node-link"
VERSION = 1


@speaks_pack
def export(pack: Pack, fmt: str, result: Result | None = None) -> str:
    """The pack (or ``result`` on it) in ``fmt``, one of :data:`FORMATS`.

    Raises
    ------
    UnknownFormatError
        For a format not in :data:`FORMATS`.

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> export(pack, "mermaid", result).splitlines()[:2]
    ['%% macrograph chain at 3m', 'flowchart LR']
    """
    if fmt not in FORMATS:
        raise UnknownFormatError(fmt, FORMATS)
    writers = {"mermaid": to_mermaid, "graphml": to_graphml, "json": to_json, "dot": to_dot}
    return writers[fmt](pack, result)


def _clean(text: str) -> str:
    """Pack text without hidden characters (XML cannot hold most controls; see
    :func:`macrograph.rules.lint.text.is_hidden`); tab and newline stay."""
    if text.isprintable():
        return text
    return "".join(" " if is_hidden(c) else c for c in text)


def _magnitude(rule: AnyRule) -> float | None:
    size = rule.jump if isinstance(rule, ThresholdRule) else getattr(rule, "magnitude", None)
    return None if size is None else float(size.elasticity)


def _node_data(pack: Pack, node_id: str, result: Result | None) -> dict[str, Any]:
    node = pack.nodes[node_id]
    data: dict[str, Any] = {
        "label": _clean(node.label),
        "kind": node.kind,
        "region": node.region,
        "unit": node.unit,
        "exogenous": node.exogenous,
        "description": _clean(node.description),
    }
    if node.baseline is not None:
        data["baseline"] = node.baseline.value
    if result is not None:
        outcome = result.nodes[node_id]
        data["delta"] = dict(outcome.delta)
        data["level"] = {h: v for h, v in outcome.level.items() if v is not None}
    return data


def _link_data(rule: AnyRule, result: Result | None, chain: Chain | None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "rule": rule.id,
        "kind": rule.kind,
        "channel": rule.channel,
        "effect": rule.effect,
        "lag": rule.lag,
        "confidence": rule.confidence,
        "because": _clean(rule.because),
        "claims": list(rule.cites.claims) if rule.cites else [],
    }
    if _magnitude(rule) is not None:
        data["elasticity"] = _magnitude(rule)
    if result is not None and chain is not None:
        data["amount"] = {
            h: link_amount(result, rule.source, rule.target, rule.id, h) for h in result.horizons
        }
        data["on_chain"] = any(link.rule == rule.id for link in chain.links)
    return data


@speaks_pack
def _pack_graph(pack: Pack, result: Result | None = None) -> Any:
    """A networkx MultiDiGraph of the pack with plain, JSON-ready attributes.

    With a result, nodes carry ``delta`` and ``level`` by horizon, links the
    ``amount`` each rule carried and ``on_chain`` (at the last horizon).
    """
    import networkx as nx  # networkx loads on first use: slow to import, not always needed

    chain = select_chain(pack, result, result.horizons[-1]) if result is not None else None
    graph = nx.MultiDiGraph(**_graph_data(pack, result))
    for node_id in sorted(pack.nodes):
        graph.add_node(node_id, **_node_data(pack, node_id, result))
    for rule_id in sorted(pack.rules):
        rule = pack.rules[rule_id]
        graph.add_edge(rule.source, rule.target, key=rule_id, **_link_data(rule, result, chain))
    return graph


def _graph_data(pack: Pack, result: Result | None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": NODE_LINK,
        "schema_version": VERSION,
        "pack": pack.info.id,
        "title": _clean(pack.info.title),
        "as_of": pack.info.as_of.isoformat(),
    }
    if result is not None:
        data |= {
            "scenario": result.scenario,
            "scenario_title": _clean(result.title),
            "against": result.against or "",
            "horizons": list(result.horizons),
            "dates": {h: d.isoformat() for h, d in result.dates.items()},
        }
    return data


@speaks_pack
def to_json(pack: Pack, result: Result | None = None) -> str:
    """Node-link JSON (``nodes`` and ``links``), keys sorted, two-space indent.

    Examples
    --------
    >>> from macrograph.graph.synthetic import slump_pack
    >>> data = json.loads(to_json(slump_pack()))
    >>> data["graph"]["format"], data["links"][0]["key"] == data["links"][0]["rule"]
    ('macrograph-node-link', True)
    """
    import networkx as nx

    data = nx.node_link_data(_pack_graph(pack, result), edges="links")
    data["schema_version"] = data["graph"].pop("schema_version")  # one, at the top
    return json.dumps(clean(data), indent=2, sort_keys=True, allow_nan=False) + "\n"


def _flat(data: dict[str, Any]) -> dict[str, Any]:
    """Scalars only, as GraphML wants: dicts become ``key_sub``, lists space-joined strings."""
    flat: dict[str, Any] = {}
    for key, value in sorted(data.items()):
        if isinstance(value, dict):
            flat |= {f"{key}_{sub}": v for sub, v in sorted(value.items())}
        elif isinstance(value, list):
            flat[key] = " ".join(str(v) for v in value)
        else:
            flat[key] = value
    return flat


@speaks_pack
def to_graphml(pack: Pack, result: Result | None = None) -> str:
    """GraphML of the same graph, attributes flattened to scalars.

    Examples
    --------
    >>> from macrograph.graph.synthetic import slump_pack
    >>> to_graphml(slump_pack()).startswith("<?xml")
    True
    """
    import networkx as nx

    source = _pack_graph(pack, result)
    graph = nx.MultiDiGraph(**_flat(dict(source.graph)))
    for node, data in source.nodes(data=True):
        graph.add_node(node, **_flat(data))
    for tail, head, key, data in source.edges(keys=True, data=True):
        graph.add_edge(tail, head, key=key, **_flat(data))
    lines = nx.generate_graphml(graph, prettyprint=True)
    text = '<?xml version="1.0" encoding="utf-8"?>\n' + "\n".join(lines) + "\n"
    return defang_markup(text)  # XML: a script URL's colon as a character reference


@speaks_pack
def to_dot(pack: Pack, result: Result | None = None) -> str:
    """The teaching map's DOT source (see :func:`macrograph.explain.diagram.build.map_diagram`).

    Examples
    --------
    >>> from macrograph.graph.synthetic import slump_pack
    >>> dot = to_dot(slump_pack())
    >>> dot.splitlines()[0], dot.count(" -> ")
    ('digraph macrograph {', 1)
    """
    return str(map_diagram(pack, result).source)


# Mermaid -------------------------------------------------------------------------------

MERMAID_SPECIAL = re.compile(r'[#&"<>`;|\\{}\[\]]')
MERMAID_SHAPES = {
    "policy_action": ('{{"', '"}}'),
    "rate": ('(["', '"])'),
    "flow": ('[/"', '"/]'),
    "asset": ('("', '")'),
    "indicator": ('>"', '"]'),
    "stance": ('{"', '"}'),
}


def _mermaid_region(region: str) -> str:
    return f"region_{region.lower()}"


def mermaid_text(text: str, limit: int = 80) -> str:
    """Text safe inside a quoted Mermaid label: specials as ``#NNN;`` codes, one line.

    Quotes, brackets, ``;``, ``|`` and newlines are gone, so a label cannot end its
    node and start a statement (``click n0 href ...``); ``<`` and ``>`` are codes, so
    no HTML; a script URL's colon is ``#58;``.

    Examples
    --------
    >>> mermaid_text('a "b" <i>#1</i> `x`')
    'a #34;b#34; #60;i#62;#35;1#60;/i#62; #96;x#96;'
    >>> mermaid_text('"] click n0 href "javascript:alert(1)"')
    '#34;#93; click n0 href #34;javascript#58;alert(1)#34;'
    """
    coded = MERMAID_SPECIAL.sub(lambda m: f"#{ord(m.group())};", st.shorten(text, limit))
    return SCRIPT_COLON.sub("#58;", coded)


def _mermaid_node(node_id: str, kind: str, lines: list[str]) -> str:
    opening, closing = MERMAID_SHAPES[kind]
    return f"{node_id}{opening}{'<br/>'.join(mermaid_text(x) for x in lines)}{closing}"


@speaks_pack
def to_mermaid(pack: Pack, result: Result | None = None, *, horizon: str | None = None) -> str:
    """A Mermaid flowchart: the whole pack, or, with a result, the chain that carried it.

    Labels are quoted and entity-encoded (no HTML, no Markdown, no fence breaks);
    ids are generated (``n0``..., ``s0``...). ``horizon`` picks the amounts shown
    with a result (default the headline's,
    :func:`~macrograph.explain.contexts.horizon.reading_horizon`).

    Examples
    --------
    >>> from macrograph import propagate, RunOptions
    >>> from macrograph.graph.synthetic import rate_step, units_pack
    >>> pack = units_pack()
    >>> text = to_mermaid(pack, propagate(pack, rate_step(), RunOptions(draws=0)))
    >>> '"price<br/>-0.20%"' in text  # the price falls, its move in percent
    True
    """
    if result is None:
        return _mermaid_map(pack)
    return _mermaid_chain(pack, result, select_chain(pack, result, horizon))


def _mermaid_header(kind: str) -> list[str]:
    return [f"%% macrograph {kind}", "flowchart LR"]


def _mermaid_classes(regions: set[str]) -> list[str]:
    lines = [
        f"  classDef {_mermaid_region(r)} fill:{st.region_colours(r)[0]},"
        f"stroke:{st.region_colours(r)[1]}"
        for r in st.region_order(regions)
    ]
    return [*lines, f"  classDef shock fill:{st.SHOCK_FILL},stroke:{st.INK}"]


def _mermaid_boxes(pack: Pack) -> list[tuple[str, str, list[str]]]:
    """The map's boxes (id, name, nodes) as the diagrams cluster the nodes
    (:func:`~macrograph.explain.diagram.style.clusters`): by the pack's groups where it
    clusters by them, else by region."""
    found = st.clusters(pack)
    if not found or not found[0][0].startswith("cluster_group"):
        regions = st.region_order(n.region for n in pack.nodes.values())
        return [(_mermaid_region(r), st.region_name(r), _in_region(pack, r)) for r in regions]
    return [(f"group{i}", name, members) for i, (_, name, members) in enumerate(found)]


def _in_region(pack: Pack, region: str) -> list[str]:
    return sorted(n for n in pack.nodes if pack.nodes[n].region == region)


def _mermaid_map(pack: Pack) -> str:
    ids = st.node_ids(pack.nodes)
    lines = _mermaid_header("map")
    for box, title, members in _mermaid_boxes(pack):
        if members:
            name = mermaid_text(title)
            lines.append(f'  subgraph {box}_box["{name}"]')
            lines += [
                f"    {_mermaid_node(ids[n], pack.nodes[n].kind, [pack.nodes[n].label])}"
                for n in members
            ]
            lines.append("  end")
    styles = []
    for i, rule_id in enumerate(sorted(pack.rules)):
        rule = pack.rules[rule_id]
        arrow = "-.->" if rule.lag_days > 0 else "-->"
        lines.append(f"  {ids[rule.source]} {arrow} {ids[rule.target]}")
        colour = st.EFFECT_COLOURS[rule.effect]
        styles.append(f"  linkStyle {i} stroke:{colour}")
    lines += _mermaid_classes({n.region for n in pack.nodes.values()})
    lines += [
        f"  class {ids[n]} {_mermaid_region(pack.nodes[n].region)}" for n in sorted(pack.nodes)
    ]
    return "\n".join([*lines, *styles]) + "\n"


def _mermaid_chain(pack: Pack, result: Result, chain: Chain) -> str:
    h = chain.horizon
    ids = {**st.node_ids(pack.nodes), **st.shock_ids(chain.shocks)}
    lines = _mermaid_header(f"chain at {h}")
    for key in chain.shocks:
        info = next(s for s in (*result.shocks, *result.against_shocks) if s.key == key)
        lines.append(f'  {ids[key]}>"{mermaid_text(info.label)}<br/>{st.date_text(info.date)}"]')
    for node in chain.nodes:
        outcome = result.nodes[node]
        text = [outcome.label, move_text(result, node, h)]
        lines.append(f"  {_mermaid_node(ids[node], outcome.kind, text)}")
    styles = []
    for i, link in enumerate(chain.links):
        phrase = pack.rules[link.rule].because if link.rule else "shock"
        told = st.amount_text if link.rule else st.shock_text  # a shock's link: its size
        amount = told(link.amount, result.nodes[link.target].unit)
        arrow = "-.->" if link.rule and pack.rules[link.rule].lag_days > 0 else "-->"
        label = f"{mermaid_text(phrase, 48)} {mermaid_text(amount)}"
        lines.append(f'  {ids[link.source]} {arrow}|"{label}"| {ids[link.target]}')
        width = 1 + round(4 * link.share)
        styles.append(
            f"  linkStyle {i} stroke:{st.sign_colour(link.amount)},stroke-width:{width}px"
        )
    lines += _mermaid_classes({result.nodes[n].region for n in chain.nodes})
    lines += [f"  class {ids[n]} {_mermaid_region(result.nodes[n].region)}" for n in chain.nodes]
    lines += [f"  class {ids[k]} shock" for k in chain.shocks if is_shock(k)]
    return "\n".join([*lines, *styles]) + "\n"


def format_for(output: str, given: str | None) -> str:
    """The export format: ``given``, else the file's suffix, else JSON.

    Raises
    ------
    UnknownFormatError

    Examples
    --------
    >>> format_for("map.graphml", None), format_for("-", None), format_for("map.mmd", None)
    ('graphml', 'json', 'mermaid')
    """
    return choose_format(output, given, FORMATS, "json")
