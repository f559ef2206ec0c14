"""A pack for another economy (the UK) speaks its own vocabulary end to end: it loads, lints
clean, and every command's output uses its regions, units, channels and groups, never the
bundled pack's words; levels and event dates appear in every format."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.rules import load_pack
from macrograph.rules.lint.core import lint_pack
from macrograph.rules.vocabulary import vocabulary_for

UK = Path(__file__).parents[1] / "packs" / "uk"
BUNDLED_WORDS = ("BoJ", "Fed", "¥", "$")


def bundled_words() -> list[str]:
    """The bundled pack's node ids and every heading, region name and unit it declares."""
    info = load_pack().info
    declared = [
        *(g.heading for g in info.groups),
        *(r.name for r in info.regions),
        *(u.id for u in info.units),
    ]
    return sorted(load_pack().nodes) + declared + list(BUNDLED_WORDS)


def empty_sections(markdown: str) -> list[str]:
    r"""The headings of ``markdown`` with nothing under them before the next heading of the
    same or a higher level.

    >>> empty_sections("# A\n## B\ntext\n## C\n\n# D\n")
    ['## C', '# D']
    """
    lines = markdown.splitlines()
    heading = re.compile(r"^(#+) ")
    empty = []
    for i, line in enumerate(lines):
        top = heading.match(line)
        if not top:
            continue
        body = []
        for after in lines[i + 1 :]:
            below = heading.match(after)
            if below and len(below.group(1)) <= len(top.group(1)):
                break
            if after.strip() and not below:
                body.append(after)
        if not body:
            empty.append(line)
    return empty


def test_an_empty_section_is_found() -> None:
    assert empty_sections("# Note\n## Bottom line\nIt holds.\n## Stance\n\n## Sources\nx\n") == [
        "## Stance"
    ]


def assert_foreign_free(text: str) -> None:
    found = [w for w in bundled_words() if w in text]
    assert found == []


@pytest.fixture(scope="module")
def uk() -> Any:
    return load_pack(UK)


def test_the_uk_pack_declares_its_vocabulary_and_lints_clean(uk: Any) -> None:
    words = vocabulary_for(uk.info)
    assert words.regions["UK"] == "United Kingdom"
    assert words.unit("gbp_bn").symbol == "£"
    assert {"demand", "wealth"} <= set(words.channels)
    assert list(words.groups) == [
        "Gilts and mortgages",
        "Sterling and shares",
        "Households",
        "Prices",
    ]
    assert len(uk.nodes) == 10 and len(uk.rules) == 12 and len(uk.scenarios) == 2
    assert lint_pack(uk) == []


def test_whatif_text_speaks_the_pack(cli: Any) -> None:
    out = cli("whatif", "BoE holds", "--pack", str(UK))
    assert out.code == 0
    text = out.stdout
    assert_foreign_free(text)
    flat = " ".join(text.split())
    # the event, each horizon's date, the declared groups in order, levels in natural form
    assert "Horizons count from the event on 5 Feb 2026: 1d (6 Feb 2026), 1w (12 Feb 2026)" in flat
    table = text.split("Outcomes against the comparison")[1].split("How it happens")[0]
    headings = [h for h in ("Gilts and mortgages", "Sterling and shares", "Households", "Prices")]
    assert [table.index(h) for h in headings] == sorted(table.index(h) for h in headings)
    assert "level at 3m" in table
    gilt = next(line for line in table.splitlines() if "10y gilt yield" in line)
    assert "4.60%" in gilt and "+12bp" in gilt
    cable = next(line for line in table.splitlines() if "GBP/USD" in line)
    assert "1.331" in cable  # 1.32 x (1 + 0.8%), the scenario's level
    deposits = next(line for line in table.splitlines() if "Household deposits" in line)
    assert "£1.90tn" in deposits and "+£2.0bn" in deposits
    # the pack's key outcomes are told with their routes, and no loop is invented
    story = text.split("How it happens")[1]
    for label in (
        "10y gilt yield:",
        "GBP/USD:",
        "Two-year fixed mortgage rate:",
        "UK CPI inflation:",
    ):
        assert label in story
    assert "feedback loops" not in text.lower()
    assert "tug of war" not in text  # deposits only accumulate spending: no meeting channels


def test_every_route_over_a_tenth_of_the_move_is_named(cli: Any, uk: Any) -> None:
    text = " ".join(cli("whatif", "BoE holds", "--pack", str(UK)).stdout.split())
    result = propagate(uk, "boe-holds", RunOptions(draws=0))
    node = result.nodes["mortgage_rate"]
    paths = [c for c in node.contributions if c.kind == "path"]
    big = [c for c in paths if abs(c.amount["3m"]) >= 0.1 * abs(node.delta["3m"])]
    assert len(big) == 2  # the policy-rate route and the gilt route
    mortgage = text.split("Two-year fixed mortgage rate: ")[1].split("Household spending: ")[0]
    assert "by 10bp [" in mortgage and "by 6.2bp [" in mortgage


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_other_formats_carry_levels_and_the_event(cli: Any, fmt: str) -> None:
    out = cli("whatif", "BoE holds", "--pack", str(UK), "--format", fmt, "--draws", "200")
    assert out.code == 0
    assert_foreign_free(out.stdout)
    if fmt == "json":
        body = json.loads(out.stdout)
        assert body["anchor"] == "2026-02-05" and body["dates"]["1d"] == "2026-02-06"
        # holding against an 80%-priced cut is a +20bp surprise: gilts +10bp, sterling +0.8%
        assert body["nodes"]["gilt_10y"]["level"]["3m"] == pytest.approx(4.6)
        assert body["nodes"]["gbp_usd"]["level"]["3m"] == pytest.approx(1.32 * 1.008)
        return
    assert "event on 5 Feb 2026" in out.stdout
    assert "Level at 3m" in out.stdout and "4.60%" in out.stdout and "1.331" in out.stdout


@pytest.mark.slow  # a brief per format
def test_explain_brief_and_diagrams_speak_the_pack(cli: Any, tmp_path: Path) -> None:
    explain = cli("explain", "uk_cpi", "--scenario", "boe-holds", "--pack", str(UK))
    assert explain.code == 0 and "after the event on 5 Feb 2026" in explain.stdout
    assert_foreign_free(explain.stdout)
    for suffix in ("md", "html"):
        note = tmp_path / f"note.{suffix}"
        assert cli("brief", "boe-holds", "--pack", str(UK), "-o", str(note)).code == 0
        text = note.read_text(encoding="utf-8")
        assert_foreign_free(text)
        if suffix == "md":  # every section the brief prints has the pack's content under it
            assert empty_sections(text) == []
        assert "event date 5 Feb 2026" in text.replace("Event date", "event date")
        assert "Gilts and mortgages" in text
    for args in (["boe-holds"], ["boe-holds", "--view", "map"], ["boe-holds", "--view", "diff"]):
        dot = cli("diagram", *args, "--pack", str(UK), "-o", "-")
        assert dot.code == 0
        assert_foreign_free(dot.stdout)
    chain = cli("diagram", "boe-holds", "--pack", str(UK), "-o", "-").stdout
    assert "event date 5 Feb 2026" in chain
    whole_map = cli("diagram", "--view", "map", "--pack", str(UK), "-o", "-").stdout
    # the map clusters nodes by the declared groups, in their order
    found = [whole_map.index(g) for g in ('label="Gilts and mortgages"', "label=Households ")]
    assert found == sorted(found)
    mermaid = cli("export", "boe-holds", "--format", "mermaid", "--pack", str(UK)).stdout
    assert "region_uk" in mermaid
    whole = cli("export", "--format", "mermaid", "--pack", str(UK)).stdout
    assert 'subgraph group0_box["Gilts and mortgages"]' in whole  # as its diagrams box
    for text in (mermaid, whole):
        assert_foreign_free(text)


def test_an_undeclared_region_names_the_declared_ones(cli: Any, tmp_path: Path) -> None:
    folder = tmp_path / "uk"
    shutil.copytree(UK, folder)
    nodes = folder / "nodes.yaml"
    nodes.write_text(
        nodes.read_text().replace(
            "region: UK\n    unit: pct_change", "region: Wales\n    unit: pct_change", 1
        )
    )
    out = cli("lint", str(folder))
    assert out.code == 2
    assert (
        "/uk/nodes.yaml:43: error: id 'ftse_100', field 'region': unknown region 'Wales' "
        "(expected one of 'UK' or 'global')"
    ) in out.stderr


def test_fed_holds_reads_from_the_fomc_meeting(pack: Any) -> None:
    result = propagate(pack, "fed-holds", RunOptions(draws=0))
    assert result.anchor == date(2025, 12, 10)
    assert result.dates["1d"] == date(2025, 12, 11)
    assert propagate(pack, "boj-skips", RunOptions(draws=0)).anchor == date(2025, 12, 19)
    assert propagate(pack, "Fed cuts 50bp", RunOptions(draws=0)).anchor == date(2025, 12, 10)
