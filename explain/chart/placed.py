"""Where a note's charts go: inline in an HTML page, or in SVG files beside a Markdown
note that links them (:func:`shown_charts`).

Examples
--------
>>> charts, files = shown_charts(Drawn("<svg/>", "<svg/>", "1m", 0, "day by day"), "md", "n.md")
>>> charts.moves_name, [str(path) for path, _ in files]
('n-moves.svg', ['n-moves.svg', 'n-fan.svg'])
"""

from __future__ import annotations

from pathlib import Path

from msgspec.structs import replace

from macrograph.explain.chart.shown import Charts, Drawn
from macrograph.explain.formats import CHART_KINDS as KINDS
from macrograph.explain.render import inline_svg


def chart_paths(output: str) -> dict[str, Path]:
    """Where a Markdown note's charts go: beside it, ``NOTE-moves.svg`` and ``NOTE-fan.svg``.

    Examples
    --------
    >>> {k: str(v) for k, v in chart_paths("out/note.md").items()}
    {'moves': 'out/note-moves.svg', 'fan': 'out/note-fan.svg'}
    """
    target = Path(output)
    return {kind: target.with_name(f"{target.stem}-{kind}.svg") for kind in KINDS}


def _about(drawn: Drawn) -> Charts:
    """What a page says of the charts drawn, with no chart yet: their horizon, draws, how
    often the fan reads, and the pack's words for a key outcome."""
    return Charts(
        horizon=drawn.horizon, draws=drawn.draws, every=drawn.every, one=drawn.one, many=drawn.many
    )


def _for_html(drawn: Drawn) -> Charts:
    """The charts inline, for an HTML page."""
    # markupsafe, like jinja2, loads only where HTML is made
    from markupsafe import Markup

    def inline(svg: str, kind: str) -> str:
        title, words = drawn.said.get(kind, ("", ""))
        return Markup(inline_svg(svg.encode("utf-8"), title, words)) if svg else ""

    return replace(_about(drawn), moves=inline(drawn.moves, "moves"), fan=inline(drawn.fan, "fan"))


def _for_markdown(drawn: Drawn, output: str) -> tuple[Charts, list[tuple[Path, bytes]]]:
    """The links a Markdown note shows, and the files to write beside ``output``."""
    if not drawn.moves:
        return _about(drawn), []
    paths = chart_paths(output)
    files = [(paths[kind], getattr(drawn, kind).encode("utf-8")) for kind in ("moves", "fan")]
    names = {"moves_name": paths["moves"].name, "fan_name": paths["fan"].name}
    return replace(_about(drawn), **names), files


def shown_charts(
    drawn: Drawn, fmt: str, output: str | None
) -> tuple[Charts, tuple[tuple[Path, bytes], ...]]:
    """What a note shows of charts drawn (:func:`make_charts`): inline for HTML; for
    Markdown, links and the files to write beside ``output``.

    Examples
    --------
    >>> drawn = Drawn("<svg/>", "<svg/>", "1m", 0, "day by day")
    >>> charts, files = shown_charts(drawn, "md", "note.md")
    >>> charts.fan_name, [str(path) for path, _ in files]
    ('note-fan.svg', ['note-moves.svg', 'note-fan.svg'])
    """
    if fmt == "html":
        return _for_html(drawn), ()
    charts, files = _for_markdown(drawn, output or "")
    return charts, tuple(files)
