"""``macrograph lint``: each semantic problem of a pack gives one exact finding and exit 1.

Packs are the tiny pack of ``packfactory`` with one thing broken; ``PACK`` stands for
its folder in the expected lines.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from pathlib import Path

import pytest

from macrograph.graph.scenarios import resolve
from macrograph.rules import load_pack
from macrograph.rules.errors import PackError
from macrograph.rules.lint.core import lint_pack, require_clean
from macrograph.rules.pack import Pack
from tests.packfactory import BASE_FILES, Cli, Outcome, edit, extra_rule, write_pack

NODE_UNSET = """\
nodes:
  - id: unset_level
    label: A level nobody states
    kind: indicator
    region: JP
    unit: pct
    description: A node with no baseline.
"""
UNREACHED = [
    "PACK/nodes.yaml:10: warning: id 'rate_path', field 'id': no scenario shock reaches this node",
    "PACK/nodes.yaml:16: warning: id 'bond_yield', field 'id': no scenario shock reaches this node",
]
HOLD_SHOCK = "      - node: policy_rate\n        date: 2025-12-19\n        change: 0\n"
HOLD_TAIL = "        label: The bank holds\n        cites: {basis: seed, claims: [C01]}\n"


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MACROGRAPH_CACHE", "off")


def lint_lines(cli: Cli, folder: Path, code: int = 1) -> list[str]:
    """stdout of ``macrograph lint FOLDER`` with the folder written as PACK."""
    out = cli("lint", str(folder))
    assert "Traceback" not in out.stdout + out.stderr
    assert out.code == code, out.stdout + out.stderr
    return out.stdout.replace(str(folder), "PACK").splitlines()


def summary(errors: int, warnings: int = 0) -> str:
    def count(n: int, noun: str) -> str:
        return f"{n} {noun}" if n == 1 else f"{n} {noun}s"

    return f"PACK: {count(errors, 'error')}, {count(warnings, 'warning')}"


CASES: dict[str, tuple[Mapping[str, str | bytes | None], list[str]]] = {
    "dangling-rule-source": (
        {"extra.yaml": extra_rule(source="nowhere")},
        ["PACK/extra.yaml:2: error: id 'extra_rule', field 'source': unknown node 'nowhere'"],
    ),
    "dangling-rule-target": (
        {"extra.yaml": extra_rule(target="nowhere")},
        ["PACK/extra.yaml:2: error: id 'extra_rule', field 'target': unknown node 'nowhere'"],
    ),
    "dangling-when-node": (
        {"extra.yaml": extra_rule(more="    when: {node: ghost, above: 1}\n")},
        ["PACK/extra.yaml:2: error: id 'extra_rule', field 'when.node': unknown node 'ghost'"],
    ),
    "dangling-shock-node": (
        edit("scenarios.yaml", HOLD_SHOCK, HOLD_SHOCK.replace("policy_rate", "policy_rat")),
        [
            "PACK/scenarios.yaml:12: error: id 'hold', field 'shocks.0.node': "
            "unknown node 'policy_rat'; did you mean 'policy_rate'?"
        ],
    ),
    "dangling-expectations": (
        edit("nodes.yaml", "expectations: rate_path", "expectations: rate_pth"),
        [
            "PACK/nodes.yaml:2: error: id 'policy_rate', field 'expectations': "
            "unknown node 'rate_pth'; did you mean 'rate_path'?",
            *UNREACHED,
            "PACK/nodes.yaml:23: warning: id 'currency', field 'id': "
            "no scenario shock reaches this node",
        ],
    ),
    "dangling-fact-node": (
        {
            "facts.yaml": "facts:\n  - {id: f, text: A figure, value: 1, unit: pct, node: ghost,"
            " as_of: 2025-12-01, cites: {basis: seed, claims: [C01]}}\n"
        },
        ["PACK/facts.yaml:2: error: id 'f', field 'node': unknown node 'ghost'"],
    ),
    "dangling-against": (
        edit("scenarios.yaml", "against: base", "against: bse"),
        [
            "PACK/scenarios.yaml:12: error: id 'hold', field 'against': unknown scenario 'bse'; "
            "did you mean 'base'?"
        ],
    ),
    "contradicting-rules": (
        {"extra.yaml": extra_rule(source="bond_yield", effect="+")},
        [
            "PACK/rules.yaml:12: error: id 'yield_moves_currency', field 'effect': contradicts "
            "rule 'extra_rule': same source, target and channel, opposite effect, and no 'when' "
            "tells them apart"
        ],
    ),
    "divergent-zero-lag-loop": (
        {
            "extra.yaml": extra_rule(
                source="currency",
                target="bond_yield",
                magnitude="{elasticity: 0.5, units: pct/pct_change}",
            )
        },
        [
            "PACK/rules.yaml:12: error: id 'yield_moves_currency', field 'lag': zero-lag loop "
            "bond_yield -> currency -> bond_yield has gain 1.5 (|gain| >= 1): it diverges"
        ],
    ),
    "loop-gain-exactly-one": (
        {
            "extra.yaml": extra_rule(
                source="currency",
                target="bond_yield",
                magnitude="{elasticity: 0.3333333333333333, units: pct/pct_change}",
            )
        },
        [
            "PACK/rules.yaml:12: error: id 'yield_moves_currency', field 'lag': zero-lag loop "
            "bond_yield -> currency -> bond_yield has gain 1 (|gain| >= 1): it diverges"
        ],
    ),
    "elasticity-units-mismatch": (
        {"extra.yaml": extra_rule(magnitude="{elasticity: 2, units: pct/pct}")},
        [
            "PACK/extra.yaml:2: error: id 'extra_rule', field 'magnitude.units': units 'pct/pct' "
            "do not match the nodes' units; expected 'pct_change/pct'"
        ],
    ),
    "units-the-wrong-way-round": (
        {"extra.yaml": extra_rule(magnitude="{elasticity: 2, units: pct/pct_change}")},
        [
            "PACK/extra.yaml:2: error: id 'extra_rule', field 'magnitude.units': units "
            "'pct/pct_change' do not match the nodes' units; expected 'pct_change/pct' "
            "(target/source: these are the wrong way round)"
        ],
    ),
    "rule-without-citation": (
        {"extra.yaml": extra_rule().replace("    cites: {basis: seed, claims: [C02]}\n", "")},
        ["PACK/extra.yaml:2: error: id 'extra_rule', field 'cites': rule has no citation"],
    ),
    "seed-citation-without-claim": (
        {"extra.yaml": extra_rule().replace("claims: [C02]", "sources: [book]")},
        [
            "PACK/extra.yaml:2: error: id 'extra_rule', field 'cites.claims': "
            "basis 'seed' must cite at least one claim id"
        ],
    ),
    "unknown-claim-id": (
        {"extra.yaml": extra_rule().replace("C02", "C99")},
        ["PACK/extra.yaml:2: error: id 'extra_rule', field 'cites.claims': unknown claim id 'C99'"],
    ),
    "misspelt-rule-source": (
        {"extra.yaml": extra_rule(source="rate_pat")},
        [
            "PACK/extra.yaml:2: error: id 'extra_rule', field 'source': unknown node 'rate_pat'; "
            "did you mean 'rate_path'?"
        ],
    ),
    "misspelt-claim-id": (
        {"extra.yaml": extra_rule().replace("C02", "C2")},
        [
            "PACK/extra.yaml:2: error: id 'extra_rule', field 'cites.claims': "
            "unknown claim id 'C2'; did you mean 'C02'?"
        ],
    ),
    "misspelt-source-id": (
        {"extra.yaml": extra_rule().replace("[C02]", "[C02], sources: [bok]")},
        [
            "PACK/extra.yaml:2: error: id 'extra_rule', field 'cites.sources': "
            "unknown source 'bok'; did you mean 'book'?"
        ],
    ),
    "unknown-source-id": (
        {"extra.yaml": extra_rule().replace("[C02]", "[C02], sources: [nobody]")},
        [
            "PACK/extra.yaml:2: error: id 'extra_rule', field 'cites.sources': "
            "unknown source 'nobody'"
        ],
    ),
    "branches-not-summing-to-one": (
        edit(
            "scenarios.yaml",
            "    summary: A 25bp hike, half priced.\n",
            "    summary: A 25bp hike, half priced.\n    branches:\n"
            "      - {scenario: base, probability: 0.5}\n"
            "      - {scenario: hold, probability: 0.4}\n",
        ),
        [
            "PACK/scenarios.yaml:2: error: id 'base', field 'branches': "
            "branch probabilities add up to 0.9, not 1"
        ],
    ),
    "expectations-not-a-rate": (
        edit("nodes.yaml", "expectations: rate_path", "expectations: currency"),
        [
            "PACK/nodes.yaml:2: error: id 'policy_rate', field 'expectations': "
            "'expectations' must name a node of kind 'rate'; 'currency' is 'asset'",
            *UNREACHED,
        ],
    ),
    "expectations-itself": (
        edit("nodes.yaml", "expectations: rate_path", "expectations: policy_rate"),
        [
            "PACK/nodes.yaml:2: error: id 'policy_rate', field 'expectations': "
            "a node cannot be its own 'expectations' node",
            *UNREACHED,
            "PACK/nodes.yaml:23: warning: id 'currency', field 'id': "
            "no scenario shock reaches this node",
        ],
    ),
    "against-itself": (
        edit("scenarios.yaml", "against: base", "against: hold"),
        [
            "PACK/scenarios.yaml:12: error: id 'hold', field 'against': "
            "a scenario cannot name itself in 'against'"
        ],
    ),
    "extends-itself": (
        edit("scenarios.yaml", "extends: base", "extends: hold"),
        [
            "PACK/scenarios.yaml:12: error: id 'hold', field 'extends': "
            "a scenario cannot name itself in 'extends'"
        ],
    ),
    "extends-cycle": (
        edit(
            "scenarios.yaml",
            "    summary: A 25bp hike, half priced.\n",
            "    summary: A 25bp hike, half priced.\n    extends: hold\n",
        ),
        [
            "PACK/scenarios.yaml:2: error: id 'base', field 'extends': "
            "'extends' goes round in a circle: base -> hold -> base",
            "PACK/scenarios.yaml:13: error: id 'hold', field 'extends': "
            "'extends' goes round in a circle: hold -> base -> hold",
        ],
    ),
    "when-reads-node-without-baseline": (
        {"extra.yaml": extra_rule(more="    when: {node: rate_path, above: 1}\n")},
        [
            "PACK/extra.yaml:2: error: id 'extra_rule', field 'when.node': its 'when' reads "
            "the level of node 'rate_path', which has no 'baseline'"
        ],
    ),
    "threshold-source-without-baseline": (
        {
            "extra.yaml": extra_rule(
                kind="threshold",
                magnitude="{elasticity: 1, units: pct_change/event}",
            )
            .replace("magnitude:", "jump:")
            .replace("    confidence", "    crosses: {above: 1}\n    confidence")
        },
        [
            "PACK/extra.yaml:2: error: id 'extra_rule', field 'source': a threshold reads "
            "the level of node 'rate_path', which has no 'baseline'"
        ],
    ),
    "classify-source-without-baseline": (
        {
            "more-nodes.yaml": NODE_UNSET
            + "  - {id: a_stance, label: Stance, kind: stance, region: JP, unit: stance,"
            " description: Easing or tight.}\n",
            "extra.yaml": "rules:\n  - {id: read_stance, kind: classify, source: unset_level,"
            " target: a_stance, channel: stance, effect: '+', neutral: [1, 2], confidence: high,"
            " because: a reading, cites: {basis: seed, claims: [C01]}}\n",
        },
        [
            "PACK/extra.yaml:2: error: id 'read_stance', field 'source': a classify rule reads "
            "the level of node 'unset_level', which has no 'baseline'",
            "PACK/more-nodes.yaml:2: warning: id 'unset_level', field 'id': "
            "no scenario shock reaches this node",
            "PACK/more-nodes.yaml:8: warning: id 'a_stance', field 'id': "
            "no scenario shock reaches this node",
        ],
    ),
    "level-shock-without-baseline": (
        edit(
            "scenarios.yaml",
            HOLD_TAIL,
            HOLD_TAIL + "      - {node: currency, date: 2025-12-20, level: 3, label: A jump}\n",
        ),
        [
            "PACK/scenarios.yaml:12: error: id 'hold', field 'shocks.1.level': a level shock "
            "sets the level of node 'currency', which has no 'baseline'"
        ],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_lint_finding_is_exact(cli: Cli, tmp_path: Path, case: str) -> None:
    files, expected = CASES[case]
    lines = lint_lines(cli, write_pack(tmp_path, files))
    errors = sum(": error: " in line for line in expected)
    assert lines == [*expected, summary(errors, len(expected) - errors)]


def test_lint_findings_make_commands_refuse_the_pack(cli: Cli, tmp_path: Path) -> None:
    folder = write_pack(tmp_path, {"extra.yaml": extra_rule(source="nowhere")})
    out = cli("list", "nodes", "--pack", str(folder))
    assert (out.code, out.stdout) == (2, "")
    assert out.stderr == (
        f"macrograph: {folder}/extra.yaml:2: error: id 'extra_rule', field 'source': "
        "unknown node 'nowhere'\n"
    )


@pytest.mark.parametrize(
    ("what", "files"),
    [
        ("a clean pack", {}),
        (
            "a convergent zero-lag loop (gain 0.45, at most 0.75 over the ranges)",
            {
                "extra.yaml": extra_rule(
                    "back",
                    "currency",
                    "bond_yield",
                    magnitude="{elasticity: 0.15, units: pct/pct_change}",
                )
            },
        ),
        (
            "opposite rules told apart by 'when'",
            {
                "extra.yaml": extra_rule(
                    source="bond_yield", effect="+", more="    when: {node: bond_yield, above: 3}\n"
                )
            },
        ),
    ],
)
def test_sound_packs_lint_clean(cli: Cli, tmp_path: Path, what: str, files: dict[str, str]) -> None:
    assert lint_lines(cli, write_pack(tmp_path, files), code=0) == [summary(0)], what


def test_uncited_claim_is_a_warning(cli: Cli, tmp_path: Path) -> None:
    text = BASE_FILES["pack.yaml"].replace(
        "sources:", '  - {id: C03, text: "Nothing encodes this."}\nsources:'
    )
    lines = lint_lines(cli, write_pack(tmp_path, {"pack.yaml": text}), code=0)
    assert lines == [
        "PACK/pack.yaml:13: warning: id 'C03', field 'id': "
        "no rule, baseline, fact, scenario or signal cites this claim",
        summary(0, 1),
    ]


def test_a_loop_whose_ranges_reach_a_gain_of_one_is_a_warning(cli: Cli, tmp_path: Path) -> None:
    loop = extra_rule(
        source="currency",
        target="bond_yield",
        magnitude="{elasticity: 0.2, range: [0.05, 0.3], units: pct/pct_change}",
    )
    lines = lint_lines(cli, write_pack(tmp_path, {"extra.yaml": loop}), code=0)
    assert lines == [
        "PACK/rules.yaml:12: warning: id 'yield_moves_currency', field 'magnitude.range': "
        "zero-lag loop bond_yield -> currency -> bond_yield has gain 0.6, but its rules' "
        "ranges let it reach 1.5: Monte Carlo draws with a gain of 1 or more are left out "
        "of the bands",
        summary(0, 1),
    ]


def test_a_loop_that_grows_at_its_own_sizes_is_a_warning(cli: Cli, tmp_path: Path) -> None:
    # a lagged loop of gain 3 x 0.5: gains along cycles skipped it, and every what-if refused
    back = extra_rule(
        "back",
        "currency",
        "bond_yield",
        "+",
        "{elasticity: 0.5, units: pct/pct_change}",
        more="    lag: 1d\n",
    )
    folder = write_pack(tmp_path, {"extra.yaml": back})
    assert lint_lines(cli, folder, code=0) == [
        "PACK/extra.yaml:2: warning: id 'back', field 'magnitude': the loop of bond_yield and "
        "currency grows 50% a day at its rules' own sizes (back, yield_moves_currency): every "
        "what-if that reaches it is refused; let one of its rules fade (decay) or shrink one "
        "of its elasticities",
        summary(0, 1),
    ]
    refused = cli("whatif", "hold", "--pack", str(folder))
    assert refused.code == 2 and "grows without bound" in refused.stderr


def test_findings_are_sorted_by_file_then_line(cli: Cli, tmp_path: Path) -> None:
    files = {
        "extra.yaml": extra_rule(source="nowhere") + extra_rule("second", target="ghost")[7:],
        **edit("scenarios.yaml", "against: base", "against: bse"),
    }
    lines = lint_lines(cli, write_pack(tmp_path, files))
    assert [line.split(": error: ")[0] for line in lines[:-1]] == [
        "PACK/extra.yaml:2",
        "PACK/extra.yaml:12",
        "PACK/scenarios.yaml:12",
    ]


@pytest.mark.slow
def test_bundled_pack_lints_clean(bundled_lint: Outcome, pack: Pack) -> None:
    """No error. The pack's own checks warn once, of the fitted carry-loss spiral: each
    rule's range is its estimate's 90% interval, and at the top of all of them the same-day
    loop through carry positions reaches a gain of 1, so the few draws there are left out of
    the bands (the what-if says how many). Running the pack's scenarios warns once more: the
    1.5pp spread scenario unwinds more carry positions than the stock holds. The article's
    overlay warns of the repatriation loop, lagged a day, whose ranges let its gain pass 1. A
    reader should see all three; none is an error."""
    out = bundled_lint
    assert out.code == 0
    assert out.stdout.endswith("december-2025 (bundled): 0 errors, 3 warnings\n")
    [lagged] = [line for line in out.stdout.splitlines() if "with a lag" in line]
    assert lagged.startswith("december-2025 (bundled)/overlays/article.yaml:")
    [past] = [line for line in out.stdout.splitlines() if "spread-1-5" in line]
    assert past.startswith("december-2025 (bundled)/scenarios.yaml:")
    assert "id 'spread-1-5', field 'shocks': takes yen_carry_positions to -$" in past
    assert "below its floor of $0: the linear rules" in past
    [finding] = lint_pack(pack)
    assert (finding.severity, finding.field, finding.code) == (
        "warning",
        "magnitude.range",
        "range-diverges",
    )
    assert "yen_carry_positions" in finding.message and "left out of the bands" in finding.message
    assert require_clean(pack) is pack


def test_require_clean_raises_with_every_error(tmp_path: Path) -> None:
    files = {"extra.yaml": extra_rule(source="nowhere", more="    when: {node: ghost, above: 1}\n")}
    with pytest.raises(PackError) as caught:
        require_clean(load_pack(write_pack(tmp_path, files)))
    assert [(i.file, i.line, i.obj_id, i.field, i.code) for i in caught.value.issues] == [
        ("extra.yaml", 2, "extra_rule", "source", "dangling-reference"),
        ("extra.yaml", 2, "extra_rule", "when.node", "dangling-reference"),
    ]


def test_lint_json_format(cli: Cli, tmp_path: Path) -> None:
    files = {
        "extra.yaml": extra_rule(source="nowhere"),
        **edit("nodes.yaml", "expectations: rate_path", "expectations: currency"),
    }
    folder = write_pack(tmp_path, files)
    out = cli("lint", str(folder), "--format", "json")
    assert out.code == 1
    report = json.loads(out.stdout)
    assert report["errors"] == 2
    assert report["findings"][1] == {
        "code": "expectations",
        "field": "expectations",
        "file": "nodes.yaml",
        "line": 2,
        "message": "'expectations' must name a node of kind 'rate'; 'currency' is 'asset'",
        "obj_id": "policy_rate",
        "severity": "error",
    }
    keys = [(f["file"], f["line"], f["obj_id"], f["field"]) for f in report["findings"]]
    assert keys == [
        ("extra.yaml", 2, "extra_rule", "source"),
        ("nodes.yaml", 2, "policy_rate", "expectations"),
        ("nodes.yaml", 10, "rate_path", "id"),
        ("nodes.yaml", 16, "bond_yield", "id"),
    ]
    assert [f["severity"] for f in report["findings"]] == ["error", "error", "warning", "warning"]
    assert cli("lint", str(folder), "--format", "json").stdout == out.stdout


@pytest.mark.slow  # the bundled pack linted again, as JSON
def test_lint_json_of_the_bundled_pack_is_clean(cli: Cli) -> None:
    out = cli("lint", "--format", "json")
    assert out.code == 0
    body = json.loads(out.stdout)
    assert (body["errors"], body["schema_version"]) == (0, 1)
    # the article's repatriation loop with a lag, whose ranges let its gain pass 1 (with the
    # article's overlay applied), the carry-loss spiral's ranges, then the 1.5pp spread
    # scenario past the carry floor
    codes = [f["code"] for f in body["findings"]]
    assert codes == ["range-diverges", "range-diverges", "past-bound"]


def test_resolving_an_extends_cycle_terminates(tmp_path: Path) -> None:
    files = edit(
        "scenarios.yaml",
        "    summary: A 25bp hike, half priced.\n",
        "    summary: A 25bp hike, half priced.\n    extends: hold\n",
    )
    pack = load_pack(write_pack(tmp_path, files))
    done: list[str] = []
    worker = threading.Thread(target=lambda: done.append(resolve(pack, "base").id), daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert done == ["base"]


@pytest.mark.parametrize(
    ("because", "problem"),
    [
        ("and it pays", "starts with 'and': it is read after 'because'"),
        ("Because rates rise", "starts with 'Because': it is read after 'because'"),
        (
            "a higher expected path lifts long yields.",
            "ends with '.': the sentence it is told in ends it",
        ),
    ],
)
def test_a_because_that_cannot_follow_because_is_a_warning(
    cli: Cli, tmp_path: Path, because: str, problem: str
) -> None:
    # a rule's because ends "..., because <because>.": 'because and it pays.' reads wrong
    folder = write_pack(
        tmp_path,
        edit(
            "rules.yaml",
            "because: a higher expected path lifts long yields",
            f"because: {because}",
        ),
    )
    lines = lint_lines(cli, folder, code=0)
    assert [line for line in lines if "because" in line] == [
        f"PACK/rules.yaml:2: warning: id 'path_lifts_yield', field 'because': {problem}"
    ]


def test_a_second_shock_on_a_node_and_day_is_warned_of(cli: Cli, tmp_path: Path) -> None:
    """Two shocks of one scenario on the same node and day add up: a date copied from the
    shock above makes a cold snap and its end one shock of nothing, and lint said nothing."""
    again = HOLD_SHOCK.replace("change: 0\n", "change: 0.1\n") + HOLD_TAIL
    files = edit("scenarios.yaml", HOLD_TAIL, HOLD_TAIL + again)
    assert lint_lines(cli, write_pack(tmp_path, files), code=0) == [
        "PACK/scenarios.yaml:12: warning: id 'hold', field 'shocks.1': a second shock on "
        "policy_rate on 2025-12-19 (also shocks.0): the two add up; give each its own date, "
        "or write one shock of their sum",
        summary(0, 1),
    ]


def test_a_weekly_pack_without_horizons_is_told_to_give_its_own(cli: Cli, tmp_path: Path) -> None:
    """A pack counted in weeks that gives no horizons got one error for each default horizon
    that is no whole week (1d, 1m, 3m), on 'horizons.0', a field it never wrote; now one
    finding saying they are the defaults, with horizons that fit."""
    files = edit("pack.yaml", "  language: 2\n", "  language: 2\n  period: 1w\n")
    lines = lint_lines(cli, write_pack(tmp_path, files))
    assert lines[0] == (
        "PACK/pack.yaml:1: error: id 'tiny', field 'horizons': horizons 1d, 1w, 1m, 3m (the "
        "default, when a pack gives none) are not all whole numbers of the pack's periods "
        "(1w); give the pack its own, e.g. horizons: [1w, 4w, 13w]"
    )
    assert lines[-1] == summary(1, len(lines) - 2)
