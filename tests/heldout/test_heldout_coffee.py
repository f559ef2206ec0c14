"""The world's arabica coffee chain through a Brazilian frost, a field the machinery has
never seen, counted in quarters, read as a trader, a roaster's strategist and a teacher
would.

The held-out pack tests/packs/heldout_coffee is the first held-out pack counted in quarters
(period 1q). A frost in Minas Gerais ('Geada em Minas Gerais') scares the New York futures
price at once and shrinks Brazil's next harvest three quarters later, which drains
exporters' stocks (a stock of the harvest in and exports out) and keeps the price up. The
price reaches the shelf a quarter later ('Café torréfié', in €/kg), squeezing roasters'
margins ('Marge des torréfacteurs') until the kilo is repriced; a dearer kilo sells less,
so exports fall and stocks rebuild (a balancing loop). Farmers plant on a high price and the
trees bear three years later (a lagged balancing loop); above 350¢/lb margin calls force
trading houses out of their short hedges, which lifts the price again (a reinforcing loop
under a ``when``); above 450¢/lb an export tax applies (a threshold). Its units are its own
(¢/lb, R$ per US$, m bags a year, €/kg, US$bn); it ships a quarterly series of the price,
an episode read from it, and the roasters' association's view as an overlay.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from macrograph.explain.wording.grammar import head_noun, reads_plural
from macrograph.graph.build import build_graph
from macrograph.graph.query import loops
from macrograph.rules import load_pack
from macrograph.rules.lint.core import lint_pack
from macrograph.rules.observations import observations
from tests.packfactory import moves_on, on_pack

COFFEE = Path(__file__).parents[1] / "packs" / "heldout_coffee"

# Words of the bundled pack's world, and of markets' jargon, that no output on coffee may use.
BUNDLED = re.compile(
    r"\b(yen|boj|fed|fomc|jgb|treasur\w*|usd|nikkei|bitcoin|vix|carry|rall(y|ies|ied)|"
    r"hawkish|dovish|market-implied|policy rate|desk|basis points?|\d+bp)\b",
    re.IGNORECASE,
)


def run(*args: str, code: int = 0) -> str:
    """The output of a command on the pack in an 80-column terminal."""
    return on_pack(COFFEE, *args, code=code)


def moves(question: str, node: str) -> dict[str, float]:
    """The change of ``node`` at each horizon of ``question``'s what-if, without draws."""
    return moves_on(COFFEE, question, node)


def said(*args: str) -> str:
    """A command's output as one line of words."""
    return " ".join(run(*args).split())


def test_the_pack_lints_clean_and_counts_in_quarters() -> None:
    pack = load_pack(COFFEE)
    assert [i for i in lint_pack(pack) if i.severity != "info"] == []
    assert (pack.info.period, pack.info.language) == ("1q", 3)


def test_the_loops_a_coffee_trader_expects() -> None:
    found = {frozenset(lp.nodes): lp for lp in loops(build_graph(load_pack(COFFEE)))}
    squeeze = found[frozenset({"ny_price", "margin_calls", "short_hedges"})]
    assert (squeeze.polarity, squeeze.gated) == (
        "reinforcing",
        ("rising_price_brings_margin_calls",),
    )
    planting = found[frozenset({"ny_price", "new_planting", "brazil_harvest", "exporter_stocks"})]
    assert planting.polarity == "balancing"
    demand = found[
        frozenset({"ny_price", "retail_price", "consumption", "exports", "exporter_stocks"})
    ]
    assert demand.polarity == "balancing"


def test_a_frost_raises_the_price_at_once_and_through_the_smaller_harvest() -> None:
    price = moves("geada-2026", "ny_price")
    harvest = moves("geada-2026", "brazil_harvest")
    assert price["1q"] > 0 and harvest["1q"] == 0  # the news comes first, the crop later
    assert harvest["4q"] == pytest.approx(-10.0)  # K1: a fifth of the trees, 10m bags
    assert moves("geada-2026", "exporter_stocks")["4q"] < 0
    assert moves("geada-2026", "retail_price")["2q"] > 0
    assert moves("real-fraco", "ny_price")["1q"] < 0  # farmers sell in reais


def test_the_quarterly_series_scores_the_frost_of_2021() -> None:
    # a quarterly series has a close a quarter apart: every move of it was 'not scored: no
    # close from 2021-07-13 to before the event on 2021-07-20', a week's tolerance
    pack = load_pack(COFFEE)
    read = {(o.node, o.window): o for o in observations(pack, pack.episodes["geada-2021"])}
    one = read[("ny_price", "1q")]
    assert one.missing is None and one.span is not None
    assert (str(one.span.base_date), str(one.span.end_date)) == ("2021-06-30", "2021-12-31")
    assert one.value == pytest.approx(226.5 - 146.3)  # a difference of levels in ¢/lb
    assert "not scored" not in run("lint")


@pytest.mark.parametrize(
    ("question", "title"),
    [
        # the pack's own unit as it prints it: "'/lb' does not apply to ny_price (usc_lb);
        # write '+50¢/lb'", the cent sign dropped from the question as it was read
        ("the price soars 50¢/lb", "Arabica futures price in New York +50¢/lb"),
        ("what if the coffee price rises 20 ¢/lb", "Arabica futures price in New York +20¢/lb"),
    ],
)
def test_a_size_in_the_pack_s_own_signs_is_read(question: str, title: str) -> None:
    assert run("whatif", question, "--draws", "0", "--short").splitlines()[0] == title


@pytest.mark.parametrize(
    ("question", "title"),
    [
        # a sign of letters and a symbol, as the pack writes its money: 'no scenario matches'
        ("margin calls rise US$1bn", "Margin calls on short hedges +US$1bn"),
        ("real rises to R$6", "Real brasileiro at R$6 per US$"),
        ("the real rises by R$0.5", "Real brasileiro +R$0.50 per US$"),
    ],
)
def test_a_size_after_a_sign_of_letters_is_read(question: str, title: str) -> None:
    assert run("whatif", question, "--draws", "0", "--short").splitlines()[0] == title


@pytest.mark.parametrize(
    ("shock", "title"),
    [
        # a level was titled as typed, without its unit: 'Real brasileiro at 6'
        ("brl@6", "Real brasileiro at R$6 per US$"),
        ("ny_price@450", "Arabica futures price in New York at 450¢/lb"),
        ("margin_calls=+US$1bn", "Margin calls on short hedges +US$1bn"),
    ],
)
def test_a_shock_is_titled_in_the_pack_s_units(shock: str, title: str) -> None:
    assert run("whatif", "--shock", shock, "--draws", "0", "--short").splitlines()[0] == title


@pytest.mark.parametrize(
    ("question", "title"),
    [
        # a form could not name the pack's own unit: "field 'lexicon.forms.2.1': must be
        # text matching ^[a-z0-9$%&/'][a-z0-9$%&/'. -]{0,63}$ (got '¢/lb')"
        ("the price rises 30 c/lb", "Arabica futures price in New York +30¢/lb"),
        ("price jumps 30 cents a pound", "Arabica futures price in New York +30¢/lb"),
    ],
)
def test_a_form_may_write_the_pack_s_currency_signs(question: str, title: str) -> None:
    assert load_pack(COFFEE).info.lexicon is not None
    assert run("whatif", question, "--draws", "0", "--short").splitlines()[0] == title


@pytest.fixture(scope="module")
def answer() -> str:
    """The default scenario, a frost, in words."""
    return said("whatif", "--draws", "0")


def test_labels_in_french_read_mid_sentence_as_common_words(answer: str) -> None:
    # 'this raises Café torréfié by €0.60/kg': a label of plain words in sentence case goes
    # to lower case mid-sentence, accented letters or not ('net hiring' did, 'café' did not)
    assert "this raises café torréfié by €0.60/kg [8]" in answer
    assert "Pushing it up, +1.5 pp in all: café torréfié +1.5 pp [10]" in answer
    # 'Marge des torréfacteurs are in a close tug of war': the head noun of 'marge des
    # torréfacteurs' is 'marge', before the French 'des' as before the English 'of'
    assert "Marge des torréfacteurs is in a close tug of war" in answer
    assert "torréfacteurs are" not in answer


def test_a_label_s_head_noun_stops_at_a_french_or_portuguese_preposition() -> None:
    assert head_noun("Marge des torréfacteurs") == "Marge"
    assert head_noun("Estoque dos exportadores") == "Estoque"
    assert not reads_plural("Prix du café")
    assert reads_plural("Exportations de café")


def test_a_price_under_ten_euros_moves_to_the_cent(answer: str) -> None:
    # '+€1.2/kg' beside '+€0.99/kg' in one column, and a band '+€0.57/kg to +€1.5/kg': a
    # small amount of money per something is written to the cent, as its level is
    table = run("whatif", "--draws", "0")
    row = next(line for line in table.splitlines() if line.startswith("  Café torréfié"))
    assert row.split()[-2:] == ["+€1.20/kg", "+€0.99/kg"]
    band = said("whatif", "--format", "md")
    assert "+€0.57/kg to +€1.52/kg" in band  # was +€1.5/kg


def test_a_cause_s_amount_wider_than_its_column_does_not_run_into_its_name() -> None:
    # '-0.71m bags a quarter exporters' stocks -4.1m bags, via stocks_feed_exports': an
    # amount wider than the column (a fifth of the width) ran into the name after one space
    told = run("explain", "ny_price", "--draws", "0")
    causes = told.split("Causes, strongest first")[1].split("By shock")[0]
    assert "a quarter exporters'" not in causes and "a year café" not in causes
    lines = causes.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip() == "-0.71m bags a quarter")
    assert lines[at + 1].lstrip().startswith("exporters' stocks -4.1m bags, via")
    assert all(len(line) <= 80 for line in lines)


@pytest.mark.slow
def test_a_brief_names_its_charts_and_its_overlay_in_the_pack_s_words(tmp_path: Path) -> None:
    run("brief", "-o", str(tmp_path / "note.md"))
    note = (tmp_path / "note.md").read_text(encoding="utf-8")
    # '![Key outcomes quarter by quarter]' above 'Each key figure quarter by quarter'
    assert "![Key figures quarter by quarter](note-fan.svg)" in note
    assert "Each key figure quarter by quarter" in note
    # '## Where the roasters departs from the evidence': the overlay's label is plural
    assert "## Where the roasters depart from the evidence" in note


def test_two_views_side_by_side_keep_their_columns_and_their_grammar() -> None:
    told = run("whatif", "--against-overlay", "roasters", "--draws", "0")
    # 'the roasters's effect minus the evidence's'
    assert "the roasters' effect minus the evidence's" in " ".join(told.split())
    # '8.0m bags +0.10m bags   8.0m bags': a figure of words as wide as its column ran
    # into the next after one space
    row = next(line for line in told.splitlines() if line.startswith("  Exporters'"))
    assert re.search(r"bags \S", row) is None, row


@pytest.mark.slow
def test_a_view_of_several_takes_their_apostrophe_in_every_format(tmp_path: Path) -> None:
    run("brief", "-o", str(tmp_path / "note.html"))
    page = (tmp_path / "note.html").read_text(encoding="utf-8")
    assert "Where the roasters depart from the evidence" in page
    for fmt in ("md", "html"):
        told = said("whatif", "--against-overlay", "roasters", "--draws", "0", "--format", fmt)
        assert "the roasters' effect minus the evidence's" in told, fmt


def test_a_fit_to_one_episode_is_titled_in_the_singular(tmp_path: Path) -> None:
    # 'elasticities fitted to 1 episodes'
    run("calibrate", "-o", str(tmp_path / "fit.yaml"), "--draws", "50")
    fitted = (tmp_path / "fit.yaml").read_text(encoding="utf-8")
    assert 'elasticities fitted to 1 episode"' in fitted, fitted[:600]


def test_a_backtest_counts_an_episode_in_the_year_it_happened() -> None:
    # the frost of July 2021 was scored under 2021 for its 1q window and under 2022 for
    # its 2q and 3q windows, the year each window ended
    told = run("backtest")
    years = told.split("By year")[1].split("\n\n")[0]
    assert re.findall(r"^  (\d{4})\s+(\d+)", years, re.MULTILINE) == [("2021", "3")]


@pytest.mark.parametrize(
    "question",
    [
        "frost rises 30 pp in Q3 2026",
        "what if the frost rises 30 pp in the third quarter of 2026",
        "frost rises 30 pp in q3",
    ],
)
def test_a_question_may_date_its_move_by_quarter(question: str) -> None:
    # 'no scenario matches': a pack counted in quarters is asked of in quarters; a quarter
    # picks the event in it, as a month does ('in July 2026')
    in_july = moves("frost rises 30 pp in July 2026", "ny_price")
    assert moves(question, "ny_price") == in_july != moves("frost rises 30 pp", "exports")


def test_a_quarter_said_of_a_move_that_is_no_decision_is_its_first_day() -> None:
    # 'frost_damage has no event in or on Q4 2027': a day in it was read, the quarter refused
    told = said("whatif", "frost rises 30 pp in Q4 2027", "--draws", "0")
    assert "Geada em Minas Gerais is set 30 pp higher on 1 Oct 2027 [1]." in told


def test_a_shock_in_money_keeps_its_cents() -> None:
    # 'The real weakens by R$0.60 per US$ on 1 Jul 2026: real brasileiro +R$0.6 per US$'
    told = said("whatif", "real-fraco", "--draws", "0")
    assert "on 1 Jul 2026: real brasileiro +R$0.60 per US$ [1]" in told
    assert "Café torréfié is set €0.50/kg higher" in said(
        "whatif", "the retail price rises €0.5/kg", "--draws", "0"
    )


def test_the_mermaid_map_boxes_nodes_as_the_diagrams_do(tmp_path: Path) -> None:
    # the pack declares its groups (clusters: groups, the default): the diagrams box the
    # nodes by them, the Mermaid map boxed them by region ('Brasil', 'Europe')
    run("export", "--format", "mermaid", "-o", str(tmp_path / "map.mermaid"))
    text = (tmp_path / "map.mermaid").read_text(encoding="utf-8")
    boxes = re.findall(r'subgraph \w+\["([^"]+)"\]', text)
    assert boxes == ["Fazendas", "Trade and stocks", "Futures market", "Roasters and cafés"]


def test_the_data_listing_speaks_of_quarters_not_weekends() -> None:
    # 'gap: the most calendar days between two closes (weekends and holidays included)'
    # under a series of quarterly averages
    listing = run("data")
    assert "92d" in listing and "weekends" not in listing


def test_a_series_values_are_listed_to_the_same_decimals_with_their_unit() -> None:
    # '2022-03-31  231' under '2021-12-31  226.5': the value as float's shortest text; and
    # a bare number, where the tables write the level in US cents a pound
    shown = run("data", "show", "ny_price", "--from", "2021-10-01", "--to", "2022-06-30")
    assert shown.splitlines()[1:] == [
        "2021-12-31  226.5¢/lb",
        "2022-03-31  231.0¢/lb",
        "2022-06-30  224.8¢/lb",
    ]


@pytest.mark.parametrize(
    ("question", "title"),
    [
        # "'million bags' does not apply to exporter_stocks (mbags); write '-2m bags'"
        ("exporters' stocks tumble by 2 million bags", "Exporters' stocks -2m bags"),
        ("harvest falls 5 million bags a year", "Brazil's arabica harvest -5m bags a year"),
    ],
)
def test_a_multiple_spelt_out_reads_as_the_unit_s_abbreviation(question: str, title: str) -> None:
    assert run("whatif", question, "--draws", "0", "--short").splitlines()[0] == title
