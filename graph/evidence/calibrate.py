"""Fit the rules' elasticities to the episodes' observations, within their stated ranges.

The fit is a maximum a posteriori estimate: each observation's residual is measured
in units of market noise over its window (the node's ``volatility`` over the window's
trading days), and each elasticity is pulled towards the pack's value by
a normal prior whose spread is read from the rule's range (a range's half-width is
taken as 1.645 standard deviations, so the range is the prior's 90% interval). Where
the data say little, the prior wins and the elasticity stays near the pack's value.
The elasticities stay inside their ranges (scipy's bounded least squares).

Rules that no observation reaches, and rules without a range (a point), stay as they
are and are listed. Skill is reported
in sample and leave-one-episode-out: each episode is scored by a fit that never saw it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from macrograph.graph.compile import Compiled
from macrograph.graph.evidence.backtest import (
    Backtest,
    EpisodeScore,
    backtest,
    episode_spec,
    noise_sd,
    score_episode,
    select,
    summarise,
    windows,
)
from macrograph.rules.episodes import Episode
from macrograph.rules.observations import Observed, observations
from macrograph.rules.pack import Pack

Z90 = 1.645
STEP = 1e-4  # relative step of the finite-difference Jacobian
REACHED = 1e-9  # an observation moves less than this per unit of elasticity: not reached


@dataclass(frozen=True)
class Fitted:
    """One rule's fitted elasticity."""

    rule: str
    old: float
    new: float
    low: float
    high: float
    prior_sd: float

    @property
    def moved(self) -> float:
        """How far the data moved the elasticity, in prior standard deviations."""
        return (self.new - self.old) / self.prior_sd if self.prior_sd else 0.0


@dataclass(frozen=True)
class Calibration:
    """The fit, the rules left alone, and the scores before and after."""

    fitted: tuple[Fitted, ...]
    unreached: tuple[str, ...]
    before: Backtest
    after: Backtest
    held_out: Backtest  # every episode scored by a fit that excluded it
    fits_seen: dict[str, tuple[str, ...]]  # scored episode -> the episodes its fit saw


@dataclass(frozen=True)
class _Problem:
    """Observations of a set of episodes and the free elasticities, ready for a solver."""

    pack: Pack
    episodes: tuple[Episode, ...]
    edges: np.ndarray  # edge index of each free parameter
    signs: np.ndarray  # what each elasticity is multiplied by: its effect's sign (1 for "?")
    prior: np.ndarray
    prior_sd: np.ndarray
    low: np.ndarray
    high: np.ndarray


def calibrate(
    pack: Pack,
    ids: Sequence[str] = (),
    draws: int = 1000,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> Calibration:
    """Fit the elasticities to the chosen episodes and score the fit honestly.

    Parameters
    ----------
    pack : Pack
    ids : sequence of str
        Episode ids (default: all of the pack's).
    draws, seed : int
        Monte Carlo draws for the before/after bands.
    progress : callable, optional
        Called with (done, total) after each fit, for a progress bar.
    """
    episodes = tuple(select(pack, ids))
    total = len(episodes) + 1
    free = free_rules(pack, episodes)
    values = fit(pack, episodes, free)
    if progress:
        progress(1, total)
    fitted_pack = with_elasticities(pack, values)
    held: list[EpisodeScore] = []
    seen: dict[str, tuple[str, ...]] = {}
    for k, episode in enumerate(episodes):
        training = tuple(e for e in episodes if e.id != episode.id)
        seen[episode.id] = tuple(e.id for e in training)
        loo_pack = with_elasticities(pack, fit(pack, training, free_rules(pack, training)))
        held.append(score_episode(loo_pack, episode, draws, seed))
        if progress:
            progress(k + 2, total)
    held_out = Backtest(
        episodes=tuple(held),
        overall=summarise([o for e in held for o in e.observations]),
        worst=(),
        draws=draws,
        seed=seed,
        overlay="leave-one-episode-out",
    )
    comp = _compiled(pack)
    reached = {comp.edges.rule_ids[e] for e in free}
    return Calibration(
        fitted=tuple(_fitted(pack, comp, values)),
        unreached=tuple(sorted(r for r in _sized_rules(pack) if r not in reached)),
        before=backtest(pack, [e.id for e in episodes], draws, seed),
        after=backtest(fitted_pack, [e.id for e in episodes], draws, seed),
        held_out=held_out,
        fits_seen=seen,
    )


def free_rules(pack: Pack, episodes: Sequence[Episode]) -> list[int]:
    """Edges of sized rules that move at least one observation of ``episodes``."""
    comp = _compiled(pack)
    # a rule without a range states a point: it is not fitted
    ranged = comp.edges.high > comp.edges.low
    candidates = [e for e in range(len(comp.edges)) if comp.edges.quantified[e] and ranged[e]]
    if not candidates or not episodes:
        return []
    jac = _jacobian(pack, comp, episodes, candidates, comp.edges.weight.copy())
    weighed = np.isfinite(_observed(pack, episodes)[1])
    if not weighed.any():
        return []
    return [e for k, e in enumerate(candidates) if np.abs(jac[weighed, k]).max() > REACHED]


def fit(pack: Pack, episodes: Sequence[Episode], free: Sequence[int]) -> dict[int, float]:
    """The MAP elasticities of the ``free`` edges (signed weights), keyed by edge index."""
    from scipy.optimize import least_squares

    comp = _compiled(pack)
    if not free or not episodes:
        return {}
    problem = _problem(pack, comp, episodes, free)
    observed, sd = _observed(pack, episodes)
    weights = comp.edges.weight.copy()

    def residuals(theta: np.ndarray) -> np.ndarray:
        preds = _predict(pack, comp, episodes, _weights(weights, problem, theta[:, None]))[:, 0]
        return np.concatenate([(observed - preds) / sd, (theta - problem.prior) / problem.prior_sd])

    def jacobian(theta: np.ndarray) -> np.ndarray:
        data = -_jacobian(
            pack, comp, episodes, list(free), _weights(weights, problem, theta[:, None])
        )
        return np.vstack([data / sd[:, None], np.diag(1.0 / problem.prior_sd)])

    start = np.clip(problem.prior, problem.low, problem.high)
    bounds = (problem.low, np.maximum(problem.high, problem.low + 1e-12))
    solution = least_squares(residuals, start, jac=jacobian, bounds=bounds, method="trf")
    pairs = zip(problem.edges, problem.signs, solution.x, strict=True)
    return {int(e): float(s * x) for e, s, x in pairs}


def with_elasticities(pack: Pack, values: dict[int, float]) -> Pack:
    """``pack`` with the edges' signed weights in ``values`` written back as elasticities."""
    comp = _compiled(pack)
    rules = dict(pack.rules)
    for e, weight in values.items():
        rule = rules[comp.edges.rule_ids[e]]
        magnitude = getattr(rule, "magnitude", None)
        if magnitude is None:
            continue
        new = magnitude.model_copy(update={"elasticity": weight * rule.scale})
        rules[rule.id] = rule.model_copy(update={"magnitude": new})
    return replace(pack, rules=rules)


def _problem(
    pack: Pack, comp: Compiled, episodes: Sequence[Episode], free: Sequence[int]
) -> _Problem:
    edges = np.array(free, dtype=int)
    signs = _scales(comp)[edges]
    prior = signs * comp.edges.weight[edges]
    low = np.minimum(signs * comp.edges.low[edges], signs * comp.edges.high[edges])
    high = np.maximum(signs * comp.edges.low[edges], signs * comp.edges.high[edges])
    spread = (high - low) / (2 * Z90)
    prior_sd = np.maximum(spread, 1e-12)
    return _Problem(pack, tuple(episodes), edges, signs, prior, prior_sd, low, high)


def _weights(base: np.ndarray, problem: _Problem, theta: np.ndarray) -> np.ndarray:
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
        columns[e, k + 1] += _scales(comp)[e] * steps[k]
    preds = _predict(pack, comp, episodes, columns)
    slopes: np.ndarray = (preds[:, 1:] - preds[:, :1]) / steps[None, :]
    return slopes


def _predict(
    pack: Pack, comp: Compiled, episodes: Sequence[Episode], weights: np.ndarray
) -> np.ndarray:
    """Every observation's predicted change (observations x columns) under each weight column."""
    from macrograph.graph.montecarlo import ensembles
    from macrograph.graph.propagate import calendar_for
    from macrograph.graph.scenarios import resolve

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
        for obs in scored_observations(pack, episode):
            rows.append(diff[cal.horizons.index(obs.window), comp.index[obs.node], :])
    predictions: np.ndarray = np.array(rows)
    return predictions


def _observed(pack: Pack, episodes: Sequence[Episode]) -> tuple[np.ndarray, np.ndarray]:
    """Observed changes and their noise scale over their window (see
    :func:`~macrograph.graph.evidence.backtest.noise_sd`).

    An observation of a node without a ``volatility`` has no scale to be weighed in;
    its scale is infinite, so it does not pull the fit.
    """
    values, sds = [], []
    for episode in episodes:
        for obs in scored_observations(pack, episode):
            sd = noise_sd(pack, pack.nodes[obs.node], obs.window)
            values.append(obs.value)
            sds.append(sd if sd else math.inf)
    return np.array(values), np.array(sds)


def scored_observations(pack: Pack, episode: Episode) -> tuple[Observed, ...]:
    """The episode's observations that have a value (those the data lack are not fitted)."""
    return tuple(o for o in observations(pack, episode) if o.value is not None)


def _fitted(pack: Pack, comp: Compiled, values: dict[int, float]) -> list[Fitted]:
    found = []
    for e, weight in sorted(values.items(), key=lambda kv: comp.edges.rule_ids[kv[0]]):
        scale = float(_scales(comp)[e])
        low, high = sorted((scale * comp.edges.low[e], scale * comp.edges.high[e]))
        spread = (high - low) / (2 * Z90)
        old = scale * float(comp.edges.weight[e])
        sd = max(spread, 1e-12)
        found.append(Fitted(comp.edges.rule_ids[e], old, scale * weight, low, high, sd))
    return found


def _scales(comp: Compiled) -> np.ndarray:
    """Per edge, what its elasticity is multiplied by: the effect's sign, 1 for ``?``."""
    return np.where(comp.edges.sign == 0, 1.0, comp.edges.sign)


def _sized_rules(pack: Pack) -> list[str]:
    return sorted(r.id for r in pack.rules.values() if getattr(r, "magnitude", None) is not None)


def _compiled(pack: Pack) -> Compiled:
    from macrograph.graph.propagate import compiled

    return compiled(pack)
