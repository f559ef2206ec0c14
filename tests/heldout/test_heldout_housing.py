"""A held-out pack from urban economics: a city's housing market in Canadian dollars.

Counted in months, with an overnight rate that is a policy input without a priced path,
prices whose changes read as percents, homes and sales a month, a vacancy rate, a stock of
mortgage debt, a stress-test threshold and forced sales that switch on under a `when`.
Its users type what a housing analyst says; each test states what they rely on.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from macrograph.explain.cli import main
from macrograph.graph.scenarios import resolve_text
from macrograph.rules import load_pack
from macrograph.rules.lint.core import lint_pack
from tests.packfactory import flat

HOUSING = Path(__file__).parents[1] / "packs" / "heldout_housing"


def invoke(*args: str) -> tuple[int, str, str]:
    """``macrograph ARGS...`` in-process: exit status, stdout and stderr."""
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, str(result.stdout), str(result.stderr)


def test_the_pack_lints_without_errors() -> None:
    issues = lint_pack(load_pack(HOUSING))
    assert [i for i in issues if i.severity == "error"] == []


def test_a_point_on_a_rate_is_a_percentage_point() -> None:
    # "mortgage rates rise 1 point" is 100bp to an analyst, as "+1pp" is
    spec = resolve_text(load_pack(HOUSING), "mortgage rates rise 1 point")
    moved = [s for s in spec.shocks if s.node == "mortgage_rate"]
    assert [s.change for s in moved] == [1.0]


def test_a_policy_input_without_a_priced_path_takes_decision_verbs() -> None:
    # the overnight rate has no market-implied path, yet "hikes 50bp" and "cut 25bp" read:
    # each is the decision, in place of the default's hike of a point on its date (as a hold
    # is), where a market's move ("rises 50bp") comes on top of it
    pack = load_pack(HOUSING)
    hiked = resolve_text(pack, "the central bank hikes 50bp")
    cut = resolve_text(pack, "overnight rate cut 25bp")
    risen = resolve_text(pack, "the overnight rate rises 50bp")
    base = resolve_text(pack, "rate-hike").shocks[0]
    assert base.change == 1.0
    assert [(s.date, s.change) for s in hiked.shocks] == [(base.date, 0.5)]
    assert [(s.date, s.change) for s in cut.shocks] == [(base.date, -0.25)]
    assert [s.change for s in risen.shocks] == [base.change + 0.5]


def test_a_size_warning_measures_the_move_asked_not_the_default_beneath_it() -> None:
    # 50bp on top of the default's 100bp is a 50bp question: no warning of "+150bp"
    code, _, err = invoke("whatif", "rates up 50bp", "--pack", str(HOUSING), "--draws", "20")
    assert code == 0, err
    assert "+150bp" not in err and "plausible" not in err
    code, _, err = invoke("whatif", "rates up 3 points", "--pack", str(HOUSING), "--draws", "20")
    assert code == 0, err
    assert "overnight_rate (+300bp) is beyond a plausible size" in flat(err)


def test_a_monthly_notes_chart_reads_month_by_month(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    code, _, err = invoke(
        "whatif", "newcomer-surge", "--pack", str(HOUSING), "--draws", "20", "-o", str(note)
    )
    assert code == 0, err
    text = note.read_text("utf-8")
    assert "day by day" not in text
    assert "![Headline indicators month by month](n-fan.svg)" in text
    assert "Each headline indicator month by month from the event" in text


def test_a_citation_without_claim_or_source_is_told_what_it_lacks(tmp_path: Path) -> None:
    # the rule cites a basis and a rationale: "has no citation" would send its author looking
    # for a missing 'cites' block
    pack = tmp_path / "p"
    pack.mkdir()
    for name in ("pack.yaml", "nodes.yaml", "scenarios.yaml"):
        (pack / name).write_text((HOUSING / name).read_text("utf-8"), "utf-8")
    rules = (HOUSING / "rules.yaml").read_text("utf-8")
    cited = 'cites: {basis: assumption, sources: [agency-outlook-2025], rationale: "Illustrative."}'
    assert rules.count(cited) >= 1
    (pack / "rules.yaml").write_text(
        rules.replace(cited, 'cites: {basis: assumption, rationale: "Illustrative."}', 1), "utf-8"
    )
    code, out, err = invoke("lint", str(pack))
    assert code == 1  # errors found (2 is a pack that cannot be read)
    said = flat(out + err)
    assert "rule has no citation" not in said
    assert (
        "field 'cites': cites no claim or source (a basis and a rationale are not enough)" in said
    )


def test_a_fraction_of_a_point_reads_as_english_says_it() -> None:
    pack = load_pack(HOUSING)
    base = resolve_text(pack, "rate-hike").shocks[0].change
    assert base is not None
    half = resolve_text(pack, "rates rise by half a point")
    quarter = resolve_text(pack, "overnight rate cut a quarter point")
    assert [s.change for s in half.shocks] == [base + 0.5]  # a move, on top of the hike
    assert [s.change for s in quarter.shocks] == [-0.25]  # a decision, in place of the hike


def test_two_scenarios_asked_together_read_as_one_sentence() -> None:
    # a title starting with 'A' is lowered after the comma, as one starting with 'The' is
    spec = resolve_text(load_pack(HOUSING), "rate cut and immigration surge")
    assert spec.title == (
        "The central bank cuts its rate by half a point, and a year of faster population growth"
    )


def test_two_scenarios_against_no_shocks_are_answered_together_against_no_shocks() -> None:
    # each is read against no shocks alone; together they are both worlds at once, with the
    # rate at the 2.25% the cut's label states (on top of the default's hike it ended at 3.25%)
    code, out, _ = invoke("whatif", "rate cut and immigration surge", "--pack", str(HOUSING))
    assert code == 0
    text = flat(out)
    assert "Against no shocks." in text
    assert re.search(r"Overnight rate( -50bp){5} 2\.25%", text)
    assert re.search(r"Newcomers( \+2,000 people a month){2}", text)


def test_a_named_scenario_beside_a_move_takes_the_place_of_the_default_on_its_node() -> None:
    # the cut's shock replaces the default's hike on the same day: the rate is at 2.25%, as
    # its label says, and 150bp below the comparison's 3.75%
    spec = resolve_text(load_pack(HOUSING), "rate cut and newcomers rise by 1000people")
    assert spec.against == "rate-hike"
    rate = [s.change for s in spec.shocks if s.node == "overnight_rate"]
    assert rate == [-0.5]
    code, out, _ = invoke(
        "whatif", "rate cut and newcomers rise by 1000people", "--pack", str(HOUSING)
    )
    assert code == 0
    assert (
        "falls half a point to 2.25% on 1 Mar 2026: the overnight rate -150bp against the"
        " comparison" in flat(out)
    )


def test_a_count_of_thousands_takes_the_k_it_is_shown_with() -> None:
    # construction jobs show as '75.0k jobs': '5k' is five of them, and the hint says '-5k'
    spec = resolve_text(load_pack(HOUSING), "construction jobs fall 5k")
    assert [(s.node, s.change) for s in spec.shocks if s.node == "construction_jobs"] == [
        ("construction_jobs", -5.0)
    ]
    code, _, err = invoke("whatif", "construction jobs fall 5", "--pack", str(HOUSING))
    assert code == 2
    assert "write '-5k' or '-5k jobs'" in err


@pytest.mark.slow
def test_a_percent_move_of_a_priced_level_carries_no_currency_sign(tmp_path: Path) -> None:
    # the benchmark price is C$850k, but its move reads '-15%', not '-C$15%', in diagrams
    # and lessons as in the text
    svg, lesson = tmp_path / "d.svg", tmp_path / "l.html"
    for command, out in (("diagram", svg), ("lesson", lesson)):
        code, _, err = invoke(command, "rate-shock", "--pack", str(HOUSING), "-o", str(out))
        assert code == 0, err
    drawn, taught = svg.read_text("utf-8"), lesson.read_text("utf-8")
    assert re.search(r"C\$[0-9.,]+%", drawn + taught) is None
    assert "&#45;14.4%" in drawn and "-0.06% per bp" in taught  # graphviz escapes the minus


def test_a_weighted_view_without_priced_decisions_speaks_of_no_market() -> None:
    # the branches' odds are the pack's; nothing was priced by a market in this pack
    for fmt in ("text", "md", "html"):
        code, out, err = invoke(
            "whatif", "rate-hike", "--weighted", "--pack", str(HOUSING), "--draws", "20",
            "--format", fmt,
        )  # fmt: skip
        assert code == 0, err
        said = re.sub(r"`|</?code>", "", flat(out))
        assert "market-priced" not in said and "the market's" not in said
        assert "Each branch against rate-hike as it stands." in said
        assert "Weighted by the pack's odds:" in said or "Weighted by the pack's odds." in said


def test_a_fan_over_years_dates_its_ticks_with_their_years(tmp_path: Path) -> None:
    # horizons of 1y, 2y and 5y from 1 March all fall on '1 Mar': the year tells them apart
    svg = tmp_path / "c.svg"
    code, _, err = invoke(
        "chart", "rate-shock", "--pack", str(HOUSING), "--draws", "20", "-o", str(svg)
    )
    assert code == 0, err
    drawn = svg.read_text("utf-8")
    assert "1 Mar 2031" in drawn
    assert re.search(r">1 Mar<", drawn) is None


def test_an_80_column_table_cuts_no_word_of_a_label(monkeypatch: pytest.MonkeyPatch) -> None:
    # 'Completions' sat beside three horizons of 'homes a month' cut to 'Completio…': a
    # horizon goes before a label's word is cut
    monkeypatch.setenv("COLUMNS", "80")
    code, out, err = invoke("whatif", "newcomer-surge", "--pack", str(HOUSING), "--draws", "20")
    assert code == 0, err
    table = out.split("Outcomes against no shocks", 1)[1].split("How it happens")[0]
    assert "…" not in table
    assert "\n  Completions " in table
    assert max(len(x) for x in out.splitlines()) <= 80


def test_a_key_outcome_shocked_itself_says_how_much_was_set_directly() -> None:
    # '9.8% lower' told only by routes adding +0.19% and +0.38% leaves the -10% unexplained
    code, out, err = invoke(
        "whatif", "house prices fall 10%", "--pack", str(HOUSING), "--draws", "20"
    )
    assert code == 0, err
    said = flat(out)
    assert "Benchmark house price: 9.8% lower, at C$729k (C$812k in the comparison), " in said
    assert "-10.0% of it set directly [1];" in said
    code, out, err = invoke("whatif", "rate-hike", "--pack", str(HOUSING), "--draws", "20")
    assert code == 0, err
    assert "set directly" not in out  # no key outcome of the hike is shocked itself


def test_a_loops_lag_is_counted_in_the_packs_periods() -> None:
    # 24 months to finish, 3 to reprice rents, 6 to start rentals: 33 months, not '990d'
    code, out, err = invoke("loops", "--pack", str(HOUSING))
    assert code == 0, err
    said = flat(out)
    assert "lag 33m completions -> vacancy_rate -> rents -> housing_starts" in said
    assert "lag 39m" in said and "990d" not in said


def test_a_route_from_a_shock_the_comparison_shares_is_no_comma_splice() -> None:
    # the default's rate rise sits under 'house prices fall 10%': its route was told
    # "The overnight rate rises a point to 3.75%, it raises ...", two sentences by a comma
    code, out, err = invoke(
        "whatif", "house prices fall 10%", "--pack", str(HOUSING), "--draws", "0"
    )
    assert code == 0, err
    said = flat(out)
    assert "rises a point to 3.75%: this raises the five-year fixed mortgage rate" in said
    assert "3.75%, it" not in said
    # a threshold's route is a clause and goes on with "this" (the trigger reached)
    reservoir = HOUSING.parent / "heldout_reservoir"
    code, out, err = invoke("whatif", "dry-year", "--pack", str(reservoir), "--draws", "0")
    assert code == 0, err
    trigger = "Once reservoir storage reaches its trigger (at or below 300 hm³)"
    assert f"{trigger}, this raises" in flat(out)


def test_a_brief_says_what_a_threshold_would_set_off_as_a_move_in_a_node(tmp_path: Path) -> None:
    # "would set off new mortgage lending -C$0.30bn a month" read as a noun and a number
    note = tmp_path / "note.md"
    code, _, err = invoke(
        "brief", "rate-hike", "--pack", str(HOUSING), "--draws", "50", "-o", str(note)
    )
    assert code == 0, err
    said = flat(note.read_text("utf-8"))
    assert "would set off a move of -C$0.30bn a month in new mortgage lending" in said


def test_explains_causes_keep_their_amounts_in_a_column_wide_enough() -> None:
    # '+C$74 a month' ran past a nine-character column: its row's text started late and the
    # wrapped rest of it came back under the amount
    code, out, err = invoke("explain", "house_prices", "--pack", str(HOUSING), "--draws", "0")
    assert code == 0, err
    lines = out.splitlines()
    rent = next(i for i, x in enumerate(lines) if x.lstrip().startswith("+C$74 a month"))
    text_at = lines[rent].index("the rental vacancy rate")
    assert text_at - lines[rent - 1].index("the average asking rent") == 4  # one level deeper
    lead = len(lines[rent]) - len(lines[rent].lstrip())
    deeper = lines[rent + 1]  # the next row, one level down again, or this one's wrapped rest
    assert len(deeper) - len(deeper.lstrip()) in (lead + 4, text_at + 2)


@pytest.mark.slow
def test_the_briefs_markdown_has_no_run_of_blank_lines(tmp_path: Path) -> None:
    # a fired threshold's sentence ended in a line break of its own: two blank lines followed
    target = tmp_path / "note.md"
    code, _, err = invoke(
        "brief", "rate-shock", "--pack", str(HOUSING), "--draws", "0", "-o", str(target)
    )
    assert code == 0, err
    text = target.read_text(encoding="utf-8")
    assert "## Thresholds" in text
    assert "\n\n\n" not in text
