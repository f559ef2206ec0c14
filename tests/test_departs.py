"""Where a source's own view departs from the evidence: the brief's section, and the
side-by-side answer of ``whatif --against-overlay``."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from macrograph.explain.contexts.departs import departs_section
from macrograph.graph.evidence.compare import compare_views
from macrograph.rules.overlay import apply_overlay, overlay_path, read_overlay
from macrograph.rules.pack import Pack

Cli = Callable[..., Any]
HEADING = "## Where the article departs from the evidence"


@pytest.fixture(scope="module")
def section(pack: Pack) -> Any:
    path = overlay_path(pack.root, "article")
    nodes = ("us_jp_spread_10y", "usd_jpy", "us_liquidity")
    return departs_section(pack, read_overlay(path)[0], path, "december-2025", "1m", nodes)


@pytest.fixture(scope="module")
def note(pack: Pack) -> str:
    from macrograph.explain.brief.note import make_brief

    return make_brief(pack, "december-2025", "md", svg_name=None, draws=0).text


def test_every_entry_of_the_overlay_is_a_row(pack: Pack, section: Any) -> None:
    overlay = read_overlay(overlay_path(pack.root, "article"))[0]
    kinds = [r.kind for r in section.rows]
    counts = (len(overlay.baselines), len(overlay.changes), len(overlay.drop), len(overlay.add))
    assert counts >= (5, 7, 3, 7)
    assert (
        kinds
        == (["baseline"] * counts[0] + ["size"] * counts[1] + ["dropped"] * counts[2])
        + ["added"] * counts[3]
    )
    assert section.name == "the article" and section.evidence == "the evidence"


def test_a_row_gives_the_claim_the_evidence_and_the_effect(section: Any) -> None:
    rows = {r.key: r for r in section.rows}
    ust = rows["ust_10y"]
    assert (ust.source_value, ust.evidence_value) == (3.72, 4.19)
    assert [c.id for c in ust.claims] == ["C06", "C08"]
    assert [s.id for s in ust.evidence_sources] == ["longport-2025-12-12", "fidelity-2025-12-10"]
    cut = rows["fed_cut_releases_liquidity"]
    assert [c.id for c in cut.claims] == ["C02"]
    assert cut.because == "the article's $550bn released by each 25bp cut"
    assert cut.evidence_size is None and cut.source_size is not None
    liquidity = {e.label: e.move for e in cut.effects}
    assert 400 < liquidity["US dollar liquidity"] < 700  # $550bn per 25bp cut, about
    carry = rows["carry_sells_yen"]
    assert carry.source_size.elasticity == 0.002 and carry.evidence_size.elasticity == 0.02
    assert [c.id for c in carry.claims] == ["C09"]


def test_the_key_outcomes_differ_between_the_views(section: Any) -> None:
    rows = {o.node: o for o in section.outcomes}
    spread = rows["us_jp_spread_10y"]
    assert spread.is_level and 2.0 < spread.left < 2.4 and 1.5 < spread.right < 1.8
    assert -0.7 < spread.difference < -0.4
    assert rows["ust_10y"].is_level  # a node the overlay starts elsewhere is compared too
    assert rows["us_liquidity"].difference > 300  # the article's liquidity channel


def test_the_brief_shows_the_section_by_default(note: str) -> None:
    assert note.count(HEADING) == 1
    body = note.split(HEADING)[1].split("\n## ")[0]
    assert "C02 (" in body and "the article's $550bn released by each 25bp cut" in body
    assert "the evidence view at 4.19%" in body and "`longport-2025-12-12`" in body
    assert "| Key outcome after 3 months | The evidence | The article | Difference |" in body
    row = re.search(
        r"\| US-Japan 10y spread \| ([0-9.]+)pp \| ([0-9.]+)pp \| (-?[0-9.]+)bp \|", body
    )
    assert row is not None
    left, right, diff = (float(x) for x in row.groups())
    assert left > right and -70 < diff < -40


def test_the_gap_on_the_treasury_yield_is_written_down(note: str) -> None:
    body = note.split(HEADING)[1]
    found = re.search(
        r"Under the article's own view: december-2025: the source expects 10y US Treasury "
        r"yield at 3\.70% to 3\.90% after 2 weeks; the model gives ([0-9.]+)%: NOT met\.",
        body,
    )
    assert found is not None and 3.6 < float(found.group(1)) < 3.7


@pytest.mark.slow  # four briefs
def test_the_section_can_be_left_out_or_taken_from_another_overlay(
    cli: Cli, tmp_path: Path, pack: Pack
) -> None:
    out = cli("brief", "-o", "-", "--draws", "0", "--compare-overlay", "none")
    assert out.code == 0 and "departs from" not in out.stdout
    overlaid = cli("brief", "-o", "-", "--draws", "0", "--overlay", "article")
    assert overlaid.code == 0 and "departs from" not in overlaid.stdout
    mine = tmp_path / "desk.yaml"
    mine.write_text(
        "overlay: {id: desk, title: The desk's view, label: the desk}\n"
        "changes:\n  - {rule: carry_sells_yen, elasticity: 0.03, because: our desk's reading}\n",
        encoding="utf-8",
    )
    desk = cli("brief", "-o", "-", "--draws", "0", "--compare-overlay", str(mine))
    assert desk.code == 0, desk.stderr
    assert "## Where the desk departs from the evidence" in desk.stdout
    assert "our desk's reading" in desk.stdout
    missing = cli("brief", "-o", "-", "--draws", "0", "--compare-overlay", "nope")
    assert missing.code == 2
    assert "cannot read overlay nope: the pack has no overlay of that name" in missing.stderr


@pytest.mark.slow  # a brief per format: HTML
def test_the_html_brief_has_the_section(cli: Cli, tmp_path: Path, needs_dot: None) -> None:
    target = tmp_path / "note.html"
    out = cli("brief", "-o", str(target), "--draws", "0")
    assert out.code == 0, out.stderr
    html = target.read_text(encoding="utf-8")
    assert "<h2>Where the article departs from the evidence</h2>" in html
    assert '<th scope="col" class="num">The article</th>' in html


def test_side_by_side_text_has_every_horizon(cli: Cli) -> None:
    out = cli("whatif", "BoJ skips", "--against-overlay", "article")
    assert out.code == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "The BoJ skips the December hike: the evidence and the article"
    for words in ("After 1 day", "After 1 week", "After 1 month", "After 3 months"):
        assert any(line.startswith(words) for line in lines)
    header = next(line for line in lines if line.strip().startswith("outcome"))
    assert header.split()[1:] == ["the", "evidence", "the", "article", "difference"]


def test_side_by_side_json_difference_is_right_minus_left(cli: Cli, pack: Pack) -> None:
    out = cli("whatif", "BoJ skips", "--against-overlay", "article", "--format", "json")
    body = json.loads(out.stdout)
    assert (body["left"], body["right"]) == ("the evidence", "the article")
    rows = {(r["node"], r["horizon"]): r for r in body["rows"]}
    spread = rows[("us_jp_spread_10y", "1m")]
    assert (
        spread["is_level"]
        and abs(spread["difference"] - (spread["right"] - spread["left"])) < 1e-12
    )
    yen = rows[("usd_jpy", "1m")]  # a price: the difference is a percent of the level
    assert yen["is_level"]
    assert yen["difference"] == pytest.approx((yen["right"] / yen["left"] - 1) * 100, abs=1e-9)
    assert -6 < yen["difference"] < 0  # the article's spread-to-yen rule strengthens the yen
    other = apply_overlay(pack, overlay_path(pack.root, "article"))
    view = compare_views(pack, other, "boj-skips", ("1m",))
    assert view.difference("usd_jpy", "1m") == pytest.approx(
        view.right_delta["usd_jpy"]["1m"] - view.left_delta["usd_jpy"]["1m"]
    )


def test_side_by_side_markdown_and_html(cli: Cli) -> None:
    md = cli("whatif", "BoJ skips", "--against-overlay", "article", "--format", "md").stdout
    assert (
        "## After 1 month" in md and "| Outcome | The evidence | The article | Difference |" in md
    )
    html = cli("whatif", "BoJ skips", "--against-overlay", "article", "--format", "html").stdout
    assert html.startswith("<!DOCTYPE html>") and html.count("<h2>After") == 4


def test_side_by_side_refuses_what_it_cannot_honour(cli: Cli) -> None:
    out = cli("whatif", "BoJ skips", "--against-overlay", "article", "--weighted")
    assert out.code == 2 and "--against-overlay compares the scenario under two views" in out.stderr
    missing = cli("whatif", "BoJ skips", "--against-overlay", "nope")
    assert missing.code == 2
    assert "cannot read overlay nope: the pack has no overlay of that name" in missing.stderr
