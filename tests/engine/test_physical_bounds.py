"""Physical bounds of a node's level: a level past a floor or ceiling is recorded in the
result (not clamped: the rules stay linear), told under the what-if's and the brief's key
outcomes, listed in the JSON, and warned of by ``lint`` when the pack's own scenario does it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from macrograph.graph.bounded import past_bounds
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.rules import load_pack
from macrograph.rules.pack import Pack
from tests.packfactory import Cli, write_pack

# A stock drained by the bond yield: the tiny pack's half-priced 25bp hike surprises by
# 12.5bp, the priced path and the yield follow (0.4 per point: +5bp), and 400 points of the
# stock per point of yield take 20 from a stock of 10.
STOCK = """\
nodes:
  - id: reserves
    label: Bank reserves
    kind: flow
    region: JP
    unit: index
    description: A stock that cannot go below none.
    baseline: {{value: 10, as_of: 2025-12-01, cites: {{basis: seed, claims: [C01]}}}}
{bound}rules:
  - id: yield_drains_reserves
    kind: linear
    source: bond_yield
    target: reserves
    channel: fx
    effect: "-"
    magnitude: {{elasticity: 400, units: index/pct}}
    confidence: low
    because: a higher yield drains reserves
    cites: {{basis: seed, claims: [C02]}}
"""
FLOOR = "    floor: 0\n"
NOTE = (
    "Past a bound: bank reserves at -10 after 3 months, below the floor of 0. The rules are "
    "linear and overstate a move this large: read it as at most a fall to 0."
)  # a linear rule moves the reserves: no integrate rule drains them, so not "the whole stock"


def _stock_pack(tmp_path: Path, bound: str) -> Path:
    return write_pack(tmp_path, {"stock.yaml": STOCK.format(bound=bound)})


def _whatif(cli: Cli, folder: Path, *more: str) -> str:
    out = cli("whatif", "base", "--pack", str(folder), "--draws", "0", *more)
    assert out.code == 0, out.stderr
    return out.stdout


def test_spread_scenario_names_the_carry_positions_floor(cli: Cli) -> None:
    """The 1.5pp spread scenario unwinds about $395bn of a $250bn stock: the table's level
    stays as the rules give it, and the note under it names the node, level and floor."""
    out = cli("whatif", "spread-1-5", "--draws", "0")
    assert out.code == 0, out.stderr
    table, rest = out.stdout.split("How it happens", 1)
    note = " ".join(table.split("Past a bound:", 1)[1].split())
    assert note == (
        "yen carry-trade positions at -$131.5bn after 3 months, below the floor of $0. The "
        "rules are linear and overstate a move this large: read it as at most the whole "
        "stock, down to $0."
    )
    assert "-$131.5bn" in table.split("Past a bound:")[0]  # reported, not clamped
    assert "Past a bound" not in rest


def test_spread_scenario_json_lists_the_levels_past_the_floor(cli: Cli) -> None:
    out = cli("whatif", "spread-1-5", "--draws", "0", "--format", "json")
    assert out.code == 0, out.stderr
    body = json.loads(out.stdout)
    passed = body["past_bounds"]
    assert {(b["node"], b["side"], b["bound"], b["reading"]) for b in passed} == {
        ("yen_carry_positions", "floor", 0.0, "level")
    }
    assert [b["horizon"] for b in passed] == body["horizons"]  # every horizon, in order
    levels = body["nodes"]["yen_carry_positions"]["level"]
    assert all(b["level"] == levels[b["horizon"]] < 0.0 for b in passed)


def test_band_end_past_the_floor_is_recorded(pack: Pack) -> None:
    """With draws, the 5th percentile's level passes the floor where the median's does not
    (us-data-scare unwinds most of the stock on the first day)."""
    result = propagate(pack, "us-data-scare", RunOptions(draws=200))
    found = {(b.node, b.horizon, b.reading) for b in result.past_bounds}
    assert ("yen_carry_positions", "1d", "p5") in found
    assert not any(reading == "level" for _, _, reading in found)
    node = result.nodes["yen_carry_positions"]
    [first] = [b for b in result.past_bounds if (b.horizon, b.reading) == ("1d", "p5")]
    assert first.level == pytest.approx(node.level_against["1d"] + node.band["1d"].p5)
    # told because the scenario's own draws pass the floor too, not its difference alone
    baseline = pack.nodes["yen_carry_positions"].baseline
    assert node.own_band is not None and baseline is not None
    assert baseline.value + node.own_band["1d"][0] < 0.0


def test_bounded_stock_shows_the_note_in_text_markdown_and_html(cli: Cli, tmp_path: Path) -> None:
    folder = _stock_pack(tmp_path, FLOOR)
    assert NOTE in " ".join(_whatif(cli, folder).split())
    markdown = _whatif(cli, folder, "--format", "md")
    assert f"\n\n{NOTE}\n" in markdown
    html = _whatif(cli, folder, "--format", "html")
    assert f'<p class="note">{NOTE}</p>' in html


def test_unbounded_stock_shows_no_note(cli: Cli, tmp_path: Path) -> None:
    folder = _stock_pack(tmp_path, "")
    text = _whatif(cli, folder)
    assert "Bank reserves" in text and "-10" in text  # the same level, without a bound
    assert "Past a bound" not in text
    assert json.loads(_whatif(cli, folder, "--format", "json"))["past_bounds"] == []


def test_a_unit_bounds_its_levels(tmp_path: Path) -> None:
    """A probability passes its unit's ceiling of 1 without a bound of its own."""
    odds = (
        STOCK.format(bound="")
        .replace("unit: index", "unit: prob")
        .replace("value: 10", "value: 0.9")
        .replace('effect: "-"', 'effect: "+"')
        .replace("elasticity: 400, units: index/pct", "elasticity: 4, units: prob/pct")
    )
    pack = load_pack(write_pack(tmp_path, {"stock.yaml": odds}))
    [passed] = {
        (b.node, b.side, b.bound) for b in propagate(pack, "base", RunOptions(draws=0)).past_bounds
    }
    assert passed == ("reserves", "ceiling", 1.0)


@pytest.mark.slow  # a brief
def test_brief_tells_the_bound_under_its_key_outcomes(cli: Cli) -> None:
    out = cli("brief", "spread-1-5", "-o", "-", "--draws", "0")
    assert out.code == 0, out.stderr
    keys, rest = out.stdout.split("## Policy calendar", 1)
    assert "\n\nPast a bound: yen carry-trade positions at -$131.5bn after 3 months" in keys
    assert "read it as at most the whole stock, down to $0." in keys
    assert "Past a bound" not in rest


@pytest.mark.parametrize(
    "scenario", ["december-2025", "boj-skips", "august-2024-surprise", "spread-1-5-jgb"]
)
def test_no_note_where_nothing_passes_a_bound(cli: Cli, pack: Pack, scenario: str) -> None:
    result = propagate(pack, scenario, RunOptions(draws=0))
    assert past_bounds(pack, result) == result.past_bounds == ()
    out = cli("whatif", scenario, "--draws", "0")
    assert out.code == 0, out.stderr
    assert "Past a bound" not in out.stdout


def test_lint_warns_where_a_scenario_of_the_pack_passes_a_bound(cli: Cli, tmp_path: Path) -> None:
    folder = _stock_pack(tmp_path, FLOOR)
    out = cli("lint", str(folder), "--format", "json")
    assert out.code == 0, out.stdout
    [found] = [f for f in json.loads(out.stdout)["findings"] if f["code"] == "past-bound"]
    assert (found["file"], found["obj_id"], found["field"], found["severity"]) == (
        "scenarios.yaml",
        "base",
        "shocks",
        "warning",
    )
    assert found["message"].startswith(
        "takes reserves to -10 after 1 day, below its floor of 0: the linear rules overstate"
    )
    unbounded = cli("lint", str(_stock_pack(tmp_path / "free", "")), "--format", "json")
    assert "past-bound" not in unbounded.stdout


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_explaining_a_node_past_its_floor_says_so_under_its_move(cli: Cli, fmt: str) -> None:
    # A reader who asks why carry positions moved reads the impossible level with its caveat;
    # a node of the same run that stays within its bounds is explained without one.
    run = ("--scenario", "spread-1-5", "--draws", "0", "--format", fmt)
    out = cli("explain", "yen_carry_positions", *run)
    assert out.code == 0, out.stderr
    told = " ".join(out.stdout.replace("&#8288;", "").split())  # HTML joins a sign to a symbol
    move, rest = told.split("Causes, strongest first", 1)
    assert "Past a bound: yen carry-trade positions at -$131.5bn after 3 months, below the " in move
    assert "read it as at most the whole stock, down to $0." in move
    assert "Past a bound" not in rest
    usd_jpy = cli("explain", "usd_jpy", *run)
    assert usd_jpy.code == 0 and "Past a bound" not in usd_jpy.stdout


def test_two_views_tell_which_view_passes_a_bound_in_the_pack_s_units(cli: Cli) -> None:
    # Side by side, the evidence unwinds more carry than there is; the note says in which view,
    # and the level reads in the pack's own unit ($bn), not the unit's id.
    out = cli("whatif", "spread-1-5", "--draws", "0", "--against-overlay", "article")
    assert out.code == 0, out.stderr
    told = " ".join(out.stdout.split())
    assert (
        "Past a bound (the evidence): yen carry-trade positions at -$131.5bn after 3 months" in told
    )
    assert "usd_bn" not in told
