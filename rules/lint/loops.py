"""Lint's checks of loops: a zero-lag loop that can never settle is an error, one whose rules'
ranges let it run away is a warning, and so is a loop with a lag whose ranges let it.

Examples
--------
>>> from macrograph.rules import load_pack
>>> [f.code for f in check_loops(load_pack())]
['range-diverges']
"""

from __future__ import annotations

import math

import networkx as nx

from macrograph.rules.errors import PackIssue
from macrograph.rules.loops import simple_loops
from macrograph.rules.models import MAGNITUDE_KINDS, AnyRule
from macrograph.rules.pack import Pack


def error_at(pack: Pack, section: str, obj_id: str, field: str, msg: str, code: str) -> PackIssue:
    """An error finding on the object ``obj_id`` of ``section``, at the file and line where
    the pack defines it.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> found = error_at(load_pack(), "nodes", "usd_jpy", "unit", "a message", "a-code")
    >>> found.file.endswith("nodes.yaml"), found.line > 0, found.severity
    (True, True, 'error')
    """
    where = pack.locate(section, obj_id)
    return PackIssue(where.file, where.line, obj_id, field, msg, "error", code)


def _warning_at(
    pack: Pack, section: str, obj_id: str, field: str, msg: str, code: str
) -> PackIssue:
    """A warning finding, placed as :func:`error_at` places an error."""
    where = pack.locate(section, obj_id)
    return PackIssue(where.file, where.line, obj_id, field, msg, "warning", code)


def _signed_gain(rule: AnyRule) -> float | None:
    magnitude = getattr(rule, "magnitude", None)
    if magnitude is None:
        return None
    return float(rule.scale * magnitude.elasticity)


def _top_size(rule: AnyRule) -> float | None:
    """The largest elasticity a rule's range allows (its elasticity without a range)."""
    magnitude = getattr(rule, "magnitude", None)
    if magnitude is None:
        return None
    return float(max(abs(x) for x in (magnitude.range or (magnitude.elasticity,))))


def _zero_lag_graph(pack: Pack) -> nx.MultiDiGraph:
    """The zero-lag linear and integrate rules as a multigraph (edge key = rule id)."""
    graph = nx.MultiDiGraph()
    for rule in pack.rules.values():
        if rule.kind in MAGNITUDE_KINDS and rule.lag_days == 0:
            gain, top = _signed_gain(rule), _top_size(rule)
            graph.add_edge(rule.source, rule.target, key=rule.id, gain=gain, top=top)
    return graph


def _top_gain(graph: nx.MultiDiGraph, cycle: list[str]) -> float | None:
    """The largest |gain| the ranges of a zero-lag cycle's rules allow (None if unquantified)."""
    product = 1.0
    for a, b in zip(cycle, cycle[1:] + cycle[:1], strict=True):
        tops = [d["top"] for d in graph[a][b].values()]
        if None in tops:
            return None
        product *= sum(tops)
    return product


def _zero_lag_loops(graph: nx.MultiDiGraph) -> list[tuple[list[str], list[str], float | None]]:
    """Simple cycles of a :func:`_zero_lag_graph` as (node ids, rule ids, gain); gain None
    when unquantified."""
    loops = []
    for cycle in simple_loops(graph):
        rules, gain = _cycle_rules(graph, cycle)
        loops.append((cycle, rules, gain))
    return sorted(loops, key=lambda loop: loop[0])


def _cycle_rules(graph: nx.MultiDiGraph, cycle: list[str]) -> tuple[list[str], float | None]:
    rules: list[str] = []
    gain: float | None = 1.0
    for a, b in zip(cycle, cycle[1:] + cycle[:1], strict=True):
        key, data = max(graph[a][b].items(), key=lambda kv: abs(kv[1]["gain"] or 0.0))
        rules.append(str(key))
        gain = (
            None
            if gain is None or data["gain"] is None
            else gain * sum(d["gain"] or 0.0 for d in graph[a][b].values())
        )
    return rules, gain


def check_loops(pack: Pack) -> list[PackIssue]:
    """A zero-lag loop whose gain is 1 or more would never settle: an error. One whose
    rules' ranges let the gain reach 1 diverges in some Monte Carlo draws: a warning.

    Examples
    --------
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> ring = pack_of([rule("ab", "a", "b", 1.0), rule("ba", "b", "a", 1.5)])
    >>> [(f.obj_id, f.code, f.message) for f in check_loops(ring)]
    [('ab', 'divergent-loop', 'zero-lag loop a -> b -> a has gain 1.5 (|gain| >= 1): it diverges')]
    """
    found = []
    graph = _zero_lag_graph(pack)
    for cycle, rules, gain in _zero_lag_loops(graph):
        path = " -> ".join([*cycle, cycle[0]])
        if gain is not None and (abs(gain) >= 1.0 or not math.isfinite(gain)):
            msg = f"zero-lag loop {path} has gain {gain:.3g} (|gain| >= 1): it diverges"
            found.append(error_at(pack, "rules", rules[0], "lag", msg, "divergent-loop"))
            continue
        top = _top_gain(graph, cycle)
        if gain is not None and top is not None and top >= 1.0:
            msg = (
                f"zero-lag loop {path} has gain {gain:.3g}, but its rules' ranges let it reach "
                f"{top:.3g}: Monte Carlo draws with a gain of 1 or more are left out of the bands"
            )
            code = "range-diverges"
            found.append(_warning_at(pack, "rules", rules[0], "magnitude.range", msg, code))
    return found


def _lagged_graph(pack: Pack) -> nx.MultiDiGraph:
    """The linear rules that neither fade nor build a stock, at any lag, as a multigraph."""
    graph = nx.MultiDiGraph()
    for rule in pack.rules.values():
        if rule.kind == "linear" and getattr(rule, "decay", None) is None:
            gain, top = _signed_gain(rule), _top_size(rule)
            graph.add_edge(rule.source, rule.target, key=rule.id, gain=gain, top=top)
    return graph


def check_lagged_loops(pack: Pack) -> list[PackIssue]:
    """A loop with a lag on the way runs away as a zero-lag one does when its gain passes 1
    (a balancing one swings wider each time round): one whose rules' ranges let |gain| reach
    1 is a warning, as its draws are left out of the bands. Loops through a stock or a
    fading rule are left to the engine's own check.

    Examples
    --------
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> ab = rule("ab", "a", "b", 0.5, lag=1)
    >>> wide = ab.magnitude.model_copy(update={"range": (0.25, 0.8)})
    >>> ring = pack_of([ab.model_copy(update={"magnitude": wide}), rule("ba", "b", "a", -1.5)])
    >>> [f.message[:48] for f in check_lagged_loops(ring)]
    ['loop a -> b -> a, with a lag, has gain -0.75, bu']
    """
    found = []
    graph = _lagged_graph(pack)
    for cycle in simple_loops(graph):
        rules, gain = _cycle_rules(graph, cycle)
        lags = [pack.rules[r].lag_days for r in rules]
        top = _top_gain(graph, cycle)
        if gain is None or top is None or top < 1.0 or not any(lags) or abs(gain) >= 1.0:
            continue
        path = " -> ".join([*cycle, cycle[0]])
        msg = (
            f"loop {path}, with a lag, has gain {gain:.3g}, but its rules' ranges let |gain| "
            f"reach {top:.3g}: Monte Carlo draws with a gain of 1 or more run away and are "
            "left out of the bands"
        )
        found.append(_warning_at(pack, "rules", rules[0], "magnitude.range", msg, "range-diverges"))
    return found
