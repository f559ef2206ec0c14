"""What analysts of held-out fields type about sizes, units and decisions, read as they mean it.

Sizes in another SI prefix of a node's unit ('10 cm' of a sea level in mm), numbers said in
words before a unit ('half a degree'), a notable event's adjective before a scenario's name
('a big volcanic eruption'), a level said with the pack's unit or currency words ('to 100
dollars') and a decision of a policy node without a priced path said with its size.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from macrograph.explain.cli import main
from macrograph.graph.scenarios import resolve_text
from macrograph.graph.words.units.prefixes import measure, measured
from macrograph.rules import load_pack

PACKS = Path(__file__).parents[1] / "packs"
CLIMATE, HOUSING, RESERVOIR = (PACKS / f"heldout_{n}" for n in ("climate", "housing", "reservoir"))
TRANSPORT = PACKS / "heldout_transport"


def whatif(question: str, pack: Path | None) -> tuple[int, str, str]:
    """``macrograph whatif QUESTION --pack PACK --draws 0`` (on the bundled pack for None):
    exit status, stdout, stderr."""
    args = ["whatif", question, "--draws", "0", *([] if pack is None else ["--pack", str(pack)])]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    return result.exit_code, str(result.stdout), " ".join(str(result.stderr).split())


def changes(pack: Path | None, question: str) -> list[tuple[str, float | None, float | None]]:
    """The shocks a question sets: node, change and level."""
    return [(s.node, s.change, s.level) for s in resolve_text(load_pack(pack), question).shocks]


# 1. units of one dimension


@pytest.mark.parametrize(
    ("question", "pack", "hint", "never"),
    [
        ("sea level rises 10 cm", CLIMATE, "10 cm is 100mm: write '+100mm'", "'+10mm'"),
        ("sea level falls 1 m", CLIMATE, "1 m is 1000mm: write '-1000mm'", "'-1mm'"),
        ("sea ice falls by 500000 km2", CLIMATE, "500000 km2 is 0.5 million km²", "'-500000"),
        ("releases rise by 2000 l/s", RESERVOIR, "2000 l/s is 2m³/s: write '+2m³/s'", "'+2000"),
    ],
)
def test_a_size_in_another_prefix_of_the_unit_is_refused_with_the_same_size(
    question: str, pack: Path, hint: str, never: str
) -> None:
    # '10 cm' on a sea level in mm is 100 mm: a hint of '+10mm' would run a tenth of it
    # ('never' is each case's number offered as if it were in the node's unit)
    code, _, err = whatif(question, pack)
    assert code == 2 and hint in err and never not in err


@pytest.mark.parametrize(
    ("question", "pack", "said"),
    [
        # a question is read in lower case: 'ml' is a millilitre or a megalitre
        ("releases rise by 5 ml/s", RESERVOIR, "'ml/s' does not apply to reservoir_releases"),
        ("sea level rises 10 kg", CLIMATE, "'kg' does not apply to sea_level (in mm)"),
    ],
)
def test_a_measure_not_certainly_converted_is_not_offered_as_the_same_number(
    question: str, pack: Path, said: str
) -> None:
    code, _, err = whatif(question, pack)
    assert code == 2
    assert f"{said}" in err and "is not converted; write the size in its own unit" in err
    assert "'+5m³/s'" not in err and "'+10mm'" not in err


def test_a_long_word_is_matched_against_the_si_symbols_not_its_every_case() -> None:
    # each word of a unit is asked whether it is an SI symbol in some case; read letter by
    # letter in either case, a 32-letter word had 2^32 spellings to try
    long = "hospitalisations" * 2
    assert not measured(long) and measure(f"{long}/day", exact=False) is None
    assert measure("kwh", exact=False) == ("energy", 1, 3, "")  # one reading in any case
    assert measure("mt", exact=False) is None and measure("Mt") == ("mass", 1, 12, "")


@pytest.mark.parametrize(
    ("question", "meant", "shock"),
    [
        ("nasdaq falls 3 percnt", "3 percent", "nasdaq=-3%"),
        ("ust_10y rises 20 basis pionts", "20 basis points", "ust_10y=+20bp"),
        ("ust_10y rises 20 bsp", "20 bp", "ust_10y=+20bp"),
        ("vix up 3 piont", "3 point", "vix=+3pts"),
        # said of the quote's other side: offered as the 3% rise of the yen reads, -2.91%
        # of USD/JPY, where it offered -3%
        ("yen strengthens 3 percnt", "3 percent", "usd_jpy=-2.91262%"),
        ("the yen weakens 20 percnt", "20 percent", "usd_jpy=+25%"),
    ],
)
def test_a_misspelt_unit_word_is_offered_as_the_word_it_most_likely_meant(
    question: str, meant: str, shock: str
) -> None:
    # 'percnt' was read as 'percent' and then refused as no unit of a node in percent; a
    # slip of two words ('basis pionts') was not read at all, and '20 bsp' was offered
    # as '+20pp' too (twenty percentage points), which is no reading of 20 basis points
    code, _, err = whatif(question, None)
    assert code == 2
    assert f"did you mean '{meant}'?" in err and "does not apply" not in err
    assert err.endswith(f"e.g. --shock {shock}") and "0pp'" not in err.replace("0.20pp'", "")


@pytest.mark.parametrize(
    ("question", "offered", "never"),
    [
        ("the fed cuts 50", "write '-50bp' or '-0.50pp'", "'-50pp'"),  # no 50-point cut
        ("the fed cuts 0.5", "write '-0.5bp', '-0.005pp' or '-0.5pp'", "'-50pp'"),
    ],
)
def test_a_bare_number_on_a_rate_is_offered_as_percentage_points_only_where_plausible(
    question: str, offered: str, never: str
) -> None:
    code, _, err = whatif(question, None)
    assert code == 2 and offered in err and never not in err


def test_pct_is_a_percent() -> None:
    assert ("nasdaq", -3.0, None) in changes(None, "nasdaq falls 3 pct")


# 2. numbers said in words before a unit


@pytest.mark.parametrize(
    ("pack", "said", "typed"),
    [
        (CLIMATE, "sea ice falls by a million km2", "sea ice falls by 1 million km2"),
        (CLIMATE, "temperature rises by half a degree", "temperature rises by 0.5 degrees"),
        (CLIMATE, "temperature rises by a quarter of a degree", "temperature rises 0.25 °C"),
        (CLIMATE, "temperature rises by a degree", "temperature rises 1 °C"),
        (RESERVOIR, "releases rise by two m3/s", "releases rise by 2 m3/s"),
    ],
)
def test_a_number_said_in_words_before_a_unit_is_that_number(
    pack: Path, said: str, typed: str
) -> None:
    assert changes(pack, said) == changes(pack, typed)


def test_half_a_degree_is_half_a_degree_not_half_the_level() -> None:
    said = changes(CLIMATE, "temperature rises by half a degree")
    assert [s for s in said if s[0] == "global_temperature"] == [("global_temperature", 0.5, None)]


# 3. a notable event's adjective before a scenario's name


@pytest.mark.parametrize("said", ["a big volcanic eruption", "a sudden major volcanic eruption"])
def test_an_adjective_of_size_before_a_scenario_names_it_at_its_own_size(said: str) -> None:
    spec = resolve_text(load_pack(CLIMATE), said)
    assert spec.id == "volcanic-eruption"
    code, out, _ = whatif(said, CLIMATE)
    assert code == 0
    title = out.splitlines()[0]
    assert title == "A large volcanic eruption"  # the scenario's own title, no 'big' claimed


def test_a_smaller_event_than_the_scenario_is_not_read_as_it() -> None:
    # 'a small eruption' read as the scenario's large one would answer a bigger event
    code, _, err = whatif("a small volcanic eruption", CLIMATE)
    assert code == 2
    assert "no scenario matches 'a small volcanic eruption'" in err
    assert "did you mean 'volcanic eruption'" in err


# 4. a level said with the pack's unit or currency words


@pytest.mark.parametrize(
    "said",
    [
        "carbon price rises to 100 dollars",
        "carbon price rises to 100 a tonne of CO₂",
        "carbon price rises to 100 dollars a tonne",
        "carbon price rises to $100",
    ],
)
def test_a_level_said_with_a_unit_word_is_a_level(said: str) -> None:
    assert changes(CLIMATE, said)[-1] == ("carbon_price", None, 100.0)


def test_a_level_in_a_unit_the_node_has_not_is_refused_as_a_level() -> None:
    code, _, err = whatif("carbon price rises to 100 kg", CLIMATE)
    assert code == 2
    assert "'kg' is not a unit of a level of carbon_price (in $ a tonne of CO₂)" in err
    assert "write carbon_price@100" in err and "+100" not in err


@pytest.mark.parametrize(
    ("question", "pack", "said"),
    [  # the unit as the pack writes its sizes, never its id ('chf_bn_month', 'pct_change')
        (
            "--shock fx_interventions=+5",
            PACKS / "heldout_snb",
            "the size 5 has no unit and fx_interventions moves in CHF bn a month; write '+CHF 5bn'",
        ),
        (
            "--shock fx_interventions=+5kg",
            PACKS / "heldout_snb",
            "'kg' does not apply to fx_interventions (in CHF bn a month) and is not converted",
        ),
        ("the yen strengthens 5bp", None, "'bp' does not apply to usd_jpy (in %); write '-5%'"),
        # a level that is a bare number has no unit to name
        ("the yen at 150 kg", None, "'kg' is not a unit of a level of usd_jpy; write usd_jpy@150"),
    ],
)
def test_a_refusal_names_the_node_s_unit_as_its_sizes_read(
    question: str, pack: Path | None, said: str
) -> None:
    shock = question.startswith("--shock ")
    args = ["whatif", *(["--shock", question[8:]] if shock else [question]), "--draws", "0"]
    result = CliRunner().invoke(main, [*args, *(["--pack", str(pack)] if pack else [])])
    err = " ".join(str(result.stderr).split())
    assert result.exit_code == 2 and said in err, err
    assert not re.search(r"\b(chf_bn_month|pct_change|pct)\b", err), err


@pytest.mark.parametrize(
    ("pack", "said", "typed"),
    [
        (CLIMATE, "carbon price rises 10 dollars", "carbon price rises 10 a tonne of CO2"),
        (PACKS / "heldout_grid", "gas prices rise 10 euros/MWh", "gas prices rise €10/MWh"),
    ],
)
def test_a_change_said_in_the_currency_is_in_the_node_unit(
    pack: Path, said: str, typed: str
) -> None:
    assert changes(pack, said) == changes(pack, typed)


# 5. a decision of a policy node without a priced path


def test_a_decision_said_with_a_size_takes_the_place_of_the_default_move() -> None:
    # the default hikes a point on 1 March 2026: 'hikes 50bp' is a hike of 50bp, not 150bp
    base = resolve_text(load_pack(HOUSING), "rate-hike").shocks[0]
    hiked = resolve_text(load_pack(HOUSING), "the central bank hikes 50bp").shocks
    cut = resolve_text(load_pack(HOUSING), "the central bank cuts 25bp").shocks
    assert [(s.node, s.date, s.change) for s in hiked] == [("overnight_rate", base.date, 0.5)]
    assert [(s.node, s.date, s.change) for s in cut] == [("overnight_rate", base.date, -0.25)]


def test_a_market_move_of_a_policy_node_comes_on_top_of_the_default() -> None:
    assert changes(HOUSING, "the overnight rate rises 50bp") == [("overnight_rate", 1.5, None)]


def test_a_decision_is_answered_against_the_default_as_the_difference() -> None:
    code, out, err = whatif("the central bank hikes 50bp", HOUSING)
    assert code == 0, err
    assert out.splitlines()[0] == "Overnight rate hikes 50bp"  # the decision, as said
    said = " ".join(out.split())
    assert (
        "Overnight rate hikes 50bp on 1 Mar 2026: the overnight rate -50bp against the comparison"
        in said
    )
    assert "plausible" not in err  # a 50bp decision is measured whole, not against the hike


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ("car trips rise to -5 k trips a day", "--pack", str(TRANSPORT)),
            "-5k trips a day is below the floor of car_trips, 0 trips a day",
        ),
        (
            ("sea ice falls to -1", "--pack", str(CLIMATE)),
            "-1 million km² is below the floor of sea_ice_extent, 0 km²",
        ),
        (("december-2025", "--shock", "yen_carry_positions@-5"), "-$5bn is below the floor"),
    ],
)
def test_a_level_past_a_nodes_floor_is_refused(args: tuple[str, ...], said: str) -> None:
    # 'car trips rise to -5 k trips a day' ran, a level below zero trips, with only a
    # warning on its size
    result = CliRunner().invoke(main, ["whatif", *args, "--draws", "0"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert said in result.stderr and "no level of it lies there" in result.stderr
    assert "Traceback" not in result.stderr
