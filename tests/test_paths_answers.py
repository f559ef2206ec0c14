"""``paths`` lists the route a decision's surprise takes and explains an empty answer."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from macrograph.rules import load_pack

Cli = Callable[..., Any]


def test_the_surprise_route_through_the_market_implied_path_is_listed(cli: Cli) -> None:
    out = cli("paths", "boj_policy_rate", "usd_jpy")
    assert out.code == 0
    lines = out.stdout.splitlines()
    size = load_pack().rules["boj_path_strengthens_yen"].magnitude.elasticity  # type: ignore[union-attr]
    assert lines[0].split() == [
        "-",
        f"{-size:g}",
        "boj_policy_rate",
        "~>",
        "boj_rate_expectations",
        "->",
        "usd_jpy",
    ]
    assert "~> a decision's surprise (what was done minus what was priced)" in out.stdout
    found = json.loads(cli("paths", "boj_policy_rate", "usd_jpy", "--format", "json").stdout)
    assert found[0]["rules"][0] == "surprise:boj_policy_rate"
    assert found[0]["nodes"][:2] == ["boj_policy_rate", "boj_rate_expectations"]


def test_an_empty_answer_says_why(cli: Cli) -> None:
    out = cli("paths", "usd_jpy", "boj_policy_rate")
    assert (out.code, out.stdout) == (
        0,
        "no path: nothing leads from usd_jpy to boj_policy_rate within 8 rules; "
        "no rule leads into boj_policy_rate: only a shock moves it\n0 path(s)\n",
    )
    out = cli("paths", "bitcoin", "usd_jpy", "--cutoff", "1")
    assert out.stdout.startswith(
        "no path: nothing leads from bitcoin to usd_jpy within 1 rules; "
        "rules into usd_jpy come from boj_rate_expectations, "
    )
