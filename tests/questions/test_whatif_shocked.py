"""The what-if table always shows the node a market shock moves, and a market shock's
headline reads its consequences at the first horizon, the day it happens."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from macrograph.explain.contexts.whatif import build_whatif
from macrograph.explain.filters import move
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.graph.scenarios import parse_shock, resolve_text
from macrograph.rules.pack import Pack

Cli = Callable[..., Any]


def table_rows(text: str) -> list[str]:
    """The rows of the key-outcomes table (label and cells), without group headings."""
    table = text.split("Outcomes against the comparison\n", 1)[1].split("\n\n", 1)[0]
    return [line for line in table.splitlines()[1:] if line.startswith("  ")]


@pytest.mark.parametrize(
    ("question", "shock", "node"),
    [
        ("BoJ skips", "japan_repatriation=+10bn", "japan_repatriation"),
        ("BoJ skips", "vix=+5pts", "vix"),
        ("the yen weakens 3%", None, "usd_jpy"),
        ("10y JGB +20bp", None, "jgb_10y"),
    ],
)
def test_the_shocked_node_has_a_row_with_its_move(
    cli: Cli, pack: Pack, question: str, shock: str | None, node: str, bundled_words: None
) -> None:
    given = ("--shock", shock) if shock else ()
    out = cli("whatif", question, *given, "--draws", "0", "--short")
    assert out.code == 0, out.stderr
    label = pack.nodes[node].label
    (row,) = [r for r in table_rows(out.stdout) if r.startswith(f"  {label}  ")]
    on = resolve_text(pack, question).anchor
    extra = (parse_shock(pack, shock, on),) if shock else ()
    result = propagate(pack, question, RunOptions(draws=0), extra)
    cells = row.strip()[len(label) :].strip()  # the day-one cell comes first
    assert cells.startswith(move(result.nodes[node].delta["1d"], pack.nodes[node].unit) + " ")


def test_the_shocked_node_row_carries_the_shock_itself(cli: Cli) -> None:
    out = cli("whatif", "BoJ skips", "--shock", "japan_repatriation=+10bn", "--draws", "0")
    (row,) = [r for r in table_rows(out.stdout) if r.startswith("  Japanese repatriation ")]
    assert row.split()[2] == "+$10bn"  # the day-one move is the shock


def test_a_market_shock_is_headlined_at_the_first_horizon(cli: Cli, pack: Pack) -> None:
    result = propagate(pack, "VIX jumps to 30", RunOptions(draws=0))
    head = build_whatif(pack, result).headline
    assert head.horizon == "1d" and head.consequences
    for c in head.consequences:  # each amount is the move after one day, not three months
        (node,) = [n for n in result.nodes.values() if n.label.lower() in c.name.lower()]
        assert c.amount == pytest.approx(node.delta["1d"]) and c.horizon == "1d"
    text = cli("whatif", "VIX jumps to 30", "--draws", "0", "--short").stdout
    assert "After 1 day the biggest consequences:" in " ".join(text.split())
    assert "After 3 months the biggest consequences" not in " ".join(text.split())


def test_a_decision_keeps_its_headline_at_the_prose_horizon(pack: Pack) -> None:
    head = build_whatif(pack, propagate(pack, "BoJ skips", RunOptions(draws=0))).headline
    assert head.horizon == "3m"
    market = (parse_shock(pack, "vix=+5pts", resolve_text(pack, "BoJ skips").anchor),)
    mixed = propagate(
        pack, "BoJ skips", RunOptions(draws=0), market
    )  # a decision and a market move
    assert build_whatif(pack, mixed).headline.horizon == "3m"
