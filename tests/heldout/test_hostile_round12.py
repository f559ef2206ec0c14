"""Held-out hostile inputs, round 12: what the hostile corpus and the earlier held-out
checks did not try.

Each test here failed before the fix it guards. The packs are the held-out test packs
(tests/packs/) copied into a temporary folder and altered, or given from a folder whose
name is hostile, so the machinery is attacked through packs it was not written for.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from macrograph.rules import limits
from macrograph.rules.reading import folder
from tests.packfactory import Cli

PACKS = Path(__file__).parents[1] / "packs"
HIDDEN = "\u202e\u200b"  # a right-to-left override and a zero-width space


def copy_pack(name: str, folder: Path) -> Path:
    """A copy of the test pack ``name`` at ``folder``, to alter."""
    shutil.copytree(PACKS / name, folder)
    return folder


def test_lint_names_a_hostile_pack_folder_escaped(cli: Cli, tmp_path: Path) -> None:
    # the summary line printed the folder as given: its bidi override and newline raw
    pack = copy_pack("heldout_transport", tmp_path / f"ev{HIDDEN}il\nx")
    out = cli("lint", str(pack))
    assert out.code == 0, out.stderr
    shown = f"{tmp_path}/ev\\u202e\\u200bil x"
    assert out.stdout == f"{shown}: 0 errors, 0 warnings\n"


def test_diagram_steps_names_a_hostile_folder_escaped(cli: Cli, tmp_path: Path) -> None:
    # "wrote PATH" printed each frame's path as given: a bidi override reached the terminal
    pack = copy_pack("heldout_transport", tmp_path / "pack")
    steps = tmp_path / f"frames{HIDDEN}\n"
    out = cli("diagram", "congestion-charge", "--pack", str(pack), "--steps", str(steps))
    assert out.code == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines and all(
        line.startswith(f"wrote {tmp_path}/frames\\u202e\\u200b /step-") for line in lines
    ), out.stdout
    assert sorted(p.name for p in steps.iterdir()) == [f"step-{i:02d}.svg" for i in range(1, 6)]


def test_the_cache_warning_names_a_hostile_folder_escaped(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the warning printed MACROGRAPH_CACHE as set: its bidi override and newline raw
    cache = tmp_path / f"cache{HIDDEN}\nx"
    cache.mkdir()
    cache.chmod(0o777)
    monkeypatch.setenv("MACROGRAPH_CACHE", str(cache))
    out = cli("list", "nodes", "--pack", str(PACKS / "heldout_transport"))
    assert out.code == 0, out.stderr
    assert out.stderr == (
        f"macrograph: warning: not using the pack cache {tmp_path}/cache\\u202e\\u200b x: "
        "others can write to it; run 'chmod go-w' on it, or set MACROGRAPH_CACHE to off\n"
    )


def test_an_overlay_that_is_a_folder_or_a_device_is_called_what_it_is(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # an overlay path that is there but is no file was refused as "no such file"
    pack = str(PACKS / "heldout_transport")
    (tmp_path / "fit.yaml").mkdir()
    (tmp_path / "fit").mkdir()
    monkeypatch.chdir(tmp_path)
    run = ("whatif", "congestion-charge", "--pack", pack, "--draws", "0", "--overlay")
    cases = {
        "fit.yaml": f"{tmp_path}/fit.yaml is a folder, not a file",
        "/dev/null": "/dev/null is not a regular file",
        "fit": (
            f"the pack has no overlay of that name and {tmp_path}/fit is a folder, not a file; "
            "the pack's overlays: none"
        ),
    }
    for given, why in cases.items():
        out = cli(*run, given)
        assert (out.code, out.stdout) == (2, ""), given
        assert out.stderr == f"macrograph: cannot read overlay {given}: {why}\n"


def test_bounds_and_keys_are_refused_in_the_packs_own_words(cli: Cli, tmp_path: Path) -> None:
    # pydantic's own words came through: "Input should be greater than 0", "String should
    # have at most 32 characters", "Keys should be strings"
    pack = copy_pack("heldout_transport", tmp_path / "pack")
    info, nodes = pack / "pack.yaml", pack / "nodes.yaml"
    text = info.read_text(encoding="utf-8")
    text = text.replace('" km/h", decimals: 1, typical: 0.5}', '" km/h", typical: 0}')
    rush = " minutes lost to queues in the morning rush"  # past 32 characters
    text = text.replace('suffix: " minutes",', f'suffix: "{rush}",')
    info.write_text(text, encoding="utf-8")
    text = nodes.read_text(encoding="utf-8")
    nodes.write_text(text.replace("    label: Fuel price\n", "    label: Fuel price\n    7: x\n"))
    out = cli("list", "nodes", "--pack", str(pack))
    assert (out.code, out.stdout) == (2, ""), out.stderr
    assert out.stderr.splitlines() == [
        f"macrograph: {nodes}:22: error: id 'fuel_price', field '7': a key must be the name "
        "of a field (got 7)",
        f"  {info}:27: error: id 'transport', field 'units.2.typical': must be greater than 0 "
        "(got 0)",
        f"  {info}:28: error: id 'transport', field 'units.3.suffix': must be at most 32 "
        f"characters (got '{rush}')",
    ]


@pytest.mark.parametrize(
    ("file", "text", "message"),
    [
        (
            "nodes.yaml",
            "nodes:\n",
            "nodes.yaml:1: error: field 'nodes': 'nodes' must be a list of nodes "
            "(start each with '- ')",
        ),
        (
            "pack.yaml",
            "- pack\n",
            "pack.yaml:1: error: the top level must be a mapping of sections: pack, claims, "
            "nodes, rules, scenarios, sources, facts, signals, episodes, series, institutions, "
            "calendar, regimes",
        ),
        ("pack.yaml", "", "pack.yaml:1: error: file is empty"),
    ],
    ids=["nodes-not-a-list", "pack-file-a-list", "pack-file-empty"],
)
def test_a_section_that_cannot_be_read_gives_one_message_not_a_cascade(
    cli: Cli, tmp_path: Path, file: str, text: str, message: str
) -> None:
    # every node of the groups and key outcomes was also reported unknown (16 lines), or
    # the pack: section it held was reported missing
    pack = copy_pack("heldout_transport", tmp_path / "pack")
    (pack / file).write_text(text, encoding="utf-8")
    out = cli("lint", str(pack))
    assert (out.code, out.stdout) == (2, "")
    assert out.stderr == f"macrograph: {pack}/{message}\n"


def test_an_overlays_bad_value_is_named_under_the_rule_or_node_it_changes(
    cli: Cli, tmp_path: Path
) -> None:
    # a change or baseline refused by its type named no id; a reference to an unknown rule
    # in the same list did
    overlay = tmp_path / "fit.yaml"
    overlay.write_text(
        "overlay: {id: fit, title: A fit, cites: {basis: assumption, rationale: r}}\n"
        "changes:\n"
        "  - {rule: charge_deters_driving, elasticity: .nan}\n"
        "baselines:\n"
        "  - {node: car_trips, value: lots, as_of: 2026-03-02,\n"
        "     cites: {basis: assumption, rationale: r}}\n",
        encoding="utf-8",
    )
    pack = str(PACKS / "heldout_transport")
    out = cli("whatif", "congestion-charge", "--pack", pack, "--overlay", str(overlay))
    assert (out.code, out.stdout) == (2, "")
    assert out.stderr.splitlines() == [
        f"macrograph: {overlay}:3: error: id 'charge_deters_driving', field "
        "'changes.0.elasticity': must be a finite number (NaN and infinity are not allowed)",
        f"  {overlay}:5: error: id 'car_trips', field 'baselines.0.value': must be a number "
        "(got 'lots')",
    ]


def test_no_output_is_written_through_a_link_into_the_packs_files(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the pack-file check read the suffix of the path as given (out.md), not of the file it
    # links to, and checked the output named alone, not the charts written beside it: the
    # what-if was written over the pack's rules.yaml and nodes.yaml
    pack = copy_pack("heldout_transport", tmp_path / "pack")
    before = {p.name: p.read_bytes() for p in pack.iterdir()}
    (tmp_path / "out.md").symlink_to(pack / "rules.yaml")
    (tmp_path / "note-moves.svg").symlink_to(pack / "nodes.yaml")
    (tmp_path / "frames").mkdir()
    (tmp_path / "frames" / "step-02.svg").symlink_to(pack / "scenarios.yaml")
    monkeypatch.chdir(tmp_path)
    runs = {
        "out.md": ("whatif", "congestion-charge", "--draws", "0", "-o", "out.md"),
        "note-moves.svg": ("whatif", "congestion-charge", "--draws", "0", "-o", "note.md"),
        "frames/step-02.svg": ("diagram", "congestion-charge", "--steps", "frames"),
    }
    for refused, args in runs.items():
        out = cli(*args, "--pack", "pack")
        assert (out.code, out.stdout) == (2, ""), refused
        assert out.stderr == (
            f"macrograph: cannot write {refused}: it is, or would become, a file of the pack "
            "(pack); write it elsewhere\n"
        )
    assert {p.name: p.read_bytes() for p in pack.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "frames",
        "note-moves.svg",
        "out.md",
        "pack",
    ]
    assert [p.name for p in (tmp_path / "frames").iterdir()] == ["step-02.svg"]


def test_a_series_saved_with_a_byte_order_mark_is_read(cli: Cli, tmp_path: Path) -> None:
    # a spreadsheet's UTF-8 CSV starts with a BOM: its header 'date,value' was refused as
    # not 'date,value' (a YAML file with one was read)
    pack = copy_pack("markets", tmp_path / "pack")
    csv = pack / "data" / "bond_2y.csv"
    plain = cli(
        "data", "show", "bond_2y", "--from", "2025-01-01", "--to", "2025-03-01", "--pack", str(pack)
    )
    csv.write_bytes(b"\xef\xbb\xbf" + csv.read_bytes())
    out = cli(
        "data", "show", "bond_2y", "--from", "2025-01-01", "--to", "2025-03-01", "--pack", str(pack)
    )
    assert (out.code, out.stderr) == (0, "")
    assert out.stdout == plain.stdout and "2025-01-02" in out.stdout


def test_a_series_cell_of_a_hundred_thousand_characters_is_quoted_short(
    cli: Cli, tmp_path: Path
) -> None:
    # the message quoted the whole cell: one line of 100,000 characters
    pack = copy_pack("markets", tmp_path / "pack")
    csv = pack / "data" / "bond_2y.csv"
    lines = csv.read_text().splitlines()
    lines[30] = lines[30].split(",")[0] + ",x" + "9" * 99_999
    csv.write_text("\n".join(lines) + "\n")
    out = cli(
        "data", "show", "bond_2y", "--from", "2025-01-01", "--to", "2025-03-01", "--pack", str(pack)
    )
    assert (out.code, out.stdout) == (2, "")
    assert out.stderr == (
        f"macrograph: {pack / 'pack.yaml'}:146: error: id 'bond_2y', field 'file': "
        f"data/bond_2y.csv:31: 'x{'9' * 39}...' (100000 characters) is not a number\n"
    )


def test_an_id_of_five_thousand_characters_is_named_short(cli: Cli, tmp_path: Path) -> None:
    # the message named the whole id: a line of 5,000 characters
    pack = copy_pack("heldout_transport", tmp_path / "pack")
    nodes = pack / "nodes.yaml"
    nodes.write_text(
        nodes.read_text().replace("  - id: transit_fare\n", "  - id: " + "a" * 5000 + "\n")
    )
    out = cli("lint", str(pack))
    assert (out.code, out.stdout) == (2, "")
    assert out.stderr.splitlines()[0] == (
        f"macrograph: {nodes}:11: error: id '{'a' * 64}... (5000 characters)', field 'id': "
        "must be lower-case letters, digits and '_', starting with a letter"
    )


def test_a_diagram_and_its_frames_folder_of_one_name_write_nothing(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # both were checked as new, so the frames folder was made and filled, then the diagram
    # could not replace it: exit 2 with a folder of five frames left behind
    monkeypatch.chdir(tmp_path)
    pack = str(PACKS / "heldout_transport")
    for frames in ("x.svg", "x.svg/frames"):  # the folder itself, or one made above it
        out = cli("diagram", "congestion-charge", "--pack", pack, "--steps", frames, "-o", "x.svg")
        assert (out.code, out.stdout) == (2, "")
        assert out.stderr == (
            f"macrograph: cannot write x.svg: it is also a folder to write into ({frames})\n"
        )
        assert list(tmp_path.iterdir()) == []


def test_an_extra_argument_is_shown_with_hidden_characters_escaped(cli: Cli) -> None:
    # click's "Got unexpected extra argument (...)" printed it as typed: a bidi override,
    # a newline and a bell reached the terminal
    pack = str(PACKS / "heldout_transport")
    out = cli("list", "nodes", "--pack", pack, f"extra{HIDDEN}\n\x07")
    assert (out.code, out.stdout) == (2, "")
    assert out.stderr.splitlines()[-1] == (
        "Error: Got unexpected extra argument (extra\\u202e\\u200b \\x07)"
    )
    out = cli("data", "show", "x", "y\u202e", "--from", "2025-01-01", "--to", "2025-02-01")
    assert out.stderr.splitlines()[-1] == "Error: Got unexpected extra argument (y\\u202e)"


def test_episodes_written_over_a_file_of_nodes_are_refused_in_one_message(
    cli: Cli, tmp_path: Path
) -> None:
    # the pack was read without the file about to be replaced, so every node it held was
    # reported unknown in the groups and key outcomes, and not why
    pack = copy_pack("markets", tmp_path / "pack")
    before = (pack / "pack.yaml").read_bytes()
    out = cli("data", "episodes", "-o", str(pack / "pack.yaml"), "--pack", str(pack))
    assert (out.code, out.stdout) == (2, "")
    assert out.stderr == (
        f"macrograph: cannot write {pack}/pack.yaml: it holds the pack's calendar, "
        "institutions, nodes, pack, rules, scenarios, series, sources, not its episodes "
        "alone; write the episodes to a file of their own\n"
    )
    assert (pack / "pack.yaml").read_bytes() == before
    again = cli("data", "episodes", "-o", str(pack / "episodes-calendar.yaml"), "--pack", str(pack))
    assert (again.code, again.stderr) == (0, "")  # the episodes' own file is made again


@pytest.mark.slow
def test_calibrate_writes_no_overlay_when_the_pack_file_cannot_be_written(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the overlay was written, then the pack's file was refused: exit 2 with fit.yaml left
    pack = copy_pack("markets", tmp_path / "pack")
    info = pack / "pack.yaml"
    before = info.read_bytes()
    real_access = os.access

    def read_only(path: Any, mode: int, **kwargs: Any) -> bool:  # as for a user without root
        if Path(path) == info and mode & os.W_OK:
            return False
        return real_access(path, mode, **kwargs)

    monkeypatch.setattr(os, "access", read_only)
    fit = tmp_path / "fit.yaml"
    out = cli("calibrate", "--draws", "0", "-o", str(fit), "--write-pack", "--pack", str(pack))
    assert (out.code, out.stdout) == (2, "")
    assert out.stderr == f"macrograph: cannot write {info}: {info} is not writable\n"
    assert not fit.exists() and info.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack"]


def test_a_whole_tree_given_as_the_pack_is_refused_without_walking_it(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # every folder under --pack was walked before any limit applied: --pack / or a home
    # folder ran for minutes
    pack = copy_pack("heldout_transport", tmp_path / "pack")
    for i in range(40):
        (pack / "junk" / f"d{i:02d}").mkdir(parents=True)
        for j in range(10):
            (pack / "junk" / f"d{i:02d}" / f"f{j}.txt").write_text("x")
    monkeypatch.setattr(limits, "MAX_PACK_ENTRIES", 100)
    scanned: list[object] = []
    real_scandir = os.scandir

    def counted(path: Any) -> Any:
        scanned.append(path)
        return real_scandir(path)

    monkeypatch.setattr(folder.os, "scandir", counted)
    out = cli("list", "nodes", "--pack", str(pack))
    assert (out.code, out.stdout) == (2, "")
    assert out.stderr == (
        f"macrograph: {pack}: error: the folder holds more than 100 files and folders; "
        "a pack folder holds a pack's files, not a whole tree\n"
    )
    # each walk (the cache's, the loader's) stopped at its bound; the tree has 42 folders
    assert len(scanned) < 20


def test_lint_warns_about_a_name_two_nodes_share(cli: Cli, tmp_path: Path) -> None:
    # a typo'd or copied alias named two nodes; lint said nothing and a question naming it
    # silently meant the first node
    pack = copy_pack("heldout_transport", tmp_path / "pack")
    nodes = pack / "nodes.yaml"
    nodes.write_text(
        nodes.read_text().replace("aliases: [fare, fares,", "aliases: [charge, fares,")
    )
    out = cli("lint", str(pack))
    assert (out.code, out.stderr) == (0, "")
    assert out.stdout == (
        f"{nodes}:11: warning: id 'transit_fare', field 'aliases.0': 'charge' also names node "
        "'congestion_charge' (its aliases.0, 'charge'): a question naming it means "
        "'congestion_charge'\n"
        f"{pack}: 0 errors, 1 warning\n"
    )
    said = cli("explain", "charge", "--pack", str(pack), "--draws", "0")
    assert said.code == 0 and said.stdout.startswith("Why the congestion charge moved\n")


@pytest.mark.parametrize("kind", ["folder", "device", "latin-1"])
def test_a_template_override_that_is_no_utf8_file_is_refused_by_name(
    cli: Cli, tmp_path: Path, kind: str
) -> None:
    # a folder or a link to /dev/zero named like a template was skipped (the bundled one
    # ran); a template saved in Latin-1 failed with the codec's "'utf-8' codec can't decode"
    entry = tmp_path / "whatif.txt.j2"
    if kind == "folder":
        entry.mkdir()
    elif kind == "device":
        entry.symlink_to("/dev/zero")
    else:
        entry.write_bytes("Caf\xe9 {{ title }}".encode("latin-1"))
    out = cli("whatif", "BoJ skips", "--draws", "0", "--templates", str(tmp_path))
    assert (out.code, out.stdout) == (2, "")
    said = {
        "folder": f"{entry} is not a regular file (a folder, a device or a broken link)",
        "device": f"{entry} is not a regular file (a folder, a device or a broken link)",
        "latin-1": "is not UTF-8 text (byte 0xe9 at 3)",
    }[kind]
    assert out.stderr == f"macrograph: template whatif.txt.j2: {said}\n"


@pytest.mark.parametrize(
    ("cell", "said"),
    [
        ("date", "'20250212' is not a date (YYYY-MM-DD)"),  # read as 12 Feb 2025
        ("week", "'2025-W01-4' is not a date (YYYY-MM-DD)"),  # read as an ISO week day
        ("value", "'1_53.97' is not a number"),  # read as 153.97
    ],
)
def test_a_series_cell_is_read_as_strictly_as_a_packs(
    cli: Cli, tmp_path: Path, cell: str, said: str
) -> None:
    pack = copy_pack("markets", tmp_path / "pack")
    csv = pack / "data" / "bond_2y.csv"
    lines = csv.read_text().splitlines()
    day, _ = lines[30].split(",")
    shown = {"date": day.replace("-", ""), "week": "2025-W01-4", "value": day}[cell]
    lines[30] = f"{shown},1_53.97" if cell == "value" else f"{shown},1.5"
    csv.write_text("\n".join(lines) + "\n")
    out = cli(
        "data", "show", "bond_2y", "--from", "2025-01-01", "--to", "2025-03-01", "--pack", str(pack)
    )
    assert (out.code, out.stdout) == (2, "")
    assert out.stderr.endswith(f"data/bond_2y.csv:31: {said}\n")


def test_a_shock_too_large_to_run_is_refused_at_its_line(cli: Cli, tmp_path: Path) -> None:
    # 'change: 1e300' in a scenario ran into the engine's overflow, named by node and field
    # but by no file, line or id
    pack = copy_pack("heldout_transport", tmp_path / "pack")
    scenarios = pack / "scenarios.yaml"
    text = scenarios.read_text()
    first = text.index("change: 15")
    scenarios.write_text(text[:first] + "change: 1e300" + text[first + len("change: 15") :])
    out = cli("whatif", "congestion-charge", "--pack", str(pack), "--draws", "0")
    assert (out.code, out.stdout) == (2, "")
    line = text[:first].count("\n") + 1
    assert out.stderr == (
        f"macrograph: {scenarios}:{line}: error: id 'congestion-charge', field "
        "'shocks.0.change': must be at most 1e+12 (got 1e+300)\n"
    )
