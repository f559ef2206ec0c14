"""Documents a test module builds (a brief, a lesson, a deck), built once per test run and
read by every pytest-xdist worker that runs a test of the module.

A module-scoped fixture is set up again in each worker that runs one of its module's tests,
and ``--dist worksteal`` splits a module between the workers whenever one steals from the
other: the accessibility tests' ten documents were built twice in a run. A document built
here is written under the run's temporary folder, which the workers share, by the first
worker that asks for it, the others waiting for it under a file lock; each worker would
have built the same bytes (the same command, arguments and seed). Without xdist the folder
is the run's own.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

try:
    import fcntl
except ImportError:  # no file locks (Windows): each worker builds its own copy
    fcntl = None  # type: ignore[assignment]


def _folder(factory: pytest.TempPathFactory) -> Path:
    """The run's shared folder: beside the workers' own temporary folders under xdist."""
    base = factory.getbasetemp()
    if fcntl is not None and os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    folder = base / "shared"
    folder.mkdir(exist_ok=True)
    return folder


@contextmanager
def _locked(path: Path, wait: bool = True) -> Iterator[bool]:
    """Hold the lock at ``path`` (yields True); without ``wait``, yields False at once
    when another worker holds it."""
    with path.open("a") as handle:
        if fcntl is None:
            yield True
            return
        try:
            fcntl.flock(handle, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _make(target: Path, make: Callable[[Path], None]) -> None:
    if target.exists():
        return
    try:
        make(target)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    assert target.exists(), f"{target.name} was not written"


def built(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """The file ``name`` in the run's shared folder, written by ``make(path)`` unless a
    worker has written it already (a ``make`` that fails leaves nothing behind)."""
    return built_all(factory, {name: make})[name]


def built_all(
    factory: pytest.TempPathFactory, makers: dict[str, Callable[[Path], None]]
) -> dict[str, Path]:
    """The files named in ``makers``, as :func:`built` writes each; one another worker is
    writing is left for later, so that two workers asking at once write different files."""
    folder = _folder(factory)
    busy = []
    for name, make in makers.items():  # first those no other worker is writing
        with _locked(folder / f"{name}.lock", wait=False) as held:
            if held:
                _make(folder / name, make)
            else:
                busy.append(name)
    for name in busy:  # then, once the other worker is done with it, each of the rest
        with _locked(folder / f"{name}.lock"):
            _make(folder / name, makers[name])
    return {name: folder / name for name in makers}
