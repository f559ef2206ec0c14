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
    # each field's docstring is its description in the schema
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)


class ScoresOut(_Out):
    """Summary scores; a rate is null when no observation counted for it."""

    n: int
    """How many observations were scored."""
    sign_hit_rate: float | None
    """The share of observations whose sign counts (a move over half a day's standard
    deviation) where the model's sign agrees."""
    sign_n: int
    """How many observations have a sign that counts."""
    median_abs_z: float | None
    """The median |z|: (observed - predicted) over the noise's standard deviation
    over the window."""
    z_n: int
    """How many observations have a z (a node with a stated volatility)."""
    coverage: float | None
    """The share of observations inside the model's p5-p95 band."""
    band_n: int
    """How many observations have a band (draws above 0)."""
    size_ratio: float | None
    """The median of predicted over observed where the signs count and agree (1: the right
    size; 0.3: a third of it)."""
    size_n: int
    """How many observations the size ratio is over."""
    skill: float | None
    """1 minus the model's total miss over the total move, each in units of noise
    (0: no better than predicting no move; negative: worse)."""
    call_hit_rate: float | None
    """The sign hit rate where the model calls a move (a predicted move over half a day's
    standard deviation)."""
    call_n: int
    """How many observations the model calls a move for."""


class ObservationOut(_Out):
    """One observation beside the model's answer."""

    node: str
    """The node observed."""
    window: str
    """The window the move is measured over, in calendar days from the episode's date
    (``0d``: the event's own day, close to close)."""
    date: str
    """The day the window ends (the episode's date plus the window), ISO 8601."""
    unit: str
    """The node's unit; observed, predicted and the band are changes in it."""
    observed: float
    """The move observed over the window."""
    predicted: float
    """The model's median move over the window."""
    p5: float | None
    """The 5th percentile of the model's move; null without draws."""
    p95: float | None
    """The 95th percentile of the model's move; null without draws."""
    sd: float | None
    """The standard deviation of the node's noise over the window; null for a node
    without a stated volatility."""
    z: float | None
    """(observed - predicted) / sd; null without sd."""
    sign_agrees: bool | None
    """Whether the model's sign matches the observed one; null when the observed move is
    too small for its sign to count."""
    inside_band: bool | None
    """Whether the observed move is inside the p5-p95 band; null without a band."""
    sources: list[str]
    """The ids of the sources and claims the observation cites."""
    series: str | None
    """The series it was read from; null when typed by hand."""


class EpisodeOut(_Out):
    """An episode's observations and scores."""

    id: str
    """The episode's id."""
    title: str
    """The episode's title."""
    date: str
    """The event's date, ISO 8601."""
    observations: list[ObservationOut]
    """Its observations beside the model's answers."""
    scores: ScoresOut
    """The scores over its observations."""
    institution: str | None
    """The institution whose decision the episode is; null for another event."""
    event: str | None
    """The calendar event it was made from; null for an episode written by hand."""


class GroupOut(_Out):
    """The scores of the observations of one institution, node, window or year."""

    by: str
    """What the observations are grouped by: institution, node, window or year."""
    key: str
    """The group's value (an institution, a node id, a window, a year)."""
    scores: ScoresOut
    """The scores over the group's observations."""


class MissingOut(_Out):
    """An observation the data could not give (no close near enough), and why."""

    episode: str
    """The episode's id."""
    node: str
    """The node the observation is of."""
    window: str
    """Its window."""
    series: str | None
    """The series it would be read from; null when none is named."""
    reason: str
    """Why the data could not give it."""


class ExpectationOut(_Out):
    """What a scenario's source expects of a node, and whether the model meets it."""

    scenario: str
    """The scenario whose source states the expectation."""
    node: str
    """The node expected to move."""
    horizon: str
    """The horizon it is expected at."""
    expected: str
    """What is expected: ``sign``, ``change``, ``level`` or ``rank``."""
    low: float | None
    """The low end of the expected range; null for a sign or a rank."""
    high: float | None
    """The high end of the expected range; null for a sign or a rank."""
    sign: str | None
    """``+`` or ``-`` for a sign; the direction for a rank; null otherwise."""
    change: float
    """The model's change against the comparison, in the node's unit."""
    level: float | None
    """The model's level, where the node has a baseline."""
    leader: str | None
    """For a rank: the node that moved most that way in the model."""
    met: bool
    """Whether the model meets the expectation."""


class BacktestOut(_Out):
    """The backtest of a pack against its episodes."""

    schema_version: int
    """The version of this JSON's layout."""
    overlay: str | None
    """The id of the overlay applied to the pack, or null."""
    draws: int
    """Monte Carlo draws behind the bands (0: no bands)."""
    seed: int
    """The random seed of the draws."""
    episodes: list[EpisodeOut]
    """Every episode, with its observations and scores."""
    overall: ScoresOut
    """The scores over every observation."""
    expectations: list[ExpectationOut]
    """What the scenarios' sources expect, checked against the model."""
    groups: list[GroupOut]
    """The scores by institution, node, window and year."""
    missing: list[MissingOut]
    """The observations the data could not give, and why."""


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
    """The backtest as JSON text (sorted keys, two-space indent).

    Examples
    --------
    >>> from macrograph import load_pack, RunOptions
    >>> from macrograph.graph.evidence.backtest import backtest
    >>> pack = load_pack("tests/packs/markets")
    >>> scored = json.loads(backtest_json(backtest(pack, ["hike-feb-2025"], RunOptions(draws=0))))
    >>> scored["overall"]["n"], scored["overall"]["sign_hit_rate"]
    (3, 1.0)
    >>> first = scored["episodes"][0]["observations"][0]
    >>> first["node"], first["window"], first["predicted"], first["sd"]
    ('bond_2y', '0d', 0.075, 0.03)
    """
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
    """The JSON Schema (draft-07) of ``backtest --format json``.

    Examples
    --------
    >>> schema = backtest_schema()
    >>> schema["$schema"], schema["properties"]["schema_version"]["type"]
    ('http://json-schema.org/draft-07/schema#', 'integer')
    """
    schema = BacktestOut.model_json_schema(ref_template="#/definitions/{model}")
    schema["definitions"] = schema.pop("$defs", {})
    return {"$schema": DRAFT_07, **schema}
