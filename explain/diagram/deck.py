"""A slide deck for a lecture: the chain's teaching frames as one PDF, a page per step.

Each page is :func:`~macrograph.explain.diagram.build.step_frames`' frame for one hop with,
under its title, the captions of the links that hop lights (the lesson's words: the
rule's reason, the amount it carried, its confidence and its citation). Graphviz draws
each page; pypdf joins them.

Examples
--------
>>> from macrograph.rules import load_pack
>>> from macrograph.graph.propagate import propagate
>>> pack = load_pack()
>>> frames = deck_frames(pack, propagate(pack, "boj-skips"))
>>> "step 1 of" in frames[0].source and "The shock:" in frames[0].source
True
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from macrograph.explain.diagram import style as st
from macrograph.explain.diagram.build import step_frames
from macrograph.explain.diagram.chain import select_chain
from macrograph.explain.diagram.views import result_title
from macrograph.graph.result import Result
from macrograph.rules.pack import Pack

PER_PAGE = 6  # captions printed on one page; the rest are counted
WIDTH = 110  # characters per caption line


def deck_frames(pack: Pack, result: Result, horizon: str | None = None) -> list[Any]:
    """One frame per hop, its title followed by the captions of the links it lights."""
    from macrograph.explain.lesson import caption_text, ordered_links

    chain = select_chain(pack, result, horizon)
    frames = step_frames(pack, result, horizon)
    title = result_title(result, chain.horizon, "transmission chain")
    for hop, frame in enumerate(frames, 1):
        numbered = [
            (n, link) for n, (_, link) in enumerate(ordered_links(chain), 1) if link.hop == hop
        ]
        lines = [*title, f"step {hop} of {len(frames)}: hops 1-{hop} lit", ""]
        for n, link in numbered[:PER_PAGE]:
            lines.extend(st.wrap(f"{n}. {caption_text(pack, result, chain, link)}", WIDTH, 4))
        if len(numbered) > PER_PAGE:
            lines.append(f"... and {len(numbered) - PER_PAGE} more links at this hop")
        frame.attr(label=st.dot_label(lines, align="l"))
    return frames


def deck_pdf(frames: list[Any]) -> bytes:
    """The frames drawn by Graphviz as PDF pages and joined into one document.

    Raises
    ------
    DotMissingError, DotFailedError
    """
    from io import BytesIO

    from pypdf import PdfReader, PdfWriter

    from macrograph.explain.render import render

    pages = [render(frame, "pdf") for frame in frames]  # every page before any output
    writer = PdfWriter()
    for page in pages:
        writer.append(PdfReader(BytesIO(page)))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def write_deck(pack: Pack, result: Result, path: str | Path, horizon: str | None = None) -> Path:
    """Write the deck to ``path`` atomically (nothing is written when drawing fails)."""
    from macrograph.explain.files import write_atomic

    return Path(write_atomic(path, deck_pdf(deck_frames(pack, result, horizon))))
