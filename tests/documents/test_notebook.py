"""The notebook path: ``Result.to_frame()`` and JSON whose horizons keep their order."""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from macrograph.explain.filters import move
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.graph.result import Result
from macrograph.rules import load_pack
from macrograph.rules.pack import Pack
from macrograph.rules.vocabulary import speaking, vocabulary_for

PACKS = Path(__file__).parents[1] / "packs"

COLUMNS = ["node", "horizon", "date", "change", "p5", "p50", "p95", "unit", "level", "node_unit"]
TEXT_MOVE = re.compile(r"^[+-]?(\D*?)([\d.,]+)(.*)$")  # sign, symbol, number, suffix


@pytest.fixture(scope="module")
def skips(pack: Pack) -> Result:
    return propagate(pack, "BoJ skips", RunOptions(draws=200, seed=3))


@pytest.mark.slow
def test_to_frame_is_long_form_with_its_columns_in_order(skips: Result) -> None:
    frame = skips.to_frame()
    assert list(frame.columns) == COLUMNS
    assert len(frame) == len(skips.nodes) * len(skips.horizons)
    yen = frame[frame.node == "usd_jpy"]
    assert list(yen.horizon) == ["1d", "1w", "1m", "3m"]
    assert list(frame.horizon.cat.categories) == ["1d", "1w", "1m", "3m"]
    last = yen.iloc[-1]
    assert last.change == pytest.approx(skips.nodes["usd_jpy"].delta["3m"])
    assert last.p5 < last.p50 < last.p95
    assert (last.unit, last.node_unit) == ("%", "pct_change")  # a price's change in percent
    assert str(last.date.date()) == skips.dates["3m"].isoformat()
    jgb = frame[(frame.node == "jgb_10y") & (frame.horizon == "3m")].iloc[0]
    assert 0.5 < jgb.level < 5 and jgb.node_unit == "pct"  # a rate's level, in percent


def test_to_frame_shows_a_rates_change_in_bp_as_the_text_does(skips: Result) -> None:
    jgb = skips.to_frame().query("node == 'jgb_10y' and horizon == '1m'").iloc[0]
    delta = skips.nodes["jgb_10y"].delta["1m"]  # in percentage points, the node's unit
    assert jgb.unit == "bp" and jgb.change == pytest.approx(100 * delta)
    assert -12 < jgb.change < -3  # a dovish surprise of ~21bp lowers the 10y a few bp
    assert jgb.p5 <= jgb.p50 <= jgb.p95 and jgb.p5 < jgb.change < jgb.p95
    assert move(delta, "pct") == f"{jgb.change:+.1f}bp"


@pytest.mark.parametrize("pack_dir", [None, "uk", "predator_prey"])
def test_every_row_of_to_frame_reads_as_the_text_output_reads_it(pack_dir: str | None) -> None:
    """Number, sign and unit of each change agree with the text's (in the pack's vocabulary)."""
    pack = load_pack(PACKS / pack_dir) if pack_dir else load_pack()
    result = propagate(pack, pack.info.default_scenario or "", RunOptions(draws=0))
    checked = 0
    with speaking(vocabulary_for(pack.info)):
        for row in result.to_frame().itertuples():
            text = move(result.nodes[row.node].delta[row.horizon], row.node_unit)
            symbol, number, suffix = TEXT_MOVE.match(text).groups()  # type: ignore[union-attr]
            if (symbol + suffix).strip() != row.unit:  # $1.2tn: the text went to thousands
                continue
            places = len(number.split(".")[1]) if "." in number else 0
            half = 0.5 * 10.0**-places + 1e-9  # the text rounds to its last place
            assert float(number.replace(",", "")) == pytest.approx(
                abs(row.change), rel=0.06, abs=max(0.06, half)
            ), (row, text)
            if re.search("[1-9]", number):  # a move the text does not show as 0
                assert text.startswith("-") == (row.change < 0)
            checked += 1
    assert checked >= len(result.nodes) * len(result.horizons) // 2


def test_to_frame_without_draws_has_no_bands(pack: Pack) -> None:
    frame = propagate(pack, "BoJ skips", RunOptions(draws=0)).to_frame()
    assert frame.p50.map(math.isnan).all()


def test_to_frame_without_pandas_names_the_extra(
    skips: Result, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # as if it were not installed
    with pytest.raises(ImportError, match=r"pip install macrograph\[frame\]"):
        skips.to_frame()


def test_json_horizons_keep_their_order(cli: Any) -> None:
    out = cli("whatif", "BoJ skips", "--draws", "50", "--format", "json")
    assert out.code == 0
    body = json.loads(out.stdout)
    order = ["1d", "1w", "1m", "3m"]
    assert body["horizons"] == order and list(body["dates"]) == order
    yen = body["nodes"]["usd_jpy"]
    assert list(yen["delta"]) == order and list(yen["band"]) == order
    assert list(body) == sorted(body)  # other keys stay sorted
    assert out.stdout == cli("whatif", "BoJ skips", "--draws", "50", "--format", "json").stdout


def test_weighted_json_horizons_keep_their_order(cli: Any) -> None:
    out = cli("whatif", "december-2025", "--weighted", "--format", "json", "--draws", "0")
    body = json.loads(out.stdout)
    first = next(iter(body["expected"].values()))
    assert list(first) == ["1d", "1w", "1m", "3m"]


@pytest.mark.slow  # every JSON output
@pytest.mark.parametrize(
    "args",
    [
        ("whatif", "BoJ skips", "--draws", "0", "--format", "json"),
        ("whatif", "december-2025", "--weighted", "--draws", "0", "--format", "json"),
        ("explain", "usd_jpy", "--draws", "0", "--format", "json"),
        ("export", "--format", "json"),
        ("export", "BoJ skips", "--format", "json"),
        ("lint", "--format", "json"),
        ("backtest", "--only", "written", "--draws", "0", "--format", "json"),
    ],
    ids=" ".join,
)
def test_every_json_output_has_one_schema_version(cli: Any, args: tuple[str, ...]) -> None:
    out = cli(*args)
    assert out.code == 0, out.stderr
    body = json.loads(out.stdout)
    assert body["schema_version"] == 1
    assert "version" not in body


@pytest.mark.slow  # explain under two views
def test_explain_json_and_against(cli: Any) -> None:
    base = ("explain", "usd_jpy", "--scenario", "BoJ skips", "--draws", "0", "--format", "json")
    body = json.loads(cli(*base).stdout)
    assert (body["node"], body["focus"], body["moved"], body["against"]) == (
        "usd_jpy",
        "3m",
        True,
        "december-2025",
    )
    assert list(body["outcome"]["delta"]) == ["1d", "1w", "1m", "3m"]
    alone = json.loads(cli(*base, "--against", "none").stdout)
    assert alone["against"] is None
    assert alone["outcome"]["delta"]["3m"] != body["outcome"]["delta"]["3m"]
    text = cli("explain", "usd_jpy", "--scenario", "BoJ skips", "--against", "none", "--draws", "0")
    assert 'Scenario "The BoJ skips the December hike" against no shocks' in text.stdout


def test_propagate_draws_as_the_command_line_does(pack: Pack) -> None:
    result = propagate(pack, "BoJ skips")
    assert result.draws == 1000 and result.nodes["usd_jpy"].band is not None
