"""pydantic models of what a pack says about itself and cites: its header (``pack:``, with
its vocabulary and lexicon), sources, claims, facts and signals.

Examples
--------
>>> Source.model_validate({"id": "bis", "title": "BIS Quarterly Review", "kind": "research"}).kind
'research'
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator

from macrograph.rules.english.lexicon import Lexicon
from macrograph.rules.horizons import expand, is_range
from macrograph.rules.models import (
    PERIODS,
    Citation,
    ClaimId,
    Date,
    Duration,
    Model,
    NodeId,
    ScenarioId,
    SourceId,
    Text,
    Word,
)
from macrograph.rules.vocabulary import CHANGE_FORMS, CLUSTERS, MOVES


class Source(Model):
    """A cited source: the seed article, a research house, a market."""

    id: SourceId
    title: Text
    kind: Literal["article", "research", "market", "data", "official", "textbook"]
    date: Date | None = None
    note: Text | None = None


class Claim(Model):
    """One claim id of the seed reading, with our one-line paraphrase."""

    id: ClaimId
    text: Text


class Fact(Model):
    """An observed figure (a level or a change over a period) with its citation."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
    text: Text
    value: float
    unit: Word
    node: NodeId | None = None
    as_of: Date
    cites: Citation


class Signal(Model):
    """Something to watch, with what each reading would mean."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
    title: Text
    hawkish: Text
    dovish: Text
    scenarios: tuple[ScenarioId, ...] = ()
    cites: Citation


class RegionWord(Model):
    """A region a pack declares: its id (as nodes name it) and its name in headings."""

    id: Word
    name: Text


class UnitWord(Model):
    """A unit a pack declares, with how its levels and changes read (see ``UnitForm``)."""

    id: Word
    symbol: Annotated[str, Field(max_length=8)] = ""
    suffix: Annotated[str, Field(max_length=32)] = ""
    change: Literal[CHANGE_FORMS] = "points"  # type: ignore[valid-type]
    change_scale: Annotated[float, Field(gt=0.0)] | None = None
    change_suffix: Annotated[str, Field(max_length=32)] | None = None
    decimals: Annotated[int, Field(ge=0, le=6)] | None = None
    factor: Annotated[float, Field(gt=0.0)] = 1.0
    typical: Annotated[float, Field(gt=0.0)] = 1.0
    thousand: Annotated[str, Field(max_length=32)] = ""
    # how many of the unit ``thousand`` names: 1,000 (k, tn of bn), or 100,000 (a lakh)
    thousand_factor: Annotated[float, Field(gt=1.0)] = 1000.0
    # the suffix a level or change under one of the unit switches to, and how many of it make
    # one of the unit (' persons', 1,000, for ' thousand persons': '830 persons')
    smaller: Annotated[str, Field(max_length=32)] = ""
    smaller_factor: Annotated[float, Field(gt=1.0)] = 1000.0
    levels: bool = True
    moves: Literal[MOVES] | None = None  # type: ignore[valid-type]  # None: the built-in's


class GroupWord(Model):
    """A group of nodes a pack declares: its heading, and its nodes (groups keep their order)."""

    heading: Text
    nodes: tuple[NodeId, ...]


class PackInfo(Model):
    """The pack's own metadata, and the vocabulary it adds to the built-in one."""

    id: ScenarioId
    title: Text
    description: Text
    default_scenario: ScenarioId
    # ranges expanded (below); at least one: every answer is read at its horizons
    horizons: Annotated[tuple[Duration, ...], Field(min_length=1)] = ("1d", "1w", "1m", "3m")
    as_of: Date
    period: Literal[PERIODS] = "1d"  # type: ignore[valid-type]
    # The pack language's version (rules/lint/language.py); None: written before it was
    # stated, read as the current one, with a lint warning where the versions differ.
    language: Literal[1, 2, 3] | None = None
    regions: tuple[RegionWord, ...] = ()
    units: tuple[UnitWord, ...] = ()
    channels: tuple[Word, ...] = ()
    groups: tuple[GroupWord, ...] = ()
    # what a diagram clusters nodes by: the groups (regions where none is declared), or regions
    clusters: Literal[CLUSTERS] = "groups"  # type: ignore[valid-type]
    key_outcomes: tuple[NodeId, ...] = ()
    # what the key outcomes are called, singular and plural ("key market", "key markets")
    key_outcomes_name: tuple[Text, Text] = ("key outcome", "key outcomes")
    brief_scenarios: tuple[ScenarioId, ...] = ()
    # the everyday words its questions may use, on top of the built-in ones (english/lexicon.py)
    lexicon: Lexicon | None = None

    @field_validator("horizons", mode="before")
    @classmethod
    def _ranges(cls, value: object) -> object:
        """A range such as ``0d..4999d/100d`` stands for the horizons it spans."""
        if isinstance(value, list | tuple) and any(
            isinstance(v, str) and is_range(v) for v in value
        ):
            return expand([str(v) for v in value])
        return value
