"""The policy calendar and the episodes made from it: every decision, its surprise measured
from data, the generated file kept in step, and a backtest scored by institution, node,
window and year."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from macrograph.explain.evidence.report import calendar_episodes_yaml
from macrograph.graph.evidence.backtest import backtest
from macrograph.graph.evidence.events import calendar_episodes
from macrograph.graph.options import RunOptions
from macrograph.rules import load_pack
from macrograph.rules.pack import bundled_pack_dir
from tests.pack.test_series import MARKETS, closes
from tests.packfactory import Cli

GENERATED = "episodes-calendar.yaml"


def test_the_event_base_holds_every_decision_since_2013(pack: object) -> None:
    calendar = load_pack().calendar
    decisions = [e for e in calendar.values() if e.kind == "decision"]
    assert len(decisions) >= 180
    by = Counter((e.institution, e.date.year) for e in decisions if e.scheduled)
    for year in range(2013, 2026):  # the Fed meets eight times a year; the BoJ 14, then 8
        assert by[("fed", year)] == (7 if year == 2020 else 8), year
        assert by[("boj", year)] == (14 if year <= 2015 else 7 if year == 2020 else 8), year
    interventions = sorted(e.date for e in calendar.values() if e.kind == "intervention")
    assert interventions[:3] == [date(2022, 9, 22), date(2022, 10, 21), date(2022, 10, 24)]
    assert all(e.cites.sources for e in calendar.values())


@pytest.mark.slow
@pytest.mark.parametrize("folder", [None, MARKETS], ids=["bundled", "markets"])
def test_the_generated_episodes_are_in_step_with_the_calendar_and_the_data(
    folder: Path | None,
) -> None:
    root = folder or bundled_pack_dir()
    pack = load_pack(root, without=(GENERATED,))
    text = calendar_episodes_yaml(pack, calendar_episodes(pack))
    assert text == (root / GENERATED).read_text(encoding="utf-8"), (
        f"regenerate it: macrograph data episodes -o {root / GENERATED}"
    )


def test_a_fed_surprise_is_the_2y_move_on_the_day_times_its_scale() -> None:
    pack = load_pack()
    episode = pack.episodes["fomc-2025-12-10"]
    [shock] = [s for s in episode.shocks if s.node == "fed_rate_expectations"]
    ust = closes("ust_2y")
    assert shock.change == pytest.approx((ust[date(2025, 12, 10)] - ust[date(2025, 12, 9)]) * 1.63)
    assert episode.observe is not None and "ust_2y" in episode.observe.skip  # the input
    [cut] = [s for s in episode.shocks if s.node == "fed_funds_rate"]
    assert cut.change == -0.25 and cut.priced is not None and cut.priced.probability == 1.0


def test_under_yield_curve_control_a_band_change_is_its_own_instrument() -> None:
    pack = load_pack()
    episode = pack.episodes["boj-2022-12-20"]  # the band widened to +-0.5%
    shocks = {s.node: s for s in episode.shocks}
    # the band's widening reaches the 10y as the instrument it was, not as a path surprise
    assert shocks["boj_ycc_band"].change == pytest.approx(0.25)
    assert shocks["boj_ycc_in_force"].date < episode.date  # the regime holds before the event
    # the path's surprise is still the 2y's move on the day, times the cited scale
    two = closes("jgb_2y")
    moved = two[date(2022, 12, 20)] - two[date(2022, 12, 19)]
    assert shocks["boj_rate_expectations"].change == pytest.approx(moved * 1.67, abs=1e-4)
    assert 0 < shocks["boj_rate_expectations"].change < 0.1  # the 2y sat near the policy rate


def test_an_intervention_moves_its_node_by_its_amount() -> None:
    episode = load_pack().episodes["mof-2022-09-22"]
    [shock] = [s for s in episode.shocks if s.node == "mof_intervention"]
    assert shock.change == pytest.approx(2.8382) and shock.date == date(2022, 9, 22)


def test_a_week_with_two_central_banks_is_one_world() -> None:
    episode = load_pack().episodes["boj-2024-07-31"]
    assert {s.node for s in episode.shocks} >= {"boj_rate_expectations", "fed_rate_expectations"}
    assert episode.observe is not None
    assert set(episode.observe.skip) == {"jgb_2y", "ust_2y"}


def test_scores_come_by_institution_node_window_and_year() -> None:
    pack = load_pack(MARKETS)
    result = backtest(pack, options=RunOptions(draws=0))
    assert {g.by for g in result.groups} == {"institution", "node", "window", "year"}
    nodes = {g.key: g.scores.n for g in result.by("node")}
    assert sum(nodes.values()) == result.overall.n
    assert [g.key for g in result.by("window")] == ["0d", "1d", "5d"]
    assert result.events == 5 and len(result.missing) == 4


def test_backtest_text_reports_counts_groups_and_what_the_data_lack(cli: Cli) -> None:
    out = cli("backtest", "--pack", str(MARKETS), "--draws", "0")
    assert out.code == 0
    assert "5 episodes, 4 of them from the calendar, 22 observations (4 more" in " ".join(
        out.stdout.split()
    )
    assert "By node" in out.stdout and "By window" in out.stdout and "By year" in out.stdout
    assert "Nordland stock index: 3 moves of 1 episode" in " ".join(out.stdout.split())


@pytest.mark.slow
def test_the_bundled_event_base_is_scored_by_institution(cli: Cli) -> None:
    result = backtest(load_pack(), options=RunOptions(draws=0))
    institutions = {g.key: g.scores.n for g in result.by("institution")}
    assert set(institutions) == {"fed", "boj", "mof"}
    assert institutions["fed"] > 2_000 and institutions["boj"] > 2_000
    assert result.events >= 250 and result.overall.n > 6_000
