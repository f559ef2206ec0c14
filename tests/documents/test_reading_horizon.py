"""Where the documents read a scenario, and what they say of a trigger not reached and of a
chain's size.

A passing shock (a volcanic eruption's aerosols fall out within two years) was told after 30
years, when its cooling had gone: the brief said only that sea level was 11 mm lower. The
what-if's prose, the brief and the diagrams now read where the headline does for such a
shock, and at the last horizon for a lasting one, unless the user names a horizon. A trigger
the scenario keeps away from was told with a near miss that was the comparison's own level;
``paths`` printed a chain's size as ``-1.11e-05`` with no unit.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from macrograph.explain.brief.note import NoteOptions, make_brief
from macrograph.explain.contexts.whatif import build_whatif
from macrograph.explain.diagram.build import chain_diagram, map_diagram
from macrograph.explain.diagram.views import diff_diagram
from macrograph.explain.export import to_mermaid
from macrograph.explain.narrative import Layout, render_whatif
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.rules import load_pack

PACKS = Path(__file__).parents[1] / "packs"
CLIMATE = PACKS / "heldout_climate"
Cli = Callable[..., Any]


def flat(text: str) -> str:
    return " ".join(text.split())


def volcano() -> tuple[Any, Any]:
    pack = load_pack(CLIMATE)
    return pack, propagate(pack, "volcanic-eruption", RunOptions(draws=0))


# --- 1. the reading horizon follows the headline for a passing shock ---------------------


def test_a_passing_shock_is_told_where_it_happens_in_the_what_if() -> None:
    pack, result = volcano()
    text = flat(render_whatif(pack, result, "md"))
    assert "prose at 1y (1 Jan 2028)" in text
    assert "After 1 year the biggest consequences" in text
    assert "## How it happens (after 1 year)" in text
    assert "**Global mean temperature anomaly: 0.32 °C lower**, at 1.03 °C" in text
    assert "after 30 years" not in text.split("## How it happens")[1].split("## Thresholds")[0]


def test_a_route_read_early_leaves_out_the_shocks_still_to_come() -> None:
    # after a year the aerosols were told gone 'then rises 0.00 W/m²': that shock comes in 2029
    pack, result = volcano()
    text = flat(render_whatif(pack, result, "md"))
    story = text.split("## How it happens")[1].split("## Also moving")[0]
    assert (
        "Aerosols cut the forcing by 2.5 W/m², then half the aerosols fall out: volcanic "
        "aerosol forcing falls 2.5 W/m², then rises 1.5 W/m²; this lowers"
    ) in story
    assert "the aerosols are gone" not in story and "0.00 W/m²" not in story


def test_a_passing_shock_is_told_where_it_happens_in_the_brief() -> None:
    pack = load_pack(CLIMATE)
    note = flat(
        make_brief(pack, "volcanic-eruption", NoteOptions(fmt="md"), RunOptions(draws=0)).text
    )
    assert "prose at 1y (1 Jan 2028)" in note
    bottom = note.split("## Bottom line")[1].split("##")[0]
    assert bottom.startswith(" After 1 year (1 Jan 2028)")
    assert "the global mean temperature anomaly **0.32 °C lower**" in bottom
    assert "| Level at 1y |" in note and "%% macrograph chain at 1y" in note
    assert "![Moves after 1 year]" not in note  # no charts on stdout; the table reads at 1y


def test_the_diagrams_draw_a_passing_shock_where_it_happens() -> None:
    pack, result = volcano()
    assert "transmission chain at 1y" in chain_diagram(pack, result).source
    assert "scenario minus comparison at 1y" in diff_diagram(pack, result).source
    assert "what moved in bold, at 1y" in map_diagram(pack, result).source
    assert to_mermaid(pack, result).startswith("%% macrograph chain at 1y")
    assert "transmission chain at 30y" in chain_diagram(pack, result, "30y").source


def test_a_lasting_shock_is_still_told_at_the_last_horizon() -> None:
    # a three-point rate rise lifts mortgage rates at once and for good; house prices fall
    # only later: its headline reads at once, its prose where the fall has come
    housing = load_pack(PACKS / "heldout_housing")
    ctx = build_whatif(housing, propagate(housing, "rate-shock", RunOptions(draws=0)))
    assert ctx.headline.horizon == "3m" and ctx.header.focus == "5y"
    pack = load_pack()
    skips = build_whatif(pack, propagate(pack, "boj-skips", RunOptions(draws=0)))
    assert skips.headline.horizon == skips.header.focus == "3m"  # a decision, as before


def test_a_named_horizon_is_read_where_the_user_asks(cli: Cli, tmp_path: Path) -> None:
    asked = ("volcanic-eruption", "--pack", str(CLIMATE), "--draws", "0")
    text = flat(cli("whatif", *asked, "--horizon", "30y").stdout)
    assert "prose at 30y (1 Jan 2057)" in text and "How it happens (after 30 years)" in text
    assert "After 30 years the biggest consequences" in text
    between = flat(cli("whatif", *asked, "--horizon", "3y").stdout)
    assert "2y (1 Jan 2029), 3y (1 Jan 2030), 5y" in between and "prose at 3y" in between
    note = tmp_path / "v.md"
    out = cli("brief", *asked, "--horizon", "30y", "-o", str(note))
    assert out.code == 0, out.stderr
    assert "prose at 30y (1 Jan 2057)" in flat(note.read_text("utf-8"))
    wrong = cli("whatif", *asked, "--horizon", "3y", "--weighted")
    assert wrong.code == 2 and "--horizon reads one answer" in wrong.stderr


def test_a_horizon_of_no_periods_is_the_event_s_own_day_or_period(cli: Cli) -> None:
    # 'ends 25bp lower after 0 days' read as a slip: a horizon of none is when the event
    # happens, the day itself in a daily pack and the same month in a monthly one
    text = flat(
        cli("whatif", "BoJ skips", "--horizons", "0d,1m", "--horizon", "0d", "--draws", "0").stdout
    )
    assert "ends 25bp lower on the day [1]. On the day the biggest consequences:" in text
    assert "How it happens (on the day)" in text and "after 0" not in text.lower()
    labour = PACKS / "heldout_labour"
    monthly = flat(
        cli(
            "whatif", "rate-rise", "--pack", str(labour), "--horizons", "0m,3m", "--draws", "0"
        ).stdout
    )
    assert "ends 40 basis points higher in the same month [1]." in monthly


# --- 2. a near miss is told only when the scenario makes it -------------------------------


def test_a_trigger_the_scenario_keeps_away_from_has_no_near_miss() -> None:
    # the carbon tax cools the planet; its nearest point to 1.5 °C is the untaxed 1.35 °C of
    # the first year, the same as with no shocks: no near miss of the tax's
    pack = load_pack(CLIMATE)
    result = propagate(pack, "carbon-tax", RunOptions(draws=0))
    text = flat(render_whatif(pack, result, "text", layout=Layout(width=96)))
    told = text.split("Not reached:")[1].split(". ")[0]
    assert "it is at 1.27 °C after 30 years (1.35 °C with no shocks), 0.23 °C short" in told
    assert "comes within" not in told and "brings the level" not in told
    note = flat(make_brief(pack, "carbon-tax", NoteOptions(fmt="md"), RunOptions(draws=0)).text)
    assert "at or above 1.50 °C (it is 0.23 °C short, at 1.27 °C after 30 years)" in note


def test_a_near_miss_the_scenario_makes_is_told_as_its_doing() -> None:
    supply = load_pack(PACKS / "heldout_supply")
    result = propagate(supply, "demand-spike", RunOptions(draws=0))
    text = flat(render_whatif(supply, result, "md"))
    assert (
        "it is at 256 units after 4 weeks (200 units with no shocks); the scenario brings the "
        "level within 20 units of the threshold after 1 week (300 units, against 200 units "
        "with no shocks)."
    ) in text
    note = flat(make_brief(supply, "demand-spike", NoteOptions(fmt="md"), RunOptions(draws=0)).text)
    assert (
        "(the scenario brings the level within 20 units, at 300 units after 1 week, against "
        "200 units with no shocks)"
    ) in note


@pytest.mark.slow
def test_no_held_out_trigger_is_told_with_a_near_miss_the_comparison_makes() -> None:
    # these told a near miss that was only the unmoved level, as near in the comparison
    spurious = {
        ("heldout_outbreak", "vaccination-drive"),
        ("heldout_outbreak", "variant-and-drive"),
        ("heldout_reservoir", "dry-spring-cut"),
        ("heldout_reservoir", "wet-winter"),
        ("heldout_climate", "carbon-tax"),
        ("heldout_climate", "volcanic-eruption"),
    }
    told = set()
    for folder in sorted(PACKS.glob("heldout_*")):
        pack = load_pack(folder)
        for scenario in sorted(pack.scenarios):
            result = propagate(pack, scenario, RunOptions(draws=0))
            if any(t.closest_elsewhere for t in build_whatif(pack, result).thresholds):
                told.add((folder.name, scenario))
    assert told & spurious == set()
    assert {("heldout_supply", "demand-spike"), ("heldout_grid", "cold-snap")} <= told


# --- 3. a chain's size in its nodes' units ------------------------------------------------


def test_paths_tells_a_chains_size_in_its_nodes_units(cli: Cli) -> None:
    out = cli("paths", "carbon_price", "global_temperature", "--pack", str(CLIMATE))
    assert out.code == 0, out.stderr
    first = out.stdout.splitlines()[0]
    # per ten dollars, a carbon price's typical move (per one it read -0.000011 °C)
    assert first.startswith("- -0.00011 °C per $10 a tonne of CO₂, added up every year (2 times)")
    assert not re.search(r"\de[-+]\d", out.stdout)
    out = cli("paths", "fossil_emissions", "sea_level", "--pack", str(CLIMATE))
    assert "+0.0025 mm per 1 GtC a year, added up every year (3 times)" in out.stdout
