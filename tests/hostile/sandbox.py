"""Running ``macrograph`` on hostile input: bounded in time and memory, with what it left behind.

Two ways to run the command line, both under an address-space limit so that a runaway
allocation ends as a ``MemoryError`` instead of swapping the machine, and both killed
at a time bound:

- :func:`run_forked` forks this process and invokes the click group in the child
  (no interpreter start-up: about twice as fast, for the hypothesis test);
- :func:`run_subprocess` runs the installed ``macrograph`` script, as a user does
  (raw bytes on stdout, devices and FIFOs as outputs).

:func:`snapshot` records a folder (type, mode, size, digest, link target, device of
every entry) so that a test can say which paths a run created, changed or deleted.

Examples
--------
>>> run = run_forked(["--version"], timeout=30)
>>> (run.code, run.stdout.startswith("macrograph, version"), run.timed_out)
(0, True, False)
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import resource
import select
import signal
import stat
import subprocess
import sys
import time
import traceback
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

MEMORY_LIMIT = 3 * 2**30
"""Address space a run may use (bytes); numpy's own mappings need about 1 GiB of it."""

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Characters that must never reach a terminal raw: C0 (but tab and newline), DEL, C1, bidi."""


@dataclass
class Run:
    """What one invocation did."""

    code: int
    stdout: str
    stderr: str
    seconds: float
    timed_out: bool
    stdout_bytes: bytes = b""


def _limit_memory(limit: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _child(args: Sequence[str], env: Mapping[str, str], cwd: str | None, out: int) -> None:
    """In the forked child: run the CLI in-process and write the outcome as JSON to ``out``."""
    payload: dict[str, object]
    try:
        from click.testing import CliRunner

        from macrograph.explain.cli import main

        os.environ.update(env)
        if cwd is not None:
            os.chdir(cwd)
        result = CliRunner().invoke(main, list(args), catch_exceptions=True)
        stderr = result.stderr
        if result.exc_info is not None and not isinstance(result.exc_info[1], SystemExit):
            stderr += "".join(traceback.format_exception(*result.exc_info))
        payload = {"code": result.exit_code, "stdout": result.stdout, "stderr": stderr}
    except BaseException:  # anything at all must reach the parent as a traceback
        payload = {"code": 99, "stdout": "", "stderr": traceback.format_exc()}
    data = json.dumps(payload).encode()
    view = memoryview(data)
    while view:
        view = view[os.write(out, view) :]


def preload() -> None:
    """Import what the commands import lazily, so that every forked child starts warm."""
    import click
    import numpy.random  # noqa: F401
    import rapidfuzz.process  # noqa: F401  # loaded on a missed name (rules.suggest)

    import macrograph.explain.brief.note
    import macrograph.explain.cli
    import macrograph.explain.cli.chart
    import macrograph.explain.compiled
    import macrograph.explain.diagram.build
    import macrograph.explain.lint_bounds
    import macrograph.explain.lint_growth
    import macrograph.explain.messages.layers
    import macrograph.explain.messages.questions
    import macrograph.explain.messages.warning_lines
    import macrograph.explain.narrative
    import macrograph.explain.sandbox
    import macrograph.graph.fan
    import macrograph.graph.propagate
    import macrograph.graph.weighted
    import macrograph.graph.words.plainwords
    import macrograph.graph.words.plausible
    import macrograph.graph.words.refusals
    import macrograph.rules.lint.core
    import macrograph.rules.lint.overlays
    import macrograph.rules.reading.cache
    import macrograph.rules.reading.loader
    import macrograph.templates
    from macrograph.explain.cli import main

    ctx = click.Context(main)
    for name in main.list_commands(ctx):  # the group loads most of its commands when looked up
        main.get_command(ctx, name)

    macrograph.rules.reading.loader.load_pack()  # the models build their validators on first use


def preload_documents() -> None:
    """:func:`preload`, and what the commands that write documents import on first use:
    matplotlib (and its font list) for a chart, Graphviz's Python package for a drawn
    chain, the lesson's and the backtest's modules. A forked child that draws a chart
    would otherwise import matplotlib's hundred modules again (about half a second each
    time); importing changes nothing a command writes."""
    preload()
    import graphviz  # noqa: F401
    import matplotlib.backends.backend_svg
    import matplotlib.figure
    import matplotlib.font_manager
    import matplotlib.ticker

    import macrograph.explain.evidence.report
    import macrograph.explain.lesson.page
    import macrograph.graph.evidence.events  # noqa: F401

    matplotlib.font_manager.fontManager.get_default_size()  # the font list, read on import


def run_forked(
    args: Sequence[str],
    *,
    timeout: float,
    env: Mapping[str, str] | None = None,
    cwd: str | Path | None = None,
    memory: int = MEMORY_LIMIT,
) -> Run:
    """Run ``macrograph ARGS`` in a forked child, killed after ``timeout`` seconds.

    A traceback the command lets out is appended to ``stderr``, as Python would print it.
    """
    read_end, write_end = os.pipe()
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read_end)
        try:
            _limit_memory(memory)
            _child(args, dict(env or {}), None if cwd is None else str(cwd), write_end)
        finally:
            os._exit(0)
    os.close(write_end)
    chunks: list[bytes] = []
    timed_out = False
    try:
        while True:
            left = start + timeout - time.monotonic()
            if left <= 0 or not select.select([read_end], [], [], left)[0]:
                timed_out = True
                os.kill(pid, signal.SIGKILL)
                break
            chunk = os.read(read_end, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_end)
        os.waitpid(pid, 0)
    seconds = time.monotonic() - start
    if timed_out:
        return Run(-9, "", "", seconds, True)
    raw = b"".join(chunks)
    if not raw:
        return Run(-1, "", "the child died without a word (memory limit?)", seconds, False)
    outcome = json.loads(raw)
    return Run(outcome["code"], outcome["stdout"], outcome["stderr"], seconds, False)


def macrograph_script() -> str:
    """The installed ``macrograph`` console script beside this interpreter."""
    beside = Path(sys.executable).with_name("macrograph")
    return str(beside) if beside.exists() else "macrograph"


def run_subprocess(
    args: Sequence[str],
    *,
    timeout: float,
    env: Mapping[str, str] | None = None,
    cwd: str | Path | None = None,
    memory: int = MEMORY_LIMIT,
) -> Run:
    """Run the installed ``macrograph ARGS`` (stdin closed), killed after ``timeout`` seconds."""
    start = time.monotonic()
    proc = subprocess.Popen(
        [macrograph_script(), *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        preexec_fn=lambda: _limit_memory(memory),
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
        timed_out = False
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        timed_out = True
    seconds = time.monotonic() - start
    text = out.decode("utf-8", errors="replace")
    return Run(
        proc.returncode, text, err.decode("utf-8", errors="replace"), seconds, timed_out, out
    )


Entry = tuple[str, int, int, str]
"""Kind, permission bits, size and content digest (or link target, or device number)."""


def _entry(path: Path) -> Entry:
    info = path.lstat()
    mode = info.st_mode
    perms = stat.S_IMODE(mode)
    if stat.S_ISLNK(mode):
        return "symlink", perms, 0, os.readlink(path)
    if stat.S_ISDIR(mode):
        return "dir", perms, 0, ""
    if stat.S_ISREG(mode):
        return "file", perms, info.st_size, hashlib.sha256(path.read_bytes()).hexdigest()
    kind = "fifo" if stat.S_ISFIFO(mode) else "chardev" if stat.S_ISCHR(mode) else "other"
    return kind, perms, 0, f"{os.major(info.st_rdev)},{os.minor(info.st_rdev)}"


def snapshot(root: Path) -> dict[str, Entry]:
    """Every path under ``root`` (relative, POSIX) and what it is; symlinks are not followed.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("hi")
    >>> sorted(snapshot(folder))
    ['a.txt']
    """
    found: dict[str, Entry] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        for name in (*dirnames, *filenames):
            path = here / name
            found[path.relative_to(root).as_posix()] = _entry(path)
    return found


def changes(before: Mapping[str, Entry], after: Mapping[str, Entry]) -> dict[str, str]:
    """Paths created, deleted or changed between two snapshots, with what happened.

    Examples
    --------
    >>> changes({"a": ("file", 0o644, 1, "x")}, {"b": ("file", 0o644, 1, "x")})
    {'a': 'deleted', 'b': 'created'}
    """
    found: dict[str, str] = {}
    for path in sorted(set(before) | set(after)):
        if path not in after:
            found[path] = "deleted"
        elif path not in before:
            found[path] = "created"
        elif before[path] != after[path]:
            found[path] = f"changed from {before[path][0]} to {after[path][0]}"
    return found


def raw_controls(text: str) -> list[str]:
    """The control and bidi characters in ``text``, escaped, in order of appearance.

    Examples
    --------
    >>> raw_controls("ok\\tfine\\n\\x1b[2J \\u202e")
    ["'\\\\x1b'", "'\\\\u202e'"]
    """
    return [ascii(match.group()) for match in CONTROL.finditer(text)]
