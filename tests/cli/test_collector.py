"""A command sets what it read aside from the garbage collector, once per process; its start
runs without the collector, and with OpenBLAS on one thread; the console command ends at
once, with what it would have written and its status."""

from __future__ import annotations

import atexit
import os
import subprocess
import sys

import pytest

from macrograph.explain.cli import _exit_callbacks

TWO_COMMANDS = """
import contextlib, gc, io, os
from macrograph.explain.cli import main
counts = []
during = []
import macrograph.explain.cli.whatif as app
read = app.load
app.load = lambda *a, **k: during.append(gc.isenabled()) or read(*a, **k)
for args in (["whatif", "BoJ skips", "--draws", "0"], ["whatif", "Fed holds", "--draws", "0"]):
    with contextlib.redirect_stdout(io.StringIO()):
        main(args, standalone_mode=False)
    counts.append(gc.get_freeze_count())
print(*counts)
print(*during, gc.isenabled(), os.environ.get("OPENBLAS_NUM_THREADS"))
"""


@pytest.mark.slow
def test_the_first_pack_read_is_set_aside_and_later_ones_are_collected_as_ever() -> None:
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    out = subprocess.run(
        [sys.executable, "-c", TWO_COMMANDS], capture_output=True, text=True, check=True, env=env
    )
    lines = out.stdout.splitlines()
    first, second = map(int, lines[0].split())
    # the pack and the modules read to load it (some 40,000 objects that the collector tracks)
    assert first > 10_000  # 0 when nothing is set aside
    assert second == first  # the second command's objects stay with the collector
    # the first command reads its pack with the collector off, the second with it on (the
    # modules are set aside by then); it is on after both, and BLAS was asked for one thread
    assert lines[1].split() == ["False", "True", "True", "1"]


@pytest.mark.slow  # four commands, each in two fresh processes
def test_the_console_command_ends_at_once_with_the_same_output_and_status() -> None:
    # run() leaves with os._exit once stdout and stderr are flushed: nothing may be lost
    at_once = [sys.executable, "-m", "macrograph.explain.cli"]
    as_ever = [sys.executable, "-c", "import sys; from macrograph.explain.cli import main; main()"]
    for args in (["whatif", "BoJ skips", "--draws", "0"], ["whatif", "no such thing at all"]):
        ours, theirs = (
            subprocess.run([*command, *args], capture_output=True, text=True)
            for command in (at_once, as_ever)
        )
        assert (ours.returncode, ours.stdout, ours.stderr) == (
            theirs.returncode,
            theirs.stdout,
            theirs.stderr,
        )
        assert ours.stdout or ours.stderr


# run() as the console script calls it, telling on stdout whether it left through os._exit
CONSOLE = """
import atexit, os, sys
real = os._exit
os._exit = lambda code: (print("left at once with", code), sys.stdout.flush(), real(code))
if sys.argv[1] == "waiting":
    atexit.register(lambda: print("ran at exit"))
sys.argv = ["macrograph", "whatif", "BoJ skips", "--draws", "0", "--short"]
from macrograph.explain.cli import run
run()
"""


@pytest.mark.slow
@pytest.mark.parametrize(
    ("waiting", "last"), [("none", "left at once with 0"), ("waiting", "ran at exit")]
)
def test_the_console_command_leaves_at_once_unless_something_waits_to_run_at_exit(
    waiting: str, last: str
) -> None:
    # os._exit skips what waits at exit (a temporary folder's cleanup, logging's): with
    # something registered, the command exits as ever and it runs
    out = subprocess.run(
        [sys.executable, "-c", CONSOLE, waiting], capture_output=True, text=True, check=True
    )
    assert out.stdout.splitlines()[-1] == last
    assert "left at once" not in out.stdout if waiting == "waiting" else "ran at" not in out.stdout


def test_a_python_that_does_not_count_its_exit_callbacks_is_taken_to_have_some(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delattr(atexit, "_ncallbacks")
    assert _exit_callbacks() == 1
