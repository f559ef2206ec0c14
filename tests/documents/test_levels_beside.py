"""A level told beside its level in the comparison never reads the same as it where the two
differ: the prose and the lesson's details give the digits that tell them apart; nor does a
band's end that is no zero read as none."""

from __future__ import annotations

from pathlib import Path

from macrograph.explain.filters import band
from macrograph.graph.result import Band
from macrograph.rules import load_pack
from macrograph.rules.vocabulary import speaking, vocabulary_for
from tests.packfactory import flat, on_pack

CAMPUS = Path(__file__).parents[1] / "packs" / "heldout_campus"


def test_a_place_that_moves_under_half_a_place_is_told_apart() -> None:
    # 'World ranking: 0.48 places lower, at #85 (#85 with no shocks)': a move the reader
    # was told of between two levels that read alike
    out = flat(on_pack(CAMPUS, "whatif", "--draws", "0"))
    assert "World ranking: 0.48 places lower, at #85.5 (#85.0 with no shocks)." in out


def test_the_lessons_details_tell_the_two_levels_apart(tmp_path: Path) -> None:
    page = tmp_path / "lesson.html"
    on_pack(CAMPUS, "lesson", "--draws", "0", "-o", str(page))
    assert "Level: #85.0 \u2192 #85.5" in page.read_text(encoding="utf-8")


def test_a_band_end_that_is_no_zero_is_not_written_as_none() -> None:
    # '-$0.0001 to $0 a stream': the band of a per-stream payout, both of whose ends fell,
    # read as if one end were no move at all
    pack = load_pack(CAMPUS.parent / "heldout_music")
    with speaking(vocabulary_for(pack.info)):
        said = band(Band(-0.0001, -0.00005, -0.00002), "usd_stream")
    assert said == "-$0.0001 to -$0.00002 a stream"
