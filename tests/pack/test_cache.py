"""The validated-pack cache: hits when nothing changed, rebuilds when anything did, and reads
back the pack it was given (what it refuses to trust: test_cache_trust)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from macrograph.rules import bundled_pack_dir
from macrograph.rules.lint.core import lint_pack
from macrograph.rules.reading import cache as cache_module
from macrograph.rules.reading import loader
from macrograph.rules.reading.cache import (
    SECRET,
    from_json,
    load_checked,
    pack_key,
    seal,
    to_json,
)
from tests.pack.cachekit import assert_same_pack
from tests.packfactory import write_pack

TESTS = Path(__file__).parents[1]


def test_second_load_reads_the_cache(pack_copy: Path, cache: Path, monkeypatch) -> None:
    pack, findings = load_checked(pack_copy)
    assert {p.name for p in cache.iterdir()} == {SECRET, f"{pack_key(pack_copy)}.json"}

    def refuse(_: object) -> None:
        raise AssertionError("the YAML was parsed again")

    monkeypatch.setattr(loader, "load_pack", refuse)
    again, again_findings = load_checked(pack_copy)
    assert_same_pack(again, pack)
    assert again_findings == findings


@pytest.mark.parametrize(
    "folder",
    [bundled_pack_dir(), TESTS / "hostile_pack", TESTS / "hostile_narrative_pack", None],
    ids=["bundled", "hostile", "hostile-narrative", "tiny"],
)
def test_a_round_trip_through_json_gives_an_equal_pack(tmp_path: Path, folder: Path | None) -> None:
    root = folder if folder is not None else write_pack(tmp_path)
    pack = loader.load_pack(root)
    findings = lint_pack(pack)
    again, again_findings = from_json(to_json(pack, findings), pack.root)
    assert_same_pack(again, pack)
    assert again_findings == findings


def test_a_hit_builds_the_episodes_and_calendar_only_when_they_are_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two thirds of the bundled entry are sections only the evidence commands read: a
    what-if's load leaves them as JSON, and reading them gives the pack's own."""
    pack = loader.load_pack(bundled_pack_dir())
    payload = to_json(pack, [])
    built: list[object] = []
    real = cache_module.build
    monkeypatch.setattr(cache_module, "build", lambda a, v: built.append(a) or real(a, v))
    again, _ = from_json(payload, pack.root)
    assert built == [cache_module._Entry]  # the rest, its two sections left out
    assert_same_pack(again, pack)  # reads them: each built once, now
    assert len(built) == 3 and len(again.episodes) == len(pack.episodes) > 200


def test_sections_read_later_that_do_not_fit_are_read_from_the_pack(tmp_path: Path) -> None:
    """Should a sealed entry's late section not fit its models (this code never writes
    one), reading it reads the pack's files instead of raising from deep in a command."""
    root = tmp_path / "pack"
    shutil.copytree(bundled_pack_dir(), root)
    pack = loader.load_pack(root)
    whole = to_json(pack, [])
    at = whole.index(b'"date":"20', whole.index(b'"episodes":{'))  # an episode's date
    payload = whole[:at] + b'"date":"x20' + whole[at + len(b'"date":"20') :]
    again, _ = from_json(payload, str(root))
    assert again.episodes == pack.episodes and again.calendar == pack.calendar
    with pytest.raises(ValueError):
        from_json(payload.replace(b'"calendar":{', b'"calendar":[{', 1), str(root))


def test_the_entry_names_the_callers_folder(pack_copy: Path, cache: Path, tmp_path: Path) -> None:
    load_checked(pack_copy)
    moved = shutil.copytree(pack_copy, tmp_path / "moved")
    assert load_checked(moved)[0].root == str(moved)


def test_any_change_to_a_file_rebuilds(pack_copy: Path, cache: Path) -> None:
    before = pack_key(pack_copy)
    nodes = pack_copy / "nodes.yaml"
    nodes.write_text(nodes.read_text().replace("label: USD/JPY", "label: Dollar-yen"))
    assert pack_key(pack_copy) != before
    pack, _ = load_checked(pack_copy)
    assert pack.nodes["usd_jpy"].label == "Dollar-yen"


def test_a_process_reading_the_same_entry_again_gets_the_same_pack(
    pack_copy: Path, cache: Path
) -> None:
    # the first load writes the entry, the second decodes it; a third finds that decoding
    # again, and what was worked out for the pack (by identity) is found again with it
    load_checked(pack_copy)
    decoded, findings = load_checked(pack_copy)
    again, again_findings = load_checked(pack_copy)
    assert again is decoded and again_findings == findings
    again_findings.clear()  # the caller's list: the next load still has every finding
    assert load_checked(pack_copy)[1] == findings


def test_a_changed_file_or_entry_is_never_answered_from_the_process(
    pack_copy: Path, cache: Path
) -> None:
    load_checked(pack_copy)
    decoded, _ = load_checked(pack_copy)
    nodes = pack_copy / "nodes.yaml"
    nodes.write_text(nodes.read_text().replace("label: USD/JPY", "label: Dollar-yen"))
    changed, _ = load_checked(pack_copy)
    assert changed is not decoded and changed.nodes["usd_jpy"].label == "Dollar-yen"
    # an entry sealed anew with this user's secret but other bytes is decoded again
    entry = cache / f"{pack_key(pack_copy)}.json"
    again, _ = load_checked(pack_copy)
    secret = (cache / SECRET).read_bytes()
    payload = entry.read_bytes().split(b"\n", 1)[1]
    relabelled = payload.replace(b"Dollar-yen", b"Yen cross", 1)
    entry.write_bytes(seal(secret, pack_key(pack_copy), relabelled))
    assert load_checked(pack_copy)[0].nodes["usd_jpy"].label == "Yen cross"
    assert again.nodes["usd_jpy"].label == "Dollar-yen"
