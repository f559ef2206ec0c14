"""Which Monte Carlo draws make the linear system grow, found before the ensemble runs.

A draw is left out when the whole linear system on the rules active as the run starts
grows: some mode of its one-period step (lags, stocks and fading included) has a
modulus above ``GROWTH``. The rules active are those without a ``when`` and those whose
``when`` holds at the baseline levels, less the rules that are zero in every draw; a
rule switched on later is still caught by the engine if it makes a loop run away.

The step of the whole system is block-triangular over its strongly connected sets
(the components of the graph of active rules), so its spectral radius is the largest
of theirs: each set that a shock (or noise) reaches is checked, and a draw in which
one grows is counted once, for the first such set in node order. Two checks per set:

- its zero-lag rules must have a gain (spectral radius) below 1, as when the engine
  solves them within a period;
- its modes must grow by no more than ``GROWTH`` per period.

The second check reads the set as a system of *delay channels*: a lagged rule ``e``
passes ``w_e * x_src(t - lag_e)`` on; a stock node's integrate rules feed one
accumulator per stock (one per node, not per rule: two accumulators of the same node
would add a spurious mode at exactly 1); between channels the zero-lag rules act at
once, through ``M = (I - A0)^-1``. With ``q`` the one-period delay, a channel's row
reads ``own(q) c - sum over its rules g of delay_g(q) w_g M[src_g, :] c``, with ``own``
1 for a lagged rule, ``1 - q`` for a stock and ``1 - keep q`` for a fading rule, and
``delay_g = q^lag`` (times ``1 - q`` for a fading rule). The modes are the roots ``q``
of ``p(q) = det(rows)``; ``z = 1 / q`` are the eigenvalues of the step. ``p`` is
obtained exactly by evaluating the determinant on the unit circle and an FFT; the
Schur-Cohn step-down test then tells, for every draw at once, whether all ``z`` lie
within the radius ``GROWTH``, and bisection gives the growth of those that do not.
"""

from __future__ import annotations

import heapq
import itertools

import numpy as np
from msgspec import Struct

from macrograph.graph.engine.compile import Compiled, strongly_connected
from macrograph.graph.engine.switches import EDGE
from macrograph.graph.engine.threads import one_blas_thread

GROWTH = 1.0 + 1e-6
"""A mode growing by more than one part in a million per period grows. (Exact modes at 1,
stocks without feedback, carry rounding errors far below that.)"""
ZERO_LAG = 1.0 - 1e-9  # as the engine: a zero-lag loop of gain 1 or more runs away
UNIT_ROOT = 1e-9  # |p(1)| this small against the sum of |coefficients|: a root at exactly 1
BATCH = 512  # draws per batch of determinants
MAX_CHOICES = 256  # the determinant is expanded along its rows up to this many terms


class Unstable(Struct, frozen=True):
    """Draws (indices) in which the strongly connected set ``nodes`` grows, its largest
    growth per period (``kind`` ``system``) or zero-lag gain (``instant``) among them,
    and the first ``period`` a shock reaches the set."""

    nodes: tuple[int, ...]
    period: int
    gain: float
    columns: tuple[int, ...]
    kind: str = "system"


def unstable_draws(
    comp: Compiled,
    weights: np.ndarray,
    starts: dict[int, int],
    periods: int | None = None,
    active: np.ndarray | None = None,
) -> list[Unstable]:
    """The draws of ``weights`` (edges x draws) in which the system reached by a shock grows.

    ``starts`` maps each shocked node to its first shocked period; a set no shock
    reaches cannot move and is not checked. A draw is counted once, for the first set
    (in node order) found growing in it. A rule whose lag is ``periods`` or more (the
    run's length) never acts in the run and is left out: it can make no mode grow there,
    and the check's cost grows with the square of the longest lag. ``active`` is
    :func:`active_rules` of every draw of the ensemble, when ``weights`` holds only some
    of them: the sets checked are then the same whichever draws are asked about.

    Examples
    --------
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> from macrograph.graph.engine.compile import compile_pack
    >>> comp = compile_pack(pack_of([rule("ab", "a", "b", 1.0, lag=1),
    ...                              rule("ba", "b", "a", 1.0)]))
    >>> w = np.array([[1.1, 0.9], [1.0, 1.0]])  # two draws: growth 1.1 a period, and 0.9
    >>> [(u.columns, round(u.gain, 3), u.kind) for u in unstable_draws(comp, w, {0: 0})]
    [((0,), 1.1, 'system')]
    """
    arrival = _arrival(comp, starts)
    active = active_rules(comp, weights) if active is None else active
    if periods is not None:
        active &= comp.edges.lag < periods
    dead = np.zeros(weights.shape[1], dtype=bool)
    found = []
    with one_blas_thread():  # as the engine's: small products, that threads only slow down
        for nodes, zero_lag in _sets(comp, active):
            period = min((arrival[n] for n in nodes if n in arrival), default=None)
            if period is None or dead.all():
                continue
            inside = within(comp, nodes) & active
            check, bound = (_zero_lag_gain, ZERO_LAG) if zero_lag else (_growth, GROWTH)
            gain = check(comp, nodes, inside, weights[:, ~dead])
            bad = np.flatnonzero(~dead)[gain > bound]
            if len(bad):
                dead[bad] = True
                worst = float(np.max(gain[gain > bound]))
                kind = "instant" if zero_lag else "system"
                found.append(Unstable(tuple(nodes), period, worst, tuple(bad.tolist()), kind))
    return found


def active_rules(comp: Compiled, weights: np.ndarray) -> np.ndarray:
    """The rules the linear system starts with: (edges,) bool. A rule with a ``when`` is
    on if its condition holds at the baseline levels; a rule zero in every draw is off.

    Examples
    --------
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> from macrograph.graph.engine.compile import compile_pack
    >>> comp = compile_pack(pack_of([rule("ab", "a", "b", 1.0), rule("bc", "b", "c", 0.0)]))
    >>> active_rules(comp, np.array([[1.0], [0.0]])).tolist()
    [True, False]
    """
    edges = comp.edges
    level = comp.baseline[np.maximum(edges.cond_node, 0)]
    holds = (level >= edges.cond_above - EDGE) & (level <= edges.cond_below + EDGE)
    on = (edges.cond_node < 0) | holds
    return np.asarray(on & (weights != 0.0).any(axis=1))


def _sets(comp: Compiled, active: np.ndarray) -> list[tuple[list[int], bool]]:
    """Zero-lag blocks (True), then the strongly connected sets of active rules with
    lagged, integrate or fading rules inside (False)."""
    blocks = [(b.tolist(), True) for g in comp.generations for b in g.cyclic]
    edges = comp.edges
    succ: list[list[int]] = [[] for _ in range(comp.size)]
    on = np.flatnonzero(active)
    for s, t in zip(edges.src[on].tolist(), edges.tgt[on].tolist(), strict=True):
        succ[s].append(t)
    delayed = (edges.lag > 0) | edges.integrate | (_keep(comp) < 1.0)
    sets = sorted(strongly_connected(comp.size, succ))
    label = np.empty(comp.size, dtype=np.int64)  # each node's set, to test every rule at once
    for number, nodes in enumerate(sets):
        label[nodes] = number
    inside = (label[edges.src] == label[edges.tgt]) & active & delayed
    holding = set(label[edges.src[inside]].tolist())
    return blocks + [(nodes, False) for number, nodes in enumerate(sets) if number in holding]


def within(comp: Compiled, nodes: list[int]) -> np.ndarray:
    """The rules from one of ``nodes`` to one of them: (edges,) bool.

    Examples
    --------
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> from macrograph.graph.engine.compile import compile_pack
    >>> comp = compile_pack(pack_of([rule("ab", "a", "b", 1.0), rule("bc", "b", "c", 1.0)]))
    >>> within(comp, [comp.index["a"], comp.index["b"]]).tolist()
    [True, False]
    """
    member = np.zeros(comp.size, dtype=bool)
    member[nodes] = True
    return np.asarray(member[comp.edges.src] & member[comp.edges.tgt])


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
    comp: Compiled, nodes: list[int], inside: np.ndarray, w: np.ndarray
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


class _Rows(Struct, frozen=True):
    """The delay channels of a set: each rule's row, and each row's own term (stock,
    fading or plain) and target node (local index)."""

    rules: np.ndarray  # the channel rules (edge indices)
    row: np.ndarray  # each rule's row
    stock: np.ndarray  # per row: an accumulator
    keep: np.ndarray  # per row: its own term is 1 - keep q (stock 1, fading rule below 1, else 0)
    target: np.ndarray  # per row: its target's local index


def _rows(comp: Compiled, nodes: list[int], channels: np.ndarray) -> _Rows:
    """One row per lagged or fading rule, one per stock node (all its integrate rules)."""
    edges, keep = comp.edges, _keep(comp)
    local = {n: i for i, n in enumerate(nodes)}
    rows: dict[tuple[str, int], int] = {}
    row, stock, kept, target = [], [], [], []
    for e in channels.tolist():
        tgt = local[int(edges.tgt[e])]
        key = ("stock", tgt) if edges.integrate[e] else ("rule", e)
        if key not in rows:
            rows[key] = len(rows)
            stock.append(bool(edges.integrate[e]))
            kept.append(1.0 if edges.integrate[e] else float(keep[e]) if keep[e] < 1.0 else 0.0)
            target.append(tgt)
        row.append(rows[key])
    return _Rows(channels, np.array(row), np.array(stock), np.array(kept), np.array(target))


def _growth(comp: Compiled, nodes: list[int], inside: np.ndarray, w: np.ndarray) -> np.ndarray:
    """The largest growth factor per period of the set's modes, per draw (1.0 for a draw
    whose modes all lie within ``GROWTH``)."""
    edges = comp.edges
    fading = _keep(comp) < 1.0
    zero = inside & (edges.lag == 0) & ~edges.integrate & ~fading
    rows = _rows(comp, nodes, np.flatnonzero(inside & ~zero))
    out = np.zeros(w.shape[1])
    batch = BATCH if _choices(rows) > MAX_CHOICES else max(1, w.shape[1])  # real minors: small
    for start in range(0, w.shape[1], batch):
        part = w[:, start : start + batch]
        poly = _polynomial(comp, nodes, np.flatnonzero(zero), rows, part)
        out[start : start + batch] = _radius(poly)
    return out


def _choices(rows: _Rows) -> int:
    """How many terms the row expansion of the set's determinant has (see :func:`_by_minors`)."""
    return int(np.prod(np.bincount(rows.row, minlength=len(rows.stock)) + 1))


def _polynomial(
    comp: Compiled, nodes: list[int], zero: np.ndarray, rows: _Rows, w: np.ndarray
) -> np.ndarray:
    """Coefficients of ``z^d p(1/z)``, leading first, per draw: (draws, d + 1), scaled so
    that the leading one is 1 (``inf`` everywhere when the system is singular at once)."""
    edges = comp.edges
    local = {n: i for i, n in enumerate(nodes)}
    a0 = _matrices(comp, nodes, zero, w)
    eye = np.eye(len(nodes))
    m = np.linalg.solve(eye - a0, np.broadcast_to(eye, a0.shape))  # zero-lag gains < 1 here
    src = [local[int(edges.src[e])] for e in rows.rules.tolist()]
    k = w[rows.rules].T[:, :, None] * m[:, src][:, :, rows.target]  # (draws, rules, rows)
    lags = edges.lag[rows.rules]
    fades = ~rows.stock[rows.row] & (rows.keep[rows.row] > 0.0)  # per rule
    reach = lags + fades  # each rule's delay's degree
    own_degree = (rows.keep > 0.0).astype(int)
    degree = sum(
        max(int(own_degree[r]), int(reach[rows.row == r].max())) for r in range(len(rows.stock))
    )
    if _choices(rows) <= MAX_CHOICES:
        coeffs = _by_minors(rows, (lags, fades), k, degree)
    else:
        coeffs = _by_points(rows, (lags, fades), k, degree)
    lead = coeffs[:, :1]
    singular = np.abs(lead[:, 0]) < 1e-12
    coeffs = coeffs / np.where(singular[:, None], 1.0, lead)
    coeffs[singular] = np.inf
    return np.asarray(coeffs)


def _by_minors(
    rows: _Rows, delays: tuple[np.ndarray, np.ndarray], k: np.ndarray, degree: int
) -> np.ndarray:
    """``p``'s coefficients (lowest power first) by expanding the determinant along its rows.

    Row ``r`` is ``own_r(q) e_r - sum of delay_g(q) k_g`` over its rules ``g``, so the
    determinant is multilinear in them: a sum, over each way of taking from every row its
    own term or one of its rules, of a fixed polynomial in ``q`` times the determinant
    of the rules' gains on the rows that took a rule (a principal minor, real, per draw).
    Exact, and far cheaper than evaluating complex determinants at ``degree + 1`` points
    while the ways are few (:data:`MAX_CHOICES`).
    """
    expansion = _expansion(rows, delays, degree)
    minors = np.ones((k.shape[0], len(expansion.choices)))
    for i, (taken, rules) in enumerate(expansion.choices):
        if taken:
            minors[:, i] = np.linalg.det(k[:, rules][:, :, taken])
    return np.asarray(minors @ expansion.polys)


class _Expansion(Struct, frozen=True):
    """The terms of the row expansion: per term, the rows that take a rule and those rules
    (``choices``), and its fixed polynomial, lowest power first (``polys``, terms x d+1)."""

    choices: tuple[tuple[list[int], list[int]], ...]
    polys: np.ndarray


def _expansion(rows: _Rows, delays: tuple[np.ndarray, np.ndarray], degree: int) -> _Expansion:
    lags, fades = delays
    count = len(rows.stock)
    options = [[-1, *np.flatnonzero(rows.row == r).tolist()] for r in range(count)]
    own = [np.array([1.0, -rows.keep[r]]) for r in range(count)]  # 1 - keep q
    delay = []  # minus each rule's delay: -q^lag, times 1 - q if it fades
    for g in range(len(rows.rules)):
        term = np.zeros(int(lags[g]) + 1)
        term[-1] = -1.0
        delay.append(_times(term, [1.0, -1.0]) if fades[g] else term)
    choices, polys = [], []
    for choice in itertools.product(*options):
        poly = np.ones(1)
        for r, g in enumerate(choice):
            poly = _times(poly, own[r] if g < 0 else delay[g])
        padded = np.zeros(degree + 1)
        padded[: min(len(poly), degree + 1)] = poly[: degree + 1]
        polys.append(padded)
        taken = [r for r in range(count) if choice[r] >= 0]
        choices.append((taken, [choice[r] for r in taken]))
    return _Expansion(tuple(choices), np.stack(polys))


def _times(a: np.ndarray | list[float], b: np.ndarray | list[float]) -> np.ndarray:
    """The product of two polynomials (coefficients lowest power first, trailing zeros
    trimmed), as ``numpy.polynomial.polynomial.polymul`` computes it: importing that module
    (numpy.polynomial and its six families) cost a cold what-if more than its use here.

    Examples
    --------
    >>> _times(np.array([1.0, -0.5, 0.0]), [0.0, 1.0]).tolist()
    [0.0, 1.0, -0.5]
    """
    return _trimmed(
        np.convolve(_trimmed(np.asarray(a, dtype=float)), _trimmed(np.asarray(b, dtype=float)))
    )


def _trimmed(poly: np.ndarray) -> np.ndarray:
    """``poly`` without its trailing zeros (its first coefficient kept if all are zero)."""
    nonzero = np.flatnonzero(poly)
    return poly[: nonzero[-1] + 1] if len(nonzero) else poly[:1]


def _by_points(
    rows: _Rows, delays: tuple[np.ndarray, np.ndarray], k: np.ndarray, degree: int
) -> np.ndarray:
    """``p``'s coefficients (lowest power first) from its values on the unit circle: the
    determinant at ``degree + 1`` points and an FFT."""
    lags, fades = delays
    size = degree + 1  # as many points as coefficients: the FFT gives them exactly
    q = np.exp(2j * np.pi * np.arange(size // 2 + 1) / size)[:, None]  # the rest: conjugates
    own = 1.0 - rows.keep * q  # (points, rows)
    delay = q**lags * np.where(fades, 1.0 - q, 1.0)  # (points, rules)
    count = len(rows.stock)
    first = np.unique(rows.row, return_index=True)[1]  # each row's first rule
    mat = np.empty((k.shape[0], len(q), count, count), dtype=complex)
    mat[:] = k[:, None, first]  # filled first: a real-by-complex broadcast is many times slower
    mat *= -delay[None, :, first, None]
    for g in sorted(set(range(len(rows.rules))) - set(first.tolist())):  # a stock's others
        mat[:, :, rows.row[g], :] -= delay[None, :, g, None] * k[:, None, g, :]
    diagonal = np.arange(count)
    mat[:, :, diagonal, diagonal] += own[None]
    values = np.linalg.det(mat)  # (draws, points): p(q) = sum c_k q^k, c real
    return np.asarray(np.fft.irfft(np.conj(values), n=size, axis=1)[:, : degree + 1])


def _radius(poly: np.ndarray) -> np.ndarray:
    """Per draw, the largest root modulus of ``sum c_k z^(d-k)`` (c_0 = 1) when above
    ``GROWTH``: bisection on the Schur-Cohn test, from ``GROWTH`` up to a
    Cauchy bound; 1.0 for a draw whose roots all lie within ``GROWTH``."""
    infinite = ~np.isfinite(poly).all(axis=1)
    poly = _without_ones(np.where(infinite[:, None], 0.0, poly))
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


def _without_ones(poly: np.ndarray) -> np.ndarray:
    """The polynomials with their roots at exactly 1 divided out (each replaced by a root
    at 0). A stock that nothing feeds back on keeps a mode at 1; two such modes are a
    double root, which rounding splits by the square root of its error, up to 1e-5, into
    a growth that is not there. A root this close to 1 grows by less than ``GROWTH``."""
    for _ in range(poly.shape[1] - 1):
        at_one = np.abs(poly.sum(axis=1)) <= UNIT_ROOT * np.abs(poly).sum(axis=1)
        if not at_one.any():
            break
        quotient = np.cumsum(poly[at_one], axis=1)  # synthetic division by z - 1
        quotient[:, -1] = 0.0  # the remainder (zero up to rounding) becomes a root at 0
        poly = poly.copy()
        poly[at_one] = quotient
    return poly


def _inside(poly: np.ndarray, radius: np.ndarray) -> np.ndarray:
    """True where every root of the polynomial lies strictly within ``radius`` (Schur-Cohn)."""
    d = poly.shape[1] - 1
    # one row per coefficient, a column per draw: each step reads and writes whole rows
    a = np.ascontiguousarray((poly * radius[:, None] ** -np.arange(d + 1)).T)  # roots z / radius
    spare = np.empty_like(a)
    ok = np.ones(poly.shape[0], dtype=bool)
    for n in range(d, 0, -1):
        lead, last = a[0], a[n]
        safe = np.where(lead == 0, 1.0, lead)
        k = last / safe
        ok &= (np.abs(k) < 1.0) & (lead != 0)
        step = np.multiply(a[n:0:-1], k, out=spare[:n])  # the reversed rows, times k
        a, spare = np.subtract(a[:n], step, out=step), a
    return ok
