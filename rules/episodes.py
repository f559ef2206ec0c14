"""Episodes: events from the public record, with the shocks that happened and the moves seen.

An episode is written like a scenario (dated shocks, with what markets had priced), plus
the moves that followed, each cited. ``macrograph backtest`` scores the pack's answers
against them; ``macrograph calibrate`` fits rule sizes to them.

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

from pydantic import model_validator

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


class Observation(Model):
    """A move that happened: the change of ``node`` over ``window`` from the episode's date."""

    node: NodeId
    window: Duration
    change: float
    cites: Citation
    note: Text | None = None

    @model_validator(mode="after")
    def _observed_basis(self) -> Observation:
        if self.cites.basis != "observed":
            raise ValueError("an observation cites what was observed: use 'basis: observed'")
        return self


class Episode(Model):
    """An event of the record: its shocks and the moves observed after it."""

    id: ScenarioId
    title: Text
    date: Date
    summary: Text | None = None
    shocks: tuple[Shock, ...]
    against: ScenarioId | None = None
    observed: tuple[Observation, ...]
    cites: Citation | None = None

    @model_validator(mode="after")
    def _has_content(self) -> Episode:
        if not self.shocks:
            raise ValueError("an episode needs at least one shock")
        if not self.observed:
            raise ValueError("an episode needs at least one observation")
        return self
