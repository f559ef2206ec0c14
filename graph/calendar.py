"""The calendar of a run: its periods, where each horizon is read, and whether the memory
and the work the run implies are within :mod:`macrograph.rules.limits`.

Examples
--------
>>> from datetime import date
>>> cal = Calendar(date(2025, 12, 1), date(2025, 12, 19), ("1d", "1w"), 27)
>>> cal.at("1d"), cal.at("1w"), cal.date_of(cal.at("1w")).isoformat()
(19, 25, '2025-12-26')
"""

from __future__ import annotations

from datetime import date

from msgspec import Struct, field

from macrograph.graph.engine.compile import compiled
from macrograph.graph.engine.runs import KEPT_BYTES, chunks
from macrograph.graph.errors import DateRangeError, HorizonError, LimitError
from macrograph.graph.options import RunOptions
from macrograph.graph.periods import advance, periods_between
from macrograph.graph.scenarios import ScenarioSpec
from macrograph.rules import limits
from macrograph.rules.horizons import RangeError, expand, is_range
from macrograph.rules.models import duration_days, duration_periods
from macrograph.rules.pack import Pack


class Calendar(Struct, frozen=True):
    """Periods of ``step`` (the pack's period) from ``start``; a horizon is read that long
    after ``anchor``'s period, the scenario's event (see
    :func:`~macrograph.graph.scenarios.event_date`)."""

    start: date
    anchor: date
    horizons: tuple[str, ...]
    periods: int
    step: str = "1d"
    offsets: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        first = self.period(self.anchor)
        self.offsets.update({h: first + horizon_periods(h, self.step) for h in self.horizons})

    def period(self, day: date) -> int:
        """The period index of a date."""
        return periods_between(self.start, day, self.step)

    def at(self, horizon: str) -> int:
        """The period at which a horizon is read."""
        return self.offsets[horizon]

    def date_of(self, period: int) -> date:
        """The date of a period."""
        return advance(self.start, period, self.step)


def horizon_periods(text: str, step: str = "1d") -> int:
    """A horizon in periods of ``step``; HorizonError when not a whole number of them.

    Examples
    --------
    >>> horizon_periods("1m"), horizon_periods("3m"), horizon_periods("2w", step="1w")
    (30, 90, 2)
    >>> try:
    ...     horizon_periods("10d", step="1w")  # not a whole number of weeks
    ... except HorizonError as err:
    ...     print(err)
    not a horizon: '10d'
    """
    try:
        return duration_periods(text, step)
    except ValueError:
        raise HorizonError(text, step) from None


EXAMPLES = {
    "1d": "1d,1w,1m,3m",
    "1w": "1w,4w,13w,52w",
    "2w": "2w,6w,12w,26w",
    "1m": "1m,3m,1q,1y",
    "1q": "1q,2q,1y,2y",
    "1y": "1y,2y,5y,10y",
}
"""Horizons to offer for a pack's period: durations that are whole numbers of it."""


def parse_horizons(texts: tuple[str, ...], step: str = "1d") -> tuple[str, ...]:
    """Validate horizon labels, a range (``0d..240d/1d``) expanded
    (:mod:`macrograph.rules.horizons`), and put them in order of length, as a table reads
    time: each a duration like 1d or 3m, a whole number of periods of ``step``, at most
    :data:`~macrograph.rules.limits.MAX_HORIZONS` in all.

    Examples
    --------
    >>> parse_horizons(("1d", "1w..2w/1w", "1d"))
    ('1d', '1w', '2w')
    >>> parse_horizons(("3m", "1d", "1w"))
    ('1d', '1w', '3m')
    """
    try:
        texts = expand(texts)
    except RangeError as err:
        raise HorizonError(err.text, reason=err.reason) from None
    except ValueError as err:
        raise LimitError(str(err)) from None
    for text in texts:
        try:
            duration_days(text)
        except ValueError:
            raise HorizonError(text, examples=EXAMPLES.get(step, EXAMPLES["1d"])) from None
        horizon_periods(text, step)  # a whole number of periods, or HorizonError
        try:
            limits.check_duration(text)
        except ValueError as err:
            raise LimitError(f"horizon {err}") from None
    return tuple(sorted(dict.fromkeys(texts), key=duration_days))


def parse_horizon(text: str) -> str:
    """One horizon, for an option that takes one (``--horizon``): a range is refused here.

    Examples
    --------
    >>> parse_horizon("2w")
    '2w'
    """
    if is_range(text):
        raise HorizonError(text, reason="this option takes one horizon, not a range")
    return text


def with_horizon(horizons: tuple[str, ...], horizon: str | None, step: str) -> tuple[str, ...]:
    """``horizons`` with ``horizon`` (one, as ``--horizon`` names it) added in order of
    length when it is new, so that an answer can be read there.

    Raises
    ------
    HorizonError
        When ``horizon`` is not a duration such as 2w, or is a range.

    Examples
    --------
    >>> with_horizon(("1d", "1m"), "2w", "1d"), with_horizon(("1d", "1m"), "1m", "1d")
    (('1d', '2w', '1m'), ('1d', '1m'))

    One as long as a horizon there takes its place, in the words asked ('1y' for '4q'):

    >>> with_horizon(("1q", "4q", "8q"), "1y", "1m")
    ('1q', '1y', '8q')
    """
    if horizon is None or horizon in horizons:
        return horizons
    asked = parse_horizon(horizon)
    chosen = parse_horizons((*horizons, asked), step)  # each checked, ranges expanded
    length = horizon_periods(asked, step)
    chosen = tuple(h for h in chosen if h == asked or horizon_periods(h, step) != length)
    return tuple(sorted(chosen, key=duration_days))


def run_horizons(pack: Pack, options: RunOptions) -> tuple[str, ...] | None:
    """The horizons a run with ``options`` reports: ``options.horizons`` (None: the
    pack's), with ``options.focus``, the horizon a reader asked about, added in order of
    length when it is not among them (see :func:`with_horizon`).

    Examples
    --------
    >>> from macrograph.graph.synthetic import slump_pack
    >>> pack = slump_pack()
    >>> run_horizons(pack, RunOptions()), run_horizons(pack, RunOptions(horizons=("1w",)))
    (None, ('1w',))
    >>> run_horizons(pack, RunOptions(horizons=("1d", "1m"), focus="2w"))
    ('1d', '2w', '1m')
    """
    if options.focus is None:
        return options.horizons
    return with_horizon(options.horizons or pack.info.horizons, options.focus, pack.info.period)


def calendar_for(
    pack: Pack, specs: list[ScenarioSpec], horizons: tuple[str, ...], draws: int = 0
) -> Calendar:
    """A calendar covering every shock of ``specs`` and the longest horizon after the anchor.

    Raises
    ------
    LimitError
        When the run, with ``draws`` Monte Carlo draws, implies more memory or work than
        :func:`~macrograph.rules.limits.run_problem` admits.

    Examples
    --------
    >>> from macrograph.graph.specs import resolve
    >>> from macrograph.graph.synthetic import slump_pack
    >>> pack = slump_pack()
    >>> cal = calendar_for(pack, [resolve(pack, "a-slumps")], ("1d", "1w"))
    >>> cal.start.isoformat(), cal.periods, cal.offsets  # the shock's day and a week after it
    ('2025-01-06', 8, {'1d': 1, '1w': 7})
    """
    anchor = specs[0].anchor
    days = [s.date for spec in specs for s in spec.shocks] + [anchor]
    start, step = min(days), pack.info.period
    longest = max(horizon_periods(h, step) for h in horizons)
    try:
        advance(anchor, longest, step)
    except (OverflowError, ValueError):
        far = max(horizons, key=lambda h: horizon_periods(h, step))
        raise DateRangeError(specs[0].id, anchor.isoformat(), far) from None
    # every shock's date too: one after the last horizon is still listed in the timeline
    periods = max(periods_between(start, d, step) for d in days)
    periods = max(periods, periods_between(start, anchor, step) + longest) + 1
    problem = limits.run_problem(run_size(pack, specs, periods, len(horizons), draws))
    if problem is not None:
        count = "days" if step == "1d" else "periods"
        raise LimitError(f"{problem} (from {start} to {longest} {count} after {anchor})")
    return Calendar(start, anchor, horizons, periods, step)


def run_size(
    pack: Pack, specs: list[ScenarioSpec], periods: int, kept: int, draws: int
) -> limits.RunSize:
    """What a run of ``specs`` over ``periods`` holds and steps through, as the engine and the
    Monte Carlo (in :func:`~macrograph.graph.engine.runs.chunks` of draws, passes of
    :data:`~macrograph.graph.engine.runs.KEPT_BYTES`) do it.

    Examples
    --------
    >>> from macrograph.graph.specs import resolve
    >>> from macrograph.graph.synthetic import slump_pack
    >>> pack = slump_pack()
    >>> size = run_size(pack, [resolve(pack, "a-slumps")], periods=8, kept=2, draws=0)
    >>> size.nodes, size.rules, size.columns, size.periods, size.worlds
    (2, 1, 1, 8, 1)
    """
    comp = compiled(pack)
    per_pass = max(1, KEPT_BYTES // max(1, 8 * comp.size * draws))
    return limits.RunSize(
        periods=periods,
        nodes=comp.size,
        rules=len(comp.edges.lag),
        columns=max(len(spec.shocks) for spec in specs) + len(comp.thresholds),
        lags=int(comp.edges.lag.max(initial=0)),
        draws=draws,
        held=max((c.stop - c.start for c in chunks(draws)), default=0),
        noisy=sum(1 for n in pack.nodes.values() if n.volatility is not None) if draws else 0,
        kept=kept,
        passes=-(-kept // per_pass),
        worlds=len(specs),
        step=pack.info.period,
    )
