"""Pack semantics: phrases name one scenario each, and the pack folder is read as it stands.

A phrase shared by two scenarios or one that normalises to nothing is a lint error naming
both places; ``whatif`` refuses an ambiguous phrase and never matches empty text. The
folder walk refuses symlinks out of the pack, reports symlink loops and unreadable
folders and files with their path, and calls a UTF-16 or Latin-1 file what it is.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from macrograph.explain.messages.questions import graph_error_lines
from macrograph.graph.errors import AmbiguousScenarioError, UnknownScenarioError
from macrograph.graph.scenarios import resolve_text
from macrograph.rules.reading.loader import load_pack
from tests.packfactory import BASE_FILES, Cli, write_pack

OUTSIDE_YAML = "nodes: [this would be an error: {\n"  # read, it would give a YAML error


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MACROGRAPH_CACHE", "off")


def with_phrases(base: str, hold: str) -> dict[str, str]:
    """The tiny pack's scenarios with phrase lists for ``base`` and ``hold``."""
    text = BASE_FILES["scenarios.yaml"]
    text = text.replace("half priced.\n", f"half priced.\n    phrases: {base}\n")
    text = text.replace("    extends: base\n", f"    extends: base\n    phrases: {hold}\n")
    return {"scenarios.yaml": text}


def failing_lines(cli: Cli, folder: Path, *args: str) -> list[str]:
    """stderr of a command that must fail with status 2, folder written as PACK."""
    out = cli(*(args or ("list", "nodes")), "--pack", str(folder))
    assert out.code == 2, out.stdout + out.stderr
    assert out.stdout == "" and "Traceback" not in out.stderr
    return [line.strip() for line in out.stderr.replace(str(folder), "PACK").splitlines()]


SHARED = (
    "PACK/scenarios.yaml:13: error: id 'hold', field 'phrases.0': phrase 'Bank acts!' also "
    "names scenario 'base' (field 'phrases.0', 'bank acts', at scenarios.yaml:2): a what-if "
    "could not tell them apart"
)
EMPTY = (
    "PACK/scenarios.yaml:2: error: id 'base', field 'phrases.1': phrase '？' has no letter "
    "or digit, so it names nothing a what-if could match"
)


def test_a_shared_phrase_is_a_lint_error_naming_both_places(cli: Cli, tmp_path: Path) -> None:
    folder = write_pack(tmp_path, with_phrases("[bank acts]", "[Bank acts!]"))
    out = cli("lint", str(folder))
    assert out.code == 1
    assert out.stdout.replace(str(folder), "PACK").splitlines() == [
        SHARED,
        "PACK: 1 error, 0 warnings",
    ]


def test_a_phrase_equal_to_another_scenarios_id_is_shared(cli: Cli, tmp_path: Path) -> None:
    folder = write_pack(tmp_path, with_phrases("[bank acts]", "[BASE]"))
    out = cli("lint", str(folder))
    assert out.stdout.replace(str(folder), "PACK").splitlines()[0] == (
        "PACK/scenarios.yaml:13: error: id 'hold', field 'phrases.0': phrase 'BASE' also names "
        "scenario 'base' (field 'id', 'base', at scenarios.yaml:2): a what-if could not tell "
        "them apart"
    )


def test_the_same_phrase_twice_in_one_scenario_is_not_ambiguous(cli: Cli, tmp_path: Path) -> None:
    folder = write_pack(tmp_path, with_phrases("[bank acts, what if the bank acts]", "[]"))
    assert cli("lint", str(folder)).code == 0


def test_whatif_refuses_a_pack_with_a_shared_phrase(cli: Cli, tmp_path: Path) -> None:
    folder = write_pack(tmp_path, with_phrases("[bank acts]", "[Bank acts!]"))
    lines = failing_lines(cli, folder, "whatif", "bank acts")
    assert lines == [f"macrograph: {SHARED}"]


def test_resolving_an_ambiguous_phrase_lists_the_candidates(tmp_path: Path) -> None:
    unlinted = load_pack(write_pack(tmp_path, with_phrases("[bank acts]", "[Bank acts!]")))
    with pytest.raises(AmbiguousScenarioError) as caught:
        resolve_text(unlinted, "What if the bank acts?")
    assert caught.value.candidates == ["base", "hold"]
    assert graph_error_lines(caught.value) == [
        "'What if the bank acts?' names more than one scenario: 'base' or 'hold'",
        "give the scenario id instead (list them with: macrograph list scenarios)",
    ]
    assert resolve_text(unlinted, "hold").id == "hold"  # an exact id is never ambiguous


def test_a_phrase_that_normalises_to_nothing_is_a_lint_error(cli: Cli, tmp_path: Path) -> None:
    folder = write_pack(tmp_path, with_phrases('[bank acts, "？"]', "[]"))
    out = cli("lint", str(folder))
    assert out.code == 1
    assert out.stdout.replace(str(folder), "PACK").splitlines() == [
        EMPTY,
        "PACK: 1 error, 0 warnings",
    ]


def test_empty_text_matches_no_scenario_even_an_empty_phrase(tmp_path: Path) -> None:
    unlinted = load_pack(write_pack(tmp_path, with_phrases('["？", "¿¡"]', "[]")))
    for text in ("？", "¿¡", "", "  "):
        with pytest.raises(UnknownScenarioError):
            resolve_text(unlinted, text)


def test_whatif_of_a_fullwidth_question_mark_matches_nothing(cli: Cli) -> None:
    out = cli("whatif", "？")
    assert out.code == 2 and out.stdout == ""
    assert out.stderr.splitlines()[0] == "macrograph: no scenario matches '？'"


# --- the pack folder ----------------------------------------------------------------


def test_a_symlink_out_of_the_pack_is_refused_not_followed(cli: Cli, tmp_path: Path) -> None:
    folder = write_pack(tmp_path)
    outside = tmp_path / "outside.yaml"
    outside.write_text(OUTSIDE_YAML)
    (folder / "out.yaml").symlink_to(outside)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "more.yaml").write_text(OUTSIDE_YAML)
    (folder / "more").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    out = str(tmp_path)
    assert failing_lines(cli, folder) == [
        f"macrograph: PACK/more: error: symlink leads outside the pack folder (to {out}/"
        "elsewhere); it is not followed",
        f"PACK/out.yaml: error: symlink leads outside the pack folder (to {out}/outside.yaml); "
        "it is not followed",
    ]


def test_a_symlink_inside_the_pack_is_followed(tmp_path: Path) -> None:
    folder = write_pack(tmp_path, {"scenarios.yaml": None})
    (folder / "drafts").mkdir()
    (folder / "drafts" / "scenarios.txt").write_text(BASE_FILES["scenarios.yaml"])
    (folder / "scenarios.yaml").symlink_to("drafts/scenarios.txt")
    assert sorted(load_pack(folder).scenarios) == ["base", "hold"]


def test_symlink_loops_are_errors_with_their_path(cli: Cli, tmp_path: Path) -> None:
    folder = write_pack(tmp_path)
    (folder / "sub" / "deeper").mkdir(parents=True)
    (folder / "sub" / "deeper" / "up").symlink_to("../..", target_is_directory=True)
    (folder / "sub" / "again").symlink_to("../sub", target_is_directory=True)
    (folder / "self.yaml").symlink_to("self.yaml")
    assert failing_lines(cli, folder) == [
        "macrograph: PACK/self.yaml: error: symlink loop: the link leads back to itself",
        "PACK/sub/again: error: symlink loop: it leads back to the folder 'sub'",
        "PACK/sub/deeper/up: error: symlink loop: it leads back to the folder '.'",
    ]


def test_a_broken_symlink_and_a_fifo_are_errors(cli: Cli, tmp_path: Path) -> None:
    folder = write_pack(tmp_path)
    (folder / "gone.yaml").symlink_to("nowhere.yaml")
    os.mkfifo(folder / "pipe.yaml")  # reading it would wait for a writer for ever
    assert failing_lines(cli, folder) == [
        "macrograph: PACK/gone.yaml: error: broken symlink (its target cannot be read: "
        "No such file or directory)",
        "PACK/pipe.yaml: error: not a regular file; pack files must be plain .yaml files",
    ]


def refuse(monkeypatch: pytest.MonkeyPatch, owner: object, name: str, path: Path) -> None:
    """Make ``owner.name(path)`` raise PermissionError, as for a folder or file of mode
    000 read by another user (tests run as root, whom chmod does not stop)."""
    real = getattr(owner, name)

    def guarded(self_or_path: object, *args: object, **kwargs: object) -> object:
        if Path(str(self_or_path)) == path:
            raise PermissionError(13, "Permission denied", str(path))
        return real(self_or_path, *args, **kwargs)

    monkeypatch.setattr(owner, name, guarded)


def test_an_unreadable_subfolder_is_an_error_with_its_path(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_pack(tmp_path)
    (folder / "private").mkdir()
    (folder / "private" / "extra.yaml").write_text("nodes: []\n")
    refuse(monkeypatch, os, "scandir", folder / "private")
    assert failing_lines(cli, folder) == [
        "macrograph: PACK/private: error: cannot read the folder: Permission denied"
    ]


def test_an_unreadable_pack_folder_is_an_error(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_pack(tmp_path)
    refuse(monkeypatch, os, "scandir", folder)
    assert failing_lines(cli, folder) == [
        "macrograph: PACK: error: cannot read the folder: Permission denied"
    ]


def test_an_unreadable_file_is_an_error_with_its_path(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_pack(tmp_path)
    refuse(monkeypatch, Path, "read_bytes", folder / "rules.yaml")
    assert failing_lines(cli, folder) == [
        "macrograph: PACK/rules.yaml: error: cannot read the file: Permission denied"
    ]


ENCODED = {
    "utf-16 with a byte-order mark": ("utf-16", "file is UTF-16, not UTF-8; save it as UTF-8"),
    "utf-16-le": ("utf-16-le", "file is UTF-16, not UTF-8; save it as UTF-8"),
    "utf-16-be": ("utf-16-be", "file is UTF-16, not UTF-8; save it as UTF-8"),
    "utf-32": ("utf-32", "file is UTF-32, not UTF-8; save it as UTF-8"),
    "latin-1": ("latin-1", "file is not UTF-8 (byte 0xe9 at offset 31)"),
}


@pytest.mark.parametrize("case", sorted(ENCODED))
def test_a_file_not_in_utf8_is_called_what_it_is(cli: Cli, tmp_path: Path, case: str) -> None:
    codec, message = ENCODED[case]
    text = "claims:\n  - {id: C09, text: café}\n"
    folder = write_pack(tmp_path, {"extra.yaml": text.encode(codec)})
    line = 2 if codec == "latin-1" else 1
    assert failing_lines(cli, folder) == [f"macrograph: PACK/extra.yaml:{line}: error: {message}"]
