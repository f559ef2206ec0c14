"""The charts in words: what a reader who cannot see a chart is told it shows.

Each chart's text alternative names every node it draws with its move written as the
answer's table writes it (sign, number and unit), so that a rise and a fall are told in
words and not by the bars' colours alone: the bars' chart each move with its band, the fans'
chart each path at the horizons and its band at the last one.

Examples
--------
>>> from macrograph import propagate, RunOptions
>>> from macrograph.graph.synthetic import rate_step, units_pack
>>> pack = units_pack()
>>> result = propagate(pack, rate_step(), RunOptions(draws=0))
>>> moves_words(pack, result, "1m", ("rate", "price"))
'rate +20bp; price -0.20%.'
"""

from __future__ import annotations

from collections.abc import Sequence

from macrograph.explain.diagram.style import plain
from macrograph.explain.filters import after, move
from macrograph.explain.wording.speaking import speaks_pack
from macrograph.graph.fan import Fan, Fans
from macrograph.graph.result import Result
from macrograph.rules.english.forms import span
from macrograph.rules.pack import Pack


@speaks_pack
def moves_words(pack: Pack, result: Result, h: str, nodes: Sequence[str]) -> str:
    """Each bar of the moves chart in words: the node, its move at ``h`` and, with draws,
    the 5th to 95th percentile of the draws.

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> moves_words(pack, result, "3m", ("a", "b"))
    'a -1 pt; b -0.50 pts.'
    """
    said = []
    for node in nodes:
        outcome = result.nodes[node]
        text = f"{plain(pack.nodes[node].label)} {move(outcome.delta[h], outcome.unit)}"
        band = outcome.band.get(h) if outcome.band else None
        if band is not None:
            low, high = move(band.p5, outcome.unit), move(band.p95, outcome.unit)
            text += f" (5th to 95th percentile {low} to {high})"
        said.append(text)
    return "; ".join(said) + "."


@speaks_pack
def fan_words(pack: Pack, fans: Fans, ticks: Sequence[tuple[int, str]]) -> str:
    """Each panel of the fans' chart in words: the node's path (the draws' median, or the
    model's path without draws) at each horizon ``ticks`` (period, label) marks, and the 5th
    to 95th percentile at the last one.

    Examples
    --------
    >>> from macrograph import RunOptions
    >>> from macrograph.graph.fan import fan_paths
    >>> from macrograph.graph.synthetic import slump_pack
    >>> pack = slump_pack()
    >>> fans = fan_paths(pack, "a-slumps", ("b",), "3m", RunOptions(draws=0))
    >>> fan_words(pack, fans, [(7, "1w"), (90, "3m")])
    'b: -0.50 pts after 1 week, -0.50 pts after 3 months.'
    """
    at = {offset: i for i, offset in enumerate(fans.offsets)}
    marks = [(at[offset], label) for offset, label in ticks if offset in at]
    said = []
    for fan in fans.nodes.values():
        unit = pack.nodes[fan.node].unit
        path = fan.p50 or fan.central
        steps = ", ".join(f"{move(path[i], unit)} {after(label)}" for i, label in marks)
        said.append(f"{plain(pack.nodes[fan.node].label)}: {steps}{_last_band(fan, marks, unit)}")
    return "; ".join(said) + "."


def _last_band(fan: Fan, marks: Sequence[tuple[int, str]], unit: str) -> str:
    """' (5th to 95th percentile at 3m: -1.3% to -0.3%)', or nothing without draws."""
    if not fan.p5 or not marks:
        return ""
    i, label = marks[-1]
    low, high = move(fan.p5[i], unit), move(fan.p95[i], unit)
    return f" (5th to 95th percentile {after(label)}: {span(low, high)})"
