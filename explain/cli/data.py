"""``macrograph data``: a pack's series, their values, and the episodes made from its calendar.

Thin wrappers over :mod:`macrograph.explain.data`, :mod:`macrograph.graph.evidence.events`
and :mod:`macrograph.explain.evidence.report`.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from macrograph.explain.cli.common import (
    check_output,
    emit,
    fail,
    format_option,
    load,
    output_format,
    pack_option,
    reports_errors,
    text_width,
    writes_pack_file,
)
from macrograph.explain.formats import SERIES_FORMATS, SERIES_LIST_FORMATS

if TYPE_CHECKING:
    from macrograph.rules.pack import Pack

COMMANDS: list[click.Command] = []


@click.group(
    invoke_without_command=True,
    epilog="\b\nExamples:\n  macrograph data\n"
    "  macrograph data show usd_jpy --from 2024-07-25 --to 2024-08-09\n"
    "  macrograph data show ust_10y --from 2024-01-01 --to 2024-12-31 -o ust10y.svg\n"
    "  macrograph data episodes -o episodes-calendar.yaml",
)
@format_option(
    SERIES_LIST_FORMATS,
    "The list of series as text for a terminal, a Markdown table or JSON.",
    default="text",
)
@pack_option
@click.pass_context
@reports_errors
def data(ctx: click.Context, fmt: str, pack_dir: Path | None, pack_overlay: str | None) -> None:
    """The pack's data series and its calendar's episodes.

    A series is a CSV file of dated values of one node, shipped in the pack's data/
    folder with where it came from. `data show` prints or charts one; `data
    episodes` turns the pack's calendar into episodes the backtest reads.
    """
    if ctx.invoked_subcommand is not None:
        return
    from macrograph.explain.data import render_series_list

    emit(render_series_list(load(pack_dir, pack_overlay), fmt, text_width()), None)


@data.command(
    short_help="Print or chart one node's series between two dates.",
    epilog="\b\nExamples:\n  macrograph data show usd_jpy --from 2024-07-25 --to 2024-08-09\n"
    "  macrograph data show vix --from 2024-08-01 --to 2024-08-09 --format csv\n"
    "  macrograph data show ust_10y --from 2024-01-01 --to 2024-12-31 -o ust10y.png",
)
@click.argument("node")
@click.option(
    "--from",
    "start",
    required=True,
    type=click.DateTime(["%Y-%m-%d"]),
    help="First date (YYYY-MM-DD).",
)
@click.option(
    "--to", "end", required=True, type=click.DateTime(["%Y-%m-%d"]), help="Last date (YYYY-MM-DD)."
)
@format_option(
    SERIES_FORMATS,
    "Output format (default: from the output's suffix, else text); svg, png and pdf chart it.",
)
@click.option("-o", "--output", default="-", help="Output file ('-' for stdout).")
@pack_option
@reports_errors
def show(
    node: str,
    start: datetime,
    end: datetime,
    fmt: str | None,
    output: str,
    pack_dir: Path | None,
    pack_overlay: str | None,
) -> None:
    """The values of NODE's series (a node id or a series id) from --from to --to."""
    from macrograph.explain.data import node_series, render_values, series_values
    from macrograph.explain.messages.questions import alternatives
    from macrograph.graph.scenarios import find_node

    chosen = output_format(output, fmt, ("text", "csv", "json", "svg", "png", "pdf"))
    check_output(output)
    pack = load(pack_dir, pack_overlay)
    series = pack.series.get(node) or node_series(pack, find_node(pack, node))
    if series is None:
        measured = sorted({s.node for s in pack.series.values()})
        some = f"; series measure {alternatives(measured)}" if measured else ": it ships none"
        fail([f"no series of the pack measures '{node}'{some}"])
        return
    first, last = start.date(), end.date()
    if last < first:
        fail([f"--to {last} comes before --from {first}"])
    values = series_values(pack, series, first, last)
    emit(render_values(pack, series, values, chosen), output)


@data.command(
    short_help="Turn the pack's calendar into episodes (a YAML pack file).",
    epilog="\b\nExamples:\n  macrograph data episodes -o episodes-calendar.yaml",
)
@click.option("-o", "--output", required=True, help="The pack file to write (YAML).")
@pack_option
@reports_errors
@writes_pack_file
def episodes(output: str, pack_dir: Path | None, pack_overlay: str | None) -> None:
    """Turn the pack's calendar into episodes: each decision's surprise measured from
    data, each intervention's amount, every series' move over 0d, 1d and 5d."""
    from macrograph.explain.evidence.report import calendar_episodes_yaml
    from macrograph.graph.evidence.events import calendar_episodes

    check_output(output)
    pack = load_without(pack_dir, pack_overlay, output)
    made = calendar_episodes(pack)
    emit(calendar_episodes_yaml(pack, made), output)


def load_without(pack_dir: Path | None, overlay: str | None, output: str) -> Pack:
    """The pack (with ``overlay`` applied), read without ``output`` when that file is one of
    its own (the file about to be regenerated may be stale or broken)."""
    from macrograph.rules.pack import bundled_pack_dir
    from macrograph.rules.reading.loader import load_pack

    root = (pack_dir or bundled_pack_dir()).resolve()
    target = Path(output).resolve()
    if target.parent == root or root in target.parents:
        others = other_sections(target)
        if others:  # read without it, the pack would lack them: one message says so
            fail(
                [
                    f"cannot write {output}: it holds the pack's {', '.join(others)}, not its "
                    "episodes alone; write the episodes to a file of their own"
                ]
            )
        return load_pack(root, without=(target.relative_to(root).as_posix(),))
    pack: Pack = load(pack_dir, overlay, checked=False)
    return pack


def other_sections(file: Path) -> list[str]:
    """The sections other than ``episodes`` a pack file holds (none when it is missing or
    cannot be read: the file about to be regenerated may be broken)."""
    from macrograph.rules.reading.reader import read_yaml

    document = read_yaml(file, file.name, []) if file.is_file() else None
    tree = document.root if document is not None else None
    return sorted(str(key) for key in tree if key != "episodes") if isinstance(tree, dict) else []


COMMANDS.append(data)
