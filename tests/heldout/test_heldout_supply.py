"""The supply-chain pack (system dynamics) read as an operations analyst would."""

from __future__ import annotations

from pathlib import Path

import pytest

from macrograph import RunOptions, propagate
from macrograph.explain.contexts.base import node_name
from macrograph.explain.contexts.outcome import swings
from macrograph.explain.filters import move
from macrograph.explain.lesson.words import size_text
from macrograph.explain.narrative import render_whatif
from macrograph.graph.scenarios import resolve, resolve_text
from macrograph.rules import load_pack
from macrograph.rules.pack import Pack
from macrograph.rules.vocabulary import speaking, vocabulary_for

PACK = Path(__file__).parents[1] / "packs" / "heldout_supply"


@pytest.fixture(scope="module")
def supply():  # type: ignore[no-untyped-def]
    return load_pack(PACK)


@pytest.mark.parametrize(
    ("node", "name"),
    [("retail_deliveries", "deliveries to the retailer"), ("hiring_rate", "net hiring")],
)
def test_sentence_case_labels_read_in_lower_case_mid_sentence(supply, node, name):  # type: ignore[no-untyped-def]
    # The pack's prose never writes 'deliveries' or 'net' in lower case, nor as a name.
    assert node_name(supply, node) == name


@pytest.mark.parametrize(
    ("node", "name"),
    [
        ("tokyo_core_cpi", "Tokyo core CPI inflation"),
        ("japan_interest_bill", "Japan's government interest bill"),
        ("nikkei", "Nikkei 225"),
        ("japan_ust_holdings", "Japanese holdings of Treasuries"),
    ],
)
def test_names_keep_their_capital(node, name):  # type: ignore[no-untyped-def]
    assert node_name(load_pack(), node) == name


@pytest.mark.parametrize(
    ("text", "node", "change"),
    [
        ("delivery delay lengthens by 2 weeks", "shipping_delay", 2.0),
        ("the lead time shortens by 1 week", "shipping_delay", -1.0),  # 'week' of 'weeks'
        ("workforce falls by 1 worker", "workforce", -1.0),
        ("customer orders rise 1 unit a week", "customer_orders", 1.0),
    ],
)
def test_plain_words_for_delays_and_singular_units(supply, text, node, change):  # type: ignore[no-untyped-def]
    spec = resolve_text(supply, text)  # on top of the comparison, the default scenario
    against = resolve(supply, spec.against).shocks if spec.against else ()
    moved = sum(s.change or 0.0 for s in spec.shocks if s.node == node)
    assert moved - sum(s.change or 0.0 for s in against if s.node == node) == change


@pytest.mark.parametrize(
    ("rule", "size"),
    [
        (
            "orders_are_filled",
            "+1 unit a week per unit a week (from +0.95 units a week to +1 unit a week)",
        ),
        ("hires_join_workforce", "+1 worker per worker a week, added up every week"),
    ],
)
def test_a_size_of_one_reads_in_the_singular(supply, rule, size):  # type: ignore[no-untyped-def]
    with speaking(vocabulary_for(supply.info)):
        assert size_text(supply, supply.rules[rule]) == size


@pytest.fixture(scope="module")
def step(supply):  # type: ignore[no-untyped-def]
    return propagate(supply, "orders-step", RunOptions(draws=0))


def test_an_oscillating_stock_is_told_to_swing(supply, step):  # type: ignore[no-untyped-def]
    # The retailer's inventory falls, overshoots above its old level, then falls again.
    moves = swings(step, "retail_inventory", "52w")
    assert [x for x, _ in moves] == ["1w", "4w", "13w", "26w"]
    assert [d > 0 for _, d in moves] == [False, False, True, False]
    text = " ".join(render_whatif(supply, step, "md", focus="52w").split())  # where it ends
    assert "on the way it swings: -40 units after 1 week, -90 units after 4 weeks, +35" in text


def test_a_move_that_turns_once_is_no_swing(step):  # type: ignore[no-untyped-def]
    # Production rises and stays up: no turn to tell.
    assert swings(step, "production", "52w") == ()


def test_a_move_of_one_reads_in_the_singular(supply):  # type: ignore[no-untyped-def]
    with speaking(vocabulary_for(supply.info)):
        assert (move(1.0, "units_week"), move(-1.0, "units")) == ("+1 unit a week", "-1 unit")
        assert (move(2.0, "units_week"), move(0.0, "units")) == ("+2 units a week", "0 units")


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("workforce falls by 1 worker", "Workforce -1 worker"),
        ("workforce falls by 2 workers", "Workforce -2 workers"),
    ],
)
def test_a_title_of_one_reads_in_the_singular(supply: Pack, text: str, title: str) -> None:
    # 'Workforce -1 workers' was the title of a question of one worker
    assert resolve_text(supply, text).title == title
