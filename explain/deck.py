"""A slide deck for a lecture: the lesson's steps as landscape 16:9 PDF slides, one per step.

Each slide holds, on the left, the chain with the steps so far lit and the current step
stressed, cropped and zoomed to the current step's links; on the right, the step number
and its caption, the lesson's words (see :mod:`macrograph.explain.lesson.words`).
Graphviz draws the chain and the caption as PDF; pypdf places them on the slide, so every
text stays text.

Examples
--------
>>> from macrograph.graph.synthetic.runs import slump_answer
>>> pack, result = slump_answer()
>>> slides = deck_slides(pack, result)
>>> slides[0].heading[-1], slides[0].caption.startswith("The shock:")
('Step 1 of 2 (at 3m)', True)
"""

from __future__ import annotations

import json
from io import BytesIO
from typing import Any

from msgspec import Struct

from macrograph.explain.diagram import style as st
from macrograph.explain.diagram.build import Lit, lit_frame
from macrograph.explain.diagram.chain import select_chain
from macrograph.explain.lesson.steps import teaching_steps
from macrograph.explain.lesson.words import step_caption
from macrograph.explain.render import render, run_dot
from macrograph.explain.wording.speaking import speaks_pack
from macrograph.graph.result import Result
from macrograph.rules import columns
from macrograph.rules.pack import Pack

SLIDE = (960.0, 540.0)  # points: 13.33 by 7.5 inches, 16:9
MARGIN = 24.0
SPLIT = 560.0  # the chain takes the slide's left part, the caption the right
ZOOM = (0.45, 1.1)  # the chain's scale on a slide: the least, and a modest most
READABLE = 0.8  # a zoom at which the chain's 9pt labels still read on a projected slide
AROUND = 36.0  # points of the chain kept around the current step
CAPTION_SIZE = "15"  # points
CAPTION_WIDTH = 44  # characters per caption line at that size
POINTS = 72.0  # per inch: Graphviz gives node sizes in inches


class Slide(Struct, frozen=True):
    """One slide: the chain frame, what to zoom to (the ids of the current step's link labels
    and ends, then of the labels and targets, then of the labels alone: the first that
    reads at :data:`READABLE`), the heading (scenario and step) and the caption."""

    frame: Any  # graphviz.Digraph
    focus: tuple[tuple[str, ...], ...]
    heading: tuple[str, ...]
    caption: str


@speaks_pack
def deck_slides(pack: Pack, result: Result, horizon: str | None = None) -> list[Slide]:
    """One slide per lesson step (the order and folding of
    :func:`~macrograph.explain.lesson.steps.teaching_steps`).

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> slides = deck_slides(pack, result)
    >>> [s.heading for s in slides]
    [('A slumps', 'Step 1 of 2 (at 3m)'), ('A slumps', 'Step 2 of 2 (at 3m)')]
    >>> slides[1].caption.split(". ")[0]
    'a → b'
    """
    chain = select_chain(pack, result, horizon, keys=True)  # the lesson's chain
    steps = teaching_steps(pack, result, chain)
    ids = {**st.node_ids(pack.nodes), **st.shock_ids(chain.shocks)}
    slides = []
    for step in steps:
        shown = frozenset(i for s in steps[: step.n] for i in s.links)
        frame = lit_frame(pack, result, chain, Lit(shown, frozenset(step.links)))
        frame.attr(label="")  # the slide's heading says it; a zoomed frame would cut it off
        labels = tuple(f"e{i}" for i in step.links)
        targets = tuple(ids[chain.links[i].target] for i in step.links)
        sources = tuple(ids[chain.links[i].source] for i in step.links)
        focus = ((*labels, *targets, *sources), (*labels, *targets), labels)
        heading = (st.plain(result.title), f"Step {step.n} of {len(steps)} (at {chain.horizon})")
        slides.append(Slide(frame, focus, heading, step_caption(pack, result, chain, step)))
    return slides


def _caption_graph(slide: Slide) -> Any:
    """The slide's words as a Graphviz graph: the heading in bold, the caption below."""
    import graphviz  # graphviz loads on first use: slow to import, not always needed

    graph = graphviz.Digraph(name="caption")
    graph.attr(
        label=st.dot_label(slide.heading, align="l"),
        labelloc="t",
        labeljust="l",
        fontname="Helvetica-Bold",
        fontsize="17",
        margin="0",
        pad="0",
        bgcolor="white",
    )
    lines = [line for para in _paragraphs(slide.caption) for line in (*para, "")][:-1]
    graph.node(
        "c",
        st.dot_label(lines, align="l"),
        shape="plain",
        fontname=st.FONT,
        fontsize=CAPTION_SIZE,
    )
    return graph


def _paragraphs(caption: str) -> list[list[str]]:
    """The caption wrapped, its parts after "Why", "Size", "Confidence" and "Source" as
    paragraphs of their own (every word kept: the deck holds the whole caption)."""
    parts = caption.replace(" Why", "\nWhy").replace(" Size: ", "\nSize: ")
    parts = parts.replace(" Confidence: ", "\nConfidence: ").replace(" Source: ", "\nSource: ")
    return [columns.wrap(part, CAPTION_WIDTH) for part in parts.split("\n")]


def _focus_box(layout: dict[str, Any], focus: tuple[str, ...]) -> tuple[float, ...]:
    """The bounding box (x0, y0, x1, y1, in Graphviz points) of the named nodes."""
    boxes = []
    for item in layout.get("objects", []):
        if item.get("name") in focus and "pos" in item:
            x, y = (float(v) for v in item["pos"].split(","))
            w, h = float(item["width"]) * POINTS / 2, float(item["height"]) * POINTS / 2
            boxes.append((x - w, y - h, x + w, y + h))
    if not boxes:
        return tuple(float(v) for v in layout["bb"].split(","))
    return (
        min(b[0] for b in boxes) - AROUND,
        min(b[1] for b in boxes) - AROUND,
        max(b[2] for b in boxes) + AROUND,
        max(b[3] for b in boxes) + AROUND,
    )


def _placement(
    size: tuple[float, float], focus: tuple[float, ...], box: tuple[float, ...]
) -> tuple[float, float, float]:
    """Scale and offsets that show ``focus`` (in page points) centred in ``box`` (x, y, w, h),
    without leaving blank space where the page could fill the box."""
    fw, fh = focus[2] - focus[0], focus[3] - focus[1]
    scale = max(ZOOM[0], min(ZOOM[1], box[2] / fw, box[3] / fh))
    offsets = []
    for axis in (0, 1):
        centre = (focus[axis] + focus[axis + 2]) / 2
        offset = box[axis] + box[axis + 2] / 2 - centre * scale
        span = size[axis] * scale
        if span >= box[axis + 2]:  # keep the page over the whole box
            offset = min(box[axis], max(box[axis] + box[axis + 2] - span, offset))
        else:  # a page smaller than the box stands in its middle
            offset = box[axis] + (box[axis + 2] - span) / 2
        offsets.append(offset)
    return scale, offsets[0], offsets[1]


Placement = tuple[float, float, float, tuple[float, ...]]  # scale, x, y; the part shown


def _placement_of(page: Any, box: tuple[float, ...], focus: tuple[float, ...]) -> Placement:
    """Where ``page`` goes on a slide: its scale and offset, and the part of it (x, y, w, h
    in its own points) that shows in ``box``."""
    size = (float(page.mediabox.width), float(page.mediabox.height))
    scale, dx, dy = _placement(size, focus, box)
    clip = ((box[0] - dx) / scale, (box[1] - dy) / scale, box[2] / scale, box[3] / scale)
    return scale, dx, dy, clip


def _draw_on(writer: Any, slide_page: Any, placed: list[tuple[Any, Placement]]) -> None:
    """Draw each page of ``placed`` on the slide, scaled, moved and cut to its part, as a
    form of its own: its drawing is copied as it is, never parsed and written again (which
    took most of a deck's time)."""
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject

    forms, drawn = DictionaryObject(), []
    for k, (page, (scale, dx, dy, clip)) in enumerate(placed):
        form = page["/Contents"].clone(writer)  # the page's drawing, still compressed
        shown = [clip[0], clip[1], clip[0] + clip[2], clip[1] + clip[3]]
        form.get_object().update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): ArrayObject(FloatObject(round(v, 3)) for v in shown),
                NameObject("/Resources"): page["/Resources"].clone(writer),
            }
        )
        name = f"/Part{k}"
        forms[NameObject(name)] = form
        drawn.append(f"q {_n(scale)} 0 0 {_n(scale)} {_n(dx)} {_n(dy)} cm {name} Do Q")
    slide_page[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): forms})
    slide_page.replace_contents(_content(writer, "\n".join(drawn)))


def _content(writer: Any, text: str) -> Any:
    """A page's drawing instructions as a content stream of ``writer``."""
    from pypdf.generic import ContentStream

    content = ContentStream(None, writer)
    content.set_data(text.encode("ascii"))
    return content


def _n(value: float) -> str:
    """A number as a PDF content stream writes it: at most four decimals, no trailing zeros.

    Examples
    --------
    >>> _n(0.45), _n(24.0), _n(-3.14159)
    ('0.45', '24', '-3.1416')
    """
    return f"{value:.4f}".rstrip("0").rstrip(".")


def _first_page(data: bytes) -> Any:
    from pypdf import PdfReader

    return PdfReader(BytesIO(data)).pages[0]


def _chain_box(
    slide: Slide, layout: dict[str, Any], page: Any, area: tuple[float, ...]
) -> tuple[float, ...]:
    """The box to show, in the frame page's points (Graphviz's, shifted by its margin): the
    widest of the slide's focus groups that reads at :data:`READABLE` in ``area``."""
    bb = [float(v) for v in layout["bb"].split(",")]
    dx = (float(page.mediabox.width) - bb[2]) / 2
    dy = (float(page.mediabox.height) - bb[3]) / 2
    boxes = [_focus_box(layout, group) for group in slide.focus]
    fits = (b for b in boxes if min(area[2] / (b[2] - b[0]), area[3] / (b[3] - b[1])) >= READABLE)
    x0, y0, x1, y1 = next(fits, boxes[-1])
    return (x0 + dx, y0 + dy, x1 + dx, y1 + dy)


def deck_pdf(slides: list[Slide]) -> bytes:
    """The slides drawn by Graphviz and laid out on 16:9 pages, joined into one document.

    Raises
    ------
    DotMissingError, DotFailedError

    Examples
    --------
    Graphviz draws each slide (a ``dot`` process), so it is not run here:

    >>> from io import BytesIO
    >>> from pypdf import PdfReader
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> slides = deck_slides(pack, result)
    >>> pdf = deck_pdf(slides)
    >>> pdf[:5], len(PdfReader(BytesIO(pdf)).pages)
    (b'%PDF-', 2)
    """
    from pypdf import PdfWriter

    if not slides:
        return b""
    layout = json.loads(run_dot(slides[0].frame.source, "json0", []))  # same in every frame
    drawn = [(render(s.frame, "pdf"), render(_caption_graph(s), "pdf")) for s in slides]
    writer = PdfWriter()
    width, height = SLIDE
    chain_area = (MARGIN, MARGIN, SPLIT - 2 * MARGIN, height - 2 * MARGIN)
    words_area = (SPLIT, MARGIN, width - SPLIT - MARGIN, height - 2 * MARGIN)
    for slide, (frame, words) in zip(slides, drawn, strict=True):
        page = writer.add_blank_page(width=width, height=height)
        chain_page, caption_page = _first_page(frame), _first_page(words)
        focus = _chain_box(slide, layout, chain_page, chain_area)
        chain = _placement_of(chain_page, chain_area, focus)
        words_at = _words_at(caption_page, words_area)
        _draw_on(writer, page, [(chain_page, chain), (caption_page, words_at)])
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _words_at(page: Any, box: tuple[float, ...]) -> Placement:
    """The caption at the top left of ``box``, shrunk only when it would not fit: its
    scale, offset and the whole of it."""
    w, h = float(page.mediabox.width), float(page.mediabox.height)
    scale = min(1.0, box[2] / w, box[3] / h)
    top = box[1] + box[3]
    return scale, box[0], top - h * scale, (0.0, 0.0, w, h)
