"""The command line: ``macrograph`` and its commands, one module per family."""

import atexit
import os
import sys

from macrograph.explain.cli.app import main

__all__ = ["main", "run"]


def run() -> None:
    """The ``macrograph`` console command: :func:`main`, then out of the process at once.

    Tearing the interpreter down frees, one by one, every object the command made or
    imported (the pack, the modules, the ones set aside from the collector): a what-if
    waited some 30 ms for it once its answer was written. So the process ends at once
    (``os._exit``, with the command's status) when nothing asked to run at exit
    (``atexit``), no other thread runs and both stdout and stderr are flushed; otherwise,
    and for a status that is not a number, Python exits as ever.
    """
    try:
        main()
    except SystemExit as done:
        threads = sys.modules.get("threading")
        others = threads is not None and threads.active_count() > 1
        if not isinstance(done.code, int | None) or _exit_callbacks() or others:
            raise
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError):  # a closed or broken stream: as Python would say it
            raise done from None
        os._exit(done.code or 0)


def _exit_callbacks() -> int:
    """How many functions wait to run at exit (a temporary folder's cleanup, logging's):
    CPython counts them in ``atexit._ncallbacks``; where it does not, assume some wait."""
    count = getattr(atexit, "_ncallbacks", None)
    return int(count()) if callable(count) else 1
