"""The chain diagram a brief embeds reads at 10px or more in a 1280px-wide window.

The brief's CSS gives the diagram figure the window's width less 32px (at most 1248px),
less its padding and border; the SVG shrinks to fit (``max-width: 100%``) and is never
drawn larger than its own size (Graphviz's points, 4/3 of a CSS pixel). A label's
rendered height is its font size times the rendered width over the viewBox width.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import pytest

from macrograph.explain.diagram.build import chain_diagram
from macrograph.explain.render import render
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.rules import load_pack
from macrograph.rules.pack import Pack
from tests.packfactory import Cli

WINDOW = 1280
FIGURE = min(WINDOW - 32, 1248) - 2 * (10 + 1)  # the figure's width, less padding and border
SMALLEST = 10.0  # px
STYLE = Path(__file__).parents[2] / "templates" / "partials" / "style.html.j2"
PACKS = {"bundled": None, "sim": Path("tests/packs/sim"), "uk": Path("tests/packs/uk")}


@functools.cache
def _pack(name: str) -> Pack:
    """The pack named in :data:`PACKS`, loaded once for the module's cases (a pack loaded
    anew costs 0.1 s, and its first run more than a loaded pack's)."""
    folder = PACKS[name]
    return load_pack(folder) if folder else load_pack()


def _cases() -> list[tuple[str, str]]:
    return [(name, sid) for name in PACKS for sid in sorted(_pack(name).scenarios)]


def smallest_text(svg: str, width: float) -> float:
    """The smallest label's rendered height in px when the SVG is given ``width`` px."""
    size = re.search(r'<svg width="([\d.]+)pt" height="[\d.]+pt"\s+viewBox="([-\d.\s]+)"', svg)
    assert size is not None
    natural, box = float(size.group(1)) * 4 / 3, float(size.group(2).split()[2])
    fonts = [float(f) for f in re.findall(r'font-size="([\d.]+)"', svg)]
    return min(fonts) * min(natural, width) / box


def test_the_css_gives_the_diagram_the_width_the_measure_assumes() -> None:
    css = STYLE.read_text(encoding="utf-8")
    rule = re.search(r"figure\.diagram \{([^}]*)\}", css)
    assert rule is not None
    assert "width: min(100vw - 32px, 1248px)" in rule.group(1)
    assert "padding: 10px" in rule.group(1) and "border: 1px" in rule.group(1)
    assert "figure.diagram svg { display: block; margin: 0 auto; max-width: 100%;" in css


@pytest.mark.slow  # every scenario's chain drawn by dot
@pytest.mark.parametrize(("pack_name", "scenario"), _cases())
def test_every_chain_reads_at_10px_at_1280(pack_name: str, scenario: str, needs_dot: None) -> None:
    pack = _pack(pack_name)
    svg = render(
        chain_diagram(pack, propagate(pack, scenario, RunOptions(draws=0))), "svg"
    ).decode()
    assert smallest_text(svg, FIGURE) >= SMALLEST, (pack_name, scenario)


def test_the_wide_default_chain_wraps_its_shocks_into_rows(pack: Pack, needs_dot: None) -> None:
    graph = chain_diagram(pack, propagate(pack, "december-2025", RunOptions(draws=0)))
    shocks = re.findall(r"^\s+(s\d+) \[label=", graph.source, flags=re.M)
    assert len(shocks) >= 4
    stacked = re.findall(r"^\s+(s\d+) -> (s\d+) \[style=invis\]", graph.source, flags=re.M)
    assert len(stacked) == len(shocks) - 2  # two to a row, each under the one before


@pytest.mark.slow  # a brief in a browser
def test_a_brief_at_1280_draws_its_labels_at_10px(
    cli: Cli, tmp_path: Path, needs_dot: None, browser: Any
) -> None:
    target = tmp_path / "b.html"
    assert cli("brief", "december-2025", "-o", str(target), "--draws", "50").code == 0
    page = browser.new_page(viewport={"width": WINDOW, "height": 900})
    try:
        page.goto(target.as_uri())
        width, smallest = page.evaluate(
            """() => {
              const svg = document.querySelector('figure.diagram svg');
              const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
              const sizes = [...svg.querySelectorAll('text')]
                .map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
              return [svg.getBoundingClientRect().width, Math.min(...sizes)];
            }"""
        )
    finally:
        page.close()
    assert width <= FIGURE + 1  # at most the figure's width: scaled down, never cut off
    assert width > 0.8 * FIGURE  # the chain of the bundled note spans most of it
    assert smallest >= SMALLEST
