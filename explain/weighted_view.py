"""The probability-weighted view in words: each branch's moves and their weighted sum.

Examples
--------
>>> from macrograph import RunOptions
>>> from macrograph.graph.synthetic.policy import policy_pack
>>> from macrograph.graph.weighted import propagate_weighted
>>> pack = policy_pack()  # an 85%-priced 25bp hike of 'rate': made, or skipped
>>> view = propagate_weighted(pack, "meeting", options=RunOptions(draws=0))
>>> render_weighted(pack, view).splitlines()[0]
'Meeting: probability-weighted'
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from macrograph.explain.contexts.weighted import build_weighted
from macrograph.explain.environment import make_environment, render, words_template
from macrograph.explain.wording.speaking import speaks_pack
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
    >>> from macrograph.graph.options import RunOptions
    >>> from macrograph.graph.synthetic.policy import policy_pack
    >>> from macrograph.graph.weighted import propagate_weighted
    >>> pack = policy_pack()
    >>> view = propagate_weighted(pack, "meeting", options=RunOptions(draws=0))
    >>> print("\\n".join(render_weighted(pack, view).splitlines()[2:5]))  # the branches
    Each branch against the market-priced path, so that a branch's move is its surprise: meeting
    with its priced decision (rate +25bp) at 85% of +25bp = +21.25bp. Weighted by the pack's odds
    (the market's): hike, Meeting (85%); skip, Rate holds (15%).
    """
    context = build_weighted(pack, view, when=when, width=width)
    return render(make_environment(templates_dir), words_template("weighted", fmt), context)
