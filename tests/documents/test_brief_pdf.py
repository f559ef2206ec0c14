"""The brief as PDF: printed by Debian's chromium through Playwright, with the print CSS.

The PDF's own text is read back with pypdf: every piece of text is at least 8pt, and the
first page holds the bottom line and the whole key-markets table. Without a browser (or
without Playwright) one line says what is missing, exit status 2, and nothing is written.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from macrograph.explain.brief import note as note_module
from macrograph.explain.filters import move
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.rules.pack import Pack
from tests.shared import built

Cli = Callable[..., Any]
SMALLEST_PT = 8.0

pytestmark = pytest.mark.slow


def _times(a: list[float], b: list[float]) -> list[float]:
    """The product of two PDF matrices (a b c d e f)."""
    return [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def text_sizes(data: bytes) -> list[list[tuple[float, str]]]:
    """Each page's pieces of text with their printed size in points: the font size times
    the vertical scale of the text and drawing matrices."""
    from pypdf import PdfReader

    return [_sizes(page) for page in PdfReader(io.BytesIO(data)).pages]


def _sizes(page: Any) -> list[tuple[float, str]]:
    found: list[tuple[float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if text.strip():
            m = _times(list(tm), list(cm))
            found.append((size * (m[2] ** 2 + m[3] ** 2) ** 0.5, text.strip()))

    page.extract_text(visitor_text=visit)
    return found


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory, needs_chromium: str) -> bytes:
    from click.testing import CliRunner

    from macrograph.explain.cli import main
    from tests.conftest import dot_available

    if not dot_available():  # the HTML note draws its chain with Graphviz
        if os.environ.get("CI") == "true":
            pytest.fail("Graphviz 'dot' is missing in CI (make test installs it)")
        pytest.skip("Graphviz 'dot' is not installed")

    def write(target: Path) -> None:
        args = ["brief", "december-2025", "-o", str(target), "--draws", "200", "--seed", "0"]
        done = CliRunner().invoke(main, args)
        assert done.exit_code == 0, done.output

    # printed once in a run for every worker (see tests/shared.py)
    return built(tmp_path_factory, "brief-pdf-note.pdf", write).read_bytes()


def test_the_pdf_is_a_printed_note(printed: bytes) -> None:
    from pypdf import PdfReader

    assert printed.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(printed))
    assert 4 <= len(reader.pages) <= 16
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4, in points
    text = "\n".join(p.extract_text() for p in reader.pages)
    for heading in ("Bottom line", "Key markets", "Policy calendar", "Citations"):
        assert heading in text


def test_no_text_in_the_pdf_is_under_8pt(printed: bytes) -> None:
    pages = text_sizes(printed)
    assert sum(len(p) for p in pages) > 500  # the text is read, charts' labels included
    small = [(i + 1, round(s, 2), t) for i, p in enumerate(pages) for s, t in p if s < SMALLEST_PT]
    assert small == []
    assert min(s for p in pages for s, _ in p) >= SMALLEST_PT


def test_the_first_page_holds_the_bottom_line_and_the_key_markets(
    printed: bytes, pack: Pack
) -> None:
    from pypdf import PdfReader

    first = " ".join(PdfReader(io.BytesIO(printed)).pages[0].extract_text().split())
    assert "Bottom line After 3 months (19 Mar 2026) and against no shocks" in first
    assert "How sure: in 200 Monte Carlo draws" in first
    assert "What would change the view:" in first
    result = propagate(pack, "december-2025", RunOptions(draws=200, seed=0))
    table = first.split("Key markets", 1)[1]
    at = 0
    for node in pack.info.key_outcomes:
        label = pack.nodes[node].label
        cell = move(result.nodes[node].delta["3m"], pack.nodes[node].unit)
        at = table.index(label, at)  # every key market, in the pack's order ...
        assert cell in table[at : at + 160], node  # ... with its move after 3 months


def test_the_same_note_prints_the_same_bytes(
    cli: Cli, tmp_path: Path, needs_chromium: str, needs_dot: None
) -> None:
    made = []
    for name in ("a.pdf", "b.pdf"):
        out = cli("brief", "boj-skips", "-o", str(tmp_path / name), "--draws", "0")
        assert out.code == 0, out.stderr
        made.append((tmp_path / name).read_bytes())
    assert made[0] == made[1]


def test_without_chromium_one_line_and_nothing_written(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("playwright.sync_api")
    monkeypatch.setenv("MACROGRAPH_CHROMIUM", str(tmp_path / "no-chromium"))
    target = tmp_path / "note.pdf"
    out = cli("brief", "-o", str(target), "--draws", "0")
    assert (out.code, out.stdout) == (2, "")
    assert out.stderr == (
        f"macrograph: a PDF needs Chromium, and none was found ({tmp_path / 'no-chromium'}); "
        "install it with 'apt-get install chromium', or set MACROGRAPH_CHROMIUM to a Chromium "
        "binary, or write .html and print that\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_without_playwright_one_line_and_nothing_written(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)  # import fails
    out = cli("brief", "-o", str(tmp_path / "note.pdf"), "--draws", "0")
    assert out.code == 2
    assert out.stderr == (
        "macrograph: a PDF needs Playwright for Python: pip install 'macrograph[pdf]' "
        "(it drives the system's Chromium; no browser is downloaded)\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_pdf_is_not_written_to_stdout(cli: Cli) -> None:
    out = cli("brief", "-o", "-", "--format", "pdf", "--draws", "0")
    assert (out.code, out.stderr) == (2, "macrograph: unknown format 'pdf'; use one of md, html\n")


def test_a_missing_browser_is_found_before_any_work_and_after_the_questions_mistakes(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("playwright.sync_api")
    monkeypatch.setenv("MACROGRAPH_CHROMIUM", str(tmp_path / "no-chromium"))

    def no_work(*args: object, **kwargs: object) -> None:
        raise AssertionError("the note was made before the browser was looked for")

    monkeypatch.setattr(note_module, "propagate_with_fans", no_work)
    out = cli("brief", "-o", str(tmp_path / "note.pdf"))
    assert out.code == 2 and out.stderr.startswith("macrograph: a PDF needs Chromium"), out.stderr
    wrong = cli("brief", "no-such-scenario", "-o", str(tmp_path / "note.pdf"))
    assert wrong.code == 2 and "no-such-scenario" in wrong.stderr, wrong.stderr
    assert "Chromium" not in wrong.stderr
    assert list(tmp_path.iterdir()) == []
