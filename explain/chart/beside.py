"""The charts drawn in a process of their own, forked before the run they chart: it loads
matplotlib while this process runs the draws, is handed the charts' plan
(:class:`~macrograph.explain.chart.figures.ChartPlan`) once they are run, and draws it
(:func:`~macrograph.explain.chart.figures.draw_charts`) while this process writes the rest
of the note. Plan and charts cross as msgspec bytes.

Examples
--------
>>> from macrograph.explain.chart.figures import ChartPlan
>>> with charts_beside(processes=1) as drawing:  # one process: drawn here, when asked for
...     give_plan(drawing, ChartPlan("1m", 0, "day by day"))  # nothing moved: no chart
...     drawn_charts(drawing).moves
''
"""

from __future__ import annotations

from contextlib import AbstractContextManager

import msgspec

from macrograph.explain.chart.figures import ChartPlan, draw_charts
from macrograph.explain.chart.moves import ready
from macrograph.explain.chart.shown import Drawn
from macrograph.graph.engine.forked import Handoff, beside_ready


def charts_beside(processes: int) -> AbstractContextManager[Handoff]:
    """A process forked now (when ``processes`` is more than one) that loads matplotlib while
    this one runs the draws, then draws the charts of the plan it is given
    (:func:`give_plan`, :func:`drawn_charts`); with one process they are drawn here, when
    asked for.

    Examples
    --------
    >>> from macrograph.explain.chart.figures import ChartPlan
    >>> with charts_beside(processes=1) as drawing:
    ...     give_plan(drawing, ChartPlan("1m", 0, "day by day"))  # nothing moved
    ...     drawn_charts(drawing).horizon
    '1m'
    """
    return beside_ready(ready, _drawn_from_plan, processes)


def give_plan(drawing: Handoff, plan: ChartPlan) -> None:
    """Hand the charts' plan to the process drawing them (:func:`charts_beside`).

    Examples
    --------
    >>> from macrograph.explain.chart.figures import ChartPlan
    >>> with charts_beside(processes=2) as drawing:
    ...     give_plan(drawing, ChartPlan("3m", 0, "week by week"))
    ...     drawn_charts(drawing).every
    'week by week'
    """
    drawing.give(msgspec.msgpack.encode(plan))


def drawn_charts(drawing: Handoff) -> Drawn:
    """The charts drawn from the plan given (:func:`charts_beside`).

    Examples
    --------
    >>> from macrograph.explain.chart.figures import ChartPlan
    >>> with charts_beside(processes=1) as drawing:
    ...     give_plan(drawing, ChartPlan("1y", 200, "year by year"))
    ...     drawn_charts(drawing).draws
    200
    """
    return _DRAWN.decode(drawing.result())


def _drawn_from_plan(plan: bytes) -> bytes:
    """The charts drawn from their encoded plan, encoded: drawn in another process maybe."""
    return msgspec.msgpack.encode(draw_charts(_PLAN.decode(plan)))


_PLAN = msgspec.msgpack.Decoder(ChartPlan)
_DRAWN = msgspec.msgpack.Decoder(Drawn)
