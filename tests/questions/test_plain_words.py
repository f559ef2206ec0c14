"""What-ifs in plain words: what each phrasing resolves to, what is refused and why, and the
rules that keep units, levels and directions from being misread."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from macrograph.graph.errors import PlainWordsError, SizeUnitError, UnknownScenarioError
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.graph.scenarios import ScenarioSpec, parse_shock, resolve, resolve_text
from macrograph.graph.words import naming
from macrograph.graph.words import refusals as refusals  # loaded by a refusal, lazily: here

# before _work counts naming's calls, so that a first refusal binds the real ones
from macrograph.graph.words.plainwords import suggest
from macrograph.graph.words.plausible import asked_warnings
from macrograph.graph.words.verbs import taught
from macrograph.rules.pack import Pack
from tests.packfactory import other_side

D19, D10 = date(2025, 12, 19), date(2025, 12, 10)
AS_PRICED = "as-priced"

# phrasing -> a scenario id, AS_PRICED, or the exact shocks it adds to the default scenario:
# (node, date, change, level)
RESOLVES: list[tuple[str, object]] = [
    ("the yen strengthens 5%", [("usd_jpy", D19, other_side(5.0), None)]),
    ("What if the yen strengthens 5%?", [("usd_jpy", D19, other_side(5.0), None)]),
    ("the Yen weakens 2%", [("usd_jpy", D19, other_side(-2.0), None)]),
    ("japanese yen rises 3 percent", [("usd_jpy", D19, other_side(3.0), None)]),
    ("JPY falls 1.5%", [("usd_jpy", D19, other_side(-1.5), None)]),
    ("USD/JPY falls to 145", [("usd_jpy", D19, None, 145.0)]),
    ("usdjpy rises 2%", [("usd_jpy", D19, 2.0, None)]),
    ("dollar yen at 160", [("usd_jpy", D19, None, 160.0)]),
    ("10y JGB +20bp", [("jgb_10y", D19, 0.2, None)]),
    ("JGB yields rise 20bp", [("jgb_10y", D19, 0.2, None)]),
    ("jgb yield rises by 20 basis points", [("jgb_10y", D19, 0.2, None)]),
    ("what if JGB yields fall 0.1pp?", [("jgb_10y", D19, -0.1, None)]),
    ("jgb_10y -15bp", [("jgb_10y", D19, -0.15, None)]),
    ("Treasuries rise 10bp", [("ust_10y", D19, 0.1, None)]),
    ("the spread narrows to 1.5pp", [("us_jp_spread_10y", D19, None, 1.5)]),
    ("spread narrows to 1.5", [("us_jp_spread_10y", D19, None, 1.5)]),
    ("the rate gap widens 10bp", [("us_jp_spread_10y", D19, 0.1, None)]),
    ("Bitcoin drops 10%", [("bitcoin", D19, -10.0, None)]),
    ("the nikkei falls 3% on 22 Dec 2025", [("nikkei", date(2025, 12, 22), -3.0, None)]),
    ("VIX +5 pts", [("vix", D19, 5.0, None)]),
    # a percent of a level counted in its own unit: 10% of the $250bn of carry positions
    ("yen carry positions fall 10%", [("yen_carry_positions", D19, -25.0, None)]),
    ("Bitcoin halves", [("bitcoin", D19, -50.0, None)]),  # a multiple as a percent move
    ("the nikkei doubles", [("nikkei", D19, 100.0, None)]),
    ("the Fed ends QT", AS_PRICED),
    ("Japan intervenes", "mof-intervenes"),
    ("what if Japan intervenes?", "mof-intervenes"),
    (
        "the BoJ skips and the Fed holds",
        [("fed_funds_rate", D10, 0.0, None), ("boj_policy_rate", D19, 0.0, None)],
    ),
    (
        "BoJ holds, Fed holds",
        [("fed_funds_rate", D10, 0.0, None), ("boj_policy_rate", D19, 0.0, None)],
    ),
    ("the BoJ hikes but guides dovish", "boj-dovish-guidance"),
    ("BoJ hikes with hawkish guidance", "boj-hawkish-guidance"),
    (
        "the BoJ skips and the yen weakens 2%",
        [("boj_policy_rate", D19, 0.0, None), ("usd_jpy", D19, other_side(-2.0), None)],
    ),
    ("BoJ skips in December", "boj-skips"),
    ("the BoJ skips on 19 Dec 2025", "boj-skips"),
    ("BoJ skips on December 19", "boj-skips"),
    ("Fed holds in Dec", "fed-holds"),
    ("no hike from the BoJ", "boj-skips"),
    ("No hike by the Bank of Japan?", "boj-skips"),
    ("the BoJ does not hike", "boj-skips"),
    ("what if the Fed won't cut", "fed-holds"),
    ("the FOMC doesn't cut", "fed-holds"),
    ("BoJ hikes", AS_PRICED),
    ("BoJ hikes 25bp", AS_PRICED),
    ("Fed cuts", AS_PRICED),
    ("fed cuts 25 bp in December", AS_PRICED),
    ("Bank of Japan raises 75bp", [("boj_policy_rate", D19, 0.75, None)]),
    ("BoJ hikes by 50bp", "boj-hikes-50"),
    ("Fed cuts 50 bp", [("fed_funds_rate", D10, -0.5, None)]),
    ("BoJ hikes 0.5bp", [("boj_policy_rate", D19, 0.005, None)]),
    ("BoJ hikes 0.5pp", "boj-hikes-50"),
    # a node named loosely: its words, in any order, with a typo, and more verbs
    ("the 2y Treasury yield falls 15bp", [("ust_2y", D19, -0.15, None)]),
    ("nasdq drops 5%", [("nasdaq", D19, -5.0, None)]),
    ("bitcoin crashes 20%", [("bitcoin", D19, -20.0, None)]),
    ("the S&P 500 rallies 2%", [("sp500", D19, 2.0, None)]),
    ("treasury yields fall 10bp", [("ust_10y", D19, -0.1, None)]),
    ("dollar-yen up 2%", [("usd_jpy", D19, 2.0, None)]),
    ("MoF intervention", "mof-intervenes"),
    # a yield that doubles rises by its own level (1.88%), as 'falls by half' falls by half
    # of it: it was refused, offering 188bp or 10,000bp
    ("the 10y JGB yield doubles", [("jgb_10y", D19, 1.88, None)]),
    # a move from where the node stands to a level is that level: 'no scenario matches'
    ("USD/JPY rises from 155 to 160", [("usd_jpy", D19, None, 160.0)]),
    ("the BoJ raises rates from 0.5% to 1%", [("boj_policy_rate", D19, None, 1.0)]),
    # a verb that says no way of its own before the levels ('no scenario matches' it)
    ("USD/JPY goes from 155 to 160", [("usd_jpy", D19, None, 160.0)]),
    ("the 10y JGB yield changes from 1.9% to 2.1%", [("jgb_10y", D19, None, 2.1)]),
    ("USD/JPY changes to 150", [("usd_jpy", D19, None, 150.0)]),
    # a month said of a market's move is its first day ('usd_jpy has no event in or on Jan',
    # though a day in it was read); within the event's month, the event's day
    ("the yen strengthens 5% in January", [("usd_jpy", date(2026, 1, 1), other_side(5.0), None)]),
    ("the yen strengthens 5% in Q1 2026", [("usd_jpy", date(2026, 1, 1), other_side(5.0), None)]),
    ("the yen strengthens 5% in December", [("usd_jpy", D19, other_side(5.0), None)]),
    # a question about one node when an event happens asks the event
    ("what happens to bitcoin if the BoJ skips?", "boj-skips"),
    ("If the BoJ skips, how does the yen react?", "boj-skips"),
    ("BoJ skips: what happens to Nasdaq?", "boj-skips"),
]


def _added(pack: Pack, spec: ScenarioSpec) -> list[tuple[str, date, Any, Any]]:
    base = set(resolve(pack, pack.info.default_scenario).shocks)
    return [(s.node, s.date, s.change, s.level) for s in spec.shocks if s not in base]


@pytest.mark.parametrize(("text", "expected"), RESOLVES, ids=[r[0] for r in RESOLVES])
def test_plain_words_resolve(pack: Pack, text: str, expected: object) -> None:
    spec = resolve_text(pack, text)
    if expected == AS_PRICED:
        assert (spec.id, spec.against, spec.as_priced) == ("december-2025", "december-2025", True)
    elif isinstance(expected, str):
        assert (spec.id, spec.as_priced) == (expected, False)
    else:
        assert spec.against == "december-2025" and not spec.as_priced
        got = _added(pack, spec)
        assert [(n, d) for n, d, _, _ in got] == [(n, d) for n, d, _, _ in expected]  # type: ignore[attr-defined]
        for (_, _, change, level), (_, _, c, v) in zip(got, expected, strict=True):  # type: ignore[call-overload]
            assert change == (None if c is None else pytest.approx(c))
            assert level == (None if v is None else pytest.approx(v))


def test_as_priced_questions_are_answered_against_the_default(pack: Pack, cli: Any) -> None:
    hikes, cuts = (
        propagate(pack, "BoJ hikes", RunOptions(draws=0)),
        propagate(pack, "Fed cuts", RunOptions(draws=0)),
    )
    assert hikes.against == cuts.against == "december-2025"
    assert hikes.as_priced and cuts.as_priced and hikes.title != cuts.title
    out = cli("whatif", "BoJ hikes", "--short", "--draws", "0")
    assert out.code == 0
    assert "This is what the market already priced: it is answered against the" in out.stdout
    assert (
        "This is what the market already priced"
        not in cli("whatif", "BoJ skips", "--short", "--draws", "0").stdout
    )


def test_an_as_priced_answer_says_nothing_moves_instead_of_an_empty_table(cli: Any) -> None:
    # Against what it already does, nothing differs: no blank headline, no bare table header.
    still = "Nothing moves against the comparison at these horizons."
    text = cli("whatif", "BoJ hikes 25bp", "--draws", "0").stdout
    assert still in text and "\n\n\n" not in text
    assert "Outcomes against the comparison\n" + still in text
    md = cli("whatif", "BoJ hikes 25bp", "--draws", "0", "--format", "md").stdout
    assert still in md and "| Outcome |" not in md and "\n\n\n\n" not in md
    html = cli("whatif", "BoJ hikes 25bp", "--draws", "0", "--format", "html").stdout
    assert f"<p>{still}</p>" in html and 'class="outcomes"' not in html
    assert 'class="lede"' not in html
    moving = cli("whatif", "BoJ skips", "--draws", "0").stdout
    assert still not in moving and "change" in moving


def test_an_as_priced_question_against_another_comparison_is_not_called_priced(
    pack: Pack, cli: Any
) -> None:
    result = propagate(pack, "BoJ hikes", RunOptions(draws=0, against=None))
    assert result.against is None and not result.as_priced
    out = cli("whatif", "BoJ hikes", "--against", "none", "--draws", "0").stdout
    assert "This is what the market already priced" not in out
    assert "Nothing moves" not in out


@pytest.mark.parametrize(
    ("words", "title"),
    [
        ("Fed cuts 50bp", "Fed funds rate -50bp"),
        ("BoJ hikes 10bp", "BoJ policy rate +10bp"),
        (
            "BoJ hikes 10bp and the Fed holds",
            "BoJ policy rate +10bp, and the Fed holds in December",
        ),
    ],
)
def test_a_decision_is_titled_by_its_rate_and_move_not_as_the_rate_acting(
    pack: Pack, words: str, title: str
) -> None:
    # The node is the rate, not who sets it: "Fed funds rate cuts 50bp" read as the rate acting.
    assert resolve_text(pack, words).title == title


def test_a_market_move_is_told_once_and_not_as_its_own_consequence(cli: Any) -> None:
    # Was: "10y JGB yield +20bp on 19 Dec 2025: the 10y JGB yield +20bp [1]. After 1 day the
    # biggest consequences: the 10y JGB yield ends 21bp higher."
    text = " ".join(cli("whatif", "JGB 10y yield rises 20bp", "--draws", "0").stdout.split())
    assert "The 10y JGB yield is set 20bp higher on 19 Dec 2025 [1]. After 1 day" in text
    assert "the US-Japan 10y spread ends 15bp narrower" in text
    assert "consequences: the 10y JGB yield" not in text
    level = " ".join(cli("whatif", "USD/JPY falls to 140", "--draws", "0").stdout.split())
    assert "USD/JPY is set to 140 on 19 Dec 2025 [1]." in level
    assert "consequences: USD/JPY" not in level


REFUSED: list[tuple[str, str, str]] = [
    # (what-if, a line of the message, the --shock example shown)
    ("BoJ hikes 0.5", "write '+0.5bp', '+0.005pp' or '+0.5pp'", "--shock boj_policy_rate=+0.5bp"),
    # twenty percentage points is no reading of '20' on a yield near 2% (a warning's size)
    ("jgb rises 20", "write '+20bp' or '+0.20pp'", "--shock jgb_10y=+20bp"),
    ("yen strengthens", "it says which way usd_jpy moves but not how far", "--shock usd_jpy=-0.6%"),
    ("yen +5%", "'yen' names usd_jpy the other way round", "--shock usd_jpy=-5%"),
    ("BoJ skips in March", "boj-skips has no event in or on Mar", "--shock boj_policy_rate=+5bp"),
    ("Fed holds on 19 Dec", "its event is on 10 Dec 2025", "--shock fed_funds_rate=+5bp"),
    ("BoJ skps", "did you mean 'boj skips'", "--shock boj_policy_rate=+0bp"),
    ("no hike frm BoJ", "did you mean 'no boj hike', 'boj holds' or 'boj skips'?", "--shock"),
    ("usd/jpy rises 20bp", "'bp' does not apply to usd_jpy (in %)", "--shock usd_jpy=+20%"),
    # a percent of a rate: percentage points ('hikes 0.25%' is 25bp) unless they would take
    # more than the whole level, then its share (10% of a 1.88% yield is 18.8bp)
    ("the BoJ hikes 0.25%", "write '+25bp' or '+0.125bp'", "=+25bp"),
    ("the 10y JGB yield rises 10%", "write '+18.8bp' or '+1000bp'", "=+18.8bp"),
    (
        "the moon falls 5%",
        "the pack has no moon; its key markets are USD/JPY",
        "--shock usd_jpy=-5%",
    ),
    ("BoJ skips and the moon falls", "the pack has no moon", "--shock usd_jpy=-0.6%"),
    # a decision said without who decides, in a pack where two do: each of them
    (
        "a 25bp cut",
        "did you mean 'boj policy rate cut 25bp' or 'fed funds rate cut 25bp'?",
        "--shock boj_policy_rate=-25bp",
    ),
    # a move from a level where the node does not stand is no move to that level
    ("USD/JPY rises from 140 to 160", "usd_jpy stands at 155.5, not 140", "--shock usd_jpy@160"),
    # a start that could name several nodes is offered as each of them
    (
        "10y yield rises 10bp",
        "did you mean '10y jgb yield rises 10bp' or '10y us treasury yield rises 10bp'?",
        "--shock",
    ),
]


@pytest.mark.parametrize(("text", "line", "example"), REFUSED, ids=[r[0] for r in REFUSED])
def test_plain_words_refused(cli: Any, text: str, line: str, example: str) -> None:
    out = cli("whatif", text, "--draws", "0")
    assert out.code == 2 and out.stdout == ""
    assert line in out.stderr
    assert example in out.stderr
    assert "Traceback" not in out.stderr


def test_suggestions_rank_by_meaning(pack: Pack) -> None:
    hold = suggest(pack, "no hike from the BoJ")
    assert hold[0] == "no boj hike" and not any("50" in s for s in hold)
    assert suggest(pack, "BoJ hike big")[0] in ("boj hikes 50bp", "50bp boj hike", "boj hikes 50")


def test_a_change_needs_a_unit_that_applies(pack: Pack, cli: Any) -> None:
    with pytest.raises(SizeUnitError) as info:
        parse_shock(pack, "jgb_10y=+20", D19)
    assert info.value.choices == ["+20bp", "+0.20pp"]  # not '+20pp': past a plausible move
    out = cli("whatif", "december-2025", "--shock", "jgb_10y=+20", "--draws", "0")
    assert out.code == 2
    assert out.stderr == (
        "macrograph: cannot read 'jgb_10y=+20': the size 20 has no unit and jgb_10y moves in bp; "
        "write '+20bp' or '+0.20pp'\n  e.g. --shock jgb_10y=+20bp\n"
    )
    assert parse_shock(pack, "jgb_10y=+0.2pp", D19).change == pytest.approx(0.2)
    assert parse_shock(pack, "boj_policy_rate=+0.5bp", D19).change == pytest.approx(0.005)
    assert parse_shock(pack, "fed_qt_runoff=-40bn", D19).change == pytest.approx(-40.0)
    assert parse_shock(pack, "fed_qt_runoff=-0.04tn", D19).change == pytest.approx(-40.0)
    assert parse_shock(pack, "mof_intervention=+5tn", D19).change == pytest.approx(5.0)


@pytest.mark.slow
def test_the_level_form(pack: Pack, cli: Any) -> None:
    shock = parse_shock(pack, "us_jp_spread_10y@1.5pp", D19)
    assert (shock.node, shock.change, shock.level) == ("us_jp_spread_10y", None, 1.5)
    assert parse_shock(pack, "spread@1.5", D19).level == pytest.approx(1.5)
    assert parse_shock(pack, "jgb_10y@150bp", D19).level == pytest.approx(1.5)
    assert parse_shock(pack, "usd_jpy@145", D19).level == pytest.approx(145.0)
    with pytest.raises(PlainWordsError) as info:
        parse_shock(pack, "jgb_term_premium@1%", D19)
    assert info.value.problem == "no_baseline"
    out = cli("whatif", "december-2025", "--shock", "us_jp_spread_10y@1.5pp", "--format", "json")
    assert out.code == 0 and '"level": 1.5' in out.stdout.replace(" ", "").replace(
        '"level":1.5', '"level": 1.5'
    )
    assert "NODE@LEVEL" in cli("whatif", "--help").stdout


def test_direction_words_read_against_the_node(pack: Pack, cli: Any) -> None:
    stronger = resolve_text(pack, "the yen strengthens 5%")
    assert _added(pack, stronger) == [("usd_jpy", D19, other_side(5.0), None)]  # -4.76%
    weaker = resolve_text(pack, "the dollar yen rises 5%")  # the node's own name: up is up
    assert _added(pack, weaker) == [("usd_jpy", D19, 5.0, None)]
    out = cli("whatif", "december-2025", "--shock", "yen=+5%", "--draws", "0")
    assert out.code == 2
    assert out.stderr.splitlines()[0] == (
        "macrograph: cannot run 'yen=+5%': 'yen' names usd_jpy the other way round (yen up is "
        "usd_jpy down), so a signed size on it would be misread; say 'yen rises N' or "
        "'yen falls N', or give the change of usd_jpy itself"
    )
    assert parse_shock(pack, "usd_jpy=-5%", D19).change == pytest.approx(-5.0)


def test_an_implausible_shock_runs_with_a_warning(pack: Pack, cli: Any) -> None:
    big = parse_shock(pack, "jgb_10y=+2000bp", D19)
    (warning,) = asked_warnings(pack, (big,))
    assert warning.node == "jgb_10y" and warning.bound == pytest.approx(0.6874, abs=1e-4)
    assert asked_warnings(pack, (parse_shock(pack, "jgb_10y=+20bp", D19),)) == []
    assert asked_warnings(pack, resolve(pack, "mof-intervenes").shocks) == []
    out = cli("whatif", "december-2025", "--shock", "jgb_10y=+2000bp", "--draws", "0", "--short")
    assert out.code == 0
    assert out.stderr == (
        "macrograph: warning: the shock on jgb_10y (+2,000bp) is beyond a plausible size: more "
        "than 69bp, 5 times its typical move in a day (3.0bp) scaled to a month (21 days); "
        "it runs as given\n"
    )
    words = cli("whatif", "BoJ hikes 500bp", "--draws", "0", "--short")
    assert words.code == 0
    assert words.stderr == (
        "macrograph: warning: the shock on boj_policy_rate (+500bp) is beyond a plausible size: "
        "more than 100bp, 20 times a notable move of its unit; it runs as given\n"
    )


LIKE, CLOSE = naming.like, naming.close_words


def _work(pack: Pack, text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, int]:
    """How many candidate sets and fuzzy passes over the pack's words resolving ``text`` takes:
    (calls of ``naming.like``, calls of ``naming.close_words``), on a fresh index."""
    counts = {"like": 0, "close": 0}
    like, close = LIKE, CLOSE  # like keeps its cache, cleared here

    def counted_like(index: naming.NameIndex, asked: str) -> frozenset[str]:
        counts["like"] += 1
        return like(index, asked)

    def counted_close(index: naming.NameIndex, asked: str) -> list[str]:
        counts["close"] += 1
        return close(index, asked)

    naming.name_index.cache_clear()
    like.cache_clear()
    suggest(pack, "")  # the pack's own scenario names are read once per pack, not per question
    taught(pack)  # as are the verbs they teach (fuzzy passes of their own, once per pack)
    monkeypatch.setattr(naming, "like", counted_like)
    monkeypatch.setattr(naming, "close_words", counted_close)
    with pytest.raises(UnknownScenarioError):
        resolve_text(pack, text)
    return counts["like"], counts["close"]


@pytest.mark.parametrize(
    "word", ["10y", "nasdq", "yield", "zzzz", "gold rallies", "ecb cuts 25bp", "boj hkes"]
)
def test_plain_words_do_work_linear_in_the_question(
    pack: Pack, monkeypatch: pytest.MonkeyPatch, word: str
) -> None:
    """A legal 1,000-character question of one word repeated once took 15 s: every start of
    it was compared with every name. The work now grows with the words, once each."""
    short, long = (" ".join([word] * n) for n in (25, 200))
    (sets_short, fuzzy_short), (sets_long, fuzzy_long) = (
        _work(pack, text, monkeypatch) for text in (short, long)
    )
    assert fuzzy_short <= 1 and fuzzy_long <= 1  # one fuzzy pass per distinct word, cached
    assert sets_long <= 3 * len(long.split()) + 10  # a few candidate sets per word
    assert sets_long <= 10 * sets_short  # eight times the words, at most about eight times the work


def test_mixed_questions_compare_each_distinct_word_with_the_pack_once(
    pack: Pack, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = " ".join(["10y treasury yield jgb nasdq spread moon"] * 30)
    sets, fuzzy = _work(pack, text, monkeypatch)
    assert fuzzy <= 4  # the distinct words of five letters or more
    assert sets <= 3 * len(text.split()) + 10


def test_a_level_shock_warns_with_the_move_it_applies(pack: Pack, cli: Any) -> None:
    """USD/JPY at 155.8 set to 120 is a 23.0% fall of the price; the warning once said
    -35.5% (the difference in yen read as a percent)."""
    args = ("whatif", "december-2025", "--shock", "usd_jpy@120", "--draws", "0")
    out = cli(*args, "--format", "json")
    assert out.code == 0
    [shock] = [s for s in json.loads(out.stdout)["shocks"] if s["node"] == "usd_jpy"]
    # the warning names the move the run applies: from the price on the day, in percent
    assert out.stderr == (
        f"macrograph: warning: the shock on usd_jpy (to 120: {shock['applied']:.1f}%) is beyond "
        "a plausible size: more than 13.7%, 5 times its typical move in a day (0.60%) scaled "
        "to a month (21 days); it runs as given\n"
    )
    assert -25.0 < shock["applied"] < -20.0  # 120 is a fifth or so below where the yen trades
    moved = json.loads(out.stdout)["nodes"]["usd_jpy"]["by_shock"]["usd_jpy@2025-12-19"]["1d"]
    # the shock's own move, plus what it sets off: a squeeze that large forces carry out
    assert moved <= shock["applied"] + 1e-9
    # without a run, the move from the baseline, read as the unit reads a change
    [warning] = asked_warnings(pack, (parse_shock(pack, "usd_jpy@120", D19),))
    assert warning.change == pytest.approx((120 / 155.5 - 1) * 100, abs=0.01)


def test_a_question_about_one_node_is_answered_with_why_it_moves(cli: Any) -> None:
    # 'no scenario matches': the event and the node were read as one clause
    out = cli("whatif", "What happens to bitcoin if the BoJ skips?", "--draws", "0")
    assert out.code == 0, out.stderr
    assert out.stdout.startswith("Why Bitcoin moved\n")
    assert 'Scenario "The BoJ skips the December hike" against' in " ".join(out.stdout.split())


def test_a_question_about_a_thing_the_pack_lacks_names_it(cli: Any) -> None:
    # 'no scenario matches', offering 'boj skips': the event was read, the thing was not
    out = cli("whatif", "What happens to the moon if the BoJ skips?", "--draws", "0")
    assert out.code == 2 and out.stdout == ""
    assert "unknown node 'the moon'" in out.stderr
