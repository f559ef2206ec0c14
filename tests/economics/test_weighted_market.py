"""The weighted view: each branch against the market-priced path, every horizon with bands,
odds the user can give, and the BoJ's guidance among the branches."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from msgspec.structs import replace

from macrograph.explain.weighted_view import render_weighted
from macrograph.graph.options import RunOptions
from macrograph.graph.synthetic.policy import policy_pack
from macrograph.graph.weighted import ProbabilityError, propagate_weighted
from macrograph.rules.pack import Pack
from tests.narration import NO_MC

Cli = Callable[..., Any]


@pytest.fixture(scope="module")
def view(pack: Pack) -> Any:
    return propagate_weighted(pack, "december-2025", options=RunOptions(draws=200, seed=3))


def test_the_pack_declares_guidance_branches_with_their_sources(pack: Pack) -> None:
    branches = pack.scenarios["december-2025"].branches
    assert [b.name for b in branches] == ["hike", "hawkish", "dovish", "skip"]
    assert [b.scenario for b in branches][1:3] == ["boj-hawkish-guidance", "boj-dovish-guidance"]
    assert abs(sum(b.probability for b in branches) - 1.0) < 1e-9
    # the decision's odds are the market's: 85% for a hike across the hike branches
    assert abs(sum(b.probability for b in branches if b.name != "skip") - 0.85) < 1e-9
    assert all(b.cites is not None for b in branches)


def test_the_priced_path_takes_the_hike_at_its_priced_size(view: Any) -> None:
    (decision,) = view.priced
    assert decision.node == "boj_policy_rate"
    assert decision.probability == pytest.approx(0.85)
    assert decision.change == pytest.approx(0.2125)
    assert view.against == "december-2025-priced"


def test_a_skip_moves_more_than_a_hike_when_the_hike_is_priced(view: Any) -> None:
    hike, skip = view.per_branch["december-2025"], view.per_branch["boj-skips"]
    # the BoJ path moves by the surprise: +3.75bp for the hike, -21.25bp for the skip
    assert hike["boj_rate_expectations"]["1d"] == pytest.approx(0.0375, abs=1e-4)
    assert skip["boj_rate_expectations"]["1d"] == pytest.approx(-0.2125, abs=1e-4)
    for h in view.horizons:
        # a dovish surprise weakens the yen: USD/JPY up, by more than the hike lowers it
        assert skip["usd_jpy"][h] > 0 > hike["usd_jpy"][h]
        assert abs(skip["usd_jpy"][h]) > 4 * abs(hike["usd_jpy"][h])
        assert skip["jgb_2y"][h] < 0 < hike["jgb_2y"][h]
    assert 0.3 < skip["usd_jpy"]["1w"] < 3.0  # percent


def test_the_weighted_mean_is_the_probability_weighted_sum(view: Any) -> None:
    weights = dict(view.branches)
    for node, by_h in view.expected.items():
        for h, value in by_h.items():
            total = sum(p * view.per_branch[b][node][h] for b, p in weights.items())
            assert abs(value - total) <= 1e-9


def test_with_the_market_odds_of_the_decision_the_expected_surprise_is_nil(pack: Pack) -> None:
    odds = propagate_weighted(
        pack, "december-2025", {"hike": 0.85, "skip": 0.15}, RunOptions(horizons=("1w",), draws=0)
    )
    assert abs(odds.expected["boj_rate_expectations"]["1w"]) < 1e-9
    assert abs(odds.expected["usd_jpy"]["1w"]) < 1e-6
    assert odds.odds == "user" and dict(odds.branches)["boj-hawkish-guidance"] == 0.0


def test_every_horizon_has_bands_for_each_branch_and_the_mean(view: Any) -> None:
    assert view.horizons == ("1d", "1w", "1m", "3m")
    for h in view.horizons:
        for branch in view.per_branch:
            band = view.bands[branch]["usd_jpy"][h]
            assert band.p5 <= band.p50 <= band.p95
        mean = view.expected_bands["usd_jpy"][h]
        assert mean.p5 - 1e-9 <= view.expected["usd_jpy"][h] <= mean.p95 + 1e-9
        assert mean.p5 < mean.p95  # the parameters are uncertain


def test_the_text_reports_every_horizon_and_whose_odds(cli: Cli) -> None:
    out = cli("whatif", "december-2025", "--weighted", "--draws", "50")
    assert out.code == 0, out.stderr
    for words in ("After 1 day", "After 1 week", "After 1 month", "After 3 months"):
        assert words in out.stdout
    flat = " ".join(out.stdout.split())
    assert "Weighted by the pack's odds (the market's)" in flat
    assert "against the market-priced path" in flat
    assert "at 85% of +25bp = +21.25bp" in flat
    assert ".." in out.stdout  # the p5..p95 lines
    mine = cli("whatif", "december-2025", "--weighted", "--draws", "0", "--probabilities",
               "hike=0.6,skip=0.4")  # fmt: skip
    assert mine.code == 0
    assert "Weighted by the odds given with --probabilities" in " ".join(mine.stdout.split())


@pytest.mark.slow  # the weighted view per format, with draws
def test_markdown_html_and_json_carry_the_bands(cli: Cli) -> None:
    md = cli("whatif", "december-2025", "--weighted", "--draws", "50", "--format", "md").stdout
    assert "## After 3 months" in md and "| change | hike (55%) |" in md and " to " in md
    html = cli("whatif", "december-2025", "--weighted", "--draws", "50", "--format", "html")
    assert html.stdout.count("<h2>After") == 4 and "<small>" in html.stdout
    body = json.loads(
        cli("whatif", "december-2025", "--weighted", "--draws", "50", "--format", "json").stdout
    )
    assert body["odds"] == "pack" and body["against"] == "december-2025-priced"
    assert [b["name"] for b in body["branches"]] == ["hike", "hawkish", "dovish", "skip"]
    assert set(body["expected_bands"]["usd_jpy"]) == {"1d", "1w", "1m", "3m"}


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (
            "hike=0.6,skp=0.4",
            "macrograph: --probabilities: unknown branch 'skp'; "
            "the branches are hike, hawkish, dovish, skip\n",
        ),
        (
            "hike=0.6,skip=0.5",
            "macrograph: --probabilities: the probabilities sum to 1.1, not 1 "
            "(branches: hike, hawkish, dovish, skip; a branch not named gets 0)\n",
        ),
        (
            "hike=1.2,skip=-0.2",
            "macrograph: --probabilities: branch 'hike' has probability 1.2; "
            "a probability is between 0 and 1\n",
        ),
        (
            "hike=0.6,skip=-0.4",
            "macrograph: --probabilities: branch 'skip' has probability -0.4; "
            "a probability is between 0 and 1\n",
        ),
        (
            "hike",
            "macrograph: --probabilities: 'hike' is not BRANCH=PROBABILITY (e.g. hike=0.6)\n",
        ),
    ],
)
def test_bad_probabilities_get_one_message(cli: Cli, given: str, message: str) -> None:
    out = cli("whatif", "december-2025", "--weighted", "--draws", "0", "--probabilities", given)
    assert out.code == 2
    assert out.stderr == message
    assert out.stdout == ""


def test_probabilities_within_the_tolerance_are_accepted(pack: Pack) -> None:
    near = {"hike": 0.6, "skip": 0.4 + 5e-7}
    assert (
        propagate_weighted(pack, "december-2025", near, RunOptions(horizons=("1d",), draws=0)).odds
        == "user"
    )
    with pytest.raises(ProbabilityError) as err:
        propagate_weighted(
            pack,
            "december-2025",
            {"hike": 0.6, "skip": 0.4 + 2e-6},
            RunOptions(horizons=("1d",), draws=0),
        )
    assert err.value.problem == "sum"


def test_probabilities_need_the_weighted_view(cli: Cli) -> None:
    out = cli("whatif", "december-2025", "--probabilities", "hike=1")
    assert out.code == 2 and "--probabilities goes with --weighted" in out.stderr


def test_a_scenario_without_branches_is_read_against_its_priced_path(pack: Pack) -> None:
    alone = propagate_weighted(pack, "boj-skips", options=RunOptions(horizons=("1w",), draws=0))
    assert alone.branches == (("boj-skips", 1.0),)
    assert [p.node for p in alone.priced] == ["boj_policy_rate"]  # what it differs by
    skip = alone.per_branch["boj-skips"]
    assert skip["boj_rate_expectations"]["1w"] == pytest.approx(-0.2125, abs=1e-3)
    assert skip["usd_jpy"]["1w"] > 0.3


@pytest.mark.slow  # every branch of the weighted view
def test_weighted_view_in_words_matches_its_numbers(cli, pack) -> None:
    from macrograph.explain.filters import move
    from macrograph.graph.weighted import propagate_weighted

    view = propagate_weighted(
        pack, "december-2025", options=RunOptions(draws=0)
    )  # the moves: no band is read
    out = cli("whatif", "december-2025", "--weighted", *NO_MC)
    assert out.code == 0
    prose = " ".join(out.stdout.split())
    assert "hike, December 2025 as expected" in prose and "December hike (15%)" in prose
    block = out.stdout.split("After 3 months")[1]
    row = next(line for line in block.splitlines() if line.strip().startswith("10y JGB"))
    expected = view.expected["jgb_10y"]["3m"]
    cells = [move(view.per_branch[b]["jgb_10y"]["3m"], "pct") for b, _ in view.branches]
    assert row.split()[-5:] == [*cells, move(expected, "pct")]
    html = cli("whatif", "december-2025", "--weighted", "--format", "html", *NO_MC).stdout
    assert html.startswith("<!DOCTYPE html>") and '<th scope="col">weighted</th>' in html
    body = cli("whatif", "december-2025", "--weighted", "--format", "json", *NO_MC).stdout
    assert '"expected"' in body


def test_weighted_view_refuses_what_it_cannot_honour(cli) -> None:
    mixed = cli("whatif", "december-2025", "--weighted", "--shock", "jgb_10y=+10bp")
    assert mixed.code == 2 and "--weighted compares a scenario's branches" in mixed.stderr
    made = cli("whatif", "BoJ hikes 75bp", "--weighted")
    assert made.code == 2
    # named as typed, not by the id made of it ('boj-hikes-75bp' is no id the pack has)
    assert "--weighted needs one of the pack's scenarios, not 'BoJ hikes 75bp'" in made.stderr


def _weighted_text(pack: Pack) -> str:
    view = propagate_weighted(pack, "meeting", options=RunOptions(draws=0))
    return render_weighted(pack, view)


def test_the_weighted_table_shows_the_rows_a_what_if_table_shows() -> None:
    # its rows were rates, flows and assets alone: a decision's own surprise was left out,
    # where the what-if table keeps a policy action, and a pack of other kinds got headers
    # over nothing, the last branch's name run into 'weighted' ('skipweighted')
    text = _weighted_text(policy_pack())
    assert "  change            hike      skip  weighted\nPolicy actions\n" in text, text
    assert "  Rate            +3.8bp     -21bp       0bp\n" in text, text
    quiet = replace(policy_pack(), info=policy_pack().info.model_copy(update={"key_outcomes": ()}))
    nodes = {n: x.model_copy(update={"kind": "indicator"}) for n, x in quiet.nodes.items()}
    text = _weighted_text(replace(quiet, nodes=nodes))
    assert "change" not in text and text.count("Nothing moves enough to show in any branch.") == 3
