"""A river basin with a reservoir, a field none of the other packs covers, read as its users
would: flows in m³/s, storage in hm³, a week's step, parallel rules from rain to the river (a
quick runoff that fades and a baseflow that lasts), an allotment cut under a ``when`` and
thresholds for an emergency and the spillway.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import macrograph
from macrograph.explain.cli import main
from macrograph.explain.contexts.bounds import bound_notes
from macrograph.graph.weighted import propagate_weighted
from macrograph.rules import load_pack
from macrograph.rules.lint.core import lint_pack
from tests.packfactory import flat

RESERVOIR = Path(__file__).parents[1] / "packs" / "heldout_reservoir"


def run(*args: str) -> str:
    """``macrograph ARGS...`` on the reservoir pack, in-process; stdout after a success."""
    argv = [*args, "--pack", str(RESERVOIR), "--draws", "100"]
    result = CliRunner().invoke(main, argv, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def test_the_pack_lints_clean() -> None:
    issues = lint_pack(load_pack(RESERVOIR))
    assert [i for i in issues if i.severity == "error"] == []


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("releases rise by 20 m3/s", "Reservoir releases +20"),
        ("releases rise 20 m³/s", "Reservoir releases +20"),
        ("storage falls 100 hm3", "Reservoir storage -100"),
        ("inflow falls 10 cumecs", "River inflow -10"),
    ],
)
def test_a_unit_with_a_superscript_may_be_typed_either_way(question: str, title: str) -> None:
    # 'm³/s' as the pack writes it, 'm3/s' as a keyboard does: both name the unit
    first = run("whatif", question).splitlines()[0]
    assert first.startswith(title)
    assert "m³/s" in first or "hm³" in first


def test_a_shock_may_spell_a_superscript_unit_in_plain_digits() -> None:
    text = run("whatif", "dry-spring", "--shock", "reservoir_releases=+20m3/s")
    assert "Reservoir releases are set 20 m³/s higher on 2 Mar 2026" in flat(text)


@pytest.fixture(scope="module")
def dry_year() -> str:
    """``whatif dry-year``: a year of rain 12 mm a week below normal, as text."""
    return run("whatif", "dry-year")


def test_parallel_rules_are_told_with_their_own_amounts(dry_year: str) -> None:
    # rain reaches the river by two rules: a quick runoff that has faded after a year and a
    # baseflow that lasts; each route tells its own rule's share, not the first one's twice
    result = macrograph.propagate(load_pack(RESERVOIR), "dry-year", macrograph.RunOptions(draws=0))
    paths = {
        c.rules[0]: -c.amount["52w"]
        for c in result.nodes["reservoir_storage"].contributions
        if c.kind == "path" and c.rules[-1] == "inflow_fills_storage"
    }
    assert paths["rain_recharges_baseflow"] > 5 * paths["rain_runs_off"] > 0
    story = flat(dry_year.split("How it happens")[1].split("Irrigation allotment:")[0])
    told = [float(x) for x in re.findall(r"lowers reservoir storage by ([0-9.]+) hm³", story)]
    assert told == [round(paths["rain_recharges_baseflow"]), round(paths["rain_runs_off"])]
    assert "by 0.00" not in story  # a faded step is told by its direction


def test_a_field_of_another_part_is_not_suggested_as_itself(tmp_path: Path) -> None:
    # a unit has no floor (a node has): the message must not answer "did you mean 'floor'?"
    pack = tmp_path / "pack"
    shutil.copytree(RESERVOIR, pack)
    info = pack / "pack.yaml"
    text = info.read_text(encoding="utf-8")
    info.write_text(text.replace("{id: hm3, ", "{id: hm3, floor: 0, "), encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", str(pack)])
    assert result.exit_code == 2
    assert "did you mean 'floor'" not in result.stderr
    assert "field 'units.2.floor': unknown field 'floor' here" in result.stderr


def test_a_node_only_a_threshold_moves_is_cited_by_it(dry_year: str) -> None:
    # the emergency stage is declared by a threshold: 'Also moving' cites it, with no stray
    # space before the full stop where a citation was missing
    text = flat(dry_year)
    fires = re.search(
        r"emergency_stage_starts \[(\d+)\] needs|emergency_stage_starts moves .*? \[(\d+)\]", text
    )
    assert fires is not None
    number = fires.group(1) or fires.group(2)
    assert f"After 52 weeks: the drought restriction stage +1 [{number}]." in text
    assert " ." not in text


def test_a_flow_past_its_floor_is_not_called_a_stock() -> None:
    # allotments and diversions are not stocks: a dry year takes them below 0, and the
    # reader is told how far to read them, not that the "whole stock" is gone
    text = flat(run("whatif", "dry-year", "--shock", "irrigation_allotment=-60pp"))
    assert "stock" not in text.split("Past ")[1].split("How it happens")[0]
    lint = CliRunner().invoke(main, ["lint", str(RESERVOIR)])
    assert "whole stock" not in lint.stdout + lint.stderr
    single = flat(run("whatif", "hydropower falls 5 gwh a week"))
    assert "read it as at most a fall to 0.00 GWh a week." in single
    exact = macrograph.RunOptions(draws=0)
    pack = load_pack(RESERVOIR)
    result = macrograph.propagate(pack, "storage falls 700 hm3", exact)
    notes = {n.node: n.stock for n in bound_notes(pack, result, "52w")}
    assert notes == {
        "irrigation_allotment": False,
        "irrigation_diversion": False,
        "reservoir_storage": True,
    }


def test_a_band_that_only_rounds_past_a_floor_is_not_told() -> None:
    # the spill's band ends a few hundredths of a m³/s below 0: it reads "-0.0", at the floor
    argv = ["whatif", "irrigation allotment falls 85 pp", "--pack", str(RESERVOIR)]
    result = CliRunner().invoke(main, [*argv, "--draws", "50"], catch_exceptions=False)
    text = flat(result.stdout)
    assert "irrigation allotment at -5% of entitlement" in text  # a real passing is told
    assert "-0.0 m³/s" not in text
    assert "band of spillway flow" not in text


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("storage falls to 400 hm3", "Reservoir storage at 400 hm³"),
        ("rainfall drops to 10 mm a week", "Catchment rainfall at 10 mm a week"),
        ("allotment falls to 50%", "Irrigation allotment at 50% of entitlement"),
    ],
)
def test_a_level_asked_for_is_titled_as_the_pack_writes_it(question: str, title: str) -> None:
    # the title read "Reservoir storage at 400hm3" and "Catchment rainfall at 10mm a week"
    assert run("whatif", question).splitlines()[0] == title


def test_a_bottom_line_counts_two_and_one_in_words(tmp_path: Path) -> None:
    # it read "the other 1 of the 3 headline figures moves less" and "all 2 headline
    # figures that move keep their direction"
    out = tmp_path / "note.md"
    run("brief", "--format", "md", "-o", str(out))
    line = flat(out.read_text(encoding="utf-8").split("## Bottom line")[1].split("##")[0])
    assert "; the other headline figure does not move." in line  # 0 pp at every horizon
    assert "in 100 Monte Carlo draws both headline figures that move keep their direction" in line


def test_a_horizon_in_months_on_a_weekly_pack_is_refused_with_the_nearest() -> None:
    # a water manager asks for 3 and 6 months; the pack counts weeks (a month is 30 days)
    argv = ["whatif", "dry-spring", "--pack", str(RESERVOIR), "--horizons", "3m,6m"]
    result = CliRunner().invoke(main, argv)
    assert result.exit_code == 2
    assert result.stderr == (
        "macrograph: not a horizon: '3m' is not a whole number of the pack's periods (1w); "
        "the nearest is 13w\n"
    )


def test_a_stage_and_an_allotment_take_the(dry_year: str) -> None:
    # "it raises drought restriction stage by 1" and "lowers irrigation allotment": a stage
    # and an allotment are things that count, as a price or a rate is
    text = flat(dry_year)
    assert "this raises the drought restriction stage by 1" in text
    assert "this lowers the irrigation allotment by" in text


def test_a_weighted_view_reads_every_branch_from_one_date() -> None:
    # the early cut departs from the dry spring on 16 March, the dry spring itself never:
    # the weighted band was read two weeks before the weighted move (+4 hm³ with a band of
    # 0 to 0 after a week), the branches counted from different events
    view = propagate_weighted(
        load_pack(RESERVOIR), "dry-spring", options=macrograph.RunOptions(draws=100)
    )
    assert view.dates["1w"].isoformat() == "2026-03-23"
    for h in view.horizons:
        band, mean = (
            view.expected_bands["reservoir_storage"][h],
            view.expected["reservoir_storage"][h],
        )
        assert band.p5 - 0.5 <= mean <= band.p95 + 0.5, (h, band, mean)
    assert view.expected["reservoir_storage"]["1w"] == pytest.approx(0.4 * 0.6048 * 8 * 2, rel=0.01)


def test_a_weighted_view_without_priced_decisions_speaks_of_no_market() -> None:
    # a drought plan's call is not priced by a market: no "market-priced path", no
    # "surprise", no "the market's" odds
    text = flat(run("whatif", "dry-spring", "--weighted"))
    assert "market" not in text.lower() and "surprise" not in text
    assert "Each branch against dry-spring as it stands." in text
    assert "Weighted by the pack's odds: no-cut, A dry spring (60%)" in text


def test_a_change_of_one_keeps_a_symbol_unit_whole() -> None:
    # the singular of a change of one cut the 's' of a symbol: 'Reservoir releases +1 m³/'
    text = run("whatif", "releases rise by 1 m3/s")
    assert text.splitlines()[0] == "Reservoir releases +1 m³/s"
    assert "m³/ " not in text and "Reservoir releases are set 1 m³/s higher" in flat(text)
