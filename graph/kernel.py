"""Lag, fading and integration period by period: the history the engine keeps and what a
group of rules passes on from it.

A group of rules (:class:`~macrograph.graph.plan.Group`) is gathered from the state, or
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

from dataclasses import dataclass, replace

import numpy as np

from macrograph.graph.compile import Compiled
from macrograph.graph.plan import Group


@dataclass(frozen=True)
class Past:
    """The states of past periods, (slots, nodes, columns), ``lags`` zero periods first;
    ``flat`` is the same buffer as (slots * nodes, columns)."""

    buf: np.ndarray
    flat: np.ndarray
    lags: int


def past_of(periods: int, nodes: int, columns: int, lags: int, ring: bool) -> Past:
    """An empty history: every period, or (``ring``) only the last ``lags`` and this one."""
    slots = lags + 1 if ring else periods + lags
    buf = np.zeros((slots, nodes, columns))
    return Past(buf, buf.reshape(slots * nodes, columns), lags)


def slot(past: Past, period: int) -> np.ndarray:
    """The state of ``period``, (nodes, columns), a view into the history."""
    return np.asarray(past.buf[(period + past.lags) % past.buf.shape[0]])


def window(past: Past, period: int) -> np.ndarray:
    """The last ``lags`` periods before ``period`` as one (lags * nodes, columns) array."""
    n = past.buf.shape[1]
    return np.asarray(past.flat[period * n : (period + past.lags) * n])


def sources(past: Past, g: Group, period: int) -> np.ndarray:
    """The sources of ``g``'s rules, each ``lag`` periods before ``period``: (rules, columns)."""
    n = past.buf.shape[1]
    offsets = (past.lags - g.lag + period) * n + g.src
    return np.asarray(np.take(past.flat, offsets % len(past.flat), axis=0))


def weigh(g: Group, rows: np.ndarray, w: np.ndarray, masks: np.ndarray | None) -> np.ndarray:
    """``g``'s rules' sources ``rows`` times their weights ``w`` (in place) and, for rules
    with a ``when``, their masks, summed per target: (targets, columns)."""
    rows *= w
    if g.conditional and masks is not None:
        rows[g.when] *= masks[g.edges[g.when]]
    return g.sum_rows(rows)


@dataclass
class Fading:
    """The fading rules ``group``, their ``keep`` (rules, 1), and per rule its filtered
    source ``fade`` and its source ``lag + 1`` periods back ``faded`` (rules, columns)."""

    group: Group
    keep: np.ndarray
    fade: np.ndarray
    faded: np.ndarray


def fading_of(comp: Compiled, g: Group, columns: int) -> Fading | None:
    """The state of the fading rules ``g`` before the first period (None without any)."""
    if not len(g):
        return None
    zeros = np.zeros((len(g), columns))
    return Fading(g, comp.edges.keep[g.edges][:, None], zeros, zeros.copy())


def fading_terms(f: Fading, past: Past, period: int) -> np.ndarray:
    """What fading rules give back of their full effect, before weights: with ``f`` a
    rule's filtered source the rule adds ``w * f(t)``; as a plain rule it adds
    ``w * s(t - lag)``, so this is ``keep * f(t-1) - s(t-lag-1)``."""
    f.faded = sources(past, f.group, period)
    return np.asarray(f.keep * f.fade - f.faded)


def fading_moves(f: Fading, past: Past, period: int) -> None:
    """After ``period`` is solved: each filtered source takes in its source's move."""
    now = sources(past, replace(f.group, lag=f.group.lag - 1), period)
    f.fade *= f.keep
    f.fade += now - f.faded
