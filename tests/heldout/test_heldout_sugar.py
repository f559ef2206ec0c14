"""A sugar-and-ethanol mill group in São Paulo state, a field the machinery has never seen,
read as its CFO, a commodities analyst in São Paulo writing for a London desk and an agronomy
teacher would, in English and Brazilian reais, counted in fortnights.

The held-out pack tests/packs/heldout_sugar counts in fortnights (``period: 2w``), as the
industry body reports the Centre-South crush by half-month: frost or drought (% of the cane
damaged) cuts the cane crushed (million tonnes a fortnight) only while the mills crush (a
``when`` on the harvest season) in a loss that fades, and lowers ATR (kg/t); raw sugar
(¢/lb, ICE No. 11-like) and BRL/USD (the real its other side) set sugar in reais (R$/t),
which pulls the sugar mix (%, in pp, the mill's decision) against hydrous ethanol at the
pump (R$ a litre); the mix splits the ATR between sugar (thousand tonnes a fortnight) and
ethanol (million litres a fortnight); ethanol in the tanks is a stock that production fills
and sales drain, and fuller tanks cheapen ethanol, which tips the mix back (a balancing
loop); Petrobras's refinery price reaches gasoline at the pump; past an ethanol parity of
70% drivers switch to gasoline (a ``when``) and the mill lifts its mix five points (a
threshold firing its decision); revenue pays for replanting, which brings more cane (a
reinforcing loop). It ships an illustrative fortnightly raw-sugar series with the frost of
July 2021, and a climate NGO's view as an overlay.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from macrograph.explain.cli import main
from macrograph.graph.build import build_graph
from macrograph.graph.query import loops
from macrograph.rules import load_pack
from macrograph.rules.lint.core import lint_pack
from tests.packfactory import flat, moves_on, on_pack, shocked_on, written_notes

SUGAR = Path(__file__).parents[1] / "packs" / "heldout_sugar"


def run(*args: str, code: int = 0) -> str:
    """The output of a command on the pack in an 80-column terminal."""
    return on_pack(SUGAR, *args, code=code)


def moves(question: str, node: str) -> dict[str, float]:
    """The change of ``node`` at each horizon of ``question``'s what-if, without draws."""
    return moves_on(SUGAR, question, node)


def shocked(question: str, node: str) -> list[tuple[float | None, float | None]]:
    """The change and the level ``question`` sets ``node`` to, shock by shock."""
    return shocked_on(SUGAR, question, node)


def test_a_pack_counted_in_fortnights_lints_clean_and_has_its_loops() -> None:
    # "field 'period': must be one of '1d', '1w', '1m', '1q' or '1y' (got '2w')": the
    # industry counts the crush by half-month, and a pack could not count in fortnights
    pack = load_pack(SUGAR)
    assert [i for i in lint_pack(pack) if i.severity != "info"] == []
    assert (pack.info.period, pack.info.language) == ("2w", 3)
    found = {frozenset(lp.nodes): lp.polarity for lp in loops(build_graph(pack))}
    assert found[frozenset({"cane_crush", "sugar_output", "revenue", "field_renewal"})] == (
        "reinforcing"
    )
    ethanol = frozenset({"ethanol_output", "ethanol_stocks", "ethanol_price", "sugar_mix"})
    assert found[ethanol] == "balancing"


@pytest.fixture(scope="module")
def notes(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The brief of the default scenario and the lesson of the sugar rally, written once."""
    return written_notes(SUGAR, tmp_path_factory.mktemp("sugar"), "sugar-rally")


def test_a_fortnight_is_a_period_of_fourteen_days(notes: list[str]) -> None:
    told = flat(run("whatif", "frost", "--draws", "0"))
    assert "2w (15 Jul 2026), 6w (12 Aug 2026), 12w (23 Sep 2026), 26w (30 Dec 2026)" in told
    # a stock adds its flows up every fortnight (not 'every 2 weeks'), the fan reads the
    # path fortnight by fortnight, and the loops' lags count in weeks (8 periods are 16w)
    note, page = notes
    assert "added up every fortnight" in page and "every 2 weeks" not in page
    assert "Numbers to watch fortnight by fortnight" in note
    listed = run("loops")
    assert "lag  16w  cane_crush -> sugar_output -> revenue ->" in listed


def test_a_frost_cuts_the_crush_in_a_loss_that_fades_only_in_the_harvest() -> None:
    crush = moves("frost", "cane_crush")
    assert crush["2w"] == pytest.approx(-0.1425, abs=1e-3)
    assert crush["2w"] < crush["6w"] < crush["12w"] < crush["26w"] < 0
    assert moves("frost", "atr")["2w"] == pytest.approx(-5.38, abs=0.01)
    off_season = moves("frost and mills crushing falls to 10%", "cane_crush")
    assert max(abs(v) for v in off_season.values()) < 0.01
    # the default stops the mills from December, as every year: a frost then cuts no crush
    # until they start again in April, on cane the frost left
    december = moves("cane damage rises to 8% in December", "cane_crush")
    assert max(abs(december[h]) for h in ("2w", "6w", "12w")) < 1e-9
    assert moves("cane damage rises to 8% in August", "cane_crush")["2w"] < -0.1
    # the market's scare comes all the same
    assert moves("frost and mills crushing falls to 10%", "raw_sugar")["6w"] == pytest.approx(2.0)


def test_past_70_parity_drivers_switch_and_the_mill_goes_to_sugar() -> None:
    assert moves("parity rises to 69%", "sugar_mix")["2w"] == 0.0
    assert moves("parity rises to 71%", "sugar_mix")["2w"] == pytest.approx(5.0)
    below = moves("parity rises to 69%", "ethanol_sales")["2w"]
    above = moves("parity rises to 71%", "ethanol_sales")["2w"]
    assert below == pytest.approx(-0.594, abs=1e-3) and above == pytest.approx(-11.25, abs=0.01)
    cut = moves("petrobras-cut", "sugar_mix")
    assert cut["2w"] == 0.0 and cut["6w"] == pytest.approx(5.0168, abs=1e-3)
    told = flat(run("whatif", "petrobras-cut", "--draws", "0"))
    assert "Once ethanol parity reaches its trigger (at or above 70.0%)" in told


def test_a_sugar_rally_tips_the_mix_to_sugar_and_drains_the_tanks() -> None:
    assert moves("sugar-rally", "sugar_mix")["2w"] == pytest.approx(3.57)
    stocks = moves("sugar-rally", "ethanol_stocks")
    assert stocks["2w"] > stocks["6w"] > stocks["12w"] > stocks["26w"] > -60
    # 10% on BRL/USD is 10% on R$ 2,320 a tonne
    assert moves("real-slide", "sugar_in_reais")["2w"] == pytest.approx(232.0)


@pytest.mark.parametrize(
    ("question", "node", "expected"),
    [
        ("the real weakens 10%", "brl_usd", (pytest.approx(11.111, abs=1e-3), None)),
        ("BRL weakens 5%", "brl_usd", (pytest.approx(5.263, abs=1e-3), None)),
        ("gasoline rises to R$ 6,50", "gasoline_price", (None, 6.5)),
        ("hydrous falls R$ 0,10 a litre", "ethanol_price", (pytest.approx(-0.1), None)),
        ("petrobras raises gasoline by R$0.20 a litre", "petrobras_gasoline", (0.2, None)),
        ("raw sugar rallies 2 cents", "raw_sugar", (2.0, None)),
        ("sugar in reais rises to R$ 2,500/t", "sugar_in_reais", (None, 2500.0)),
        ("cane crush falls 100 thousand tonnes", "cane_crush", (pytest.approx(-0.1), None)),
    ],
)
def test_the_mill_s_moves_are_read_in_its_units(
    question: str, node: str, expected: tuple[object, object]
) -> None:
    assert shocked(question, node) == [expected]


def test_the_frost_of_2021_is_read_from_the_illustrative_series() -> None:
    answer = json.loads(run("backtest", "--draws", "0", "--format", "json"))
    seen = [o["observed"] for e in answer["episodes"] for o in e["observations"]]
    assert seen == [pytest.approx(2.3), pytest.approx(1.9)]


def test_the_brief_and_the_lesson_read_in_the_mill_s_words(notes: list[str]) -> None:
    note, page = notes
    assert "## Numbers to watch" in note
    assert "## Where the climate NGO departs from the evidence" in note
    assert "| Revenue | +R$ 7.3m a fortnight |" in note, note
    shown = re.sub(r"<script.*?</script>", "", page, flags=re.DOTALL)
    for text in (note.lower(), shown.lower()):
        for word in ("market-implied", "policy rate", "bitcoin", "boj", "dovish", "carry trade"):
            assert word not in text, word
    assert not re.search(r"\n## [^\n]+\n\n## ", note), "an empty section"


@pytest.mark.parametrize(
    ("question", "node", "change"),
    [
        ("what if Petrobras hikes gasoline by 20 centavos?", "petrobras_gasoline", 0.2),
        ("ethanol falls 10 centavos", "ethanol_price", -0.1),
        ("gasoline rises 20 centavos a litre", "gasoline_price", 0.2),
        ("gasoline rises 0.20 reais a litre", "gasoline_price", 0.2),
        ("revenue falls 20 million reais", "revenue", -20.0),
        ("revenue falls BRL 20m", "revenue", -20.0),
        ("gasoline rises BRL 0.20 a litre", "gasoline_price", 0.2),
    ],
)
def test_reais_centavos_and_brl_are_the_money_of_a_unit_in_r(
    question: str, node: str, change: float
) -> None:
    # "'cents' does not apply to petrobras_gasoline (in R$ a litre)", "'reais' does not
    # apply", "no scenario matches 'revenue falls BRL 20m'": the real had no name, no
    # hundredths and no code English reads, as the dollar, the euro and the krone have
    assert shocked(question, node) == [(pytest.approx(change), None)]


def test_centavos_are_no_cents_of_the_dollar() -> None:
    said = flat(run("whatif", "raw sugar rises 50 centavos", "--draws", "0", code=2))
    assert "'centavos' does not apply to raw_sugar (in ¢/lb)" in said, said


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("sugar in reais rises R$ 1.200", "'1.200' could be 1.2 or 1,200"),
        ("sugar in reais rises to R$ 2.500/t", "'2.500' could be 2.5 or 2,500"),
        ("revenue rises R$ 1.200m", "write 1,200 or 1.2"),
        ("sugar in reais rises 1.200 reais", "'1.200' could be 1.2 or 1,200"),
        ("ethanol rises to R$ 4.129 a litre", "write 4,129 or 4.1290"),
    ],
)
def test_reais_with_a_point_before_three_digits_are_refused_not_misread(
    question: str, said: str
) -> None:
    # 'sugar in reais rises to R$ 2.500/t' set sugar to R$ 2 a tonne, and 'R$ 1.200' moved it
    # R$ 1.20: a Brazilian's thousands read as an English decimal point, silently
    told = flat(run("whatif", question, "--draws", "0", code=2))
    assert said in told, told
    assert "Traceback" not in told


@pytest.mark.parametrize(
    ("question", "node", "level"),
    [
        ("sugar in reais rises to R$ 2.500,00", "sugar_in_reais", 2500.0),
        ("gasoline rises to R$ 6,50", "gasoline_price", 6.5),
        ("ethanol at the pump rises to R$ 4.1290 a litre", "ethanol_price", 4.129),
    ],
)
def test_reais_written_with_both_separators_are_read(
    question: str, node: str, level: float
) -> None:
    # 'no scenario matches': 'R$ 2.500,00', points between thousands and a decimal comma, has
    # one reading only
    assert shocked(question, node) == [(None, pytest.approx(level))]


@pytest.mark.parametrize(("question", "way"), [("reais weakens 5%", 1), ("reais firm 5%", -1)])
def test_the_currency_s_plural_names_the_currency_not_sugar_in_it(question: str, way: int) -> None:
    # 'reais' is no word of the real's names but of 'sugar in reais': it moved that price
    assert shocked(question, "brl_usd") == [(pytest.approx(way * 5.0, abs=0.3), None)]
    assert shocked(question, "sugar_in_reais") == []


def dated(question: str, node: str) -> list[str]:
    """The day of each shock ``question`` sets on ``node``, as read."""
    answer = json.loads(run("whatif", question, "--draws", "0", "--format", "json"))
    return [s["date"] for s in answer["shocks"] if s["node"] == node]


@pytest.mark.parametrize(
    ("question", "day"),
    [
        ("raw sugar rises 2 cents in the second half of July", "2026-07-16"),
        ("raw sugar rises 2 cents in the first half of June", "2026-06-01"),
        ("parity rises to 72% in the second fortnight of June", "2026-06-16"),
        ("raw sugar rises 2 cents in the 2nd half of 2026", "2026-07-01"),
    ],
)
def test_half_a_month_is_a_date_as_the_crush_reports_count(question: str, day: str) -> None:
    # 'no scenario matches ... in the second half of July': the industry reports the crush by
    # half-month, and its users date a move so
    node = "ethanol_parity" if "parity" in question else "raw_sugar"
    assert dated(question, node) == [day]


def test_a_scenario_said_in_its_own_half_month_is_that_scenario() -> None:
    assert run("whatif", "frost in the first half of July", "--draws", "0").startswith(
        "A frost in the first half of July\n"
    )
    said = flat(run("whatif", "a frost in the second half of July", "--draws", "0", code=2))
    assert "frost has no event in or on second half of Jul; its event is on 1 Jul 2026" in said


def test_a_name_the_pack_writes_nowhere_is_refused_before_a_size_it_cannot_read() -> None:
    # "'bp' does not apply to brl_usd (in %); write '-50%'": 'rates' read as the exchange
    # rate, and its size refused before the ECB, which the pack names nowhere
    said = flat(run("whatif", "the ECB cuts rates by 50bp", "--draws", "0", code=2))
    assert "nothing in the pack is named 'ECB'" in said, said
    assert "-50%" not in said


def test_points_of_a_price_are_never_offered_as_half_of_it() -> None:
    # 'write -50%' of a trader's 50 points of raw sugar (50 hundredths of a cent): half the
    # price offered for a move a hundred times smaller
    said = flat(run("whatif", "raw sugar falls 50 points", "--draws", "0", code=2))
    assert "write '-0.8¢/lb'" in said, said
    assert "-50%" not in said


@pytest.mark.parametrize("question", ["ATR falls 5 kg", "ATR falls by 5 kilos", "ATR falls 5 kg/t"])
def test_a_change_per_tonne_said_without_its_tonne_is_read_as_its_level_is(question: str) -> None:
    # "5 kg is a level of atr, whose changes read in kg/t; write atr@5": 'ATR falls to 130 kg'
    # read as 130 kg/t, and the agronomist's '5 kg' less offered as a level of 5 kg a tonne
    assert shocked(question, "atr") == [(pytest.approx(-5.0), None)]


@pytest.mark.parametrize("question", ["raw sugar rallies", "the ice rallies"])
def test_a_phrase_whose_noun_ends_in_y_is_said_as_its_verb(question: str) -> None:
    # "no scenario matches 'raw sugar rallies'" of the phrase 'raw sugar rally': a noun's verb
    # was read with an -s or -es, not as 'rally' makes 'rallies'
    assert run("whatif", question, "--draws", "0").startswith("Raw sugar rallies 3 cents\n")
    why = run("whatif", "why does the mix rise if raw sugar rallies?", "--draws", "0")
    assert why.startswith("Why the sugar mix moved")


def test_a_warning_counts_the_typical_move_in_a_fortnight() -> None:
    # 'its typical move in 2 weeks': the pack's period named by its length, not its noun
    result = CliRunner().invoke(
        main,
        ["whatif", "the real weakens 10%", "--draws", "0", "--pack", str(SUGAR)],
        env={"COLUMNS": "200"},
    )
    assert "5 times its typical move in a fortnight (1.5%)" in result.stderr, result.stderr


@pytest.mark.parametrize(
    "question", ["revenue falls R$ 20 million", "revenue falls R$20 million a fortnight"]
)
def test_money_with_its_multiple_spelt_out_is_read_beside_a_unit_in_millions(
    question: str,
) -> None:
    # "'million' does not apply to revenue (in R$ m a fortnight)": a pack whose other units
    # count in millions ('million litres') read 'million' as a unit of its own before
    # '$5 million' could be read as '$5m'
    assert shocked(question, "revenue") == [(pytest.approx(-20.0), None)]


@pytest.mark.parametrize(
    ("question", "said"),
    [
        (
            "ethanol sales drop 10 million litres a week",
            "10 million litres a week is 20 million litres a fortnight: "
            "write '-20 million litres a fortnight'",
        ),
        (
            "ethanol sales drop 20 million litres a month",
            "'million litres a month' does not apply to ethanol_sales",
        ),
    ],
)
def test_a_flow_said_per_another_time_is_refused_with_its_size_per_fortnight(
    question: str, said: str
) -> None:
    # 'no scenario matches': a flow said a week, of a pack counting it a fortnight, was read
    # as no size at all; a week converts exactly, a month of fortnights does not
    told = flat(run("whatif", question, "--draws", "0", code=2))
    assert said in told, told
    assert "-10 million litres a fortnight" not in told
