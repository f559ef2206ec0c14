"""An input set by a shock and undone before the first horizon is told by the shock's day:
a stock it filled keeps what it added, and its move at the horizon read is no cause."""

from __future__ import annotations

from pathlib import Path

from tests.packfactory import flat, on_pack

FOOTBALL = Path(__file__).parents[1] / "packs" / "heldout_football"


def test_a_stock_names_the_move_that_filled_it_between_horizons() -> None:
    # 'Causes: -£20.0m the transfer spend £0 a week, via signings_drain_cash': the spend was
    # £20m in the window's first week and back at £0 by the first horizon, so no horizon
    # saw the move that drained the cash
    out = flat(on_pack(FOOTBALL, "explain", "cash", "--draws", "0"))
    assert (
        "-£20.0m the transfer spend £0 a week (+£20.0m a week on 4 Jan 2027), via "
        "signings_drain_cash [1]"
    ) in out


def test_the_input_itself_is_told_it_moved_and_is_back() -> None:
    out = flat(on_pack(FOOTBALL, "explain", "transfer_spend", "--draws", "0"))
    assert (
        "Transfer spend moved +£20.0m a week on 4 Jan 2027, and is back level with the "
        "comparison after 26 weeks."
    ) in out
