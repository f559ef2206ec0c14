"""Sign-only reasoning: compose + and - along paths, count how many paths push each way.

This is how the graph is read when rules carry no magnitudes: a node reached by
paths of both signs is ambiguous ("?") unless magnitudes settle it, and so is a node
reached through a rule whose sign is itself uncertain (effect ``?``, the QPress
"uncertain edge"): such a path is counted as neither positive nor negative.
"""

from __future__ import annotations

import numpy as np

from macrograph.graph import attribution as attr
from macrograph.graph.engine.compile import Compiled
from macrograph.graph.engine.steps import Run
from macrograph.graph.result import Qualitative


def _start_signs(comp: Compiled, run: Run, other: Run | None) -> dict[int, int]:
    """Net sign of what was injected into each node (scenario minus comparison)."""
    net = np.zeros(comp.size)
    for _, node, _, amount in run.steps:
        net[node] += amount
    for _, node, _, amount in other.steps if other else []:
        net[node] -= amount
    return {i: int(np.sign(x)) for i, x in enumerate(net.tolist()) if abs(x) > attr.NEGLIGIBLE}


def sign_reasoning(comp: Compiled, run: Run, other: Run | None) -> dict[int, Qualitative]:
    """Per node: the net sign and W from counts of positive and negative paths.

    Examples
    --------
    >>> from macrograph.graph.engine.compile import compile_pack
    >>> from macrograph.graph.engine.steps import Injection, simulate
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> ab, ac, bc = rule("a_b", "a", "b", 0.5), rule("a_c", "a", "c", -1), rule("b_c", "b", "c", 2)
    >>> comp = compile_pack(pack_of([ab, ac, bc]))
    >>> run = simulate(comp, [Injection(comp.index["a"], 0, 0, 1.0)], 2, 1)
    >>> c = sign_reasoning(comp, run, None)[comp.index["c"]]  # + through b, - at once
    >>> c.sign, c.w, c.positive_paths, c.negative_paths
    ('?', 0.0, 1, 1)
    """
    table = attr.out_edges(comp)
    positive = np.zeros(comp.size, dtype=int)
    negative = np.zeros(comp.size, dtype=int)
    unsized = np.zeros(comp.size, dtype=int)
    uncertain = np.zeros(comp.size, dtype=int)
    for start, sign in _start_signs(comp, run, other).items():
        (positive if sign > 0 else negative)[start] += 1
        for path in attr.simple_paths_from(comp, start, table):
            edges = list(path)
            target = int(comp.edges.tgt[path[-1]])
            composite = sign * int(np.prod(comp.edges.sign[edges]))
            (positive if composite > 0 else negative if composite < 0 else uncertain)[target] += 1
            unsized[target] += int(not comp.edges.quantified[edges].all())
    return {
        v: _qualitative(int(positive[v]), int(negative[v]), int(unsized[v]), int(uncertain[v]))
        for v in range(comp.size)
    }


def _dominance_from_counts(positive: int, negative: int) -> float:
    """W from path counts: |n+ - n-| / (n+ + n-), 1 when no path reaches the node."""
    total = positive + negative
    return 1.0 if total == 0 else abs(positive - negative) / total


def _qualitative(positive: int, negative: int, unsized: int, uncertain: int) -> Qualitative:
    if (positive and negative) or uncertain:
        sign = "?"
    elif positive:
        sign = "+"
    elif negative:
        sign = "-"
    else:
        sign = "0"
    w = _dominance_from_counts(positive, negative)
    return Qualitative(sign, w, positive, negative, unsized, uncertain)
