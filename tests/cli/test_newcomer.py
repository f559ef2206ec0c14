"""What a newcomer relies on at the command line: every option says what it does, an
option shared by commands reads the same in each, and a misspelt scenario or episode id
gets the id it most likely meant, with the command that lists them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import click

from macrograph.explain.cli import main
from macrograph.rules.pack import Pack
from tests.packfactory import Cli

SHARED = ("--draws", "--seed", "--model-only", "--overlay", "--pack", "--against")
"""Options that mean one thing in every command that takes them."""


def _options(command: click.Command, path: str) -> Iterator[tuple[str, click.Option]]:
    """Every option of ``command`` and of its subcommands, with the command's name."""
    if isinstance(command, click.Group):
        ctx = click.Context(command)  # the main group loads most commands when looked up
        for name in sorted(command.list_commands(ctx)):
            sub = command.get_command(ctx, name)
            assert sub is not None, name
            yield from _options(sub, f"{path} {name}")
    for param in command.params:
        if isinstance(param, click.Option):
            yield path, param


def test_every_option_says_what_it_does() -> None:
    silent = [
        f"{path} {param.opts[0]}" for path, param in _options(main, "macrograph") if not param.help
    ]
    assert silent == []


def test_an_option_shared_by_commands_reads_the_same_in_each() -> None:
    helps: dict[str, set[str]] = defaultdict(set)
    shorts: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for _, param in _options(main, "macrograph"):
        for name in param.opts:
            helps[name].add(param.help or "")
            shorts[name].add(tuple(o for o in param.opts if not o.startswith("--")))
    assert {name: len(helps[name]) for name in SHARED} == dict.fromkeys(SHARED, 1)
    # -o is --output's short form wherever --output names a file to write
    files = [p for path, p in _options(main, "macrograph") if "--output" in p.opts]
    assert all("-o" in p.opts for p in files if "schema" not in str(p.help))


def test_a_misspelt_scenario_id_gets_the_id_it_most_likely_meant(cli: Cli) -> None:
    out = cli("whatif", "boj-skipz", "--draws", "0")
    assert out.code == 2
    assert out.stderr.splitlines()[1] == "  did you mean 'boj-skips'?"
    assert "Traceback" not in out.stderr


def test_a_misspelt_episode_is_called_an_episode_with_the_command_that_lists_them(
    cli: Cli, pack: Pack
) -> None:
    out = cli("backtest", "carry-unwind-aug-202", "--draws", "0")
    assert out.code == 2
    assert out.stderr == (
        "macrograph: unknown episode 'carry-unwind-aug-202'; did you mean "
        "'carry-unwind-aug-2024' or 'uchida-aug-2024'? (list them with: macrograph list "
        "episodes)\n"
    )
    listed = cli("list", "episodes")
    assert listed.code == 0
    assert [line.split()[0] for line in listed.stdout.splitlines()] == sorted(pack.episodes)
    assert "2024-08-01  " in next(
        line for line in listed.stdout.splitlines() if line.startswith("carry-unwind-aug-2024 ")
    )


def _commands(command: click.Command, path: str) -> Iterator[tuple[str, click.Command]]:
    """``command`` and every subcommand under it, each with its name on the command line."""
    yield path, command
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        for name in sorted(command.list_commands(ctx)):
            sub = command.get_command(ctx, name)
            assert sub is not None, name
            yield from _commands(sub, f"{path} {name}")


def test_every_help_fits_an_80_column_terminal() -> None:
    """``--help`` of every command, its examples and its choices included, at 80 columns:
    click wraps the prose but never an example (a ``\\b`` block) or a choice list."""
    wide = []
    for path, command in _commands(main, "macrograph"):
        parent = None
        for name in path.split()[:-1]:
            parent = click.Context(click.Command(name), parent=parent)
        ctx = click.Context(command, info_name=path.split()[-1], parent=parent, terminal_width=80)
        wide += [f"{path}: {line}" for line in command.get_help(ctx).splitlines() if len(line) > 80]
    assert wide == []


def test_no_command_is_listed_with_its_help_cut_short() -> None:
    """A group's list of commands shows each one's first sentence whole: click cuts a
    longer one with '...' ('Turn the pack's calendar into episodes: each decision's...')."""
    cut = [
        f"{path}: {line.strip()}"
        for path, command in _commands(main, "macrograph")
        if isinstance(command, click.Group)
        for line in command.get_help(click.Context(command, terminal_width=80)).splitlines()
        if line.endswith("...") and not line.startswith("Usage:")
    ]
    assert cut == []


def test_a_misspelt_comparison_is_offered_scenarios_not_a_shock(cli: Cli) -> None:
    """``--against`` takes a scenario: its refusal offered '--shock bitcoin=+3%' too."""
    out = cli("whatif", "boj-skips", "--against", "december-2052", "--draws", "0")
    assert out.code == 2
    assert out.stderr.splitlines()[1] == "  did you mean 'december-2025'?"
    assert "--shock" not in out.stderr
