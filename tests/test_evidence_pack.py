"""The bundled pack's evidence view (issue 12): sizes from the event-study literature, the
article's view as an overlay, and the backtest scores."""

from __future__ import annotations

from datetime import date

import pytest

from macrograph.graph.evidence.backtest import backtest
from macrograph.graph.propagate import propagate
from macrograph.graph.result import Result
from macrograph.graph.scenarios import ShockSpec
from macrograph.rules import bundled_pack_dir
from macrograph.rules.lint import lint_pack
from macrograph.rules.models import Priced
from macrograph.rules.overlay import apply_overlay, overlay_path
from macrograph.rules.pack import Pack

DAY = date(2025, 12, 19)


def shocked(pack: Pack, node: str, change: float) -> Result:
    """The model's point answer to one shock on the December baseline, against it."""
    spec = ShockSpec(node=node, date=DAY, label="test", change=change)
    return propagate(pack, "december-2025", against="december-2025", shocks=(spec,), draws=0)


def d(result: Result, node: str, horizon: str = "1d") -> float:
    return result.nodes[node].delta[horizon]


def test_a_25bp_fed_surprise_moves_markets_by_event_study_sizes(pack: Pack) -> None:
    r = shocked(pack, "fed_rate_expectations", 0.25)
    assert 0.10 <= d(r, "ust_2y") <= 0.20
    assert 0.04 <= d(r, "ust_10y") <= 0.10
    assert 0.3 <= d(r, "usd_jpy") <= 1.5
    assert -1.5 <= d(r, "sp500") <= -0.5
    assert 1.1 <= d(r, "nasdaq") / d(r, "sp500") <= 1.8


def test_a_25bp_boj_surprise_lifts_the_yen_and_jgb_yields(pack: Pack) -> None:
    r = shocked(pack, "boj_rate_expectations", 0.25)
    assert 0.10 <= d(r, "jgb_2y") <= 0.20
    assert 0.04 <= d(r, "jgb_10y") <= 0.15
    assert -1.5 <= d(r, "usd_jpy") <= -0.3
    assert d(r, "nikkei") < 0


def test_a_priced_fed_cut_barely_moves_stocks_and_bitcoin(pack: Pack) -> None:
    cut = ShockSpec(
        node="fed_funds_rate",
        date=DAY,
        label="a 90%-priced cut",
        change=-0.25,
        priced=Priced(probability=0.9, change=-0.25),
    )
    r = propagate(pack, "december-2025", against="december-2025", shocks=(cut,), draws=0)
    assert abs(d(r, "sp500")) < 0.3
    assert abs(d(r, "bitcoin")) < 1.0
    assert abs(d(propagate(pack, "fed-holds", draws=0), "sp500")) > 0.5  # the surprise does


def test_one_boj_step_adds_at_most_0_3tn_yen_in_the_first_year(pack: Pack) -> None:
    r = propagate(pack, "august-2024-surprise", against=None, horizons=("1y",), draws=0)
    assert 0 < d(r, "japan_interest_bill", "1y") <= 0.3


def test_a_carry_unwind_lowers_the_10y_treasury_and_lifts_the_yen(pack: Pack) -> None:
    r = propagate(pack, "us-data-scare", draws=0)
    assert d(r, "yen_carry_positions") < 0
    assert d(r, "ust_10y") < 0 and d(r, "usd_jpy") < 0
    assert d(r, "sp500") < 0 and d(r, "bitcoin") < 0 and d(r, "vix") > 4


def test_fear_fades(pack: Pack) -> None:
    r = propagate(pack, "us-data-scare", draws=0)
    assert d(r, "sp500", "1m") > d(r, "sp500", "1d")


def test_december_as_it_happened_weakens_the_yen_and_lifts_the_10y_jgb(pack: Pack) -> None:
    r = propagate(pack, "december-2025", against=None, draws=0)
    assert d(r, "usd_jpy") > 0 and d(r, "jgb_10y") > 0


def test_intervention_strengthens_the_yen(pack: Pack) -> None:
    r = propagate(pack, "mof-intervenes", draws=0)
    assert -4.0 < d(r, "usd_jpy") < -1.0


@pytest.fixture(scope="module")
def article(pack: Pack) -> Pack:
    path = overlay_path(bundled_pack_dir(), "article")
    return apply_overlay(pack, path)


def test_the_article_overlay_lints_clean_and_restores_its_figures(article: Pack) -> None:
    assert [i for i in lint_pack(article) if i.severity == "error"] == []
    assert article.nodes["ust_10y"].baseline is not None
    assert article.nodes["ust_10y"].baseline.value == 3.72
    r = propagate(article, "spread-1-5", draws=0)
    falls = {n: d(r, n, "1w") for n in ("bitcoin", "nasdaq", "sp500", "usd_jpy")}
    assert min(falls, key=falls.__getitem__) == "bitcoin"
    base = propagate(article, "december-2025", against=None, horizons=("2w",), draws=0)
    assert 3.6 <= 3.72 + d(base, "ust_10y", "2w") <= 3.9


def test_backtest_meets_the_issue_targets(pack: Pack) -> None:
    overall = backtest(pack, draws=1000, seed=0, only="written").overall
    assert overall.n >= 40
    assert overall.sign_hit_rate is not None and overall.sign_hit_rate >= 0.9
    assert overall.median_abs_z is not None and overall.median_abs_z <= 1.0
    assert overall.coverage is not None and overall.coverage >= 0.8
