"""A regional ambulance service and the hospitals it hands its patients over to, a field the
machinery has never seen, read as its operations director, a health-policy analyst and a
paramedic-science lecturer would.

The held-out pack tests/packs/heldout_ambulance counts in days and writes in British English
and pounds: a cold snap (in °C, moving calls only below 5 °C, a ``when``) and a flu wave (per
100,000, whose pull on calls fades) bring 999 calls (thousands a day, 'k calls a day');
calls and the crews on the road set the category-2 response time in minutes against its
18-minute target; A&E occupancy in % (moving in pp) above 92% (a ``when``) holds crews at
hospitals, counted in hours lost a day to handover delays; crews on shift are a stock that
recruitment fills and attrition drains (in crews a week, on a daily pack); long waits bring
repeat calls (a reinforcing loop); above 40 minutes the service declares a critical incident,
REAP level 4 (a threshold firing its decision, an index written 'REAP 4' that moves in
levels), which frees crews from hospitals and pays overtime (balancing loops), and stands it
down below 30 minutes while it lasts (a threshold under a ``when``); overtime in £k a week is
the operations director's decision and the board's winter funding in £m buys recruits. It
ships an illustrative daily category-2 series with December 2022 read from it, and a
paramedics' union's view as an overlay.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from macrograph.graph.build import build_graph
from macrograph.graph.query import loops
from macrograph.rules import load_pack
from macrograph.rules.lint.core import lint_pack
from tests.packfactory import flat, moves_on, on_pack, shocked_on, written_notes

AMBULANCE = Path(__file__).parents[1] / "packs" / "heldout_ambulance"


def run(*args: str, code: int = 0) -> str:
    """The output of a command on the pack in an 80-column terminal."""
    return on_pack(AMBULANCE, *args, code=code)


def moves(question: str, node: str) -> dict[str, float]:
    """The change of ``node`` at each horizon of ``question``'s what-if, without draws."""
    return moves_on(AMBULANCE, question, node)


def shocked(question: str, node: str) -> list[tuple[float | None, float | None]]:
    """The change and the level ``question`` sets ``node`` to, shock by shock."""
    return shocked_on(AMBULANCE, question, node)


def test_the_pack_lints_clean_and_has_its_loops() -> None:
    pack = load_pack(AMBULANCE)
    assert [i for i in lint_pack(pack) if i.severity != "info"] == []
    assert (pack.info.period, pack.info.language) == ("1d", 3)
    found = {frozenset(lp.nodes): lp.polarity for lp in loops(build_graph(pack))}
    assert found[frozenset({"calls", "cat2_response"})] == "reinforcing"
    balancing = frozenset({"cat2_response", "reap_level", "handover_delays", "crews_available"})
    assert found[balancing] == "balancing"


def test_the_cold_moves_calls_only_below_five_degrees() -> None:
    # -3 °C from 6 °C: the rule switches on below 5 °C and moves the whole fall of 9 °C
    told = flat(run("whatif", "cold-snap", "--draws", "0"))
    assert "the rule cold_brings_calls switches on, with temperature at or below 5.0 °C" in told
    assert moves("cold-snap", "calls")["1d"] == pytest.approx(0.36)
    assert abs(moves("cold-snap", "calls")["1w"]) < 0.001  # back after the thaw


def test_a_cold_snap_in_a_flu_wave_declares_a_critical_incident_and_stands_it_down() -> None:
    told = flat(run("whatif", "cold-and-flu", "--draws", "0"))
    assert (
        "On 13 Dec 2026 category-2 response time reaches its trigger (at or above 40 minutes):"
        " slow_responses_declare_a_critical_incident moves the REAP level by +1 level" in told
    ), told
    assert "faster_responses_stand_the_incident_down moves the REAP level by -1 level" in told
    assert moves("cold-and-flu", "reap_level")["1w"] == 1.0


@pytest.mark.parametrize(
    ("question", "node", "size"),
    [
        ("calls rise 10%", "calls", 0.32),
        ("handover delays double", "handover_delays", 240.0),
        ("overtime is cut by £200k a week", "overtime", -200.0),
        ("crews rise by 50", "crews_on_shift", 50.0),
        ("calls rise 0.8k for 3 weeks", "calls", 0.8),
    ],
)
def test_the_users_questions_are_read_in_the_pack_s_units(
    question: str, node: str, size: float
) -> None:
    assert shocked(question, node)[0] == (pytest.approx(size), None)


@pytest.mark.parametrize(
    ("question", "level"),
    [("response times go above 40 minutes", 40.0), ("what if A&E occupancy hits 98%", 98.0)],
)
def test_a_level_asked_is_a_level(question: str, level: float) -> None:
    node = "cat2_response" if "response" in question else "ae_occupancy"
    assert [at for _, at in shocked(question, node)] == [level]


def test_the_episode_is_read_from_the_illustrative_series() -> None:
    answer = json.loads(run("backtest", "--draws", "0", "--format", "json"))
    seen = [o["observed"] for e in answer["episodes"] for o in e["observations"]]
    assert len(seen) == 2 and all(s > 0 for s in seen), seen


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("calls rise 800 a day", "800 a day is 0.8k: write '+0.8k' or '+0.8k calls'"),
        ("calls rise 800", "write '+0.8k' or '+0.8k calls'"),
        ("calls fall 300", "write '-0.3k' or '-0.3k calls'"),
    ],
)
def test_a_count_said_whole_on_a_unit_in_thousands_is_offered_in_thousands(
    question: str, said: str
) -> None:
    # 'calls rise 800 a day' ran as '+800k calls a day', with a warning that it was beyond a
    # plausible size: a count said by its time alone below a thousand was read as that many
    # thousands; and a bare 800 was offered back as '+800k'
    told = flat(run("whatif", question, "--draws", "0", code=2))
    assert said in told, told
    assert "800k" not in told


def test_a_thousand_of_a_count_is_said_in_the_plural() -> None:
    # "1000 a day is 1k: write '+1k' or '+1k call'": one thousand calls are calls
    told = flat(run("whatif", "calls rise 1,000 a day", "--draws", "0", code=2))
    assert "'+1k calls'" in told and "call'" not in told, told


@pytest.mark.parametrize(
    "question",
    [
        "the board funds 50 more crews",
        "the board funds 50 extra crews",
        "the board adds 50 more crews",
    ],
)
def test_one_who_decides_moves_a_count_said_with_more(question: str) -> None:
    # "'crews' does not apply to board_funding (in £m)": 'the board funds 50 crews' was read
    # as the crews', and the same with 'more' before the crews as the board's own funding
    assert shocked(question, "crews_on_shift") == [(pytest.approx(50.0), None)]


@pytest.mark.parametrize(
    "question",
    [
        "calls rise 10% in the cold snap",
        "calls rise 10% during a cold snap",
        "a cold snap with calls up 10%",
    ],
)
def test_a_move_said_within_a_scenario_is_the_scenario_and_the_move(question: str) -> None:
    # 'no scenario matches ...', or for 'with' "'a share of its level' does not apply to
    # temperature": the scenario's name after 'in' or before 'with' was read as part of the move
    answer = json.loads(run("whatif", question, "--draws", "0", "--format", "json"))
    shocks = [(s["node"], s["change"], s["level"]) for s in answer["shocks"]]
    assert [(n, c) for n, c, _ in shocks if n == "calls"] == [("calls", pytest.approx(0.32))]
    assert ("temperature", None, -3.0) in shocks, shocks


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("a flu wave adds 0.8k calls a day for three weeks", None),
        ("flu adds 0.8k calls a day", None),
        ("a flu wave adds 800 calls a day for three weeks", "800 calls a day is 0.8k calls"),
    ],
)
def test_a_cause_said_with_the_count_it_adds_moves_that_count(
    question: str, said: str | None
) -> None:
    # 'no scenario matches 'a flu wave adds 800 calls a day'', and "'k calls a day' does not
    # apply to flu_rate": the count's unit names the node the cause adds to
    if said is None:
        assert shocked(question, "calls")[0] == (pytest.approx(0.8), None)
    else:
        assert said in flat(run("whatif", question, "--draws", "0", code=2))


@pytest.mark.parametrize(
    ("question", "level"),
    [("temperature drops to minus 5", -5.0), ("temp falls to minus 3.5 degrees", -3.5)],
)
def test_a_level_below_zero_said_with_minus_is_read(question: str, level: float) -> None:
    # 'no scenario matches 'temperature drops to minus 5'': a forecaster says minus five
    assert shocked(question, "temperature")[0] == (None, level)  # the thaw of the default after


@pytest.mark.parametrize(
    ("question", "step"),
    [
        ("the service declares a critical incident", 1.0),
        ("critical incident declared", 1.0),
        ("the service stands down the critical incident", -1.0),
    ],
)
def test_a_decision_said_without_a_size_takes_its_threshold_s_step(
    question: str, step: float
) -> None:
    # 'it says which way reap_level moves but not how far; add a size': the pack's own
    # threshold declares the incident one level up, and that is the step the words say
    assert shocked(question, "reap_level") == [(pytest.approx(step), None)]


@pytest.mark.parametrize("question", ["the service declares REAP 4", "declare REAP 4"])
def test_a_level_written_with_its_scale_s_sign_after_the_verb_is_that_level(
    question: str,
) -> None:
    # 'REAP level +4 levels', REAP 7 on a scale of 1 to 4: the level the sign names was read
    # as that many levels more
    assert shocked(question, "reap_level") == [(None, 4.0)]


def test_a_move_of_no_decision_said_without_a_size_is_still_asked_its_size() -> None:
    said = flat(run("whatif", "category-2 response time rises", "--draws", "0", code=2))
    assert "it says which way cat2_response moves but not how far; add a size" in said, said


@pytest.mark.parametrize(
    "question", ["What if A&E hits 98% occupancy?", "a&e goes to 97% occupancy"]
)
def test_a_level_said_with_the_node_s_name_after_it_is_that_level(question: str) -> None:
    # 'no scenario matches 'What if A&E hits 98% occupancy?'': the name after the size was
    # taken for its unit
    level = 98.0 if "98" in question else 97.0
    assert [at for _, at in shocked(question, "ae_occupancy")] == [level]


@pytest.mark.parametrize(
    "question", ["crews stuck at hospital double", "ambulances stuck outside A&E double"]
)
def test_a_thing_qualified_by_a_place_the_pack_names_is_not_read_as_the_whole(
    question: str,
) -> None:
    # 'Crews on shift +100% (+420 crews)': the words between the name and the verb were read
    # past, and crews held at hospitals were taken for every crew on the rota
    said = flat(run("whatif", question, "--draws", "0", code=2))
    assert f"no scenario matches '{question}'" in said, said


def test_a_thing_said_in_its_own_region_is_read() -> None:
    assert shocked("calls across north vale rise 10%", "calls") == [(pytest.approx(0.32), None)]


def test_a_region_of_several_named_with_its_places_takes_its_apostrophe_on_its_noun() -> None:
    # "not North Vale's acute hospitals (Kirkby, Thornbridge)'": the apostrophe of a plural
    # was put after the parenthesis that lists the region's places
    said = flat(run("whatif", "calls rise 10% in Thornbridge", "--draws", "0", code=2))
    assert "not North Vale's acute hospitals' (Kirkby, Thornbridge):" in said, said


@pytest.mark.slow
def test_the_brief_and_the_lesson_read_in_the_field_s_words(tmp_path: Path) -> None:
    note, page = written_notes(AMBULANCE, tmp_path)
    assert "| 999 calls | +0.36k calls a day |" in note, note
    assert "category-2 response time at or above 40 minutes" in flat(note)
    shown = re.sub(r"<script.*?</script>", "", page, flags=re.DOTALL)  # the page's own data aside
    for text in (note.lower(), shown.lower()):
        for word in ("market", "yield", "policy rate", "priced"):
            assert word not in text, word
