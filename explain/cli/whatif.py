"""Commands registered on the ``macrograph`` group (see ``COMMANDS``): ``whatif``.

A thin wrapper over :func:`macrograph.graph.scenarios.asked` (the question as asked),
:func:`macrograph.graph.propagate.propagate` (or the weighted view, or two views side by
side) and :func:`macrograph.explain.narrative.render_whatif`; heavy modules are imported
inside the command.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from macrograph.explain.cli.common import (
    check_output,
    emit,
    fail,
    format_option,
    json_text,
    load,
    output_format,
    pack_option,
    progress_bar,
    reports_errors,
    run_options,
    say,
    text_width,
)
from macrograph.explain.formats import WHATIF_FORMATS
from macrograph.graph.options import AUTO, RunOptions
from macrograph.rules.vocabulary import speaking, vocabulary_for

if TYPE_CHECKING:  # pragma: no cover - the pack's models load with the pack, not at start
    from macrograph.rules.pack import Pack


@click.command(
    epilog='\b\nExamples:\n  macrograph whatif "BoJ skips"\n'
    '  macrograph whatif "Fed holds" --format json\n'
    '  macrograph whatif "BoJ hikes 50bp" --horizons 1d,1m\n'
    "  macrograph whatif --shock jgb_10y=+20bp\n"
    "  macrograph whatif december-2025 --shock jgb_10y=+20bp --draws 2000 --seed 7\n"
    "  macrograph whatif december-2025 --shock us_jp_spread_10y@1.5pp\n"
    "  macrograph whatif december-2025 --against december-2025 \\\n"
    "      --shock boj_policy_rate=+25bp\n"
    "  macrograph whatif december-2025 --against december-2025 \\\n"
    "      --shock fed_funds_rate=-25bp --priced 0.9\n"
    '  macrograph whatif "the yen strengthens 5%"\n'
    '  macrograph whatif "the BoJ skips and the Fed holds"\n'
    "  macrograph whatif december-2025 --weighted\n"
    "  macrograph whatif december-2025 --weighted --probabilities hike=0.6,skip=0.4\n"
    '  macrograph whatif "BoJ skips" --against-overlay article\n'
    '  macrograph whatif "what happens to bitcoin if the BoJ skips?"',
)
@click.argument("text", nargs=-1)
@run_options("against", "horizons", "focus", "draws", "seed", "model_only")
@click.option(
    "--shock",
    "shocks",
    multiple=True,
    help="Extra shock: a change NODE=CHANGE with its unit (usd_jpy=+2%, jgb_10y=+20bp; "
    "bp is always basis points) or a level NODE@LEVEL (us_jp_spread_10y@1.5pp). On a policy "
    "node (one with a market-implied path) it is a decision, unpriced unless it ends in "
    ",priced=P (fed_funds_rate=-25bp,priced=0.9): the whole move is a surprise.",
)
@click.option(
    "--priced",
    metavar="P",
    default=None,
    help="The odds (0 to 1, or a percent) markets had put on the one --shock that is a "
    "decision: --shock fed_funds_rate=-25bp --priced 0.9. With several, give each its own "
    "as NODE=CHANGE,priced=P.",
)
@click.option("--weighted", is_flag=True, help="Probability-weighted view over the branches.")
@click.option(
    "--probabilities",
    default=None,
    help="With --weighted: the branches' probabilities, BRANCH=P,... summing to 1 "
    "(default: the odds the pack gives, the market's).",
)
@click.option(
    "--against-overlay",
    default=None,
    help="Side by side: the answer under the pack and under this overlay (a YAML file, or "
    "the name of one in the pack's overlays/ folder), key outcomes at each horizon.",
)
@click.option(
    "--short", is_flag=True, help="Text: the headline and the table alone, without citations."
)
@format_option(
    WHATIF_FORMATS,
    "Words for a terminal (text), a Markdown or HTML page, or JSON for machines "
    "(default: from the suffix of -o, else text).",
)
@click.option(
    "--templates",
    "templates_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="A folder of templates overriding the bundled ones by name.",
)
@click.option("-o", "--output", default="-", help="Output file ('-' for stdout).")
@pack_option
@reports_errors
def whatif(
    text: tuple[str, ...],
    options: RunOptions,
    shocks: tuple[str, ...],
    priced: str | None,
    weighted: bool,
    probabilities: str | None,
    against_overlay: str | None,
    short: bool,
    fmt: str | None,
    templates_dir: Path | None,
    output: str,
    pack_dir: Path | None,
    pack_overlay: str | None,
) -> None:
    """What moves, how much, through which channel, if TEXT happens.

    TEXT is a scenario id, one of its phrases, or plain words naming the pack's nodes:
    "BoJ hikes 50bp", "the yen strengthens 5%", "10y JGB +20bp", "the spread narrows to
    1.5pp", "the BoJ skips and the Fed holds", "BoJ skips in December". A change needs a
    unit; a question the default scenario already answers is run against it, as priced.
    "What happens to bitcoin if the BoJ skips?" is answered as explain answers it: why that
    node moves when the event happens.
    Without TEXT: the pack's default scenario; with --shock alone, what the shocks do on top
    of it, answered against it.
    """
    from macrograph.explain.cli.chart import (
        charts_drawing,
        check_whatif_output,
        side_paths,
        write_whatif,
    )
    from macrograph.explain.messages.warning_lines import size_warning_line
    from macrograph.graph.scenarios import asked, asked_of
    from macrograph.graph.words.plausible import run_warnings

    _refuse_mixed(weighted, probabilities, against_overlay, shocks, priced, options)
    chosen_fmt = output_format(output, fmt, WHATIF_FORMATS)
    check_output(output)
    check_whatif_output(output, "" if weighted else chosen_fmt)
    pack = load(pack_dir, pack_overlay)
    about = asked_of(pack, " ".join(text)) if text and not (shocks or weighted) else None
    if about is not None and not against_overlay:  # 'what happens to X if Y': why X moves
        explained = _about(pack, about, options, (chosen_fmt, templates_dir), text_width(output))
        emit(explained, output, colour=chosen_fmt == "text")
        return
    spec = asked(
        pack, " ".join(text) if text else None, shocks, priced, compared=options.against != AUTO
    )
    if against_overlay:
        from macrograph.explain.views import side_by_side_text

        width = text_width(output)
        answer = side_by_side_text(
            pack, against_overlay, spec, options.horizons, chosen_fmt, templates_dir, width
        )
        emit(answer, output)
        return
    if weighted:
        view = _weighted_view(pack, (spec.id, " ".join(text)), probabilities, options)
        emit(render_view(pack, view, chosen_fmt, templates_dir, text_width(output)), output)
        return
    charted = chosen_fmt == "html" or bool(side_paths(output, chosen_fmt))
    fans = None
    with charts_drawing(charted) as drawing:
        with progress_bar("Monte Carlo") as progress:
            if charted:  # one Monte Carlo for the answer and its fan chart
                from macrograph.explain.chart.figures import fan_chooser
                from macrograph.graph.fan import propagate_with_fans

                result, fans = propagate_with_fans(
                    pack, spec, fan_chooser(pack, options), options, progress
                )
            else:
                result = answered_run(pack, spec, options, (chosen_fmt, templates_dir), progress)
        with speaking(vocabulary_for(pack.info)):  # sizes in the pack's own units (€/MWh)
            for warning in run_warnings(pack, spec, result):
                say(f"macrograph: {size_warning_line(warning)}")
        width = text_width(output)
        if chosen_fmt in ("md", "html"):
            from macrograph.explain.narrative import Layout, render_whatif

            def note(charts: Any) -> str:
                layout = Layout(width=width, charts=charts)
                return str(
                    render_whatif(pack, result, chosen_fmt, templates_dir, options.focus, layout)
                )

            scenario = fans if fans is not None else spec
            write_whatif(pack, result, (scenario, drawing), chosen_fmt, output, note, options)
            return
    answer = render_result(pack, result, chosen_fmt, templates_dir, width, short, options.focus)
    emit(answer, output, colour=chosen_fmt == "text")


def _about(
    pack: Any, about: tuple[str, str], options: Any, how: tuple[str, Path | None], width: int
) -> str:
    """A question about one node when an event happens, answered as ``explain`` answers it:
    the event's run, and why the node moved in it."""
    from macrograph.explain.explain_node import render_explain
    from macrograph.graph.scenarios import event_asked

    node, event = about
    with progress_bar("Monte Carlo") as progress:
        result = answered_run(pack, event_asked(pack, event), options, how, progress)
    return render_explain(pack, result, node, how[0], how[1], options.focus, width)


def answered_run(
    pack: Any,
    spec: Any,
    options: RunOptions,
    how: tuple[str, Path | None],
    progress: Callable[[int, int], None] | None = None,
) -> Any:
    """The run of ``spec`` (:func:`~macrograph.graph.propagate.propagating`), its draws beside
    the loading of what writes the answer in the format and templates ``how``."""
    from macrograph.explain.environment import warm
    from macrograph.graph.propagate import propagating

    fmt, templates_dir = how
    with propagating(pack, spec, options, progress=progress) as finished:
        if fmt != "json":
            warm(templates_dir)
        return finished()


def render_view(pack: Any, view: Any, fmt: str, templates_dir: Path | None, width: int = 96) -> str:
    """The probability-weighted view in the requested format."""
    if fmt == "json":
        return json_text(view.to_dict(), tuple(view.horizons))
    from macrograph.explain.weighted_view import render_weighted

    return str(render_weighted(pack, view, fmt, templates_dir, width=width))


def render_result(
    pack: Any,
    result: Any,
    fmt: str,
    templates_dir: Path | None,
    width: int = 96,
    short: bool = False,
    focus: str | None = None,
) -> str:
    """The result in the requested format: JSON as is, words through the templates (read
    at ``focus``, default the answer's own reading horizon)."""
    if fmt == "json":
        return json_text(result.to_dict(), result.horizons)
    from macrograph.explain.narrative import Layout, render_whatif

    layout = Layout(width=width, short=short)
    return str(render_whatif(pack, result, fmt, templates_dir, focus, layout=layout))


def _refuse_mixed(
    weighted: bool,
    probabilities: str | None,
    against_overlay: str | None,
    shocks: tuple[str, ...],
    priced: str | None,
    options: RunOptions,
) -> None:
    """Refuse options that ask for two kinds of answer at once."""
    against = options.against != AUTO
    if weighted and (shocks or against or priced):
        raise click.UsageError(
            "--weighted compares a scenario's branches; drop --shock/--priced/--against"
        )
    if probabilities is not None and not weighted:
        raise click.UsageError("--probabilities goes with --weighted")
    if against_overlay and (weighted or shocks or priced or against):
        raise click.UsageError(
            "--against-overlay compares the scenario under two views; "
            "drop --weighted/--shock/--priced/--against"
        )
    if options.focus is not None and (weighted or against_overlay):
        raise click.UsageError("--horizon reads one answer; drop --weighted/--against-overlay")


def _weighted_view(
    pack: Pack, asked: tuple[str, str], probabilities: str | None, options: RunOptions
) -> Any:
    """The probability-weighted view of one of the pack's scenarios, or its refusal;
    ``asked`` is the scenario's id and the question as typed."""
    from macrograph.explain.cli import weighted as words
    from macrograph.graph.weighted import NothingToWeighError, ProbabilityError, propagate_weighted

    scenario, typed = asked
    if scenario not in pack.scenarios:
        raise click.UsageError(f"--weighted needs one of the pack's scenarios, not {typed!r}")
    given = words.parse_probabilities(probabilities) if probabilities is not None else None
    try:
        with progress_bar("Monte Carlo"):
            return propagate_weighted(pack, scenario, given, options)
    except ProbabilityError as err:
        fail([words.probability_message(err)])
    except NothingToWeighError as err:
        fail([words.nothing_to_weigh_message(err)])


COMMANDS: list[click.Command] = [whatif]
