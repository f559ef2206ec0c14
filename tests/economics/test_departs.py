"""Where a source's own view departs from the evidence: the brief's section, and the
side-by-side answer of ``whatif --against-overlay``. Effects are differences of two changes,
checked here against two propagations of our own."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from macrograph.explain.brief.note import NoteOptions
from macrograph.explain.contexts.departs import departs_section
from macrograph.explain.filters import gap, level, move
from macrograph.graph.evidence.compare import compare_views
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.rules.overlay import (
    apply_overlay,
    overlay_applied,
    overlay_parts,
    overlay_path,
    read_overlay,
)
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

    return make_brief(
        pack, "december-2025", NoteOptions(fmt="md", svg_name=None), RunOptions(draws=0)
    ).text


def test_every_entry_of_the_overlay_is_a_row(pack: Pack, section: Any) -> None:
    overlay = read_overlay(overlay_path(pack.root, "article"))[0]
    kinds = [r.kind for r in section.rows]
    counts = (len(overlay.baselines), len(overlay.changes), len(overlay.drop), len(overlay.add))
    assert counts >= (5, 6, 1, 8)
    assert (
        kinds
        == (["baseline"] * counts[0] + ["size"] * counts[1] + ["dropped"] * counts[2])
        + ["added"] * counts[3]
    )
    assert section.name == "the article" and section.evidence == "the evidence"


def test_a_row_gives_the_claim_the_evidence_and_the_effect(section: Any, pack: Pack) -> None:
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
    assert cut.what == "rule added" and ust.what == "start level"
    carry = rows["carry_sells_yen"]
    fitted = pack.rules["carry_sells_yen"].magnitude  # type: ignore[union-attr]
    assert carry.source_size.elasticity == 0.002  # the article's $5tn stock moves it little
    assert carry.evidence_size.elasticity == fitted.elasticity  # the evidence view's estimate
    assert carry.evidence_size.elasticity > 5 * carry.source_size.elasticity
    assert [c.id for c in carry.claims] == ["C09"]


def test_the_key_outcomes_differ_between_the_views(section: Any, pack: Pack) -> None:
    rows = {o.node: o for o in section.outcomes}
    spread = rows["us_jp_spread_10y"]
    # where each view starts is shown apart from what the scenario does in each
    assert spread.has_level and (spread.left_start, spread.right_start) == (2.31, 1.81)
    assert spread.difference == spread.right_effect - spread.left_effect
    assert -0.1 < spread.difference < 0  # the article's channels narrow it a little more
    assert rows["ust_10y"].has_level  # a node the overlay starts elsewhere is compared too
    assert rows["us_liquidity"].difference > 300  # the article's liquidity channel
    other = apply_overlay(pack, overlay_path(pack.root, "article"))
    left, right = (
        propagate(p, "december-2025", RunOptions(horizons=("1m",), draws=0)) for p in (pack, other)
    )
    for node, row in rows.items():
        assert row.left_effect == left.nodes[node].delta["1m"], node
        assert row.right_effect == right.nodes[node].delta["1m"], node
        assert row.difference == pytest.approx(
            right.nodes[node].delta["1m"] - left.nodes[node].delta["1m"], abs=1e-12
        )


@pytest.mark.slow  # a brief under two views
def test_the_departs_figures_equal_the_difference_of_the_two_views_changes(
    pack: Pack, note: str, bundled_words: None
) -> None:
    # issue 20: a relative change of a change read "Bitcoin +383.6%" for the article's
    # $550bn per cut; it is a difference of two percent changes, in percentage points
    path = overlay_path(pack.root, "article")
    overlay = read_overlay(path)[0]
    parts = {key: part for _, key, part in overlay_parts(overlay)}
    keys = ("fed_cut_releases_liquidity", "spread_moves_usd_jpy", "carry_sells_yen", "ust_10y")
    keys_out = pack.info.key_outcomes
    section = departs_section(pack, overlay, path, "december-2025", "3m", keys_out)
    # a node the overlay starts elsewhere is compared too
    nodes = (*keys_out, *(b.node for b in overlay.baselines if b.node not in keys_out))
    rows = {r.key: r for r in section.rows}
    base = propagate(pack, "december-2025", RunOptions(horizons=("3m",), draws=0))
    table = note.split(HEADING)[1].split("\n## ")[0]
    for key in keys:
        alone = overlay_applied(pack, parts[key], str(path))
        moved = propagate(alone, "december-2025", RunOptions(horizons=("3m",), draws=0))
        expected = {
            pack.nodes[n].label: moved.nodes[n].delta["3m"] - base.nodes[n].delta["3m"]
            for n in nodes
        }
        effects = rows[key].effects
        for e in effects:
            assert e.move == pytest.approx(expected[e.label], abs=1e-12), (key, e.label)
        line = next(r for r in table.splitlines() if f"(`{key}`)" in r)
        shown = ", ".join(f"{e.label} {gap(e.move, e.unit)}" for e in effects)
        assert line.endswith(f"| {shown or 'none of them moves'} |"), line
    cut = {e.label: e.move for e in rows["fed_cut_releases_liquidity"].effects}
    # the article's $550bn per 25bp cut, through Bitcoin's fitted share of fresh liquidity
    per_bn = pack.rules["liquidity_lifts_bitcoin"].magnitude.elasticity  # type: ignore[union-attr]
    assert cut["Bitcoin"] == pytest.approx(550 * per_bn, rel=0.1)  # +2.7pp, not +383.6%
    assert f"Bitcoin {gap(cut['Bitcoin'], 'pct_change')} |" in table
    assert gap(cut["Bitcoin"], "pct_change").endswith("pp")
    spread = {e.label: e.move for e in rows["spread_moves_usd_jpy"].effects}
    narrows = base.nodes["us_jp_spread_10y"].delta["3m"]
    assert narrows < 0 and -0.5 < spread["USD/JPY"] < 0  # a fall, not +81.7%
    effects = [r.rsplit(" | ", 1)[1] for r in table.splitlines() if r.startswith("| **")]
    assert len(effects) == len(section.rows)
    assert not [e for e in effects if "%" in e]  # differences of changes: pp, bp, $bn, pts


def test_the_brief_shows_the_section_by_default(note: str) -> None:
    assert note.count(HEADING) == 1
    body = note.split(HEADING)[1].split("\n## ")[0]
    assert "| Entry | The article | The evidence | Effect alone |" in body
    added = next(r for r in body.splitlines() if "(`fed_cut_releases_liquidity`)" in r)
    assert added.startswith("| **Fed funds rate to US dollar liquidity**: rule added ")
    assert "the article's $550bn released by each 25bp cut (C02) | no such rule |" in added
    ust = next(r for r in body.splitlines() if "(`ust_10y`)" in r)
    assert "| 3.72% (C06, C08) | 4.19%: " in ust and "`longport-2025-12-12`" in ust
    assert "**C02**: A 25bp Fed cut frees around $550bn of liquidity" in body
    assert (
        "| Key market after 3 months | Start, the evidence | Effect, the evidence "
        "| Start, the article | Effect, the article | Difference |" in body
    )
    row = re.search(
        r"\| US-Japan 10y spread \| ([0-9.]+)pp \| (-?[0-9.]+)bp \| ([0-9.]+)pp "
        r"\| (-?[0-9.]+)bp \| (-?[0-9.]+)bp \|",
        body,
    )
    assert row is not None
    start_left, left, start_right, right, diff = (float(x) for x in row.groups())
    assert (start_left, start_right) == (2.31, 1.81)
    assert diff == pytest.approx(right - left, abs=1.0)  # each shown to the whole bp


def test_the_gap_on_the_treasury_yield_is_written_down(note: str) -> None:
    body = note.split(HEADING)[1]
    found = re.search(
        r"Under the article's own view: december-2025: the source expects the 10y US Treasury "
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
        "changes:\n  - {rule: carry_sells_yen, elasticity: 0.03, range: [0.02, 0.04],\n"
        "     because: our desk's reading}\n",
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
    assert '<table class="departs">' in html
    assert '<th scope="col" class="num">Effect, the article</th>' in html


def test_side_by_side_text_has_every_horizon(cli: Cli) -> None:
    out = cli("whatif", "BoJ skips", "--against-overlay", "article")
    assert out.code == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "The BoJ skips the December hike: the evidence and the article"
    for words in ("After 1 day", "After 1 week", "After 1 month", "After 3 months"):
        assert any(line.startswith(words) for line in lines)
    names = next(line for line in lines if line.strip() == "the evidence           the article")
    header = lines[lines.index(names) + 1]
    assert header.split() == ["outcome", "start", "effect", "start", "effect", "difference"]


def test_side_by_side_json_shows_starts_effects_and_their_difference(cli: Cli, pack: Pack) -> None:
    out = cli("whatif", "BoJ skips", "--against-overlay", "article", "--format", "json")
    body = json.loads(out.stdout)
    assert (body["left"], body["right"], body["schema_version"]) == (
        "the evidence",
        "the article",
        2,
    )
    rows = {(r["node"], r["horizon"]): r for r in body["rows"]}
    other = apply_overlay(pack, overlay_path(pack.root, "article"))
    left, right = (propagate(p, "boj-skips", RunOptions(draws=0)) for p in (pack, other))
    for (node, h), row in rows.items():
        assert row["left_effect"] == left.nodes[node].delta[h]
        assert row["right_effect"] == right.nodes[node].delta[h]
        assert row["difference"] == pytest.approx(row["right_effect"] - row["left_effect"])
        if row["left_start"] is not None:
            assert row["left_start"] == left.nodes[node].level_against[h]
            assert row["right_start"] == right.nodes[node].level_against[h]
    yen = rows[("usd_jpy", "1m")]  # the views start apart; the skip's effect differs less
    assert yen["right_start"] < yen["left_start"]  # the article's channels strengthen the yen
    # the skip weakens the yen in both views, more in the evidence's, whose fitted carry
    # trade sells ten times as much yen per $bn (a bigger carry loop)
    assert 0 < yen["right_effect"] < yen["left_effect"]
    assert -1 < yen["difference"] < 0  # in percentage points of the move, not of the level
    view = compare_views(pack, other, "boj-skips", ("1m",))
    assert view.difference("usd_jpy", "1m") == pytest.approx(yen["difference"])


def yen_cells(pack: Pack) -> tuple[str, ...]:
    """USD/JPY after 1 month of the skip, as the side-by-side table prints it: each view's
    start and effect, and their difference."""
    other = apply_overlay(pack, overlay_path(pack.root, "article"))
    left, right = (
        propagate(p, "boj-skips", RunOptions(horizons=("1m",), draws=0)).nodes
        for p in (pack, other)
    )
    a, b = left["usd_jpy"], right["usd_jpy"]
    starts = (
        level(a.level_against["1m"] or 0.0, a.unit),
        level(b.level_against["1m"] or 0.0, a.unit),
    )
    effects = (move(a.delta["1m"], a.unit), move(b.delta["1m"], a.unit))
    return starts[0], effects[0], starts[1], effects[1], gap(b.delta["1m"] - a.delta["1m"], a.unit)


def test_side_by_side_markdown_and_html(cli: Cli, pack: Pack) -> None:
    md = cli("whatif", "BoJ skips", "--against-overlay", "article", "--format", "md").stdout
    assert "## After 1 month" in md
    assert (
        "| Outcome | Start, the evidence | Effect, the evidence | Start, the article "
        "| Effect, the article | Difference |" in md
    )
    cells = yen_cells(pack)
    assert f"| USD/JPY | {' | '.join(cells)} |" in md
    assert cells[-1].endswith("pp") and cells[0].count(".") == 1  # a level, a move's gap
    html = cli("whatif", "BoJ skips", "--against-overlay", "article", "--format", "html").stdout
    assert html.startswith("<!DOCTYPE html>") and html.count("<h2>After") == 4


@pytest.mark.slow  # two views side by side
def test_side_by_side_text_leaves_the_starts_out_when_narrow(
    cli: Cli, pack: Pack, monkeypatch: pytest.MonkeyPatch
) -> None:
    cells = yen_cells(pack)
    for columns, starts in (("80", True), ("60", False)):
        monkeypatch.setenv("COLUMNS", columns)
        out = cli("whatif", "BoJ skips", "--against-overlay", "article")
        lines = out.stdout.splitlines()
        table = [line for line in lines if line.startswith("  ")]
        assert max(len(line) for line in table) <= int(columns)
        header = next(line for line in table if line.split()[:1] == ["outcome"])
        assert ("start" in header.split()) is starts
        month = lines[next(i for i, x in enumerate(lines) if x.startswith("After 1 month")) :]
        yen = next(line for line in month if line.split()[:1] == ["USD/JPY"])
        shown = [cells[1], cells[3], cells[4]]  # the effects and their difference
        assert yen.split()[1:] == ([cells[0], cells[1], cells[2], *shown[1:]] if starts else shown)


def test_side_by_side_refuses_what_it_cannot_honour(cli: Cli) -> None:
    out = cli("whatif", "BoJ skips", "--against-overlay", "article", "--weighted")
    assert out.code == 2 and "--against-overlay compares the scenario under two views" in out.stderr
    priced = cli("whatif", "BoJ skips", "--against-overlay", "article", "--priced", "0.9")
    assert priced.code == 2 and "drop --weighted/--shock/--priced/--against" in priced.stderr
    missing = cli("whatif", "BoJ skips", "--against-overlay", "nope")
    assert missing.code == 2
    assert "cannot read overlay nope: the pack has no overlay of that name" in missing.stderr


def test_a_size_reads_per_a_unit_of_its_cause_not_in_the_pack_s_notation(section: Any) -> None:
    # '0.002 (range 0.001 to 0.004) `pct_change/usd_bn`': the pack language's numbers and unit
    # ids, where the lesson writes the same size as a reader reads it
    carry = next(r for r in section.rows if r.key == "carry_sells_yen")
    assert carry.source_size.words == "+0.002% per $1bn (from +0.001% to +0.004%)"
    assert carry.evidence_size.words.startswith("+0.021% per $1bn (from +0.018% to +0.025%)")
    unwind = next(r for r in section.rows if r.key == "article_carry_unwind")
    assert unwind.source_size.words == "a jump of -$1.2tn (from -$1.2tn to -$1.8tn)"  # as a table


def test_a_question_in_plain_words_is_compared_under_both_views(cli: Cli, pack: Pack) -> None:
    """A question that is no scenario of the pack ('Fed cuts 50bp') is run under both views
    as asked: its id was looked up again among the pack's scenarios, and refused."""
    out = cli("whatif", "Fed cuts 50bp", "--against-overlay", "article", "--format", "json")
    assert out.code == 0, out.stderr
    body = json.loads(out.stdout)
    assert body["title"] == "Fed funds rate -50bp: the evidence and the article"
    h = body["horizons"][-1]
    (row,) = [r for r in body["rows"] if (r["node"], r["horizon"]) == ("usd_jpy", h)]
    alone = propagate(pack, "Fed cuts 50bp", RunOptions(draws=0, horizons=(h,)))
    assert row["left_effect"] == pytest.approx(alone.nodes["usd_jpy"].delta[h], abs=1e-9)
    assert row["left_effect"] != 0.0
    text = cli("whatif", "Fed cuts 50bp", "--against-overlay", "article").stdout
    assert '\n"Fed cuts 50bp" against december-2025 (December 2025 as' in text  # as typed


@pytest.mark.slow
def test_a_brief_of_a_question_in_plain_words_has_the_section(pack: Pack) -> None:
    from macrograph.explain.brief.note import make_brief

    made = make_brief(pack, "Fed cuts 50bp", NoteOptions(fmt="md"), RunOptions(draws=0))
    assert made.text.count(HEADING) == 1 and "Fed funds rate -50bp" in made.text
    assert "the moves of the key markets in “Fed cuts 50bp” after 3 months" in made.text
