"""Terminal-aware text: at ``COLUMNS=80`` no line of text output is wider than 80 characters.

Files and pipes without ``COLUMNS`` keep every table column; prose never runs past 96.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from macrograph.explain.filters import move
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.rules import load_pack

Cli = Callable[..., Any]

COMMANDS = [
    ("whatif", "BoJ skips"),
    ("whatif", "BoJ skips", "--draws", "0"),
    ("whatif", "december-2025", "--draws", "200"),
    ("whatif", "Fed holds", "--against", "none", "--draws", "0"),
    pytest.param(  # its bands at 1,000 draws widen the table
        ("whatif", "december-2025", "--weighted"),
        marks=pytest.mark.slow,
        id="whatif december-2025 --weighted",
    ),
    ("whatif", "BoJ skips", "--horizons", "1d,1w,2w,1m,2m,3m,6m", "--draws", "0"),
    ("explain", "usd_jpy", "--draws", "0"),
    ("explain", "bitcoin", "--draws", "200"),
    ("explain", "yen_carry_positions", "--draws", "0"),
    ("list", "nodes"),
    ("list", "rules"),
    ("list", "scenarios"),
    ("loops",),
    ("paths", "boj_policy_rate", "usd_jpy"),
    ("backtest", "--only", "written", "--draws", "0"),
    pytest.param(  # every episode of the event base scored: --only written is the same table
        ("backtest", "--draws", "0"),
        marks=pytest.mark.slow,
        id="backtest --draws 0",
    ),
]


def too_wide(text: str, width: int) -> list[str]:
    return [line for line in text.splitlines() if len(line) > width]


def label_column(table: str) -> str:
    """A text table's labels, each line's text before its first gap of two spaces, joined
    with spaces (so that a label wrapped onto a second line reads whole)."""
    return " ".join(re.split(r"\s{2,}", line.strip())[0] for line in table.splitlines())


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("columns", [80, pytest.param(90, marks=pytest.mark.slow)])
def test_no_line_is_wider_than_the_terminal(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], columns: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    out = cli(*args)
    assert out.code == 0, out.stderr
    assert len(out.stdout.splitlines()) > 3
    assert too_wide(out.stdout, columns) == []


def test_the_table_keeps_its_columns_in_a_file_or_pipe(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    out = cli("whatif", "BoJ skips", "--draws", "100")
    header = next(line for line in out.stdout.splitlines() if line.startswith("  change "))
    assert "level at 3m" in header and "p5 to p95 at 3m" in header and "sign at 3m" in header
    assert too_wide(out.stdout.split("Outcomes against")[0], 96) == []


def test_at_80_columns_the_table_leaves_out_bands_and_levels(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = cli("whatif", "BoJ skips", "--draws", "100")
    header = next(line for line in out.stdout.splitlines() if line.startswith("  change "))
    assert header.split() == ["change", "1d", "1w", "1m", "3m", "sign", "at", "3m"]
    row = next(line for line in out.stdout.splitlines() if line.startswith("  USD/JPY "))
    delta = propagate(load_pack(), "BoJ skips", RunOptions(draws=0)).nodes["usd_jpy"].delta
    expected = [move(delta[h], "pct_change") for h in ("1d", "1w", "1m", "3m")]
    assert row.split()[1:5] == expected and row.endswith(" higher")


def test_at_60_columns_labels_get_the_room_the_dropped_columns_freed(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    out = cli("whatif", "BoJ skips", "--draws", "100")
    rows = [line for line in out.stdout.splitlines() if line.startswith("  2y JGB yield ")]
    assert len(rows) == 1 and len(rows[0]) <= 60
    header = next(line for line in out.stdout.splitlines() if line.startswith("  change "))
    assert header.split() == ["change", "1d", "1w", "1m", "3m"]


@pytest.mark.parametrize("args", [("list", "nodes"), ("whatif", "BoJ skips", "--draws", "0")])
def test_a_closed_pipe_ends_quietly(args: tuple[str, ...]) -> None:
    import subprocess
    import sys

    run = subprocess.Popen(
        [sys.executable, "-c", "from macrograph.explain.cli import main; main()", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert run.stdout is not None and run.stderr is not None
    run.stdout.close()  # the reader goes before a line is written, as `| head -0` would
    err = run.stderr.read()
    assert (run.wait(timeout=120), err) == (0, b"")


def test_short_is_the_headline_and_the_table_without_citations(cli: Cli) -> None:
    full = cli("whatif", "BoJ skips", "--draws", "100").stdout
    out = cli("whatif", "BoJ skips", "--draws", "100", "--short")
    assert out.code == 0
    assert "Outcomes against the comparison" in out.stdout
    assert "dovish surprise of -21.25bp" in " ".join(out.stdout.split())
    for gone in ("Citations", "How it happens", "[1]", "[2]"):
        assert gone in full and gone not in out.stdout
    assert len(out.stdout.splitlines()) * 4 < len(full.splitlines())


def test_colour_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from macrograph.explain.cli.common import wants_colour

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert wants_colour()
    monkeypatch.setenv("NO_COLOR", "1")
    assert not wants_colour()
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False)
    assert not wants_colour()


def test_no_colour_in_a_pipe_or_a_file(cli: Cli, tmp_path: Any) -> None:
    out = cli("whatif", "BoJ skips", "--draws", "0")
    assert out.code == 0 and "\x1b" not in out.stdout
    target = tmp_path / "w.txt"
    assert cli("whatif", "BoJ skips", "--draws", "0", "-o", str(target)).code == 0
    assert "\x1b" not in target.read_text(encoding="utf-8")


def test_short_help_is_whole_sentences(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import click

    from macrograph.explain.cli import main

    monkeypatch.setenv("COLUMNS", "80")
    out = cli("--help")
    listed = out.stdout.split("Commands:")[1].split("Examples:")[0]
    assert "..." not in listed and too_wide(out.stdout, 80) == []
    commands = main.list_commands(click.Context(main))  # most loaded when looked up
    assert sorted(line.split()[0] for line in listed.strip().splitlines()) == sorted(commands)
    assert all(line.rstrip().endswith(".") for line in listed.strip().splitlines())


def test_a_table_of_many_horizons_leaves_out_middle_ones_to_fit(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The oscillator's nine horizons made every row 98 characters wide at 80 columns.
    monkeypatch.setenv("COLUMNS", "80")
    pack = str(Path(__file__).parents[1] / "packs" / "oscillator")
    out = cli("whatif", "released", "--pack", pack, "--draws", "0")
    assert out.code == 0, out.stderr
    assert too_wide(out.stdout, 80) == []
    header = next(line for line in out.stdout.splitlines() if line.startswith("  change "))
    kept = header.split()[1:]
    assert kept[0] == "1d" and kept[-1] == "4999d" and len(kept) < 9
    told = " ".join(out.stdout.split())
    assert "Left out to fit the width: " in told
    gone = [
        h for h in ("157d", "314d", "628d", "1000d", "2000d", "3000d", "4000d") if h not in kept
    ]
    assert gone and all(h in told.split("Left out to fit the width: ")[1] for h in gone)


@pytest.mark.parametrize(
    ("pack", "scenario", "labels"),
    [
        ("heldout_grid", "cold-snap", ("Emissions since the start of January", "Gas storage")),
        (None, "BoJ skips", ("Cost of hedging dollars into yen", "Japanese repatriation")),
    ],
)
def test_at_80_columns_a_label_wraps_rather_than_being_cut(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, pack: str | None, scenario: str, labels: tuple
) -> None:
    # The grid's labels were cut to "Tempera…" and "Power d…" at 80 columns, the bundled
    # pack's to "Cost of hedging do…": a label cut to its first letters names no row.
    monkeypatch.setenv("COLUMNS", "80")
    where = ["--pack", str(Path(__file__).parents[1] / "packs" / pack)] if pack else []
    out = cli("whatif", scenario, *where, "--draws", "20")
    assert out.code == 0, out.stderr
    table = out.stdout.split("Outcomes against ")[1].split("\n\n")[0]
    assert "…" not in table and too_wide(out.stdout, 80) == []
    assert all(label in label_column(table) for label in labels), table
    header = next(line for line in table.splitlines() if line.startswith("  change "))
    assert header.split()[1] == "1d" and header.split()[-1] in ("3m", "at")


def test_the_weighted_table_at_80_columns_names_every_row_whole(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = cli("whatif", "december-2025", "--weighted", "--draws", "20", "--horizons", "1d")
    assert out.code == 0, out.stderr
    table = out.stdout.split("After 1 day")[1]
    assert "…" not in table and too_wide(out.stdout, 80) == []
    for label in ("Cost of hedging dollars into yen", "Market-implied BoJ path", "10y JGB yield"):
        assert label in label_column(table)
