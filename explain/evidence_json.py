"""The JSON of ``backtest``: typed by pydantic models, so its JSON Schema is exported from them.

Examples
--------
>>> schema = backtest_schema()
>>> sorted(schema["properties"])[:6]
['draws', 'episodes', 'expectations', 'groups', 'missing', 'overall']
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict

from macrograph.graph.evidence.backtest import Backtest, ObservationScore, Scores

SCHEMA_VERSION = 1
DRAFT_07 = "http://json-schema.org/draft-07/schema#"


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ScoresOut(_Out):
    """Summary scores; a rate is null when no observation counted for it."""

    n: int
    sign_hit_rate: float | None
    sign_n: int
    median_abs_z: float | None
    z_n: int
    coverage: float | None
    band_n: int
    size_ratio: float | None
    size_n: int
    skill: float | None
    call_hit_rate: float | None
    call_n: int


class ObservationOut(_Out):
    """One observation beside the model's answer."""

    node: str
    window: str
    date: str
    unit: str
    observed: float
    predicted: float
    p5: float | None
    p95: float | None
    sd: float | None
    z: float | None
    sign_agrees: bool | None
    inside_band: bool | None
    sources: list[str]
    series: str | None  # the series it was read from; null when typed by hand


class EpisodeOut(_Out):
    """An episode's observations and scores."""

    id: str
    title: str
    date: str
    observations: list[ObservationOut]
    scores: ScoresOut
    institution: str | None
    event: str | None  # the calendar event it was made from


class GroupOut(_Out):
    """The scores of the observations of one institution, node, window or year."""

    by: str
    key: str
    scores: ScoresOut


class MissingOut(_Out):
    """An observation the data could not give (no close near enough), and why."""

    episode: str
    node: str
    window: str
    series: str | None
    reason: str


class ExpectationOut(_Out):
    """What a scenario's source expects of a node, and whether the model meets it."""

    scenario: str
    node: str
    horizon: str
    expected: str
    low: float | None
    high: float | None
    sign: str | None
    change: float
    level: float | None
    leader: str | None
    met: bool


class BacktestOut(_Out):
    """The backtest of a pack against its episodes."""

    schema_version: int
    overlay: str | None
    draws: int
    seed: int
    episodes: list[EpisodeOut]
    overall: ScoresOut
    expectations: list[ExpectationOut]
    groups: list[GroupOut]
    missing: list[MissingOut]


def _scores(s: Scores) -> ScoresOut:
    return ScoresOut(
        n=s.n,
        sign_hit_rate=_round(s.sign_hit_rate),
        sign_n=s.sign_n,
        median_abs_z=_round(s.median_abs_z),
        z_n=s.z_n,
        coverage=_round(s.coverage),
        band_n=s.band_n,
        size_ratio=_round(s.size_ratio),
        size_n=s.size_n,
        skill=_round(s.skill),
        call_hit_rate=_round(s.call_hit_rate),
        call_n=s.call_n,
    )


def _observation(o: ObservationScore) -> ObservationOut:
    return ObservationOut(
        node=o.node,
        window=o.window,
        date=o.date.isoformat(),
        unit=o.unit,
        observed=o.observed,
        predicted=_round(o.predicted) or 0.0,
        p5=_round(o.low),
        p95=_round(o.high),
        sd=_round(o.sd),
        z=_round(o.z),
        sign_agrees=o.sign_agrees,
        inside_band=o.inside,
        sources=[*o.cites.sources, *o.cites.claims],
        series=o.series,
    )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def backtest_json(result: Backtest) -> str:
    """The backtest as JSON text (sorted keys, two-space indent)."""
    out = BacktestOut(
        schema_version=SCHEMA_VERSION,
        overlay=result.overlay,
        draws=result.draws,
        seed=result.seed,
        episodes=[
            EpisodeOut(
                id=e.id,
                title=e.title,
                date=e.date.isoformat(),
                observations=[_observation(o) for o in e.observations],
                scores=_scores(e.scores),
                institution=e.institution,
                event=e.event,
            )
            for e in result.episodes
        ],
        overall=_scores(result.overall),
        expectations=[
            ExpectationOut(
                scenario=c.scenario,
                node=c.node,
                horizon=c.horizon,
                expected=c.expected,
                low=c.low,
                high=c.high,
                sign=c.sign,
                change=round(c.change, 6),
                level=_round(c.level),
                leader=c.leader,
                met=c.met,
            )
            for c in result.expectations
        ],
        groups=[GroupOut(by=g.by, key=g.key, scores=_scores(g.scores)) for g in result.groups],
        missing=[
            MissingOut(
                episode=m.episode,
                node=m.node,
                window=m.window,
                series=m.series,
                reason=m.missing or "",
            )
            for m in result.missing
        ],
    )
    return json.dumps(out.model_dump(mode="json"), indent=2, sort_keys=True) + "\n"


def backtest_schema() -> dict[str, Any]:
    """The JSON Schema (draft-07) of ``backtest --format json``."""
    schema = BacktestOut.model_json_schema(ref_template="#/definitions/{model}")
    schema["definitions"] = schema.pop("$defs", {})
    return {"$schema": DRAFT_07, **schema}
