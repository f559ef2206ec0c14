"""Which Monte Carlo draws make the linear system unstable, found before the ensemble runs.

Two checks per draw, on the rules that are always on (a rule with a ``when`` may be
off; the engine still catches a loop that runs away once such a rule switches on):

- every zero-lag loop (a block of :mod:`macrograph.graph.compile`'s generations) must
  have a gain (spectral radius) below 1, as when the engine solves it;
- every loop through lagged or integrate rules (a strongly connected component of the
  whole graph) must have no mode growing faster than ``GROWTH`` per period.

The second check reads each component as a system of *delay channels*: a lagged rule
``e`` passes ``w_e * x_src(t - lag_e)`` on, an integrate rule accumulates it; between
channels the zero-lag rules act at once, through ``M = (I - A0)^-1``. With
``K[e, f] = w_e * M[src_e, tgt_f]`` and ``q`` the one-period delay, the modes are the
roots of ``p(q) = det(S(q) - diag(q^lag) K)`` (``S`` is 1 for a lagged channel, ``1 - q``
for a stock); ``z = 1 / q`` are the eigenvalues of the companion matrix. ``p`` is
obtained exactly by evaluating the determinant on the unit circle and an FFT; the
Schur-Cohn step-down test then tells, for every draw at once, whether all ``z`` lie
within the radius ``GROWTH`` (stocks without feedback have ``z = 1``: they are fine).
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np

from macrograph.graph.compile import Compiled, strongly_connected

GROWTH = 1.0 + 1e-3  # a mode growing faster than this per period is unstable
ZERO_LAG = 1.0 - 1e-9  # as the engine: a zero-lag loop of gain 1 or more runs away
BATCH = 512  # draws per batch of determinants


@dataclass(frozen=True)
class Unstable:
    """Draws (indices) in which the loop ``nodes`` is unstable, the largest ``gain``
    among them, and the first ``period`` a shock reaches the loop."""

    nodes: tuple[int, ...]
    period: int
    gain: float
    columns: tuple[int, ...]


def unstable_draws(comp: Compiled, weights: np.ndarray, starts: dict[int, int]) -> list[Unstable]:
    """The draws of ``weights`` (edges x draws) in which a loop reached by a shock is unstable.

    ``starts`` maps each shocked node to its first shocked period; a loop no shock
    reaches cannot run away and is not checked. A draw is counted once, for the first
    loop (in node order) found unstable in it.

    Examples
    --------
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> from macrograph.graph.compile import compile_pack
    >>> comp = compile_pack(pack_of([rule("ab", "a", "b", 1.0, lag=1),
    ...                              rule("ba", "b", "a", 1.0)]))
    >>> w = np.array([[1.1, 0.9], [1.0, 1.0]])  # two draws: gains 1.1 and 0.9
    >>> [(u.columns, round(u.gain, 3)) for u in unstable_draws(comp, w, {0: 0})]
    [((0,), 1.1)]
    """
    arrival = _arrival(comp, starts)
    always = comp.edges.cond_node < 0
    dead = np.zeros(weights.shape[1], dtype=bool)
    found = []
    for nodes, zero_lag in _loops(comp):
        period = min((arrival[n] for n in nodes if n in arrival), default=None)
        if period is None:
            continue
        inside = np.isin(comp.edges.src, nodes) & np.isin(comp.edges.tgt, nodes) & always
        check = _zero_lag_gain if zero_lag else _growth
        gain = check(comp, nodes, inside, weights[:, ~dead], ~dead)
        bad = np.flatnonzero(~dead)[gain > (ZERO_LAG if zero_lag else GROWTH)]
        if len(bad):
            dead[bad] = True
            worst = float(np.max(gain[gain > (ZERO_LAG if zero_lag else GROWTH)]))
            found.append(Unstable(tuple(nodes), period, worst, tuple(bad.tolist())))
    return found


def _loops(comp: Compiled) -> list[tuple[list[int], bool]]:
    """Zero-lag blocks (True), then the components with lagged or integrate rules (False)."""
    blocks = [(b.tolist(), True) for g in comp.generations for b in g.cyclic]
    succ: list[list[int]] = [[] for _ in range(comp.size)]
    for s, t in zip(comp.edges.src.tolist(), comp.edges.tgt.tolist(), strict=True):
        succ[s].append(t)
    delayed = (comp.edges.lag > 0) | comp.edges.integrate
    lagged = []
    for c in sorted(strongly_connected(comp.size, succ)):
        inside = np.isin(comp.edges.src, c) & np.isin(comp.edges.tgt, c)
        if (inside & delayed).any():
            lagged.append((c, False))
    return blocks + lagged


def _arrival(comp: Compiled, starts: dict[int, int]) -> dict[int, int]:
    """The first period each node can move: shortest lags from the shocked nodes."""
    best = dict(starts)
    todo = [(p, n) for n, p in starts.items()]
    heapq.heapify(todo)
    out: list[list[tuple[int, int]]] = [[] for _ in range(comp.size)]
    edges = comp.edges
    for s, t, lag in zip(edges.src.tolist(), edges.tgt.tolist(), edges.lag.tolist(), strict=True):
        out[s].append((t, lag))
    while todo:
        p, n = heapq.heappop(todo)
        if p > best.get(n, p):
            continue
        for t, lag in out[n]:
            if p + lag < best.get(t, p + lag + 1):
                best[t] = p + lag
                heapq.heappush(todo, (p + lag, t))
    return best


def _matrices(comp: Compiled, nodes: list[int], edges: np.ndarray, w: np.ndarray) -> np.ndarray:
    """One (draws, k, k) matrix of ``edges`` (indices) among ``nodes``: [target, source]."""
    local = {n: i for i, n in enumerate(nodes)}
    out = np.zeros((w.shape[1], len(nodes), len(nodes)))
    for e in edges.tolist():
        out[:, local[int(comp.edges.tgt[e])], local[int(comp.edges.src[e])]] += w[e]
    return out


def _zero_lag_gain(
    comp: Compiled, nodes: list[int], inside: np.ndarray, w: np.ndarray, _: np.ndarray
) -> np.ndarray:
    zero = inside & (comp.edges.lag == 0)  # as the engine's solve: every rule of lag 0
    matrix = _matrices(comp, nodes, np.flatnonzero(zero), w)
    return np.asarray(np.abs(np.linalg.eigvals(matrix)).max(axis=1, initial=0.0))


def _keep(comp: Compiled) -> np.ndarray:
    """Per rule, the share of its effect a period keeps: below 1 for a rule with a ``decay``,
    else 1 (a pack with no decay compiles an empty ``keep``)."""
    keep = comp.edges.keep
    if len(keep) != len(comp.edges):
        return np.ones(len(comp.edges))
    return np.asarray(keep, dtype=float)


def _growth(
    comp: Compiled, nodes: list[int], inside: np.ndarray, w: np.ndarray, _: np.ndarray
) -> np.ndarray:
    """The largest growth factor per period of the component's modes, per draw."""
    edges = comp.edges
    fading = _keep(comp) < 1.0
    zero = inside & (edges.lag == 0) & ~edges.integrate & ~fading
    channels = np.flatnonzero(inside & ~zero)
    out = np.zeros(w.shape[1])
    for start in range(0, w.shape[1], BATCH):
        part = w[:, start : start + BATCH]
        poly = _polynomial(comp, nodes, np.flatnonzero(zero), channels, part)
        out[start : start + BATCH] = _radius(poly)
    return out


def _polynomial(
    comp: Compiled, nodes: list[int], zero: np.ndarray, channels: np.ndarray, w: np.ndarray
) -> np.ndarray:
    """Coefficients of ``z^d p(1/z)``, leading first, per draw: (draws, d + 1), scaled so
    that the leading one is 1 (``inf`` everywhere when the system is singular at once).

    A channel's own term and delay: a lagged rule 1 and ``q^lag``; a stock ``1 - q`` and
    ``q^lag`` (one of lag 0 takes in this period's flow at once); a rule fading by ``keep``
    per period ``1 - keep q`` and ``q^lag (1 - q)``.
    """
    edges = comp.edges
    local = {n: i for i, n in enumerate(nodes)}
    a0 = _matrices(comp, nodes, zero, w)
    eye = np.eye(len(nodes))
    m = np.linalg.solve(eye - a0, np.broadcast_to(eye, a0.shape))  # zero-lag gains < 1 here
    src = [local[int(edges.src[e])] for e in channels.tolist()]
    tgt = [local[int(edges.tgt[e])] for e in channels.tolist()]
    k = w[channels].T[:, :, None] * m[:, src][:, :, tgt]  # (draws, c, c)
    stock = edges.integrate[channels]
    keep = _keep(comp)[channels]
    fading = keep < 1.0
    lags = edges.lag[channels]
    degree = int(lags.sum() + stock.sum() + fading.sum())  # at most: 1 - q adds one
    size = degree + 1  # as many points as coefficients: the FFT gives them exactly
    q = np.exp(2j * np.pi * np.arange(size // 2 + 1) / size)[:, None]  # the rest: conjugates
    own = np.where(stock, 1.0 - q, np.where(fading, 1.0 - keep * q, 1.0))  # (points, c)
    delay = q**lags * np.where(fading, 1.0 - q, 1.0)
    mat = np.empty((k.shape[0], len(q), len(channels), len(channels)), dtype=complex)
    mat[:] = k[:, None]  # filled first: a real-by-complex broadcast is many times slower
    mat *= -delay[None, :, :, None]
    diagonal = np.arange(len(channels))
    mat[:, :, diagonal, diagonal] += own[None]
    values = np.linalg.det(mat)  # (draws, points): p(q) = sum c_k q^k, c real
    coeffs = np.fft.irfft(np.conj(values), n=size, axis=1)[:, : degree + 1]
    lead = coeffs[:, :1]
    singular = np.abs(lead[:, 0]) < 1e-12
    coeffs = coeffs / np.where(singular[:, None], 1.0, lead)
    coeffs[singular] = np.inf
    return np.asarray(coeffs)


def _radius(poly: np.ndarray) -> np.ndarray:
    """Per draw, the largest root modulus of ``sum c_k z^(d-k)`` (c_0 = 1) when above
    ``GROWTH``: bisection on the Schur-Cohn test, from ``GROWTH`` up to a
    Cauchy bound; 1.0 for a draw whose roots all lie within ``GROWTH``."""
    infinite = ~np.isfinite(poly).all(axis=1)
    poly = np.where(infinite[:, None], 0.0, poly)
    high = 1.0 + np.abs(poly[:, 1:]).max(axis=1, initial=0.0)
    stable = _inside(poly, np.full(poly.shape[0], GROWTH)) & ~infinite
    result = np.where(stable, 1.0, 0.0)
    if (~stable).any():
        lo, hi, p = np.full((~stable).sum(), GROWTH), high[~stable], poly[~stable]
        for _ in range(24):  # the bracket's ratio to the power 2^-24: a few parts in 10^7
            mid = np.sqrt(lo * hi)
            inside = _inside(p, mid)
            hi = np.where(inside, mid, hi)
            lo = np.where(inside, lo, mid)
        result[~stable] = hi
    result[infinite] = 1e12  # singular at once: as fast as anything the engine lets grow
    return result


def _inside(poly: np.ndarray, radius: np.ndarray) -> np.ndarray:
    """True where every root of the polynomial lies strictly within ``radius`` (Schur-Cohn)."""
    d = poly.shape[1] - 1
    a = poly * radius[:, None] ** -np.arange(d + 1)  # roots z / radius
    ok = np.ones(poly.shape[0], dtype=bool)
    for n in range(d, 0, -1):
        lead, last = a[:, 0], a[:, n]
        safe = np.where(lead == 0, 1.0, lead)
        k = last / safe
        ok &= (np.abs(k) < 1.0) & (lead != 0)
        rev = a[:, n::-1]
        a = (a[:, : n + 1] - k[:, None] * rev)[:, :n]
    return ok
