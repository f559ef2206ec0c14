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
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from macrograph.rules.episodes import Episode, Observation
from macrograph.rules.errors import DataError
from macrograph.rules.models import Citation, duration_days
from macrograph.rules.pack import Pack
from macrograph.rules.series import (
    Series,
    SeriesData,
    Timing,
    WindowChange,
    read_series,
    window_change,
)
from macrograph.rules.vocabulary import vocabulary_for


@dataclass(frozen=True)
class Observed:
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
    """A series' values, read once per file version.

    Raises
    ------
    DataError
        When the file is missing or malformed (naming file, line and series).
    """
    path = os.path.join(pack.root, series.file)
    try:
        info = os.stat(path)
    except OSError:
        return read_series(pack.root, series)  # raises, naming the file
    version = (path, info.st_size, info.st_mtime_ns)
    # Looked up by the series object first: a lint asks for the same series thousands of
    # times, and hashing or comparing a model (as a cache key) costs more than the stat.
    known = _READ.get(id(series))
    if known is not None and known[0] is series and known[1] == version:
        return known[2]
    data = _read(pack.root, series, info.st_size, info.st_mtime_ns)
    if len(_READ) >= 256:
        _READ.clear()
    _READ[id(series)] = (series, version, data)
    return data


_READ: dict[int, tuple[Series, tuple[str, int, int], SeriesData]] = {}


@lru_cache(maxsize=64)
def _read(root: str, series: Series, size: int, mtime: int) -> SeriesData:
    return read_series(root, series)


def timing(pack: Pack, episode: Episode) -> Timing:
    """When an episode's event happened: its date and the time of its announcement (its own
    ``time``, else its institution's usual ``announced``), where known."""
    clock = episode.time
    institution = pack.institutions.get(episode.institution or "")
    if clock is None and institution is not None:
        clock = institution.announced
    return Timing(episode.date, clock)


def percent_moves(pack: Pack, node_id: str) -> bool:
    """Whether a node's changes are percent moves of its level (else differences)."""
    return vocabulary_for(pack.info).unit(pack.nodes[node_id].unit).change == "percent"


def observations(pack: Pack, episode: Episode) -> tuple[Observed, ...]:
    """Every move ``episode`` states, in order: ``observed``, then ``observe``'s.

    Raises
    ------
    DataError
        When a series' file cannot be read at all (a move the data lack is not an error:
        it comes back with ``missing`` set).
    """
    found = [_one(pack, episode, obs) for obs in episode.observed]
    if episode.observe is not None:
        given = {(o.node, o.window) for o in found}
        measured = series_by_node(pack)
        nodes = episode.observe.nodes or tuple(sorted(measured))
        for window in episode.observe.windows:
            for node in nodes:
                if node in episode.observe.skip or (node, window) in given:
                    continue
                if node not in measured or node not in pack.nodes:
                    continue  # lint reports a node without a series
                if not _spans(series_data(pack, measured[node]), episode, window):
                    continue  # the series has no data there at all: nothing to observe
                found.append(_from_data(pack, episode, node, window, measured[node], None))
    return tuple(found)


def _spans(data: SeriesData, episode: Episode, window: str) -> bool:
    """Whether a window lies within the series' first and last dates (inside them, a date
    the series lacks is reported; outside them, the series simply does not reach)."""
    end = episode.date + timedelta(days=duration_days(window))
    return data.dates[0] < episode.date and end <= data.dates[-1]


def _one(pack: Pack, episode: Episode, obs: Observation) -> Observed:
    if obs.change is not None:
        assert obs.cites is not None  # the model requires it with a change
        return Observed(episode.id, obs.node, obs.window, obs.change, obs.cites, obs.note)
    series = pack.series.get(obs.series) if obs.series else series_by_node(pack).get(obs.node)
    if series is None or obs.node not in pack.nodes:
        what = f"series '{obs.series}'" if obs.series else f"no series measures '{obs.node}'"
        cites = obs.cites or Citation(basis="observed")
        return Observed(episode.id, obs.node, obs.window, None, cites, obs.note, missing=what)
    return _from_data(pack, episode, obs.node, obs.window, series, obs.note, obs.cites)


def _from_data(
    pack: Pack,
    episode: Episode,
    node: str,
    window: str,
    series: Series,
    note: str | None,
    also: Citation | None = None,
) -> Observed:
    """A move read from ``series``; its citation is the series' source, then those the
    observation names (reports that corroborate it)."""
    more = also.sources if also is not None else ()
    sources = (series.source, *(s for s in more if s != series.source))
    cites = Citation(basis="observed", sources=sources)
    data = series_data(pack, series)
    try:
        span = _span(pack, episode, node, window, data)
    except DataError as err:
        return Observed(episode.id, node, window, None, cites, note, series.id, None, err.message)
    return Observed(episode.id, node, window, span.value, cites, note, series.id, span)


def _span(pack: Pack, episode: Episode, node: str, window: str, data: SeriesData) -> WindowChange:
    days, percent = duration_days(window), percent_moves(pack, node)
    return window_change(data, timing(pack, episode), days, percent)


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
