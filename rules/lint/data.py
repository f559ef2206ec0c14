"""Lint checks of a pack's data: its series, institutions and calendar, and the episodes'
observations set beside the series.

- a series names a node and a source of the pack, and its file reads as a ``date,value``
  table; its recorded SHA-256, first and last dates match the file;
- an institution's nodes and series exist, its policy node has an ``expectations`` node,
  and an intervention's kind has a sign;
- an episode's ``from: data`` observations have a series, and the windows they need are in
  it (a missing stretch of dates is a warning: the move is not scored);
- a change typed by hand is compared with its node's series where there is one, and a gap
  of more than :data:`TOLERANCE` periods of the node's volatility is a warning naming both.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from pathlib import Path

from macrograph.rules.english.suggest import unknown
from macrograph.rules.errors import DataError, PackIssue
from macrograph.rules.fields import period_noun
from macrograph.rules.models import duration_days
from macrograph.rules.observations import (
    Observed,
    observations,
    percent_moves,
    series_by_node,
    series_data,
    timing,
)
from macrograph.rules.pack import Pack
from macrograph.rules.series import max_gap_days, window_change

TOLERANCE = 0.5
"""A hand-typed change and its series' may differ by half a period's volatility of the node
(its ``volatility``, a day's in a daily pack, a week's in a weekly one)."""


def _issue(
    pack: Pack, section: str, obj_id: str, field: str, message: str, code: str, severity: str
) -> PackIssue:
    where = pack.locate(section, obj_id)
    return PackIssue(where.file, where.line, obj_id, field, message, severity, code)


def check_series(pack: Pack) -> list[PackIssue]:
    """Each series names a node and source of the pack; its file reads, and matches what the
    pack records of it (SHA-256, first and last dates).

    Examples
    --------
    >>> from msgspec.structs import replace
    >>> from macrograph.rules import load_pack
    >>> pack = load_pack("tests/packs/markets")
    >>> moved = pack.series["krona"].model_copy(update={"node": "kroner"})
    >>> [f.message for f in check_series(replace(pack, series={**pack.series, "krona": moved}))]
    ["unknown node 'kroner'; did you mean 'krona'?"]
    """
    found = []
    for series in pack.series.values():
        if series.node not in pack.nodes:
            text = unknown("node", series.node, pack.nodes)
            found.append(
                _issue(pack, "series", series.id, "node", text, "dangling-reference", "error")
            )
        if series.source not in pack.sources:
            text = unknown("source", series.source, pack.sources)
            found.append(
                _issue(pack, "series", series.id, "source", text, "dangling-reference", "error")
            )
        try:
            data = series_data(pack, series)
        except DataError as err:
            where = f"{err.file}:{err.line}: " if err.line else ""
            found.append(
                _issue(pack, "series", series.id, "file", where + err.message, "data-file", "error")
            )
            continue
        found.extend(_recorded(pack, series.id, data.dates[0], data.dates[-1]))
    return found


def _recorded(pack: Pack, series_id: str, first: object, last: object) -> list[PackIssue]:
    series = pack.series[series_id]
    found = []
    if series.sha256 is not None:
        digest = hashlib.sha256((Path(pack.root) / series.file).read_bytes()).hexdigest()
        if digest != series.sha256:
            text = (
                f"{series.file} has SHA-256 {digest[:12]}..., "
                f"not the {series.sha256[:12]}... recorded"
            )
            found.append(_issue(pack, "series", series_id, "sha256", text, "data-hash", "warning"))
    for name, recorded, actual in (("first", series.first, first), ("last", series.last, last)):
        if recorded is not None and recorded != actual:
            text = f"the file's {name} date is {actual}, not {recorded}"
            found.append(_issue(pack, "series", series_id, name, text, "data-dates", "warning"))
    return found


def check_institutions(pack: Pack) -> list[PackIssue]:
    """An institution's nodes and series exist; its policy node has an expectations node.

    Examples
    --------
    >>> from msgspec.structs import replace
    >>> from macrograph.rules import load_pack
    >>> pack = load_pack("tests/packs/markets")
    >>> bank = pack.institutions["nb"].model_copy(update={"policy": "nb_rates"})
    >>> [(f.field, f.message) for f in check_institutions(replace(pack, institutions={"nb": bank}))]
    [('policy', "unknown node 'nb_rates'; did you mean 'nb_rate'?")]
    """
    found = []
    for inst in pack.institutions.values():
        refs = [("policy", inst.policy)]
        if inst.intervention is not None:
            refs.append(("intervention.node", inst.intervention.node))
        for field, node in refs:
            if node is not None and node not in pack.nodes:
                text = unknown("node", node, pack.nodes)
                found.append(
                    _issue(
                        pack, "institutions", inst.id, field, text, "dangling-reference", "error"
                    )
                )
        policy = pack.nodes.get(inst.policy or "")
        if policy is not None and policy.expectations is None:
            text = f"'{inst.policy}' has no 'expectations' node to carry the surprise"
            found.append(_issue(pack, "institutions", inst.id, "policy", text, "surprise", "error"))
        for instrument, node in sorted(inst.instruments.items()):
            if node not in pack.nodes:
                text = unknown("node", node, pack.nodes)
                field = f"instruments.{instrument}"
                found.append(
                    _issue(
                        pack, "institutions", inst.id, field, text, "dangling-reference", "error"
                    )
                )
        for i, measure in enumerate(inst.surprise):
            if measure.series not in pack.series:
                text = unknown("series", measure.series, pack.series)
                field = f"surprise.{i}.series"
                found.append(
                    _issue(
                        pack, "institutions", inst.id, field, text, "dangling-reference", "error"
                    )
                )
    return found


def check_calendar(pack: Pack) -> list[PackIssue]:
    """Each event names an institution and sources of the pack; an intervention's kind has a
    sign, and a decision's institution has a policy node.

    Examples
    --------
    >>> from msgspec.structs import replace
    >>> from macrograph.rules import load_pack
    >>> pack = load_pack("tests/packs/markets")
    >>> event = pack.calendar["nb-2025-02-12"].model_copy(update={"institution": "xb"})
    >>> [(f.obj_id, f.message) for f in check_calendar(replace(pack, calendar={event.id: event}))]
    [('nb-2025-02-12', "unknown institution 'xb'")]
    """
    found = []
    for event in pack.calendar.values():
        inst = pack.institutions.get(event.institution)
        if inst is None:
            text = unknown("institution", event.institution, pack.institutions)
            found.append(
                _issue(
                    pack, "calendar", event.id, "institution", text, "dangling-reference", "error"
                )
            )
            continue
        sources = [*event.cites.sources, *([event.priced.source] if event.priced else [])]
        for source in sources:
            if source not in pack.sources:
                text = unknown("source", source, pack.sources)
                found.append(
                    _issue(pack, "calendar", event.id, "cites", text, "dangling-reference", "error")
                )
        signs = inst.intervention.signs if inst.intervention else {}
        if event.kind == "intervention" and event.decision not in signs:
            kinds = ", ".join(sorted(signs)) or "none"
            text = f"'{event.decision}' is not an intervention of {inst.id} (its kinds: {kinds})"
            found.append(_issue(pack, "calendar", event.id, "decision", text, "calendar", "error"))
        if event.kind == "decision" and inst.policy is None:
            text = f"{inst.id} has no policy node for its decisions"
            found.append(
                _issue(pack, "calendar", event.id, "institution", text, "calendar", "error")
            )
    return found


def check_data_observations(pack: Pack) -> list[PackIssue]:
    """``from: data`` moves have their data; hand-typed moves agree with the series.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> found = check_data_observations(load_pack("tests/packs/markets"))
    >>> [(f.obj_id, f.code) for f in found]
    [('hike-feb-2025', 'data-disagrees'), ('krona', 'data-missing'), ('stocks', 'data-missing')]
    >>> found[0].message.split(";")[0]
    'krona over 1d is typed as -3'
    """
    found: list[PackIssue] = []
    lacking: dict[str, list[tuple[str, Observed]]] = {}
    measured = series_by_node(pack)
    for episode in pack.episodes.values():
        if episode.institution is not None and episode.institution not in pack.institutions:
            text = unknown("institution", episode.institution, pack.institutions)
            found.append(
                _issue(
                    pack, "episodes", episode.id, "institution", text, "dangling-reference", "error"
                )
            )
        if episode.observe is not None:
            for field in ("nodes", "skip"):
                for node in getattr(episode.observe, field):
                    if node not in pack.nodes:
                        text = unknown("node", node, pack.nodes)
                        found.append(
                            _issue(
                                pack,
                                "episodes",
                                episode.id,
                                f"observe.{field}",
                                text,
                                "dangling-reference",
                                "error",
                            )
                        )
        try:
            stated = observations(pack, episode)
        except DataError:
            continue  # check_series reports the file
        given = len(episode.observed)
        for index, obs in enumerate(stated):
            if index >= given and obs.missing is not None and obs.series is not None:
                lacking.setdefault(obs.series, []).append((episode.id, obs))
                continue
            found.extend(_check_one(pack, episode.id, index, obs, measured))
    return found + _lacking(pack, lacking)


def _lacking(pack: Pack, lacking: dict[str, list[tuple[str, Observed]]]) -> list[PackIssue]:
    """One warning per series for the moves ``observe`` asks of it that its data lack."""
    found = []
    for series_id, missed in sorted(lacking.items()):
        episodes = sorted({e for e, _ in missed})
        first, last = episodes[0], episodes[-1]
        span = first if first == last else f"{first} to {last}"
        text = (
            f"{len(missed)} move(s) of {len(episodes)} episode(s) ({span}) are not scored: "
            f"the series lacks a close there (e.g. {missed[0][1].missing})"
        )
        found.append(_issue(pack, "series", series_id, "file", text, "data-missing", "warning"))
    return found


def _check_one(
    pack: Pack, episode_id: str, index: int, obs: Observed, measured: Mapping[str, object]
) -> list[PackIssue]:
    field = f"observed.{index}"
    if obs.missing is not None:
        text = f"{obs.node} over {obs.window} is not scored: {obs.missing}"
        severity = "warning" if obs.series is not None else "error"
        return [_issue(pack, "episodes", episode_id, field, text, "data-missing", severity)]
    if obs.from_data or obs.node not in measured or obs.value is None:
        return []
    return _compare(pack, episode_id, field, obs)


def _compare(pack: Pack, episode_id: str, field: str, obs: Observed) -> list[PackIssue]:
    """A hand-typed change beside its node's series."""
    node = pack.nodes[obs.node]
    series = series_by_node(pack)[obs.node]
    episode = pack.episodes[episode_id]
    try:
        data = series_data(pack, series)
        span = window_change(
            data,
            timing(pack, episode),
            duration_days(obs.window),
            percent_moves(pack, obs.node),
            max_gap_days(pack.info.period),
        )
    except DataError:
        return []  # the series does not cover it: nothing to compare
    assert obs.value is not None
    gap = abs(obs.value - span.value)
    if node.volatility is not None:
        limit = TOLERANCE * node.volatility.value
        per = period_noun(pack.info.period)
        what = f"{limit:.3g} ({TOLERANCE:g} of a {per}'s volatility)"
    else:
        limit = 0.1 * abs(span.value)
        what = f"{limit:.3g} (a tenth of the series' move)"
    if gap <= limit:
        return []
    text = (
        f"{obs.node} over {obs.window} is typed as {obs.value:+.4g}; series '{series.id}' gives "
        f"{span.value:+.4g} ({span.base:g} on {span.base_date} to {span.end:g} on "
        f"{span.end_date}), {gap:.3g} apart, more than {what}"
    )
    return [
        _issue(pack, "episodes", episode_id, f"{field}.change", text, "data-disagrees", "warning")
    ]


def check_regimes(pack: Pack) -> list[PackIssue]:
    """A regime names a node of the pack, and its dates run forwards.

    Examples
    --------
    >>> from msgspec.structs import replace
    >>> from macrograph.rules import load_pack
    >>> pack = load_pack("tests/packs/markets")
    >>> from datetime import date
    >>> from macrograph.rules.calendar import Regime
    >>> floor = Regime(id="floor", node="floor_on", since=date(2025, 3, 1),
    ...                until=date(2025, 1, 1), why="a floor")
    >>> [(f.field, f.code) for f in check_regimes(replace(pack, regimes={"floor": floor}))]
    [('node', 'dangling-reference'), ('until', 'regime')]
    """
    found = []
    for regime in pack.regimes.values():
        if regime.node not in pack.nodes:
            text = unknown("node", regime.node, pack.nodes)
            found.append(
                _issue(pack, "regimes", regime.id, "node", text, "dangling-reference", "error")
            )
        if regime.until is not None and regime.until < regime.since:
            text = f"'until' {regime.until} comes before 'since' {regime.since}"
            found.append(_issue(pack, "regimes", regime.id, "until", text, "regime", "error"))
    return found


DATA_CHECKS: tuple[Callable[[Pack], list[PackIssue]], ...] = (
    check_series,
    check_institutions,
    check_calendar,
    check_data_observations,
    check_regimes,
)

DATA_FILE_CHECKS: tuple[Callable[[Pack], list[PackIssue]], ...] = (
    check_series,
    check_data_observations,
)
"""The checks that read only the series' files, the episodes and the nodes' units: what no
overlay changes (see :data:`macrograph.rules.lint.core.OVERLAY_CHECKS`)."""
