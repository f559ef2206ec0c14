"""The garbage collector paused while many live objects are built that hold no cycle.

Each collection walks every object it tracks; building a pack (read from its files or
rebuilt from the cache) or linting it makes tens of thousands to millions of objects that
all stay alive, which a collection in the middle would walk only to free nothing (a full
one took 12 ms of a briefing note's start).

Examples
--------
>>> import gc
>>> with paused():
...     gc.isenabled()
False
>>> gc.isenabled()
True
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The collector off for the block, then as it was (left off when it was off).

    Examples
    --------
    >>> import gc
    >>> gc.disable()
    >>> with paused():
    ...     pass
    >>> gc.isenabled()  # it was off: it stays off
    False
    >>> gc.enable()
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
