"""The validated-pack cache: hits when nothing changed, rebuilds when anything did."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from macrograph.rules import bundled_pack_dir, loader
from macrograph.rules.cache import cache_dir, load_checked, pack_key


@pytest.fixture
def pack_copy(tmp_path: Path) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(bundled_pack_dir(), target)
    return target


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("MACROGRAPH_CACHE", str(folder))
    return folder


def test_second_load_reads_the_cache(pack_copy: Path, cache: Path, monkeypatch) -> None:
    pack, findings = load_checked(pack_copy)
    assert [p.suffix for p in cache.iterdir()] == [".pickle"]

    def refuse(_: object) -> None:
        raise AssertionError("the YAML was parsed again")

    monkeypatch.setattr(loader, "load_pack", refuse)
    again, again_findings = load_checked(pack_copy)
    assert sorted(again.rules) == sorted(pack.rules) and again_findings == findings


def test_any_change_to_a_file_rebuilds(pack_copy: Path, cache: Path) -> None:
    before = pack_key(pack_copy)
    nodes = pack_copy / "nodes.yaml"
    nodes.write_text(nodes.read_text().replace("label: USD/JPY", "label: Dollar-yen"))
    assert pack_key(pack_copy) != before
    pack, _ = load_checked(pack_copy)
    assert pack.nodes["usd_jpy"].label == "Dollar-yen"


def test_a_damaged_entry_is_rebuilt(pack_copy: Path, cache: Path) -> None:
    load_checked(pack_copy)
    entry = next(cache.iterdir())
    entry.write_bytes(b"not a pickle")
    pack, _ = load_checked(pack_copy)
    assert "usd_jpy" in pack.nodes


def test_cache_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MACROGRAPH_CACHE", "off")
    assert cache_dir() is None


def test_a_broken_pack_is_reported_not_cached(pack_copy: Path, cache: Path, cli) -> None:
    nodes = pack_copy / "nodes.yaml"
    nodes.write_text(nodes.read_text().replace("unit: pct_change", "unit: percent", 1))
    out = cli("whatif", "BoJ skips", "--pack", str(pack_copy))
    assert out.code == 2
    assert "unknown unit 'percent'" in out.stderr
    assert not cache.exists() or not any(cache.iterdir())
