"""Clauses as people join them: names said together before one verb, a date for each clause,
a while for one clause only. Each was refused with 'no scenario matches'."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from macrograph.graph.errors import PlainWordsError
from macrograph.graph.scenarios import resolve_text
from macrograph.graph.specs import ScenarioSpec, resolve
from macrograph.rules import load_pack

PACKS = Path(__file__).parents[1] / "packs"
WINE, SHIP = PACKS / "heldout_wine", PACKS / "heldout_ship"


def moves(spec: ScenarioSpec, node: str) -> list[tuple[date, float | None]]:
    """The dated changes of ``spec`` on ``node``."""
    return [(s.date, s.change) for s in spec.shocks if s.node == node]


def alone(pack_folder: Path, text: str, node: str) -> list[tuple[date, float | None]]:
    """The dated changes ``text`` alone sets on ``node``."""
    return moves(resolve_text(load_pack(pack_folder), text), node)


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("wine made and wine exports both rise 10%", 1),
        ("wine made and wine exports fall 10%", -1),
        ("the Aussie dollar, wine made and wine exports all fall 10%", -1),
    ],
)
def test_names_said_together_each_take_the_verb(text: str, sign: int) -> None:
    pack = load_pack(WINE)
    spec = resolve_text(pack, text)
    default = resolve(pack, pack.info.default_scenario)
    for node in ("wine_made", "exports"):
        ((_, change),) = moves(spec, node)
        assert change == alone(WINE, f"{node.replace('_', ' ')} rises 10%", node)[0][1] * sign
    assert {s.node for s in spec.shocks} - {s.node for s in default.shocks} >= {"exports"}
    if "dollar" in text:
        (dollar,) = moves(spec, "aussie")
        assert dollar[1] is not None and dollar[1] < 0


@pytest.mark.parametrize("joined", ["while", "whereas", "but"])
def test_two_moves_set_against_each_other_are_both_read(joined: str) -> None:
    # 'whereas' was 'no scenario matches'
    text = f"wine made rises 10% {joined} wine exports fall 10%"
    spec = resolve_text(load_pack(WINE), text)
    assert moves(spec, "wine_made") == alone(WINE, "wine made rises 10%", "wine_made")
    assert moves(spec, "exports") == alone(WINE, "wine exports fall 10%", "exports")


def test_a_list_of_moves_is_titled_as_a_list() -> None:
    spec = resolve_text(
        load_pack(WINE), "the Aussie dollar, wine made and wine exports all fall 10%"
    )
    assert spec.title.count(", and ") == 1
    assert spec.title.startswith("Aussie dollar -10%")


def test_each_clause_keeps_its_own_date() -> None:
    spec = resolve_text(
        load_pack(SHIP), "blank sailings rise 10% in March and the orderbook falls 10% in June"
    )
    assert moves(spec, "blank_sailings") == [(date(2027, 3, 1), pytest.approx(0.2))]
    assert moves(spec, "orderbook") == [(date(2027, 6, 1), pytest.approx(-0.95))]


def test_one_date_said_once_is_every_clauses() -> None:
    spec = resolve_text(
        load_pack(SHIP), "blank sailings rise 10% in March and the orderbook falls 10%"
    )
    assert [d for d, _ in moves(spec, "blank_sailings") + moves(spec, "orderbook")] == [
        date(2027, 3, 1)
    ] * 2


def test_a_while_said_of_one_clause_undoes_that_move_alone() -> None:
    spec = resolve_text(
        load_pack(SHIP), "blank sailings rise 10% for two weeks and the orderbook falls 10%"
    )
    start = moves(spec, "orderbook")[0][0]
    assert moves(spec, "blank_sailings") == [
        (start, pytest.approx(0.2)),
        (date.fromordinal(start.toordinal() + 14), pytest.approx(-0.2)),
    ]
    assert moves(spec, "orderbook") == [(start, pytest.approx(-0.95))]
    assert spec.title.startswith("Blank sailings +10% (+0.2 sailings a week) for two weeks, and ")


def test_a_while_of_one_clause_that_the_pack_cannot_run_names_that_clause() -> None:
    with pytest.raises(PlainWordsError) as caught:
        resolve_text(
            load_pack(SHIP), "the orderbook falls 10% for 1.5 weeks and blank sailings rise 10%"
        )
    assert (caught.value.text, caught.value.problem) == (
        "orderbook falls 10% for 1.5 weeks",
        "lasting",
    )
