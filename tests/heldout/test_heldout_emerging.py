"""An emerging market under a currency sell-off, a field the machinery has never seen, read
as an analyst, a strategist and a teacher would.

The held-out pack tests/packs/heldout_emerging counts in months: a central bank's one-week
repo rate near 40% with a market-priced path, its reserve sales, the lira per dollar (up is
a weaker lira; "lira" names it the other way round), inflation near 38% with a pass-through
from the currency that doubles above 50% (a ``when``), portfolio inflows, a sovereign CDS
spread in bp that widens, a dollar debt burden in % of GDP, an emergency hike past 45 lira
to the dollar and capital controls below $30bn of net reserves (two thresholds).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from msgspec.structs import replace

from macrograph.explain.brief.bottom import BottomLine, KeyMove
from macrograph.explain.cli import main
from macrograph.explain.environment import make_environment
from macrograph.explain.lesson.page import lesson_data, propagate_for
from macrograph.graph.options import RunOptions
from macrograph.graph.scenarios import resolve, resolve_text
from macrograph.rules import load_pack
from macrograph.rules.lint.core import lint_pack
from tests.packfactory import flat, moves_on, on_pack, other_side

EMERGING = Path(__file__).parents[1] / "packs" / "heldout_emerging"


def run(*args: str) -> str:
    """The standard output of a command on the pack in an 80-column terminal."""
    return on_pack(EMERGING, *args)


def asked(words: str, node: str) -> float:
    """The change a question adds to ``node`` on top of the default scenario it is put to."""
    pack = load_pack(EMERGING)
    spec, default = resolve_text(pack, words), resolve(pack, pack.info.default_scenario)
    total = sum(s.change or 0.0 for s in spec.shocks if s.node == node)
    return total - sum(s.change or 0.0 for s in default.shocks if s.node == node)


def test_the_pack_lints_clean_and_counts_in_months() -> None:
    pack = load_pack(EMERGING)
    assert [i for i in lint_pack(pack) if i.severity in ("error", "warning")] == []
    assert pack.info.period == "1m" and pack.info.language == 3


@pytest.mark.parametrize(
    ("words", "node", "change"),
    [
        # the tool itself says a spread "widens" and "narrows": a question may say it too
        ("the cds widens 200bp", "cds_spread", 200.0),
        ("sovereign cds narrows 50bp", "cds_spread", -50.0),
        # a currency weakens or strengthens; 'lira' names lira per dollar the other way round
        ("the lira weakens 15%", "exchange_rate", other_side(-15.0)),  # +17.6%
        ("the lira strengthens 5%", "exchange_rate", other_side(5.0)),
        ("growth weakens 1 point", "gdp_growth", -1.0),
    ],
)
def test_a_spread_widens_and_a_currency_weakens_in_plain_words(
    words: str, node: str, change: float
) -> None:
    # each read "no scenario matches", and 'lira strengthens 5%' was answered
    # "did you mean 'lira lengthens 5%'": the neutral words knew no widening or weakening
    assert asked(words, node) == pytest.approx(change)


def section(note: str, heading: str) -> str:
    """A Markdown note's section under ``heading``, flattened."""
    return flat(note.split(heading, 1)[1].split("\n## ", 1)[0])


@pytest.fixture(scope="module")
def note(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The strategist's note on the default scenario, in Markdown."""
    out = tmp_path_factory.mktemp("note") / "note.md"
    run("brief", "--format", "md", "-o", str(out))
    return out.read_text(encoding="utf-8")


def test_a_bottom_line_does_not_say_a_still_gauge_moves_less(note: str) -> None:
    # net reserves do not move in a sell-off met by a hike ($0 at every horizon): the note
    # said "the other market gauge moves less"
    line = section(note, "## Bottom line")
    assert "| Net foreign-exchange reserves | $0 | $0 | $0 | $0 | $0 |" in note
    assert "; the other market gauge does not move." in line
    assert "moves less" not in line


def test_a_note_tells_parts_of_a_move_that_add_up_to_it(note: str) -> None:
    # the lira's one route told (a hike's carry, -2.2%) goes against its move (+7.8%), so the
    # note adds what everything else does: it said "Other paths add +9.4%" beside "+10.0% of
    # it set directly", counting the sell-off's own 10% twice (10 - 2.2 + 9.4 + 0.58 = 17.8)
    bullet = section(note, "### Currency and flows")
    move = re.match(r"- \*\*Lira per dollar: ([\d.]+)% higher\*\*", bullet)
    direct = re.search(r", ([+-][\d.]+)% of it set directly", bullet)
    route = re.search(r"which should lower lira per dollar by \*\*([\d.]+)%\*\*", bullet)
    through = r"(?:, (?:most of it )?through [^,]+,)?"  # the input most of them arrive through
    rest = re.search(
        rf"Other paths add ([+-][\d.]+)%{through} and feedback loops ([+-][\d.]+)%", bullet
    )
    assert move and direct and route and rest
    parts = float(direct[1]) - float(route[1]) + float(rest[1]) + float(rest[2])
    assert parts == pytest.approx(float(move[1]), abs=0.1)


def test_a_burden_takes_the_article_a_count_noun_takes() -> None:
    # "this raises dollar debt burden by 4.2pp of GDP": a burden is a thing, as a price is
    text = flat(run("whatif", "the lira falls 20%", "--draws", "0"))
    assert "raises the dollar debt burden by" in text
    assert "raises dollar debt burden" not in text


def test_a_decision_priced_at_even_odds_is_not_called_already_priced() -> None:
    # markets put 50% on the hike the default scenario makes; asked "the central bank hikes
    # 500bp", the answer said "This is what the market already priced"
    text = flat(run("whatif", "the central bank hikes 500bp", "--draws", "0"))
    assert "This is what the comparison already does: it is answered against it" in text
    assert "already priced" not in text


def test_a_route_from_a_threshold_names_its_trigger_not_its_rule_id() -> None:
    # "Once the emergency_hike threshold fires, it should raise the one-week repo rate": a
    # rule's id is no word of the desk; its trigger is what the reader needs
    text = flat(run("whatif", "the lira falls 20%", "--draws", "0"))
    trigger = "Once lira per dollar reaches its trigger (at or above 45.00 lira per dollar)"
    assert f"{trigger}, this should raise the one-week repo rate by 1,000bp" in text
    assert "emergency_hike threshold" not in text
    # the clause goes on with "this" (the trigger reached), which a plural source reads too:
    # "reserves reach their trigger (...), it may raise" had no antecedent for "it"
    plural = flat(run("whatif", "reserve-defence", "--draws", "0"))
    assert "reach their trigger (at or below $30.0bn), this may raise capital controls" in plural
    why = flat(run("explain", "capital_controls", "--scenario", "reserve-defence", "--draws", "0"))
    # a plural source agrees: reserves reach their trigger (the causes tree, which names
    # every rule by its id, still names this one so)
    assert "+3 measures Once net foreign-exchange reserves reach their trigger (at or below" in why


def test_a_threshold_in_a_tug_of_war_is_named_by_its_trigger() -> None:
    # a cut into a sell-off that sets off the emergency hike: the rate is pulled both ways,
    # and the pull up read "the emergency_hike threshold +1,000bp"
    text = flat(run("whatif", "the lira falls 20% and the central bank cuts 500bp", "--draws", "0"))
    trigger = "the trigger on lira per dollar (at or above 45.00 lira per dollar) +1,000bp"
    assert f"Pushing it up, +1,000bp in all: {trigger}" in text
    # a sentence starts with the name as it reads, article and all: it read "One-week repo
    # rate is in a close tug of war"
    assert "The one-week repo rate is in a close tug of war after 2 years" in text
    assert "emergency_hike threshold" not in text


def test_an_empty_listing_says_so() -> None:
    # the pack writes no episodes: 'list episodes' printed nothing at all, and exited 0
    result = CliRunner().invoke(main, ["list", "episodes", "--pack", str(EMERGING)])
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == "macrograph: the pack has no episodes\n"
    result = CliRunner().invoke(
        main,
        ["list", "rules", "--kind", "classify", "--channel", "crisis", "--pack", str(EMERGING)],
    )
    assert result.stderr == "macrograph: the pack has no rules of kind classify, channel crisis\n"
    listed = run("list", "rules", "--kind", "threshold")
    ids = [line.split()[0] for line in listed.splitlines() if not line.startswith(" ")]
    assert ids == ["controls_imposed", "emergency_hike"]


def test_a_lesson_step_through_a_threshold_is_a_sentence() -> None:
    # "Net foreign-exchange reserves → Capital controls. net foreign-exchange reserves
    # crossed their threshold, this link pushes capital controls up": a lower-case start
    # and two sentences joined by a comma
    pack = load_pack(EMERGING)
    data = lesson_data(pack, propagate_for(pack, "reserve-defence", RunOptions(draws=0)))
    captions = {s["caption"] for h in data["steps"].values() for s in h}
    through = [c for c in captions if c.startswith("Net foreign-exchange reserves \u2192 Capital")]
    assert through
    for caption in through:
        said = caption.split(". ", 1)[1]
        assert said.startswith("With net foreign-exchange reserves past their threshold, this")


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_bottom_line_splits_gauges_that_move_less_from_those_that_do_not(fmt: str) -> None:
    # six key outcomes, three told, one moving less and two still
    module = make_environment().get_template(f"partials/bottom.{fmt}.j2").module
    told = KeyMove("the price", 1.0, "pct_change", "higher", None, "", None)
    line = BottomLine(
        *("key market", "key markets", "3m", date(2026, 3, 1), 6, (told,) * 3),
        others=3,
        still=2,
        draws=0,
        moving=4,
        sure=(),
        more_sure=0,
        unsure=0,
        most_one_sided=None,
        sure_at=0.65,
        trigger=None,
        swing=None,
    )
    said = flat(str(module.what(line, "")))
    assert said.endswith("; 1 of the other 3 key markets moves less and 2 do not move.")
    said = flat(str(module.what(replace(line, still=3), "")))
    assert said.endswith("; the other 3 of the 6 key markets do not move.")


@pytest.mark.slow
def test_a_bottom_line_resting_on_a_trigger_reads_as_english(tmp_path: Path) -> None:
    # "it rests on net foreign-exchange reserves reaching at or below $30.0bn on 10 May 2026"
    out = tmp_path / "defence.md"
    run("brief", "reserve-defence", "--format", "md", "--draws", "0", "-o", str(out))
    line = section(out.read_text(encoding="utf-8"), "## Bottom line")
    assert "it rests on net foreign-exchange reserves reaching $30.0bn or below on 10 May" in line


def test_a_hike_of_this_economy_s_size_runs_without_a_size_warning() -> None:
    # a 250bp cut is ordinary at a 40% policy rate; the pack's own percent unit says a
    # notable move is 25bp, so only a move past 500bp is told as beyond a plausible size
    ordinary = CliRunner().invoke(
        main, ["whatif", "the central bank cuts 250bp", "--draws", "0", "--pack", str(EMERGING)]
    )
    assert ordinary.exit_code == 0 and "plausible" not in ordinary.stderr
    large = CliRunner().invoke(
        main, ["whatif", "the central bank hikes 1000bp", "--draws", "0", "--pack", str(EMERGING)]
    )
    assert "beyond a plausible size: more than 500bp" in large.stderr


def moves(question: str, node: str) -> dict[str, float]:
    """The change of ``node`` at each horizon of ``question``'s what-if, without draws."""
    return moves_on(EMERGING, question, node)


def test_a_hike_strengthens_the_lira_and_cools_inflation_against_a_hold() -> None:
    # the hold against the hike: the lira weaker and inflation higher (E1, E2)
    lira, prices = moves("no-hike", "exchange_rate"), moves("no-hike", "cpi_inflation")
    # half the hike was priced: the hold's surprise is 500bp on the path against the hike's,
    # 0.8% a point (within 0.3% to 1.5%), less the carry the higher rate would have drawn
    assert 2.0 < lira["1m"] < 7.5 and lira["2y"] > 0
    assert prices["1m"] > 0 and prices["2y"] > 0


def test_pass_through_doubles_above_fifty_percent_inflation() -> None:
    # a 10% fall of the lira adds about 0.2 points of inflation a percent (E2); with
    # inflation at 55% the 'when' rule adds as much again (E3)
    calm = moves("the lira falls 10%", "cpi_inflation")["1m"]
    hot = moves("inflation rises to 55% and the lira falls 10%", "cpi_inflation")["1m"]
    alone = moves("inflation rises to 55%", "cpi_inflation")["1m"]
    assert calm == pytest.approx(2.0, rel=0.2)
    assert hot - alone == pytest.approx(2 * calm, rel=0.2)


def test_the_emergency_hike_and_the_capital_controls_fire_at_their_triggers() -> None:
    hike = moves("the lira falls 20%", "policy_rate")
    assert hike["1m"] == pytest.approx(10.0)  # 1,000bp once the lira passes 45 (E7)
    assert moves("the lira falls 5%", "policy_rate")["1m"] == pytest.approx(0.0)
    controls = moves("reserve-defence", "capital_controls")
    assert controls["1m"] == 0.0 and controls["3m"] == pytest.approx(3.0)  # below $30bn
    assert moves("reserve-defence", "net_reserves")["3m"] == pytest.approx(-30.0)


def test_an_event_between_a_monthly_packs_period_starts_says_which_month_it_falls_in() -> None:
    # 'Horizons count from the event on 1 May 2026: 1m (10 May 2026)' read as nine days to
    # a month: the pack's months start on the 10th, and the event falls in April's
    result = CliRunner().invoke(
        main,
        ["whatif", "the lira falls 20% on 1 May 2026", "--pack", str(EMERGING), "--draws", "0"],
        catch_exceptions=False,
    )
    said = " ".join(result.stdout.split())
    assert (
        "Horizons count from the event on 1 May 2026 (in the month from 10 Apr 2026): "
        "1m (10 May 2026), 3m (10 Jul 2026)" in said
    )
    on_the_day = CliRunner().invoke(
        main,
        ["whatif", "sell-off", "--pack", str(EMERGING), "--draws", "0"],
        catch_exceptions=False,
    )
    assert "(in the month from" not in on_the_day.stdout  # an event on a period's first day
