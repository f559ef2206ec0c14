"""Runs whose numbers overflow: name the rule (or shock) too large, instead of a traceback.

A run stops when its values pass the engine's bound or stop being finite. A loop whose
gain is 1 or more is reported as such (:class:`~macrograph.graph.errors.DivergenceError`);
when no loop runs away, the size of a rule or of a shock is to blame, and
:class:`~macrograph.graph.errors.MagnitudeError` names it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import numpy as np

from macrograph.graph.engine.compile import Compiled
from macrograph.graph.engine.steps import BLOW_UP
from macrograph.graph.errors import DivergenceError, MagnitudeError
from macrograph.graph.scenarios import ScenarioSpec
from macrograph.rules.lint.sizes import ABSURD_TYPICAL, typical_ratio
from macrograph.rules.pack import Pack

RUNAWAY = 1.0 - 1e-9
"""A loop gain from which the engine counts a loop as running away."""
ABSURD = 1e6
"""An elasticity or range bound above this is no market's; such a rule is blamed first."""


@contextmanager
def guarded(
    comp: Compiled, specs: Sequence[ScenarioSpec], pack: Pack | None = None
) -> Iterator[None]:
    """Turn an overflow inside the block into a :class:`MagnitudeError` naming its cause.

    A :class:`DivergenceError` whose loop gain is 1 or more is a real runaway loop and
    passes through; one below 1 (values too large for any loop to explain) and numpy's
    errors on non-finite numbers become a :class:`MagnitudeError`.

    Examples
    --------
    >>> from macrograph.graph.engine.compile import compile_pack
    >>> from macrograph.graph.specs import resolve
    >>> from macrograph.graph.synthetic import slump_pack
    >>> pack = slump_pack()
    >>> try:
    ...     with guarded(compile_pack(pack), [resolve(pack, "a-slumps")]):
    ...         raise OverflowError
    ... except MagnitudeError as err:
    ...     print(err)
    shock on 'a', field 'change': -1 overflows the run
    """
    try:
        with np.errstate(over="ignore", invalid="ignore"):
            yield
    except DivergenceError as err:
        if err.gain >= RUNAWAY:
            raise
        raise blame(comp, specs, err.nodes, err.period, pack) from None
    except (np.linalg.LinAlgError, FloatingPointError, OverflowError):
        raise blame(comp, specs, [], -1, pack) from None


def blame(
    comp: Compiled,
    specs: Sequence[ScenarioSpec],
    nodes: Sequence[str],
    period: int,
    pack: Pack | None = None,
) -> MagnitudeError:
    """The largest rule into ``nodes`` (any rule when empty) if it is absurd, else the
    largest shock; failing both, the largest rule. With the ``pack``, a rule is absurd only
    when it is so in its units' typical moves too, as lint judges it (retries in millions
    of requests a second a point of errors is an ordinary size).

    Examples
    --------
    >>> from macrograph.graph.synthetic import synthetic_pack
    >>> from macrograph.graph.propagate import compiled
    >>> from macrograph.graph.scenarios import resolve_text
    >>> pack = synthetic_pack(20, seed=1)
    >>> err = blame(compiled(pack), [resolve_text(pack, "synthetic")], [], 3)
    >>> err.rule, err.field, err.node in pack.nodes  # no rule of the pack is absurd
    ('', 'change', True)
    """
    rules = _rule_sizes(comp, set(nodes))
    shocks = list(
        (abs(v), s.node, "level" if s.level is not None else "change", v)
        for spec in specs
        for s in spec.shocks
        for v in [s.level if s.level is not None else (s.change or 0.0)]
    )
    rule = max(rules) if rules else None
    if rule is not None and (_absurd(rule[0], rule[1], pack) or not shocks):
        _, rule_id, node, field, value = rule
        return MagnitudeError(rule_id, node, field, value, period, BLOW_UP)
    if shocks:
        _, node, field, value = max(shocks, key=lambda s: (_finite_size(s[0]), s[1]))
        return MagnitudeError("", node, field, value, period, BLOW_UP)
    return MagnitudeError("", "", "", float("nan"), period, BLOW_UP)


def _absurd(size: float, rule_id: str, pack: Pack | None) -> bool:
    """Past :data:`ABSURD`, and with the pack also in its units' typical moves."""
    if size <= ABSURD:
        return False
    return pack is None or not size * typical_ratio(pack, rule_id) <= ABSURD_TYPICAL


def _finite_size(size: float) -> float:
    return float("inf") if not np.isfinite(size) else size


def _rule_sizes(comp: Compiled, into: set[str]) -> list[tuple[float, str, str, str, float]]:
    """(size, rule, target node, field, value) for the rules into ``into`` (all if empty)."""
    found = []
    edges = comp.edges
    for e, rule_id in enumerate(edges.rule_ids):
        node = comp.node_ids[int(edges.tgt[e])]
        if into and node not in into:
            continue
        parts = [("magnitude.elasticity", float(edges.weight[e]))]
        parts += [
            ("magnitude.range", float(edges.low[e])),
            ("magnitude.range", float(edges.high[e])),
        ]
        found.append(_largest(rule_id, node, parts))
    for t in comp.thresholds:
        node = comp.node_ids[t.tgt]
        if into and node not in into:
            continue
        parts = [("jump.elasticity", t.jump), ("jump.range", t.low), ("jump.range", t.high)]
        found.append(_largest(rule_id=t.rule_id, node=node, parts=parts))
    return found


def _largest(
    rule_id: str, node: str, parts: list[tuple[str, float]]
) -> tuple[float, str, str, str, float]:
    field, value = max(parts, key=lambda p: _finite_size(abs(p[1])))
    return (_finite_size(abs(value)), rule_id, node, field, abs(value))


def check_draws(comp: Compiled, weights: np.ndarray, jumps: np.ndarray) -> None:
    """Raise :class:`MagnitudeError` for the first rule whose drawn sizes are not finite.

    A range up to 1e308 can make the draws themselves overflow.

    Examples
    --------
    >>> from macrograph.graph.engine.compile import compile_pack
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> comp = compile_pack(pack_of([rule("ab", "a", "b", 0.5)]))
    >>> check_draws(comp, np.array([[0.4, 0.6]]), np.zeros((0, 2)))  # finite: nothing to say
    >>> try:
    ...     check_draws(comp, np.array([[0.4, np.inf]]), np.zeros((0, 2)))
    ... except MagnitudeError as err:
    ...     print(err)
    rule 'ab', field 'magnitude.range': 0.75 overflows the run
    """
    for e in np.flatnonzero(~np.isfinite(weights).all(axis=1)).tolist():
        node = comp.node_ids[int(comp.edges.tgt[e])]
        high = float(comp.edges.high[e])
        low = float(comp.edges.low[e])
        raise MagnitudeError(
            comp.edges.rule_ids[e], node, "magnitude.range", max(abs(high), abs(low)), -1, BLOW_UP
        )
    for k in np.flatnonzero(~np.isfinite(jumps).all(axis=1)).tolist():
        t = comp.thresholds[k]
        size = max(abs(t.high), abs(t.low))
        raise MagnitudeError(t.rule_id, comp.node_ids[t.tgt], "jump.range", size, -1, BLOW_UP)
