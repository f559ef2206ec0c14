"""A rule with a ``when`` works only while a node's level is inside its condition: when it
switches on or off during a run, the result records it and the what-if says so, in the
pack's own words (the rule's text, the nodes' names, the level in the node's unit).

The held-out packs each have one: forced sales once house prices fall (housing), overtime
while the backlog runs long (supply), a spillway once the reservoir is full (reservoir), a
closure below the stock's limit (fishery).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from macrograph import RunOptions, load_pack, propagate
from macrograph.explain.cli import main
from macrograph.graph.records import RuleSwitch

PACKS = Path(__file__).parents[1] / "packs"
HOUSING = PACKS / "heldout_housing"

FORCED_SALES = (
    "From 1 Aug 2026 the rule distress_spreads switches on, with the benchmark house price "
    "at or below C$765k: the five-year fixed mortgage rate now moves forced sales, because "
    "owners in negative equity who cannot renew at the new rate must sell."
)


def whatif(*args: str) -> str:
    """``macrograph whatif ARGS... --draws 0``, its output with line breaks undone and
    citation markers left out (their numbers depend on what else is cited)."""
    result = CliRunner().invoke(main, ["whatif", *args, "--draws", "0"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    text = " ".join(str(result.stdout).split())
    for n in range(40, 0, -1):
        text = text.replace(f" [{n}]", "")
    return text


def test_a_rate_shock_tells_the_day_forced_sales_switch_on_and_at_what_level() -> None:
    text = whatif("rate shock", "--pack", str(HOUSING))
    assert "Conditional rules - " + FORCED_SALES + " It stays off with no shocks." in text


def test_the_day_told_is_the_first_the_rule_reads_its_condition_met() -> None:
    # the rule reads the price of the month before: below C$765k on 1 Jul, on from 1 Aug,
    # the first month forced sales move
    months = ("3m", "4m", "5m")
    result = propagate(load_pack(HOUSING), "rate shock", RunOptions(draws=0, horizons=months))
    prices, forced = result.nodes["house_prices"].level, result.nodes["forced_sales"].delta
    assert prices["3m"] is not None and prices["3m"] > 765
    assert prices["4m"] is not None and prices["4m"] < 765
    assert forced["4m"] == 0 and forced["5m"] > 0
    assert result.switches == (
        RuleSwitch(
            rule="distress_spreads",
            source="mortgage_rate",
            target="forced_sales",
            node="house_prices",
            world="scenario",
            start=False,
            on=result.dates["5m"],
            off=None,
        ),
    )


@pytest.mark.slow
def test_a_run_in_which_nothing_switches_tells_nothing() -> None:
    # a one-point hike takes the price to about C$812k, short of the C$765k of the rule
    result = propagate(load_pack(HOUSING), "rate hike", RunOptions(draws=0))
    assert result.switches == ()
    for fmt in ("text", "md", "html"):
        text = whatif("rate hike", "--pack", str(HOUSING), "--format", fmt)
        assert "onditional rules" not in text
        assert "switches on" not in text


def test_a_switch_only_the_comparison_makes_is_told_against_it() -> None:
    text = whatif("rate hike", "--against", "rate-shock", "--pack", str(HOUSING))
    assert (
        "distress_spreads stays off throughout: the five-year fixed mortgage rate moves forced"
        " sales only while the benchmark house price is at or below C$765k, because owners in"
        " negative equity who cannot renew at the new rate must sell. In the comparison it"
        " switches on from 1 Aug 2026." in text
    )


@pytest.mark.parametrize(
    ("pack", "question", "told"),
    [
        (
            "heldout_supply",
            "orders-step",
            "From 16 Mar 2026 the rule long_backlog_brings_overtime switches on, with the factory"
            " backlog"
            " at or above 260 units: the factory backlog now moves overtime hours, because while"
            " the backlog runs long, the plant works overtime to catch up. It switches off again"
            " from 11 May 2026, and switches 2 more times after that. It stays off with no"
            " shocks.",
        ),
        (
            "heldout_reservoir",
            "rainfall rises 50 mm a week",
            "From 8 Jun 2026 the rule full_reservoir_spills switches on, with reservoir storage"
            " at or above"
            " 980 hm³: river inflow now moves spillway flow, because once the reservoir is"
            " full, what flows in passes over the spillway. It stays off in the comparison.",
        ),
        (
            "heldout_fishery",
            "overfishing",
            "From 1 Jan 2041 the rule closure_below_limit switches on, with spawning stock"
            " biomass at or below"
            " 150 kt: spawning stock biomass now moves fishing effort, because below the limit"
            " reference point the board closes grounds as the stock shrinks. It switches off"
            " again from 1 Jan 2042. It stays off with no shocks.",
        ),
    ],
    ids=["overtime", "spillway", "closure"],
)
def test_other_fields_switches_read_in_their_own_words(pack: str, question: str, told: str) -> None:
    assert told in whatif(question, "--pack", str(PACKS / pack))


@pytest.mark.slow
def test_markdown_and_html_tell_it_with_the_rule_cited() -> None:
    md = whatif("rate shock", "--pack", str(HOUSING), "--format", "md")
    assert "## Conditional rules - From 1 Aug 2026 the rule `distress_spreads` switches on" in md
    html = CliRunner().invoke(
        main, ["whatif", "rate shock", "--pack", str(HOUSING), "--draws", "0", "--format", "html"]
    )
    body = " ".join(str(html.stdout).split())
    told = body.split("<h2>Conditional rules</h2>")[1].split("</ul>")[0]
    assert "<code>distress_spreads</code> switches on" in told
    assert "at or below C$765k" in told
    cite = told.split('href="#cite-')[1].split('"')[0]
    assert f'id="cite-{cite}"' in body and "distress_spreads" in body.split(f'id="cite-{cite}"')[1]


def test_the_brief_tells_it_too() -> None:
    result = CliRunner().invoke(
        main, ["brief", "rate shock", "--pack", str(HOUSING), "--draws", "0", "-o", "-"]
    )
    assert result.exit_code == 0, result.stderr
    text = " ".join(str(result.stdout).split())
    assert "## Conditional rules - From 1 Aug 2026 the rule `distress_spreads` switches on" in text


def test_the_json_carries_the_switch_and_fits_its_schema() -> None:
    runner = CliRunner()
    args = ["whatif", "rate shock", "--pack", str(HOUSING), "--draws", "0", "--format", "json"]
    body = json.loads(runner.invoke(main, args, catch_exceptions=False).stdout)
    assert body["switches"] == [
        {
            "rule": "distress_spreads",
            "source": "mortgage_rate",
            "target": "forced_sales",
            "node": "house_prices",
            "world": "scenario",
            "start": False,
            "on": date(2026, 8, 1).isoformat(),
            "off": None,
            "more": 0,
        }
    ]
    schema = json.loads(runner.invoke(main, ["schema", "--output", "whatif"]).stdout)
    jsonschema.Draft7Validator(schema).validate(body)
    assert "switches" in schema["required"]


def test_a_hostile_packs_switch_is_escaped_in_markdown_and_html() -> None:
    # the condition's node is labelled "<b>Growth</b>"; the target's label holds a script tag
    args = [
        "whatif",
        "growth falls 3 points",
        "--pack",
        str(Path(__file__).parents[1] / "hostile_markup_pack"),
    ]
    for fmt in ("md", "html"):
        out = CliRunner().invoke(main, [*args, "--draws", "0", "--format", fmt])
        assert out.exit_code == 0, out.stderr
        told = str(out.stdout).split("onditional rules")[1].split("tance")[0]
        assert "positions_weaken_currency" in told and "switches on" in told
        assert "&lt;b&gt;Growth&lt;/b&gt; at or below 5.00%" in told
        assert "<script>" not in told and "<b>" not in told
