"""One visual language: a rule looks the same in every view, and every colour is in the key.

Edge colour is the sign of the rule's effect on its target, dashes mean a lag, and the
direction of the move a link carried is a separate cue (``▲``/``▼``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from macrograph.explain.diagram import style as st
from macrograph.explain.diagram.build import chain_diagram, diff_diagram, map_diagram, step_frames
from macrograph.explain.diagram.chain import Chain, select_chain
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.graph.result import Result
from macrograph.rules import load_pack
from macrograph.rules.pack import Pack
from tests.documents.test_diagram_dot import display, parse

pytestmark = pytest.mark.usefixtures("bundled_words")  # amounts as the pack writes them

HOSTILE = Path(__file__).parents[1] / "hostile_pack"
Style = tuple[str, str]
LEGEND = re.compile(r"subgraph cluster_legend \{.*", re.DOTALL)


@pytest.fixture(scope="module")
def skips(pack: Pack) -> Result:
    return propagate(pack, "boj-skips", RunOptions(draws=0))


def _styles_by_rule(pack: Pack, source: str, chain: Chain | None = None) -> dict[str, Style]:
    """(colour, style) of each drawn rule: map and diff edges by their ids (``r0``...),
    chain links by theirs (``e0_out``...)."""
    by_id = {dot: rule for rule, dot in st.rule_ids(pack.rules).items()}
    if chain is not None:
        by_id = {f"e{i}_out": link.rule for i, link in enumerate(chain.links) if link.rule}
    found: dict[str, Style] = {}
    for _, _, attrs in parse(source).edges:
        rule = by_id.get(attrs.get("id", ""))
        if rule is not None:
            found[rule] = (attrs["color"].split(":")[0][:7], attrs.get("style", "solid"))
    return found


def test_a_rule_has_the_same_colour_and_dashes_in_chain_map_and_diff(
    pack: Pack, skips: Result
) -> None:
    views = {
        "chain": _styles_by_rule(
            pack, chain_diagram(pack, skips).source, select_chain(pack, skips)
        ),
        "map": _styles_by_rule(pack, map_diagram(pack, skips).source),
        "plain map": _styles_by_rule(pack, map_diagram(pack).source),
        "diff": _styles_by_rule(pack, diff_diagram(pack, skips, "3m").source),
    }
    assert len(views["chain"]) >= 8 and len(views["map"]) == len(pack.rules)
    for rule_id, rule in pack.rules.items():
        expected = (
            st.UP if rule.effect == "+" else st.DOWN,
            "dashed" if rule.lag_days else "solid",
        )
        for name, styles in views.items():
            if rule_id not in styles:
                continue
            colour, style = styles[rule_id]
            # The diff fades a rule that carried nothing; its dashes still mean a lag.
            if not (name == "diff" and colour == st.FADED):
                assert colour == expected[0], (name, rule_id)
            assert style == expected[1], (name, rule_id)
    assert any(r.lag_days for r in pack.rules.values())


def _colours(source: str) -> tuple[set[str], set[str], set[str], set[str]]:
    """(fills used, edge colours used, fills in the legend, line colours in the legend)."""
    legend_part = LEGEND.search(source)
    assert legend_part is not None
    legend = legend_part.group(0)
    body = source[: legend_part.start()]
    fills = set(re.findall(r'fillcolor="?(#[0-9A-Fa-f]{6}|\w+)"?', body)) - {"white"}
    edges = {a["color"].split(":")[0][:7] for _, _, a in parse(source).edges if "color" in a}
    legend_fills = set(re.findall(r'fillcolor="?(#[0-9A-Fa-f]{6}|\w+)"?', legend))
    legend_lines = set(re.findall(r'COLOR="(#[0-9A-Fa-f]{6})"', legend))
    return fills, edges, legend_fills, legend_lines


@pytest.mark.parametrize("view", ["chain", "frame", "map", "active map", "diff"])
@pytest.mark.parametrize("pack_dir", [None, HOSTILE])
def test_every_colour_used_is_in_the_legend(view: str, pack_dir: Path | None) -> None:
    pack = load_pack(pack_dir)
    scenario = "boj-skips" if pack_dir is None else "hold"
    result = propagate(pack, scenario, RunOptions(draws=0))
    source = {
        "chain": lambda: chain_diagram(pack, result).source,
        "frame": lambda: step_frames(pack, result)[0].source,
        "map": lambda: map_diagram(pack).source,
        "active map": lambda: map_diagram(pack, result).source,
        "diff": lambda: diff_diagram(pack, result).source,
    }[view]()
    fills, edges, legend_fills, legend_lines = _colours(source)
    assert fills and edges
    assert fills <= legend_fills, fills - legend_fills
    assert edges <= legend_lines, edges - legend_lines


def test_the_move_carried_is_marked_apart_from_the_colour(pack: Pack, skips: Result) -> None:
    diff = parse(diff_diagram(pack, skips, "3m").source)
    marked = [a for _, _, a in diff.edges if "headlabel" in a]
    assert marked and {a["headlabel"] for a in marked} <= {st.RISE, st.FALL}
    # Both cues vary independently: some + rules carried a fall, or - rules a rise.
    pairs = {(a["color"], a["headlabel"]) for a in marked}
    assert len(pairs) >= 3


def test_clusters_are_named_by_the_pack(pack: Pack) -> None:
    """Cluster names are the pack vocabulary's: its declared groups, else the names of its
    regions (the bundled pack asks for clusters by region, and names them)."""
    source = map_diagram(pack).source
    names = [name for _, name, _ in st.clusters(pack)]
    assert names == [
        st.region_name(r) for r in st.region_order(n.region for n in pack.nodes.values())
    ]
    for name in names:
        label = f'"{name}"' if " " in name else name
        assert re.search(rf"label={re.escape(label)} ", source), name


def test_the_chain_fits_a_page_with_labels_of_10px(
    pack: Pack, skips: Result, needs_dot: None
) -> None:
    from macrograph.explain.render import render

    svg = render(chain_diagram(pack, skips), "svg").decode("utf-8")
    size = re.search(r'<svg width="([\d.]+)pt"', svg)
    assert size is not None
    width_px = float(size.group(1)) * 4 / 3
    smallest_px = min(float(x) for x in re.findall(r'font-size="([\d.]+)"', svg)) * 4 / 3
    # Scaled to a 1280px page (less margins, 1232px), the smallest text is still 10px.
    assert smallest_px * min(1.0, 1232 / width_px) >= 10.0, width_px


def test_labels_wrap_between_words_never_inside_one(pack: Pack, skips: Result) -> None:
    dot = parse(chain_diagram(pack, skips).source)
    names = {dot_id: node for node, dot_id in st.node_ids(pack.nodes).items()}
    checked = 0
    for dot_id, attrs in dot.nodes.items():
        if dot_id not in names:
            continue
        words = st.plain(pack.nodes[names[dot_id]].label).split()
        lines = display(attrs["label"]).split("\n")[:-1]  # the last line is the move
        for word in " ".join(lines).split():
            assert word.rstrip("\u2026") in words or word.endswith("\u2026"), (dot_id, word)
            checked += 1
    assert checked > 20
    assert st.wrap("Expectations and confidence", 8, 3) == ["Expectations", "and", "confidence"]
