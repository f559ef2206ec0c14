"""What the documents look like to a reader, on packs from other fields, in a real browser.

Playwright for Python drives Debian's chromium at a 1280-wide window and a 390-wide phone.
The held-out packs (an epidemic, a power grid) and a copy of the grid whose unit suffixes are
as long as a pack may make them (16 characters) and whose labels are three times as long:
the brief and the what-if never scroll sideways, and no table cell clips its text (a table
too wide for a phone scrolls inside its own box); on a phone every figure's text reads at
8px or more, and printed a sign stays with its number; the lesson's first view shows the
shock nodes and little blank stage, and a focused node shows clear of its details; a fan
chart's time labels never touch.
"""

from __future__ import annotations

import itertools
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.pages import Pages
from tests.shared import built

HERE = Path(__file__).parents[1] / "packs"

pytestmark = pytest.mark.slow  # a browser
DESK, PHONE = (1280, 800), (390, 844)
SETTLED = "!document.getElementById('stage').dataset.moving"
EMPTY = 0.05  # the share of the lesson's first view that may show blank where diagram could be
LONGEST = 16  # characters: the longest unit suffix a pack may declare

# The page's width, and every table cell whose text is wider than the cell (clipped), and
# every table wider than its box whose box does not scroll (it would run off the page).
MEASURE = """() => {
  const clipped = [], spilled = [];
  for (const cell of document.querySelectorAll('td, th')) {
    if (cell.scrollWidth > cell.clientWidth + 1) { clipped.push(cell.textContent.trim()); }
  }
  for (const table of document.querySelectorAll('table')) {
    const box = table.parentElement, style = getComputedStyle(box);
    const scrolls = style.overflowX === 'auto' || style.overflowX === 'scroll';
    if (table.getBoundingClientRect().right > box.getBoundingClientRect().right + 1 && !scrolls) {
      spilled.push(table.className || 'table');
    }
    if (box.getBoundingClientRect().right > window.innerWidth + 1) { spilled.push('box'); }
  }
  return {width: document.documentElement.scrollWidth, view: window.innerWidth,
          clipped: clipped, spilled: spilled};
}"""

# The lesson's first view: the share of the stage the diagram could cover (all of it, or the
# diagram's whole width or height where the diagram is smaller) that it does not, and whether
# every shock node (lit before the first step) lies within the stage.
FIRST_VIEW = """() => {
  const stage = document.getElementById('stage').getBoundingClientRect();
  const panel = Array.from(document.querySelectorAll('figure.panel')).find(p => !p.hidden);
  const drawn = panel.querySelector('svg > g.graph > polygon').getBoundingClientRect();
  const w = Math.max(0, Math.min(stage.right, drawn.right) - Math.max(stage.left, drawn.left));
  const h = Math.max(0, Math.min(stage.bottom, drawn.bottom) - Math.max(stage.top, drawn.top));
  const shocks = Array.from(panel.querySelectorAll('g.node.lit')).map(g => {
    const r = g.getBoundingClientRect();
    return r.left >= stage.left - 1 && r.right <= stage.right + 1
      && r.top >= stage.top - 1 && r.bottom <= stage.bottom + 1;
  });
  const room = Math.min(stage.width, drawn.width) * Math.min(stage.height, drawn.height);
  return {empty: 1 - (w * h) / room, shocks: shocks};
}"""


def _lengthened(source: Path, target: Path) -> Path:
    """A copy of ``source`` whose unit suffixes are 16 characters and labels three times long."""
    shutil.copytree(source, target)
    pack = target / "pack.yaml"
    text = pack.read_text(encoding="utf-8")

    def longer(m: re.Match[str]) -> str:
        return f'{m.group(1)}"{(m.group(2) + " of the grid a day")[:LONGEST]}"'

    pack.write_text(re.sub(r'(\b(?:suffix|change_suffix): )"([^"]*)"', longer, text), "utf-8")
    nodes = target / "nodes.yaml"
    text = nodes.read_text(encoding="utf-8")
    labels = re.sub(r"(\n    label: )(.*)", r"\1\2 across the whole network", text)
    nodes.write_text(labels, encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def packs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    long = _lengthened(HERE / "heldout_grid", tmp_path_factory.mktemp("long") / "grid")
    return {"outbreak": HERE / "heldout_outbreak", "grid": HERE / "heldout_grid", "long": long}


SCENARIOS = {"outbreak": "variant-and-drive", "grid": "cold-and-still", "long": "cold-and-still"}


@pytest.fixture(scope="module")
def written(packs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Any:
    from click.testing import CliRunner

    from macrograph.explain.cli import main

    made: dict[tuple[str, str], Path] = {}

    def write(command: str, pack: str) -> Path:
        args = {
            "brief": ["brief", "--draws", "20"],
            "whatif": ["whatif", SCENARIOS[pack], "--draws", "20"],
            "lesson": ["lesson", SCENARIOS[pack], "--draws", "10"],
        }[command]

        def make(target: Path) -> None:
            done = CliRunner().invoke(main, [*args, "--pack", str(packs[pack]), "-o", str(target)])
            assert done.exit_code == 0, done.output

        if (command, pack) not in made:  # once in a run for every worker (tests/shared.py)
            made[command, pack] = built(tmp_path_factory, f"layout-{pack}-{command}.html", make)
        return made[command, pack]

    return write


@pytest.fixture(scope="module")
def pages(browser: Any) -> Iterator[Pages]:
    """The module's pages, one per window size (and print), without motion: each test's
    document is loaded afresh into the page of its size (see tests/pages.py)."""
    kept = Pages(browser)
    yield kept
    kept.close()


def _measured(
    pages: Pages, path: Path, size: tuple[int, int], script: str, wait: str = "", media: str = ""
) -> Any:
    """What ``script`` finds in the page at ``path`` seen at ``size`` (after ``wait`` holds,
    and in ``media`` such as print, when given)."""
    page = pages.page(size, media=media)
    page.goto(path.as_uri())
    if wait:
        page.wait_for_function(wait)
    return page.evaluate(script)


@pytest.mark.parametrize("size", [DESK, PHONE], ids=["1280", "390"])
@pytest.mark.parametrize("command", ["brief", "whatif"])
@pytest.mark.parametrize("pack", ["outbreak", "grid", "long"])
def test_tables_never_widen_the_page_nor_clip(
    pages: Pages, written: Any, pack: str, command: str, size: tuple[int, int]
) -> None:
    seen = _measured(pages, written(command, pack), size, MEASURE)
    assert seen["width"] <= seen["view"], f"the page scrolls sideways: {seen['width']}px"
    assert not seen["spilled"], f"tables run off their box: {seen['spilled']}"
    assert not seen["clipped"], f"cells clip their text: {seen['clipped']}"


# Every table box that hides columns behind its scroll: its width and its table's.
HIDDEN_COLUMNS = """() => Array.from(document.querySelectorAll('.scroll'))
  .filter(box => box.scrollWidth > box.clientWidth + 1)
  .map(box => [box.getBoundingClientRect().width, box.scrollWidth])"""


@pytest.mark.parametrize("command", ["brief", "whatif"])
@pytest.mark.parametrize("pack", ["outbreak", "grid", "long"])
def test_a_wide_table_takes_the_window_before_it_hides_columns(
    pages: Pages, written: Any, pack: str, command: str
) -> None:
    # A brief's table of six horizons with their units ran 1,171px in a box of 1,048 (the
    # text's width) at a 1280px window: its last two columns, the p5-to-p95 band and the
    # direction, sat behind a scroll, squeezed to a word a line. A table wider than the text
    # takes the window's width, as a diagram does, before anything scrolls.
    hidden = _measured(pages, written(command, pack), DESK, HIDDEN_COLUMNS)
    assert all(box >= DESK[0] - 32 - 1 for box, _ in hidden), hidden


@pytest.mark.parametrize("size", [DESK, PHONE], ids=["1280", "390"])
@pytest.mark.parametrize("pack", ["outbreak", "grid", "long"])
def test_the_lesson_opens_on_the_shocks_not_on_blank_stage(
    pages: Pages, written: Any, pack: str, size: tuple[int, int]
) -> None:
    seen = _measured(pages, written("lesson", pack), size, FIRST_VIEW, SETTLED)
    assert seen["shocks"] and all(seen["shocks"]), "a shock node lies outside the first view"
    assert seen["empty"] <= EMPTY, f"{seen['empty']:.0%} of the first view is blank stage"


# The smallest text of every figure (a diagram, a chart) as drawn: its font size times the
# scale its SVG is drawn at (rotated text included).
SMALLEST_TEXT = """() => {
  let least = Infinity, count = 0;
  for (const t of document.querySelectorAll('figure svg text')) {
    if (!t.textContent.trim()) { continue; }
    const m = t.getScreenCTM(), size = parseFloat(getComputedStyle(t).fontSize);
    least = Math.min(least, size * Math.hypot(m.a, m.b));
    count += 1;
  }
  return {least: least, count: count, width: document.documentElement.scrollWidth};
}"""


@pytest.mark.parametrize("pack", ["outbreak", "grid", "long"])
def test_figures_read_on_a_phone(pages: Pages, written: Any, pack: str) -> None:
    seen = _measured(pages, written("brief", pack), PHONE, SMALLEST_TEXT)
    assert seen["count"] > 20  # the chain and the charts are there
    assert seen["least"] >= 7.95, f"a figure's text is {seen['least']:.1f}px on a phone"
    assert seen["width"] <= PHONE[0]


# Every node of the shown panel, focused in turn: whether it lies within the stage and clear
# of the details box its focus opens.
FOCUSED = """async () => {
  const stage = document.getElementById('stage'), info = document.getElementById('info');
  const panel = Array.from(document.querySelectorAll('figure.panel')).find(p => !p.hidden);
  const hidden = [];
  for (const g of panel.querySelectorAll('g.node[tabindex]')) {
    g.focus();
    await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
    const r = g.getBoundingClientRect(), s = stage.getBoundingClientRect();
    const i = info.getBoundingClientRect();
    const within = r.left >= s.left - 1 && r.right <= s.right + 1
      && r.top >= s.top - 1 && r.bottom <= s.bottom + 1;
    const covered = !info.hidden && r.left < i.right && r.right > i.left
      && r.top < i.bottom && r.bottom > i.top;
    if (!within || covered) { hidden.push(g.getAttribute('aria-label')); }
  }
  return hidden;
}"""


@pytest.mark.parametrize("pack", ["outbreak", "grid", "long"])
def test_a_focused_node_shows_clear_of_its_details(pages: Pages, written: Any, pack: str) -> None:
    hidden = _measured(pages, written("lesson", pack), DESK, FOCUSED, SETTLED)
    assert hidden == []


def test_a_fan_charts_time_labels_never_touch() -> None:
    """The grid's horizons (1d, 1w, 2w, 1m, 3m) on a two-panel fan: "13 Jan" and "26 Jan" were
    drawn over each other (their ticks 14% of the axis apart, the labels wider than that)."""
    from datetime import date, timedelta

    from macrograph.explain.chart.moves import FanPanel, Tick, fan_figure

    start, horizons = date(2026, 1, 12), {"1d": 1, "1w": 7, "2w": 14, "1m": 30, "3m": 90}
    ticks = [Tick(d, h, start + timedelta(d)) for h, d in horizons.items()]
    path = tuple(range(91))
    flat = tuple(0.0 for _ in path)
    panels = [FanPanel(name, "pp", path, flat, (), (), (), (), ()) for name in ("A", "B", "C")]
    fig = fan_figure(panels, ticks, "Paths")
    fig.draw_without_rendering()
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        boxes = sorted(
            (label.get_window_extent() for label in ax.get_xticklabels() if label.get_text()),
            key=lambda box: box.x0,
        )
        assert len(boxes) >= 3
        for left, right in itertools.pairwise(boxes):
            assert left.x1 < right.x0, "two time labels touch"


# Every table cell's lines, as laid out: the text of each line box in turn.
LINES = """() => Array.from(document.querySelectorAll('td, th')).map(cell => {
  const lines = [];
  const walk = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  let top = null, line = '';
  for (let node = walk.nextNode(); node; node = walk.nextNode()) {
    for (let i = 0; i < node.textContent.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const box = range.getBoundingClientRect();
      if (!box.width && !box.height) { continue; }
      if (top !== null && Math.abs(box.top - top) > 2) { lines.push(line); line = ''; }
      top = box.top;
      line += node.textContent[i];
    }
  }
  lines.push(line);
  return lines.map(l => l.replace(/\\u2060/g, '').trim());
})"""


def test_a_sign_stays_with_its_number_in_a_narrow_table(pages: Pages, written: Any) -> None:
    """Printed (A4's width), the grid's key outcomes wrap; "+" was left alone on a line above
    "€27.26/MWh" (a browser may break between a sign and a currency symbol)."""
    cells = _measured(pages, written("brief", "grid"), (794, 1123), LINES, media="print")
    assert any(len(lines) > 1 for lines in cells)  # the table does wrap
    signs = {"+", "-", "\u2212"}
    alone = [lines for lines in cells if len(lines) > 1 and signs & set(lines)]
    assert alone == []
