"""A Norwegian salmon farmer, a field the machinery has never seen, read as its CFO, a seafood
equity analyst in Oslo and an aquaculture teacher would, in British English and kroner.

The held-out pack tests/packs/heldout_salmon counts in weeks: a warmer sea breeds sea lice
(adult female lice per fish) two weeks later and grows the fish faster; above 0.5 lice per
fish the company delouses its pens (a threshold firing the farmer's decision, in % of pens
deloused), which knocks the lice down (a balancing loop) and stresses the fish in a rise of
mortality (% a month, moving in pp) that fades; a jellyfish bloom (% of pens affected) kills
fish in losses that fade; the biomass (thousand tonnes, '2,000 tonnes' read) is a stock that
growth fills and harvest and dead fish drain, with more fish growing more (reinforcing) and
losing more and being harvested sooner (balancing); the salmon spot price (NOK/kg, '80 kr/kg'
and '10 kroner a kilo' read) falls with Norway's harvest and rises with EUR/NOK (the krone's
other side); the resource rent tax (%) is the government's decision; the traffic-light
system lets capacity (MAB) grow 6% only while lice kill under 10% of the wild smolts (a
``when``). It ships an illustrative weekly spot-price series with a spring-2023 episode, and
an environmental NGO's view as an overlay.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from macrograph.graph.build import build_graph
from macrograph.graph.query import loops
from macrograph.graph.scenarios import asked
from macrograph.rules import load_pack
from macrograph.rules.lint.core import lint_pack
from tests.packfactory import flat, moves_on, on_pack, shocked_on

SALMON = Path(__file__).parents[1] / "packs" / "heldout_salmon"


def run(*args: str, code: int = 0) -> str:
    """The output of a command on the pack in an 80-column terminal."""
    return on_pack(SALMON, *args, code=code)


def moves(question: str, node: str) -> dict[str, float]:
    """The change of ``node`` at each horizon of ``question``'s what-if, without draws."""
    return moves_on(SALMON, question, node)


def shocked(question: str, node: str) -> list[tuple[float | None, float | None]]:
    """The change and the level ``question`` sets ``node`` to, shock by shock."""
    return shocked_on(SALMON, question, node)


def test_the_pack_lints_clean_and_has_its_loops() -> None:
    pack = load_pack(SALMON)
    assert [i for i in lint_pack(pack) if i.severity != "info"] == []
    assert (pack.info.period, pack.info.language) == ("1w", 3)
    found = {frozenset(lp.nodes): lp.polarity for lp in loops(build_graph(pack))}
    assert found[frozenset({"biomass", "fish_growth"})] == "reinforcing"
    assert found[frozenset({"biomass", "mortality_losses"})] == "balancing"
    assert found[frozenset({"biomass", "harvest"})] == "balancing"
    assert found[frozenset({"sea_lice", "delousing"})] == "balancing"
    assert found[frozenset({"harvest", "norway_harvest", "spot_price"})] == "balancing"


@pytest.mark.parametrize(
    ("question", "change"),
    [
        ("the salmon price rises 10 kroner a kilo", 10.0),
        ("spot rises 8 kr/kg", 8.0),
        ("spot falls by 5 kroner", -5.0),
        ("salmon price rises kr 6", 6.0),
        ("feed cost rises 2 kroner a kilo", None),
    ],
)
def test_kroner_and_kr_are_the_money_of_a_unit_in_nok(question: str, change: float | None) -> None:
    # "'kroner /kg' does not apply to spot_price (in NOK /kg) and is not converted": the
    # krone had no name in English, as the dollar, the euro and the franc have, and 'kr',
    # the way Norwegians write it before or after the number, was no sign of it either
    node = "feed_cost" if change is None else "spot_price"
    assert shocked(question, node) == [(pytest.approx(change or 2.0), None)]


@pytest.mark.parametrize(
    ("question", "level"),
    [("the spot price rises to 95 kroner per kilo", 95.0), ("spot price rises to 90 kr", 90.0)],
)
def test_a_level_in_kroner_is_the_price_in_nok(question: str, level: float) -> None:
    assert shocked(question, "spot_price") == [(None, pytest.approx(level))]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("spot price falls 5 NOK/kg", (-5.0, None)),
        ("spot price falls to 70 NOK/kg", (None, 70.0)),
        ("feed cost rises 2 NOK/kg", (2.0, None)),
    ],
)
def test_a_code_before_its_number_is_read_close_up_to_its_slash(
    question: str, expected: tuple[float | None, float | None]
) -> None:
    # "'NOK/kg' does not apply to spot_price (in NOK /kg)": a unit written 'NOK ' and '/kg'
    # (NOK 80.00/kg) was read only as 'nok /kg', with the space its number goes in
    node = "feed_cost" if "feed" in question else "spot_price"
    change, level = expected
    want = (None if change is None else pytest.approx(change), level)
    assert shocked(question, node) == [want]


def test_a_unit_of_a_code_and_a_slash_is_named_without_the_space() -> None:
    said = flat(run("whatif", "spot price falls 5 euros/kg", "--draws", "0", code=2))
    assert "(in NOK/kg)" in said, said
    assert "NOK /kg" not in said


@pytest.mark.parametrize(
    ("question", "node", "level"),
    [
        ("jellyfish hit 40% of pens", "jellyfish_bloom", 40.0),
        ("a jellyfish bloom hits 40% of the pens", "jellyfish_bloom", 40.0),
        ("jellyfish bloom reaches 40% of pens", "jellyfish_bloom", 40.0),
        ("delousing rises to 60% of pens", "delousing", 60.0),
    ],
)
def test_a_share_of_things_is_read_without_the_participle_after_them(
    question: str, node: str, level: float
) -> None:
    # 'no scenario matches': a unit written '% of pens affected' was read only whole, where
    # its users say the share of the pens and let the verb say what befell them
    assert shocked(question, node) == [(None, pytest.approx(level))]


@pytest.mark.parametrize(
    ("question", "offered"),
    [
        ("lice rise to 0.6 lice per fsh", "sea_lice@0.6 lice per fish"),
        ("biomass falls to 55 thousand tonnez", "biomass@55 thousand tonnes"),
    ],
)
def test_a_level_with_a_slip_in_its_unit_is_offered_as_that_level(
    question: str, offered: str
) -> None:
    # "--shock 'sea_lice=+0.6 lice' (a change)": the level asked, with a slip in its unit,
    # was offered as a change of its size, which would take lice from 0.3 to 0.9
    said = flat(run("whatif", question, "--draws", "0", code=2))
    assert f"--shock '{offered}' (a level)" in said, said
    assert "=+0.6" not in said and "=-55" not in said


def test_lice_past_half_a_louse_per_fish_set_off_delousing() -> None:
    assert moves("lice-outbreak", "delousing") == {"1w": 0.0, "4w": 60.0, "13w": 60.0, "26w": 60.0}
    told = flat(run("whatif", "lice-outbreak", "--draws", "0"))
    assert "Once sea lice reach their trigger (at or above 0.50 lice per fish)" in told
    assert set(moves("lice rise to 0.45", "delousing").values()) == {0.0}
    # and delousing 60% of the pens knocks them down by 0.24 a week later
    lice = moves("lice rise to 0.6", "sea_lice")
    assert lice["1w"] == pytest.approx(0.3) and lice["4w"] == pytest.approx(0.06)


def test_capacity_grows_only_in_a_green_zone() -> None:
    green = moves("green-light", "mab_capacity")
    assert list(green.values()) == [pytest.approx(3.744)] * 4  # 6% of 62.4 thousand tonnes
    red = moves("green light and wild salmon mortality rises to 15%", "mab_capacity")
    assert set(red.values()) == {0.0}


def test_a_jellyfish_bloom_s_deaths_fade_and_the_fish_stay_lost() -> None:
    deaths = moves("jellyfish-bloom", "mortality_rate")
    assert deaths["1w"] > 1.0 and 0 < deaths["4w"] < deaths["1w"] and abs(deaths["26w"]) < 0.05
    biomass = moves("jellyfish-bloom", "biomass")
    assert biomass["26w"] < -0.5


def test_a_weaker_krone_lifts_the_kroner_price() -> None:
    # 5% off the krone is 5.26% on EUR/NOK, of which 0.6 kroner a kilo per 1% reaches the price
    assert moves("the krone weakens 5%", "spot_price")["1w"] == pytest.approx(3.158, rel=0.02)
    strong = shocked("the krone strengthens 3%", "eur_nok")
    assert strong == [(pytest.approx(-2.9126, abs=1e-3), None)]


def test_the_spring_2023_episode_is_read_from_the_illustrative_series() -> None:
    answer = json.loads(run("backtest", "--draws", "0", "--format", "json"))
    seen = [o["observed"] for e in answer["episodes"] for o in e["observations"]]
    assert seen == [pytest.approx(5.1), pytest.approx(11.9)]


@pytest.mark.slow
def test_the_brief_reads_in_the_farmer_s_words(tmp_path: Path) -> None:
    note = tmp_path / "note.md"
    run("brief", "lice-outbreak", "--draws", "20", "-o", str(note))
    text = note.read_text()
    assert "## Figures to watch" in text
    assert "## Where the NGO departs from the evidence" in text
    assert "NOK 79.91/kg" in text
    for word in ("policy rate", "carry", "central bank", "investors", "yen", "dovish"):
        assert word not in text.lower(), word


def test_a_band_from_thousands_of_tonnes_to_tonnes_says_each_end_s_unit() -> None:
    # 'p5 to p95 -1.0 thousand to -437 tonnes': the unit said once was cut from the first
    # end where only its last word was the second end's, leaving 'thousand' alone
    told = flat(run("whatif", "jellyfish-bloom", "--draws", "200"))
    assert re.search(r"p5 to p95 -[\d.]+ thousand tonnes to -\d+ tonnes;", told), told
    assert " thousand to " not in told


def dated(question: str, node: str) -> list[tuple[str, float | None]]:
    """The day and the change of each shock ``question`` sets on ``node``, as read."""
    spec = asked(load_pack(SALMON), question)
    return [(s.date.isoformat(), s.change) for s in spec.shocks if s.node == node]


@pytest.mark.parametrize(
    ("question", "day"),
    [
        ("spot price falls NOK 10/kg in week 45", "2026-11-02"),
        ("spot falls NOK 5/kg in week 2", "2027-01-11"),
        ("spot falls NOK 5/kg in week 2 of 2027", "2027-01-11"),
        ("the spot price falls NOK 5/kg in wk 53", "2026-12-28"),
    ],
)
def test_a_week_said_by_its_number_is_its_monday(question: str, day: str) -> None:
    # 'no scenario matches ... in week 45': weekly reports, the spot price's among them,
    # count the year's weeks by number, and a week said so was read as no date at all
    assert [d for d, _ in dated(question, "spot_price")] == [day]


@pytest.mark.parametrize(
    ("question", "days"),
    [
        (
            "sea temperature rises 2 degrees for 3 weeks from 5 october",
            ["2026-10-05", "2026-10-26"],
        ),
        ("the sea warms 2 degrees for 3 weeks in week 40", ["2026-09-28", "2026-10-19"]),
        ("the krone weakens 5% for 4 weeks starting in week 45", ["2026-11-02", "2026-11-30"]),
    ],
)
def test_a_while_said_before_the_day_it_starts_lasts_from_that_day(
    question: str, days: list[str]
) -> None:
    # 'no scenario matches': a move said to last a while was read only where the while ended
    # the question, and 'for 3 weeks from 5 October' says its day after it
    node = "eur_nok" if "krone" in question else "sea_temperature"
    read = dated(question, node)
    assert [d for d, _ in read] == days
    assert read[0][1] == pytest.approx(-(read[1][1] or 0.0))


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("water temp falls 1.5°", (-1.5, None)),
        ("sea temperature rises to 13°", (None, 13.0)),
    ],
)
def test_a_degree_sign_alone_is_a_degree_of_the_node_s_scale(
    question: str, expected: tuple[float | None, float | None]
) -> None:
    # 'no scenario matches': '2 degrees' was read as °C but the sign typed alone was not
    change, level = expected
    want = (None if change is None else pytest.approx(change), level)
    assert shocked(question, "sea_temperature") == [want]


@pytest.mark.parametrize(
    "question",
    [
        "what happens to profit after tax if the krone slides 5%?",
        "why does profit after tax fall if the rent tax rises to 35%?",
        "if the krone slides 5%, what happens to profit after tax?",
    ],
)
def test_a_question_about_a_name_with_after_in_it_asks_of_that_name(question: str) -> None:
    # "cannot read 'tax if the krone slides 5%': '%' does not apply to resource_rent_tax":
    # 'after' joins a question's event as 'if' does, and the first was taken, cutting
    # 'profit after tax' in two and reading its 'tax' as the rent tax
    answer = json.loads(run("whatif", question, "--draws", "0", "--format", "json"))
    assert answer["node"] == "after_tax_profit"


@pytest.mark.parametrize(
    ("question", "node", "level"),
    [
        ("lice rise above the 0.5 limit", "sea_lice", 0.5),
        ("sea lice pass the 0.5 threshold", "sea_lice", 0.5),
        ("EUR/NOK breaches the 12 handle", "eur_nok", 12.0),
        ("wild salmon mortality crosses the 10% threshold", "wild_salmon_mortality", 10.0),
    ],
)
def test_a_mark_named_as_a_limit_or_a_threshold_is_that_level(
    question: str, node: str, level: float
) -> None:
    # "'limit' is not a unit of a level of sea_lice": a mark passed was read past only when
    # it was called a 'mark', where the farmer's is the 0.5 limit and a trader's a handle
    assert shocked(question, node) == [(None, pytest.approx(level))]


@pytest.mark.parametrize(
    ("question", "change"),
    [
        ("the krone 2% stronger", -1.9608),
        ("a 2% stronger krone", -1.9608),
        ("the krone is 3% weaker", 3.0928),
    ],
)
def test_a_currency_said_stronger_or_weaker_moves_its_quote(question: str, change: float) -> None:
    # 'no scenario matches', with '--shock eur_nok=+2%' offered: 'higher' and 'lower' were
    # moves but 'stronger' and 'weaker' not, though 'strengthens' and 'weakens' were; the
    # example offered a weaker krone for a stronger one
    assert shocked(question, "eur_nok") == [(pytest.approx(change, abs=1e-3), None)]
    assert shocked("a weaker krone", "eur_nok") == [(pytest.approx(5.0), None)]  # its scenario


@pytest.mark.parametrize("fmt", ["text", "md"])
def test_chains_that_offset_are_told_with_what_each_adds(fmt: str) -> None:
    # 'Chains of rules reach sea lice from the shocks, but their effects offset one another',
    # and nothing more, with three citations no sentence pointed to: a teacher asked why the
    # lice did not move four weeks into a warm autumn, as the warm sea bred as many as
    # delousing took off, and was not told either amount
    said = flat(
        run(
            "explain", "sea lice", "--scenario", "lice-outbreak", "--horizon", "4w",
            "--draws", "0", "--format", fmt,
        )
    )  # fmt: skip
    assert "offset one another" in said
    assert "What each input adds after 4 weeks, one way and the other" in said, said
    assert "-0.24 lice per fish" in said and "+0.24 lice per fish" in said
    assert "warm_sea_breeds_lice" in said and "delousing_knocks_lice_down" in said


@pytest.mark.slow
def test_a_faded_link_of_a_lesson_carries_no_move(tmp_path: Path) -> None:
    # 'With jellyfish bloom higher, this link pushes mortality up by 0 pp at 26w: 100% of what
    # moved it': half a year on, the bloom's deaths have faded to a move no unit shows
    page = tmp_path / "lesson.html"
    run("lesson", "jellyfish-bloom", "--draws", "0", "-o", str(page))
    text = flat(re.sub(r"<[^>]+>", " ", page.read_text()))
    assert "This link carries no move to mortality at 26w: its push has faded." in text
    assert "pushes mortality up by 0 pp" not in text


def test_a_region_that_acts_is_not_refused_as_a_name_the_pack_lacks() -> None:
    # 'the pack has no government; its policy nodes are ...', of a pack whose region is
    # named 'The government': who acts was blamed where the words after it were not read
    said = flat(run("whatif", "the government raises capacity growth to 6% in green zones", code=2))
    assert "has no government" not in said, said
    assert "--shock 'capacity_growth@6% of MAB' (a level)" in said


@pytest.mark.parametrize(
    ("question", "node"),
    [
        ("what happens to mortality during a jellyfish bloom?", "mortality_rate"),
        ("how does biomass react during a lice outbreak?", "biomass"),
        ("during a jellyfish bloom, what happens to biomass?", "biomass"),
    ],
)
def test_a_question_about_a_node_during_an_event_asks_of_that_node(
    question: str, node: str
) -> None:
    # 'no scenario matches ...': a teacher's 'during' joined the node and the event as 'if'
    # and 'when' do, but was not read
    answer = json.loads(run("whatif", question, "--draws", "0", "--format", "json"))
    assert answer["node"] == node


@pytest.mark.parametrize(
    "question",
    [
        "we keep the harvest unchanged",
        "the company keeps the harvest unchanged",
        "keep harvest steady",
    ],
)
def test_a_hold_said_with_its_thing_inside_holds_it(question: str) -> None:
    # 'no scenario matches': 'we keep the harvest' held the guided rise in the harvest, but
    # 'keep ... unchanged', its verb on either side of what it holds, was not read
    assert shocked(question, "harvest") == [(0.0, None)]


@pytest.mark.parametrize(
    ("question", "node", "change"),
    [
        ("the sea is 2 degrees warmer", "sea_temperature", 2.0),
        ("the sea 1.5°C colder", "sea_temperature", -1.5),
        ("feed is NOK 2/kg dearer", "feed_cost", 2.0),
        ("feed costs 5% cheaper", "feed_cost", -0.8),
    ],
)
def test_a_move_said_as_a_comparative_is_that_move(question: str, node: str, change: float) -> None:
    # 'no scenario matches': 'higher' and 'lower' read as moves, but the CFO's 'dearer' and
    # 'cheaper' and the teacher's 'warmer' and 'colder' did not
    assert shocked(question, node) == [(pytest.approx(change), None)]


@pytest.mark.parametrize(
    "question", ["salmon price rises 10 kroner a tonne", "salmon price rises NOK 10 per tonne"]
)
def test_a_size_said_per_another_thing_is_not_offered_back_as_if_per_kilo(question: str) -> None:
    """Refused, the question offered --shock 'spot_price=+NOK 10/kg', a thousand times what
    was said: the size was read without its 'a tonne'. A typical move is offered instead."""
    said = flat(run("whatif", question, "--draws", "0", code=2))
    assert "NOK 10/kg" not in said
    assert "--shock 'spot_price=+NOK 3/kg' (a change)" in said
