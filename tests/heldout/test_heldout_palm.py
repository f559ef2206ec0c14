"""An Indonesian palm-oil company, a field the machinery has never seen, read as its finance
director in Jakarta, a Singapore-based commodities analyst and an agribusiness lecturer in
Pekanbaru would, in rupiah as Indonesians write them.

The held-out pack tests/packs/heldout_palm counts in months: rain feeds the fresh fruit bunch
(FFB) yield in t/ha a month nine months later, and an El Nino dries the estates only in the
June-to-September dry season (a ``when`` on the month); haze cuts the fruit in a loss that
fades; the reference price in US$/t past US$1,000 steps the export levy up (a threshold
firing the government's decision); the biodiesel mandate, written 'B40' (a unit whose sign
'B' the pack writes glued), draws CPO into domestic use and lifts the ringgit price on Bursa
Malaysia; CPO in the tanks is a stock that milling fills and sales drain, full tanks cutting
the price the mill offers smallholders in Rp/kg (a balancing loop); revenue in Rp miliar a
month buys fertiliser that lifts yields (a reinforcing loop); the rupiah ('Rp 16.200 per
dollar', with a point between thousands) is IDR/USD's other side. It ships an illustrative
monthly series of the local CPO price through the 2022 export ban, and an environmental
NGO's view as an overlay.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from macrograph.graph.build import build_graph
from macrograph.graph.query import loops
from macrograph.rules import load_pack
from macrograph.rules.lint.core import lint_pack
from tests.packfactory import flat, moves_on, on_pack, shocked_on, written_notes

PALM = Path(__file__).parents[1] / "packs" / "heldout_palm"


def run(*args: str, code: int = 0) -> str:
    """The output of a command on the pack in an 80-column terminal."""
    return on_pack(PALM, *args, code=code)


def moves(question: str, node: str) -> dict[str, float]:
    """The change of ``node`` at each horizon of ``question``'s what-if, without draws."""
    return moves_on(PALM, question, node)


def shocked(question: str, node: str) -> list[tuple[float | None, float | None]]:
    """The change and the level ``question`` sets ``node`` to, shock by shock."""
    return shocked_on(PALM, question, node)


@pytest.fixture(scope="module")
def notes(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The brief and the lesson of the pack's default scenario, written once."""
    return written_notes(PALM, tmp_path_factory.mktemp("palm"))


def test_the_pack_lints_clean_and_has_its_loops() -> None:
    pack = load_pack(PALM)
    assert [i for i in lint_pack(pack) if i.severity != "info"] == []
    assert (pack.info.period, pack.info.language) == ("1m", 3)
    found = {frozenset(lp.nodes): lp.polarity for lp in loops(build_graph(pack))}
    assert found[frozenset({"cpo_stocks", "ffb_price", "smallholder_ffb", "cpo_production"})] == (
        "balancing"
    )
    assert found[frozenset({"cpo_stocks", "cpo_sales"})] == "balancing"
    fertiliser = frozenset(
        {"cpo_production", "cpo_stocks", "cpo_sales", "revenue", "fertiliser", "ffb_yield"}
    )
    assert found[fertiliser] == "reinforcing"


@pytest.mark.parametrize(
    ("question", "node", "level", "change"),
    [
        ("the rupiah weakens to Rp 17.000 per dollar", "idr_usd", 17000.0, None),
        ("IDR/USD rises from Rp 16.200 to Rp 17.000", "idr_usd", 17000.0, None),
        ("FFB price to Rp 2.500/kg", "ffb_price", 2500.0, None),
        ("ffb price falls to Rp2.500", "ffb_price", 2500.0, None),
        ("local cpo price falls Rp 1.500/kg", "local_cpo_price", None, -1500.0),
        ("the tender price drops to Rp 10.000", "local_cpo_price", 10000.0, None),
        ("the rupiah at 17.000", "idr_usd", 17000.0, None),  # of a node in Rp, no sign said
        ("FFB price falls to 2.700", "ffb_price", 2700.0, None),
    ],
)
def test_rupiah_with_a_point_between_thousands_are_thousands(
    question: str, node: str, level: float | None, change: float | None
) -> None:
    # 'the rupiah weakens to Rp 17.000 per dollar' set IDR/USD to Rp 17 (-99.9%, run with a
    # warning) and 'falls Rp 1.500/kg' moved the price Rp 1.5: the point read as a decimal
    # point, where rupiah are written with no decimals and a point between thousands
    assert shocked(question, node) == [(change, level)]


@pytest.mark.parametrize(
    ("question", "change"),
    [
        ("revenue falls Rp 50 miliar", -50.0),
        ("revenue falls Rp 1,2 miliar", -1.2),
        ("revenue falls Rp 500 juta a month", -0.5),
        ("revenue rises Rp 0,1 triliun", 100.0),
    ],
)
def test_juta_miliar_and_triliun_are_the_units_words(question: str, change: float) -> None:
    assert shocked(question, "revenue") == [(pytest.approx(change), None)]


@pytest.mark.parametrize(
    ("question", "level"),
    [
        ("biodiesel mandate to B45", 45.0),
        ("the government raises the biodiesel mandate to B50", 50.0),
        ("the mandate rises from B35 to B40", 40.0),
        ("the government cuts the mandate to B30", 30.0),
    ],
)
def test_a_blend_written_glued_to_its_sign_is_its_level(question: str, level: float) -> None:
    # 'biodiesel mandate to B45' ran the B40 scenario, 'to B45' dropped as a purpose (as 'a
    # strike to demand pay'); 'the government raises the biodiesel mandate to B50' was refused:
    # a sign of letters the pack writes glued ('B40') was read only with a space
    assert shocked(question, "biodiesel_mandate") == [(None, level)]


def test_a_word_with_a_digit_after_to_is_no_purpose() -> None:
    # the scenario named, what follows 'to' dropped unread, where it is a level in no unit
    err = run("whatif", "haze to X45", "--draws", "0", code=2)
    assert "no scenario matches" in err and "Traceback" not in err


def test_the_scenario_phrases_with_the_blend_still_name_it() -> None:
    for question in ("B40", "b40 mandate", "the B40 and a weak rupiah"):
        assert shocked(question, "biodiesel_mandate") == [(None, 40.0)]


def test_a_dry_spell_costs_fruit_nine_months_later() -> None:
    yields = moves("rainfall drops 100mm", "ffb_yield")
    assert yields["6m"] == 0 and yields["12m"] == pytest.approx(-0.2)
    assert moves("rainfall drops 100mm", "cpo_production")["12m"] == pytest.approx(-4.0, rel=0.1)


def test_el_nino_dries_only_the_dry_season() -> None:
    # the month is a node of its own, said with the move: the date alone does not set it
    dry = moves("el nino rises to 1.5 in June 2027 and the month rises to 6", "rainfall")
    wet = moves("el nino rises to 1.5 in January 2027 and the month falls to 1", "rainfall")
    assert dry["1m"] == pytest.approx(-75.0)
    assert wet["1m"] == 0


def test_the_haze_loss_fades() -> None:
    lost = moves("haze rises to 30%", "ffb_yield")
    assert -0.3 < lost["1m"] < -0.2  # 0.01 t/ha a month for each point of haze, fading
    assert lost["1m"] < lost["3m"] < lost["12m"] <= 0 and abs(lost["12m"]) < 0.05


def test_the_reference_price_past_1000_steps_the_levy_up() -> None:
    assert moves("CPO price in dollars rises US$100/t", "export_levy")["3m"] == pytest.approx(34.0)
    assert moves("CPO price in dollars rises US$20/t", "export_levy")["3m"] == 0


def test_the_levy_and_a_weak_rupiah_move_the_local_price_as_said() -> None:
    assert moves("levy hike", "local_cpo_price")["1m"] == pytest.approx(-810.0)
    # 5% off the rupiah is 5.26% on IDR/USD, each 1% worth Rp 140/kg
    assert moves("rupiah weakens 5%", "local_cpo_price")["1m"] == pytest.approx(736.8, rel=0.01)
    assert moves("the rupiah strengthens 3%", "local_cpo_price")["1m"] < 0


def test_full_tanks_cut_the_smallholders_price() -> None:
    # Rp 10/kg off for each thousand tonnes, of the 20 less what a month's extra sales drain
    assert -200.0 < moves("stocks rise 20,000 tonnes", "ffb_price")["1m"] < -100.0


def test_the_2022_export_ban_is_read_from_its_series() -> None:
    out = flat(run("backtest", "--draws", "0"))
    assert "The 2022 export ban: the tanks fill and the local price crashes" in out
    assert "-Rp 7,100/kg" in out  # April to May 2022 in the illustrative series


def test_the_brief_and_the_lesson_read_as_this_pack(notes: list[str]) -> None:
    brief, lesson = notes
    for text in (brief, lesson):
        assert "Rp" in text and "miliar a month" in text
        for bundled in ("salmon", "krone", "inflation", "central bank"):
            assert bundled not in text.lower()
    assert "Where the NGO departs from the evidence" in brief
    assert "B40" in brief


def test_json_and_bad_input() -> None:
    answer = json.loads(run("whatif", "rupiah slide", "--draws", "0", "--format", "json"))
    assert [s["node"] for s in answer["shocks"]] == ["idr_usd"]
    err = run("whatif", "the cpo pirce risse RM 200", "--draws", "0", code=2)
    assert "Traceback" not in err and err.count("\n") < 8


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("CPO in the tanks rises 15.000 tonnes", "'15.000' could be 15 or 15,000"),
        ("the reference price climbs to $1.050", "'1.050' could be 1.05 or 1,050"),
    ],
)
def test_a_number_grouped_with_a_point_of_another_thing_is_read_neither_way(
    question: str, said: str
) -> None:
    # on a pack whose money is written '15.000', both ran silently as 15 and US$1.05
    assert said in flat(run("whatif", question, "--draws", "0", code=2))
