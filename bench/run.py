"""Benchmarks, run by hand (``make bench`` or ``python bench/run.py``); needs scipy.

Every row times macrograph against a reference measured in the same run, each the
median of several runs taken in turn (ours, theirs, ours, ...):

* propagation over 90 periods of synthetic packs of 10^3, 10^4 and 10^5 rules,
  against a plain ``scipy.sparse`` propagation of the same graph (one CSR matrix
  per lag, ``splu`` of I - A0 for the zero-lag rules), and the fitted scaling exponent;
* Monte Carlo with 10,000 draws on the bundled pack (one ensemble, and a what-if
  with its comparison), and 1,000 draws on a synthetic pack of 10^3 rules with BLAS on
  one thread (as the engine runs it) against its threads left free;
* a what-if on the stock-flow model SIM (tests/packs/sim) over 10 years of daily
  periods, against the same scipy.sparse loop;
* ``macrograph whatif "BoJ skips"`` (text) cold start against importing what it
  needs itself: numpy, click, jinja2 and pydantic's BaseModel;
* the whole bundled map rendered to SVG against ``dot -Tsvg`` alone on its DOT;
* loading and linting a generated pack of 20,000 nodes and 100,000 rules
  (``tests/bigpack.py``) against PyYAML's C loader alone on the same files, and one
  file read with its lines against the C loader alone;
* plain words: a 995-character question on the bundled pack and 100 words on a pack of
  20,000 nodes, each against a tenth of its words (``bench/plainwords_rows.py``).

The table is printed as Markdown and the numbers written to bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
from engine_rows import blas_rows, monte_carlo_rows, propagation_rows, stock_flow_rows
from evidence_rows import evidence_rows
from plainwords_rows import plainwords_rows
from timing import Row, medians

RESULTS = Path(__file__).parent / "results" / "latest.json"
IMPORTS = "import numpy, click, jinja2; from pydantic import BaseModel"


# --- cold start -----------------------------------------------------------------------


def script_command() -> list[str]:
    """The installed console script if there is one, else the CLI module."""
    beside = Path(sys.executable).parent / "macrograph"
    script = str(beside) if beside.exists() else shutil.which("macrograph")
    return [script] if script else [sys.executable, "-m", "macrograph.explain.cli"]


def whatif_command(*extra: str) -> list[str]:
    """``macrograph whatif "BoJ skips"`` as a user types it, with ``extra`` options."""
    return [*script_command(), "whatif", "BoJ skips", *extra]


def run_quietly(command: list[str]) -> None:
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _runner(command: list[str]) -> Callable[[], None]:
    return lambda: run_quietly(command)


BRIEF_OUT = Path(tempfile.gettempdir()) / "macrograph-bench-brief.md"


def cold_start_rows(repeat: int) -> tuple[list[Row], dict[str, Any]]:
    """The what-if as a user runs it, and without its Monte Carlo (1,000 draws by default)
    to show what starting up costs apart from the draws."""
    commands = {
        "whatif": whatif_command(),
        "whatif_no_draws": whatif_command("--draws", "0"),
        "imports": [sys.executable, "-c", IMPORTS],
        "brief": [*script_command(), "brief", "-o", str(BRIEF_OUT)],
    }
    for command in commands.values():
        run_quietly(command)  # warm the file cache and macrograph's pack cache
    actions = {name: _runner(command) for name, command in commands.items()}
    found = medians(actions, repeat)
    rows = [
        Row(
            'whatif "BoJ skips" (text), cold start',
            found["whatif"],
            "import numpy, click, jinja2, pydantic",
            found["imports"],
            "<= 2x",
            found["whatif"] <= 2.0 * found["imports"],
        ),
        Row(
            "  the same with --draws 0 (no Monte Carlo)",
            found["whatif_no_draws"],
            "import numpy, click, jinja2, pydantic",
            found["imports"],
            "(for reference)",
        ),
        Row(
            "brief of the bundled pack (Markdown), cold start",
            found["brief"],
            'whatif "BoJ skips" (text)',
            found["whatif"],
            "<= 2.5x",
            found["brief"] <= 2.5 * found["whatif"],
        ),
    ]
    return rows, {"commands": {k: " ".join(v) for k, v in commands.items()}, **found}


# --- diagram ---------------------------------------------------------------------------


def diagram_rows(repeat: int) -> tuple[list[Row], dict[str, Any]]:
    try:
        from macrograph.explain.diagram.build import map_diagram
        from macrograph.explain.render import render
    except ImportError as missing:
        return [], {"skipped": f"no diagram module yet ({missing})"}
    dot = shutil.which("dot")
    if dot is None:
        return [], {"skipped": "Graphviz dot is not installed"}
    from macrograph.rules import load_pack

    pack = load_pack()
    source = str(map_diagram(pack).source)
    actions = {
        "ours": lambda: render(map_diagram(pack), "svg"),
        "dot": lambda: subprocess.run(
            [dot, "-Tsvg"], input=source.encode(), capture_output=True, check=True
        ),
    }
    found = medians(actions, repeat)
    row = Row(
        "whole bundled map to SVG (build + render)",
        found["ours"],
        "dot -Tsvg on its DOT",
        found["dot"],
        "",
        None,
    )
    return [row], {"dot_bytes": len(source), **found}


# --- a large pack -----------------------------------------------------------------------


def large_pack_rows(repeat: int) -> tuple[list[Row], dict[str, Any]]:
    """Loading and linting 20,000 nodes / 100,000 rules in 41 files, and reading one 800 KB
    file (with the line of every key and item), each against PyYAML's C loader."""
    import tempfile

    import yaml

    from macrograph.rules.lint.core import lint_pack
    from macrograph.rules.reading.loader import load_pack
    from macrograph.rules.reading.reader import read_text

    sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))
    from bigpack import write_big_pack

    with tempfile.TemporaryDirectory() as tmp:
        folder = write_big_pack(Path(tmp))
        files = sorted(folder.iterdir())
        texts = [f.read_text(encoding="utf-8") for f in files]
        size = sum(len(t) for t in texts)
        whole = medians(
            {
                "ours": lambda: lint_pack(load_pack(folder)),
                "libyaml": lambda: [yaml.load(t, Loader=yaml.CSafeLoader) for t in texts],
            },
            1,
        )
    one = texts[-1]
    single = medians(
        {
            "ours": lambda: read_text(one, "one.yaml", []),
            "libyaml": lambda: yaml.load(one, Loader=yaml.CSafeLoader),
        },
        repeat,
    )
    rows = [
        Row(
            f"load + lint 20,000 nodes, 100,000 rules ({len(files)} files, {size / 1e6:.0f} MB)",
            whole["ours"],
            "PyYAML's C loader alone, same files",
            whole["libyaml"],
            "<= 0.5x",
            whole["ours"] <= 0.5 * whole["libyaml"],
        ),
        Row(
            f"read one pack file of {len(one) / 1e3:.0f} KB",
            single["ours"],
            "PyYAML's C loader alone",
            single["libyaml"],
            "",
            None,
        ),
    ]
    return rows, {"bytes": size, "files": len(files), **whole, "one_file": single}


# --- report ------------------------------------------------------------------------------


def seconds(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def table(rows: list[Row], slopes: dict[str, float]) -> str:
    lines = [
        "| benchmark | macrograph | reference | reference time | ratio | target | met |",
        "|---|---:|---|---:|---:|---|---|",
    ]
    for r in rows:
        ratio = "" if r.ratio is None else f"{r.ratio:.2f}x"
        met = {True: "yes", False: "NO", None: ""}[r.met]
        cells = [r.name, seconds(r.ours), r.reference, seconds(r.theirs), ratio, r.target, met]
        lines.append("| " + " | ".join(cells) + " |")
    if slopes:
        cells = ["scaling exponent k (time ~ rules^k)", f"k = {slopes['ours']:.2f}"]
        cells += ["scipy.sparse", f"k = {slopes['scipy']:.2f}", "", "", ""]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def environment() -> dict[str, Any]:
    import scipy

    return {
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per timing (median)")
    parser.add_argument("--quick", action="store_true", help="10^3 and 10^4 rules only")
    args = parser.parse_args(argv)
    sizes = (1_000, 10_000) if args.quick else (1_000, 10_000, 100_000)
    sections: dict[str, Callable[[], tuple[list[Row], dict[str, Any]]]] = {
        "propagation": lambda: propagation_rows(sizes, args.repeat),
        "monte_carlo": lambda: monte_carlo_rows(args.repeat),
        "blas": lambda: blas_rows(args.repeat),
        "stock_flow": lambda: stock_flow_rows(args.repeat),
        "cold_start": lambda: cold_start_rows(max(args.repeat, 7)),
        "diagram": lambda: diagram_rows(args.repeat),
        "large_pack": lambda: large_pack_rows(min(args.repeat, 3)),
        "evidence": lambda: evidence_rows(
            script_command(), [sys.executable, "-c", IMPORTS], args.repeat, Row
        ),
        "plain_words": lambda: plainwords_rows(args.repeat, Row),
    }
    rows: list[Row] = []
    report: dict[str, Any] = {"environment": environment(), "repeat": args.repeat}
    for name, section in sections.items():
        found, report[name] = section()
        rows += found
    report["rows"] = [{**asdict(r), "ratio": r.ratio} for r in rows]
    print(table(rows, report["propagation"]["scaling_exponent"]))
    if "skipped" in report["diagram"]:
        print(f"(diagram row skipped: {report['diagram']['skipped']})")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"numbers written to {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
