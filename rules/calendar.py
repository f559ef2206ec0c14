"""A pack's policy calendar: its institutions, and every decision or intervention they made.

``institutions`` say how a decision reaches the graph: the node a decision moves (its
``policy`` node, whose ``expectations`` node carries the surprise), the node an
intervention moves, when announcements are usually made, and how the surprise is measured
from data (the day's change of a series, over dated spans, times a cited ``scale``).
``calendar`` lists the events themselves: date, institution, what was decided, what was
priced where a source states it, each with its citation.

Examples
--------
>>> event = CalendarEvent.model_validate({
...     "id": "fomc-2025-12-10", "date": "2025-12-10", "institution": "fed",
...     "kind": "decision", "decision": "cut", "change": -0.25,
...     "summary": "Cuts 25bp to 3.50-3.75%",
...     "cites": {"basis": "observed", "sources": ["fed-fomc-calendars"]}}, strict=False)
>>> event.change, event.scheduled
(-0.25, True)
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, model_validator

from macrograph.rules.models import (
    Citation,
    Date,
    Model,
    NodeId,
    Probability,
    ScenarioId,
    SourceId,
    Text,
)
from macrograph.rules.series import SERIES_ID, Clock

Name = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,31}$")]


class SurpriseMeasure(Model):
    """How an institution's surprise is read from data over a span of dates: the change of
    ``series`` over the event's day, times ``scale`` (units of the policy path per unit of
    the series), with why that series and that scale."""

    series: Annotated[str, Field(pattern=SERIES_ID)]
    scale: Annotated[float, Field(gt=0.0)] = 1.0
    since: Date | None = None
    until: Date | None = None
    why: Text
    cites: Citation | None = None

    def covers(self, day: date) -> bool:
        """Whether this measure applies on ``day``."""
        return (self.since is None or self.since <= day) and (
            self.until is None or day <= self.until
        )


class Intervention(Model):
    """The node an institution's interventions move, and the sign each kind of operation
    gives its ``amount`` (``{buy: 1, sell: -1}`` in the pack's own words)."""

    node: NodeId
    signs: dict[Name, Literal[-1, 1]]


class Institution(Model):
    """Who makes the calendar's decisions, and how they reach the graph. ``instruments``
    maps an instrument of the calendar's ``actions`` (a yield-curve band, say) to the node
    its changes move."""

    id: Name
    label: Text
    announced: Clock | None = None
    policy: NodeId | None = None
    intervention: Intervention | None = None
    surprise: tuple[SurpriseMeasure, ...] = ()
    instruments: dict[Name, NodeId] = Field(default_factory=dict)
    cites: Citation | None = None

    def measure(self, day: date) -> SurpriseMeasure | None:
        """The surprise measure in force on ``day``, if any."""
        return next((m for m in self.surprise if m.covers(day)), None)


class Regime(Model):
    """A span of dates in which a regime held (the zero bound, yield-curve control): a
    calendar episode in it sets ``node`` to ``level`` before its event, so that the rules
    that depend on the regime (a ``when`` on that node) read it."""

    id: Name
    node: NodeId
    level: float = 1.0
    since: Date
    until: Date | None = None
    why: Text
    cites: Citation | None = None

    def covers(self, day: date) -> bool:
        """Whether the regime held on ``day``."""
        return self.since <= day and (self.until is None or day <= self.until)


class Action(Model):
    """A change of an instrument other than the policy rate (asset purchases, a yield target)."""

    instrument: Name
    change: float | None = None
    unit: Name | None = None
    note: Text | None = None


class StatedPricing(Model):
    """What a source says markets had priced before a decision."""

    probability: Probability
    change: float
    source: SourceId


class CalendarEvent(Model):
    """One decision or intervention of the record."""

    id: ScenarioId
    date: Date
    institution: Name
    kind: Literal["decision", "intervention"]
    decision: Name
    change: float | None = None
    rate: Text | None = None
    scheduled: bool = True
    time: Clock | None = None
    actions: tuple[Action, ...] = ()
    amount: float | None = None
    summary: Text
    priced: StatedPricing | None = None
    cites: Citation

    @model_validator(mode="after")
    def _sizes(self) -> CalendarEvent:
        if self.kind == "decision" and self.amount is not None:
            raise ValueError("'amount' is an intervention's size; a decision gives 'change'")
        if self.kind == "intervention" and self.change is not None:
            raise ValueError("an intervention gives its 'amount', not a 'change'")
        if self.cites.basis != "observed":
            raise ValueError("a calendar event cites what was observed: use 'basis: observed'")
        return self
