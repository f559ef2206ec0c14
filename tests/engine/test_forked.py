"""A Monte Carlo's shares of draws run in forked processes give the numbers one process
gives, and a share whose child fails is run again, or raises, in the parent."""

from __future__ import annotations

import errno
import os
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from macrograph import RunOptions, propagate
from macrograph.graph import montecarlo
from macrograph.graph.engine import forked
from macrograph.graph.engine import runs as runs_module
from macrograph.graph.engine.forked import beside_ready, engine_processes, in_processes
from macrograph.rules.pack import Pack
from tests.engine.test_montecarlo import step_in_s, wobbly_loop


@pytest.mark.slow
@pytest.mark.parametrize("scenario", ["boj-skips", "december-2025"])
def test_draws_run_in_several_processes_give_the_numbers_of_one(
    pack: Pack, monkeypatch: pytest.MonkeyPatch, counted_forks: list[int], scenario: str
) -> None:
    monkeypatch.setattr(runs_module, "CHUNK", 16)  # 80 draws: five chunks, shared out
    monkeypatch.setenv("MACROGRAPH_PROCESSES", "1")
    alone = propagate(pack, scenario, RunOptions(draws=80, seed=5)).to_dict()
    assert counted_forks == []
    monkeypatch.setenv("MACROGRAPH_PROCESSES", "3")
    if engine_processes(5) < 2:
        pytest.fail("this machine lets the engine use one core: nothing would be forked")
    shared = propagate(pack, scenario, RunOptions(draws=80, seed=5)).to_dict()
    assert len(counted_forks) == engine_processes(5) - 1  # the parent runs the first share
    assert shared == alone
    bands = [n["band"]["3m"]["p95"] - n["band"]["3m"]["p5"] for n in alone["nodes"].values()]
    assert max(bands) > 0


def test_a_share_whose_child_dies_is_run_again_in_the_parent() -> None:
    parent = os.getpid()

    def dies_in_a_child() -> bytes:
        if os.getpid() != parent:
            os._exit(3)
        return b"run here"

    assert list(in_processes([lambda: b"first", dies_in_a_child], processes=2)) == [
        b"first",
        b"run here",
    ]


def waited_for(pids: list[int]) -> bool:
    """Whether every one of these children has ended and been waited for."""
    for pid in pids:
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            continue
        return False
    return True


def test_an_error_in_a_share_is_raised_by_the_parent_and_no_child_is_left(
    counted_forks: list[int],
) -> None:
    def fails() -> bytes:
        raise ValueError("a share that cannot run")

    with pytest.raises(ValueError, match="a share that cannot run"):
        list(in_processes([lambda: b"first", fails], processes=2))
    assert len(counted_forks) == 1 and waited_for(counted_forks)


def test_an_error_in_the_parents_share_ends_the_children(counted_forks: list[int]) -> None:
    def fails() -> bytes:
        raise ValueError("the first share fails")

    with pytest.raises(ValueError, match="the first share fails"):
        list(in_processes([fails, lambda: b"second"], processes=2))
    assert len(counted_forks) == 1 and waited_for(counted_forks)


def test_the_processes_asked_for_are_used_and_a_busy_machine_forks_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MACROGRAPH_PROCESSES", "1")
    assert engine_processes(8) == 1
    monkeypatch.setenv("MACROGRAPH_PROCESSES", "3")
    assert (engine_processes(8), engine_processes(2)) == (3, 2)  # never more than the shares
    monkeypatch.setenv("MACROGRAPH_PROCESSES", "not a number")  # not asked: as the machine is
    monkeypatch.setattr(forked, "_threaded", lambda: False)  # as the command line runs
    monkeypatch.setattr(forked, "idle_cores", lambda: 0)
    assert engine_processes(8) == 1
    monkeypatch.setattr(forked, "idle_cores", lambda: 7)
    assert engine_processes(8) == forked.MAX_PROCESSES
    assert engine_processes(2) == 2


CHILD_OUTLIVES = """
import os, signal, sys, time
from pathlib import Path
from macrograph.graph.engine.forked import in_processes
said = Path(sys.argv[1])

def child_share() -> bytes:
    said.write_text(str(os.getpid()))
    time.sleep(60)
    return b""

def parent_share() -> bytes:
    while not said.exists():
        time.sleep(0.01)
    os.kill(os.getpid(), signal.SIGKILL)  # as a time limit would end a run
    return b""

list(in_processes([parent_share, child_share], processes=2))
"""


def running(pid: int) -> bool:
    """Whether ``pid`` is a live process (not gone, not a zombie)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


def test_a_child_ends_when_its_parent_is_killed(tmp_path: Path) -> None:
    said = tmp_path / "child-pid"
    errors = tmp_path / "stderr"
    with errors.open("wb") as err:  # not a pipe: a child left running would hold it open
        done = subprocess.run([sys.executable, "-c", CHILD_OUTLIVES, str(said)], stderr=err)
    assert done.returncode == -signal.SIGKILL, errors.read_text()
    child = int(said.read_text())
    deadline = time.monotonic() + 10
    while running(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not running(child)


def test_where_no_process_can_be_forked_every_share_runs_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refused() -> int:
        raise BlockingIOError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(forked.os, "fork", refused)
    tasks = [lambda: b"a", lambda: b"b", lambda: b"c"]
    assert list(in_processes(tasks, processes=3)) == [b"a", b"b", b"c"]


def test_a_process_running_other_threads_forks_none_unless_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("MACROGRAPH_PROCESSES", raising=False)
    monkeypatch.setattr(forked, "idle_cores", lambda: 3)
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert engine_processes(4) == 1
        monkeypatch.setenv("MACROGRAPH_PROCESSES", "2")
        assert engine_processes(4) == 2
    finally:
        release.set()
        other.join()


def answered_where(data: bytes) -> bytes:
    """The input's size and the process that read it."""
    return f"{len(data)} bytes in {os.getpid()}".encode()


def test_a_task_readied_in_a_child_takes_an_input_larger_than_a_pipe_while_it_gets_ready(
    counted_forks: list[int],
) -> None:
    go_on, let_go = os.pipe()

    def ready() -> None:  # held until this process has handed the input over
        readable, _, _ = select.select([go_on], [], [], 30)
        if not readable:
            os._exit(5)  # the hand-over waited for this: the test fails, it does not hang

    data = b"x" * (4 << 20)  # a pipe holds 64 KiB
    with beside_ready(ready, answered_where, processes=2) as task:
        task.give(data)  # returns before the child is ready
        os.write(let_go, b"go")
        said = task.result()
    os.close(go_on)
    os.close(let_go)
    assert len(counted_forks) == 1 and waited_for(counted_forks)
    assert said == f"{len(data)} bytes in {counted_forks[0]}".encode()


def test_a_readied_task_whose_child_fails_runs_here_on_the_same_input(
    counted_forks: list[int],
) -> None:
    parent = os.getpid()

    def fails_in_a_child(data: bytes) -> bytes:
        if os.getpid() != parent:
            raise RuntimeError("no display")  # say, a library that fails after a fork
        return answered_where(data)

    with beside_ready(lambda: None, fails_in_a_child, processes=2) as task:
        task.give(b"plan")
        assert task.result() == f"4 bytes in {parent}".encode()
    assert len(counted_forks) == 1 and waited_for(counted_forks)


def test_a_readied_task_never_given_its_input_is_ended_when_the_parent_raises(
    counted_forks: list[int],
) -> None:
    failing = pytest.raises(ValueError, match="the run failed")
    with failing, beside_ready(lambda: None, answered_where, processes=2) as task:
        raise ValueError("the run failed")
    assert len(counted_forks) == 1 and waited_for(counted_forks)
    with pytest.raises(RuntimeError, match="the task was given no input"):
        task.result()


def test_a_readied_task_runs_here_with_one_process_or_no_fork(
    monkeypatch: pytest.MonkeyPatch, counted_forks: list[int]
) -> None:
    here = f"4 bytes in {os.getpid()}".encode()
    with beside_ready(lambda: None, answered_where, processes=1) as task:
        task.give(b"plan")
        assert task.result() == here
    assert counted_forks == []

    def refused() -> int:
        raise BlockingIOError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(forked.os, "fork", refused)
    with beside_ready(lambda: None, answered_where, processes=2) as task:
        task.give(b"plan")
        assert task.result() == here


@pytest.mark.slow
@pytest.mark.parametrize("passes", ["one pass", "a pass per horizon"])
def test_the_draws_left_out_before_they_run_do_not_depend_on_how_the_draws_are_shared(
    monkeypatch: pytest.MonkeyPatch, counted_forks: list[int], passes: str
) -> None:
    """Each share checks the stability of its own draws: the draws left out, and the
    bands of the others, are those of one check of them all, in every pass."""
    pack, spec = wobbly_loop(), step_in_s()
    options = RunOptions(against=None, horizons=("1d", "1w"), draws=400, seed=3)
    if passes != "one pass":
        monkeypatch.setattr(montecarlo, "KEPT_BYTES", 8)  # a period's samples at a time
    monkeypatch.setenv("MACROGRAPH_PROCESSES", "1")
    whole = propagate(pack, spec, options).to_dict()
    monkeypatch.setattr(runs_module, "CHUNK", 16)  # 25 chunks
    chunked = propagate(pack, spec, options).to_dict()
    monkeypatch.setenv("MACROGRAPH_PROCESSES", "3")
    shared = propagate(pack, spec, options).to_dict()
    assert counted_forks  # shares ran in other processes
    assert chunked == whole and shared == whole
    (left,) = whole["diverged"]
    assert (left["loop"], left["kind"]) == (["a", "b"], "instant") and 20 < left["draws"] < 150
