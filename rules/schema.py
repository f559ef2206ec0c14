"""JSON Schema (draft-07) of a pack file, exported from the pydantic models for editors."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from macrograph.rules import models as m
from macrograph.rules.calendar import CalendarEvent, Institution, Regime
from macrograph.rules.episodes import Episode
from macrograph.rules.info import Claim, Fact, PackInfo, Signal, Source
from macrograph.rules.series import Series

DRAFT_07 = "http://json-schema.org/draft-07/schema#"


class PackFile(BaseModel):
    """One YAML file of a pack: any of the sections, each optional."""

    model_config = ConfigDict(extra="forbid", title="macrograph pack file")

    pack: PackInfo | None = None
    claims: list[Claim] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    nodes: list[m.Node] = Field(default_factory=list)
    rules: list[m.Rule] = Field(default_factory=list)
    scenarios: list[m.Scenario] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    signals: list[Signal] = Field(default_factory=list)
    episodes: list[Episode] = Field(default_factory=list)
    series: list[Series] = Field(default_factory=list)
    institutions: list[Institution] = Field(default_factory=list)
    calendar: list[CalendarEvent] = Field(default_factory=list)
    regimes: list[Regime] = Field(default_factory=list)


def pack_file_schema() -> dict[str, Any]:
    """The JSON Schema of a pack file, in draft-07 form.

    Examples
    --------
    >>> schema = pack_file_schema()
    >>> schema["$schema"], sorted(schema["properties"])[:3]
    ('http://json-schema.org/draft-07/schema#', ['calendar', 'claims', 'episodes'])
    """
    schema = PackFile.model_json_schema(ref_template="#/definitions/{model}")
    schema = _draft07(schema)
    schema["definitions"] = schema.pop("$defs", {})
    return {"$schema": DRAFT_07, **schema}


def _draft07(node: Any) -> Any:
    """Rewrite 2020-12 keywords pydantic emits (``prefixItems``) into draft-07 forms."""
    if isinstance(node, list):
        return [_draft07(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _draft07(value) for key, value in node.items()}
    if "prefixItems" in out:
        out["items"] = out.pop("prefixItems")
        out["additionalItems"] = False
    return out
