"""The laws the Monte Carlo draws the rules' parameters from, and the seeded draws.

Each rule's range is drawn by its ``magnitude.law`` (a threshold's by its ``jump.law``):
triangular with the mode at the central value (the default), uniform, or normal with its
mean at the central value and a standard deviation of (high - low) / (2 * :data:`Z90`),
truncated to the range. :mod:`~macrograph.graph.montecarlo` runs the draws.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from macrograph.graph.engine.compile import Compiled
from macrograph.rules.pack import Pack

Z90 = 1.6448536269514722  # a normal law's 95th percentile: a range is read as a 90% interval


def laws_of(pack: Pack, comp: Compiled) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Each edge's and each threshold's law, in the compiled order.

    Examples
    --------
    >>> from macrograph.graph.engine.compile import compile_pack
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> flat = rule("a_c", "a", "c", 1.0)
    >>> uniform = flat.magnitude.model_copy(update={"law": "uniform"})
    >>> flat = flat.model_copy(update={"magnitude": uniform})
    >>> pack = pack_of([rule("a_b", "a", "b", 0.5), flat])
    >>> laws_of(pack, compile_pack(pack))  # per rule, then per threshold (none here)
    (('triangular', 'uniform'), ())
    """
    edges = tuple(_law(getattr(pack.rules[r], "magnitude", None)) for r in comp.edges.rule_ids)
    jumps = tuple(_law(getattr(pack.rules[t.rule_id], "jump", None)) for t in comp.thresholds)
    return edges, jumps


def _law(magnitude: object) -> str:
    return str(getattr(magnitude, "law", "triangular"))


def triangular(
    rng: np.random.Generator, mode: np.ndarray, low: np.ndarray, high: np.ndarray, draws: int
) -> np.ndarray:
    """Draws of shape (len(mode), draws); rows with an empty range stay at their mode.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> mode, low, high = np.array([0.5, 1.0]), np.array([0.25, 1.0]), np.array([1.0, 1.0])
    >>> triangular(rng, mode, low, high, 4).round(3).tolist()  # the second row's range is empty
    [[0.631, 0.475, 0.338, 0.306], [1.0, 1.0, 1.0, 1.0]]
    """
    return by_law(rng, mode, low, high, draws, ("triangular",) * len(mode))


def by_law(
    rng: np.random.Generator,
    mode: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    draws: int,
    laws: Sequence[str],
) -> np.ndarray:
    """Draws of shape (len(mode), draws), each row by its law; an empty range stays put.

    The triangular rows are drawn first, all at once, then the uniform, then the normal
    ones, so that a pack of triangular laws draws what it always did.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = by_law(rng, np.zeros(2), -np.ones(2), np.ones(2), 10_000, ("uniform", "normal"))
    >>> bool(abs(x[0].std() - 2 / 12**0.5) < 0.02), bool(abs(x[1].std() - 0.48) < 0.02)
    (True, True)
    """
    out = np.repeat(mode[:, None].astype(float), draws, axis=1)
    law = np.array(laws, dtype=object)
    wide = high > low
    rows = wide & (law == "triangular")
    if rows.any():
        out[rows] = rng.triangular(
            low[rows, None], mode[rows, None], high[rows, None], size=(int(rows.sum()), draws)
        )
    rows = wide & (law == "uniform")
    if rows.any():
        out[rows] = rng.uniform(low[rows, None], high[rows, None], size=(int(rows.sum()), draws))
    rows = wide & (law == "normal")
    if rows.any():
        out[rows] = _truncated_normal(rng, mode[rows], low[rows], high[rows], draws)
    return out


def _truncated_normal(
    rng: np.random.Generator, mean: np.ndarray, low: np.ndarray, high: np.ndarray, draws: int
) -> np.ndarray:
    """Normal draws, sd (high - low) / (2 * Z90), redrawn until inside [low, high]."""
    sd = ((high - low) / (2 * Z90))[:, None]
    out = mean[:, None] + sd * rng.standard_normal((len(mean), draws))
    outside = (out < low[:, None]) | (out > high[:, None])
    while outside.any():  # at least half the draws land inside: few rounds
        rows = np.nonzero(outside)[0]
        again = mean[rows] + sd[rows, 0] * rng.standard_normal(len(rows))
        out[outside] = again
        outside = (out < low[:, None]) | (out > high[:, None])
    return np.asarray(out)


def draw_parameters(
    comp: Compiled,
    draws: int,
    seed: int,
    laws: tuple[Sequence[str], Sequence[str]] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Seeded draws of the rules' elasticities (edges x draws) and jumps (thresholds x draws).

    ``laws`` gives each edge's and threshold's law (see :func:`laws_of`); default
    triangular.

    Examples
    --------
    >>> from macrograph.graph.engine.compile import compile_pack
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> comp = compile_pack(pack_of([rule("a_b", "a", "b", -0.5)]))  # range 0.25 to 0.75
    >>> weights, jumps = draw_parameters(comp, draws=3, seed=7)
    >>> weights.round(3).tolist(), jumps.shape  # signed, as the rule's effect; no threshold
    ([[-0.466, -0.363, -0.417]], (0, 3))
    >>> bool((draw_parameters(comp, 3, seed=7)[0] == weights).all())  # the same seed, the same
    True
    """
    rng = np.random.default_rng(seed)
    edge_laws, jump_laws = laws or (
        ("triangular",) * len(comp.edges),
        ("triangular",) * len(comp.thresholds),
    )
    weights = by_law(rng, comp.edges.weight, comp.edges.low, comp.edges.high, draws, edge_laws)
    jumps = np.array([[t.jump, t.low, t.high] for t in comp.thresholds]).reshape(-1, 3)
    return weights, by_law(rng, jumps[:, 0], jumps[:, 1], jumps[:, 2], draws, jump_laws)
