"""A labour market, a field the machinery has never seen, read as a statistician of a
national statistics office writes a monthly release, in Canadian English.

The held-out pack tests/packs/heldout_labour counts in months. Employment and the labour
force are counted in thousands of persons (a level past a thousand of them reads in
millions), the unemployment and participation rates in per cent whose changes read in
percentage points, wages in dollars an hour, hours worked in millions of hours, job
vacancies and EI claims as counts, and the Consumer Price Index in index points of
2002=100 whose changes read in per cent. A rise in the overnight rate cools hiring two
quarters later; fewer vacancies raise unemployment while there are fewer vacancies than
unemployed persons (a ``when``); above 7 per cent unemployment stalls wage growth (a
threshold); wages and prices feed each other (a reinforcing loop); the Québec minimum wage
trims vacancies and a higher jobless rate slows its next increase (a balancing loop);
migration fills the labour force, a stock of persons. It ships a monthly series of the
unemployment rate with the 2022 tightening read from it, and a labour federation's view
as an overlay.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from macrograph.graph.build import build_graph
from macrograph.graph.query import loops
from macrograph.rules import load_pack
from macrograph.rules.lint.core import lint_pack
from macrograph.rules.pack import bundled_pack_dir
from tests.packfactory import moves_on, on_pack

LABOUR = Path(__file__).parents[1] / "packs" / "heldout_labour"


def run(*args: str, code: int = 0) -> str:
    """The output of a command on the pack in an 80-column terminal."""
    return on_pack(LABOUR, *args, code=code)


def moves(question: str, node: str) -> dict[str, float]:
    """The change of ``node`` at each horizon of ``question``'s what-if, without draws."""
    return moves_on(LABOUR, question, node)


def test_the_pack_lints_clean_and_counts_in_months() -> None:
    pack = load_pack(LABOUR)
    assert [i for i in lint_pack(pack) if i.severity != "info"] == []
    assert (pack.info.period, pack.info.language) == ("1m", 3)


def test_the_loops_a_statistician_expects() -> None:
    found = {frozenset(lp.nodes): lp for lp in loops(build_graph(load_pack(LABOUR)))}
    assert found[frozenset({"hourly_wages", "cpi"})].polarity == "reinforcing"
    floor = found[frozenset({"salaire_minimum", "job_vacancies", "unemployment_rate"})]
    assert (floor.polarity, floor.gated) == (
        "balancing",
        ("fewer_vacancies_raise_unemployment",),
    )


@pytest.mark.parametrize(
    "question",
    [
        "employment falls 35.2k",  # 'k' is the thousand the unit counts in
        "employment falls 35.2 thousand",
        "employment falls 35.2 thousand persons",
    ],
)
def test_thousands_of_persons_said_with_k_are_the_units_own(question: str) -> None:
    # '35.2k' was refused with '35.2 k is 35.2 thousand persons: write ...': the same number
    moved = moves(question, "employment")
    assert min(moved.values()) == pytest.approx(-35.2)


def test_a_count_of_persons_on_a_node_in_thousands_is_refused_with_it_converted() -> None:
    # '30,000 fewer jobs' (no unit, on a node counted in thousands of persons) ended in a
    # TypeError from unicodedata.category('') instead of a refusal
    said = run("whatif", "30,000 fewer jobs", "--draws", "0", code=2)
    assert "30,000 is 30 thousand persons: write '-30 thousand persons'" in said
    assert "Traceback" not in said


def test_a_band_says_a_unit_of_words_once() -> None:
    # 'p5 to p95 -88.7 thousand persons to -33.5 thousand persons' said the unit twice, and
    # squeezed the brief's band column to a word a line
    said = " ".join(run("whatif", "--draws", "200").split())
    assert re.search(r"p5 to p95 -8\d\.\d to -3\d\.\d thousand persons;", said), said
    assert "thousand persons to -" not in said
    assert "percentage points to +" not in said
    assert "an hour to -$" not in said


def test_explain_by_shock_keeps_a_wide_amount_apart_from_its_wrapped_name() -> None:
    # '+0.29 percentage points' is wider than the by-shock column: the name ran on from it
    # at column 27 and wrapped back to column 24
    said = run("explain", "unemployment_rate", "--draws", "0")
    lines = said.split("By shock\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert lines[0].strip() == "+0.29 percentage points", lines
    starts = {len(line) - len(line.lstrip()) for line in lines[1:]}
    assert len(starts) == 1, lines


@pytest.mark.parametrize("form", ["text", "md", "html"])
def test_an_input_that_did_not_move_takes_its_article(form: str) -> None:
    # 'Overnight rate is an input of the pack': a rate takes 'the' as it does mid-sentence
    said = run("explain", "overnight_rate", "--scenario", "migration-surge", "--format", form)
    assert "The overnight rate is an input of the pack" in " ".join(said.split())


def test_the_labour_force_takes_its_article() -> None:
    # 'this raises labour force by 325 thousand persons': a force, like a rate, counts
    said = " ".join(run("whatif", "migration-surge", "--draws", "0").split())
    assert "raises the labour force by" in said
    assert "raises labour force" not in said


def test_a_rules_range_says_a_unit_of_words_once(tmp_path: Path) -> None:
    # the lesson's 'Size: -600 vacancies per bp (from -300 vacancies to -900 vacancies)'
    page = tmp_path / "lesson.html"
    run("lesson", "--draws", "0", "-o", str(page))
    said = page.read_text()
    assert "-600 vacancies per basis point (from -300 to -900 vacancies)" in said
    assert "(from -300 vacancies to" not in said


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("cpi rises 2.5 index points", "2.5 index points is 1.51%: write '+1.51%'"),
        ("cpi rises 2 points", "write '+1.21%'"),  # of its level, 165.3
    ],
)
def test_index_points_on_an_index_whose_moves_are_percents_are_a_share_of_its_level(
    question: str, said: str
) -> None:
    # 'cpi rises 2.5 index points' was refused with "write '+2.5%'": the same number, in %
    assert said in " ".join(run("whatif", question, "--draws", "0", code=2).split())


def test_points_on_an_index_with_no_level_are_never_offered_as_the_same_percent() -> None:
    said = on_pack(bundled_pack_dir(), "whatif", "Nikkei rises 500 points", "--draws", "0", code=2)
    assert "+500%" not in said and "is not converted" in said


def test_a_bare_count_on_a_rate_is_not_offered_past_the_rates_bounds() -> None:
    # 'unemployment rises 30,000' (persons) offered "write '+30000pp'": a rate of 30,006.8%
    said = run("whatif", "unemployment rises 30,000", "--draws", "0", code=2)
    assert "30000pp" not in said and "write '+0.1pp'" in said, said


def test_a_refused_unit_of_a_level_is_echoed_as_typed() -> None:
    # "'c$' is not a unit of a level": the question said 'C$'
    said = run("whatif", "the minimum wage rises to C$17.75", "--draws", "0", code=2)
    assert "'C$' is not a unit of a level of salaire_minimum" in said, said


def test_the_backtest_table_fits_80_columns_with_units_in_words() -> None:
    # rows of '+0.10 percentage points -0.01 percentage points -0.45 percentage points to
    # +0.45 percentage points' ran to 120 characters in an 80-column terminal
    said = run("backtest", "--draws", "100")
    assert max(len(line) for line in said.splitlines()) <= 80, said
    assert "p5 to p95 " in said and " to +0.4" in said


@pytest.mark.parametrize(
    "question",
    [
        "unemployment rises 0.5pp in Canada",
        "unemployment up half a point in Canada",
        "employment falls 30 thousand persons in Canada",
    ],
)
def test_a_question_may_name_the_region_of_its_node(question: str) -> None:
    # '... in Canada' was 'no scenario matches', with 'bank of canada raises rates' suggested
    node = "employment" if "employment falls" in question else "unemployment_rate"
    assert max(map(abs, moves(question, node).values())) > 0


def test_a_region_that_is_not_the_nodes_own_is_refused_by_name() -> None:
    # 'unemployment up half a point in Québec' suggested the minimum-wage scenarios
    said = run("whatif", "unemployment up half a point in Québec", "--draws", "0", code=2)
    flat = " ".join(said.split())
    assert "unemployment_rate is Canada's, not Québec's" in flat, said
    assert "minimum wage" not in flat


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("a 50 basis point hike", "Overnight rate +50 basis points"),
        ("a rate hike of 50 basis points", "Overnight rate +50 basis points"),
        ("a 25 basis point cut", "Overnight rate -25 basis points"),
        ("hike 75bp", "Overnight rate +75 basis points"),
    ],
)
def test_a_decision_said_alone_is_the_packs_one_decision(question: str, title: str) -> None:
    # 'a 50 basis point hike' (the central bank's own phrase) was 'no scenario matches' in
    # a pack with one policy node that decides against a priced path
    assert run("whatif", question, "--draws", "0").splitlines()[0] == title


def test_a_rate_whose_changes_the_pack_spells_in_basis_points_reads_so(tmp_path: Path) -> None:
    # a unit '{change: bp, change_suffix: " basis points"}' linted clean and its suffix was
    # dropped: '+40bp', 'per bp', 'per 10bp' in a release that writes 'basis points'
    page = tmp_path / "lesson.html"
    run("lesson", "--draws", "0", "-o", str(page))
    said = [
        run("whatif", "--draws", "0"),
        run("paths", "overnight_rate", "cpi"),
        run("explain", "job_vacancies", "--draws", "0"),
        page.read_text(),
    ]
    for text in said:
        found = re.findall(r"\d+bp\b|per bp\b", text)
        assert found == [] or set(found) == {"475bp"}, found  # a claim's own words aside
    assert "a hawkish surprise of +40 basis points" in " ".join(said[0].split())
    assert "per 10 basis points" in said[1]


def test_a_size_before_its_noun_takes_its_unit_in_the_singular() -> None:
    # 'against a 20%-priced 50 basis points hike': a 50 basis point hike
    said = " ".join(run("whatif", "--draws", "0").split())
    assert "-priced 50 basis point hike" in said, said


def test_a_level_written_with_brackets_is_not_bracketed_again() -> None:
    # 'at 165.0 (2002=100) (165.3 (2002=100) with no shocks)': brackets in brackets
    said = " ".join(run("whatif", "--draws", "0").split())
    assert "at 165.0 (2002=100) against 165.3 (2002=100) with no shocks" in said, said
    assert "(165.3 (2002=100)" not in said


def test_a_table_of_wide_units_drops_a_horizon_before_it_cuts_its_labels() -> None:
    # at 80 columns '+0.89 vacancies per unemployed person' in two horizon columns left
    # the labels 6 characters: 'Vacan-', 'cies', 'per', 'unemp…'
    said = run("whatif", "vacancies per unemployed person rise to 1.2", "--draws", "0")
    table = said.split("Outcomes against the comparison\n", 1)[1].split("\n\n", 1)[0]
    assert "Vacan-" not in table and "Emplo-" not in table, table
    assert "Vacancies per unemployed person" in " ".join(table.split()), table
    assert max(len(line) for line in table.splitlines()) <= 80


def test_a_horizon_refused_in_a_monthly_pack_is_offered_durations_it_takes() -> None:
    # 'use durations such as 1d,1w,1m,3m': a pack counted in months takes no 1d nor 1w
    said = run("whatif", "--horizon", "a year", "--draws", "0", code=2)
    assert "1d" not in said and "1w" not in said and "1y" in said, said


def test_millions_of_persons_said_alone_are_the_units_thousand() -> None:
    # 'employment falls 2.5 million' was refused with "write '-2500 thousand persons'",
    # where 'employment falls 2.5 million persons' was read
    assert min(moves("employment falls 2.5 million", "employment").values()) == -2500.0


def test_a_move_under_a_thousand_persons_is_written_in_persons() -> None:
    # 'this should raise employment by 0.83 thousand persons': the unit declares the persons
    # it counts in thousands (smaller: ' persons'), and a move under one of it reads in them
    said = " ".join(on_pack(LABOUR, "whatif", "migration-surge", "--draws", "0").split())
    assert "Employment 0 persons +832 persons" in said  # the table, each cell its own
    assert "Employment: 832 persons higher, at 21.05 million persons" in said
    assert "this should raise employment by 832 persons [7]" in said
    assert not re.search(r"\b0\.\d+ thousand persons", said)


@pytest.mark.parametrize(
    "question",
    ["a rise of half a point in the jobless rate", "a half-point rise in the jobless rate"],
)
def test_a_move_named_before_its_size_is_read(question: str) -> None:
    # both were refused with 'did you mean hausse de taux': the move named first, its size
    # after 'of' or made one word before it, as a release writes them
    assert moves(question, "unemployment_rate")["3m"] == pytest.approx(0.5)


@pytest.mark.parametrize(
    "question",
    ["the jobless rate rises 0.5ppt", "unemployment up 0.5 ppts", "jobless rate +0.5ppt"],
)
def test_percentage_points_as_the_british_press_abbreviates_them(question: str) -> None:
    # "'ppt' is no unit; did you mean '0.5 pp'?": a statistics office's 'ppt' was refused
    assert moves(question, "unemployment_rate")["3m"] == pytest.approx(0.5)


@pytest.mark.parametrize(
    "question",
    [
        "30k jobs lost",
        "30k jobs are lost",
        "employment sheds 30k",
        "employers shed 30k jobs",
        "the economy loses 30k jobs",
        "the economy sheds 30 thousand jobs",
    ],
)
def test_jobs_lost_as_a_news_wire_writes_it(question: str) -> None:
    # each was 'no scenario matches': 'lose' and 'shed' were no moves, and a subject that
    # names no node ('employers', 'the economy') hid the command after it
    assert min(moves(question, "employment").values()) == pytest.approx(-30.0)


@pytest.mark.parametrize("name", ["US", "U.S."])
def test_another_economy_said_as_the_subject_is_refused_by_its_name(name: str) -> None:
    # 'the US economy sheds 30 thousand jobs' was read as Canada's employment falling 30k:
    # the name the pack writes nowhere was read past ('U.S.' too, its letters read one by one)
    said = f"the {name} economy sheds 30 thousand jobs"
    err = run("whatif", said, "--draws", "0", code=2)
    assert err.splitlines()[0] == (
        f"macrograph: cannot run '{said}': nothing in the pack is "
        f"named '{name}', and read without it the question would be about something else"
    )
    assert "ask without it to mean what the pack has (list it with: macrograph list nodes)" in err


def test_a_region_said_as_the_subject_names_no_node_of_it() -> None:
    # 'Canada sheds 30k jobs' read 'Canada' loosely as the Bank of Canada, the one node
    # whose names hold the word, and refused; a region's name is the region
    assert min(moves("Canada sheds 30k jobs", "employment").values()) == pytest.approx(-30.0)
    err = run("whatif", "Québec sheds 30k jobs", "--draws", "0", code=2)
    assert "employment is Canada's, not Québec's" in err
    # it asked to drop 'in Québec', words the question never had
    assert "no such node for Québec; ask without 'Québec'\n" in err
