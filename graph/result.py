"""What a propagation returns: plain data, convertible to JSON-ready dicts.

Amounts are keyed by horizon label ("1d", "1w", ...). Deltas are the scenario
minus its comparison (``against``), in the node's unit (``pct`` nodes: percentage
points; ``pct_change`` nodes: percent).

A result carries its deltas, levels and bands. How each move splits (paths of rules,
channels, shocks, sign reasoning, tugs of war) costs more than the moves themselves and
most readers never ask: it is computed on first access, from an
:class:`AttributionSource`, and kept. ``result.attribution()`` computes all of it at once.
"""

from __future__ import annotations

import importlib
import math
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol, cast

from msgspec import Struct, field

from macrograph.graph.records import Amounts as Amounts
from macrograph.graph.records import Band as Band
from macrograph.graph.records import Channel as Channel
from macrograph.graph.records import Competing as Competing
from macrograph.graph.records import Contribution as Contribution
from macrograph.graph.records import DayMove as DayMove
from macrograph.graph.records import DivergentDraws as DivergentDraws
from macrograph.graph.records import PastBound as PastBound
from macrograph.graph.records import Qualitative as Qualitative
from macrograph.graph.records import RuleSwitch as RuleSwitch
from macrograph.graph.records import ShockInfo as ShockInfo
from macrograph.graph.records import Stance as Stance
from macrograph.graph.records import ThresholdEvent as ThresholdEvent
from macrograph.graph.records import event_key as event_key
from macrograph.graph.records import fired_rule as fired_rule
from macrograph.graph.words.reading import Reading
from macrograph.rules.vocabulary import UnitForm, active

if TYPE_CHECKING:  # pandas is an optional extra (macrograph[frame])
    from pandas import DataFrame

SCHEMA_VERSION = 1
FRAME_COLUMNS = (
    "node",
    "horizon",
    "date",
    "change",
    "p5",
    "p50",
    "p95",
    "unit",
    "level",
    "node_unit",
)
"""The columns of :meth:`Result.to_frame`, in order."""


class AttributionSource(Protocol):
    """Where a result's attribution comes from: each part computed once, when first asked.

    :class:`~macrograph.graph.contributions.LazyAttribution` is the one a propagation
    uses; a part's answer must not change between calls.
    """

    def sign(self, node: str) -> str:
        """``+``, ``-``, ``0``, or the sign reasoning's answer where no sized rule moved it."""
        ...

    def w(self, node: str) -> Amounts:
        """Per horizon, the dominance of the node's channels (1: all pull one way)."""
        ...

    def contributions(self, node: str) -> tuple[Contribution, ...]:
        """The node's strongest paths per shock, then feedback and other-path terms."""
        ...

    def channels(self, node: str) -> tuple[Channel, ...]:
        """What each incoming rule (and the shock itself) adds to the node."""
        ...

    def by_shock(self, node: str) -> dict[str, Amounts]:
        """The node's move per shock key."""
        ...

    def qualitative(self, node: str) -> Qualitative:
        """Counts of positive and negative paths from the shocks to the node."""
        ...

    def competing(self) -> tuple[Competing, ...]:
        """The nodes reached by channels of opposite sign."""
        ...


NODE_FIELDS = (
    "id",
    "label",
    "unit",
    "kind",
    "region",
    "delta",
    "level",
    "level_against",
    "sign",
    "w",
    "contributions",
    "channels",
    "by_shock",
    "qualitative",
    "band",
    "p_positive",
    "p_negative",
)
"""What a :class:`NodeOutcome` holds, in the order its dict lists it."""


class NodeOutcome(Struct, frozen=True, eq=False, kw_only=True):
    """Everything known about one node's move.

    ``sign``, ``w``, ``contributions``, ``channels``, ``by_shock`` and ``qualitative`` are
    read from ``source`` on first access (see :class:`AttributionSource`).
    """

    id: str
    label: str
    unit: str
    kind: str
    region: str
    delta: Amounts
    level: dict[str, float | None]
    level_against: dict[str, float | None]
    band: dict[str, Band] | None = None
    p_positive: Amounts | None = None
    p_negative: Amounts | None = None
    # the 5th and 95th percentiles of the scenario's own change, where its draws ran apart
    # from the comparison's (a bounded node's level band; the band above is of a difference)
    own_band: dict[str, tuple[float, float]] | None = None
    source: AttributionSource

    @property
    def sign(self) -> str:
        """The sign of the move at the last horizon (see :meth:`AttributionSource.sign`)."""
        return self.source.sign(self.id)

    @property
    def w(self) -> Amounts:
        """Per horizon, W = |sum| / sum of |channels|: 1 when every channel pulls one way."""
        return self.source.w(self.id)

    @property
    def contributions(self) -> tuple[Contribution, ...]:
        """The move split by shock and path of rules (strongest first; they add up to it)."""
        return self.source.contributions(self.id)

    @property
    def set_directly(self) -> tuple[Contribution, ...]:
        """The contributions of the shocks set on the node itself, those the channel with
        ``rule=""`` adds up: a threshold's jump (its key reads ``event:``) is its rule's."""
        return tuple(
            c for c in self.contributions if c.kind == "shock" and fired_rule(c.shock) is None
        )

    @property
    def channels(self) -> tuple[Channel, ...]:
        """The move split by incoming rule (``rule=""``: the shock itself)."""
        return self.source.channels(self.id)

    @property
    def by_shock(self) -> dict[str, Amounts]:
        """The move per shock key (scenario minus comparison)."""
        return self.source.by_shock(self.id)

    @property
    def qualitative(self) -> Qualitative:
        """Sign-only reasoning: positive and negative paths from the shocks."""
        return self.source.qualitative(self.id)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NodeOutcome):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in NODE_FIELDS)

    __hash__ = None  # type: ignore[assignment]  # holds dicts, like the data it replaces


class Attribution(Struct, frozen=True):
    """How every node's move splits: what :meth:`Result.attribution` returns, by node id."""

    sign: dict[str, str]
    w: dict[str, Amounts]
    contributions: dict[str, tuple[Contribution, ...]]
    channels: dict[str, tuple[Channel, ...]]
    by_shock: dict[str, dict[str, Amounts]]
    qualitative: dict[str, Qualitative]
    competing: tuple[Competing, ...]


class Result(Struct, frozen=True, eq=False, kw_only=True):
    """The outcome of propagating a scenario against its comparison.

    ``competing`` and the attribution parts of each node are computed on first access
    (see :class:`AttributionSource`); :meth:`attribution` computes them all at once.
    """

    scenario: str
    title: str
    against: str | None
    against_title: str | None
    anchor: date
    horizons: tuple[str, ...]
    dates: dict[str, date]
    nodes: dict[str, NodeOutcome]
    shocks: tuple[ShockInfo, ...]
    against_shocks: tuple[ShockInfo, ...]
    events: tuple[ThresholdEvent, ...]
    stances: dict[str, Stance]
    timeline: tuple[DayMove, ...]
    draws: int = 0
    seed: int = 0
    weighted: dict[str, float] = field(default_factory=dict)
    diverged: tuple[DivergentDraws, ...] = ()  # draws the bands leave out, by loop
    noise: tuple[str, ...] = ()  # nodes whose market noise the draws include
    overlay: str | None = None  # the id of the overlay applied to the pack, if any
    as_priced: bool = False  # the question is what its comparison already does
    # how each unit of the nodes reads, from the pack's vocabulary (to_frame shows changes so)
    unit_forms: dict[str, UnitForm] = field(default_factory=dict)
    reading: Reading | None = None  # how the question was read (None: a scenario given as data)
    past_bounds: tuple[PastBound, ...] = ()  # levels past a node's floor or ceiling
    switches: tuple[RuleSwitch, ...] = ()  # rules with a `when` that switched on or off
    # the day the event's period starts, where it is not the event's (a month from the 10th)
    anchor_period: date | None = None
    source: AttributionSource

    @property
    def competing(self) -> tuple[Competing, ...]:
        """The nodes reached by channels of opposite sign (a tug of war), in node order."""
        return self.source.competing()

    def fired_in_comparison_alone(self, rule: str) -> bool:
        """Whether threshold ``rule`` fired in the comparison and not in the scenario: its
        jump is what the scenario lacks, a difference of the opposite sign."""
        return {e.world for e in self.events if e.rule == rule} == {"against"}

    def shocked_in_comparison_alone(self, key: str) -> bool:
        """Whether the shock ``key`` (node and date) is the comparison's and not the
        scenario's: its absence moves the scenario against the comparison."""
        return all(s.key != key for s in self.shocks)

    def attribution(self) -> Attribution:
        """Every node's attribution, computed now (each part once) and kept.

        Examples
        --------
        >>> from macrograph import propagate, RunOptions
        >>> from macrograph.graph.synthetic.policy import policy_pack
        >>> result = propagate(policy_pack(), "rate holds", RunOptions(draws=0))
        >>> every = result.attribution()
        >>> every.contributions["price"] == result.nodes["price"].contributions
        True
        >>> [(c.path, c.amount["1m"]) for c in every.contributions["price"]]
        [(('path', 'price'), 0.25)]
        >>> parts = sum(c.amount["1m"] for c in every.contributions["price"])
        >>> abs(parts - result.nodes["price"].delta["1m"]) < 1e-9  # the parts add up
        True
        """
        ids = sorted(self.nodes)
        src = self.source
        return Attribution(
            sign={n: src.sign(n) for n in ids},
            w={n: src.w(n) for n in ids},
            contributions={n: src.contributions(n) for n in ids},
            channels={n: src.channels(n) for n in ids},
            by_shock={n: src.by_shock(n) for n in ids},
            qualitative={n: src.qualitative(n) for n in ids},
            competing=src.competing(),
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Result):
            return NotImplemented
        names = (*self.__struct_fields__, "competing")
        return all(getattr(self, n) == getattr(other, n) for n in names if n != "source")

    __hash__ = None  # type: ignore[assignment]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (no NaN, sorted keys, numbers rounded to 10 significant digits)."""
        body = {
            "schema_version": SCHEMA_VERSION,
            "scenario": self.scenario,
            "title": self.title,
            "against": self.against,
            "against_title": self.against_title,
            "overlay": self.overlay,
            "as_priced": self.as_priced,
            "reading": _plain(self.reading),
            "anchor": self.anchor.isoformat(),
            "horizons": list(self.horizons),
            "dates": {h: d.isoformat() for h, d in self.dates.items()},
            "draws": self.draws,
            "seed": self.seed,
            "diverged": [_plain(d) for d in self.diverged],
            "market_noise": list(self.noise),
            "weighted": self.weighted,
            "nodes": {k: _node_dict(v) for k, v in sorted(self.nodes.items())},
            "shocks": [_plain(s) for s in self.shocks],
            "against_shocks": [_plain(s) for s in self.against_shocks],
            "events": [_plain(e) for e in self.events],
            "switches": [_plain(s) for s in self.switches],
            "stances": {k: _plain(v) for k, v in sorted(self.stances.items())},
            "competing": [_plain(c) for c in self.competing],
            "timeline": [_plain(d) for d in self.timeline],
            "past_bounds": [_plain(b) for b in self.past_bounds],
        }
        return cast(dict[str, Any], clean(body))

    def to_frame(self) -> DataFrame:
        """The moves as a pandas DataFrame in long form: one row per node and horizon.

        Columns, in this order: ``node``, ``horizon`` (ordered as the result's horizons),
        ``date``, ``change`` and its band ``p5``, ``p50``, ``p95`` (NaN without draws) as the
        text output shows them, in ``unit`` (from the pack's vocabulary: a rate's change in
        ``bp``, a price's in ``%``); then ``level`` (NaN for a node without one) in the
        node's own unit, ``node_unit``. Nodes are sorted by id. Needs pandas
        (``pip install macrograph[frame]``).

        Examples
        --------
        >>> from macrograph import propagate, RunOptions
        >>> from macrograph.graph.synthetic.policy import policy_pack
        >>> frame = propagate(policy_pack(), "rate holds", RunOptions(draws=0)).to_frame()
        >>> list(frame.columns)
        ['node', 'horizon', 'date', 'change', 'p5', 'p50', 'p95', 'unit', 'level', 'node_unit']
        >>> list(frame[frame.node == "price"].horizon)
        ['1d', '1w', '1m']
        """
        try:  # imported by name: pandas is an optional extra
            pd = importlib.import_module("pandas")
        except ImportError:
            raise ImportError(
                "Result.to_frame needs pandas: pip install macrograph[frame]"
            ) from None
        rows = [
            self._frame_row(node, h)
            for _, node in sorted(self.nodes.items())
            for h in self.horizons
        ]
        frame = pd.DataFrame(rows, columns=list(FRAME_COLUMNS))
        frame["horizon"] = pd.Categorical(frame["horizon"], list(self.horizons), ordered=True)
        frame["date"] = pd.to_datetime(frame["date"])
        return cast("DataFrame", frame)

    def _frame_row(self, node: NodeOutcome, h: str) -> tuple[Any, ...]:
        """One row of :meth:`to_frame`: the change and its band as shown, the level as is."""
        form = self.unit_forms.get(node.unit) or active().unit(node.unit)
        band = node.band.get(h) if node.band is not None else None
        nan = float("nan")
        level = node.level.get(h)
        spread = (nan, nan, nan) if band is None else (band.p5, band.p50, band.p95)
        return (
            node.id,
            h,
            self.dates[h],
            form.shown_change(node.delta[h]),
            *(form.shown_change(x) for x in spread),
            form.change_unit(node.unit),
            nan if level is None else level,
            node.unit,
        )


def _node_dict(node: NodeOutcome) -> dict[str, Any]:
    return {name: _plain(getattr(node, name)) for name in NODE_FIELDS if name != "id"}


def _plain(obj: Any) -> Any:
    names = getattr(obj, "__struct_fields__", None) or getattr(obj, "__dataclass_fields__", None)
    if names is not None:
        return {name: _plain(getattr(obj, name)) for name in names}
    if isinstance(obj, dict):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_plain(v) for v in obj]
    if isinstance(obj, date):
        return obj.isoformat()
    return obj


def clean(obj: Any) -> Any:
    """Round floats to 10 significant digits, turn -0.0 into 0.0 and refuse NaN/inf.

    Examples
    --------
    >>> clean({"move": [0.1 + 0.2, -0.0, 1 / 3]})
    {'move': [0.3, 0.0, 0.3333333333]}
    """
    if isinstance(obj, float):
        if not math.isfinite(obj):
            raise ValueError("non-finite number in a result")
        value = float(f"{obj:.10g}")
        return 0.0 if value == 0 else value
    if isinstance(obj, dict):
        return {k: clean(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [clean(v) for v in obj]
    return obj
