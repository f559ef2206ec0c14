"""The briefing note: golden Markdown, the files it writes, self-contained HTML, the scenario
comparison, the failure without Graphviz, and byte-identical output across hash seeds."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from macrograph.graph.propagate import propagate
from macrograph.rules.pack import Pack
from tests.packfactory import Cli

MC = ("--draws", "1000", "--seed", "0")
HOSTILE = "tests/hostile_narrative_pack"
SECTIONS = (
    "## Key judgements",
    "## Policy calendar",
    "## Transmission channels",
    "### Liquidity",
    "### Rates and spread",
    "### Carry and repatriation",
    "### FX",
    "### Assets",
    "## Asset table",
    "## Competing forces",
    "## Stance and fiscal cost",
    "## What to watch",
    "## Scenario comparison",
    "## Sources",
    "## Citations",
)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def note(pack: Pack) -> str:
    from click.testing import CliRunner

    from macrograph.explain.cli import main

    out = CliRunner().invoke(main, ["brief", "-o", "-", *MC], catch_exceptions=False)
    assert out.exit_code == 0, out.stderr
    return out.stdout


def test_markdown_brief_matches_golden(note: str, golden: Callable[[str, str], None]) -> None:
    golden("narrative/brief-december-2025.md", note)


def test_markdown_brief_has_every_section_in_order(note: str) -> None:
    where = [note.find(s) for s in SECTIONS]
    assert -1 not in where and where == sorted(where)
    assert note.startswith(
        "# Briefing note: December 2025 as expected: the Fed eases, the BoJ hikes\n"
    )
    assert "```mermaid\n" in note and "flowchart" in note.split("```mermaid\n")[1]


def test_policy_calendar_has_dates_odds_and_surprises(note: str) -> None:
    assert (
        "| 10 Dec 2025 | The FOMC cuts 25bp [1] | -25bp | 90% for -25bp | -2.5bp dovish |" in note
    )
    assert (
        "| 19 Dec 2025 | The BoJ hikes 25bp to 0.75% [2] | +25bp | 85% for +25bp "
        "| +3.75bp hawkish |" in note
    )
    # issue 12: runoff was about $5bn a month when QT ended, not the article's $95bn
    assert "| 1 Dec 2025 | The Fed stops shrinking its balance sheet [4] | " in note
    assert "-$95bn" not in note


def test_stance_fiscal_cost_and_watch_list(note: str) -> None:
    text = flat(note)
    assert (
        "The BoJ policy stance is **easing**: the BoJ policy rate is at 0.75% after 3 months"
        in text
    )
    # issue 12: the bill builds with rollover (about 0.05tn yen after 3 months), not the
    # article's 8tn yen at once
    assert "¥8.0tn higher" not in text
    assert "**The BoJ's guidance after the hike**" in text
    assert "**Whether Ueda names the spring 2026 wage round**" in text
    assert "If *The BoJ signals a hike every six months* (`boj-hawkish-guidance`)" in text


def test_scenario_comparison_is_probability_weighted(note: str, pack: Pack) -> None:
    table = note.split("## Scenario comparison")[1].split("## Sources")[0]
    header = next(line for line in table.splitlines() if line.startswith("| Outcome"))
    assert "(`december-2025`, p 55%)" in header and "(`boj-skips`, p 15%)" in header
    assert "(`boj-hikes-50`)" in header
    assert "Probability-weighted: 55% hike, 15% hawkish, 15% dovish, 15% skip" in header
    row = next(line for line in table.splitlines() if line.startswith("| 10y JGB yield |"))
    branches = pack.scenarios["december-2025"].branches
    moved = {
        s: propagate(pack, s, against=None, draws=0).nodes["jgb_10y"].delta["3m"]
        for s in ("december-2025", "boj-skips", "boj-hikes-50", *(b.scenario for b in branches))
    }
    # each branch against no shocks, weighted by the pack's probabilities
    weighted = sum(b.probability * moved[b.scenario] for b in branches)
    levels = [1.88 + moved[s] for s in ("december-2025", "boj-skips", "boj-hikes-50")]
    cells = [f"{x:.2f}%" for x in [*levels, 1.88 + weighted]]
    assert row == "| 10y JGB yield | " + " | ".join(cells) + " |"
    assert levels[1] < levels[0] < levels[2]  # skip below the hike below the double hike


@pytest.mark.slow  # a brief of its own
def test_comparison_set_can_be_chosen(cli: Cli) -> None:
    out = cli("brief", "-o", "-", "--scenarios", "december-2025,fed-holds", "--draws", "0")
    table = out.stdout.split("## Scenario comparison")[1]
    header = next(line for line in table.splitlines() if line.startswith("| Outcome |"))
    assert header.count("`") == 4 and "(`december-2025`, p 55%)" in header
    assert "The Fed holds in December (`fed-holds`)" in header
    assert header.endswith("| Probability-weighted: 55% hike, 15% hawkish, 15% dovish, 15% skip |")


@pytest.mark.slow  # a brief per format: Markdown with its SVGs
def test_markdown_file_gets_an_svg_beside_it(cli: Cli, tmp_path: Path, needs_dot: None) -> None:
    target = tmp_path / "boj-skips.md"
    out = cli("brief", "boj-skips", "-o", str(target), "--draws", "100")
    assert out.code == 0, out.stderr
    assert out.stdout == ""
    text = target.read_text(encoding="utf-8")
    assert "![The transmission chain](boj-skips.svg)" in text
    svg = (tmp_path / "boj-skips.svg").read_text(encoding="utf-8")
    assert "<svg" in svg and "</svg>" in svg
    assert "![Moves after 3 months](boj-skips-moves.svg)" in text
    assert "![Key outcomes day by day](boj-skips-fan.svg)" in text
    names = ["boj-skips-fan.svg", "boj-skips-moves.svg", "boj-skips.md", "boj-skips.svg"]
    assert sorted(p.name for p in tmp_path.iterdir()) == names


@pytest.mark.slow  # a brief per format: HTML
def test_html_brief_is_self_contained(cli: Cli, tmp_path: Path, needs_dot: None) -> None:
    target = tmp_path / "brief.html"
    out = cli("brief", "-o", str(target), "--draws", "100")
    assert out.code == 0, out.stderr
    html = target.read_text(encoding="utf-8")
    # the chain, the key moves and their fans, all inline
    assert html.startswith("<!DOCTYPE html>") and html.count("<svg") == 3
    assert "<style>" in html and "<?xml" not in html and "<!DOCTYPE svg" not in html
    for needle in ("<link", "<script", "@import", "src="):
        assert needle not in html.lower(), needle
    assert not re.search(r"url\((?!#)", html)  # only the charts' own clip paths
    urls = re.findall(r"https?://[^\s\"'<>]+", html)
    assert set(urls) <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
    assert re.findall(r'xmlns(?::xlink)?="(https?://[^"]+)"', html)  # namespaces, not requests
    assert "<h1>Briefing note: December 2025 as expected" in html
    assert '<table class="outcomes">' in html and '<ol class="citations">' in html


def test_hostile_pack_brief_is_escaped(cli: Cli, tmp_path: Path, needs_dot: None) -> None:
    target = tmp_path / "hostile.html"
    out = cli("brief", "hold", "--pack", HOSTILE, "-o", str(target), "--draws", "50")
    assert out.code == 0, out.stderr
    html = target.read_text(encoding="utf-8").lower()
    assert "<script" not in html and "<img" not in html and "onerror=alert(1)>" not in html
    assert "&lt;script&gt;" in html and "{{ 7*7 }}" in html


@pytest.mark.slow  # two briefs, each made before the missing dot stops it
def test_without_dot_no_note_is_written(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    for name in ("note.md", "note.html"):
        out = cli("brief", "-o", str(tmp_path / name), "--draws", "0")
        assert out.code == 2
        assert out.stderr == (
            "macrograph: Graphviz 'dot' is not installed, so svg output cannot be made; "
            "install it with 'apt-get install graphviz' (or write .dot output instead)\n"
        )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow  # a brief of its own
def test_markdown_to_stdout_needs_no_dot(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    out = cli("brief", "-o", "-", "--draws", "0")
    assert out.code == 0 and "```mermaid" in out.stdout and ".svg" not in out.stdout


@pytest.mark.slow  # a brief of its own
def test_format_option_overrides_the_suffix(cli: Cli, tmp_path: Path, needs_dot: None) -> None:
    target = tmp_path / "note.page"  # a suffix naming no format; note.txt would be a conflict
    out = cli("brief", "-o", str(target), "--format", "html", "--draws", "0")
    assert out.code == 0, out.stderr
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_unknown_suffix_and_missing_folder_are_clear_errors(cli: Cli, tmp_path: Path) -> None:
    out = cli("brief", "-o", str(tmp_path / "note.txt"), "--draws", "0")
    assert (out.code, out.stderr) == (
        2,
        "macrograph: unknown format '.txt'; use one of .md, .markdown, .html, .htm\n",
    )
    out = cli("brief", "-o", str(tmp_path / "no" / "note.md"), "--draws", "0")
    assert out.code == 2
    assert out.stderr == (
        f"macrograph: cannot write {tmp_path / 'no' / 'note.md'}: "
        f"the folder {tmp_path / 'no'} does not exist\n"
    )


def run_with_hash_seed(seed: str, *args: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-m", "macrograph.explain.cli", *args],
        capture_output=True,
        env=env,
        check=True,
        timeout=300,
    )
    return done.stdout


@pytest.mark.slow  # two processes per output, 1,000 draws each
@pytest.mark.parametrize(
    "args",
    [
        ("whatif", "BoJ skips", *MC),
        ("whatif", "BoJ skips", "--format", "md", *MC),
        ("explain", "bitcoin", "--scenario", "december-2025", *MC),
        ("brief", "-o", "-", *MC),
    ],
)
def test_output_is_byte_identical_across_hash_seeds(args: tuple[str, ...]) -> None:
    first = run_with_hash_seed("1", *args)
    assert first and first == run_with_hash_seed("4242", *args)
