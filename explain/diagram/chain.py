"""Which paths carried a result's answer: the chain every diagram view draws or lights.

Plain data, no drawing. A link joins a shock (its key, ``node@date``) or a node to a
node, through a rule (``rule == ""`` for a shock's own injection), and carries the
amount that rule added to its target at the horizon.

Examples
--------
>>> from macrograph.graph.synthetic.runs import slump_answer
>>> pack, result = slump_answer()
>>> chain = select_chain(pack, result)
>>> chain.horizon, chain.nodes
('3m', ('a', 'b'))
>>> [(k.source, k.target, k.rule, k.amount) for k in chain.links]  # the shock's rule is ""
[('a@2025-01-06', 'a', '', -1.0), ('a', 'b', 'a_to_b', -0.5)]
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TypeVar

from msgspec import Struct

from macrograph.explain.contexts.header import horizon_of as horizon_of
from macrograph.explain.contexts.horizon import reading_horizon
from macrograph.graph.result import (
    Contribution,
    NodeOutcome,
    Result,
    ThresholdEvent,
    event_key,
    fired_rule,
)
from macrograph.rules.pack import Pack

K = TypeVar("K")

NEGLIGIBLE = 1e-9
COVER = 0.85  # keep a target's strongest paths until they explain this share of its moves
PER_TARGET = 4
MIN_SHARE = 0.02  # ignore paths under 2% of a target's gross movement


class Link(Struct, frozen=True):
    """One drawn edge: ``source`` (node id or shock key) to ``target`` through ``rule``."""

    source: str
    target: str
    rule: str
    amount: float
    share: float
    hop: int


class Chain(Struct, frozen=True):
    """The paths that carried a result at one horizon, ready to draw.

    ``nodes`` and ``links`` are in drawing order (strongest paths first); ``hops``
    gives each node's distance from the shocks, for step-by-step frames; ``back``
    holds the (source, target, rule) links that close a loop.
    """

    horizon: str
    shocks: tuple[str, ...]
    nodes: tuple[str, ...]
    links: tuple[Link, ...]
    competing: frozenset[str]
    events: dict[str, tuple[ThresholdEvent, ...]]
    hops: dict[str, int]
    back: frozenset[tuple[str, str, str]]

    @property
    def steps(self) -> int:
        """How many hops the longest chain has (the number of teaching frames)."""
        return max((link.hop for link in self.links), default=0)


def is_shock(endpoint: str) -> bool:
    """True for a shock key (``node@date``), False for a node id.

    Examples
    --------
    >>> is_shock("a@2025-01-06"), is_shock("a")
    (True, False)
    """
    return "@" in endpoint


def select_chain(
    pack: Pack,
    result: Result,
    horizon: str | None = None,
    focus: str | None = None,
    depth: int | None = None,
    keys: bool = False,
) -> Chain:
    """The strongest paths to the moved assets (or to ``focus``), with competing channels.

    Parameters
    ----------
    pack, result
        The pack and a result of propagating one of its scenarios.
    horizon : str, optional
        One of ``result.horizons``; default the headline's
        (:func:`~macrograph.explain.contexts.horizon.reading_horizon`).
    focus : str, optional
        A node id: only the paths into it.
    depth : int, optional
        At most this many hops per path: counted back from ``focus`` when given,
        otherwise forward from the shock.
    keys : bool
        Also the paths to every key outcome that moves (the pack's ``key_outcomes``, of
        any kind), so a lesson teaches an outcome that leads to no asset.

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> chain = select_chain(pack, result)
    >>> chain.horizon, [(x.source, x.target, x.rule, x.amount) for x in chain.links]
    ('3m', [('a@2025-01-06', 'a', '', -1.0), ('a', 'b', 'a_to_b', -0.5)])
    """
    h = reading_horizon(pack, result, horizon)
    steps: dict[tuple[str, str, str], None] = {}
    for contribution in _ranked(result, h, _targets(pack, result, h, focus, keys)):
        for step in _trim(hops_of(contribution), depth, focus is not None):
            steps.setdefault(step)
    if depth is None and focus is None:
        for step in _causes_of_crossings(result, list(steps)):
            steps.setdefault(step)
    for node in sorted({t for s, t, _ in steps if is_shock(s)}):  # a shock taken back: both
        for key in _shock_keys(result.nodes[node], h):
            steps.setdefault((key, node, ""))
    competing = _competing_nodes(result, h, [t for _, t, _ in steps])
    for node in sorted(competing):
        for step in _competing_steps(pack, result, h, node):
            steps.setdefault(step)
    return _assemble(result, h, list(steps), competing)


def _causes_of_crossings(
    result: Result, steps: list[tuple[str, str, str]]
) -> list[tuple[str, str, str]]:
    """The strongest path from a shock to each node whose crossing of a threshold starts
    the chain, read at the first horizon from the rule's first firing on: a chain that begins
    where a level crossed its trigger shows what took it there (the fires that raised the
    index), though that move may have passed by the chain's own horizon; a level crossing
    two triggers on two causes shows both."""
    into = {t for _, t, _ in steps}
    fired: dict[str, date] = {}  # each threshold rule's first firing in the scenario
    for e in result.events:
        if e.world == "scenario":
            fired[e.rule] = min(fired.get(e.rule, e.date), e.date)
    found: list[tuple[str, str, str]] = []
    crossings = {(s, fired[r]) for s, _, r in steps if r in fired and s not in into}
    for source, when in sorted(crossings):
        at = next((h for h in result.horizons if result.dates[h] >= when), None)
        paths = _strongest(result.nodes[source], at) if at is not None else []
        if paths:
            found.extend(hops_of(paths[0]))
    return found


def _targets(pack: Pack, result: Result, h: str, focus: str | None, keys: bool) -> list[str]:
    """The moved assets (with ``keys``, or when none moves, and the moved key outcomes), then
    what a shocked policy action drives directly (its actual leg, not the expected path's), so a
    decision is always drawn with both of its legs."""
    if focus is not None:
        return [focus]
    moved = [n for n in sorted(result.nodes) if abs(result.nodes[n].delta[h]) > NEGLIGIBLE]
    wanted = set(pack.info.key_outcomes) if keys else set()
    assets = [n for n in moved if result.nodes[n].kind == "asset" or n in wanted]
    if not any(result.nodes[n].kind == "asset" for n in moved):  # ends named by the pack
        assets = [n for n in moved if n in pack.info.key_outcomes or n in assets]
    policies = {n for n in moved if pack.nodes[n].kind == "policy_action"}
    legs = sorted({r.target for r in pack.rules.values() if r.source in policies} & set(moved))
    return [*assets, *(n for n in legs if n not in assets)] or moved


def _ranked(result: Result, h: str, targets: list[str]) -> list[Contribution]:
    """Each target's strongest paths, interleaved by rank (every target's best first)."""
    per_target = [_strongest(result.nodes[t], h) for t in targets]
    width = max((len(p) for p in per_target), default=0)
    return [p[i] for i in range(width) for p in per_target if i < len(p)]


def _strongest(node: NodeOutcome, h: str) -> list[Contribution]:
    paths = [c for c in node.contributions if c.kind in ("path", "shock")]
    gross = sum(abs(c.amount[h]) for c in node.contributions)
    if gross <= NEGLIGIBLE:
        return []
    ranked = sorted(paths, key=lambda c: (-abs(c.amount[h]), c.shock, c.path))
    kept: list[Contribution] = []
    covered = 0.0
    for c in ranked:
        if covered >= COVER * gross or len(kept) == PER_TARGET:
            break
        if abs(c.amount[h]) < MIN_SHARE * gross:
            break
        kept.append(c)
        covered += abs(c.amount[h])
    return kept


def hops_of(c: Contribution) -> list[tuple[str, str, str]]:
    """The (source, target, rule) hops of a contribution, its shock's own link first (a
    fired threshold's jump has none: its rule is the path's first hop).

    Examples
    --------
    >>> c = Contribution("a@2025-01-01", ("a", "b"), ("r",), {"1d": 1.0})
    >>> hops_of(c)
    [('a@2025-01-01', 'a', ''), ('a', 'b', 'r')]
    """
    hops = list(zip(c.path, c.path[1:], c.rules, strict=False))
    if fired_rule(c.shock) is not None or not c.path:
        return hops
    return [(c.shock, c.path[0], ""), *hops]


def _trim(
    steps: list[tuple[str, str, str]], depth: int | None, from_end: bool
) -> list[tuple[str, str, str]]:
    if depth is None:
        return steps
    return steps[-depth:] if from_end else steps[:depth]


def _nodes_of(steps: Iterable[tuple[str, str, str]]) -> list[str]:
    seen: dict[str, None] = {}
    for source, target, _ in steps:
        seen.setdefault(source)
        seen.setdefault(target)
    return [n for n in seen if not is_shock(n)]


def _competing_nodes(result: Result, h: str, nodes: list[str]) -> frozenset[str]:
    """Nodes the chain arrives at where channels of opposite sign fight at ``h``."""
    return frozenset(c.node for c in result.competing if c.node in nodes and h in c.horizons)


def _competing_steps(pack: Pack, result: Result, h: str, node: str) -> list[tuple[str, str, str]]:
    """The channels on both sides of a tug of war at ``node``, each carrying at least
    :data:`MIN_SHARE` of what moves it (as for paths: a thread that carries nothing the
    reader could see is not drawn)."""
    found: list[tuple[str, str, str]] = []
    entry = next(c for c in result.competing if c.node == node)
    floor = MIN_SHARE * gross_in(result, node, h)
    for channel in (*entry.up, *entry.down):
        if abs(channel.amount[h]) < floor:
            continue
        if channel.rule == "":
            found.extend((s, node, "") for s in _shock_keys(result.nodes[node], h))
        elif (rule_id := fired_rule(channel.rule)) is not None:
            found.append((pack.rules[rule_id].source, node, rule_id))
        else:
            found.append((channel.source, node, channel.rule))
    return found


def _shock_keys(node: NodeOutcome, h: str) -> list[str]:
    return sorted(
        c.shock
        for c in node.contributions
        if c.kind == "shock" and fired_rule(c.shock) is None and abs(c.amount[h]) > NEGLIGIBLE
    )


def link_amount(result: Result, source: str, target: str, rule: str, h: str) -> float:
    """What ``rule`` (or, for ``rule == ""``, the shock ``source``) added to ``target`` at ``h``.

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> shock = link_amount(result, "a@2025-01-06", "a", "", "3m")  # the shock's own link
    >>> link_amount(result, "a", "b", "a_to_b", "3m"), shock
    (-0.5, -1.0)
    """
    node = result.nodes[target]
    if rule == "":
        shocks = (c for c in node.contributions if c.kind == "shock" and c.shock == source)
        return sum((c.amount[h] for c in shocks), 0.0)
    names = (rule, event_key(rule))
    return sum((c.amount[h] for c in node.channels if c.rule in names), 0.0)


def gross_in(result: Result, target: str, h: str) -> float:
    """The sum of the absolute amounts of every channel into ``target`` at ``h``.

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import shocked, two_routes
    >>> pack = two_routes()  # a pulls b down, and up through c
    >>> result = shocked(pack, "a", -1.0)
    >>> result.nodes["b"].delta["3m"], gross_in(result, "b", "3m")  # -0.5 and +0.3: nets -0.2
    (-0.2, 0.8)
    """
    return sum((abs(c.amount[h]) for c in result.nodes[target].channels), 0.0)


def _assemble(
    result: Result, h: str, steps: list[tuple[str, str, str]], competing: frozenset[str]
) -> Chain:
    hops = _distances(steps)
    links = []
    for source, target, rule in steps:
        amount = link_amount(result, source, target, rule, h)
        gross = gross_in(result, target, h)
        share = abs(amount) / gross if gross > NEGLIGIBLE else 0.0
        links.append(Link(source, target, rule, amount, share, hops.get(source, 0) + 1))
    events: dict[str, list[ThresholdEvent]] = {}
    for event in result.events:
        events.setdefault(event.rule, []).append(event)
    return Chain(
        horizon=h,
        shocks=tuple(sorted({s for s, _, _ in steps if is_shock(s)})),
        nodes=tuple(_nodes_of(steps)),
        links=tuple(links),
        competing=competing,
        events={k: tuple(v) for k, v in sorted(events.items())},
        hops=hops,
        back=_back(steps, hops),
    )


def _distances(steps: list[tuple[str, str, str]]) -> dict[str, int]:
    """Breadth-first distance of every endpoint from the shocks.

    A source no shock reaches (a competing channel's cause) is placed one hop before
    the nearest node it feeds, so it lights up together with its rival.
    """
    out: dict[str, list[str]] = {}
    for source, target, _ in steps:
        out.setdefault(source, []).append(target)
    sources = list(dict.fromkeys(s for s, _, _ in steps))
    endpoints = set(sources) | {t for _, t, _ in steps}
    roots = [s for s in sources if is_shock(s)] or [
        s for s in sources if s not in {t for _, t, _ in steps}
    ]
    dist: dict[str, int] = {}
    starts = {r: 0 for r in roots} or _next_root(dist, out, sources)
    while starts is not None:
        _spread(dist, out, starts)
        starts = _next_root(dist, out, sources) if len(dist) < len(endpoints) else None
    return dist


def _next_root(
    dist: dict[str, int], out: dict[str, list[str]], sources: list[str]
) -> dict[str, int] | None:
    for source in sources:
        if source in dist:
            continue
        reached = [dist[t] for t in out[source] if t in dist]
        return {source: max(0, min(reached) - 1) if reached else 0}
    return None


def _spread(dist: dict[str, int], out: dict[str, list[str]], starts: dict[str, int]) -> None:
    dist.update(starts)
    queue = deque(starts)
    while queue:
        here = queue.popleft()
        for there in out.get(here, []):
            if there not in dist:
                dist[there] = dist[here] + 1
                queue.append(there)


def _back(
    steps: list[tuple[str, str, str]], hops: dict[str, int]
) -> frozenset[tuple[str, str, str]]:
    """Links that close a loop (depth-first from the shocks, in drawing order)."""
    out: dict[str, list[tuple[tuple[str, str, str], str]]] = {}
    for step in steps:
        out.setdefault(step[0], []).append((step, step[1]))
    return back_edges(sorted(out, key=lambda n: (hops.get(n, 0), n)), out)


def back_edges(roots: Iterable[str], out: Mapping[str, Sequence[tuple[K, str]]]) -> frozenset[K]:
    """Keys of the edges that close a loop, walking depth-first from ``roots`` in order.

    ``out`` maps a node to its outgoing edges as ``(key, head)`` pairs, in the order to
    walk them; an edge into a node still on the walk's path closes a loop.

    Examples
    --------
    >>> sorted(back_edges(["a"], {"a": [("ab", "b")], "b": [("ba", "a"), ("bc", "c")]}))
    ['ba']
    """
    state: dict[str, int] = {}  # 1 while on the current path, 2 when finished
    found: set[K] = set()
    for root in roots:
        if root in state:
            continue
        stack = [(root, iter(out.get(root, ())))]
        state[root] = 1
        while stack:
            node, edges = stack[-1]
            edge = next(edges, None)
            if edge is None:
                state[node] = 2
                stack.pop()
            elif state.get(edge[1]) == 1:
                found.add(edge[0])
            elif edge[1] not in state:
                state[edge[1]] = 1
                stack.append((edge[1], iter(out.get(edge[1], ()))))
    return frozenset(found)
