"""Sizes said back as a refusal or a ``--shock`` example writes them: each was refused, or
read on another node, where the pack's own words said it (found by asking every held-out
node its example size in seven phrasings)."""

from __future__ import annotations

from pathlib import Path

import pytest

from macrograph.graph.scenarios import resolve_text
from macrograph.graph.specs import resolve
from macrograph.rules import load_pack

PACKS = Path(__file__).parents[1] / "packs"


def asked(pack: str, question: str) -> list[tuple[str, float | None, float | None]]:
    """The shocks ``question`` sets beyond the pack's default scenario."""
    loaded = load_pack(PACKS / f"heldout_{pack}")
    default = resolve(loaded, loaded.info.default_scenario).shocks
    return [
        (s.node, s.change, s.level)
        for s in resolve_text(loaded, question).shocks
        if s not in default
    ]


@pytest.mark.parametrize(
    "question",
    [
        "forex reserves rise by $2 billion",  # the unit's own words: read before, not after a merge
        "forex reserves rise by $2bn",  # its abbreviation: refused as another unit ('bn')
        "forex reserves rise by $2B",
        "forex reserves rise by USD 2 billion",
    ],
)
def test_a_unit_in_a_spelt_multiple_reads_it_spelt_and_abbreviated(question: str) -> None:
    assert asked("inr", question) == [("forex_reserves", 2.0, None)]


@pytest.mark.parametrize(
    "question", ["a $0.5bn rise in reserve sales", "a $0.5bn increase in reserve sales"]
)
def test_a_move_said_as_a_noun_of_a_node_named_like_a_scenario_moves_the_node(
    question: str,
) -> None:
    # 'reserve sales' is a node's name and a phrase of the reserve-defence scenario: the
    # clause was split as 'a $0.5bn rise' during that scenario, and refused
    assert asked("emerging", question) == [("reserve_sales", 0.5, None)]


@pytest.mark.parametrize(
    ("pack", "question", "node", "change"),
    [
        ("ambulance", "flu-like illness rises by 10 per 100,000", "flu_rate", 10.0),
        ("telecom", "complaints 0.5 per 100,000 customers higher", "complaints", 0.5),
        (
            "ambulance",
            "999 calls rises by 0.15k",
            "calls",
            0.15,
        ),  # a name that starts with a number
        ("tea", "kes/usd 1% higher", "kes_usd", 1.0),  # not '$1' of 'usd 1'
    ],
)
def test_a_size_in_the_nodes_own_words_reads(
    pack: str, question: str, node: str, change: float
) -> None:
    assert asked(pack, question) == [(node, pytest.approx(change), None)]
