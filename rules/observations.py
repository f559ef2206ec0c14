"""An episode's observed moves, typed by hand or read from the pack's series.

:func:`observations` lists every move an episode states: its ``observed`` entries (a change
typed by hand, or ``from: data``) and, for ``observe``, the move of every series the pack
ships over each window that falls within the series' dates. A move read from data keeps the
closes it spans; one the series cannot give (no close near enough, see
:mod:`macrograph.rules.series`) is kept with the reason and no value, so that it is
reported, never filled in.

Examples
--------
>>> from macrograph.rules import load_pack
>>> pack = load_pack()
>>> episode = pack.episodes["boj-hike-dec-2025"]
>>> [o.node for o in observations(pack, episode)][:2]
['usd_jpy', 'jgb_10y']
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from functools import lru_cache
from weakref import WeakKeyDictionary

from msgspec import Struct

from macrograph.rules.durations import window_days
from macrograph.rules.episodes import Episode, Observation
from macrograph.rules.errors import DataError
from macrograph.rules.models import Citation
from macrograph.rules.pack import Pack
from macrograph.rules.series import (
    Series,
    SeriesData,
    Timing,
    WindowChange,
    max_gap_days,
    read_series,
    window_change,
)
from macrograph.rules.vocabulary import vocabulary_for


class Observed(Struct, frozen=True):
    """One observed move of an episode.

    ``value`` is None when the data cannot give it; ``missing`` then says why. ``span`` is
    the pair of closes a move read from data spans; ``series`` its series' id.
    """

    episode: str
    node: str
    window: str
    value: float | None
    cites: Citation
    note: str | None = None
    series: str | None = None
    span: WindowChange | None = None
    missing: str | None = None

    @property
    def from_data(self) -> bool:
        """Whether the move was read from a series (not typed by hand)."""
        return self.series is not None


def series_by_node(pack: Pack) -> dict[str, Series]:
    """Each measured node's series (the first by id where a node has several).

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> sorted(series_by_node(load_pack()))[:1]
    ['bitcoin']
    """
    found: dict[str, Series] = {}
    for series_id in sorted(pack.series):
        found.setdefault(pack.series[series_id].node, pack.series[series_id])
    return found


def series_data(pack: Pack, series: Series) -> SeriesData:
    """A series' values, read once per pack load (and once per file version across loads).

    The first read for ``pack`` is kept with it: every later question the same pack object
    asks of the series (a lint asks thousands) gets those values, with no look at the file.

    Raises
    ------
    DataError
        When the file is missing or malformed (naming file, line and series).

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> pack = load_pack("tests/packs/markets")
    >>> data = series_data(pack, pack.series["krona"])
    >>> len(data), data.dates[0].isoformat(), data.values[0]
    (83, '2025-01-02', 10.531)
    >>> series_data(pack, pack.series["krona"]) is data  # read once
    True
    """
    read = _BY_PACK.get(pack)  # get first: setdefault makes a weak reference with a callback
    if read is None:
        read = _BY_PACK.setdefault(pack, {})
    known = read.get(series.id)
    if known is not None and known[0] is series:
        return known[1]
    data = _file_data(pack, series)
    read[series.id] = (series, data)
    return data


_BY_PACK: WeakKeyDictionary[Pack, dict[str, tuple[Series, SeriesData]]] = WeakKeyDictionary()
"""Each pack's series as it first read them, kept while the pack object lives."""


def _file_data(pack: Pack, series: Series) -> SeriesData:
    """A series' values, parsed once per file version (another load of the same files, an
    overlay on the pack, finds them here)."""
    path = os.path.join(pack.root, series.file)
    try:
        info = os.stat(path)
    except OSError:
        return read_series(pack.root, series)  # raises, naming the file
    return _read(pack.root, series, info.st_size, info.st_mtime_ns)


@lru_cache(maxsize=64)
def _read(root: str, series: Series, size: int, mtime: int) -> SeriesData:
    return read_series(root, series)


def timing(pack: Pack, episode: Episode) -> Timing:
    """When an episode's event happened: its date and the time of its announcement (its own
    ``time``, else its institution's usual ``announced``), where known.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> pack = load_pack("tests/packs/markets")
    >>> timing(pack, pack.episodes["hike-feb-2025"])
    Timing(day=datetime.date(2025, 2, 12), clock='14:00 Europe/Stockholm')
    """
    clock = episode.time
    institution = pack.institutions.get(episode.institution or "")
    if clock is None and institution is not None:
        clock = institution.announced
    return Timing(episode.date, clock)


def percent_moves(pack: Pack, node_id: str) -> bool:
    """Whether a node's changes are percent moves of its level (else differences).

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> pack = load_pack("tests/packs/markets")
    >>> percent_moves(pack, "stocks"), percent_moves(pack, "bond_2y")
    (True, False)
    """
    return vocabulary_for(pack.info).unit(pack.nodes[node_id].unit).change == "percent"


def observations(pack: Pack, episode: Episode) -> tuple[Observed, ...]:
    """Every move ``episode`` states, in order: ``observed``, then ``observe``'s.

    Raises
    ------
    DataError
        When a series' file cannot be read at all (a move the data lack is not an error:
        it comes back with ``missing`` set).

    Examples
    --------
    One move typed by hand (``krona``), two read from the series:

    >>> from macrograph.rules import load_pack
    >>> pack = load_pack("tests/packs/markets")
    >>> found = observations(pack, pack.episodes["hike-feb-2025"])
    >>> [(o.node, o.window, round(o.value, 3), o.from_data) for o in found]
    [('bond_2y', '0d', 0.156, True), ('krona', '1d', -3.0, False), ('stocks', '0d', -2.588, True)]
    """
    reading = _Reading(pack, episode)
    found = [reading.one(obs) for obs in episode.observed]
    observe = episode.observe
    if observe is not None:
        given = {(o.node, o.window) for o in found}
        measured = reading.measured()
        nodes = observe.nodes or tuple(sorted(measured))
        skip, known = observe.skip, pack.nodes
        for window in observe.windows:
            for node in nodes:
                if node in skip or (node, window) in given:
                    continue
                if node not in measured or node not in known:
                    continue  # lint reports a node without a series
                if not reading.spans(measured[node], window):
                    continue  # the series has no data there at all: nothing to observe
                found.append(reading.from_data(node, window, measured[node], None))
    return tuple(found)


class _Reading:
    """One episode's moves as they are read: what every move of it asks again (the event's
    timing, the pack's series by node and their data, whether a node moves in percent, where
    a window ends) is found once."""

    def __init__(self, pack: Pack, episode: Episode) -> None:
        self.pack, self.episode = pack, episode
        self.when = timing(pack, episode)
        self._measured: dict[str, Series] | None = None
        self._percent: dict[str, bool] = {}
        self._data: dict[str, SeriesData] = {}  # series_data's, without its weak lookup

    def measured(self) -> dict[str, Series]:
        """:func:`series_by_node` of the pack."""
        if self._measured is None:
            self._measured = series_by_node(self.pack)
        return self._measured

    def one(self, obs: Observation) -> Observed:
        """An ``observed`` entry: its change typed by hand, else read from the data."""
        episode = self.episode
        if obs.change is not None:
            assert obs.cites is not None  # the model requires it with a change
            return Observed(episode.id, obs.node, obs.window, obs.change, obs.cites, obs.note)
        series = self.pack.series.get(obs.series) if obs.series else self.measured().get(obs.node)
        if series is None or obs.node not in self.pack.nodes:
            what = f"series '{obs.series}'" if obs.series else f"no series measures '{obs.node}'"
            cites = obs.cites or Citation(basis="observed")
            return Observed(episode.id, obs.node, obs.window, None, cites, obs.note, missing=what)
        return self.from_data(obs.node, obs.window, series, obs.note, obs.cites)

    def from_data(
        self, node: str, window: str, series: Series, note: str | None, also: Citation | None = None
    ) -> Observed:
        """A move read from ``series``; its citation is the series' source, then those the
        observation names (reports that corroborate it)."""
        sources: tuple[str, ...] = (series.source,)
        if also is not None:
            sources += tuple(s for s in also.sources if s != series.source)
        cites = _observed(sources)
        data = self.data(series)
        episode = self.episode
        try:
            gap = max_gap_days(self.pack.info.period)
            days = window_days(episode.date, window, self.pack.info.period)
            span = window_change(data, self.when, days, self.percent(node), gap)
        except DataError as err:
            return Observed(
                episode.id, node, window, None, cites, note, series.id, None, err.message
            )
        return Observed(episode.id, node, window, span.value, cites, note, series.id, span)

    def data(self, series: Series) -> SeriesData:
        """:func:`series_data` of one of the pack's series."""
        known = self._data.get(series.id)
        if known is None:
            known = self._data[series.id] = series_data(self.pack, series)
        return known

    def spans(self, series: Series, window: str) -> bool:
        """Whether a window lies within the series' first and last dates (inside them, a
        date the series lacks is reported; outside them, the series simply does not reach)."""
        data = self.data(series)
        end = self.episode.date + timedelta(
            days=window_days(self.episode.date, window, self.pack.info.period)
        )
        return data.dates[0] < self.episode.date and end <= data.dates[-1]

    def percent(self, node: str) -> bool:
        """:func:`percent_moves` of ``node``."""
        known = self._percent.get(node)
        if known is None:
            known = self._percent[node] = percent_moves(self.pack, node)
        return known


@lru_cache(maxsize=256)
def _observed(sources: tuple[str, ...]) -> Citation:
    """The citation of a move read from data (one object per list of sources: it is frozen)."""
    return Citation(basis="observed", sources=sources)


def coverage(data: SeriesData) -> tuple[date, date, int, tuple[tuple[date, date], ...]]:
    """A series' first and last dates, its rows, and its longest gaps (up to three, longest
    first, each as the dates of the closes on either side).

    Examples
    --------
    >>> d = SeriesData("x", (date(2024, 1, 1), date(2024, 1, 2), date(2024, 1, 9)), (1., 2., 3.))
    >>> [str(a) for a, b in coverage(d)[3]]
    ['2024-01-02', '2024-01-01']
    """
    pairs = list(zip(data.dates, data.dates[1:], strict=False))
    gaps = sorted(pairs, key=lambda p: (-(p[1] - p[0]).days, p[0]))[:3]
    return data.dates[0], data.dates[-1], len(data), tuple(gaps)
