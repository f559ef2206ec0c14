"""An invented US mini-mill steel producer, a field the machinery has never seen, read as its
commercial team, a metals analyst and a teacher of an operations and trade-policy class would.

The held-out pack tests/packs/heldout_steel counts in weeks and writes in American English
and US dollars: hot-rolled coil in $ a short ton ($/st), prime scrap in $ a gross ton, iron
ore in $/dmt, power in ¢/kWh, capacity utilization in % moving in points, orders, receipts,
shipments and imports in thousand tons a week, service-center inventories in months of
supply (a stock: receipts in, shipments out), the import share in % moving in pp, a tariff in
% ad valorem the government raises when imports pass a quarter of the market while mills run
below 80% (a threshold under a ``when``), the mill idling a furnace below a $300/st metal
spread, auto builds in thousand units a week, lead times in weeks, restocking that fades,
a reinforcing loop through restocking and lead times and a balancing one through imports,
a strike at an auto plant (a temporary shock), an illustrative weekly coil series through a
restocking cycle read as an episode, and a buyer's view as an overlay.
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
from tests.packfactory import moves_on, on_pack

STEEL = Path(__file__).parents[1] / "packs" / "heldout_steel"


def run(*args: str, code: int = 0) -> str:
    """The output of a command on the pack in an 80-column terminal."""
    return on_pack(STEEL, *args, code=code)


def moves(question: str, node: str) -> dict[str, float]:
    """The change of ``node`` at each horizon of ``question``'s what-if, without draws."""
    return moves_on(STEEL, question, node)


def lesson_data(tmp_path: Path, scenario: str) -> dict[str, object]:
    """The data a lesson's page carries for its script."""
    page = tmp_path / "lesson.html"
    run("lesson", scenario, "--draws", "0", "-o", str(page))
    found = re.search(r'<script[^>]*id="lesson-data"[^>]*>(.*?)</script>', page.read_text(), re.S)
    assert found is not None
    return json.loads(found.group(1))  # type: ignore[no-any-return]


def test_the_pack_lints_clean_and_has_its_loops() -> None:
    pack = load_pack(STEEL)
    assert [i for i in lint_pack(pack) if i.severity != "info"] == []
    assert (pack.info.period, pack.info.language) == ("1w", 3)
    found = {frozenset(lp.nodes): lp.polarity for lp in loops(build_graph(pack))}
    restock = {"hrc_price", "restocking_orders", "buyer_orders", "lead_times"}
    assert found[frozenset(restock)] == "reinforcing"
    assert found[frozenset({"hrc_price", "imports"})] == "balancing"


@pytest.mark.slow
def test_a_lesson_names_what_set_off_a_threshold_and_its_causes_mid_sentence(
    tmp_path: Path,
) -> None:
    # the tariff that the government raised when imports passed a quarter of the market was
    # 'Cause: +25 points from the shock', as if the scenario had set it, and a cause read
    # 'from Capacity utilization', a capital mid-sentence
    info = lesson_data(tmp_path, "import-surge")["node_info"]
    tariff = info["4w"]["tariff"]["lines"]  # type: ignore[index]
    cause = next(line for line in tariff if line.startswith("Cause: "))
    assert cause.startswith("Cause: +25 points from the import share reaching its trigger (")
    scrap = info["4w"]["scrap_price"]["lines"]  # type: ignore[index]
    assert any(" from capacity utilization (" in line for line in scrap)


@pytest.mark.parametrize(
    "question",
    [
        "power costs up 2 cents",
        "power costs up 2 cents/kWh",
        "power costs up 2 cents per kWh",
        "power costs up 2¢ a kWh",
        "electricity up 2 cents a kWh",
        "power costs up 2¢ per kWh",
    ],
)
def test_cents_per_kwh_read_as_english_says_it(question: str) -> None:
    # '2 cents/kWh' was read and '2 cents per kWh' or '2¢ a kWh' was 'no scenario matches':
    # a unit of hundredths per a thing ('¢/kWh') is said with 'per' or 'a' as often as '/'
    assert moves(question, "electricity_cost")["1w"] == pytest.approx(2.0)
    assert moves(question, "metal_spread")["1w"] == pytest.approx(-9.0)


@pytest.mark.parametrize(
    "question",
    [
        "the government raises the tariff to 50%",
        "the government imposes a 50% tariff",
        "Washington slaps a 50% tariff",
        "the administration imposes a tariff of 50%",
    ],
)
def test_an_actor_who_imposes_a_sized_tariff_sets_it_at_that_level(question: str) -> None:
    # 'a 50% tariff' and 'the government raises the tariff to 50%' were read, but 'the
    # government imposes a 50% tariff' was 'no scenario matches', and 'imposes a tariff of
    # 50%' was refused with "'%' does not apply to tariff (in points)"
    assert moves(question, "tariff")["1w"] == pytest.approx(25.0)


@pytest.mark.parametrize(
    ("question", "node", "size"),
    [
        ("scrap jumps $50 a ton", "scrap_price", 50.0),
        ("hrc falls $100 a short ton", "hrc_price", -100.0),
        ("auto builds down 15%", "auto_builds", -45.0),
        ("utilization up 3 points", "utilization", 3.0),
    ],
)
def test_the_trade_s_own_ways_of_saying_a_size(question: str, node: str, size: float) -> None:
    assert moves(question, node)["1w"] == pytest.approx(size)
