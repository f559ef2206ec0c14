"""A drug's dosing on a hospital ward, a field the machinery has never seen, read as a
clinical pharmacologist, a ward pharmacist and a nursing teacher would.

The held-out pack tests/packs/heldout_dose counts in days (the pack language's shortest
period; a ward counts in hours, so its doses are counted a day): velorphine, an invented
renally cleared analgesic with illustrative figures, is given as a daily dose (mg a day)
and as an IV dose that adds to the drug in the body at once (mg, a stock); the body's drug
sets the trough level (mg/L), which slows the heart (bpm), lowers the blood pressure (mmHg)
and eases the pain score (0 to 10); the kidneys clear the drug in proportion to the level and
to creatinine clearance (mL/min); a trough above 2 mg/L injures the kidney (a `when`), which
slows elimination (a reinforcing loop); at a trough of 2 mg/L the prescriber holds the dose
while creatinine clearance is below 50 mL/min and cuts it by a third while it is not (two
thresholds under opposite `when` conditions); pain brings as-needed doses (a balancing loop)
and tolerance builds with the level (a stock that wears off); the antidote binds the drug.
It ships an illustrative chart of levels after a loading dose with an episode read from it,
and a cautious pharmacist's view as an overlay.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from macrograph.explain.lesson.page import lesson_data, propagate_for
from macrograph.graph.build import build_graph
from macrograph.graph.options import RunOptions
from macrograph.graph.query import loops
from macrograph.rules import load_pack
from macrograph.rules.lint.core import lint_pack
from tests.packfactory import flat, moves_on, on_pack, shocked_on

DOSE = Path(__file__).parents[1] / "packs" / "heldout_dose"


def run(*args: str, code: int = 0) -> str:
    """The output of a command on the pack in an 80-column terminal."""
    return on_pack(DOSE, *args, code=code)


def moves(question: str, node: str) -> dict[str, float]:
    """The change of ``node`` at each horizon of ``question``'s what-if, without draws."""
    return moves_on(DOSE, question, node)


def shocked(question: str, node: str) -> list[tuple[float | None, float | None]]:
    """The change and the level ``question`` sets ``node`` to, shock by shock."""
    return shocked_on(DOSE, question, node)


def test_a_threshold_its_when_held_back_is_not_told_as_moving_its_target() -> None:
    # 'On 10 Dec 2026 the trough level reaches its trigger (at or above 2.00 mg/L):
    # toxic_trough_cuts_the_dose moves the daily dose by -100 mg a day [4];
    # toxic_trough_holds_the_dose moves the daily dose by -300 mg a day [13]': the hold
    # fires only while creatinine clearance is below 50 mL/min, it is at 80, and the dose
    # fell by 100 mg a day, not 400
    told = flat(run("whatif", "dose-doubled", "--draws", "0"))
    assert "toxic_trough_holds_the_dose moves" not in told, told
    assert "toxic_trough_cuts_the_dose moves the daily dose by -100 mg a day" in told, told
    assert (
        "toxic_trough_holds_the_dose [12] does not fire: it fires only while creatinine"
        " clearance is at or below 50 mL/min" in told
    ), told
    assert moves("dose-doubled", "daily_dose")["2w"] == pytest.approx(200.0)


@pytest.mark.parametrize("question", ["hold the dose", "the prescriber holds", "stop the drug"])
def test_a_pack_s_own_verb_of_an_end_wins_over_the_default_s_verb_of_holding(
    question: str,
) -> None:
    # "no scenario matches 'hold the dose'": on a ward a held dose is not given; the pack
    # lists 'hold' among its verbs of an end, and the built-in 'hold' (no change) won
    assert shocked(question, "daily_dose") == [(None, 0.0)]


@pytest.mark.parametrize(
    ("question", "shock"),
    [
        ("withhold the dose tonight", (None, 0.0)),
        ("reduce the dose by 150 mg a day tonight", (-150.0, None)),
    ],
)
def test_a_filler_of_the_pack_that_sounds_like_a_day_changes_nothing(
    question: str, shock: tuple[float | None, float | None]
) -> None:
    # "'tonight' names no date; say the date itself": the pack lists 'tonight' among the
    # words that change nothing, as a ward's evening dose is that day's
    assert shocked(question, "daily_dose") == [shock]


def test_a_score_and_an_amount_take_the_mid_sentence() -> None:
    # 'this should lower pain score by 18.0 points', 'Pain score is in a close tug of war':
    # a score counts, as a price or a rate does, and so does an amount
    told = flat(run("whatif", "dose-doubled", "--draws", "0"))
    assert "should lower the pain score by" in told, told
    assert "The pain score is in a close tug of war" in told, told
    assert "raises the amount of drug in the body by" in told, told
    assert " lower pain score " not in told


def test_why_a_node_did_not_move_where_nothing_is_shocked() -> None:
    # 'The scenario and its comparison shock the trough level alike': the ward's plan
    # shocks nothing, nor does its comparison
    told = flat(run("explain", "trough_level", "--draws", "0"))
    assert (
        "Neither the scenario nor its comparison shocks anything, so the trough level stays"
        " at 1.25 mg/L." in told
    ), told
    assert "alike" not in told


def test_a_stock_that_only_drains_itself_is_an_input() -> None:
    # 'No chain of rules leads to the antidote in the blood from the shocks', and with no
    # shocks 'the scenario and its comparison shock the antidote in the blood alike': its
    # only rule is its own clearance, so no other node leads to it
    told = flat(run("explain", "antidote", "--scenario", "dose-doubled", "--draws", "0"))
    assert "The antidote in the blood is an input of the pack: no rule leads to it" in told, told


def test_a_view_s_long_name_wraps_over_its_column_instead_of_being_cut() -> None:
    # 'the evidence  the cautiou…': at 80 columns the overlay's name was cut to its column
    told = run("whatif", "kidney-injury", "--against-overlay", "cautious-pharmacist")
    assert "…" not in told, told
    lines = told.splitlines()
    at = lines.index(next(x for x in lines if x.strip().startswith("outcome")))
    assert lines[at - 1].split() == ["the", "cautious"]
    assert lines[at].split() == ["outcome", "the", "evidence", "pharmacist", "difference"]
    assert max(len(line) for line in lines) <= 80
    assert all(line == line.rstrip() for line in lines)


@pytest.mark.slow
def test_a_brief_of_a_plan_that_shocks_nothing_draws_no_empty_chain(tmp_path: Path) -> None:
    # '## How it reaches the observations to chart' over an empty Mermaid flowchart and an
    # empty SVG: the ward's plan changes nothing, and a section with nothing to say is left out
    for name in ("note.md", "note.html"):
        run("brief", "--draws", "20", "-o", str(tmp_path / name))
        text = (tmp_path / name).read_text()
        assert "How it reaches" not in text and "flowchart" not in text, name
        assert 'class="diagram' not in text and "## Scenario comparison" in text.replace(
            "<h2>Scenario comparison</h2>", "## Scenario comparison"
        ), name
    assert not (tmp_path / "note.svg").exists()


@pytest.mark.parametrize(
    ("question", "node", "size"),
    [
        ("give a further 150 mg IV", "body_amount", 150.0),
        ("give another 150 mg IV", "body_amount", 150.0),
        ("give an extra 150 mg IV", "body_amount", 150.0),
        ("give a further 2 vials of antidote", "antidote", 2.0),
        ("increase the dose by an additional 50 mg a day", "daily_dose", 50.0),
    ],
)
def test_a_size_said_to_come_on_top_is_read(question: str, node: str, size: float) -> None:
    # "no scenario matches 'give a further 150 mg IV'": a further, another, an extra or an
    # additional dose is that dose on top of what is given, as every move a question asks is
    assert shocked(question, node) == [(pytest.approx(size), None)]


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("trough rises to 500 ug/L", "500 ug/L is 0.5 mg/L: write trough_level@0.5"),
        ("trough rises to 3 µg/mL", "3 ug/mL is 3 mg/L: write trough_level@3"),
        ("trough rises 0.5 µg/mL", "0.5 ug/mL is 0.5mg/L: write '+0.5mg/L'"),
        (
            "creatinine clearance falls to 0.5 mL/s",
            "'mL/s' is not a unit of a level of creatinine_clearance (in mL/min) and is not"
            " converted; write its level in its own unit, e.g. creatinine_clearance@80",
        ),
    ],
)
def test_a_level_in_another_unit_of_its_measure_is_offered_converted(
    question: str, said: str
) -> None:
    # "'ug/L' is not a unit of a level of trough_level (in mg/L); write trough_level@500":
    # a level of 500 µg/L offered as 500 mg/L, a thousand times the dose's level; a level
    # per millilitre was not read as one per litre, nor a clearance a second as one a minute
    assert said in flat(run("whatif", question, "--draws", "0", code=2))


def test_the_pack_lints_clean_and_has_its_loops() -> None:
    pack = load_pack(DOSE)
    assert [i for i in lint_pack(pack) if i.severity != "info"] == []
    assert (pack.info.period, pack.info.language) == ("1d", 3)
    found = {frozenset(lp.nodes): lp.polarity for lp in loops(build_graph(pack))}
    kidney = {"body_amount", "trough_level", "creatinine_clearance", "elimination"}
    assert found[frozenset(kidney)] == "reinforcing"
    assert found[frozenset({"body_amount", "trough_level", "elimination"})] == "balancing"
    assert found[frozenset({"body_amount", "trough_level", "pain_score", "rescue_doses"})] == (
        "balancing"
    )


def test_the_dose_is_held_only_while_the_kidneys_are_impaired() -> None:
    # a trough past 2 mg/L with creatinine clearance at 30 mL/min holds the whole dose; at
    # 80 mL/min it cuts a third
    assert moves("crcl falls to 30 and the trough rises to 2.5 mg/L", "daily_dose")["1w"] == (
        pytest.approx(-300.0)
    )
    assert moves("the trough rises to 2.5 mg/L", "daily_dose")["1w"] == pytest.approx(-100.0)


def test_a_bolus_on_the_stock_fades_with_the_half_life() -> None:
    # 400 mg IV: a quarter of a mg/L each 100 mg, cleared with a half-life of about a day
    # and a half, so that a week on little of it is left
    level = moves("give 400 mg IV", "trough_level")
    assert 0.3 < level["1d"] < 0.5 and 0.0 < level["1w"] < 0.05 < level["3d"] < level["1d"]
    assert moves("give 2 vials of antidote", "trough_level")["1d"] < -0.15


def test_the_episode_is_read_from_the_illustrative_chart() -> None:
    answer = json.loads(run("backtest", "--draws", "0", "--format", "json"))
    seen = [o["observed"] for e in answer["episodes"] for o in e["observations"]]
    assert seen == [pytest.approx(0.73), pytest.approx(0.63)]


@pytest.mark.slow
def test_the_brief_and_the_lesson_read_in_the_ward_s_words(tmp_path: Path) -> None:
    note = tmp_path / "note.md"
    run("brief", "kidney-injury", "--draws", "20", "-o", str(note))
    text = note.read_text()
    assert "## Observations to chart" in text
    assert "## Where the cautious pharmacist departs from the evidence" in text
    assert "| Creatinine clearance | -50 mL/min |" in text
    for word in ("market", "yield", "policy rate", "priced"):
        assert word not in text.lower(), word
    page = tmp_path / "lesson.html"
    run("lesson", "kidney-injury", "--draws", "0", "-o", str(page))
    lesson = page.read_text()
    assert "Creatinine clearance → Elimination" in lesson
    assert "this link pushes the heart rate down by 6 bpm at 2w" in lesson


def test_a_size_in_the_unit_only_levels_take_is_refused_as_a_level() -> None:
    # "'/10' does not apply to pain_score (in points); write '+8pts'": a score of 8/10 is a
    # level, and offered as a change of 8 points it would take the score to 12/10
    said = flat(run("whatif", "pain 8/10", "--draws", "0", code=2))
    assert (
        "8/10 is a level of pain_score, whose changes read in points; write pain_score@8 for"
        " that level, or a change in points" in said
    ), said
    assert "+8" not in said
    assert shocked("pain score rises to 8/10", "pain_score") == [(None, 8.0)]


def test_a_range_in_an_abbreviation_of_four_letters_says_it_at_both_ends() -> None:
    # '(from -5 bpm to -12 bpm)' beside '(from -3 to -10 mmHg)': a unit of four letters
    # was taken for a word, said once, though 'mmHg' is an abbreviation as 'bpm' is
    pack = load_pack(DOSE)
    info = lesson_data(pack, propagate_for(pack, None, RunOptions(draws=0)))["rule_info"]
    sizes = {r: next(x for x in info[r]["lines"] if x.startswith("Size: ")) for r in info}
    assert sizes["level_lowers_blood_pressure"] == (
        "Size: -6 mmHg per 1 mg/L (from -3 mmHg to -10 mmHg)"
    )
    assert sizes["level_slows_the_heart"] == "Size: -8 bpm per 1 mg/L (from -5 bpm to -12 bpm)"
    # a unit in words is still said once
    assert sizes["higher_level_clears_faster"].endswith("(from +180 to +300 mg a day)")
