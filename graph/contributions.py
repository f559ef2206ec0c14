"""How a node's move splits: per shock, per shock along each path of rules, per channel.

Each shock (and each threshold that fired) has its own column in an additive run,
so a node's delta is the sum of its columns; within a column, simple paths carry
the signal rule by rule and the rest is what feedback loops add.

A result asks for these parts through :class:`LazyAttribution`, which computes each
the first time it is read: most readers of a result want its moves, not their causes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from macrograph.graph import attribution as attr
from macrograph.graph.engine.compile import Compiled
from macrograph.graph.result import (
    Amounts,
    Channel,
    Competing,
    Contribution,
    Qualitative,
    fired_rule,
)
from macrograph.graph.signs import sign_reasoning

if TYPE_CHECKING:
    from macrograph.graph.calendar import Calendar
    from macrograph.graph.worlds import World

TOP_PATHS = 8
COMPETING_BELOW = 0.8
"""A node is a tug of war at a horizon where its channels' W falls below this."""
Terms = dict[tuple[int, str, tuple[int, ...], tuple[str, ...], str], dict[str, float]]


def _per_shock(
    comp: Compiled, cal: Calendar, world: World, other: World | None
) -> dict[int, dict[str, dict[str, float]]]:
    """Per node, per shock key: that shock's column of the scenario minus the comparison's."""
    found: dict[int, dict[str, dict[str, float]]] = {}
    for sign, w in ((1.0, world), (-1.0, other)):
        if w is None:
            continue
        for column, key in enumerate(w.keys):
            series = w.run.history[:, :, column] * sign
            for v in range(comp.size):
                amounts = found.setdefault(v, {}).setdefault(key, {h: 0.0 for h in cal.horizons})
                for h in cal.horizons:
                    amounts[h] += float(series[cal.at(h), v])
    return {v: {k: a for k, a in sorted(d.items()) if _moves(a)} for v, d in found.items()}


def _moves(amounts: dict[str, float]) -> bool:
    return any(abs(x) > attr.NEGLIGIBLE for x in amounts.values())


def _per_path(
    comp: Compiled, cal: Calendar, world: World, other: World | None
) -> dict[int, list[Contribution]]:
    """Per node: the strongest paths per shock, then a feedback and an 'other paths' term.

    Scenario runs count positively, comparison runs negatively, so each term is a part of
    the scenario-minus-comparison delta and all the terms of a node add up to it.
    """
    table = attr.out_edges(comp)
    terms: Terms = {}
    same = _cancelling(world, other)
    for w, sign, skipped in ((world, 1.0, set(same)), (other, -1.0, set(same.values()))):
        if w is not None:
            _collect(comp, cal, w, sign, skipped, table, terms)
    return _rank(comp, terms)


def _cancelling(world: World, other: World | None) -> dict[int, int]:
    """The columns of ``world`` the same in ``other`` (a shock both worlds have, whose
    column the other shocks did not change), each to its column there: a shock key
    of one column in each world, the same steps, rules on and values. Every term of
    such a pair adds ``x`` then ``-x`` to a term no other column has, exactly zero:
    left out, as :func:`_rank` leaves out every term that does not move."""
    if other is None:
        return {}
    a, b = world.run, other.run
    mine, theirs = _unique(world.keys), _unique(other.keys)
    found = {}
    for key, c in mine.items():
        d = theirs.get(key)
        if d is None:
            continue
        same = (
            _steps(a.steps, c) == _steps(b.steps, d)
            and np.array_equal(a.masks[:, :, c], b.masks[:, :, d])
            and np.array_equal(a.history[:, :, c], b.history[:, :, d])
        )
        if same:
            found[c] = d
    return found


def _unique(keys: list[str]) -> dict[str, int]:
    """Each key that names one column only, to that column."""
    return {k: c for c, k in enumerate(keys) if keys.count(k) == 1}


def _steps(steps: list[tuple[int, int, int, float]], column: int) -> list[tuple[int, int, float]]:
    """A column's injections, in order: (period, node, amount)."""
    return [(p, v, x) for p, v, c, x in steps if c == column]


def _collect(
    comp: Compiled,
    cal: Calendar,
    world: World,
    sign: float,
    skipped: set[int],
    table: list[list[int]],
    terms: Terms,
) -> None:
    """Add to ``terms`` one world's paths and feedback, times its sign, but for the
    columns ``skipped`` (see :func:`_cancelling`)."""
    periods = world.run.history.shape[0]
    at = list(cal.offsets.values())
    targets = comp.edges.tgt.tolist()
    for column, key in enumerate(world.keys):
        if column in skipped:
            continue
        explained = np.zeros((periods, comp.size))
        prefix, prefix_rules = _event_prefix(comp, key)
        for start in sorted({t for _, t, c, _ in world.run.steps if c == column}):
            direct = attr.step_series(world.run, start, [column], periods)
            explained[:, start] += direct
            _add(terms, (start, key, (*prefix, start), prefix_rules, "shock"), cal, direct * sign)
            found = attr.path_series(comp, world.run, column, start, table)
            ends = [targets[edges[-1]] for edges in found.edges]
            np.add.at(explained.T, ends, found.series)  # path by path, in order
            amounts = (found.series * sign)[:, at].tolist()
            for edges, end, row in zip(found.edges, ends, amounts, strict=True):
                if not any(row):  # zero at every horizon: it changes no term's sum
                    continue
                nodes = (*prefix, start, *(targets[e] for e in edges))
                rules = (*prefix_rules, *(comp.edges.rule_ids[e] for e in edges))
                _sum(terms, (end, key, nodes, rules, "path"), cal.horizons, row)
        residual = (world.run.history[:, :, column] - explained) * sign
        for v, row in enumerate(residual[at].T.tolist()):
            _sum(terms, (v, key, (), (), "feedback"), cal.horizons, row)


def _event_prefix(comp: Compiled, key: str) -> tuple[tuple[int, ...], tuple[str, ...]]:
    rule_id = fired_rule(key)
    if rule_id is None:
        return (), ()
    rule = next(t for t in comp.thresholds if t.rule_id == rule_id)
    return (rule.src,), (rule_id,)


def _add(
    terms: Terms,
    key: tuple[int, str, tuple[int, ...], tuple[str, ...], str],
    cal: Calendar,
    series: np.ndarray,
) -> None:
    _sum(terms, key, cal.horizons, series[list(cal.offsets.values())].tolist())


def _sum(
    terms: Terms,
    key: tuple[int, str, tuple[int, ...], tuple[str, ...], str],
    horizons: tuple[str, ...],
    values: list[float],
) -> None:
    amounts = terms.setdefault(key, dict.fromkeys(horizons, 0.0))
    for h, x in zip(horizons, values, strict=True):
        amounts[h] += x


def _rank(
    comp: Compiled,
    terms: Terms,
) -> dict[int, list[Contribution]]:
    per_node: dict[int, list[Contribution]] = {}
    for (v, key, nodes, rules, kind), amounts in sorted(terms.items()):
        if _moves(amounts):
            path = tuple(comp.node_ids[i] for i in nodes)
            per_node.setdefault(v, []).append(Contribution(key, path, rules, amounts, kind))
    return {v: _top(items) for v, items in per_node.items()}


def _top(items: list[Contribution]) -> list[Contribution]:
    def size(c: Contribution) -> float:
        return max(abs(x) for x in c.amount.values())

    ranked = sorted(items, key=lambda c: (c.kind == "feedback", -size(c), c.shock, c.path))
    kept = [c for c in ranked if c.kind != "feedback"][:TOP_PATHS]
    # A path kept for one shock is kept for every shock that travels it (a shock and the
    # one that takes it back), so that a reader can tell their parts together.
    routes = {(c.path, c.rules) for c in kept if c.kind == "path"}
    chosen = {id(c) for c in kept}
    kept += [
        c
        for c in ranked
        if c.kind == "path"
        and id(c) not in chosen
        and (c.path, c.rules) in routes
        and fired_rule(c.shock) is None
    ]
    chosen = {id(c) for c in kept}
    rest = [c for c in ranked if id(c) not in chosen]
    # Paths beyond the top ones and what loops add stay apart, so a reader can tell whether a
    # feedback loop contributes at all.
    buckets: dict[tuple[str, bool], dict[str, float]] = {}
    for c in rest:
        bucket = buckets.setdefault((c.shock, c.kind == "feedback"), dict.fromkeys(c.amount, 0.0))
        for h, x in c.amount.items():
            bucket[h] += x
    for (shock, loop), amounts in sorted(buckets.items()):
        if _moves(amounts):
            kept.append(Contribution(shock, (), (), amounts, "feedback" if loop else "other"))
    return kept


class LazyAttribution:
    """A propagation's attribution (an :class:`~macrograph.graph.result.AttributionSource`):
    each part computed the first time it is read, then kept.

    It holds the two simulated worlds until every part has been computed, then lets them go.

    Examples
    --------
    >>> from macrograph import propagate, RunOptions
    >>> from macrograph.graph.synthetic.policy import policy_pack
    >>> result = propagate(policy_pack(), "rate-holds", RunOptions(draws=0))
    >>> source = result.source
    >>> source.computed()
    ()
    >>> result.nodes["price"].channels[0].rule
    'path_lowers_price'
    >>> source.computed()
    ('channels',)
    """

    def __init__(
        self,
        comp: Compiled,
        cal: Calendar,
        worlds: tuple[World, World | None],
        stocks: frozenset[str],
    ) -> None:
        world, other = worlds
        self._comp, self._cal, self._stocks = comp, cal, stocks
        self._worlds: tuple[World, World | None] | None = worlds
        last = cal.at(cal.horizons[-1])
        base = other.total()[last] if other is not None else 0.0
        self._last: list[float] = np.asarray(world.total()[last] - base).tolist()
        self._paths: dict[int, tuple[Contribution, ...]] | None = None
        self._shocks: dict[int, dict[str, Amounts]] | None = None
        self._signs: dict[int, Qualitative] | None = None
        self._channels: dict[int, tuple[Channel, ...]] = {}
        self._w: dict[str, Amounts] = {}
        self._competing: tuple[Competing, ...] | None = None

    def computed(self) -> tuple[str, ...]:
        """The parts computed so far (for tests and profiles)."""
        done = {
            "contributions": self._paths is not None,
            "by_shock": self._shocks is not None,
            "qualitative": self._signs is not None,
            "channels": bool(self._channels),
            "competing": self._competing is not None,
        }
        return tuple(name for name, yes in done.items() if yes)

    def sign(self, node: str) -> str:
        """The sign of a sized move; where rules without magnitude (or of uncertain sign)
        reach a node that no sized rule moved, the sign reasoning's answer (+, -, or ? when
        paths disagree or pass a rule of uncertain sign)."""
        value = self._last[self._comp.index[node]]
        if abs(value) > attr.NEGLIGIBLE:
            return "+" if value > 0 else "-"
        q = self.qualitative(node)
        return q.sign if q.unsized_paths or q.uncertain_paths else "0"

    def w(self, node: str) -> Amounts:
        """Per horizon, the dominance of the node's channels."""
        if node not in self._w:
            amounts = [c.amount for c in self.channels(node)]
            self._w[node] = {h: attr.dominance([a[h] for a in amounts]) for h in self._cal.horizons}
        return self._w[node]

    def contributions(self, node: str) -> tuple[Contribution, ...]:
        """The node's strongest paths per shock, then its feedback and other-path terms."""
        if self._paths is None:
            found = _per_path(self._comp, self._cal, *self._inputs())
            self._paths = {v: tuple(parts) for v, parts in found.items()}
            self._release_when_done()
        return self._paths.get(self._comp.index[node], ())

    def by_shock(self, node: str) -> dict[str, Amounts]:
        """The node's move per shock key."""
        if self._shocks is None:
            self._shocks = _per_shock(self._comp, self._cal, *self._inputs())
            self._release_when_done()
        return self._shocks.get(self._comp.index[node], {})

    def qualitative(self, node: str) -> Qualitative:
        """Counts of positive and negative paths from the shocks to the node."""
        if self._signs is None:
            world, other = self._inputs()
            self._signs = sign_reasoning(self._comp, world.run, other.run if other else None)
            self._release_when_done()
        return self._signs[self._comp.index[node]]

    def channels(self, node: str) -> tuple[Channel, ...]:
        """What each incoming rule, each shock and each threshold jump adds to the node."""
        v = self._comp.index[node]
        if v not in self._channels:
            self._channels[v] = _channels_of(self._comp, self._cal, self._inputs(), v)
            self._release_when_done()
        return self._channels[v]

    def competing(self) -> tuple[Competing, ...]:
        """The nodes (stocks aside) whose channels pull both ways, in the pack's node order."""
        if self._competing is None:
            found = []
            for node in self._comp.node_ids:
                if node in self._stocks:
                    continue  # a stock's inflows and outflows offset by construction
                entry = competing_entry(node, self.w(node), self.channels(node))
                if entry is not None:
                    found.append(entry)
            self._competing = tuple(found)
        return self._competing

    def _inputs(self) -> tuple[World, World | None]:
        if self._worlds is None:  # every part has been computed: nothing asks for them
            raise RuntimeError("the attribution's worlds were released")
        return self._worlds

    def _release_when_done(self) -> None:
        parts = (self._paths, self._shocks, self._signs)
        if all(p is not None for p in parts) and len(self._channels) == self._comp.size:
            self._worlds = None


def _channels_of(
    comp: Compiled, cal: Calendar, worlds: tuple[World, World | None], v: int
) -> tuple[Channel, ...]:
    """Node ``v``'s channels: each incoming rule, the shocks and each threshold jump."""
    world, other = worlds
    scen = attr.channel_series(comp, world.run, v, world.total())
    base = attr.channel_series(comp, other.run, v, other.total()) if other else {}
    found = []
    for e in sorted(set(scen) | set(base)):
        series = scen.get(e, 0.0) - base.get(e, 0.0)
        found.append(
            Channel(
                comp.edges.rule_ids[e],
                comp.node_ids[comp.edges.src[e]],
                _at(cal, np.asarray(series)),
            )
        )
    for label, series in _external(world, other, v).items():
        found.append(Channel(label, fired_rule(label) or "shock", _at(cal, series)))
    return tuple(c for c in found if _moves(c.amount))


def _at(cal: Calendar, series: np.ndarray) -> dict[str, float]:
    return dict(zip(cal.horizons, series[list(cal.offsets.values())].tolist(), strict=True))


def _external(world: World, other: World | None, v: int) -> dict[str, np.ndarray]:
    """Shock injections ("") and threshold jumps ("event:rule") into node ``v``."""
    periods = world.run.history.shape[0]
    found: dict[str, np.ndarray] = {}
    for sign, w in ((1.0, world), (-1.0, other)):
        if w is None:
            continue
        into = {c for _, node, c, _ in w.run.steps if node == v}
        for column, key in enumerate(w.keys):
            label = key if fired_rule(key) is not None else ""
            total = found.setdefault(label, np.zeros(periods))
            if column in into:  # a column with no step into v adds zeros: nothing
                series = attr.step_series(w.run, v, [column], periods) * sign
                found[label] = total + series
    return found


def competing_entry(node: str, w: Amounts, channels: tuple[Channel, ...]) -> Competing | None:
    """The node's tug of war: the horizons where its channels pull both ways, W below
    :data:`COMPETING_BELOW`; the channels up and down at the last of them (None: none).

    Examples
    --------
    >>> up, down = Channel("r1", "a", {"1d": 2.0}), Channel("r2", "b", {"1d": -1.0})
    >>> entry = competing_entry("x", {"1d": 1 / 3}, (up, down))
    >>> entry.horizons, [c.rule for c in entry.up], [c.rule for c in entry.down]
    (('1d',), ['r1'], ['r2'])
    >>> competing_entry("x", {"1d": 1.0}, (up,)) is None
    True
    """
    horizons = []
    for h, dominance in w.items():
        up = sum(c.amount[h] for c in channels if c.amount[h] > attr.NEGLIGIBLE)
        down = sum(c.amount[h] for c in channels if c.amount[h] < -attr.NEGLIGIBLE)
        if dominance < COMPETING_BELOW and up > attr.NEGLIGIBLE and down < -attr.NEGLIGIBLE:
            horizons.append(h)
    if not horizons:
        return None
    last = horizons[-1]
    ups = sorted(
        (c for c in channels if c.amount[last] > 0), key=lambda c: (-c.amount[last], c.rule)
    )
    downs = sorted(
        (c for c in channels if c.amount[last] < 0), key=lambda c: (c.amount[last], c.rule)
    )
    return Competing(node, w, tuple(horizons), tuple(ups), tuple(downs))
