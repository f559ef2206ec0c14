"""Lag, fading and integration: what a rule passes on, period by period for the engine and
as whole series for the attribution's replay of a run.

The two halves compute one definition. A rule of lag ``L``, weight ``w`` and (fading)
``keep`` passes on ``w * f(t)``, with ``f`` its source ``s`` read ``L`` periods back and,
for a fading rule, filtered: ``f(t) = keep * f(t-1) + s(t-L) - s(t-L-1)``; an integrate
rule's target sums what it passes on. The engine steps this recursion one period at a
time over many columns (:func:`fading_terms`, :func:`fading_moves`); the replay takes a
node's whole series through one rule at once (:func:`passed_on`), and the tests hold the
two to the same numbers.

A group of rules (:class:`~macrograph.graph.engine.plan.Group`) is gathered from the state, or
from the history for lags, in one indexing operation, multiplied by its weights and summed
per target (:func:`weigh`). The history (:class:`Past`) is a buffer with ``lags`` zero
periods in front, so that lagged reads need no bounds checks; an ensemble keeps only its
last ``lags`` periods (a ring). A fading rule (:class:`Fading`) passes on its source's
moves each fading by ``keep`` per period: ``f(t) = keep * f(t-1) + s(t) - s(t-1)``.

Examples
--------
>>> past = past_of(periods=3, nodes=2, columns=1, lags=1, ring=False)
>>> slot(past, 0)[:] = [[1.0], [2.0]]
>>> window(past, 1).ravel().tolist()  # the last period, as the lagged rules read it
[1.0, 2.0]
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from msgspec import Struct
from msgspec.structs import replace

from macrograph.graph.engine.compile import Compiled
from macrograph.graph.engine.plan import Group


class Past(Struct, frozen=True):
    """The states of past periods, (slots, nodes, columns), ``lags`` zero periods first;
    ``flat`` is the same buffer as (slots * nodes, columns)."""

    buf: np.ndarray
    flat: np.ndarray
    lags: int


def past_of(periods: int, nodes: int, columns: int, lags: int, ring: bool) -> Past:
    """An empty history: every period, or (``ring``) only the last ``lags`` and this one.

    Examples
    --------
    >>> past_of(periods=100, nodes=2, columns=1, lags=1, ring=False).buf.shape  # a zero first
    (101, 2, 1)
    >>> past_of(periods=100, nodes=2, columns=1, lags=1, ring=True).buf.shape  # last and this
    (2, 2, 1)
    """
    slots = lags + 1 if ring else periods + lags
    buf = np.zeros((slots, nodes, columns))
    return Past(buf, buf.reshape(slots * nodes, columns), lags)


def slot(past: Past, period: int) -> np.ndarray:
    """The state of ``period``, (nodes, columns), a view into the history.

    Examples
    --------
    >>> past = past_of(periods=3, nodes=2, columns=1, lags=1, ring=False)
    >>> slot(past, 0)[:] = [[1.0], [2.0]]  # a view: writing it writes the history
    >>> past.buf[:, :, 0].tolist()  # behind the one zero period the lags read before the start
    [[0.0, 0.0], [1.0, 2.0], [0.0, 0.0], [0.0, 0.0]]
    """
    return np.asarray(past.buf[(period + past.lags) % past.buf.shape[0]])


def window(past: Past, period: int) -> np.ndarray:
    """The last ``lags`` periods before ``period`` as one (lags * nodes, columns) array.

    Examples
    --------
    >>> past = past_of(periods=3, nodes=2, columns=1, lags=2, ring=False)
    >>> slot(past, 0)[:] = [[1.0], [2.0]]
    >>> window(past, 1).ravel().tolist()  # two periods back (before the start), then one back
    [0.0, 0.0, 1.0, 2.0]
    """
    n = past.buf.shape[1]
    return np.asarray(past.flat[period * n : (period + past.lags) * n])


def sources(past: Past, g: Group, period: int) -> np.ndarray:
    """The sources of ``g``'s rules, each ``lag`` periods before ``period``: (rules, columns).

    Examples
    --------
    >>> from macrograph.graph.engine.compile import compile_pack
    >>> from macrograph.graph.engine.plan import group
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> comp = compile_pack(pack_of([rule("a_b", "a", "b", 0.5, lag=1)]))
    >>> past = past_of(periods=3, nodes=2, columns=1, lags=1, ring=False)
    >>> slot(past, 0)[:] = [[4.0], [0.0]]
    >>> sources(past, group(comp.edges, np.array([0])), 1).tolist()  # a, a period back
    [[4.0]]
    """
    n = past.buf.shape[1]
    offsets = (past.lags - g.lag + period) * n + g.src
    found: np.ndarray = past.flat.take(offsets, axis=0, mode="wrap")  # a ring's: modulo
    return found


def weigh(g: Group, rows: np.ndarray, w: np.ndarray, masks: np.ndarray | None) -> np.ndarray:
    """``g``'s rules' sources ``rows`` times their weights ``w`` (in place) and, for rules
    with a ``when``, their masks, summed per target: (targets, columns).

    Examples
    --------
    >>> from macrograph.graph.engine.compile import compile_pack
    >>> from macrograph.graph.engine.plan import group
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> comp = compile_pack(pack_of([rule("a_c", "a", "c", 0.5), rule("b_c", "b", "c", -2)]))
    >>> g = group(comp.edges, np.array([0, 1]))
    >>> rows = np.array([[4.0], [0.5]])  # a and b
    >>> weigh(g, rows, comp.edges.weight[g.edges][:, None], None).tolist()  # 0.5 * 4 - 2 * 0.5
    [[1.0]]
    """
    rows *= w
    if g.conditional and masks is not None:
        rows[g.when] *= masks[g.edges[g.when]]
    return g.sum_rows(rows)


class Fading(Struct):
    """The fading rules ``group``, their ``keep`` (rules, 1), and per rule its filtered
    source ``fade`` and its source ``lag + 1`` periods back ``faded`` (rules, columns);
    ``moving`` is ``group`` reading its sources ``lag`` periods back."""

    group: Group
    keep: np.ndarray
    fade: np.ndarray
    faded: np.ndarray
    moving: Group


def fading_of(comp: Compiled, g: Group, columns: int) -> Fading | None:
    """The state of the fading rules ``g`` before the first period (None without any).

    Examples
    --------
    >>> from macrograph.graph.engine.plan import plan_of
    >>> from macrograph.graph.synthetic.runs import halving
    >>> comp = halving()
    >>> fading_of(comp, plan_of(comp).fading, columns=1).keep.tolist()  # half a day's move kept
    [[0.5]]
    >>> fading_of(comp, plan_of(comp).lagged, columns=1) is None  # no lagged rule fades
    True
    """
    if not len(g):
        return None
    zeros = np.zeros((len(g), columns))
    keep = comp.edges.keep[g.edges][:, None]
    return Fading(g, keep, zeros, zeros.copy(), replace(g, lag=g.lag - 1))


def fading_terms(f: Fading, past: Past, period: int) -> np.ndarray:
    """What fading rules give back of their full effect, before weights: with ``f`` a
    rule's filtered source the rule adds ``w * f(t)``; as a plain rule it adds
    ``w * s(t - lag)``, so this is ``keep * f(t-1) - s(t-lag-1)``.

    Examples
    --------
    >>> from macrograph.graph.engine.plan import plan_of
    >>> from macrograph.graph.synthetic.runs import halving
    >>> comp = halving()
    >>> f = fading_of(comp, plan_of(comp).fading, columns=1)
    >>> past = past_of(periods=3, nodes=2, columns=1, lags=1, ring=False)
    >>> slot(past, 0)[0] = slot(past, 1)[0] = 4.0  # a steps up by 4
    >>> fading_moves(f, past, 0)
    >>> fading_terms(f, past, 1).tolist()  # a day on, b gets 4 - 2: half the move has faded
    [[-2.0]]
    """
    f.faded = sources(past, f.group, period)
    return np.asarray(f.keep * f.fade - f.faded)


def fading_moves(f: Fading, past: Past, period: int) -> None:
    """After ``period`` is solved: each filtered source takes in its source's move.

    Examples
    --------
    >>> from macrograph.graph.engine.plan import plan_of
    >>> from macrograph.graph.synthetic.runs import halving
    >>> comp = halving()
    >>> f = fading_of(comp, plan_of(comp).fading, columns=1)
    >>> past = past_of(periods=3, nodes=2, columns=1, lags=1, ring=False)
    >>> for period in range(3):
    ...     slot(past, period)[0] = 4.0  # a steps up by 4 and stays there
    ...     _ = fading_terms(f, past, period)
    ...     fading_moves(f, past, period)
    ...     print(f.fade.item())
    4.0
    2.0
    1.0
    """
    now = sources(past, f.moving, period)
    f.fade *= f.keep
    f.fade += now - f.faded


class RuleSeries(Struct, frozen=True):
    """Rules as the replay reads them: per rule its ``lag``, ``keep`` (1: no fading),
    ``weight``, whether it is on each period ``on`` (rules, periods), and whether its
    target is a ``stock``."""

    lag: np.ndarray
    keep: np.ndarray
    weight: np.ndarray
    on: np.ndarray
    stock: np.ndarray


def rule_series(comp: Compiled, edges: np.ndarray, on: np.ndarray) -> RuleSeries:
    """The compiled rules ``edges`` (indices) as the replay reads them, switched on as
    ``on`` (rules, periods) says; a pack without fading rules compiles no ``keep``.

    Examples
    --------
    >>> from macrograph.graph.engine.compile import compile_pack
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> comp = compile_pack(pack_of([rule("a_b", "a", "b", -0.5, lag=2, integrate=True)]))
    >>> one = rule_series(comp, np.array([0]), np.ones((1, 4)))
    >>> one.lag.tolist(), one.keep.tolist(), one.weight.tolist(), one.stock.tolist()
    ([2], [1.0], [-0.5], [True])
    """
    keep = comp.edges.keep[edges] if len(comp.edges.keep) else np.ones(len(edges))
    return RuleSeries(
        lag=comp.edges.lag[edges],
        keep=keep,
        weight=comp.edges.weight[edges],
        on=on,
        stock=comp.edges.integrate[edges].astype(bool),
    )


def passed_on(edges: RuleSeries, signals: np.ndarray) -> np.ndarray:
    """What each rule passes on when its source moves by its row of ``signals``
    (rules, periods): shifted by its lag, faded, weighted, switched by its condition,
    and summed up for a stock.

    Examples
    --------
    >>> one = RuleSeries(np.array([1]), np.array([0.5]), np.array([1.0]),
    ...                  np.ones((1, 5)), np.array([False]))
    >>> passed_on(one, np.array([[0.0, 4.0, 4.0, 4.0, 6.0]])).tolist()  # a day late, fading
    [[0.0, 0.0, 4.0, 2.0, 1.0]]
    """
    periods = signals.shape[1]
    shifted = np.zeros(signals.shape)
    for lag in sorted(set(edges.lag.tolist())):  # np.unique would import numpy.ma (20 ms)
        if lag < periods:
            rows = edges.lag == lag
            shifted[rows, lag:] = signals[rows, : periods - lag]
    for i in np.flatnonzero(edges.keep < 1.0).tolist():
        shifted[i] = fade(shifted[i], float(edges.keep[i]))
    out: np.ndarray = shifted * edges.weight[:, None] * edges.on
    if edges.stock.any():
        out[edges.stock] = np.cumsum(out[edges.stock], axis=1)
    return out


def fade(signal: np.ndarray, keep: float, chunk: int = 64) -> np.ndarray:
    """``signal`` with each of its moves fading by ``keep`` per period afterwards.

    ``f(t) = keep * f(t-1) + signal(t) - signal(t-1)``, the recursion the engine steps
    (:func:`fading_moves`), computed a chunk of periods at a time.

    Examples
    --------
    >>> fade(np.array([0.0, 4.0, 4.0, 4.0, 6.0]), 0.5).tolist()
    [0.0, 4.0, 2.0, 1.0, 2.5]
    """
    moves = np.diff(signal, prepend=0.0)
    weights, powers = _fading_weights(keep, chunk)
    out = np.empty(len(moves))
    last = 0.0
    for start in range(0, len(moves), chunk):
        part = moves[start : start + chunk]
        m = len(part)
        found = weights[:m, :m] @ part + powers[:m] * last
        out[start : start + m] = found
        last = float(found[-1])
    return out


@lru_cache(maxsize=64)
def _fading_weights(keep: float, chunk: int) -> tuple[np.ndarray, np.ndarray]:
    """The chunk's lower-triangular fading matrix and the powers carrying the last value
    into it: made once per rate (a pack has a few), read-only."""
    k = np.arange(chunk)
    gap = k[:, None] - k[None, :]
    weights = np.where(gap >= 0, keep ** np.maximum(gap, 0), 0.0)
    powers = keep ** (k + 1)
    weights.flags.writeable = powers.flags.writeable = False
    return weights, powers
