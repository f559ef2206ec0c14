"""Questions asked of the graph: paths, loops, causes and effects."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from macrograph.graph.build import build_graph
from macrograph.graph.errors import UnknownNodeError
from macrograph.graph.query import causes, effects, loops, paths
from macrograph.rules.pack import Pack


@pytest.fixture(scope="module")
def graph(pack: Pack) -> nx.MultiDiGraph:
    return build_graph(pack)


def _size(pack: Pack, rule: str) -> float:
    magnitude = pack.rules[rule].magnitude  # type: ignore[union-attr]
    assert magnitude is not None
    return float(magnitude.elasticity)


def test_graph_has_every_node_and_rule_as_an_edge(pack: Pack, graph: nx.MultiDiGraph) -> None:
    assert sorted(graph.nodes) == sorted(pack.nodes)
    assert sorted(k for _, _, k in graph.edges(keys=True)) == sorted(pack.rules)
    rule = "hedging_cost_drives_repatriation"
    data = graph.edges["hedging_cost", "japan_repatriation", rule]
    assert (data["sign"], data["elasticity"], data["lag"]) == (1, _size(pack, rule), 5)


def test_paths_compose_signs_and_elasticities(pack: Pack, graph: nx.MultiDiGraph) -> None:
    found = paths(graph, "boj_rate_expectations", "us_jp_spread_10y", cutoff=2)
    direct = next(p for p in found if p.rules == ("boj_path_lifts_jgb", "jgb_enters_spread"))
    assert direct.nodes == ("boj_rate_expectations", "jgb_10y", "us_jp_spread_10y")
    assert direct.sign == -1  # a higher BoJ path narrows the spread
    # the product along the path: the BoJ path's pass-through, then -1 into the spread
    assert direct.elasticity == pytest.approx(-_size(pack, "boj_path_lifts_jgb"))


def test_unsized_rules_leave_the_composite_elasticity_unknown(graph: nx.MultiDiGraph) -> None:
    through_threshold = [
        p
        for p in paths(graph, "fed_rate_expectations", "mof_intervention", cutoff=2)
        if "weak_yen_brings_intervention" in p.rules
    ]
    assert through_threshold and all(p.elasticity is None for p in through_threshold)
    assert through_threshold[0].sign == 1  # a higher Fed path weakens the yen towards a trigger


def test_loops_report_polarity_and_gain(pack: Pack, graph: nx.MultiDiGraph) -> None:
    found = {lp.nodes: lp for lp in loops(graph)}
    spill = found[("jgb_10y", "ust_10y")]  # term premia spill over both ways
    assert spill.polarity == "reinforcing"
    assert spill.gain == pytest.approx(
        _size(pack, "jgb_spills_into_ust") * _size(pack, "ust_spills_into_jgb")
    )
    assert 0 < spill.gain < 1 and spill.lag == 0  # it settles on the day
    assert all(lp.polarity in ("balancing", "reinforcing") for lp in found.values())


def test_causes_and_effects_trees(graph: nx.MultiDiGraph) -> None:
    tree = causes(graph, "us_jp_spread_10y", depth=1)
    assert [(c.node, c.rule, c.sign) for c in tree.children] == [
        ("jgb_10y", "jgb_enters_spread", -1),
        ("ust_10y", "ust_enters_spread", 1),
    ]
    deeper = causes(graph, "us_jp_spread_10y", depth=2)
    jgb = next(c for c in deeper.children if c.node == "jgb_10y")
    # the BoJ path (with and without yield-curve control), the term premium, Treasuries'
    # spillover and the control band itself
    assert {c.node for c in jgb.children} == {
        "boj_rate_expectations",
        "jgb_term_premium",
        "ust_10y",
        "boj_ycc_band",
    }
    out = effects(graph, "boj_policy_rate", depth=1)
    assert {c.node for c in out.children} == {"boj_stance", "japan_interest_bill"}


def test_unknown_node_names_close_matches(graph: nx.MultiDiGraph) -> None:
    with pytest.raises(UnknownNodeError) as info:
        paths(graph, "jgb_10yr", "usd_jpy")
    assert info.value.suggestions[0] == "jgb_10y"


def test_paths_and_loops_commands(cli) -> None:
    out = cli("paths", "jgb", "spread", "--cutoff", "1")
    assert out.code == 0
    assert out.stdout.splitlines() == [
        "- -1bp per bp  jgb_10y -> us_jp_spread_10y",  # in the nodes' units
        "1 path",
    ]
    body = json.loads(cli("loops", "--format", "json").stdout)
    assert any(lp["polarity"] == "reinforcing" and lp["lag"] == 0 for lp in body)
    assert any(lp["polarity"] == "balancing" for lp in body)
    missing = cli("paths", "jgb_10yr", "usd_jpy")
    assert missing.code == 2
    assert missing.stderr.strip() == (
        "macrograph: unknown node 'jgb_10yr'; did you mean 'jgb_10y', 'jgb_2y' or 'ust_10y'? "
        "(list them with: macrograph list nodes)"
    )
