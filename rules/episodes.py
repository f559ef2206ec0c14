"""Episodes: events from the public record, with the shocks that happened and the moves seen.

An episode is written like a scenario (dated shocks, with what markets had priced), plus
the moves that followed, each cited. ``macrograph backtest`` scores the pack's answers
against them; ``macrograph calibrate`` fits rule sizes to them.

A move is typed by hand (``change``, with its citation) or read from the pack's data
(``from: data``: the change of the node's series over the window, see
:mod:`macrograph.rules.series`); ``observe`` asks for every series' move over some windows
at once. Episodes made from the pack's calendar also name their ``institution`` and
``event``, and the time of day of the announcement (``time``).

Examples
--------
>>> ep = Episode.model_validate({
...     "id": "surprise-hike", "title": "A surprise hike", "date": "2024-07-31",
...     "shocks": [{"node": "policy_rate", "date": "2024-07-31", "change": 0.15,
...                 "label": "The bank hikes 15bp"}],
...     "observed": [{"node": "currency", "window": "1d", "change": -0.5,
...                   "cites": {"basis": "observed", "sources": ["newswire"]}}]},
...     strict=False)
>>> ep.observed[0].window, ep.observed[0].change
('1d', -0.5)
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from macrograph.rules.models import (
    Citation,
    Date,
    Duration,
    Model,
    NodeId,
    ScenarioId,
    Shock,
    Text,
)
from macrograph.rules.series import SERIES_ID, Clock

SeriesId = Annotated[str, Field(pattern=SERIES_ID)]


class Observation(Model):
    """A move that happened: the change of ``node`` over ``window`` from the episode's date,
    typed by hand (``change`` and ``cites``) or read from the data (``from: data``, from the
    node's series or the one ``series`` names; the series' source is its citation)."""

    node: NodeId
    window: Duration
    change: float | None = None
    from_: Literal["data"] | None = Field(default=None, alias="from")
    series: SeriesId | None = None
    cites: Citation | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _observed_basis(self) -> Observation:
        if (self.change is None) == (self.from_ is None):
            raise ValueError("give exactly one of 'change' (typed by hand) or 'from: data'")
        if self.change is not None and self.cites is None:
            raise ValueError("a change typed by hand cites where it was observed ('cites')")
        if self.series is not None and self.from_ is None:
            raise ValueError("'series' goes with 'from: data'")
        if self.cites is not None and self.cites.basis != "observed":
            raise ValueError("an observation cites what was observed: use 'basis: observed'")
        return self


class Observe(Model):
    """Every series' move over ``windows`` (or only those of ``nodes``), read from the data;
    ``skip`` leaves nodes out (a series that measured the episode's own shock)."""

    from_: Literal["data"] = Field(alias="from")
    windows: tuple[Duration, ...]
    nodes: tuple[NodeId, ...] = ()
    skip: tuple[NodeId, ...] = ()


class Episode(Model):
    """An event of the record: its shocks and the moves observed after it."""

    id: ScenarioId
    title: Text
    date: Date
    summary: Text | None = None
    shocks: tuple[Shock, ...]
    against: ScenarioId | None = None
    observed: tuple[Observation, ...] = ()
    observe: Observe | None = None
    institution: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,31}$")] | None = None
    event: ScenarioId | None = None
    time: Clock | None = None
    cites: Citation | None = None

    @model_validator(mode="after")
    def _has_content(self) -> Episode:
        if not self.shocks:
            raise ValueError("an episode needs at least one shock")
        if not self.observed and self.observe is None:
            raise ValueError("an episode needs at least one observation ('observed' or 'observe')")
        return self
