"""Episodes, the backtest and source expectations: scores a user relies on, exact messages."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from macrograph.explain.evidence import report as evidence
from macrograph.graph.evidence.backtest import backtest, episode_spec
from macrograph.graph.evidence.expectations import check_expectations
from macrograph.graph.options import RunOptions
from macrograph.rules import load_pack
from macrograph.rules.lint.core import lint_pack
from macrograph.rules.observations import observations
from macrograph.rules.pack import Pack, bundled_pack_dir
from tests.packfactory import Cli, write_pack

EPISODE = """\
sources:
  - {id: wire, title: "A news wire", kind: market}
episodes:
  - id: surprise
    title: A surprise hike
    date: 2025-12-19
    shocks:
      - node: policy_rate
        date: 2025-12-19
        change: 0.25
        priced: {probability: 0.0, change: 0.25}
        label: The bank hikes 25bp, unexpected
        cites: {basis: observed, sources: [wire]}
    observed:
      - {node: bond_yield, window: 0d, change: 0.1, cites: {basis: observed, sources: [wire]}}
      - {node: currency, window: 1d, change: -0.3, cites: {basis: observed, sources: [wire]}}
"""


def test_bundled_episodes_cover_the_record(pack: Pack) -> None:
    wanted = {
        "boj-hike-jul-2024",
        "carry-unwind-aug-2024",
        "ueda-signal-dec-2025",
        "fed-cut-dec-2025",
        "boj-hike-dec-2025",
    }
    assert wanted <= set(pack.episodes)
    observations = [o for e in pack.episodes.values() for o in e.observed]
    assert len(observations) >= 30
    assert all(o.cites is not None and o.cites.sources for o in observations)


def test_the_yen_weakened_on_the_december_hike_is_recorded(pack: Pack) -> None:
    hike = pack.episodes["boj-hike-dec-2025"]
    read = {(o.node, o.window): o for o in observations(pack, hike)}
    usd_jpy = read[("usd_jpy", "0d")]
    assert usd_jpy.value is not None and usd_jpy.value > 0.5  # the yen weakened on the hike
    assert usd_jpy.span is not None and usd_jpy.span.end > 157  # the fixing after the hike
    assert usd_jpy.note is not None and "+1.2" in usd_jpy.note  # what the reports gave


def test_an_episode_runs_from_its_date_with_its_shocks(pack: Pack) -> None:
    spec = episode_spec(pack.episodes["fed-cut-dec-2025"])
    assert spec.anchor.isoformat() == "2025-12-10"
    assert spec.decision("fed_funds_rate").surprise == pytest.approx(-0.025)


def test_a_toy_episode_is_scored_exactly(tmp_path: Path) -> None:
    pack = load_pack(write_pack(tmp_path, {"episodes.yaml": EPISODE}))
    result = backtest(pack, options=RunOptions(draws=0), only="written")
    [episode] = result.episodes
    yield_obs, currency_obs = episode.observations
    # A 25bp surprise moves the priced path 0.25; the yield by 0.4 x 0.25 = 0.1.
    assert yield_obs.predicted == pytest.approx(0.1)
    # The currency by -3 x 0.1 = -0.3: both signs and sizes right.
    assert currency_obs.predicted == pytest.approx(-0.3)
    assert result.overall.sign_hit_rate == 1.0
    assert result.overall.n == 2
    assert currency_obs.date.isoformat() == "2025-12-20"


@pytest.mark.slow
def test_flipping_a_rule_lowers_the_hit_rate_and_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "pack"
    shutil.copytree(bundled_pack_dir(), folder)
    before = backtest(load_pack(folder), options=RunOptions(draws=0), only="written")
    rules = folder / "rules-us.yaml"
    text = rules.read_text()
    start = text.index("  - id: fed_path_moves_ust")
    effect = text.index('effect: "+"', start)
    rules.write_text(text[:effect] + 'effect: "-"' + text[effect + len('effect: "+"') :])
    after = backtest(load_pack(folder), options=RunOptions(draws=0), only="written")
    assert after.overall.sign_hit_rate < before.overall.sign_hit_rate
    named = {r for w in after.worst for c in w.carriers for r in c.rules}
    assert "fed_path_moves_ust" in named


def test_json_output_matches_its_schema(cli: Cli) -> None:
    out = cli("backtest", "--only", "written", "--draws", "50", "--format", "json")
    schema = json.loads(cli("schema", "--output", "backtest").stdout)
    data = json.loads(out.stdout)
    jsonschema.validate(data, schema)
    assert data["schema_version"] == 1
    assert set(data["overall"]) >= {"sign_hit_rate", "median_abs_z", "coverage", "n"}
    assert data["overall"]["n"] == sum(len(e["observations"]) for e in data["episodes"])


def test_backtest_writes_by_suffix(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "bt.json"
    assert cli("backtest", "--only", "written", "--draws", "0", "-o", str(target)).code == 0
    assert json.loads(target.read_text())["schema_version"] == 1


@pytest.mark.slow  # the backtest per format, each with its chart
def test_markdown_and_html_carry_the_chart(cli: Cli) -> None:
    md = cli("backtest", "--only", "written", "--draws", "20", "--format", "md").stdout
    assert "![Model median and band" in md and "data:image/svg+xml;base64," in md
    html = cli("backtest", "--only", "written", "--draws", "20", "--format", "html").stdout
    assert "<svg" in html and "model median, p5-p95 band" in html
    assert "<?xml" not in html


def test_an_unknown_episode_is_refused_with_suggestions(cli: Cli) -> None:
    out = cli("backtest", "fed-cut-dec-2024")
    assert out.code == 2
    assert "fed-cut-dec-2025" in out.stderr
    assert "Traceback" not in out.stderr


def test_source_expectations_are_checked(pack: Pack) -> None:
    checks = {(c.scenario, c.node): c for c in check_expectations(pack)}
    ust = checks[("december-2025", "ust_10y")]
    assert (ust.low, ust.high) == (3.7, 3.9)
    assert ust.met == (3.7 <= (ust.level or 0.0) <= 3.9)
    crypto = checks[("spread-1-5", "bitcoin")]
    assert crypto.expected == "rank" and crypto.leader is not None
    assert crypto.met == (crypto.leader == "bitcoin")


def test_backtest_text_reports_expectations(cli: Cli) -> None:
    text = cli("backtest", "--only", "written", "--draws", "0").stdout
    assert "What the sources expect" in text
    said = "the source expects the 10y US Treasury yield at 3.70% to 3.90%"
    assert said in " ".join(text.split())


def _observation(node: str, window: str, change: str, source: str = "wire") -> str:
    cites = f"{{basis: observed, sources: [{source}]}}"
    return f"      - {{node: {node}, window: {window}, change: {change}, cites: {cites}}}\n"


LINT_CASES = [
    (
        _observation("bond_yeld", "0d", "0.1"),
        "observed.2.node",
        "unknown node 'bond_yeld'; did you mean 'bond_yield'?",
    ),
    (
        _observation("bond_yield", "0d", "0.2"),
        "observed.2",
        "bond_yield over 0d is observed twice (also observed.0)",
    ),
    (
        _observation("bond_yield", "1w", "25"),
        "observed.2.change",
        "a change of 25 pct in 1w is implausible (more than 5): is it in the node's units?",
    ),
    (
        _observation("currency", "1w", "1", source="wyre"),
        "observed.2.cites.sources",
        "unknown source 'wyre'; did you mean 'wire'?",
    ),
]


@pytest.mark.parametrize(("line", "field", "message"), LINT_CASES)
def test_lint_checks_episodes(tmp_path: Path, line: str, field: str, message: str) -> None:
    pack = load_pack(write_pack(tmp_path, {"episodes.yaml": EPISODE + line}))
    found = [(f.field, f.message) for f in lint_pack(pack) if f.obj_id == "surprise"]
    assert (field, message) in found


def test_an_observation_must_be_observed(tmp_path: Path, cli: Cli) -> None:
    text = EPISODE.replace(
        "change: 0.1, cites: {basis: observed", "change: 0.1, cites: {basis: assumption"
    )
    folder = write_pack(tmp_path, {"episodes.yaml": text})
    out = cli("lint", str(folder))
    assert out.code == 2
    assert out.stderr == (
        f"macrograph: {folder}/episodes.yaml:15: error: id 'surprise', field 'observed.0': "
        "an observation cites what was observed: use 'basis: observed'\n"
    )


def test_an_episode_shock_far_from_its_date_is_an_error(tmp_path: Path) -> None:
    text = EPISODE.replace(
        "        date: 2025-12-19\n        change", "        date: 2026-03-19\n        change"
    )
    pack = load_pack(write_pack(tmp_path, {"episodes.yaml": text}))
    found = [f.message for f in lint_pack(pack) if f.code == "episode-date"]
    assert found == [
        "shock dated 2026-03-19 is 90 days from the episode's date 2025-12-19 (at most 31)"
    ]


@pytest.mark.parametrize("fmt", ["text", "md"])
def test_backtest_golden(cli: Cli, golden: Any, fmt: str) -> None:
    out = cli("backtest", "--only", "written", "--draws", "200", "--format", fmt)
    assert out.code == 0, out.stderr
    # the chart is checked on its own (below); the golden keeps the words and numbers
    text = re.sub(
        r"data:image/svg\+xml;base64,[A-Za-z0-9+/=]+", "data:image/svg+xml;base64,...", out.stdout
    )
    golden(f"evidence/backtest.{'txt' if fmt == 'text' else 'md'}", text)


def test_the_chart_labels_every_observation(pack: Pack) -> None:
    from macrograph.explain.evidence.report import backtest_chart

    result = backtest(pack, ["fed-cut-dec-2025"], RunOptions(draws=50))
    svg = backtest_chart(pack, result)
    for o in result.episodes[0].observations:
        assert html.escape(f"fed-cut-dec-2025: {o.label}, {o.window}", quote=False) in svg
    assert "model median, p5-p95 band" in svg and "observed" in svg
    assert svg == backtest_chart(pack, result)  # same input, same bytes


def test_chart_text_from_the_pack_is_literal() -> None:
    from macrograph.explain.chart.drawing import ForestRow, predicted_vs_observed

    label = "$x^2$ <evil> & \\alpha"
    svg = predicted_vs_observed([ForestRow(label, 1.0, 0.0, 2.0, 1.5, 1.0)], "$title$")
    assert html.escape(label, quote=False) in svg and "<evil" not in svg


def test_a_large_backtest_charts_the_observations_it_explains_worst(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A chart of 1,800 observations was 28,000pt tall: beyond a bound it keeps the worst."""
    pack = load_pack(Path(__file__).parents[1] / "packs" / "markets")
    result = backtest(pack, options=RunOptions(draws=0))
    rows = [(e.id, o) for e in result.episodes for o in e.observations]
    assert len(rows) > 5
    monkeypatch.setattr(evidence, "CHART_ROWS", 5)
    svg = evidence.backtest_chart(pack, result)
    miss = sorted(rows, key=lambda r: -abs(r[1].observed - r[1].predicted) / (r[1].sd or 1.0))
    shown = {f"{i}: {o.label}, {o.window}" for i, o in miss[:5]}
    hidden = {f"{i}: {o.label}, {o.window}" for i, o in miss[5:]} - shown
    assert f"the 5 of {len(rows)} observations it explains worst" in svg
    assert all(label in svg for label in shown)
    assert not any(label in svg for label in hidden)


def test_a_row_without_noise_is_marked_and_the_axis_says_how_it_is_scaled() -> None:
    """A node with no noise was divided by its larger move on an axis that said every row
    was in standard deviations of the noise."""
    from macrograph.explain.chart.drawing import ForestRow, predicted_vs_observed

    noisy = ForestRow("a 1d", 1.0, 0.5, 1.5, 2.0, 1.0)
    quiet = ForestRow("b 1d", 3.0, None, None, 2.0, 3.0, noisy=False)
    svg = predicted_vs_observed([noisy, quiet], "T")
    assert "b 1d *" in svg and "a 1d *" not in svg
    assert "standard deviations of the noise over the window; * no noise: in its larger move" in svg
    assert "no noise" not in predicted_vs_observed([noisy], "T")


def test_the_backtest_marks_the_observations_of_nodes_without_noise() -> None:
    pack = load_pack(Path(__file__).parents[1] / "packs" / "heldout_service")
    result = backtest(pack, options=RunOptions(draws=0))
    observations = [o for e in result.episodes for o in e.observations]
    svg = evidence.backtest_chart(pack, result)
    for o in observations:
        assert (f"{o.label}, {o.window} *" in svg) == (not o.sd), o.label
