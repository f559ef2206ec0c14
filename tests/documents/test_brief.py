"""The briefing note: golden Markdown, the bottom line and the key markets from the numbers,
the files it writes, self-contained HTML, the scenario comparison, the failure without
Graphviz, a pack of another economy, and byte-identical output across hash seeds. The PDF is
in test_brief_pdf.py."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from macrograph.explain.brief.comparison import comparison_table
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.rules.pack import Pack
from tests.packfactory import Cli

MC = ("--draws", "1000", "--seed", "0")
HOSTILE = "tests/hostile_narrative_pack"
SECTIONS = (
    "## Bottom line",
    "## Key markets",
    "## Policy calendar",
    "## How it reaches the key markets",
    "### Rates and spread",
    "### FX",
    "### Assets",
    "## Competing forces",
    "## Stance",
    "## Thresholds",
    "## What to watch",
    "## Scenario comparison",
    "## Where the article departs from the evidence",
    "## What the sources expect",
    "## Sources",
    "## Citations",
)
MARKETS = ("usd_jpy", "jgb_2y", "jgb_10y", "ust_2y", "ust_10y", "sp500", "nasdaq", "nikkei")
MARKETS += ("bitcoin", "vix")


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def note(pack: Pack) -> str:
    from click.testing import CliRunner

    from macrograph.explain.cli import main

    out = CliRunner().invoke(main, ["brief", "-o", "-", *MC], catch_exceptions=False)
    assert out.exit_code == 0, out.stderr
    return out.stdout


@pytest.mark.slow  # a brief
def test_markdown_brief_matches_golden(note: str, golden: Callable[[str, str], None]) -> None:
    golden("narrative/brief-december-2025.md", note)


@pytest.mark.slow
def test_markdown_brief_has_every_section_in_order(note: str) -> None:
    where = [note.find(s) for s in SECTIONS]
    assert -1 not in where and where == sorted(where)
    assert note.startswith(
        "# Briefing note: December 2025 as expected: the Fed eases, the BoJ hikes\n"
    )
    assert "```mermaid\n" in note and "flowchart" in note.split("```mermaid\n")[1]


@pytest.mark.slow
def test_policy_calendar_has_dates_odds_and_surprises(note: str) -> None:
    # the calendar is the first section to cite, so its shocks number 1 to 7 by date
    assert (
        "| 10 Dec 2025 | The FOMC cuts 25bp [3] | -25bp | 90% for -25bp | -2.5bp dovish |" in note
    )
    assert (
        "| 19 Dec 2025 | The BoJ hikes 25bp to 0.75% [5] | +25bp | 85% for +25bp "
        "| +3.75bp hawkish |" in note
    )
    # issue 12: runoff was about $5bn a month when QT ended, not the article's $95bn
    assert "| 1 Dec 2025 | The Fed stops shrinking its balance sheet [2] | " in note
    assert "-$95bn" not in note


def test_stance_and_watch_list(note: str) -> None:
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
    table = note.split("## Scenario comparison")[1].split("\n## ")[0]
    header = next(line for line in table.splitlines() if line.startswith("| Key market"))
    assert "(`december-2025`, p 55%)" in header and "(`boj-skips`, p 15%)" in header
    assert "(`boj-hikes-50`)" in header
    assert "Probability-weighted: 55% hike, 15% hawkish, 15% dovish, 15% skip" in header
    row = next(line for line in table.splitlines() if line.startswith("| 10y JGB yield |"))
    branches = pack.scenarios["december-2025"].branches
    moved = {
        s: propagate(pack, s, RunOptions(against=None, draws=0)).nodes["jgb_10y"].delta["3m"]
        for s in ("december-2025", "boj-skips", "boj-hikes-50", *(b.scenario for b in branches))
    }
    # each branch against no shocks, weighted by the pack's probabilities
    weighted = sum(b.probability * moved[b.scenario] for b in branches)
    start = pack.nodes["jgb_10y"].baseline.value  # type: ignore[union-attr]
    levels = [start + moved[s] for s in ("december-2025", "boj-skips", "boj-hikes-50")]
    cells = [f"{x:.2f}%" for x in [*levels, start + weighted]]
    assert row == "| 10y JGB yield | " + " | ".join(cells) + " |"
    assert levels[1] < levels[0] < levels[2]  # skip below the hike below the double hike


def test_the_comparison_reads_the_notes_own_result_only_when_against_no_shocks(
    pack: Pack,
) -> None:
    chosen, keys = ("december-2025", "boj-skips"), ("jgb_10y", "usd_jpy")
    ran = comparison_table(pack, chosen, keys, "3m")
    own = propagate(pack, "december-2025", RunOptions(draws=0))
    assert own.against is None and comparison_table(pack, chosen, keys, "3m", own) == ran
    skips = propagate(pack, "boj-skips", RunOptions(draws=0))  # against the hike: not read
    assert skips.against is not None
    assert comparison_table(pack, chosen, keys, "3m", skips) == ran
    assert ran[1][0].cells[0] != ran[1][0].cells[1]


@pytest.mark.slow
def test_a_note_on_a_question_sets_it_beside_the_packs_scenarios(pack: Pack) -> None:
    """A note on a question the pack's set leaves out compares it with them: its table had
    no column of its own, and its bottom line then said no other scenario was compared."""
    from macrograph.explain.brief.note import NoteOptions, make_brief
    from macrograph.explain.filters import level
    from macrograph.graph.scenarios import resolve_text

    note = make_brief(pack, "Fed cuts 50bp", NoteOptions(fmt="md"), RunOptions(draws=0)).text
    table = note.split("## Scenario comparison")[1].split("\n## ")[0]
    header, row = table.splitlines()[4], next(r for r in table.splitlines() if "| USD/JPY |" in r)
    titles = [c.strip() for c in header.strip("|").split("|")][1:]
    assert titles[len(pack.info.brief_scenarios)] == "Fed funds rate -50bp"
    # named as typed, not by an id made of it that is no scenario of the pack
    assert ".* The question “Fed cuts 50bp” against `december-2025` (December 2025" in note
    assert "fed-cuts-50bp" not in note
    alone = propagate(pack, resolve_text(pack, "Fed cuts 50bp"), RunOptions(against=None, draws=0))
    usd_jpy = alone.nodes["usd_jpy"]
    start = pack.nodes["usd_jpy"].baseline
    assert start is not None
    cell = row.strip("|").split("|")[1 + len(pack.info.brief_scenarios)].strip()
    unit = pack.nodes["usd_jpy"].unit
    assert cell == level(start.value * (1 + usd_jpy.delta["3m"] / 100), unit)


@pytest.mark.slow  # a brief of its own
def test_comparison_set_can_be_chosen(cli: Cli) -> None:
    out = cli("brief", "-o", "-", "--scenarios", "december-2025,fed-holds", "--draws", "0")
    table = out.stdout.split("## Scenario comparison")[1]
    header = next(line for line in table.splitlines() if line.startswith("| Key market |"))
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
    assert "![Key markets day by day](boj-skips-fan.svg)" in text
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
    assert '<table class="keys">' in html and '<ol class="citations">' in html
    assert html.index("<h2>Bottom line</h2>") < html.index("<h2>Key markets</h2>")


@pytest.mark.slow
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
        "macrograph: unknown format '.txt'; use one of .md, .markdown, .html, .htm, .pdf\n",
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


def section(note: str, heading: str) -> str:
    """The text under ``heading`` up to the next heading of its level or higher."""
    level = heading.split(" ")[0]
    body = note.split(f"\n{heading}\n", 1)[1]
    ends = [body.find(f"\n{'#' * n} ") for n in range(1, len(level) + 1)]
    return body[: min((e for e in ends if e >= 0), default=len(body))].strip()


def test_the_bundled_pack_names_its_markets_as_key_outcomes(pack: Pack) -> None:
    # FX, rates, equities, crypto and volatility: a desk's markets, not internal nodes
    assert pack.info.key_outcomes == MARKETS
    assert {pack.nodes[n].kind for n in MARKETS} == {"asset", "rate", "indicator"}


def test_the_note_opens_with_a_three_sentence_bottom_line(note: str) -> None:
    heads = [line for line in note.splitlines() if line.startswith("## ")]
    assert heads[:2] == ["## Bottom line", "## Key markets"]
    line = section(note, "## Bottom line")
    assert "\n" not in line
    sentences = re.split(r"(?<=\.) (?=[A-Z])", line)
    assert [s.split(":")[0] for s in sentences[1:]] == ["How sure", "What would change the view"]
    assert sentences[0].startswith("After 3 months (19 Mar 2026) and against no shocks, ")


def test_the_bottom_line_is_made_from_the_result(note: str, pack: Pack) -> None:
    from macrograph.explain.contexts.base import node_name, salience
    from macrograph.explain.filters import distance, level, move, size

    result = propagate(pack, "december-2025", RunOptions(draws=1000, seed=0))
    moves = {n: result.nodes[n].delta["3m"] for n in MARKETS}
    ranked = sorted(MARKETS, key=lambda n: -salience(moves[n], pack.nodes[n].unit))
    line = flat(section(note, "## Bottom line"))
    named = [
        f"{node_name(pack, n)} **{size(moves[n], pack.nodes[n].unit)} "
        f"{'higher' if moves[n] > 0 else 'lower'}**"
        for n in ranked[:3]
    ]
    first = line.split(". How sure")[0]
    assert [first.find(x) for x in named] == sorted(first.find(x) for x in named)
    assert -1 not in [first.find(x) for x in named]
    assert first.endswith("; the other 7 of the 10 key markets move less")
    # how sure: the share of draws that agree with the central move's direction
    up = {n: result.nodes[n].p_positive["3m"] for n in MARKETS}  # type: ignore[index]
    agree = {n: up[n] if moves[n] > 0 else 1 - up[n] for n in MARKETS}
    sure = [n for n in ranked if agree[n] >= 0.65]  # "likely" or better: not a coin toss
    assert len(sure) == 10  # the fitted sizes keep every direction
    assert "all 10 key markets that move keep their direction in at least 65% of them (" in line
    told = [
        f"{node_name(pack, n)} {'higher' if moves[n] > 0 else 'lower'} in {round(agree[n] * 100)}%"
        for n in sure[:3]
    ]
    assert "(" + ", ".join(told) + ", and 7 more); " in line and "in fewer" not in line
    band = result.nodes[ranked[0]].band["3m"]  # type: ignore[index]
    spread = f"{move(band.p5, 'pct')} and {move(band.p95, 'pct')}"
    assert f"; {node_name(pack, ranked[0])} lies between {spread} in 90% of them." in line
    # what would change it: the nearest trigger and the compared scenario furthest away
    assert "USD/JPY at or above 160" in line
    assert "a move of +¥5.0tn in finance-ministry yen buying" in line
    # how far it is after 3 months, in yen and in percent: the hike keeps USD/JPY further
    # from 160 than the comparison does, so its level after a day is no near miss to tell
    yen, against = result.nodes["usd_jpy"].level, result.nodes["usd_jpy"].level_against
    assert all((yen[h] or 0.0) < (against[h] or 0.0) for h in result.horizons)
    now = yen["3m"] or 0.0
    far = f"{distance(160 - now, 'pct_change', now)} short, at {level(now, 'pct_change')}"
    assert f"(it is {far} after 3 months) would set off" in line
    assert re.search(r"is \d+\.\d \(\d\.\d%\) short", line)
    assert "in the scenario *The BoJ skips the December hike* (`boj-skips`) instead" in line


def test_the_key_markets_table_is_the_packs_key_outcomes(note: str, pack: Pack) -> None:
    from macrograph.explain.filters import move

    result = propagate(pack, "december-2025", RunOptions(draws=1000, seed=0))
    rows = [r for r in section(note, "## Key markets").splitlines() if r.startswith("| ")]
    assert rows[0].startswith("| Key market | 1d | 1w | 1m | 3m | Level at 3m | p5 to p95 at 3m |")
    body = rows[1:]
    assert [r.split(" | ")[0][2:] for r in body] == [pack.nodes[n].label for n in MARKETS]
    for row, n in zip(body, MARKETS, strict=True):
        cells = row.split(" | ")
        assert cells[4] == move(result.nodes[n].delta["3m"], pack.nodes[n].unit), n


@pytest.mark.slow  # a brief
def test_charts_and_routes_show_the_key_markets_only(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "note.md"
    out = cli("brief", "-o", str(target), "--draws", "0")
    assert out.code == 0, out.stderr
    note = target.read_text(encoding="utf-8")
    bars = (tmp_path / "note-moves.svg").read_text(encoding="utf-8")
    assert ">10y JGB yield<" in bars and ">VIX<" in bars and "(change, pts|change, %)"
    for internal in ("US dollar liquidity", "Dollars seeking yield abroad", "Asset-bubble risk"):
        assert f">{internal}<" not in bars
        assert f"**{internal}:" not in note  # no story of its own ...
    assert "US dollar liquidity by **" in note  # ... but it shows where a route needs it
    assert "### Liquidity" not in note and "### Carry and repatriation" not in note
    assert ">change, bp<" in bars and ">change, %<" in bars and ">change, pts<" in bars


UK = "tests/packs/uk"
BUNDLED_HEADINGS = (
    "Key markets",
    "How it reaches the key markets",
    "Rates and spread",
    "Carry and repatriation",
    "Liquidity",
    "Fiscal",
    "Stance and fiscal cost",
    "Competing forces",
    "Stance",
    "Thresholds",
    "What to watch",
    "Where the article departs from the evidence",
    "What the sources expect",
)


def test_a_pack_of_another_economy_gets_no_empty_section(cli: Cli) -> None:
    out = cli("brief", "-o", "-", "--pack", UK, "--draws", "200")
    assert out.code == 0, out.stderr
    note = out.stdout
    headings = [line for line in note.splitlines() if line.startswith("#")]
    for heading in headings[1:]:
        assert section(note, heading), f"{heading} is empty"
    for word in BUNDLED_HEADINGS:
        assert f"# {word}\n" not in note, word
    assert [h for h in headings if h.startswith("### ")] == [
        "### Gilts and mortgages",
        "### Sterling and shares",
        "### Households",
        "### Prices",
    ]
    line = section(note, "## Bottom line")
    assert line.startswith("After 3 months (6 May 2026) and against no shocks, the scenario moves")
    assert "; the other 2 of the 5 key outcomes move less." in line  # the pack names no markets
    assert "in the scenario *The Bank of England holds* (`boe-holds`) instead" in line
    assert "## Key outcomes" in note and "key market" not in note.lower()


@pytest.mark.slow
def test_the_html_brief_of_another_economy_has_no_empty_section(
    cli: Cli, tmp_path: Path, needs_dot: None
) -> None:
    target = tmp_path / "uk.html"
    out = cli("brief", "-o", str(target), "--pack", UK, "--draws", "0")
    assert out.code == 0, out.stderr
    html = target.read_text(encoding="utf-8")
    found = re.findall(r"<h([23])>([^<]*)</h\1>\s*(<[a-z0-9]+)", html)
    assert found and all(tag not in ("<h2", "<h3", "</section") for _, _, tag in found)
    assert not {name for _, name, _ in found} & set(BUNDLED_HEADINGS)
