"""Exports: node-link JSON, GraphML, Mermaid and DOT, of the pack and of a result."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from macrograph.explain.diagram import style as st
from macrograph.explain.diagram.build import map_diagram
from macrograph.explain.diagram.chain import select_chain
from macrograph.explain.export import mermaid_text, to_dot, to_graphml, to_json, to_mermaid
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.graph.result import Result
from macrograph.rules import load_pack
from macrograph.rules.pack import Pack
from tests.packfactory import Cli

HOSTILE = Path(__file__).parents[1] / "hostile_pack"
GML = "{http://graphml.graphdrawing.org/xmlns}"
NODE_LINE = re.compile(
    r'^    n\d+(\{\{"|\(\["|\[/"|\("|>"|\{")[^"]*("\}\}|"\]\)|"/\]|"\)|"\]|"\})$'
)
EDGE_LINE = re.compile(r'^  [ns]\d+ -(->|\.->)(\|"[^"]*"\|)? n\d+$')


@pytest.fixture(scope="module")
def skips(pack: Pack) -> Result:
    return propagate(pack, "boj-skips", RunOptions(draws=0))


def test_json_is_node_link_data_with_links_keyed_by_rule(pack: Pack) -> None:
    data = json.loads(to_json(pack))
    assert sorted(data) == ["directed", "graph", "links", "multigraph", "nodes", "schema_version"]
    assert (
        data["graph"]["format"] == "macrograph-node-link" and data["graph"]["pack"] == pack.info.id
    )
    assert [n["id"] for n in data["nodes"]] == sorted(pack.nodes)
    assert sorted(link["key"] for link in data["links"]) == sorted(pack.rules)
    for link in data["links"]:
        rule = pack.rules[link["key"]]
        assert (link["source"], link["target"], link["effect"], link["channel"]) == (
            rule.source,
            rule.target,
            rule.effect,
            rule.channel,
        )


def test_json_of_a_result_carries_the_moves_and_the_amounts(pack: Pack, skips: Result) -> None:
    data = json.loads(to_json(pack, skips))
    body = skips.to_dict()["nodes"]
    assert data["graph"]["scenario"] == "boj-skips" and data["graph"]["against"] == "december-2025"
    for node in data["nodes"]:
        assert node["delta"] == body[node["id"]]["delta"]
    active = {link.rule for link in select_chain(pack, skips).links if link.rule}
    for link in data["links"]:
        channels = body[link["target"]]["channels"]
        expected = sum(c["amount"]["1m"] for c in channels if c["rule"] == link["rule"])
        assert link["amount"]["1m"] == pytest.approx(expected, abs=1e-9)
        assert link["on_chain"] == (link["rule"] in active)


def test_graphml_parses_and_flattens_every_attribute(pack: Pack, skips: Result) -> None:
    root = ET.fromstring(to_graphml(pack, skips).encode())
    keys = {k.get("id"): k.get("attr.name") for k in root.iter(f"{GML}key")}
    assert {"delta_3m", "amount_1d", "on_chain", "because", "claims"} <= set(keys.values())
    assert len(list(root.iter(f"{GML}node"))) == len(pack.nodes)
    edges = {e.get("id") for e in root.iter(f"{GML}edge")}
    assert edges == set(pack.rules)
    usd = next(n for n in root.iter(f"{GML}node") if n.get("id") == "usd_jpy")
    values = {keys[d.get("key")]: d.text or "" for d in usd.iter(f"{GML}data")}
    assert float(values["delta_3m"]) == pytest.approx(skips.nodes["usd_jpy"].delta["3m"])


def test_mermaid_of_the_pack_quotes_every_label(pack: Pack) -> None:
    text = to_mermaid(pack)
    lines = text.splitlines()
    assert lines[:2] == ["%% macrograph map", "flowchart LR"]
    nodes = [line for line in lines if line.startswith("    n")]
    assert len(nodes) == len(pack.nodes) and all(NODE_LINE.match(n) for n in nodes)
    edges = [line for line in lines if re.match(r"^  n\d+ -", line)]
    assert len(edges) == len(pack.rules) and all(EDGE_LINE.match(e) for e in edges)
    assert re.search(r'\bn\d+\("S#38;P 500"\)', text)  # the ampersand as an entity


def test_mermaid_of_a_result_is_the_chain_with_amounts(
    pack: Pack, skips: Result, bundled_words: None
) -> None:
    text = to_mermaid(pack, skips)
    chain = select_chain(pack, skips)
    for node in chain.nodes:
        outcome = skips.nodes[node]
        assert (
            f"{mermaid_text(outcome.label)}<br/>{st.amount_text(outcome.delta['3m'], outcome.unit)}"
            in text
        )
    arrows = [line for line in text.splitlines() if EDGE_LINE.match(line)]
    assert len(arrows) == len(chain.links)
    assert to_mermaid(pack, skips, horizon="1d") != text


def test_mermaid_of_the_hostile_pack_is_safe_in_markdown() -> None:
    hostile = load_pack(HOSTILE)
    for text in (
        to_mermaid(hostile),
        to_mermaid(hostile, propagate(hostile, "hold", RunOptions(draws=0))),
    ):
        assert "```" not in text and "\x1b" not in text and "\u202e" not in text
        labels = re.findall(r'"([^"]*)"', text)
        assert len(labels) >= len(hostile.nodes)
        for label in labels:
            for forbidden in ("<script", "<b>", "{{", "{%", "\\", "]]>", "`", "|", ";", "&"):
                assert forbidden not in re.sub(r"#\d+;|<br/>", "", label), (forbidden, label)
        for line in text.splitlines():
            assert line.count('"') % 2 == 0, line  # quotes come in pairs: labels stay closed


def test_graphml_and_json_of_the_hostile_pack_are_well_formed() -> None:
    hostile = load_pack(HOSTILE)
    result = propagate(hostile, "hold", RunOptions(draws=0))
    root = ET.fromstring(to_graphml(hostile, result).encode())
    labels = [d.text or "" for d in root.iter(f"{GML}data")]
    assert any('<script>alert("x")</script>' in label for label in labels)
    data = json.loads(to_json(hostile, result))
    assert any(n["label"] == hostile.nodes[n["id"]].label for n in data["nodes"])


def test_dot_export_is_the_teaching_map(pack: Pack, skips: Result) -> None:
    assert to_dot(pack) == map_diagram(pack).source
    assert to_dot(pack, skips) == map_diagram(pack, skips).source


@pytest.mark.slow  # an export per format
def test_export_cli_picks_the_format_from_flag_or_suffix(
    cli: Cli, tmp_path: Path, pack: Pack
) -> None:
    out = cli("export", "-o", str(tmp_path / "pack.graphml"))
    assert out.code == 0 and (tmp_path / "pack.graphml").read_text() == to_graphml(pack)
    assert cli("export").stdout == to_json(pack)
    skips = propagate(pack, "boj-skips", RunOptions(draws=0))
    assert cli("export", "BoJ skips", "--format", "mermaid").stdout == to_mermaid(pack, skips)
    assert cli("export", "boj-skips", "-o", str(tmp_path / "x.mmd")).code == 0
    bad = cli("export", "-o", str(tmp_path / "x.txt"))
    assert bad.code == 2 and bad.stderr.startswith("macrograph: unknown format '.txt'")
    assert not (tmp_path / "x.txt").exists()
