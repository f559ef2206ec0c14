"""The library as a Python user meets it, on the bundled pack and the held-out ones: every
document has a function, discoverable from a package's ``__all__``, documented with an
example; a typo raises the layer's exception with the facts (and a suggestion) as data;
the JSON answer the command line prints is a library function's, byte for byte."""

from __future__ import annotations

import inspect
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import macrograph
import macrograph.explain as explain
from macrograph import RunOptions, load_pack, propagate
from macrograph.explain.cli.app import main
from macrograph.explain.diagram.build import view_diagram
from macrograph.explain.errors import NothingToChartError, UnknownFormatError
from macrograph.explain.explain_node import explain_json, render_explain
from macrograph.explain.export import export
from macrograph.explain.formats import EXPORT_FORMATS, VIEWS
from macrograph.explain.narrative import render_whatif
from macrograph.graph.errors import (
    HorizonError,
    OptionError,
    ShockSpecError,
    SizeUnitError,
    UnknownNodeError,
)
from macrograph.graph.specs import ScenarioSpec, ShockSpec
from macrograph.rules.pack import Pack

PACKS = Path(__file__).resolve().parents[1] / "packs"
EXACT = RunOptions(draws=0)


@pytest.fixture(scope="module")
def outbreak() -> Pack:
    return load_pack(PACKS / "heldout_outbreak")


@pytest.fixture(scope="module")
def grid() -> Pack:
    return load_pack(PACKS / "heldout_grid")


def test_explain_a_misspelt_node_raises_unknown_node_with_the_closest(outbreak: Pack) -> None:
    result = propagate(outbreak, "new variant", EXACT)
    for call in (
        lambda: render_explain(outbreak, result, "new_infection"),
        lambda: explain_json(result, "new_infection"),
    ):
        with pytest.raises(UnknownNodeError) as caught:
            call()
        assert caught.value.node == "new_infection"
        assert caught.value.suggestions[0] == "new_infections"


def test_explain_takes_a_label_as_the_command_does(outbreak: Pack) -> None:
    result = propagate(outbreak, "new variant", EXACT)
    label = outbreak.node("hospital_occupancy").label
    assert render_explain(outbreak, result, label) == render_explain(
        outbreak, result, "hospital_occupancy"
    )


def test_export_refuses_an_unknown_format_with_the_choices(grid: Pack) -> None:
    with pytest.raises(UnknownFormatError) as caught:
        export(grid, "mermiad")
    assert (caught.value.given, caught.value.allowed) == ("mermiad", EXPORT_FORMATS)


def test_a_diagram_view_that_does_not_exist_is_refused_not_drawn_as_the_chain(
    grid: Pack,
) -> None:
    result = propagate(grid, "cold-snap", EXACT)
    with pytest.raises(UnknownFormatError) as caught:
        view_diagram(grid, result, "mapp")
    assert (caught.value.given, caught.value.allowed, caught.value.what) == (
        "mapp",
        VIEWS,
        "view",
    )
    assert str(caught.value) == "unknown view 'mapp'"


def test_a_horizon_the_result_was_not_run_at_names_those_it_was(outbreak: Pack) -> None:
    result = propagate(outbreak, "new variant", EXACT)
    calls = (
        lambda: render_whatif(outbreak, result, "text", focus="2y"),
        lambda: render_explain(outbreak, result, "deaths", focus="2y"),
        lambda: explain_json(result, "deaths", "2y"),
        lambda: view_diagram(outbreak, result, "diff", horizon="2y"),
    )
    for call in calls:
        with pytest.raises(HorizonError) as caught:
            call()
        assert caught.value.text == "2y"
        assert caught.value.reason == "the result's horizons are 1w, 1m, 3m, 6m"


@pytest.mark.parametrize(
    ("folder", "question"),
    [(None, "BoJ skips"), ("heldout_grid", "cold snap"), ("heldout_outbreak", "new variant")],
)
def test_the_json_answer_is_the_library_s_byte_for_byte(folder: str | None, question: str) -> None:
    pack = load_pack(PACKS / folder) if folder else load_pack()
    result = propagate(pack, question, EXACT)
    text = render_whatif(pack, result, "json")
    body = json.loads(text)
    assert list(body["dates"]) == list(result.horizons)  # horizons in order, not sorted
    args = ["whatif", question, "--draws", "0", "--format", "json"]
    args += ["--pack", str(PACKS / folder)] if folder else []
    answer = CliRunner().invoke(main, args)
    assert answer.exit_code == 0, answer.output
    assert answer.stdout == text + "\n"
    node = pack.info.key_outcomes[0]
    args = ["explain", node, "--scenario", question, "--draws", "0", "--format", "json"]
    args += ["--pack", str(PACKS / folder)] if folder else []
    answer = CliRunner().invoke(main, args)
    assert answer.exit_code == 0, answer.output
    assert answer.stdout == render_explain(pack, result, node, "json") + "\n"


DOCUMENTS = (
    "render_whatif",
    "render_explain",
    "explain_json",
    "make_brief",
    "make_lesson",
    "propagate_for",
    "view_diagram",
    "chain_diagram",
    "result_for",
    "render_diagram",
    "export_text",
    "output_json_schema",
    "render_backtest",
    "render_calibrate",
    "json_text",
)


def test_every_document_function_is_exported_by_the_explain_package() -> None:
    assert set(DOCUMENTS) <= set(explain.__all__)
    for name in explain.__all__:
        assert callable(getattr(explain, name)), name
    assert "render_diagram" in dir(explain)


def test_every_exported_function_has_a_docstring_example() -> None:
    public = [(explain, n) for n in explain.__all__] + [(macrograph, n) for n in macrograph.__all__]
    lacking = [
        name
        for module, name in public
        if name != "__version__"
        and inspect.isfunction(getattr(module, name))
        and "Examples\n" not in inspect.getdoc(getattr(module, name))  # type: ignore[operator]
    ]
    assert lacking == []


def test_a_scenario_built_in_code_needs_only_the_top_level_package(grid: Pack) -> None:
    shock = macrograph.ShockSpec("wind_output", grid.info.as_of, "Wind output falls", change=-100.0)
    spec = macrograph.ScenarioSpec("mine", "Mine", "", (shock,), None, shock.date)
    result = propagate(grid, spec, EXACT)
    assert result.nodes["gas_burn"].delta[result.horizons[0]] > 0  # less wind, more gas
    first = result.to_dict()
    propagate(grid, "wind-lull", EXACT)  # a second what-if leaves the first as it was
    assert result.to_dict() == first


@pytest.mark.parametrize(
    ("given", "field"),
    [({"draws": -1}, "draws"), ({"seed": -5}, "seed"), ({"horizons": ()}, "horizons")],
)
def test_run_options_out_of_range_are_refused_with_the_field(
    given: dict[str, object], field: str
) -> None:
    # draws=-1 and seed=-5 surfaced as numpy's ValueErrors; horizons=() ran the pack's.
    with pytest.raises(OptionError) as caught:
        RunOptions(**given)  # type: ignore[arg-type]
    assert caught.value.field == field and caught.value.value == given[field]


def test_a_scenario_built_in_code_is_checked_as_a_packs_own(grid: Pack) -> None:
    on = date(2026, 1, 12)

    def spec(*shocks: ShockSpec) -> ScenarioSpec:
        return ScenarioSpec("mine", "Mine", "", shocks, None, on)

    # an unknown node was a bare KeyError deep in the engine
    with pytest.raises(UnknownNodeError) as unknown:
        propagate(grid, spec(ShockSpec("wind_outptu", on, "less wind", -50.0)))
    assert unknown.value.node == "wind_outptu" and "wind_output" in unknown.value.suggestions
    # a shock with neither a change nor a level ran as no shock at all
    with pytest.raises(ShockSpecError) as empty:
        propagate(grid, spec(ShockSpec("wind_output", on, "less wind")), RunOptions(draws=0))
    assert (empty.value.scenario, empty.value.node) == ("mine", "wind_output")
    moved = propagate(
        grid, spec(ShockSpec("wind_output", on, "less wind", -50.0)), RunOptions(draws=0)
    )
    assert moved.nodes["wind_output"].delta[moved.horizons[0]] == pytest.approx(-50.0)


def test_a_unit_refusal_suggests_the_move_in_the_direction_asked() -> None:
    # "falls 5bp" on a price suggested '+5%', a rise
    with pytest.raises(SizeUnitError) as caught:
        propagate(load_pack(), "USD/JPY falls 5bp", RunOptions(draws=0))
    assert caught.value.choices[0] == "-5%"


def test_a_chart_is_a_library_function_and_an_empty_one_a_layer_error(tmp_path: Path) -> None:
    # The chart command did its work in the CLI module and refused through click.
    pack = load_pack()
    exact = RunOptions(draws=0)
    assert explain.make_chart(pack, "boj-skips", "moves", options=exact).startswith(b"<?xml")
    with pytest.raises(NothingToChartError) as caught:
        explain.make_chart(pack, "BoJ hikes 25bp", "moves", options=exact)  # as priced: still
    assert caught.value.scenario == "december-2025"
    target = tmp_path / "c.svg"
    done = CliRunner().invoke(
        main, ["chart", "BoJ hikes 25bp", "--kind", "moves", "--draws", "0", "-o", str(target)]
    )
    assert done.exit_code == 2 and not target.exists()
    assert done.stderr == "macrograph: nothing to chart: no key outcome of december-2025 moves\n"
