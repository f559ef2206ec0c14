"""Rebuild the PNG figures in docs/ from the current code.

Every figure comes from the ``macrograph`` command installed beside this Python (the
project's venv): the briefing note (HTML, Markdown with its charts, PDF), the chain, map
and diff diagrams, the 16:9 deck and the lesson page. They are written into a temporary
folder; pages are photographed by Playwright driving the system's Chromium from file://
with every other request refused, PDF pages are rasterised with ``pdftoppm``. Only when
every figure is made are they copied into docs/, under the names the README uses.
Screenshots and PDF pages keep the sizes the README's figures have always had (the charts
their width); the diagrams are the PNGs ``macrograph diagram`` writes, at their own size.

Run from the repository root::

    .venv/bin/python scripts/docs_images.py

Needs Graphviz's ``dot``, Chromium at /usr/bin/chromium (or $CHROMIUM), Playwright for
Python (``pip install 'macrograph[pdf]'``; no browser download) and poppler's ``pdftoppm``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, Page, Route, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
MACROGRAPH = Path(sys.executable).with_name("macrograph")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SCENARIO = "boj-skips"
LESSON_STEP = 3
CHART_WIDTHS = {"moves": 1122, "fan": 1123}
DECK_SIZE = (1388, 781)
PRINT_SIZE = (827, 1170)


@dataclass(frozen=True)
class Shot:
    """The browser window a page is photographed in: its viewport and pixel ratio."""

    width: int
    height: int
    scale: float = 1.0
    mobile: bool = False


def run(tmp: Path, *args: str) -> None:
    """Run ``macrograph ARGS`` in ``tmp``; stop with its message if it fails."""
    done = subprocess.run(
        [str(MACROGRAPH), *args], cwd=tmp, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.exit(f"macrograph {' '.join(args)} failed:\n{done.stderr}")


def make_outputs(tmp: Path) -> None:
    """Write the notes, diagrams, deck and lesson the figures are taken from."""
    run(tmp, "brief", "-o", "note.html")
    run(tmp, "brief", "-o", "note.md")
    run(tmp, "brief", "-o", "note.pdf")
    run(tmp, "diagram", SCENARIO, "-o", "chain-boj-skips.png")
    run(tmp, "diagram", SCENARIO, "--view", "map", "-o", "map.png")
    run(tmp, "diagram", SCENARIO, "--view", "diff", "-o", "diff-boj-skips.png")
    run(tmp, "diagram", SCENARIO, "--steps", "deck.pdf")
    run(tmp, "lesson", SCENARIO, "-o", "lesson.html")


def pdf_page(pdf: Path, out: Path, size: tuple[int, int]) -> None:
    """Rasterise page 1 of ``pdf`` into ``out`` at ``size`` pixels."""
    scale = ["-scale-to-x", str(size[0]), "-scale-to-y", str(size[1])]
    pages = ["-f", "1", "-l", "1", "-png", "-singlefile"]
    subprocess.run(["pdftoppm", *pages, *scale, str(pdf), str(out.with_suffix(""))], check=True)


def offline(route: Route) -> None:
    """Let file:// requests through and refuse every other one."""
    if route.request.url.startswith("file://"):
        route.continue_()
    else:
        sys.stderr.write(f"refused a request to {route.request.url}\n")
        route.abort()


def open_page(browser: Browser, shot: Shot, path: Path) -> Page:
    """Open ``path`` from disk in a fresh context with the viewport of ``shot``."""
    context = browser.new_context(
        viewport={"width": shot.width, "height": shot.height},
        device_scale_factor=shot.scale,
        is_mobile=shot.mobile,
        has_touch=shot.mobile,
        reduced_motion="reduce",
    )
    page = context.new_page()
    page.route("**/*", offline)
    page.goto(path.as_uri(), wait_until="load")
    return page


def lesson_at_step(page: Page, view: str) -> None:
    """Show the lesson's ``view`` at LESSON_STEP, as a reader clicking through would."""
    page.click(f'button[data-view="{view}"]')
    progress = page.locator("#progress")
    for _ in range(LESSON_STEP + 1):
        if progress.inner_text().startswith(f"Step {LESSON_STEP} of"):
            break
        page.click("#next")
    else:
        sys.exit(f"the lesson never reached step {LESSON_STEP}: {progress.inner_text()!r}")
    page.wait_for_timeout(600)


def chart_page(tmp: Path, name: str) -> Path:
    """Write a page showing the note's ``name`` chart at its figure's width."""
    page = tmp / f"chart-{name}.html"
    page.write_text(
        "<!doctype html><style>body{margin:0}img{display:block}</style>"
        f'<img id="chart" src="note-{name}.svg" width="{CHART_WIDTHS[name]}">',
        encoding="utf-8",
    )
    return page


def screenshots(browser: Browser, tmp: Path) -> None:
    """Photograph the note, its charts and the lesson into ``tmp``."""
    page = open_page(browser, Shot(1280, 1000), tmp / "note.html")
    page.screenshot(path=tmp / "brief-1280.png")
    page.locator("figure.diagram").screenshot(path=tmp / "brief-1280-chain.png")
    for name, width in CHART_WIDTHS.items():
        page = open_page(browser, Shot(width, 800), chart_page(tmp, name))
        page.locator("#chart").screenshot(path=tmp / f"brief-{name}.png")
    lessons: list[tuple[str, Shot, str]] = [
        ("lesson-chain-1280.png", Shot(1280, 800), "chain"),
        ("lesson-map-1280.png", Shot(1280, 800), "map"),
        ("lesson-phone-390.png", Shot(390, 844, scale=2.0, mobile=True), "chain"),
    ]
    for out, shot, view in lessons:
        page = open_page(browser, shot, tmp / "lesson.html")
        lesson_at_step(page, view)
        page.screenshot(path=tmp / out)


FIGURES = (
    "brief-1280.png",
    "brief-1280-chain.png",
    "brief-fan.png",
    "brief-moves.png",
    "brief-print-page1.png",
    "chain-boj-skips.png",
    "deck-slide.png",
    "diff-boj-skips.png",
    "lesson-chain-1280.png",
    "lesson-map-1280.png",
    "lesson-phone-390.png",
    "map.png",
)


def build(tmp: Path, shoot: Callable[[Browser, Path], None]) -> None:
    """Make every figure in ``tmp``."""
    make_outputs(tmp)
    pdf_page(tmp / "note.pdf", tmp / "brief-print-page1.png", PRINT_SIZE)
    pdf_page(tmp / "deck.pdf", tmp / "deck-slide.png", DECK_SIZE)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        try:
            shoot(browser, tmp)
        finally:
            browser.close()


def main() -> None:
    """Rebuild every figure, then copy them all into docs/."""
    with tempfile.TemporaryDirectory(prefix="macrograph-docs-") as name:
        tmp = Path(name)
        build(tmp, screenshots)
        missing = [f for f in FIGURES if not (tmp / f).is_file()]
        if missing:
            sys.exit(f"not made: {', '.join(missing)}")
        for figure in FIGURES:
            shutil.copyfile(tmp / figure, DOCS / figure)
            print(f"wrote docs/{figure}")


if __name__ == "__main__":
    main()
