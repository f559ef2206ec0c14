"""Commands registered on the ``macrograph`` group (see ``COMMANDS``): ``lesson``.

A thin wrapper over :mod:`macrograph.explain.lesson`; heavy modules are imported
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
)

LESSON_EPILOG = """\b
Examples:
  macrograph lesson "BoJ skips" -o lesson.html
  macrograph lesson boj-skips --against none --draws 0 -o lesson.html
"""


def _against(value: str | None) -> str | None:
    if value is None:
        return "auto"
    return None if value.lower() == "none" else value


@click.command(epilog=LESSON_EPILOG)
@click.argument("text", nargs=-1, metavar="[SCENARIO]")
@click.option("--against", help="Scenario to compare with (default: the scenario's own; 'none').")
@click.option(
    "--draws",
    default=200,
    show_default=True,
    type=click.IntRange(0, 100_000),
    help="Monte Carlo draws for the bands shown on hover (0 for none).",
)
@click.option("--seed", default=0, show_default=True, type=int, help="Random seed.")
@click.option("-o", "--output", required=True, help="The lesson's HTML file ('-' for stdout).")
@pack_option
@reports_errors
def lesson(
    text: tuple[str, ...],
    against: str | None,
    draws: int,
    seed: int,
    output: str,
    pack_dir: Path | None,
) -> None:
    """Write an interactive lesson on SCENARIO: one HTML page that steps through the chain.

    The page is self-contained (inline SVG, CSS and script; no network request) and
    opens from disk. Without JavaScript it shows the chain and its captions as a
    list. Needs Graphviz's dot; without it no page is written.
    """
    from macrograph.explain.lesson import make_lesson, propagate_for

    output_format(output, None, ("html",))  # a lesson is a page: refuse lesson.md, lesson.pdf
    check_output(output)
    pack = load(pack_dir)
    result = propagate_for(pack, " ".join(text) or None, _against(against), draws, seed)
    emit(make_lesson(pack, result), output)


COMMANDS: list[click.Command] = [lesson]
