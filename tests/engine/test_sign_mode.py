"""Sign mode: a pack without magnitudes is reasoned over by signs alone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.rules import load_pack
from macrograph.rules.lint.core import require_clean
from tests.packfactory import RULES, write_pack

CARRY = """\
  - id: path_funds_carry
    kind: linear
    source: rate_path
    target: currency
    channel: fx
    effect: "+"
    magnitude: {elasticity: 1, units: pct_change/pct}
    confidence: low
    because: dearer funding closes carry trades that had sold the currency
    cites: {basis: seed, claims: [C02]}
"""
SIZED = RULES + CARRY  # the tiny pack's two sized rules, plus a path that pulls the other way
UNSIZED = re.sub(r"    magnitude: .*\n", "", SIZED)


@pytest.fixture
def unsized(tmp_path: Path):
    return require_clean(load_pack(write_pack(tmp_path, {"rules.yaml": UNSIZED})))


def test_signs_compose_along_paths_without_magnitudes(unsized) -> None:
    result = propagate(
        unsized, "hold", RunOptions(draws=0)
    )  # a dovish surprise: the priced path falls
    assert result.nodes["rate_path"].sign == "-"
    bond = result.nodes["bond_yield"]
    assert bond.delta["1m"] == 0.0  # nothing to size it with
    assert bond.sign == "-" and bond.qualitative.sign == "-"
    assert (bond.qualitative.positive_paths, bond.qualitative.negative_paths) == (0, 1)


def test_opposite_paths_make_a_node_ambiguous(unsized) -> None:
    currency = propagate(unsized, "hold", RunOptions(draws=0)).nodes["currency"]
    # rate_path -(+)-> bond -(-)-> currency lifts it; rate_path -(+)-> currency lowers it
    assert (currency.qualitative.positive_paths, currency.qualitative.negative_paths) == (1, 1)
    assert currency.sign == "?" and currency.qualitative.w == 0.0


def test_a_hike_flips_every_sign(unsized) -> None:
    hike = propagate(unsized, "base", RunOptions(against=None, draws=0))
    assert hike.nodes["bond_yield"].sign == "+"
    assert hike.nodes["currency"].sign == "?"


def test_magnitudes_settle_what_signs_leave_open(tmp_path: Path) -> None:
    pack = require_clean(load_pack(write_pack(tmp_path, {"rules.yaml": SIZED})))
    currency = propagate(pack, "hold", RunOptions(draws=0)).nodes["currency"]
    assert currency.qualitative.sign == "?"  # by signs alone: ambiguous
    # by sizes: the priced path falls 25bp against the hike; the yield path (0.4 x -3 x -0.25
    # = +0.30) beats the direct carry path (1 x -0.25)
    assert currency.delta["1m"] == pytest.approx(0.4 * -3 * -0.25 + 1 * -0.25)
    assert currency.sign == "+"


def test_the_narrative_says_what_signs_alone_conclude(unsized, tmp_path: Path, cli) -> None:
    out = cli("whatif", "hold", "--pack", str(Path(unsized.root)), "--draws", "0")
    assert out.code == 0, out.stderr
    section = out.stdout.split("By sign alone (rules without magnitudes)\n")[1].split("\n\n")[0]
    assert section.splitlines() == [
        "  - The bond yield: down (0 paths up, 1 down)",
        "  - Currency: ambiguous (1 paths up, 1 down)",
    ]
