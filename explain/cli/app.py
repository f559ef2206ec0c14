"""The ``macrograph`` command line: thin wrappers over library functions.

Heavy modules are imported inside commands so that ``--help`` and start-up stay quick; the
commands of the other modules (``COMMAND_MODULES``) are loaded when one of them is run or
listed, as click's lazily loaded subcommands are.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import click
from msgspec.structs import asdict

from macrograph.explain.cli.common import (
    LISTING_HELP,
    check_output,
    emit,
    fail,
    format_option,
    json_text,
    load,
    output_format,
    pack_label,
    pack_option,
    progress_bar,
    reports_errors,
    run_options,
    say,
    text_width,
)
from macrograph.explain.cli.start import start_command
from macrograph.explain.formats import LISTING_FORMATS, OUTPUTS, WHATIF_FORMATS
from macrograph.explain.terminal import message_text, one_line
from macrograph.graph.options import AUTO, RunOptions
from macrograph.rules.vocabulary import (
    CHANNELS,
    NODE_KINDS,
    REGIONS,
    RULE_KINDS,
    speaking,
    vocabulary_for,
)

LIST_KINDS = NODE_KINDS + RULE_KINDS
KIND_HELP = f"Only this node kind or rule kind ({', '.join(LIST_KINDS)})."
LINT_SCHEMA_VERSION = 1

EPILOG = """\b
Examples:
  macrograph whatif "BoJ skips"
  macrograph brief december-2025 -o note.html
  macrograph diagram boj-skips -o chain.svg
  macrograph lint
"""


def _version() -> str:
    from importlib.metadata import version

    return version("macrograph")


COMMAND_MODULES = {
    "backtest": "evidence",
    "brief": "narrative",
    "calibrate": "evidence",
    "chart": "chart",
    "data": "data",
    "diagram": "diagram",
    "explain": "narrative",
    "export": "diagram",
    "lesson": "lesson",
    "loops": "graph_queries",
    "paths": "graph_queries",
}
"""The commands defined outside this module, each with the module of ``macrograph.explain.cli``
that lists it in its ``COMMANDS``: imported when the command is looked up, so that a what-if
does not build the other commands' options (nor import what their modules import)."""


SHORT_HELP = {
    "backtest": "Score the pack's answers against its episodes.",
    "brief": "Write a briefing note (Markdown, HTML or PDF).",
    "calibrate": "Fit rule elasticities to the episodes; write an overlay.",
    "chart": "Chart a scenario's key moves or their paths over time.",
    "diagram": "Draw how a scenario travels from its shocks through the graph.",
    "explain": "Why one node moved in a scenario, or why it did not.",
    "export": "Export the pack or a result: Mermaid, GraphML, JSON, DOT.",
    "lesson": "Write an interactive HTML lesson on a scenario.",
    "lint": "Check a pack: references, units, citations, loops.",
    "list": "List the pack's nodes, rules, scenarios or episodes.",
    "loops": "Feedback loops, with their gain and lag.",
    "paths": "Every chain of rules from SOURCE to TARGET.",
    "schema": "Print the JSON Schema of a pack file or a JSON output.",
    "whatif": "What moves, how much and why, if TEXT happens.",
}
"""Whole sentences for ``macrograph --help`` (click would cut the docstring mid-sentence),
given to each command as it is added to the group."""


class _Main(click.Group):
    """The command group, whose usage errors show what was typed with hidden characters
    escaped: click quotes most values with ``repr``, but an extra argument as it is.

    The commands of ``COMMAND_MODULES`` are added when first looked up (click's lazily
    loaded subcommands): ``list_commands`` names them all, in the same order as before.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as err:
            err.message = one_line(err.message)  # type: ignore[misc]  # Final in click's stubs
            raise

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMAND_MODULES})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMAND_MODULES:
            module = importlib.import_module(f"macrograph.explain.cli.{COMMAND_MODULES[cmd_name]}")
            for command in module.COMMANDS:
                self.add_command(command)
        return super().get_command(ctx, cmd_name)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        cmd.short_help = SHORT_HELP.get(name or str(cmd.name), cmd.short_help)
        super().add_command(cmd, name)


@click.group(cls=_Main, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="macrograph", prog_name="macrograph")
def main() -> None:
    """Question a cited causal graph: a pack's nodes joined by typed, cited rules.

    The bundled pack reads monetary-policy transmission (policy actions, rates,
    flows and assets); --pack reads your own. Ask what-ifs, write briefing
    notes and lessons, draw the chain from the shocks to what they move.
    """
    start_command()


@main.command(
    epilog="\b\nExamples:\n  macrograph lint\n  macrograph lint mypack --format json"
    "\n  macrograph lint --pack mypack --overlay calibrated.yaml"
)
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@format_option(LISTING_FORMATS, LISTING_HELP, default="text")
@pack_option
@reports_errors
def lint(folder: Path | None, fmt: str, pack_dir: Path | None, pack_overlay: str | None) -> None:
    """Check a pack: references, units, citations, contradictions, loops, reach.

    The pack is FOLDER or --pack DIR (default: the bundled pack). Exit status 0 when
    clean (warnings allowed), 1 on errors, 2 when it cannot be read.
    """
    from macrograph.explain.lint_bounds import bound_warnings
    from macrograph.explain.messages import issue_line
    from macrograph.rules.lint.core import lint_pack
    from macrograph.rules.lint.overlays import lint_overlays
    from macrograph.rules.overlay import find_overlay
    from macrograph.rules.reading.loader import load_pack

    if folder is not None and pack_dir is not None and folder != pack_dir:
        raise click.UsageError("give the pack either as FOLDER or as --pack, not both")
    pack_dir = folder or pack_dir

    pack = load(pack_dir, pack_overlay, checked=False)
    findings = lint_pack(pack)
    if not pack_overlay:  # the bundled overlays, each on the pack as its files give it
        findings = sorted({*findings, *lint_overlays(pack, findings)})
    else:  # the overlay given is linted applied; the folder's others each on the pack alone
        base = load_pack(pack_dir)
        given = find_overlay(base.root, pack_overlay or "")
        findings = sorted({*findings, *lint_overlays(base, applied=given)})
    errors = sum(f.severity == "error" for f in findings)
    if not errors:  # the pack's own scenarios run only on a pack that loads clean
        findings = sorted({*findings, *bound_warnings(pack)})
    if fmt == "json":
        body = [asdict(f) for f in findings]
        doc = {"schema_version": LINT_SCHEMA_VERSION, "errors": errors, "findings": body}
        emit(json.dumps(doc, indent=2, sort_keys=True), None)
    else:
        for finding in findings:
            click.echo(issue_line(finding, pack_label(pack_dir)))
        warnings = len(findings) - errors
        summary = f"{pack_label(pack_dir)}: {errors} error(s), {warnings} warning(s)"
        click.echo(one_line(summary))  # the folder as given may hold hidden characters
    raise SystemExit(1 if errors else 0)


@main.command(
    epilog="\b\nExamples:\n  macrograph schema > pack.schema.json"
    "\n  macrograph schema --output backtest"
    "\n  macrograph schema --output whatif > whatif.schema.json"
)
@click.option(
    "--output",
    "what",
    type=click.Choice(("pack", *OUTPUTS)),
    default="pack",
    show_default=True,
    help="Whose schema: a pack file's, or the JSON output of a command "
    "(weighted: whatif --weighted; views: whatif --against-overlay).",
)
def schema(what: str) -> None:
    """Print a JSON Schema (draft-07): of a pack file (for editors) or of a JSON output."""
    if what != "pack":
        from macrograph.explain.output_schema import output_schema

        emit(json.dumps(output_schema(what), indent=2, sort_keys=True), None)
        return
    from macrograph.rules.schema import pack_file_schema

    emit(json.dumps(pack_file_schema(), indent=2, sort_keys=True), None)


def _known(option: str, value: str | None, words: tuple[str, ...]) -> None:
    """Refuse a filter value the pack's vocabulary does not have (usage error, status 2)."""
    if value is not None and value.lower() not in {w.lower() for w in words}:
        raise click.BadParameter(
            f"{value!r} is not one of {', '.join(words)}", param_hint=f"'{option}'"
        )


@main.command(
    name="list",
    epilog="\b\nExamples:\n  macrograph list scenarios\n  macrograph list rules --channel carry"
    "\n  macrograph list nodes --region JP --format json",
)
@click.argument("what", type=click.Choice(["nodes", "rules", "scenarios", "episodes"]))
@click.option("--kind", type=click.Choice(LIST_KINDS), metavar="KIND", help=KIND_HELP)
@click.option(
    "--region",
    metavar="REGION",
    help=f"Only nodes of this region ({', '.join(REGIONS)} or one the pack declares).",
)
@click.option(
    "--channel",
    metavar="CHANNEL",
    help=f"Only rules of this channel ({', '.join(CHANNELS)} or one the pack declares).",
)
@format_option(LISTING_FORMATS, LISTING_HELP, default="text")
@pack_option
@reports_errors
def list_(
    what: str,
    kind: str | None,
    region: str | None,
    channel: str | None,
    fmt: str,
    pack_dir: Path | None,
    pack_overlay: str | None,
) -> None:
    """List the pack's nodes, rules, scenarios or episodes."""
    from macrograph.explain.messages import nothing_selected
    from macrograph.rules.select import rows, select

    pack = load(pack_dir, pack_overlay)
    _known("--region", region, tuple(vocabulary_for(pack.info).regions))
    _known("--channel", channel, vocabulary_for(pack.info).channels)
    items = select(pack, what, kind=kind, region=region, channel=channel)
    if not items and fmt != "json":  # said aside: the listing itself stays empty
        filters = {"kind": kind, "region": region, "channel": channel}
        say(f"macrograph: {nothing_selected(what, **filters)}")
    if fmt == "json":
        emit(json.dumps([i.model_dump(mode="json") for i in items], indent=2, sort_keys=True), None)
        return
    width = text_width()
    for row in rows(what, items):
        click.echo(message_text(row, width))


@main.command(
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
    '  macrograph whatif "BoJ skips" --against-overlay article',
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
    Without TEXT: the pack's default scenario; with --shock alone, what the shocks do on top
    of it, answered against it.
    """
    from macrograph.explain.cli.chart import check_whatif_output, side_paths, write_whatif
    from macrograph.explain.warning_lines import size_warning_line
    from macrograph.graph.propagate import propagate
    from macrograph.graph.scenarios import asked
    from macrograph.graph.words.plausible import run_warnings

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
    chosen_fmt = output_format(output, fmt, WHATIF_FORMATS)
    check_output(output)
    check_whatif_output(output, "" if weighted else chosen_fmt)
    pack = load(pack_dir, pack_overlay)
    spec = asked(pack, " ".join(text) if text else None, shocks, priced, compared=against)
    if against_overlay:
        from macrograph.explain.views import side_by_side_text

        width = text_width(output)
        answer = side_by_side_text(
            pack, against_overlay, spec.id, options.horizons, chosen_fmt, templates_dir, width
        )
        emit(answer, output)
        return
    if weighted and spec.id not in pack.scenarios:
        raise click.UsageError(f"--weighted needs one of the pack's scenarios, not {spec.id!r}")
    if weighted:
        from macrograph.explain.cli import weighted as words
        from macrograph.graph.weighted import (
            NothingToWeighError,
            ProbabilityError,
            propagate_weighted,
        )

        given = words.parse_probabilities(probabilities) if probabilities is not None else None
        try:
            with progress_bar("Monte Carlo"):
                view = propagate_weighted(pack, spec.id, given, options)
        except ProbabilityError as err:
            fail([words.probability_message(err)])
        except NothingToWeighError as err:
            fail([words.nothing_to_weigh_message(err)])
        emit(render_view(pack, view, chosen_fmt, templates_dir, text_width(output)), output)
        return
    charted = chosen_fmt == "html" or bool(side_paths(output, chosen_fmt))
    fans = None
    with progress_bar("Monte Carlo") as progress:
        if charted:  # one Monte Carlo for the answer and its fan chart
            from macrograph.explain.chart.figures import fan_chooser
            from macrograph.graph.fan import propagate_with_fans

            result, fans = propagate_with_fans(
                pack, spec, fan_chooser(pack, options), options, progress
            )
        else:
            result = propagate(pack, spec, options, progress=progress)
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
        write_whatif(pack, result, scenario, chosen_fmt, output, note, options)
        return
    answer = render_result(pack, result, chosen_fmt, templates_dir, width, short, options.focus)
    emit(answer, output, colour=chosen_fmt == "text")


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


if __name__ == "__main__":
    main()
