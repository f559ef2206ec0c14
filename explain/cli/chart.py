"""``macrograph chart``, and the charts a Markdown or HTML ``whatif`` carries.

A Markdown what-if written to a file gets its charts as SVG files beside it
(``NOTE-moves.svg``, ``NOTE-fan.svg``), checked with the note before any work is done
and written with it, all or nothing; on stdout it gets none. HTML carries them inline.
"""

from __future__ import annotations

import contextlib
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import click

from macrograph.explain.cli.common import (
    check_output,
    emit,
    load,
    pack_option,
    reports_errors,
    run_options,
)
from macrograph.explain.formats import CHART_FORMATS, CHART_KINDS
from macrograph.graph.options import RunOptions

COMMANDS: list[click.Command] = []
NO_FILES: tuple[tuple[Path, bytes], ...] = ()  # a what-if written with no chart beside it


KIND_HELP = (
    "moves: the moves of the answer's table with p5-p95 whiskers; "
    "fan: the key outcomes' paths over time."
)


def side_paths(output: str, fmt: str) -> list[Path]:
    """The chart files a what-if in ``fmt`` writes beside ``output`` (Markdown to a file)."""
    from macrograph.explain.files import check_targets, is_stdout

    if fmt != "md" or is_stdout(output) or check_targets([output])[0].direct:
        return []
    from macrograph.explain.chart.placed import chart_paths

    return list(chart_paths(output).values())


def check_whatif_output(output: str, fmt: str) -> None:
    """Refuse a what-if's output, or a chart file beside it, before any work is done."""
    from macrograph.explain.files import check_targets, is_stdout

    if is_stdout(output):
        return
    check_targets([output, *side_paths(output, fmt)])


def charts_drawing(charted: bool) -> AbstractContextManager[Any]:
    """The process that draws a charted what-if's charts, forked before its Monte Carlo
    (:func:`~macrograph.explain.chart.figures.charts_beside`) when a core is idle; nothing
    when the what-if has no charts."""
    if not charted:
        return contextlib.nullcontext()
    from macrograph.explain.chart.beside import charts_beside
    from macrograph.graph.engine.forked import engine_processes

    return charts_beside(engine_processes(2))


def write_whatif(
    pack: Any,
    result: Any,
    drawn_from: tuple[Any, Any],
    fmt: str,
    output: str,
    text: Any,
    options: RunOptions,
) -> None:
    """Render a Markdown or HTML what-if with its charts and write it (charts first).

    ``drawn_from`` is what the fan is drawn from (the fans made with the result, or its
    scenario) and the process drawing the charts (:func:`charts_drawing`, None: none);
    ``text`` renders the note from a :class:`~macrograph.explain.chart.shown.Charts`;
    ``options`` are those ``result`` was propagated with (the fans run the same).
    """
    from macrograph.explain.chart.beside import drawn_charts, give_plan
    from macrograph.explain.chart.figures import chart_plan
    from macrograph.explain.chart.placed import shown_charts
    from macrograph.explain.chart.shown import Charts
    from macrograph.explain.files import write_files

    scenario, drawing = drawn_from
    beside = bool(side_paths(output, fmt))
    name = output if beside or fmt == "html" else None
    charts, files = Charts(), NO_FILES
    if name is not None:
        give_plan(drawing, chart_plan(pack, result, scenario, options))
        charts, files = shown_charts(drawn_charts(drawing), fmt, name)
    note = text(charts)
    if not files:
        emit(note, output)
        return
    write_files([*files, (output, note)])


@click.command(
    epilog="\b\nExamples:\n  macrograph chart december-2025 -o fan.svg\n"
    "  macrograph chart boj-skips -o moves.png --kind moves\n"
    "  macrograph chart fed-holds -o usdjpy.pdf --node usd_jpy",
)
@click.argument("scenario", required=False)
@click.option("-o", "--output", required=True, help="FILE.svg, FILE.png or FILE.pdf.")
@click.option(
    "--kind",
    type=click.Choice((*CHART_KINDS, "bars")),
    default="fan",
    show_default=True,
    help=KIND_HELP + " (bars is another name for moves)",
)
@click.option("--node", help="One node (id, label or alias) instead of the key outcomes.")
@run_options("focus", "draws", "seed", "model_only")
@pack_option
@reports_errors
def chart(
    scenario: str | None,
    output: str,
    kind: str,
    node: str | None,
    options: RunOptions,
    pack_dir: Path | None,
    pack_overlay: str | None,
) -> None:
    """Draw SCENARIO's moves (bars) or its key outcomes over time (fan) alone.

    SCENARIO is an id, a phrase, or plain words; without it, the pack's default scenario.

    The format comes from the suffix of -o: svg, png or pdf.
    """
    from macrograph.explain.chart.figures import make_chart
    from macrograph.explain.suffixes import choose_format

    fmt = choose_format(output, None, CHART_FORMATS, "svg")
    check_output(output)
    pack = load(pack_dir, pack_overlay)
    emit(make_chart(pack, scenario or pack.info.default_scenario, kind, node, options, fmt), output)


COMMANDS.append(chart)
