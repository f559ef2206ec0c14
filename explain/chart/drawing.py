"""Charts drawn with matplotlib's SVG backend: same input, same bytes.

Text stays text in the SVG (``svg.fonttype: none``), ids are salted with a fixed
string and no date is written, so a chart is stable across runs and testable by its
labels.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, Any

from msgspec import Struct

from macrograph.explain.textfilters import defang_markup

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

STYLE: dict[str, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "macrograph",
    "text.parse_math": False,  # pack text is text: "$5tn" is not mathematics
    "font.family": "sans-serif",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
PREDICTED = "#4a6fa5"
OBSERVED = "#c0392b"


class ForestRow(Struct, frozen=True):
    """One observation on a common scale: model band and median, and what happened."""

    label: str
    predicted: float
    low: float | None
    high: float | None
    observed: float
    scale: float  # the unit the row is measured in (its noise over the window)
    noisy: bool = True  # False: the node has no noise; ``scale`` is its larger move


def predicted_vs_observed(rows: Sequence[ForestRow], title: str) -> str:
    """A forest chart: each row's model band and median against the observed move.

    Every row is divided by its own scale (the node's noise over the window),
    so moves of different units share one axis: a distance of 1 is one standard
    deviation of noise. A row of a node without noise is divided by the larger of its
    two moves instead: its label is marked with an asterisk, and the axis says so.

    Examples
    --------
    >>> svg = predicted_vs_observed([ForestRow("a 1d", 1.0, 0.5, 1.5, 2.0, 1.0)], "Test")
    >>> svg.startswith("<?xml") and "a 1d" in svg
    True
    """
    import matplotlib  # matplotlib loads on first use: slow to import, not always needed
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    style: Any = STYLE  # matplotlib types its keys as a closed set of literals
    with matplotlib.rc_context(style):
        height = 1.2 + 0.28 * max(len(rows), 1)
        fig = Figure(figsize=(7.5, height))  # no pyplot: no global figure to close
        FigureCanvasSVG(fig)
        _draw(fig.subplots(), rows, title)
        buffer = io.StringIO()
        print_tight(fig, buffer, "svg", {"Date": None})
    return defang_markup(buffer.getvalue())


def print_tight(
    fig: Figure, target: IO[Any], fmt: str, metadata: dict[str, Any], dpi: float = 150
) -> None:
    """Write ``fig``, laid out already, to ``target`` as ``fmt``, cut to what it draws and
    a margin: the bytes ``savefig(bbox_inches="tight")`` writes, at ``dpi`` (a PNG's).

    An SVG is measured once and drawn once: ``savefig`` draws the whole figure before
    measuring it whenever the figure has a layout engine (``tight_layout`` leaves one in
    place), and draws it again to print it. The engine is dropped. The SVG is printed at
    72 dpi, the scale SVG text and lines are measured and drawn at anyway (a figure's dpi
    sets the resolution of raster images, which these charts have none of), so that
    ``savefig`` places the box with the same arithmetic as when it measures it itself.

    Examples
    --------
    >>> import matplotlib
    >>> from matplotlib.backends.backend_svg import FigureCanvasSVG
    >>> from matplotlib.figure import Figure
    >>> def laid_out() -> Figure:
    ...     fig = Figure(figsize=(2, 1))
    ...     _ = FigureCanvasSVG(fig), fig.subplots().set_title("a title"), fig.tight_layout()
    ...     return fig
    >>> ours, theirs = io.StringIO(), io.StringIO()
    >>> with matplotlib.rc_context(STYLE):
    ...     print_tight(laid_out(), ours, "svg", {"Date": None})
    ...     laid_out().savefig(theirs, format="svg", bbox_inches="tight", metadata={"Date": None})
    >>> ours.getvalue() == theirs.getvalue() and 'width="144pt"' not in ours.getvalue()
    True
    """
    import matplotlib

    if fmt != "svg":
        _fallback_fonts(fig)
        fig.savefig(target, format=fmt, bbox_inches="tight", metadata=metadata, dpi=dpi)
        return
    box = fig.get_tightbbox().padded(matplotlib.rcParams["savefig.pad_inches"])
    fig.set_layout_engine(None)  # laid out already: savefig need not draw to lay it out
    fig.savefig(target, format="svg", bbox_inches=box, metadata=metadata, dpi=72)


FALLBACK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans CJK TC",
    "Noto Sans CJK JP",
    "Noto Sans CJK KR",
    "Source Han Sans SC",
    "Source Han Sans",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
    "IPAGothic",
    "NanumGothic",
)
"""Fonts with East Asian glyphs (Han characters, kana, Hangul), tried in turn after the
chart's own where a PNG or PDF draws such a label (an SVG keeps its text as text, for the
browser's fonts)."""


def _fallback_fonts(fig: Figure) -> None:
    """Give each text of ``fig`` that holds a character from U+2E80 on (the Chinese,
    kana and Hangul blocks) the installed :data:`FALLBACK_FONTS` after its own family,
    so that matplotlib draws its glyphs rather than empty boxes; other texts are left
    as they are."""
    from matplotlib import font_manager
    from matplotlib.text import Text

    known = {f.name for f in font_manager.fontManager.ttflist}
    extra = [name for name in FALLBACK_FONTS if name in known]
    if not extra:
        return
    for text in fig.findobj(Text):
        if any(ord(c) >= 0x2E80 for c in text.get_text()):
            text.set_fontfamily([*text.get_fontfamily(), *extra])


def _draw(ax: Axes, rows: Sequence[ForestRow], title: str) -> None:
    y = list(range(len(rows)))[::-1]
    for yi, row in zip(y, rows, strict=True):
        s = row.scale if row.scale and math.isfinite(row.scale) else 1.0
        if row.low is not None and row.high is not None:
            ax.plot([row.low / s, row.high / s], [yi, yi], color=PREDICTED, lw=2, alpha=0.5)
        ax.plot([row.predicted / s], [yi], "o", color=PREDICTED, ms=4)
        ax.plot([row.observed / s], [yi], "D", color=OBSERVED, ms=4)
    ax.axvline(0, color="#888888", lw=0.6)
    ax.set_yticks(y, [r.label if r.noisy else f"{r.label} *" for r in rows])
    unit = "move, in standard deviations of the noise over the window"
    quiet = "; * no noise: in its larger move" if not all(r.noisy for r in rows) else ""
    ax.set_xlabel(unit + quiet)
    ax.set_title(title, loc="left")
    ax.plot([], [], "o", color=PREDICTED, label="model median, p5-p95 band")
    ax.plot([], [], "D", color=OBSERVED, label="observed")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
