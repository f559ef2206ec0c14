"""Commands registered on the ``macrograph`` group (see ``COMMANDS``): backtest and calibrate.

Thin wrappers over :mod:`macrograph.graph.evidence.backtest`,
:mod:`macrograph.graph.evidence.calibrate` and :mod:`macrograph.explain.evidence.report`; heavy
modules are imported inside the commands.
"""

from __future__ import annotations

import shlex
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from macrograph.explain.cli.common import (
    check_output,
    emit,
    fail,
    format_option,
    load,
    output_format,
    pack_option,
    progress_bar,
    reports_errors,
    run_options,
    text_width,
)
from macrograph.explain.formats import CALIBRATE_FORMATS, WHATIF_FORMATS
from macrograph.graph.options import RunOptions
from macrograph.rules.vocabulary import EPISODE_SETS

COMMANDS: list[click.Command] = []
only_option = click.option(
    "--only",
    type=click.Choice(EPISODE_SETS),
    help="Only the episodes made from the pack's calendar, or only those written by hand.",
)


@click.command(
    epilog="\b\nExamples:\n  macrograph backtest\n"
    "  macrograph backtest --only written\n"
    "  macrograph backtest --rolling\n"
    "  macrograph backtest --until 2022-09-01\n"
    "  macrograph backtest carry-unwind-aug-2024 --format md -o backtest.md\n"
    "  macrograph backtest --overlay calibrated.yaml --format json",
)
@click.argument("episodes", nargs=-1)
@only_option
@click.option(
    "--rolling",
    is_flag=True,
    help="Out of sample: score each year after the first three of episodes by a fit on the "
    "years before it.",
)
@click.option(
    "--until",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Out of sample: score the episodes from this date (YYYY-MM-DD) on by a fit on "
    "those before it.",
)
@format_option(WHATIF_FORMATS, "Output format (default: from the output's suffix, else text).")
@click.option("-o", "--output", default="-", help="Output file ('-' for stdout).")
@run_options("draws", "seed")
@click.option(
    "--templates",
    "templates_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="A folder of templates overriding the bundled ones by name.",
)
@pack_option
@reports_errors
def backtest(
    episodes: tuple[str, ...],
    only: str | None,
    rolling: bool,
    until: datetime | None,
    fmt: str | None,
    output: str,
    options: RunOptions,
    templates_dir: Path | None,
    pack_dir: Path | None,
    pack_overlay: str | None,
) -> None:
    """Score the pack's answers against its EPISODES (default: all of them).

    For every observed move (typed in the pack, or read from its series): the model's
    median and p5-p95 band, whether the signs agree, and z, the miss in standard
    deviations of the noise over the window. Overall and by institution, node,
    window and year: sign hit rate, size ratio, skill against predicting no move,
    median |z| and band coverage. Up to 12 episodes are listed one by one.
    """
    from macrograph.explain.evidence.report import render_backtest
    from macrograph.graph.evidence.backtest import backtest as run_backtest
    from macrograph.graph.evidence.calibrate import FitOptions, frozen_scores, rolling_scores

    chosen = output_format(output, fmt, WHATIF_FORMATS)
    check_output(output)
    pack = load(pack_dir, pack_overlay)
    if rolling and until is not None:
        fail(["give --rolling or --until, not both"])
    _has_episodes(pack, "score")
    with progress_bar("Backtest") as progress:
        if rolling or until is not None:
            fit = FitOptions(
                episodes, only, until.date() if until else None, options.draws, options.seed
            )
            run = rolling_scores if rolling else frozen_scores
            result = run(pack, fit, progress)
        else:
            result = run_backtest(pack, episodes, options, progress, only)
    text = render_backtest(pack, result, chosen, templates_dir, text_width(output))
    emit(text, output, colour=chosen == "text")


COMMANDS.append(backtest)


def _has_episodes(pack: Any, what: str) -> None:
    """Refuse a pack with no episode at all: a report of zero observations says nothing."""
    if not pack.episodes:
        fail(
            [
                f"the pack has no episodes to {what}: an episode is an event and the moves "
                "observed after it, written under 'episodes:' or made from a calendar of "
                "decisions and the pack's series (README: 'Measuring it against what happened')"
            ]
        )


@click.command(
    epilog="\b\nExamples:\n  macrograph calibrate -o calibrated.yaml\n"
    "  macrograph backtest --overlay calibrated.yaml\n"
    "  macrograph calibrate --until 2022-09-01 -o frozen.yaml\n"
    "  macrograph calibrate --until 2022-09-01 -o frozen.yaml --write-pack\n"
    "  macrograph calibrate carry-unwind-aug-2024 boj-hike-dec-2025 -o fit.yaml \\\n"
    "      --format md",
)
@click.argument("episodes", nargs=-1)
@click.option(
    "-o", "--output", required=True, help="The overlay file to write (YAML), e.g. calibrated.yaml."
)
@click.option(
    "--write-pack",
    is_flag=True,
    help="Also write the estimates into the pack's rule files (each rule's magnitude line).",
)
@click.option(
    "--until",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Fit only the episodes before this date (YYYY-MM-DD); score the later ones.",
)
@only_option
@format_option(
    CALIBRATE_FORMATS,
    "The report's format on stdout (the overlay of -o is always YAML).",
    default="text",
)
@run_options("draws", "seed")
@pack_option
@reports_errors
def calibrate(
    episodes: tuple[str, ...],
    output: str,
    write_pack: bool,
    until: datetime | None,
    only: str | None,
    fmt: str,
    options: RunOptions,
    pack_dir: Path | None,
    pack_overlay: str | None,
) -> None:
    """Fit the rules' elasticities to the EPISODES' observations (default: all of them).

    Each rule's range is the prior's 90% interval, a width, not a cap: an estimate
    leaves it when the data insist, and is reported so. Writes the fit as an overlay
    (-o) with standard errors and the events behind each rule, and reports the scores
    before and after, in sample and held out (by year, or one episode at a time).
    """
    from macrograph.explain.evidence.report import calibration_overlay, render_calibrate
    from macrograph.graph.evidence.calibrate import FitOptions
    from macrograph.graph.evidence.calibrate import calibrate as run_calibrate

    check_output(output)
    pack = load(pack_dir, pack_overlay)
    _has_episodes(pack, "fit to")
    fit = FitOptions(episodes, only, until.date() if until else None, options.draws, options.seed)
    with progress_bar("Calibration") as progress:
        calibration = run_calibrate(pack, fit, progress=progress)
    from macrograph.explain.evidence.fitted_pack import fitted_files
    from macrograph.explain.files import check_targets, is_stdout, reading, write_files

    # the pack's edits are made (or refused) before the overlay is written
    changed = fitted_files(pack, calibration.fitted) if write_pack else []
    overlay = calibration_overlay(pack, calibration)
    with reading(None):  # --write-pack writes the pack's own files, as asked
        if changed and not is_stdout(output):
            write_files([(output, overlay), *changed])  # all of them, or none
        else:
            check_targets([path for path, _ in changed])
            emit(overlay, output)
            write_files(changed)
    emit(render_calibrate(pack, calibration, output, fmt, apply=_applying(output, pack_dir)), None)


def _applying(output: str, pack_dir: Path | None) -> str:
    """The options that apply the overlay just written, as a shell reads them ('' for stdout)."""
    from macrograph.explain.files import is_stdout
    from macrograph.rules.overlay import OVERLAY_SUFFIXES

    if is_stdout(output):
        return ""
    if Path(output).suffix not in OVERLAY_SUFFIXES and "/" not in output:
        output = f"./{output}"  # a path, never the name of one of the pack's overlays
    found = f"--overlay {shlex.quote(output)}"
    return found + (f" --pack {shlex.quote(str(pack_dir))}" if pack_dir is not None else "")


COMMANDS.append(calibrate)
