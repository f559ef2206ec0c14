"""The HTML documents read by someone who cannot see them, and at a low contrast.

Every HTML document (a brief, a what-if, ``explain``, the weighted view, the views side by
side, the backtest and the lesson), of the bundled pack and of held-out packs, is parsed with
the standard library's ``html.parser``: the page says its language; one h1 and headings in
order; every chart and diagram has a text alternative that says what it shows (an inline
SVG's first children are its ``<title>`` and ``<desc>``, and a drawing one cannot operate is
``role="img"``; the lesson's operable diagrams are named by their figure); every table's
header cells say whether they head a row or a column; a citation link says it is one; no
text is set smaller than 12px. The colours text and marks are drawn in are measured against
their background (WCAG 2 contrast: 4.5:1 for text, 3:1 for a graphical object).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from macrograph.explain.chart import moves as chart_moves
from macrograph.explain.cli import main
from macrograph.explain.diagram import style as diagram_style
from macrograph.explain.render import PHONE_TEXT_PX, inline_svg
from tests.pages import Pages
from tests.shared import built_all

pytestmark = pytest.mark.slow  # every document of three packs, diagrams included

DRAWS = ("--draws", "20", "--seed", "0")
COFFEE, UK = "tests/packs/heldout_coffee", "tests/packs/uk"
DOCUMENTS = {
    "brief": ("brief", "december-2025", *DRAWS),
    "whatif": ("whatif", "BoJ skips", "--format", "html", *DRAWS),
    "explain": ("explain", "usd_jpy", "--format", "html", *DRAWS),
    "weighted": ("whatif", "BoJ skips", "--weighted", "--format", "html", *DRAWS),
    "views": ("whatif", "BoJ skips", "--against-overlay", "article", "--format", "html", *DRAWS),
    "backtest": ("backtest", "--draws", "10", "--format", "html"),
    "lesson": ("lesson", "boj-skips", *DRAWS),
    "coffee-brief": ("brief", "--pack", COFFEE, *DRAWS),
    "coffee-whatif": ("whatif", "--pack", COFFEE, "--format", "html", *DRAWS),
    "uk-brief": ("brief", "--pack", UK, *DRAWS),
}


def _writer(args: tuple[str, ...]) -> Callable[[Path], None]:
    def write(target: Path) -> None:
        done = CliRunner().invoke(main, [*args, "-o", str(target)], catch_exceptions=False)
        assert done.exit_code == 0, done.output

    return write


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory, needs_dot: None) -> dict[str, str]:
    """Every document, built once in a run for every worker (see tests/shared.py)."""
    makers = {f"a11y-{name}.html": _writer(args) for name, args in DOCUMENTS.items()}
    found = built_all(tmp_path_factory, makers)
    return {name: found[f"a11y-{name}.html"].read_text(encoding="utf-8") for name in DOCUMENTS}


class Drawing:
    """An inline SVG: its root's attributes, its first two children's tags, and the text of
    its ``<title>`` and ``<desc>`` among them."""

    def __init__(self, attrs: dict[str, str | None]) -> None:
        self.attrs = attrs
        self.children: list[str] = []
        self.said: dict[str, str] = {}


class Page(HTMLParser):
    """What a screen reader is told of a page: its language, headings, drawings (each
    top-level SVG's attributes and first children),
    tables' header cells, links and the CSS font sizes."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.headings: list[tuple[int, str]] = []
        self.svgs: list[Drawing] = []  # each top-level <svg>
        self.figures: list[dict[str, str | None]] = []
        self.header_cells: list[dict[str, str | None]] = []
        # each table: whether it has a caption, and whether another table came between it
        # and the heading before it (which then names neither alone)
        self.tables: list[list[bool]] = []
        self._since_heading = 0
        self.links: list[tuple[dict[str, str | None], str]] = []
        self.styles = ""
        self._heading: tuple[int, list[str]] | None = None
        self._svg: Drawing | None = None
        self._depth = 0
        self._child: str | None = None
        self._link: tuple[dict[str, str | None], list[str]] | None = None
        self._style = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = (int(tag[1]), [])
            self._since_heading = 0
        if tag == "figure":
            self.figures.append(a)
        if tag == "style":
            self._style = True
        if tag == "svg":
            if self._svg is None:
                self._svg = Drawing(a)
            self._depth += 1
        elif self._svg is not None and self._depth == 1 and len(self._svg.children) < 2:
            self._svg.children.append(tag)
            self._child = tag if tag in ("title", "desc") else None
        if tag == "th":
            self.header_cells.append(a)
        if tag == "table":
            self.tables.append([False, self._since_heading > 0])
            self._since_heading += 1
        if tag == "caption" and self.tables:
            self.tables[-1][0] = True
        if tag == "a" and self._svg is None:
            self._link = (a, [])

    def handle_endtag(self, tag: str) -> None:
        if self._heading is not None and tag == f"h{self._heading[0]}":
            self.headings.append((self._heading[0], " ".join("".join(self._heading[1]).split())))
            self._heading = None
        if tag == "style":
            self._style = False
        if tag in ("title", "desc"):
            self._child = None
        if tag == "svg" and self._svg is not None:
            self._depth -= 1
            if self._depth == 0:
                self.svgs.append(self._svg)
                self._svg = None
        if tag == "a" and self._link is not None:
            self.links.append((self._link[0], "".join(self._link[1])))
            self._link = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading[1].append(data)
        if self._svg is not None and self._child is not None:
            self._svg.said[self._child] = self._svg.said.get(self._child, "") + data
        if self._link is not None:
            self._link[1].append(data)
        if self._style:
            self.styles += data


@pytest.fixture(scope="module")
def pages(documents: dict[str, str]) -> dict[str, Page]:
    return {name: Page(text) for name, text in documents.items()}


def test_every_page_says_it_is_in_english(pages: dict[str, Page]) -> None:
    """A pack states no language of its own (``language:`` is the version of the rule
    language): every sentence, heading and table head is the machinery's English, and a
    pack's names sit inside them, so the page is English."""
    assert {name: p.lang for name, p in pages.items()} == {name: "en" for name in pages}


def test_one_h1_and_headings_in_order(pages: dict[str, Page]) -> None:
    for name, page in pages.items():
        levels = [level for level, _ in page.headings]
        assert levels.count(1) == 1, name
        skipped = [(a, b) for a, b in zip([0, *levels], levels, strict=False) if b > a + 1]
        assert not skipped, (name, skipped)


def test_every_drawing_says_what_it_shows(pages: dict[str, Page]) -> None:
    """A chart or a diagram opens with a ``<title>`` naming it and a ``<desc>`` telling what
    it shows, and one that cannot be operated is a single image (its hundreds of labels are
    not read one by one); the lesson's diagrams, whose nodes are operated, are named by their
    figure."""
    for name, page in pages.items():
        assert page.svgs or name in ("explain", "weighted", "views"), name
        for svg in page.svgs:
            if name == "lesson":  # its script makes every node and link a tab stop
                continue
            assert svg.attrs.get("role") == "img", (name, svg.attrs)
            assert svg.children == ["title", "desc"], (name, svg.children)
            title, desc = svg.said["title"].strip(), svg.said["desc"].strip()
            assert len(title) > 20 and title != "macrograph", (name, title)
            assert len(desc) > 40, (name, desc)
    lesson = pages["lesson"]
    panels = [f for f in lesson.figures if "panel" in (f.get("class") or "")]
    assert panels and all(len(f.get("aria-label") or "") > 20 for f in panels), panels


def test_a_chart_tells_each_of_its_moves_in_words(pages: dict[str, Page]) -> None:
    """The bars' chart lists each bar with its move and sign as the table writes them; the
    fans' chart tells each panel's path at the horizons."""
    brief = pages["brief"].svgs
    moves, fan = brief[0].said["desc"], brief[1].said["desc"]
    assert "USD/JPY -1.0%" in moves and "2y JGB yield +7." in moves, moves
    assert "USD/JPY:" in fan and "after 1 day" in fan and "after 3 months" in fan, fan
    coffee = pages["coffee-brief"].svgs[0].said["desc"]
    assert re.search(r"Arabica futures price in New York [+-][\d.]+¢/lb \(5th", coffee), coffee


def test_every_header_cell_says_what_it_heads(pages: dict[str, Page]) -> None:
    for name, page in pages.items():
        loose = [
            c
            for c in page.header_cells
            if c.get("scope") not in ("col", "row", "colgroup", "rowgroup")
        ]
        assert not loose, (name, loose[:3])


def test_every_table_is_named_by_its_caption_or_its_heading(pages: dict[str, Page]) -> None:
    """A table read alone (a screen reader's list of tables) is named: by its caption, or by
    the heading it follows, when no other table shares that heading."""
    for name, page in pages.items():
        unnamed = [i for i, (caption, shared) in enumerate(page.tables) if shared and not caption]
        assert not unnamed, (name, unnamed)


def test_a_citation_link_says_it_is_a_citation(pages: dict[str, Page]) -> None:
    """A bare "[12]" is read as "link, 12": the link says "citation 12"."""
    for name, page in pages.items():
        for attrs, text in page.links:
            if re.fullmatch(r"\[\d+\]", text.strip()):
                assert attrs.get("aria-label") == f"citation {text.strip()[1:-1]}", (name, attrs)


def test_no_text_is_set_smaller_than_12px(
    pages: dict[str, Page], documents: dict[str, str]
) -> None:
    """On screen (print has its own sizes in points), no text is smaller than 12px: a
    ``<small>`` in a 15px body is 12px, not the browser's 0.8333em."""
    for name, page in pages.items():
        screen = re.sub(r"@media print \{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", page.styles)
        sizes = [float(s) for s in re.findall(r"font(?:-size)?:[^;}]*?(\d+(?:\.\d+)?)px", screen)]
        assert not [s for s in sizes if s < 12], (name, sorted(sizes)[:3])
        if "<small>" in documents[name]:
            assert re.search(r"small\s*\{[^}]*font-size:\s*(1[2-9]|[2-9]\d)px", screen), name


def contrast(a: str, b: str) -> float:
    """The WCAG 2 contrast ratio of two ``#rrggbb`` colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_is_measured_as_wcag_does() -> None:
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54


def test_the_charts_and_diagrams_colours_stand_out_from_their_background() -> None:
    """Bars, edges and their signs' colours are marks (3:1 on white); a diagram's words,
    faded ones and a link's words in its sign's colour included, are text (4.5:1 on white
    and on every tint they may sit on)."""
    marks = [chart_moves.UP, chart_moves.DOWN, diagram_style.UP, diagram_style.DOWN]
    marks += [diagram_style.FLAT]
    assert min(contrast(c, "#ffffff") for c in marks) >= 3.0
    grounds = ["#ffffff", *diagram_style.REGION_TINTS, *diagram_style.GROUP_TINTS]
    grounds.append(diagram_style.SHOCK_FILL)
    words = [diagram_style.INK, diagram_style.FADED_TEXT]
    words += [diagram_style.text_colour(c) for c in marks]
    for ink in words:
        assert min(contrast(ink, g) for g in grounds) >= 4.5, ink


def test_the_page_css_text_colours_read(documents: dict[str, str]) -> None:
    """Every colour the notes' CSS sets text in reads on white and on the band (4.5:1)."""
    css = documents["brief"]
    colours = dict(re.findall(r"--(ink|muted|accent):\s*(#[0-9a-fA-F]{6})", css))
    band = re.search(r"--band:\s*(#[0-9a-fA-F]{6})", css)
    assert band and len(colours) == 3
    for name, colour in colours.items():
        assert contrast(colour, "#ffffff") >= 4.5 and contrast(colour, band.group(1)) >= 4.5, name


def test_an_inline_svg_gets_its_title_and_description_first() -> None:
    svg = inline_svg(
        b'<?xml version="1.0"?><svg width="30pt" viewBox="0 0 30 9"><g><title>x</title></g></svg>',
        title="A <chart>",
        desc="What & why",
    )
    assert svg.startswith('<svg role="img" ') and "<title>A &lt;chart&gt;</title>" in svg
    assert svg.index("<title>A") < svg.index("<desc>What &amp; why</desc>") < svg.index("<g>")
    assert inline_svg(b'<svg width="30pt" viewBox="0 0 30 9"></svg>') == (
        '<svg width="30pt" viewBox="0 0 30 9"></svg>'
    )


DEFAULT_WINDOW = (1280, 720)  # Playwright's window when none is named


@pytest.fixture(scope="module")
def browser_pages(browser: Any) -> Iterator[Pages]:
    """The module's pages, one for the screen and one for print, each test's window size set
    and its documents loaded afresh (see tests/pages.py)."""
    kept = Pages(browser)
    yield kept
    kept.close()


def rgb(css: str) -> str:
    """``rgb(29, 39, 51)`` (or rgba, its alpha ignored) as ``#1d2733``."""
    channels = [int(float(c)) for c in re.findall(r"[\d.]+", css)[:3]]
    return "#" + "".join(f"{c:02x}" for c in channels)


def test_on_paper_every_header_is_dark_ink_on_no_background(
    browser_pages: Pages, documents: dict[str, str], tmp_path: Path
) -> None:
    """A browser prints without backgrounds unless told to: a column head in white on the
    screen's dark band was left light grey on white paper. Printed, a head has no dark
    background and its ink reads on white (4.5:1)."""
    page = browser_pages.page(DEFAULT_WINDOW, still=False, media="print")
    for name in ("brief", "whatif", "backtest", "weighted"):
        target = tmp_path / f"{name}.html"
        target.write_text(documents[name], encoding="utf-8")
        page.goto(target.as_uri())
        heads = page.eval_on_selector_all(
            "thead th",
            "cells => cells.map(c => [getComputedStyle(c).color,"
            " getComputedStyle(c).backgroundColor])",
        )
        assert heads, name
        for ink, ground in heads:
            assert ground in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)"), (name, ground)
            assert contrast(rgb(ink), "#ffffff") >= 4.5, (name, ink)


def test_the_lessons_focus_ring_stands_out(documents: dict[str, str]) -> None:
    """The lesson's focus ring (a button's outline, a node's border) and its current step's
    glow are marks a keyboard user follows: 3:1 against white, the band and every tint."""
    glow = re.search(r"--glow:\s*(#[0-9a-fA-F]{6})", documents["lesson"])
    assert glow
    grounds = ["#ffffff", "#f3f6f9", *diagram_style.REGION_TINTS, *diagram_style.GROUP_TINTS]
    assert min(contrast(glow.group(1), g) for g in grounds) >= 3.0


SMALLEST_JS = """() => {
  const found = [];
  for (const svg of document.querySelectorAll('figure svg')) {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const sizes = [...svg.querySelectorAll('text')]
      .map(t => parseFloat(getComputedStyle(t).fontSize) * scale).filter(s => s > 0);
    if (sizes.length) found.push(Math.min(...sizes));
  }
  return [found, document.documentElement.scrollWidth];
}"""


@pytest.mark.parametrize("width", [390, 600, 820, 1024])
def test_on_a_phone_or_a_tablet_a_figure_scrolls_before_its_text_shrinks(
    browser_pages: Pages, documents: dict[str, str], tmp_path: Path, width: int
) -> None:
    """A chart or diagram keeps the width at which its smallest label reads at
    :data:`~macrograph.explain.render.PHONE_TEXT_PX` at any window width, scrolling in its
    own box where the window is narrower: between a phone and a desk (a tablet's 820px) the
    backtest chart's labels were 6.3px and the chain's 7.5px. The page itself never scrolls
    sideways."""
    page = browser_pages.page((width, 1000), still=False)
    for name in ("brief", "uk-brief", "whatif", "backtest"):
        target = tmp_path / f"{name}.html"
        target.write_text(documents[name], encoding="utf-8")
        page.goto(target.as_uri())
        smallest, page_width = page.evaluate(SMALLEST_JS)
        assert smallest and min(smallest) >= PHONE_TEXT_PX - 0.05, (name, width, smallest)
        assert page_width <= width, (name, width, page_width)


@pytest.mark.slow  # a browser prints the lesson
def test_a_printed_lesson_has_its_whole_chain_on_the_first_page(
    browser_pages: Pages, documents: dict[str, str], tmp_path: Path
) -> None:
    """A teacher prints the lesson as a handout: the chain (a drawing, which a browser cannot
    break across pages) was too tall for a page, so it left the first page blank under the
    title and was cut in two. Printed, it fits the first page under the title, whole."""
    from pypdf import PdfReader

    target = tmp_path / "lesson.html"
    target.write_text(documents["lesson"], encoding="utf-8")
    page = browser_pages.page(DEFAULT_WINDOW, still=False)
    page.goto(target.as_uri())
    printed = PdfReader(io.BytesIO(page.pdf(format="A4"))).pages
    first = " ".join(printed[0].extract_text().split())
    assert first.startswith("MACROGRAPH · LESSON The BoJ skips the December hike"), first[:80]
    drawn = [" ".join(p.extract_text().split()) for p in printed]
    # the chain's key, drawn at its foot, is on the first page: the drawing is whole there
    assert [i for i, text in enumerate(drawn) if "Key" in text.split()] == [0]
