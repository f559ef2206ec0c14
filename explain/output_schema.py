"""JSON Schemas of the JSON outputs of ``whatif`` (also ``--weighted`` and
``--against-overlay``), ``explain`` and ``export``.

Typed by pydantic models (the result's records nested as dataclasses made from them), like the
backtest's in :mod:`macrograph.explain.evidence.json_models`; ``macrograph schema --output
NAME`` prints them.

Examples
--------
>>> schema = output_schema("whatif")
>>> schema["$schema"], "schema_version" in schema["required"]
('http://json-schema.org/draft-07/schema#', True)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, get_type_hints

import msgspec
from msgspec import Struct
from pydantic import BaseModel, ConfigDict, Field

from macrograph.explain.errors import UnknownFormatError
from macrograph.explain.evidence.json_models import backtest_schema
from macrograph.explain.formats import OUTPUTS as OUTPUTS  # the command line offers them
from macrograph.graph import records
from macrograph.graph.words import reading

if TYPE_CHECKING:  # the records themselves; pydantic reads their dataclasses (see below)
    from macrograph.graph.result import (
        Band,
        Channel,
        Competing,
        Contribution,
        DayMove,
        DivergentDraws,
        PastBound,
        Qualitative,
        RuleSwitch,
        ShockInfo,
        Stance,
        ThresholdEvent,
    )
    from macrograph.graph.words.reading import Reading

DRAFT_07 = "http://json-schema.org/draft-07/schema#"


def _as_dataclass(record: type[Struct], made: dict[str, type]) -> type:
    """A frozen dataclass of the record's name, module, docstring, fields and defaults, its
    fields' records (those ``made`` so far) as dataclasses too: pydantic reads a dataclass's
    field docstrings from its source, which it finds by module and name (the record's), and
    has no schema for a ``msgspec.Struct``."""
    hints = get_type_hints(record, localns=made)
    namespace: dict[str, Any] = {
        "__module__": record.__module__,
        "__qualname__": record.__qualname__,
        "__doc__": record.__doc__,
        "__annotations__": {name: hints[name] for name in record.__struct_fields__},
    }
    for info in msgspec.structs.fields(record):
        if info.default_factory is not msgspec.NODEFAULT:
            namespace[info.name] = field(default_factory=info.default_factory)
        elif info.default is not msgspec.NODEFAULT:
            namespace[info.name] = info.default
    return dataclass(frozen=True)(type(record.__name__, (), namespace))


_MADE: dict[str, type] = {}
for _record in (
    records.Contribution,
    records.Channel,
    records.Band,
    records.PastBound,
    records.DivergentDraws,
    records.Qualitative,
    records.ShockInfo,
    records.ThresholdEvent,
    records.Stance,
    records.Competing,  # after Channel, which it holds
    records.DayMove,
    records.RuleSwitch,
    reading.ReadPart,
    reading.Reading,  # after ReadPart
):
    _MADE[_record.__name__] = _as_dataclass(_record, _MADE)
globals().update(_MADE)  # the names the models below are annotated with: the dataclasses


class _Out(BaseModel):
    # each field's docstring is its description in the schema (the records' too)
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)


class NodeOut(_Out):
    """One node's move: per horizon, its change, level, band and where it came from."""

    label: str
    """The node's label, as the pack names it."""
    unit: str
    """The node's unit (the pack's vocabulary): every change and level of the node is in
    it (a ``pct`` rate's change in percentage points, a ``pct_change`` price's in
    percent)."""
    kind: str
    """The node's kind: policy_action, rate, flow, asset, indicator or stance."""
    region: str
    """The node's region, as the pack declares it."""
    delta: dict[str, float]
    """Per horizon, the scenario's move minus the comparison's, in the node's unit."""
    level: dict[str, float | None]
    """Per horizon, the node's level in the scenario; null for a node without a
    baseline."""
    level_against: dict[str, float | None]
    """Per horizon, the node's level in the comparison; null without a baseline."""
    sign: str
    """The sign of the move at the last horizon (``+``, ``-`` or ``0``), or the sign
    reasoning's answer where no sized rule moves the node."""
    w: dict[str, float]
    """Per horizon, |sum| over the sum of |channels|: 1 when every channel pulls one
    way, near 0 in a tug of war."""
    contributions: list[Contribution]
    """The move split by shock and path of rules, strongest first; they add up to it."""
    channels: list[Channel]
    """The move split by incoming rule (``rule`` empty: the shock on the node itself)."""
    by_shock: dict[str, dict[str, float]]
    """The move per shock key (``node@date``), per horizon."""
    qualitative: Qualitative
    """Sign-only reasoning: the paths from the shocks that push the node up or down."""
    band: dict[str, Band] | None
    """Per horizon, the Monte Carlo band of the move; null without draws."""
    p_positive: dict[str, float] | None
    """Per horizon, the share of draws in which the node rises; null without draws."""
    p_negative: dict[str, float] | None
    """Per horizon, the share of draws in which it falls; null without draws."""


class _ScenarioHeader(_Out):
    """What every JSON answer about a scenario starts with: which, against what, when."""

    schema_version: int
    """The version of this JSON's layout; it changes when a field changes meaning."""
    scenario: str
    """The id of the scenario answered (a question in plain words gets a made-up id)."""
    title: str
    """The scenario's title."""
    against: str | None
    """The id of the scenario it is compared with; null for no comparison (no shocks)."""
    against_title: str | None
    """The comparison's title; null without one."""
    overlay: str | None = Field(description="The id of the overlay applied to the pack, or null.")
    anchor: str
    """The date the horizons count from (the event), ISO 8601."""
    horizons: list[str]
    """The horizons, in order (1d, 1w, 1m, 3m...)."""
    dates: dict[str, str]
    """Each horizon's date, ISO 8601."""
    draws: int
    """Monte Carlo draws behind the bands (0: point answers, no bands)."""
    seed: int
    """The random seed of the draws: the same seed gives the same bands."""


class WhatifOut(_ScenarioHeader):
    """``whatif --format json``: the scenario against its comparison, node by node."""

    as_priced: bool
    """True when the question is what the comparison (the market-priced path) already
    does: it is answered against that path, so only what differs from it moves."""
    reading: Reading | None
    """How the question was read: the scenario id or phrase it matched, or each clause of
    plain words and each ``--shock`` with the shocks it set; null for a scenario given as
    data."""
    diverged: list[DivergentDraws]
    """Draws left out of the bands because a feedback loop ran away in them."""
    market_noise: list[str]
    """The nodes whose random noise the draws include (beyond the rules' uncertainty)."""
    weighted: dict[str, float]
    """Branch probabilities by scenario id; always empty here (``whatif --weighted`` has
    its own output, ``weighted``)."""
    nodes: dict[str, NodeOut]
    """Every node's move, by node id."""
    shocks: list[ShockInfo]
    """The scenario's shocks, by date and node."""
    against_shocks: list[ShockInfo]
    """The comparison's shocks."""
    events: list[ThresholdEvent]
    """The threshold rules that fired, in either world."""
    switches: list[RuleSwitch]
    """The rules with a ``when`` condition that switched on or off, in either world."""
    stances: dict[str, Stance]
    """Each stance node's reading per horizon in both worlds, by node id."""
    competing: list[Competing]
    """The nodes in a tug of war: reached by channels of opposite sign."""
    timeline: list[DayMove]
    """How the scenario moved on each of its shock dates."""
    past_bounds: list[PastBound]
    """Every level past a physical bound of its node (a stock below 0), by node, horizon
    and reading (the scenario's level, or an end of its band): the rules are linear and
    overstate a move this large; empty when every level can exist."""


class ExplainOut(_ScenarioHeader):
    """``explain NODE --format json``: one node's outcome in a scenario."""

    node: str
    """The id of the node explained."""
    focus: str
    """The horizon the explanation reads (default the last)."""
    moved: bool
    """Whether the node moves at that horizon by a visible amount."""
    outcome: NodeOut
    """The node's move, levels, bands and where they came from."""


class ExportOut(_Out):
    """``export --format json``: node-link data (networkx's), links keyed by rule id."""

    schema_version: int
    """The version of this JSON's layout."""
    directed: bool
    """Always true: a rule runs from its source to its target."""
    multigraph: bool
    """Always true: two nodes may be joined by more than one rule."""
    graph: dict[str, Any]
    """The pack: format, pack id, title and as-of date; for a scenario also its id and
    title, its comparison, horizons and their dates."""
    nodes: list[dict[str, Any]]
    """One object per node: its id and the pack's fields; for a scenario also its change
    and level by horizon."""
    links: list[dict[str, Any]]
    """One object per rule: source, target, key (the rule id) and the rule's fields; for a
    scenario also the amount it carried and whether it is on the chain told."""


class PricedOut(_Out):
    """A decision of the market-priced path: its priced probability times its size."""

    node: str
    """The policy node decided."""
    date: str
    """The decision's date, ISO 8601."""
    label: str
    """The decision, in words."""
    probability: float
    """The odds markets had put on it (0 to 1)."""
    size: float
    """Its size, in the node's unit."""
    change: float
    """What the priced path takes: probability times size."""


class BranchOut(_Out):
    """A branch of the weighted view: its scenario, short name and probability."""

    scenario: str
    """The branch's scenario id."""
    name: str
    """Its short name, as the tables head its column."""
    probability: float
    """Its weight (0 to 1); the branches' weights sum to 1."""


class WeightedOut(_Out):
    """``whatif --weighted --format json``: each branch against the market-priced path."""

    schema_version: int
    """The version of this JSON's layout."""
    scenario: str
    """The id of the scenario whose branches are weighed."""
    against: str
    """The id of the market-priced path each branch is compared with."""
    odds: str
    """``pack``: the branches' probabilities the pack gives (the market's); ``user``:
    given on the command line."""
    horizons: list[str]
    """The horizons, in order."""
    dates: dict[str, str]
    """Each horizon's date, ISO 8601."""
    draws: int
    """Monte Carlo draws behind the bands (0: none)."""
    seed: int
    """The random seed of the draws."""
    priced_path: list[PricedOut]
    """The decisions of the market-priced path, each at its priced size."""
    branches: list[BranchOut]
    """The branches, with their probabilities."""
    expected: dict[str, dict[str, float]]
    """The probability-weighted move, by node id then horizon, in the node's unit."""
    expected_bands: dict[str, dict[str, Band]]
    """The weighted move's band, by node then horizon, over the rules' parameters alone."""
    per_branch: dict[str, dict[str, dict[str, float]]]
    """Each branch's move against the priced path, by branch scenario, node and horizon."""
    bands: dict[str, dict[str, dict[str, Band]]]
    """Each branch's band, by branch scenario, node and horizon (as a what-if's)."""


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
    """The version of this JSON's layout."""
    title: str
    """The scenario's title."""
    scenario: str
    """The id of the scenario answered."""
    against: str | None
    """The id of its comparison; null for none."""
    against_title: str | None
    """The comparison's title; null for none."""
    left: str
    """The name of the left view (the pack as it is, or its overlay)."""
    right: str
    """The name of the right view (the overlay compared)."""
    horizons: list[str]
    """The horizons, in order."""
    rows: list[ViewRowOut]
    """The key outcomes at each horizon in both views."""


def output_schema(name: str) -> dict[str, Any]:
    """The JSON Schema (draft-07) of the JSON output of command ``name`` (see :data:`OUTPUTS`).

    Raises
    ------
    UnknownFormatError
        For a name not in :data:`OUTPUTS` (``what`` is ``output``).

    Examples
    --------
    >>> output_schema("whatif")["$schema"]
    'http://json-schema.org/draft-07/schema#'
    """
    if name not in OUTPUTS:
        raise UnknownFormatError(name, OUTPUTS, "output")
    if name == "backtest":
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
