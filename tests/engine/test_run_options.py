"""One RunOptions: frozen, built the same way by every command, and the command line's
answer is the library's for the same options."""

from __future__ import annotations

import json
from typing import Any

import click
import pytest

from macrograph.explain import formats
from macrograph.explain.brief.note import NoteOptions
from macrograph.explain.cli.app import main
from macrograph.explain.cli.common import RUN_OPTIONS, options_from
from macrograph.explain.narrative import Layout
from macrograph.explain.output_schema import OUTPUTS
from macrograph.graph.options import AUTO, DRAWS, RunOptions
from macrograph.graph.propagate import propagate
from macrograph.rules import load_pack
from tests.packfactory import Cli


@pytest.mark.parametrize("made", [RunOptions(), NoteOptions(), Layout()])
def test_option_objects_are_frozen(made: Any) -> None:
    field = made.__struct_fields__[0]
    with pytest.raises(AttributeError, match="immutable"):
        setattr(made, field, None)


def test_run_options_have_one_default_of_draws_and_compare_as_values() -> None:
    assert RunOptions().draws == DRAWS == 1000
    assert RunOptions(seed=3) == RunOptions(seed=3)
    assert hash(RunOptions(horizons=("1w",))) == hash(RunOptions(horizons=("1w",)))
    assert RunOptions(draws=50, seed=2).exact() == RunOptions(draws=0, seed=2)


def test_command_line_values_become_one_run_options() -> None:
    given = {"against": "NONE", "horizons": " 1w, ,1m", "draws": 0, "seed": 7, "model_only": True}
    assert options_from(given) == RunOptions(
        against=None, horizons=("1w", "1m"), draws=0, seed=7, model_only=True
    )
    assert options_from({"against": None, "overlay": None}) == RunOptions()
    assert options_from({"overlay": "none", "focus": "2w"}) == RunOptions(overlay=None, focus="2w")
    assert options_from({"against": "fed-holds"}).against == "fed-holds"
    assert RunOptions().against == AUTO


def _commands() -> dict[str, click.Command]:
    found: dict[str, click.Command] = {}
    ctx = click.Context(main)  # the group loads most of its commands when looked up
    for name in main.list_commands(ctx):
        command = found[name] = main.get_command(ctx, name)  # type: ignore[assignment]
        if isinstance(command, click.Group):
            found.update({f"{name} {n}": c for n, c in command.commands.items()})
    return found


def _declared(field: str) -> click.Option:
    @click.command()
    @RUN_OPTIONS[field]
    def probe(**_: object) -> None:
        pass

    (option,) = probe.params
    assert isinstance(option, click.Option)
    return option


@pytest.mark.parametrize("field", sorted(RUN_OPTIONS))
def test_every_command_declares_a_run_option_the_same_way(field: str) -> None:
    shared = _declared(field)
    users = []
    for name, command in _commands().items():
        for param in command.params:
            if set(param.opts) & set(shared.opts) and isinstance(param, click.Option):
                users.append(name)
                same = (param.name, param.opts, param.default, param.help, repr(param.type))
                assert same == (
                    shared.name,
                    shared.opts,
                    shared.default,
                    shared.help,
                    repr(shared.type),
                ), f"{name} declares {shared.opts[0]} its own way"
    assert users, f"no command offers {shared.opts[0]}"


def test_the_draws_run_options_every_propagating_command_offers() -> None:
    commands = _commands()
    for name in ("whatif", "explain", "brief", "chart", "lesson", "backtest", "calibrate"):
        offered = {p.name for p in commands[name].params}
        assert {"draws", "seed"} <= offered, name


def test_format_choices_are_the_librarys_tuples() -> None:
    from macrograph.explain.brief import note
    from macrograph.explain.formats import WORDS as WORD_FORMATS
    from macrograph.explain.render import FORMATS as DIAGRAM_FORMATS

    commands = _commands()

    def choices(command: str, option: str) -> tuple[str, ...]:
        (param,) = [p for p in commands[command].params if option in p.opts]
        assert isinstance(param.type, click.Choice)
        return tuple(param.type.choices)

    assert choices("whatif", "--format") == formats.WHATIF_FORMATS == (*WORD_FORMATS, "json")
    assert choices("explain", "--format") == formats.WHATIF_FORMATS
    assert choices("backtest", "--format") == formats.WHATIF_FORMATS
    assert choices("brief", "--format") == formats.NOTE_FORMATS == note.FORMATS
    assert choices("diagram", "--format") == formats.DIAGRAM_FORMATS == DIAGRAM_FORMATS
    assert choices("diagram", "--view") == formats.VIEWS
    assert choices("export", "--format") == formats.EXPORT_FORMATS
    assert choices("chart", "--kind") == (*formats.CHART_KINDS, "bars")
    assert choices("calibrate", "--format") == formats.CALIBRATE_FORMATS
    for listing in ("lint", "list", "paths", "loops"):
        assert choices(listing, "--format") == formats.LISTING_FORMATS
    assert choices("data", "--format") == formats.SERIES_LIST_FORMATS
    assert choices("data show", "--format") == formats.SERIES_FORMATS
    (name,) = [p for p in commands["schema"].params if p.name == "what"]
    assert isinstance(name.type, click.Choice)
    assert tuple(name.type.choices) == ("pack", *OUTPUTS)


def test_the_command_line_answers_as_the_library_does_for_the_same_options(cli: Cli) -> None:
    args = ("--against", "none", "--horizons", "1w,1m", "--draws", "40", "--seed", "5")
    done = cli("whatif", "boj-skips", *args, "--model-only", "--format", "json")
    assert done.code == 0, done.stderr
    options = RunOptions(against=None, horizons=("1w", "1m"), draws=40, seed=5, model_only=True)
    library = propagate(load_pack(), "boj-skips", options).to_dict()
    said = json.loads(done.stdout)
    assert said == json.loads(json.dumps(library))
    assert (said["against"], said["draws"], said["seed"], said["horizons"]) == (
        None,
        40,
        5,
        ["1w", "1m"],
    )
    band = said["nodes"]["usd_jpy"]["band"]["1m"]
    assert band["p5"] < band["p95"]  # the draws ran, as the library's did


@pytest.mark.slow  # what-ifs with draws under two seeds
def test_the_command_lines_seed_changes_the_bands_as_the_librarys_does(cli: Cli) -> None:
    pack = load_pack()
    answers = []
    for seed in (1, 2):
        done = cli("whatif", "boj-skips", "--draws", "30", "--seed", str(seed), "--format", "json")
        assert done.code == 0, done.stderr
        said = json.loads(done.stdout)["nodes"]["usd_jpy"]["band"]["1m"]
        band = propagate(pack, "boj-skips", RunOptions(draws=30, seed=seed)).nodes["usd_jpy"].band
        assert band is not None
        assert said["p50"] == pytest.approx(band["1m"].p50)
        answers.append(said["p50"])
    assert answers[0] != answers[1]


@pytest.mark.parametrize("command", ["lesson", "whatif", "brief"])
def test_a_negative_seed_is_one_clean_message_and_exit_2(cli: Cli, command: str) -> None:
    done = cli(command, "boj-skips", "--seed", "-1", "-o", "out-never-written.html")
    assert done.code == 2
    assert "Invalid value for '--seed': -1 is not in the range 0<=x<=4294967295." in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_an_overlay_given_on_the_command_line_reaches_the_answer(cli: Cli) -> None:
    base = cli("whatif", "boj-skips", "--draws", "0", "--format", "json")
    over = cli("whatif", "boj-skips", "--draws", "0", "--format", "json", "--overlay", "article")
    assert base.code == over.code == 0, base.stderr + over.stderr
    assert json.loads(base.stdout)["overlay"] is None
    assert json.loads(over.stdout)["overlay"] == "article"
