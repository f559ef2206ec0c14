"""pydantic models of a knowledge pack: nodes, typed rules (edges), scenarios, sources.

Every model forbids unknown fields, is frozen, and validates strictly (no string
to number coercion, no NaN or infinity). Rule kinds form a discriminated union on
``kind``.

Examples
--------
>>> from pydantic import TypeAdapter
>>> rule = TypeAdapter(Rule).validate_python({
...     "id": "boj_to_jgb", "kind": "linear", "source": "boj_rate_expectations",
...     "target": "jgb_10y", "channel": "pass_through", "effect": "+",
...     "confidence": "high", "because": "a higher expected policy path lifts JGB yields",
...     "magnitude": {"elasticity": 0.4, "units": "pct/pct"}})
>>> rule.sign
1
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from macrograph.rules import limits
from macrograph.rules.vocabulary import CHANNELS, RULE_KINDS, UNITS

DAYS_PER = {"d": 1, "w": 7, "m": 30, "q": 90, "y": 365}
DURATION_PATTERN = r"^[0-9]{1,4}[dwmqy]$"

NodeId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
ScenarioId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]
ClaimId = Annotated[str, Field(pattern=r"^[A-Z][0-9]{1,3}$")]
SourceId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]
Text = Annotated[str, Field(min_length=1, max_length=20_000)]


def _bounded_duration(text: str) -> str:
    limits.check_duration(text)  # 9999y would mean millions of periods
    return text


Duration = Annotated[str, Field(pattern=DURATION_PATTERN), AfterValidator(_bounded_duration)]
Probability = Annotated[float, Field(ge=0.0, le=1.0)]
Date = Annotated[date, Field(strict=False), AfterValidator(limits.check_date)]


def duration_days(text: str) -> int:
    """Number of days in a duration such as ``"5d"``, ``"1w"`` or ``"3m"`` (30-day months).

    Examples
    --------
    >>> duration_days("1w"), duration_days("3m")
    (7, 90)
    """
    match = re.fullmatch(r"([0-9]+)([dwmqy])", text)
    if match is None:
        raise ValueError(f"not a duration: {text!r} (use e.g. 0d, 5d, 1w, 1m, 3m)")
    return int(match.group(1)) * DAYS_PER[match.group(2)]


class Model(BaseModel):
    """Base of every pack model: strict, frozen, no unknown fields, no NaN."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, strict=True, allow_inf_nan=False, defer_build=True
    )


class Citation(Model):
    """Where a rule or fact comes from: claim ids of the seed, sources, and a basis."""

    basis: Literal["seed", "literature", "assumption"]
    claims: tuple[ClaimId, ...] = ()
    sources: tuple[SourceId, ...] = ()
    rationale: Text | None = None


class Baseline(Model):
    """A node's level before any shock, with its as-of date and citation."""

    value: float
    as_of: Date
    cites: Citation


class Node(Model):
    """A variable of the graph: a policy action, rate, flow, asset, indicator or stance."""

    id: NodeId
    label: Text
    kind: Literal["policy_action", "rate", "flow", "asset", "indicator", "stance"]
    region: Literal["US", "JP", "global"]
    unit: Literal[UNITS]  # type: ignore[valid-type]
    description: Text
    baseline: Baseline | None = None
    aliases: tuple[Text, ...] = ()
    expectations: NodeId | None = None
    exogenous: bool = False


class Magnitude(Model):
    """Size of a rule: target units per source unit, with an optional uncertainty range."""

    elasticity: Annotated[float, Field(ge=0.0)]
    range: tuple[float, float] | None = None
    units: Annotated[str, Field(pattern=r"^[a-z_]+/[a-z_]+$")]

    @model_validator(mode="after")
    def _range_brackets_value(self) -> Magnitude:
        if self.range is not None:
            low, high = self.range
            if not 0.0 <= low <= self.elasticity <= high:
                raise ValueError("range must satisfy 0 <= low <= elasticity <= high")
        return self


class Level(Model):
    """A bound on a node's level: above, below, or both (between)."""

    above: float | None = None
    below: float | None = None

    @model_validator(mode="after")
    def _one_side_at_least(self) -> Level:
        if self.above is None and self.below is None:
            raise ValueError("give 'above', 'below' or both")
        if self.above is not None and self.below is not None and self.above >= self.below:
            raise ValueError("'above' must be lower than 'below' for a band")
        return self

    def holds(self, level: float) -> bool:
        """True when ``level`` is inside the bound (edges count as inside)."""
        eps = 1e-9
        if self.above is not None and level < self.above - eps:
            return False
        return not (self.below is not None and level > self.below + eps)


class Condition(Level):
    """A structured ``when``: the rule is active while ``node``'s level is in the bound."""

    node: NodeId


class RuleBase(Model):
    """Fields every rule kind shares."""

    id: NodeId
    source: NodeId
    target: NodeId
    channel: Literal[CHANNELS]  # type: ignore[valid-type]
    effect: Literal["+", "-"]
    lag: Duration = "0d"
    confidence: Literal["low", "medium", "high"]
    when: Condition | None = None
    because: Text
    cites: Citation | None = None

    @property
    def sign(self) -> int:
        """+1 or -1, from ``effect``."""
        return 1 if self.effect == "+" else -1

    @property
    def lag_days(self) -> int:
        """The lag in days."""
        return duration_days(self.lag)


class LinearRule(RuleBase):
    """Adds ``sign * elasticity * delta(source)`` to the target, ``lag`` later."""

    kind: Literal["linear"]
    magnitude: Magnitude | None = None


class IntegrateRule(RuleBase):
    """A stock: the target accumulates ``sign * elasticity * delta(source)`` every period."""

    kind: Literal["integrate"]
    magnitude: Magnitude | None = None


class ThresholdRule(RuleBase):
    """Fires once when the source's level enters ``crosses``: the target jumps by ``jump``."""

    kind: Literal["threshold"]
    crosses: Level
    jump: Magnitude


class ClassifyRule(RuleBase):
    """Sets a stance from the source's level against a neutral band."""

    kind: Literal["classify"]
    neutral: tuple[float, float]
    labels: tuple[Text, Text, Text] = ("easing", "neutral", "tightening")

    @model_validator(mode="after")
    def _band_ordered(self) -> ClassifyRule:
        if self.neutral[0] >= self.neutral[1]:
            raise ValueError("neutral must be [low, high] with low < high")
        return self

    def classify(self, level: float) -> str:
        """The stance word for a level of the source.

        Examples
        --------
        >>> rule = ClassifyRule(id="k", kind="classify", source="a", target="b",
        ...     channel="stance", effect="+", confidence="high", because="x",
        ...     neutral=(1.0, 2.5))
        >>> rule.classify(0.75), rule.classify(1.5), rule.classify(3.0)
        ('easing', 'neutral', 'tightening')
        """
        low_word, mid_word, high_word = self.labels
        if self.effect == "-":
            low_word, high_word = high_word, low_word
        if level < self.neutral[0]:
            return low_word
        return mid_word if level <= self.neutral[1] else high_word


Rule = Annotated[
    LinearRule | IntegrateRule | ThresholdRule | ClassifyRule,
    Field(discriminator="kind"),
]
MAGNITUDE_KINDS = RULE_KINDS[:2]  # ("linear", "integrate"): the kinds with an elasticity


class Priced(Model):
    """What markets had priced for a decision: a probability of a given change."""

    probability: Probability
    change: float


class Shock(Model):
    """A dated exogenous move: a change, or a new level; a decision also states what was priced."""

    node: NodeId
    date: Date
    change: float | None = None
    level: float | None = None
    priced: Priced | None = None
    label: Text
    cites: Citation | None = None

    @model_validator(mode="after")
    def _change_or_level(self) -> Shock:
        if (self.change is None) == (self.level is None):
            raise ValueError("give exactly one of 'change' or 'level'")
        if self.priced is not None and self.change is None:
            raise ValueError("'priced' goes with 'change' (a decision), not with 'level'")
        return self


class Branch(Model):
    """One outcome of a probability-weighted view."""

    scenario: ScenarioId
    probability: Probability


class Scenario(Model):
    """A named set of dated shocks, compared against another scenario."""

    id: ScenarioId
    title: Text
    summary: Text
    phrases: tuple[Text, ...] = ()
    extends: ScenarioId | None = None
    shocks: tuple[Shock, ...] = ()
    against: ScenarioId | None = None
    anchor: Date | None = None
    probability: Probability | None = None
    branches: tuple[Branch, ...] = ()
    cites: Citation | None = None


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
    unit: Literal[UNITS]  # type: ignore[valid-type]
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


class PackInfo(Model):
    """The pack's own metadata."""

    id: ScenarioId
    title: Text
    description: Text
    default_scenario: ScenarioId
    horizons: tuple[Duration, ...] = ("1d", "1w", "1m", "3m")
    as_of: Date


AnyRule = LinearRule | IntegrateRule | ThresholdRule | ClassifyRule
