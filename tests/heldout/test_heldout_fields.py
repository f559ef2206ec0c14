"""Packs from fields the machinery has never seen read as naturally as the bundled one.

Two held-out packs: an outbreak in a city (people, beds, doses, a share of the population,
stepped a day at a time, with a lockdown threshold, a `when` on full wards, fading mobility
and stocks of infections and patients) and a winter power grid (euros per MWh, GWh a day,
kt of CO2, °C, a storage fill). Their users must see their own words, numbers that read as
the unit says, verbs that agree with the label, and horizons that count from the event.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from macrograph.explain.cli import main
from macrograph.explain.wording.grammar import reads_plural
from macrograph.graph.scenarios import parse_shock, resolve_text
from macrograph.rules import load_pack
from macrograph.rules.lint.core import lint_pack
from tests.packfactory import flat

PACKS = Path(__file__).parents[1] / "packs"
OUTBREAK = PACKS / "heldout_outbreak"
GRID = PACKS / "heldout_grid"


def run(*args: str) -> str:
    """``macrograph ARGS...`` in-process; its stdout, after checking it succeeded."""
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


@pytest.fixture(scope="module")
def grid_snap() -> str:
    """``whatif cold-snap`` on the grid pack, as text, read after 3 months (the snap's
    spike in prices has faded by then: the prose would read at day one unasked), run once
    for several tests."""
    return run("whatif", "cold snap", "--pack", str(GRID), "--draws", "200", "--horizon", "3m")


@pytest.fixture(scope="module")
def outbreak_variant() -> str:
    """``whatif`` of the new variant on the outbreak pack, as text."""
    return run("whatif", "new variant", "--pack", str(OUTBREAK), "--draws", "200")


def test_a_rule_may_name_units_with_digits() -> None:
    # kt_co2/kt_day is TARGET/SOURCE like any other; the unit ids themselves allow digits
    pack = load_pack(GRID)
    assert pack.rules["emissions_accumulate"].magnitude is not None
    assert pack.rules["emissions_accumulate"].magnitude.units == "kt_co2/kt_day"
    assert [i for i in lint_pack(pack) if i.severity == "error"] == []
    assert lint_pack(load_pack(OUTBREAK)) == []


def test_the_noise_line_names_no_market(grid_snap: str, outbreak_variant: str) -> None:
    for text in (grid_snap, outbreak_variant):
        assert "market" not in text.lower().replace("gas market report", "")
        assert re.search(r"with random noise on \d nodes, shared with the comparison", flat(text))


def test_horizons_count_from_the_first_shock_without_a_comparison(grid_snap: str) -> None:
    # the cold snap starts on 12 January and ends on the 26th: its event is the start
    assert "Horizons count from the event on 12 Jan 2026: 1d (13 Jan 2026)" in flat(grid_snap)


def test_a_move_that_reads_as_zero_has_no_sign_or_direction(grid_snap: str) -> None:
    # a unit whose suffix carries a digit (kt CO2) must not make zero read as a move
    assert "-0.00" not in grid_snap and "0.00 kt" not in grid_snap
    assert not re.search(r"(?<![0-9])0% (lower|higher)", grid_snap)
    row = next(line for line in grid_snap.splitlines() if "Power-sector emissions" in line)
    assert row.split()[-3:] == ["CO2", "a", "day"]  # no "sign at" cell after the band
    assert "Power-sector emissions:" not in grid_snap  # no story of a move that did not happen
    assert "add ." not in grid_snap and " ." not in grid_snap


def test_a_shocked_node_is_no_consequence_of_its_own_shock(cli: Any) -> None:
    out = cli("whatif", "variant-and-drive", "--pack", str(OUTBREAK), "--draws", "0")
    assert out.code == 0
    assert "consequences: the vaccination campaign" not in flat(out.stdout).lower()


def test_verbs_agree_with_irregular_plurals_and_trailing_participles(
    outbreak_variant: str,
) -> None:
    assert reads_plural("People infected") and reads_plural("Hospital beds occupied")
    assert not reads_plural("Money supplied") and not reads_plural("Bed need")
    text = flat(outbreak_variant)
    assert "hospital beds occupied rise" in text
    assert "hospital beds occupied rises" not in text


def test_labels_go_to_lower_case_mid_sentence_when_the_pack_writes_them_so(
    outbreak_variant: str,
) -> None:
    # "reproduction" and "deaths" appear in lower case only in rationales and summaries
    text = flat(outbreak_variant)
    assert "should raise the reproduction number by" in text  # a number counts: "the'
    assert "should raise deaths by" in text
    assert "Reproduction number by" not in text and "raise Deaths" not in text


@pytest.mark.parametrize("pack", [OUTBREAK, GRID], ids=["outbreak", "grid"])
def test_the_brief_speaks_the_pack(cli: Any, tmp_path: Path, pack: Path) -> None:
    note = tmp_path / "note.md"
    out = cli("brief", "--pack", str(pack), "-o", str(note), "--draws", "100")
    assert out.code == 0, out.stderr
    text = note.read_text()
    for word in ("market", "BoJ", "Fed", "yen", "basis points", "priced", "surprise"):
        assert word not in text.replace("Gas Market Report", "")
    assert "-0.00" not in text and not re.search(r"(?<![0-9])0% (lower|higher)", text)


GRID_MOVES = [
    # (question, node, change, level): the pack's own unit words, as written or in lower case;
    # a change comes on top of what the default scenario does to the node that day
    ("wind falls 200 GWh", "wind_output", -200.0, None),
    ("wind output falls 200 GWh a day", "wind_output", -200.0, None),
    ("wind output falls 200gwh", "wind_output", -200.0, None),
    ("gas price spikes 10 €/MWh", "gas_price", 10.0, None),
    ("gas price rises €10/MWh", "gas_price", 10.0, None),
    ("temperature falls 3°C", "temperature", -9.0, None),  # on top of the cold snap's -6°C
    ("temperature falls to -2°C", "temperature", None, -2.0),
    ("emissions rise 5 kt CO2 a day", "emissions", 5.0, None),
]


@pytest.mark.parametrize(("words", "node", "change", "level"), GRID_MOVES, ids=str)
def test_a_move_is_asked_in_the_packs_own_units(
    words: str, node: str, change: float | None, level: float | None
) -> None:
    # 'GWh' was read as 'gwh' and refused, '€/MWh' and '°C' lost their signs to the reader,
    # and a level's minus sign was dropped ('falls to -2°C' set +2).
    pack = load_pack(GRID)
    spec, on = resolve_text(pack, words), resolve_text(pack, "cold-snap").anchor
    told = [(s.change, s.level) for s in spec.shocks if (s.node, s.date) == (node, on)][-1]
    assert told == (change, level)


def test_a_shock_is_typed_and_titled_in_the_packs_own_units() -> None:
    pack = load_pack(GRID)
    on = resolve_text(pack, "cold-snap").anchor
    assert parse_shock(pack, "wind_output=-60GWh", on).change == -60.0
    assert parse_shock(pack, "household_bills=+€20 a year", on).change == 20.0
    assert resolve_text(pack, "wind falls 200 GWh").title == "Wind output -200 GWh a day"
    assert resolve_text(pack, "gas price rises €10/MWh").title == "Wholesale gas price +€10/MWh"
    outbreak = load_pack(OUTBREAK)  # separators and the rate, as the table writes them
    assert (
        resolve_text(outbreak, "infections double").title == "New infections +100% (+1,400 a day)"
    )
    assert resolve_text(pack, "temperature falls to -2°C").title == "Temperature at -2°C"
    text = flat(run("whatif", "emissions rise 5 kt CO2 a day", "--pack", str(GRID), "--draws", "0"))
    assert "Power-sector emissions are set 5 kt CO2 a day higher on 12 Jan 2026 [1]." in text


def test_the_headline_reads_a_building_effect_where_it_has_built() -> None:
    # Every horizon's largest consequence of more infections grows for months; the headline
    # read the first horizon (a week), as if every move acted at once and faded.
    asked = ("infections rise 500 a day", "--pack", str(OUTBREAK), "--draws", "0")
    text = flat(run("whatif", *asked))
    assert "After 3 months the biggest consequences: people infected end" in text


def test_a_change_of_a_whole_unit_or_more_keeps_the_units_decimals(grid_snap: str) -> None:
    # GWh a day and kt CO2 have no decimals: '+150.0 GWh a day' read as a false precision;
    # a move under one unit keeps two decimals, so that it still reads as a move.
    assert "+150 GWh a day" in grid_snap and "+33 kt CO2 a day" in grid_snap
    assert not re.search(r"[+-][\d,]+\.\d+ (?:GWh|kt CO2)", grid_snap)
    assert "+€27.26/MWh" in grid_snap  # money to the cent, as its level and the shock's line


def test_a_singular_thing_takes_the_and_a_mass_noun_none(grid_snap: str) -> None:
    # "consequences: day-ahead power price ends" read as a headline's telegraphese
    text = flat(grid_snap)
    assert "the biggest consequence: the day-ahead power price ends" in text
    assert "the gas storage" not in text and "the wind output" not in text


def test_explain_names_the_node_as_it_reads_mid_sentence() -> None:
    asked = ("power_price", "--scenario", "cold-snap", "--pack", str(GRID), "--draws", "0")
    assert run("explain", *asked).startswith("Why the day-ahead power price moved\n")


def test_an_uncited_figure_outside_the_rules_is_not_called_a_rule(tmp_path: Path) -> None:
    # A scenario's assumed shock without a rationale was told "saying why the rule holds".
    pack = tmp_path / "grid"
    shutil.copytree(GRID, pack)
    scenarios = pack / "scenarios.yaml"
    cited = (
        '{basis: observed, sources: [staffell-pfenninger-2018], rationale: "Wind output fell'
        ' by three quarters in such weeks."}'
    )
    text = scenarios.read_text(encoding="utf-8")
    assert cited in text
    assumed = "{basis: assumption, sources: [staffell-pfenninger-2018]}"
    scenarios.write_text(text.replace(cited, assumed, 1), "utf-8")
    found = [i for i in lint_pack(load_pack(pack)) if i.code == "no-rationale"]
    assert [(i.file, i.field) for i in found] == [("scenarios.yaml", "shocks.0.cites.rationale")]
    assert found[0].message == "basis 'assumption' needs a 'rationale' saying why the figure holds"


def test_the_charts_call_key_outcomes_what_the_pack_calls_them(tmp_path: Path) -> None:
    note = tmp_path / "note.html"
    run("brief", "--pack", str(OUTBREAK), "--draws", "50", "-o", str(note))
    assert "Each headline figure day by day from the event" in note.read_text("utf-8")


def test_a_move_the_default_also_makes_that_day_comes_on_top_of_it() -> None:
    # SIM's default raises government spending 20 on its first day; "rises 5bn" replaced
    # that move, and the answer read spending $15bn *lower* than in the comparison.
    sim = PACKS / "sim"
    text = flat(run("whatif", "government spending rises 5bn", "--pack", str(sim), "--draws", "0"))
    assert "Government spending is set $5bn higher than in the comparison on 1 Jan 1958" in text
    assert re.search(r"Government spending (\+\$5bn\s+){5}", text)
    assert "-$15" not in text


@pytest.mark.slow
def test_a_brief_of_a_packs_only_scenario_has_no_comparison_of_one(tmp_path: Path) -> None:
    # The predator-prey pack has one scenario: its "Scenario comparison" compared it with
    # nothing, a table of one column beside a bottom line saying no scenario is compared.
    note = tmp_path / "note.md"
    run("brief", "--pack", str(PACKS / "predator_prey"), "--draws", "20", "-o", str(note))
    text = note.read_text("utf-8")
    assert "no other scenario is compared" in text
    assert "Scenario comparison" not in text
    grid = tmp_path / "grid.md"
    run("brief", "--pack", str(GRID), "--draws", "20", "-o", str(grid))
    assert "## Scenario comparison" in grid.read_text("utf-8")


def test_an_as_priced_answer_speaks_of_markets_only_where_something_was_priced() -> None:
    # "no vaccination drive" is what the outbreak's default already does: nothing there was
    # priced by a market, and the answer said "This is what the market already priced".
    asked = ("no vaccination drive", "--pack", str(OUTBREAK), "--draws", "0")
    text = flat(run("whatif", *asked))
    assert "This is what the comparison already does: it is answered against it" in text
    assert "market" not in text.lower()


def test_a_temporary_shock_is_told_as_one_route_per_path(grid_snap: str) -> None:
    # The cold snap (-6°C, then +6°C two weeks later) was told route by route: "should lower
    # gas storage by 81.9 pp" and "raise it by 69.3 pp" for a move of 15.1 pp, each a
    # permanent step into the stock that the other takes back.
    told = flat(grid_snap.split("How it happens")[1].split("Day-ahead power price:")[0])
    assert told.startswith("(after 3 months) Gas storage: 15.1 pp lower"), told
    routes = re.findall(r"should lower gas storage by (\d+\.\d) pp", told)
    assert routes == ["12.6", "2.5"], told  # the two paths, each a shock and its return
    assert abs(sum(float(r) for r in routes) - 15.1) < 0.05
    assert "81.9" not in told and "69.3" not in told and "raise gas storage" not in told
    opening = (
        "Temperatures fall 6°C below normal, then temperatures return to normal: "
        "temperature falls 6°C, then rises 6°C; this should lower gas storage by 12.6 pp"
    )
    assert opening in told
    # a flow the snap raised and the return took back is told by its direction, not as 0
    assert "this raises power demand [6], which should raise gas-fired generation [7]" in told


@pytest.mark.parametrize(
    ("question", "node", "change", "title"),
    [
        ("gas price rises 20%", "gas_price", 7.0, "Wholesale gas price +20% (+€7/MWh)"),
        ("wind output down 20%", "wind_output", -80.0, "Wind output -20% (-80 GWh a day)"),
    ],
)
def test_a_percent_move_of_a_level_is_that_share_of_its_baseline(
    question: str, node: str, change: float, title: str
) -> None:
    # "gas price rises 20%" was refused ("'%' does not apply ... write '+20/MWh'"), offering
    # 20 of the node's own unit for a move of 20% of €35/MWh.
    pack = load_pack(GRID)
    spec = resolve_text(pack, question)
    (shock,) = [s for s in spec.shocks if s.node == node]
    assert shock.change == pytest.approx(change) and spec.title == title
    assert pack.nodes[node].baseline is not None
    assert change == pytest.approx(
        0.2 * pack.nodes[node].baseline.value * (1 if change > 0 else -1)
    )
    told = flat(run("whatif", question, "--pack", str(GRID), "--draws", "0"))
    assert title in told and "does not apply" not in told


def test_a_percent_of_a_level_that_is_itself_a_percent_stays_refused() -> None:
    # 20% of a storage 55% full is 11pp or 20pp: the reader does not guess.
    result = CliRunner().invoke(
        main, ["whatif", "gas storage falls 20%", "--pack", str(GRID)], catch_exceptions=False
    )
    assert result.exit_code == 2
    assert "'%' does not apply to gas_storage" in result.stderr and "-20pp" in result.stderr


def test_several_levels_past_their_bounds_are_told_in_one_paragraph() -> None:
    # Five "Past a bound" paragraphs, each repeating that the rules are linear, followed
    # the outbreak's table; they are one list now, the caveat said once.
    told = run("whatif", "variant-and-drive", "--pack", str(OUTBREAK), "--draws", "0")
    paragraphs = [p for p in told.split("\n\n") if p.startswith("Past")]
    assert len(paragraphs) == 1 and flat(paragraphs[0]) == (
        "Past their bounds: hospital admissions at -9 a day after 6 months (below the floor "
        "of 0 a day); hospital beds occupied at -67 beds after 6 months (below the floor of 0 "
        "beds); and new infections at -311 a day after 6 months (below the floor of 0 a day). "
        "The rules are linear and overstate moves this large: read each as going at most as "
        "far as its bound."
    )


def test_a_route_is_kept_for_every_shock_that_travels_it() -> None:
    # Only the cold snap's own share of a long route made the top paths into the bills; its
    # return's share fell into "other paths", and the route read as +€30 a year on its own.
    args = (
        "explain",
        "household_bills",
        "--scenario",
        "cold-snap",
        "--draws",
        "0",
        "--horizon",
        "3m",
    )
    told = flat(run(*args, "--pack", str(GRID)))
    routes = told.split("Main paths")[1].split("Citations")[0].split(" - ")[1:]
    assert len(routes) == 3 and routes[-1].startswith("Other paths add -€0.81 a year")
    assert all(r.startswith("Temperatures fall 6°C below normal, then") for r in routes[:2])
    bill = r"household electricity bill by €(\d+) a year"
    amounts = [float(re.findall(bill, r)[0]) for r in routes[:2]]
    assert amounts == [35.0, 7.0]  # with the rest, the move of €42 a year


@pytest.mark.parametrize(
    ("question", "node", "change"),
    [("gas price doubles", "gas_price", 35.0), ("wind output halves", "wind_output", -200.0)],
)
def test_a_move_by_a_multiple_is_a_percent_of_the_level(
    question: str, node: str, change: float
) -> None:
    (shock,) = [s for s in resolve_text(load_pack(GRID), question).shocks if s.node == node]
    assert shock.change == pytest.approx(change)


def test_a_scenario_is_named_with_an_article() -> None:
    assert resolve_text(load_pack(GRID), "a cold snap").id == "cold-snap"
    assert resolve_text(load_pack(GRID), "what if a cold snap").id == "cold-snap"


def test_a_size_warning_speaks_the_packs_units() -> None:
    # It read "(+35.0 eur_mwh) ... more than 27.5 eur_mwh": the unit's id, not its form.
    result = CliRunner().invoke(
        main, ["whatif", "gas price doubles", "--pack", str(GRID), "--draws", "0"]
    )
    assert result.exit_code == 0, result.stderr
    assert "the shock on gas_price (+€35/MWh) is beyond a plausible size" in result.stderr
    assert "eur_mwh" not in result.stderr


def test_an_input_back_where_it_was_says_how_far_it_had_moved() -> None:
    # "-12.6 pp temperature 0°C, via cold_draws_storage" read as a cause that did not move:
    # the snap is over at 3 months, but the stock keeps what it drew.
    told = flat(run("explain", "gas_storage", "--scenario", "cold-snap", "--pack", str(GRID)))
    assert "-12.6 pp temperature 0°C (-6.0°C after 1 day), via cold_draws_storage [1]" in told
    asked = ("explain", "power_price", "--scenario", "cold-snap", "--horizon", "3m")
    moved = flat(run(*asked, "--pack", str(GRID)))
    assert "the wholesale gas price +€6.03/MWh, via gas_sets_power [1]" in moved  # still moved


def test_a_weighted_view_with_nothing_to_weigh_is_refused() -> None:
    # The grid's cold snap has no branches and prices nothing: --weighted printed a
    # "probability-weighted" answer of market-priced paths with empty tables.
    result = CliRunner().invoke(
        main, ["whatif", "cold-snap", "--weighted", "--pack", str(GRID), "--draws", "0"]
    )
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "macrograph: --weighted: cold-snap has nothing to weigh: it declares no 'branches' and "
        "prices no decision, so its one branch is its own expected path; give it branches "
        "with their probabilities in the pack, or ask without --weighted\n"
    )


@pytest.mark.parametrize(
    ("command", "what"), [(("backtest",), "score"), (("calibrate", "-o", "fit.yaml"), "fit to")]
)
def test_a_pack_without_episodes_is_not_scored_or_fitted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...], what: str
) -> None:
    # Both printed a report of "0 episode(s), 0 observation(s)", calibrate "fitted to 0
    # episode(s) ()", and wrote an overlay of no fit.
    monkeypatch.chdir(tmp_path)
    args = [*command, "--pack", str(GRID), "--draws", "0"]
    result = CliRunner().invoke(main, args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"macrograph: the pack has no episodes to {what}: ")
    assert not (tmp_path / "fit.yaml").exists()


def test_the_bottom_line_says_when_its_own_level_is_past_a_floor(tmp_path: Path) -> None:
    # "new infections would be at 2,098 a day rather than -311 a day": a level no count can
    # take, told as plainly as any other
    note = tmp_path / "note.md"
    run("brief", "variant-and-drive", "--pack", str(OUTBREAK), "--draws", "0", "-o", str(note))
    told = flat(note.read_text(encoding="utf-8"))
    assert (
        "new infections would be at 2,098 a day rather than -311 a day (below its floor of 0 "
        "a day) after 6 months" in told
    )


def test_explain_reads_a_node_where_its_move_is_and_tells_where_it_ends() -> None:
    # After a two-week cold snap the bill's rise peaks at a month and halves by three; the
    # power price's jump is at once. Read at the last horizon, 'explain' told the price's
    # jump as +€12.1/MWh, and a climate pack's eruption as a cooling that "did not move".
    no_draws = ("--draws", "0", "--pack", str(GRID))
    bills = flat(run("explain", "household_bills", "--scenario", "cold-snap", *no_draws))
    assert "read 1 month after the event on 12 Jan 2026 (11 Feb 2026)" in bills
    assert (
        "Household electricity bill: €94 a year higher, at €1,294 a year (€1,200 a year with "
        "no shocks). After 3 months it is +€42 a year against the comparison." in bills
    )
    price = flat(run("explain", "power_price", "--scenario", "cold-snap", *no_draws))
    assert "Day-ahead power price: €27.26/MWh higher" in price
    storage = flat(run("explain", "gas_storage", "--scenario", "cold-snap", *no_draws))
    assert "read 3 months after" in storage and "After 3 months" not in storage  # it lasts
    climate = GRID.parent / "heldout_climate"
    asked = ("explain", "global_temperature", "--scenario", "volcanic-eruption", "--draws", "0")
    cooled = flat(run(*asked, "--pack", str(climate)))
    assert cooled.startswith("Why the global mean temperature anomaly moved")
    as_data = json.loads(run(*asked, "--pack", str(climate), "--format", "json"))
    assert as_data["focus"] == "1y"  # the JSON reads where the words do (it read 30y)
    assert (
        "Global mean temperature anomaly: 0.32 °C lower, at 1.03 °C (1.35 °C with no shocks). "
        "After 30 years it is back level with the comparison." in cooled
    )
