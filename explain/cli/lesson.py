"""Commands registered on the ``macrograph`` group (see ``COMMANDS``): ``lesson``.

A thin wrapper over :mod:`macrograph.explain.lesson.page`; heavy modules are imported
inside the command.
"""

from __future__ import annotations

from pathlib import Path

import click

from macrograph.explain.cli.common import (
    check_output,
    emit,
    load,
    output_format,
    pack_option,
    reports_errors,
    run_options,
)
from macrograph.graph.options import RunOptions

LESSON_EPILOG = """\b
Examples:
  macrograph lesson "BoJ skips" -o lesson.html
  macrograph lesson boj-skips --against none --draws 0 -o lesson.html
  macrograph lesson "BoJ skips" --horizon 2w -o lesson.html
"""


@click.command(epilog=LESSON_EPILOG)
@click.argument("text", nargs=-1, metavar="[SCENARIO]")
@run_options("against", "horizons", "focus", "draws", "seed", "model_only")
@click.option("-o", "--output", required=True, help="The lesson's HTML file ('-' for stdout).")
@pack_option
@reports_errors
def lesson(
    text: tuple[str, ...],
    options: RunOptions,
    output: str,
    pack_dir: Path | None,
    pack_overlay: str | None,
) -> None:
    """Write an interactive lesson on SCENARIO (an id, a phrase, or plain words): one HTML
    page that steps through the chain.

    The page is self-contained (inline SVG, CSS and script; no network request) and
    opens from disk. Without JavaScript it shows the chain and its captions as a
    list. Needs Graphviz's dot; without it no page is written. Its bands are the
    what-if's: the same draws, seed and random noise (--model-only leaves the noise out).
    """
    from macrograph.explain.lesson.page import make_lesson, propagate_for

    output_format(output, None, ("html",))  # a lesson is a page: refuse lesson.md, lesson.pdf
    check_output(output)
    pack = load(pack_dir, pack_overlay)
    scenario = " ".join(text) or None
    result = propagate_for(pack, scenario, options)
    emit(make_lesson(pack, result, options.focus), output)


COMMANDS: list[click.Command] = [lesson]
