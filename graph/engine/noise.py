"""Noise of its own on every node that states a ``volatility``, one process per node.

For a node with volatility ``v`` (its unit per trading day, or per period in a pack not
counted in days), a latent ``x`` moves period by period from the event's own period:

    x(first) = v z,    x(t) = k x(t - 1) + v sqrt(s) z(t),    z(t) standard normal,

where ``s`` is the share of trading days in a period after the event's (252 / 365 for a
daily node that says ``trades: weekdays``, 1 otherwise: every day, or a period longer than
a day) and ``k = 0.5 ** (1 / half-life in periods)`` (1 without ``half_life``: a random
walk). The node's noise in its unit is ``x`` itself, or, for ``positive``, the move of a
level whose log moves by ``x u / L`` (``L`` the level, ``u`` what one unit of change moves
it: 1, or ``L / 100`` for a percent change), that is ``L / u * (exp(x u / L) - 1)``, which
never takes the level to zero. A node marked ``identity`` has none of its own: its
sources' noise reaches it through its rules.

The noise is drawn from the seed in fixed blocks of draws, period after period, so that
how the draws are chunked cannot change it; every world of an ensemble may share it.

Examples
--------
>>> from msgspec.structs import replace
>>> from macrograph.graph.engine.compile import compile_pack
>>> from macrograph.graph.synthetic import units_pack
>>> pack = units_pack()  # rate and price move by themselves
>>> price = pack.nodes["price"].model_copy(update={"identity": True})  # made from rate
>>> pack = replace(pack, nodes={**pack.nodes, "price": price})
>>> comp = compile_pack(pack)
>>> noise = noise_of(pack, comp, first=2, seed=0)
>>> [comp.node_ids[i] for i in noise.nodes]  # not the identity
['rate']
>>> steps = noise.stream(slice(0, 4))
>>> steps(0) is None, steps(1) is None, steps(2).shape == (len(noise.nodes), 4)
(True, True, True)
"""

from __future__ import annotations

import numpy as np
from msgspec import Struct, field

from macrograph.graph.engine.compile import Compiled
from macrograph.rules.pack import Pack
from macrograph.rules.vocabulary import vocabulary_for

NOISE_BLOCK = 256  # draws per stream of noise (so that chunking cannot change it)


class Noise(Struct, frozen=True):
    """Every noisy node's process: node indices, the standard deviation of the event's
    period and of each later one, the share ``keep`` a period keeps, and ``ratio``
    (``u / L`` for noise in logs, 0 for noise in the node's unit); from period ``first``
    on, drawn from ``seed``."""

    nodes: np.ndarray
    sd_first: np.ndarray
    sd: np.ndarray
    keep: np.ndarray
    ratio: np.ndarray
    first: int
    seed: int

    def stream(self, chunk: slice) -> NoiseStream:
        """The draws ``chunk``'s noise, period by period (call with periods in order)."""
        return NoiseStream(self, chunk)


class NoiseStream(Struct):
    """The steps of one chunk's noise: ``stream(period)`` is what each node's noise adds
    in that period, (nodes, draws), or None before the event."""

    noise: Noise
    chunk: slice
    _rngs: list[np.random.Generator] = field(default_factory=list)
    _latent: np.ndarray | None = None
    _level: np.ndarray | None = None
    _offset: int = 0

    def __post_init__(self) -> None:
        blocks = range(self.chunk.start // NOISE_BLOCK, -(-self.chunk.stop // NOISE_BLOCK))
        self._rngs = [np.random.default_rng([self.noise.seed, 1, b]) for b in blocks]
        self._offset = self.chunk.start - blocks[0] * NOISE_BLOCK if len(blocks) else 0

    def __call__(self, period: int) -> np.ndarray | None:
        noise = self.noise
        if period < noise.first or len(noise.nodes) == 0 or not self._rngs:
            return None
        drawn = np.concatenate(
            [rng.standard_normal((len(noise.nodes), NOISE_BLOCK)) for rng in self._rngs], axis=1
        )
        z = drawn[:, self._offset : self._offset + self.chunk.stop - self.chunk.start]
        if self._latent is None or self._level is None:
            self._latent = z * noise.sd_first[:, None]
            self._level = np.zeros_like(z)
        else:
            self._latent = self._latent * noise.keep[:, None] + z * noise.sd[:, None]
        level = _in_units(self._latent, noise.ratio)
        step = level - self._level
        self._level = level
        return np.asarray(step)


def _in_units(latent: np.ndarray, ratio: np.ndarray) -> np.ndarray:
    """The noise in each node's unit: the latent itself, or the move of a level in logs."""
    logs = ratio > 0.0
    if not logs.any():
        return latent
    out = latent.copy()
    r = ratio[logs][:, None]
    out[logs] = np.expm1(latent[logs] * r) / r
    return out


def noise_of(pack: Pack, comp: Compiled, first: int, seed: int) -> Noise:
    """The pack's noise, from period ``first`` on: every node with a ``volatility`` that
    is not an ``identity``, in node order.

    Examples
    --------
    >>> from macrograph.graph.engine.compile import compile_pack
    >>> from macrograph.graph.synthetic import units_pack
    >>> pack = units_pack()  # price moves 0.6% a trading day, rate 3bp; the others have none
    >>> comp = compile_pack(pack)
    >>> noise = noise_of(pack, comp, first=1, seed=0)
    >>> [comp.node_ids[i] for i in noise.nodes], noise.sd_first.tolist()
    (['price', 'rate'], [0.6, 0.03])
    >>> noise.sd.round(4).tolist()  # later periods: 252 trading days in 365
    [0.4985, 0.0249]
    """
    period = pack.info.period
    vocab = vocabulary_for(pack.info)
    rows: list[tuple[int, float, float, float, float]] = []
    for i, node_id in enumerate(comp.node_ids):
        node = pack.nodes[node_id]
        vol = node.volatility
        if vol is None or node.identity:
            continue
        percent = vocab.unit(node.unit).change == "percent"
        level = node.baseline.value if node.baseline is not None else 0.0
        ratio = _ratio(vol.positive, percent, level)
        later = vol.value * vol.share(period) ** 0.5
        rows.append((i, vol.value, later, vol.keep(period), ratio))
    table = np.array(rows, dtype=float).reshape(-1, 5)
    return Noise(
        nodes=table[:, 0].astype(int),
        sd_first=table[:, 1],
        sd=table[:, 2],
        keep=table[:, 3],
        ratio=table[:, 4],
        first=first,
        seed=seed,
    )


def _ratio(positive: bool, percent: bool, level: float) -> float:
    """``u / L`` for noise in logs: 1/100 for a percent change whatever the level, 1 / L
    for a level above zero; 0 (noise in the unit) without ``positive`` or a level (lint
    asks for a baseline)."""
    if not positive:
        return 0.0
    if percent:
        return 0.01
    return 1.0 / level if level > 0.0 else 0.0
