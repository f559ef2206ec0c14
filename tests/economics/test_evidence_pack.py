"""The bundled pack's evidence view (issue 12): sizes from the event-study literature, the
article's view as an overlay, and the backtest scores."""

from __future__ import annotations

from datetime import date

import pytest

from macrograph.graph.evidence.backtest import backtest
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.graph.result import Result
from macrograph.graph.scenarios import ShockSpec
from macrograph.rules import bundled_pack_dir
from macrograph.rules.lint.core import lint_pack
from macrograph.rules.models import LinearRule, Priced
from macrograph.rules.overlay import apply_overlay, overlay_path
from macrograph.rules.pack import Pack
from tests.fitted import kept, outside_prior, signed, yen_and_carry

DAY = date(2025, 12, 19)


def shocked(pack: Pack, node: str, change: float) -> Result:
    """The model's point answer to one shock on the December baseline, against it."""
    spec = ShockSpec(node=node, date=DAY, label="test", change=change)
    return propagate(pack, "december-2025", RunOptions(against="december-2025", draws=0), (spec,))


def d(result: Result, node: str, horizon: str = "1d") -> float:
    return result.nodes[node].delta[horizon]


def test_a_25bp_fed_surprise_moves_markets_by_event_study_sizes(pack: Pack) -> None:
    r = shocked(pack, "fed_rate_expectations", 0.25)
    assert 0.10 <= d(r, "ust_2y") <= 0.20
    assert 0.3 <= d(r, "usd_jpy") <= 1.5
    # The literature's 10y: 4-10bp (prior 0.3 per pp, range 0.2-0.4). The data put
    # fed_path_moves_ust above that range; the 10y follows the estimate, the same-day JGB
    # spillover loop and the flight to quality that falling stocks bring.
    assert outside_prior(pack, "fed_path_moves_ust")
    first = signed(pack, "fed_path_moves_ust") * 0.25
    flight = (
        signed(pack, "flight_to_quality_lowers_ust")
        * d(r, "vix")
        * kept(pack, "flight_to_quality_lowers_ust")
    )
    gain = signed(pack, "jgb_spills_into_ust") * signed(pack, "ust_spills_into_jgb")
    # (the VIX of the next day stands for the day's: a day's carry flow apart, 1e-5)
    assert d(r, "ust_10y") == pytest.approx((first + flight) / (1 - gain), rel=1e-4)
    rule = pack.rules["fed_path_moves_ust"]
    assert isinstance(rule, LinearRule) and rule.magnitude and rule.magnitude.range
    low, high = rule.magnitude.range  # the estimate's 90% interval
    assert 0.25 * low <= first <= 0.25 * high
    # The literature's stocks: the S&P -0.5% to -1.5% per 25bp, the Nasdaq 1.1-1.8 times
    # it (priors 4.0 and 6.0 per pp). The data put both elasticities below their prior
    # ranges, and the stronger dollar builds carry, which lifts stocks back: the S&P
    # moves far less and the Nasdaq several times as much.
    assert outside_prior(pack, "fed_path_lifts_sp500")
    assert outside_prior(pack, "fed_path_lifts_nasdaq")
    gap = signed(pack, "ust_2y_enters_gap") * d(r, "ust_2y")
    carry = yen_and_carry(pack, signed(pack, "fed_path_moves_dollar") * 0.25, gap).carry
    for node, rule, funds in (
        ("sp500", "fed_path_lifts_sp500", "carry_funds_stocks_earnings_led"),
        ("nasdaq", "fed_path_lifts_nasdaq", "carry_funds_tech"),
    ):
        expected = signed(pack, rule) * 0.25 + signed(pack, funds) * carry
        assert d(r, node) == pytest.approx(expected, rel=1e-9), node
    assert d(r, "nasdaq") < d(r, "sp500") < 0


def test_a_25bp_boj_surprise_lifts_the_yen_and_jgb_yields(pack: Pack) -> None:
    r = shocked(pack, "boj_rate_expectations", 0.25)
    assert 0.10 <= d(r, "jgb_2y") <= 0.20
    assert 0.04 <= d(r, "jgb_10y") <= 0.15
    # the yen: 0.3%-1.5% in the event studies; the rule's own move sits inside, and the
    # same-day squeeze of yen carry takes the day's move beyond it
    first = signed(pack, "boj_path_strengthens_yen") * 0.25
    assert -1.5 <= first <= -0.3
    gap = signed(pack, "jgb_2y_enters_gap") * d(r, "jgb_2y")
    assert d(r, "usd_jpy") == pytest.approx(yen_and_carry(pack, first, gap).usd_jpy, rel=1e-9)
    assert d(r, "nikkei") < 0


def test_a_priced_fed_cut_barely_moves_stocks_and_bitcoin(pack: Pack) -> None:
    cut = ShockSpec(
        node="fed_funds_rate",
        date=DAY,
        label="a 90%-priced cut",
        change=-0.25,
        priced=Priced(probability=0.9, change=-0.25),
    )
    r = propagate(pack, "december-2025", RunOptions(against="december-2025", draws=0), (cut,))
    assert abs(d(r, "sp500")) < 0.3
    assert abs(d(r, "bitcoin")) < 1.0
    # the surprise does: holding instead of a 90%-priced cut is ten times this cut's
    # surprise, the other way (the literature's S&P move for it, above 0.5%, no longer
    # holds: see the 25bp test above)
    holds = propagate(pack, "fed-holds", RunOptions(draws=0))
    for node in ("sp500", "bitcoin"):
        assert d(holds, node) == pytest.approx(-10 * d(r, node), rel=1e-9), node
    assert d(holds, "sp500") < 0 < d(r, "sp500")


def test_one_boj_step_adds_at_most_0_3tn_yen_in_the_first_year(pack: Pack) -> None:
    r = propagate(pack, "august-2024-surprise", RunOptions(against=None, horizons=("1y",), draws=0))
    assert 0 < d(r, "japan_interest_bill", "1y") <= 0.3


def test_a_carry_unwind_lowers_the_10y_treasury_and_lifts_the_yen(pack: Pack) -> None:
    r = propagate(pack, "us-data-scare", RunOptions(draws=0))
    assert d(r, "yen_carry_positions") < 0
    assert d(r, "ust_10y") < 0 and d(r, "usd_jpy") < 0
    assert d(r, "sp500") < 0 and d(r, "bitcoin") < 0 and d(r, "vix") > 4


def test_fear_fades(pack: Pack) -> None:
    r = propagate(pack, "us-data-scare", RunOptions(draws=0))
    assert d(r, "sp500", "1m") > d(r, "sp500", "1d")


def test_december_as_priced_lifts_the_10y_jgb_but_strengthens_the_yen(pack: Pack) -> None:
    # The yen weakened about 1.2% on the hike day (market record 2.3, after Ueda gave no
    # guidance). The scenario holds only what was priced or measured (issue 20), so the
    # model strengthens the yen: the unpriced rest of the hike and the repricing of 1
    # December, both hawkish. This asserts that known miss; a measured guidance surprise
    # would change it and should change this test.
    r = propagate(pack, "december-2025", RunOptions(against=None, draws=0))
    assert d(r, "jgb_10y") > 0 and d(r, "boj_rate_expectations") > 0
    assert d(r, "usd_jpy") < 0


def test_intervention_strengthens_the_yen(pack: Pack) -> None:
    r = propagate(pack, "mof-intervenes", RunOptions(draws=0))
    assert -4.0 < d(r, "usd_jpy") < -1.0


@pytest.fixture(scope="module")
def article(pack: Pack) -> Pack:
    path = overlay_path(bundled_pack_dir(), "article")
    return apply_overlay(pack, path)


def test_the_article_overlay_lints_clean_and_restores_its_figures(article: Pack) -> None:
    assert [i for i in lint_pack(article) if i.severity == "error"] == []
    assert article.nodes["ust_10y"].baseline is not None
    assert article.nodes["ust_10y"].baseline.value == 3.72
    r = propagate(article, "spread-1-5", RunOptions(draws=0))
    falls = {n: d(r, n, "1w") for n in ("bitcoin", "nasdaq", "sp500", "usd_jpy")}
    assert min(falls, key=falls.__getitem__) == "bitcoin"
    base = propagate(article, "december-2025", RunOptions(against=None, horizons=("2w",), draws=0))
    assert 3.6 <= 3.72 + d(base, "ust_10y", "2w") <= 3.9


def test_backtest_meets_the_issue_targets(pack: Pack) -> None:
    overall = backtest(pack, options=RunOptions(draws=1000, seed=0), only="written").overall
    assert overall.n >= 40
    # issue 20's targets: sign hit >= 80%, coverage 85%-95%; issue 12's in-sample 90% of
    # signs on these six episodes is no longer met (81% of 37 after the refit)
    assert overall.sign_hit_rate is not None and overall.sign_hit_rate >= 0.8
    assert overall.median_abs_z is not None and overall.median_abs_z <= 1.0
    assert overall.coverage is not None and 0.85 <= overall.coverage <= 0.95
