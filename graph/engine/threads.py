"""BLAS on one thread while the engine runs.

The engine's matrix products are small: on a machine of few cores BLAS's threads spin
against each other and take longer than one thread alone. Finding the thread pools walks
every loaded library (half a millisecond or more once scipy and matplotlib are loaded),
so they are found once per process and limited per run.

Examples
--------
>>> with one_blas_thread():
...     pass
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from functools import cache

from threadpoolctl import ThreadpoolController

__all__ = ["one_blas_thread"]


@cache
def _blas() -> ThreadpoolController:
    """The process's thread pools, found on first use."""
    return ThreadpoolController()


def one_blas_thread() -> AbstractContextManager[object]:
    """A context in which BLAS runs on one thread; the pools get their threads back after."""
    limited: AbstractContextManager[object] = _blas().limit(limits=1, user_api="blas")
    return limited
