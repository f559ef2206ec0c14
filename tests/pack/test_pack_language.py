"""The pack language states its version (``language:`` under ``pack:``), and a pack written
before it was stated hears what changed: ``integrate`` without a ``lag`` now takes in its
own period's flow (language 2); in language 1 it took the previous period's; a daily
node's volatility without ``trades`` moves every day (language 3), where up to 2 it traded
on weekdays."""

from __future__ import annotations

from pathlib import Path

import pytest

from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.rules import load_pack
from macrograph.rules.volatility import TRADING_DAYS
from tests.packfactory import NODES, PACK, Cli, extra_rule, write_pack

STOCK = NODES + (
    "  - id: positions\n    label: Positions\n    kind: flow\n    region: global\n"
    "    unit: index\n    description: A stock built from the currency's moves.\n"
)
VOLATILE = NODES + (  # the currency, last of the nodes, moves by 0.6% a day of its own
    "    volatility: {value: 0.6, trades: TRADES, cites: {basis: seed, claims: [C02]}}\n"
)
WARNING = (
    "this integrate rule gives no 'lag', and the pack states no language version: since "
    "pack language 2 such a stock takes in its own period's flow (before, it took the "
    "previous period's); write 'lag: 1d' (one period) to keep the old meaning, or state "
    "'language: 3' under 'pack:' in pack.yaml to keep the new one"
)


def stock_pack(root: Path, language: str | None, lag: str = "") -> Path:
    """The tiny pack with a stock the currency's moves build, in ``language`` (None: unsaid)."""
    info = PACK.replace("  language: 2\n", f"  language: {language}\n" if language else "")
    rule = extra_rule(
        "currency_builds_positions",
        "currency",
        "positions",
        "+",
        "{elasticity: 10, units: index/pct_change}",
        f"    lag: {lag}\n" if lag else "",
        kind="integrate",
    )
    return write_pack(root, {"pack.yaml": info, "nodes.yaml": STOCK, "extra.yaml": rule})


def test_the_bundled_and_test_packs_state_language_2() -> None:
    tests = Path(__file__).parents[1]
    folders = [None, tests / "packs" / "uk", tests / "packs" / "sim", tests / "hostile_pack"]
    assert {load_pack(f).info.language for f in folders} == {2}


def test_a_pack_without_a_language_hears_that_integrate_changed(cli: Cli, tmp_path: Path) -> None:
    folder = stock_pack(tmp_path, None)
    out = cli("lint", str(folder))
    assert (out.code, out.stdout.splitlines()) == (
        0,
        [
            f"{folder}/extra.yaml:2: warning: id 'currency_builds_positions', field 'lag': "
            + WARNING,
            f"{folder}: 0 errors, 1 warning",
        ],
    )


@pytest.mark.parametrize(("language", "lag"), [("2", ""), ("1", ""), (None, "0d"), (None, "1d")])
def test_a_stated_language_or_lag_lints_clean(
    cli: Cli, tmp_path: Path, language: str | None, lag: str
) -> None:
    folder = stock_pack(tmp_path, language, lag)
    assert cli("lint", str(folder)).stdout == f"{folder}: 0 errors, 0 warnings\n"


def test_language_1_keeps_the_old_meaning_of_integrate_without_a_lag(tmp_path: Path) -> None:
    def stock(language: str | None, lag: str = "") -> dict[str, float]:
        pack = load_pack(stock_pack(tmp_path / f"{language}-{lag}", language, lag))
        result = propagate(pack, "hold", RunOptions(horizons=("0d", "1d", "1w"), draws=0))
        return dict(result.nodes["positions"].delta)

    new, old = stock("2"), stock("1")
    assert new["0d"] != 0.0 and old["0d"] == 0.0  # its own period's flow, or the previous one's
    assert old == stock("2", "1d") and new == stock("2", "0d") == stock(None)
    # a step in the currency: a week on, the old stock holds one period's flow fewer
    assert old["1w"] == pytest.approx(new["1w"] - new["0d"])


def test_an_unknown_language_is_refused_with_file_and_line(cli: Cli, tmp_path: Path) -> None:
    folder = stock_pack(tmp_path, "4")
    out = cli("lint", str(folder))
    assert out.code == 2
    assert out.stderr.startswith(f"macrograph: {folder}/pack.yaml:7: error: ")
    assert "field 'language'" in out.stderr


TRADES_WARNING = (
    "this node's volatility gives no 'trades', and the pack states no language version: since "
    "pack language 3 it moves every day (before, on weekdays: 252 trading days in 365); write "
    "'trades: weekdays' to keep the old meaning, or state 'language: 3' under 'pack:' in "
    "pack.yaml to keep the new one"
)


@pytest.mark.parametrize(
    ("language", "trades", "share"),
    [("2", None, TRADING_DAYS / 365), ("3", None, 1.0), ("3", "weekdays", TRADING_DAYS / 365)],
)
def test_language_3_reads_a_volatility_without_trades_as_every_day(
    tmp_path: Path, language: str, trades: str | None, share: float
) -> None:
    # a grid's demand or an epidemic's infections move every day; up to language 2 a node
    # that did not say traded on weekdays, a market's calendar
    nodes = VOLATILE.replace("trades: TRADES, ", f"trades: {trades}, " if trades else "")
    info = PACK.replace("  language: 2\n", f"  language: {language}\n")
    pack = load_pack(write_pack(tmp_path, {"pack.yaml": info, "nodes.yaml": nodes}))
    volatility = pack.nodes["currency"].volatility
    assert volatility is not None and volatility.share("1d") == pytest.approx(share)


def test_a_pack_without_a_language_hears_that_trades_changed(cli: Cli, tmp_path: Path) -> None:
    info = PACK.replace("  language: 2\n", "")
    nodes = VOLATILE.replace("trades: TRADES, ", "")
    folder = write_pack(tmp_path, {"pack.yaml": info, "nodes.yaml": nodes})
    out = cli("lint", str(folder))
    assert out.code == 0
    assert f"warning: id 'currency', field 'volatility.trades': {TRADES_WARNING}" in out.stdout
