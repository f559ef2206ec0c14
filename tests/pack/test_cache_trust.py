"""The validated-pack cache never runs, trusts or leaves behind anything it should not: a
planted pickle, a damaged or oversized entry, a symlink, a folder or entry others can write,
a secret others can read."""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import warnings
from pathlib import Path

import pytest

from macrograph.rules.errors import CacheWarning
from macrograph.rules.reading import cache as cache_module
from macrograph.rules.reading import loader
from macrograph.rules.reading.cache import (
    SECRET,
    cache_dir,
    load_checked,
    pack_key,
    seal,
    secret_path,
)
from tests.pack.cachekit import WHATIF, assert_same_pack, entry_of
from tests.packfactory import Cli


class Planted:
    """Unpickling this opens (so creates) the marker file: code run from the cache."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return open, (str(self.marker), "w")


@pytest.fixture
def warm(primed: tuple[Path, Path], cache: Path) -> Path:
    """The primed pack, its good entry copied into this test's cache folder (the folder's
    modes too): for a test that tampers with an entry, without a load and lint of the pack
    of its own to write one."""
    pack, good = primed
    shutil.copytree(good, cache)
    assert entry_of(cache, pack).is_file()
    return pack


@pytest.mark.slow
def test_a_crafted_pickle_at_the_cache_path_never_runs(
    cli: Cli,
    uncached: str,
    pack_copy: Path,
    cache: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    expected = uncached
    marker = tmp_path / "pwned"
    crafted = pickle.dumps(Planted(marker))
    pickle.loads(crafted)  # the bait works: unpickled, it makes the marker
    assert marker.exists()
    marker.unlink()
    cache.mkdir(mode=0o700)
    key = pack_key(pack_copy)
    for name in (f"{key}.json", f"{key}.pickle"):
        (cache / name).write_bytes(crafted)
    out = cli(*WHATIF, "--pack", str(pack_copy))
    assert (out.code, out.stderr) == (0, "")
    assert out.stdout == expected
    assert not marker.exists()


@pytest.mark.slow  # the bundled pack loaded and linted uncached
def test_a_flipped_bit_in_an_entry_is_a_miss(
    cli: Cli, uncached: str, pack_copy: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = uncached
    assert cli(*WHATIF, "--pack", str(pack_copy)).stdout == expected
    entry = entry_of(cache, pack_copy)
    data = bytearray(entry.read_bytes())
    at = data.index(b'"elasticity":0.4') + len(b'"elasticity":0.')
    data[at] ^= 0x02  # 0.4 -> 0.6: still valid JSON and a valid pack
    entry.write_bytes(bytes(data))
    out = cli(*WHATIF, "--pack", str(pack_copy))
    assert (out.code, out.stderr) == (0, "")
    assert out.stdout == expected
    assert_same_pack(load_checked(pack_copy)[0], loader.load_pack(pack_copy))  # rewritten


def _damaged(entry: Path, key: str) -> dict[str, bytes]:
    secret = secret_path(entry.parent).read_bytes()
    good = entry.read_bytes()
    header, payload = good.split(b"\n", 1)
    return {
        "garbage": b"not a cache entry at all",
        "empty": b"",
        "utf-16": good.decode("utf-8").encode("utf-16"),
        "truncated": good[: len(good) // 2],
        "header-only": header + b"\n",
        "latin-1-junk": header + b"\n" + b"\xe9\xff" * 10,
        "sealed-but-not-a-pack": seal(secret, key, b'{"info": 1}'),
        "sealed-json-array": seal(secret, key, b"[1, 2, 3]"),
        "sealed-bad-utf8": seal(secret, key, b'{"info": "\xff"}'),
        "deep-nesting": seal(secret, key, b"[" * 100_000 + b"]" * 100_000),
        "header-not-json": b"{" + payload,
        "other-key": seal(secret, "0" * 64, payload),
        "forged-without-the-secret": seal(b"guessed", key, payload.replace(b"0.4", b"1.6")),
        "unkeyed-sha256": header.replace(
            header.split(b'"hmac_sha256": "')[1][:64], hashlib.sha256(payload).hexdigest().encode()
        )
        + b"\n"
        + payload,
        "sealed-wrong-types": seal(
            secret, key, payload.replace(b'"elasticity":0.4', b'"elasticity":"x"', 1)
        ),
        "sealed-unknown-kind": seal(
            secret, key, payload.replace(b'"kind":"linear"', b'"kind":"magic"', 1)
        ),
        "sealed-nan": seal(
            secret, key, payload.replace(b'"elasticity":0.4', b'"elasticity":NaN', 1)
        ),
    }


# Each case loads and lints the bundled pack again on its miss: make check keeps one of each
# kind (not an entry, sealed but not a pack, sealed with another secret), make test all.
AGAIN = pytest.mark.slow


@pytest.mark.slow
@pytest.mark.parametrize(
    "case",
    [
        "garbage",
        pytest.param("empty", marks=AGAIN),
        pytest.param("utf-16", marks=AGAIN),
        pytest.param("truncated", marks=AGAIN),
        pytest.param("header-only", marks=AGAIN),
        pytest.param("latin-1-junk", marks=AGAIN),
        pytest.param("sealed-but-not-a-pack", marks=AGAIN),
        pytest.param("sealed-json-array", marks=AGAIN),
        pytest.param("sealed-bad-utf8", marks=AGAIN),
        pytest.param("deep-nesting", marks=AGAIN),
        pytest.param("header-not-json", marks=AGAIN),
        pytest.param("other-key", marks=AGAIN),
        "forged-without-the-secret",
        pytest.param("unkeyed-sha256", marks=AGAIN),
        "sealed-wrong-types",
        pytest.param("sealed-unknown-kind", marks=AGAIN),
        pytest.param("sealed-nan", marks=AGAIN),
    ],
)
def test_a_damaged_entry_is_a_silent_miss(
    cli: Cli, uncached: str, primed: tuple[Path, Path], cache: Path, case: str
) -> None:
    expected = uncached
    pack, good = primed
    shutil.copytree(good, cache)  # the folder's modes too: the cache trusts only a private one
    entry = entry_of(cache, pack)
    entry.write_bytes(_damaged(entry, pack_key(pack) or "")[case])
    out = cli(*WHATIF, "--pack", str(pack))
    assert (out.code, out.stderr) == (0, "")
    assert out.stdout == expected
    assert load_checked(pack)[0].nodes["usd_jpy"].label == "USD/JPY"


@pytest.mark.slow
def test_an_entry_that_is_a_folder_leaves_no_temporary_file(
    cli: Cli, uncached: str, pack_copy: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = uncached
    cache.mkdir(mode=0o700)
    entry_of(cache, pack_copy).mkdir()
    for _ in range(2):
        out = cli(*WHATIF, "--pack", str(pack_copy))
        assert (out.code, out.stderr, out.stdout) == (0, "", expected)
    assert {p.name for p in cache.iterdir()} == {SECRET, entry_of(cache, pack_copy).name}
    assert list(entry_of(cache, pack_copy).iterdir()) == []


def test_an_entry_that_is_a_symlink_is_not_followed(
    warm: Path, cache: Path, tmp_path: Path
) -> None:
    pack_copy = warm
    entry = entry_of(cache, pack_copy)
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(entry.read_bytes())
    entry.unlink()
    entry.symlink_to(elsewhere)
    before = elsewhere.read_bytes()
    assert "usd_jpy" in load_checked(pack_copy)[0].nodes
    assert elsewhere.read_bytes() == before
    assert not entry.is_symlink()  # replaced by a fresh entry of its own


WRITABLE = (
    "macrograph: warning: not using the pack cache {}: others can write to it; "
    "run 'chmod go-w' on it, or set MACROGRAPH_CACHE to off"
)
OWNER = (
    "macrograph: warning: not using the pack cache {}: it belongs to another user; "
    "set MACROGRAPH_CACHE to a folder of yours, or to off"
)


@pytest.mark.slow  # the bundled pack loaded and linted uncached
def test_a_group_writable_cache_folder_warns_once_and_is_not_used(
    cli: Cli, uncached: str, pack_copy: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = uncached
    cache.mkdir()
    cache.chmod(0o770)
    parsed = []
    real_load = loader.load_pack
    monkeypatch.setattr(loader, "load_pack", lambda root: parsed.append(root) or real_load(root))
    first = cli(*WHATIF, "--pack", str(pack_copy))
    second = cli(*WHATIF, "--pack", str(pack_copy))
    assert (first.code, first.stdout) == (0, expected)
    assert first.stderr.splitlines() == [WRITABLE.format(cache)]
    assert (second.code, second.stdout, second.stderr) == (0, expected, "")
    assert len(parsed) == 2  # parsed every time: no cache
    assert list(cache.iterdir()) == []


def test_the_library_warns_and_does_not_print(
    pack_copy: Path, cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cache.mkdir()
    cache.chmod(0o707)
    with pytest.warns(CacheWarning) as seen:
        load_checked(pack_copy)
    assert [(w.message.path, w.message.reason) for w in seen] == [(str(cache), "writable")]  # type: ignore[union-attr]
    assert capsys.readouterr() == ("", "")
    assert list(cache.iterdir()) == []


def test_a_group_writable_entry_is_not_used(
    cli: Cli, uncached: str, warm: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected, pack_copy = uncached, warm
    entry = entry_of(cache, pack_copy)
    entry.write_bytes(b"planted by someone else")
    entry.chmod(0o666)
    out = cli(*WHATIF, "--pack", str(pack_copy))
    assert (out.code, out.stdout) == (0, expected)
    assert out.stderr.splitlines() == [WRITABLE.format(entry)]
    assert entry.read_bytes() == b"planted by someone else"  # not ours to replace


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_an_entry_of_another_user_is_not_used(
    cli: Cli, uncached: str, warm: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected, pack_copy = uncached, warm
    entry = entry_of(cache, pack_copy)
    os.chown(entry, 65534, 65534)
    out = cli(*WHATIF, "--pack", str(pack_copy))
    assert (out.code, out.stdout) == (0, expected)
    assert out.stderr.splitlines() == [OWNER.format(entry)]


def test_a_cache_folder_of_another_user_is_not_used(
    pack_copy: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache.mkdir(mode=0o700)
    monkeypatch.setattr(os, "getuid", lambda: os.stat(cache).st_uid + 1)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        load_checked(pack_copy)
    assert [(w.message.path, w.message.reason) for w in seen] == [(str(cache), "owner")]  # type: ignore[union-attr]
    assert list(cache.iterdir()) == []


def test_cache_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MACROGRAPH_CACHE", "off")
    assert cache_dir() is None


def test_a_new_cache_folder_and_entry_are_private(pack_copy: Path, cache: Path) -> None:
    load_checked(pack_copy)
    assert cache.stat().st_mode & 0o777 == 0o700
    assert entry_of(cache, pack_copy).stat().st_mode & 0o777 == 0o600
    assert secret_path(cache).stat().st_mode & 0o777 == 0o600


def test_a_broken_pack_is_reported_not_cached(pack_copy: Path, cache: Path, cli) -> None:
    nodes = pack_copy / "nodes.yaml"
    nodes.write_text(nodes.read_text().replace("unit: pct_change", "unit: percent", 1))
    out = cli("whatif", "BoJ skips", "--pack", str(pack_copy))
    assert out.code == 2
    assert "unknown unit 'percent'" in out.stderr
    assert not cache.exists() or [p.name for p in cache.iterdir()] == [SECRET]


READABLE = (
    "macrograph: warning: not using the pack cache {}: others can read it; "
    "run 'chmod go-rw' on it, or set MACROGRAPH_CACHE to off"
)


def test_a_secret_others_can_read_is_not_used(
    cli: Cli, uncached: str, warm: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected, pack_copy = uncached, warm
    secret_path(cache).chmod(0o644)
    entry = entry_of(cache, pack_copy)
    before = entry.read_bytes()
    out = cli(*WHATIF, "--pack", str(pack_copy))
    assert (out.code, out.stdout) == (0, expected)
    assert out.stderr.splitlines() == [READABLE.format(secret_path(cache))]
    assert entry.read_bytes() == before


@pytest.mark.slow
def test_a_lost_secret_makes_old_entries_misses(pack_copy: Path, cache: Path) -> None:
    pack, _ = load_checked(pack_copy)
    secret_path(cache).unlink()
    assert_same_pack(load_checked(pack_copy)[0], pack)
    assert unseal_ok(cache, pack_copy)


def unseal_ok(cache: Path, pack: Path) -> bool:
    from macrograph.rules.reading.cache import unseal

    key = pack_key(pack) or ""
    return (
        unseal(secret_path(cache).read_bytes(), key, entry_of(cache, pack).read_bytes()) is not None
    )


@pytest.mark.slow
def test_an_oversized_entry_is_a_miss_never_read(
    cli: Cli, uncached: str, warm: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sparse 4 GiB file at the entry's path was read whole: MemoryError under a 3 GiB
    address-space limit. It is now a miss, and a fresh entry replaces it."""
    from macrograph.rules.reading.cache import MAX_ENTRY_BYTES
    from tests.hostile.sandbox import run_forked

    expected, pack_copy = uncached, warm
    monkeypatch.setenv("MACROGRAPH_CACHE", str(cache))
    entry = entry_of(cache, pack_copy)
    with entry.open("r+b") as handle:
        handle.truncate(4 * 2**30)  # sparse: no disk, but 4 GiB to whoever reads it
    assert entry.stat().st_size > MAX_ENTRY_BYTES
    run = run_forked(
        [*WHATIF, "--pack", str(pack_copy)], timeout=120, env={"MACROGRAPH_CACHE": str(cache)}
    )
    assert (run.code, run.stderr) == (0, "")
    assert run.stdout == expected
    assert entry.stat().st_size < 2**20  # replaced by a fresh entry
    assert load_checked(pack_copy)[0].nodes["usd_jpy"].label == "USD/JPY"


def test_an_entry_is_read_no_further_than_its_bound(
    warm: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A valid entry larger than the bound is a miss too (the bound holds for the read
    itself, not only for the size the file says it has)."""
    pack_copy = warm
    size = entry_of(cache, pack_copy).stat().st_size
    monkeypatch.setattr(cache_module, "MAX_ENTRY_BYTES", size - 1)
    reads: list[int] = []
    real = cache_module._read_entry

    def counted(path: Path) -> bytes | None:
        found = real(path)
        reads.append(-1 if found is None else len(found))
        return found

    monkeypatch.setattr(cache_module, "_read_entry", counted)
    assert_same_pack(load_checked(pack_copy)[0], loader.load_pack(pack_copy))
    assert reads == [-1]  # a miss
