"""What the cache's tests share: the command they run and how they find and compare entries
(their fixtures are in this folder's conftest)."""

from __future__ import annotations

from pathlib import Path

from macrograph.rules.pack import Pack
from macrograph.rules.reading.cache import pack_key

WHATIF = ("whatif", "BoJ skips", "--format", "json", "--draws", "0")


def entry_of(cache: Path, pack: Path) -> Path:
    """The cache entry of ``pack`` in the folder ``cache``."""
    return cache / f"{pack_key(pack)}.json"


def assert_same_pack(a: Pack, b: Pack) -> None:
    """Every field equal, and every mapping in the same order."""
    for name in Pack.__struct_fields__:
        left, right = getattr(a, name), getattr(b, name)
        assert left == right, name
        if isinstance(left, dict):
            assert list(left) == list(right), f"{name} order"
