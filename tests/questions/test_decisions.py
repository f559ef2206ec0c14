"""A shock on a policy node (one that declares ``expectations``) is a decision.

Without ``priced`` it is an unpriced decision: its whole size is the surprise carried by
the market-implied path, so ``--shock boj_policy_rate=+25bp`` moves markets as the pack's
unpriced 25bp hike does, and the outputs say "unpriced: the whole move is a surprise".
``--priced P`` or ``NODE=CHANGE,priced=P`` splits it as a scenario's ``priced`` does; a
level reads as its change from the level in force.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from macrograph.explain.contexts.base import UNPRICED
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.graph.result import Result
from macrograph.graph.scenarios import (
    ScenarioSpec,
    ShockSpec,
    parse_shock,
    resolve,
    resolve_text,
    with_odds,
)
from macrograph.rules import load_pack
from macrograph.rules.models import LinearRule, Priced
from tests.fitted import signed, yen_and_carry
from tests.packfactory import Cli, edit, write_pack

PACK = load_pack()
BASE = "december-2025"
HORIZONS = ("1d", "1m")
POWER = ("whatif", BASE, "--against", BASE, "--draws", "0", "--horizons", "1d")


def _power_user(*texts: str, priced: str | None = None) -> Result:
    """``whatif december-2025 --against december-2025 --shock TEXT...``: the shocks alone."""
    spec = resolve(PACK, BASE)
    extra = with_odds(PACK, tuple(parse_shock(PACK, t, spec.anchor) for t in texts), priced)
    return propagate(PACK, spec, RunOptions(against=BASE, horizons=HORIZONS, draws=0), extra)


def _decision_alone(node: str, change: float, probability: float) -> Result:
    """A scenario whose one shock is this decision at these priced odds, against no shocks."""
    day = resolve(PACK, BASE).anchor
    shock = ShockSpec(
        node, day, "a decision", change, priced=Priced(probability=probability, change=change)
    )
    spec = ScenarioSpec("alone", "Alone", "The decision alone.", (shock,), None, day)
    return propagate(PACK, spec, RunOptions(against=None, horizons=HORIZONS, draws=0))


def _same_moves(a: Result, b: Result) -> None:
    for node in a.nodes:
        for h in a.horizons:
            assert a.nodes[node].delta[h] == pytest.approx(b.nodes[node].delta[h], abs=1e-9), (
                node,
                h,
            )


def _range(rule_id: str, surprise: float) -> tuple[float, float]:
    """What a rule's cited elasticity range makes of a surprise (low, high)."""
    rule = PACK.rules[rule_id]
    assert isinstance(rule, LinearRule) and rule.magnitude is not None
    sign = -1.0 if rule.effect == "-" else 1.0
    ends = sorted(sign * surprise * x for x in rule.magnitude.range)
    return ends[0], ends[1]


# --- the acceptance: --shock on a policy rate moves markets --------------------------


def test_an_unpriced_boj_hike_on_the_command_line_moves_as_the_packs_unpriced_hike() -> None:
    shocked = _power_user("boj_policy_rate=+25bp")
    _same_moves(shocked, _decision_alone("boj_policy_rate", 0.25, 0.0))
    _same_moves(
        shocked,
        propagate(
            PACK, "august-2024-surprise", RunOptions(against=None, horizons=HORIZONS, draws=0)
        ),
    )
    fx, two_year = shocked.nodes["usd_jpy"].delta["1d"], shocked.nodes["jgb_2y"].delta["1d"]
    low, high = _range("boj_path_lifts_jgb_2y", 0.25)
    assert low <= two_year <= high  # 0.6 x the surprise (Kuttner), range 0.4-0.8
    # the market record: a 25bp surprise tightening lifts the home currency 0.35%
    # (Kearns and Manners) to 1.25% (Curcuru's 5% per 100bp). The fitted rule's own move
    # sits at the top of that range; the same-day squeeze of carry, which buys yen back
    # and so squeezes more, amplifies it by 1 / (1 - gain) to beyond it on the day.
    first = signed(PACK, "boj_path_strengthens_yen") * 0.25
    assert -1.25 <= first <= -0.35
    gap = signed(PACK, "jgb_2y_enters_gap") * two_year
    assert fx == pytest.approx(yen_and_carry(PACK, first, gap).usd_jpy, rel=1e-9)
    assert fx < first  # the loop adds to the yen's rise, it does not offset it
    assert shocked.nodes["nikkei"].delta["1d"] < 0 and shocked.nodes["nasdaq"].delta["1d"] < 0


def test_an_unpriced_fed_cut_on_the_command_line_moves_markets() -> None:
    shocked = _power_user("fed_funds_rate=-50bp")
    _same_moves(shocked, _decision_alone("fed_funds_rate", -0.5, 0.0))
    day = {n: o.delta["1d"] for n, o in shocked.nodes.items()}
    firsts = {}
    for node, rule in (
        ("ust_2y", "fed_path_moves_ust_2y"),
        ("usd_jpy", "fed_path_moves_dollar"),
        ("sp500", "fed_path_lifts_sp500"),
    ):
        low, high = _range(rule, -0.5)
        firsts[node] = signed(PACK, rule) * -0.5
        assert low <= firsts[node] <= high, (node, firsts[node], low, high)
    assert day["ust_2y"] == pytest.approx(firsts["ust_2y"], rel=1e-9)
    # the dollar's fall and the narrower 2y gap unwind carry, which buys yen back: the
    # same-day USD/JPY -> carry -> USD/JPY loop takes USD/JPY past the rule's own range,
    # and the unwinding carry takes back part of the stocks' rise
    gap = signed(PACK, "ust_2y_enters_gap") * day["ust_2y"]
    loop = yen_and_carry(PACK, firsts["usd_jpy"], gap)
    assert day["usd_jpy"] == pytest.approx(loop.usd_jpy, rel=1e-9)
    carry_to_stocks = signed(PACK, "carry_funds_stocks_earnings_led") * loop.carry
    assert day["sp500"] == pytest.approx(firsts["sp500"] + carry_to_stocks, rel=1e-9)
    assert day["ust_2y"] < 0 and day["usd_jpy"] < 0 and day["sp500"] > 0


def test_priced_splits_a_command_line_decision_as_a_scenario_does() -> None:
    option = _power_user("fed_funds_rate=-25bp", priced="0.9")
    inline = _power_user("fed_funds_rate=-25bp,priced=90%")
    _same_moves(option, inline)
    _same_moves(option, _decision_alone("fed_funds_rate", -0.25, 0.9))
    unpriced = _power_user("fed_funds_rate=-25bp")
    for node in ("usd_jpy", "ust_2y", "sp500"):  # a tenth of the move is a surprise
        assert option.nodes[node].delta["1d"] == pytest.approx(
            0.1 * unpriced.nodes[node].delta["1d"], abs=1e-12
        )
    shock = next(s for s in option.shocks if s.key == "fed_funds_rate@2025-12-19")
    assert (shock.priced_probability, shock.unpriced) == (0.9, False)
    assert shock.surprise == pytest.approx(-0.25 + 0.9 * 0.25)


# --- levels -------------------------------------------------------------------------


def test_a_level_on_a_policy_rate_is_its_change_from_the_level_in_force() -> None:
    # the scenario's own decision takes the rate to 0.75%; 1% is 25bp more, unpriced
    level = _power_user("boj_policy_rate@1.0")
    _same_moves(level, _power_user("boj_policy_rate=+25bp"))
    extra = [s for s in level.shocks if s.key == "boj_policy_rate@2025-12-19#2"]
    assert [(s.level, s.decision, s.surprise, s.unpriced) for s in extra] == [
        (1.0, pytest.approx(0.25), pytest.approx(0.25), True)
    ]


@pytest.mark.parametrize(
    ("words", "same_as"),
    [
        ("BoJ policy rate rises to 1%", "BoJ hikes 50bp"),
        ("BoJ raises rates to 1%", "BoJ hikes 50bp"),
        ("Fed funds rate falls to 3.375%", "Fed cuts 50bp"),
        ("Fed cuts rates to 3.375%", "Fed cuts 50bp"),
    ],
)
def test_a_level_in_plain_words_is_the_same_decision_at_a_new_size(
    words: str, same_as: str
) -> None:
    """The default scenario's decision on that day keeps what markets had priced for it:
    the level is a new size of that decision, as "hikes 50bp" is."""
    asked, sized = resolve_text(PACK, words), resolve_text(PACK, same_as)
    a = propagate(PACK, asked, RunOptions(draws=0))
    b = propagate(PACK, sized, RunOptions(draws=0))
    _same_moves(a, b)
    node = "boj_policy_rate" if "BoJ" in words else "fed_funds_rate"
    moved = next(s for s in a.shocks if s.node == node and s.level is not None)
    assert moved.surprise == pytest.approx(next(s for s in b.shocks if s.node == node).surprise)


def test_the_plain_words_level_moves_markets_the_right_way() -> None:
    """It used to weaken the yen: the level replaced the decision and its surprise."""
    result = propagate(PACK, resolve_text(PACK, "BoJ policy rate rises to 1%"), RunOptions(draws=0))
    assert result.nodes["usd_jpy"].delta["1d"] < 0
    assert result.nodes["jgb_2y"].delta["1d"] > 0


# --- what is not a decision ------------------------------------------------------------


def test_a_shock_on_a_market_is_no_decision() -> None:
    result = _power_user("jgb_10y=+20bp", "us_jp_spread_10y@1.5pp")
    extra = [s for s in result.shocks if s.node in ("jgb_10y", "us_jp_spread_10y")]
    assert [(s.surprise, s.unpriced, s.expectations) for s in extra] == [
        (None, False, None),
        (None, False, None),
    ]
    assert result.nodes["boj_rate_expectations"].delta["1d"] == 0.0


def test_a_pack_scenarios_policy_shock_without_priced_is_unpriced(
    tmp_path: Path,
) -> None:
    """Any pack: its policy node is the one that declares ``expectations``."""
    hike = "        priced: {probability: 0.5, change: 0.25}\n        label: The bank hikes 25bp\n"
    folder = write_pack(
        tmp_path, edit("scenarios.yaml", hike, "        label: The bank hikes 25bp\n")
    )
    pack = load_pack(folder)
    result = propagate(pack, "base", RunOptions(against=None, horizons=("1d",), draws=0))
    assert result.nodes["rate_path"].delta["1d"] == pytest.approx(0.25)
    assert result.nodes["bond_yield"].delta["1d"] == pytest.approx(0.4 * 0.25)
    assert [s.unpriced for s in result.shocks] == [True]


# --- what the outputs say --------------------------------------------------------------


@pytest.mark.slow  # a what-if per format
@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_whatif_says_the_whole_move_is_a_surprise(cli: Cli, tmp_path: Path, fmt: str) -> None:
    suffix = {"text": "txt", "md": "md", "html": "html"}[fmt]
    out = tmp_path / f"answer.{suffix}"
    done = cli(*POWER, "--shock", "boj_policy_rate=+25bp", "--format", fmt, "-o", str(out))
    assert done.code == 0, done.stderr
    text = " ".join(out.read_text(encoding="utf-8").split())
    assert f"a hawkish surprise of +25bp ({UNPRICED})" in text.replace("<strong>", "").replace(
        "</strong>", ""
    ).replace("**", "")
    priced = cli(*POWER, "--shock", "boj_policy_rate=+25bp", "--priced", "0.5", "--format", fmt)
    assert UNPRICED not in priced.stdout
    assert "50%-priced 25bp hike" in " ".join(priced.stdout.split())


def test_whatif_json_marks_the_unpriced_decision(cli: Cli) -> None:
    done = cli(*POWER, "--shock", "fed_funds_rate=-25bp", "--format", "json")
    assert done.code == 0, done.stderr
    shocks = json.loads(done.stdout)["shocks"]
    extra = [s for s in shocks if s["key"] == "fed_funds_rate@2025-12-19"]
    assert [(s["unpriced"], s["priced_probability"], s["surprise"]) for s in extra] == [
        (True, 0.0, -0.25)
    ]
    assert all(not s["unpriced"] for s in shocks if s is not extra[0])


@pytest.mark.slow
def test_explain_and_the_brief_say_it_too(cli: Cli, tmp_path: Path) -> None:
    done = cli("explain", "usd_jpy", "--scenario", "august-2024-surprise", "--draws", "0")
    assert done.code == 0, done.stderr
    assert f"({UNPRICED})" in " ".join(done.stdout.split())
    note = tmp_path / "brief.md"
    args = ("--compare-overlay", "none", "--draws", "0")  # the calendar's rows, no band
    done = cli("brief", "august-2024-surprise", "-o", str(note), *args)
    assert done.code == 0, done.stderr
    calendar = [r for r in note.read_text(encoding="utf-8").splitlines() if "| +25bp |" in r]
    assert any(f"| {UNPRICED} |" in r for r in calendar), calendar


# --- bad values: one line, exit 2 --------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--shock", "fed_funds_rate=-25bp", "--priced", "1.5"),
            "cannot read --priced '1.5': give the odds markets had put on the decision, "
            "from 0 to 1 (0.9 or 90%)",
        ),
        (
            ("--priced", "0.9"),
            "--priced 0.9 goes with a --shock on a policy node (boj_policy_rate, "
            "fed_funds_rate) that does not give its own odds",
        ),
        (
            ("--shock", "jgb_10y=+20bp", "--priced", "0.9"),
            "--priced 0.9 goes with a --shock on a policy node (boj_policy_rate, "
            "fed_funds_rate) that does not give its own odds",
        ),
        (
            (
                "--shock",
                "fed_funds_rate=-25bp",
                "--shock",
                "boj_policy_rate=+25bp",
                "--priced",
                "0.9",
            ),
            "--priced 0.9 fits one decision, and several --shock are decisions; give each its "
            "own odds as NODE=CHANGE,priced=P",
        ),
        (
            ("--shock", "fed_funds_rate=-25bp,priced=nan"),
            "cannot read --shock 'fed_funds_rate=-25bp,priced=nan': priced=nan is not a "
            "probability from 0 to 1 (0.9 or 90%: the odds markets had put on this decision)",
        ),
        (
            ("--shock", "jgb_10y=+20bp,priced=0.5"),
            "cannot read --shock 'jgb_10y=+20bp,priced=0.5': priced= goes with a decision, a "
            "shock on boj_policy_rate, fed_funds_rate",
        ),
    ],
)
def test_a_bad_priced_gets_one_line(cli: Cli, args: tuple[str, ...], message: str) -> None:
    done = cli(*POWER, *args)
    assert done.code == 2
    assert done.stderr.splitlines() == [f"macrograph: {message}"]


def test_several_decisions_each_with_its_own_odds(cli: Cli) -> None:
    both = ("--shock", "fed_funds_rate=-25bp,priced=0.9", "--shock", "boj_policy_rate=+25bp")
    done = cli(*POWER, *both, "--priced", "0.5", "--format", "json")
    assert done.code == 0, done.stderr
    extra = {
        s["node"]: s["priced_probability"]
        for s in json.loads(done.stdout)["shocks"]
        if s["key"] in ("fed_funds_rate@2025-12-19", "boj_policy_rate@2025-12-19#2")
    }
    assert extra == {"fed_funds_rate": 0.9, "boj_policy_rate": 0.5}
