"""The lesson page as HTML text: content, data, escaping of hostile pack text, same bytes."""

from __future__ import annotations

import html as html_module
import itertools
import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import msgspec
import pytest

from macrograph.explain.contexts.base import move_words
from macrograph.explain.diagram import style as st
from macrograph.explain.diagram.build import chain_diagram
from macrograph.explain.diagram.chain import is_shock, select_chain
from macrograph.explain.lesson.page import lesson_data, propagate_for, script_json
from macrograph.explain.lesson.steps import FOLD_SHARE, hop_weights, outcomes, teaching_steps
from macrograph.explain.lesson.words import citation_text, shock_info, size_text, step_caption
from macrograph.graph.options import RunOptions
from macrograph.rules import load_pack
from macrograph.rules.info import Source
from macrograph.rules.pack import Pack
from macrograph.rules.vocabulary import vocabulary_for

HOSTILE = Path(__file__).parents[1] / "hostile_pack"
Cli = Callable[..., object]
DATA = re.compile(r'<script type="application/json" id="lesson-data">(.*?)</script>', re.DOTALL)


def _write(cli: Callable[..., object], tmp_path: Path, *args: str) -> str:
    target = tmp_path / "lesson.html"
    out = cli("lesson", *args, "-o", str(target))
    assert out.code == 0, out.stderr  # type: ignore[attr-defined]
    assert out.stdout == ""  # type: ignore[attr-defined]
    return target.read_text(encoding="utf-8")


def _data(html: str) -> dict[str, object]:
    found = DATA.search(html)
    assert found is not None
    return dict(json.loads(found.group(1)))


@pytest.mark.slow  # a lesson
def test_lesson_holds_every_view_the_steps_and_the_result(
    cli: Cli, tmp_path: Path, needs_dot: None
) -> None:
    html = _write(cli, tmp_path, "BoJ skips", "--draws", "20")
    data = _data(html)
    horizons = ["1d", "1w", "1m", "3m"]
    assert data["horizons"] == horizons
    result = data["result"]
    assert isinstance(result, dict) and result["scenario"] == "boj-skips" and result["draws"] == 20
    for i in range(4):
        assert f'id="panel-chain-{i}"' in html and f'id="panel-diff-{i}"' in html
    assert 'id="panel-map"' in html and html.count("<svg") == 9
    # Only the chain at the last horizon is visible before the script runs.
    figures = re.findall(r'<figure class="panel[^"]*" id="panel-([a-z0-9-]+)"([^>]*)>', html)
    assert len(figures) == 9
    assert [key for key, rest in figures if not rest.endswith(" hidden")] == ["chain-3"]
    steps = data["steps"]["3m"]  # type: ignore[index]
    captions = re.findall(r'<li value="(\d+)">([^<]*)</li>', html)
    assert [int(n) for n, _ in captions] == list(range(1, len(steps) + 1))
    assert captions[0][1].startswith(
        "The shock: The BoJ holds at 0.50% on 19 Dec 2025: a dovish surprise of -21.25bp"
    )
    assert any("Confidence: " in text and "Source: " in text for _, text in captions)
    # Every id a step lights exists in the chain's SVG, prefixed for its panel.
    for step in steps:
        for svg_id in [*step["chain"], *step["nodes"]]:
            assert f'id="c3-{svg_id}"' in html, svg_id
    assert "http://" not in html.replace('"http://www.w3.org/2000/svg"', "").replace(
        '"http://www.w3.org/1999/xlink"', ""
    )
    assert "https://" not in html and '<link rel="stylesheet"' not in html


def test_steps_go_from_the_shock_along_the_chain_heaviest_first(pack: Pack) -> None:
    result = propagate_for(pack, "boj-skips", RunOptions(draws=0))
    data = lesson_data(pack, result)
    for h in result.horizons:
        chain = select_chain(pack, result, h, keys=True)
        weights = hop_weights(result, h, outcomes(pack, result, chain))
        steps = teaching_steps(pack, result, chain)
        assert [s["rules"] for s in data["steps"][h]] == [
            [chain.links[i].rule for i in s.links] for s in steps
        ]
        # Every link of the chain is taught once; the shock's own links come first.
        assert sorted(i for s in steps for i in s.links) == list(range(len(chain.links)))
        assert all(not chain.links[i].rule for i in steps[0].links)
        taught = [s for s in steps if not s.folded]
        assert [s.hop for s in taught] == sorted(s.hop for s in taught)
        for a, b in itertools.pairwise(taught):
            assert a.hop < b.hop or a.weight >= b.weight, (h, a, b)
        # The smaller links: one last step, each under FOLD_SHARE of every key outcome's move.
        folded = [s for s in steps if s.folded]
        assert len(folded) <= 1 and (not folded or folded[0] is steps[-1])
        for i in folded[0].links if folded else ():
            link = chain.links[i]
            assert (
                link.rule and weights.get((link.source, link.target, link.rule), 0.0) < FOLD_SHARE
            )
        for s in taught:
            link = chain.links[s.links[0]]
            assert not link.rule or s.weight >= FOLD_SHARE


def test_the_tiny_link_of_the_issue_is_folded_and_the_10y_path_is_taught(pack: Pack) -> None:
    result = propagate_for(pack, "boj-skips", RunOptions(draws=0))
    steps = lesson_data(pack, result)["steps"]["3m"]
    chain = select_chain(pack, result, "3m", keys=True)
    weights = hop_weights(result, "3m", outcomes(pack, result, chain))
    small = {
        x.rule
        for x in chain.links
        if x.rule and weights.get((x.source, x.target, x.rule), 0.0) < FOLD_SHARE
    }
    assert steps[-1]["folded"] and set(steps[-1]["rules"]) == small
    assert not any(s["folded"] for s in steps[:-1])
    # the decision's fiscal leg carries a few hundredths of a percent of any key move
    fiscal = ("boj_policy_rate", "japan_interest_bill", "boj_rate_raises_interest_bill")
    assert weights[fiscal] < 0.001 and fiscal[2] in steps[-1]["rules"]
    assert steps[-1]["caption"].startswith(
        f"Smaller links, each carrying under {FOLD_SHARE:.0%} of every key outcome's move at 3m: "
    )
    assert "BoJ policy rate \u2192 Japan's government interest bill" in steps[-1]["caption"]
    # the 10y JGB yield, a key outcome, is taught though it leads to no asset
    jgb = next(s for s in steps if s["rules"] == ["boj_path_lifts_jgb"])
    assert jgb["n"] <= 4  # the largest move of the first hop after the shock
    assert jgb["caption"].startswith("Market-implied BoJ path \u2192 10y JGB yield. ")
    assert (
        "With the market-implied BoJ path lower, this link pushes the 10y JGB yield down by "
        in jgb["caption"]
    )


def test_script_json_cannot_end_its_script_element() -> None:
    hostile = {"x": "</script><script>alert(1)</script><!-- & -->", "y": "\u2028"}
    text = script_json(hostile)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == hostile


def test_hostile_pack_text_stays_data(cli: Cli, tmp_path: Path, needs_dot: None) -> None:
    html = _write(cli, tmp_path, "hold", "--pack", str(HOSTILE), "--draws", "10")
    # Our two script elements and nothing else can open or close a script.
    assert html.lower().count("<script") == 2 and html.lower().count("</script") == 2
    assert "<!--" not in html.split("<main>", 1)[1]
    assert "<b>bold</b>" not in html and "<i>bank</i>" not in html
    data = _data(html)
    hostile = load_pack(HOSTILE)
    titles = {info["title"] for info in data["node_info"]["3m"].values()}  # type: ignore[index]
    assert 'Priced path: <script>alert("x")</script>' in titles
    assert hostile.nodes["rate_path"].label in titles


@pytest.mark.slow  # the lesson twice
def test_same_scenario_same_bytes(cli: Cli, tmp_path: Path, needs_dot: None) -> None:
    first = _write(cli, tmp_path, "boj-skips", "--draws", "20")
    second = _write(cli, tmp_path, "boj-skips", "--draws", "20")
    assert first == second


def test_lesson_without_dot_writes_nothing(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    out = cli("lesson", "boj-skips", "--draws", "0", "-o", str(tmp_path / "lesson.html"))
    assert out.code == 2  # type: ignore[attr-defined]
    assert out.stderr == (  # type: ignore[attr-defined]
        "macrograph: Graphviz 'dot' is not installed, so svg output cannot be made; "
        "install it with 'apt-get install graphviz' (or write .dot output instead)\n"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow  # a lesson
def test_a_teacher_opens_the_lesson_at_the_horizon_asked(
    cli: Cli, tmp_path: Path, needs_dot: None
) -> None:
    # the lesson had no --horizon: a class on the first fortnight opened at 3 months
    html = _write(cli, tmp_path, "BoJ skips", "--draws", "0", "--horizon", "2w")
    data = _data(html)
    assert data["horizons"] == ["1d", "1w", "2w", "1m", "3m"] and data["start"] == "2w"
    figures = re.findall(r'<figure class="panel[^"]*" id="panel-([a-z0-9-]+)"([^>]*)>', html)
    assert [key for key, rest in figures if not rest.endswith(" hidden")] == ["chain-2"]
    assert re.search(r'id="panel-map" data-view="map" data-horizon="2w"', html)
    assert "the whole map, what moved in bold, at 2w (2 Jan 2026)" in html
    steps = data["steps"]["2w"]  # type: ignore[index]
    captions = re.findall(r'<li value="(\d+)">([^<]*)</li>', html)
    assert [html_module.unescape(text) for _, text in captions] == [s["caption"] for s in steps]
    # and the horizons as the what-if takes them
    data = _data(_write(cli, tmp_path, "BoJ skips", "--draws", "0", "--horizons", "1w,6w"))
    assert data["horizons"] == ["1w", "6w"] and data["start"] == "6w"


def test_a_horizon_that_is_none_is_one_message_and_no_page(cli: Cli, tmp_path: Path) -> None:
    out = cli("lesson", "BoJ skips", "--horizon", "2x", "-o", str(tmp_path / "lesson.html"))
    assert out.code == 2  # type: ignore[attr-defined]
    assert out.stderr == (  # type: ignore[attr-defined]
        "macrograph: not a horizon: '2x' (use durations such as 1d,1w,1m,3m)\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_unknown_scenario_is_one_message(cli: Cli, tmp_path: Path) -> None:
    out = cli("lesson", "no-such-thing", "-o", str(tmp_path / "lesson.html"))
    assert out.code == 2  # type: ignore[attr-defined]
    assert out.stderr.startswith("macrograph: ")  # type: ignore[attr-defined]
    assert "Traceback" not in out.stderr  # type: ignore[attr-defined]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow  # a lesson and a what-if
def test_the_page_data_is_the_json_whatif_writes(cli: Cli, tmp_path: Path, needs_dot: None) -> None:
    html = _write(cli, tmp_path, "boj-skips", "--draws", "20", "--seed", "3")
    out = cli("whatif", "boj-skips", "--format", "json", "--draws", "20", "--seed", "3")
    assert out.code == 0  # type: ignore[attr-defined]
    assert _data(html)["result"] == json.loads(out.stdout)  # type: ignore[attr-defined]


DAY = re.compile(r"\b\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b")
IDENTIFIER = re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b")  # node, rule and unit ids: never in words
UNIT_FORMS = vocabulary_for(load_pack().info).units  # the bundled pack's, with its own
UNITS = re.compile(rf"\b(?:{'|'.join(UNIT_FORMS)})/(?:{'|'.join(UNIT_FORMS)}|event)\b")  # pct/pct
WITH = re.compile(
    r"With (.+?) (higher|lower|wider|narrower), this link pushes (.+?) (up|down|wider|narrower) by "
)
UP_WORDS = ("higher", "wider", "up")  # a spread's move reads wider or narrower


def _pack_text(pack: Pack) -> str:
    texts = [s.title for s in pack.sources.values()] + [c.text for c in pack.claims.values()]
    texts += [n.label for n in pack.nodes.values()] + [r.because for r in pack.rules.values()]
    texts += [sh.label for sc in pack.scenarios.values() for sh in sc.shocks]
    return " ".join(texts)


@pytest.mark.slow  # every scenario's captions
def test_captions_are_words_with_no_internal_field_or_invented_date(pack: Pack) -> None:
    written = _pack_text(pack)
    for scenario in sorted(pack.scenarios):
        result = propagate_for(pack, scenario, RunOptions(draws=0))
        shock_days = {st.date_text(s.date) for s in (*result.shocks, *result.against_shocks)}
        for h, steps in lesson_data(pack, result)["steps"].items():
            for step in steps:
                text = step["caption"]
                # no internal field or id; a file name a source's title gives is its words
                internal = [w for w in IDENTIFIER.findall(text) if w not in written]
                assert "basis" not in text and not internal, (scenario, h, text)
                assert not UNITS.search(text), (scenario, h, text)
                # A day is printed only where the pack wrote it: a title, or a shock's date.
                for day in DAY.findall(text):
                    assert day in written or day in shock_days, (scenario, h, day, text)


@pytest.mark.slow  # four scenarios' chains and captions
def test_a_cause_is_told_in_the_direction_it_moved(pack: Pack) -> None:
    told = 0
    for scenario in ("boj-skips", "boj-hikes-50", "fed-holds", "us-data-scare"):
        result = propagate_for(pack, scenario, RunOptions(draws=0))
        h = result.horizons[-1]
        chain = select_chain(pack, result, h, keys=True)
        captions = lesson_data(pack, result)["steps"][h]  # the page's, made once a scenario
        for step in teaching_steps(pack, result, chain):
            link = chain.links[step.links[0]]
            rule = pack.rules.get(link.rule)
            if step.folded or rule is None or rule.lag_days or getattr(rule, "decay", None):
                continue
            found = WITH.search(captions[step.n - 1]["caption"])
            assert found, (scenario, link)
            moved = result.nodes[link.source].delta[h]
            assert (found.group(2) in UP_WORDS) == (moved > 0), (scenario, link)
            assert (found.group(4) in UP_WORDS) == (link.amount > 0), (scenario, link)
            spread = move_words(pack, link.target).rise == "widen"  # a spread, not the pp cost
            assert (found.group(4) in ("wider", "narrower")) == spread, (scenario, link)
            told += 1
    assert told >= 10


def test_a_dovish_move_is_told_as_dovish_and_a_hawkish_one_as_hawkish(pack: Pack) -> None:
    nikkei = "this link pushes Nikkei 225"
    for scenario, tone, way, why in (
        ("boj-skips", "dovish", "lower", "Why (the rule works both ways): "),
        ("boj-hikes-50", "hawkish", "higher", "Why: "),
    ):
        result = propagate_for(pack, scenario, RunOptions(draws=0))
        steps = lesson_data(pack, result)["steps"]["3m"]
        assert f"a {tone} surprise of " in steps[0]["caption"]
        rule = next(s for s in steps if s["rules"] == ["hawkish_boj_lowers_nikkei"])
        assert f"With the market-implied BoJ path {way}, {nikkei} " in rule["caption"]
        # The rule's reason is kept as the pack words it (of a rise); said of a fall, the
        # caption says the rule works both ways (it said so on every step, rises included).
        assert f"{why}a surprise BoJ tightening" in rule["caption"]


def _leading_number(text: str) -> float:
    found = re.match(r"([+-])[$\u00a5]?([\d.,]+)", text)
    assert found, text
    return float(found.group(2).replace(",", "")) * (1 if found.group(1) == "+" else -1)


@pytest.mark.usefixtures("bundled_words")  # the sizes as the lesson writes them
def test_sizes_read_per_display_unit_of_the_cause(pack: Pack) -> None:
    # fitted sizes, each with the estimate's 90% interval as its range: read from the pack
    told = (
        ("hawkish_boj_lowers_nikkei", r"-([\d.]+)% per bp \(from -([\d.]+)% to -([\d.]+)%\)", 0.01),
        ("carry_sells_yen", r"\+([\d.]+)% per \$1bn \(from \+([\d.]+)% to \+([\d.]+)%\)", 1.0),
    )
    for rule_id, form, per_shown in told:
        m = pack.rules[rule_id].magnitude  # type: ignore[union-attr]
        assert m is not None and m.range is not None and m.estimate is not None
        found = re.fullmatch(form, size_text(pack, pack.rules[rule_id]))
        assert found is not None, rule_id
        for shown, value in zip(found.groups(), (m.elasticity, *m.range), strict=True):
            assert float(shown) == pytest.approx(value * per_shown, rel=0.05), rule_id
        half = 1.645 * m.estimate.se  # the range is the estimate's 90% interval
        assert m.range == pytest.approx((m.elasticity - half, m.elasticity + half), rel=0.01)
        assert m.estimate.prior_range is not None
        low, high = m.estimate.prior_range  # both inside their literature priors
        assert low <= m.elasticity <= high, rule_id
    for rule in pack.rules.values():
        magnitude = getattr(rule, "magnitude", None)
        text = size_text(pack, rule)
        assert not UNITS.search(text) and not IDENTIFIER.search(text), (rule.id, text)
        if magnitude is None or magnitude.elasticity == 0:
            continue
        target = UNIT_FORMS[pack.nodes[rule.target].unit]
        source = UNIT_FORMS[pack.nodes[rule.source].unit]
        expected = rule.scale * magnitude.elasticity * target.change_scale / source.change_scale
        shown = _leading_number(text)
        assert shown * expected > 0 and abs(shown - expected) <= 0.05 * abs(expected), (
            rule.id,
            text,
        )


def test_citations_name_the_source_with_its_year_never_a_day_it_lacks(pack: Pack) -> None:
    rule = pack.rules["boj_path_lifts_jgb"]
    assert citation_text(pack, rule).startswith(
        "Kubota and Shintani (2022), High-frequency identification of monetary policy shocks"
    )
    assert "1 Jan 2022" not in citation_text(pack, rule)
    undated = Source(
        id="x", title="A paper without its year", kind="research", date=date(2019, 1, 1)
    )
    cites = rule.cites.model_copy(update={"sources": ("x",)})  # type: ignore[union-attr]
    other = msgspec.structs.replace(pack, sources={"x": undated})
    assert citation_text(other, rule.model_copy(update={"cites": cites})) == (
        "A paper without its year (2019)"
    )
    # A rule resting on the pack's reading quotes the claim, never "basis: seed".
    seed = next(
        r for r in pack.rules.values() if r.cites and not r.cites.sources and r.cites.claims
    )
    claim = seed.cites.claims[0]  # type: ignore[union-attr]
    assert citation_text(pack, seed).startswith(f"claim {claim}, \u201c")


SURPRISE_IN_WHATIF = r"{label} on [^:]+: a (?:hawkish|dovish) surprise of (\S+?)[ ,]"


@pytest.mark.slow  # a lesson and a what-if for every scenario
def test_the_shock_link_shows_the_whatif_surprise_for_every_scenario(pack: Pack, cli: Cli) -> None:
    checked = 0
    for scenario in sorted(pack.scenarios):
        result = propagate_for(pack, scenario, RunOptions(draws=0))
        h = result.horizons[-1]
        chain = select_chain(pack, result, h, keys=True)
        text = " ".join(cli("whatif", scenario, "--draws", "0").stdout.split())  # type: ignore[attr-defined]
        data = json.loads(cli("whatif", scenario, "--draws", "0", "--format", "json").stdout)  # type: ignore[attr-defined]
        dot = chain_diagram(pack, result, h, keys=True).source  # the lesson page's chain
        captions = [s["caption"] for s in lesson_data(pack, result)["steps"][h]]
        for i, link in enumerate(chain.links):
            info = shock_info(result, link.source) if is_shock(link.source) else None
            if link.rule or info is None or info.surprise is None or link.target == info.node:
                continue
            told = re.search(SURPRISE_IN_WHATIF.format(label=re.escape(info.label)), text)
            assert told, (scenario, info.label)
            figure = told.group(1)  # the what-if's figure, e.g. -21.25bp
            saved = next(s for s in data["shocks"] if s["key"] == info.key)["surprise"]
            scale = UNIT_FORMS[result.nodes[info.node].unit].change_scale
            assert _leading_number(figure) == pytest.approx(saved * scale), (scenario, figure)
            label = re.search(rf'\be{i} \[label="([^"]*)"', dot)
            assert label, (scenario, i)
            lines = label.group(1).split("\\n")
            assert lines[:2] == ["surprise vs priced", figure], (scenario, lines)
            assert all("comparison" in line for line in lines[2:]), (scenario, lines)
            caption = next(c for c in captions if c.startswith(f"The shock: {info.label} "))
            assert f"surprise of {figure} " in caption, (scenario, caption)
            checked += 1
    assert checked >= 4


def test_the_shock_caption_ends_where_the_diagram_puts_the_node(
    pack: Pack, bundled_words: None
) -> None:
    # The shock's own link carries -25bp; the node, with its loops, ends at -24.1bp: the
    # caption gives both, so a teacher reading the box and the caption reads one number.
    result = propagate_for(pack, "boj-skips", RunOptions(draws=0))
    chain = select_chain(pack, result, keys=True)
    first = teaching_steps(pack, result, chain)[0]
    [link] = [chain.links[i] for i in first.links]
    caption = step_caption(pack, result, chain, first)
    own = st.amount_text(link.amount, result.nodes[link.target].unit)
    total = st.amount_text(result.nodes[link.target].delta["3m"], result.nodes[link.target].unit)
    assert own != total
    assert f"{own} at 3m against the comparison" in caption
    assert caption.endswith(f"with the other links into it, its move ends at {total}.")
    node_label = chain_diagram(pack, result).source
    assert total in node_label


@pytest.mark.parametrize(
    ("folder", "scenario", "told"),
    [
        (None, "boj-skips", "The BoJ policy rate ends 25bp lower at 3m than in the comparison."),
        # the regrowth takes most of it back: the shock's own step, then where it ends
        (
            "predator_prey",
            "drought",
            "By itself it lowers vegetation by 10 head at 1y; with the other links into it, its "
            "move ends at -0.21 head.",
        ),
    ],
)
def test_a_shock_s_own_move_is_told_in_words_with_its_size(
    folder: str | None, scenario: str, told: str
) -> None:
    # not "moves by -25 bp": the move's own verb, or against a comparison where it ends
    pack = load_pack(Path(__file__).parents[1] / "packs" / folder) if folder else load_pack()
    result = propagate_for(pack, scenario, RunOptions(draws=0))
    captions = [s["caption"] for s in lesson_data(pack, result)["steps"][result.horizons[-1]]]
    assert any(c.startswith("The shock: ") and c.endswith(f". {told}") for c in captions), captions


def test_a_shock_taken_back_is_not_told_as_where_its_node_ends() -> None:
    # The outbreak's drive adds 5,000 doses a day, then ends: each shock's caption said the
    # campaign "ends 5,000 doses a day higher (lower) at 6m than in the comparison", where
    # it ends where it started.
    pack = load_pack(Path(__file__).parents[1] / "packs" / "heldout_outbreak")
    result = propagate_for(pack, "variant-and-drive", RunOptions(draws=0))
    captions = [s["caption"] for s in lesson_data(pack, result)["steps"]["6m"]]
    shocks = [c for c in captions if c.startswith("The shock: ")]
    assert shocks == [
        "The shock: The drive adds 5,000 doses a day on 1 Jun 2021. By itself it raises the "
        "vaccination campaign by 5,000 doses a day at 6m; with the other shocks and links into "
        "it, its move ends at 0 doses a day.",
        "The shock: The drive ends on 1 Aug 2021. By itself it lowers the vaccination "
        "campaign by 5,000 doses a day at 6m; with the other shocks and links into it, its move "
        "ends at 0 doses a day.",
    ]
