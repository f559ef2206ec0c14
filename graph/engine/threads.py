"""BLAS on one thread while the engine runs.

The engine's matrix products are small: on a machine of few cores BLAS's threads spin
against each other and take longer than one thread alone. Finding the thread pools walks
every loaded library (half a millisecond or more once scipy and matplotlib are loaded),
so they are found once per process and limited per run. When numpy's OpenBLAS was started
on one thread (``OPENBLAS_NUM_THREADS=1``, which the command line asks for before numpy is
imported), there is nothing to limit, and threadpoolctl is not even imported.

Examples
--------
>>> with one_blas_thread():
...     pass
"""

from __future__ import annotations

import contextlib
import os
from contextlib import AbstractContextManager
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from threadpoolctl import ThreadpoolController

__all__ = ["one_blas_thread"]


@cache
def _blas() -> ThreadpoolController:
    """The process's thread pools, found on first use."""
    # imported here: a process whose BLAS runs on one thread never needs it (2 ms to import)
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


@cache
def _one_thread_already() -> bool:
    """Whether numpy's BLAS is an OpenBLAS told to start on one thread. OpenBLAS reads
    ``OPENBLAS_NUM_THREADS`` once, as numpy is imported: set later, it changes nothing, and
    the engine runs with BLAS's threads, only more slowly."""
    built = getattr(np.__config__, "CONFIG", {})  # a numpy that does not say: not known
    blas = built.get("Build Dependencies", {}).get("blas", {})
    return "openblas" in str(blas.get("name", "")) and os.environ.get("OPENBLAS_NUM_THREADS") == "1"


def one_blas_thread() -> AbstractContextManager[object]:
    """A context in which BLAS runs on one thread; the pools get their threads back after.

    Examples
    --------
    >>> with one_blas_thread():
    ...     (np.eye(2) @ np.array([1.0, 2.0])).tolist()
    [1.0, 2.0]
    """
    if _one_thread_already():
        return contextlib.nullcontext()
    limited: AbstractContextManager[object] = _blas().limit(limits=1, user_api="blas")
    return limited
