"""The noise worked out ahead in a thread (graph/engine/noise.py) is the noise drawn
period by period, whatever the chunk and the windows; a run that ends or fails leaves no
thread behind (a process running threads forks nothing); an error while working ahead is
raised in the run."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from macrograph.graph import montecarlo
from macrograph.graph.engine import noise as noise_module
from macrograph.graph.engine.noise import NOISE_BLOCK, Noise, noise_of
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import compiled, propagate
from macrograph.rules.pack import Pack


def period_by_period(noise: Noise, chunk: slice, periods: int) -> list[np.ndarray | None]:
    """Each period's steps drawn and summed one period at a time, as the process says."""
    blocks = range(chunk.start // NOISE_BLOCK, -(-chunk.stop // NOISE_BLOCK))
    rngs = [np.random.default_rng([noise.seed, 1, b]) for b in blocks]
    offset = chunk.start - blocks[0] * NOISE_BLOCK
    found: list[np.ndarray | None] = []
    latent = level = np.zeros(0)
    for period in range(periods):
        if period < noise.first:
            found.append(None)
            continue
        drawn = np.concatenate(
            [r.standard_normal((len(noise.nodes), NOISE_BLOCK)) for r in rngs], 1
        )
        z = drawn[:, offset : offset + chunk.stop - chunk.start]
        if period == noise.first:
            latent, level = z * noise.sd_first[:, None], np.zeros_like(z)
        else:
            latent = latent * noise.keep[:, None] + z * noise.sd[:, None]
        now = noise_module._in_units(latent, noise.ratio)
        found.append(now - level)
        level = now
    return found


@pytest.mark.parametrize(
    ("chunk", "periods"), [(slice(0, 1000), 109), (slice(300, 2860), 50), (slice(7, 8), 40)]
)
def test_the_noise_worked_out_ahead_is_the_noise_drawn_period_by_period(
    pack: Pack, chunk: slice, periods: int
) -> None:
    noise = noise_of(pack, compiled(pack), first=3, seed=11)
    expected = period_by_period(noise, chunk, periods)
    stream = noise.stream(chunk, periods)
    found = [stream(period) for period in range(periods)]
    stream.close()
    assert (
        [f is None for f in found]
        == [e is None for e in expected]
        == [p < 3 for p in range(periods)]
    )
    assert all(np.array_equal(f, e) for f, e in zip(found, expected, strict=True) if e is not None)
    logs = noise.ratio > 0  # in logs, the steps of a level that stays above zero
    assert (
        logs.any()
        and found[-1] is not None
        and found[-1].shape == (len(noise.nodes), chunk.stop - chunk.start)
    )


def test_a_stream_closed_before_its_end_leaves_no_thread(pack: Pack) -> None:
    before = threading.active_count()
    stream = noise_of(pack, compiled(pack), first=0, seed=1).stream(slice(0, 2560), 500)
    assert threading.active_count() == before + 1
    assert stream(0) is not None
    stream.close()
    assert threading.active_count() == before


def test_an_error_while_working_ahead_is_raised_in_the_run(
    pack: Pack, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fails(latent: np.ndarray, ratio: np.ndarray) -> np.ndarray:
        raise FloatingPointError("overflow in the noise")

    monkeypatch.setattr(noise_module, "_in_units", fails)
    stream = noise_of(pack, compiled(pack), first=0, seed=1).stream(slice(0, 10), 20)
    with pytest.raises(FloatingPointError, match="overflow in the noise"):
        stream(0)
    stream.close()


def test_a_monte_carlo_with_noise_leaves_no_thread_running(pack: Pack) -> None:
    before = threading.active_count()
    result = propagate(pack, "boj-skips", RunOptions(draws=300, seed=2))
    assert result.noise and threading.active_count() == before


def test_a_run_that_fails_leaves_no_thread_running(
    pack: Pack, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fails(*args: object) -> None:
        common = args[-1]
        assert common is not None
        common.steps(40)  # type: ignore[attr-defined]  # the noise under way, then a failure
        raise MemoryError("the run failed")

    monkeypatch.setattr(montecarlo, "simulate_worlds", fails)
    before = threading.active_count()
    with pytest.raises(MemoryError, match="the run failed"):
        propagate(pack, "boj-skips", RunOptions(draws=300, seed=2))
    assert threading.active_count() == before
