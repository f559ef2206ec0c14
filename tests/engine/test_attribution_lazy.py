"""A result's attribution is computed when first read, once, and reads the same either way."""

from __future__ import annotations

import json
from typing import Any

import pytest

from macrograph.graph import attribution
from macrograph.graph.contributions import LazyAttribution
from macrograph.graph.engine.compile import Compiled, compiled
from macrograph.graph.engine.steps import Run
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.graph.result import Result
from macrograph.graph.synthetic import START, pack_of, rule
from macrograph.rules.models import Scenario, Shock
from macrograph.rules.pack import Pack


def source_of(result: Result) -> LazyAttribution:
    assert isinstance(result.source, LazyAttribution)
    return result.source


@pytest.fixture(scope="module")
def skips(pack: Pack) -> Result:
    return propagate(pack, "boj-skips", RunOptions(draws=50))


def test_moves_levels_and_bands_are_read_without_any_attribution(pack: Pack) -> None:
    result = propagate(pack, "boj-skips", RunOptions(draws=50))
    for node in result.nodes.values():
        assert node.delta and node.level and node.level_against
        assert node.band is not None and node.p_positive is not None
    assert result.nodes["usd_jpy"].delta["1m"] > 0  # a weaker yen
    assert source_of(result).computed() == ()


def test_each_part_is_computed_on_first_read_and_kept(pack: Pack) -> None:
    result = propagate(pack, "boj-skips", RunOptions(draws=0))
    node = result.nodes["usd_jpy"]
    first = node.contributions
    assert source_of(result).computed() == ("contributions",)
    assert node.contributions is first
    assert result.nodes["usd_jpy"].by_shock
    assert source_of(result).computed() == ("contributions", "by_shock")


def test_the_parts_add_up_to_the_move_whichever_is_read_first(pack: Pack) -> None:
    result = propagate(pack, "boj-skips", RunOptions(draws=0))
    node = result.nodes["usd_jpy"]
    for h in result.horizons:
        assert sum(c.amount[h] for c in node.channels) == pytest.approx(node.delta[h])
        assert sum(c.amount[h] for c in node.contributions) == pytest.approx(node.delta[h])
        assert sum(a[h] for a in node.by_shock.values()) == pytest.approx(node.delta[h])


def test_the_explicit_call_gives_what_the_attributes_give(skips: Result) -> None:
    every = skips.attribution()
    assert set(every.contributions) == set(skips.nodes)
    for node_id, node in skips.nodes.items():
        assert every.contributions[node_id] == node.contributions
        assert every.channels[node_id] == node.channels
        assert every.by_shock[node_id] == node.by_shock
        assert every.qualitative[node_id] == node.qualitative
        assert (every.w[node_id], every.sign[node_id]) == (node.w, node.sign)
    assert every.competing == skips.competing != ()
    assert set(source_of(skips).computed()) == {
        "contributions",
        "by_shock",
        "qualitative",
        "channels",
        "competing",
    }


def test_same_bytes_whether_the_attribution_was_read_before_or_not(pack: Pack) -> None:
    untouched = propagate(pack, "boj-skips", RunOptions(draws=50, seed=4))
    read = propagate(pack, "boj-skips", RunOptions(draws=50, seed=4))
    read.attribution()
    assert json.dumps(untouched.to_dict()) == json.dumps(read.to_dict())
    assert untouched == read


def test_results_compare_by_their_attribution_too(pack: Pack) -> None:
    result = propagate(pack, "boj-skips", RunOptions(draws=0))
    other = propagate(pack, "boj-skips", RunOptions(against=None, draws=0))
    assert result.nodes["usd_jpy"].delta != other.nodes["usd_jpy"].delta
    assert result != other
    assert (
        result.nodes["usd_jpy"]
        == propagate(pack, "boj-skips", RunOptions(draws=0)).nodes["usd_jpy"]
    )
    assert result.nodes["usd_jpy"] != result.nodes["bitcoin"]


def test_a_channel_from_a_node_that_stays_put_is_not_replayed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # b hears from a (shocked) and from z (which nothing moves): only a's rule is replayed,
    # so the attribution's work follows the moves, not the size of the pack.
    pack = pack_of(
        [rule("a_to_b", "a", "b", 0.5, lag=1), rule("z_to_b", "z", "b", 2.0)],
        scenarios=[
            Scenario(
                id="s",
                title="S",
                summary="S",
                shocks=(Shock(node="a", date=START, change=1.0, label="a move"),),
            )
        ],
    )
    replayed: list[int] = []
    carry_rows = attribution._carry_rows

    def counted(comp: Compiled, run: Run, edges: Any, column: int, signals: Any) -> Any:
        replayed.extend(edges.tolist())
        return carry_rows(comp, run, edges, column, signals)

    monkeypatch.setattr(attribution, "_carry_rows", counted)
    result = propagate(pack, "s", RunOptions(draws=0, horizons=("1w",)))
    assert [c.rule for c in result.nodes["b"].channels] == ["a_to_b"]
    assert result.nodes["b"].channels[0].amount["1w"] == pytest.approx(0.5)
    assert [compiled(pack).edges.rule_ids[e] for e in replayed] == ["a_to_b"]
