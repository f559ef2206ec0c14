"""How a command's process starts: BLAS on one thread, the collector held until the pack is read.

A command's start is mostly imports and reading the pack: hundreds of thousands of objects
that live until the process ends and make few cycles. :func:`start_command` (run before any
command, as the group's own callback) turns the garbage collector off for that start, and
:func:`set_aside` (once the first pack is read) moves everything made so far out of the
collector's reach and turns it back on, so that the command's own objects are collected as
ever; a command that reads no pack gets it back when it ends. Each collection of the start
walked every object made so far again: a text what-if spent some 10 ms in them.

OpenBLAS starts its threads when numpy is first imported, and each spins on a core for some
100 ms waiting for work; the engine runs BLAS on one thread anyway
(:mod:`macrograph.graph.engine.threads`), and nothing else a command does is large enough for
threads, so the command line asks for one (unless ``OPENBLAS_NUM_THREADS`` is set).
"""

from __future__ import annotations

import gc
import os
import sys

import click

_STATE = {"held": False, "set aside": False}  # the collector off now; a pack set aside


def start_command() -> None:
    """Set the process up for a command: one BLAS thread and, until the first pack read is
    set aside, the collector off (see above)."""
    if "numpy" not in sys.modules:  # OpenBLAS reads it once, as numpy is first imported
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    if gc.isenabled() and not _STATE["set aside"]:
        gc.disable()
        _STATE["held"] = True
        click.get_current_context().call_on_close(_release)


def set_aside() -> None:
    """Set the first pack read and the modules read for it aside from the collector (each
    full collection walked them again), and let the collector run again; once, so later
    commands' objects are collected."""
    if not _STATE["set aside"]:
        _STATE["set aside"] = True
        gc.freeze()
    _release()


def _release() -> None:
    """The collector back on, if :func:`start_command` turned it off."""
    if _STATE["held"]:
        _STATE["held"] = False
        gc.enable()
