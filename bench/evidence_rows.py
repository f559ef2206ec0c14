"""Benchmark rows of the evidence commands: a cold ``backtest`` and ``calibrate`` of the
bundled pack, run as a user runs them (a new process each time)."""

from __future__ import annotations

import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any


def _timed_command(command: Sequence[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - started


def evidence_rows(
    script: Sequence[str],
    imports: Sequence[str],
    repeat: int,
    row: Callable[..., Any],
) -> tuple[list[Any], dict[str, Any]]:
    """``backtest`` of the written episodes (median of ``repeat`` cold runs, against importing
    the dependencies), one of the whole event base without draws, and one ``calibrate`` of
    the written episodes, with their targets (2 s, 30 s and 30 s)."""
    backtest = [*script, "backtest", "--only", "written", "--format", "json"]
    _timed_command(backtest)  # warm the file cache and the pack cache
    times = sorted(_timed_command(backtest) for _ in range(repeat))
    refs = sorted(_timed_command(imports) for _ in range(repeat))
    ours, theirs = times[len(times) // 2], refs[len(refs) // 2]
    with tempfile.TemporaryDirectory() as folder:
        out = str(Path(folder) / "fit.yaml")
        fit = _timed_command([*script, "calibrate", "--only", "written", "-o", out])
    whole = _timed_command([*script, "backtest", "--draws", "0", "--format", "json"])
    rows = [
        row(
            "backtest of the six written episodes, cold",
            ours,
            "import numpy, click, jinja2, pydantic",
            theirs,
            "< 2 s",
            ours < 2,
        ),
        row(
            "backtest of the 253-episode event base, --draws 0",
            whole,
            "",
            None,
            "< 30 s",
            whole < 30,
        ),
        row(
            "calibrate the written episodes (with leave-one-out)", fit, "", None, "< 30 s", fit < 30
        ),
    ]
    return rows, {"backtest": ours, "imports": theirs, "calibrate": fit, "event_base": whole}
