"""Fixtures of the pack-reading tests: a copy of the bundled pack, a private cache folder, a
cache primed once, and the what-if a run through the cache must print."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from macrograph.explain.cli import common as cli_common
from macrograph.explain.cli import main
from macrograph.rules import bundled_pack_dir
from macrograph.rules.reading.cache import load_checked
from tests.pack.cachekit import WHATIF, entry_of


@pytest.fixture
def pack_copy(tmp_path: Path) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(bundled_pack_dir(), target)
    return target


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("MACROGRAPH_CACHE", str(folder))
    monkeypatch.setattr(cli_common, "_SAID", set())  # the CLI warns once per process
    return folder


@pytest.fixture(scope="module")
def primed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A copy of the bundled pack and a cache folder holding its good entry, written once:
    each damaged-entry case damages a copy of the folder instead of loading and linting the
    pack to prime its own. The cases read the pack; none changes it."""
    root = tmp_path_factory.mktemp("primed")
    pack, folder = root / "pack", root / "cache"
    shutil.copytree(bundled_pack_dir(), pack)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MACROGRAPH_CACHE", str(folder))
        load_checked(pack)
    assert entry_of(folder, pack).is_file()
    return pack, folder


@pytest.fixture(scope="module")
def uncached(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The what-if's JSON on an untouched copy of the bundled pack with the cache off: what a
    run through the cache must print (it names no folder, so one copy serves every test)."""
    pack = tmp_path_factory.mktemp("uncached") / "pack"
    shutil.copytree(bundled_pack_dir(), pack)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MACROGRAPH_CACHE", "off")
        out = CliRunner().invoke(main, [*WHATIF, "--pack", str(pack)], catch_exceptions=False)
    assert out.exit_code == 0, out.stderr
    return out.stdout
