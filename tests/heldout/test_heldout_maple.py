"""A Quebec maple-syrup cooperative in the sugaring season, a field the machinery has never
seen, read as its treasurer, a Montreal agri-food journalist and a CEGEP teacher would.

The held-out pack tests/packs/heldout_maple counts in days: sap runs on days above 0 °C
after a night below it (a ``when``), and a warm night stalls the run for a few days (a
fading rule); the sap flow in litres per tap a day and the taps make the day's syrup in
thousand pounds; members' surplus fills the Federation's strategic reserve (a stock) and the
Federation's releases drain it, cut once the reserve falls below 40 million lb (a threshold
that fires a decision); a full reserve slows the bulk price in C$ a pound (a balancing loop
through the taps) and a good season funds more taps (a reinforcing loop); a US tariff and
USD/CAD move what US packers buy. It ships an illustrative daily sap-flow series with the
short season of 2021 read from it, and a US packer's view as an overlay.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from macrograph.graph.build import build_graph
from macrograph.graph.query import loops
from macrograph.graph.words.verbs import lexicon, unnegated
from macrograph.rules import load_pack
from macrograph.rules.lint.core import lint_pack
from tests.packfactory import moves_on, on_pack, shocked_on

MAPLE = Path(__file__).parents[1] / "packs" / "heldout_maple"


def run(*args: str, code: int = 0) -> str:
    """The output of a command on the pack in an 80-column terminal."""
    return on_pack(MAPLE, *args, code=code)


def moves(question: str, node: str) -> dict[str, float]:
    """The change of ``node`` at each horizon of ``question``'s what-if, without draws."""
    return moves_on(MAPLE, question, node)


def shocked(question: str, node: str) -> list[tuple[float | None, float | None]]:
    """The change and the level ``question`` sets ``node`` to, shock by shock."""
    return shocked_on(MAPLE, question, node)


@pytest.fixture(scope="module")
def brief(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The brief of the default scenario, without draws, written once for the module."""
    note = tmp_path_factory.mktemp("maple") / "note.md"
    run("brief", "--draws", "0", "-o", str(note))
    return note.read_text()


def test_the_pack_lints_clean_and_has_its_loops() -> None:
    pack = load_pack(MAPLE)
    assert [i for i in lint_pack(pack) if i.severity in ("error", "warning")] == []
    found = {frozenset(lp.nodes): lp.polarity for lp in loops(build_graph(pack))}
    assert found[frozenset({"syrup_made", "coop_revenue", "season_revenue", "taps"})] == (
        "reinforcing"
    )
    assert found[frozenset({"reserve", "bulk_price", "taps", "syrup_made"})] == "balancing"


def test_a_mild_day_after_a_frosty_night_runs_the_sap_into_syrup() -> None:
    # 3 °C warmer by day: 0.2 litres per tap a degree, 36k lb of syrup a litre per tap
    sap = moves("daytime temperature up 3°C", "sap_flow")
    assert sap["1d"] == pytest.approx(0.6)
    assert moves("daytime temperature up 3°C", "syrup_made")["1d"] == pytest.approx(21.6)


def test_the_sap_runs_only_after_a_night_below_freezing() -> None:
    # the same warmer day after nights that no longer freeze runs no more sap than the
    # warm nights alone leave
    thawed = moves("the overnight low rises to +2 °C", "sap_flow")["1w"]
    both = moves("the overnight low rises to +2 °C and the daytime high rises 3 °C", "sap_flow")
    assert both["1w"] == pytest.approx(thawed)


def test_an_early_thaw_s_lost_sap_fades() -> None:
    # the nights stop freezing for a week: the run stalls, and the loss fades once the frost
    # returns, well before the four weeks are out
    sap = moves("early thaw", "sap_flow")
    assert sap["1d"] < -0.3 and abs(sap["4w"]) < 0.01 < abs(sap["2w"])


def test_the_federation_cuts_its_releases_once_the_reserve_falls_below_40_million_lb() -> None:
    releases = moves("big-release", "releases")
    assert releases["1d"] == pytest.approx(250.0) and releases["4w"] == pytest.approx(50.0)
    assert set(moves("the reserve drops by 3 million lb", "releases").values()) == {0.0}


def test_a_tariff_keeps_us_packers_away_and_a_weaker_loonie_brings_them() -> None:
    assert moves("us-tariff", "us_sales")["1w"] == pytest.approx(-3.75)
    assert shocked("the loonie falls 5%", "usd_cad") == [
        (pytest.approx(100 / 95 * 100 - 100), None)
    ]
    assert moves("the loonie falls 5%", "us_sales")["4w"] > 0


def test_the_short_season_of_2021_is_read_from_the_illustrative_series() -> None:
    answer = json.loads(run("backtest", "--draws", "0", "--format", "json"))
    seen = [o["observed"] for e in answer["episodes"] for o in e["observations"]]
    assert seen == [pytest.approx(-0.7)]


@pytest.mark.parametrize(
    ("question", "change", "level"),
    [
        ("bulk price rises 10 cents per lb", 0.10, None),
        ("bulk price rises $0.10/lb", 0.10, None),
        ("bulk price rises $0.10 a lb", 0.10, None),
        ("bulk price rises 10 cents/lb", 0.10, None),
        ("bulk price to $3.30/lb", None, 3.30),
        ("bulk price to $3.30 per lb", None, 3.30),
        ("bulk price rises 10 cents a pound", 0.10, None),
    ],
)
def test_a_thing_a_price_counts_per_is_read_in_its_abbreviation(
    question: str, change: float | None, level: float | None
) -> None:
    # "'/lb' does not apply to bulk_price (in C$ a pound)", and 'cents per lb' matched no
    # scenario: a unit spelt 'a pound' took 'lb', the pound's own symbol, for a foreign unit
    expected = (
        None if change is None else pytest.approx(change),
        None if level is None else pytest.approx(level),
    )
    assert shocked(question, "bulk_price") == [expected]


@pytest.mark.parametrize(
    "clause", ["tariff doesnt rise", "tariff dont rise", "tariff didnt rise", "tariff wont rise"]
)
def test_a_negation_typed_without_its_apostrophe_is_a_negation(clause: str) -> None:
    # 'the federation doesnt cut the price' was read as a cut without a size
    assert (
        unnegated(lexicon(load_pack(MAPLE)), clause) == "tariff keeps"
    )  # the pack's first verb of holding


def test_a_negation_without_its_apostrophe_is_refused_as_a_hold_not_as_a_move() -> None:
    told = run("whatif", "the federation doesnt cut the price", code=2)
    assert "nothing to hold" in told and "not how far" not in told


def test_the_brief_reads_in_the_cooperative_s_words(brief: str) -> None:
    for heading in ("## Figures to watch", "## Thresholds", "## Scenario comparison"):
        assert heading in brief
    assert "## Where the US packer departs from the evidence" in brief
    assert "strategic reserve at or below 40.00 million lb" in brief
    assert "C$3.86 million" in brief
    for word in ("policy rate", "carry", "central bank", "yen", "dovish", "gilts"):
        assert word not in brief.lower(), word


def test_bad_input_is_one_clear_message() -> None:
    told = run("whatif", "the maple moth rises 5%", code=2)
    assert "Traceback" not in told and told.startswith("macrograph:")
