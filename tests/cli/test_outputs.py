"""Outputs: every path checked before anything is written, devices and FIFOs written in place.

Devices are made in ``tmp_path`` with ``os.mknod`` (the tests run as root; they are
skipped where mknod is refused), never the real ``/dev``. Each test compares a
snapshot of the folder before and after: nothing but the intended output may change.
"""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from macrograph.explain.errors import OutputError
from macrograph.explain.files import write_files
from tests.packfactory import Cli

Snapshot = dict[str, tuple[str, int, int, str]]


def snapshot(folder: Path) -> Snapshot:
    """Every entry under ``folder``: kind, size, mtime and a hash of its content (or link)."""
    found: Snapshot = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            found[str(path.relative_to(folder))] = ("link", 0, 0, os.readlink(path))
        elif stat.S_ISREG(info.st_mode):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            found[str(path.relative_to(folder))] = ("file", info.st_size, info.st_mtime_ns, digest)
        else:
            kind = "dir" if stat.S_ISDIR(info.st_mode) else f"special:{info.st_rdev}"
            found[str(path.relative_to(folder))] = (kind, 0, info.st_mtime_ns, "")
    return found


def make_device(path: Path, minor: int) -> Path:
    """A character device like /dev/null (minor 3) or /dev/full (minor 7), in a test folder."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except (PermissionError, OSError) as err:
        pytest.skip(f"mknod refused: {err}")
    return path


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in a fresh folder, so that paths are given as a user types them."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def export_json(cli: Cli) -> str:
    out = cli("export", "--format", "json")
    assert out.code == 0
    return out.stdout


# --- paths checked first, messages naming the path as typed -------------------------------


def test_a_missing_folder_is_named_as_typed(cli: Cli, here: Path) -> None:
    (here / "keep.txt").write_text("mine")
    before = snapshot(here)
    out = cli("export", "-o", "out/x.json")
    assert (out.code, out.stderr) == (
        2,
        "macrograph: cannot write out/x.json: the folder out does not exist\n",
    )
    assert snapshot(here) == before


def test_the_first_missing_folder_is_named(cli: Cli, here: Path) -> None:
    out = cli("whatif", "BoJ skips", "--draws", "0", "-o", "a/b/x.txt")
    assert (out.code, out.stderr) == (
        2,
        "macrograph: cannot write a/b/x.txt: the folder a does not exist\n",
    )
    assert snapshot(here) == {}


def test_a_folder_that_is_a_file(cli: Cli, here: Path) -> None:
    (here / "f").write_text("a file")
    before = snapshot(here)
    out = cli("export", "-o", "f/x.json")
    assert (out.code, out.stderr) == (2, "macrograph: cannot write f/x.json: f is not a folder\n")
    assert snapshot(here) == before


def test_a_read_only_folder(cli: Cli, here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # As root every folder is writable, so the check is made to answer as for a user.
    (here / "ro").mkdir()
    real_access = os.access

    def access(path: object, mode: int, **kwargs: object) -> bool:
        if Path(str(path)).name == "ro":
            return False
        return real_access(path, mode)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)
    before = snapshot(here)
    out = cli("export", "-o", "ro/x.json")
    assert (out.code, out.stderr) == (
        2,
        "macrograph: cannot write ro/x.json: the folder ro is not writable\n",
    )
    assert snapshot(here) == before


def test_a_target_that_is_a_folder(cli: Cli, here: Path) -> None:
    (here / "d.json").mkdir()
    (here / "d.json" / "inside").write_text("kept")
    before = snapshot(here)
    out = cli("export", "-o", "d.json")
    assert (out.code, out.stderr) == (2, "macrograph: cannot write d.json: d.json is a folder\n")
    assert snapshot(here) == before


def test_a_symlink_loop_is_refused_not_replaced(cli: Cli, here: Path) -> None:
    os.symlink("loop2", here / "loop1")
    os.symlink("loop1", here / "loop2")
    before = snapshot(here)
    out = cli("export", "--format", "json", "-o", "loop1")
    assert (out.code, out.stderr) == (
        2,
        "macrograph: cannot write loop1: Too many levels of symbolic links\n",
    )
    assert snapshot(here) == before


def test_brief_onto_a_folder_leaves_the_svg_beside_it(cli: Cli, here: Path) -> None:
    (here / "note.md").mkdir()
    (here / "note.svg").write_text("my own drawing")
    before = snapshot(here)
    out = cli("brief", "-o", "note.md", "--draws", "0")
    assert (out.code, out.stderr) == (2, "macrograph: cannot write note.md: note.md is a folder\n")
    assert snapshot(here) == before


def test_brief_whose_svg_is_a_folder_leaves_the_note(cli: Cli, here: Path) -> None:
    (here / "note.md").write_text("my own note")
    (here / "note.svg").mkdir()
    before = snapshot(here)
    out = cli("brief", "-o", "note.md", "--draws", "0")
    assert (out.code, out.stderr) == (
        2,
        "macrograph: cannot write note.svg: note.svg is a folder\n",
    )
    assert snapshot(here) == before


def test_a_failed_rename_names_the_path_and_leaves_no_temporary_file(
    cli: Cli, here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (here / "x.json").write_text("old")
    before = snapshot(here)

    def broken(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    out = cli("export", "-o", "x.json")
    assert (out.code, out.stderr) == (
        2,
        "macrograph: cannot write x.json: No space left on device\n",
    )
    assert snapshot(here) == before  # no .x.json.*.tmp


def test_a_failed_temporary_file_names_the_path(
    cli: Cli, here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    def refused(*_: object, **__: object) -> None:
        raise OSError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    out = cli("export", "-o", "x.json")
    assert (out.code, out.stderr) == (2, "macrograph: cannot write x.json: Permission denied\n")
    assert snapshot(here) == {}


# --- devices, FIFOs, symlinks and standard output --------------------------------------


def test_a_null_device_is_written_into_not_replaced(cli: Cli, here: Path) -> None:
    device = make_device(here / "null", 3)
    before = snapshot(here)
    out = cli("export", "--format", "json", "-o", "null")
    assert (out.code, out.stderr) == (0, "")
    assert stat.S_ISCHR(device.lstat().st_mode)
    assert {k: v[0] for k, v in snapshot(here).items()} == {k: v[0] for k, v in before.items()}


def test_a_full_device_is_exit_2_naming_the_path(cli: Cli, here: Path) -> None:
    device = make_device(here / "full", 7)
    before = snapshot(here)
    out = cli("export", "--format", "json", "-o", "full")
    assert (out.code, out.stderr) == (2, "macrograph: cannot write full: No space left on device\n")
    assert stat.S_ISCHR(device.lstat().st_mode)
    assert set(snapshot(here)) == set(before)  # no temporary file, no regular file


def test_a_symlink_to_a_device_stays_a_symlink(cli: Cli, here: Path) -> None:
    make_device(here / "null", 3)
    os.symlink("null", here / "out")
    out = cli("export", "--format", "json", "-o", "out")
    assert out.code == 0
    assert os.readlink(here / "out") == "null" and stat.S_ISCHR((here / "null").lstat().st_mode)


def test_a_symlink_to_a_file_stays_a_symlink_and_its_target_is_written(
    cli: Cli, here: Path
) -> None:
    (here / "real.json").write_text("old")
    os.symlink("real.json", here / "link.json")
    out = cli("export", "-o", "link.json")
    assert out.code == 0
    assert os.readlink(here / "link.json") == "real.json"
    assert (here / "real.json").read_text() == export_json(cli)
    assert sorted(p.name for p in here.iterdir()) == ["link.json", "real.json"]


def test_a_fifo_is_written_into(cli: Cli, here: Path) -> None:
    fifo = here / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    out = cli("export", "--format", "json", "-o", "pipe")
    reader.join(timeout=60)
    assert (out.code, out.stderr) == (0, "")
    assert received == [export_json(cli).encode()]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert sorted(p.name for p in here.iterdir()) == ["pipe"]


@pytest.mark.parametrize("name", ["-", pytest.param("/dev/stdout", marks=pytest.mark.slow)])
def test_dash_and_dev_stdout_go_to_standard_output(cli: Cli, here: Path, name: str) -> None:
    out = cli("export", "-o", name)
    assert (out.code, out.stdout) == (0, export_json(cli))
    out = cli("diagram", "boj-skips", "-o", name)
    assert out.code == 0 and out.stdout.startswith("digraph")
    out = cli("brief", "-o", name, "--draws", "0")
    assert out.code == 0 and out.stdout.startswith("# Briefing note")
    assert snapshot(here) == {}


@pytest.mark.slow
def test_a_closed_pipe_on_stdout_ends_quietly(tmp_path: Path) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "macrograph.explain.cli", "export", "-o", "/dev/stdout"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr.decode()) == (0, "")  # as `| head` expects


def test_nothing_staged_is_put_in_place_when_a_device_fails(tmp_path: Path) -> None:
    full = make_device(tmp_path / "full", 7)
    (tmp_path / "a.md").write_text("old")
    before = snapshot(tmp_path)
    with pytest.raises(OutputError) as raised:
        write_files([(tmp_path / "a.md", "new"), (full, "x")])
    assert (raised.value.path, raised.value.detail) == (str(full), "No space left on device")
    assert snapshot(tmp_path) == before


# --- --steps ---------------------------------------------------------------------------


def test_steps_replace_only_their_own_frames(cli: Cli, here: Path) -> None:
    frames = here / "frames"
    frames.mkdir()
    for name, text in [("step-99.dot", "older"), ("notes.txt", "mine"), ("step-01.svg", "svg")]:
        (frames / name).write_text(text)
    before = snapshot(here)
    out = cli("diagram", "boj-skips", "--format", "dot", "--steps", "frames")
    assert out.code == 0, out.stderr
    written = [line.removeprefix("wrote ") for line in out.stdout.splitlines()]
    assert written and all(p.startswith("frames/step-") and p.endswith(".dot") for p in written)
    after = snapshot(here)
    assert {k: v for k, v in after.items() if k not in written and k != "frames"} == {
        k: v for k, v in before.items() if k != "frames"
    }


def test_steps_help_says_other_files_are_kept(cli: Cli) -> None:
    out = cli("diagram", "--help")
    assert "only the frames of this run are replaced, other files in" in " ".join(
        out.stdout.split()
    )


def test_steps_into_a_file_writes_nothing(cli: Cli, here: Path) -> None:
    (here / "frames").write_text("a file")
    before = snapshot(here)
    out = cli("diagram", "boj-skips", "--format", "dot", "--steps", "frames", "-o", "c.dot")
    assert (out.code, out.stderr) == (
        2,
        "macrograph: cannot write frames: frames is not a folder\n",
    )
    assert snapshot(here) == before


def test_frames_below_a_file_write_nothing(cli: Cli, here: Path) -> None:
    (here / "f").write_text("a file")
    before = snapshot(here)
    out = cli("diagram", "boj-skips", "--format", "dot", "--steps", "f/frames", "-o", "c.dot")
    assert (out.code, out.stderr) == (2, "macrograph: cannot write f/frames: f is not a folder\n")
    assert snapshot(here) == before


def test_a_frame_that_is_a_folder_stops_every_write(cli: Cli, here: Path) -> None:
    (here / "frames").mkdir()
    (here / "frames" / "step-01.dot").write_text("older")
    (here / "frames" / "step-02.dot").mkdir()
    (here / "c.dot").write_text("older chain")
    before = snapshot(here)
    out = cli("diagram", "boj-skips", "--format", "dot", "--steps", "frames", "-o", "c.dot")
    assert (out.code, out.stderr) == (
        2,
        "macrograph: cannot write frames/step-02.dot: frames/step-02.dot is a folder\n",
    )
    assert snapshot(here) == before


def test_a_made_frames_folder_is_removed_when_the_chain_cannot_be_written(
    cli: Cli, here: Path
) -> None:
    make_device(here / "full", 7)
    before = snapshot(here)
    out = cli("diagram", "boj-skips", "--format", "dot", "--steps", "new/frames", "-o", "full")
    assert (out.code, out.stderr) == (2, "macrograph: cannot write full: No space left on device\n")
    assert snapshot(here) == before


@pytest.mark.slow  # a brief of its own
def test_brief_onto_a_full_device_is_exit_2_and_writes_nothing(cli: Cli, here: Path) -> None:
    make_device(here / "full", 7)
    before = snapshot(here)
    out = cli("brief", "-o", "full", "--format", "md", "--draws", "0")
    assert (out.code, out.stderr) == (2, "macrograph: cannot write full: No space left on device\n")
    assert snapshot(here) == before  # no full.svg, no temporary file


@pytest.mark.slow  # a brief of its own
def test_brief_writes_the_note_and_its_svg_and_nothing_else(
    cli: Cli, here: Path, needs_dot: None
) -> None:
    (here / "keep.txt").write_text("mine")
    before = snapshot(here)
    out = cli("brief", "-o", "note.md", "--draws", "0")
    assert (out.code, out.stderr) == (0, "")
    after = snapshot(here)
    assert sorted(set(after) - set(before)) == [
        "note-fan.svg",
        "note-moves.svg",
        "note.md",
        "note.svg",
    ]
    assert {k: after[k] for k in before} == before
    assert "(note.svg)" in (here / "note.md").read_text()


@pytest.mark.slow
def test_a_descriptor_that_is_a_log_file_is_added_to_not_cut(tmp_path: Path) -> None:
    log = tmp_path / "log.txt"
    log.write_text("earlier lines\n")
    with log.open("ab") as handle:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "macrograph.explain.cli",
                "export",
                "--format",
                "json",
                "-o",
                "/dev/stderr",
            ],
            stdout=subprocess.PIPE,
            stderr=handle,
            cwd=tmp_path,
            timeout=120,
            check=False,
        )
    assert done.returncode == 0
    text = log.read_text()
    assert text.startswith("earlier lines\n{") and text.endswith("}\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.txt"]


def test_an_empty_path_is_named(cli: Cli, here: Path) -> None:
    out = cli("export", "--format", "json", "-o", "")
    assert (out.code, out.stderr) == (2, "macrograph: cannot write '': the path is empty\n")


def test_a_frame_and_the_chain_on_one_file_write_nothing(cli: Cli, here: Path) -> None:
    (here / "frames").mkdir()
    before = snapshot(here)
    args = ("diagram", "boj-skips", "--format", "dot", "--steps", "frames")
    out = cli(*args, "-o", "frames/step-01.dot")
    assert (out.code, out.stderr) == (
        2,
        "macrograph: cannot write frames/step-01.dot: it would be written twice "
        "(also as frames/step-01.dot)\n",
    )
    assert snapshot(here) == before


@pytest.mark.slow  # a brief of its own
def test_a_brief_into_a_device_writes_no_svg_beside_it(cli: Cli, here: Path) -> None:
    make_device(here / "null", 3)
    before = snapshot(here)
    out = cli("brief", "-o", "null", "--format", "md", "--draws", "0")
    assert (out.code, out.stderr) == (0, "")
    assert snapshot(here).keys() == before.keys()  # no null.svg


def test_a_path_ending_in_a_slash_is_not_made_a_file(cli: Cli, here: Path) -> None:
    out = cli("export", "--format", "json", "-o", "out/")
    assert (out.code, out.stderr) == (
        2,
        "macrograph: cannot write out/: the folder out does not exist\n",
    )
    assert snapshot(here) == {}
