"""China's hog cycle (the pork cycle), a field the machinery has never seen, written as a
Chinese analyst would, counted in months, read as an analyst, a strategist and a teacher
would.

The held-out pack tests/packs/heldout_hog labels its nodes in Chinese characters
('生猪价格', the live hog price; '能繁母猪存栏', the breeding-sow herd; '猪粮比价', the
hog-to-grain price ratio), some with English beside them. High prices make farmers keep
back gilts as sows (母猪补栏), the sow herd (a stock) grows, and ten months later more
hogs come to market (生猪出栏), which lowers the price (a lagged balancing loop); while the
price rises farmers hold hogs back (压栏惜售, a reinforcing loop). Below a ratio of 5:1 the
state buys pork into its reserve (a threshold); above 30 元/公斤 imports rise (a ``when``);
African swine fever culls the herd (the default scenario's shock). Its units are its own:
元/公斤, ¥/吨, 万头 (tens of thousands of head: 4,100万头 is 41 million), 万吨/月, a
ratio written 5.80:1 and a percent. It ships a monthly price series, the 2019 outbreak read
from it, and the breeders' association's view as an overlay.

A Chinese character takes two columns of a terminal: every table, heading, wrapped label
and paragraph here is measured in columns (:mod:`macrograph.rules.columns`).
"""

from __future__ import annotations

import io
import random
import re
import string
import textwrap
import warnings
from pathlib import Path

import pytest

from macrograph.explain.terminal import clip, label_lines, message_text
from macrograph.explain.textfilters import pad, rpad, underline, wrap
from macrograph.graph.build import build_graph
from macrograph.graph.query import loops
from macrograph.graph.scenarios import resolve, resolve_text
from macrograph.graph.words.plainwords import resolve_words
from macrograph.rules import columns, load_pack
from macrograph.rules.columns import cells
from macrograph.rules.lint.core import lint_pack
from tests.packfactory import moves_on, on_pack

HOG = Path(__file__).parents[1] / "packs" / "heldout_hog"

# Words of the bundled pack's world, and of markets' jargon, that no output on hogs may use.
BUNDLED = re.compile(
    r"\b(yen|boj|fed|fomc|jgb|treasur\w*|usd|nikkei|bitcoin|vix|carry|rall(y|ies|ied)|"
    r"hawkish|dovish|market-implied|policy rate|desk|basis points?|\d+bp)\b",
    re.IGNORECASE,
)


def run(*args: str, code: int = 0) -> str:
    """The output of a command on the pack in an 80-column terminal."""
    return on_pack(HOG, *args, code=code)


def moves(question: str, node: str) -> dict[str, float]:
    """The change of ``node`` at each horizon of ``question``'s what-if, without draws."""
    return moves_on(HOG, question, node)


def too_wide(text: str, width: int = 80) -> list[str]:
    """The lines of ``text`` that take more than ``width`` terminal columns."""
    return [line for line in text.splitlines() if cells(line) > width]


def test_the_pack_lints_clean_and_counts_in_months() -> None:
    pack = load_pack(HOG)
    assert [i for i in lint_pack(pack) if i.severity != "info"] == []
    assert (pack.info.period, pack.info.language) == ("1m", 3)


def test_the_loops_a_hog_analyst_expects() -> None:
    found = {frozenset(lp.nodes): lp for lp in loops(build_graph(load_pack(HOG)))}
    cycle = found[frozenset({"hog_price", "sow_additions", "sow_herd", "hog_supply"})]
    assert cycle.polarity == "balancing"
    assert found[frozenset({"hog_price", "hogs_held_back", "hog_supply"})].polarity == (
        "reinforcing"
    )
    imports = found[frozenset({"hog_price", "pork_imports"})]
    assert (imports.polarity, imports.gated) == ("balancing", ("high_price_draws_imports",))


def test_swine_fever_raises_the_price_ten_months_later_and_the_cycle_turns() -> None:
    price = moves("asf-outbreak", "hog_price")
    herd = moves("asf-outbreak", "sow_herd")
    assert herd["3m"] == pytest.approx(-1200, abs=1)  # four months of 300万头 culled
    assert price["3m"] == pytest.approx(0, abs=1e-9)  # no fewer hogs before ten months
    assert price["12m"] > 5  # the culled sows' missing litters
    assert price["36m"] < 0  # the herd rebuilt on the high price overshoots: the cycle


# --- wide characters: a Chinese character takes two columns ---------------------------


def test_the_helpers_measure_columns_not_characters() -> None:
    assert cells("能繁母猪存栏") == 12
    assert pad("猪价", 6) == "猪价  " and rpad("+12万头", 9) == "  +12万头"
    assert underline("猪价 (hog price)") == "=" * 16
    assert clip("中央储备猪肉收储", 9) == "中央储备…"
    assert label_lines("非洲猪瘟扑杀 (ASF culls)", 12) == ["非洲猪瘟扑杀", "(ASF culls)"]
    # a label with no space breaks between its characters rather than overflowing
    assert label_lines("中央储备猪肉收储", 8) == ["中央储备", "猪肉收储"]
    assert wrap("生猪价格 ends 9.6元/公斤 higher", 17) == "生猪价格 ends\n9.6元/公斤 higher"
    assert message_text("macrograph: 能繁母猪存栏 " * 4, 40).splitlines()[0] == (
        "macrograph: 能繁母猪存栏 macrograph:"
    )


def test_the_what_if_fits_80_columns_and_its_title_is_underlined_to_its_width() -> None:
    text = run("whatif")
    assert too_wide(text) == []
    title, rule = text.splitlines()[:2]
    assert cells(title) == len(rule) and set(rule) == {"="}
    assert not BUNDLED.search(text)


def test_the_outcomes_table_keeps_its_columns_straight() -> None:
    text = run("whatif")
    table = text.split("Outcomes against no shocks\n")[1].split("\nLeft out")[0]
    rows = [r for r in table.splitlines()[1:] if len(re.split(r"\s{2,}", r.strip())) > 2]
    ends = {cells(r) for r in rows}  # every row ends at the last column's right edge
    assert len(ends) == 1, table
    head = table.splitlines()[0]
    assert cells(head) == ends.pop()


@pytest.mark.parametrize(
    "args",
    [
        ("whatif", "asf-outbreak", "--draws", "0"),
        ("whatif", "corn-rises", "--short"),
        ("explain", "hog_price"),
        ("explain", "sow_herd", "--horizon", "24m"),
        ("list", "nodes"),
        ("list", "scenarios"),
        ("loops",),
        ("paths", "asf_culls", "hog_price"),
        ("backtest",),
        ("data",),
    ],
)
def test_every_text_output_fits_80_columns(args: tuple[str, ...]) -> None:
    assert too_wide(run(*args)) == []


def test_a_label_in_chinese_reads_as_a_name_without_the() -> None:
    text = " ".join(run("explain", "中央储备猪肉收储").split())
    # the reserve is a policy action: an English label would read 'the state reserve'
    assert "Every chain of rules from the shocks to 中央储备猪肉收储 is blocked" in text
    assert not re.search(r"\bthe [\u4e00-\u9fff]", text)


def test_reserve_buying_is_not_said_to_pass_its_floor_where_no_draw_of_it_does() -> None:
    # 'the 5%-95% band of 中央储备猪肉收储 reaches -3.1万吨/月 after 36 months, below the floor
    # of 0.0万吨/月': in some draws the comparison's noise sets off reserve buying that the
    # outbreak's world does not, so their difference is negative, but no draw buys below 0
    text = " ".join(run("whatif").split())
    assert "Past a bound" not in text and "below the floor" not in text


@pytest.mark.slow
def test_the_brief_in_html_has_a_chinese_font_and_keeps_numbers_with_their_units(
    tmp_path: Path,
) -> None:
    out = tmp_path / "note.html"
    run("brief", "-o", str(out))
    page = out.read_text(encoding="utf-8")
    assert "WenQuanYi Micro Hei" in page and "Noto Sans CJK SC" in page
    assert "word-break: keep-all" in page  # '300万头' never split between 万 and 头
    assert "td.num { white-space: nowrap; }" in page  # nor '25.62元/' from '公斤'
    assert '<td class="num band">' in page  # a band still wraps at ' to '
    assert not BUNDLED.search(re.sub(r"<[^>]+>", " ", page.split("</style>")[1]))


# --- questions in Chinese, and in Chinese and English mixed ----------------------------


def asked(question: str) -> dict[str, float | None]:
    """The change (or level) each node is given by ``question`` beyond the default
    scenario's own shocks."""
    pack = load_pack(HOG)
    spec = resolve_words(pack, question)
    base = {(s.node, s.date) for s in resolve(pack, pack.info.default_scenario).shocks}
    return {
        s.node: s.change if s.change is not None else s.level
        for s in spec.shocks
        if (s.node, s.date) not in base
    }


@pytest.mark.parametrize(
    ("question", "node", "size"),
    [
        ("生猪价格 +2元/公斤", "hog_price", 2.0),
        ("hog price rises 2 元/公斤", "hog_price", 2.0),
        ("猪价上涨 10%", "hog_price", 1.6),  # 10% of 16 元/公斤, as 'hog prices rise 10%'
        ("猪价上涨10%", "hog_price", 1.6),
        ("hog prices rise 10%", "hog_price", 1.6),
        ("能繁母猪存栏 falls 200万头", "sow_herd", -200.0),
        ("sow herd falls by 200万头", "sow_herd", -200.0),
        ("能繁母猪存栏下跌 200万头", "sow_herd", -200.0),
        ("玉米 rises ¥300/吨", "corn_price", 300.0),
        ("hog-grain ratio falls to 4.8:1", "hog_grain_ratio", 4.8),  # a level, as it reads
        ("猪粮比价 falls to 4.8:1", "hog_grain_ratio", 4.8),
    ],
)
def test_a_question_names_nodes_and_units_in_chinese(question: str, node: str, size: float) -> None:
    assert asked(question) == {node: pytest.approx(size)}


def test_a_scenario_is_named_by_its_chinese_phrase() -> None:
    pack = load_pack(HOG)
    assert resolve_text(pack, "非洲猪瘟").id == "asf-outbreak"
    assert resolve_text(pack, "玉米涨价").id == "corn-rises"


def test_wrapping_by_columns_is_textwraps_for_one_column_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The wrap's own path for wide text, run on one-column text, gives what textwrap gives
    (spaces kept inside a line, as an aligned row needs, and leading spaces as textwrap
    keeps them), whatever the width and indents."""
    monkeypatch.setattr(columns, "narrow", lambda text: False)
    rng = random.Random(7)
    for _ in range(3000):
        words = ["".join(rng.choices(string.ascii_letters, k=rng.randint(1, 12))) for _ in "x" * 8]
        text = " " * rng.randint(0, 2) + "".join(w + " " * rng.choice((1, 1, 2, 3)) for w in words)
        width, first, indent = rng.randint(3, 30), rng.choice(("", "  - ")), rng.choice(("", "  "))
        expected = textwrap.wrap(
            text,
            width,
            initial_indent=first,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        )
        assert columns.wrap(text, width, first, indent) == expected


def test_a_listing_wider_than_the_terminal_keeps_its_columns() -> None:
    lines = run("list", "nodes").splitlines()
    rows = [line for line in lines if not line.startswith(" ")]
    # the label starts in the same column on every row: the cells before it stay aligned,
    # and a label that wraps goes on under its own column
    assert {cells(r.split("wan_head_month ")[0]) for r in rows if "wan_head_month" in r} == {
        cells("asf_culls          indicator      cn     ")
    }
    column = cells("asf_culls          indicator      cn     wan_head_month  ")
    assert all(len(line) - len(line.lstrip()) == column for line in lines if line[:1] == " ")
    assert too_wide("\n".join(lines)) == []


@pytest.mark.parametrize("suffix", ["txt", "md"])
def test_a_calibration_that_fits_no_rule_says_so_under_no_empty_heading(
    tmp_path: Path, suffix: str
) -> None:
    # the 2019 outbreak's prices within 6 months reach no rule (the sows' hogs come ten
    # months later), and the herd's fall only fixed-size stock rules
    fmt = ["--format", "md"] if suffix == "md" else []
    text = run("calibrate", "-o", str(tmp_path / "fit.yaml"), *fmt)
    assert "Fitted rules (0)" not in text and "## Fitted rules\n\n| rule" not in text
    assert "No rule was fitted" in text


def test_money_written_with_the_yuan_sign_is_not_read_as_yen() -> None:
    # '¥' is the sign of the yuan here, as of the yen elsewhere: neither name is read as it
    said = " ".join(run("whatif", "corn rises 300 yen", "--draws", "0", code=2).split())
    assert "'yen' does not apply to corn_price" in said
    assert asked("corn rises ¥300") == {"corn_price": pytest.approx(300.0)}


@pytest.mark.slow  # needs a CJK font, which `make test` installs (make fonts)
def test_a_png_chart_draws_chinese_labels_with_an_installed_cjk_font() -> None:
    from matplotlib import font_manager

    from macrograph.explain.chart.drawing import FALLBACK_FONTS, print_tight
    from macrograph.explain.chart.moves import new_figure

    installed = {f.name for f in font_manager.fontManager.ttflist} & set(FALLBACK_FONTS)
    assert installed, "no font with Chinese glyphs: run `make fonts` (fonts-wqy-microhei)"
    fig, (ax,) = new_figure(3, 2)
    title = ax.set_title("生猪价格, monthly average")
    label = ax.set_xlabel("change, %")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        print_tight(fig, io.BytesIO(), "png", {})
    assert not [w for w in caught if "missing from" in str(w.message)]
    assert set(title.get_fontfamily()) & installed
    assert label.get_fontfamily() == ["sans-serif"]  # a Latin label keeps its own font


def test_the_2019_outbreak_reads_the_price_from_the_monthly_series() -> None:
    # 3 months from 1 Mar 2019: the last close before (11.8 on 28 Feb) to the first close
    # on or after 1 Jun (16.0 on 28 Jun); 6 months run to 1 Sep, as the pack's horizon 6m
    # does, so the first close after is 29.1 on 28 Sep (30-day months stopped at 28 Aug,
    # 23.4, a month short of the model's horizon)
    text = run("backtest")
    assert re.search(r"\n    3m +\+4\.2元/公斤 ", text)
    assert re.search(r"\n    6m +\+17\.3元/公斤 ", text)
