"""Frames for slides: --steps DIR in the format asked, --steps deck.pdf a page per step."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from macrograph.explain.diagram.chain import select_chain
from macrograph.explain.diagram.deck import deck_frames
from macrograph.explain.lesson import caption_text, ordered_links
from macrograph.graph.propagate import propagate
from macrograph.rules.pack import Pack
from tests.test_diagram_dot import display, parse

Cli = Callable[..., object]


def test_each_frame_carries_the_captions_of_its_hop(pack: Pack) -> None:
    result = propagate(pack, "boj-skips", draws=0)
    chain = select_chain(pack, result)
    frames = deck_frames(pack, result)
    assert len(frames) == chain.steps
    for hop, frame in enumerate(frames, 1):
        title = display(parse(frame.source).graph["label"]).replace("\n", " ")
        assert f"step {hop} of {chain.steps}: hops 1-{hop} lit" in title
        at_hop = [
            (n, link) for n, (_, link) in enumerate(ordered_links(chain), 1) if link.hop == hop
        ]
        assert at_hop
        for n, link in at_hop[:6]:
            start = f"{n}. {caption_text(pack, result, chain, link)}"[:40]
            assert start in title, (hop, n)


def test_steps_deck_pdf_has_one_page_per_step(cli: Cli, tmp_path: Path, needs_dot: None) -> None:
    deck = tmp_path / "deck.pdf"
    out = cli("diagram", "boj-skips", "--steps", str(deck))
    assert out.code == 0, out.stderr  # type: ignore[attr-defined]
    data = deck.read_bytes()
    assert data.startswith(b"%PDF")
    steps = select_chain_steps()
    assert len(PdfReader(BytesIO(data)).pages) == steps
    again = tmp_path / "again.pdf"
    cli("diagram", "boj-skips", "--steps", str(again))
    assert again.read_bytes() == data  # same input, same bytes
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again.pdf", "deck.pdf"]


def select_chain_steps() -> int:
    from macrograph.rules import load_pack

    pack = load_pack()
    return select_chain(pack, propagate(pack, "boj-skips", draws=0)).steps


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
