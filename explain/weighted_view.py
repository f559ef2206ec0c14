"""The probability-weighted view in words: each branch's moves and their weighted sum.

Examples
--------
>>> from macrograph import load_pack, RunOptions
>>> from macrograph.graph.weighted import propagate_weighted
>>> pack = load_pack()
>>> view = propagate_weighted(pack, "december-2025", options=RunOptions(draws=0))
>>> "weighted" in render_weighted(pack, view)
True
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from macrograph.explain.contexts.weighted import build_weighted
from macrograph.explain.environment import make_environment, render, words_template
from macrograph.explain.speaking import speaks_pack
from macrograph.graph.weighted import WeightedView
from macrograph.rules.pack import Pack


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
    context = build_weighted(pack, view, when=when, width=width)
    return render(make_environment(templates_dir), words_template("weighted", fmt), context)
