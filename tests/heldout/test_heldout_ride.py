"""A ride-hailing marketplace in one city, a field the machinery has never seen, read as
its marketplace economist, an operations manager and the teacher of a platform-economics
class would.

The held-out pack tests/packs/heldout_ride counts in days (the pack format steps a day at
the shortest; an evening's hours are read at the evening peak), in American English:
ride requests in requests an hour, drivers online and active drivers in drivers (a stock
that net new drivers a day fill), riders' wait time in minutes, the surge multiplier a
multiple written 1.8x, the base fare in $/mi, drivers' hourly earnings in $ an hour, the
take rate and cancellations in % moving in pp, trips completed a day, gas in cents a
gallon, rain in inches. A concert letting out is a one-evening demand shock; a gas spike
keeps drivers home for a while (a fading rule); the city's license cap binds only at or
below the licenses issued (a `when`); a driver bonus starts when the wait passes 8
minutes while the promo budget holds more than $50k (a threshold under a `when`), drains
that budget (a stock) and stops when it runs low; more drivers shorten waits and bring
riders and pay that bring more drivers (a reinforcing loop), and surge turns riders away
(a balancing loop). It ships an illustrative daily series of the evening wait with a
stormy Friday read from it, and the drivers' union's view as an overlay.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from macrograph.graph.build import build_graph
from macrograph.graph.query import loops
from macrograph.rules import load_pack
from macrograph.rules.lint.core import lint_pack
from tests.packfactory import flat, moves_on, on_pack, shocked_on

RIDE = Path(__file__).parents[1] / "packs" / "heldout_ride"


def run(*args: str, code: int = 0) -> str:
    """The output of a command on the pack in an 80-column terminal."""
    return on_pack(RIDE, *args, code=code)


def moves(question: str, node: str) -> dict[str, float]:
    """The change of ``node`` at each horizon of ``question``'s what-if, without draws."""
    return moves_on(RIDE, question, node)


def shocked(question: str, node: str) -> list[tuple[float | None, float | None]]:
    """The change and the level ``question`` sets ``node`` to, shock by shock."""
    return shocked_on(RIDE, question, node)


def test_the_pack_lints_clean_and_has_its_loops() -> None:
    pack = load_pack(RIDE)
    assert [i for i in lint_pack(pack) if i.severity != "info"] == []
    assert (pack.info.period, pack.info.language) == ("1d", 3)
    found = {frozenset(lp.nodes): lp.polarity for lp in loops(build_graph(pack))}
    assert found[frozenset({"ride_requests", "wait_time", "surge"})] == "balancing"
    grows = {"active_drivers", "drivers_online", "wait_time", "ride_requests", "earnings"}
    assert found[frozenset(grows | {"driver_signups"})] == "reinforcing"


@pytest.mark.parametrize(
    ("question", "node", "size"),
    [
        ("add 500 drivers", "active_drivers", 500.0),
        ("gas up 40 cents", "gas_price", 40.0),
        ("gas prices jump 40 cents a gallon", "gas_price", 40.0),
        ("requests jump 2,000 requests an hour", "ride_requests", 2000.0),
    ],
)
def test_the_operations_channel_s_questions_read(question: str, node: str, size: float) -> None:
    assert [change for change, _ in shocked(question, node)] == [pytest.approx(size)]


@pytest.mark.parametrize(
    ("question", "node", "level"),
    [
        ("surge goes to 2.5x", "surge", 2.5),
        ("wait times hit 10 minutes", "wait_time", 10.0),
        ("raise the base fare to $1.50/mi", "base_fare", 1.5),
        ("take rate to 20%", "take_rate", 20.0),
    ],
)
def test_levels_said_as_the_marketplace_says_them_read(
    question: str, node: str, level: float
) -> None:
    assert [at for _, at in shocked(question, node)] == [level]


@pytest.mark.parametrize(
    ("question", "node", "level"),
    [
        ("cut the take rate to 20%", "take_rate", 20.0),
        ("cut the base fare to $1.20/mi", "base_fare", 1.2),
    ],
)
def test_a_verb_that_is_also_a_word_of_an_alias_reads_as_the_verb(
    question: str, node: str, level: float
) -> None:
    # the take rate's alias 'the platform's cut' held the word 'cut': 'cut the base fare'
    # was read as the take rate and refused, offering '--shock take_rate=+0.5pp'
    assert [at for _, at in shocked(question, node)] == [level]


def test_the_surge_multiplier_takes_the() -> None:
    # 'this raises surge multiplier by 0.18x' and 'Surge multiplier is set to 2.50x': a
    # multiplier is a thing that counts, as a price or a rate is
    told = flat(run("whatif", "--draws", "0"))
    assert "this raises the surge multiplier by 0.18x [" in told, told
    told = flat(run("whatif", "surge goes to 2.5x", "--draws", "0"))
    assert "The surge multiplier is set to 2.50x on 12 Sep 2026 [1]." in told, told


def test_horizons_left_out_to_fit_are_named_apart_from_the_level_column() -> None:
    # 'Left out to fit the width: level at 12w, 1d, 1w, 4w' read as the levels at four
    # horizons; what went was the level at 12w and the changes at the three middle ones
    told = flat(run("whatif", "wait times hit 10 minutes", "--draws", "0"))
    assert (
        "Left out to fit the width: level at 12w, the changes at 1d, 1w and 4w (a wider" in told
    ), told


@pytest.mark.parametrize(
    "question",
    ["concert lets out at 11", "the concert lets out at 11pm", "concert lets out at 10:30 p.m."],
)
def test_a_scenario_said_with_its_time_of_day_is_that_scenario(question: str) -> None:
    # 'no scenario matches 'concert lets out at 11'': the pack steps a day at a time, and an
    # hour said after an event's name says when that evening it happens
    answer = json.loads(run("whatif", question, "--draws", "0", "--format", "json"))
    assert answer["scenario"] == "concert", answer["scenario"]


def test_an_explanation_read_on_the_day_of_the_event_says_so() -> None:
    # 'read 0 days after the event on 12 Sep 2026': the pack's first horizon is 0d, the
    # concert's own evening, as the what-if says it ('On the day the biggest consequences')
    told = flat(run("explain", "wait_time", "--draws", "0"))
    assert "read on the day of the event on 12 Sep 2026 (12 Sep 2026)" in told, told
    told = flat(run("explain", "wait_time", "--draws", "0", "--horizon", "1w"))
    assert "read 1 week after the event on 12 Sep 2026 (19 Sep 2026)" in told, told


def test_a_threshold_held_back_by_its_when_reads_on_the_day() -> None:
    # '(at $250k after 0 days)': the level of the `when`'s node on the event's own day
    told = flat(run("whatif", "--draws", "0"))
    assert "at or above $50k (at $250k on the day)." in told, told


@pytest.mark.slow
def test_the_brief_s_diagram_says_when_its_moves_are_read(tmp_path: Path) -> None:
    # the chain's description for a reader who cannot see it said 'with its change after 0
    # days' for the concert's own evening
    note = tmp_path / "brief.html"
    run("brief", "--draws", "0", "-o", str(note))
    text = note.read_text(encoding="utf-8")
    assert "each node it moves with its change on the day (" in text
    assert "after 0 days" not in text


def test_the_bonus_starts_past_8_minutes_and_stops_when_the_budget_runs_low() -> None:
    assert moves("wait times hit 10 minutes", "driver_bonus") == {
        "0d": 0.0,
        "1d": 4.0,
        "1w": 4.0,
        "4w": 0.0,
        "12w": 0.0,
    }
    # $7k a day for each dollar an hour: $28k a day until less than $50k is left
    assert moves("wait times hit 10 minutes", "promo_budget")["12w"] == pytest.approx(-224.0)
    told = flat(run("whatif", "wait times hit 10 minutes", "--draws", "0"))
    assert "long_waits_trigger_bonus moves the driver bonus by +$4 an hour [" in told, told


def test_a_concert_is_one_evening_and_a_gas_spike_keeps_drivers_home_a_while() -> None:
    concert = moves("concert", "ride_requests")
    assert concert["0d"] == pytest.approx(2287, abs=1) and abs(concert["1w"]) < 5
    gas = moves("gas-spike", "drivers_online")
    assert gas["0d"] == pytest.approx(-60.0) and -50 < gas["4w"] < -30


def test_the_license_cap_binds_only_at_or_below_the_licenses_issued() -> None:
    assert moves("cap licences at 3,000", "active_drivers")["1d"] == pytest.approx(-200.0)
    assert moves("raise the license cap by 500", "active_drivers")["1w"] == 0.0
    told = flat(run("whatif", "raise the license cap by 500", "--draws", "0"))
    assert "From 13 Sep 2026 the rule cap_binds_on_drivers switches off" in told, told


def test_the_stormy_evening_is_read_from_the_illustrative_series() -> None:
    answer = json.loads(run("backtest", "--draws", "0", "--format", "json"))
    seen = [o["observed"] for e in answer["episodes"] for o in e["observations"]]
    assert seen == [pytest.approx(2.9), pytest.approx(0.1), pytest.approx(3600)]


def test_the_union_counts_the_take_rate_heavier() -> None:
    told = flat(run("whatif", "take-rate-cut", "--against-overlay", "union", "--draws", "0"))
    # the label wraps at 80 columns, whole words on each line
    assert "Drivers' hourly +$1.65 an hour +$2 an hour +$0.35 an hour earnings" in told, told


@pytest.mark.slow
def test_the_brief_and_the_lesson_speak_the_marketplace_s_words(tmp_path: Path) -> None:
    brief, lesson = tmp_path / "brief.html", tmp_path / "lesson.html"
    run("brief", "--draws", "20", "-o", str(brief))
    run("lesson", "gas-spike", "-o", str(lesson))
    for text in (brief.read_text(encoding="utf-8"), lesson.read_text(encoding="utf-8")):
        assert "after 0 days" not in text
        for word in ("yen", "boj", "fed ", "treasury", "nikkei", "jgb"):
            assert word not in text.lower(), word
    assert "$27.98 an hour" in brief.read_text(encoding="utf-8")
    assert "+40¢ a gallon" in lesson.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("question", "change", "level"),
    [
        ("gas up $0.40 a gallon", 40.0, None),
        ("gas up 40 cents a gallon", 40.0, None),
        ("gas hits $4 a gallon", None, 400.0),
        ("gas hits $3.90 a gallon", None, 390.0),
    ],
)
def test_dollars_a_gallon_on_a_price_in_cents_are_a_hundred_cents_each(
    question: str, change: float | None, level: float | None
) -> None:
    # 'gas up $0.40 a gallon' ran as '+0.4¢ a gallon' and 'gas hits $4 a gallon' as '4¢ a
    # gallon': the dollar sign was dropped before a unit said in words
    found = shocked(question, "gas_price")
    assert found == [(pytest.approx(change) if change else None, level)], found


@pytest.mark.parametrize(
    ("question", "change", "level"),
    [
        ("base fare rises to $1.50 a mile", None, 1.5),
        ("base fare rises to $1.50 per mile", None, 1.5),
        ("raise the base fare by $0.15 a mile", 0.15, None),
    ],
)
def test_a_fare_a_mile_is_the_fare_in_dollars_per_mi(
    question: str, change: float | None, level: float | None
) -> None:
    # "'a mile' is not a unit of a level of base_fare (in $/mi)": 'mi' is a mile, as 'ha'
    # is a hectare
    found = shocked(question, "base_fare")
    assert found == [(pytest.approx(change) if change else None, level)], found


@pytest.mark.slow
def test_a_departure_names_its_rule_s_target_as_a_sentence_does(tmp_path: Path) -> None:
    # '**Take rate to Drivers' hourly earnings**': the target's first word kept its capital
    note = tmp_path / "brief.md"
    run("brief", "--draws", "0", "-o", str(note))
    text = note.read_text(encoding="utf-8")
    assert "**Take rate to drivers' hourly earnings**: size" in text


def test_one_column_left_out_to_fit_is_it() -> None:
    # 'Left out to fit the width: level at 12w (a wider terminal, or -o FILE, shows them)'
    told = flat(run("whatif", "raise the license cap by 500", "--draws", "0"))
    assert "level at 12w (a wider terminal, or -o FILE, shows it)." in told, told
