"""Synthetic packs for tests and benchmarks: random layered graphs with planted loops.

Nodes sit in layers; every rule runs from one layer to a later one, so the graph
is acyclic until loops are planted. A planted loop is a ring of fresh nodes fed
from one layer and feeding a later one, so its gain is exactly the one asked for
(the loop is a strongly connected component of its own). Everything is drawn
from ``numpy.random.default_rng(seed)``: the same arguments give the same pack.

:func:`rule` and :func:`pack_of` build small packs by hand, for tests that state
the engine's semantics on a few nodes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

import numpy as np
from msgspec import Struct
from msgspec.structs import replace

from macrograph.graph.specs import ScenarioSpec, ShockSpec
from macrograph.rules.episodes import Episode, Observation
from macrograph.rules.info import PackInfo, UnitWord
from macrograph.rules.models import (
    AnyRule,
    Baseline,
    Citation,
    Condition,
    IntegrateRule,
    Level,
    LinearRule,
    Magnitude,
    Node,
    Priced,
    Scenario,
    Shock,
    ThresholdRule,
)
from macrograph.rules.overlay import BaselineChange, Overlay, OverlayInfo, SizeChange
from macrograph.rules.pack import Pack
from macrograph.rules.volatility import Volatility

START = date(2025, 1, 6)
ENTRY_WEIGHT = 0.5  # elasticity of the rules into and out of a planted loop


class LoopSpec(Struct, frozen=True):
    """A loop to plant: ``length`` rules whose round trip multiplies a move by ``gain``.

    A negative gain makes a balancing loop. ``lag`` (days) sits on the rule that
    closes the ring; 0 makes a zero-lag loop, solved within a period.
    """

    length: int
    gain: float
    lag: int = 0


class Shape(Struct, frozen=True):
    """The knobs of :func:`synthetic_pack` besides size and seed."""

    layers: int = 8
    max_lag: int = 5
    integrate: float = 0.0  # share of layered rules that are stocks
    conditional: float = 0.0  # share of layered rules with a `when`
    thresholds: int = 0
    shocks: int = 3
    nodes: int | None = None  # default: a third of the rules, at least two per layer
    horizons: tuple[str, ...] = ("1d", "1w", "1m", "3m")


def synthetic_pack(
    rules: int, seed: int = 0, loops: Sequence[LoopSpec] = (), shape: Shape | None = None
) -> Pack:
    """A pack of exactly ``rules`` rules on a random layered graph, with ``loops`` planted.

    Its one scenario, ``synthetic``, shocks ``shape.shocks`` first-layer nodes on
    consecutive days; it has no comparison.

    Examples
    --------
    >>> pack = synthetic_pack(40, seed=1, loops=[LoopSpec(2, 0.5)])
    >>> len(pack.rules), pack.info.default_scenario
    (40, 'synthetic')
    """
    shape = shape or Shape()
    rng = np.random.default_rng(seed)
    layered = rules - sum(loop.length + 2 for loop in loops) - shape.thresholds
    if layered < 0:
        raise ValueError(f"{rules} rules cannot hold the loops and thresholds asked for")
    count = shape.nodes or max(2 * shape.layers, rules // 3)
    layer_of = np.sort(rng.integers(0, shape.layers, count))
    layer_of[: shape.layers] = np.arange(shape.layers)  # no layer left empty
    layer_of.sort()
    made = _Maker(rng, layer_of, shape)
    found = made.layered(layered) + made.thresholds(shape.thresholds)
    for k, loop in enumerate(loops):
        found += made.loop(k, loop)
    return _pack(made.nodes, found, [made.scenario(shape.shocks)], shape.horizons)


class _Maker:
    """Draws nodes and rules in a fixed order from one generator."""

    def __init__(self, rng: np.random.Generator, layer_of: np.ndarray, shape: Shape) -> None:
        self.rng, self.shape = rng, shape
        self.ids = [f"n{i:06d}" for i in range(len(layer_of))]
        self.first = np.searchsorted(layer_of, np.arange(shape.layers + 1))
        self.nodes = [_node(i) for i in self.ids]
        self.count = 0

    def in_layer(self, layer: int) -> str:
        lo, hi = int(self.first[layer]), int(self.first[layer + 1])
        return self.ids[int(self.rng.integers(lo, hi))]

    def pair(self) -> tuple[str, str, int]:
        """A source and a later target, and the source's layer."""
        a = int(self.rng.integers(0, self.shape.layers - 1))
        b = int(self.rng.integers(a + 1, self.shape.layers))
        return self.in_layer(a), self.in_layer(b), a

    def rule_id(self) -> str:
        self.count += 1
        return f"r{self.count:07d}"

    def layered(self, count: int) -> list[AnyRule]:
        found: list[AnyRule] = []
        for _ in range(count):
            source, target, layer = self.pair()
            stock = self.rng.random() < self.shape.integrate
            when = self.condition(layer) if self.rng.random() < self.shape.conditional else None
            lag = int(self.rng.integers(0, self.shape.max_lag + 1))  # lag 0: within the period
            size = float(np.round(self.rng.uniform(0.2, 0.9), 3))
            elasticity = size if self.rng.random() < 0.5 else -size
            kind = IntegrateRule if stock else LinearRule
            found.append(_rule(kind, self.rule_id(), (source, target), elasticity, lag, when))
        return found

    def condition(self, layer: int) -> Condition:
        node = self.in_layer(int(self.rng.integers(0, layer + 1)))
        bound = float(np.round(self.rng.uniform(-0.3, 0.3), 3))
        if self.rng.random() < 0.5:
            return Condition(node=node, above=bound)
        return Condition(node=node, below=bound)

    def thresholds(self, count: int) -> list[AnyRule]:
        found: list[AnyRule] = []
        for _ in range(count):
            source, target, _layer = self.pair()
            bound = float(np.round(self.rng.uniform(0.01, 0.2), 3))
            crosses = Level(above=bound) if self.rng.random() < 0.5 else Level(below=-bound)
            size = float(np.round(self.rng.uniform(0.5, 2.0), 3))
            found.append(
                ThresholdRule(
                    id=self.rule_id(),
                    kind="threshold",
                    source=source,
                    target=target,
                    channel="pass_through",
                    effect="+" if self.rng.random() < 0.5 else "-",
                    confidence="medium",
                    because="synthetic threshold",
                    crosses=crosses,
                    jump=_magnitude(size),
                )
            )
        return found

    def loop(self, k: int, spec: LoopSpec) -> list[AnyRule]:
        ring = [f"l{k:03d}_{i:03d}" for i in range(spec.length)]
        self.nodes += [_node(i) for i in ring]
        entry = int(self.rng.integers(0, self.shape.layers - 1))
        size = abs(spec.gain) ** (1.0 / spec.length)
        found = [
            _rule(LinearRule, self.rule_id(), (self.in_layer(entry), ring[0]), ENTRY_WEIGHT, 0)
        ]
        for i, (a, b) in enumerate(zip(ring, ring[1:] + ring[:1], strict=True)):
            closing = i == spec.length - 1
            negative = closing and spec.gain < 0
            lag = spec.lag if closing else 0
            found.append(_rule(LinearRule, self.rule_id(), (a, b), size, lag, negative=negative))
        exit_layer = int(self.rng.integers(entry + 1, self.shape.layers))
        ends = (ring[-1], self.in_layer(exit_layer))
        exit_rule = _rule(LinearRule, self.rule_id(), ends, ENTRY_WEIGHT, 0)
        return [*found, exit_rule]

    def scenario(self, count: int) -> Scenario:
        shocks = tuple(
            Shock(
                node=self.in_layer(0),
                date=START + timedelta(days=i),
                change=float(np.round(self.rng.uniform(0.5, 1.5), 3)) * (-1) ** i,
                label=f"shock {i + 1}",
            )
            for i in range(count)
        )
        return Scenario(
            id="synthetic", title="Synthetic", summary="Synthetic shocks", shocks=shocks
        )


def rule(
    rule_id: str,
    source: str,
    target: str,
    elasticity: float,
    lag: int = 0,
    integrate: bool = False,
    when: Condition | None = None,
) -> AnyRule:
    """A linear (or integrate) rule; a negative ``elasticity`` gives effect ``-``.

    Examples
    --------
    >>> r = rule("a_to_b", "a", "b", -0.5, lag=3)
    >>> r.sign, r.magnitude.elasticity, r.lag
    (-1, 0.5, '3d')
    """
    kind = IntegrateRule if integrate else LinearRule
    return _rule(kind, rule_id, (source, target), elasticity, lag, when)


def pack_of(
    rules: Sequence[AnyRule],
    baselines: Mapping[str, float] | None = None,
    scenarios: Sequence[Scenario] = (),
    horizons: tuple[str, ...] = ("1d", "1w", "1m", "3m"),
) -> Pack:
    """A pack of ``rules`` with a node for every id they name (levels from ``baselines``).

    Examples
    --------
    >>> pack = pack_of([rule("a_to_b", "a", "b", 0.5)], baselines={"a": 1.0})
    >>> sorted(pack.nodes), pack.nodes["a"].baseline.value
    (['a', 'b'], 1.0)
    """
    named = {r.source for r in rules} | {r.target for r in rules}
    named |= {r.when.node for r in rules if r.when is not None}
    nodes = [_node(n, (baselines or {}).get(n)) for n in sorted(named)]
    default = Scenario(id="none", title="No shock", summary="No shock")
    return _pack(nodes, list(rules), [*scenarios, default], horizons)


def units_pack() -> Pack:
    """Four nodes, one of each kind of unit, for examples of sizes read and written:
    ``rate`` (a rate in percent, changes in bp, at 2.00% and moving 3bp a day), ``price``
    (a price, changes in percent, at 150 and moving 0.6% a day), ``index`` (points) and
    ``flow`` (the pack's own unit, ``GWh a day``, at 400).

    Examples
    --------
    >>> pack = units_pack()
    >>> [(n, pack.nodes[n].unit) for n in pack.nodes]
    [('flow', 'gwh_day'), ('index', 'index'), ('price', 'pct_change'), ('rate', 'pct')]
    """
    moving = {"rate": ("pct", 2.0, 0.03), "price": ("pct_change", 150.0, 0.6)}
    nodes = {"index": _node("index"), "flow": _node("flow", 400.0)}
    nodes["flow"] = nodes["flow"].model_copy(update={"unit": "gwh_day"})
    for node_id, (unit, level, daily) in moving.items():
        noise = Volatility(value=daily, trades="weekdays", cites=_CITE)
        update = {"unit": unit, "volatility": noise}
        nodes[node_id] = _node(node_id, level).model_copy(update=update)
    moves = [rule("rate_moves_price", "rate", "price", -1.0)]
    none = Scenario(id="none", title="No shock", summary="No shock")
    pack = _pack(list(nodes.values()), moves, [none], ("1d", "1m"))
    own = UnitWord(id="gwh_day", suffix=" GWh a day")
    return replace(pack, info=pack.info.model_copy(update={"units": (own,)}))


def slump_pack() -> Pack:
    """Two nodes, ``a`` lifting ``b``, and a scenario ``a-slumps`` that cuts ``a`` by one on
    6 Jan 2025: the examples of how a scenario's name is read.

    Examples
    --------
    >>> sorted(slump_pack().scenarios)
    ['a-slumps', 'none']
    """
    fall = Shock(node="a", date=START, label="a slumps", change=-1.0)
    said = Scenario(id="a-slumps", title="A slumps", summary="A slumps", shocks=(fall,))
    return pack_of([rule("a_to_b", "a", "b", 0.5)], scenarios=[said])


def hike_pack() -> Pack:
    """:func:`units_pack` with one episode of the record, ``hike``: ``rate`` +20bp on 6 Jan
    2025, after which ``price`` was seen 0.3% lower a day later and 0.5% lower a week later
    (the pack's rule says 0.2% lower): the examples of how answers are set beside the record.

    Examples
    --------
    >>> episode = hike_pack().episodes["hike"]
    >>> [(o.node, o.window, o.change) for o in episode.observed]
    [('price', '1d', -0.3), ('price', '1w', -0.5)]
    """
    seen = Citation(basis="observed", rationale="synthetic")
    moves = (("1d", -0.3), ("1w", -0.5))
    hike = Episode(
        id="hike",
        title="Hike",
        date=START,
        shocks=(Shock(node="rate", date=START, label="rate +20bp", change=0.2),),
        observed=tuple(Observation(node="price", window=w, change=c, cites=seen) for w, c in moves),
    )
    return replace(units_pack(), episodes={"hike": hike})


def floor_pack() -> Pack:
    """Two nodes, ``a`` (at 0.5) lifting ``b`` (at 0.2, with a floor of 0), and a scenario
    ``a-falls`` that cuts ``a`` by one on 6 Jan 2025, taking ``b`` to -0.3, past its floor:
    the examples of how a level past a bound is told.

    Examples
    --------
    >>> pack = floor_pack()
    >>> pack.nodes["b"].floor, sorted(pack.scenarios)
    (0.0, ['a-falls', 'none'])
    """
    fall = Shock(node="a", date=START, label="a falls", change=-1.0)
    said = Scenario(id="a-falls", title="A falls", summary="A falls", shocks=(fall,))
    pack = pack_of([rule("a_to_b", "a", "b", 0.5)], {"a": 0.5, "b": 0.2}, [said])
    floored = pack.nodes["b"].model_copy(update={"floor": 0.0})
    return replace(pack, nodes={**pack.nodes, "b": floored})


def wet_view() -> Overlay:
    """An overlay of :func:`floor_pack`, the view ``wet``: ``a_to_b`` twice as large (1.0
    instead of 0.5) and ``b`` starting at 0.5 instead of 0.2, for the examples of how two
    views of one question read side by side.

    Examples
    --------
    >>> view = wet_view()
    >>> view.overlay.id, [(c.rule, c.elasticity) for c in view.changes]
    ('wet', [('a_to_b', 1.0)])
    """
    said = Citation(basis="assumption", rationale="a wetter year")
    larger = SizeChange(rule="a_to_b", elasticity=1.0, range=(0.5, 1.5))
    start = BaselineChange(node="b", value=0.5, as_of=START, cites=said)
    info = OverlayInfo(id="wet", title="A wet year")
    return Overlay(overlay=info, changes=(larger,), baselines=(start,))


def rate_step() -> ScenarioSpec:
    """A lasting step of +20bp in :func:`units_pack`'s ``rate`` on 6 Jan 2025, against no
    shocks: the question the examples of how an answer reads ask.

    Examples
    --------
    >>> [(s.node, s.change) for s in rate_step().shocks]
    [('rate', 0.2)]
    """
    on = date(2025, 1, 6)
    step = ShockSpec("rate", on, "rate +20bp", change=0.2)
    return ScenarioSpec("rate-step", "rate +20bp", "rate +20bp", (step,), None, on)


def rate_skip() -> ScenarioSpec:
    """An 85%-priced 25bp hike of :func:`units_pack`'s ``rate`` that does not come on 6 Jan
    2025, against no shocks: a dovish surprise of -21.25bp, the question the examples of how
    a priced decision reads ask.

    Examples
    --------
    >>> [(s.node, s.change, s.priced.probability) for s in rate_skip().shocks]
    [('rate', 0.0, 0.85)]
    """
    on = date(2025, 1, 6)
    odds = Priced(probability=0.85, change=0.25)
    skip = ShockSpec("rate", on, "no hike", change=0.0, priced=odds)
    return ScenarioSpec("rate-skip", "No hike", "No hike", (skip,), None, on)


def labelled(pack: Pack, labels: Mapping[str, str]) -> Pack:
    """``pack`` with the nodes named in ``labels`` given those labels, for examples of how a
    node's name reads.

    Examples
    --------
    >>> pack = labelled(slump_pack(), {"b": "Reservoir level"})
    >>> pack.nodes["b"].label, pack.nodes["a"].label
    ('Reservoir level', 'a')
    """
    nodes = {
        n: node.model_copy(update={"label": labels[n]}) if n in labels else node
        for n, node in pack.nodes.items()
    }
    return replace(pack, nodes=nodes)


def _node(node_id: str, level: float | None = None) -> Node:
    return Node(
        id=node_id,
        label=node_id,
        kind="indicator",
        region="global",
        unit="index",
        description="synthetic node",
        baseline=None if level is None else Baseline(value=level, as_of=START, cites=_CITE),
    )


_CITE = Citation(basis="assumption", rationale="synthetic")


def _magnitude(size: float) -> Magnitude:
    return Magnitude(elasticity=size, range=(0.5 * size, 1.5 * size), units="index/index")


def _rule(
    kind: type[LinearRule] | type[IntegrateRule],
    rule_id: str,
    ends: tuple[str, str],
    elasticity: float,
    lag: int,
    when: Condition | None = None,
    negative: bool = False,
) -> AnyRule:
    """A rule from ``ends[0]`` to ``ends[1]``: effect ``-`` for a negative ``elasticity``
    (or with ``negative``, which a size of 0 cannot carry), its size the absolute value."""
    source, target = ends
    sign = "-" if elasticity < 0 or negative else "+"
    return kind.model_validate(
        {
            "id": rule_id,
            "kind": "integrate" if kind is IntegrateRule else "linear",
            "source": source,
            "target": target,
            "channel": "pass_through",
            "effect": sign,
            "lag": f"{lag}d",
            "confidence": "medium",
            "because": "synthetic rule",
            "when": when,
            "magnitude": _magnitude(abs(elasticity)),
        }
    )


def _pack(
    nodes: list[Node], rules: list[AnyRule], scenarios: list[Scenario], horizons: tuple[str, ...]
) -> Pack:
    info = PackInfo(
        id="synthetic",
        title="Synthetic pack",
        description="A random layered graph",
        default_scenario=scenarios[0].id,
        horizons=horizons,
        as_of=START,
    )
    return Pack(
        root="<synthetic>",
        info=info,
        nodes={n.id: n for n in sorted(nodes, key=lambda n: n.id)},
        rules={r.id: r for r in sorted(rules, key=lambda r: r.id)},
        scenarios={s.id: s for s in sorted(scenarios, key=lambda s: s.id)},
    )
