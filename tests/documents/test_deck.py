"""Frames for slides: --steps DIR in the format asked, --steps deck.pdf a 16:9 slide per step."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from macrograph.explain.cli import main
from macrograph.explain.deck import deck_slides
from macrograph.explain.diagram.chain import select_chain
from macrograph.explain.diagram.style import FADED_TEXT
from macrograph.explain.lesson.steps import teaching_steps
from macrograph.explain.lesson.words import step_caption
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.rules.pack import Pack
from tests.documents.test_diagram_dot import display, parse
from tests.shared import built

Cli = Callable[..., object]
PLACED = re.compile(rb"([\d.]+) 0(?:\.0)? 0(?:\.0)? \1 [-\d.]+ [-\d.]+ cm")


def _words(text: str) -> str:
    """Text as a reader copies it: ligatures undone, whitespace runs made one space."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def test_each_slide_is_a_lesson_step_with_its_caption(pack: Pack, bundled_words: None) -> None:
    # No band is read: the slides (captions, headings, frames) are those of 1,000 draws
    result = propagate(pack, "boj-skips", RunOptions(draws=0))
    chain = select_chain(pack, result, keys=True)  # the lesson's chain
    steps = teaching_steps(pack, result, chain)
    slides = deck_slides(pack, result)
    assert len(slides) == len(steps) > 5
    for step, slide in zip(steps, slides, strict=True):
        assert slide.caption == step_caption(pack, result, chain, step)
        assert slide.heading[-1] == f"Step {step.n} of {len(steps)} (at 3m)"
        frame = parse(slide.frame.source)
        # The current step's links are stressed; the steps so far are lit, the rest faded.
        for i, link in enumerate(chain.links):
            label = frame.nodes[f"e{i}"]
            assert (label.get("fontname") == "Helvetica-Bold") == (i in step.links), (step.n, i)
            shown = any(i in s.links for s in steps[: step.n])
            assert (label["fontcolor"] != FADED_TEXT) == shown, (step.n, i, link)
        # the slide's heading names the question; the zoomed frame carries no title to cut off
        assert slide.heading[0] == "The BoJ skips the December hike"
        assert display(frame.graph["label"]) == ""


@pytest.fixture(scope="module")
def boj_deck(tmp_path_factory: pytest.TempPathFactory, needs_dot: None) -> bytes:
    """The boj-skips deck, printed once in a run for the tests of this module that read it,
    in every worker (see tests/shared.py)."""

    def write(deck: Path) -> None:
        args = ["diagram", "boj-skips", "--steps", str(deck)]
        done = CliRunner().invoke(main, args, catch_exceptions=False)
        assert done.exit_code == 0, done.stderr

    return built(tmp_path_factory, "deck-boj-skips.pdf", write).read_bytes()


def _deck(cli: Cli, tmp_path: Path, scenario: str, boj_deck: bytes) -> bytes:
    if scenario == "boj-skips":
        return boj_deck
    deck = tmp_path / "deck.pdf"
    out = cli("diagram", scenario, "--steps", str(deck))
    assert out.code == 0, out.stderr  # type: ignore[attr-defined]
    return deck.read_bytes()


@pytest.mark.slow  # two decks printed to PDF, one of them twice
@pytest.mark.parametrize("scenario", ["boj-skips", "december-2025"])
def test_steps_deck_pdf_is_16_by_9_with_every_caption(
    cli: Cli, tmp_path: Path, pack: Pack, scenario: str, bundled_words: None, boj_deck: bytes
) -> None:
    data = _deck(cli, tmp_path, scenario, boj_deck)
    assert data.startswith(b"%PDF")
    result = propagate(pack, scenario, RunOptions(draws=0))
    chain = select_chain(pack, result, keys=True)  # the lesson's chain
    captions = [step_caption(pack, result, chain, s) for s in teaching_steps(pack, result, chain)]
    pages = PdfReader(BytesIO(data)).pages
    assert len(pages) == len(captions)
    for n, (page, caption) in enumerate(zip(pages, captions, strict=True), 1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert width > height and width / height == pytest.approx(16 / 9, abs=0.01)
        text = _words(page.extract_text())
        assert f"Step {n} of {len(captions)} (at 3m)" in text
        assert _words(caption) in text, (n, caption)
    if scenario == "boj-skips":  # the BoJ path to the 10y JGB, dropped by the old deck
        # a key outcome that leads to no asset still has a slide of its own, not folded
        own = [c for c in captions if c.startswith("Market-implied BoJ path → 10y JGB yield. ")]
        assert len(own) == 1 and "pushes the 10y JGB yield down by " in own[0]
        assert "10y JGB yield" not in captions[-1].split(": ", 1)[1]  # the smaller links
        again = tmp_path / "again.pdf"
        cli("diagram", scenario, "--steps", str(again))
        assert again.read_bytes() == data  # same input, same bytes
        assert sorted(p.name for p in tmp_path.iterdir()) == ["again.pdf"]  # and nothing else


@pytest.mark.slow  # reads a deck printed to PDF
def test_a_slide_shows_its_step_large_enough_to_read(boj_deck: bytes) -> None:
    """Every slide's chain is drawn at 0.45 or more of its size (labels of 9pt: 4pt or more),
    and the caption at its own size unless it would not fit."""
    for page in PdfReader(BytesIO(boj_deck)).pages:
        content = page.get_contents()
        assert content is not None
        placed = re.findall(PLACED, content.get_data())  # pypdf's "s 0 0 s x y cm"
        scales = [float(s) for s in placed]
        assert scales and min(scales) >= 0.45, scales


def select_chain_steps() -> int:
    from macrograph.rules import load_pack

    pack = load_pack()
    return select_chain(pack, propagate(pack, "boj-skips", RunOptions(draws=0))).steps


@pytest.mark.slow  # every frame drawn in each format
def test_steps_folder_takes_the_format_of_the_output(
    cli: Cli, tmp_path: Path, needs_dot: None
) -> None:
    frames = tmp_path / "frames"
    out = cli("diagram", "boj-skips", "--steps", str(frames), "-o", str(tmp_path / "chain.png"))
    assert out.code == 0, out.stderr  # type: ignore[attr-defined]
    names = sorted(p.name for p in frames.iterdir())
    assert names == [f"step-{i:02d}.png" for i in range(1, select_chain_steps() + 1)]
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in frames.iterdir())
    svg = tmp_path / "svg"
    out = cli("diagram", "boj-skips", "--steps", str(svg))
    assert out.code == 0  # type: ignore[attr-defined]
    assert all(p.suffix == ".svg" for p in svg.iterdir())
