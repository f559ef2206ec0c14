"""The what-if in words: text, Markdown or HTML (``explain NODE`` is in
:mod:`~macrograph.explain.explain_node`, the weighted view in
:mod:`~macrograph.explain.weighted_view`).

It builds the typed context (``context_whatif``) and renders the bundled template of that
name, or the user's own from ``templates_dir``.

Examples
--------
>>> from macrograph import propagate, RunOptions
>>> from macrograph.graph.synthetic import rate_skip, units_pack
>>> pack = units_pack()
>>> text = render_whatif(pack, propagate(pack, rate_skip(), RunOptions(draws=0)), "text")
>>> print(text.splitlines()[5])
no hike on 6 Jan 2025: a dovish surprise of -21.25bp against an 85%-priced 25bp hike [1].
"""

from __future__ import annotations

from pathlib import Path

from msgspec import Struct
from msgspec.structs import replace

from macrograph.explain.chart.shown import Charts
from macrograph.explain.contexts.header import horizon_of
from macrograph.explain.contexts.whatif import build_whatif
from macrograph.explain.environment import make_environment, render, words_template
from macrograph.explain.files import json_text
from macrograph.explain.textfilters import uncited
from macrograph.explain.wording.speaking import speaks_pack
from macrograph.graph.result import Result
from macrograph.rules.pack import Pack


class Layout(Struct, frozen=True):
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
    """The what-if in words: headline surprise, key outcomes, chains, forces, citations;
    or, as ``json``, the result's data as ``macrograph whatif --format json`` prints it.

    Parameters
    ----------
    pack, result : Pack, Result
        The pack and what :func:`macrograph.graph.propagate.propagate` returned for it.
    fmt : {"text", "md", "html", "json"}
    templates_dir : Path, optional
        Templates overriding the bundled ones by name (``whatif.txt.j2``...).
    focus : str, optional
        The horizon the prose reads (default the last); one of ``result.horizons``.
    layout : Layout
        The width of a line, the short form, the charts shown.

    Raises
    ------
    UnknownFormatError
        For a format other than those above.
    HorizonError
        For a ``focus`` the result was not run at.

    Examples
    --------
    >>> from macrograph import propagate, RunOptions
    >>> from macrograph.graph.synthetic import rate_skip, units_pack
    >>> pack = units_pack()
    >>> result = propagate(pack, rate_skip(), RunOptions(draws=0))
    >>> render_whatif(pack, result, "md", focus="1m").splitlines()[0]
    '# No hike'
    >>> import json
    >>> list(json.loads(render_whatif(pack, result, "json"))["dates"])
    ['1d', '1m']
    """
    horizon_of(result, focus)
    if fmt == "json":
        return json_text(result.to_dict(), result.horizons)
    name = words_template("whatif", fmt)
    context = build_whatif(pack, result, focus, layout.width)
    if layout.charts is not None and fmt != "text":
        context = replace(context, charts=layout.charts)
    if layout.short and fmt == "text":
        context = replace(context, short=True, citations=())
        return uncited(render(make_environment(templates_dir, cited=False), name, context))
    return render(make_environment(templates_dir), name, context)
