"""Everyday phrasings, read with the bundled pack's lexicon: what each one resolves to (the
shocks it puts on the default scenario: node, sign, size in the node's units), and what each
refusal says, suggests and gives as a ``--shock`` example.

The readings were checked by hand against the pack's nodes: a sell-off of a bond is a rise
of its yield, a rally of the yen a fall of USD/JPY, outflows a fall of a flow.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from msgspec.structs import replace

from macrograph.graph.errors import UnknownScenarioError
from macrograph.graph.scenarios import resolve, resolve_text
from macrograph.graph.words.refusals import named_nodes, suggest
from macrograph.graph.words.units.unitwords import pack_units
from macrograph.rules import load_pack
from macrograph.rules.english.lexicon import DEFAULT_LEXICON, Lexicon, Moves, lexicon_words
from macrograph.rules.pack import Pack
from tests.house.test_no_pack_words import code_text
from tests.packfactory import other_side

ROOT = Path(__file__).resolve().parents[2]
AS_PRICED = "as priced"
Shock = tuple[str, str, float]  # (node, '+', '-', '0' or '@' for a level, size)

PHRASINGS: list[tuple[str, object]] = [
    # holding
    ("BoJ skips", [("boj_policy_rate", "0", 0.0)]),
    ("the BoJ stays on hold", [("boj_policy_rate", "0", 0.0)]),
    ("BoJ stays on hold", [("boj_policy_rate", "0", 0.0)]),
    ("BoJ keeps rates unchanged", [("boj_policy_rate", "0", 0.0)]),
    ("the BoJ keeps policy unchanged", [("boj_policy_rate", "0", 0.0)]),
    ("Fed keeps rates unchanged", [("fed_funds_rate", "0", 0.0)]),
    ("Fed leaves rates on hold", [("fed_funds_rate", "0", 0.0)]),
    ("the Fed stands pat", [("fed_funds_rate", "0", 0.0)]),
    ("Fed stays put", [("fed_funds_rate", "0", 0.0)]),
    ("Fed keeps rates steady", [("fed_funds_rate", "0", 0.0)]),
    ("the Fed holds fire", [("fed_funds_rate", "0", 0.0)]),
    ("BoJ holds steady", [("boj_policy_rate", "0", 0.0)]),
    ("the BoJ does not hike", [("boj_policy_rate", "0", 0.0)]),
    ("no rate hike from the BoJ", [("boj_policy_rate", "0", 0.0)]),
    ("BoJ stays on hold in December", [("boj_policy_rate", "0", 0.0)]),
    ("the BoJ unexpectedly holds", [("boj_policy_rate", "0", 0.0)]),
    ("the BoJ also holds", [("boj_policy_rate", "0", 0.0)]),
    # decisions with a size, or a level
    ("Fed cuts 50bp", [("fed_funds_rate", "-", 0.5)]),
    ("the Fed cuts rates by 50 basis points", [("fed_funds_rate", "-", 0.5)]),
    ("Fed slashes 75bp", [("fed_funds_rate", "-", 0.75)]),
    ("Fed delivers a 50bp cut", [("fed_funds_rate", "-", 0.5)]),
    # a size made one word before its noun, as news writes it, and a move named first
    ("the Fed delivers a half-point cut", [("fed_funds_rate", "-", 0.5)]),
    ("a quarter-point hike by the BoJ", AS_PRICED),
    ("the Fed delivers a 50-basis-point cut", [("fed_funds_rate", "-", 0.5)]),
    ("Fed cuts by a half point", [("fed_funds_rate", "-", 0.5)]),
    ("a cut of 50bp by the Fed", [("fed_funds_rate", "-", 0.5)]),
    ("a rise of 20bp in the 10y JGB yield", [("jgb_10y", "+", 0.2)]),
    ("a 3-percent drop in the Nasdaq", [("nasdaq", "-", 3.0)]),
    ("the Fed raises rates by 25bp", [("fed_funds_rate", "+", 0.25)]),
    ("BoJ surprises with a 50bp hike", [("boj_policy_rate", "+", 0.5)]),
    ("BoJ hikes 50bp", [("boj_policy_rate", "+", 0.5)]),
    ("Bank of Japan lifts rates 50bp", [("boj_policy_rate", "+", 0.5)]),
    ("BoJ hikes 0.5pp", [("boj_policy_rate", "+", 0.5)]),
    ("BoJ raises rates to 1%", [("boj_policy_rate", "@", 1.0)]),
    ("Fed lowers rates to 3%", [("fed_funds_rate", "@", 3.0)]),
    # what markets priced
    ("BoJ hikes", AS_PRICED),
    ("BoJ tightens 25bp", AS_PRICED),
    ("the Fed eases 25bp", AS_PRICED),
    ("the Fed ends QT", AS_PRICED),
    # yields: name forms, and a sell-off of bonds is a rise of the yield
    ("10 year JGB rises 20bp", [("jgb_10y", "+", 0.2)]),
    ("JGB 10 year yield rises 25 bps", [("jgb_10y", "+", 0.25)]),
    ("the ten-year JGB yield climbs 15 basis points", [("jgb_10y", "+", 0.15)]),
    ("the 10y JGB yield hits 2%", [("jgb_10y", "@", 2.0)]),
    ("JGBs sell off 20bp", [("jgb_10y", "+", 0.2)]),
    ("UST 10y sells off 15bp", [("ust_10y", "+", 0.15)]),
    ("10-year Treasury yields rise 10bp", [("ust_10y", "+", 0.1)]),
    ("US Treasuries rally 10bp", [("ust_10y", "-", 0.1)]),
    ("2-year Treasury yield falls 15bp", [("ust_2y", "-", 0.15)]),
    ("two year JGB rises 5bp", [("jgb_2y", "+", 0.05)]),
    ("the spread tightens 20bp", [("us_jp_spread_10y", "-", 0.2)]),
    ("the spread widens to 2pp", [("us_jp_spread_10y", "@", 2.0)]),
    ("hedging cost falls 50bp", [("hedging_cost", "-", 0.5)]),
    ("Tokyo CPI rises 0.5pp", [("tokyo_core_cpi", "+", 0.5)]),
    # the yen: its rally is a fall of USD/JPY
    ("yen rallies 5%", [("usd_jpy", "-", -other_side(5.0))]),
    ("yen rallies 5% against the dollar", [("usd_jpy", "-", -other_side(5.0))]),
    ("the yen weakens 3%", [("usd_jpy", "+", other_side(-3.0))]),
    ("yen depreciates 2%", [("usd_jpy", "+", other_side(-2.0))]),
    ("the yen appreciates 4% versus the dollar", [("usd_jpy", "-", -other_side(4.0))]),
    ("USD/JPY climbs to 160", [("usd_jpy", "@", 160.0)]),
    ("dollar-yen slides 2%", [("usd_jpy", "-", 2.0)]),
    ("the dollar weakens 2% against the yen", [("usd_jpy", "-", 2.0)]),
    ("what if the yen gains 3%", [("usd_jpy", "-", -other_side(3.0))]),
    # equities, crypto, volatility
    ("Nasdaq sells off 10%", [("nasdaq", "-", 10.0)]),
    ("the Nasdaq tumbles 7%", [("nasdaq", "-", 7.0)]),
    ("tech stocks plunge 8%", [("nasdaq", "-", 8.0)]),
    ("S&P 500 rallies 3%", [("sp500", "+", 3.0)]),
    ("US stocks slump 4%", [("sp500", "-", 4.0)]),
    ("Nikkei surges 5%", [("nikkei", "+", 5.0)]),
    ("Japanese stocks drop 6%", [("nikkei", "-", 6.0)]),
    ("bitcoin crashes 20%", [("bitcoin", "-", 20.0)]),
    ("BTC soars 15%", [("bitcoin", "+", 15.0)]),
    ("crypto slides 10%", [("bitcoin", "-", 10.0)]),
    # 'is' alone names no node, though a name holds it (the stance's 'is it tight')
    ("bitcoin is down 5%", [("bitcoin", "-", 5.0)]),
    ("the Nasdaq is up 3%", [("nasdaq", "+", 3.0)]),
    ("VIX jumps to 30", [("vix", "@", 30.0)]),
    ("VIX spikes 10 points", [("vix", "+", 10.0)]),
    # flows: sizes in dollars, said first or last
    ("$5bn of outflows from bitcoin ETFs", [("bitcoin_etf_flows", "-", 5.0)]),
    ("$2 billion of inflows into bitcoin ETFs", [("bitcoin_etf_flows", "+", 2.0)]),
    ("carry trade unwinds $500bn", [("yen_carry_positions", "-", 500.0)]),
    ("yen carry trade unwinds $1 trillion", [("yen_carry_positions", "-", 1000.0)]),
    ("Japanese repatriation jumps $100bn", [("japan_repatriation", "+", 100.0)]),
    ("Japanese repatriation of $100bn", [("japan_repatriation", "+", 100.0)]),
    ("$300bn of carry trades unwind", [("yen_carry_positions", "-", 300.0)]),
    # a scenario, with a purpose said after it
    ("Japan intervenes", [("mof_intervention", "+", 5.0)]),
    ("Japan intervenes to prop up the yen", [("mof_intervention", "+", 5.0)]),
    # several clauses
    (
        "BoJ skips and the yen weakens 2%",
        [("boj_policy_rate", "0", 0.0), ("usd_jpy", "+", other_side(-2.0))],
    ),
    (
        "Fed cuts 50bp and the Nasdaq rallies 5%",
        [("fed_funds_rate", "-", 0.5), ("nasdaq", "+", 5.0)],
    ),
]


def _read(shock: Any) -> Shock:
    if shock.level is not None:
        return (shock.node, "@", pytest.approx(shock.level))
    sign = "0" if shock.change == 0 else ("+" if shock.change > 0 else "-")
    return (shock.node, sign, pytest.approx(abs(shock.change)))


@pytest.mark.parametrize(("text", "reading"), PHRASINGS, ids=[p[0] for p in PHRASINGS])
def test_phrasing_reads_as(pack: Pack, text: str, reading: object) -> None:
    spec = resolve_text(pack, text)
    base = resolve(pack, pack.info.default_scenario)
    if reading == AS_PRICED:
        assert (spec.against, spec.as_priced) == (base.id, True)
        assert spec.shocks == base.shocks
        return
    assert not spec.as_priced and spec.against == base.id
    added = [s for s in spec.shocks if s not in set(base.shocks)]
    assert [_read(s) for s in added] == reading


def test_the_table_is_long_enough() -> None:
    assert len(PHRASINGS) >= 60 and len(REFUSALS) >= 15


# (question, the line that says why, the suggestion line or None for none, the --shock)
POLICY = "BoJ policy rate (boj_policy_rate) and Fed funds rate (fed_funds_rate)"
MARKETS = "USD/JPY (usd_jpy), 2y JGB yield (jgb_2y), 10y JGB yield (jgb_10y)"
REFUSALS: list[tuple[str, str, str | None, str]] = [
    (
        "ECB hikes",
        f"the pack has no ECB; its policy nodes are {POLICY}",
        None,
        "boj_policy_rate=+25bp",
    ),
    (
        "ECB cuts 25bp",
        f"the pack has no ECB; its policy nodes are {POLICY}",
        None,
        "boj_policy_rate=-25bp",
    ),
    (
        "the ECB stays on hold",
        f"the pack has no ECB; its policy nodes are {POLICY}",
        None,
        "boj_policy_rate=+0bp",
    ),
    (
        "the ECB does not hike",
        f"the pack has no ECB; its policy nodes are {POLICY}",
        None,
        "boj_policy_rate=+0bp",
    ),
    (
        "BoJ skips and the moon falls",
        f"the pack has no moon; its key markets are {MARKETS}",
        None,
        "usd_jpy=-0.6%",
    ),
    (
        "Bank of England holds",
        f"the pack has no Bank of England; its policy nodes are {POLICY}",
        None,
        "boj_policy_rate=+0bp",
    ),
    ("gold rallies", f"the pack has no gold; its key markets are {MARKETS}", None, "usd_jpy=+0.6%"),
    (
        "gold rallies 5%",
        f"the pack has no gold; its key markets are {MARKETS}",
        None,
        "usd_jpy=+5%",
    ),
    (
        "the moon falls 5%",
        f"the pack has no moon; its key markets are {MARKETS}",
        None,
        "usd_jpy=-5%",
    ),
    (
        "oil prices surge 10%",
        f"the pack has no oil; its key markets are {MARKETS}",
        None,
        "usd_jpy=+10%",
    ),
    (
        "Bund yields rise 10bp",
        f"the pack has no Bund; its key markets are {MARKETS}",
        None,
        "jgb_2y=+10bp",
    ),
    (
        "BoJ hkes",
        "no scenario matches 'BoJ hkes'",
        "did you mean 'boj hikes', 'boj hikes 50' or 'boj hikes 50bp'?",
        "boj_policy_rate=+25bp",
    ),
    (
        "Fed cutts 50bp",
        "no scenario matches 'Fed cutts 50bp'",
        "did you mean 'fed cuts 50bp'?",
        "fed_funds_rate=-50bp",
    ),
    (
        "BoJ hikes but says it will wait for the spring wage talks",
        "no scenario matches 'BoJ hikes but says it will wait for the spring wage talks'",
        "did you mean 'boj watches wages', 'boj dovish guidance' or 'dovish boj guidance'?",
        "boj_policy_rate=+25bp",
    ),
    (
        "10y yield rises 10bp",
        "no scenario matches '10y yield rises 10bp'",
        "did you mean '10y jgb yield rises 10bp' or '10y us treasury yield rises 10bp'?",
        "jgb_10y=+10bp",
    ),
    ("nasdq rockets 5%", "no scenario matches 'nasdq rockets 5%'", None, "nasdaq=+5%"),
    (
        "yen strengthens",
        "cannot run 'yen strengthens': it says which way usd_jpy moves but not how far; add a size",
        None,
        "usd_jpy=-0.6%",
    ),
    (
        "UST 10y sells off",
        "cannot run 'UST 10y sells off': it says which way ust_10y moves but not how far; "
        "add a size",
        None,
        "ust_10y=+6bp",
    ),
    (
        "Nasdaq sells off",
        "cannot run 'Nasdaq sells off': it says which way nasdaq moves but not how far; add a size",
        None,
        "nasdaq=-1%",
    ),
    (
        "yen +5%",
        "cannot run 'yen +5%': 'yen' names usd_jpy the other way round",
        None,
        "usd_jpy=-5%",
    ),
]


@pytest.mark.parametrize(
    ("text", "why", "suggestion", "shock"), REFUSALS, ids=[r[0] for r in REFUSALS]
)
def test_refusal_says(cli: Any, text: str, why: str, suggestion: str | None, shock: str) -> None:
    out = cli("whatif", text, "--draws", "0")
    assert out.code == 2 and out.stdout == "" and "Traceback" not in out.stderr
    lines = [line.strip() for line in out.stderr.splitlines()]
    assert any(line.removeprefix("macrograph: ").startswith(why) for line in lines), lines
    asked = [line for line in lines if line.startswith("did you mean")]
    assert asked == ([suggestion] if suggestion else [])
    assert f"--shock {shock} (a change)" in out.stderr


@pytest.mark.parametrize(
    "text", ["Nasdaq sells of 10%", "yen rallies 5% against the euro", "gold rallies"]
)
def test_suggestions_name_no_node_the_question_did_not(pack: Pack, text: str) -> None:
    asked = named_nodes(pack, text)
    for name in suggest(pack, text):
        assert named_nodes(pack, name) <= asked, name


def test_a_pack_speaks_its_own_words(pack: Pack) -> None:
    """The reader knows only the neutral default: the bundled pack's market verbs come from
    its own lexicon, and a pack without them is refused in them."""
    bare = replace(pack, info=pack.info.model_copy(update={"lexicon": None}))
    with pytest.raises(UnknownScenarioError):
        resolve_text(bare, "Nasdaq sells off 10%")
    assert [s.change for s in resolve_text(bare, "Nasdaq falls 10%").shocks if s.node == "nasdaq"]
    own = Lexicon(moves=Moves(down=("wilts",)))
    speaking = replace(pack, info=pack.info.model_copy(update={"lexicon": own}))
    spec = resolve_text(speaking, "Nasdaq wilts 10%")
    assert [(s.node, s.change) for s in spec.shocks if s.node == "nasdaq"] == [("nasdaq", -10.0)]
    assert "rallies" not in lexicon_words(None).moves and "rises" in lexicon_words(own).moves
    assert DEFAULT_LEXICON.decisions.hold  # the neutral default holds, raises and lowers


def test_a_date_holds_after_the_words(pack: Pack) -> None:
    spec = resolve_text(pack, "the Fed stands pat on 10 Dec 2025")
    assert spec.decision("fed_funds_rate").change == 0.0
    assert spec.decision("fed_funds_rate").date == date(2025, 12, 10)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # 'on 12 March', as the refusal below suggests, ran as 12 March 2025, nine months
        # before the pack's December event: a day without its year is the one nearest it
        ("Nasdaq falls 3% on 12 March", date(2026, 3, 12)),
        ("Nasdaq falls 3% on 5 December", date(2025, 12, 5)),
        ("Nasdaq falls 3% on 2 January", date(2026, 1, 2)),
        ("Nasdaq falls 3% on 12 March 2025", date(2025, 3, 12)),
    ],
)
def test_a_day_without_its_year_is_the_one_nearest_the_event(
    pack: Pack, text: str, day: date
) -> None:
    assert [s.date for s in resolve_text(pack, text).shocks if s.node == "nasdaq"] == [day]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("a 3% drop in the Nasdaq by Friday", "by friday"),
        ("Nasdaq falls 3% tomorrow", "tomorrow"),
        ("the BoJ hikes 50bp next week", "next week"),
        # a span from now named no scenario ('no scenario matches'), where 'next week' did
        ("Nasdaq falls 3% in two weeks' time", "in two weeks' time"),
        ("the BoJ hikes 50bp in 10 days' time", "in 10 days' time"),
        ("Nasdaq falls 3% a month from now", "a month from now"),
    ],
)
def test_a_day_said_in_words_that_names_no_date_is_refused(cli: Any, text: str, said: str) -> None:
    # 'a 3% drop in the Nasdaq by Friday' ran as a drop on the event's day: the node's name
    # is read past the words after it, and 'by friday' went with them
    out = cli("whatif", text, "--draws", "0")
    assert out.code == 2 and "Traceback" not in out.stderr
    assert out.stderr.splitlines()[0] == (
        f"macrograph: cannot run {text!r}: {said!r} names no date; say the date itself ('on 12"
        " March', 'in Q3') or leave it out for the move to come on its event's day"
    )


def test_a_day_word_in_a_packs_own_name_is_its_name(cli: Any) -> None:
    space = Path(__file__).parents[1] / "packs" / "heldout_space"  # 'A CME arrives tomorrow'
    out = cli("whatif", "a CME arrives tomorrow and Bz falls 10 nT", "--pack", str(space))
    assert out.code == 0, out.stderr
    assert out.stdout.startswith("A CME arrives tomorrow, and IMF Bz -10 nT\n")


READER = (
    "graph/words/plainwords.py",
    "graph/words/naming.py",
    "graph/words/refusals.py",
    "graph/words/rewording.py",
    "graph/words/dates.py",
)
PLAIN_ENGLISH = ("move", "index", "policy", "rate", "rates", "yield")  # words code also uses


def test_the_reader_knows_none_of_the_packs_own_words(pack: Pack) -> None:
    """The bundled pack's verbs, fillers and name forms live in its lexicon: the question
    reader's code and comments (its documentation aside) name none of them."""
    assert pack.info.lexicon is not None
    own, neutral = lexicon_words(pack.info.lexicon), lexicon_words(None)
    words = (set(own.verbs()) - set(neutral.verbs())) | (set(own.fillers) - set(neutral.fillers))
    words |= {phrase for phrase, _ in pack.info.lexicon.forms}
    words -= set(PLAIN_ENGLISH)
    assert {"rallies", "sells off", "stays on hold", "10 year", "trillion"} <= words
    for name in READER:
        text = code_text(ROOT / name).lower()
        found = sorted(w for w in words if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text))
        assert found == [], f"{name} names the pack's words {found}"


ECOLOGY = ROOT / "tests" / "packs" / "predator_prey"


def test_a_pack_of_another_field_is_asked_in_its_own_units(cli: Any) -> None:
    """A pack without a lexicon reads the neutral verbs and its own unit words ('head'); the
    --shock a refusal offers in that unit is read too (it once was refused)."""
    eco = load_pack(ECOLOGY)
    said = pack_units(eco)  # the built-in vocabulary's '+0.1pp of GDP', and 'head' in millions
    assert [u for u in said if not u.endswith(" head")] == ["head", "pp of gdp"]
    assert {"k head", "million head", "bn head"} <= set(said)
    spec = resolve_text(eco, "hares rise 10 head")
    assert [(s.node, s.change) for s in spec.shocks if s.node == "hares"] == [("hares", 10.0)]
    spec = resolve_text(eco, "the predators fall by 5 head")
    assert [(s.node, s.change) for s in spec.shocks if s.node == "predators"][-1] == (
        "predators",
        -5.0,
    )
    out = cli("whatif", "wolves rise 5 head", "--pack", str(ECOLOGY), "--draws", "0")
    assert out.code == 2
    assert (
        "  the pack has no wolves; its key outcomes are Hares (hares) and Predators " in out.stderr
    )
    assert "--shock 'hares=+5 head' (a change)" in out.stderr
    ran = cli(
        "whatif", "drought", "--pack", str(ECOLOGY), "--shock", "hares=+1head", "--draws", "0"
    )
    assert ran.code == 0, ran.stderr


def test_the_built_in_lexicon_is_what_a_pack_could_write() -> None:
    # made without validating (a cold start builds no validator for it), it must pass
    # the validation a pack's own lexicon passes, and defaults stay empty
    assert Lexicon.model_validate(DEFAULT_LEXICON.model_dump()) == DEFAULT_LEXICON
    empty = Lexicon.model_validate({})
    assert empty.decisions.up == empty.moves.down == () and empty == Lexicon.model_construct()
