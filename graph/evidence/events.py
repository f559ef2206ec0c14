"""Episodes made from a pack's calendar: every decision and intervention, with its surprise
measured from data and its moves read from the series.

For each event of the calendar (:mod:`macrograph.rules.calendar`):

- a **decision** that changed the policy setting moves the institution's ``policy`` node by
  that change, fully priced: the setting's own change reaches what follows the actual
  setting (a cost paid at it, a stance), and the market's news is carried by the surprise;
- its **surprise** is measured from data: the change, over the event's day, of the series
  its institution names for that date (:class:`~macrograph.rules.calendar.SurpriseMeasure`),
  times the measure's ``scale``, injected into the policy node's ``expectations`` node;
- an **intervention** moves the institution's ``intervention`` node by its ``amount``, with
  the sign the institution gives its kind of operation;
- a change of another **instrument** (the calendar's ``actions``: a band or a quota, say)
  moves the node the institution maps it to, by the change stated;
- a **regime** that held on the event's day (the pack's ``regimes``: the zero bound,
  yield-curve control) sets its node's level the day before, so that the rules that depend
  on it (a ``when`` on that node) read it.

The other events of the calendar that fall inside an episode's longest window are part of
it too (their shocks on their own dates), so that a week with two central banks is one
world. Every series' move over the windows is observed from the data, except the series that
measured a surprise inside the episode: those are its inputs, not its outcomes.

An event whose surprise the data cannot measure and that has nothing else to inject is
left out and listed, with the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from msgspec import Struct

from macrograph.rules.calendar import CalendarEvent, Institution
from macrograph.rules.episodes import Episode, Observe
from macrograph.rules.errors import DataError
from macrograph.rules.models import Citation, Priced, Shock, duration_days
from macrograph.rules.observations import series_data
from macrograph.rules.pack import Pack
from macrograph.rules.series import Timing, max_gap_days, window_change

WINDOWS = ("0d", "1d", "5d")
"""The windows every calendar episode observes: the day, the next day and the week."""


class Surprise(Struct, frozen=True):
    """An event's surprise as measured: the series, its change on the day, and the shock."""

    event: str
    series: str
    node: str
    change: float
    scale: float
    shock: Shock

    @property
    def size(self) -> float:
        """The surprise in units of the policy path."""
        return self.change * self.scale


class Skipped(Struct, frozen=True):
    """A calendar event that made no episode, and why."""

    event: str
    reason: str


class CalendarEpisodes(Struct, frozen=True):
    """The episodes made from the calendar, the surprises measured, the events left out."""

    episodes: tuple[Episode, ...]
    surprises: tuple[Surprise, ...]
    skipped: tuple[Skipped, ...]


def calendar_episodes(pack: Pack, windows: Sequence[str] = WINDOWS) -> CalendarEpisodes:
    """Turn the pack's calendar into episodes the backtest reads.

    Parameters
    ----------
    pack : Pack
    windows : sequence of str
        The windows each episode observes (default 0d, 1d and 5d).

    Returns
    -------
    CalendarEpisodes
        In date order.

    Raises
    ------
    DataError
        When a series' file cannot be read at all.

    Examples
    --------
    >>> from msgspec.structs import replace
    >>> from macrograph.graph.synthetic import units_pack
    >>> bank = Institution(id="bank", label="Bank", policy="rate")
    >>> hike = CalendarEvent(id="bank-hikes", date=date(2025, 1, 6), institution="bank",
    ...     kind="decision", decision="hike", change=0.25, summary="The bank hikes",
    ...     cites=Citation(basis="observed", rationale="an example"))
    >>> pack = replace(units_pack(), institutions={"bank": bank}, calendar={"bank-hikes": hike})
    >>> (episode,) = calendar_episodes(pack).episodes
    >>> [(s.node, s.change) for s in episode.shocks], episode.observe.windows
    ([('rate', 0.25)], ('0d', '1d', '5d'))
    """
    events = sorted(pack.calendar.values(), key=lambda e: (e.date, e.id))
    own: dict[str, tuple[tuple[Shock, ...], Surprise | None, str | None]] = {
        e.id: _shocks(pack, e) for e in events
    }
    longest = max((duration_days(w) for w in windows), default=0)
    episodes, surprises, skipped = [], [], []
    for event in events:
        shocks, surprise, reason = own[event.id]
        if not shocks:
            skipped.append(Skipped(event.id, reason or "nothing to inject"))
            continue
        if surprise is not None:
            surprises.append(surprise)
        end = event.date + timedelta(days=longest)
        others = [o for o in events if o.id != event.id and event.date <= o.date <= end]
        inside = [own[o.id] for o in others if own[o.id][0]]
        episodes.append(_episode(pack, event, shocks, surprise, inside, windows))
    return CalendarEpisodes(tuple(episodes), tuple(surprises), tuple(skipped))


def _episode(
    pack: Pack,
    event: CalendarEvent,
    shocks: tuple[Shock, ...],
    surprise: Surprise | None,
    inside: Sequence[tuple[tuple[Shock, ...], Surprise | None, str | None]],
    windows: Sequence[str],
) -> Episode:
    inst = pack.institutions[event.institution]
    measured = {s.node for s in [surprise, *(o[1] for o in inside)] if s is not None}
    every = [*_regime_shocks(pack, event.date), *shocks, *(s for o in inside for s in o[0])]
    return Episode(
        id=event.id,
        title=f"{inst.label}: {event.summary}",
        date=event.date,
        summary=_summary(event, surprise, len(inside)),
        shocks=tuple(sorted(every, key=lambda s: (s.date, s.node, s.label))),
        observe=Observe.model_validate(
            {"from": "data", "windows": tuple(windows), "skip": tuple(sorted(measured))}
        ),
        institution=event.institution,
        event=event.id,
        time=event.time or inst.announced,
        cites=event.cites,
    )


def _summary(event: CalendarEvent, surprise: Surprise | None, others: int) -> str:
    parts = [event.summary + "."]
    if surprise is not None:
        parts.append(
            f"Surprise measured from data: {surprise.series} moved {surprise.change:+.4g} "
            f"on the day, times {surprise.scale:g}."
        )
    if others:
        parts.append(f"With {others} other event{'s' if others > 1 else ''} inside its windows.")
    return " ".join(parts)


def _shocks(
    pack: Pack, event: CalendarEvent
) -> tuple[tuple[Shock, ...], Surprise | None, str | None]:
    """An event's own shocks, its measured surprise, and why it has none (if so)."""
    inst = pack.institutions.get(event.institution)
    if inst is None:
        return (), None, f"unknown institution '{event.institution}'"
    if event.kind == "intervention":
        return _intervention(inst, event)
    found: list[Shock] = []
    if event.change and inst.policy is not None:
        found.append(
            Shock(
                node=inst.policy,
                date=event.date,
                change=event.change,
                priced=Priced(probability=1.0, change=event.change),
                label=f"{inst.label}: {event.summary}",
                cites=event.cites,
            )
        )
    found.extend(_instruments(inst, event))
    surprise, reason = _measure_surprise(pack, inst, event)
    if surprise is not None:
        found.append(surprise.shock)
    return tuple(found), surprise, reason


def _instruments(inst: Institution, event: CalendarEvent) -> list[Shock]:
    """Shocks for the event's changes of instruments its institution maps to nodes."""
    found = []
    for action in event.actions:
        node = inst.instruments.get(action.instrument)
        if node is None or not action.change:
            continue
        found.append(
            Shock(
                node=node,
                date=event.date,
                change=action.change,
                label=f"{inst.label}: {action.note or action.instrument}",
                cites=event.cites,
            )
        )
    return found


def _regime_shocks(pack: Pack, day: date) -> tuple[Shock, ...]:
    """Level shocks, the day before ``day``, for the regimes that held on ``day`` at a level
    other than their node's baseline."""
    found = []
    for regime in pack.regimes.values():
        node = pack.nodes.get(regime.node)
        baseline = node.baseline.value if node is not None and node.baseline else 0.0
        if not regime.covers(day) or regime.level == baseline:
            continue
        found.append(
            Shock(
                node=regime.node,
                date=day - timedelta(days=1),
                level=regime.level,
                label=regime.why,
                cites=regime.cites,
            )
        )
    return tuple(found)


def _intervention(
    inst: Institution, event: CalendarEvent
) -> tuple[tuple[Shock, ...], None, str | None]:
    if inst.intervention is None or event.decision not in inst.intervention.signs:
        return (), None, f"{inst.id} states no node or sign for '{event.decision}'"
    if event.amount is None:
        return (), None, "the intervention's amount is not stated"
    sign = inst.intervention.signs[event.decision]
    shock = Shock(
        node=inst.intervention.node,
        date=event.date,
        change=sign * event.amount,
        label=f"{inst.label}: {event.summary}",
        cites=event.cites,
    )
    return (shock,), None, None


def _measure_surprise(
    pack: Pack, inst: Institution, event: CalendarEvent
) -> tuple[Surprise | None, str | None]:
    """The event's surprise from data, or None and why.

    The change of the institution's surprise series over the event's day (its last close
    before the announcement to its first close after), times the measure's scale.
    """
    measure = inst.measure(event.date)
    if measure is None or inst.policy is None:
        return None, f"{inst.id} names no surprise measure for {event.date}"
    expectations = pack.nodes[inst.policy].expectations if inst.policy in pack.nodes else None
    series = pack.series.get(measure.series)
    if expectations is None or series is None:
        return None, f"{inst.id}'s policy node or surprise series is not in the pack"
    try:
        span = window_change(
            series_data(pack, series),
            Timing(event.date, event.time or inst.announced),
            0,
            False,
            max_gap_days(pack.info.period),
        )
    except DataError as err:
        return None, f"the surprise cannot be measured: {err.message}"
    size = span.value * measure.scale
    rationale = (
        f"{series.id} went from {span.base:g} ({span.base_date}) to {span.end:g} "
        f"({span.end_date}); {measure.why}"
    )
    shock = Shock(
        node=expectations,
        date=event.date,
        change=round(size, 6),
        label=f"Surprise of {inst.label}'s decision, measured from data",
        cites=Citation(basis="observed", sources=(series.source,), rationale=rationale),
    )
    return Surprise(event.id, series.id, series.node, span.value, measure.scale, shock), None
