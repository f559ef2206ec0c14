"""A B2B software start-up sold by subscription, a field the machinery has never seen, read
as its CFO at a shell, a growth investor writing a memo and an MBA teacher would.

The held-out pack tests/packs/heldout_saas counts in weeks, in American English and US
dollars: the list price in $ a seat a month (the company's decision), quota-carrying reps
that bring new logos after an eight-week ramp (a lag), free-tier sign-ups that convert a
month later, a price rise that puts buyers off for a while (a fading rule) and raises logo
churn (% a month, moving in pp) only while the price sits above a rival's $55 (a ``when``);
paying customers a stock of new logos less churn, referrals a reinforcing loop; seats in k,
ARR in $m and MRR in $k a month (read $m a month past a thousand); past 2.5% churn a month
the CEO hires ten customer success managers (a threshold firing a decision, in a balancing
loop); headcount sets the weekly burn in $k, cash in $m a stock, runway in months, and under
18 months the board cuts ten reps (another balancing loop); interest rates set the EV/ARR
multiple (written 8.0x). It ships an illustrative weekly logo-churn series with the budget
squeeze of 2022-23 read from it, and a growth investor's view as an overlay.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from macrograph.graph.build import build_graph
from macrograph.graph.query import loops
from macrograph.rules import load_pack
from macrograph.rules.lint.core import lint_pack
from tests.packfactory import flat, moves_on, on_pack, shocked_on

SAAS = Path(__file__).parents[1] / "packs" / "heldout_saas"


def run(*args: str, code: int = 0) -> str:
    """The output of a command on the pack in an 80-column terminal."""
    return on_pack(SAAS, *args, code=code)


def moves(question: str, node: str) -> dict[str, float]:
    """The change of ``node`` at each horizon of ``question``'s what-if, without draws."""
    return moves_on(SAAS, question, node)


def shocked(question: str, node: str) -> list[tuple[float | None, float | None]]:
    """The change and the level ``question`` sets ``node`` to, shock by shock."""
    return shocked_on(SAAS, question, node)


@pytest.mark.slow
def test_the_pack_lints_clean_and_has_its_loops() -> None:
    pack = load_pack(SAAS)
    assert [i for i in lint_pack(pack) if i.severity != "info"] == []
    assert (pack.info.period, pack.info.language) == ("1w", 3)
    found = {frozenset(lp.nodes): lp.polarity for lp in loops(build_graph(pack))}
    assert found[frozenset({"customers", "new_logos"})] == "reinforcing"
    assert found[frozenset({"logo_churn", "csm_team"})] == "balancing"
    assert found[frozenset({"sales_reps", "headcount", "burn", "cash", "runway"})] == "balancing"


@pytest.mark.parametrize(
    ("question", "node", "change", "level"),
    [
        ("churn rises to 3% a month", "logo_churn", None, 3.0),
        ("churn goes to 3%/month", "logo_churn", None, 3.0),
        ("we raise prices 10%", "list_price", 6.0, None),
        ("the sales team grows by 5 reps", "sales_reps", 9.0, None),  # on the plan's 4
        ("interest rates fall 1 point", "interest_rate", -1.0, None),
        ("rates drop 100bp", "interest_rate", -1.0, None),
        ("cac up 100%", "cac", 18.0, None),
        ("MRR falls $0.1m", "mrr", -100.0, None),
    ],
)
def test_the_users_questions_set_the_shock_they_say(
    question: str, node: str, change: float | None, level: float | None
) -> None:
    assert shocked(question, node) == [(None if change is None else pytest.approx(change), level)]


@pytest.mark.parametrize(
    "question",
    [
        "price goes to $70 per seat",
        "price goes to $70 per seat per month",
        "price goes to $70/seat/month",
        "price goes to $70/seat",
        "price goes to $70 a seat per month",
    ],
)
def test_a_price_a_seat_a_month_is_read_however_the_rate_is_written(question: str) -> None:
    # "'per seat' is not a unit of a level of list_price (in $ a seat a month)": a unit of
    # two rates, ' a seat a month', was read in its other spellings only for its last one
    assert shocked(question, "list_price") == [(None, 70.0)]


@pytest.mark.parametrize(
    "question",
    ["the multiple compresses 2 turns", "EV/ARR falls 2 times", "the multiple falls 2x"],
)
def test_a_multiple_moves_in_turns_and_times(question: str) -> None:
    # "'tn' does not apply to ev_multiple (in x)": 'turns', as an investor says a multiple's
    # moves, was taken for a misspelt 'trn', a trillion, and 'times' was refused on a unit 'x'
    assert shocked(question, "ev_multiple") == [(pytest.approx(-2.0), None)]


def test_turns_on_money_is_no_trillion() -> None:
    # 'turns' are the multiple's words, and 'ARR multiple' the one longer name said short
    # that takes them: read on it, never as trillions of ARR
    said = flat(run("whatif", "ARR falls 2 turns", "--draws", "0"))
    assert said.startswith("EV/ARR multiple -2x"), said
    assert "2tn" not in said and "2000000" not in said


@pytest.mark.parametrize(
    ("question", "node", "size"),
    [
        ("hire 5 more reps", "sales_reps", 9.0),  # on the plan's 4
        ("add 5 more reps", "sales_reps", 9.0),
        ("we hire 5 additional reps", "sales_reps", 9.0),
        ("hire 10 extra CSMs", "csm_team", 10.0),
    ],
)
def test_a_command_with_more_before_its_node_is_read(question: str, node: str, size: float) -> None:
    # "no scenario matches 'hire 5 more reps'", where 'hire 5 reps' and '5 more reps' read
    assert shocked(question, node) == [(pytest.approx(size), None)]


def test_a_command_with_fewer_said_the_other_way_stays_refused() -> None:
    said = flat(run("whatif", "hire 5 fewer reps", "--draws", "0", code=2))
    assert "Sales reps" not in said and "+5" not in said, said


@pytest.mark.parametrize(
    ("question", "node", "level"),
    [
        ("payback goes to 24 mos", "payback", 24.0),
        ("payback goes to 24 mths", "payback", 24.0),
        ("churn goes to 3%/mo", "logo_churn", 3.0),
        ("the price goes to $70/seat/mo", "list_price", 70.0),
    ],
)
def test_a_month_abbreviated_as_finance_writes_it_is_read(
    question: str, node: str, level: float
) -> None:
    # "'mos' is not a unit of a level of payback (in months)": months had no short forms
    assert shocked(question, node) == [(None, level)]


@pytest.mark.parametrize(
    ("question", "node", "level"),
    [("CAC doubles to $36k", "cac", 36.0), ("CAC halves to $9k", "cac", 9.0)],
)
def test_a_multiple_said_with_the_level_it_makes_is_that_level(
    question: str, node: str, level: float
) -> None:
    # "no scenario matches 'CAC doubles to $36k'", where 'CAC doubles' and 'CAC rises to
    # $36k' were both read
    assert shocked(question, node) == [(None, level)]


@pytest.mark.slow
def test_churn_past_its_trigger_brings_csms_and_a_price_below_the_rival_stops_churning() -> None:
    # the CEO's threshold fires at 2.5% a month and the CSMs bring churn back 0.3 pp
    told = flat(run("whatif", "churn rises to 3% a month", "--draws", "0"))
    assert "raise the customer success team by 10 CSMs" in told, told
    assert moves("churn rises to 3% a month", "logo_churn")["52w"] == pytest.approx(1.2)
    cheap = flat(run("whatif", "price falls to $50 a seat", "--draws", "0"))
    assert "the rule price_above_rival_raises_churn switches off" in cheap, cheap


def test_a_price_rise_puts_buyers_off_only_for_a_while() -> None:
    # the fading rule: new logos fall most at once, then recover as buyers get used to it
    logos = moves("we raise prices 10%", "new_logos")
    assert logos["1w"] == pytest.approx(-1.2 * 0.5 ** (1 / 8), abs=0.01)  # a week of fading
    assert -0.5 < logos["52w"] < 0


@pytest.mark.slow
def test_a_referral_loop_that_never_fades_is_told_by_lint_before_any_what_if(
    tmp_path: Path,
) -> None:
    # without its fade, a stock of customers feeds its own new logos: lint said nothing and
    # every what-if with draws was refused
    unfaded = tmp_path / "saas"
    shutil.copytree(SAAS, unfaded)
    rules = unfaded / "rules.yaml"
    text = rules.read_text()
    faded = "    lag: 4w\n    decay: 8w\n    magnitude: {elasticity: 0.005"
    assert text.count(faded) == 1
    rules.write_text(text.replace(faded, "    lag: 4w\n    magnitude: {elasticity: 0.005"))
    said = on_pack(unfaded, "lint", code=0)
    [warning] = [line for line in said.splitlines() if "growing" in line or "grows" in line]
    assert "id 'customers_refer_customers', field 'magnitude'" in warning
    assert "the loop of customers and new_logos grows" in warning
    assert "drain a stock it fills, let one of its rules fade (decay)" in warning
    refused = on_pack(unfaded, "whatif", "--draws", "50", code=2)
    assert "the system of customers, new_logos grows" in refused
