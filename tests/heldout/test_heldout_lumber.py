"""A Canadian sawmill company selling softwood lumber into the US, a field the machinery has
never seen, read as the mill's CFO, a forest-products analyst and a forestry-economics
teacher would.

The held-out pack tests/packs/heldout_lumber counts in months with horizons in quarters and
writes in Canadian English: US housing starts in thousands a year ('k starts a year',
annualised), the 30-year mortgage rate moving in bp, framing lumber in US$ per thousand
board feet ('US$550/mbf'), log costs in C$/m³, the loonie in US cents, the US softwood duty
in % (the Commerce Department's decision, its changes in pp), Canadian shipments and the
mill's output in MMBF a week and its curtailments in MMBF a quarter (the company's decision,
at a cash margin below zero: a threshold), the yard's inventory in weeks of sales (a stock)
with discounting past five weeks (a `when`), wildfire losses in % of the log supply that
fade, the pine beetle's kill lowering the allowable cut a year later, duty deposits at US
Customs in US$m (a stock) and EBITDA in C$m a quarter. Curtailments lift the price (a
balancing loop); falling prices thin orders and fill the yard (a reinforcing loop). It
ships an illustrative monthly lumber price series with Commerce's review of August 2024 read
from it, and a US homebuilders' view as an overlay.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from macrograph.graph.build import build_graph
from macrograph.graph.query import loops
from macrograph.rules import load_pack
from macrograph.rules.lint.core import lint_pack
from tests.packfactory import flat, moves_on, on_pack, shocked_on

LUMBER = Path(__file__).parents[1] / "packs" / "heldout_lumber"


def run(*args: str, code: int = 0) -> str:
    """The output of a command on the pack in an 80-column terminal."""
    return on_pack(LUMBER, *args, code=code)


def moves(question: str, node: str) -> dict[str, float]:
    """The change of ``node`` at each horizon of ``question``'s what-if, without draws."""
    return moves_on(LUMBER, question, node)


def shocked(question: str, node: str) -> list[tuple[float | None, float | None]]:
    """The change and the level ``question`` sets ``node`` to, shock by shock."""
    return shocked_on(LUMBER, question, node)


def test_the_pack_lints_clean_and_has_its_loops() -> None:
    pack = load_pack(LUMBER)
    assert [i for i in lint_pack(pack) if i.severity != "info"] == []
    assert (pack.info.period, pack.info.language) == ("1m", 3)
    found = {frozenset(lp.nodes): lp.polarity for lp in loops(build_graph(pack))}
    cut = {"cash_margin", "curtailment", "mill_output", "canadian_shipments", "lumber_price"}
    assert found[frozenset(cut)] == "balancing"
    assert found[frozenset({"inventory", "lumber_price", "mill_sales"})] == "reinforcing"


@pytest.mark.parametrize(
    ("question", "node", "change", "level"),
    [
        ("lumber falls to $450", "lumber_price", None, 450.0),
        ("duties rise to 20%", "us_duty", None, 20.0),
        ("the loonie drops 3 cents", "loonie", -3.0, None),
        ("loonie falls 3c", "loonie", -3.0, None),
        ("mortgage rates rise 50bp", "mortgage_rate", 0.5, None),
        ("we curtail 200 million board feet", "curtailment", 200.0, None),
        ("log costs up $10 per cubic metre", "log_cost", 10.0, None),
        ("a wildfire takes out 10%", "fire_loss", 10.0, None),
    ],
)
def test_the_users_questions_are_read_in_the_field_s_units(
    question: str, node: str, change: float | None, level: float | None
) -> None:
    assert shocked(question, node) == [(change, level)]


@pytest.mark.parametrize("question", ["housing starts fall 100k", "starts fall 100K"])
def test_starts_fall_in_thousands_a_year(question: str) -> None:
    assert set(moves(question, "housing_starts").values()) == {-100.0}


@pytest.mark.parametrize(
    ("question", "said"),
    [
        (
            "housing starts fall to 1.25 million",
            "1.25 million is 1,250k starts a year: write housing_starts@1,250k starts a year",
        ),
        (
            "housing starts fall to 1.25m",
            "1.25m is 1,250k starts a year: write housing_starts@1,250k starts a year",
        ),
    ],
)
def test_a_level_in_a_bigger_multiple_of_a_count_is_offered_in_its_own(
    question: str, said: str
) -> None:
    # "'million' is not a unit of a level of housing_starts (in k starts a year); write
    # housing_starts@1.25 (in its own unit)": 1.25 of a unit in thousands is 1,250 starts,
    # where the question said 1.25 million; a change in millions was offered converted
    told = flat(run("whatif", question, "--draws", "0", code=2))
    assert said in told, told
    assert "@1.25 " not in told


def test_a_force_against_its_own_move_in_a_tug_of_war_names_the_move() -> None:
    # 'Pulling it down, -US$31/mbf in all: our cash cost -US$31/mbf': the duty raises the
    # cash cost by US$31, which the CFO read as a cost US$31 lower, two lines above 'our
    # cash cost +US$31/mbf, via cost_out_of_margin'
    told = flat(run("explain", "cash margin", "--scenario", "duty-hike", "--draws", "0"))
    assert "Pulling it down, -US$31/mbf in all: the rise in our cash cost -US$31/mbf [2]" in told
    assert "Pushing it up, +US$13/mbf in all: the lumber price +US$13/mbf [1]" in told
    assert "in all: our cash cost" not in told


@pytest.mark.parametrize(
    "question",
    [
        "what if prices drop below cash cost",
        "lumber falls below our cash cost",
        "lumber price falls to the cash cost",
        "lumber falls to the level of our cash cost",
    ],
)
def test_a_level_named_by_another_node_is_offered_in_figures(question: str) -> None:
    # "no scenario matches 'what if prices drop below cash cost'", with the forms of a size:
    # the CFO's own question, the trigger of the pack's curtailment, named the level by the
    # node that holds it
    said = flat(run("whatif", question, "--draws", "0", code=2))
    assert "names cash_cost, at US$480/mbf with no shocks, not a level of lumber_price" in said
    assert "give the level in figures (US$480/mbf" in said, said
    assert "--shock 'lumber_price@US$480/mbf' (a level)" in said, said
    assert "no scenario matches" not in said


@pytest.mark.parametrize(("command", "flag"), [("whatif", "--json"), ("brief", "--md")])
def test_a_format_asked_as_an_option_of_its_own_points_to_format(command: str, flag: str) -> None:
    # "No such option '--json'. (Did you mean one of: '--shock', '--short'?)": the analyst
    # asked for the JSON, which '--format json' gives
    said = flat(run(command, "duties rise to 20%", flag, code=2))
    assert f"No such option '{flag}': write --format {flag[2:]}" in said, said
    assert "Did you mean" not in said


@pytest.mark.parametrize(
    ("question", "change", "level"),
    [
        ("a wildfire takes out 10% of log supply", 10.0, None),
        ("wildfires take out 10% of the log supply", 10.0, None),
        ("wildfire losses rise to 10% of log supply", None, 10.0),
    ],
)
def test_a_share_typed_with_its_unit_s_own_words_is_read(
    question: str, change: float | None, level: float | None
) -> None:
    # "no scenario matches 'a wildfire takes out 10% of log supply'": the unit is '% of the
    # log supply', and a size written with its words, with or without the article, was
    # left unread where '10%' alone was read
    assert shocked(question, "fire_loss") == [(change, level)]


def test_a_trigger_the_level_left_is_not_said_to_hold_it_before_any_shock() -> None:
    # 'Not set off: margin_back_we_restart needs our cash margin at or above US$40/mbf, but
    # it is there before any shock, at US$70/mbf, and a threshold fires only when the level
    # crosses into its trigger; it is at -US$31/mbf': the slump took the margin out of the
    # trigger, and what kept the restart from firing is that it never came back
    told = flat(run("whatif", "housing-slump", "--draws", "0"))
    assert "Not reached: margin_back_we_restart [20] needs our cash margin at or above" in told
    assert "it is at -US$31/mbf after 8 quarters (US$70/mbf with no shocks)" in told, told
    assert "there before any shock" not in told
    # the curtailment fires once the margin goes below zero, and lifts the price
    assert moves("housing-slump", "curtailment")["1q"] == pytest.approx(200.0)
    assert moves("housing-slump", "canadian_shipments")["1q"] < -20.0


@pytest.mark.parametrize(
    ("question", "node"),
    [("lumbr falls to 450", "lumber_price"), ("duites rise to 20%", "us_duty")],
)
def test_a_typo_of_a_one_word_name_that_others_hold_is_that_name(question: str, node: str) -> None:
    # "no scenario matches 'lumbr falls to 450'": 'lumbr' is a typo of 'lumber', the lumber
    # price's own name, but also of a word of five other nodes' names ('lumber output',
    # 'deposits on duties'), so it named none of them
    assert [level for _, level in shocked(question, node)] == [
        450.0 if "lumbr" in question else 20.0
    ]


def test_a_weaker_loonie_lifts_shipments_for_a_while() -> None:
    # the gain halves every six months after the month's lag
    moved = moves("the loonie drops 3 cents", "canadian_shipments")
    assert moved["1m"] == pytest.approx(4.5)
    assert moved["2q"] == pytest.approx(4.5 * 0.5 ** (5 / 6))  # five months of fading
    assert 0 < moved["8q"] < 0.5


def test_deposits_pile_up_while_the_duty_is_higher() -> None:
    deposits = moves("duty-hike", "duty_deposits")
    assert list(deposits.values()) == sorted(deposits.values())
    assert deposits["8q"] == pytest.approx(133.0, rel=0.01)  # 5.6 pp x US$0.95m x 25 months


def test_the_pine_beetle_lowers_the_cut_a_year_later() -> None:
    cut = moves("beetle-returns", "allowable_cut")
    assert (cut["2q"], cut["4q"]) == (0.0, pytest.approx(-3.0))


def test_the_episode_is_read_from_the_illustrative_series() -> None:
    answer = json.loads(run("backtest", "--draws", "0", "--format", "json"))
    seen = [o["observed"] for e in answer["episodes"] for o in e["observations"]]
    assert seen == [pytest.approx(85.0), pytest.approx(115.0)]


@pytest.mark.slow
def test_the_brief_reads_in_the_field_s_words(tmp_path: Path) -> None:
    note = tmp_path / "note.md"
    run("brief", "duty-hike", "--draws", "20", "-o", str(note))
    text = note.read_text()
    assert "## Where the homebuilders depart from the evidence" in text
    assert "| Lumber price | +US$13/mbf | +US$33/mbf |" in text
    for word in ("market", "yield", "carry", "policy rate"):
        assert word not in text.lower(), word
