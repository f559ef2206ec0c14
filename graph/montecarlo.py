"""Monte Carlo over elasticity ranges: every draw is a world of its own, run side by side.

Elasticities are drawn from a triangular law on each rule's range with the mode at
its central value (threshold jumps likewise); a scenario and its comparison share
the draws, so the band describes their difference.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from macrograph.graph.compile import Compiled
from macrograph.graph.engine import simulate
from macrograph.graph.result import Band
from macrograph.graph.scenarios import ScenarioSpec
from macrograph.rules.pack import Pack

if TYPE_CHECKING:
    from macrograph.graph.propagate import Calendar

NEGLIGIBLE = 1e-10


@dataclass(frozen=True)
class MonteCarlo:
    """Bands and sign probabilities per node index and horizon."""

    draws: int
    seed: int
    bands: dict[int, dict[str, Band]]
    p_positive: dict[int, dict[str, float]]
    p_negative: dict[int, dict[str, float]]


def triangular(
    rng: np.random.Generator, mode: np.ndarray, low: np.ndarray, high: np.ndarray, draws: int
) -> np.ndarray:
    """Draws of shape (len(mode), draws); rows with an empty range stay at their mode."""
    out = np.repeat(mode[:, None].astype(float), draws, axis=1)
    wide = high > low
    if wide.any():
        out[wide] = rng.triangular(
            low[wide, None], mode[wide, None], high[wide, None], size=(int(wide.sum()), draws)
        )
    return out


def draw_parameters(comp: Compiled, draws: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Seeded draws of the rules' elasticities (edges x draws) and jumps (thresholds x draws)."""
    rng = np.random.default_rng(seed)
    weights = triangular(rng, comp.edges.weight, comp.edges.low, comp.edges.high, draws)
    jumps = np.array([[t.jump, t.low, t.high] for t in comp.thresholds]).reshape(-1, 3)
    return weights, triangular(rng, jumps[:, 0], jumps[:, 1], jumps[:, 2], draws)


def ensemble(
    pack: Pack, comp: Compiled, spec: ScenarioSpec, cal: Calendar, params: tuple[np.ndarray, ...]
) -> np.ndarray:
    """The scenario's deltas in every draw, shape (periods, nodes, draws)."""
    from macrograph.graph.propagate import injections_for

    shared = [replace(i, column=-1) for i in injections_for(comp, pack, spec, cal)]
    weights, jumps = params
    draws = weights.shape[1]
    return simulate(comp, shared, cal.periods, draws, weights, jumps, additive=False).history


def monte_carlo(
    pack: Pack,
    comp: Compiled,
    spec: ScenarioSpec,
    base: ScenarioSpec | None,
    cal: Calendar,
    draws: int,
    seed: int,
) -> MonteCarlo:
    """Run ``draws`` draws of scenario and comparison; summarise their difference.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> from macrograph.graph.propagate import propagate
    >>> r = propagate(load_pack(), "boj-skips", draws=200, seed=1)
    >>> r.nodes["jgb_10y"].p_positive["1m"]
    0.0
    """
    params = draw_parameters(comp, draws, seed)
    diff = ensemble(pack, comp, spec, cal, params)
    if base is not None:
        diff = diff - ensemble(pack, comp, base, cal, params)
    periods = {h: cal.at(h) for h in cal.horizons}
    bands: dict[int, dict[str, Band]] = {}
    pos: dict[int, dict[str, float]] = {}
    neg: dict[int, dict[str, float]] = {}
    for h, p in periods.items():
        q = np.percentile(diff[p], [5, 50, 95], axis=1)
        up = (diff[p] > NEGLIGIBLE).mean(axis=1)
        down = (diff[p] < -NEGLIGIBLE).mean(axis=1)
        for v in range(comp.size):
            bands.setdefault(v, {})[h] = Band(float(q[0, v]), float(q[1, v]), float(q[2, v]))
            pos.setdefault(v, {})[h] = float(up[v])
            neg.setdefault(v, {})[h] = float(down[v])
    return MonteCarlo(draws, seed, bands, pos, neg)
