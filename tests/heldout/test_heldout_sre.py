"""A web service's reliability through an incident, a field the machinery has never seen,
read as a site reliability engineer, an engineering manager and a teacher of a systems
course would.

The held-out pack tests/packs/heldout_sre counts in days (the pack format steps a day at
the shortest; an incident's hours are read at the daily peak): traffic and client retries
in k rps load a pool of servers (CPU in %, queue depth in requests, p99 latency in ms);
errors in % whose moves read in pp bring retries only above 1% (a reinforcing loop under a
``when``); the rate limiter sheds load above 85% CPU (a balancing loop under a ``when``); the
autoscaler adds 20 servers at 80% CPU (a threshold that fires a decision); errors burn the
month's error budget in minutes (a stock), and an incident with under 15 minutes left
freezes deploys (a threshold under a ``when``); pages a day, churn in % a month a week
later, and recurring revenue in $k a month (a stock) worn down by churn. It ships an
illustrative daily error-rate series with the bad deploy of February 2026 read from it,
and a pessimistic SRE's view as an overlay.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from macrograph.explain.lesson.words import size_text
from macrograph.graph.build import build_graph
from macrograph.graph.query import loops
from macrograph.rules import load_pack
from macrograph.rules.lint.core import lint_pack
from macrograph.rules.vocabulary import speaking, vocabulary_for
from tests.packfactory import flat, moves_on, on_pack, shocked_on

SRE = Path(__file__).parents[1] / "packs" / "heldout_sre"


def run(*args: str, code: int = 0) -> str:
    """The output of a command on the pack in an 80-column terminal."""
    return on_pack(SRE, *args, code=code)


def moves(question: str, node: str) -> dict[str, float]:
    """The change of ``node`` at each horizon of ``question``'s what-if, without draws."""
    return moves_on(SRE, question, node)


def shocked(question: str, node: str) -> list[tuple[float | None, float | None]]:
    """The change and the level ``question`` sets ``node`` to, shock by shock."""
    return shocked_on(SRE, question, node)


def test_the_pack_lints_clean_and_has_its_loops() -> None:
    pack = load_pack(SRE)
    assert [i for i in lint_pack(pack) if i.severity != "info"] == []
    assert (pack.info.period, pack.info.language) == ("1d", 3)
    found = {frozenset(lp.nodes): lp.polarity for lp in loops(build_graph(pack))}
    assert found[frozenset({"cpu", "error_rate", "retries", "load"})] == "reinforcing"
    assert found[frozenset({"cpu", "shed", "load"})] == "balancing"
    assert found[frozenset({"cpu", "servers"})] == "balancing"


@pytest.mark.parametrize(
    ("question", "node", "size"),
    [
        ("traffic doubles", "traffic", 40.0),
        ("add 20 servers", "servers", 20.0),
        ("traffic spikes 15k rps", "traffic", 15.0),
    ],
)
def test_the_incident_channel_s_questions_read(question: str, node: str, size: float) -> None:
    assert [change for change, _ in shocked(question, node)] == [pytest.approx(size)]


@pytest.mark.parametrize(
    ("question", "node", "level"),
    [
        ("p99 hits 800ms", "p99_latency", 800.0),
        ("error rate spikes to 5%", "error_rate", 5.0),
        ("freeze deploys", "deploys", 0.0),
    ],
)
def test_levels_and_ends_said_in_the_channel_read(question: str, node: str, level: float) -> None:
    assert [at for _, at in shocked(question, node)] == [level]


def test_rolling_back_the_deploy_takes_it_off_all_traffic() -> None:
    # the default's own rollback is a level, so asking for it earlier leaves nothing below 0
    assert shocked("roll back the deploy", "bad_build")[0] == (None, 0.0)
    assert moves("roll back the deploy", "bad_build") == {
        "1d": -50.0,
        "3d": 0.0,
        "1w": 0.0,
        "1m": 0.0,
    }


def test_the_retry_storm_runs_only_while_errors_are_above_one_percent() -> None:
    told = flat(run("whatif", "--draws", "0"))
    assert "From 5 Mar 2026 the rule errors_bring_retries switches on" in told, told
    assert moves("bad-deploy", "retries")["1d"] == pytest.approx(3.6)
    assert moves("bad-deploy", "retries")["3d"] == pytest.approx(0.0)


def test_the_autoscaler_adds_servers_past_80_percent_cpu() -> None:
    assert moves("traffic-spike", "servers") == {"1d": 20.0, "3d": 20.0, "1w": 20.0, "1m": 20.0}


def test_the_episode_is_read_from_the_illustrative_series() -> None:
    answer = json.loads(run("backtest", "--draws", "0", "--format", "json"))
    seen = [o["observed"] for e in answer["episodes"] for o in e["observations"]]
    assert seen[:2] == [pytest.approx(2.78), pytest.approx(0.13)]


@pytest.mark.slow
def test_a_path_two_shocks_travel_carries_its_net_amount_once() -> None:
    # 'carried by bad_build_fails_requests (+3.0 pp); bad_build_fails_requests (-3.0 pp);
    # incident_freezes_deploys -> deploys_bring_defects (-0.06 pp)': the deploy and its
    # rollback travel one rule, listed once per shock, and what carried the -0.06 pp came last
    told = run("backtest", "--draws", "0", "--format", "md")
    line = next(x for x in told.splitlines() if "Error rate over 3 days" in x)
    assert (
        "carried by incident\\_freezes\\_deploys -&gt; deploys\\_bring\\_defects (-0.06 pp)."
        in line
    )
    assert line.count("bad\\_build\\_fails\\_requests") == 0, line


def test_a_stock_s_cause_is_the_move_that_filled_it() -> None:
    # '-61.3 min  the error rate -0.06 pp, via errors_burn_the_budget': a lower error rate
    # gives budget back; what burnt it was the error rate's +3.0 pp in the first days
    told = flat(run("explain", "error_budget", "--draws", "0"))
    assert "the error rate -0.06 pp (+3.0 pp after 1 day), via errors_burn_the_budget" in told


def test_money_under_a_thousand_reads_as_money_is_written() -> None:
    # '+$40.0 a month' and 'Other paths add -$16.0 a month': a move of $k a month under one
    # of it reads in dollars a month, to the unit's precision, never with a lone tenth
    told = flat(run("whatif", "add 20 servers", "--draws", "0"))
    assert "+$40 a month" in told and "Other paths add -$16 a month" in told, told
    assert ".0 a month" not in told


@pytest.mark.parametrize(
    ("rule", "size"),
    [
        ("errors_burn_the_budget", "-14.4 min per 1 pp, added up every day"),
        ("load_drives_cpu", "+1.5 pp per 1k rps (from +1.3 pp to +1.7 pp)"),
        (
            "churn_wears_down_revenue",
            "-$800 a month per 1 pp (from -$700 to -$900 a month), added up every day",
        ),
    ],
)
def test_a_size_reads_to_the_digits_the_pack_gives_it(rule: str, size: str) -> None:
    # 'Size: -14 min per 1 pp, added up every day', beside its reason 'a day at 1% errors
    # counts as 14.4 minutes of full downtime': a size was cut to two significant digits
    pack = load_pack(SRE)
    with speaking(vocabulary_for(pack.info)):
        assert size_text(pack, pack.rules[rule]) == size


@pytest.mark.parametrize(
    "question",
    [
        "scale up by 20 servers",
        "scales out by 20 servers",
        "the autoscaler scales out by 20 servers",
    ],
)
def test_a_count_added_by_a_size_names_its_node(question: str) -> None:
    # "'servers' does not apply to shed (in k rps)": 'by' alone was taken for a name of the
    # node 'Requests shed by the rate limiter', the one label holding the word
    assert [change for change, _ in shocked(question, "servers")] == [pytest.approx(20.0)]


def test_a_headline_names_no_negligible_move_among_the_biggest() -> None:
    # 'After 1 day the biggest consequences: error budget left ends 43.2 min higher; CPU
    # utilisation ends 0.11 pp higher': a twentieth of a notable move of CPU, named beside
    # the budget's 43.2 minutes as one of the two biggest
    told = flat(run("whatif", "fast-rollback", "--draws", "0"))
    assert "After 1 day the biggest consequence: error budget left ends 43.2 min higher [" in told
    assert "CPU utilisation ends 0.11 pp higher" not in told


def test_the_phrase_deploy_freeze_said_as_a_verb_is_the_freeze() -> None:
    """'deploy freezes' read the verb as an end ('bad build ends': the bad deploy taken off),
    where the pack's phrase 'deploy freeze' names the manager's week-long freeze."""
    assert run("whatif", "deploy freezes", "--draws", "0").startswith("A week's deploy freeze\n")
