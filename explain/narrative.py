"""Narratives in words: ``whatif`` as text, Markdown or HTML, and ``explain NODE``.

Each function builds the typed context (``context_whatif``, ``context_node``) and renders
the bundled template of that name, or the user's own from ``templates_dir``.

Examples
--------
>>> from macrograph import load_pack, propagate, RunOptions
>>> pack = load_pack()
>>> text = render_whatif(pack, propagate(pack, "BoJ skips", RunOptions(draws=0)), "text")
>>> "dovish surprise of -21.25bp against an 85%-priced 25bp hike" in " ".join(text.split())
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from macrograph.explain.chart.shown import Charts
from macrograph.explain.contexts.whatif import build_whatif
from macrograph.explain.environment import make_environment, render, template_name
from macrograph.explain.errors import UnknownFormatError
from macrograph.explain.filters import shows
from macrograph.explain.formats import WORDS as FORMATS
from macrograph.explain.speaking import speaks_pack
from macrograph.graph.result import Result
from macrograph.rules.pack import Pack

# A what-if loads neither the charts' drawing nor the weighted view (its type is only
# named here), nor the contexts of ``explain NODE`` and of the weighted view (loaded
# when those render).
if TYPE_CHECKING:
    from macrograph.graph.weighted import WeightedView

SUFFIX = {"text": "txt", "md": "md", "html": "html"}


def _name(kind: str, fmt: str) -> str:
    if fmt not in FORMATS:
        raise UnknownFormatError(fmt, FORMATS)
    return template_name(kind, SUFFIX[fmt])


@dataclass(frozen=True)
class Layout:
    """How a what-if is laid out on the page.

    Attributes
    ----------
    width : int
        Characters per line of text (prose wraps, the table leaves out columns).
    short : bool
        Text only: the headline and the table, without citations.
    charts : Charts, optional
        Markdown and HTML: the charts to show (see :mod:`macrograph.explain.chart.figures`).
    """

    width: int = 96
    short: bool = False
    charts: Charts | None = None


@speaks_pack
def render_whatif(
    pack: Pack,
    result: Result,
    fmt: str = "text",
    templates_dir: Path | None = None,
    focus: str | None = None,
    layout: Layout = Layout(),
) -> str:
    """The what-if in words: headline surprise, key outcomes, chains, forces, citations.

    Parameters
    ----------
    pack, result : Pack, Result
        The pack and what :func:`macrograph.graph.propagate.propagate` returned for it.
    fmt : {"text", "md", "html"}
    templates_dir : Path, optional
        Templates overriding the bundled ones by name (``whatif.txt.j2``...).
    focus : str, optional
        The horizon the prose reads (default the last).
    layout : Layout
        The width of a line, the short form, the charts shown.
    """
    name = _name("whatif", fmt)
    context = build_whatif(pack, result, focus, layout.width)
    if layout.charts is not None and fmt != "text":
        context = replace(context, charts=layout.charts)
    if layout.short and fmt == "text":
        context = replace(context, short=True, citations=())
        return uncited(render(make_environment(templates_dir), name, context))
    return render(make_environment(templates_dir), name, context)


def explain_json(result: Result, node: str, focus: str | None = None) -> dict[str, object]:
    """``explain NODE --format json``: the scenario, the horizon read and the node's outcome
    (its moves, levels, bands, contributions, channels and moves by shock).

    Examples
    --------
    >>> from macrograph import load_pack, propagate, RunOptions
    >>> body = explain_json(propagate(load_pack(), "BoJ skips", RunOptions(draws=0)), "usd_jpy")
    >>> body["schema_version"], body["node"], body["focus"], body["moved"]
    (1, 'usd_jpy', '3m', True)
    """
    whole = result.to_dict()
    h = focus or result.horizons[-1]
    outcome = whole["nodes"][node]
    keep = ("schema_version", "scenario", "title", "against", "against_title", "overlay", "anchor")
    return {
        **{k: whole[k] for k in (*keep, "horizons", "dates", "draws", "seed")},
        "node": node,
        "focus": h,
        "moved": shows(result.nodes[node].delta[h], result.nodes[node].unit),
        "outcome": outcome,
    }


def uncited(text: str) -> str:
    """``text`` without its citation marks (``[3]``, ``[6][10]``).

    Examples
    --------
    >>> uncited("Bitcoin ends 8.2% higher [2][3]; the yield 9bp lower [4].")
    'Bitcoin ends 8.2% higher; the yield 9bp lower.'
    """
    return re.sub(r" ?(?:\[\d+\])+", "", text)


@speaks_pack
def render_weighted(
    pack: Pack,
    view: WeightedView,
    fmt: str = "text",
    templates_dir: Path | None = None,
    when: date | None = None,
    width: int = 96,
) -> str:
    """The probability-weighted view: each branch's moves and their weighted sum.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> from macrograph.graph.weighted import propagate_weighted
    >>> from macrograph.graph.options import RunOptions
    >>> pack = load_pack()
    >>> view = propagate_weighted(pack, "december-2025", options=RunOptions(draws=0))
    >>> text = render_weighted(pack, view)
    >>> "weighted" in text and "85%" in text
    True
    """
    from macrograph.explain.contexts.weighted import build_weighted

    context = build_weighted(pack, view, when=when, width=width)
    return render(make_environment(templates_dir), _name("weighted", fmt), context)


@speaks_pack
def render_explain(
    pack: Pack,
    result: Result,
    node: str,
    fmt: str = "text",
    templates_dir: Path | None = None,
    focus: str | None = None,
    width: int = 96,
) -> str:
    """Why ``node`` moved (its causes, strongest first) or why it did not.

    Examples
    --------
    >>> from macrograph import load_pack, propagate, RunOptions
    >>> pack = load_pack()
    >>> result = propagate(pack, "december-2025", RunOptions(draws=0))
    >>> text = render_explain(pack, result, "mof_intervention")
    >>> "Not reached" in text
    True
    """
    from macrograph.explain.contexts.node import build_explain

    name = _name("explain", fmt)
    context = build_explain(pack, result, node, focus, width)
    return render(make_environment(templates_dir), name, context)
