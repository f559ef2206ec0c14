"""The what-if's charts: its key moves as bars with whiskers, and their fans over time.

Drawn as :mod:`macrograph.explain.chart.drawing` draws the backtest: matplotlib's SVG backend,
text kept as text, ids salted, no date written, so that the same input gives the same
bytes. Moves are shown in their unit's display scale (a percent level's change in bp, a
price's in percent), and moves of different units never share an axis: the bars get one
panel per unit, the fan one panel per node.

Examples
--------
>>> bars = [MoveBar("A rate", "bp", 8.0, 2.0, 12.0), MoveBar("A price", "%", -1.5, None, None)]
>>> svg = moves_chart(bars, "After 3m")
>>> "A rate" in svg and "change, bp" in svg and "change, %" in svg
True
"""

from __future__ import annotations

import io
import math
import warnings
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any

from msgspec import Struct

from macrograph.explain.chart.drawing import PREDICTED, STYLE, print_tight
from macrograph.explain.textfilters import defang_markup

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text

UP = "#0072B2"  # the diagrams' colours for a rise and a fall (Okabe-Ito)
DOWN = "#D55E00"
WHISKER = "#333333"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FAN_COLUMNS = 2
FAN_WIDTH = 7.5  # inches
FAN_HEIGHT = 2.2  # inches a row of fan panels takes
FAN_ROWS_AT_FULL_HEIGHT = 3  # more rows are drawn lower, so that the chart fits a page
FAN_LOW_HEIGHT = 1.8
PANEL_TITLE = 9  # points: a fan panel's title
TICK_EM = 0.62  # a tick label's mean advance per character, in ems (DejaVu Sans: 0.55-0.64)
TICK_PAD = 0.12  # inches kept between two tick labels
WRAP_SLACK = 0.02  # of a figure's width: a title ending closer to its edge is wrapped


class MoveBar(Struct, frozen=True):
    """One key move at a horizon, in its unit's display scale; ``low``/``high``: p5/p95."""

    label: str
    unit: str  # the axis unit, as displayed (bp, %, $bn)
    value: float
    low: float | None
    high: float | None
    typical: float = 0.0  # the unit's notable move, shown: hosts' pp are no errors' pp


class FanPanel(Struct, frozen=True):
    """One node's path over periods after the event, in its unit's display scale.

    The percentile tuples are empty without Monte Carlo draws; ``central`` is then drawn.
    A place in a table (``climbs``) is drawn with its axis turned over, first place at
    the top as the table stands: a climb goes up the chart, a slide down it.
    """

    label: str
    unit: str
    offsets: tuple[int, ...]
    central: tuple[float, ...]
    p5: tuple[float, ...]
    p25: tuple[float, ...]
    p50: tuple[float, ...]
    p75: tuple[float, ...]
    p95: tuple[float, ...]
    climbs: bool = False


class Tick(Struct, frozen=True):
    """A mark on the time axis: a horizon, where it falls and its date."""

    offset: int
    label: str
    day: date


def day_text(day: date) -> str:
    """A short date for an axis: ``19 Dec``.

    Examples
    --------
    >>> day_text(date(2025, 12, 19))
    '19 Dec'
    """
    return f"{day.day} {MONTHS[day.month - 1]}"


def dates_text(ticks: Sequence[Tick]) -> list[str]:
    """The ticks' dates for an axis, with their years when the ticks span more than one
    (five yearly horizons all fall on '1 Mar' otherwise).

    Examples
    --------
    >>> dates_text([Tick(1, "1d", date(2026, 1, 13)), Tick(7, "1w", date(2026, 1, 19))])
    ['13 Jan', '19 Jan']
    >>> dates_text([Tick(12, "1y", date(2027, 3, 1)), Tick(24, "2y", date(2028, 3, 1))])
    ['1 Mar 2027', '1 Mar 2028']
    """
    years = len({t.day.year for t in ticks}) > 1
    return [day_text(t.day) + (f" {t.day.year}" if years else "") for t in ticks]


@contextmanager
def styled() -> Iterator[None]:
    """The charts' style; a label in a script the font lacks is drawn as boxes, and not
    reported on stderr.

    Examples
    --------
    >>> import matplotlib
    >>> with styled():
    ...     matplotlib.rcParams["svg.fonttype"], matplotlib.rcParams["font.size"]
    ('none', 9.0)
    """
    import matplotlib  # matplotlib loads on first use: slow to import, not always needed

    style: Any = STYLE  # matplotlib types its keys as a closed set of literals
    with matplotlib.rc_context(style), warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Glyph .* missing from", UserWarning)
        yield


def new_figure(
    width: float, height: float, rows: int = 1, cols: int = 1, panels: int | None = None
) -> tuple[Figure, list[Any]]:  # Any: matplotlib's stubs refuse dates on an axis
    """A figure on a grid of ``rows`` x ``cols``, with its first ``panels`` panels (default:
    all) in reading order, made without pyplot (no backend, no global figure list: nothing
    to close, and pyplot's import is saved). A cell left empty gets no panel, rather than
    a hidden one made for nothing.

    Examples
    --------
    >>> fig, axes = new_figure(3, 2, rows=2, cols=2, panels=3)
    >>> len(axes), axes[-1].get_subplotspec().rowspan, axes[-1].get_subplotspec().colspan
    (3, range(1, 2), range(0, 1))
    """
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height))
    FigureCanvasSVG(fig)  # text measured as the SVG backend does, as under pyplot's "svg"
    grid = fig.add_gridspec(rows, cols)
    count = rows * cols if panels is None else panels
    return fig, [fig.add_subplot(grid[i // cols, i % cols]) for i in range(count)]


def ready() -> None:
    """Load what drawing the charts takes (matplotlib, its SVG backend and tick formats,
    the font their text is measured in) by drawing a small figure: for a process that
    draws them once it is given what to draw.

    Examples
    --------
    >>> ready()
    """
    import matplotlib.ticker  # noqa: F401  (the fans' axes format their ticks with it)

    fig, (axes,) = new_figure(1.0, 1.0)
    axes.set_title("0")
    save(fig)


def save(fig: Figure, fmt: str = "svg") -> bytes:
    """The figure as ``fmt`` (svg, png or pdf) bytes, with no date written; closes it.

    Examples
    --------
    >>> fig, _ = new_figure(1, 1)
    >>> save(fig, "pdf")[:4]
    b'%PDF'
    """
    metadata: dict[str, Any] = {
        "svg": {"Date": None, "Creator": None, "Format": None, "Type": None},
        "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
        "png": {"Software": None},
    }[fmt]
    buffer = io.BytesIO()
    with styled():  # read when drawn: the salt, text as text, no mathematics
        print_tight(fig, buffer, fmt, metadata)
    if fmt != "svg":
        return buffer.getvalue()

    return defang_markup(buffer.getvalue().decode("utf-8")).encode("utf-8")


def moves_figure(bars: Sequence[MoveBar], title: str, wrap: bool = False) -> Figure:
    """The bar chart's figure: one panel per unit (units read alike whose notable moves
    differ, as a share of hosts and an error rate in pp, apart), a bar per move, p5-p95
    whiskers; its title wrapped when it does not fit on one line (always, with ``wrap``).

    Examples
    --------
    >>> bars = [MoveBar("A rate", "bp", 8.0, 2.0, 12.0), MoveBar("A price", "%", -1.5, None, None)]
    >>> fig = moves_figure(bars, "After 3m")
    >>> [ax.get_xlabel() for ax in fig.axes]
    ['change, bp', 'change, %']
    """
    units = list(dict.fromkeys((b.unit, b.typical) for b in bars)) or [("", 0.0)]
    counts = [max(1, sum((b.unit, b.typical) == u for b in bars)) for u in units]
    with styled():
        height = 0.9 + 0.32 * sum(counts) + 0.55 * len(units)
        fig, axes = new_figure(7.5, height, rows=len(units))
        for row, unit in enumerate(units):
            _bars(axes[row], [b for b in bars if (b.unit, b.typical) == unit], unit[0], row)
        # y given, the title stays where it is drawn anyway: matplotlib would otherwise
        # measure the y axis again at every draw for an offset text ("1e6") under the
        # title, and an axis of labels has none
        text = axes[0].set_title(title, loc="left", y=1.0, rotation_mode="anchor")
        wrapped = wrap_if_long(fig, text, wrap)
        fig.tight_layout()
        if not (wrapped or one_line(fig, text)):  # the layout moved it out of room
            return moves_figure(bars, title, wrap=True)  # wrapped from the start, as it is measured
    return fig


def one_line(fig: Figure, text: Text) -> bool:
    """Whether ``text``, unwrapped, fits in ``fig`` on one line where it stands, with
    :data:`WRAP_SLACK` to spare: matplotlib then leaves it whole even when asked to wrap
    it, wherever a crop puts the figure's edges (the crop holds the whole text).

    Examples
    --------
    >>> fig, (ax,) = new_figure(3, 2)
    >>> one_line(fig, ax.set_title("Short", loc="left"))
    True
    >>> one_line(fig, ax.set_title("A title " * 20, loc="left"))
    False
    """
    # at the SVG's 72 dpi, the least a chart is measured at: the SVG backend measures text
    # in points at any dpi, and the room for it grows with the dpi
    box = text.get_window_extent(dpi=72)
    width, height = fig.get_size_inches() * 72
    return bool(box.x1 + WRAP_SLACK * width <= width and box.y1 < height)


def wrap_if_long(fig: Figure, text: Text, wrap: bool = False) -> bool:
    """Ask matplotlib to wrap ``text`` (a title drawn at no angle) only when it does not
    fit on one line (always, with ``wrap``); whether it now wraps.

    A wrapped text is measured word by word at every layout, crop and draw, to find
    where to break a line that most often needs no break (every longer prefix of a
    title's words: 2% of a briefing note's instructions). A text wrapped is set
    to rotate about its anchor, as matplotlib sets it when it wraps; one left whole is
    set so too, and is drawn to the same bytes.

    Examples
    --------
    >>> fig, (ax,) = new_figure(3, 2)
    >>> wrap_if_long(fig, ax.set_title("Short", loc="left", rotation_mode="anchor"))
    False
    >>> wrap_if_long(fig, ax.set_title("A title " * 20, loc="left", rotation_mode="anchor"))
    True
    """
    long = wrap or not one_line(fig, text)
    text.set_wrap(long)
    return long


def _bars(ax: Axes, bars: Sequence[MoveBar], unit: str, panel: int) -> None:
    y = list(range(len(bars)))[::-1]
    for i, (yi, bar) in enumerate(zip(y, bars, strict=True)):
        colour = UP if bar.value >= 0 else DOWN
        ax.barh([yi], [bar.value], height=0.6, color=colour, gid=f"bar-{panel}-{i}")
        if bar.low is not None and bar.high is not None:
            ax.plot(
                [bar.low, bar.high],
                [yi, yi],
                color=WHISKER,
                lw=1,
                marker="|",
                ms=7,
                gid=f"whisker-{panel}-{i}",
            )
    ax.axvline(0, color="#888888", lw=0.6)
    ax.set_yticks(y, [b.label for b in bars])
    ax.set_xlabel(f"change, {unit}" if unit else "change")
    ax.set_ylim(-0.6, len(bars) - 0.4)
    separated(ax, "x")


def separated(ax: Axes, which: str) -> None:
    """Ticks of a thousand or more in digits with thousands separated ('400,000', '2,000'),
    and ticks under a thousandth in as many decimals as they need ('0.00008', a payout of
    fractions of a cent), never under an offset ('4' under '1e5', '8' under '1e-5'), as the
    tables write them, in every panel of a figure alike; an axis of numbers between keeps
    matplotlib's ticks.

    Examples
    --------
    >>> fig, axes = new_figure(3, 2, cols=3)
    >>> for ax, top in zip(axes, (1.0, 8e5, 8e-5), strict=True):
    ...     _ = ax.plot([0, 1], [-top, top])
    ...     separated(ax, "y")
    >>> axes[1].yaxis.get_major_formatter()(-400000.0, 0) == "\u2212400,000"
    True
    >>> axes[2].yaxis.get_major_formatter()(-6e-5, 0) == "\u22120.00006"
    True
    >>> type(axes[0].yaxis.get_major_formatter()).__name__  # from -1.0 to 1.0: as ever
    'ScalarFormatter'
    """
    from matplotlib.ticker import FuncFormatter  # matplotlib loads with the first chart

    low, high = ax.get_xlim() if which == "x" else ax.get_ylim()
    top = max(abs(low), abs(high))
    axis = ax.xaxis if which == "x" else ax.yaxis
    if 0.0 < top < 1e-3:
        places = 2 - math.floor(math.log10(top))  # a digit past the top's first, and one more
        axis.set_major_formatter(FuncFormatter(lambda x, _: _small_tick(x, places)))
    elif top >= 1e3:
        axis.set_major_formatter(FuncFormatter(lambda x, _: f"{round(x):,}".replace("-", "\u2212")))


def _small_tick(value: float, places: int) -> str:
    """A tick under a thousandth to ``places`` decimals, trailing zeros dropped, with the
    minus sign matplotlib writes ('\u22120.00006'); nothing below the places, '0'."""
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("0", "-0") else text.replace("-", "\u2212")


def moves_chart(bars: Sequence[MoveBar], title: str) -> str:
    """The key moves as an SVG bar chart (see :func:`moves_figure`).

    Examples
    --------
    >>> bars = [MoveBar("A rate", "bp", 8.0, 2.0, 12.0), MoveBar("A price", "%", -1.5, None, None)]
    >>> svg = moves_chart(bars, "After 3m")
    >>> svg.startswith("<?xml"), "change, bp" in svg, "A price" in svg
    (True, True, True)
    """
    return save(moves_figure(bars, title)).decode("utf-8")


def fan_figure(panels: Sequence[FanPanel], ticks: Sequence[Tick], title: str) -> Figure:
    """The fan chart's figure: one panel per node, median and p5-p95 / p25-p75 bands.

    Examples
    --------
    >>> rate = FanPanel("A rate", "bp", (0, 30), (0.0, 8.0), (), (), (), (), ())
    >>> price = FanPanel("A price", "%", (0, 30), (0.0, -1.5), (), (), (), (), ())
    >>> marks = [Tick(30, "1m", date(2025, 2, 5))]
    >>> fig = fan_figure([rate, price], marks, "Day by day")
    >>> [(ax.get_title(loc="left"), ax.get_ylabel()) for ax in fig.axes]
    [('A rate', 'change, bp'), ('A price', 'change, %')]
    """
    rows = max(1, -(-len(panels) // FAN_COLUMNS))
    cols = FAN_COLUMNS if len(panels) > 1 else 1
    height = FAN_HEIGHT if rows <= FAN_ROWS_AT_FULL_HEIGHT else FAN_LOW_HEIGHT
    with styled():
        fig, axes = new_figure(FAN_WIDTH, 0.6 + height * rows, rows, cols, len(panels))
        for i, (ax, panel) in enumerate(zip(axes, panels, strict=True)):
            _fan(ax, panel, ticks, i)
        # placed on the figure, the title stays where it stands when the panels move
        text = fig.suptitle(title, x=0.01, ha="left", fontsize=10, rotation_mode="anchor")
        wrap_if_long(fig, text)
        fig.tight_layout()
        pin_titles(fig.axes)
    return fig


def pin_titles(axes: Iterable[Axes]) -> None:
    """Fix each panel's title where matplotlib places it, on the panel's top, unless the
    panel's y axis carries an offset text ("1e−5", "1e6") that the title must clear.

    Unfixed, matplotlib measures the whole y axis again at every draw to look for that
    text. Called once the figure is laid out: the ticks, and so the offset, depend on the
    panel's height.

    Examples
    --------
    >>> fig, axes = new_figure(3, 2, cols=2)
    >>> for ax, top in zip(axes, (1.0, 1e-7), strict=True):
    ...     _ = ax.plot([0, 1], [0, top])
    ...     _ = ax.set_title("A", loc="left")
    >>> pin_titles(fig.axes)  # the first is fixed; the second's axis reads 1e−7
    >>> [ax.yaxis.get_major_formatter().get_offset() for ax in fig.axes]
    ['', '1e−7']
    """
    for ax in axes:
        formatter = ax.yaxis.get_major_formatter()
        formatter.format_ticks(ax.yaxis.get_majorticklocs().tolist())
        if not formatter.get_offset():
            ax.set_title(ax.get_title(loc="left"), loc="left", fontsize=PANEL_TITLE, y=1.0)


def spaced(ticks: Sequence[Tick], span: float, gap: float = 0.1) -> list[Tick]:
    """The ticks far enough apart to be read (``gap`` of ``span``), the latest kept first.

    Examples
    --------
    >>> d = date(2025, 1, 1)
    >>> [t.label for t in spaced([Tick(1, "1d", d), Tick(7, "1w", d), Tick(90, "3m", d)], 90)]
    ['1w', '3m']
    """
    kept: list[Tick] = []
    for tick in sorted(ticks, key=lambda t: -t.offset):
        if not kept or kept[-1].offset - tick.offset >= gap * span:
            kept.append(tick)
    return kept[::-1]


def apart(ticks: Sequence[Tick], inches: float, size: float) -> float:
    """The share of an axis ``inches`` wide two ticks must be apart for their labels (the
    horizon over its date, ``size`` points) not to touch: 0.1 at the least.

    Examples
    --------
    >>> d = date(2026, 1, 13)
    >>> round(apart([Tick(1, "1d", d)], 2.6, 9.0), 3)  # "13 Jan": 0.47in, and the gap
    0.225
    >>> apart([Tick(1, "1d", d)], 6.0, 9.0)
    0.1
    """
    widest = max((len(s) for s in (*(t.label for t in ticks), *dates_text(ticks))), default=0)
    return max(0.1, (widest * TICK_EM * size / 72 + TICK_PAD) / max(inches, 0.1))


def _fan(ax: Axes, panel: FanPanel, ticks: Sequence[Tick], i: int) -> None:
    x = list(panel.offsets)
    if panel.p50:
        ax.fill_between(
            x, panel.p5, panel.p95, color=PREDICTED, alpha=0.18, lw=0, gid=f"fan-{i}-p5-p95"
        )
        ax.fill_between(
            x, panel.p25, panel.p75, color=PREDICTED, alpha=0.35, lw=0, gid=f"fan-{i}-p25-p75"
        )
        ax.plot(x, panel.p50, color=PREDICTED, lw=1.4, gid=f"fan-{i}-median")
    else:
        ax.plot(x, panel.central, color=PREDICTED, lw=1.4, gid=f"fan-{i}-central")
    ax.axhline(0, color="#888888", lw=0.6)
    inches = ax.get_position().width * FAN_WIDTH
    shown = spaced(ticks, max(x) - min(x), apart(ticks, inches, float(STYLE["font.size"])))
    dates = dict(zip(ticks, dates_text(ticks), strict=True))  # years as all the ticks need
    ax.set_xticks([t.offset for t in shown], [f"{t.label}\n{dates[t]}" for t in shown])
    if len(x) > 1:
        ax.set_xlim(x[0], x[-1])
    ax.set_title(panel.label, loc="left", fontsize=PANEL_TITLE)
    ax.set_ylabel(f"change, {panel.unit}" if panel.unit else "change")
    if panel.climbs:  # a smaller number is a higher place: up the chart, as up the table
        ax.invert_yaxis()
    separated(ax, "y")


def fan_chart(panels: Sequence[FanPanel], ticks: Sequence[Tick], title: str) -> str:
    """The fans as an SVG chart (see :func:`fan_figure`).

    Examples
    --------
    >>> panel = FanPanel("A rate", "bp", (0, 1, 2), (0, 1, 2), (), (), (), (), ())
    >>> svg = fan_chart([panel], [Tick(2, "2d", date(2025, 1, 3))], "Paths")
    >>> "A rate" in svg and "3 Jan" in svg
    True
    """
    return save(fan_figure(panels, ticks, title)).decode("utf-8")
