"""Compile a pack's rules into arrays the engine steps through.

Kept free of networkx so that a what-if does not pay for importing it: the
zero-lag structure (strongly connected components in topological generations)
is computed here with a small iterative Tarjan.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from msgspec import Struct, field

from macrograph.rules.models import (
    AnyRule,
    ClassifyRule,
    IntegrateRule,
    LinearRule,
    ThresholdRule,
    duration_periods,
)
from macrograph.rules.pack import Pack
from macrograph.rules.vocabulary import vocabulary_for

IntArray = np.ndarray
FloatArray = np.ndarray


class EdgeSet(Struct, frozen=True):
    """Linear and integrate rules as parallel arrays (one entry per rule, in id order)."""

    rule_ids: tuple[str, ...]
    src: IntArray
    tgt: IntArray
    sign: FloatArray  # +1 or -1, the rule's effect; 0 for an uncertain sign ("?")
    weight: FloatArray  # signed elasticity; 0 where the rule has no magnitude
    low: FloatArray  # signed range, low <= high
    high: FloatArray
    lag: IntArray  # lag in periods (an integrate rule with lag 0 accumulates in the period)
    integrate: np.ndarray
    cond_node: IntArray  # -1 when the rule has no `when`
    cond_above: FloatArray
    cond_below: FloatArray
    quantified: np.ndarray
    keep: FloatArray = field(default_factory=lambda: np.zeros(0))  # decay: share kept per period

    def __len__(self) -> int:
        return len(self.rule_ids)

    @property
    def decaying(self) -> IntArray:
        """Positions of the rules with a ``decay`` (their ``keep`` is below 1)."""
        if len(self.keep) == 0:
            return np.zeros(0, dtype=int)
        return np.flatnonzero(self.keep < 1.0)


class Threshold(Struct, frozen=True):
    """A threshold rule: when the source's level enters [above, below], the target jumps;
    with a ``when``, only while the level of node ``cond`` (-1: none) is in its bounds."""

    rule_id: str
    src: int
    tgt: int
    above: float
    below: float
    jump: float
    low: float
    high: float
    lag: int
    cond: int = -1
    cond_above: float = -np.inf
    cond_below: float = np.inf


class Classifier(Struct, frozen=True):
    """A classify rule: the stance of ``tgt`` read from the level of ``src``."""

    rule: ClassifyRule
    src: int
    tgt: int


class Generation(Struct, frozen=True):
    """Nodes whose zero-lag inputs are all settled by earlier generations."""

    acyclic: IntArray
    cyclic: tuple[IntArray, ...]


class Compiled(Struct, frozen=True, eq=False):
    """Everything the engine needs, as arrays indexed by node position.

    ``cache`` holds what the engine derives from these arrays (see
    :mod:`macrograph.graph.engine.plan`), so that it is derived once per compiled pack.
    """

    node_ids: tuple[str, ...]
    index: dict[str, int]
    baseline: FloatArray  # 0 where a node has no baseline
    edges: EdgeSet
    thresholds: tuple[Threshold, ...]
    classifiers: tuple[Classifier, ...]
    generations: tuple[Generation, ...]
    cache: dict[str, Any] = field(default_factory=dict)
    # How much one unit of a node's change moves its level: 1, or baseline / 100 for a
    # node whose changes are percent changes of its level (+1% of a level of 156 is 157.56).
    level_per_unit: FloatArray | None = None

    def level_scale(self) -> FloatArray:
        """``level_per_unit``, with 1 for every node when the pack has no percent levels."""
        if self.level_per_unit is None:
            return np.ones(len(self.node_ids))
        return self.level_per_unit

    @property
    def size(self) -> int:
        """Number of nodes."""
        return len(self.node_ids)


def compile_pack(pack: Pack, period: str | None = None) -> Compiled:
    """Compile a validated pack into arrays; durations count periods (default the pack's).

    Raises ValueError on a duration that is not a whole number of periods (lint
    reports it first, naming the field).

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> compiled = compile_pack(units_pack())
    >>> compiled.node_ids[compiled.index["price"]]
    'price'
    """
    node_ids = tuple(sorted(pack.nodes))
    index = {node_id: i for i, node_id in enumerate(node_ids)}
    period = period or pack.info.period
    baseline = np.array(
        [n.baseline.value if n.baseline else 0.0 for n in (pack.nodes[i] for i in node_ids)]
    )
    rules = [pack.rules[r] for r in sorted(pack.rules)]
    linear = [r for r in rules if isinstance(r, LinearRule | IntegrateRule)]
    edges = _edge_set(linear, index, period)
    return Compiled(
        node_ids=node_ids,
        index=index,
        baseline=baseline,
        level_per_unit=_level_per_unit(pack, node_ids, baseline),
        edges=edges,
        thresholds=tuple(
            _threshold(r, index, period) for r in rules if isinstance(r, ThresholdRule)
        ),
        classifiers=tuple(
            Classifier(r, index[r.source], index[r.target])
            for r in rules
            if isinstance(r, ClassifyRule)
        ),
        generations=_zero_lag_generations(len(node_ids), edges),
    )


def _level_per_unit(pack: Pack, node_ids: Sequence[str], baseline: FloatArray) -> FloatArray:
    """1 per node, or baseline / 100 where the node's unit reads changes as percents of its
    level: thresholds, conditions and level shocks then see the level a percent change
    leads to, as the answers print it."""
    vocab = vocabulary_for(pack.info)
    percent = np.array(
        [vocab.unit(pack.nodes[i].unit).change == "percent" for i in node_ids], dtype=bool
    )
    return np.where(percent & (baseline != 0.0), baseline / 100.0, 1.0)


def _edge_set(rules: Sequence[AnyRule], index: dict[str, int], period: str) -> EdgeSet:
    magnitudes = [getattr(r, "magnitude", None) for r in rules]
    signs = np.array([r.sign for r in rules], dtype=float)
    scales = np.array([r.scale for r in rules], dtype=float)  # "?": the magnitude is signed
    value = np.array([m.elasticity if m else 0.0 for m in magnitudes])
    low = np.array([(m.range[0] if m.range else m.elasticity) if m else 0.0 for m in magnitudes])
    high = np.array([(m.range[1] if m.range else m.elasticity) if m else 0.0 for m in magnitudes])
    signed_low, signed_high = (
        np.minimum(scales * low, scales * high),
        np.maximum(scales * low, scales * high),
    )
    integrate = np.array([isinstance(r, IntegrateRule) for r in rules], dtype=bool)
    counts = {text: duration_periods(text, period) for text in {r.lag for r in rules}}
    lags = np.array([counts[r.lag] for r in rules], dtype=int)
    return EdgeSet(
        rule_ids=tuple(r.id for r in rules),
        src=np.array([index[r.source] for r in rules], dtype=int),
        tgt=np.array([index[r.target] for r in rules], dtype=int),
        sign=signs,
        weight=scales * value,
        low=signed_low,
        high=signed_high,
        lag=lags,
        integrate=integrate,
        cond_node=np.array([index[r.when.node] if r.when else -1 for r in rules], dtype=int),
        cond_above=np.array([_bound(r, "above", -np.inf) for r in rules]),
        cond_below=np.array([_bound(r, "below", np.inf) for r in rules]),
        quantified=np.array([m is not None for m in magnitudes], dtype=bool),
        keep=np.array([decay_keep(getattr(r, "decay", None), period) for r in rules]),
    )


def decay_keep(half_life: str | None, period: str) -> float:
    """The share of a fading effect left after one period: 0.5 ** (1 / half-life in periods).

    Examples
    --------
    >>> decay_keep("2d", "1d") ** 2, decay_keep(None, "1d")
    (0.5000000000000001, 1.0)
    """
    if half_life is None:
        return 1.0
    return float(0.5 ** (1.0 / duration_periods(half_life, period)))


def _bound(rule: AnyRule, side: str, default: float) -> float:
    if rule.when is None:
        return default
    value = getattr(rule.when, side)
    return default if value is None else float(value)


def _threshold(rule: ThresholdRule, index: dict[str, int], period: str) -> Threshold:
    jump = rule.jump
    low, high = jump.range if jump.range else (jump.elasticity, jump.elasticity)
    return Threshold(
        rule_id=rule.id,
        src=index[rule.source],
        tgt=index[rule.target],
        above=-np.inf if rule.crosses.above is None else rule.crosses.above,
        below=np.inf if rule.crosses.below is None else rule.crosses.below,
        jump=rule.sign * jump.elasticity,
        low=min(rule.sign * low, rule.sign * high),
        high=max(rule.sign * low, rule.sign * high),
        lag=duration_periods(rule.lag, period),
        cond=index[rule.when.node] if rule.when else -1,
        cond_above=_bound(rule, "above", -np.inf),
        cond_below=_bound(rule, "below", np.inf),
    )


def _zero_lag_generations(size: int, edges: EdgeSet) -> tuple[Generation, ...]:
    """Group nodes by when their zero-lag inputs are settled; cycles become blocks."""
    zero = edges.lag == 0  # an integrate rule with lag 0 also acts within the period
    succ: list[list[int]] = [[] for _ in range(size)]
    for s, t in zip(edges.src[zero].tolist(), edges.tgt[zero].tolist(), strict=True):
        succ[s].append(t)
    components = strongly_connected(size, succ)
    comp_of = np.empty(size, dtype=int)
    for c, members in enumerate(components):
        comp_of[members] = c
    depth = _component_depths(components, succ, comp_of)
    levels: list[list[list[int]]] = [[] for _ in range(max(depth, default=0) + 1)]
    for members, d in zip(components, depth, strict=True):
        levels[d].append(members)
    self_loop = {s for s in range(size) if s in succ[s]}
    return tuple(_generation(members, self_loop) for members in levels)


def _generation(members: list[list[int]], self_loop: set[int]) -> Generation:
    acyclic = sorted(c[0] for c in members if len(c) == 1 and c[0] not in self_loop)
    cyclic = tuple(np.array(sorted(c)) for c in sorted(members) if len(c) > 1 or c[0] in self_loop)
    return Generation(np.array(acyclic, dtype=int), cyclic)


def _component_depths(
    components: list[list[int]], succ: list[list[int]], comp_of: IntArray
) -> list[int]:
    """Longest-path depth of each component in the condensation (Tarjan emits sinks first)."""
    depth = [0] * len(components)
    for c in reversed(range(len(components))):
        for node in components[c]:
            for nxt in succ[node]:
                d = int(comp_of[nxt])
                if d != c:
                    depth[d] = max(depth[d], depth[c] + 1)
    return depth


def strongly_connected(size: int, succ: Sequence[Iterable[int]]) -> list[list[int]]:
    """Strongly connected components, sinks first (iterative Tarjan).

    Examples
    --------
    >>> strongly_connected(3, [[1], [0], [0]])
    [[0, 1], [2]]
    """
    index = [-1] * size
    low = [0] * size
    on_stack = [False] * size
    stack: list[int] = []
    components: list[list[int]] = []
    counter = 0
    for root in range(size):
        if index[root] != -1:
            continue
        work = [(root, iter(succ[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = True
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if index[child] == -1:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack[child] = True
                    work.append((child, iter(succ[child])))
                    advanced = True
                    break
                if on_stack[child]:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack[member] = False
                    component.append(member)
                    if member == node:
                        break
                components.append(sorted(component))
    return components


@lru_cache(maxsize=8)
def compiled(pack: Pack) -> Compiled:
    """The pack compiled once (cached by pack identity).

    Examples
    --------
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> pack = pack_of([rule("ab", "a", "b", 0.5)])
    >>> compiled(pack) is compiled(pack), compiled(pack).node_ids
    (True, ('a', 'b'))
    """
    return compile_pack(pack)
