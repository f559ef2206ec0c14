"""A pack a newcomer wrote from the README (``tests/packs/newcomer_bikes``): it lints clean,
and a refusal's advice, followed as given, is read."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from macrograph.explain.cli import main

BIKES = Path(__file__).parents[1] / "packs" / "newcomer_bikes"


def run(*args: str) -> tuple[int, str, str]:
    """``macrograph ARGS --pack BIKES``: exit status, stdout and stderr on one line."""
    result = CliRunner().invoke(main, [*args, "--pack", str(BIKES)], catch_exceptions=False)
    return result.exit_code, str(result.stdout), " ".join(str(result.stderr).split())


def test_the_pack_lints_clean() -> None:
    assert run("lint")[0] == 0


def test_a_size_with_no_unit_on_money_is_told_to_carry_its_currency() -> None:
    """'the fare rises 0.5' on a fare in euros (a unit with a sign and no words) was told to
    write '+0.5', which is refused again with the same advice."""
    code, _, err = run("whatif", "the fare rises 0.5", "--draws", "0")
    assert code == 2
    assert err.endswith("write '+€0.5' e.g. --shock single_fare=+€0.5"), err
    code, out, _ = run("whatif", "the fare rises +€0.5", "--draws", "0", "--short")
    assert code == 0
    assert out.splitlines()[0] == "Single fare +€0.50"
    code, out, _ = run("whatif", "--shock", "single_fare=+€0.5", "--draws", "0", "--short")
    assert code == 0


def test_a_shock_without_its_equals_sign_is_shown_one_on_its_node_in_its_unit() -> None:
    """'single_fare+0.5' was told the units of another pack ('bp, pp, %, bn, tn, pts') and
    'NODE=+20bp'; now a --shock on the node it starts with, in that node's unit."""
    code, _, err = run("whatif", "--shock", "single_fare+0.5", "--draws", "0")
    assert code == 2
    assert err == (
        "macrograph: cannot read --shock 'single_fare+0.5': expected NODE=CHANGE or "
        "NODE@LEVEL with a unit, e.g. single_fare=+€0.2 for a change, or NODE@LEVEL for a level"
    )


def test_a_pack_without_series_says_so_alone() -> None:
    """``macrograph data`` on a pack with no series printed the table's heading and the
    note on its 'gap' column around the one line that says there are none."""
    code, out, _ = run("data")
    assert (code, out) == (0, "bikes ships no series\n")


def test_a_size_in_another_measure_on_money_is_not_offered_as_that_much_money() -> None:
    """'the fare rises 50 km' (or '50 bikes', or '50m') on a fare in euros was told to write
    '+€50': fifty euros for a number that counted something else, or fifty millions."""
    for said in ("50 km", "50 bikes", "50m"):
        code, _, err = run("whatif", f"the fare rises {said}", "--draws", "0")
        assert code == 2
        assert "does not apply to single_fare (in €) and is not converted" in err, err
        assert "€50" not in err and "=+€0.2" in err, err
    code, _, err = run("whatif", "the fare rises 50", "--draws", "0")  # no unit: it is money
    assert err.endswith("write '+€50' e.g. --shock single_fare=+€50"), err
