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

from typing import Annotated, Literal

from pydantic import (
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from macrograph.rules.fields import DAYS_PER as DAYS_PER
from macrograph.rules.fields import DURATION_PATTERN as DURATION_PATTERN
from macrograph.rules.fields import MONTHS_PER as MONTHS_PER
from macrograph.rules.fields import PERIODS as PERIODS
from macrograph.rules.fields import UNITS_PATTERN, Amount
from macrograph.rules.fields import Citation as Citation
from macrograph.rules.fields import ClaimId as ClaimId
from macrograph.rules.fields import Date as Date
from macrograph.rules.fields import Duration as Duration
from macrograph.rules.fields import Model as Model
from macrograph.rules.fields import NodeId as NodeId
from macrograph.rules.fields import Probability as Probability
from macrograph.rules.fields import ScenarioId as ScenarioId
from macrograph.rules.fields import SourceId as SourceId
from macrograph.rules.fields import Text as Text
from macrograph.rules.fields import Word as Word
from macrograph.rules.fields import duration_days as duration_days
from macrograph.rules.fields import duration_periods as duration_periods
from macrograph.rules.vocabulary import MOVES, RULE_KINDS
from macrograph.rules.volatility import TRADING_DAYS as TRADING_DAYS
from macrograph.rules.volatility import Volatility as Volatility


class Baseline(Model):
    """A node's level before any shock, with its as-of date and citation."""

    value: float
    as_of: Date
    cites: Citation


class Directions(Model):
    """How plain words move a node when it is named the other way round.

    ``inverse`` lists aliases that name the other side of a quote: for a dollar price of
    a currency, the currency itself, whose strengthening is the node's fall. A what-if
    saying one of them "strengthens", "rises" or "widens" moves the node down.
    """

    inverse: tuple[Text, ...] = ()


FLOOR_TEXT = (
    "The lowest level the node can physically take, in its unit (a stock or a position "
    "cannot go below 0). The rules stay linear: a run whose level passes it is flagged, "
    "not clamped. Needs a baseline at or above it."
)
CEILING_TEXT = (
    "The highest level the node can physically take, in its unit (a share cannot pass "
    "100). A run whose level passes it is flagged, not clamped. Needs a baseline at or "
    "below it, and lies above the floor."
)


class Node(Model):
    """A variable of the graph: a policy action, rate, flow, asset, indicator or stance.

    ``identity`` marks a node its rules define from others (a spread, a sum): it gets no
    noise of its own, even with a ``volatility`` (which still scales its observed moves);
    its sources' noise reaches it through its rules.

    ``floor`` and ``ceiling`` are the physical bounds of its level, in its unit (a stock
    cannot go below 0). The engine keeps its rules linear; a result records where a level
    passes a bound, and readers are told.

    ``plural`` says whether the label names several things ("Household deposits": verbs
    agree, "deposits rise"); left out, it is read from the label's head noun. ``moves`` says
    how its move reads, one of ``rise``, ``lift``, ``widen`` (a cost in ``pp`` that rises,
    not widens); left out, its unit's word.

    Examples
    --------
    >>> node = Node.model_validate({"id": "stock", "label": "Stock", "kind": "flow",
    ...     "region": "global", "unit": "index", "description": "A stock.", "floor": 0,
    ...     "baseline": {"value": 250, "as_of": "2025-12-01", "cites": {"basis": "seed"}}},
    ...     strict=False)
    >>> node.floor, node.ceiling
    (0.0, None)
    """

    id: NodeId
    label: Text
    kind: Literal["policy_action", "rate", "flow", "asset", "indicator", "stance"]
    region: Word
    unit: Word
    description: Text
    baseline: Baseline | None = None
    volatility: Volatility | None = None
    aliases: tuple[Text, ...] = ()
    expectations: NodeId | None = None
    exogenous: bool = False
    directions: Directions | None = None
    identity: bool = False
    floor: Annotated[float | None, Field(description=FLOOR_TEXT)] = None
    ceiling: Annotated[float | None, Field(description=CEILING_TEXT)] = None

    @field_validator("floor", "ceiling")
    @classmethod
    def _bounds_the_baseline(cls, bound: float | None, info: ValidationInfo) -> float | None:
        """A bound needs a baseline inside it, and a floor lies below a ceiling."""
        if bound is None:
            return bound
        side = info.field_name
        baseline = info.data.get("baseline")
        if baseline is None:
            raise ValueError(
                f"a {side} bounds the level (the baseline plus the change): "
                "give the node a baseline"
            )
        floor = info.data.get("floor")
        if side == "ceiling" and floor is not None and floor >= bound:
            raise ValueError(f"the floor ({floor:g}) must be below the ceiling ({bound:g})")
        outside = baseline.value < bound if side == "floor" else baseline.value > bound
        if outside:
            where = "below" if side == "floor" else "above"
            raise ValueError(f"the baseline ({baseline.value:g}) is {where} the {side} ({bound:g})")
        return bound

    plural: bool | None = None
    moves: Literal[MOVES] | None = None  # type: ignore[valid-type]

    @model_validator(mode="after")
    def _positive_level(self) -> Node:
        vol = self.volatility
        if vol is not None and vol.positive and self.baseline and self.baseline.value <= 0:
            raise ValueError(
                "volatility.positive moves the log of the level: the baseline must be above 0"
            )
        return self

    @model_validator(mode="after")
    def _inverse_names_are_aliases(self) -> Node:
        if self.directions is not None:
            missing = [n for n in self.directions.inverse if n not in self.aliases]
            if missing:
                raise ValueError(
                    f"directions.inverse names {', '.join(map(repr, missing))}, "
                    "which are not among the node's aliases"
                )
        return self


LAWS = ("triangular", "uniform", "normal")


class Estimate(Model):
    """How a rule's size was estimated from data: its standard error, the events behind
    it (how many, the first and last), and the prior it was fitted against (the value and
    range the rule had from the literature or an assumption, which a refit starts from).

    Examples
    --------
    >>> Estimate.model_validate({"se": 0.05, "events": 180, "first": "2013-01-22",
    ...     "last": "2022-08-31", "prior": 0.3, "prior_range": [0.2, 0.4]}, strict=False).events
    180
    """

    se: Annotated[float, Field(ge=0.0)]
    events: Annotated[int, Field(ge=0)]
    first: Date
    last: Date
    prior: float
    prior_range: tuple[float, float] | None = None


class Magnitude(Model):
    """Size of a rule: target units per source unit, with an optional uncertainty range.

    With effect ``+`` or ``-`` the elasticity and range are sizes (>= 0) and the effect
    gives the sign; with effect ``?`` (a sign that is itself uncertain) they are signed
    and the range may cross zero. ``law`` is how Monte Carlo draws from the range:
    triangular with its mode at the elasticity (the default), uniform, or normal with
    its mean at the elasticity and a standard deviation of (high - low) / (2 * 1.645)
    (the range is read as a 90% interval), truncated to the range. ``estimate`` says how
    the elasticity was fitted to data (``macrograph calibrate --write-pack``).
    """

    elasticity: float
    range: tuple[float, float] | None = None
    law: Literal[LAWS] = "triangular"  # type: ignore[valid-type]
    units: Annotated[str, Field(pattern=UNITS_PATTERN)]
    estimate: Estimate | None = None

    @model_validator(mode="after")
    def _range_brackets_value(self) -> Magnitude:
        if self.range is not None:
            low, high = self.range
            if not low <= self.elasticity <= high:
                given = f"elasticity {self.elasticity:g}, range [{low:g}, {high:g}]"
                raise ValueError(f"range must satisfy low <= elasticity <= high (got {given})")
        return self

    @property
    def low(self) -> float:
        """The range's low end (the elasticity without a range)."""
        return self.range[0] if self.range else self.elasticity


def _sized(magnitude: Magnitude | None, info: ValidationInfo) -> Magnitude | None:
    """With effect + or -, a magnitude is a size: elasticity and range at least 0."""
    effect = info.data.get("effect")
    if magnitude is not None and effect in ("+", "-") and magnitude.low < 0.0:
        raise ValueError(
            f"with effect '{effect}' the elasticity and its range are sizes (>= 0); "
            "write effect '?' for a rule whose sign is uncertain (a signed range)"
        )
    return magnitude


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


def _known_sign(effect: str) -> str:
    if effect == "?":
        raise ValueError("only linear and integrate rules may have an uncertain sign ('?')")
    return effect


class RuleBase(Model):
    """Fields every rule kind shares."""

    id: NodeId
    source: NodeId
    target: NodeId
    channel: Word
    effect: Literal["+", "-", "?"]
    lag: Duration = "0d"
    confidence: Literal["low", "medium", "high"]
    when: Condition | None = None
    because: Text
    cites: Citation | None = None

    @property
    def sign(self) -> int:
        """+1 or -1, from ``effect``; 0 when the sign is uncertain (``?``)."""
        return {"+": 1, "-": -1}.get(self.effect, 0)

    @property
    def comoves(self) -> int:
        """+1 when the target moves with the source, -1 against it; the sign for most kinds."""
        return self.sign

    @property
    def scale(self) -> int:
        """What the magnitude is multiplied by to get a signed elasticity: the sign, or 1
        for an uncertain sign (whose magnitude is signed)."""
        return self.sign or 1

    @property
    def lag_days(self) -> int:
        """The lag in days."""
        return duration_days(self.lag)


class LinearRule(RuleBase):
    """Adds ``sign * elasticity * delta(source)`` to the target, ``lag`` later.

    With ``decay`` (a half-life), each move of the source passes on in full after the
    lag and then fades, halving every half-life: a step in the source gives the
    target a transient move. Without it the effect persists.
    """

    kind: Literal["linear"]
    magnitude: Magnitude | None = None
    decay: Duration | None = None

    _sized = field_validator("magnitude")(_sized)


class IntegrateRule(RuleBase):
    """A stock: the target accumulates ``sign * elasticity * delta(source)`` every period."""

    kind: Literal["integrate"]
    magnitude: Magnitude | None = None

    _sized = field_validator("magnitude")(_sized)


class ThresholdRule(RuleBase):
    """Fires once when the source's level enters ``crosses``: the target jumps by ``jump``."""

    kind: Literal["threshold"]
    crosses: Level
    jump: Magnitude

    _sized = field_validator("jump")(_sized)
    _signed = field_validator("effect")(_known_sign)

    @property
    def comoves(self) -> int:
        """+1 when the target moves with the source, -1 against it, 0 for a band.

        ``effect`` is the way the target jumps; whether that goes with the source depends on
        the side the level is crossed from: a jump down once the source falls *below* a
        level moves the target with the source. A band is entered from either side.
        """
        if self.crosses.above is not None and self.crosses.below is not None:
            return 0
        return -self.sign if self.crosses.below is not None else self.sign


class ClassifyRule(RuleBase):
    """Sets a stance from the source's level against a neutral band."""

    kind: Literal["classify"]
    neutral: tuple[float, float]
    labels: tuple[Text, Text, Text] = ("easing", "neutral", "tightening")

    _signed = field_validator("effect")(_known_sign)

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
    change: Amount | None = None
    level: Amount | None = None
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
    """One outcome of a probability-weighted view: a scenario, a short ``name`` users can
    give probabilities by (``--probabilities hike=0.6,skip=0.4``) and where its odds come from.
    """

    scenario: ScenarioId
    probability: Probability
    name: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]{0,31}$")] | None = None
    cites: Citation | None = None


class Expectation(Model):
    """What a scenario's source text expects of a node at a horizon, to check the model against.

    Give exactly one of ``sign`` (``+`` or ``-``: the direction of the change), ``change``
    (a range of the change, in the node's units), ``level`` (a range of the level) or
    ``rank`` (``largest_fall`` or ``largest_rise``: the biggest move of that direction
    among the nodes in the same unit).

    Examples
    --------
    >>> e = Expectation.model_validate({"node": "bond_yield", "horizon": "1m",
    ...     "level": [3.7, 3.9], "cites": {"basis": "seed", "claims": ["C14"]}}, strict=False)
    >>> e.level
    (3.7, 3.9)
    """

    node: NodeId
    horizon: Duration
    sign: Literal["+", "-"] | None = None
    change: tuple[float, float] | None = None
    level: tuple[float, float] | None = None
    rank: Literal["largest_fall", "largest_rise"] | None = None
    cites: Citation

    @model_validator(mode="after")
    def _one_test(self) -> Expectation:
        given = [x for x in (self.sign, self.change, self.level, self.rank) if x is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of 'sign', 'change', 'level' or 'rank'")
        for bounds in (self.change, self.level):
            if bounds is not None and bounds[0] > bounds[1]:
                raise ValueError("a range is [low, high] with low <= high")
        return self


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
    expects: tuple[Expectation, ...] = ()
    cites: Citation | None = None


AnyRule = LinearRule | IntegrateRule | ThresholdRule | ClassifyRule
