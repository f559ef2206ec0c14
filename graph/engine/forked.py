"""Independent shares of a Monte Carlo's draws run side by side in forked processes.

A Monte Carlo's chunks of draws are worlds of their own: on a machine of several cores,
shares of them run at once in child processes forked from this one, each writing its
columns into arrays in shared memory that the parent made before forking (see
:func:`shared_empty`) and sending back only a few bytes (which draws ran away). The parent
runs the first share itself. A share whose child fails is run again in the parent, so
that an error is raised as it would be without children; what comes back never depends
on how many processes ran it.

The same children serve other work beside a run: :func:`beside` starts a task whose
input is known (a note's charts, drawn while the note is written), and
:func:`beside_ready` one forked before its input is known, which gets ready meanwhile
(loads what it will need) and is handed its input when the parent has it.

Children are forked, never spawned: nothing is imported or sent again, and nothing
crosses the pipe but bytes the caller decodes (msgspec, no pickle). Where ``os.fork`` is
missing, or off Linux (macOS's system libraries do not survive a fork), everything runs
in this process; and on a busy machine, where a child would only wait for a core.
``MACROGRAPH_PROCESSES`` sets how many processes run (1: none forked).

Examples
--------
>>> shared = shared_empty((2, 3))
>>> def fill(row):
...     shared[row] = row + 1.0
...     return str(row).encode()
>>> list(in_processes([lambda: fill(0), lambda: fill(1)], processes=2))
[b'0', b'1']
>>> shared.tolist()
[[1.0, 1.0, 1.0], [2.0, 2.0, 2.0]]
"""

from __future__ import annotations

import contextlib
import itertools
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

import numpy as np

__all__ = [
    "MAX_PROCESSES",
    "Handoff",
    "beside",
    "beside_ready",
    "engine_processes",
    "idle_cores",
    "in_processes",
    "shared_empty",
    "shares",
]

T = TypeVar("T")
MAX_PROCESSES = 4  # a few: each share steps every period again
PR_SET_PDEATHSIG = 1  # prctl(2): the signal a child gets when its parent ends


def engine_processes(parts: int) -> int:
    """How many processes ``parts`` independent shares of work may run on: as many as
    ``MACROGRAPH_PROCESSES`` asks for, else one per core this process may use that is idle
    now (:func:`idle_cores`) beside its own, at most :data:`MAX_PROCESSES`; never more
    than ``parts``, and 1 where processes cannot be forked or other threads run. On a busy
    machine a share forked would only wait for a core, and copy the memory it touches.

    Examples
    --------
    >>> engine_processes(1)
    1
    >>> 1 <= engine_processes(8) <= MAX_PROCESSES
    True
    """
    if parts <= 1 or not hasattr(os, "fork") or not sys.platform.startswith("linux"):
        return 1
    asked = os.environ.get("MACROGRAPH_PROCESSES", "").strip()
    if asked.isdigit() and int(asked) > 0:
        return min(int(asked), parts)
    if _threaded():  # a lock another thread holds at the fork stays held in the child
        return 1
    return max(1, min(MAX_PROCESSES, 1 + idle_cores(), parts))


def _threaded() -> bool:
    """Whether this process runs Python threads besides this one (a server's pool, say)."""
    threading = sys.modules.get("threading")  # never imported: no thread was started
    return threading is not None and threading.active_count() > 1


def idle_cores() -> int:
    """The cores this process may use that nothing else wants now: its cores less the
    tasks the kernel has ready to run besides this one (``/proc/loadavg``).

    Examples
    --------
    >>> 0 <= idle_cores() < len(os.sched_getaffinity(0))
    True
    """
    cores = len(os.sched_getaffinity(0))
    try:
        with open("/proc/loadavg", encoding="ascii") as load:
            runnable = int(load.read().split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return cores - 1
    return max(0, min(cores - 1, cores - runnable))


def shares(items: Sequence[T], count: int) -> list[list[T]]:
    """``items`` in ``count`` runs of consecutive items, as even as they can be.

    Examples
    --------
    >>> shares([1, 2, 3, 4, 5], 2)
    [[1, 2, 3], [4, 5]]
    >>> shares([1], 3)
    [[1]]
    """
    count = max(1, min(count, len(items)))
    cuts = [-(-k * len(items) // count) for k in range(count + 1)]
    return [list(items[a:b]) for a, b in itertools.pairwise(cuts)]


def shared_empty(shape: tuple[int, ...]) -> np.ndarray:
    """A float array in memory that forked children share with this process (its values
    are zero until written).

    Examples
    --------
    >>> shared_empty((2, 2)).shape
    (2, 2)
    """
    import mmap  # here, as signal and ctypes below: a what-if of few draws forks nothing

    size = int(np.prod(shape)) * 8
    memory = mmap.mmap(-1, max(size, 1))  # anonymous and shared: a child's writes are seen
    return np.frombuffer(memory, dtype=np.float64, count=size // 8).reshape(shape)


def in_processes(tasks: Sequence[Callable[[], bytes]], processes: int) -> Iterator[bytes]:
    """Each task's bytes, in the tasks' order: the first task runs here, the others in
    children forked for them (up to ``processes`` in all); a task whose child fails or
    cannot be forked runs here. With one process, every task runs here in turn.

    Examples
    --------
    >>> list(in_processes([lambda: b"a", lambda: b"b", lambda: b"c"], processes=2))
    [b'a', b'b', b'c']
    """
    if processes <= 1 or len(tasks) <= 1:
        yield from (task() for task in tasks)
        return
    with contextlib.ExitStack() as stack:
        later = [
            stack.enter_context(beside(task, 2 if k < processes else 1))
            for k, task in enumerate(tasks[1:], start=1)
        ]
        yield tasks[0]()
        for result in later:
            yield result()


@contextlib.contextmanager
def beside(task: Callable[[], bytes], processes: int) -> Iterator[Callable[[], bytes]]:
    """``task`` started in a child forked for it when ``processes`` is more than one, while
    this process goes on; what the context gives, called, returns the task's bytes (run
    here when no child could be forked, or the child failed). A child whose bytes were not
    asked for is ended on the way out.

    Examples
    --------
    >>> with beside(lambda: b"drawn", processes=2) as drawn:
    ...     here = b"written"
    ...     here, drawn()
    (b'written', b'drawn')
    """
    child: tuple[int, int | None, int] | None = None
    if processes > 1:
        with contextlib.suppress(OSError):  # no process to be had: run it here when asked
            pid, pipe = _fork(task)
            child = (pid, None, pipe)
    handoff = Handoff(lambda _: task(), child)  # a task with no input: given it at once
    handoff.give(b"")
    try:
        yield handoff.result
    finally:
        handoff.stop()


class Handoff:
    """A task started in a child, maybe before its input is known (:func:`beside_ready`;
    :func:`beside` gives it none): :meth:`give` hands it its input, once; :meth:`result`
    returns its bytes. ``child`` is the child's pid, the write end of its feed (None: it
    reads none) and the read end of the pipe it answers on."""

    def __init__(
        self, task: Callable[[bytes], bytes], child: tuple[int, int | None, int] | None
    ) -> None:
        self._task, self._child = task, child
        self._given: bytes | None = None

    def give(self, data: bytes) -> None:
        """Hand the task its input (a child that cannot take it is left to fail)."""
        self._given = data
        feed = None if self._child is None else self._child[1]
        if feed is not None:
            with contextlib.suppress(OSError), os.fdopen(feed, "wb") as out:
                out.write(data)  # a child gone: its answer is refused and the task run here

    def result(self) -> bytes:
        """The task's bytes, from its child or, when there is none or it failed, run here."""
        if self._given is None:
            raise RuntimeError("the task was given no input")
        if self._child is None:
            return self._task(self._given)
        pid, _, pipe = self._child
        self._child = None
        said, ok = _collect(pid, pipe)
        return said if ok else self._task(self._given)

    def stop(self) -> None:
        """End a child whose answer is no longer wanted."""
        if self._child is not None:
            pid, feed, pipe = self._child
            self._child = None
            if self._given is None and feed is not None:
                os.close(feed)
            _stop(pid, pipe)


@contextlib.contextmanager
def beside_ready(
    ready: Callable[[], object], task: Callable[[bytes], bytes], processes: int
) -> Iterator[Handoff]:
    """``task`` in a child forked now (when ``processes`` is more than one) that first calls
    ``ready`` (imports, say) while this process works out the task's input; the context gives
    the :class:`Handoff` that hands the input over and returns the task's bytes. Without a
    child, or when it fails, the task runs here when its bytes are asked for; a child
    whose bytes were not asked for is ended on the way out.

    Examples
    --------
    >>> with beside_ready(lambda: None, lambda data: data.upper(), processes=2) as drawing:
    ...     drawing.give(b"worked out here")
    ...     drawing.result()
    b'WORKED OUT HERE'
    """
    child: tuple[int, int | None, int] | None = None
    if processes > 1:
        with contextlib.suppress(OSError):
            child = _fork_ready(ready, task)
    handoff = Handoff(task, child)
    try:
        yield handoff
    finally:
        handoff.stop()


def _fork_ready(
    ready: Callable[[], object], task: Callable[[bytes], bytes]
) -> tuple[int, int | None, int]:
    """A child that gets ready, then runs ``task`` on what comes down its feed: its pid, the
    write end of the feed and the read end of the pipe it answers on."""
    feed_in, feed = os.pipe()
    try:
        pid, answers = _fork(lambda: task(_while_ready(ready, feed_in)), (feed,))
    finally:
        os.close(feed_in)  # the child's copy is its own
    return pid, feed, answers


def _while_ready(ready: Callable[[], object], feed: int) -> bytes:
    """``ready()`` while a thread reads the feed (a parent writing more than a pipe holds
    would otherwise wait for it), then what was fed."""
    import threading  # only in a child that waits for its input

    fed: list[bytes] = []
    reader = threading.Thread(target=lambda: fed.append(_read_all(feed)), daemon=True)
    reader.start()
    ready()
    reader.join()
    return fed[0]


def _read_all(pipe: int) -> bytes:
    with os.fdopen(pipe, "rb") as source:
        return source.read()


def _fork(task: Callable[[], bytes], parents_ends: tuple[int, ...] = ()) -> tuple[int, int]:
    """A child running ``task``: its pid and the read end of the pipe it answers on. The
    parent's ends of other pipes to the child (``parents_ends``) are closed in the child."""
    end_with = _ender()  # made before forking: a child imports nothing
    read, write = os.pipe()
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        raise
    if pid == 0:  # the child: answer, then leave at once (no exit handlers, no flushing)
        code = 1
        try:
            end_with(parent)
            for end in (read, *parents_ends):
                os.close(end)
            said = task()
            with os.fdopen(write, "wb") as out:
                out.write(said)
            code = 0
        except BaseException:  # reported by the exit status; the parent runs it again
            code = 1
        finally:
            os._exit(code)
    os.close(write)
    return pid, read


def _ender() -> Callable[[int], None]:
    """What a child calls first: have the kernel end it when its parent ends (killed, say,
    by a time limit), rather than let it run its share for no one."""
    import ctypes
    import signal

    prctl = ctypes.CDLL(None, use_errno=True).prctl

    def end_with(parent: int) -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the parent ended before the kernel was asked
            os._exit(1)

    return end_with


def _collect(pid: int, pipe: int) -> tuple[bytes, bool]:
    """What a child sent, and whether it ended well."""
    with os.fdopen(pipe, "rb") as answer:
        said = answer.read()
    _, status = os.waitpid(pid, 0)
    return said, os.waitstatus_to_exitcode(status) == 0


def _stop(pid: int, pipe: int) -> None:
    """End a child whose answer is no longer wanted (the parent is raising)."""
    import signal

    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    os.close(pipe)
