"""A run whose draws go beside the caller's work (graph/propagate.py) gives the result
propagate gives, forked or not, and raises what propagate raises."""

from __future__ import annotations

import os

import pytest

from macrograph.graph import propagate as propagate_module
from macrograph.graph.engine import runs as runs_module
from macrograph.graph.engine.forked import engine_processes
from macrograph.graph.errors import DivergenceError
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate, propagating
from macrograph.rules.pack import Pack
from tests.engine.test_montecarlo import drawn, loop_gain, step_in_s, wobbly_loop

OPTIONS = RunOptions(draws=300, seed=5)


def test_the_draws_forked_beside_give_the_result_of_one_process(
    pack: Pack, monkeypatch: pytest.MonkeyPatch, counted_forks: list[int]
) -> None:
    alone = propagate(pack, "boj-skips", OPTIONS).to_dict()
    monkeypatch.setenv("MACROGRAPH_PROCESSES", "1")
    with propagating(pack, "boj-skips", OPTIONS) as result:
        here = result().to_dict()
    assert counted_forks == []
    monkeypatch.setenv("MACROGRAPH_PROCESSES", "2")
    with propagating(pack, "boj-skips", OPTIONS) as result:
        assert len(counted_forks) == 1  # the draws started before the block ran
        beside = result().to_dict()
    assert here == alone and beside == alone
    yen = alone["nodes"]["usd_jpy"]["band"]["3m"]
    assert yen["p5"] < yen["p50"] < yen["p95"]  # bands that came back from the child


def test_without_draws_or_with_many_nothing_is_forked_beside(
    pack: Pack, monkeypatch: pytest.MonkeyPatch, counted_forks: list[int]
) -> None:
    monkeypatch.setenv("MACROGRAPH_PROCESSES", "2")
    with propagating(pack, "boj-skips", RunOptions(draws=0)) as result:
        assert result().draws == 0 and result().nodes["usd_jpy"].band is None
    monkeypatch.setattr(runs_module, "CHUNK", 16)  # 80 draws: five chunks, which the
    many = RunOptions(draws=80, seed=5)  # Monte Carlo shares out over processes itself
    with propagating(pack, "boj-skips", many) as result:
        assert counted_forks == []
        shared = result().to_dict()
    assert len(counted_forks) == engine_processes(5) - 1
    monkeypatch.setenv("MACROGRAPH_PROCESSES", "1")
    assert shared == propagate(pack, "boj-skips", many).to_dict()


def test_a_child_that_fails_has_its_draws_run_again_here(
    pack: Pack, monkeypatch: pytest.MonkeyPatch, counted_forks: list[int]
) -> None:
    parent, real = os.getpid(), propagate_module._encoded_draws

    def dies_in_a_child(*args: object) -> bytes:
        if os.getpid() != parent:
            os._exit(3)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(propagate_module, "_encoded_draws", dies_in_a_child)
    monkeypatch.setenv("MACROGRAPH_PROCESSES", "2")
    with propagating(pack, "boj-skips", OPTIONS) as result:
        again = result().to_dict()
    assert len(counted_forks) == 1
    assert again == propagate(pack, "boj-skips", OPTIONS).to_dict()


def test_a_loop_that_runs_away_in_every_draw_is_raised_as_propagate_raises_it(
    monkeypatch: pytest.MonkeyPatch, counted_forks: list[int]
) -> None:
    pack = wobbly_loop()
    seed = next(s for s in range(1000) if (loop_gain(drawn(pack, 2, s)) >= 1).all())
    options = RunOptions(against=None, horizons=("1d",), draws=2, seed=seed)
    with pytest.raises(DivergenceError) as alone:
        propagate(pack, step_in_s(), options)
    monkeypatch.setenv("MACROGRAPH_PROCESSES", "2")
    with pytest.raises(DivergenceError) as beside, propagating(pack, step_in_s(), options) as run:
        run()
    assert len(counted_forks) == 1  # failed there, raised here
    assert str(beside.value) == str(alone.value)
    assert str(alone.value).startswith("loop a -> b diverges")
