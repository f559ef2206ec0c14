"""Names the machinery did not write read grammatically: a verb after a node's name agrees
with it (plural labels, or a pack's ``plural``), a move reads in its node's words (a spread
widens, a cost in pp rises: a unit's or a node's ``moves``), and a or an follows the sound.
Checked on the grammar functions, on the bundled pack's what-if and on copies of the UK
pack (a pack the machinery was not written for)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from macrograph.explain.contexts.base import is_plural, move_words, node_name
from macrograph.explain.contexts.outcome import outcome
from macrograph.explain.wording.grammar import agree, article, base_form, reads_plural, third_person
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.rules import load_pack

UK = Path(__file__).parents[1] / "packs" / "uk"

# A spread-like node the UK pack lacks: the mortgage rate less the 10y gilt yield, in pp.
MARGIN_NODE = """  - id: mortgage_margin
    label: Mortgage margin over gilts
    kind: rate
    region: UK
    unit: pp
    identity: true
    description: The two-year fixed mortgage rate less the 10y gilt yield.
"""
MARGIN_RULES = """  - id: mortgages_enter_margin
    kind: linear
    source: mortgage_rate
    target: mortgage_margin
    channel: identity
    effect: "+"
    magnitude: {elasticity: 1.0, units: pp/pct}
    confidence: high
    because: the margin is the mortgage rate less the gilt yield
    cites: {basis: assumption, claims: [B2], rationale: "Definition."}
  - id: gilts_enter_margin
    kind: linear
    source: gilt_10y
    target: mortgage_margin
    channel: identity
    effect: "-"
    magnitude: {elasticity: 1.0, units: pp/pct}
    confidence: high
    because: the margin is the mortgage rate less the gilt yield
    cites: {basis: assumption, claims: [B2], rationale: "Definition."}
"""


def uk_copy(tmp_path: Path, nodes: dict[str, str] | None = None, margin: str | None = None) -> Path:
    """The UK pack copied to ``tmp_path``, with node lines replaced (``old: new`` in
    nodes.yaml) and, when ``margin`` is not None, the margin node (with ``margin`` lines)."""
    root = tmp_path / "uk"
    shutil.copytree(UK, root)
    text = (root / "nodes.yaml").read_text(encoding="utf-8")
    for old, new in (nodes or {}).items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    if margin is not None:
        text += MARGIN_NODE + margin
        rules = (root / "rules.yaml").read_text(encoding="utf-8")
        head, tail = rules.split("rules:\n", 1)
        (root / "rules.yaml").write_text(f"{head}rules:\n{MARGIN_RULES}{tail}", encoding="utf-8")
    (root / "nodes.yaml").write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("label", "plural"),
    [
        ("Yen carry-trade positions", True),
        ("Japanese holdings of Treasuries", True),
        ("UK house prices", True),
        ("Hares", True),
        ("CO2 emissions, annual", True),
        ("Cost of hedging dollars into yen", False),
        ("Pressure on the central bank to hike", False),
        ("Lynx population", False),
        ("Biomass", False),
        ("Stimulus", False),
        ("Cross-currency basis", False),
        ("CDS", False),
        ("S&P 500", False),
        ("Bank Rate (BoE)", False),
        ("Prey per hectare", False),
    ],
)  # fmt: skip
def test_a_label_reads_plural_by_its_head_noun(label: str, plural: bool) -> None:
    assert reads_plural(label) is plural


def test_verbs_agree_with_their_subject() -> None:
    assert [agree(v, True) for v in ("rises", "falls", "widens", "narrows", "ends", "is")] == [
        "rise",
        "fall",
        "widen",
        "narrow",
        "end",
        "are",
    ]
    assert agree("lies", True) == "lie" and agree("reaches its", True) == "reach their"
    assert (
        agree("it comes", True) == "they come" and agree("rises or falls", True) == "rise or fall"
    )
    assert [agree(v, False) for v in ("rises", "is", "it comes")] == ["rises", "is", "it comes"]
    for verb in ("rise", "widen", "reach", "carry", "lie", "push", "go"):
        assert base_form(third_person(verb)) == verb


@pytest.mark.parametrize(
    ("text", "word"),
    [("85%", "an"), ("80%", "an"), ("11-day", "an"), ("18", "an"), ("90%", "a"), ("110", "a"),
     ("1m", "a"), ("index", "an"), ("hourly", "an"), ("unit", "a"), ("one-off", "a"),
     ("HR survey", "an"), ("MBS", "an"), ("US rate", "a"), ("ISM print", "an")],
)  # fmt: skip
def test_a_or_an_follows_the_sound(text: str, word: str) -> None:
    assert article(text) == word


def test_the_bundled_whatif_reads_grammatically(cli: Any) -> None:
    text = " ".join(cli("whatif", "BoJ skips").stdout.split())
    assert "as above, yen carry-trade positions rise $17.9bn" in text
    assert "positions rises" not in text
    # the hedging cost is counted in pp but is no spread (the pack says moves: rise)
    assert "the cost of hedging dollars into yen ends 15bp higher" in text
    assert "2.67pp +10bp to +19bp 100% higher" in text
    assert "into yen ends 15bp wider" not in text
    # the spreads of the same unit still widen
    assert "US-Japan 2y rate gap +15bp +15bp +15bp +15bp 2.67pp +11bp to +18bp 100% wider" in text
    assert "an 85%-priced 25bp hike" in text


def test_the_bundled_pack_overrides_a_misread_label() -> None:
    pack = load_pack()
    assert reads_plural(pack.nodes["us_outbound_flows"].label) is False
    assert is_plural(pack, "us_outbound_flows") is True  # plural: true in the pack
    assert move_words(pack, "hedging_cost").rise == "rise"  # moves: rise, unit pp
    assert move_words(pack, "us_jp_spread_10y").rise == "widen"  # unit pp


def test_plural_labels_agree_on_a_pack_the_machinery_was_not_written_for(
    cli: Any, tmp_path: Path
) -> None:
    root = uk_copy(
        tmp_path,
        {
            "label: Market-implied Bank Rate path": "label: Market-implied Bank Rate expectations",
            "label: GBP/USD": "label: Sterling futures positions",
        },
    )
    text = " ".join(cli("whatif", "BoE holds", "--pack", str(root), "--draws", "0").stdout.split())
    assert "Market-implied Bank Rate expectations end 25bp higher after 1 day" in text
    assert "sterling futures positions end 1.0% higher" in text
    assert "positions ends" not in text and "expectations ends" not in text
    assert ": Bank Rate rises 25bp" in text  # a name of capitalised words: its case, no "the"
    # 'Market' is written lower case mid-sentence: the pack writes 'markets' in its text
    assert ": market-implied Bank Rate expectations rise 25bp" in text


def test_a_pack_overrides_the_plural_reading(cli: Any, tmp_path: Path) -> None:
    root = uk_copy(
        tmp_path,
        {"label: GBP/USD\n": "label: Sterling futures positions\n    plural: false\n"},
    )
    pack = load_pack(root)
    assert is_plural(pack, "gbp_usd") is False
    text = " ".join(cli("whatif", "BoE holds", "--pack", str(root), "--draws", "0").stdout.split())
    assert "sterling futures positions ends 1.0% higher" in text


def test_a_pp_unit_widens_unless_the_node_says_it_rises(cli: Any, tmp_path: Path) -> None:
    spread = load_pack(uk_copy(tmp_path / "a", margin=""))
    result = propagate(spread, "boe-holds", RunOptions(draws=0))
    row = outcome(spread, result, "mortgage_margin", "3m", None)
    assert row.move > 0 and row.comparative == "wider"
    assert node_name(spread, "mortgage_margin") == "the mortgage margin over gilts"

    root = uk_copy(tmp_path / "b", margin="    moves: rise\n")
    cost = load_pack(root)
    assert outcome(cost, result, "mortgage_margin", "3m", None).comparative == "higher"
    out = cli("whatif", "BoE holds", "--pack", str(root), "--draws", "200")
    assert out.code == 0, out.stderr
    line = next(x for x in out.stdout.splitlines() if "Mortgage margin over gilts" in x)
    assert line.endswith("% higher") and "wider" not in line, line


def test_an_unknown_move_word_is_refused_with_its_field(cli: Any, tmp_path: Path) -> None:
    root = uk_copy(tmp_path, margin="    moves: grows\n")
    out = cli("lint", str(root))
    assert out.code == 2
    assert "nodes.yaml" in out.stderr and "mortgage_margin" in out.stderr
    assert "moves" in out.stderr


def test_why_a_plural_node_stays_put_agrees(cli: Any, tmp_path: Path) -> None:
    reserves = """  - id: reserves
    label: Foreign-currency reserves
    kind: flow
    region: UK
    unit: gbp_bn
    description: The Treasury's reserves of foreign currency, set by no rule here.
    baseline:
      {value: 150, as_of: 2026-02-01, cites: {basis: assumption, claims: [B4], rationale: "x"}}
"""
    root = uk_copy(tmp_path, {"nodes:\n": "nodes:\n" + reserves})
    out = cli("explain", "reserves", "--scenario", "boe-holds", "--pack", str(root))
    assert out.code == 0, out.stderr
    text = " ".join(out.stdout.split())
    assert (
        "Foreign-currency reserves are an input of the pack: no rule leads to them, so they "
        "stay at £150.0bn." in text
    ), text


@pytest.mark.parametrize(
    ("folder", "node", "named"),
    [
        (None, "boj_policy_rate", "the BoJ policy rate"),
        (None, "fed_qt_runoff", "the Fed balance-sheet runoff"),
        (None, "mof_intervention", "finance-ministry yen buying"),  # an activity
        ("sim", "g", "government spending"),
        ("heldout_outbreak", "lockdown_stringency", "lockdown stringency"),  # a quality
        ("heldout_outbreak", "vaccination_campaign", "the vaccination campaign"),
        ("uk", "boe_bank_rate", "Bank Rate"),  # a proper name: no article
    ],
)
def test_a_policy_or_rate_takes_the_unless_a_name_or_a_mass_noun(
    folder: str | None, node: str, named: str
) -> None:
    pack = load_pack(UK.parent / folder) if folder else load_pack()
    assert node_name(pack, node) == named
