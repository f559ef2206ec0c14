"""JSON Schemas of the JSON outputs of ``whatif`` (also ``--weighted`` and
``--against-overlay``), ``explain`` and ``export``.

Typed by pydantic models (the result's dataclasses nested as they are), like the
backtest's in :mod:`macrograph.explain.evidence_json`; ``macrograph schema --output
NAME`` prints them.

Examples
--------
>>> schema = output_schema("whatif")
>>> schema["$schema"], "schema_version" in schema["required"]
('http://json-schema.org/draft-07/schema#', True)
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from macrograph.graph.reading import Reading
from macrograph.graph.result import (
    Band,
    Channel,
    Competing,
    Contribution,
    DayMove,
    DivergentDraws,
    Qualitative,
    ShockInfo,
    Stance,
    ThresholdEvent,
)

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
OUTPUTS = ("whatif", "weighted", "views", "explain", "backtest", "export")
"""Named outputs: ``weighted`` is ``whatif --weighted``, ``views`` ``whatif --against-overlay``."""


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NodeOut(_Out):
    """One node's move: per horizon, its change, level, band and where it came from."""

    label: str
    unit: str
    kind: str
    region: str
    delta: dict[str, float]
    level: dict[str, float | None]
    level_against: dict[str, float | None]
    sign: str
    w: dict[str, float]
    contributions: list[Contribution]
    channels: list[Channel]
    by_shock: dict[str, dict[str, float]]
    qualitative: Qualitative
    band: dict[str, Band] | None
    p_positive: dict[str, float] | None
    p_negative: dict[str, float] | None


class _ScenarioHeader(_Out):
    """What every JSON answer about a scenario starts with: which, against what, when."""

    schema_version: int
    scenario: str
    title: str
    against: str | None
    against_title: str | None
    overlay: str | None = Field(description="The id of the overlay applied to the pack, or null.")
    anchor: str
    horizons: list[str]
    dates: dict[str, str]
    draws: int
    seed: int


class WhatifOut(_ScenarioHeader):
    """``whatif --format json``: the scenario against its comparison, node by node."""

    as_priced: bool  # the question is what the comparison (the market-priced path) does
    reading: Reading | None

    diverged: list[DivergentDraws]
    market_noise: list[str]
    weighted: dict[str, float]
    nodes: dict[str, NodeOut]
    shocks: list[ShockInfo]
    against_shocks: list[ShockInfo]
    events: list[ThresholdEvent]
    stances: dict[str, Stance]
    competing: list[Competing]
    timeline: list[DayMove]


class ExplainOut(_ScenarioHeader):
    """``explain NODE --format json``: one node's outcome in a scenario."""

    node: str
    focus: str
    moved: bool
    outcome: NodeOut


class ExportOut(_Out):
    """``export --format json``: node-link data (networkx's), links keyed by rule id."""

    schema_version: int
    directed: bool
    multigraph: bool
    graph: dict[str, Any]
    nodes: list[dict[str, Any]]
    links: list[dict[str, Any]]


class PricedOut(_Out):
    """A decision of the market-priced path: its priced probability times its size."""

    node: str
    date: str
    label: str
    probability: float
    size: float
    change: float


class BranchOut(_Out):
    """A branch of the weighted view: its scenario, short name and probability."""

    scenario: str
    name: str
    probability: float


class WeightedOut(_Out):
    """``whatif --weighted --format json``: each branch against the market-priced path."""

    schema_version: int
    scenario: str
    against: str
    odds: str
    horizons: list[str]
    dates: dict[str, str]
    draws: int
    seed: int
    priced_path: list[PricedOut]
    branches: list[BranchOut]
    expected: dict[str, dict[str, float]]
    expected_bands: dict[str, dict[str, Band]]
    per_branch: dict[str, dict[str, dict[str, float]]]
    bands: dict[str, dict[str, dict[str, Band]]]


class ViewRowOut(_Out):
    """A key outcome at one horizon in both views: where each starts, the question's effect
    in each, and the difference of the effects."""

    node: str = Field(description="The node's id.")
    label: str = Field(description="The node's label.")
    unit: str = Field(description="The node's unit; starts are levels and effects changes in it.")
    horizon: str = Field(description="The horizon, e.g. 1w.")
    date: str = Field(description="The horizon's date, ISO 8601.")
    left_start: float | None = Field(
        description="The level the left view has without the question (in the comparison); "
        "null for a node without levels."
    )
    right_start: float | None = Field(description="The same for the right view.")
    left_effect: float = Field(
        description="The question's change in the left view, against the comparison, in the "
        "unit's change (a percent change for a price, points of a rate)."
    )
    right_effect: float = Field(description="The question's change in the right view.")
    difference: float = Field(
        description="right_effect minus left_effect: how the views' answers differ, in the "
        "unit's change (percentage points for percent changes)."
    )


class ViewsOut(_Out):
    """``whatif --against-overlay NAME --format json``: the scenario under two views."""

    schema_version: int
    title: str
    scenario: str
    against: str | None
    against_title: str | None
    left: str
    right: str
    horizons: list[str]
    rows: list[ViewRowOut]


def output_schema(name: str) -> dict[str, Any]:
    """The JSON Schema (draft-07) of the JSON output of command ``name`` (see :data:`OUTPUTS`)."""
    if name == "backtest":
        from macrograph.explain.evidence_json import backtest_schema

        return backtest_schema()
    models: dict[str, type[_Out]] = {
        "whatif": WhatifOut,
        "weighted": WeightedOut,
        "views": ViewsOut,
        "explain": ExplainOut,
        "export": ExportOut,
    }
    model = models[name]
    schema = model.model_json_schema(ref_template="#/definitions/{model}")
    schema["definitions"] = schema.pop("$defs", {})
    return {"$schema": DRAFT_07, **schema}
