"""Packs from fields the machinery has never seen read as naturally as the bundled one.

Two held-out packs: an outbreak in a city (people, beds, doses, a share of the population,
stepped a day at a time, with a lockdown threshold, a `when` on full wards, fading mobility
and stocks of infections and patients) and a winter power grid (euros per MWh, GWh a day,
kt of CO2, °C, a storage fill). Their users must see their own words, numbers that read as
the unit says, verbs that agree with the label, and horizons that count from the event.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from macrograph.explain.cli import main
from macrograph.explain.grammar import reads_plural
from macrograph.rules import load_pack
from macrograph.rules.lint import lint_pack

PACKS = Path(__file__).parent / "packs"
OUTBREAK = PACKS / "heldout_outbreak"
GRID = PACKS / "heldout_grid"


def run(*args: str) -> str:
    """``macrograph ARGS...`` in-process; its stdout, after checking it succeeded."""
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def flat(text: str) -> str:
    """Text with its line breaks and runs of spaces made single spaces."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def grid_snap() -> str:
    """``whatif cold-snap`` on the grid pack, as text, run once for several tests."""
    return run("whatif", "cold snap", "--pack", str(GRID), "--draws", "200")


@pytest.fixture(scope="module")
def outbreak_variant() -> str:
    """``whatif`` of the new variant on the outbreak pack, as text."""
    return run("whatif", "new variant", "--pack", str(OUTBREAK), "--draws", "200")


def test_a_rule_may_name_units_with_digits() -> None:
    # kt_co2/kt_day is TARGET/SOURCE like any other; the unit ids themselves allow digits
    pack = load_pack(GRID)
    assert pack.rules["emissions_accumulate"].magnitude is not None
    assert pack.rules["emissions_accumulate"].magnitude.units == "kt_co2/kt_day"
    assert [i for i in lint_pack(pack) if i.severity == "error"] == []
    assert lint_pack(load_pack(OUTBREAK)) == []


def test_the_noise_line_names_no_market(grid_snap: str, outbreak_variant: str) -> None:
    for text in (grid_snap, outbreak_variant):
        assert "market" not in text.lower().replace("gas market report", "")
        assert re.search(r"with random noise on \d nodes, shared with the comparison", flat(text))


def test_horizons_count_from_the_first_shock_without_a_comparison(grid_snap: str) -> None:
    # the cold snap starts on 12 January and ends on the 26th: its event is the start
    assert "Horizons count from the event on 12 Jan 2026: 1d (13 Jan 2026)" in flat(grid_snap)


def test_a_move_that_reads_as_zero_has_no_sign_or_direction(grid_snap: str) -> None:
    # a unit whose suffix carries a digit (kt CO2) must not make zero read as a move
    assert "-0.00" not in grid_snap and "0.00 kt" not in grid_snap
    assert not re.search(r"(?<![0-9])0% (lower|higher)", grid_snap)
    row = next(line for line in grid_snap.splitlines() if "Power-sector emissions" in line)
    assert row.split()[-3:] == ["CO2", "a", "day"]  # no "sign at" cell after the band
    assert "Power-sector emissions:" not in grid_snap  # no story of a move that did not happen
    assert "through the inputs ." not in grid_snap


def test_a_shocked_node_is_no_consequence_of_its_own_shock(cli: Any) -> None:
    out = cli("whatif", "variant-and-drive", "--pack", str(OUTBREAK), "--draws", "0")
    assert out.code == 0
    assert "consequences: the vaccination campaign" not in flat(out.stdout).lower()


def test_verbs_agree_with_irregular_plurals_and_trailing_participles(
    outbreak_variant: str,
) -> None:
    assert reads_plural("People infected") and reads_plural("Hospital beds occupied")
    assert not reads_plural("Money supplied") and not reads_plural("Bed need")
    text = flat(outbreak_variant)
    assert "hospital beds occupied rise" in text
    assert "hospital beds occupied rises" not in text


def test_labels_go_to_lower_case_mid_sentence_when_the_pack_writes_them_so(
    outbreak_variant: str,
) -> None:
    # "reproduction" and "deaths" appear in lower case only in rationales and summaries
    text = flat(outbreak_variant)
    assert "should raise reproduction number by" in text
    assert "should raise deaths by" in text
    assert "Reproduction number by" not in text and "raise Deaths" not in text


@pytest.mark.parametrize("pack", [OUTBREAK, GRID], ids=["outbreak", "grid"])
def test_the_brief_speaks_the_pack(cli: Any, tmp_path: Path, pack: Path) -> None:
    note = tmp_path / "note.md"
    out = cli("brief", "--pack", str(pack), "-o", str(note), "--draws", "100")
    assert out.code == 0, out.stderr
    text = note.read_text()
    for word in ("market", "BoJ", "Fed", "yen", "basis points", "priced", "surprise"):
        assert word not in text.replace("Gas Market Report", "")
    assert "-0.00" not in text and not re.search(r"(?<![0-9])0% (lower|higher)", text)
