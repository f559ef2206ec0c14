"""A beekeeping co-operative, a field the machinery has never seen, read as its manager, an
agricultural economist briefing almond growers and a teacher of an agriculture class would.

The held-out pack tests/packs/heldout_apiary counts in months and writes in American English
and dollars: the varroa mite load (mites per 100 bees) raises the winter loss rate (in %,
moving in pp) a month later, and above 3 mites per 100 bees the co-op treats its colonies (a
threshold that fires the manager's decision), which brings the load down (a balancing loop);
a fall drought (rain in % of normal) cuts the honey yield (lb per colony) in a rule that
fades, and sends colonies into the winter light only while rain is below 75% of normal (a
``when``); the co-op's colonies (thousands, read '2,000 colonies' too) are a stock that
splits fill and colonies lost drain; colonies make splits (a reinforcing loop) and more
colonies lose more (a balancing one); almond acreage (thousand acres) bids up the pollination
fee ($ a hive, the growers' decision), which pays for splits; the honey crop (million lb)
sells at the bulk price ($/lb, moved in cents). It ships an illustrative monthly series of
colonies with the hard winter of 2018-19 read from it, and the almond growers' view as an
overlay.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from macrograph.graph.build import build_graph
from macrograph.graph.query import loops
from macrograph.rules import load_pack
from macrograph.rules.lint.core import lint_pack
from tests.packfactory import flat, moves_on, on_pack, shocked_on

APIARY = Path(__file__).parents[1] / "packs" / "heldout_apiary"


def run(*args: str, code: int = 0) -> str:
    """The output of a command on the pack in an 80-column terminal."""
    return on_pack(APIARY, *args, code=code)


def moves(question: str, node: str) -> dict[str, float]:
    """The change of ``node`` at each horizon of ``question``'s what-if, without draws."""
    return moves_on(APIARY, question, node)


def shocked(question: str, node: str) -> list[tuple[float | None, float | None]]:
    """The change and the level ``question`` sets ``node`` to, shock by shock."""
    return shocked_on(APIARY, question, node)


def test_the_pack_lints_clean_and_has_its_loops() -> None:
    pack = load_pack(APIARY)
    assert [i for i in lint_pack(pack) if i.severity != "info"] == []
    assert (pack.info.period, pack.info.language) == ("1m", 3)
    found = {frozenset(lp.nodes): lp.polarity for lp in loops(build_graph(pack))}
    assert found[frozenset({"colonies", "splits"})] == "reinforcing"
    assert found[frozenset({"colonies", "colony_losses"})] == "balancing"
    assert found[frozenset({"varroa_load", "mite_treatment"})] == "balancing"


@pytest.mark.parametrize(
    "question",
    ["splits rise 2k colonies", "splits rise 2k colonies a month", "splits climb 2k colonies"],
)
def test_a_size_in_a_decision_s_own_count_moves_that_decision(question: str) -> None:
    # 'Colonies +2k colonies': a decision's name before a verb that takes no object was read
    # as its actor moving the count after the size ('the council cuts 300 jobs'), so the
    # colonies moved and not the splits; with 'a month' said the question was refused
    assert shocked(question, "splits") == [(pytest.approx(2.0), None)]
    assert shocked(question, "colonies") == []


@pytest.mark.parametrize(
    ("question", "change"),
    [
        ("splits rise 2,000 colonies", 2.0),
        ("splits rise 500 colonies", 0.5),
        ("splits rise 2,000 colonies a month", 2.0),
        ("we split 2,000 colonies", 2.0),
    ],
)
def test_a_count_of_a_flow_in_its_smaller_words_is_read_without_its_rate(
    question: str, change: float
) -> None:
    # "2000 colonies is 2k colonies: write '+2k colonies'": the unit writes a thousandth
    # ' colonies a month' and '2k colonies' was read without its 'a month', but its smaller
    # words were read only whole
    assert shocked(question, "splits") == [(pytest.approx(change), None)]


@pytest.mark.parametrize(
    "question",
    [
        "what if the drought lasts three months",
        "the drought lasts 3 months",
        "a drought for three months",
        "the drought lasts for three months",
        "what if the drought last 3 months",
    ],
)
def test_a_scenario_that_ends_itself_said_to_last_a_while_ends_that_long_after(
    question: str,
) -> None:
    # 'no scenario matches ...', and 'only a change can last a while ('for three months'): a
    # level ... is not undone from words; ... or give the pack a scenario whose second shock
    # undoes it': the pack's drought is such a scenario, rain at 40% of normal for a month
    # and back to normal; said to last three months, its rain comes back three months on
    assert shocked(question, "rainfall") == [(None, 40.0), (None, 100.0)]
    rain = moves(question, "rainfall")
    assert rain["1m"] == pytest.approx(-60.0) and rain["6m"] == pytest.approx(0.0)
    assert moves("drought", "rainfall")["1m"] == pytest.approx(0.0)  # a month as written
    answer = json.loads(run("whatif", question, "--draws", "0", "--format", "json"))
    returns = [s["date"] for s in answer["shocks"] if s["node"] == "rainfall"]
    assert returns == ["2026-10-01", "2027-01-01"]


def test_a_scenario_that_does_not_end_itself_said_to_last_is_refused() -> None:
    # the mite surge sets a level and never takes it back: there is nothing to move
    said = flat(run("whatif", "the mite surge lasts two months", "--draws", "0", code=2))
    assert "only a change can last a while ('for two months')" in said, said


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("we split 2,000 colonies in spring", "in spring"),
        ("colonies fall 10% in winter", "in winter"),
        ("honey prices fall 30 cents a pound in the fall", "in the fall"),
        ("colonies fall 10% next summer", "next summer"),
        ("mite loads climb to 5 during the autumn", "during the autumn"),
        ("we lose 40% of colonies over the winter", "over the winter"),
    ],
)
def test_a_season_is_refused_as_naming_no_date(question: str, said: str) -> None:
    # 'no scenario matches ...', or "'in spring' does not apply to splits ... and is not
    # converted": a season names no month (spring is March in California, September in New
    # Zealand), and the question was refused as if its words were a unit, or not read at all
    refused = flat(run("whatif", question, "--draws", "0", code=2))
    assert f"'{said}' names no date; say the date itself" in refused, refused
    assert "no scenario matches" not in refused


def test_a_season_the_pack_says_as_a_filler_is_read_past() -> None:
    # the pack's own 'this winter' changes nothing the question asks
    assert shocked("colonies fall 10% this winter", "colonies") == [(pytest.approx(-5.0), None)]


@pytest.mark.parametrize(
    "question",
    [
        "we lose 40% of colonies this winter",
        "we lose 40% of our colonies this winter",
        "lose 40% of colonies this winter",
    ],
)
def test_a_share_of_a_stock_lost_is_read_with_a_filler_after_it(question: str) -> None:
    # 'no scenario matches': 'we lose 40% of colonies' was read, and the pack's filler 'this
    # winter' after the name kept the command from being read as its move
    assert shocked(question, "colonies") == [(pytest.approx(-20.0), None)]


@pytest.mark.slow
def test_a_range_in_a_unit_with_a_number_inside_says_its_unit_once(tmp_path: Path) -> None:
    # 'from -0.02 mites per 100 to -0.04 mites per 100 bees': the unit said once was taken
    # to start after its own '100', so half of it was said twice and the rest cut off
    page = tmp_path / "lesson.html"
    run("lesson", "mite-surge", "--draws", "0", "-o", str(page))
    text = flat(page.read_text())
    assert "(from -0.02 to -0.04 mites per 100 bees)" in text
    assert "mites per 100 to" not in text


@pytest.mark.parametrize(
    "question",
    ["rainfall falls to 50% of normal", "rain is 50% of normal", "rain is half of normal"],
)
def test_a_level_in_a_unit_of_percent_of_normal_is_that_level(
    question: str, tmp_path: Path
) -> None:
    # 'Rainfall at 50% of its level': '50% of normal' said of a node counted in '% of
    # normal' was read as half of where it stands, 40% of normal in a month at 80% of
    # normal, and not as the unit's own 50% of normal
    dry = tmp_path / "dry"
    shutil.copytree(APIARY, dry)
    nodes = dry / "nodes.yaml"
    text = nodes.read_text()
    normal = "baseline: {value: 100, as_of: 2026-10-01"  # the rain's, the one at 100
    assert text.count(normal) == 1
    nodes.write_text(text.replace(normal, normal.replace("100", "80")))
    assert shocked_on(dry, question, "rainfall") == [(None, pytest.approx(50.0))]
    title = json.loads(on_pack(dry, "whatif", question, "--draws", "0", "--format", "json"))
    assert "of its level" not in title["title"], title["title"]


@pytest.mark.parametrize(
    ("question", "level"),
    [
        ("the co-op raises treatment to 100%", 100.0),
        ("the co-op raises mite treatment to 100%", 100.0),
        ("the co-op cuts treatment to 20%", 20.0),
    ],
)
def test_an_actor_said_with_a_word_of_another_node_s_name_decides_what_it_names(
    question: str, level: float
) -> None:
    # 'no scenario matches': 'co-op', a word only of the alias "the co-op's colonies", was
    # read as a loose name of colonies, and the decision it takes on the treatment was lost
    assert shocked(question, "mite_treatment") == [(None, pytest.approx(level))]


@pytest.mark.parametrize(
    "question",
    [
        "mite load climbs to 5 mites/100 bees",
        "varroa rises to 5 per 100 bees",
        "mites hit 5/100 bees",
    ],
)
def test_a_unit_per_a_number_of_things_is_read_slashed_or_without_its_count(question: str) -> None:
    # "'mites/100 bees' is not a unit of a level of varroa_load (in mites per 100 bees)": a
    # rate per a number of things ('per 100 bees') was spelt only as the pack wrote it
    assert shocked(question, "varroa_load") == [(None, pytest.approx(5.0))]


@pytest.mark.parametrize(
    ("question", "node", "change"),
    [
        ("we lose 40% of our hives", "colonies", -20.0),
        ("our hives fall 10%", "colonies", -5.0),
        ("our honey crop falls 10%", "honey_crop", -0.3),
        ("growers raise their pollination fee by $20 a hive", "pollination_fee", 20.0),
    ],
)
def test_a_name_after_a_possessive_is_the_name(question: str, node: str, change: float) -> None:
    # 'no scenario matches 'we lose 40% of our hives'' where 'of our colonies' ran: the pack
    # had written 'our colonies' as a name, and 'our' before any other name hid it
    assert shocked(question, node) == [(pytest.approx(change), None)]


@pytest.mark.parametrize(
    "question",
    ["honey yield falls 10 pounds a colony", "honey yield falls 10 pounds per colony"],
)
def test_pounds_spelt_out_of_a_unit_in_lb_are_its_pounds(question: str) -> None:
    # "'pounds a colony' is no unit; did you mean '10 lb a colony'?": the pound of weight
    # was not spelt out as the mile and the gallon are; on a unit in lb it is no money
    assert shocked(question, "honey_yield") == [(pytest.approx(-10.0), None)]


@pytest.mark.slow
def test_mites_past_3_per_100_bees_set_off_the_co_op_s_treatment() -> None:
    assert set(moves("mite-surge", "mite_treatment").values()) == {80.0}
    told = flat(run("whatif", "mite-surge", "--draws", "0"))
    assert "Once varroa mite load reaches its trigger (at or above 3.0 mites per 100 bees)" in told
    # a load that stays under the trigger leaves the colonies untreated
    assert set(moves("mite loads climb to 2.8 per 100 bees", "mite_treatment").values()) == {0.0}


def test_a_drought_weakens_colonies_only_below_three_quarters_of_normal_rain() -> None:
    assert set(moves("rainfall falls to 80% of normal", "winter_loss_rate").values()) == {0.0}
    assert moves("rainfall falls to 60% of normal", "winter_loss_rate")["1m"] == pytest.approx(6.0)


def test_splits_fill_the_stock_of_colonies_and_it_keeps_them() -> None:
    colonies = moves("spring-splits", "colonies")
    assert 1.8 < colonies["1m"] <= 2.0 and 1.5 < colonies["12m"] < colonies["1m"]


def test_the_hard_winter_is_read_from_the_illustrative_series() -> None:
    answer = json.loads(run("backtest", "--draws", "0", "--format", "json"))
    seen = [o["observed"] for e in answer["episodes"] for o in e["observations"]]
    assert seen == [pytest.approx(-7.1), pytest.approx(-10.4)]


@pytest.mark.slow
def test_the_brief_reads_in_the_co_op_s_words(tmp_path: Path) -> None:
    note = tmp_path / "note.md"
    run("brief", "--draws", "20", "-o", str(note))
    text = note.read_text()
    assert "## Where the almond growers depart from the evidence" in text
    assert "| Pollination income | $0 | +$180k |" in text
    for word in ("policy rate", "carry", "central bank", "investors"):
        assert word not in text.lower(), word


@pytest.mark.parametrize(
    "question",
    ["mites jump to 4.5 per hundred bees", "varroa climbs to 4.5 mites per hundred bees"],
)
def test_a_unit_per_a_hundred_things_is_read_spelt_out(question: str) -> None:
    # "'per hundred bees' is not a unit of a level of varroa_load (in mites per 100 bees)"
    assert shocked(question, "varroa_load") == [(None, pytest.approx(4.5))]
