"""Malformed packs: each gives one exact message per problem, exit status 2, no traceback.

Every case writes the tiny pack of ``packfactory`` into ``tmp_path`` with one thing
broken, runs ``macrograph list nodes --pack DIR`` and compares stderr line by line
(file, line, id, field and message).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path

import pytest

from macrograph.rules.reading.loader import MAX_DEPTH, MAX_FILE_BYTES
from tests.packfactory import BASE_FILES, Cli, edit, write_pack

NODE_X = """\
nodes:
  - id: x
    label: X
    kind: indicator
    region: US
    unit: index
    description: An extra node.
"""
BASELINE_X = "    baseline: {value: 250, as_of: 2025-12-01, cites: {basis: seed, claims: [C01]}}\n"
PACK_INFO, PACK_REST = BASE_FILES["pack.yaml"].split("claims:")
PACK_REST = "claims:" + PACK_REST
SECTIONS = (
    "pack, claims, nodes, rules, scenarios, sources, facts, signals, episodes, "
    "series, institutions, calendar, regimes"
)
# the built-in units and channels, then the ones the pack declares (tests/packfactory.py)
UNITS = "'pct', 'bp', 'pp', 'pct_change', 'pct_gdp', 'index', 'prob' or 'stance'"
CHANNELS = "'policy', 'pass_through', 'identity', 'expectations', 'reaction', 'stance' or 'fx'"


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MACROGRAPH_CACHE", "off")


def load_errors(cli: Cli, folder: Path) -> list[str]:
    """The message lines of ``macrograph list nodes --pack FOLDER``, which must fail with 2."""
    out = cli("list", "nodes", "--pack", str(folder))
    assert out.code == 2, out.stdout
    assert out.stdout == ""
    assert "Traceback" not in out.stderr
    lines = out.stderr.splitlines()
    assert lines[0].startswith("macrograph: ")
    assert all(line.startswith("  ") for line in lines[1:])
    return [line.removeprefix("macrograph: ").strip() for line in lines]


CASES: dict[str, tuple[Mapping[str, str | bytes | None], list[str]]] = {
    "duplicate-yaml-key": (
        {"bad.yaml": NODE_X + "    label: Y\n"},
        ["bad.yaml:8: error: id 'x', field 'label': duplicate key 'label' (first given at line 3)"],
    ),
    "duplicate-section-key": (
        {"bad.yaml": NODE_X + "nodes: []\n"},
        ["bad.yaml:8: error: field 'nodes': duplicate key 'nodes' (first given at line 1)"],
    ),
    "duplicate-id-across-files": (
        {"more.yaml": NODE_X.replace("id: x", "id: currency")},
        [
            "nodes.yaml:23: error: id 'currency', field 'id': "
            "duplicate node id 'currency' (first defined at more.yaml:2)"
        ],
    ),
    "string-for-number": (
        edit("nodes.yaml", "value: 0.5", 'value: "0.5"'),
        [
            "nodes.yaml:9: error: id 'policy_rate', field 'baseline.value': "
            "must be a number (got '0.5'); remove the quotes"
        ],
    ),
    "number-for-string": (
        edit("nodes.yaml", "label: Policy rate", "label: 12"),
        [
            "nodes.yaml:3: error: id 'policy_rate', field 'label': "
            "must be text (got 12); put it in quotes"
        ],
    ),
    "nan": (
        edit("rules.yaml", "elasticity: 0.4", "elasticity: .nan"),
        [
            "rules.yaml:8: error: id 'path_lifts_yield', field 'magnitude.elasticity': "
            "must be a finite number (NaN and infinity are not allowed)"
        ],
    ),
    "infinity": (
        edit("nodes.yaml", "value: 1.9", "value: -.inf"),
        [
            "nodes.yaml:22: error: id 'bond_yield', field 'baseline.value': "
            "must be a finite number (NaN and infinity are not allowed)"
        ],
    ),
    "overflowing-float": (
        edit("nodes.yaml", "value: 1.9", "value: 1e400"),
        [
            "nodes.yaml:22: error: id 'bond_yield', field 'baseline.value': "
            "must be a finite number (NaN and infinity are not allowed)"
        ],
    ),
    "unknown-field-typo": (
        edit("rules.yaml", "because: a higher yield", "becuase: a higher yield"),
        [
            "rules.yaml:12: error: id 'yield_moves_currency', field 'because': "
            "required field 'because' is missing",
            "rules.yaml:20: error: id 'yield_moves_currency', field 'becuase': "
            "unknown field 'becuase'; did you mean 'because'?",
        ],
    ),
    "unknown-unit": (
        edit("nodes.yaml", "unit: pct_change", "unit: percent"),
        [
            "nodes.yaml:27: error: id 'currency', field 'unit': unknown unit 'percent'; "
            f"did you mean 'pct'? (expected one of {UNITS})"
        ],
    ),
    "unknown-channel": (
        edit("rules.yaml", "channel: fx", "channel: forex"),
        [
            "rules.yaml:16: error: id 'yield_moves_currency', field 'channel': "
            f"unknown channel 'forex' (expected one of {CHANNELS})"
        ],
    ),
    "unknown-rule-kind": (
        edit("rules.yaml", "kind: linear\n    source: bond", "kind: linar\n    source: bond"),
        [
            "rules.yaml:13: error: id 'yield_moves_currency', field 'kind': unknown rule kind "
            "'linar'; did you mean 'linear'? (kinds: linear, integrate, threshold, classify)"
        ],
    ),
    "missing-required-field": (
        edit("rules.yaml", "    confidence: high\n", ""),
        [
            "rules.yaml:2: error: id 'path_lifts_yield', field 'confidence': "
            "required field 'confidence' is missing"
        ],
    ),
    "yaml11-boolean-for-bool": (
        {"bad.yaml": NODE_X + "    exogenous: no\n"},
        [
            "bad.yaml:8: error: id 'x', field 'exogenous': must be true or false (got 'no'); "
            "YAML 1.2 reads yes/no/on/off as text: write true or false"
        ],
    ),
    "yaml11-boolean-for-literal": (
        edit("rules.yaml", 'effect: "-"', "effect: no"),
        [
            "rules.yaml:17: error: id 'yield_moves_currency', field 'effect': "
            "must be one of '+', '-' or '?' (got 'no')"
        ],
    ),
    "yaml11-directive": (
        {"bad.yaml": "%YAML 1.1\n---\n" + NODE_X + "    exogenous: no\n"},
        ["bad.yaml:2: error: only YAML 1.2 is read; remove the '%YAML 1.1' directive"],
    ),
    "empty-file": ({"bad.yaml": ""}, ["bad.yaml:1: error: file is empty"]),
    "whitespace-only-file": ({"bad.yaml": "  \n\n\t \n"}, ["bad.yaml:1: error: file is empty"]),
    "comments-only-file": (
        {"bad.yaml": "# nothing here yet\n"},
        ["bad.yaml:1: error: file is empty (it has only comments)"],
    ),
    "binary-junk": (
        {"bad.yaml": b"nodes:\n\x00\x01\x02\xff\xfe"},
        ["bad.yaml:2: error: file is binary (it contains NUL bytes), not YAML text"],
    ),
    "not-utf8": (
        {"bad.yaml": b"nodes:\n  - id: x\n    label: caf\xe9\n"},
        ["bad.yaml:3: error: file is not UTF-8 (byte 0xe9 at offset 31)"],
    ),
    "deeply-nested": (
        {"bad.yaml": "nodes:\n  - label: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"},
        [f"bad.yaml:2: error: field 'label.0.0': nesting deeper than {MAX_DEPTH} levels"],
    ),
    "anchor-and-alias": (
        {"bad.yaml": NODE_X.replace("label: X", "label: &name X") + "    description: *name\n"},
        [
            "bad.yaml:3: error: id 'x', field 'label': "
            "anchors and aliases (&, *) are not allowed in pack files"
        ],
    ),
    "anchor-on-an-object": (
        {"bad.yaml": NODE_X + "  - &twin {id: y}\n"},
        ["bad.yaml:8: error: anchors and aliases (&, *) are not allowed in pack files"],
    ),
    "python-tag": (
        {"bad.yaml": "nodes: !!python/object/apply:os.system [echo hi]\n"},
        [
            "bad.yaml:1: error: field 'nodes': "
            "tags (values starting with '!') are not allowed in pack files; "
            "quote the value"
        ],
    ),
    "complex-key": (
        {"bad.yaml": "nodes:\n  - ? [id, label]\n    : x\n"},
        ["bad.yaml:2: error: a key must be a plain word, not a list or a mapping"],
    ),
    "top-level-list": (
        {"bad.yaml": "- id: x\n- id: y\n"},
        [f"bad.yaml:1: error: the top level must be a mapping of sections: {SECTIONS}"],
    ),
    "unknown-section": (
        {"bad.yaml": "node:\n  - id: x\n"},
        [
            "bad.yaml:1: error: field 'node': unknown section 'node'; did you mean 'nodes'? "
            f"(sections: {SECTIONS})"
        ],
    ),
    "section-not-a-list": (
        {"bad.yaml": "nodes:\n  id: x\n"},
        [
            "bad.yaml:1: error: field 'nodes': 'nodes' must be a list of nodes "
            "(start each with '- ')"
        ],
    ),
    "item-not-a-mapping": (
        {"bad.yaml": "rules:\n  - just a sentence\n"},
        ["bad.yaml:2: error: each rule must be a mapping of fields"],
    ),
    "invalid-yaml-syntax": (
        {"bad.yaml": "nodes:\n  - id: x\n    label: [unclosed\n"},
        [
            "bad.yaml:4: error: invalid YAML: expected ',' or ']', but got '<stream end>' "
            "(while parsing a flow sequence at line 3)"
        ],
    ),
    "bad-indentation": (
        {"bad.yaml": "nodes:\n  - id: x\n   label: X\n"},
        [
            "bad.yaml:3: error: invalid YAML: expected <block end>, but found "
            "'<block mapping start>' (while parsing a block collection at line 2); "
            "indent this line as the one above it: an item's fields start in one column"
        ],
    ),
    "field-indented-back-to-the-dash": (
        {"bad.yaml": "nodes:\n  - id: x\n    label: X\n  kind: rate\n"},
        [
            "bad.yaml:4: error: invalid YAML: expected <block end>, but found '?' "
            "(while parsing a block collection at line 2); indent this line as the one above "
            "it: an item's fields start in one column"
        ],
    ),
    "field-indented-too-far": (
        {"bad.yaml": "nodes:\n  - id: x\n      label: X\n"},
        [
            "bad.yaml:3: error: invalid YAML: mapping values are not allowed here; indent this "
            "line as the one above it, and quote a value that holds ': '"
        ],
    ),
    "value-holding-colon-space": (
        {"bad.yaml": "nodes:\n  - id: x\n    label: X: the node\n"},
        [
            "bad.yaml:3: error: invalid YAML: mapping values are not allowed here; indent this "
            "line as the one above it, and quote a value that holds ': '"
        ],
    ),
    "field-without-space-after-colon": (
        {"bad.yaml": "nodes:\n  - id: x\n    label:X\n    kind: rate\n"},
        [
            "bad.yaml:3: error: invalid YAML: could not find expected ':'; write a field as "
            "'name: value', with a space after the colon"
        ],
    ),
    "effect-minus-unquoted": (
        {"bad.yaml": "rules:\n  - id: x\n    effect: -\n    lag: 1d\n"},
        [
            "bad.yaml:3: error: invalid YAML: sequence entries are not allowed here; a value "
            "starting with '-' goes in quotes (effect: \"-\"), a list on the lines below"
        ],
    ),
    "item-without-its-dash": (
        {"bad.yaml": "nodes:\n  - id: x\n    label: X\n    id: y\n    label: Y\n"},
        [
            "bad.yaml:4: error: id 'y', field 'id': duplicate key 'id' (first given at line 2); "
            "start each item with '- '"
        ],
    ),
    "tab-indentation": (
        {"bad.yaml": "nodes:\n\t- id: x\n"},
        [
            "bad.yaml:2: error: invalid YAML: found character '\\t' that cannot start any token; "
            "indent with spaces, not tabs"
        ],
    ),
    "duplicate-id-in-one-file": (
        {"bad.yaml": "claims:\n  - {id: C05, text: One.}\n  - {id: C05, text: Two.}\n"},
        [
            "bad.yaml:3: error: id 'C05', field 'id': "
            "duplicate claim id 'C05' (first defined at bad.yaml:2)"
        ],
    ),
    "pack-section-empty": (
        {"pack.yaml": "pack:\n" + PACK_REST},
        ["pack.yaml:1: error: the pack section must be a mapping of fields"],
    ),
    "two-documents": (
        {"bad.yaml": "nodes: []\n---\nrules: []\n"},
        [
            "bad.yaml:2: error: invalid YAML: but found another document "
            "(expected a single document in the stream at line 1)"
        ],
    ),
    "impossible-date": (
        edit("nodes.yaml", "value: 1.9, as_of: 2025-12-01", "value: 1.9, as_of: 2025-13-01"),
        [
            "nodes.yaml:22: error: id 'bond_yield', field 'baseline.as_of': "
            "must be a date (YYYY-MM-DD) (got '2025-13-01')"
        ],
    ),
    "bad-id": (
        edit("nodes.yaml", "id: bond_yield", "id: Bond Yield"),
        [
            "nodes.yaml:16: error: id 'Bond Yield', field 'id': must be lower-case letters, "
            "digits and '_', starting with a letter (got 'Bond Yield'); write 'bond_yield'"
        ],
    ),
    "claim-id-in-lower-case": (
        edit("rules.yaml", "claims: [C01]", "claims: [c01]"),
        [
            "rules.yaml:11: error: id 'path_lifts_yield', field 'cites.claims.0': must be a "
            "claim id such as E1 or C05 (got 'c01'); write 'C01'"
        ],
    ),
    "bad-duration": (
        edit("rules.yaml", "    confidence: high\n", "    confidence: high\n    lag: 5 days\n"),
        [
            "rules.yaml:10: error: id 'path_lifts_yield', field 'lag': "
            "must be a duration such as 0d, 5d, 1w, 1m or 3m (got '5 days'); write '5d'"
        ],
    ),
    "misspelt-field-of-a-unit": (
        edit(
            "pack.yaml", "  channels: [fx]\n", "  channels: [fx]\n  units: [{id: kt, sufix: kt}]\n"
        ),
        [
            "pack.yaml:10: error: id 'tiny', field 'units.0.sufix': unknown field 'sufix'; "
            "did you mean 'suffix'?"
        ],
    ),
    "elasticity-outside-its-range": (
        edit(
            "rules.yaml", "elasticity: 0.4, range: [0.2, 0.6]", "elasticity: 0.4, range: [0.5, 0.6]"
        ),
        [
            "rules.yaml:8: error: id 'path_lifts_yield', field 'magnitude': range must satisfy "
            "low <= elasticity <= high (got elasticity 0.4, range [0.5, 0.6])"
        ],
    ),
    "duration-in-capitals": (
        edit("rules.yaml", "    confidence: high\n", "    confidence: high\n    lag: 2W\n"),
        [
            "rules.yaml:10: error: id 'path_lifts_yield', field 'lag': "
            "must be a duration such as 0d, 5d, 1w, 1m or 3m (got '2W'); write '2w'"
        ],
    ),
    "duration-without-its-unit": (
        edit("rules.yaml", "    confidence: high\n", "    confidence: high\n    lag: 14\n"),
        [
            "rules.yaml:10: error: id 'path_lifts_yield', field 'lag': "
            "must be a duration with its unit, such as 14d or 14w (got 14)"
        ],
    ),
    "duration-of-a-fraction": (
        edit("rules.yaml", "    confidence: high\n", "    confidence: high\n    lag: 1.5\n"),
        [
            "rules.yaml:10: error: id 'path_lifts_yield', field 'lag': "
            "must be a duration such as 0d, 5d, 1w, 1m or 3m (got 1.5): a whole number "
            "with its unit"
        ],
    ),
    "probability-above-one": (
        edit(
            "scenarios.yaml",
            "0.5, change: 0.25}\n        label: The bank hikes",
            "1.5, change: 0.25}\n        label: The bank hikes",
        ),
        [
            "scenarios.yaml:9: error: id 'base', field 'shocks.0.priced.probability': "
            "must be at most 1 (got 1.5)"
        ],
    ),
    "change-and-level": (
        edit("scenarios.yaml", "        change: 0\n", "        change: 0\n        level: 0.5\n"),
        [
            "scenarios.yaml:18: error: id 'hold', field 'shocks.0': "
            "give exactly one of 'change' or 'level'"
        ],
    ),
    "floor-above-baseline": (
        {"bad.yaml": NODE_X + BASELINE_X + "    floor: 300\n"},
        ["bad.yaml:9: error: id 'x', field 'floor': the baseline (250) is below the floor (300)"],
    ),
    "ceiling-below-baseline": (
        {"bad.yaml": NODE_X + BASELINE_X + "    ceiling: 100\n"},
        [
            "bad.yaml:9: error: id 'x', field 'ceiling': "
            "the baseline (250) is above the ceiling (100)"
        ],
    ),
    "floor-not-below-ceiling": (
        {"bad.yaml": NODE_X + BASELINE_X + "    floor: 250\n    ceiling: 250\n"},
        [
            "bad.yaml:10: error: id 'x', field 'ceiling': "
            "the floor (250) must be below the ceiling (250)"
        ],
    ),
    "floor-without-baseline": (
        {"bad.yaml": NODE_X + "    floor: 0\n"},
        [
            "bad.yaml:8: error: id 'x', field 'floor': a floor bounds the level "
            "(the baseline plus the change): give the node a baseline"
        ],
    ),
    "floor-as-text": (
        {"bad.yaml": NODE_X + BASELINE_X + "    floor: none\n"},
        ["bad.yaml:9: error: id 'x', field 'floor': must be a number (got 'none')"],
    ),
    "no-pack-section": (
        {"pack.yaml": PACK_REST},
        ["error: field 'pack': no 'pack:' section found (one file must describe the pack)"],
    ),
    "two-pack-sections": (
        {"zz-second.yaml": PACK_INFO.replace("id: tiny", "id: other")},
        [
            "zz-second.yaml:1: error: id 'other', field 'pack': a second 'pack:' section "
            "(the first is at pack.yaml:1); there must be exactly one"
        ],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_malformed_pack_gives_exact_messages(cli: Cli, tmp_path: Path, case: str) -> None:
    files, expected = CASES[case]
    folder = write_pack(tmp_path, files)
    prefix = f"{folder}/"
    lines = load_errors(cli, folder)
    found = [line.removeprefix(prefix) if line.startswith(prefix) else line for line in lines]
    expected = [e if e.split(":")[0].endswith(".yaml") else f"{folder}: {e}" for e in expected]
    assert found == expected


def test_many_cases_are_covered() -> None:
    assert len(CASES) >= 30


def test_byte_order_mark_and_crlf_keep_line_numbers(cli: Cli, tmp_path: Path) -> None:
    text = "\ufeff" + BASE_FILES["nodes.yaml"].replace("unit: pct_change", "unit: percent")
    folder = write_pack(tmp_path, {"nodes.yaml": text.replace("\n", "\r\n").encode()})
    assert load_errors(cli, folder) == [
        f"{folder}/nodes.yaml:27: error: id 'currency', field 'unit': unknown unit 'percent'; "
        f"did you mean 'pct'? (expected one of {UNITS})"
    ]


def test_every_error_of_a_file_is_reported_sorted_by_line(cli: Cli, tmp_path: Path) -> None:
    broken = (
        NODE_X.replace("unit: index", "unit: percent")
        + "    colour: red\n"
        + "  - id: y\n    label: 5\n    kind: asset\n    region: Mars\n"
        + "    unit: pct_change\n    description: Another node.\n    baseline: {value: .nan}\n"
    )
    folder = write_pack(tmp_path, {"bad.yaml": broken})
    prefix = f"{folder}/"
    assert [line.removeprefix(prefix) for line in load_errors(cli, folder)] == [
        f"bad.yaml:6: error: id 'x', field 'unit': unknown unit 'percent'; did you mean 'pct'? "
        f"(expected one of {UNITS})",
        "bad.yaml:8: error: id 'x', field 'colour': unknown field 'colour'",
        "bad.yaml:10: error: id 'y', field 'label': must be text (got 5); put it in quotes",
        "bad.yaml:12: error: id 'y', field 'region': unknown region 'Mars' "
        "(expected one of 'JP', 'US' or 'global')",
        "bad.yaml:15: error: id 'y', field 'baseline.as_of': required field 'as_of' is missing",
        "bad.yaml:15: error: id 'y', field 'baseline.cites': required field 'cites' is missing",
        "bad.yaml:15: error: id 'y', field 'baseline.value': "
        "must be a finite number (NaN and infinity are not allowed)",
    ]


def test_errors_of_every_file_are_reported_together(cli: Cli, tmp_path: Path) -> None:
    files: dict[str, str | bytes | None] = {
        "a.yaml": "",
        "b.yaml": "node: []\n",
        **edit("rules.yaml", "channel: fx", "channel: forex"),
    }
    folder = write_pack(tmp_path, files)
    lines = load_errors(cli, folder)
    assert [line.split(": error: ")[0].removeprefix(f"{folder}/") for line in lines] == [
        "a.yaml:1",
        "b.yaml:1",
        "rules.yaml:16",
    ]


def test_billion_laughs_is_refused_fast(cli: Cli, tmp_path: Path) -> None:
    levels = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    levels += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    folder = write_pack(tmp_path, {"bomb.yaml": "\n".join(levels) + "\n"})
    start = time.perf_counter()
    lines = load_errors(cli, folder)
    assert time.perf_counter() - start < 2.0
    assert lines == [
        f"{folder}/bomb.yaml:1: error: field 'a0': "
        "anchors and aliases (&, *) are not allowed in pack files"
    ]


def test_oversize_file_is_refused(cli: Cli, tmp_path: Path) -> None:
    size = MAX_FILE_BYTES + 10
    folder = write_pack(tmp_path, {"big.yaml": "#" * (size - 1) + "\n"})
    assert load_errors(cli, folder) == [
        f"{folder}/big.yaml: error: file is {size} bytes; the limit is {MAX_FILE_BYTES}"
    ]


def test_missing_pack_folder(cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-pack"
    assert load_errors(cli, missing) == [f"{missing}: error: pack folder not found"]


def test_folder_without_yaml_files(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "README.txt").write_text("not a pack\n", encoding="utf-8")
    assert load_errors(cli, tmp_path) == [f"{tmp_path}: error: no .yaml files in the pack folder"]


def test_relative_pack_folder_is_named_as_given(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_pack(tmp_path, {"pack.yaml": None})
    monkeypatch.chdir(tmp_path)
    assert load_errors(cli, Path("pack")) == [
        "pack: error: field 'pack': no 'pack:' section found (one file must describe the pack)"
    ]


def test_lint_reports_load_errors_with_status_2(cli: Cli, tmp_path: Path) -> None:
    folder = write_pack(tmp_path, edit("rules.yaml", "channel: fx", "channel: forex"))
    out = cli("lint", str(folder))
    assert out.code == 2
    assert out.stderr.startswith(
        f"macrograph: {folder}/rules.yaml:16: error: id 'yield_moves_currency', field 'channel': "
    )
