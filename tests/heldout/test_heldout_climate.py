"""The carbon cycle and the climate, a field the machinery has never seen, read as a climate
analyst and a teacher would.

The held-out pack tests/packs/heldout_climate counts in years: atmospheric CO2 is a stock
(fossil and permafrost emissions in, ocean and land uptake out, a balancing loop), it sets
the radiative forcing in W/m², the temperature anomaly accumulates the energy imbalance and
sheds heat as it warms (a slow response over years), sea ice shrinks as it warms and the dark
water adds forcing (the ice-albedo loop, reinforcing), permafrost emits once warming passes a
threshold, and governments raise the carbon price only while warming is above a level (a
``when``).
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from macrograph.explain.cli import main
from macrograph.explain.contexts.base import node_name
from macrograph.explain.lesson.page import lesson_context, lesson_data, propagate_for
from macrograph.explain.narrative import Layout, render_whatif
from macrograph.graph.build import build_graph
from macrograph.graph.options import RunOptions
from macrograph.graph.query import loops
from macrograph.rules import load_pack
from macrograph.rules.lint.core import lint_pack

CLIMATE = Path(__file__).parents[1] / "packs" / "heldout_climate"
FISHERY = Path(__file__).parents[1] / "packs" / "heldout_fishery"


def whatif_text(pack_dir: Path, question: str, width: int = 80, short: bool = True) -> str:
    """The text what-if of ``question`` at ``width`` columns, without draws."""
    pack = load_pack(pack_dir)
    result = propagate_for(pack, question, RunOptions(draws=0))
    return render_whatif(pack, result, "text", layout=Layout(width=width, short=short))


def table_rows(text: str) -> list[str]:
    """The first words of the rows of the what-if's key-outcome table."""
    table = text.split("Outcomes against no shocks")[1].split("Left out")[0]
    return [line.strip() for line in table.splitlines() if line.startswith("  ")]


def test_the_pack_lints_clean() -> None:
    issues = lint_pack(load_pack(CLIMATE))
    assert [i for i in issues if i.severity == "error"] == []


def test_the_loops_a_climate_scientist_expects() -> None:
    found = {lp.nodes: lp for lp in loops(build_graph(load_pack(CLIMATE)))}
    albedo = [lp for nodes, lp in found.items() if "sea_ice_extent" in nodes]
    assert [lp.polarity for lp in albedo] == ["reinforcing"]
    uptake = [
        lp
        for nodes, lp in found.items()
        if set(nodes) == {"atmospheric_co2", "ocean_carbon_uptake"}
    ]
    assert [lp.polarity for lp in uptake] == ["balancing"]
    ratchet = [lp for lp in found.values() if "warming_ratchets_the_price" in lp.rules]
    assert [(lp.polarity, lp.gated) for lp in ratchet] == [
        ("balancing", ("warming_ratchets_the_price",))
    ]


def test_a_short_answer_never_starts_a_line_with_the_punctuation_after_a_citation() -> None:
    # Citation marks were taken out after wrapping: a mark that began a line left
    # 'ends 19 mm higher' / '; global mean temperature anomaly ends 0.12 °C higher.'
    text = whatif_text(CLIMATE, "CO2 reaches 450 ppm")
    lines = text.splitlines()
    assert [line for line in lines if line.lstrip().startswith((";", ",", "."))] == []
    assert all(len(line) <= 80 for line in lines)
    prose = " ".join(text.split())
    assert "ends 19 mm higher; the global mean temperature anomaly ends 0.12 °C higher." in prose


def test_a_key_outcome_that_has_faded_by_the_last_horizon_keeps_its_row() -> None:
    # An eruption cools the world by 0.32 °C after a year; by 30 years it has recovered.
    # The table dropped the temperature, the outcome a climate reader came for.
    wide = whatif_text(CLIMATE, "volcanic-eruption", width=140)
    (temperature,) = [r for r in table_rows(wide) if r.startswith("Global mean temperature")]
    assert temperature.split("  ")[-1].strip() == "0 °C"  # the last horizon, 30 years
    assert "-0.32 °C" in temperature  # after a year
    text = " ".join(whatif_text(CLIMATE, "volcanic-eruption").split())
    assert (
        "After 1 year the biggest consequences: the global mean temperature anomaly ends "
        "0.32 °C lower" in text
    )


def test_a_policy_a_rule_moves_has_a_row() -> None:
    # The carbon price rises only through the `when` rule once warming passes 1.45 °C, and
    # the fishery's quota only through its harvest control rule: neither had a row.
    surge = whatif_text(CLIMATE, "emissions-surge")
    (price,) = [r for r in table_rows(surge) if r.startswith("Carbon price")]
    assert price.endswith("+$59 a tonne of CO₂")
    overfishing = whatif_text(FISHERY, "overfishing", width=100)
    assert any(r.startswith("Total allowable") for r in table_rows(overfishing))


def test_a_plain_word_before_an_acronym_goes_to_lower_case_and_an_anomaly_takes_the() -> None:
    # 'which lowers Atmospheric CO2 concentration by 14.8 ppm': 'CO2' is an acronym, not the
    # second word of a name such as 'Bank Rate'; an anomaly, an extent, a concentration count
    # (behind a name too: 'the Arctic sea-ice extent', as 'the Dst index').
    pack = load_pack(CLIMATE)
    assert node_name(pack, "atmospheric_co2") == "the atmospheric CO2 concentration"
    assert node_name(pack, "global_temperature") == "the global mean temperature anomaly"
    assert node_name(pack, "sea_ice_extent") == "the Arctic sea-ice extent"
    text = " ".join(whatif_text(CLIMATE, "carbon-tax", short=False).split())
    assert "which lowers the atmospheric CO2 concentration by 14.8 ppm" in text


def test_a_lesson_on_a_passing_shock_opens_where_it_happens() -> None:
    # The lesson opened at 30 years, where the eruption's forcing is 0 W/m² and the
    # temperature -0.005 °C: a class saw a chain of near-zeros.
    pack = load_pack(CLIMATE)
    result = propagate_for(pack, "volcanic-eruption", RunOptions(draws=0))
    assert lesson_data(pack, result)["start"] == "1y"
    context = lesson_context(pack, result)
    assert context.default_horizon == "1y"
    assert context.captions and "volcanic aerosol forcing" in context.captions[0].text.lower()
    slow = propagate_for(pack, "carbon-tax", RunOptions(draws=0))
    assert lesson_data(pack, slow)["start"] == "30y"


def test_the_cli_reads_a_climate_question_in_an_80_column_terminal() -> None:
    result = CliRunner().invoke(
        main,
        ["whatif", "temperature rises 0.5 °C", "--pack", str(CLIMATE), "--draws", "0"],
        env={"COLUMNS": "80"},
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Global mean temperature anomaly +0.5 °C")


def test_why_a_node_did_not_move_names_only_the_rules_that_block_a_chain_to_it() -> None:
    # The carbon tax cools the world, so the permafrost threshold is not reached. The carbon
    # price's ratchet (a `when` above 1.45 °C) was also named as blocking, though it leads
    # back to the carbon price, the shock's own node: turned on, it opens no chain.
    result = CliRunner().invoke(
        main,
        ["explain", "permafrost", "--pack", str(CLIMATE), "--draws", "0"],
        env={"COLUMNS": "80"},
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "is blocked: - Not reached: permafrost_thaw_threshold [1] needs" in text
    assert "warming_ratchets_the_price" not in text
