"""How a node's move splits: per shock, and per shock along each path of rules.

Each shock (and each threshold that fired) has its own column in an additive run,
so a node's delta is the sum of its columns; within a column, simple paths carry
the signal rule by rule and the rest is what feedback loops add.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from macrograph.graph import attribution as attr
from macrograph.graph.compile import Compiled
from macrograph.graph.result import Contribution

if TYPE_CHECKING:
    from macrograph.graph.propagate import Calendar, World

TOP_PATHS = 8
Terms = dict[tuple[int, str, tuple[int, ...], tuple[str, ...], str], dict[str, float]]


def per_shock(
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


def per_path(
    comp: Compiled, cal: Calendar, world: World, other: World | None
) -> dict[int, list[Contribution]]:
    """Per node: the strongest paths per shock, then a feedback and an 'other paths' term.

    Scenario runs count positively, comparison runs negatively, so each term is a part of
    the scenario-minus-comparison delta and all the terms of a node add up to it.
    """
    table = attr.out_edges(comp)
    terms: Terms = {}
    for sign, w in ((1.0, world), (-1.0, other)):
        if w is not None:
            _collect(comp, cal, w, sign, table, terms)
    return _rank(comp, terms)


def _collect(
    comp: Compiled,
    cal: Calendar,
    world: World,
    sign: float,
    table: list[list[int]],
    terms: Terms,
) -> None:
    periods = world.run.history.shape[0]
    for column, key in enumerate(world.keys):
        explained = np.zeros((periods, comp.size))
        for start in sorted({t for _, t, c, _ in world.run.steps if c == column}):
            prefix, prefix_rules = _event_prefix(comp, key)
            direct = attr.step_series(world.run, start, [column], periods)
            explained[:, start] += direct
            _add(terms, (start, key, (*prefix, start), prefix_rules, "shock"), cal, direct * sign)
            for path in attr.path_amounts(comp, world.run, column, start, table):
                explained[:, path.nodes[-1]] += path.series
                rules = (*prefix_rules, *(comp.edges.rule_ids[e] for e in path.edges))
                _add(
                    terms,
                    (path.nodes[-1], key, (*prefix, *path.nodes), rules, "path"),
                    cal,
                    path.series * sign,
                )
        residual = world.run.history[:, :, column] - explained
        for v in range(comp.size):
            _add(terms, (v, key, (), (), "feedback"), cal, residual[:, v] * sign)


def _event_prefix(comp: Compiled, key: str) -> tuple[tuple[int, ...], tuple[str, ...]]:
    if not key.startswith("event:"):
        return (), ()
    rule_id = key.removeprefix("event:")
    rule = next(t for t in comp.thresholds if t.rule_id == rule_id)
    return (rule.src,), (rule_id,)


def _add(
    terms: Terms,
    key: tuple[int, str, tuple[int, ...], tuple[str, ...], str],
    cal: Calendar,
    series: np.ndarray,
) -> None:
    amounts = terms.setdefault(key, dict.fromkeys(cal.horizons, 0.0))
    for h, x in zip(cal.horizons, series[list(cal.offsets.values())].tolist(), strict=True):
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
    rest = [c for c in ranked if c not in kept]
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
