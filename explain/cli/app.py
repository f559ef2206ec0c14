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
    emit,
    format_option,
    load,
    pack_label,
    pack_option,
    reports_errors,
    say,
    text_width,
)
from macrograph.explain.cli.start import start_command
from macrograph.explain.formats import LISTING_FORMATS, OUTPUTS
from macrograph.explain.terminal import hanging_text, one_line
from macrograph.rules.english.forms import counted
from macrograph.rules.vocabulary import (
    CHANNELS,
    NODE_KINDS,
    REGIONS,
    RULE_KINDS,
    vocabulary_for,
)

LIST_KINDS = NODE_KINDS + RULE_KINDS
KIND_HELP = f"Only this node kind or rule kind ({', '.join(LIST_KINDS)})."
LINT_SCHEMA_VERSION = 1

ON_BUNDLED = "  (on the bundled pack; macrograph list nodes --pack DIR names another's)"
"""Said under every command's examples: they name the bundled pack's scenarios and nodes,
whatever pack ``--pack`` gives."""

MAIN_EPILOG = f"""\b
Examples:
  macrograph whatif "BoJ skips"
  macrograph brief december-2025 -o note.html
  macrograph diagram boj-skips -o chain.svg
  macrograph lint
{ON_BUNDLED}
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
    "whatif": "whatif",
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
            asked = _format_asked(err)
            if asked is not None:  # '--json': '--format json', never '--shock' or '--short'
                err.possibilities = []  # type: ignore[attr-defined]
            err.message = one_line(asked or err.message)  # type: ignore[misc]
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
        if cmd.epilog and "Examples:" in cmd.epilog and ON_BUNDLED not in cmd.epilog:
            cmd.epilog = f"{cmd.epilog.rstrip()}\n{ON_BUNDLED}\n"
        super().add_command(cmd, name)


def _format_asked(err: click.UsageError) -> str | None:
    """The usage error of a format asked as an option of its own ('--json') on a command
    whose ``--format`` offers it: which option gives it; None for any other error."""
    if not isinstance(err, click.NoSuchOption) or err.ctx is None:
        return None
    asked = err.option_name.removeprefix("--")
    formats = [p for p in err.ctx.command.params if p.name == "fmt"]
    choices = formats[0].type if formats else None
    if not isinstance(choices, click.Choice) or asked not in choices.choices:
        return None
    return f"No such option '{err.option_name}': write --format {asked}"


@click.group(
    cls=_Main, epilog=MAIN_EPILOG, context_settings={"help_option_names": ["-h", "--help"]}
)
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
    from macrograph.explain.lint_growth import growth_warnings
    from macrograph.explain.messages.layers import issue_line
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
        findings = sorted({*findings, *bound_warnings(pack), *growth_warnings(pack)})
    if fmt == "json":
        body = [asdict(f) for f in findings]
        doc = {"schema_version": LINT_SCHEMA_VERSION, "errors": errors, "findings": body}
        emit(json.dumps(doc, indent=2, sort_keys=True), None)
    else:
        for finding in findings:
            click.echo(issue_line(finding, pack_label(pack_dir)))
        warnings = len(findings) - errors
        tally = f"{counted(errors, 'error')}, {counted(warnings, 'warning')}"
        summary = f"{pack_label(pack_dir)}: {tally}"
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
    from macrograph.explain.messages.layers import nothing_selected
    from macrograph.rules.select import row_parts, select

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
    for aligned, last in row_parts(what, items):
        click.echo(hanging_text(aligned, last, width))


if __name__ == "__main__":
    main()
