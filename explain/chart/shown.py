"""What a what-if or a briefing note shows of its charts (:class:`Charts`), and the charts
drawn (:class:`Drawn`), apart from the drawing (:mod:`macrograph.explain.chart.figures`)
and the placing (:mod:`macrograph.explain.chart.placed`), so that a document without
charts does not load what draws them.

Examples
--------
>>> Charts().moves, Charts(horizon="1m").horizon
('', '1m')
"""

from __future__ import annotations

from msgspec import Struct


class Charts(Struct, frozen=True):
    """What ``partials/charts.*.j2`` shows: inline SVG (HTML) or file names (Markdown).

    Every field is empty when there is nothing to draw, or (Markdown) nowhere to put it.
    """

    moves: str = ""
    fan: str = ""
    moves_name: str = ""
    fan_name: str = ""
    horizon: str = ""
    draws: int = 0
    every: str = "day by day"  # how often the fan reads: by the pack's period
    one: str = "key outcome"  # what the pack calls one of its key outcomes
    many: str = "key outcomes"  # and several


class Drawn(Struct, frozen=True):
    """Both charts as SVG text, for the horizon ``horizon``."""

    moves: str
    fan: str
    horizon: str
    draws: int
    every: str
    one: str = "key outcome"  # what the pack calls one of its key outcomes
    many: str = "key outcomes"  # and several
    # each chart's title and its moves in words (explain/chart/words.py), for a screen reader
    said: dict[str, tuple[str, str]] = {}
