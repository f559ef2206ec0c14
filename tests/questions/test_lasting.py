"""A move said to last a while ('for 3 days', 'for 4 weeks') runs as the move and a second
shock that undoes it as long after, in whole periods of the pack; a while the pack cannot
count, and a level or a decision said so, are refused with what to ask instead.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from macrograph.graph.scenarios import resolve_text
from macrograph.rules import load_pack
from tests.packfactory import flat, moves_on, on_pack

PACKS = Path(__file__).parents[1] / "packs"
SPACE, FOOTBALL, COPPER = (PACKS / f"heldout_{n}" for n in ("space", "football", "copper"))


@pytest.mark.parametrize(
    ("question", "days"),
    [
        ("Bz falls 15 nT for 3 days", 3),
        ("Bz falls 15 nT for three days", 3),
        ("Bz falls 15 nT for a week", 7),
        ("Bz falls 15 nT for 1 wk", 7),
    ],
)
def test_a_change_that_lasts_is_undone_as_long_after(question: str, days: int) -> None:
    # 'a move that lasts a while ('for 3 days') is not read from words': asked alone, the
    # move lasted for good; the while said is a second shock that undoes it
    pack = load_pack(SPACE)
    spec = resolve_text(pack, question)
    own = [(s.date, s.change) for s in spec.shocks if s.node == "imf_bz"]
    first = own[0][0]
    assert own == [(first, -15.0), (first + timedelta(days=days), 15.0)]
    assert spec.reading is not None and spec.reading.text == question
    # the comparison's own shocks stay as they were, not undone
    base = resolve_text(pack, "Bz falls 15 nT").shocks
    assert {s for s in base if s.node != "imf_bz"} <= set(spec.shocks)


def test_the_move_is_gone_after_the_while_and_the_prose_says_when() -> None:
    assert moves_on(SPACE, "Bz falls 15 nT", "imf_bz")["1w"] == pytest.approx(-15.0)
    lasting = moves_on(SPACE, "Bz falls 15 nT for 3 days", "imf_bz")
    assert lasting["1d"] == pytest.approx(-15.0)
    assert lasting["3d"] == lasting["1w"] == pytest.approx(0.0)
    out = flat(on_pack(SPACE, "whatif", "Bz falls 15 nT for 3 days", "--draws", "0"))
    assert out.startswith("IMF Bz -15 nT for 3 days ")
    assert "The 3 days are over on 8 May 2026: IMF Bz +15 nT [2]." in out


def test_a_price_cut_for_four_weeks_on_a_weekly_pack() -> None:
    moved = moves_on(FOOTBALL, "ticket prices rise £5 for 4 weeks", "ticket_price")
    assert moved["1w"] == pytest.approx(5.0) and moved["4w"] == pytest.approx(0.0)
    out = flat(on_pack(FOOTBALL, "whatif", "ticket prices rise £5 for 4 weeks", "--draws", "0"))
    assert "The 4 weeks are over on 1 Feb 2027: the ticket price -£5 a ticket" in out


@pytest.mark.parametrize(
    ("pack", "question", "said"),
    [
        (
            SPACE,
            "Bz falls 15 nT for 6 hours",
            "a move that lasts 6 hours is no whole number of "
            "the pack's days, in which it is run; say the while in days ('for 2 days')",
        ),
        (
            COPPER,
            "strike days rise 14 days for 2 weeks",
            "a move that lasts 2 weeks is no whole number of the pack's quarters",
        ),
        (
            COPPER,
            "strike days rise 14 days for 1.5 quarters",
            "a move that lasts 1.5 quarters is no whole number of the pack's quarters",
        ),
        (
            SPACE,
            "Bz falls 15 nT over 3 days",
            "a move spread over 3 days is not read from words: a question's move comes at once",
        ),
        (
            SPACE,
            "Kp rises to 8 for 3 days",
            "only a change can last a while ('for 3 days'): "
            "a level or a decision said so is not undone from words",
        ),
    ],
)
def test_a_while_the_pack_cannot_count_or_a_level_is_refused(
    pack: Path, question: str, said: str
) -> None:
    refused = flat(on_pack(pack, "whatif", question, "--draws", "0", code=2))
    assert refused.startswith(f"macrograph: cannot run '{question}': {said}")
    assert "Traceback" not in refused
