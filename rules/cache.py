"""A cache of validated packs, keyed by the bytes of the pack's files and of this code.

Parsing YAML and validating it costs more than the rest of a what-if; a pack that
has not changed is read back from a pickle in the user's cache folder instead.
Set ``MACROGRAPH_CACHE=off`` to disable it, or to a folder to move it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path

from macrograph.rules.errors import PackIssue
from macrograph.rules.pack import MAX_FILE_BYTES, Pack

FORMAT = 1


def cache_dir() -> Path | None:
    """Where cached packs live, or None when caching is off."""
    setting = os.environ.get("MACROGRAPH_CACHE", "")
    if setting.lower() in ("off", "0", "no"):
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "macrograph"


def pack_key(root: Path) -> str:
    """A digest of the pack's YAML files (path and bytes) and of the rule layer's code.

    Files over the loader's size limit are summarised by size and time (the loader
    refuses them anyway, so they never reach the cache).
    """
    digest = hashlib.sha256(f"{FORMAT}:{sys.version}".encode())
    files = (p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    for file in sorted(files):
        stat = file.stat()
        body = file.read_bytes() if stat.st_size <= MAX_FILE_BYTES else b"%d" % stat.st_mtime_ns
        digest.update(f"{file.relative_to(root).as_posix()}:{stat.st_size}\0".encode() + body)
    code = Path(__file__).parent
    for module in sorted(code.glob("*.py")):
        stat = module.stat()
        digest.update(f"{module.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def load_checked(root: Path) -> tuple[Pack, list[PackIssue]]:
    """The pack at ``root`` and its lint findings, from the cache when the files are unchanged.

    Raises
    ------
    PackError
        When the pack cannot be loaded (never cached).
    """
    folder = cache_dir()
    try:
        entry = folder / f"{pack_key(root)}.pickle" if folder else None
    except OSError:
        entry = None  # an unreadable file: let the loader report it
    if entry is not None and entry.is_file():
        try:
            cached: tuple[Pack, list[PackIssue]] = pickle.loads(entry.read_bytes())
            return cached
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
            pass  # a stale or damaged entry is rebuilt below
    fresh = _load_and_lint(root)
    if entry is not None:
        _store(entry, fresh)
    return fresh


def _load_and_lint(root: Path) -> tuple[Pack, list[PackIssue]]:
    from macrograph.rules.lint import lint_pack
    from macrograph.rules.loader import load_pack

    pack = load_pack(root)
    return pack, lint_pack(pack)


def _store(entry: Path, value: tuple[Pack, list[PackIssue]]) -> None:
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = entry.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, entry)
    except OSError:
        pass  # caching is an optimisation: an unwritable cache folder only costs time
