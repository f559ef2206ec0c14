"""A teaching hospital's beds and waiting lists through a winter, a field the machinery has
never seen, read as a bed manager, a board member and a teacher would.

The held-out pack tests/packs/heldout_hospital counts in weeks and speaks Québec's words
(Sainte-Thérèse, CHSLD, the Ministère): flu and emergency admissions fill the wards, staffed
beds and care-home places empty them; a full hospital lengthens the stretcher wait in the
emergency department and cancels elective surgery, so the waiting list (a stock of referrals
in, operations and removals out) grows, and patients who wait too long come back as
emergencies (a reinforcing loop). Above 92% occupancy nurses work overtime, which sends them
on sick leave and closes beds (a loop that runs only under that ``when``); at 98% the surge
plan cancels a block of surgery (a threshold). Its units are its own (admits a week, ops a
week, patients, h, weeks, $k a week); it ships a weekly series of occupancy, an episode read
from it, and the nurses' union's view as an overlay.
"""

from __future__ import annotations

import re
import shutil
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

from macrograph.explain.cli import main
from macrograph.explain.messages.questions import graph_error_lines
from macrograph.graph.build import build_graph
from macrograph.graph.errors import DivergenceError
from macrograph.graph.query import loops
from macrograph.rules import load_pack
from macrograph.rules.lint.core import lint_pack
from tests.packfactory import Cli, moves_on, on_pack, written_notes

HOSPITAL = Path(__file__).parents[1] / "packs" / "heldout_hospital"

# Words of the bundled pack's world, and of markets, that no output on a hospital may use.
BUNDLED = re.compile(
    r"\b(yen|boj|fed|fomc|jgb|treasur\w*|usd|nikkei|bitcoin|vix|carry|rall(y|ies|ied)|"
    r"sell-?off|hawkish|dovish|market-implied|priced|policy rate|desk|basis points?|\d+bp)\b",
    re.IGNORECASE,
)


def run(*args: str, code: int = 0, pack: Path = HOSPITAL) -> str:
    """The output of a command on the pack in an 80-column terminal."""
    return on_pack(pack, *args, code=code)


def moves(question: str, node: str) -> dict[str, float]:
    """The change of ``node`` at each horizon of ``question``'s what-if, without draws."""
    return moves_on(HOSPITAL, question, node)


@pytest.fixture(scope="module")
def answer() -> str:
    """The default scenario, a flu wave, in words."""
    return " ".join(run("whatif", "--draws", "0").split())


def test_the_pack_lints_clean_and_counts_in_weeks() -> None:
    pack = load_pack(HOSPITAL)
    # the burnout loop, lagged, whose ranges let its gain pass 1 (its draws are left out)
    found = [(i.obj_id, i.code) for i in lint_pack(pack) if i.severity != "info"]
    assert found == [("overtime_burns_nurses_out", "range-diverges")]
    assert (pack.info.period, pack.info.language) == ("1w", 3)
    assert pack.nodes["occupancy"].label == "Bed occupancy at Sainte-Thérèse"


def test_the_loops_a_bed_manager_expects() -> None:
    found = {frozenset(lp.nodes): lp for lp in loops(build_graph(load_pack(HOSPITAL)))}
    burnout = found[frozenset({"nurse_overtime", "nurses_on_leave", "staffed_beds", "occupancy"})]
    assert (burnout.polarity, burnout.gated) == ("reinforcing", ("full_wards_need_overtime",))
    backlog = found[
        frozenset({"elective_surgeries", "waiting_list", "emergency_admissions", "occupancy"})
    ]
    assert backlog.polarity == "reinforcing"
    assert found[frozenset({"delayed_discharges", "occupancy"})].polarity == "balancing"
    assert found[frozenset({"list_removals", "waiting_list"})].polarity == "balancing"


def test_flu_fills_the_wards_and_the_waiting_list_grows_after_it_passes() -> None:
    # H1: 60 admissions a week at 0.2 points each fill 12 points before the wards push back
    occupancy = moves("flu-wave", "occupancy")
    assert 0 < occupancy["1w"] <= 60 * 0.2 and occupancy["4w"] > 5
    assert abs(occupancy["26w"]) < 1  # the wave has passed
    waiting = moves("flu-wave", "waiting_list")
    assert 0 < waiting["1w"] < waiting["4w"] < waiting["13w"] < waiting["26w"]  # a stock
    assert moves("flu-wave", "median_wait")["26w"] == pytest.approx(
        waiting["26w"] * 0.0067, rel=1e-9
    )


def test_places_nurses_and_money_each_relieve_the_hospital_the_right_way() -> None:
    places = moves("care-home-places", "delayed_discharges")
    assert places["1w"] == 0 and places["4w"] < 0  # after the paperwork's two weeks
    assert moves("care-home-places", "occupancy")["4w"] < 0
    assert moves("agency-nurses", "staffed_beds")["4w"] == pytest.approx(20 * 1.2)
    assert moves("agency-nurses", "er_wait")["4w"] < 0
    assert moves("surgery-blitz", "elective_surgeries")["4w"] == pytest.approx(30.0)
    assert moves("surgery-blitz", "waiting_list")["26w"] < 0


def test_the_surge_plan_and_overtime_act_only_past_their_levels(answer: str) -> None:
    assert (
        "On 5 Jan 2026 bed occupancy at Sainte-Thérèse reaches its trigger (at or above 98.0% "
        "occupied): surge_plan_cancels_surgery moves elective surgeries by -40 ops a week"
    ) in answer
    assert (
        "From 12 Jan 2026 the rule full_wards_need_overtime switches on, with bed occupancy at "
        "Sainte-Thérèse at or above 92.0% occupied"
    ) in answer
    # it said 'It switches off again from 9 Mar 2026.' and no more, while the wards filled
    # and emptied past 92% through the spring and the rule went on and off again
    assert "It switches off again from 9 Mar 2026, and switches 6 more times after that." in answer
    assert moves("care-home-places", "nurse_overtime")["26w"] == 0.0  # below 92%


def test_a_waiting_list_and_a_wait_read_as_things_with_the(answer: str) -> None:
    # 'After 26 weeks the biggest consequences: surgical waiting list ends 1.16k patients
    # higher; median wait for surgery ends 7.8 weeks higher': a list and a wait count
    assert (
        "After 26 weeks the biggest consequences: the surgical waiting list ends 1.16k "
        "patients higher [3][4]; the median wait for surgery ends 7.8 weeks higher [3][4][5]."
    ) in answer
    told = " ".join(run("whatif", "waiting list falls by a third", "--draws", "0").split())
    assert "patients leaving the list unoperated end 14 ops a week lower" in told


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("er wait rises 2 hours", "Emergency stretcher wait +2 h"),
        ("the wait in emergency spikes 4 hours", "Emergency stretcher wait +4 h"),
        ("délai aux urgences rises 2 h", "Emergency stretcher wait +2 h"),
        ("flu admissions rise by 30 a week", "Flu admissions +30 admits a week"),
        ("funding rises $200k", "Catch-up funding from the Ministère +$200k a week"),
        ("flu doubles", "Flu admissions +100% (+10 admits a week)"),
        ("waiting list falls by a third", "Surgical waiting list -33.33% (-1.4k patients)"),
        ("median wait rises 2 weeks", "Median wait for surgery +2 weeks"),
    ],
)
def test_a_newcomer_s_phrasings_read_in_the_pack_s_units(question: str, title: str) -> None:
    # 'er wait rises 2 hours' was refused: "'hours' does not apply to er_wait (in hours)"
    assert run("whatif", question, "--draws", "0", "--short").splitlines()[0] == title


@pytest.mark.parametrize(
    "question", ["Agency nurses hired", "new care-home places", "a surgery catch-up blitz"]
)
def test_a_scenario_s_title_as_listed_reads_as_the_scenario(question: str) -> None:
    # 'list scenarios' shows titles, and typing one back was refused: "no scenario matches
    # 'agency nurses hired'; did you mean 'agency nurses'"
    titles = dict(line.split(None, 1) for line in run("list", "scenarios").splitlines())
    answer = run("whatif", question, "--draws", "0", "--format", "json")
    assert '"how": "title"' in answer
    title = run("whatif", question, "--draws", "0", "--short").splitlines()[0]
    assert title in titles.values() and title.lower() == question.lower().replace(
        "care home", "care-home"
    )


@pytest.mark.parametrize(
    ("shock", "title"),
    [
        ("median_wait=+1weeks", "Median wait for surgery +1 week"),
        ("flu_admissions=+50admits", "Flu admissions +50 admits a week"),
        ("surgery_funding=+200k", "Catch-up funding from the Ministère +$200k a week"),
    ],
)
def test_a_shock_is_titled_as_the_tables_write_its_change(shock: str, title: str) -> None:
    # the title echoed the shock as typed: 'Median wait for surgery +1weeks',
    # 'Flu admissions +50admits', where the same move in words reads '+1 week'
    assert run("whatif", "--shock", shock, "--draws", "0", "--short").splitlines()[0] == title


@pytest.mark.parametrize(
    ("question", "told"),
    [
        # the same number in hours would be sixty times the size asked
        ("er wait rises 30 minutes", "30 minutes is 0.5h: write '+0.5h'"),
        ("median wait rises 14 days", "14 days is 2 weeks: write '+2 weeks'"),
        # a month has no fixed length in weeks: never '+3weeks'
        (
            "median wait rises 3 months",
            "'months' does not apply to median_wait (in weeks) and is not converted",
        ),
    ],
)
def test_a_size_in_another_unit_of_time_is_converted_or_not_offered(
    question: str, told: str
) -> None:
    err = run("whatif", question, "--draws", "0", code=2)
    assert told in err
    if "months" in question:  # a typical change offered instead: one week, not '+1weeks'
        assert err.splitlines()[-1] == "  e.g. --shock 'median_wait=+1 week'"
    assert "+30h" not in err and "+14weeks" not in err and "+3weeks" not in err


@pytest.mark.slow  # every document of the pack, written and read
def test_no_output_speaks_of_markets(tmp_path: Path) -> None:
    texts = [
        run("whatif", "--draws", "20"),
        run("whatif", "care-home-places", "--draws", "0", "--format", "json"),
        run("explain", "occupancy", "--draws", "0"),
        run("backtest", "--draws", "0"),
        run("loops"),
        run("export", "flu-wave", "--format", "dot"),
    ]
    texts += written_notes(HOSPITAL, tmp_path)
    for text in texts:
        assert not BUNDLED.findall(text), BUNDLED.findall(text)


def test_the_backtest_reads_the_pack_s_units_and_its_week() -> None:
    # the rows read '+7.6 occupancy_pct+5.5 occupancy_pct+3.0 occupancy_pct to ...' and
    # '+3.5 hours' (the unit's id), run together, and the header spoke of 'half a daily
    # standard deviation' in a pack counted in weeks
    text = run("backtest", "--draws", "0")
    prose = " ".join(text.split())
    assert "exceeds half a week's standard deviation" in prose
    assert "daily" not in prose and "a day's" not in prose
    rows = [line for line in text.splitlines() if line.startswith("  Bed occupancy at Sa")]
    assert [line.split()[5:7] for line in rows] == [["+7.6", "pp"], ["+7.6", "pp"]]
    assert "occupancy_pct" not in text and " hours" not in text
    assert "  Emergency stretcher… 1w     +3.5 h   +2.0 h          -     -  yes    - [2]" in text
    md = run("backtest", "--draws", "0", "--format", "md")
    assert "half a week's standard deviation" in md and "occupancy_pct" not in md


def test_a_fit_says_which_rules_only_an_unweighable_move_reaches(tmp_path: Path) -> None:
    # the stretcher wait is observed but states no volatility, so the fit cannot weigh its
    # miss: crowding_lengthens_er_wait was listed among the rules 'no observation reaches'
    text = " ".join(run("calibrate", "--draws", "0", "-o", str(tmp_path / "fit.yaml")).split())
    unreached = text.split("Left as they are (no observation reaches them): ")[1].split(".")[0]
    assert "crowding_lengthens_er_wait" not in unreached
    assert (
        "Left as they are (only moves of nodes that state no volatility reach them, and a fit "
        "weighs a miss by the node's noise): crowding_lengthens_er_wait."
    ) in text


def test_two_views_side_by_side_keep_their_columns_apart() -> None:
    # '+7.5 pp91.0% occupied' and '4.20k patients+97 patients': figures in the pack's
    # units are wider than the table's fixed columns of 11
    for width in ("80", "120"):
        text = CliRunner().invoke(
            main,
            ["whatif", "flu wave", "--draws", "0", "--against-overlay", "union",
             "--pack", str(HOSPITAL)],
            env={"COLUMNS": width},
            catch_exceptions=False,
        ).stdout  # fmt: skip
        assert not re.search(r"[0-9a-z%][+-]?[0-9]", re.sub(r"\d[\d.,]*[kM]?", "9", text))
        assert all(len(line) <= int(width) for line in text.splitlines()), width
    assert "  Surgical waiting list               4.2k patients     +97 patients" in text


@pytest.mark.slow
def test_two_views_speak_of_percentage_points_only_where_a_move_is_a_percent(
    tmp_path: Path,
) -> None:
    # '(percent changes differ in percentage points, pp)' was said of a hospital whose
    # outcomes are in patients, hours, weeks and points of occupancy
    text = " ".join(run("whatif", "flu wave", "--draws", "0", "--against-overlay", "union").split())
    assert "the union's effect minus the evidence's, in the outcome's unit." in text
    run("brief", "--draws", "0", "-o", str(tmp_path / "note.md"))
    note = (tmp_path / "note.md").read_text()
    assert "the move with the entry minus the move without it, in each one's unit, the" in note
    assert "percent changes differ" not in text + note


def test_a_system_that_grows_in_every_draw_is_named_in_weeks_and_by_date(
    tmp_path: Path,
) -> None:
    # 'grows in all 50 Monte Carlo draws (by up to 0.41% a period, ...) from period 0'
    pack = shutil.copytree(HOSPITAL, tmp_path / "pack")
    rules = (pack / "rules.yaml").read_text()
    (pack / "rules.yaml").write_text(rules[: rules.index("  - id: long_lists_lose_patients")])
    err = run("whatif", "--draws", "50", code=2, pack=pack)
    assert "Traceback" not in err and len(err.splitlines()) == 1
    assert re.search(r"\(by up to 0\.\d+% a week, the spectral radius of its step less 1\)", err)
    assert "from 5 Jan 2026: narrow the range of one of its elasticities" in err
    assert "period" not in err.replace("spectral", "")


def test_a_divergence_without_its_calendar_still_says_the_period() -> None:
    error = DivergenceError(["a", "b"], 1.25, 3, draws=1)
    assert graph_error_lines(error)[0].endswith(
        "1 or more grows without bound) at period 3: narrow the range of one of its "
        "elasticities or give one of its rules a lag"
    )


# --- hostile input ---------------------------------------------------------------------


def altered(tmp_path: Path, file: str, old: str, new: str) -> Path:
    """A copy of the hospital pack with ``old`` replaced by ``new`` in ``file``."""
    pack = shutil.copytree(HOSPITAL, tmp_path / "pack")
    text = (pack / file).read_text()
    assert old in text
    (pack / file).write_text(text.replace(old, new, 1))
    return pack


@pytest.mark.parametrize(
    ("file", "old", "new", "told"),
    [
        (
            "nodes.yaml",
            "    label: Flu admissions\n",
            "    label: Flu admissions\n    label: Flu again\n",
            "nodes.yaml:4: error: id 'flu_admissions', field 'label': duplicate key 'label' "
            "(first given at line 3)",
        ),
        (
            "nodes.yaml",
            "    floor: 0\n    volatility: {value: 3,",
            "    floor: zero\n    volatility: {value: 3,",
            "nodes.yaml:11: error: id 'flu_admissions', field 'floor': must be a number "
            "(got 'zero')",
        ),
        (
            "nodes.yaml",
            "    exogenous: true\n    baseline: {value: 10,",
            "    exogenous: true\n    colour: red\n    baseline: {value: 10,",
            "nodes.yaml:10: error: id 'flu_admissions', field 'colour': unknown field 'colour'",
        ),
        (
            "rules.yaml",
            "    source: flu_admissions\n",
            "    source: flu_admisions\n",
            "rules.yaml:2: error: id 'flu_fills_beds', field 'source': unknown node "
            "'flu_admisions'",
        ),
        (
            "rules.yaml",
            "    when: {node: occupancy, above: 92}",
            "    when: {node: ocupancy, above: 92}",
            "error: id 'full_wards_need_overtime', field 'when.node': unknown node 'ocupancy'",
        ),
        (
            "scenarios.yaml",
            "        change: 60\n",
            "        change: sixty\n",
            "scenarios.yaml:10: error: id 'flu-wave', field 'shocks.0.change': must be a number "
            "(got 'sixty')",
        ),
        (
            "episodes.yaml",
            "    file: data/occupancy.csv",
            "    file: data/missing.csv",
            "episodes.yaml:11: error: id 'occupancy', field 'file': the series' file is not there",
        ),
        (
            "rules.yaml",
            "    lag: 2w\n    magnitude: {elasticity: 0.8",
            "    lag: 10d\n    magnitude: {elasticity: 0.8",
            "error: id 'care_homes_take_patients', field 'lag': lag 10d is not a whole number "
            "of the pack's periods (1w)",
        ),
        (  # a key outcome given twice had two rows in every table, and counted twice
            "pack.yaml",
            "key_outcomes: [occupancy,",
            "key_outcomes: [occupancy, occupancy,",
            "pack.yaml:11: error: id 'hospital', field 'key_outcomes.1': node 'occupancy' is "
            "given twice",
        ),
        (
            "pack.yaml",
            "brief_scenarios: [flu-wave,",
            "brief_scenarios: [flu-wave, flu-wave,",
            "pack.yaml:11: error: id 'hospital', field 'brief_scenarios.1': scenario 'flu-wave' "
            "is given twice",
        ),
    ],
    ids=[
        "duplicate",
        "type",
        "unknown-field",
        "reference",
        "when",
        "change",
        "file",
        "lag",
        "key-outcome-twice",
        "brief-scenario-twice",
    ],
)
def test_a_malformed_pack_is_one_line_naming_file_line_id_and_field(
    tmp_path: Path, cli: Cli, file: str, old: str, new: str, told: str
) -> None:
    pack = altered(tmp_path, file, old, new)
    out = cli("whatif", "--pack", str(pack), "--draws", "0", "--short")
    assert out.code == 2 and out.stdout == ""
    assert out.stderr.startswith("macrograph: ") and told in out.stderr
    assert "Traceback" not in out.stderr and len(out.stderr.splitlines()) == 1


def test_lint_weighs_a_typed_move_against_the_series_in_weeks(tmp_path: Path, cli: Cli) -> None:
    # 'more than 0.4 (0.5 of a day's volatility)' in a pack whose volatility is a week's
    pack = altered(
        tmp_path,
        "episodes.yaml",
        "      - {node: er_wait,",
        "      - {node: occupancy, window: 2w, change: 2.0, cites: {basis: observed, sources: "
        "[weekly-occupancy]}}\n      - {node: er_wait,",
    )
    out = cli("lint", str(pack))
    assert out.code == 0, out.stderr
    assert out.stdout.splitlines()[0].endswith(
        "episodes.yaml:24: warning: id 'flu-winter-2024', field 'observed.2.change': occupancy "
        "over 2w is typed as +2; series 'occupancy' gives +8.3 (90.5 on 2024-12-23 to 98.8 on "
        "2025-01-13), 6.3 apart, more than 0.4 (0.5 of a week's volatility)"
    )


HOSTILE = (
    'Bed <script>alert(1)</script> \\"occ\\" \\u001b[31mRED\\u001b[0m \\u202eevil\\u202c '
    "]; node [label=x] & {{ 7*7 }} " + "x" * 300
)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hospital pack with markup, terminal controls and a bidi override in a label."""
    pack = shutil.copytree(HOSPITAL, tmp_path_factory.mktemp("hostile") / "pack")
    nodes = (pack / "nodes.yaml").read_text()
    (pack / "nodes.yaml").write_text(
        nodes.replace("label: Bed occupancy at Sainte-Thérèse\n", f'label: "{HOSTILE}"\n')
    )
    return pack


def test_a_hostile_label_is_shown_escaped_on_a_terminal(hostile: Path) -> None:
    text = run("whatif", "care-home-places", "--draws", "0", pack=hostile)
    assert "\x1b" not in text and "\u202e" not in text
    assert "\\x1b[31mRED\\x1b[0m \\u202eevil\\u202c" in text


def test_a_backtest_chart_drops_hidden_characters_of_a_label(hostile: Path, tmp_path: Path) -> None:
    # the chart drew the label raw: matplotlib warned on stderr of 'Glyph 27 missing from
    # font(s) DejaVu Sans' and the SVG held the escape and the override
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run("backtest", "--draws", "0", "-o", str(tmp_path / "b.html"), pack=hostile)
    page = (tmp_path / "b.html").read_text()
    assert "\x1b" not in page and "\u202e" not in page and "<script>alert" not in page
    assert "flu-winter-2024: Bed &lt;script&gt;alert(1)&lt;/script&gt; " in page
    chart = page[page.index("<svg") : page.index("</svg>")]
    assert "x" * 60 not in chart  # the label is cut at a word, as on the other charts
