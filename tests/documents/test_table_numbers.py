"""Text tables never cut a number: at 80 and 60 columns a table drops columns (and says
which it dropped) or wraps labels, but every number it shows is whole and apart from its
neighbours."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from macrograph.explain.filters import move
from macrograph.explain.selection import reported
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.rules.pack import Pack

Cli = Callable[..., Any]
RUN_TOGETHER = re.compile(r"(?:bp|%|pts|bn|tn)[+-]\d")  # "+2.2 pts+2.8 pts"


def rows_by_label(text: str, labels: dict[str, str]) -> dict[str, str]:
    """Node id -> the cells of its row in the key-outcomes table (a label wrapped onto more
    lines is read whole; one cut short ends in an ellipsis)."""
    table = text.split("Outcomes against the comparison\n", 1)[1].split("\n\n", 1)[0]
    rows: list[tuple[str, str]] = []  # (label as shown, the row's cells)
    for line in table.splitlines()[1:]:
        if line.startswith("    ") and rows:  # the rest of the row above's label
            shown, cells = rows[-1]
            rows[-1] = (f"{shown} {line.strip()}", cells)
        elif line.startswith("  "):  # not a group heading
            shown = re.split(r"\s{2,}", line.strip())[0]
            rows.append((shown, line.strip()[len(shown) :]))
    found: dict[str, str] = {}
    for shown, cells in rows:
        stem = shown.removesuffix("…")
        (node,) = [n for n, label in labels.items() if label == shown or (
            shown.endswith("…") and label.startswith(stem))]  # fmt: skip
        found[node] = cells
    return found


@pytest.mark.parametrize("columns", [80, 60])
def test_every_delta_of_the_json_is_whole_in_the_text_table(
    cli: Cli,
    pack: Pack,
    monkeypatch: pytest.MonkeyPatch,
    columns: int,
    bundled_words: None,
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    out = cli("whatif", "BoJ skips", "--draws", "0")
    assert out.code == 0, out.stderr
    assert max(len(line) for line in out.stdout.splitlines()) <= columns
    body = json.loads(cli("whatif", "BoJ skips", "--draws", "0", "--format", "json").stdout)
    rows = rows_by_label(out.stdout, {n: pack.nodes[n].label for n in pack.nodes})
    expected = reported(pack, propagate(pack, "BoJ skips", RunOptions(draws=0)), "3m")
    assert sorted(rows) == sorted(expected)
    for node, cells in rows.items():
        unit = body["nodes"][node]["unit"]
        numbers = [move(body["nodes"][node]["delta"][h], unit) for h in body["horizons"]]
        assert re.split(r"\s{2,}", cells.strip()) == numbers, node
    said = " ".join(out.stdout.split())  # without draws only the levels can be left out
    assert "Left out to fit the width: level at 3m (a wider terminal" in said


@pytest.mark.parametrize("columns", [80, 60])
def test_columns_left_out_to_fit_are_named(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    text = " ".join(cli("whatif", "BoJ skips", "--draws", "100").stdout.split())
    header = text.split("Outcomes against the comparison change ", 1)[1].split(" Rates")[0]
    named = text.split("Left out to fit the width: ", 1)[1].split(" (a wider")[0]
    assert {"level at 3m", "p5 to p95 at 3m", "sign at 3m"} <= set(named.split(", ")) | {
        h for h in ("level at 3m", "p5 to p95 at 3m", "sign at 3m") if h in header
    }
    assert all(h not in header for h in named.split(", "))


def test_a_file_keeps_every_column_and_names_none_left_out(cli: Cli, tmp_path: Any) -> None:
    target = tmp_path / "answer.txt"
    assert cli("whatif", "BoJ skips", "--draws", "100", "-o", str(target)).code == 0
    text = target.read_text(encoding="utf-8")
    assert "p5 to p95 at 3m" in text and "Left out to fit" not in text


@pytest.mark.slow
@pytest.mark.parametrize("columns", [80, 60])
def test_the_weighted_view_shows_every_band_whole(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    args = ("whatif", "december-2025", "--weighted", "--draws", "50")
    text = cli(*args).stdout
    body = json.loads(cli(*args, "--format", "json").stdout)
    day = text.split("After 1 day", 1)[1].split("After 1 week", 1)[0]
    lines = day.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("  USD/JPY "))
    below = " ".join(lines[at + 1 : at + 3])  # one line of p5..p95, or a p5 and a p95 line
    for branch in body["branches"]:
        band = body["bands"][branch["scenario"]]["usd_jpy"]["1d"]
        for end in (band["p5"], band["p95"]):
            assert re.search(rf"(?<![\d.]){re.escape(move(end, 'pct_change'))}(?![\d])", below)
    table = [line for line in text.splitlines() if line.startswith("  ")]
    assert all("…" not in line[16:] for line in table)  # only a label is ever shortened
    assert max(len(line) for line in table) <= columns


@pytest.mark.parametrize("draws", ["0", "200"])
def test_backtest_columns_never_run_together(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, draws: str
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    text = cli("backtest", "--only", "written", "--draws", draws).stdout
    assert "VIX " in text  # the episode whose moves are widest
    assert [line for line in text.splitlines() if RUN_TOGETHER.search(line)] == []
    assert max(len(line) for line in text.splitlines()) <= 80


def test_horizons_given_out_of_order_are_read_in_time(cli: Cli) -> None:
    # '--horizons 3m,1d,1w' kept the order typed: the table ran 3m, 1d, 1w and the prose
    # read at 1w, the last typed, though the answer ran to 3 months
    out = cli("whatif", "BoJ skips", "--horizons", "3m,1d,1w", "--draws", "0")
    assert out.code == 0, out.stderr
    assert (
        "1d (20 Dec 2025), 1w (26 Dec 2025), 3m (19 Mar 2026); prose at 3m (19 Mar 2026)."
        in " ".join(out.stdout.split())
    )
    header = next(line for line in out.stdout.splitlines() if line.lstrip().startswith("change"))
    assert header.split()[1:4] == ["1d", "1w", "3m"]
    data = json.loads(
        cli("whatif", "BoJ skips", "--horizons", "3m,1d", "--format", "json", "--draws", "0").stdout
    )
    assert data["horizons"] == ["1d", "3m"]


def test_no_money_is_written_without_its_multiple(cli: Cli) -> None:
    # '$0k a month' beside '-$90 a month' and '+$776 a month', and a level of none of a
    # billion as '$0.0bn': nothing is nothing of a thousand or a billion
    packs = Path(__file__).resolve().parents[1] / "packs"
    out = cli("whatif", "traffic-spike", "--pack", str(packs / "heldout_sre"), "--draws", "0")
    assert out.code == 0, out.stderr
    row = next(line for line in out.stdout.splitlines() if "Monthly recurring revenue" in line)
    assert re.split(r"\s{2,}", row.strip())[1:4] == ["$0 a month", "$0 a month", "-$90 a month"]
    out = cli("whatif", "early-guarantee", "--pack", str(packs / "heldout_bank"), "--draws", "0")
    row = next(line for line in out.stdout.splitlines() if "Central bank lending" in line)
    assert re.split(r"\s{2,}", row.strip())[1:] == ["$0", "-$25.0bn", "-$25.0bn", "-$25.0bn", "$0"]
    assert move(0.0, "pct") == "0bp"  # a unit of no multiple keeps its zero as it was
