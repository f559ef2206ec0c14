"""Questions a user of another field types in their own words, read against held-out packs.

An epidemiologist (tests/packs/heldout_outbreak), a grid operator (tests/packs/heldout_grid),
a UK economist (tests/packs/uk) and a modeller (tests/packs/sim) ask as they would; the
reader knows none of their words but what each pack declares, and English. Each row is a
question the reader got wrong: it must now set exactly these shocks, or refuse saying so.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from macrograph.explain.messages.questions import graph_error_lines
from macrograph.explain.terminal import pasted
from macrograph.graph.errors import GraphError, SizeUnitError
from macrograph.graph.scenarios import asked_of, parse_shock, resolve_text
from macrograph.rules import load_pack
from macrograph.rules.pack import Pack

PACKS = Path(__file__).parents[1] / "packs"
Shock = tuple[str, str, float | None, float | None]


def _pack(name: str) -> Pack:
    return load_pack(PACKS / name)


def _set(pack: Pack, text: str) -> list[Shock]:
    """The shocks ``text`` sets beyond the default scenario's: (node, date, change, level)."""
    base = resolve_text(pack, pack.info.default_scenario)
    spec = resolve_text(pack, text)
    return [
        (s.node, s.date.isoformat(), s.change, s.level)
        for s in spec.shocks
        if s not in set(base.shocks)
    ]


# (pack, question, the shocks it sets beyond the default scenario's)
READS: list[tuple[str, str, list[Shock]]] = [
    # a month said of a market's move is its first day: it was refused as 'gbp_usd has no
    # event in or on Mar', though a day in March was read
    ("uk", "sterling falls 2% in March", [("gbp_usd", "2026-03-01", -2.0, None)]),
    # a pack's verb said of a plural subject ('surges' declared, 'cases surge' typed)
    ("heldout_outbreak", "cases surge 500 a day", [("new_infections", "2021-06-01", 500.0, None)]),
    (
        "heldout_outbreak",
        "cases spike by 300 a day",
        [("new_infections", "2021-06-01", 300.0, None)],
    ),
    ("heldout_grid", "gas prices soar €10/MWh", [("gas_price", "2026-01-12", 10.0, None)]),
    (
        "heldout_outbreak",
        "restrictions ease 10 points",
        [
            ("lockdown_stringency", "2021-06-01", -10.0, None),
        ],
    ),
    # a clause's move never reaches back past 'and' for a node of the clause before: this read
    # 'cold' (an alias of temperature) dropping 60 GWh, and refused the unit
    (
        "heldout_grid",
        "cold snap and the wind drops 60 GWh",
        [
            ("wind_output", "2026-01-12", -60.0, None),
        ],
    ),
    ("heldout_grid", "cold snap and gas up €10/MWh", [("gas_price", "2026-01-12", 10.0, None)]),
    # a rate's unit as English writes it: 'per day', '/day', and its time alone ('a day' of
    # 'GWh a day'); each was refused as no scenario
    ("heldout_outbreak", "infections +500/day", [("new_infections", "2021-06-01", 500.0, None)]),
    (
        "heldout_outbreak",
        "case numbers drop 200 per day",
        [
            ("new_infections", "2021-06-01", -200.0, None),
        ],
    ),
    ("heldout_outbreak", "fatalities up 5/day", [("deaths", "2021-06-01", 5.0, None)]),
    (
        "heldout_outbreak",
        "contacts drop by 1.5 a day",
        [
            ("contact_rate", "2021-06-01", -1.5, None),
        ],
    ),
    ("heldout_grid", "wind output falls 60 GWh/day", [("wind_output", "2026-01-12", -60.0, None)]),
    (
        "heldout_grid",
        "wind output falls 60 GWh per day",
        [
            ("wind_output", "2026-01-12", -60.0, None),
        ],
    ),
    ("heldout_grid", "wind falls 100 a day", [("wind_output", "2026-01-12", -100.0, None)]),
    # a level in the unit its suffix starts with, or the whole suffix ('% full'): refused as
    # "'%' is not a unit of a level", or as no scenario
    ("heldout_grid", "storage falls to 30% full", [("gas_storage", "2026-01-12", None, 30.0)]),
    ("heldout_grid", "storage falls to 30%", [("gas_storage", "2026-01-12", None, 30.0)]),
    (
        "heldout_outbreak",
        "vaccinated share rises to 60%",
        [
            ("vaccinated_share", "2021-06-01", None, 60.0),
        ],
    ),
    (
        "heldout_outbreak",
        "vaccinated share reaches 60% of population",
        [
            ("vaccinated_share", "2021-06-01", None, 60.0),
        ],
    ),
    # a level said with another verb of being or reaching (refused as no scenario)
    (
        "heldout_outbreak",
        "new infections reach 2000 a day",
        [
            ("new_infections", "2021-06-01", None, 2000.0),
        ],
    ),
    (
        "heldout_outbreak",
        "lockdown stringency goes to 80",
        [
            ("lockdown_stringency", "2021-06-01", None, 80.0),
        ],
    ),
    ("heldout_outbreak", "R is 1.2", [("reproduction_number", "2021-06-01", None, 1.2)]),
    # a size first, then 'more' or 'fewer' and the node, its unit after it; or a move said as
    # a noun after an article ('a 3°C drop in X'): each was refused as no scenario
    (
        "heldout_outbreak",
        "500 more infections a day",
        [
            ("new_infections", "2021-06-01", 500.0, None),
        ],
    ),
    (
        "heldout_outbreak",
        "500 fewer infections a day",
        [
            ("new_infections", "2021-06-01", -500.0, None),
        ],
    ),
    (
        "heldout_outbreak",
        "200 extra hospital admissions a day",
        [
            ("hospital_admissions", "2021-06-01", 200.0, None),
        ],
    ),
    (
        "heldout_outbreak",
        "a 500 a day rise in infections",
        [
            ("new_infections", "2021-06-01", 500.0, None),
        ],
    ),
    ("heldout_grid", "a 3°C drop in temperature", [("temperature", "2026-01-12", -9.0, None)]),
    ("sim", "5bn more government spending", [("g", "1958-01-01", 25.0, None)]),
    ("sim", "$5bn less consumption", [("c", "1958-01-01", -5.0, None)]),
    # a degree sign spelt as a keyboard spells it ('3 degrees', '3C'): refused as no scenario;
    # a level's minus sign is kept in its id ('temperature-at--5', was 'temperature-at-5')
    ("heldout_grid", "temperature falls 3 degrees", [("temperature", "2026-01-12", -9.0, None)]),
    ("heldout_grid", "temperature falls 3C", [("temperature", "2026-01-12", -9.0, None)]),
    (
        "heldout_grid",
        "temperature drops to -5 degrees",
        [
            ("temperature", "2026-01-12", None, -5.0),
        ],
    ),
    # a verb in its '-ing' form or its past, the pack's own and the neutral ones: each was
    # refused as no scenario ('with wind falling' offered wind_output=+60GWh, a rise)
    (
        "heldout_grid",
        "cold snap with wind falling 60 GWh",
        [
            ("wind_output", "2026-01-12", -60.0, None),
        ],
    ),
    (
        "heldout_grid",
        "what if the wind dropped 60 GWh",
        [
            ("wind_output", "2026-01-12", -60.0, None),
        ],
    ),
    ("heldout_grid", "gas prices soared €20/MWh", [("gas_price", "2026-01-12", 20.0, None)]),
    (
        "heldout_outbreak",
        "infections surged 500 a day",
        [
            ("new_infections", "2021-06-01", 500.0, None),
        ],
    ),
    (
        "heldout_outbreak",
        "restrictions eased 10 points",
        [
            ("lockdown_stringency", "2021-06-01", -10.0, None),
        ],
    ),
    ("heldout_outbreak", "R rose to 1.1", [("reproduction_number", "2021-06-01", None, 1.1)]),
    ("sim", "government spending rose 5bn", [("g", "1958-01-01", 25.0, None)]),
    ("uk", "the pound fell 2%", [("gbp_usd", "2026-02-05", -2.0, None)]),
    # the verbs news writes of a big move of anything, in a pack that declares no lexicon:
    # 'no scenario matches' (the bundled pack declares them, the built-in words had none)
    ("uk", "sterling slumps 3%", [("gbp_usd", "2026-02-05", -3.0, None)]),
    ("uk", "the FTSE soars 2%", [("ftse_100", "2026-02-05", 2.0, None)]),
    ("uk", "house prices dip 1%", [("house_prices", "2026-02-05", -1.0, None)]),
    ("uk", "gilt yields surge 30bp", [("gilt_10y", "2026-02-05", 0.3, None)]),
    # a node named in the singular where the pack writes the plural ('tax' of 'Taxes': a
    # word of three letters takes no typo, and it was told "the pack has no tax")
    ("sim", "tax rises 2bn", [("t", "1958-01-01", 2.0, None)]),
    # a node that ends, said of itself: at nothing on its day (was refused as no scenario)
    ("heldout_outbreak", "lockdown ends", [("lockdown_stringency", "2021-06-01", None, 0.0)]),
    (
        "heldout_outbreak",
        "vaccination campaign stops",
        [
            ("vaccination_campaign", "2021-06-01", None, 0.0),
        ],
    ),
    # a verb the pack's own scenario names teach of a node ('boe cuts' cuts Bank Rate): the
    # UK pack declares no lexicon, and 'BoE cuts 50bp' was refused with a --shock of +50bp
    ("uk", "BoE cuts 50bp", [("boe_bank_rate", "2026-02-05", -0.5, None)]),
    ("uk", "Bank of England cuts 50 basis points", [("boe_bank_rate", "2026-02-05", -0.5, None)]),
    ("uk", "bank rate cut 50bp", [("boe_bank_rate", "2026-02-05", -0.5, None)]),
    ("uk", "BoE cuts to 3.5%", [("boe_bank_rate", "2026-02-05", None, 3.5)]),
    (
        "uk",
        "BoE cuts 50bp and sterling falls 2%",
        [
            ("boe_bank_rate", "2026-02-05", -0.5, None),
            ("gbp_usd", "2026-02-05", -2.0, None),
        ],
    ),
]


@pytest.mark.parametrize("text", ["no cut from the BoE", "BoE doesn't cut", "BoE won't cut"])
def test_a_negated_verb_the_pack_teaches_is_a_hold(text: str) -> None:
    # refused as no scenario, though the pack's 'boe cuts' teaches 'cut' and it has a hold
    assert resolve_text(_pack("uk"), text).id == "boe-holds"


def test_a_move_the_default_makes_asked_in_the_packs_own_verb_is_the_default() -> None:
    pack = _pack("uk")
    for text in ("BoE cuts 25bp", "BoE cuts 25bp in February", "BoE cuts 25bp on 5 Feb 2026"):
        spec = resolve_text(pack, text)
        assert spec.as_priced and spec.against == "boe-cuts", text


@pytest.mark.parametrize(("name", "text", "shocks"), READS, ids=[r[1] for r in READS])
def test_a_question_in_the_fields_own_words_sets(name: str, text: str, shocks: list[Shock]) -> None:
    assert _set(_pack(name), text) == shocks


def test_a_level_shock_takes_the_suffix_as_the_pack_writes_it() -> None:
    pack = _pack("heldout_grid")
    on = resolve_text(pack, "cold-snap").anchor
    assert parse_shock(pack, "gas_storage@30% full", on).level == 30.0
    assert parse_shock(pack, "wind_output=-60 GWh/day", on).change == -60.0


# (pack, question, the first line of the refusal, the --shock it offers): a wrong unit is still
# refused, with a --shock that runs
REFUSED: list[tuple[str, str, str, str]] = [
    (  # a unit's word apart from its number, as the pack writes it: '+20000mentions' was
        # offered, and '20 k is'
        "heldout_bank",
        "chatter jumps 20k",
        "cannot read 'chatter jumps 20k': 20k is 20000 mentions: write '+20000 mentions'",
        "chatter=+20000 mentions",
    ),
    (
        "heldout_outbreak",
        "beds rise 100 a day",
        "cannot read 'beds rise 100 a day': 'a day' does not apply to hospital_occupancy (in beds)",
        "hospital_occupancy=+100 beds",
    ),
    (
        "heldout_outbreak",
        "infections rise 500 beds",
        "cannot read 'infections rise 500 beds': 'beds' does not apply to new_infections",
        "new_infections=+500 a day",
    ),
    # the default scenario asked on a day it has no event: the --shock offered was on a node
    # the question never named (hospital_admissions, carbon_price); now its own first shock
    (
        "heldout_outbreak",
        "new variant in July",
        "cannot run 'new variant in July': new-variant has no event in or on Jul; its event is"
        " on 1 Jun 2021",
        "transmissibility=+15%",
    ),
    (
        "heldout_grid",
        "cold snap in March",
        "cannot run 'cold snap in March': cold-snap has no event in or on Mar",
        "temperature=-6°C",
    ),
    # a number with words that are no unit of the pack: the unit is named, with the node's
    # own (was "no scenario matches", with a --shock of a typical move instead of the size)
    (
        "heldout_outbreak",
        "new infections rise 500 people a day",
        "cannot read 'new infections rise 500 people a day': 'people a day' does not apply to"
        " new_infections; write '+500 a day'",  # a count said by its time alone: no '(in a day)'
        "new_infections=+500 a day",
    ),
    (  # the pack's own currency's name reads ('10 euros/MWh'), another's does not: its
        # number is not offered as the pack's money either (10 dollars are not 10 euros)
        "heldout_grid",
        "gas prices rise 10 dollars/MWh",
        "cannot read 'gas prices rise 10 dollars/MWh': 'dollars/MWh' does not apply to "
        "gas_price (in €/MWh) and is not converted",
        "gas_price=+€1/MWh",
    ),
    # a move asked on a day with no event: the --shock offered is the move asked (was a typical
    # move up: boe_bank_rate=+5bp for a cut of 50bp)
    (
        "uk",
        "BoE cuts 50bp in March",
        "cannot run 'BoE cuts 50bp in March': boe_bank_rate has no event in or on Mar",
        "boe_bank_rate=-50bp",
    ),
    # a slip before a node's name ('teh fares'): the node named, not "the pack has no teh
    # fares" with a --shock on one of its key outcomes
    (
        "heldout_transport",
        "teh fares rise 20p",
        "no scenario matches 'teh fares rise 20p'",
        "transit_fare=+£0.2 a journey",
    ),
    (
        "heldout_grid",
        "the big gas price rises 20%",
        "no scenario matches 'the big gas price rises 20%'",
        "gas_price=+€7/MWh",
    ),
    # a misspelt verb the pack's scenario names teach: the --shock goes the way it says
    (
        "uk",
        "BoE cutz 25bp",
        "no scenario matches 'BoE cutz 25bp'",
        "boe_bank_rate=-25bp",
    ),
]


@pytest.mark.parametrize(("name", "text", "why", "shock"), REFUSED, ids=[r[1] for r in REFUSED])
def test_a_question_that_cannot_run_is_refused_with_a_shock_that_does(
    name: str, text: str, why: str, shock: str
) -> None:
    pack = _pack(name)
    with pytest.raises(GraphError) as raised:
        resolve_text(pack, text)
    lines = graph_error_lines(raised.value)
    assert lines[0].startswith(why), lines
    assert any(f"--shock {pasted(shock)}" in line for line in lines), lines  # as a shell reads it
    on = resolve_text(pack, pack.info.default_scenario).anchor
    parse_shock(pack, shock, on)  # the --shock offered runs


def test_a_level_below_zero_keeps_its_sign_in_its_id() -> None:
    assert resolve_text(_pack("heldout_grid"), "temperature falls to -5°C").id == (
        "temperature-at--5"
    )


@pytest.mark.parametrize(
    ("name", "text", "default"),
    [
        ("heldout_outbreak", "no vaccination drive", "new-variant"),
        ("heldout_outbreak", "without a vaccination drive", "new-variant"),
        ("heldout_outbreak", "new variant and no vaccination drive", "new-variant"),
        ("heldout_grid", "no wind lull", "cold-snap"),
    ],
)
def test_no_scenario_the_default_does_not_have_is_the_default(
    name: str, text: str, default: str
) -> None:
    # 'no vaccination drive' was refused, offering the drive itself; the default scenario has
    # none, so the question is answered against it, as priced: nothing moves
    spec = resolve_text(_pack(name), text)
    assert spec.as_priced and spec.against == default


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("heldout_outbreak", "no new variant"),
        ("heldout_grid", "no cold snap"),
    ],
)
def test_no_default_scenario_is_refused(name: str, text: str) -> None:
    # the default is what every question is asked against: there is nothing to take it from
    with pytest.raises(GraphError):
        resolve_text(_pack(name), text)


def test_words_after_the_nodes_own_unit_are_not_called_a_unit() -> None:
    # '3 degrees frostier': 'degrees' is the node's own unit; 'frostier' is no unit, and the
    # pack has no such verb. Telling "'degrees frostier' does not apply to temperature"
    # misleads. ('Colder' is a move now, as 'lower' is: '3 degrees colder' reads -3 °C.)
    with pytest.raises(GraphError) as raised:
        resolve_text(_pack("heldout_grid"), "temperature 3 degrees frostier")
    assert not isinstance(raised.value, SizeUnitError)
    assert "--shock temperature=" in " ".join(graph_error_lines(raised.value))


def test_a_node_named_before_words_the_reader_does_not_know_is_not_called_missing() -> None:
    # 'BoE stays on hold' on a pack without 'stays on hold': it was told "the pack has no BoE
    # stays on", though BoE is its own policy node; now the hold is suggested on that node
    with pytest.raises(GraphError) as raised:
        resolve_text(_pack("uk"), "BoE stays on hold")
    lines = graph_error_lines(raised.value)
    assert not any("the pack has no" in line for line in lines), lines
    # 'cuts' is a decision's verb of the built-in words: a hold is not offered a cut
    assert "did you mean 'boe holds', 'boe skips' or 'bank of england holds'?" in lines
    assert any("--shock boe_bank_rate=+0bp" in line for line in lines)


# (pack, as a user says it with a subject, a command or an auxiliary, as the same question
# reads bare)
SAID_ALIKE = [
    # a subject pronoun is no institution the pack lacks: this was 'the pack has no we'
    ("heldout_game", "what if we double gold this weekend", "double gold this weekend"),
    ("heldout_game", "we double gold this weekend", "double gold this weekend"),
    ("heldout_game", "if they ban 5,000 bots", "ban 5,000 bots"),
    # a passive with its auxiliary and 'by' reads as the passive without either
    ("heldout_insure", "premium rates are raised by 5pp", "premium rates raised by 5pp"),
    # 'add' before a count of a node's name, as 'cut' was read: no scenario matched them
    ("heldout_labour", "employers add 200k jobs", "jobs rise 200k"),
    ("heldout_labour", "the economy adds 200k jobs", "jobs rise 200k"),
    ("heldout_labour", "add 200k jobs", "jobs rise 200k"),
    # the thing a decision decides, between its verb and its size: 'no scenario matches'
    ("uk", "the BoE cuts rates by 50bp", "BoE cuts 50bp"),
    ("uk", "the BoE cuts interest rates to 3%", "BoE cuts to 3%"),
    # news's verbs of a cut and a rise, built in: packs that did not declare them refused them
    ("uk", "BoE slashes rates 50bp", "BoE cuts 50bp"),
    ("heldout_labour", "employers axe 30k jobs", "jobs fall 30k"),
    ("uk", "households boost spending by £10bn", "household spending rises £10bn"),
    # an event said with a verb of its happening: 'no scenario matches'
    ("heldout_grid", "a cold snap hits", "a cold snap"),
    ("heldout_fire", "a heatwave strikes", "a heatwave"),
]


@pytest.mark.parametrize(("name", "said", "bare"), SAID_ALIKE, ids=[r[1] for r in SAID_ALIKE])
def test_a_question_with_a_subject_or_an_auxiliary_reads_as_without(
    name: str, said: str, bare: str
) -> None:
    pack = _pack(name)
    shocks = resolve_text(pack, bare).shocks
    assert shocks  # the bare question sets shocks of its own
    assert resolve_text(pack, said).shocks == shocks


# (pack, a multiple said of a node whose level is a percent, its node and change in its units)
MULTIPLIED = [
    # a rate moved in pp or bp was refused ("'%' does not apply"): doubling it is its level
    # again, as 'falls by half' was already read
    ("heldout_insure", "claims inflation doubles", "claims_inflation", 9.0),  # 9% a year
    ("heldout_insure", "claims inflation halves", "claims_inflation", -4.5),
    ("heldout_insure", "claims inflation triples", "claims_inflation", 18.0),
]


@pytest.mark.parametrize(
    ("name", "text", "node", "change"), MULTIPLIED, ids=[r[1] for r in MULTIPLIED]
)
def test_a_rate_in_points_doubles_by_its_own_level(
    name: str, text: str, node: str, change: float
) -> None:
    (shock,) = [s for s in resolve_text(_pack(name), text).shocks if s.node == node]
    assert shock.change == pytest.approx(change)


# (pack, a move said with the verb of a node's noun, the node, its change in its units)
BY_NOUN = [
    # 'no scenario matches', offering a shock on Japan's import prices for the word 'japanese'
    ("", "Japanese investors repatriate $50bn", "japan_repatriation", 50.0),
    ("", "Japanese lifers repatriated $30bn", "japan_repatriation", 30.0),
    ("uk", "households spend £10bn more", "household_spending", 10.0),
    ("uk", "households spend £10bn less", "household_spending", -10.0),
    ("heldout_coffee", "farmers plant 10k ha a year", "new_planting", 10.0),
]


@pytest.mark.parametrize(("name", "text", "node", "change"), BY_NOUN, ids=[r[1] for r in BY_NOUN])
def test_a_move_said_with_the_verb_of_a_nodes_noun_moves_it(
    name: str, text: str, node: str, change: float
) -> None:
    pack = _pack(name) if name else load_pack()
    (shock,) = [s for s in resolve_text(pack, text).shocks if s.node == node]
    assert shock.change == pytest.approx(change)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        # the pack's only spending is households': the government's is none of it
        ("uk", "the government spends £10bn more"),
        # the pack's only lending is the central bank's to the bank, and 'banks' name another
        ("heldout_bank", "banks lend $5bn more"),
    ],
)
def test_the_verb_of_a_noun_said_by_another_than_its_node_reads_no_move_of_it(
    name: str, text: str
) -> None:
    with pytest.raises(GraphError):
        resolve_text(_pack(name), text)


@pytest.mark.parametrize(
    ("name", "question", "node", "event"),
    [
        (
            "heldout_game",
            "What happens to the ingot price if we double gold this weekend?",
            "ingot_price",
            "double gold this weekend",
        ),
        (
            "heldout_hospital",
            "how does the waiting list react if flu admissions rise 20%",
            "waiting_list",
            "flu admissions rise 20%",
        ),
    ],
)
def test_a_question_about_one_node_asks_its_event(
    name: str, question: str, node: str, event: str
) -> None:
    pack = _pack(name)
    assert asked_of(pack, question) is not None and asked_of(pack, question)[0] == node
    assert resolve_text(pack, question).shocks == resolve_text(pack, event).shocks
