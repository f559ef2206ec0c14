"""The key-moves bar chart, the fan chart, and where they go (whatif, brief, chart)."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from macrograph.explain.chart.figures import (
    LABEL_LIMIT,
    bar_nodes,
    chart_nodes,
    figures,
    make_charts,
)
from macrograph.explain.chart.moves import FanPanel, MoveBar, Tick, fan_chart, moves_chart, save
from macrograph.explain.cli import main
from macrograph.explain.diagram.style import shorten
from macrograph.graph import montecarlo
from macrograph.graph import worlds as worlds_module
from macrograph.graph.engine.compile import compiled
from macrograph.graph.fan import fan_paths, propagate_with_fans
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.graph.result import Result
from macrograph.rules import load_pack
from macrograph.rules.pack import Pack
from tests.packfactory import Cli

HOSTILE = "tests/hostile_pack"


@pytest.fixture(scope="module")
def skips(pack: Pack) -> Result:
    return propagate(pack, "boj-skips", RunOptions(draws=200, seed=3))


@pytest.fixture(scope="module")
def drawn(pack: Pack, skips: Result) -> tuple[list[str], str, str]:
    charts = make_charts(pack, skips, "boj-skips", RunOptions(draws=200, seed=3))
    return list(chart_nodes(pack, skips, "3m")), charts.moves, charts.fan


@pytest.mark.slow
def test_the_bars_carry_every_row_of_the_table_with_its_whisker_and_axis_unit(
    pack: Pack, skips: Result, drawn: tuple[list[str], str, str], bundled_words: None
) -> None:
    from macrograph.explain.contexts.whatif import build_whatif

    _, moves, _ = drawn
    result = skips
    nodes = list(bar_nodes(pack, result, "3m"))
    # the bars are the answer's table, markets included, in its order
    assert nodes == [o.node for o in build_whatif(pack, result).outcomes]
    assert {"usd_jpy", "nikkei", "jgb_2y"} <= set(nodes)
    assert len(re.findall(r'<g id="bar-\d+-\d+">', moves)) == len(nodes)
    assert len(re.findall(r'<g id="whisker-\d+-\d+">', moves)) == len(nodes)
    for node in nodes:
        assert f">{html.escape(shorten(pack.nodes[node].label, LABEL_LIMIT))}<" in moves, node
    units = {pack.nodes[n].unit for n in nodes}
    if "pct" in units:  # a percent level's change reads in bp
        assert ">change, bp<" in moves
    assert "Moves after 3 months (" in moves


@pytest.mark.slow
def test_the_fan_has_both_bands_and_a_median_per_key_outcome(
    pack: Pack, drawn: tuple[list[str], str, str]
) -> None:
    nodes, _, fan = drawn
    for i, node in enumerate(nodes):
        for part in ("p5-p95", "p25-p75", "median"):
            assert f'<g id="fan-{i}-{part}">' in fan, (node, part)
        assert f">{html.escape(pack.nodes[node].label)}<" in fan
    assert ">change, bp<" in fan or ">change, %<" in fan
    assert ">3m<" in fan  # the time axis marks the last horizon


@pytest.mark.slow  # both charts twice
def test_charts_are_the_same_bytes_twice(pack: Pack, drawn: tuple[list[str], str, str]) -> None:
    result = propagate(pack, "boj-skips", RunOptions(draws=200, seed=3))  # made again, not shared
    again = make_charts(pack, result, "boj-skips", RunOptions(draws=200, seed=3))
    assert (again.moves, again.fan) == drawn[1:]
    assert "<dc:date>" not in again.moves and "Matplotlib v" not in again.fan


@pytest.mark.parametrize(
    "options",
    [RunOptions(draws=300, seed=5), RunOptions(draws=200, seed=2, against=None)],
    ids=["against-its-comparison", "against-no-shocks-noise-shared"],
)
def test_one_run_makes_the_result_and_the_fans_that_two_runs_make(
    pack: Pack, options: RunOptions
) -> None:
    nodes = ("usd_jpy", "jgb_10y", "sp500")
    result, fans = propagate_with_fans(pack, "boj-skips", lambda exact: nodes, options)
    alone = propagate(pack, "boj-skips", options)
    assert fans == fan_paths(pack, "boj-skips", nodes, alone.horizons[-1], options)
    for n, o in alone.nodes.items():
        mine = result.nodes[n]
        assert (mine.delta, mine.band) == (o.delta, o.band), n
        assert (mine.p_positive, mine.p_negative) == (o.p_positive, o.p_negative), n
    assert (result.draws, result.diverged, result.noise) == (
        alone.draws,
        alone.diverged,
        alone.noise,
    )


def test_the_fans_and_bands_do_not_depend_on_how_many_periods_a_pass_keeps(
    pack: Pack, monkeypatch: pytest.MonkeyPatch
) -> None:
    options, nodes = RunOptions(draws=60, seed=4), ("usd_jpy", "nikkei")
    whole, fans = propagate_with_fans(pack, "boj-skips", lambda exact: nodes, options)
    monkeypatch.setattr(montecarlo, "KEPT_BYTES", 8 * compiled(pack).size * 60 * 7)
    parts, again = propagate_with_fans(pack, "boj-skips", lambda exact: nodes, options)
    assert again == fans  # a week of periods per pass, the latest first
    assert all(parts.nodes[n].band == o.band for n, o in whole.nodes.items())


def test_the_fans_are_chosen_from_the_central_values(pack: Pack) -> None:
    seen: list[Result] = []

    def choose(exact: Result) -> tuple[str, ...]:
        seen.append(exact)
        return chart_nodes(pack, exact, exact.horizons[-1])

    result, fans = propagate_with_fans(pack, "boj-skips", choose, RunOptions(draws=100))
    [exact] = seen
    assert exact.nodes["usd_jpy"].band is None and result.nodes["usd_jpy"].band is not None
    assert tuple(fans.nodes) == chart_nodes(pack, result, "3m") != ()


def test_the_daily_fan_meets_the_results_bands_at_every_horizon(pack: Pack) -> None:
    result = propagate(pack, "december-2025", RunOptions(draws=300, seed=5))
    fans = fan_paths(
        pack, "december-2025", ("usd_jpy", "jgb_10y"), options=RunOptions(draws=300, seed=5)
    )
    assert len(fans.offsets) == 91  # every day from the event to 3m (90 days)
    for node in ("usd_jpy", "jgb_10y"):
        band, delta = result.nodes[node].band, result.nodes[node].delta
        assert band is not None
        for h, offset in (("1d", 1), ("1w", 7), ("1m", 30), ("3m", 90)):
            fan = fans.nodes[node]
            assert fan.p50[offset] == pytest.approx(band[h].p50, abs=1e-12)
            assert fan.p5[offset] == pytest.approx(band[h].p5, abs=1e-12)
            assert fan.central[offset] == pytest.approx(delta[h], abs=1e-12)
            assert fan.p5[offset] <= fan.p25[offset] <= fan.p50[offset] <= fan.p75[offset]
        assert fans.dates[90] == result.dates["3m"]


@pytest.mark.slow
def test_without_draws_the_fan_draws_the_model_path_and_the_bars_no_whiskers(pack: Pack) -> None:
    result = propagate(pack, "boj-skips", RunOptions(draws=0))
    charts = make_charts(pack, result, "boj-skips", RunOptions(draws=0))
    assert '<g id="fan-0-central">' in charts.fan and "p25-p75" not in charts.fan
    assert "whisker" not in charts.moves and '<g id="bar-0-0">' in charts.moves


@pytest.mark.slow
def test_hostile_labels_stay_text_escaped_and_short() -> None:
    pack = load_pack(Path(HOSTILE))
    result = propagate(pack, pack.info.default_scenario, RunOptions(draws=50))
    nodes = tuple(sorted(pack.nodes))[:4]
    drawn = figures(pack, result, pack.info.default_scenario, RunOptions(draws=50), nodes)
    for fig in drawn.values():
        svg = save(fig).decode("utf-8")
        assert "<script" not in svg and "<b>" not in svg
        texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
        assert texts and max(len(t) for t in texts) < 200


@pytest.mark.slow  # four charts, three formats
def test_chart_command_writes_svg_png_and_pdf(cli: Cli, tmp_path: Path) -> None:
    magic = {"svg": b"<?xml", "png": b"\x89PNG", "pdf": b"%PDF"}
    for suffix, start in magic.items():
        target = tmp_path / f"c.{suffix}"
        out = cli("chart", "boj-skips", "-o", str(target), "--draws", "50", "--kind", "bars")
        assert (out.code, out.stderr) == (0, ""), out.stderr
        assert target.read_bytes().startswith(start)
    target = tmp_path / "usdjpy.svg"
    out = cli("chart", "boj-skips", "-o", str(target), "--node", "usd_jpy", "--draws", "50")
    assert out.code == 0
    svg = target.read_text(encoding="utf-8")
    assert '<g id="fan-0-median">' in svg and '<g id="fan-1-median">' not in svg


def test_chart_command_refuses_an_unknown_node(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "c.svg"
    out = cli("chart", "boj-skips", "-o", str(target), "--node", "nope")
    assert (out.code, out.stderr) == (
        2,
        "macrograph: unknown node 'nope' (list them with: macrograph list nodes)\n",
    )
    assert not target.exists()


def test_chart_command_refuses_an_unknown_suffix(cli: Cli, tmp_path: Path) -> None:
    out = cli("chart", "boj-skips", "-o", str(tmp_path / "c.jpg"))
    assert out.code == 2
    assert not (tmp_path / "c.jpg").exists()


@pytest.mark.slow  # a what-if per format, with its charts
def test_markdown_whatif_writes_its_charts_beside_it(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "w.md"
    out = cli("whatif", "boj-skips", "-o", str(target), "--draws", "50")
    assert (out.code, out.stderr) == (0, "")
    text = target.read_text(encoding="utf-8")
    assert "![Moves after 3 months](w-moves.svg)" in text
    assert "![Key markets day by day](w-fan.svg)" in text  # as the pack calls them
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w-fan.svg", "w-moves.svg", "w.md"]


def test_markdown_whatif_on_stdout_links_no_chart(cli: Cli) -> None:
    out = cli("whatif", "boj-skips", "--format", "md", "--draws", "0")
    assert out.code == 0 and ".svg" not in out.stdout


def test_a_blocked_chart_path_stops_the_whatif_before_anything_is_written(
    cli: Cli, tmp_path: Path
) -> None:
    (tmp_path / "w-fan.svg").mkdir()
    out = cli("whatif", "boj-skips", "-o", str(tmp_path / "w.md"), "--draws", "0")
    assert out.code == 2
    assert "w-fan.svg" in out.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w-fan.svg"]


@pytest.mark.slow  # a what-if per format, with its charts
def test_html_whatif_carries_both_charts_inline(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "w.html"
    out = cli("whatif", "boj-skips", "-o", str(target), "--draws", "50")
    assert out.code == 0
    html = target.read_text(encoding="utf-8")
    assert html.count('<figure class="chart">') == 2 and html.count("<svg") == 2
    assert "<?xml" not in html and "whiskers: the 5th to 95th percentile of 50" in html
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.html"]


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ("whatif", "boj-skips", "--format", "html"),
        ("whatif", "boj-skips", "--format", "md"),
        ("chart", "boj-skips", "--kind", "fan"),
    ],
)
def test_a_charted_answer_runs_its_monte_carlo_once(
    args: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The answer's bands and its fan chart come from one set of draws, as in the brief.
    runs: list[int] = []
    made = worlds_module.monte_carlo

    def counted(*given: Any, **named: Any) -> Any:
        runs.append(1)
        return made(*given, **named)

    monkeypatch.setattr(worlds_module, "monte_carlo", counted)
    suffix = {"html": "html", "md": "md"}.get(args[-1], "svg")
    target = tmp_path / f"answer.{suffix}"
    out = CliRunner().invoke(main, [*args, "-o", str(target), "--draws", "40"])
    assert out.exit_code == 0, out.output
    assert b"fan-0-median" in b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert len(runs) == 1


LONG_TITLE = (
    "Moves after 3 months (19 Mar 2026), against “a comparison whose name is a whole "
    "sentence: one thing happens, then another, and a third”"
)


@pytest.mark.parametrize("kind", ["moves", "fan"])
def test_a_long_title_wraps_within_the_figure_instead_of_widening_the_chart(kind: str) -> None:
    """A title longer than the figure made the chart's crop wider (765 pt for a 540 pt
    figure), so a page scaled the whole chart, labels and all, down by a third."""
    if kind == "moves":
        svg = moves_chart([MoveBar("A rate", "bp", 5.0, 2.0, 8.0)], LONG_TITLE)
    else:
        panel = FanPanel("A rate", "bp", (0, 1, 2), (0, 1, 2), (), (), (), (), ())
        svg = fan_chart([panel], [Tick(2, "2d", date(2026, 3, 19))], LONG_TITLE)
    found = re.search(r'<svg[^>]* width="([0-9.]+)pt"', svg)
    assert found is not None
    width = float(found.group(1))
    assert width <= 7.5 * 72 + 1
    assert "a third”" in html.unescape(svg) and "Moves after 3 months" in svg


# A short title; one that fits only until the layout makes room for long labels on its
# left; and the long one: each must be drawn as matplotlib draws it when asked to wrap.
TITLES = ("Moves after 3 months", "Moves after 3 months" + " against" * 5, LONG_TITLE)


@pytest.mark.slow  # six charts, each drawn twice
@pytest.mark.parametrize("title", TITLES)
@pytest.mark.parametrize("label", ["A rate", "A rate with a long label " * 2])
def test_a_title_left_unwrapped_is_drawn_as_when_wrapped(
    title: str, label: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A title that fits on one line is not given to matplotlib to wrap (measuring where
    to break it took 45 ms a note), and draws to the bytes a wrapped title draws to."""
    from macrograph.explain.chart import moves

    bars = [MoveBar(label, "bp", 5.0, 2.0, 8.0), MoveBar("B", "%", -1.0, None, None)]
    panels = [FanPanel(label, "bp", (0, 1, 2), (0, 1, 2), (), (), (), (), ())] * 3
    ticks = [Tick(2, "2d", date(2026, 3, 19))]
    drawn = moves_chart(bars, title), fan_chart(panels, ticks, title)
    monkeypatch.setattr(moves, "one_line", lambda *_: False)
    assert drawn == (moves_chart(bars, title), fan_chart(panels, ticks, title))
