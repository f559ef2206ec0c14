"""Commands registered on the ``macrograph`` group (see ``COMMANDS``): ``explain`` and ``brief``.

Both are thin wrappers over :mod:`macrograph.explain.narrative` and
:mod:`macrograph.explain.brief.note`; heavy modules are imported inside the commands.
"""

from __future__ import annotations

from pathlib import Path

import click
from msgspec.structs import replace

from macrograph.explain.cli.common import (
    check_output,
    emit,
    format_option,
    load,
    output_format,
    pack_option,
    progress_bar,
    reports_errors,
    run_options,
    split_list,
    text_width,
)
from macrograph.explain.formats import NOTE_FORMATS, WHATIF_FORMATS
from macrograph.graph.options import RunOptions

COMMANDS: list[click.Command] = []

templates_option = click.option(
    "--templates",
    "templates_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="A folder of templates overriding the bundled ones by name.",
)


@click.command(
    epilog="\b\nExamples:\n  macrograph explain bitcoin --scenario december-2025\n"
    "  macrograph explain yen_carry_positions\n"
    '  macrograph explain usd_jpy --scenario "BoJ skips" --horizon 1w --format md',
)
@click.argument("node")
@click.option("--scenario", help="Scenario id or phrase (default: the pack's default scenario).")
@run_options("against", "focus", "draws", "seed", "model_only")
@format_option(WHATIF_FORMATS, "Output format (default: from the suffix of -o, else text).")
@templates_option
@click.option("-o", "--output", default="-", help="Output file ('-' for stdout).")
@pack_option
@reports_errors
def explain(
    node: str,
    scenario: str | None,
    options: RunOptions,
    fmt: str | None,
    templates_dir: Path | None,
    output: str,
    pack_dir: Path | None,
    pack_overlay: str | None,
) -> None:
    """Why NODE moved in a scenario (its causes, strongest first), or why it did not.

    NODE is a node id, label or alias (e.g. bitcoin, "10y jgb", carry).
    """
    from macrograph.explain.cli.whatif import answered_run
    from macrograph.explain.explain_node import render_explain
    from macrograph.graph.scenarios import find_node, resolve_text

    chosen = output_format(output, fmt, WHATIF_FORMATS)
    check_output(output)
    pack = load(pack_dir, pack_overlay)
    node_id = find_node(pack, node)
    spec = resolve_text(pack, scenario or pack.info.default_scenario)
    horizon = options.focus
    with progress_bar("Monte Carlo") as progress:
        run = replace(options, horizons=None)
        result = answered_run(pack, spec, run, (chosen, templates_dir), progress)
    text = render_explain(pack, result, node_id, chosen, templates_dir, horizon, text_width(output))
    emit(text, output, colour=chosen == "text")


COMMANDS.append(explain)


@click.command(
    epilog="\b\nExamples:\n  macrograph brief -o note.html\n"
    "  macrograph brief december-2025 -o note.pdf   (printed by Chromium)\n"
    "  macrograph brief boj-skips -o out/skips.md   (and out/skips.svg beside it)\n"
    "  macrograph brief december-2025 -o - --format md\n"
    "  macrograph brief --scenarios december-2025,boj-skips,fed-holds -o note.md\n"
    "  macrograph brief --compare-overlay calibrated.yaml -o note.md",
)
@click.argument("scenario", required=False)
@click.option(
    "-o",
    "--output",
    required=True,
    help="FILE.md, FILE.html or FILE.pdf, or '-' for stdout (Markdown).",
)
@format_option(NOTE_FORMATS, "Overrides the output's suffix.")
@click.option(
    "--scenarios",
    default=None,
    help="Comma-separated scenarios for the comparison table "
    "(default: the pack's brief_scenarios).",
)
@run_options("focus", "overlay", "draws", "seed", "model_only")
@templates_option
@pack_option
@reports_errors
def brief(
    scenario: str | None,
    output: str,
    fmt: str | None,
    scenarios: str | None,
    options: RunOptions,
    templates_dir: Path | None,
    pack_dir: Path | None,
    pack_overlay: str | None,
) -> None:
    """Write a briefing note on SCENARIO (an id, a phrase, or plain words; default: the
    pack's default scenario).

    Markdown notes embed a Mermaid diagram and link an SVG written beside the note
    (FILE.svg); HTML notes are self-contained, with the SVG and all CSS inline; a PDF
    is the HTML note printed by the system's Chromium (needs Playwright for Python:
    pip install 'macrograph[pdf]'). The SVG needs Graphviz's dot; without it no note is
    written.
    """
    from macrograph.explain.brief.note import NoteOptions, write_brief

    pack = load(pack_dir, pack_overlay)
    chosen = split_list(scenarios) if scenarios else None
    made = NoteOptions(fmt=fmt, scenarios=chosen, templates_dir=templates_dir)
    note = write_brief(pack, scenario, output, made, options)
    if note is not None:
        emit(note, None)


COMMANDS.append(brief)
