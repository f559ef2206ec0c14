"""The parts of a :class:`~macrograph.graph.result.Result`: plain records, one per fact.

Each field carries a docstring: the JSON Schemas of the outputs
(:mod:`macrograph.explain.output_schema`) describe their fields with them, through a dataclass
made from each record when a schema is asked for (pydantic reads a dataclass's source, which
is the record's). ``msgspec.Struct`` records, as the package's others: twelve frozen
dataclasses compiled some 70 methods, 6 ms of every command's start. Amounts are keyed by
horizon label ("1d", "1w", ...) and are in the node's unit (``pct`` nodes: percentage points;
``pct_change`` nodes: percent), the scenario minus its comparison.

Examples
--------
>>> Band(p5=-1.0, p50=0.5, p95=2.0).p50
0.5
"""

from __future__ import annotations

from datetime import date

from msgspec import Struct

Amounts = dict[str, float]

EVENT = "event:"
"""How the key of a fired threshold's jump starts: ``event:RULE`` (a shock's is ``node@date``)."""


def event_key(rule_id: str) -> str:
    """The key under which the jump of the threshold rule ``rule_id`` is attributed.

    Examples
    --------
    >>> event_key("crash"), fired_rule(event_key("crash")), fired_rule("rate@2026-01-02")
    ('event:crash', 'crash', None)
    """
    return EVENT + rule_id


def fired_rule(key: str) -> str | None:
    """The threshold rule whose jump a shock or channel key names, or None for a shock.

    Examples
    --------
    >>> fired_rule("event:crash"), fired_rule("rate@2026-01-02")  # a threshold's jump; a shock
    ('crash', None)
    """
    return key.removeprefix(EVENT) if key.startswith(EVENT) else None


class Contribution(Struct, frozen=True):
    """Part of a node's delta: one shock, along one path of rules (or a residual term).

    ``kind`` is ``"shock"`` (the node was shocked directly), ``"path"``, ``"feedback"``
    (what loops add beyond the simple paths) or ``"other"`` (paths not listed).
    """

    shock: str
    """The key (``node@date``) of the shock this part comes from."""
    path: tuple[str, ...]
    """The nodes the effect passes through, from the shocked node to this one."""
    rules: tuple[str, ...]
    """The ids of the rules along the path, in order."""
    amount: Amounts
    """This part of the node's move, per horizon, in the node's unit."""
    kind: str = "path"
    """``shock`` (the node itself was shocked), ``path``, ``feedback`` (what loops add
    beyond the simple paths) or ``other`` (the paths not listed)."""


class Channel(Struct, frozen=True):
    """What one incoming rule (or the shock itself, ``rule=""``) adds to a node."""

    rule: str
    """The id of the incoming rule; empty for the shock on the node itself."""
    source: str
    """The node the rule comes from (the node itself for its shock)."""
    amount: Amounts
    """What the rule adds to the node's move, per horizon, in the node's unit."""


class Band(Struct, frozen=True):
    """Monte Carlo percentiles of a delta."""

    p5: float
    """The 5th percentile of the move over the Monte Carlo draws, in the node's unit."""
    p50: float
    """The median of the move over the draws."""
    p95: float
    """The 95th percentile of the move over the draws."""


class PastBound(Struct, frozen=True):
    """A level that passes a physical bound of its node (a stock below 0): the rules are
    linear, so a move this large is overstated; the level is reported, not clamped."""

    node: str
    """The id of the node."""
    horizon: str
    """The horizon at which the level passes the bound."""
    reading: str
    """Which level passes it: ``level`` (the scenario's), ``p5`` or ``p95`` (the level at
    that end of the Monte Carlo band)."""
    level: float
    """That level, in the node's unit."""
    bound: float
    """The bound it passes, in the node's unit (the node's own, or its unit's)."""
    side: str
    """``floor`` (the level is below it) or ``ceiling`` (above it)."""


class DivergentDraws(Struct, frozen=True):
    """Monte Carlo draws left out of the bands: their elasticities made ``loop`` run away.

    ``kind`` ``loop``: ``loop`` is a loop in order, ``gain`` its largest gain among them;
    ``system``: ``loop`` is a strongly connected set of nodes (sorted) whose linear
    dynamics grow, ``gain`` the largest growth factor per period; ``instant``: a set of
    zero-lag rules whose gain within a period is 1 or more, up to ``gain``; ``set``: a
    strongly connected set (sorted) with more than one loop in it, whose rules' gain (all
    lags summed) is 1 or more, up to ``gain``. ``date`` is when the first ran away.
    """

    loop: tuple[str, ...]
    """The nodes that ran away: a loop in order (``loop``), or a set, sorted (``system``,
    ``instant``, ``set``)."""
    draws: int
    """How many draws ran away this way and are left out of the bands."""
    gain: float
    """The largest gain of the loop among those draws (a growth factor per period for
    ``system``)."""
    date: date
    """When the first of them ran away."""
    kind: str = "loop"
    """``loop`` (a feedback loop's gain of 1 or more), ``system`` (a strongly connected
    set whose dynamics grow), ``instant`` (zero-lag rules whose gain within a period is
    1 or more) or ``set`` (a strongly connected set of loops whose gain is 1 or more)."""


class Qualitative(Struct, frozen=True):
    """Sign-only reasoning: counts of positive and negative paths from the shocks."""

    sign: str
    """The sign the paths agree on: ``+``, ``-``, ``?`` (they disagree, or one is of
    uncertain sign) or ``0`` (no path)."""
    w: float
    """The paths' dominance: |positive - negative| / (positive + negative); 1 when they
    all go one way or none reaches the node."""
    positive_paths: int
    """How many paths from the shocks push the node up."""
    negative_paths: int
    """How many paths push it down."""
    unsized_paths: int = 0
    """Paths through a rule with no magnitude: only their signs reach the node."""
    uncertain_paths: int = 0
    """Paths through a rule of uncertain sign (``?``): ambiguous."""


class ShockInfo(Struct, frozen=True):
    """A shock of the scenario (or of its comparison), with the surprise of a decision."""

    key: str
    """The shock's id: ``node@date`` (``#2`` and on for a further shock on that node and
    date)."""
    node: str
    """The node the shock moves."""
    date: date
    """The day it happens, ISO 8601."""
    label: str
    """What the shock is, in words."""
    change: float | None
    """The change it makes, in the node's unit; null for a level."""
    level: float | None
    """The level it sets, in the node's unit; null for a change."""
    priced_probability: float | None
    """For a decision: the odds markets had put on it (0 to 1); null otherwise."""
    priced_change: float | None
    """For a decision: the size of the move markets priced, in the node's unit."""
    surprise: float | None
    """For a decision: its size minus what was priced (probability times size); null
    otherwise."""
    unpriced: bool
    """A decision markets gave no odds: the whole move is a surprise."""
    decision: float | None
    """For a level on a policy node: the change that level makes from the level in
    force."""
    expectations: str | None
    """For a decision: the node of its market-implied path, which moves by the surprise."""
    claims: tuple[str, ...]
    """The ids of the pack's claims the shock cites."""
    applied: float | None = None
    """The change the shock made to its node on its date, in the node's unit: ``change``,
    or for a level what it took to reach ``level`` from where the node stood."""


class ThresholdEvent(Struct, frozen=True):
    """A threshold rule that fired, in the scenario or in its comparison."""

    rule: str
    """The id of the threshold rule."""
    source: str
    """The node whose level crossed the threshold."""
    target: str
    """The node the rule moves when it fires."""
    date: date
    """When it fired."""
    jump: float
    """The jump it gave the target, in the target's unit."""
    world: str
    """``scenario`` or ``against``: which world it fired in."""


class Stance(Struct, frozen=True):
    """A classify rule's reading at each horizon, in both worlds."""

    node: str
    """The stance node the rule sets."""
    rule: str
    """The id of the classify rule."""
    source: str
    """The node whose level the rule reads."""
    neutral: tuple[float, float]
    """The neutral range of the source's level: below it one stance, above it another."""
    scenario: dict[str, str]
    """The stance per horizon in the scenario."""
    against: dict[str, str]
    """The stance per horizon in the comparison."""
    level: dict[str, float]
    """The source's level per horizon in the scenario, in its unit."""
    level_against: dict[str, float]
    """The source's level per horizon in the comparison."""


class Competing(Struct, frozen=True):
    """A node reached by channels of opposite sign (a tug of war)."""

    node: str
    """The node pulled both ways."""
    w: Amounts
    """Per horizon, the net move over the sum of the channels' sizes (1: all one way)."""
    horizons: tuple[str, ...]
    """The horizons at which channels pull both ways with ``w`` low enough to be a tug of
    war."""
    up: tuple[Channel, ...]
    """The channels pushing the node up at the last of those horizons, strongest first."""
    down: tuple[Channel, ...]
    """The channels pulling it down there, strongest first."""


class DayMove(Struct, frozen=True):
    """How the scenario moved on one shock date (end of day against the day before)."""

    date: date
    """A day on which the scenario has shocks."""
    shocks: tuple[str, ...]
    """The labels of that day's shocks."""
    moves: dict[str, float]
    """Each node that moved that day, by id: its move from the day before, in its unit."""


class RuleSwitch(Struct, frozen=True):
    """A rule with a ``when`` condition that switched on or off during a run: its
    condition's node crossed a bound of the condition. A rule that keeps the state it
    starts in is not recorded; one that switches in one world and not in the other is
    recorded for the world it switches in."""

    rule: str
    """The id of the rule."""
    source: str
    """The node the rule comes from."""
    target: str
    """The node the rule moves while it is on."""
    node: str
    """The node whose level the rule's ``when`` reads."""
    world: str
    """``scenario`` or ``against``: which world it switched in."""
    start: bool
    """Whether the rule is on at the start, with every node at its baseline."""
    on: date | None
    """The first day it is on after being off; null if it never switched on."""
    off: date | None
    """The first day it is off after being on; null if it never switched off."""
    more: int = 0
    """How many more times it switched, on or off, after its first ``on`` and ``off``."""
