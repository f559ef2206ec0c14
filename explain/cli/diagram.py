"""Commands registered on the ``macrograph`` group (see ``COMMANDS``): diagram and export."""

from __future__ import annotations

from pathlib import Path

import click

from macrograph.explain.cli.common import (
    check_output,
    emit,
    format_option,
    load,
    pack_option,
    reports_errors,
    run_options,
)
from macrograph.explain.formats import DIAGRAM_FORMATS, EXPORT_FORMATS, VIEWS
from macrograph.explain.terminal import one_line
from macrograph.graph.options import RunOptions

DIAGRAM_EPILOG = """\b
Examples:
  macrograph diagram "BoJ skips" -o chain.svg
  macrograph diagram boj-skips --focus usd_jpy --depth 3 --horizon 1d \\
      -o yen.png
  macrograph diagram --view map -o map.svg
  macrograph diagram boj-skips --view diff -o diff.pdf
  macrograph diagram boj-skips --steps frames/
  macrograph diagram boj-skips --steps frames/ --format png
  macrograph diagram boj-skips --steps deck.pdf
  macrograph diagram boj-skips -o - | dot -Tsvg > chain.svg
"""

EXPORT_EPILOG = """\b
Examples:
  macrograph export -o pack.graphml
  macrograph export boj-skips --format json -o boj-skips.json
  macrograph export "BoJ skips" --format mermaid
"""


@click.command(epilog=DIAGRAM_EPILOG)
@click.argument("text", nargs=-1, metavar="[SCENARIO]")
@run_options("against", "focus")
@click.option(
    "--view",
    type=click.Choice(VIEWS),
    default="chain",
    show_default=True,
    help="chain: the paths that carried the answer; map: the whole pack; diff: scenario "
    "minus comparison.",
)
@click.option(
    "--focus",
    "focus_node",
    help="Chain view: only the paths into this node (id, label or alias).",
)
@click.option(
    "--depth",
    type=click.IntRange(1, 50),
    help="Chain view: at most N hops per path (back from --focus, else from the shock).",
)
@click.option(
    "--steps",
    "steps_dir",
    type=click.Path(path_type=Path),
    help="Also write numbered frames (step-01.svg, ...) lighting one more hop each into "
    "this folder (made if missing), in --format or the format of -o (default SVG); only "
    "the frames of this run are replaced, other files in it are left alone. For a name "
    "ending in .pdf, a PDF deck of 16:9 slides, one per step of the lesson, with its "
    "caption.",
)
@format_option(DIAGRAM_FORMATS, "Output format (default: from the suffix of -o; DOT on stdout).")
@click.option("-o", "--output", help="Output file ('-' for stdout, the default without --steps).")
@pack_option
@reports_errors
def diagram(
    text: tuple[str, ...],
    options: RunOptions,
    view: str,
    focus_node: str | None,
    depth: int | None,
    steps_dir: Path | None,
    fmt: str | None,
    output: str | None,
    pack_dir: Path | None,
    pack_overlay: str | None,
) -> None:
    """Draw how SCENARIO (an id, a phrase, or plain words) spreads from its shocks.

    Without SCENARIO, the pack's default scenario. SVG, PNG and PDF need Graphviz's
    `dot`; DOT output does not.
    """
    from macrograph.explain.diagram.build import result_for, step_frames, view_diagram
    from macrograph.explain.files import check_targets, is_stdout, write_files
    from macrograph.explain.render import format_for, frame_files, render

    target = output if output is not None or steps_dir is not None else "-"
    chosen = None if target is None else format_for(target, fmt)
    to_file = target is not None and not is_stdout(target)
    deck = steps_dir is not None and steps_dir.suffix.lower() == ".pdf"
    folders = () if steps_dir is None or deck else (steps_dir,)
    first: list[str | Path] = [target] if target is not None and to_file else []
    if steps_dir is not None and deck:
        first.append(steps_dir)
    check_targets(first, folders)  # fail early
    pack = load(pack_dir, pack_overlay)
    result = result_for(pack, " ".join(text) or None, options)
    horizon = options.focus
    files: list[tuple[Path, bytes]] = []
    if steps_dir is not None and deck:
        from macrograph.explain.deck import deck_pdf, deck_slides

        files = [(steps_dir, deck_pdf(deck_slides(pack, result, horizon)))]
    elif steps_dir is not None:
        shown = output is not None and not is_stdout(output)
        frame_fmt = fmt or (format_for(output, None) if shown and output else "svg")
        files = frame_files(step_frames(pack, result, horizon), steps_dir, frame_fmt)
    data = b""
    if chosen is not None:
        data = render(view_diagram(pack, result, view, horizon, focus_node, depth), chosen)
    written = write_files([*files, *([(target, data)] if target and to_file else [])], folders)
    if target is None or to_file:
        for path in written[: len(files)]:
            click.echo(one_line(f"wrote {path}"))  # a folder given with hidden characters
    if target is not None and not to_file:
        emit(data if chosen != "dot" else data.decode("utf-8"), None)


@click.command(epilog=EXPORT_EPILOG)
@click.argument("text", nargs=-1, metavar="[SCENARIO]")
@format_option(EXPORT_FORMATS, "Export format (default: from the suffix of -o, else json).")
@run_options("against", "focus")
@click.option("-o", "--output", default="-", help="Output file ('-' for stdout).")
@pack_option
@reports_errors
def export(
    text: tuple[str, ...],
    fmt: str | None,
    options: RunOptions,
    output: str,
    pack_dir: Path | None,
    pack_overlay: str | None,
) -> None:
    """Export the pack, or a SCENARIO's result on it, as Mermaid, GraphML, JSON or DOT.

    JSON is node-link data (nodes, links keyed by rule id); with SCENARIO, nodes
    carry their moves and links the amount each rule carried. Mermaid shows the
    whole pack, or with SCENARIO the chain that carried it.
    """
    from macrograph.explain.diagram.build import result_for
    from macrograph.explain.export import export as export_text
    from macrograph.explain.export import format_for

    chosen = format_for(output, fmt)
    check_output(output)
    pack = load(pack_dir, pack_overlay)
    result = result_for(pack, " ".join(text), options) if text else None
    emit(export_text(pack, chosen, result), output)


COMMANDS: list[click.Command] = [diagram, export]
