"""The engine's runs as a machine: BLAS on one thread inside a run, and an ensemble run in
chunks keeping each chunk as a run of all the draws at once."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from threadpoolctl import threadpool_info

from macrograph.graph import montecarlo
from macrograph.graph.engine import runs as runs_module
from macrograph.graph.engine import steps as engine
from macrograph.graph.engine import threads
from macrograph.graph.engine.compile import compile_pack
from macrograph.graph.engine.steps import Injection, simulate
from macrograph.graph.propagate import calendar_for, compiled
from macrograph.graph.scenarios import resolve_text
from macrograph.graph.synthetic import pack_of, rule
from macrograph.rules.pack import Pack


def test_the_engine_runs_blas_on_one_thread_and_gives_the_threads_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Inside a run numpy's BLAS has one thread (its products are small; on two cores its
    threads spin against each other); after it, as many as before. The thread pools are
    found once per process, not per run (finding them walks every loaded library)."""

    def blas_threads() -> set[int]:
        return {p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"}

    seen: list[set[int]] = []
    original = engine._Stepper.step

    def step(self: object, period: int, injections: list[Injection]) -> None:
        seen.append(blas_threads())
        original(self, period, injections)  # type: ignore[arg-type]

    monkeypatch.setattr(engine._Stepper, "step", step)
    # the pools as this process has them now: a library loaded after an earlier test's run
    # found them (scipy's own OpenBLAS, which scipy.linalg brings) is not among those found
    threads._blas.cache_clear()
    before = blas_threads()
    comp = compile_pack(pack_of([rule("a_lifts_b", "a", "b", 0.5)]))
    simulate(comp, [Injection(comp.index["a"], 0, 0, 1.0)], 3, 1)
    simulate(comp, [Injection(comp.index["a"], 0, 0, 1.0)], 3, 1)
    assert seen == [{1}] * 6
    assert blas_threads() == before
    assert threads._blas.cache_info().misses == 1


def test_an_ensemble_run_in_chunks_keeps_every_chunk_as_run_alone(
    pack: Pack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The chunks fill one array in turn; every chunk's states, the short last one's too,
    reach the ensemble as a run of all the draws at once gives them."""
    comp = compiled(pack)
    specs = [resolve_text(pack, "boj-skips"), resolve_text(pack, "december-2025")]
    cal = calendar_for(pack, specs, pack.info.horizons)
    params = montecarlo.draw_parameters(comp, 20, 3)
    at = [cal.at(h) for h in cal.horizons]
    whole = montecarlo.ensembles(pack, comp, specs, cal, params, at)
    monkeypatch.setattr(runs_module, "CHUNK", 7)  # chunks of 7, 7 and 6 draws
    widths: list[int] = []
    real = montecarlo.simulate_worlds

    def counted(*args: Any, **kwargs: Any) -> Any:
        widths.append(args[4].shape[1])  # the chunk's weights: one column per draw
        return real(*args, **kwargs)

    monkeypatch.setattr(montecarlo, "simulate_worlds", counted)
    chunked = montecarlo.ensembles(pack, comp, specs, cal, params, at)
    assert widths == [7, 7, 6]
    for mine, theirs in zip(chunked.kept, whole.kept, strict=True):
        assert mine.shape == (len(at), comp.size, 20)
        assert np.array_equal(mine, theirs)
    assert np.abs(whole.kept[0] - whole.kept[1]).max() > 0.01  # the worlds differ
