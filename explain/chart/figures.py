"""The charts a what-if or a briefing note shows, from a result and its daily fans.

:func:`make_charts` reads the key outcomes at the prose horizon (the pack's
``key_outcomes``, else every node that moves notably), reads
their paths period by period up to the last horizon (daily in a pack counted in days)
from the fans made with the result (:func:`~macrograph.graph.fan.propagate_with_fans`:
one Monte Carlo run for both) or else asks :func:`~macrograph.graph.fan.fan_paths` for
them (one more run of the same draws), and draws both charts. Labels and units are the
pack's.

Examples
--------
>>> from macrograph import propagate, RunOptions
>>> from macrograph.graph.synthetic import slump_pack
>>> pack, options = slump_pack(), RunOptions(draws=0)
>>> result = propagate(pack, "a-slumps", options)
>>> drawn = make_charts(pack, result, "a-slumps", options)
>>> drawn.moves.startswith("<?xml") and drawn.fan.startswith("<?xml")
True
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from msgspec import Struct
from msgspec.structs import replace

from macrograph.explain.chart.moves import (
    FanPanel,
    MoveBar,
    Tick,
    fan_figure,
    moves_figure,
    save,
)
from macrograph.explain.chart.placed import shown_charts
from macrograph.explain.chart.shown import Charts, Drawn
from macrograph.explain.chart.words import fan_words, moves_words
from macrograph.explain.contexts.horizon import reading_horizon
from macrograph.explain.diagram.style import plain, shorten
from macrograph.explain.errors import NothingToChartError
from macrograph.explain.filters import after, day, shows
from macrograph.explain.formats import CHART_KINDS as KINDS
from macrograph.explain.selection import key_outcomes, reported
from macrograph.explain.wording.speaking import speaks_pack
from macrograph.graph.fan import Fan, Fans, fan_paths, propagate_with_fans
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import horizon_periods, propagate
from macrograph.graph.result import Result
from macrograph.graph.scenarios import ScenarioSpec, find_node, resolve_text
from macrograph.rules.fields import period_noun
from macrograph.rules.pack import Pack
from macrograph.rules.vocabulary import climbs, vocabulary_for

if TYPE_CHECKING:
    from matplotlib.figure import Figure

LABEL_LIMIT = 48  # characters of a node label on a chart (a longer one is cut at a word)

FanSource: TypeAlias = str | ScenarioSpec | Fans
"""What a fan chart is drawn from: the fans made with the result, or the scenario the
result propagated (its extra shocks included), from which :func:`fan_paths` makes them."""


def _shown(pack: Pack, unit: str) -> tuple[float, str]:
    form = vocabulary_for(pack.info).unit(unit)
    return form.change_scale, form.change_unit(unit)  # bp, %, or the unit's own suffix


def chart_nodes(pack: Pack, result: Result, h: str) -> tuple[str, ...]:
    """The nodes a fan is drawn for: the key outcomes at ``h``; where none moves there, those
    that move at another horizon, as a fan draws the whole path (a consequence that comes
    after a lag is drawn, not refused as nothing to chart).

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> chart_nodes(pack, result, "3m")  # a, the node shocked, is no outcome
    ('b',)
    """
    found = key_outcomes(pack, result, h)
    if found:
        return found
    return tuple(dict.fromkeys(n for at in result.horizons for n in key_outcomes(pack, result, at)))


def fan_chooser(pack: Pack, options: RunOptions) -> Callable[[Result], tuple[str, ...]]:
    """What picks a fan's nodes from a result's central values, as :func:`figures` does
    (the key outcomes at ``options.focus``, default the headline's horizon): for
    :func:`~macrograph.graph.fan.propagate_with_fans`, one run for a what-if and its fans.

    Examples
    --------
    >>> from macrograph import RunOptions
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> fan_chooser(pack, RunOptions())(result)
    ('b',)
    """
    return lambda result: chart_nodes(pack, result, reading_horizon(pack, result, options.focus))


def bar_nodes(pack: Pack, result: Result, h: str) -> tuple[str, ...]:
    """The nodes the bars show: the answer's table rows at ``h`` (the moved rates, prices
    and flows, and the key outcomes), in the table's order.

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> bar_nodes(pack, result, "3m")
    ('a', 'b')
    """
    return tuple(reported(pack, result, h))


@speaks_pack
def move_bars(pack: Pack, result: Result, h: str, nodes: tuple[str, ...]) -> list[MoveBar]:
    """Each node's move at ``h`` with its p5-p95 band, in its unit's display scale; a value
    that reads as zero in its unit is drawn as zero, as the table writes it (a shock and its
    return leave a float's rounding, which an axis would draw at its own scale).

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> [(b.label, b.unit, b.value) for b in move_bars(pack, result, "3m", ("a", "b"))]
    [('a', 'pts', -1.0), ('b', 'pts', -0.5)]
    """
    bars = []
    for node in nodes:
        outcome = result.nodes[node]
        scale, unit = _shown(pack, outcome.unit)
        shown = functools.partial(_as_read, unit=outcome.unit, scale=scale)
        band = outcome.band.get(h) if outcome.band else None
        low, high = (shown(band.p5), shown(band.p95)) if band else (None, None)
        label = shorten(plain(pack.nodes[node].label), LABEL_LIMIT)
        typical = vocabulary_for(pack.info).unit(outcome.unit).typical * scale
        bars.append(MoveBar(label, plain(unit), shown(outcome.delta[h]), low, high, typical))
    return bars


def _as_read(value: float, unit: str, scale: float) -> float:
    """``value`` in its display scale, or zero when it reads as zero in ``unit``."""
    return value * scale if shows(value, unit) else 0.0


def _scaled(values: tuple[float, ...], scale: float) -> tuple[float, ...]:
    return tuple(v * scale for v in values)


def _fan_panel(pack: Pack, fans: Fans, fan: Fan) -> FanPanel:
    """One node's fan in its unit's display scale."""
    scale, unit = _shown(pack, pack.nodes[fan.node].unit)
    central, p5, p25, p50, p75, p95 = (
        _scaled(v, scale) for v in (fan.central, fan.p5, fan.p25, fan.p50, fan.p75, fan.p95)
    )
    label = shorten(plain(pack.nodes[fan.node].label), LABEL_LIMIT)
    return FanPanel(
        label, plain(unit), fans.offsets, central, p5, p25, p50, p75, p95, climbs(pack, fan.node)
    )


def ticks(pack: Pack, result: Result) -> list[Tick]:
    """The result's horizons on the time axis, in periods after the event.

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> [(t.offset, t.label, t.day.isoformat()) for t in ticks(pack, result)][-2:]
    [(30, '1m', '2025-02-05'), (90, '3m', '2025-04-06')]
    """
    step = pack.info.period
    return [Tick(horizon_periods(h, step), h, result.dates[h]) for h in result.horizons]


def _comparison(result: Result) -> str:
    """'against “A congestion charge”': a scenario's title, quoted as the what-if's header
    quotes it, reads as a name mid-sentence ('against A congestion charge' did not)."""
    if not result.against_title:
        return "against no shocks"
    return f"against \u201c{plain(result.against_title)}\u201d"


def figures(
    pack: Pack,
    result: Result,
    scenario: FanSource,
    options: RunOptions = RunOptions(),
    nodes: tuple[str, ...] | None = None,
    kinds: tuple[str, ...] = KINDS,
) -> dict[str, Figure]:
    """The figures of ``kinds`` (moves, fan) for ``result``, which propagated ``scenario``
    (its extra shocks included) with ``options``; none when there is no node to chart.

    ``nodes`` default to the table's rows (bars) and the key outcomes (fans) at
    ``options.focus`` (default the headline's horizon); the fans run the draws, seed and
    comparison of ``options`` (those ``result`` was propagated with), so that they are
    the same difference as the result's. ``scenario`` may be those fans already made
    (see :data:`FanSource`); they must hold the fanned nodes.

    Examples
    --------
    >>> from macrograph import RunOptions
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> drawn = figures(pack, result, "a-slumps", RunOptions(draws=0))
    >>> {kind: len(fig.axes) for kind, fig in drawn.items()}
    {'moves': 1, 'fan': 1}
    """
    drawn = _described(chart_plan(pack, result, scenario, options, nodes, kinds))
    return {kind: figure for kind, (figure, _, _) in drawn.items()}


class ChartPlan(Struct, frozen=True):
    """What both charts show, worked out from a result before any drawing (it may be sent
    to another process to be drawn: :func:`draw_charts`): the bars and the fan's panels
    and marks, each chart's title and its moves in words, and what the note says of them.
    A chart with nothing to show has no title in ``said``."""

    horizon: str
    draws: int
    every: str
    one: str = "key outcome"
    many: str = "key outcomes"
    bars: tuple[MoveBar, ...] = ()
    panels: tuple[FanPanel, ...] = ()
    marks: tuple[Tick, ...] = ()
    said: dict[str, tuple[str, str]] = {}


def chart_plan(
    pack: Pack,
    result: Result,
    scenario: FanSource,
    options: RunOptions = RunOptions(),
    nodes: tuple[str, ...] | None = None,
    kinds: tuple[str, ...] = KINDS,
) -> ChartPlan:
    """The charts of ``kinds`` :func:`figures` draws for ``result``, worked out but not drawn.

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> plan = chart_plan(pack, result, "a-slumps", kinds=("moves",))
    >>> [bar.label for bar in plan.bars], plan.said["moves"][1]
    (['a', 'b'], 'Bar chart, a bar for each: a -1 pt; b -0.50 pts.')
    """
    h = reading_horizon(pack, result, options.focus)
    chosen = chart_nodes(pack, result, h) if nodes is None else nodes
    barred = bar_nodes(pack, result, h) if nodes is None else nodes
    said: dict[str, tuple[str, str]] = {}
    bars: list[MoveBar] = []
    if "moves" in kinds and barred:
        bars = move_bars(pack, result, h, barred)
        title = f"Moves {after(h)} ({day(result.dates[h])}), {_comparison(result)}"
        words = moves_words(pack, result, h, barred)
        said["moves"] = (title, f"Bar chart, a bar for each: {words}")
    panels: list[FanPanel] = []
    marks: list[Tick] = []
    if "fan" in kinds and chosen:
        last = result.horizons[-1]
        fans = (
            scenario
            if isinstance(scenario, Fans)
            else fan_paths(pack, scenario, chosen, last, options)
        )
        panels = [_fan_panel(pack, fans, fans.nodes[n]) for n in chosen]
        bands = "median, p25-p75 and p5-p95 of the draws" if fans.draws else "the model's path"
        title = f"Moves {every(pack)} after {day(result.anchor)}, {_comparison(result)}: {bands}"
        marks = ticks(pack, result)
        shown = replace(fans, nodes={n: fans.nodes[n] for n in chosen})
        path = "the median of the draws" if fans.draws else "the model's path"
        words = fan_words(pack, shown, [(t.offset, t.label) for t in marks])
        said["fan"] = (title, f"Line charts, a panel for each, of {path} {every(pack)}: {words}")
    count = options.draws if result.draws else 0
    one, many = pack.info.key_outcomes_name[:2]
    shape = (tuple(bars), tuple(panels), tuple(marks), said)
    return ChartPlan(h, count, every(pack), one, many, *shape)


def _described(plan: ChartPlan) -> dict[str, tuple[Figure, str, str]]:
    """The plan's figures, each with its title and words."""
    found: dict[str, tuple[Figure, str, str]] = {}
    if "moves" in plan.said:
        title, words = plan.said["moves"]
        found["moves"] = (moves_figure(list(plan.bars), title), title, words)
    if "fan" in plan.said:
        title, words = plan.said["fan"]
        found["fan"] = (fan_figure(list(plan.panels), list(plan.marks), title), title, words)
    return found


def draw_charts(plan: ChartPlan) -> Drawn:
    """The charts of ``plan`` drawn, as SVG text (empty strings for a chart not planned).

    Examples
    --------
    >>> drawn = draw_charts(ChartPlan("1m", 0, "day by day"))  # nothing moved
    >>> drawn.moves, drawn.fan, drawn.horizon
    ('', '', '1m')
    """
    svg = {kind: save(fig).decode("utf-8") for kind, (fig, _, _) in _described(plan).items()}
    shown = (plan.horizon, plan.draws, plan.every, plan.one, plan.many, plan.said)
    return Drawn(svg.get("moves", ""), svg.get("fan", ""), *shown)


def make_charts(
    pack: Pack,
    result: Result,
    scenario: FanSource,
    options: RunOptions = RunOptions(),
    nodes: tuple[str, ...] | None = None,
) -> Drawn:
    """Both charts of the key outcomes (or of ``nodes``) as SVG text (empty strings when
    none moves), as :func:`figures` draws them.

    Examples
    --------
    >>> from macrograph import RunOptions
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> drawn = make_charts(pack, result, "a-slumps", RunOptions(draws=0))
    >>> drawn.horizon, drawn.draws, drawn.said["fan"][0]
    ('3m', 0, "Moves day by day after 6 Jan 2025, against no shocks: the model's path")
    """
    return draw_charts(chart_plan(pack, result, scenario, options, nodes))


EVERY = {"1d": "day by day", "1w": "week by week", "1m": "month by month"}
EVERY |= {"1q": "quarter by quarter", "1y": "year by year"}


def every(pack: Pack) -> str:
    """How often a fan reads the path: by the pack's period (day by day, month by month).

    Examples
    --------
    >>> from macrograph.graph.synthetic import slump_pack
    >>> every(slump_pack())
    'day by day'
    """
    noun = period_noun(pack.info.period)  # a period of more than one unit, by its name
    return EVERY.get(pack.info.period, f"{noun} by {noun}")


def note_charts(
    pack: Pack,
    result: Result,
    scenario: FanSource,
    fmt: str,
    output: str | None,
    options: RunOptions = RunOptions(),
    nodes: tuple[str, ...] | None = None,
) -> tuple[Charts, tuple[tuple[Path, bytes], ...]]:
    """A note's charts: inline for HTML; for Markdown, links and the files to write beside
    ``output`` (none without an output file: a note on stdout gets no charts). ``nodes``
    chooses what both charts show (default: the table's rows and the key outcomes);
    ``options`` are those the result was propagated with (see :func:`figures`).

    Examples
    --------
    >>> from macrograph import propagate, RunOptions
    >>> from macrograph.graph.synthetic import slump_pack
    >>> pack, exact = slump_pack(), RunOptions(draws=0)
    >>> result = propagate(pack, "a-slumps", exact)
    >>> charts, files = note_charts(pack, result, "a-slumps", "md", "out/note.md", exact)
    >>> charts.moves_name, [str(p) for p, _ in files]
    ('note-moves.svg', ['out/note-moves.svg', 'out/note-fan.svg'])
    """
    if fmt == "md" and output is None:
        return Charts(), ()
    return shown_charts(make_charts(pack, result, scenario, options, nodes), fmt, output)


def make_chart(
    pack: Pack,
    scenario: str | ScenarioSpec,
    kind: str = "fan",
    node: str | None = None,
    options: RunOptions = RunOptions(),
    fmt: str = "svg",
) -> bytes:
    """One chart of a scenario alone, as ``fmt`` (svg, png or pdf) bytes: its moves
    (``kind`` ``moves``, bars with p5-p95 whiskers) or its key outcomes over time (``fan``),
    or one ``node``'s (an id, label or alias). The fan and the result come from one
    Monte Carlo; ``options.focus`` adds its horizon to the pack's.

    Raises
    ------
    NothingToChartError
        When none of the nodes drawn moves.

    Examples
    --------
    >>> from macrograph.graph.synthetic import slump_pack
    >>> svg = make_chart(slump_pack(), "a-slumps", "moves", options=RunOptions(draws=0))
    >>> svg.startswith(b"<?xml")
    True
    """
    spec = resolve_text(pack, scenario) if isinstance(scenario, str) else scenario
    nodes = (find_node(pack, node),) if node else None
    which = "moves" if kind in ("moves", "bars") else "fan"
    chosen = replace(options, horizons=None)  # the pack's, and the focus
    source: FanSource = spec
    if which == "fan":  # one Monte Carlo for the result and the fan
        picked = fan_chooser(pack, options) if nodes is None else (lambda _: nodes)
        result, source = propagate_with_fans(pack, spec, picked, chosen)
    else:
        result = propagate(pack, spec, chosen)
    drawn = figures(pack, result, source, options, nodes, (which,))
    if which not in drawn:
        raise NothingToChartError(spec.id)
    return save(drawn[which], fmt)
