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
    """``backtest`` (median of ``repeat`` cold runs, against importing the dependencies) and
    one ``calibrate`` of all the bundled episodes, with their targets (2 s and 30 s)."""
    backtest = [*script, "backtest", "--format", "json"]
    _timed_command(backtest)  # warm the file cache and the pack cache
    times = sorted(_timed_command(backtest) for _ in range(repeat))
    refs = sorted(_timed_command(imports) for _ in range(repeat))
    ours, theirs = times[len(times) // 2], refs[len(refs) // 2]
    with tempfile.TemporaryDirectory() as folder:
        fit = _timed_command([*script, "calibrate", "-o", str(Path(folder) / "fit.yaml")])
    rows = [
        row(
            "backtest of the bundled episodes, cold",
            ours,
            "import numpy, click, jinja2, pydantic",
            theirs,
            "< 2 s",
            ours < 2,
        ),
        row(
            "calibrate the bundled episodes (with leave-one-out)", fit, "", None, "< 30 s", fit < 30
        ),
    ]
    return rows, {"backtest": ours, "imports": theirs, "calibrate": fit}
