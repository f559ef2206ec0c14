"""A Bangladeshi garment exporter, a field the machinery has never seen, read as its CFO, a
Dhaka-based analyst for a global sourcing firm and a business-studies teacher would, in
taka ('Tk 12,500 a month', '৳15,000', 'Tk 50 crore', 'Tk 3 lakh').

The held-out pack tests/packs/heldout_garment counts in months: brand orders (million
pieces a month) fill the lines (utilisation in % moving in pp), and past 90% the lead time
in days lengthens (a ``when`` on utilisation), costing on-time delivery and orders (a
balancing loop); orders bring hires into the headcount, a stock of hires less quits (in
thousand workers, '2,000 workers' read); the workers make pieces into finished goods, a
stock that shipping drains (balancing), and shipping on time wins orders (reinforcing).
The wage board sets the minimum wage (Tk a month, its decision), paid half again as the
festival bonus in the months of the Eid holidays (a ``when`` on the days closed for Eid);
below 12 hours of gas a day the factory runs its diesel generators (a threshold firing its
decision), at a cost in Tk crore a month ('Tk 40 lakh a month' read); labour unrest in
days lost costs output that fades; cotton in US cents a lb costs the mill; the taka per
dollar (BDT/USD, 'the taka depreciates' read as more taka to the dollar) lifts the export
earnings. It ships an illustrative monthly shipments series with the November 2023 wage
protests, and a workers' rights NGO's view as an overlay.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from macrograph.graph.build import build_graph
from macrograph.graph.query import loops
from macrograph.rules import load_pack
from macrograph.rules.lint.core import lint_pack
from tests.packfactory import flat, moves_on, on_pack, shocked_on

GARMENT = Path(__file__).parents[1] / "packs" / "heldout_garment"


def run(*args: str, code: int = 0) -> str:
    """The output of a command on the pack in an 80-column terminal."""
    return on_pack(GARMENT, *args, code=code)


def moves(question: str, node: str) -> dict[str, float]:
    """The change of ``node`` at each horizon of ``question``'s what-if, without draws."""
    return moves_on(GARMENT, question, node)


def shocked(question: str, node: str) -> list[tuple[float | None, float | None]]:
    """The change and the level ``question`` sets ``node`` to, shock by shock."""
    return shocked_on(GARMENT, question, node)


def test_the_pack_lints_clean_and_has_its_loops() -> None:
    pack = load_pack(GARMENT)
    assert [i for i in lint_pack(pack) if i.severity != "info"] == []
    assert (pack.info.period, pack.info.language) == ("1m", 3)
    found = {frozenset(lp.nodes): lp.polarity for lp in loops(build_graph(pack))}
    wins = {"brand_orders", "hires", "headcount", "production", "finished_goods", "shipments"}
    assert found[frozenset({*wins, "on_time_delivery"})] == "reinforcing"
    assert found[frozenset({"brand_orders", "utilisation", "lead_time"})] == "balancing"
    assert found[frozenset({"finished_goods", "shipments"})] == "balancing"


def test_a_gas_crisis_starts_the_generators_only_below_12_hours() -> None:
    assert set(moves("gas-crisis", "diesel_generators").values()) == {8.0}
    cost = moves("gas-crisis", "energy_cost")  # Tk 40 lakh a month for each hour a day
    assert list(cost.values()) == [pytest.approx(3.2)] * 4
    assert moves("gas supply falls to 11 hours a day", "diesel_generators")["1m"] == 8.0
    assert moves("gas supply falls to 13 hours a day", "diesel_generators")["1m"] == 0.0
    told = flat(run("whatif", "gas-crisis", "--draws", "0"))
    assert "Once gas supply reaches its trigger (at or below 12 hours a day)" in told, told


def test_lead_times_stretch_only_once_the_lines_pass_90_percent() -> None:
    assert moves("orders rise 100,000 pieces a month", "lead_time")["1m"] == 0.0  # to 88%
    full = moves("orders rise 300,000 pieces a month", "lead_time")  # to 94%: 4 pp past 90
    assert full["1m"] == pytest.approx(27.0)  # 3 days a point on the 9 pp of the move
    assert full["12m"] < full["1m"]  # the orders it loses bring the lines back under 90%


def test_the_eid_bonus_adds_half_a_month_only_in_an_eid_month() -> None:
    # 'above: 0' on the days closed for Eid held at 0 too (an edge counts as inside): the
    # bonus was paid every month until lint said so and the pack wrote 0.5
    plain = moves("minimum wage rises Tk 1,000", "wage_bill")
    assert plain["1m"] == pytest.approx(3.0)  # Tk 1,000 on 30,000 workers: Tk 3 crore
    eid = moves("minimum wage rises Tk 1,000 and eid holidays rise to 9 days", "wage_bill")
    assert eid["1m"] == pytest.approx(3.0 + 0.0015 * 3500)  # half again on the whole raise


def test_the_lost_output_of_a_strike_fades() -> None:
    lost = moves("wage-protests", "production")
    assert lost["1m"] == pytest.approx(-0.566, rel=0.01)  # 10 days, halving every 2 months
    assert lost["1m"] < lost["3m"] < lost["6m"] < lost["12m"] < 0
    assert moves("a 5-day strike", "production")["1m"] == pytest.approx(lost["1m"] / 2)


def test_a_weaker_taka_lifts_export_earnings() -> None:
    assert moves("taka-slide", "export_revenue")["1m"] == pytest.approx(5.684, rel=0.01)
    assert moves("cotton-rally", "material_cost")["1m"] == pytest.approx(5.25)
    assert moves("cotton-rally", "export_price")["3m"] == pytest.approx(0.09)


def test_the_2023_protests_are_read_from_the_illustrative_series() -> None:
    answer = json.loads(run("backtest", "--draws", "0", "--format", "json"))
    seen = [
        (o["observed"], o["sign_agrees"]) for e in answer["episodes"] for o in e["observations"]
    ]
    assert seen == [(pytest.approx(-0.24), True), (pytest.approx(-0.05), True)]


@pytest.fixture(scope="module")
def brief(tmp_path_factory: pytest.TempPathFactory) -> str:
    note = tmp_path_factory.mktemp("garment") / "note.md"
    run("brief", "wage-award", "--draws", "0", "-o", str(note))
    return note.read_text()


def test_the_brief_reads_in_the_factory_s_words(brief: str) -> None:
    assert "## Figures to watch" in brief
    assert "## Where the workers' rights NGO departs from the evidence" in brief
    assert "operating profit **Tk 10.5 crore a month lower**" in brief
    assert "Tk 15,000" in brief and "1.0 thousand workers lower" in brief
    for word in ("policy rate", "carry", "central bank", "investors", "yen", "dovish"):
        assert word not in brief.lower(), word
    sections = re.split(r"^## ", brief, flags=re.M)[1:]
    assert all(len(s.strip().splitlines()) > 1 for s in sections), [s[:40] for s in sections]


@pytest.mark.slow
def test_the_lesson_tells_each_link_in_the_pack_s_words(tmp_path: Path) -> None:
    page = tmp_path / "lesson.html"
    run("lesson", "wage-protests", "--draws", "0", "-o", str(page))
    text = flat(re.sub(r"<[^>]+>", " ", page.read_text()))
    assert "Labour unrest → Production" in text
    assert "halving every 2 months" in text
    assert "yen" not in text.lower() and "central bank" not in text.lower()


@pytest.mark.parametrize(
    ("question", "node", "expected"),
    [
        ("wage bill rises Tk 3 crore", "wage_bill", (3.0, None)),
        ("energy cost rises Tk 50 lakh a month", "energy_cost", (0.5, None)),
        ("export earnings fall Tk 5 crore", "export_revenue", (-5.0, None)),
        ("minimum wage rises to Tk 16,000", "minimum_wage", (None, 16000.0)),
        ("minimum wage rises to ৳16,000", "minimum_wage", (None, 16000.0)),
        ("minimum wage rises to 16,000 taka", "minimum_wage", (None, 16000.0)),
        ("minimum wage rises to Tk16,000 a month", "minimum_wage", (None, 16000.0)),
    ],
)
def test_a_size_in_taka_is_money(
    question: str, node: str, expected: tuple[float | None, float | None]
) -> None:
    # 'wage bill rises Tk 3 crore' set the wage bill to Tk 3 crore, from Tk 42 crore, and
    # 'minimum wage rises to Tk 16,000' was refused ("'Tk' is not a unit"): the taka's
    # letters were no currency's, so they read as a scale's ('AQI 412'), a level's name
    change, level = expected
    want = (None if change is None else pytest.approx(change), level)
    assert shocked(question, node) == [want]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("the wage board raises the minimum wage to Tk 16,000", (None, 16000.0)),
        ("the minimum wage board raises the minimum wage to Tk 16,000", (None, 16000.0)),
        ("wage board hikes minimum wage from Tk 12,500 to Tk 16,000", (None, 16000.0)),
        ("the wage board holds the minimum wage", (0.0, None)),
    ],
)
def test_one_who_decides_may_bear_a_name_of_what_it_decides(
    question: str, expected: tuple[float | None, float | None]
) -> None:
    # "no scenario matches 'the wage board raises the minimum wage to Tk 16,000'": 'wage',
    # a name of the minimum wage, was read as the subject and 'board' left unreadable
    change, level = expected
    want = (None if change is None else pytest.approx(change), level)
    assert shocked(question, "minimum_wage") == [want]


@pytest.mark.parametrize(
    ("question", "change"),
    [("the taka depreciates 3%", 3.093), ("taka strengthens 2%", -1.961)],
)
def test_the_taka_moves_against_its_price_of_a_dollar(question: str, change: float) -> None:
    assert shocked(question, "bdt_usd") == [(pytest.approx(change, rel=1e-3), None)]


@pytest.mark.parametrize(
    "args",
    [
        ("whatif", "minimum wage rises to Tk 15,000 crore crore"),
        ("whatif", "the sewing robots rise 5%"),
    ],
)
def test_bad_input_gets_one_clear_message(args: tuple[str, ...]) -> None:
    said = run(*args, "--draws", "0", code=2)
    assert said.startswith("macrograph: ") and "Traceback" not in said


def test_a_when_at_its_node_s_floor_is_linted(tmp_path: Path) -> None:
    # 'above: 0' on the days closed for Eid (floor 0) linted clean and held every month
    copy = tmp_path / "garment"
    shutil.copytree(GARMENT, copy)
    rules = copy / "rules.yaml"
    rules.write_text(
        rules.read_text().replace("eid_holidays, above: 0.5", "eid_holidays, above: 0")
    )
    found = [i for i in lint_pack(load_pack(copy)) if i.code == "when-always"]
    assert [(i.obj_id, i.field) for i in found] == [("eid_bonus_adds_half_a_month", "when.above")]
    assert "holds at every level of eid_holidays" in found[0].message
