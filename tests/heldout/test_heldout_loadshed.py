"""South Africa's electricity crisis, a field the machinery has never seen, read as a utility's
system operator, a Johannesburg economist and a high-school geography teacher would.

The held-out pack tests/packs/heldout_loadshed counts in days and writes in South African
English and rand: a winter cold front (in °C) lifts the evening peak in GW, a pull that fades;
breakdowns in GW drag the energy availability factor (in %, moving in pp), and demand and
availability set the reserve margin; below a margin of zero the system operator moves up two
stages of load-shedding (a threshold firing its decision, stage 0 to 8, written 'stage 4'),
which restores the margin (a balancing loop), as the diesel burnt in the gas turbines in
million litres a week does (another); from stage 5 the turbines run flat out (a ``when``) and
the diesel bill in R m a week ('R1.2bn') follows the litres and the price in R a litre; coal
stockpiles in days are a stock of deliveries less the burn; the tariff in c/kWh is NERSA's
decision, and it and load-shedding sell rooftop solar (a stock in MW, read in GW past a
thousand) whose output cuts grid sales that NERSA recovers in the tariff (a reinforcing loop
of defection); load-shedding costs GDP growth in pp and weakens the rand ('R18.50 to the
dollar'). It ships an illustrative daily stage series with February 2023 read from it, and a
labour union's view as an overlay.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from macrograph.graph.build import build_graph
from macrograph.graph.query import loops
from macrograph.rules import load_pack
from macrograph.rules.lint.core import lint_pack
from tests.packfactory import flat, moves_on, on_pack, shocked_on, written_notes

LOADSHED = Path(__file__).parents[1] / "packs" / "heldout_loadshed"


def run(*args: str, code: int = 0) -> str:
    """The output of a command on the pack in an 80-column terminal."""
    return on_pack(LOADSHED, *args, code=code)


def moves(question: str, node: str) -> dict[str, float]:
    """The change of ``node`` at each horizon of ``question``'s what-if, without draws."""
    return moves_on(LOADSHED, question, node)


def shocked(question: str, node: str) -> list[tuple[float | None, float | None]]:
    """The change and the level ``question`` sets ``node`` to, shock by shock."""
    return shocked_on(LOADSHED, question, node)


def test_the_pack_lints_clean_and_has_its_loops() -> None:
    pack = load_pack(LOADSHED)
    assert [i for i in lint_pack(pack) if i.severity != "info"] == []
    assert (pack.info.period, pack.info.language) == ("1d", 3)
    found = {frozenset(lp.nodes): lp.polarity for lp in loops(build_graph(pack))}
    defection = frozenset({"grid_sales", "rooftop_solar", "solar_installs", "tariff"})
    assert found[defection] == "reinforcing"
    assert found[frozenset({"reserve_margin", "stage"})] == "balancing"
    assert found[frozenset({"reserve_margin", "diesel_burn"})] == "balancing"


def test_a_cold_front_moves_up_two_stages_and_its_pull_on_demand_fades() -> None:
    told = flat(run("whatif", "cold-front", "--draws", "0"))
    assert (
        "On 10 Jun 2026 the reserve margin reaches its trigger (at or below 0.0%):"
        " an_empty_margin_moves_up_two_stages moves the load-shedding stage by +2 stages" in told
    ), told
    assert moves("cold-front", "stage")["1d"] == 2.0
    demand = moves("cold-front", "demand")
    assert demand["1d"] == pytest.approx(2.78, abs=0.01)  # 7 °C colder, half a GW a degree
    assert abs(demand["4w"]) < 0.05  # faded, and the front long gone


def test_the_turbines_run_flat_out_only_from_stage_5() -> None:
    told = flat(run("whatif", "load-shedding goes to stage 6", "--draws", "0"))
    assert "the rule high_stages_run_the_turbines_flat_out switches on, with the" in told, told
    assert "load-shedding stage at or above stage 5" in told
    told = flat(run("whatif", "tariff-hike", "--draws", "0"))  # stage 2 all along
    assert "high_stages_run_the_turbines_flat_out" not in told


def test_breakdowns_at_17_gw_cost_growth_a_month_later() -> None:
    assert shocked("breakdowns at 17 GW", "breakdowns") == [(None, 17.0)]
    growth = moves("breakdowns", "gdp_growth")
    assert growth["1w"] == 0.0 and growth["13w"] == pytest.approx(-0.4)  # two stages, 0.2 each


def test_a_tariff_hike_sells_solar_after_a_month_and_the_rush_fades() -> None:
    installs = moves("tariff-hike", "solar_installs")
    assert installs["1w"] == 0.0 and installs["4w"] == pytest.approx(12.05)
    assert 0 < installs["13w"] < installs["4w"]
    assert moves("tariff-hike", "rooftop_solar")["13w"] > 50


def test_a_rail_strike_draws_the_coal_stockpiles_down_a_day_of_burn_at_a_time() -> None:
    stock = moves("rail-strike", "coal_stock")
    assert stock["1d"] == pytest.approx(-0.666) and stock["4w"] == pytest.approx(-6.993)
    assert stock["13w"] == pytest.approx(stock["4w"])  # a stock: it stays down after the strike


@pytest.mark.parametrize(
    ("question", "node", "size"),
    [
        ("unplanned outages climb 2 GW", "breakdowns", 2.0),
        ("EAF falls 5pp", "eaf", -5.0),
        ("demand rises 5%", "demand", 1.55),
        ("rooftop solar rises 1 GW", "rooftop_solar", 1000.0),
        ("coal stockpiles drop 10 days", "coal_stock", -10.0),
        ("diesel burn rises 10 million litres a week", "diesel_burn", 10.0),
        ("tariff hike of 12.7%", "tariff", 24.13),
        ("growth drops 0.3 percentage points", "gdp_growth", -0.3),
    ],
)
def test_the_users_questions_are_read_in_the_pack_s_units(
    question: str, node: str, size: float
) -> None:
    assert shocked(question, node)[0] == (pytest.approx(size), None)


@pytest.mark.parametrize(
    ("question", "node", "level"),
    [
        ("Eskom moves to stage 6", "stage", 6.0),
        ("load-shedding moves from stage 2 to stage 6", "stage", 6.0),
        ("the EAF drops to 50%", "eaf", 50.0),
        ("coal stockpiles fall to 15 days", "coal_stock", 15.0),
        ("tariff goes from 190c to 250c/kWh", "tariff", 250.0),
        ("temp falls to minus 2", "temperature", -2.0),
    ],
)
def test_a_level_asked_is_a_level(question: str, node: str, level: float) -> None:
    assert shocked(question, node)[0] == (None, level)


@pytest.mark.parametrize(
    ("question", "node", "change", "level"),
    [
        ("diesel spending rises R1.2bn", "diesel_bill", 1200.0, None),
        ("diesel spend up R200m a week", "diesel_bill", 200.0, None),
        ("diesel price rises R2 a litre", "diesel_price", 2.0, None),
        ("the rand strengthens R1", "rand", -1.0, None),
        ("rand at R17", "rand", None, 17.0),
        ("rand goes from R18.50 to R20", "rand", None, 20.0),
        ("diesel price rises to R25 a litre", "diesel_price", None, 25.0),
    ],
)
def test_a_sum_in_rand_written_glued_to_its_r_is_read(
    question: str, node: str, change: float | None, level: float | None
) -> None:
    # 'no scenario matches 'diesel spending rises R1.2bn'': a currency written in letters
    # was read only with a space before its number ('Rs 500', 'NOK 12'), never glued to it
    # as the rand, the ringgit or the rupiah are written ('R2.50', 'RM10', 'Rp5,000')
    expected = (None if change is None else pytest.approx(change), level)
    assert shocked(question, node)[0] == expected


def test_the_rand_s_cents_are_read_as_a_hundredth_of_a_rand() -> None:
    # "'c a litre' does not apply to diesel_price (in R a litre) and is not converted": the
    # cents of the rand were read of the dollar and the euro only
    assert shocked("diesel price goes up 50c a litre", "diesel_price")[0] == (
        pytest.approx(0.5),
        None,
    )


def test_a_unit_written_after_a_preposition_is_offered_whole() -> None:
    # "--shock rand=+R0.2to": the preposition that opens ' to the dollar' was taken for the
    # unit's short word, and offered back cut off after it
    said = flat(run("whatif", "rand falls to R20/$", "--draws", "0", code=2))
    assert "--shock 'rand=+R0.2 to the dollar' (a change)" in said, said
    told = json.loads(run("whatif", "the rand strengthens R1", "--draws", "0", "--format", "json"))
    assert told["title"] == "Rand-dollar rate -R1 to the dollar", told["title"]


def test_the_episode_is_read_from_the_illustrative_series() -> None:
    answer = json.loads(run("backtest", "--draws", "0", "--format", "json"))
    seen = [o["observed"] for e in answer["episodes"] for o in e["observations"]]
    assert seen == [0.0, 1.0], seen  # stage 4 on the day, stage 5 a week later


def test_the_union_s_view_costs_more_growth() -> None:
    told = flat(run("whatif", "breakdowns", "--overlay", "union", "--draws", "0"))
    assert "GDP growth: 0.70 pp lower" in told, told


@pytest.mark.slow
def test_the_brief_and_the_lesson_read_in_the_field_s_words(tmp_path: Path) -> None:
    note, page = written_notes(LOADSHED, tmp_path)
    assert "| Load-shedding stage | +2 stages |" in note, note
    assert "it rests on the reserve margin reaching 0.0% or below on" in flat(note), note
    shown = re.sub(r"<script.*?</script>", "", page, flags=re.DOTALL)  # the page's own data aside
    for text in (note.lower(), shown.lower()):
        for word in ("market", "yield", "policy rate", "priced", "bitcoin"):
            assert word not in text, word


@pytest.mark.parametrize(
    "question",
    [
        "Eskom implements stage 6",
        "the system operator implements stage 6",
        "Eskom escalates stage 6",
    ],
)
def test_a_stage_named_after_a_decision_s_verb_is_that_stage(question: str) -> None:
    # 'Load-shedding stage +6 stages': 'stage 6' after the verb was read as six stages more,
    # stage 8 from stage 2, where the scale's sign before the number names the stage itself
    assert shocked(question, "stage")[0] == (None, 6.0)


def test_a_move_in_stages_is_still_a_move() -> None:
    assert shocked("Eskom escalates by 2 stages", "stage")[0] == (pytest.approx(2.0), None)
    assert shocked("load-shedding moves up two stages", "stage")[0] == (pytest.approx(2.0), None)


@pytest.mark.parametrize(
    ("question", "change", "level"),
    [
        ("the tariff rises 20c a kWh", 20.0, None),
        ("the tariff rises 20 cents per kWh", 20.0, None),
        ("the tariff rises 20c", 20.0, None),
        ("the tariff rises to 250 cents a kWh", None, 250.0),
    ],
)
def test_a_tariff_in_c_per_kwh_is_read_as_its_users_say_it(
    question: str, change: float | None, level: float | None
) -> None:
    # "'c a kwh' does not apply to tariff (in c/kWh)": a unit written with a slash was read
    # only with its slash, and its hundredth's letter never as the cents it counts
    expected = (None if change is None else pytest.approx(change), level)
    assert shocked(question, "tariff")[0] == expected


@pytest.mark.parametrize("question", ["the tariff rises to R2.50 a kWh", "the tariff rises $0.02"])
def test_whole_money_on_a_tariff_in_cents_is_never_read_as_cents(question: str) -> None:
    # a size in rand on a unit of cents must not be read as that many cents (R2.50 as 2.5c)
    said = flat(run("whatif", question, "--draws", "0", code=2))
    assert "2.5c/kWh" not in said and "+0.02c/kWh" not in said, said


def test_rand_on_a_tariff_in_cents_is_offered_in_cents() -> None:
    # "'r' does not apply to tariff (in c/kWh); write '+0.3c/kWh'": the rand's sign in letters
    # was not matched against the cents of the unit, and 30 cents were offered as 0.3
    said = flat(run("whatif", "the tariff rises R0.30", "--draws", "0", code=2))
    assert "write '+30c/kWh'" in said, said


@pytest.mark.parametrize("question", ["cold front in Gauteng", "a cold front across Gauteng"])
def test_a_scenario_placed_in_its_own_region_is_the_scenario(question: str) -> None:
    # 'no scenario matches 'cold front in Gauteng'': a geography teacher places the front
    # where its temperature is read, and the place was taken for part of the scenario's name
    assert shocked(question, "temperature") == [(None, 4.0), (None, 11.0)]


def test_a_scenario_placed_in_another_region_is_refused() -> None:
    said = flat(run("whatif", "a cold front in South Africa", "--draws", "0", code=2))
    assert "no scenario matches 'a cold front in South Africa'" in said, said


@pytest.mark.parametrize(
    ("question", "node", "change"),
    [
        ("rooftop solar rises 1 000 MW", "rooftop_solar", 1000.0),
        ("the diesel bill rises R1 200m a week", "diesel_bill", 1200.0),
    ],
)
def test_thousands_separated_by_a_space_are_one_number(
    question: str, node: str, change: float
) -> None:
    # 'no scenario matches 'rooftop solar rises 1 000 MW'': South African English, as the
    # SI, groups the thousands of a number with a space
    assert shocked(question, node)[0] == (pytest.approx(change), None)


@pytest.mark.parametrize(
    ("question", "change", "level"),
    [
        ("the rand weakens to R19.50 to the dollar", None, 19.5),
        ("the rand strengthens to R17.80 to the dollar", None, 17.8),
        ("the rand weakens R1 to the dollar", 1.0, None),
    ],
)
def test_the_rand_said_to_the_dollar_is_read(
    question: str, change: float | None, level: float | None
) -> None:
    # "'to dollar' is not a unit of a level of rand": the question is read without its
    # articles, and the unit's own words kept theirs
    expected = (None if change is None else pytest.approx(change), level)
    assert shocked(question, "rand")[0] == expected


@pytest.mark.parametrize(
    "question", ["breakdowns rise 2 GW for a fortnight", "breakdowns rise 2 GW for two weeks"]
)
def test_a_move_said_for_a_fortnight_lasts_a_fortnight(question: str) -> None:
    # 'for a fortnight' was dropped as what the move was for, and the breakdowns stayed up
    assert shocked(question, "breakdowns") == [
        (pytest.approx(2.0), None),
        (pytest.approx(-2.0), None),
    ]


def test_a_while_the_reader_cannot_count_is_refused_not_dropped() -> None:
    said = flat(run("whatif", "breakdowns rise 2 GW for ages", "--draws", "0", code=2))
    assert "no scenario matches 'breakdowns rise 2 GW for ages'" in said, said


@pytest.mark.parametrize(
    "question",
    ["demand rises 1 GW and NERSA grants 8%", "breakdowns rise 2 GW and NERSA grants 12.7%"],
)
def test_a_second_clause_with_a_subject_of_its_own_is_not_the_first_s(question: str) -> None:
    # 'Evening peak demand +1GW and +2.48GW': the regulator's 8%, said with a subject the
    # pack does not name, was read as 8% more demand, the subject of the clause before
    said = flat(run("whatif", question, "--draws", "0", code=2))
    assert "the pack has no NERSA" in said, said


@pytest.mark.parametrize("question", ["stage 6 load-shedding", "stage 6 from 15 June 2026"])
def test_a_stage_the_reader_cannot_place_is_offered_as_that_stage(question: str) -> None:
    # "--shock 'stage=+6 stages' (a change)": the stage named was offered as six stages more
    said = flat(run("whatif", question, "--draws", "0", code=2))
    assert "--shock stage@6 (a level)" in said and "+6 stages" not in said, said


def test_the_availability_factor_takes_its_article() -> None:
    # 'Why energy availability factor did not move', 'Energy availability factor is set 5 pp
    # lower': a factor counts, as a rate and a margin do
    assert run("explain", "eaf", "--draws", "0").startswith(
        "Why the energy availability factor did not move"
    )
    said = flat(run("whatif", "EAF falls 5pp", "--draws", "0"))
    assert "The energy availability factor is set 5 pp lower on 10 Jun 2026" in said, said


@pytest.mark.parametrize(
    "question", ["Eskom suspends load-shedding", "the system operator suspends load-shedding"]
)
def test_load_shedding_suspended_goes_to_stage_0(question: str) -> None:
    assert shocked(question, "stage") == [(None, 0.0)]


@pytest.mark.parametrize(
    ("question", "change"),
    [("peak demand jumps 800 MW", 0.8), ("breakdowns up 1 500 MW", 1.5)],
)
def test_a_system_operator_s_megawatts_are_read_on_a_unit_in_gigawatts(
    question: str, change: float
) -> None:
    node = "demand" if "demand" in question else "breakdowns"
    assert shocked(question, node)[0] == (pytest.approx(change), None)
