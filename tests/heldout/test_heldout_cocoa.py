"""A British chocolate maker's cocoa costs, a field the machinery has never seen, read as
the maker's cocoa buyer, a commodity strategist and a business-school teacher would.

The held-out pack tests/packs/heldout_cocoa counts in months with horizons to two years
and writes in British English and pounds: the West African main crop in kt a year (a
short crop's scare fades), world stocks in kt (a stock the crop fills and grindings in kt
a quarter drain), New York cocoa in $/t and London in £/t moving in percent, the Ghanaian
cedi in cedis per dollar read inverted ('the cedi falls 10%'), funds' net length (a
reinforcing loop), grindings that fall when beans are dear (a balancing loop), the
maker's hedge cover (beans follow London six months late while half is hedged and at
once below that, two rules under a ``when``), the EU deforestation rule's premium, sugar
in £/t moving in pounds, the cost of a bar and its price in pence, its weight in grams
(shrinkflation), the gross margin in % moving in points, a 15p price rise below a 30%
margin (a threshold firing the pricing committee's decision), bars sold in millions a
month, the 2023-24 short crop read from an illustrative monthly New York series, and the
grinders' association's view as an overlay.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from macrograph.explain.wording.grammar import takes_the
from tests.packfactory import moves_on, on_pack

COCOA = Path(__file__).parents[1] / "packs" / "heldout_cocoa"


def run(*args: str, code: int = 0) -> str:
    """The output of a command on the pack in an 80-column terminal."""
    return on_pack(COCOA, *args, code=code)


def moves(question: str, node: str) -> dict[str, float]:
    """The change of ``node`` at each horizon of ``question``'s what-if, without draws."""
    return moves_on(COCOA, question, node)


def test_a_label_with_its_own_possessive_takes_no_the() -> None:
    # 'Our cost of beans' says whose it is: "the our cost of beans" is no English.
    assert not takes_the("our cost of beans")
    assert not takes_the("Our cost of beans")
    assert not takes_the("their share of the market")
    assert takes_the("cost of beans")
    out = run("whatif", "the hedge rolls off in March", "--draws", "0")
    assert "the our" not in out
    assert "London cocoa futures now move our cost of beans" in " ".join(out.split())


def test_a_crop_and_a_harvest_take_the() -> None:
    # A crop counts as a price does: "this may lower the West African main crop".
    assert takes_the("West African main crop") and takes_the("wheat harvest")
    out = " ".join(run("whatif", "cedi-slide", "--draws", "0").split())
    assert "may lower the West African main crop by 33 kt a year" in out


def test_a_shock_both_worlds_share_is_told_its_own_way() -> None:
    # On top of the short crop the hedge runs off: the crop's route to the cost of beans
    # differs only by the rule that switched, but the crop still lowers stocks and raises
    # the price; the route read "this raises world cocoa stocks, which should lower New
    # York cocoa futures" and "London cocoa futures fall".
    out = " ".join(run("whatif", "hedge cover falls to zero in march", "--draws", "0").split())
    assert "this raises world cocoa stocks" not in out
    assert "London cocoa futures fall" not in out
    assert "The main crop comes in 360 kt short: this lowers world cocoa stocks [2]" in out
    assert (
        "which raises London cocoa futures [4], which raises our cost of beans by £3,725/t" in out
    )


def test_lint_warns_of_a_volatility_that_multiplies_the_level_each_period(tmp_path: Path) -> None:
    # A strategist gives New York cocoa a volatility of 400 meaning $400/t; the unit reads
    # changes in percent, so it is 400% a month and every draw overflows. lint said
    # "0 errors, 0 warnings" and the what-if blamed the crop's shock for being too large.
    pack = tmp_path / "cocoa"
    shutil.copytree(COCOA, pack)
    nodes = pack / "nodes.yaml"
    nodes.write_text(
        nodes.read_text().replace("volatility: {value: 7,", "volatility: {value: 400,")
    )
    out = " ".join(on_pack(pack, "lint").split())
    assert "ny_cocoa" in out and "volatility.value" in out
    assert "400% a month" in out
    assert "0 errors, 0 warnings" in " ".join(run("lint").split())


def test_why_a_switch_alone_moves_nothing() -> None:
    # The hedge running off only switches how London cocoa reaches the cost of beans; the
    # teacher asking why the margin did not move read only "No chain of rules leads to
    # the gross margin from the shocks", with no word of the two rules the hedge switches.
    out = " ".join(
        run("explain", "our margin", "--scenario", "the hedge rolls off", "--draws", "0").split()
    )
    assert (
        "No chain of rules leads to the gross margin from the shocks (The hedge rolls off)" in out
    )
    assert "they only switch rules on or off, and what those rules carry does not move:" in out
    assert (
        "hedged_beans_follow_london_late [1] moves our cost of beans only while the hedge cover"
        " is at or above 50% hedged; it is at 0% hedged." in out
    )
    assert "unhedged_beans_follow_london_now [2]" in out
