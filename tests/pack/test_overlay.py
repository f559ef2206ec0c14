"""Overlays: rule sizes, rules and baselines changed by id, the pack's files untouched."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.rules import load_pack
from macrograph.rules.errors import PackError
from macrograph.rules.lint.core import CHECKS, OVERLAY_CHECKS
from macrograph.rules.lint.data import DATA_FILE_CHECKS
from macrograph.rules.overlay import apply_overlay, overlay_path
from tests.economics.test_backtest import EPISODE
from tests.packfactory import Cli, extra_rule, write_pack

OVERLAY = """\
overlay: {id: steeper, title: "A steeper yield response"}
changes:
  - {rule: path_lifts_yield, elasticity: 0.6}
baselines:
  - {node: bond_yield, value: 2.5, as_of: 2025-12-01, cites: {basis: observed, sources: [book]}}
"""


def _digest(folder: Path) -> str:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return hashlib.sha256(b"".join(p.read_bytes() for p in files)).hexdigest()


def test_an_overlay_changes_sizes_and_baselines(tmp_path: Path) -> None:
    folder = write_pack(tmp_path)
    (tmp_path / "o.yaml").write_text(OVERLAY)
    before = _digest(folder)
    pack = load_pack(folder)
    overlaid = apply_overlay(pack, tmp_path / "o.yaml")
    assert overlaid.overlay == "steeper"
    assert overlaid.rules["path_lifts_yield"].magnitude.elasticity == 0.6  # type: ignore[union-attr]
    assert overlaid.nodes["bond_yield"].baseline.value == 2.5  # type: ignore[union-attr]
    # Holding instead of a half-priced 25bp hike moves the priced path by -0.25 against
    # the hike; the yield now by 0.6 x -0.25 instead of 0.4 x -0.25.
    hold = propagate(overlaid, "hold", RunOptions(draws=0))
    assert hold.nodes["bond_yield"].delta["1d"] == pytest.approx(-0.6 * 0.25)
    # Its level: the new baseline plus the hold's own -0.125 surprise x 0.6.
    assert hold.nodes["bond_yield"].level["1d"] == pytest.approx(2.5 - 0.6 * 0.125)
    assert _digest(folder) == before
    assert pack.rules["path_lifts_yield"].magnitude.elasticity == 0.4  # type: ignore[union-attr]


def test_an_overlay_may_drop_and_add_rules(tmp_path: Path) -> None:
    text = "overlay: {id: swap, title: Swap a rule}\ndrop: [yield_moves_currency]\n" + extra_rule(
        "new_rule"
    ).replace("rules:\n", "add:\n")
    (tmp_path / "o.yaml").write_text(text)
    pack = apply_overlay(load_pack(write_pack(tmp_path)), tmp_path / "o.yaml")
    assert "yield_moves_currency" not in pack.rules and "new_rule" in pack.rules
    assert pack.locate("rules", "new_rule").file == str(tmp_path / "o.yaml")


def test_unknown_ids_are_named_with_file_and_line(tmp_path: Path, cli: Cli) -> None:
    folder = write_pack(tmp_path)
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "overlay: {id: bad, title: Bad}\n"
        "changes:\n"
        "  - {rule: path_lifts_yeild, elasticity: 0.6}\n"
        "drop: [no_such_rule]\n"
    )
    with pytest.raises(PackError) as err:
        apply_overlay(load_pack(folder), bad)
    assert [(i.line, i.obj_id, i.field, i.message) for i in err.value.issues] == [
        (
            3,
            "path_lifts_yeild",
            "rule",
            "unknown rule 'path_lifts_yeild'; did you mean 'path_lifts_yield'?",
        ),
        (4, "no_such_rule", "drop", "unknown rule 'no_such_rule': the pack has no such rule"),
    ]
    out = cli("whatif", "hold", "--pack", str(folder), "--overlay", str(bad), "--draws", "0")
    assert out.code == 2
    assert out.stderr.startswith(f"macrograph: {bad}:3: error: id 'path_lifts_yeild', field 'rule'")
    assert "Traceback" not in out.stderr


def test_an_elasticity_outside_its_range_is_refused(tmp_path: Path) -> None:
    (tmp_path / "o.yaml").write_text(
        "overlay: {id: o, title: O}\nchanges:\n  - {rule: path_lifts_yield, elasticity: 0.9}\n"
    )
    with pytest.raises(PackError) as err:
        apply_overlay(load_pack(write_pack(tmp_path)), tmp_path / "o.yaml")
    [issue] = err.value.issues
    assert (issue.line, issue.obj_id) == (3, "path_lifts_yield")
    assert "range must satisfy" in issue.message


def test_bundled_overlays_are_found_by_name(tmp_path: Path) -> None:
    assert overlay_path(tmp_path, "article") == tmp_path / "overlays" / "article.yaml"
    assert overlay_path(tmp_path, "x/y.yaml") == Path("x/y.yaml")


def test_overlay_files_are_not_pack_files(tmp_path: Path) -> None:
    folder = write_pack(tmp_path, {"overlays/steeper.yaml": OVERLAY})
    pack = load_pack(folder)  # the overlay is not read as a pack file
    assert pack.overlay is None
    overlaid = apply_overlay(pack, overlay_path(folder, "steeper"))
    assert overlaid.overlay == "steeper"


def test_lint_checks_an_overlay_against_its_pack(tmp_path: Path, cli: Cli) -> None:
    folder = write_pack(tmp_path)
    (tmp_path / "o.yaml").write_text("overlay: {id: o, title: O}\ndrop: [path_lifts_yield]\n")
    assert cli("lint", str(folder)).stdout == f"{folder}: 0 errors, 0 warnings\n"
    out = cli("lint", str(folder), "--overlay", str(tmp_path / "o.yaml"))
    # Without its only rule into it, the bond yield (and the currency after it) can no
    # longer be reached: lint reads the overlaid pack, not the files.
    assert (out.code, out.stdout.splitlines()) == (
        0,
        [
            f"{folder}/nodes.yaml:16: warning: id 'bond_yield', field 'id': "
            "no scenario shock reaches this node",
            f"{folder}/nodes.yaml:23: warning: id 'currency', field 'id': "
            "no scenario shock reaches this node",
            f"{folder}: 0 errors, 2 warnings",
        ],
    )


def test_lint_checks_every_overlay_in_the_packs_folder(tmp_path: Path, cli: Cli) -> None:
    """Each overlay in overlays/ is linted on the pack, named by its file and line."""
    ghost = extra_rule("ghost_moves_currency", source="ghost").replace("rules:\n", "add:\n")
    folder = write_pack(
        tmp_path,
        {
            "overlays/a-dangling.yaml": "# adds a rule from a node the pack lacks\n"
            "overlay: {id: dangling, title: Dangling}\n" + ghost,
            "overlays/b-drop.yaml": "overlay: {id: thin, title: Thin}\ndrop: [path_lifts_yield]\n",
            "overlays/c-broken.yaml": "overlay: {id: broken, title: Broken}\nchanges: [\n",
            "overlays/d-clean.yaml": OVERLAY,
            "overlays/notes.txt": "not an overlay",
        },
    )
    out = cli("lint", str(folder))
    lines = out.stdout.splitlines()
    assert out.code == 1
    assert lines[0] == (
        f"{folder}/overlays/a-dangling.yaml:4: error: id 'ghost_moves_currency', "
        "field 'source': unknown node 'ghost'"
    )
    assert lines[1].startswith(f"{folder}/overlays/b-drop.yaml:1: warning: id 'bond_yield', ")
    assert lines[1].endswith(
        "no scenario shock reaches this node (with this overlay applied, at nodes.yaml:16)"
    )
    assert lines[2].startswith(f"{folder}/overlays/b-drop.yaml:1: warning: id 'currency', ")
    assert lines[3].startswith(f"{folder}/overlays/c-broken.yaml:3: error: ")
    assert lines[4:] == [f"{folder}: 2 errors, 2 warnings"]
    found = json.loads(cli("lint", str(folder), "--format", "json").stdout)["findings"]
    assert [(f["file"], f["line"]) for f in found] == [
        ("overlays/a-dangling.yaml", 4),
        ("overlays/b-drop.yaml", 1),
        ("overlays/b-drop.yaml", 1),
        ("overlays/c-broken.yaml", 3),
    ]
    # with --overlay the folder's other overlays are still checked, each on the pack alone
    out = cli("lint", str(folder), "--overlay", "d-clean")
    assert f"{folder}/overlays/a-dangling.yaml:4: error:" in out.stdout
    out = cli("lint", str(folder), "--overlay", "b-drop")  # its findings once, as applied
    assert "b-drop.yaml" not in out.stdout
    assert f"{folder}/nodes.yaml:16: warning: id 'bond_yield'" in out.stdout


def test_a_missing_overlay_is_named_as_given_and_where_it_was_looked_for(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'--overlay sub/broken.yaml' once read 'december-2025 (bundled)/sub/broken.yaml': a
    file inside the bundled pack, where it was never looked for."""
    monkeypatch.chdir(tmp_path)
    out = cli("whatif", "BoJ skips", "--draws", "0", "--overlay", "sub/broken.yaml")
    assert (out.code, out.stdout) == (2, "")
    assert out.stderr == (
        "macrograph: cannot read overlay sub/broken.yaml: no such file "
        f"(looked for {tmp_path}/sub/broken.yaml)\n"
    )
    folder = write_pack(tmp_path, {"overlays/steeper.yaml": OVERLAY, "overlays/flat.yml": OVERLAY})
    out = cli("lint", str(folder), "--overlay", "steep")
    assert (out.code, out.stdout) == (2, "")
    assert out.stderr == (
        "macrograph: cannot read overlay steep: the pack has no overlay of that name and there "
        f"is no such file (looked for {folder}/overlays/steep.yaml and {tmp_path}/steep); the "
        "pack's overlays: flat, steeper\n"
    )
    out = cli("whatif", "hold", "--pack", "pack", "--overlay", "pack/overlays/steeper.yaml")
    assert out.code == 0, out.stderr  # a path is read from the current folder
    out = cli("whatif", "hold", "--pack", str(folder), "--overlay", "steeper.yaml")
    assert out.stderr == (
        "macrograph: cannot read overlay steeper.yaml: no such file "
        f"(looked for {tmp_path}/steeper.yaml)\n"
    )


def test_an_overlay_is_found_by_the_id_a_note_names_it_by(tmp_path: Path, cli: Cli) -> None:
    # a note names an overlay by its id ('overlay `short-view`'), which the user then typed:
    # refused, as the file is short_view.yaml
    view = OVERLAY.replace("id: steeper", "id: short-view")
    folder = write_pack(tmp_path, {"overlays/short_view.yaml": view})
    out = cli("whatif", "hold", "--pack", str(folder), "--overlay", "short-view", "--draws", "0")
    assert out.code == 0, out.stderr
    by_file = cli(
        "whatif", "hold", "--pack", str(folder), "--overlay", "short_view", "--draws", "0"
    )
    assert out.stdout == by_file.stdout
    # an id two files declare names neither
    folder = write_pack(tmp_path / "two", {"overlays/a.yaml": view, "overlays/b.yaml": view})
    out = cli("whatif", "hold", "--pack", str(folder), "--overlay", "short-view")
    assert out.code == 2 and out.stderr.startswith(
        "macrograph: cannot read overlay short-view: the pack has no overlay of that name"
    )


def test_backtest_says_which_overlay_was_applied(tmp_path: Path, cli: Cli) -> None:
    folder = write_pack(tmp_path, {"episodes.yaml": EPISODE})  # a backtest needs an episode
    (tmp_path / "o.yaml").write_text(OVERLAY)
    out = cli("backtest", "--pack", str(folder), "--overlay", str(tmp_path / "o.yaml"))
    assert out.code == 0
    # by its title, as a reader knows it, and its id, as the command line names it: the id
    # alone read 'with the overlay steeper'
    said = " ".join(out.stdout.split())
    assert 'with the overlay "A steeper yield response" (steeper)' in said


@pytest.mark.parametrize("fmt", ["text", "md"])
def test_whatif_with_an_overlay_golden(tmp_path: Path, cli: Cli, golden: Any, fmt: str) -> None:
    folder = write_pack(tmp_path)
    (tmp_path / "o.yaml").write_text(OVERLAY)
    args = ["whatif", "hold", "--pack", str(folder), "--overlay", str(tmp_path / "o.yaml")]
    out = cli(*args, "--draws", "200", "--format", fmt)
    assert out.code == 0, out.stderr
    # by its title, as a reader knows it, and its id, as the command line names it: the id
    # alone read 'with the overlay steeper'
    said = " ".join(out.stdout.replace("`", "").split())
    assert 'with the overlay "A steeper yield response" (steeper)' in said
    golden(f"evidence/whatif-overlay.{'txt' if fmt == 'text' else 'md'}", out.stdout)


@pytest.mark.parametrize("command", ["whatif", "explain"])
def test_json_answers_name_the_overlay_they_were_computed_with(
    tmp_path: Path, cli: Cli, command: str
) -> None:
    folder = write_pack(tmp_path)
    (tmp_path / "o.yaml").write_text(OVERLAY)
    asked = ["bond_yield", "--scenario", "hold"] if command == "explain" else ["hold"]
    base = [command, *asked, "--pack", str(folder)]
    plain = cli(*base, "--draws", "0", "--format", "json")
    overlaid = cli(*base, "--overlay", str(tmp_path / "o.yaml"), "--draws", "0", "--format", "json")
    assert plain.code == overlaid.code == 0, plain.stderr + overlaid.stderr
    assert json.loads(plain.stdout)["overlay"] is None
    assert json.loads(overlaid.stdout)["overlay"] == "steeper"


def test_an_overlay_leaves_the_data_checks_as_the_pack_has_them() -> None:
    # lint leaves the series and observation checks out of an overlay's own lint: an overlay
    # changes rules and baselines, so they find what the pack's lint found, finding for finding
    pack = load_pack()
    overlaid = apply_overlay(pack, overlay_path(pack.root, "article"))
    for check in DATA_FILE_CHECKS:
        assert check(overlaid) == check(pack), check.__name__
    assert set(DATA_FILE_CHECKS) <= set(CHECKS)  # left out of an overlay's lint, not of lint
    assert not set(DATA_FILE_CHECKS) & set(OVERLAY_CHECKS)
