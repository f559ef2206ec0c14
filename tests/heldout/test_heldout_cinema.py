"""A film studio's summer release, a field the machinery has never seen, read as the
studio's distribution head, a media analyst at a bank and the teacher of a film-business
class would.

The held-out pack tests/packs/heldout_cinema counts in days (horizons in weeks), in American
English and US dollars: an invented film's screens (a count, '3,800 screens'), admissions
(k viewers a day), the daily gross ($m a day, '$500k a day' below a million) piling up in the
cumulative gross ($m, a stock), word of mouth (an audience score in points) set by the
CinemaScore (grade points, A 4.0), marketing spend that brings viewers for a week, a rival's
tentpole that takes screens for a couple of weeks (a temporary shock), the average ticket
($ a ticket) lifted by the premium-format share (% of screens, pp), the per-screen average;
good word of mouth that holds screens, which bring viewers who spread the word (a reinforcing
loop), screens that thin the per-screen average exhibitors drop screens by (a balancing
one), and the studio's move to streaming at day 17 once the daily gross falls below $1.5m a
day, never in the first 17 days in theaters (a threshold under a ``when``). An illustrative
daily box-office series of an earlier summer release carries a rival's opening, and an
exhibitor's view is an overlay.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from macrograph.explain.lesson.words import size_text
from macrograph.graph.build import build_graph
from macrograph.graph.query import loops
from macrograph.rules import load_pack
from macrograph.rules.lint.core import lint_pack
from macrograph.rules.vocabulary import speaking, vocabulary_for
from tests.packfactory import flat, moves_on, on_pack, shocked_on

CINEMA = Path(__file__).parents[1] / "packs" / "heldout_cinema"


def run(*args: str, code: int = 0) -> str:
    """The output of a command on the pack in an 80-column terminal."""
    return on_pack(CINEMA, *args, code=code)


def moves(question: str, node: str) -> dict[str, float]:
    """The change of ``node`` at each horizon of ``question``'s what-if, without draws."""
    return moves_on(CINEMA, question, node)


def shocked(question: str, node: str) -> list[tuple[float | None, float | None]]:
    """The change and the level ``question`` sets ``node`` to, shock by shock."""
    return shocked_on(CINEMA, question, node)


def test_the_pack_lints_clean_and_has_its_loops() -> None:
    pack = load_pack(CINEMA)
    assert [i for i in lint_pack(pack) if i.severity != "info"] == []
    assert (pack.info.period, pack.info.language) == ("1d", 3)
    found = {frozenset(lp.nodes): lp.polarity for lp in loops(build_graph(pack))}
    assert found[frozenset({"word_of_mouth", "screens", "admissions"})] == "reinforcing"
    assert found[frozenset({"screens", "per_screen_avg"})] == "balancing"


def test_a_rival_tentpole_takes_screens_for_a_couple_of_weeks() -> None:
    question = "what happens to the total gross if the rival opens the same weekend"
    screens = moves(question, "screens")
    assert -1100.0 < screens["1d"] < -900.0  # a quarter of 4,200 screens
    assert -150.0 < screens["12w"] < 0.0  # the rival's run thins
    gross = moves(question, "cumulative_gross")
    assert -30.0 < gross["12w"] < -10.0


@pytest.mark.parametrize(
    ("question", "node", "change"),
    [
        ("the opening drops 20%", "opening_weekend", -8.4),
        ("screens cut by 1,000", "screens", -1000.0),
        ("tickets up $1", "ticket_price", 1.0),
        ("premium share up 3pp", "premium_share", 3.0),
        ("word of mouth falls 10 points", "word_of_mouth", -10.0),
    ],
)
def test_the_field_s_questions_are_read(question: str, node: str, change: float) -> None:
    assert shocked(question, node) == [(pytest.approx(change), None)]


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("box office drops $500k a day", "Daily gross -$500k a day"),
        ("marketing cut by $500k", "Marketing spend -$500k"),
    ],
)
def test_a_title_writes_a_small_change_in_the_unit_s_smaller_words(
    question: str, title: str
) -> None:
    # 'Daily gross -$0.5m a day' above 'Daily gross is set $500k a day lower': the title
    # wrote half a million as a fraction of the unit where the prose and tables use the
    # smaller unit the pack names ('$500k a day', as the user typed it)
    told = run("whatif", question, "--draws", "0")
    assert told.splitlines()[0] == title, told


def test_a_title_in_another_pack_writes_its_smaller_words_too() -> None:
    # 'Premium revenue -$0.5k a day' for '$500 a day'
    game = CINEMA.parent / "heldout_game"
    told = on_pack(game, "whatif", "revenue drops $500 a day", "--draws", "0")
    assert told.splitlines()[0] == "Premium revenue -$500 a day", told


def test_a_weak_gross_sends_the_film_to_streaming_after_day_17() -> None:
    # word of mouth 10 points down takes the daily gross under $1.5m a day: the studio cuts
    # the window by 28 days; a rival alone leaves the gross $96k a day short of it
    assert moves("word of mouth falls 10 points", "streaming_window")["1w"] == pytest.approx(-28.0)
    assert moves("rival-tentpole", "streaming_window")["12w"] == pytest.approx(0.0)
    told = flat(run("whatif", "rival-tentpole", "--draws", "0"))
    assert "it fires only while days in release are at or above 17 days" in told, told


@pytest.mark.parametrize(
    ("rule", "size"),
    [
        (
            "an_early_window_keeps_viewers_home",
            "+1.5k viewers a day per day (from +500 to +2.5k viewers a day)",
        ),
        (
            "a_rival_takes_screens",
            "-0.25 screens per screen (from -0.15 to -0.35 screens), halving every 2 weeks",
        ),
    ],
)
def test_a_range_s_ends_in_different_words_keep_their_own_decimals(rule: str, size: str) -> None:
    # 'Size: +1.5k viewers a day per day (from +500.0 viewers a day to +2.5k viewers a
    # day)': the ends of the range were given the same decimals, though one reads in the
    # unit's smaller words and the other in its own
    pack = load_pack(CINEMA)
    with speaking(vocabulary_for(pack.info)):  # as the lesson speaks the pack's units
        assert size_text(pack, pack.rules[rule]) == size


@pytest.mark.parametrize(
    ("pack", "question", "said"),
    [
        ("heldout_cinema", "viewers fall 50,000 a day", "50000 a day is 50k"),
        ("heldout_cinema", "admissions drop 20,000 per day", "20000 per day is 20k"),
        ("heldout_game", "quest gold falls 50,000 a day", "50000 a day is 50k"),
    ],
)
def test_a_whole_count_a_day_is_not_read_as_that_many_thousands(
    pack: str, question: str, said: str
) -> None:
    # 'Admissions are set 50m viewers a day lower', with a warning alone: 50,000 with the
    # time of a unit in 'k viewers a day' was read as 50,000 of its thousands, where
    # '50,000' alone is refused with the size in the unit's own words
    told = on_pack(CINEMA.parent / pack, "whatif", question, "--draws", "0", code=2)
    assert said in told, told


@pytest.mark.parametrize(
    ("question", "grade"),
    [("an A CinemaScore", 4.0), ("an A- CinemaScore", 3.7), ("a B CinemaScore", 3.0)],
)
def test_a_letter_grade_is_read_through_the_pack_s_forms(question: str, grade: float) -> None:
    assert shocked(question, "cinemascore") == [(None, pytest.approx(grade))]


def test_marketing_that_doubles_brings_viewers_for_a_week() -> None:
    admissions = moves("marketing spend doubles", "admissions")
    assert 30.0 < admissions["1w"] < 40.0  # $60m at 1k viewers a day per $1m, halved
    assert 0.0 < admissions["4w"] < 10.0
