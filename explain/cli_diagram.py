"""Commands registered on the ``macrograph`` group (see ``COMMANDS``): diagram and export."""

from __future__ import annotations

from pathlib import Path

import click

from macrograph.explain.cli_common import emit, load, pack_option, reports_errors

DIAGRAM_EPILOG = """\b
Examples:
  macrograph diagram "BoJ skips" -o chain.svg
  macrograph diagram boj-skips --focus usd_jpy --depth 3 --horizon 1d -o yen.png
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


def _against(value: str | None) -> str | None:
    if value is None:
        return "auto"
    return None if value.lower() == "none" else value


@click.command(epilog=DIAGRAM_EPILOG)
@click.argument("text", nargs=-1, metavar="[SCENARIO]")
@click.option("--against", help="Scenario to compare with (default: the scenario's own; 'none').")
@click.option(
    "--view",
    type=click.Choice(["chain", "map", "diff"]),
    default="chain",
    show_default=True,
    help="chain: the paths that carried the answer; map: the whole pack; diff: scenario "
    "minus comparison.",
)
@click.option("--focus", help="Chain view: only the paths into this node (id, label or alias).")
@click.option(
    "--depth",
    type=click.IntRange(1, 50),
    help="Chain view: at most N hops per path (back from --focus, else from the shock).",
)
@click.option(
    "--horizon",
    help="Horizon of the amounts shown, e.g. 1d, 2w, 1m (default: the pack's last, 3m).",
)
@click.option(
    "--steps",
    "steps_dir",
    type=click.Path(path_type=Path),
    help="Also write numbered frames (step-01.svg, ...) lighting one more hop each into "
    "this folder, in --format or the format of -o (default SVG); or, for a name ending in "
    ".pdf, one PDF deck with a page per step and its captions.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["dot", "svg", "png", "pdf"]),
    help="Output format (default: from the suffix of -o; DOT on stdout).",
)
@click.option("-o", "--output", help="Output file ('-' for stdout, the default without --steps).")
@pack_option
@reports_errors
def diagram(
    text: tuple[str, ...],
    against: str | None,
    view: str,
    focus: str | None,
    depth: int | None,
    horizon: str | None,
    steps_dir: Path | None,
    fmt: str | None,
    output: str | None,
    pack_dir: Path | None,
) -> None:
    """Draw how SCENARIO (an id, a phrase, or "BoJ skips") travels from policy to assets.

    Without SCENARIO, the pack's default scenario. SVG, PNG and PDF need Graphviz's
    `dot`; DOT output does not.
    """
    from macrograph.explain.diagram import result_for, step_frames, view_diagram
    from macrograph.explain.render import format_for, write_frames, write_rendered

    pack = load(pack_dir)
    result = result_for(pack, " ".join(text) or None, _against(against), horizon)
    target = output if output is not None or steps_dir is not None else "-"
    if steps_dir is not None and steps_dir.suffix.lower() == ".pdf":
        from macrograph.explain.deck import write_deck

        deck = write_deck(pack, result, steps_dir, horizon)
        if target != "-":
            click.echo(f"wrote {deck}")
    elif steps_dir is not None:
        frames = step_frames(pack, result, horizon)
        frame_fmt = fmt or (format_for(output, None) if output not in (None, "-") else "svg")
        for path in write_frames(frames, steps_dir, frame_fmt):
            if target != "-":
                click.echo(f"wrote {path}")
    if target is None:
        return
    chosen = format_for(target, fmt)
    data = write_rendered(view_diagram(pack, result, view, horizon, focus, depth), target, chosen)
    if target == "-":
        emit(data if chosen != "dot" else data.decode("utf-8"), None)


@click.command(epilog=EXPORT_EPILOG)
@click.argument("text", nargs=-1, metavar="[SCENARIO]")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["mermaid", "graphml", "json", "dot"]),
    help="Export format (default: from the suffix of -o, else json).",
)
@click.option("--against", help="Scenario to compare with (default: the scenario's own; 'none').")
@click.option("--horizon", help="With a scenario: also compute this horizon (e.g. 2w).")
@click.option("-o", "--output", default="-", help="Output file ('-' for stdout).")
@pack_option
@reports_errors
def export(
    text: tuple[str, ...],
    fmt: str | None,
    against: str | None,
    horizon: str | None,
    output: str,
    pack_dir: Path | None,
) -> None:
    """Export the pack, or a SCENARIO's result on it, as Mermaid, GraphML, JSON or DOT.

    JSON is node-link data (nodes, links keyed by rule id); with SCENARIO, nodes
    carry their moves and links the amount each rule carried. Mermaid shows the
    whole pack, or with SCENARIO the chain that carried it.
    """
    from macrograph.explain.diagram import result_for
    from macrograph.explain.export import export as export_text
    from macrograph.explain.export import format_for

    pack = load(pack_dir)
    chosen = format_for(output, fmt)
    result = result_for(pack, " ".join(text), _against(against), horizon) if text else None
    emit(export_text(pack, chosen, result), output)


COMMANDS: list[click.Command] = [diagram, export]
