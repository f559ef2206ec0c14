"""``whatif`` in words and ``explain NODE``: goldens, the economics they state, units, citations.

Goldens live in tests/golden/narrative/; regenerate with ``pytest --update-golden`` and review
the diff. Every run fixes draws and seed explicitly so the bands are stable.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from msgspec import Struct
from msgspec.structs import replace

from macrograph.explain.contexts.base import Citation, modal_verb, sign_word, tug_word
from macrograph.explain.contexts.routes import Chain, Step
from macrograph.explain.contexts.whatif import WhatifContext, build_whatif
from macrograph.explain.filters import band, distance, level, move, percent, size
from macrograph.explain.wording.grammar import MOVE_WORDS
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.rules.pack import Pack
from macrograph.rules.vocabulary import UNIT_FORMS
from tests.narration import MC, answer, flat, uncited
from tests.packfactory import Cli

UNITS = r"(?:bp|pp|%|bn|tn| pts?\b| days?| draws| Monte Carlo draws| months?| weeks?)"


@pytest.fixture(scope="module")
def skips(pack: Pack) -> Any:
    return propagate(pack, "BoJ skips", RunOptions(draws=1000, seed=0))


@pytest.fixture(scope="module")
def skips_context(pack: Pack, skips: Any) -> WhatifContext:
    return build_whatif(pack, skips)


@pytest.fixture(scope="module")
def skips_text() -> str:
    """``whatif "BoJ skips"`` in text with 1,000 draws: several tests read it, none changes it."""
    return answer("whatif", "BoJ skips", *MC)


# --- goldens ------------------------------------------------------------------------------


def test_whatif_text_matches_golden(skips_text: str, golden: Callable[[str, str], None]) -> None:
    golden("narrative/whatif-boj-skips.txt", skips_text)


def test_whatif_markdown_matches_golden(cli: Cli, golden: Callable[[str, str], None]) -> None:
    out = cli("whatif", "BoJ skips", "--format", "md", *MC)
    assert out.code == 0, out.stderr
    golden("narrative/whatif-boj-skips.md", out.stdout)


def test_explain_bitcoin_matches_golden(
    bitcoin_text: str, golden: Callable[[str, str], None]
) -> None:
    golden("narrative/explain-bitcoin-december-2025.txt", bitcoin_text)


# --- what the whatif says ------------------------------------------------------------------


def d3(result: Any, node: str) -> float:
    """A node's delta at the prose horizon (3m)."""
    return float(result.nodes[node].delta["3m"])


def test_headline_states_the_surprise_against_what_was_priced(skips_text: str, skips: Any) -> None:
    text = flat(skips_text)
    assert (
        "The BoJ holds at 0.50% on 19 Dec 2025: a dovish surprise of -21.25bp against an "
        "85%-priced 25bp hike (in the comparison the surprise was +3.75bp) [1]." in text
    )
    assert "The market-implied BoJ path ends 25bp lower after 1 day [1]." in text
    # issue 20: the skip widens the 2y rate gap, and the cost of hedging follows it; the cost
    # is counted in pp but is no spread, so it ends higher, not wider (its node's ``moves``)
    nikkei, hedge = size(d3(skips, "nikkei"), "pct_change"), size(d3(skips, "hedging_cost"), "pp")
    assert d3(skips, "hedging_cost") > 0 and d3(skips, "nikkei") > 0
    assert (
        "After 3 months the biggest consequences: the cost of hedging dollars into yen ends "
        f"{hedge} higher" in text
    )
    assert f"Nikkei 225 ends {nikkei} higher" in text


def test_table_rows_carry_the_economics_with_units(skips_text: str, skips: Any) -> None:
    rows = {
        line.split("  ")[1].strip(): line.split()
        for line in skips_text.splitlines()
        if line.startswith("  ") and not line.startswith("  -") and "  " in line[2:]
    }

    def cells(node: str) -> list[str]:
        outcome = skips.nodes[node]
        return [move(outcome.delta[h], outcome.unit) for h in skips.horizons]

    assert rows["10y JGB yield"][3:7] == cells("jgb_10y")
    assert rows["US-Japan 10y spread"][3:7] == cells("us_jp_spread_10y")
    assert rows["USD/JPY"][1:5] == cells("usd_jpy")
    # issue 12: the interest bill builds with rollover, too small after 3 months for a row
    assert "Japan's government interest bill" not in rows
    # the level at the focus horizon, beside the changes, where the node has a baseline
    jgb = skips.nodes["jgb_10y"]
    assert rows["10y JGB yield"][7] == level(jgb.level["3m"], "pct")
    assert jgb.level["3m"] == pytest.approx(jgb.level_against["3m"] + jgb.delta["3m"])
    usd_jpy_level = skips.nodes["usd_jpy"].level["3m"]
    assert rows["USD/JPY"][5] == level(usd_jpy_level, "pct_change")  # a price level
    assert rows["Bitcoin"][5] == "-"  # no baseline, no level
    usd_jpy = skips.nodes["usd_jpy"]
    expected = (
        f"{band(usd_jpy.band['3m'], 'pct_change')} {percent(usd_jpy.p_positive['3m'])} higher"
    )
    assert " ".join(rows["USD/JPY"][6:]) == expected


def elasticity(pack: Pack, rule: str) -> float:
    """A linear rule's signed elasticity, as the pack fitted it."""
    found = pack.rules[rule]
    return float(found.sign * found.scale * found.magnitude.elasticity)  # type: ignore[union-attr]


def test_chains_tell_the_path_with_amounts_and_because(skips_text: str, pack: Pack) -> None:
    text = uncited(flat(skips_text))
    path = -0.25  # the priced 25bp hike, skipped
    jgb = path * elasticity(pack, "boj_path_lifts_jgb")
    ust = jgb * elasticity(pack, "jgb_spills_into_ust")
    # issue 20: the JGB-Treasury spillover; a medium-confidence rule is hedged with "should"
    assert (
        "The BoJ holds at 0.50%: the market-implied BoJ path falls 25bp; this lowers the 10y "
        f"JGB yield by {size(jgb, 'pct')}, which should lower the 10y US Treasury yield by "
        f"{size(ust, 'pct')}, because Japanese investors weigh JGBs against Treasuries, so a "
        "higher JGB yield lifts the term premium Treasuries must pay." in text
    )
    # the BoJ side of the rate gap counted once (issue 12), at its fitted size (issue 20)
    yen = path * elasticity(pack, "boj_path_strengthens_yen")
    assert f"this should lift USD/JPY by {size(yen, 'pct_change')}" in text


@pytest.mark.slow  # what-ifs with their draws
def test_tug_of_war_names_both_sides(cli: Cli, pack: Pack) -> None:
    # issue 12: a skip no longer pits channels against each other after 3 months; the
    # baseline does (C12, C14: the Fed and liquidity against the carry unwind)
    cited = flat(cli("whatif", "december-2025", *MC).stdout)
    text = uncited(cited)
    result = propagate(pack, "december-2025", RunOptions(draws=1000, seed=0))
    tugs = [c for c in result.competing if "3m" in c.horizons]
    assert tugs
    for tug in tugs:
        node = result.nodes[tug.node]
        w = node.w["3m"]
        said = f"{node.label} is in {tug_word(w)} after 3 months (net/gross {percent(w)})."
        assert f"{said} Pushing it up, " in text, said
        assert f"Net {move(node.delta['3m'], node.unit)}." in text
    # C14: the Fed path pulls the 10y down by a prompt and a slow rule: one force, both cited
    ust = result.nodes["ust_10y"]
    fed = sum(c.amount["3m"] for c in ust.channels if c.source == "fed_rate_expectations")
    start = cited.index(f"{ust.label} is in")
    sentence = cited[start : cited.index("Net ", start)]
    assert sentence.count("the market-implied Fed path") == 1
    assert f"the market-implied Fed path {move(fed, ust.unit)} [" in sentence
    assert re.search(r"the market-implied Fed path \S+ \[\d+\]\[\d+\],", sentence)


def test_threshold_and_stance_are_read_against_their_levels(
    skips_text: str, skips: Any, pack: Pack
) -> None:
    text = flat(skips_text)
    trigger = pack.rules["weak_yen_brings_intervention"].crosses.above  # type: ignore[union-attr]
    usd_jpy = skips.nodes["usd_jpy"]
    now, then = usd_jpy.level["3m"], usd_jpy.level_against["3m"]
    closest = max(usd_jpy.level.values())  # how near it comes, at any horizon
    assert trigger is not None and closest < trigger
    assert level(closest, "pct_change") == level(now, "pct_change")  # no nearer to tell
    assert re.search(
        r"Not reached: weak_yen_brings_intervention \[\d+\] needs USD/JPY at or above "
        + re.escape(f"{level(trigger, 'pct_change')}; it is at {level(now, 'pct_change')} after ")
        + re.escape(f"3 months ({level(then, 'pct_change')} in the comparison), ")
        + re.escape(f"{distance(trigger - closest, 'pct_change', closest)} short."),
        text,
    )
    assert (
        "The BoJ policy stance is easing: the BoJ policy rate is at 0.50% after 3 months, "
        "50bp below the 1.00%-2.50% neutral range ["
    ) in text
    assert "; in the comparison it is easing too, at 0.75%." in text


def test_a_price_threshold_gap_reads_in_the_price_not_in_percent(cli: Cli, tmp_path: Any) -> None:
    """A trigger at 160 on a price at 150.2 is 9.8 away (6.5% of the price), not '9.8%'."""
    from tests.packfactory import NODES, extra_rule, write_pack

    priced = NODES.replace(
        "up is a weaker home currency.\n",
        "up is a weaker home currency.\n"
        "    baseline: {value: 150, as_of: 2025-12-01, cites: {basis: seed, claims: [C02]}}\n",
    )
    trigger = extra_rule("weak_currency_lifts_yield", "currency", "bond_yield", "+", "{}")
    trigger = trigger.replace("kind: linear", "kind: threshold").replace(
        "    magnitude: {}\n",
        "    crosses: {above: 160}\n    jump: {elasticity: 0.1, units: pct/event}\n",
    )
    folder = write_pack(tmp_path, {"nodes.yaml": priced, "trigger.yaml": trigger})
    for fmt in ("text", "md", "html"):
        out = cli("whatif", "hold", "--pack", str(folder), "--draws", "0", "--format", fmt)
        assert out.code == 0, out.stderr
        text = flat(out.stdout)
        assert "it is at 150.2 after 3 months" in text, fmt
        assert "9.8 (6.5%) short." in text, fmt
        assert "9.8% short" not in text, fmt


def test_citations_give_claims_and_sources(skips_text: str) -> None:
    text = flat(skips_text)
    assert (
        "boj_path_lifts_jgb (high confidence, literature): a higher expected BoJ path lifts "
        "long JGB yields. C05: A BoJ hike pushes the 10y JGB yield up, to about 1.91%. C21: "
        "Markets react to the surprise, actual minus priced: a signalled hike moves them far "
        "less than an unexpected one. Sources: Kubota and Shintani (2022)" in text
    )


def test_json_format_is_unchanged(cli: Cli) -> None:
    out = cli("whatif", "BoJ skips", "--format", "json", "--draws", "0")
    assert out.stdout.lstrip().startswith("{") and '"schema_version": 1' in out.stdout


# --- every number has its unit --------------------------------------------------------------


def pack_strings(pack: Pack) -> list[str]:
    """Every piece of text the pack supplies (it may hold numbers of its own, like 'S&P 500')."""
    from macrograph.explain.contexts.base import node_name

    texts = [pack.info.title]
    texts += [n.label for n in pack.nodes.values()] + [node_name(pack, n) for n in pack.nodes]
    texts += [r.because for r in pack.rules.values()]
    texts += [r.cites.rationale for r in pack.rules.values() if r.cites and r.cites.rationale]
    texts += [c.text for c in pack.claims.values()] + [s.title for s in pack.sources.values()]
    for scenario in pack.scenarios.values():
        texts += [scenario.title, scenario.summary, *(s.label for s in scenario.shocks)]
    return sorted({flat(t) for t in texts}, key=len, reverse=True)


def unitless_numbers(text: str, pack: Pack, prices: tuple[str, ...] = ()) -> list[str]:
    """Numbers in our own prose that have no unit and are not a date, citation or id; the
    ``prices`` are price levels (USD/JPY at 158.8), quoted in the price's own terms."""
    prose = flat(re.sub(r"(?m)^\d+\. ", " ", text))  # numbered citation lists
    prose = re.sub(r"\\([\\`*_\[\]()#+.!|-])", r"\1", prose)  # Markdown's escapes
    for known in pack_strings(pack):
        prose = prose.replace(known, " ")
    for price in prices:
        prose = re.sub(rf"(?<![\d.]){re.escape(price)}(?![\d.])", " ", prose)
    prose = re.sub(r"\[\d+\]", " ", prose)  # citation markers
    # a distance to a price's trigger, in the price's own terms, then as a share of it
    prose = re.sub(r"(?<![\d.])\d[\d,]*(?:\.\d+)? (\(\d+(?:\.\d+)?%\))", r" \1", prose)
    prose = re.sub(r"\b\d{1,2} [A-Z][a-z]{2} \d{4}\b", " ", prose)  # dates
    prose = re.sub(r"\b[a-z_0-9]+@\d{4}-\d{2}-\d{2}\b", " ", prose)  # shock keys
    prose = re.sub(r"\b[a-z]+_[a-z0-9_]+\b", " ", prose)  # rule and node ids
    prose = re.sub(r"\b[A-Z]\d{1,3}\b", " ", prose)  # claim ids
    prose = re.sub(r"\b\d+[dwmqy]\b", " ", prose)  # horizon labels
    prose = re.sub(r"\bseed \d+\b", " ", prose)
    # counts of draws left out, and a loop's gain, a pure ratio of a move to its echo
    prose = re.sub(r"\(\d+ left out: in them\b", " ", prose)
    prose = re.sub(r"\bgain of 1 or more, up to \d+\.\d\d\b", " ", prose)
    # how many events an estimate rests on, and the months they span
    prose = re.sub(
        r"\bEstimated from \d+ events? \([A-Z][a-z]{2} \d{4}(?: to [A-Z][a-z]{2} \d{4})?\)",
        " ",
        prose,
    )
    prose = re.sub(r"\brandom noise on \d+ nodes?\b", " ", prose)  # a count of nodes
    prose = re.sub(r"\bp(5|50|95)\b", " ", prose)  # percentile names
    number = r"[+-]?[$¥]?\d[\d,]*(?:\.\d+)?"
    return [
        m.group(0)
        for m in re.finditer(number + r"(?!\d)", prose)
        if "$" not in m.group(0) and "¥" not in m.group(0) and not re.match(UNITS, prose[m.end() :])
    ]


def price_levels(pack: Pack, scenario: str) -> tuple[str, ...]:
    """How the note prints the levels of price nodes with a baseline (issue 12: USD/JPY),
    and of indices quoted in their own points (the VIX at 15.53)."""
    result = propagate(pack, scenario, RunOptions(draws=1000, seed=0))
    found = set()
    for node in result.nodes.values():
        own_terms = node.unit == "pct_change" or level(1.0, node.unit) == "1"
        if own_terms and pack.nodes[node.id].baseline is not None:
            for levels in (node.level, node.level_against or {}):
                found |= {level(v, "pct_change") for v in levels.values() if v is not None}
    for rule in pack.rules.values():
        if rule.kind == "threshold" and pack.nodes[rule.source].unit == "pct_change":
            bounds = (rule.crosses.above, rule.crosses.below)
            found |= {level(b, "pct_change") for b in bounds if b is not None}
    return tuple(sorted(found))


@pytest.mark.slow  # two what-ifs with their draws
def test_every_number_in_the_whatif_has_a_unit(cli: Cli, pack: Pack) -> None:
    prices = price_levels(pack, "boj-skips")
    for fmt in ("text", "md"):
        out = cli("whatif", "BoJ skips", "--format", fmt, *MC)
        assert unitless_numbers(out.stdout, pack, prices) == []


def test_every_number_in_explain_has_a_unit(bitcoin_text: str, pack: Pack) -> None:
    assert unitless_numbers(bitcoin_text, pack) == []


def test_the_unit_check_catches_a_bare_number(pack: Pack) -> None:
    assert unitless_numbers("USD/JPY rises 1.7 after 3 months; W 0.65.", pack) == ["1.7", "0.65"]


# --- every sentence about a move traces to a cited rule --------------------------------------


def walk(obj: Any) -> Iterator[Any]:
    """Every record reachable from ``obj``."""
    if isinstance(obj, Struct):
        yield obj
        for name in obj.__struct_fields__:
            yield from walk(getattr(obj, name))
    elif isinstance(obj, tuple | list):
        for item in obj:
            yield from walk(item)


MOVE_SENTENCES = ("Chain", "Consequence", "TugOfWar", "Threshold", "StanceLine", "Remainder")


def untraced(context: Any) -> list[str]:
    """Move sentences with no rule, or citing keys the citation list does not hold."""
    citations: tuple[Citation, ...] = context.citations
    keys = {c.key for c in citations}
    numbered = {c.number: c.key for c in citations}
    problems = []
    for obj in walk(context):
        name = type(obj).__name__
        rules = getattr(obj, "rules", None)
        if name in MOVE_SENTENCES and not rules:
            problems.append(f"{name} without a rule")
        if rules is not None:
            problems += [f"{name} cites uncited {r}" for r in rules if r not in keys]
        if isinstance(obj, Step) and numbered.get(obj.cite) != obj.rule:
            problems.append(f"step {obj.rule} points at citation {obj.cite}")
    return problems


def test_every_move_sentence_traces_to_a_cited_rule(skips_context: WhatifContext) -> None:
    assert untraced(skips_context) == []
    told = [o for o in skips_context.key if o.chains]
    assert len(told) == len(skips_context.key) >= 8


def test_the_trace_check_catches_an_uncited_rule(skips_context: WhatifContext) -> None:
    outcome = skips_context.key[0]
    chain: Chain = replace(outcome.chains[0], rules=("no_such_rule",))
    broken = replace(skips_context, key=(replace(outcome, chains=(chain,)),))
    assert untraced(broken) == ["Chain cites uncited no_such_rule"]


def test_every_explain_sentence_traces_to_a_cited_rule(pack: Pack) -> None:
    from macrograph.explain.contexts.node import build_explain

    result = propagate(pack, "december-2025", RunOptions(draws=200, seed=0))
    for node in ("bitcoin", "yen_carry_positions", "sp500", "boj_stance"):
        assert untraced(build_explain(pack, result, node)) == []


# --- hedging follows the numbers ------------------------------------------------------------


@pytest.mark.parametrize(
    ("p", "word"),
    [(1.0, "almost certain"), (0.95, "almost certain"), (0.94, "very likely"),
     (0.8, "very likely"), (0.7, "likely"), (0.64, "uncertain"), (0.5, "uncertain")],
)  # fmt: skip
def test_sign_words_follow_the_share_of_draws(p: float, word: str) -> None:
    assert sign_word(p) == word


def test_modals_follow_rule_confidence() -> None:
    words = {unit: MOVE_WORDS[UNIT_FORMS[unit].moves] for unit in ("pct", "pp", "pct_change")}
    assert modal_verb(words["pct"], False, "high") == "lowers"
    assert modal_verb(words["pp"], True, "medium") == "should widen"
    assert modal_verb(words["pct_change"], True, "low") == "may lift"


def test_tug_words_follow_dominance() -> None:
    assert (tug_word(0.8), tug_word(0.65), tug_word(0.44)) == (
        "",
        "a tug of war",
        "a close tug of war",
    )


def test_uncertain_sign_reads_uncertain(pack: Pack) -> None:
    ctx = build_whatif(pack, propagate(pack, "fed-holds", RunOptions(draws=400, seed=3)))
    p = {o.node: (o.p_sign, o.certainty) for o in ctx.outcomes}
    assert all(word == sign_word(share) for share, word in p.values() if share is not None)


def test_side_effects_follow_the_carry_and_import_price_channels(
    skips_text: str, skips: Any, skips_context: WhatifContext
) -> None:
    text = flat(skips_text).split("Also moving")[1].split("Tugs of war")[0]
    number = {c.key: c.number for c in skips_context.citations}

    def said(name: str, node: str, *rules: str) -> None:
        cites = sorted(number[r] for r in rules)
        found = re.search(
            re.escape(f"{name} {move(d3(skips, node), skips.nodes[node].unit)} ")
            + r"((?:\[\d+\])+)",
            text,
        )
        assert found, name
        assert set(cites) <= {int(n) for n in re.findall(r"\d+", found.group(1))}, name

    # issue 20: a weaker yen lifts import prices and Tokyo inflation, building the case to hike
    # (C15, C16); moves this small after 3 months are side effects, each citing its route
    assert d3(skips, "japan_import_prices") > 0 and d3(skips, "tokyo_core_cpi") > 0
    said("Japanese import prices", "japan_import_prices", "weak_yen_lifts_import_prices")
    said("Tokyo core CPI inflation", "tokyo_core_cpi", "import_prices_lift_cpi")
    said("pressure on the BoJ to hike", "boj_hike_pressure", "inflation_pushes_boj")
    # carry rebuilt on a weaker yen calms crypto (C13)
    assert d3(skips, "crypto_volatility") < 0
    said("crypto volatility", "crypto_volatility", "carry_unwind_stirs_crypto")


def test_a_chain_already_told_is_resumed_not_repeated(cli: Cli, pack: Pack) -> None:
    text = uncited(flat(cli("whatif", "BoJ skips", *MC, "--model-only").stdout))
    bitcoin, nasdaq = text.split("Bitcoin: ")[1], text.split("Nasdaq: ")[1]
    result = propagate(pack, "BoJ skips", RunOptions(draws=1000, seed=0, model_only=True))
    node = result.nodes["nasdaq"]
    told_paths = [c for c in result.nodes["bitcoin"].contributions if c.kind == "path"]
    strongest = max(told_paths, key=lambda c: abs(c.amount["3m"]))
    head = (
        f"{size(node.delta['3m'], 'pct_change')} higher; p5 to p95 "
        f"{band(node.band['3m'], 'pct_change')}; higher in "
    )
    # Bitcoin's chain (from the weaker yen through the carry positions it rebuilds) was told
    # above it: here it is resumed at its last step, not retold from the BoJ.
    assert "should raise yen carry-trade positions by" in bitcoin.split("Nasdaq: ")[0]
    assert nasdaq.startswith(head)
    assert strongest.rules[-2:] == ("yen_squeeze_unwinds_carry", "carry_funds_crypto")
    assert "- The BoJ holds at 0.50%: as above, yen carry-trade positions rise $" in nasdaq
    assert "this may lift Nasdaq by " in nasdaq.split("S&P 500: ")[0]
    assert "the market-implied BoJ path falls" not in nasdaq.split("S&P 500: ")[0]


def test_a_route_through_a_stock_says_its_amounts_are_the_routes_alone(cli: Cli) -> None:
    # SIM's money integrates saving for fifty years: along one route it rises $1.02tn while
    # it ends $80bn higher, and the step said "raises household money by $1.02tn" as if it
    # were the node's move; the first step past twice its node's move says whose it is
    sim = str(Path(__file__).parents[1] / "packs" / "sim")
    out = cli("whatif", "spending-starts", "--pack", sim, "--draws", "0")
    assert out.code == 0, out.stderr
    text = flat(out.stdout)
    assert (
        "this raises household saving by $20bn on this path alone [6], which raises household"
        " money by $1.02tn [7], which raises consumption by $400bn [9]" in text
    )
    assert "$1.02tn on this path alone" not in text  # said once per route, where it starts
