"""Mexican households' money, a field the machinery has never seen, read as a Monterrey
family-finance columnist, a peso strategist in Mexico City writing for a New York desk and a
high-school economics teacher would, where '$' means pesos and US dollars are 'US$'.

The held-out pack tests/packs/heldout_peso counts in weeks: US construction jobs (k jobs)
send remittances home (US$bn a month) eight weeks later, which turn into pesos ($bn a month)
at USD/MXN (pesos per dollar, moving in percent; 'the peso' its other side); remittances and
a December aguinaldo fill household income, which households spend or save (savings, $bn, a
stock of income in and spending out: interest on savings a reinforcing loop, spending out of
savings a balancing one); while the aguinaldo is paid households spend more of each peso (a
``when``); a weaker peso and dearer US corn (US$/t) raise tortillas ($/kg), and oil
(US$/bbl) and the peso gasoline ($ a litre), which the government's IEPS subsidy cushions (a
balancing loop); both feed headline inflation (%, moving in pp), and above 5% Banxico hikes
50bp (a threshold firing the central bank's decision), which draws carry money into the peso;
a hurricane's losses cut income in a loss that fades. It ships an illustrative weekly
USD/MXN series with a March-2020 episode, and a workers' union's view as an overlay.
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

PESO = Path(__file__).parents[1] / "packs" / "heldout_peso"


def run(*args: str, code: int = 0) -> str:
    """The output of a command on the pack in an 80-column terminal."""
    return on_pack(PESO, *args, code=code)


def moves(question: str, node: str) -> dict[str, float]:
    """The change of ``node`` at each horizon of ``question``'s what-if, without draws."""
    return moves_on(PESO, question, node)


def shocked(question: str, node: str) -> list[tuple[float | None, float | None]]:
    """The change and the level ``question`` sets ``node`` to, shock by shock."""
    return shocked_on(PESO, question, node)


def refused(question: str) -> str:
    """The refusal of ``question``'s what-if, on one line."""
    return flat(run("whatif", question, "--draws", "0", code=2))


def test_the_pack_lints_clean_and_has_its_loops() -> None:
    pack = load_pack(PESO)
    assert [i for i in lint_pack(pack) if i.severity != "info"] == []
    assert (pack.info.period, pack.info.language) == ("1w", 3)
    found = {frozenset(lp.nodes): lp.polarity for lp in loops(build_graph(pack))}
    assert found[frozenset({"household_income", "household_savings"})] == "reinforcing"
    assert found[frozenset({"household_savings", "household_spending"})] == "balancing"
    assert found[frozenset({"gasoline_price", "ieps_subsidy"})] == "balancing"
    rate_loop = frozenset({"banxico_rate", "portfolio_flows", "usd_mxn", "inflation"})
    assert found[rate_loop] == "balancing"


def test_construction_jobs_reach_remittances_two_months_later_and_in_pesos() -> None:
    assert moves("construction-slump", "remittances") == pytest.approx(
        {"1w": 0.0, "4w": 0.0, "13w": -0.36, "26w": -0.36}
    )
    assert moves("construction-slump", "remittances_pesos")["13w"] == pytest.approx(-6.66)


def test_a_weaker_peso_swells_remittances_in_pesos_and_feeds_inflation() -> None:
    assert moves("peso-selloff", "remittances_pesos")["1w"] == pytest.approx(10.0)
    inflation = moves("peso-selloff", "inflation")
    assert inflation["13w"] == pytest.approx(0.58, abs=0.01) and inflation["1w"] < 0.2
    # the peso 10% weaker is USD/MXN 11.11% higher: the quote's other side
    assert shocked("the peso falls 10%", "usd_mxn") == [(pytest.approx(11.1111, abs=1e-3), None)]
    assert shocked("the peso at 20", "usd_mxn") == [(None, pytest.approx(20.0))]


def test_inflation_past_five_percent_brings_a_banxico_hike() -> None:
    assert set(moves("inflation rises to 5.5%", "banxico_rate").values()) == {0.5}
    assert set(moves("inflation rises to 4.5%", "banxico_rate").values()) == {0.0}
    assert moves("Banxico hikes 100bp", "usd_mxn")["1w"] == pytest.approx(-1.5)


def test_the_aguinaldo_season_spends_more_of_each_peso() -> None:
    # 70 centavos of each peso of income, and 20 more while the aguinaldo is paid
    spending = moves("december-season", "household_spending")
    assert spending["1w"] == pytest.approx(99.0, abs=0.2) and abs(spending["26w"]) < 0.5
    told = flat(run("whatif", "--draws", "0"))
    assert "the rule the_season_spends_more switches on" in told, told


def test_a_hurricane_s_losses_fade_and_the_subsidy_cushions_the_pump() -> None:
    income = moves("hurricane", "household_income")
    assert income["1w"] < -6.0 and abs(income["26w"]) < 0.2
    pump = moves("subsidy-ends", "gasoline_price")
    assert 0.4 < pump["1w"] < pump["4w"] < 1.5  # the subsidy's own rule brings part back


def test_the_march_2020_episode_is_read_from_the_illustrative_series() -> None:
    answer = json.loads(run("backtest", "--draws", "0", "--format", "json"))
    seen = [o["observed"] for e in answer["episodes"] for o in e["observations"]]
    assert seen == [pytest.approx(16.4, abs=0.1), pytest.approx(29.2, abs=0.1)]


@pytest.mark.slow
def test_the_brief_and_the_lesson_read_in_the_field_s_words(tmp_path: Path) -> None:
    note, page = written_notes(PESO, tmp_path, "peso-selloff")
    assert "| Household savings |" in note and "$6.04tn" in note, note
    assert "## Where the union departs from the evidence" in note
    shown = re.sub(r"<script.*?</script>", "", page, flags=re.DOTALL)
    for text in (note.lower(), shown.lower()):
        for word in ("market-implied", "priced", "bitcoin", "boj", "jgb", "nasdaq", "dovish"):
            assert word not in text, word
    assert not re.search(r"\n## [^\n]+\n\n## ", note), "an empty section"


@pytest.mark.parametrize(
    ("question", "node", "change"),
    [
        ("tortilla price rises $2 a kilo", "tortilla_price", 2.0),
        ("remittances fall US$1bn", "remittances", -1.0),
        ("remittances drop USD 0.5bn", "remittances", -0.5),
        ("oil falls 10 dollars", "oil_price", -10.0),
        ("remittances in pesos fall $5bn", "remittances_pesos", -5.0),
    ],
)
def test_each_dollar_sign_is_its_own_node_s_money(question: str, node: str, change: float) -> None:
    assert shocked(question, node) == [(pytest.approx(change), None)]


def test_two_clauses_read_each_its_own_dollar() -> None:
    question = "remittances fall US$1bn and tortillas rise $2 a kilo"
    assert shocked(question, "remittances") == [(pytest.approx(-1.0), None)]
    assert shocked(question, "tortilla_price") == [(pytest.approx(2.0), None)]


@pytest.mark.parametrize(
    ("question", "given"),
    [
        ("remittances in pesos fall US$1bn", "'US$' does not apply to remittances_pesos"),
        ("tortillas rise 2 dollars a kilo", "'dollars/kg' does not apply to tortilla_price"),
        ("remittances fall $500m", "'$' does not apply to remittances"),
        ("corn rises $20/t", "'$/t' does not apply to us_corn_price"),
        ("tortilla rises usd 1/kg", "'US$' does not apply to tortilla_price"),
    ],
)
def test_a_dollar_the_pack_writes_for_other_money_is_refused(question: str, given: str) -> None:
    # 'remittances in pesos fall US$1bn' moved the pesos by $1bn, 'tortillas rise 2 dollars
    # a kilo' raised them $2 (pesos) a kilo, and 'remittances fall $500m' offered US$0.5bn:
    # a sign before a multiple was read as the multiple alone, and '$' as the US dollar,
    # in a pack whose units write pesos '$' beside US dollars 'US$'
    said = refused(question)
    assert given in said and "not converted" in said, said
    assert "US$0.5bn" not in said and "=-$1bn" not in said and "=+$2/kg" not in said


def test_a_level_in_another_dollar_is_offered_where_the_node_stands() -> None:
    # "write remittances_pesos@90": US$90bn was offered as $90bn, the same number in pesos
    said = refused("remittances in pesos fall to US$90bn")
    assert "'US$' is not a unit of a level of remittances_pesos" in said, said
    assert "remittances_pesos@100" in said and "@90" not in said


@pytest.mark.parametrize(
    ("question", "unwanted"),
    [
        ("gasoline rises 1 peso per litre", "$0.01"),  # 'did you mean 1 cents a litre?'
        ("remittances fall 5 billion pesos", "US$5bn"),  # the size offered in dollars
    ],
)
def test_money_named_in_another_currency_is_no_slip_and_no_size(
    question: str, unwanted: str
) -> None:
    said = refused(question)
    assert unwanted not in said, said


@pytest.mark.parametrize(
    ("question", "change"),
    [("oil falls 20 dollars a barrel", -20.0), ("oil rises US$5 per barrel", 5.0)],
)
def test_a_barrel_is_the_bbl_of_a_crude_price(question: str, change: float) -> None:
    # "no scenario matches 'oil falls 20 dollars a barrel'": 'bbl' had no name spelt out
    assert shocked(question, "oil_price") == [(pytest.approx(change), None)]


@pytest.mark.parametrize("question", ["deposits fall US$5bn", "deposits fall USD 5bn"])
def test_a_country_s_dollar_is_the_bare_dollar_of_a_pack_that_writes_no_other(
    question: str,
) -> None:
    # a US bank's pack writes its dollars '$' alone: 'US$5bn' and 'USD 5bn' are its own
    bank = Path(__file__).parents[1] / "packs" / "heldout_bank"
    assert shocked_on(bank, question, "deposits") == [(pytest.approx(-5.0), None)]


@pytest.mark.parametrize("question", ["pesos weaken 5%", "the pesso weakens 5%"])
def test_a_name_said_in_its_other_number_is_that_node_not_a_word_of_another(
    question: str,
) -> None:
    # "Remittances in pesos are set $5bn a month lower": 'pesos' (and its typo 'pesso') was
    # read as a word of 'remittances in pesos', where it is the plural of 'peso', USD/MXN's
    assert shocked(question, "usd_mxn") == [(pytest.approx(5.2632, abs=1e-3), None)]
    assert shocked(question, "remittances_pesos") == []


@pytest.mark.parametrize(
    ("question", "offered"),
    [("a 50bp hike", "banxico_rate=+50bp"), ("a 25 basis point cut", "banxico_rate=-25bp")],
)
def test_a_decision_said_alone_is_offered_on_the_one_decision_its_size_fits(
    question: str, offered: str
) -> None:
    # "--shock 'household_income=+$1bn'": a decision said without who decides, in a pack
    # whose decisions have no priced path, was offered on a node the question never named
    said = refused(question)
    assert f"--shock {offered} (a change)" in said, said
