"""Held-out hostile inputs: packs and command lines beyond the hostile corpus.

Each test here failed before the fix it guards. The packs are the ecology and system
dynamics test packs (tests/packs/) copied into a temporary folder and altered, so the
machinery is attacked through packs it was not written for.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pytest

from macrograph.graph.engine.compile import compile_pack
from macrograph.graph.engine.stability import unstable_draws
from macrograph.graph.synthetic import pack_of, rule
from tests.packfactory import Cli

PACKS = Path(__file__).parents[1] / "packs"


def copy_pack(name: str, tmp_path: Path) -> Path:
    """A copy of the test pack ``name`` in ``tmp_path``, to alter."""
    folder = tmp_path / name
    shutil.copytree(PACKS / name, folder)
    return folder


def test_paths_from_a_node_to_itself_is_a_loop_not_a_crash(cli: Cli, tmp_path: Path) -> None:
    # networkx yields one empty path from a node to itself; it ended in an IndexError
    pack = copy_pack("predator_prey", tmp_path)
    out = cli("paths", "hares", "hares", "--pack", str(pack))
    assert (out.code, out.stderr) == (0, "")
    assert "a chain back to the node it starts from is a loop (macrograph loops)" in out.stdout
    assert out.stdout.endswith("0 paths\n")
    out = cli("paths", "hares", "hares", "--pack", str(pack), "--format", "json")
    assert (out.code, out.stdout.strip()) == (0, "[]")


def test_a_pack_with_no_horizons_is_refused_where_it_says_so(cli: Cli, tmp_path: Path) -> None:
    # an empty list passed the loader and every answer ended in max() of nothing
    pack = copy_pack("predator_prey", tmp_path)
    info = pack / "pack.yaml"
    info.write_text(info.read_text().replace("horizons: [1w, 1m, 3m, 1y]", "horizons: []"))
    for args in (("whatif", "drought"), ("diagram", "-o", "-"), ("lint",)):
        out = cli(*args, "--pack", str(pack))
        assert out.code == 2, args
        assert out.stderr == (
            f"macrograph: {info}:16: error: id 'predator-prey', field 'horizons': "
            "must not be empty\n"
        )


def test_a_series_value_too_large_to_chart_or_fit_is_refused_at_its_line(
    cli: Cli, tmp_path: Path
) -> None:
    # 1e308 is finite, so it was read; the chart's axis and the fit's residuals overflowed
    pack = copy_pack("markets", tmp_path)
    csv = pack / "data" / "bond_2y.csv"
    lines = csv.read_text().splitlines()
    lines[30] = lines[30].split(",")[0] + ",1e308"
    csv.write_text("\n".join(lines) + "\n")
    message = (
        f"macrograph: {pack / 'pack.yaml'}:146: error: id 'bond_2y', field 'file': "
        "data/bond_2y.csv:31: '1e308' is beyond ±1e+12, the limit\n"
    )
    chart, fit = tmp_path / "s.svg", tmp_path / "fit.yaml"
    for args in (
        ("data", "show", "bond_2y", "--from", "2025-01-01", "--to", "2025-03-01", "-o", str(chart)),
        ("calibrate", "--draws", "0", "-o", str(fit)),
    ):
        out = cli(*args, "--pack", str(pack))
        assert (out.code, out.stderr) == (2, message), args
    assert not chart.exists() and not fit.exists()


FLOW_RULE = (
    "  - {id: path_sets_2y, kind: linear, source: nb_path, target: bond_2y, channel: "
    'pass_through, effect: "+", magnitude: {elasticity: 0.6, range: [0.4, 0.8], units: '
    "pct/pct}, confidence: high, because: a higher expected policy path lifts the 2y yield, "
    "cites: {basis: literature, sources: [textbook]}}\n"
    "  - kind: linear\n"
    "    id: path_strengthens_krona\n"
)


@pytest.mark.slow
def test_calibrate_write_pack_finds_each_rules_own_magnitude_line(cli: Cli, tmp_path: Path) -> None:
    # a rule in flow style followed by one whose id is not its first key: the layout search
    # took the next rule's magnitude line for the first rule's, so one fit was silently lost
    # (or written onto the wrong rule), with exit status 0
    pack = copy_pack("markets", tmp_path)
    info = pack / "pack.yaml"
    text = info.read_text()
    start = text.index("  - id: path_sets_2y\n")
    end = text.index("    kind: linear\n", text.index("  - id: path_strengthens_krona\n"))
    text = text[:start] + FLOW_RULE + text[end + len("    kind: linear\n") :]
    info.write_text(text)
    fit = tmp_path / "fit.yaml"
    out = cli("calibrate", "--draws", "0", "-o", str(fit), "--write-pack", "--pack", str(pack))
    assert out.code == 2
    assert out.stderr == (
        "macrograph: pack.yaml:81: rule path_sets_2y: cannot write the fit: "
        "write its magnitude on one line, magnitude: {...}\n"
    )
    assert info.read_text() == text
    assert not fit.exists()  # refused before the overlay is written


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "label: Hares,",
            'label: "Hares\\ud800",',
            "nodes.yaml:4: error: invalid YAML: found invalid Unicode character escape code",
        ),
        (
            "label: Hares, kind: flow",
            "label: Hares, kind: bogus",
            "nodes.yaml:4: error: id 'hares', field 'kind': unknown kind 'bogus' (expected one "
            "of 'policy_action', 'rate', 'flow', 'asset', 'indicator' or 'stance')",
        ),
    ],
    ids=["unreadable-file", "refused-node"],
)
def test_one_bad_node_gives_one_message_not_a_cascade(
    cli: Cli, tmp_path: Path, old: str, new: str, message: str
) -> None:
    # the node the error is about, or every node of the unreadable file, was also reported
    # as unknown wherever the pack's groups and key outcomes named it
    pack = copy_pack("predator_prey", tmp_path)
    nodes = pack / "nodes.yaml"
    nodes.write_text(nodes.read_text().replace(old, new))
    out = cli("lint", str(pack))
    assert (out.code, out.stderr) == (2, f"macrograph: {pack}/{message}\n")


def test_unknown_nodes_in_groups_are_still_reported(cli: Cli, tmp_path: Path) -> None:
    pack = copy_pack("predator_prey", tmp_path)
    info = pack / "pack.yaml"
    info.write_text(info.read_text().replace("nodes: [vegetation]", "nodes: [grass]"))
    out = cli("lint", str(pack))
    assert (out.code, out.stderr) == (
        2,
        f"macrograph: {info}:8: error: id 'predator-prey', field 'groups': unknown node 'grass'\n",
    )


BAD_OVERLAY = (
    "overlay: {id: x, title: t, description: d, label: l, "
    "cites: {basis: assumption, rationale: r}}\n"
    "drop: [../../etc]\n"
)
BAD_DROP = (
    ":2: error: field 'drop.0': must be lower-case letters, digits and '_', "
    "starting with a letter (got '../../etc')\n"
)


def test_an_overlays_problems_name_the_file_where_it_is(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # an overlay given by a relative path, or by name from a pack given by a relative path,
    # was named under the pack's folder: p/fit.yaml, p/p/overlays/bad.yaml, files not there
    monkeypatch.chdir(tmp_path)
    copy_pack("predator_prey", tmp_path)
    (tmp_path / "predator_prey" / "overlays").mkdir()
    (tmp_path / "predator_prey" / "overlays" / "bad.yaml").write_text(BAD_OVERLAY)
    (tmp_path / "fit.yaml").write_text(BAD_OVERLAY)
    for overlay, shown in (
        ("bad", "predator_prey/overlays/bad.yaml"),
        ("fit.yaml", str(tmp_path / "fit.yaml")),
    ):
        for option in ("--overlay", "--against-overlay"):
            out = cli("whatif", "drought", option, overlay, "--pack", "predator_prey")
            assert (out.code, out.stderr) == (2, f"macrograph: {shown}{BAD_DROP}"), option


@pytest.mark.parametrize(
    ("words", "verb", "sign", "example"),
    [
        ("hares rises -5 head", "rises", "-", "+5 head"),
        ("hares falls +5 head", "falls", "+", "-5 head"),
    ],
)
def test_a_verb_and_a_size_that_say_opposite_ways_are_refused(
    cli: Cli, tmp_path: Path, words: str, verb: str, sign: str, example: str
) -> None:
    # 'rises -5' ran as a rise of 5: the size's sign was dropped without a word
    pack = copy_pack("predator_prey", tmp_path)
    out = cli("whatif", words, "--pack", str(pack), "--draws", "0")
    assert out.code == 2
    assert out.stderr.splitlines() == [
        f"macrograph: cannot run '{words}': '{verb}' and the size's '{sign}' say opposite ways; "
        f"give the way once ('hares {verb} N', or a signed change of hares itself)",
        f"  or state the move itself: --shock 'hares={example}' (a change) "
        "or --shock NODE@LEVEL (a level)",
    ]


def test_a_zero_rise_is_not_titled_as_a_fall(cli: Cli, tmp_path: Path) -> None:
    pack = copy_pack("predator_prey", tmp_path)
    out = cli("whatif", "hares rises 0 head", "--pack", str(pack), "--draws", "0")
    assert (out.code, out.stdout.splitlines()[0]) == (0, "Hares +0 head")


@pytest.mark.parametrize(
    "args",
    [
        ("whatif", "drought", "--draws", "0", "-o", "@PACK@/nodes.yaml"),
        ("export", "--format", "json", "-o", "@PACK@/../predator_prey/rules.yaml"),
        ("explain", "hares", "--draws", "0", "--format", "json", "-o", "@PACK@/answer.yaml"),
    ],
    ids=["onto-a-pack-file", "through-dot-dot", "a-new-pack-file"],
)
def test_an_output_onto_the_packs_own_files_is_refused(
    cli: Cli, tmp_path: Path, args: tuple[str, ...]
) -> None:
    # the answer replaced nodes.yaml (exit 0), leaving a pack that no longer loads; a new
    # YAML file in the folder would be read as part of the pack from then on
    pack = copy_pack("predator_prey", tmp_path)
    before = {f.name: f.read_bytes() for f in pack.iterdir()}
    given = [a.replace("@PACK@", str(pack)) for a in args]
    out = cli(*given, "--pack", str(pack))
    assert (out.code, out.stderr) == (
        2,
        f"macrograph: cannot write {given[-1]}: it is, or would become, a file of the pack "
        f"({pack}); write it elsewhere\n",
    )
    assert {f.name: f.read_bytes() for f in pack.iterdir()} == before


def test_an_overlay_may_be_written_into_the_packs_overlays_folder(cli: Cli, tmp_path: Path) -> None:
    pack = copy_pack("predator_prey", tmp_path)
    (pack / "overlays").mkdir()
    out = cli(
        "export", "--format", "json", "-o", str(pack / "overlays" / "x.yaml"), "--pack", str(pack)
    )
    assert out.code == 0
    assert (pack / "overlays" / "x.yaml").read_text().startswith("{")


@pytest.mark.parametrize("given", ["", ",,,", " , "])
def test_horizons_that_name_none_are_refused(cli: Cli, tmp_path: Path, given: str) -> None:
    # --horizons ",,," ran at the pack's horizons, as if the option had not been given
    pack = copy_pack("predator_prey", tmp_path)
    out = cli("whatif", "drought", "--horizons", given, "--pack", str(pack), "--draws", "0")
    assert (out.code, out.stdout) == (2, "")
    assert (
        out.stderr == f"macrograph: not a horizon: {given!r} (use durations such as 1d,1w,1m,3m)\n"
    )


HIDDEN = "\\u001b[2J\\u0007\\u202e"  # ESC, BEL and a bidi override, as YAML escapes


def _controls(data: bytes) -> list[bytes]:
    return [c for c in (b"\x1b", b"\x07", "\u202e".encode()) if c in data]


def test_a_series_chart_draws_its_label_without_hidden_characters(cli: Cli, tmp_path: Path) -> None:
    # the data chart's title went into the SVG as it was: a raw ESC (not allowed in XML)
    pack = copy_pack("markets", tmp_path)
    info = pack / "pack.yaml"
    info.write_text(
        info.read_text().replace(
            "label: 2y Nordland bond yield, close", f'label: "2y yield{HIDDEN} close"'
        )
    )
    chart = tmp_path / "s.svg"
    out = cli("data", "show", "bond_2y", "--from", "2025-01-01", "--to", "2025-03-01",
              "-o", str(chart), "--pack", str(pack))  # fmt: skip
    assert (out.code, out.stderr) == (0, "")
    svg = chart.read_bytes()
    assert _controls(svg) == []
    ElementTree.fromstring(svg)  # well-formed XML
    assert b"2y yield [2J close" in svg


@pytest.mark.slow  # a backtest and its chart
def test_the_backtest_chart_draws_the_pack_title_without_hidden_characters(
    tmp_path: Path,
) -> None:
    # the forest chart's title carried the ESC into matplotlib, whose missing-glyph warning
    # printed it on the terminal
    pack = copy_pack("markets", tmp_path)
    info = pack / "pack.yaml"
    old = '  title: "The Nordland central bank\'s spring decisions"'
    info.write_text(info.read_text().replace(old, f'  title: "Nordland{HIDDEN}"'))
    out = subprocess.run(
        [sys.executable, "-m", "macrograph.explain.cli", "backtest", "--draws", "10",
         "--format", "html", "-o", str(tmp_path / "bt.html"), "--pack", str(pack)],
        capture_output=True, check=False, env={**os.environ, "MACROGRAPH_CACHE": "off"},
    )  # fmt: skip
    assert (out.returncode, _controls(out.stderr), out.stderr) == (0, [], b"")
    assert _controls((tmp_path / "bt.html").read_bytes()) == []


def test_a_rule_lagged_beyond_the_run_is_left_out_of_the_stability_check() -> None:
    # A lag of 99999 days made the check's polynomial of that degree (minutes for two
    # draws), and its slow growth refused a run it never acts in.
    comp = compile_pack(
        pack_of([rule("ab", "a", "b", 1.0, lag=1), rule("ba", "b", "a", 1.5, lag=400)])
    )
    weights = np.array([[1.0], [1.5]])
    assert [u.kind for u in unstable_draws(comp, weights, {0: 0})] == ["system"]
    assert unstable_draws(comp, weights, {0: 0}, periods=300) == []
    assert [u.kind for u in unstable_draws(comp, weights, {0: 0}, periods=402)] == ["system"]
