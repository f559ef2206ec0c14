"""What a transport planner types about money, read as meant: pence and cents as hundredths
of the node's currency, a currency sign before the number, money on a price that moves in
percent as that share of its level, a level said with 'of', a name said again after its
verb, and commands with a multiple or a count ('double X', 'halve X', 'add 2 buses an hour').
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from macrograph.explain.cli import main
from macrograph.graph.errors import SizeUnitError
from macrograph.graph.scenarios import resolve_text
from macrograph.rules import load_pack

PACKS = Path(__file__).parents[1] / "packs"
TRANSPORT, HOUSING = PACKS / "heldout_transport", PACKS / "heldout_housing"
FUEL = 1.45  # the pack's fuel price, £ a litre; its changes read in percent


def whatif(question: str, pack: Path) -> tuple[int, str, str]:
    """``macrograph whatif QUESTION --pack PACK --draws 0``: exit status, stdout, stderr."""
    args = ["whatif", question, "--pack", str(pack), "--draws", "0"]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    return result.exit_code, str(result.stdout), " ".join(str(result.stderr).split())


def changes(pack: Path, question: str) -> list[tuple[str, float | None, float | None]]:
    """The shocks a question sets: node, change and level (rounded to 6 places)."""
    found = resolve_text(load_pack(pack), question).shocks
    return [(s.node, None if s.change is None else round(s.change, 6), s.level) for s in found]


def shock_on(pack: Path, question: str, node: str) -> tuple[str, float | None, float | None]:
    """The one shock a question sets on ``node``, beside the default scenario's others."""
    (found,) = [s for s in changes(pack, question) if s[0] == node]
    return found


# 1. pence and cents: a hundredth of the node's own currency


@pytest.mark.parametrize(
    ("question", "shock"),
    [
        ("fares fall 50p", ("transit_fare", -0.5, None)),
        ("fares rise 20 pence", ("transit_fare", 0.2, None)),
        ("fuel rises 30p", ("fuel_price", round(0.30 / FUEL * 100, 6), None)),
        ("fares at 150p", ("transit_fare", None, 1.5)),
    ],
)
def test_minor_units_are_hundredths_of_the_currency(
    question: str, shock: tuple[str, float | None, float | None]
) -> None:
    """'50p' on a fare of £2.80 is £0.50, not £50 (a fare of -£47.20); 30p on a litre at
    £1.45 is +20.7%, not +30%."""
    assert shock_on(TRANSPORT, question, shock[0]) == shock


def test_money_on_a_percent_price_is_titled_as_said_and_as_set() -> None:
    code, out, _ = whatif("fuel rises 30p", TRANSPORT)
    assert code == 0
    assert out.splitlines()[0] == "Fuel price +£0.30 (+20.69%)"


@pytest.mark.parametrize(
    ("question", "given", "node", "typical"),
    [
        ("fuel up 30 cents", "cents", "fuel_price", "+0.3%"),
        ("fares rise $1", "$", "transit_fare", "+£0.1 a journey"),
        ("buses rise 5p", "p", "bus_frequency", "+0.5 buses"),
    ],
)
def test_money_not_of_the_nodes_currency_is_refused_with_no_converted_number(
    question: str, given: str, node: str, typical: str
) -> None:
    """Cents on a node in pounds, or pence on a count: refused with a typical move in the
    node's own unit, said not to be converted (not '+30%' for 30 cents, nor '+1 a journey'
    for $1)."""
    code, _, err = whatif(question, TRANSPORT)
    assert code == 2
    assert f"'{given}' does not apply to {node}" in err
    assert f"is not converted; write the size in its own unit, e.g. '{typical}'" in err


@pytest.mark.parametrize(
    ("question", "meant", "shock"),
    [
        ("fares rise 20 pennce", "20 pence", "transit_fare=+£0.2 a journey"),
        ("fuel rises 30 pnce", "30 pence", "fuel_price=+20.6897%"),
    ],
)
def test_a_misspelt_hundredth_is_suggested_with_its_size(
    question: str, meant: str, shock: str
) -> None:
    """A misspelt 'pence' is not read as the node's whole unit: '20 pennce' on a £2.80 fare
    was offered as '+20 a journey' (£20), '30 pnce' on a litre as '+30%'."""
    code, _, err = whatif(question, TRANSPORT)
    assert code == 2
    assert f"did you mean '{meant}'?" in err
    assert err.endswith(f"e.g. --shock '{shock}'") or err.endswith(f"e.g. --shock {shock}")


def test_a_misspelt_money_word_of_another_currency_offers_no_number() -> None:
    """'30 cnets' on a node in pounds reads as the cents it most likely meant: money of
    another currency, refused with a typical move (not '+30%')."""
    code, _, err = whatif("fuel up 30 cnets", TRANSPORT)
    assert code == 2
    assert "'cents' does not apply to fuel_price" in err
    assert "is not converted; write the size in its own unit, e.g. '+0.3%'" in err


# 2. a currency sign before the number


@pytest.mark.parametrize(
    ("question", "shock"),
    [
        # a rise comes on top of the default scenario's £15 a day
        ("congestion charge rises £15", ("congestion_charge", 30.0, None)),
        ("fuel up £0.30", ("fuel_price", round(0.30 / FUEL * 100, 6), None)),
        ("fare rises to £3", ("transit_fare", None, 3.0)),
    ],
)
def test_the_nodes_currency_sign_before_a_number_is_its_money(
    question: str, shock: tuple[str, float | None, float | None]
) -> None:
    assert shock_on(TRANSPORT, question, shock[0]) == shock


def test_a_sign_with_a_multiple_is_still_read_by_its_unit() -> None:
    """'$100bn' of a node in $bn is 100 of it, as before."""
    shocks = resolve_text(load_pack(), "Japanese repatriation of $100bn").shocks
    assert [(s.node, s.change) for s in shocks if s.node == "japan_repatriation"] == [
        ("japan_repatriation", 100.0)
    ]


# 3. a level said with 'of', and a node named again after its verb


def test_a_level_said_with_of_sets_the_node_at_it() -> None:
    """'a congestion charge of £15' is the charge at £15, not £15 on top of the default's."""
    assert changes(TRANSPORT, "a congestion charge of £15") == [("congestion_charge", None, 15.0)]
    code, out, _ = whatif("a fare of £2", TRANSPORT)
    assert code == 0
    assert out.splitlines()[0] == "Transit fare at £2 a journey"


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("fares fall 50p", "Transit fare -£0.50 a journey"),  # read '-£0.5 a journey'
        ("a congestion charge of £15", "Congestion charge at £15 a day"),  # '£15.00'
        ("fares to £1.75", "Transit fare at £1.75 a journey"),
    ],
)
def test_a_title_writes_money_as_a_price_is_written(question: str, title: str) -> None:
    code, out, _ = whatif(question, TRANSPORT)
    assert (code, out.splitlines()[0]) == (0, title)


def test_a_name_of_the_same_node_after_its_verb_is_read_past() -> None:
    """'the central bank' and 'rates' both name the policy rate of the housing pack."""
    assert changes(HOUSING, "the central bank raises rates by half a point") == [
        ("overnight_rate", 0.5, None)
    ]
    code, _, err = whatif("the central bank raises mortgage rates by half a point", HOUSING)
    assert code == 2  # another node's name: not read as the policy rate
    assert "no scenario matches" in err


# 4. commands with a multiple or a count


@pytest.mark.parametrize(
    ("question", "shock", "title"),
    [
        ("double the bus frequency", ("bus_frequency", 8.0, None), "Bus frequency +100%"),
        ("halve the fare", ("transit_fare", -1.4, None), "Transit fare -50%"),
        ("add 2 buses an hour", ("bus_frequency", 2.0, None), "Bus frequency +2 buses an hour"),
    ],
)
def test_commands_with_a_multiple_or_a_count(
    question: str, shock: tuple[str, float | None, float | None], title: str
) -> None:
    assert shock_on(TRANSPORT, question, shock[0]) == shock
    code, out, _ = whatif(question, TRANSPORT)
    assert code == 0
    assert out.splitlines()[0].startswith(title)


@pytest.mark.parametrize(
    ("question", "title"),
    [
        # a comma between thousands was read as 'and': 'the size 1 has no unit'
        ("fuel price rises 1,000,000%", "Fuel price +1,000,000%"),
        ("congestion charge rises £1,250", "Congestion charge +£1,250 a day"),
        (
            "fares fall 50p, fuel rises 30p",
            "Transit fare -£0.50 a journey, and fuel price +£0.30 (+20.69%)",
        ),
    ],
)
def test_a_number_with_a_comma_between_thousands_is_one_number(question: str, title: str) -> None:
    code, out, _ = whatif(question, TRANSPORT)
    assert (code, out.splitlines()[0]) == (0, title)


@pytest.mark.parametrize(
    ("question", "hint", "never"),
    [
        (
            "car trips fall 1,500 trips a day",
            "1500 trips a day is 1.5k trips: write '-1.5k trips'",
            "-1500k",
        ),
        ("car trips fall 1500 trips", "1500 trips is 1.5k trips: write '-1.5k trips'", "-1500m"),
        ("ridership rises 20,000 boardings/day", "20000 boardings/day is 20k", "+20000k"),
    ],
)
def test_a_count_without_the_units_multiple_is_refused_with_the_same_count(
    question: str, hint: str, never: str
) -> None:
    # 'car trips fall 1500 trips a day' on a node in k trips a day was offered '-1500k' and
    # '-1500m trips a day', a thousand and a million times as many trips (each case's
    # 'never' is what it was offered)
    code, _, err = whatif(question, TRANSPORT)
    assert code == 2 and hint in err and never not in err


# 6. money said with its sign alone on a node counted in a multiple of it

GAME, CAMPUS = PACKS / "heldout_game", PACKS / "heldout_campus"


@pytest.mark.parametrize(
    ("question", "pack", "said"),
    [
        # a level of '$500' on revenue in '$k a day' was set at $500k a day, without a word,
        # where a change of '$500' was refused: both are now refused alike
        (
            "revenue falls to $500",
            GAME,
            "$500 has no multiple and premium_revenue is in $k a day; "
            "write premium_revenue@500 for $500k a day",
        ),
        (
            "reserves fall to A$50",
            CAMPUS,
            "A$50 has no multiple and cash_reserves is in A$m; write cash_reserves@50 for A$50m",
        ),
        # the change was refused as 'the size -500 has no unit', of a sum with its sign
        (
            "reserves fall A$500",
            CAMPUS,
            "A$500 has no multiple and cash_reserves moves in A$m; write '-A$500m'",
        ),
    ],
)
def test_money_with_its_sign_alone_on_a_node_in_a_multiple_is_refused_saying_so(
    question: str, pack: Path, said: str
) -> None:
    code, _, err = whatif(question, pack)
    assert code == 2
    assert said in err


@pytest.mark.parametrize(
    ("question", "pack", "node", "title"),
    [
        # 'A$' (a sign of more than one letter) was no unit of a level: 'A$0' was refused
        ("reserves fall to A$0", CAMPUS, "cash_reserves", "Cash reserves at A$0"),
        # none is written without a multiple ('$0k a day' before)
        ("revenue falls to $0", GAME, "premium_revenue", "Premium revenue at $0 a day"),
    ],
)
def test_a_level_of_no_money_is_nothing_in_any_multiple(
    question: str, pack: Path, node: str, title: str
) -> None:
    assert shock_on(pack, question, node) == (node, None, 0.0)
    code, out, _ = whatif(question, pack)
    assert code == 0
    assert out.splitlines()[0] == title


def test_money_on_a_price_in_percent_is_a_share_of_where_it_stands_then() -> None:
    # 'Jet fuel -$100 (-13.33%) ... set to $780/t': $100 was taken as a share of the $750
    # baseline, then applied to the $900 the comparison sets that day
    pack = PACKS / "heldout_airline"
    assert shock_on(pack, "jet fuel falls $100 a tonne", "jet_fuel")[2] == pytest.approx(800.0)
    code, out, _ = whatif("jet fuel falls $100 a tonne", pack)
    assert code == 0 and out.splitlines()[0] == "Jet fuel -$100 (-11.11%)"


@pytest.mark.parametrize("question", ["inventory turns negative", "inventory falls below $0"])
def test_a_mark_passed_at_a_nodes_floor_is_refused(question: str) -> None:
    # 'Inventory at $0': a stock that cannot go below nothing was set at its floor
    code, out, err = whatif(question, PACKS / "heldout_retail")
    assert code == 2 and out == ""
    assert "less than $0 is below the floor of inventory, $0: no level of it lies there" in err


def _read_on(pack: str, question: str) -> list[tuple[str, float | None, float | None]]:
    """The shocks ``question`` sets on held-out pack ``pack``."""
    return changes(PACKS / f"heldout_{pack}", question)


@pytest.mark.parametrize(
    ("pack", "question", "given"),
    [
        ("loadshed", "the diesel price rises $1 a litre", "$ a litre"),  # in R a litre
        ("loadshed", "the diesel price rises to £25 a litre", "£ a litre"),
        ("loadshed", "diesel price up US$1 a litre", "US$ a litre"),
        ("apiary", "pollination fee rises £5 a hive", "£ a hive"),  # in $ a hive
        ("carehome", "the national living wage rises €0.20 an hour", "€ an hour"),  # £
        ("football", "the ticket price rises $2 a ticket", "$ a ticket"),  # in £ a ticket
        ("garment", "export price rises to £1 a piece", "£ a piece"),  # in US$ a piece
    ],
)
def test_money_of_another_currency_per_a_thing_is_refused_not_read_as_the_nodes(
    pack: str, question: str, given: str
) -> None:
    # each ran as that many of the node's own money ('$1 a litre' as R1 a litre)
    with pytest.raises(SizeUnitError) as refused:
        _read_on(pack, question)
    assert refused.value.given == given


@pytest.mark.parametrize(
    ("pack", "question", "node", "change"),
    [
        ("loadshed", "the diesel price rises R1 a litre", "diesel_price", 1.0),
        ("apiary", "pollination fee rises $5 a hive", "pollination_fee", 5.0),
        ("garment", "export price rises US$0.10 a piece", "export_price", 0.1),
    ],
)
def test_money_of_the_nodes_own_currency_per_a_thing_reads(
    pack: str, question: str, node: str, change: float
) -> None:
    assert (node, change, None) in _read_on(pack, question)


def test_money_of_another_currency_is_named_with_what_it_is_per() -> None:
    code, _, err = whatif("the diesel price rises $1 a litre", PACKS / "heldout_loadshed")
    assert code == 2
    assert "'$ a litre' does not apply to diesel_price (in R a litre) and is not converted" in err


@pytest.mark.parametrize(
    ("question", "said"),
    [
        # a level: where the node stands, never 72 of its own unit (C$ per US$)
        ("the loonie at 72 US cents", "write usd_cad@1.38 (in its own unit)"),
        # a change: a typical move the way asked, never '-2%'
        ("the loonie rises 2 US cents", "is not converted; write the size in its own unit"),
    ],
)
def test_money_by_its_name_is_never_offered_back_as_the_same_number(
    question: str, said: str
) -> None:
    code, _, err = whatif(question, PACKS / "heldout_maple")
    assert code == 2 and said in err, err
    assert "@72" not in err and "-2%" not in err
