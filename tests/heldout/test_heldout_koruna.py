"""An invented Czech brewery group, a field the machinery has never seen, read as its CFO
in Plzeň, a Prague equity analyst writing in English and a secondary-school economics
teacher would.

The held-out pack tests/packs/heldout_koruna counts in quarters and writes koruna as Czechs
write it ('1 500 Kč', '42,50 Kč', 'CZK 2.3bn', 'mil. Kč', 'mld. Kč', haléř): a dry summer
shrinks the Saaz hop harvest a quarter later, only in the summer quarter (a ``when`` on the
quarter of the year); hops, barley and the government's excise duty in Kč per hl per degree
Plato reach the price of a půllitr; past 60 Kč landlords close pubs (a threshold firing
their decision); brewing fills the keg stock and sales drain it, and full kegs cheapen the
pint that sells less (a balancing loop); tourists' sales fund marketing that brings more
tourists (a reinforcing loop); the ČNB's repo rate moves EUR/CZK ('25,10 Kč za euro') and
the exports priced in euros; a covid closure's lost sales fade. It ships an illustrative
quarterly volume series with the 2020-21 closures read from it, and the pub landlords'
association's view as an overlay.
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

KORUNA = Path(__file__).parents[1] / "packs" / "heldout_koruna"


def run(*args: str, code: int = 0) -> str:
    """The output of a command on the pack in an 80-column terminal."""
    return on_pack(KORUNA, *args, code=code)


def moves(question: str, node: str) -> dict[str, float]:
    """The change of ``node`` at each horizon of ``question``'s what-if, without draws."""
    return moves_on(KORUNA, question, node)


def shocked(question: str, node: str) -> list[tuple[float | None, float | None]]:
    """The change and the level ``question`` sets ``node`` to, shock by shock."""
    return shocked_on(KORUNA, question, node)


def test_the_pack_lints_clean_and_has_its_loops() -> None:
    pack = load_pack(KORUNA)
    assert [i for i in lint_pack(pack) if i.severity != "info"] == []
    assert (pack.info.period, pack.info.language) == ("1q", 3)
    found = {frozenset(lp.nodes): lp.polarity for lp in loops(build_graph(pack))}
    tourism = frozenset({"tourist_stays", "domestic_volume", "revenue", "marketing_spend"})
    assert found[tourism] == "reinforcing"
    assert found[frozenset({"pint_price", "domestic_volume", "keg_stock"})] == "balancing"


def test_a_dry_summer_shrinks_the_hop_harvest_only_in_the_summer_quarter() -> None:
    # rain at 60% of normal: 40 pp times 0.04 thousand t, counted the quarter after
    harvest = moves("dry-summer", "hop_harvest")
    assert harvest["1q"] == pytest.approx(-1.6)
    assert harvest["1q"] < harvest["4q"] < harvest["8q"] < 0  # it fades as new hops grow
    assert moves("dry-summer", "hop_price")["1q"] == pytest.approx(96.0)  # 60 Kč/kg a kt
    # the same rain outside the summer quarter takes nothing off: against the default's
    # dry summer, the harvest is 1.6 thousand t larger
    spring = moves("the quarter falls to 1 and summer rain falls to 60%", "hop_harvest")
    assert spring["1q"] == pytest.approx(1.6)


def test_the_excise_reaches_the_pint_and_cuts_volumes() -> None:
    # 6 Kč per hl per °P: 12° times 6 Kč a hl, 200 půllitrs to the hl, 21% VAT: 0.44 Kč,
    # less a little as the kegs fill with unsold beer
    pint = moves("excise-hike", "pint_price")
    assert 0.38 < pint["1q"] < 0.44
    assert moves("excise-hike", "domestic_volume")["1q"] < 0
    assert moves("excise-hike", "keg_stock")["4q"] > 0


def test_a_pint_past_60_kc_closes_pubs_and_its_sales_go() -> None:
    assert set(moves("price-list-rise", "pub_closures").values()) == {40.0}
    pubs = moves("price-list-rise", "pubs_open")
    assert pubs["1q"] == -40.0 and pubs["8q"] == -320.0
    assert moves("the pint rises to 59,50 Kč", "pub_closures")["4q"] == 0.0
    told = flat(run("whatif", "price-list-rise", "--draws", "0"))
    assert "60" in told and "pub" in told.lower(), told


def test_tourists_fund_marketing_that_brings_more_tourists() -> None:
    stays = moves("tourist-boom", "tourist_stays")
    assert stays["1q"] == pytest.approx(0.8) and stays["2q"] > stays["1q"]
    assert moves("tourist-boom", "revenue")["1q"] == pytest.approx(0.8 * 20 * 2.6, rel=0.1)


def test_a_closure_order_s_lost_sales_fade() -> None:
    lost = moves("pubs-closed", "domestic_volume")
    assert lost["1q"] < lost["2q"] < lost["4q"] < lost["8q"] < 0
    assert abs(lost["8q"]) < 0.1 * abs(lost["1q"])


def test_a_cnb_cut_weakens_the_koruna_and_lifts_export_revenue() -> None:
    # 25bp is 0.4% on EUR/CZK, 1.2 million Kč more on 12 million euros of exports and 800 hl
    # a quarter more sold abroad, a quarter later
    assert list(moves("cnb-cuts", "eur_czk").values()) == [pytest.approx(0.4)] * 4
    assert moves("cnb-cuts", "revenue")["1q"] == pytest.approx(1.2 + 0.8 * 2.5, rel=0.05)


def test_the_closures_of_2020_are_read_from_the_illustrative_series() -> None:
    answer = json.loads(run("backtest", "--draws", "0", "--format", "json"))
    seen = [o["observed"] for e in answer["episodes"] for o in e["observations"]]
    assert seen == [-220.0, -240.0, -40.0], seen  # from 470 thousand hl in Q3 2020


@pytest.fixture(scope="module")
def notes(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The brief and the lesson, written once for the tests that read them."""
    return written_notes(KORUNA, tmp_path_factory.mktemp("koruna"))


def test_the_brief_and_the_lesson_speak_of_beer_and_koruna(notes: list[str]) -> None:
    brief, lesson = notes
    for text in (brief, lesson):
        assert "Kč" in text and "hl" in text
        for bundled in ("Bank Rate", "gilt", "BoE", "sterling"):
            assert bundled not in text, bundled
    assert "## " in brief and "\n## \n" not in brief


def test_the_summer_quarter_s_when_reads_as_that_quarter(notes: list[str]) -> None:
    # a band from 2.5 to 3.5 on a count written in whole quarters holds the third alone
    brief = flat(notes[0])
    assert "switches on, with the quarter of the year at Q3:" in brief, brief
    assert "Q2.5" not in brief and "Q3.5" not in brief
    lesson = flat(notes[1])
    assert "It works only while the quarter of the year is at Q3." in lesson
    assert "Q2.5" not in lesson


@pytest.mark.parametrize(
    ("question", "node", "change", "level"),
    [
        ("the ČNB cuts 25bp", "cnb_repo", -0.25, None),
        ("CNB raises the repo rate from 3.5% to 4.25%", "cnb_repo", None, 4.25),
        ("repo rate falls 0,25 pp", "cnb_repo", -0.25, None),
        ("the koruna strengthens to 24,50 Kč za euro", "eur_czk", None, 24.5),
        ("EUR/CZK rises to 25,80", "eur_czk", None, 25.8),
        ("the government raises the excise to 38 Kč per hl per °P", "excise_duty", None, 38.0),
        ("excise duty rises 20%", "excise_duty", 6.4, None),
        ("hop price falls 42,50 Kč", "hop_price", -42.5, None),
        ("the hop harvest falls 1 500 t", "hop_harvest", -1.5, None),
        ("barley price rises to 7 500 Kč/t", "barley_price", None, 7500.0),
        ("the půllitr goes from 58,50 Kč to 65 Kč", "pint_price", None, 65.0),
        ("pint up 2,50 Kč", "pint_price", 2.5, None),
        ("brewing falls 50 000 hl", "brewing", -50.0, None),
        ("domestic volume falls 20 000 hl a quarter", "domestic_volume", -20.0, None),
        ("marketing budget rises CZK 0.02bn", "marketing_spend", 20.0, None),
        ("pubs fall to 2 800", "pubs_open", None, 2800.0),
        # the koruna's names and its haléř, as Czechs write money after the number
        ("hops rise 50 CZK/kg", "hop_price", 50.0, None),
        ("the pint rises 2 koruna", "pint_price", 2.0, None),
        ("the pint rises 50 haléřů", "pint_price", 0.5, None),
        ("marketing up 20m Kč", "marketing_spend", 20.0, None),
        # 'mil.' and 'mld.', as Czech (and 'Mio.', 'Mrd.' as German) abbreviate a million
        # and a billion
        ("marketing up 20 mil. Kč", "marketing_spend", 20.0, None),
        ("revenue down to 1,2 mld. Kč", "revenue", None, 1200.0),
        ("export volume up 0,5 mil. hl", "export_volume", 500.0, None),
        # a quarter as an analyst dates it
        ("EUR/CZK at 26 in 3Q26", "eur_czk", None, 26.0),
        # a pair's move said against its other currency, named by its code's name
        ("the koruna depreciates 2% against the euro", "eur_czk", 100 / 49, None),
        ("the koruna gains 1% vs the euro", "eur_czk", -100 / 101, None),
    ],
)
def test_questions_in_its_users_words(
    question: str, node: str, change: float | None, level: float | None
) -> None:
    assert shocked(question, node) == [(pytest.approx(change), pytest.approx(level))]


def test_a_fan_charts_the_key_outcomes_that_move_only_after_a_lag(tmp_path: Path) -> None:
    # a dry summer reaches the pint and the volumes two quarters on, after the harvest is
    # counted: its fan shows them though nothing has moved yet at the first quarter
    target = tmp_path / "fan.svg"
    run("chart", "dry-summer", "--draws", "0", "-o", str(target))
    assert target.read_bytes().startswith(b"<?xml")
    assert "půllitr" in target.read_text()
