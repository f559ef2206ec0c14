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

from macrograph.explain.cli import main
from macrograph.rules import load_pack
from macrograph.rules.lint import lint_pack

RESERVOIR = Path(__file__).parent / "packs" / "heldout_reservoir"


def run(*args: str) -> str:
    """``macrograph ARGS...`` on the reservoir pack, in-process; stdout after a success."""
    argv = [*args, "--pack", str(RESERVOIR), "--draws", "100"]
    result = CliRunner().invoke(main, argv, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def flat(text: str) -> str:
    """Text with its line breaks and runs of spaces made single spaces."""
    return " ".join(text.split())


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
    assert "The reservoir releases are set 20 m³/s higher on 2 Mar 2026" in flat(text)


@pytest.fixture(scope="module")
def dry_year() -> str:
    """``whatif dry-year``: a year of rain 12 mm a week below normal, as text."""
    return run("whatif", "dry-year")


def test_parallel_rules_are_told_with_their_own_amounts(dry_year: str) -> None:
    # rain reaches the river by two rules: a quick runoff that has faded after a year and a
    # baseflow that lasts; each route tells its own rule's share, not the first one's twice
    story = flat(dry_year.split("How it happens")[1].split("Irrigation allotment:")[0])
    into_storage = [
        float(x) for x in re.findall(r"lowers reservoir storage by ([0-9.]+) hm³", story)
    ]
    assert len(into_storage) == 2 and into_storage[0] != into_storage[1]
    total = float(re.search(r"Reservoir storage: ([0-9.]+) hm³ lower", story).group(1))
    loops = float(re.search(r"Feedback loops add \+([0-9.]+) hm³", story).group(1))
    assert abs(sum(into_storage) - loops - total) <= 2  # the parts add up, as rounded
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
