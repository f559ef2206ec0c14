"""A fishery, a field the machinery has never seen, read as a fisheries scientist would.

The held-out pack tests/packs/heldout_fishery counts in years: spawning stock biomass is a
stock (recruits in, catch and natural deaths out), recruitment follows the spawners two years
on and falls in warm water, a harvest control rule cuts the quota below a trigger (a
threshold) and the fishery closes below the limit reference point (a ``when``).
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from macrograph.explain.cli import main
from macrograph.graph.build import build_graph
from macrograph.graph.query import loops, paths
from macrograph.rules import load_pack
from macrograph.rules.lint.core import lint_pack

FISHERY = Path(__file__).parents[1] / "packs" / "heldout_fishery"


def run(*args: str) -> str:
    """``macrograph ARGS...`` in-process; its stdout, after checking it succeeded."""
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return " ".join(str(result.stdout).split())


def test_the_pack_lints_clean() -> None:
    issues = lint_pack(load_pack(FISHERY))
    assert [i for i in issues if i.severity == "error"] == []


def test_a_quota_cut_below_a_trigger_goes_with_the_stock() -> None:
    # The stock falls below 250 kt and the quota is cut: quota and stock fall together (+).
    graph = build_graph(load_pack(FISHERY))
    (found,) = paths(graph, "spawning_biomass", "total_allowable_catch")
    assert found.sign == 1


def test_the_quota_rule_balances_overfishing() -> None:
    # More catch, less stock, a quota cut below the trigger, less effort, less catch.
    graph = build_graph(load_pack(FISHERY))
    through_quota = [lp for lp in loops(graph) if "total_allowable_catch" in lp.nodes]
    assert [lp.polarity for lp in through_quota] == ["balancing"]
    chain = "catch -> spawning_biomass -> total_allowable_catch -> fishing_effort"
    assert f"balancing gain unsized lag 0y {chain}" in run("loops", "--pack", str(FISHERY))


def test_a_loop_closed_by_a_when_says_when() -> None:
    graph = build_graph(load_pack(FISHERY))
    closure = [lp for lp in loops(graph) if "closure_below_limit" in lp.rules]
    assert [lp.gated for lp in closure] == [("closure_below_limit",)]
    text = run("loops", "--pack", str(FISHERY))
    assert "catch -> spawning_biomass -> fishing_effort (only while spawning_biomass <= 150)" in (
        text
    )
    assert text.count("only while") == 1


def test_two_letters_swapped_still_name_the_node() -> None:
    # 'qouta' is 'quota' with two letters swapped: a ratio of 80, a slip a reader forgives.
    text = run("whatif", "the qouta is cut by 20%", "--pack", str(FISHERY))
    assert text.startswith("Total allowable catch -20% (-16 kt a year)")


def test_a_diagram_of_a_pack_without_assets_reaches_its_headline_figures() -> None:
    # No node is an asset: the chain once stopped at the quota's first leg, fishing effort.
    dot = CliRunner().invoke(
        main, ["diagram", "quota-cut", "--pack", str(FISHERY), "-o", "-"], catch_exceptions=False
    )
    assert dot.exit_code == 0, dot.stderr
    for label in ("Fishing effort", "Catch", "Spawning stock", "Fleet revenue"):
        assert label in dot.stdout


def test_the_bottom_line_names_another_scenario_as_a_title_not_a_clause(tmp_path: Path) -> None:
    # A title may be a noun phrase ('A marine heatwave'): 'if instead A marine heatwave,'
    # left the sentence without a verb.
    out = tmp_path / "brief.md"
    run("brief", "--pack", str(FISHERY), "-o", str(out))
    text = " ".join(out.read_text().split())
    assert "in the scenario *A marine heatwave* (`marine-heatwave`) instead, spawning" in text
    assert "if instead" not in text
