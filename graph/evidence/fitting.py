"""Fit the rules' elasticities to observed moves: a maximum a posteriori estimate with
standard errors.

Each observation's residual is measured in units of market noise over its window (see
:func:`~macrograph.graph.evidence.backtest.noise_sd`). Each elasticity
has a normal prior at the pack's value whose 90% interval is the rule's range (its
half-width is 1.645 standard deviations): a **width, not a cap**. An estimate may leave its
prior range when the data insist, and is then reported as outside it; only the rule's
declared sign holds (a size stays at or above zero, and an estimate pressed against zero is
reported as such). A rule that was fitted before keeps the prior it was fitted against
(its ``estimate.prior``), so that a refit does not count the same events twice.

Standard errors come from the curvature of the objective at the estimate: the inverse of
``J'J`` (prior rows included), scaled by the data's residual variance per degree of freedom
when that is above 1 (observations of one event are not independent draws). The events
behind a rule are those with an observation the rule moves.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

import numpy as np
from msgspec import Struct
from msgspec.structs import replace

from macrograph.graph.calendar import calendar_for
from macrograph.graph.engine.compile import Compiled, compiled
from macrograph.graph.evidence.backtest import episode_spec, noise_sd, windows
from macrograph.graph.montecarlo import ensembles
from macrograph.graph.scenarios import resolve
from macrograph.rules.episodes import Episode
from macrograph.rules.observations import Observed, observations
from macrograph.rules.pack import Pack

Z90 = 1.645
STEP = 1e-4  # relative step of the finite-difference Jacobian
REACHED = 1e-9  # an observation moves less than this per unit of elasticity: not reached


class Fitted(Struct, frozen=True):
    """One rule's fit: the prior (value, range, spread) and the estimate with its standard
    error and the events behind it."""

    rule: str
    old: float
    new: float
    low: float
    high: float
    prior_sd: float
    se: float = 0.0
    events: int = 0
    first: date | None = None
    last: date | None = None

    @property
    def moved(self) -> float:
        """How far the data moved the elasticity, in prior standard deviations."""
        return (self.new - self.old) / self.prior_sd if self.prior_sd else 0.0

    @property
    def outside(self) -> bool:
        """Whether the estimate left its prior range."""
        return not self.low - 1e-12 <= self.new <= self.high + 1e-12

    @property
    def at_zero(self) -> bool:
        """Whether the data would flip the rule's sign: the estimate rests at zero."""
        return abs(self.new) < 1e-12 <= abs(self.old)


class Problem(Struct, frozen=True):
    """Observations of a set of episodes and the free elasticities, ready for a solver."""

    pack: Pack
    episodes: tuple[Episode, ...]
    edges: np.ndarray  # edge index of each free parameter
    signs: np.ndarray  # what each elasticity is multiplied by: its effect's sign (1 for "?")
    prior: np.ndarray
    prior_sd: np.ndarray
    low: np.ndarray
    high: np.ndarray
    sized: np.ndarray  # True where the elasticity is a size (kept at or above zero)


def _scored_observations(pack: Pack, episode: Episode) -> tuple[Observed, ...]:
    """The episode's observations that have a value (those the data lack are not fitted)."""
    return tuple(o for o in observations(pack, episode) if o.value is not None)


def free_rules(pack: Pack, episodes: Sequence[Episode]) -> list[int]:
    """Edges of sized rules with a range that move at least one observation of ``episodes``.

    Examples
    --------
    >>> from macrograph.graph.synthetic import hike_pack
    >>> pack = hike_pack()  # its one rule moves the price the episode observes
    >>> free_rules(pack, [pack.episodes["hike"]]), free_rules(pack, [])
    ([0], [])
    """
    return reach(pack, episodes)[0]


def reach(pack: Pack, episodes: Sequence[Episode]) -> tuple[list[int], list[int]]:
    """The edges of sized rules with a range that move an observation of ``episodes`` a fit
    can weigh (:func:`free_rules`), and those that move only observations of nodes that
    state no volatility, which have no noise to weigh their misses by.

    Examples
    --------
    >>> from macrograph.graph.synthetic import hike_pack
    >>> pack = hike_pack()  # the price it observes states a volatility: the fit weighs it
    >>> reach(pack, [pack.episodes["hike"]])
    ([0], [])
    """
    comp = compiled(pack)
    ranged = comp.edges.high > comp.edges.low  # a rule without a range states a point
    candidates = [e for e in range(len(comp.edges)) if comp.edges.quantified[e] and ranged[e]]
    if not candidates or not episodes:
        return [], []
    jac = np.abs(_jacobian(pack, comp, episodes, candidates, comp.edges.weight.copy()))
    weighed = np.isfinite(observed(pack, episodes)[1])
    moved = jac > REACHED
    free = [e for k, e in enumerate(candidates) if moved[weighed, k].any()]
    unweighed = [e for k, e in enumerate(candidates) if e not in free and moved[:, k].any()]
    return free, unweighed


def problem_of(pack: Pack, episodes: Sequence[Episode], free: Sequence[int]) -> Problem:
    """The fitting problem: priors from each rule's range (or the prior it was fitted
    against, for a rule fitted before).

    Examples
    --------
    >>> from macrograph.graph.synthetic import hike_pack
    >>> pack = hike_pack()  # one rule, effect '-', elasticity 1 in a range of 0.5 to 1.5
    >>> problem = problem_of(pack, [pack.episodes["hike"]], [0])
    >>> problem.prior.tolist(), problem.prior_sd.round(4).tolist(), problem.low.tolist()
    ([1.0], [0.304], [0.5])
    """
    comp = compiled(pack)
    edges = np.array(free, dtype=int)
    signs = scales(comp)[edges]
    prior, low, high = [], [], []
    for e, sign in zip(edges.tolist(), signs.tolist(), strict=True):
        value, lo, hi = _prior(pack, comp, e, sign)
        prior.append(value)
        low.append(lo)
        high.append(hi)
    low_a, high_a = np.array(low), np.array(high)
    prior_sd = np.maximum((high_a - low_a) / (2 * Z90), 1e-12)
    sized = comp.edges.sign[edges] != 0
    return Problem(
        pack, tuple(episodes), edges, signs, np.array(prior), prior_sd, low_a, high_a, sized
    )


def _prior(pack: Pack, comp: Compiled, edge: int, sign: float) -> tuple[float, float, float]:
    """An edge's prior value and range, in the elasticity's own terms."""
    rule = pack.rules[comp.edges.rule_ids[edge]]
    magnitude = getattr(rule, "magnitude", None)
    estimate = getattr(magnitude, "estimate", None)
    if estimate is not None:
        lo, hi = estimate.prior_range or (estimate.prior, estimate.prior)
        return estimate.prior, lo, hi
    lo, hi = sorted((sign * comp.edges.low[edge], sign * comp.edges.high[edge]))
    return sign * float(comp.edges.weight[edge]), float(lo), float(hi)


def fit(
    pack: Pack, episodes: Sequence[Episode], free: Sequence[int]
) -> tuple[dict[int, float], dict[int, float]]:
    """The MAP elasticities of the ``free`` edges (signed weights) and their standard errors
    (in elasticity terms), keyed by edge index.

    Examples
    --------
    >>> from macrograph.graph.synthetic import hike_pack
    >>> pack = hike_pack()  # the price fell 1.5 to 2.5 times what the rule's -1 says
    >>> found, errors = fit(pack, [pack.episodes["hike"]], [0])
    >>> round(found[0], 2), round(errors[0], 2)  # one noisy event: the prior holds
    (-1.01, 0.3)
    >>> fit(pack, [], [0])  # nothing to fit: scipy is not even loaded
    ({}, {})
    """
    if not free or not episodes:
        return {}, {}
    # scipy loads on first use: slow to import, not needed when nothing is free to fit
    from scipy.optimize import least_squares

    comp = compiled(pack)
    problem = problem_of(pack, episodes, free)
    values, sd = observed(pack, episodes)
    weights = comp.edges.weight.copy()
    finite = np.isfinite(sd)

    def residuals(theta: np.ndarray) -> np.ndarray:
        preds = _predict(pack, comp, episodes, _weights(weights, problem, theta[:, None]))[:, 0]
        return np.concatenate([(values - preds) / sd, (theta - problem.prior) / problem.prior_sd])

    def jac(theta: np.ndarray) -> np.ndarray:
        data = -_jacobian(
            pack, comp, episodes, list(free), _weights(weights, problem, theta[:, None])
        )
        return np.vstack([data / sd[:, None], np.diag(1.0 / problem.prior_sd)])

    lower = np.where(problem.sized, 0.0, -np.inf)
    start = np.maximum(problem.prior, lower)
    solution = least_squares(residuals, start, jac=jac, bounds=(lower, np.inf), method="trf")
    se = _standard_errors(solution.jac, solution.fun, int(finite.sum()), len(free))
    found: dict[int, float] = {}
    errors: dict[int, float] = {}
    for e, sign, x, err in zip(problem.edges, problem.signs, solution.x, se, strict=True):
        found[int(e)] = float(sign * x)
        errors[int(e)] = float(err)
    return found, errors


def _standard_errors(jac: np.ndarray, fun: np.ndarray, n_data: int, p: int) -> np.ndarray:
    """sqrt(diag((J'J)^-1)), scaled by the data rows' residual variance when above 1.

    The columns are brought to one size first and the inverse scaled back: sizes of
    millions beside sizes of millionths (requests a second per point of errors, points
    of utilisation per request a second) put J'J's eigenvalues thirty orders of magnitude
    apart, and the pseudo-inverse took the largest sizes' variance for none.
    """
    data = fun[:n_data] if n_data <= len(fun) else fun
    dof = max(n_data - p, 1)
    scale = max(1.0, float(data @ data) / dof)
    norms = np.linalg.norm(jac, axis=0)
    unit = np.where(norms > 0.0, 1.0 / np.where(norms > 0.0, norms, 1.0), 1.0)
    scaled = jac * unit[None, :]
    try:
        cov = np.linalg.pinv(scaled.T @ scaled) * np.outer(unit, unit)
    except np.linalg.LinAlgError:  # pragma: no cover - pinv converges for a finite matrix
        return np.full(p, math.inf)
    errors: np.ndarray = np.sqrt(np.maximum(np.diag(cov), 0.0) * scale)
    return errors


def events_behind(
    pack: Pack, episodes: Sequence[Episode], free: Sequence[int]
) -> dict[int, tuple[int, date | None, date | None]]:
    """For each free edge: how many episodes it moves an observation of, the first and last.

    Examples
    --------
    >>> from macrograph.graph.synthetic import hike_pack
    >>> pack = hike_pack()
    >>> events_behind(pack, [pack.episodes["hike"]], [0])  # one event, on 6 Jan 2025
    {0: (1, datetime.date(2025, 1, 6), datetime.date(2025, 1, 6))}
    """
    comp = compiled(pack)
    if not free or not episodes:
        return {}
    jac = _jacobian(pack, comp, episodes, list(free), comp.edges.weight.copy())
    owner = [e for e in episodes for _ in _scored_observations(pack, e)]
    found: dict[int, tuple[int, date | None, date | None]] = {}
    for k, edge in enumerate(free):
        moved = {owner[i] for i in np.flatnonzero(np.abs(jac[:, k]) > REACHED)}
        days = sorted(e.date for e in {m.id: m for m in moved}.values())
        found[edge] = (len(days), days[0] if days else None, days[-1] if days else None)
    return found


def with_elasticities(pack: Pack, values: dict[int, float]) -> Pack:
    """``pack`` with the edges' signed weights in ``values`` written back as elasticities
    (the range moved with the value where the value leaves it).

    Examples
    --------
    >>> from macrograph.graph.synthetic import hike_pack
    >>> fitted = with_elasticities(hike_pack(), {0: -1.6})  # a signed weight, past the range
    >>> size = fitted.rules["rate_moves_price"].magnitude
    >>> size.elasticity, size.range
    (1.6, (0.5, 1.6))
    """
    comp = compiled(pack)
    rules = dict(pack.rules)
    for e, weight in values.items():
        rule = rules[comp.edges.rule_ids[e]]
        magnitude = getattr(rule, "magnitude", None)
        if magnitude is None:
            continue
        value = weight * rule.scale
        update: dict[str, object] = {"elasticity": value}
        if magnitude.range is not None:
            low, high = magnitude.range
            update["range"] = (min(low, value), max(high, value))
        new = magnitude.model_copy(update=update)
        rules[rule.id] = rule.model_copy(update={"magnitude": new})
    return replace(pack, rules=rules)


def _weights(base: np.ndarray, problem: Problem, theta: np.ndarray) -> np.ndarray:
    """Signed weights (edges x columns) with the free edges set from ``theta`` (free x columns)."""
    columns = theta.shape[1]
    out = np.repeat(base[:, None], columns, axis=1)
    out[problem.edges] = problem.signs[:, None] * theta
    return out


def _jacobian(
    pack: Pack,
    comp: Compiled,
    episodes: Sequence[Episode],
    edges: Sequence[int],
    weights: np.ndarray,
) -> np.ndarray:
    """d(prediction)/d(elasticity) for every observation and edge, by forward differences.

    ``weights`` is either one signed weight vector (edges,) or already (edges, 1).
    """
    base = weights if weights.ndim == 1 else weights[:, 0]
    steps = STEP * np.maximum(np.abs(base[list(edges)]), 1.0)
    columns = np.repeat(base[:, None], len(edges) + 1, axis=1)
    for k, e in enumerate(edges):
        columns[e, k + 1] += scales(comp)[e] * steps[k]
    preds = _predict(pack, comp, episodes, columns)
    slopes: np.ndarray = (preds[:, 1:] - preds[:, :1]) / steps[None, :]
    return slopes


def _predict(
    pack: Pack, comp: Compiled, episodes: Sequence[Episode], weights: np.ndarray
) -> np.ndarray:
    """Every observation's predicted change (observations x columns) under each weight column."""
    jumps = np.repeat(
        np.array([t.jump for t in comp.thresholds]).reshape(-1, 1), weights.shape[1], axis=1
    )
    rows = []
    for episode in episodes:
        spec = episode_spec(episode)
        base = resolve(pack, episode.against) if episode.against else None
        specs = [spec] if base is None else [spec, base]
        cal = calendar_for(pack, specs, windows(episode))
        at = [cal.at(h) for h in cal.horizons]
        found = ensembles(pack, comp, specs, cal, (weights, jumps), at)
        diff = found.kept[0] if base is None else found.kept[0] - found.kept[1]
        for obs in _scored_observations(pack, episode):
            rows.append(diff[cal.horizons.index(obs.window), comp.index[obs.node], :])
    predictions: np.ndarray = np.array(rows).reshape(-1, weights.shape[1])
    return predictions


def observed(pack: Pack, episodes: Sequence[Episode]) -> tuple[np.ndarray, np.ndarray]:
    """Observed changes and their noise scale (volatility x sqrt(days)).

    An observation of a node without a ``volatility`` has no scale to be weighed in;
    its scale is infinite, so it does not pull the fit.

    Examples
    --------
    >>> from macrograph.graph.synthetic import hike_pack
    >>> pack = hike_pack()  # the price moves 0.6% a trading day
    >>> values, sd = observed(pack, [pack.episodes["hike"]])
    >>> values.tolist(), sd.round(3).tolist()  # a day, and a week of five trading days
    ([-0.3, -0.5], [0.78, 1.449])
    """
    values, sds = [], []
    for episode in episodes:
        for obs in _scored_observations(pack, episode):
            sd = noise_sd(pack, pack.nodes[obs.node], obs.window)
            values.append(obs.value)
            sds.append(sd if sd else math.inf)
    return np.array(values, dtype=float), np.array(sds, dtype=float)


def scales(comp: Compiled) -> np.ndarray:
    """Per edge, what its elasticity is multiplied by: the effect's sign, 1 for ``?``.

    Examples
    --------
    >>> from macrograph.graph.synthetic import hike_pack
    >>> scales(compiled(hike_pack())).tolist()  # its one rule's effect is '-'
    [-1.0]
    """
    return np.where(comp.edges.sign == 0, 1.0, comp.edges.sign)
