"""The map and diff views, and the safety of every view against hostile pack text."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from macrograph.explain.diagram import style as st
from macrograph.explain.diagram.build import (
    chain_diagram,
    diff_diagram,
    map_diagram,
    step_frames,
    view_diagram,
)
from macrograph.explain.diagram.chain import select_chain
from macrograph.explain.diagram.views import feedback_rules, moved_parts, shade
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.graph.result import Result
from macrograph.rules import load_pack
from macrograph.rules.info import PackInfo
from macrograph.rules.lint.core import lint_pack
from macrograph.rules.models import Citation, LinearRule, Magnitude, Node
from macrograph.rules.pack import Pack
from tests.documents.test_diagram_dot import Dot, display, parse

pytestmark = pytest.mark.usefixtures("bundled_words")  # amounts as the pack writes them

HOSTILE = Path(__file__).parents[1] / "hostile_pack"
GENERATED_ID = re.compile(r"^[nsek][0-9]+$")


@pytest.fixture(scope="module")
def skips(pack: Pack) -> Result:
    return propagate(pack, "boj-skips", RunOptions(draws=0))


@pytest.fixture(scope="module")
def hostile() -> Pack:
    loaded: Pack = load_pack(HOSTILE)
    return loaded


def ids(pack: Pack) -> dict[str, str]:
    return {node: f"n{i}" for i, node in enumerate(sorted(pack.nodes))}


def legend_text(dot: Dot) -> str:
    return " ".join(dot.nodes[k]["label"] for k in dot.clusters["cluster_legend"])


def test_map_has_one_cluster_per_group_named_by_the_pack_holding_exactly_its_nodes(
    pack: Pack,
) -> None:
    source = map_diagram(pack).source
    dot = parse(source)
    names = ids(pack)
    clusters = st.clusters(pack)
    assert set(dot.clusters) == {dot_id for dot_id, _, _ in clusters} | {"cluster_legend"}
    for dot_id, name, members in clusters:
        assert set(dot.clusters[dot_id]) == {names[n] for n in members}, name
        label = f'"{name}"' if " " in name else name
        assert re.search(f"subgraph {dot_id} {{[^}}]* label={re.escape(label)} ", source), name
    assert sorted(n for _, _, members in clusters for n in members) == sorted(pack.nodes)
    assert len(dot.edges) == len(pack.rules)


def test_map_shapes_follow_kinds_and_edges_follow_sign_and_lag(pack: Pack) -> None:
    dot = parse(map_diagram(pack).source)
    names = ids(pack)
    for node_id, node in pack.nodes.items():
        assert dot.nodes[names[node_id]]["shape"] == st.KIND_SHAPES[node.kind]
    drawn = {(a, b, attrs["tooltip"]): attrs for a, b, attrs in dot.edges}
    for rule in pack.rules.values():
        attrs = drawn[(names[rule.source], names[rule.target], rule.because)]
        assert attrs["color"] == (st.UP if rule.effect == "+" else st.DOWN), rule.id
        assert attrs["style"] == ("dashed" if rule.lag_days else "solid"), rule.id
        assert attrs["arrowhead"] == st.RULE_ARROWS[rule.kind]


def test_map_legend_names_shapes_colours_and_line_styles(pack: Pack) -> None:
    legend = legend_text(parse(map_diagram(pack).source))
    for kind in st.KIND_NAMES.values():
        assert kind in legend
    groups = [name for _, name, _ in st.clusters(pack)]
    for words in (st.WITH_CAPTION, st.AGAINST_CAPTION, st.LAG_CAPTION, *groups):
        assert words in legend
    assert "threshold: fires once when crossed" in legend


def test_map_reads_from_policy_to_assets(pack: Pack) -> None:
    dot = parse(map_diagram(pack).source)
    names = ids(pack)
    source = map_diagram(pack).source
    inputs = re.search(r"subgraph inputs \{\n\t\trank=min\n((?:\t\tn\d+\n)+)", source)
    assert inputs is not None
    first = set(inputs.group(1).split())
    starts = {n for n, node in pack.nodes.items() if node.kind == "policy_action" or node.exogenous}
    assert first == {names[n] for n in starts}
    back = feedback_rules(pack)
    assert back  # the pack has loops; each is broken once, pointing back
    loose = {(names[pack.rules[r].source], names[pack.rules[r].target]) for r in back}
    for a, b, attrs in dot.edges:
        assert (attrs.get("constraint") == "false") == ((a, b) in loose)


def test_map_with_a_result_draws_what_moved_strong_and_fades_the_rest(
    pack: Pack, skips: Result
) -> None:
    dot = parse(map_diagram(pack, skips).source)
    names = ids(pack)
    chain = select_chain(pack, skips)
    lit_nodes, lit_rules = moved_parts(pack, skips, "3m")
    assert set(chain.nodes) <= lit_nodes
    assert {link.rule for link in chain.links if link.rule} <= lit_rules
    # Every node that moved by 5% of the largest move in its unit is lit, of any kind.
    peaks: dict[str, float] = {}
    for o in skips.nodes.values():
        peaks[o.unit] = max(peaks.get(o.unit, 0.0), abs(o.delta["3m"]))
    big = {n for n, o in skips.nodes.items() if abs(o.delta["3m"]) >= 0.05 * peaks[o.unit] > 0}
    assert big <= lit_nodes and big - set(chain.nodes)
    rules = [pack.rules[r] for r in lit_rules]
    active = {(names[r.source], names[r.target], r.because) for r in rules}
    for a, b, attrs in dot.edges:
        if (a, b, attrs["tooltip"]) in active:
            assert attrs["penwidth"] == "2.8"
            assert attrs["headlabel"] in (st.RISE, st.FALL)
        else:
            assert attrs["penwidth"] == "0.8" and attrs["color"].endswith("40")
    for node in lit_nodes:
        outcome = skips.nodes[node]
        text = display(dot.nodes[names[node]]["label"])
        assert text.split("\n")[-1] == st.amount_text(outcome.delta["3m"], outcome.unit)
    faded = set(pack.nodes) - lit_nodes
    assert all(dot.nodes[names[n]]["fontcolor"] == st.FADED_TEXT for n in faded)


def test_the_map_reads_at_the_horizon_asked(pack: Pack, skips: Result) -> None:
    # the diagram's --horizon drew the map at the headline's horizon whatever was asked
    names = ids(pack)
    for h in ("1d", "1m"):
        source = view_diagram(pack, skips, "map", horizon=h).source
        assert source == map_diagram(pack, skips, h).source
        dot = parse(source)
        assert f"what moved in bold, at {h} (" in display(dot.graph["label"])
        for node in moved_parts(pack, skips, h)[0]:
            outcome = skips.nodes[node]
            text = display(dot.nodes[names[node]]["label"])
            assert text.split("\n")[-1] == st.amount_text(outcome.delta[h], outcome.unit)
    bitcoin = skips.nodes["bitcoin"].delta
    assert bitcoin["1d"] > 2 * bitcoin["3m"]  # the two maps differ where it matters


def test_map_golden(pack: Pack, golden: Any) -> None:
    golden("diagram/map.dot", map_diagram(pack).source)


def test_diff_colours_nodes_by_sign_and_size_of_the_difference(pack: Pack, skips: Result) -> None:
    dot = parse(diff_diagram(pack, skips, "1m").source)
    names = ids(pack)
    body = skips.to_dict()["nodes"]
    peaks: dict[str, float] = {}
    for node in body.values():
        peaks[node["unit"]] = max(peaks.get(node["unit"], 0.0), abs(node["delta"]["1m"]))
    for node_id, node in body.items():
        attrs = dot.nodes[names[node_id]]
        delta = node["delta"]["1m"]
        if abs(delta) < 1e-9:
            assert attrs["fillcolor"] == "white", node_id
        elif delta > 0:
            assert attrs["fillcolor"] in st_shades("up"), node_id
        else:
            assert attrs["fillcolor"] in st_shades("down"), node_id
        if peaks[node["unit"]] > 1e-9 and abs(delta) == peaks[node["unit"]]:
            assert attrs["fillcolor"] in (st_shades("up")[-1], st_shades("down")[-1])
        text = display(attrs["label"]).split("\n")
        if node_id not in skips.stances:  # a stance shows its reading (tested below)
            assert st.amount_text(delta, node["unit"]) in text
    assert "scenario minus comparison at 1m" in display(dot.graph["label"])


def st_shades(side: str) -> tuple[str, ...]:
    from macrograph.explain.diagram.views import DOWN_SHADES, UP_SHADES

    return UP_SHADES if side == "up" else DOWN_SHADES


def test_shade_grows_with_the_share_of_the_largest_move() -> None:
    fills = [shade(x, 1.0)[0] for x in (0.1, 0.4, 0.6, 1.0)]
    assert fills == list(st_shades("up"))
    assert shade(-1.0, 1.0) == (st_shades("down")[-1], "white")


def test_node_ids_are_generated_never_pack_text(pack: Pack, skips: Result) -> None:
    for graph in (
        chain_diagram(pack, skips),
        map_diagram(pack, skips),
        diff_diagram(pack, skips),
        *step_frames(pack, skips),
    ):
        dot = parse(graph.source)
        assert dot.nodes and all(GENERATED_ID.match(k) for k in dot.nodes)
        assert all(GENERATED_ID.match(a) and GENERATED_ID.match(b) for a, b, _ in dot.edges)


def test_hostile_pack_loads_lints_clean_and_is_hostile(hostile: Pack) -> None:
    assert not [f for f in lint_pack(hostile) if f.severity == "error"]
    labels = [n.label for n in hostile.nodes.values()]
    assert max(len(label) for label in labels) == 10_000
    descriptions = [n.description for n in hostile.nodes.values()]
    text = " ".join([*labels, *descriptions, *(r.because for r in hostile.rules.values())])
    for needle in ('"', "\\", "{{", "{%", "<script>", "<b>", ":", "\n", "```", "\x1b", "\u202e"):
        assert needle in text, needle


def hostile_graphs(hostile: Pack) -> list[Any]:
    graphs: list[Any] = [map_diagram(hostile)]
    for scenario in ("hold", "base"):
        result = propagate(hostile, scenario, RunOptions(draws=0))
        graphs += [chain_diagram(hostile, result), map_diagram(hostile, result)]
        graphs += [diff_diagram(hostile, result), *step_frames(hostile, result)]
    graphs.append(
        chain_diagram(hostile, propagate(hostile, "hold", RunOptions(draws=0)), focus="carry_stock")
    )
    return graphs


STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def test_hostile_text_reaches_dot_only_as_escaped_plain_labels(hostile: Pack) -> None:
    for graph in hostile_graphs(hostile):
        source = graph.source
        html = re.findall(r"^\t+(\w+) \[label=<", source, flags=re.MULTILINE)
        assert all(node_id.startswith("k") for node_id in html)  # only our legend table
        for literal in STRING.findall(source):
            assert "\n" not in literal and "\x1b" not in literal and "\u202e" not in literal
            for escape in re.findall(r"\\(.)", literal):
                assert escape in ("\\", "n", "l"), literal  # no quote, no \\N, \\G...
            assert not re.search(r"[<>]", literal), literal  # never HTML-like
            assert re.sub("&(amp|lt|gt|quot);", "", literal).count("&") == 0, literal
        ours = re.compile(r"^\t+k\d+ \[label=<")  # the legend table, no pack text
        lengths = [len(line) for line in source.splitlines() if not ours.match(line)]
        assert max(lengths) < 1_000  # a 10,000-character label is shortened


def test_hostile_labels_show_literally(hostile: Pack) -> None:
    result = propagate(hostile, "hold", RunOptions(draws=0))
    dot = parse(chain_diagram(hostile, result, focus="carry_stock").source)
    names = ids(hostile)
    shown = {n: display(dot.nodes[names[n]]["label"]) for n in ("rate_path", "carry_stock")}
    assert (
        shown["rate_path"].replace("\n", " ").startswith('Priced path: <script>alert("x")</script>')
    )
    assert shown["carry_stock"].replace("\n", " ").startswith("C:\\temp\\new\\N \\\\ ends with")
    marked = [display(a["label"]) for n, a in dot.nodes.items() if n.startswith("e")]
    assert any(text.startswith(f"{st.FIRED} crossed 19 Dec 2025") for text in marked)


def big_pack(size: int, rules: int) -> Pack:
    """A synthetic pack of ``size`` nodes in a line of ``rules`` forward rules."""
    nodes = {
        f"v{i:04d}": Node(
            id=f"v{i:04d}",
            label=f"Node {i}",
            kind="rate",
            region="global",
            unit="pct",
            description="d",
        )
        for i in range(size)
    }
    names = sorted(nodes)
    rule_map = {}
    for j in range(rules):
        a = j % (size - 1)
        b = min(size - 1, a + 1 + j // (size - 1))
        rule_map[f"r{j:04d}"] = LinearRule(
            id=f"r{j:04d}",
            kind="linear",
            source=names[a],
            target=names[b],
            channel="fx",
            effect="+",
            confidence="low",
            because="b",
            cites=Citation(basis="seed", claims=("C01",)),
            magnitude=Magnitude(elasticity=0.1, units="pct/pct"),
        )
    info = PackInfo(
        id="big", title="Big", description="d", default_scenario="x", as_of=date(2025, 1, 1)
    )
    return Pack(root="big", info=info, nodes=nodes, rules=rule_map, scenarios={})


def test_large_maps_switch_to_bounded_layout_settings(pack: Pack) -> None:
    small = parse(map_diagram(pack).source).graph
    assert "mclimit" not in small and "splines" not in small
    big = map_diagram(big_pack(st.LARGE_NODES + 50, 300)).source
    graph = parse(big).graph
    assert graph["splines"] == "line" and graph["mclimit"] == "0.2"
    assert graph["nslimit"] == graph["nslimit1"] == "2" and graph["remincross"] == "false"
    many_edges = parse(map_diagram(big_pack(60, st.LARGE_EDGES + 1)).source).graph
    assert many_edges["splines"] == "line"


def test_a_stance_is_shown_as_its_reading_in_both_worlds(pack: Pack) -> None:
    result = propagate(pack, "boj-hikes-50", RunOptions(draws=0))
    stance = result.stances["boj_stance"]
    dot = parse(diff_diagram(pack, result, "1m").source)
    text = display(dot.nodes[ids(pack)["boj_stance"]]["label"])
    assert text.split("\n")[-1] == f"{stance.against['1m']} \u2192 {stance.scenario['1m']}"
    assert stance.against["1m"] != stance.scenario["1m"]  # a 50bp hike reaches the neutral band
