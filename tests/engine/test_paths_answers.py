"""``paths`` lists the route a decision's surprise takes and explains an empty answer."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from macrograph.rules import load_pack

Cli = Callable[..., Any]


def test_the_surprise_route_through_the_market_implied_path_is_listed(cli: Cli) -> None:
    out = cli("paths", "boj_policy_rate", "usd_jpy")
    assert out.code == 0
    lines = out.stdout.splitlines()
    size = load_pack().rules["boj_path_strengthens_yen"].magnitude.elasticity  # type: ignore[union-attr]
    assert size == pytest.approx(4.995)  # % of USD/JPY per pp of the path: 0.05% per bp
    assert lines[0].split() == [
        "-",
        "-0.05%",
        "per",
        "bp",
        "boj_policy_rate",
        "~>",
        "boj_rate_expectations",
        "->",
        "usd_jpy",
    ]
    # the numbers are aligned on the widest number, not pushed right by the widest words
    numbers = [line.split()[1] for line in lines if line[:1] in "+-"]
    assert [line.index(" per ") for line in lines if line[:1] in "+-"] == [
        2 + max(map(len, numbers))
    ] * len(numbers)
    assert "~> a decision's surprise (what was done minus what was priced)" in out.stdout
    found = json.loads(cli("paths", "boj_policy_rate", "usd_jpy", "--format", "json").stdout)
    assert found[0]["rules"][0] == "surprise:boj_policy_rate"
    assert found[0]["nodes"][:2] == ["boj_policy_rate", "boj_rate_expectations"]


def test_an_empty_answer_says_why(cli: Cli) -> None:
    out = cli("paths", "usd_jpy", "boj_policy_rate")
    assert (out.code, out.stdout) == (
        0,
        "no path: nothing leads from usd_jpy to boj_policy_rate within 8 rules; "
        "no rule leads into boj_policy_rate: only a shock moves it\n0 paths\n",
    )
    out = cli("paths", "bitcoin", "usd_jpy", "--cutoff", "1")
    assert out.stdout.startswith(
        "no path: nothing leads from bitcoin to usd_jpy within 1 rule; "
        "rules into usd_jpy come from boj_rate_expectations, "
    )


def test_paths_through_the_same_nodes_by_other_rules_name_their_rules(cli: Cli) -> None:
    # Two rules lead from full wards to deaths in the outbreak pack: its two paths printed
    # as the same line, with nothing to tell them apart.
    pack = str(Path(__file__).parents[1] / "packs" / "heldout_outbreak")
    out = cli("paths", "vaccination_campaign", "deaths", "--pack", pack)
    assert out.code == 0, out.stderr
    rows = " ".join(out.stdout.split()).split(" - ")
    assert [r.rsplit("(via ", 1)[-1].split(")")[0] for r in rows[-2:]] == [
        "patients_die",
        "crowded_wards_kill_more",
    ]
    single = cli("paths", "boj_policy_rate", "usd_jpy").stdout
    assert "(via " not in single  # paths through distinct nodes need no rule named
