"""The chain view, read as DOT text: what it draws must be what the propagator found.

Expected labels come from the result (its JSON form where the numbers are read),
never from hard-coded figures, so the tests follow the engine when it changes.
"""

from __future__ import annotations

from typing import Any

import pytest

from macrograph.explain.diagram import style as st
from macrograph.explain.diagram.build import PHRASE_WIDTH, chain_diagram, step_frames
from macrograph.explain.diagram.chain import MIN_SHARE, select_chain
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.graph.result import Result
from macrograph.rules import load_pack
from macrograph.rules.pack import Pack
from tests.documents.test_diagram_dot import Dot, DrawnLink, display, links, parse
from tests.packfactory import PACK, write_pack

pytestmark = pytest.mark.usefixtures("bundled_words")  # amounts as the pack writes them

H = "3m"


@pytest.fixture(scope="module")
def skips(pack: Pack) -> Result:
    return propagate(pack, "boj-skips", RunOptions(draws=0))


@pytest.fixture(scope="module")
def skips_dot(pack: Pack, skips: Result) -> Dot:
    return parse(chain_diagram(pack, skips).source)


@pytest.fixture(scope="module")
def baseline(pack: Pack) -> Result:
    # issue 12: a skip no longer pits channels against each other at 3 months; the baseline
    # keeps the article's tug of war on Treasuries (C14)
    return propagate(pack, "december-2025", RunOptions(draws=0))


@pytest.fixture(scope="module")
def baseline_dot(pack: Pack, baseline: Result) -> Dot:
    return parse(chain_diagram(pack, baseline).source)


def ids(pack: Pack) -> dict[str, str]:
    """Node id -> DOT id, as the diagrams generate them (sorted node ids)."""
    return {node: f"n{i}" for i, node in enumerate(sorted(pack.nodes))}


def node_text(dot: Dot, dot_id: str) -> str:
    return display(dot.nodes[dot_id]["label"])


def rule_of(pack: Pack, link: DrawnLink, names: dict[str, str]) -> Any:
    """The pack rule a drawn link stands for (same ends, same phrase in the tooltip)."""
    by_id = {v: k for k, v in names.items()}
    source, target = by_id.get(link.tail), by_id[link.head]
    found = [
        r
        for r in pack.rules.values()
        if r.source == source and r.target == target and display(link.edge["tooltip"]) == r.because
    ]
    return found[0] if found else None


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        # as every table writes them (filters.move): one rule of decimals per unit
        (-0.25, "pct", "-25bp"),
        (0.0635, "pp", "+6.3bp"),
        (1.7378, "pct_change", "+1.7%"),
        (87.909, "usd_bn", "+$87.9bn"),
        (1200.0, "usd_bn", "+$1.2tn"),  # past a thousand in the unit's thousand form
        (-8.0, "jpy_tn", "-¥8.0tn"),
        (4.847, "index", "+4.8 pts"),
        (0.0, "pct", "0bp"),
        (-0.000171, "pct_change", "0%"),
    ],
)
def test_amounts_are_written_in_the_units_readers_expect(
    value: float, unit: str, text: str
) -> None:
    assert st.amount_text(value, unit) == text


def test_chain_of_boj_skips_draws_the_decision_and_the_yen_transmission(
    pack: Pack, skips: Result, skips_dot: Dot
) -> None:
    names = ids(pack)
    body = skips.to_dict()["nodes"]
    # Carry keys off the 2y rate gap: the skip reaches it through the 2y JGB yield.
    wanted = ["boj_policy_rate", "jgb_2y", "us_jp_short_spread", "yen_carry_positions", "usd_jpy"]
    assert {"nasdaq", "bitcoin"} & {n for n in names if names[n] in skips_dot.nodes}
    for node in [*wanted, *(n for n in ("nasdaq", "bitcoin") if names[n] in skips_dot.nodes)]:
        assert names[node] in skips_dot.nodes, (node, sorted(skips_dot.nodes))
        assert skips_dot.nodes[names[node]]["id"] == names[node]
        text = node_text(skips_dot, names[node])
        assert text.replace("\n", " ").startswith(pack.nodes[node].label), node
        expected = st.amount_text(body[node]["delta"][H], body[node]["unit"])
        assert expected in text.split("\n")[-1], (node, text)
    decision = next(s for s in skips.shocks if s.node == "boj_policy_rate")
    shock_text = display(skips_dot.nodes["s0"]["label"]).replace("\n", " ")
    assert decision.label in shock_text and "priced: 85% odds of +25bp" in shock_text


def test_the_yen_weakens_and_jgb_yields_fall_when_the_boj_skips(
    pack: Pack, skips: Result, skips_dot: Dot
) -> None:
    names = ids(pack)
    # The chain draws the 2y yield (the carry's rate gap); the 10y falls too, less.
    assert "-" in node_text(skips_dot, names["jgb_2y"]).split("\n")[-1][:1]
    assert node_text(skips_dot, names["usd_jpy"]).split("\n")[-1].startswith("+")
    assert skips.nodes["usd_jpy"].delta[H] > 0 > skips.nodes["jgb_2y"].delta[H]
    assert skips.nodes["jgb_2y"].delta[H] < skips.nodes["jgb_10y"].delta[H] < 0


def test_every_edge_carries_its_rule_phrase_and_the_amount_it_carried(
    pack: Pack, skips: Result, skips_dot: Dot
) -> None:
    names = ids(pack)
    body = skips.to_dict()["nodes"]
    drawn = [link for link in links(skips_dot) if not link.tail.startswith("s")]
    assert len(drawn) >= 8
    for link in drawn:
        rule = rule_of(pack, link, names)
        assert rule is not None, link
        channels = body[rule.target]["channels"]
        amount = sum(c["amount"][H] for c in channels if c["rule"] in (rule.id, f"event:{rule.id}"))
        gross = sum(abs(c["amount"][H]) for c in channels)
        moved = st.amount_text(amount, body[rule.target]["unit"])
        assert link.lines[-1] == f"{st.RISE if amount > 0 else st.FALL} {moved}", rule.id
        assert link.lines[0] == st.wrap(rule.because, PHRASE_WIDTH, 3)[0]
        # Colour is the rule's sign; dashes mean a lag.
        assert link.edge["color"] == (st.UP if rule.effect == "+" else st.DOWN), rule.id
        assert link.edge.get("style", "solid") == ("dashed" if rule.lag_days else "solid")
        assert link.edge["penwidth"] == st.width_for(abs(amount) / gross), rule.id


def test_the_shock_edges_carry_the_decision_and_the_surprise(
    pack: Pack, skips: Result, skips_dot: Dot
) -> None:
    names = ids(pack)
    from_shock = {link.head: link for link in links(skips_dot) if link.tail == "s0"}
    for node, word in (("boj_policy_rate", "decision"), ("boj_rate_expectations", "surprise")):
        direct = next(
            c
            for c in skips.nodes[node].contributions
            if c.kind == "shock" and c.shock.startswith("boj_policy_rate@")
        )
        link = from_shock[names[node]]
        assert link.lines[0].startswith(word)
        moved = st.amount_text(direct.amount[H], skips.nodes[node].unit)
        # The BoJ held: both fell. What the surprise link carried is the difference from the
        # comparison (whose own surprise was +3.75bp), said so under the what-if's surprise.
        tail = " vs comparison" if word == "surprise" else ""
        assert link.lines[-1] == f"{st.FALL} {moved}{tail}"
        assert link.edge["color"] == st.INK  # a shock's own link has no rule, so no sign
    assert from_shock[names["boj_rate_expectations"]].lines[:2] == [
        "surprise vs priced",
        "-21.25bp",
    ]


def test_the_strongest_path_to_each_moved_asset_is_drawn(
    pack: Pack, skips: Result, skips_dot: Dot
) -> None:
    names = ids(pack)
    drawn = {(link.tail, link.head) for link in links(skips_dot)}
    assets = [n for n, o in skips.nodes.items() if o.kind == "asset" and abs(o.delta[H]) > 1e-9]
    assert assets
    for asset in assets:
        paths = [c for c in skips.nodes[asset].contributions if c.kind == "path"]
        best = max(paths, key=lambda c: abs(c.amount[H]))
        hops = list(zip(best.path, best.path[1:], strict=False))
        assert {(names[a], names[b]) for a, b in hops} <= drawn, (asset, best.path)
        assert ("s0", names[best.path[0]]) in drawn


def test_competing_channels_meet_at_a_doubly_outlined_node(
    pack: Pack, baseline: Result, baseline_dot: Dot
) -> None:
    skips, skips_dot = baseline, baseline_dot
    names = ids(pack)
    drawn = {(link.tail, link.head) for link in links(skips_dot)}
    meeting = [c for c in skips.competing if H in c.horizons and names[c.node] in skips_dot.nodes]
    assert meeting
    thin = []
    for entry in meeting:
        node = names[entry.node]
        assert skips_dot.nodes[node]["peripheries"] == "2"
        gross = sum(abs(c.amount[H]) for c in skips.nodes[entry.node].channels)
        strong = {
            "s0" if c.rule == "" else names[c.source]
            for c in (*entry.up, *entry.down)
            if abs(c.amount[H]) >= MIN_SHARE * gross
        }
        for channel in (*entry.up, *entry.down):
            tail = "s0" if channel.rule == "" else names[channel.source]
            if tail in strong:
                assert (tail, node) in drawn, (entry.node, channel.rule)
            else:  # a thread carrying under 2% of the node's moves is not drawn
                thin.append(channel.rule)
                assert (tail, node) not in drawn, (entry.node, channel.rule)
    assert "hawkish_boj_hits_crypto" in thin  # faded to 0.4% of bitcoin's moves by 3m
    others = [
        n
        for n, a in skips_dot.nodes.items()
        if n.startswith("n") and n not in {names[c.node] for c in meeting}
    ]
    assert all("peripheries" not in skips_dot.nodes[n] for n in others)


def test_lagged_rules_are_dashed_and_only_they(pack: Pack, skips_dot: Dot) -> None:
    names = ids(pack)
    drawn = [(rule_of(pack, link, names), link) for link in links(skips_dot)]
    lagged = [link for rule, link in drawn if rule is not None and rule.lag_days > 0]
    assert lagged  # carry_positions_accumulate and boj_rate_raises_interest_bill lag
    for rule, link in drawn:
        dashed = link.edge.get("style") == "dashed"
        assert dashed == (rule is not None and rule.lag_days > 0)


def test_a_threshold_that_fired_is_marked_with_its_date(pack: Pack) -> None:
    # Which bundled scenario crosses a threshold is the pack's business (today a JGB
    # term-premium rise takes USD/JPY past 160: weak_yen_brings_intervention); find it.
    results = [propagate(pack, s, RunOptions(draws=0)) for s in sorted(pack.scenarios)]
    fired = [(r, e) for r in results for e in r.events if e.world == "scenario"]
    assert fired
    names = ids(pack)
    for result, event in fired:
        assert pack.rules[event.rule].kind == "threshold"
        full = parse(chain_diagram(pack, result).source)
        # Focused on what the threshold moved, the chain must draw the crossing itself.
        focused = parse(chain_diagram(pack, result, focus=event.target).source)
        for dot, required in ((full, False), (focused, True)):
            marked = {
                (link.tail, link.head): link
                for link in links(dot)
                if link.lines[0].startswith(st.FIRED)
            }
            link = marked.get((names[event.source], names[event.target]))
            if link is None and not required:  # drawn only when it carried a drawn path
                continue
            assert link is not None, (event.rule, sorted(marked))
            assert link.lines[0] == f"{st.FIRED} crossed {st.date_text(event.date)}"
            assert link.lines[1] == st.wrap(pack.rules[event.rule].because, PHRASE_WIDTH, 3)[0]
            legend = " ".join(dot.nodes[k]["label"] for k in dot.clusters["cluster_legend"])
            assert "threshold crossed" in legend


def test_chain_reads_top_down_with_a_title_and_a_legend(
    pack: Pack, skips: Result, skips_dot: Dot
) -> None:
    assert skips_dot.graph["rankdir"] == "TB"  # hops stack, so a chain fits a page
    title = display(skips_dot.graph["label"]).split("\n")
    assert title[0] == skips.title
    assert skips.against_title is not None and skips.against_title in title[1]
    assert f"at {H} ({st.date_text(skips.dates[H])})" in title[2]
    assert "cluster_legend" in skips_dot.clusters
    legend = " ".join(skips_dot.nodes[k]["label"] for k in skips_dot.clusters["cluster_legend"])
    for words in (
        "shock",
        "rate",
        "asset",
        st.WITH_CAPTION,
        st.AGAINST_CAPTION,
        st.LAG_CAPTION,
        st.CARRIED_CAPTION,
        "link from a shock (no rule)",
    ):
        assert words in legend


def test_the_legend_names_opposing_channels_when_they_meet(baseline_dot: Dot) -> None:
    legend = " ".join(
        baseline_dot.nodes[k]["label"] for k in baseline_dot.clusters["cluster_legend"]
    )
    assert "opposing channels meet" in legend


def test_focus_keeps_only_the_paths_into_the_node_and_depth_trims_them(
    pack: Pack, skips: Result
) -> None:
    names = ids(pack)
    focused = parse(chain_diagram(pack, skips, focus="USD/JPY").source)
    heads = {link.head for link in links(focused)}
    outgoing = {link.tail for link in links(focused)}
    sinks = {n for n in heads if n not in outgoing}
    assert sinks == {names["usd_jpy"]}
    one_hop = parse(chain_diagram(pack, skips, focus="usd_jpy", depth=1).source)
    assert {link.head for link in links(one_hop)} == {names["usd_jpy"]}
    forward = parse(chain_diagram(pack, skips, depth=1).source)
    rivals = {names[ch.source] for c in skips.competing for ch in (*c.up, *c.down) if ch.rule}
    assert {link.tail for link in links(forward)} <= {"s0"} | rivals


def test_same_input_gives_identical_dot_text(pack: Pack, skips: Result) -> None:
    first = chain_diagram(pack, skips).source
    assert chain_diagram(pack, propagate(pack, "boj-skips", RunOptions(draws=0))).source == first


def test_chain_golden(pack: Pack, skips: Result, golden: Any) -> None:
    golden("diagram/chain-boj-skips.dot", chain_diagram(pack, skips).source)


def test_step_frames_light_one_more_hop_each_on_a_fixed_layout(pack: Pack, skips: Result) -> None:
    frames = step_frames(pack, skips)
    chain = select_chain(pack, skips)
    assert len(frames) == chain.steps >= 3

    def shape(dot: Dot) -> tuple[Any, ...]:
        keep = ("label", "shape", "peripheries", "penwidth", "style")
        nodes = {k: {a: v.get(a) for a in keep} for k, v in dot.nodes.items()}
        return tuple(sorted(nodes.items())), tuple((a, b) for a, b, _ in dot.edges)

    def drawn(dot: Dot) -> tuple[Any, ...]:  # the full chain's legend has no "faded" line
        nodes, edges = shape(dot)
        return tuple(n for n in nodes if not n[0].startswith("k")), edges

    parsed = [parse(f.source) for f in frames]
    full = parse(chain_diagram(pack, skips).source)
    assert all(shape(p) == shape(parsed[0]) for p in parsed)
    assert all(drawn(p) == drawn(full) for p in parsed)
    lit = [sum(attrs.get("color") != st.FADED for _, _, attrs in p.edges) for p in parsed]
    assert lit == sorted(lit) and len(set(lit)) == len(lit)  # strictly more each frame
    assert lit[-1] == len(full.edges)
    first = [link for link in links(parsed[0]) if link.edge["color"] != st.FADED]
    assert first and all(link.tail == "s0" for link in first)
    assert display(parsed[1].graph["label"]).endswith(f"step 2 of {len(frames)}: hops 1-2 lit")


TWO_STAGES = {
    "pack.yaml": PACK.replace("channels: [fx]", "channels: [fx, alarm]"),
    "nodes.yaml": """\
nodes:
  - {id: fires, label: Fires, kind: indicator, region: JP, unit: pct, description: Fires.}
  - {id: smoke, label: Smoke, kind: indicator, region: JP, unit: pct, description: Smoke.}
  - id: index
    label: Index
    kind: indicator
    region: JP
    unit: pct
    description: The index.
    baseline: {value: 100, as_of: 2025-12-01, cites: {basis: seed}}
  - id: stage
    label: Stage
    kind: policy_action
    region: JP
    unit: pct
    description: The stage in force.
    baseline: {value: 1, as_of: 2025-12-01, cites: {basis: seed}}
""",
    "rules.yaml": "rules:\n"
    + "".join(
        f"""\
  - id: {rule}
    kind: linear
    source: {source}
    target: index
    channel: fx
    effect: "+"
    magnitude: {{elasticity: 1, range: [0.5, 1.5], units: pct/pct}}
    confidence: high
    because: {source} raise the index
    cites: {{basis: seed, claims: [C01]}}
"""
        for rule, source in (("fires_lift_index", "fires"), ("smoke_lifts_index", "smoke"))
    )
    + "".join(
        f"""\
  - id: index_past_{level}
    kind: threshold
    source: index
    target: stage
    channel: alarm
    effect: "+"
    crosses: {{above: {level}}}
    jump: {{elasticity: 1, units: pct/event}}
    confidence: high
    because: the stage goes up once the index passes {level}
    cites: {{basis: seed, claims: [C01]}}
"""
        for level in (150, 200)
    ),
    "scenarios.yaml": """\
scenarios:
  - id: base
    title: Fires, then smoke
    summary: Fires lift the index past 150 for a week; smoke, later, past 200 for three weeks.
    shocks:
      - {node: fires, date: 2025-12-02, change: 60, label: Fires, cites: {basis: seed}}
      - {node: fires, date: 2025-12-09, change: -60, label: Rain, cites: {basis: seed}}
      - {node: smoke, date: 2025-12-20, change: 110, label: Smoke, cites: {basis: seed}}
      - {node: smoke, date: 2026-01-10, change: -110, label: Wind, cites: {basis: seed}}
""",
}


def test_each_crossing_that_starts_a_chain_is_traced_to_what_caused_it(tmp_path: Any) -> None:
    # the index passes 150 on the fires and 200 on the smoke, both gone after 3 months: the
    # chain to the stage drew one cause, read at the index's first crossing (before, its last)
    pack = load_pack(write_pack(tmp_path, TWO_STAGES))
    result = propagate(pack, "base", RunOptions(draws=0))
    assert sorted((e.rule, str(e.date)) for e in result.events) == [
        ("index_past_150", "2025-12-02"),
        ("index_past_200", "2025-12-20"),
    ]
    chain = select_chain(pack, result, "3m")
    hops = {(x.source.split("@")[0], x.target, x.rule) for x in chain.links}
    assert {
        ("fires", "index", "fires_lift_index"),
        ("smoke", "index", "smoke_lifts_index"),
        ("index", "stage", "index_past_150"),
        ("index", "stage", "index_past_200"),
    } <= hops
    # before the smoke, the chain has the first crossing only, and its cause
    early = select_chain(pack, result, "1w")
    assert {(x.source.split("@")[0], x.rule) for x in early.links} >= {
        ("fires", "fires_lift_index"),
        ("index", "index_past_150"),
    }
    assert not any(x.rule in ("smoke_lifts_index", "index_past_200") for x in early.links)
