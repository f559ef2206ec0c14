"""A cache of validated packs, keyed by the bytes of the pack's files and of this code.

Parsing YAML and validating it costs more than the rest of a what-if; a pack that
has not changed is read back from the user's cache folder instead. Set
``MACROGRAPH_CACHE=off`` to disable it, or to a folder to move it. An entry this process
has decoded already, byte for byte, gives the same pack again (:mod:`.recent`).

Nothing read back can run code: an entry is JSON (the pack's models dumped by
pydantic), rebuilt by walking the models' annotations. It starts with a header line
holding the key and an HMAC-SHA256 of the key and the payload, checked before anything
is decoded; the HMAC's secret lives in the cache folder, readable by the user alone, so
an entry that checks was written by this code for this user. A damaged, forged,
oversized (``MAX_ENTRY_BYTES``) or unreadable entry is a miss: the pack is rebuilt
and nothing is said. A cache folder, entry or secret that another user owns or that
others may write (or, for the secret, read) is not used at all;
:class:`~macrograph.rules.errors.CacheWarning` says so (the CLI reports it once).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import stat
import sys
import tempfile
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

import msgspec
import platformdirs
from pydantic import BaseModel, ConfigDict

from macrograph.rules import limits
from macrograph.rules import models as m
from macrograph.rules.calendar import CalendarEvent, Institution, Regime
from macrograph.rules.collector import paused
from macrograph.rules.episodes import Episode
from macrograph.rules.errors import CacheWarning, PackIssue
from macrograph.rules.info import Claim, Fact, PackInfo, Signal, Source
from macrograph.rules.limits import MAX_PACK_BYTES
from macrograph.rules.pack import MAX_FILE_BYTES, Location, Pack
from macrograph.rules.reading.construct import build
from macrograph.rules.reading.folder import pack_files
from macrograph.rules.reading.later import Later
from macrograph.rules.reading.recent import recalled, remember
from macrograph.rules.reading.sealed import FORMAT, seal, unseal
from macrograph.rules.series import Series

MAX_ENTRY_BYTES = 4 * MAX_PACK_BYTES
"""Bytes of an entry read back: an entry is the JSON of the pack's validated models, about
as many bytes as its YAML (1.1 times on the bundled pack), and a pack's files hold at most
``MAX_PACK_BYTES``. A larger file at an entry's path is a miss, never read."""
SECRET = "digest.key"
SECRET_BYTES = 32


def cache_dir() -> Path | None:
    """Where cached packs live, or None when caching is off: ``MACROGRAPH_CACHE``, else the
    user's cache folder as the platform places it (platformdirs: ``$XDG_CACHE_HOME`` or
    ``~/.cache`` on Linux, ``~/Library/Caches`` on macOS, ``%LOCALAPPDATA%`` on Windows).

    Examples
    --------
    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {"MACROGRAPH_CACHE": "off"}):
    ...     cache_dir() is None
    True
    >>> with mock.patch.dict(os.environ, {"MACROGRAPH_CACHE": "/tmp/packs"}):
    ...     str(cache_dir())
    '/tmp/packs'
    """
    setting = os.environ.get("MACROGRAPH_CACHE", "")
    if setting.lower() in ("off", "0", "no"):
        return None
    if setting:
        return Path(setting)
    return Path(platformdirs.user_cache_dir("macrograph", appauthor=False))


def pack_key(root: Path) -> str | None:
    """A digest of the pack's YAML files (path and bytes), the limits in force and the rule
    layer's code;
    None when the folder has problems the loader must report (it is then not cached).

    Files over the loader's size limit are summarised by size and time (the loader
    refuses them anyway, so they never reach the cache).

    Examples
    --------
    >>> key = pack_key(Path("tests/packs/markets"))
    >>> len(key), key == pack_key(Path("tests/packs/markets")), pack_key(Path("/nowhere"))
    (64, True, None)
    """
    files, issues = pack_files(root)
    if issues or not files:
        return None
    digest = hashlib.sha256(f"{FORMAT}:{sys.version}".encode())
    for name, file in files:
        info = file.stat()
        body = file.read_bytes() if info.st_size <= MAX_FILE_BYTES else b"%d" % info.st_mtime_ns
        digest.update(f"{name}:{info.st_size}\0".encode())
        digest.update(body)  # apart: the two joined would be a copy of every file
    for name, file in _data_files(root):  # lint reads the series' data files too
        info = file.stat()
        digest.update(f"{name}:{info.st_size}:{info.st_mtime_ns}\0".encode())
    # the limits in force: a pack refused under lower limits must not come back from a
    # cache written under the defaults
    bounds = sorted((k, v) for k, v in vars(limits).items() if k.isupper())
    digest.update(f"{bounds}:{MAX_FILE_BYTES}\0".encode())
    code = Path(__file__).parent
    for module in sorted(code.glob("*.py")):
        info = module.stat()
        digest.update(f"{module.name}:{info.st_size}:{info.st_mtime_ns}".encode())
    return digest.hexdigest()


def _data_files(root: Path) -> list[tuple[str, Path]]:
    """The pack's ``.csv`` files (its series' data), sorted by name; regular files only."""
    found = []
    for path in sorted(root.rglob("*.csv"))[: limits.MAX_PACK_FILES]:
        if path.is_file() and not path.is_symlink():
            found.append((path.relative_to(root).as_posix(), path))
    return found


class _Entry(BaseModel):
    """What an entry holds: the pack (but its root, which is the caller's) and lint findings."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    info: PackInfo
    nodes: dict[str, m.Node]
    rules: dict[str, m.Rule]
    scenarios: dict[str, m.Scenario]
    sources: dict[str, Source]
    claims: dict[str, Claim]
    facts: dict[str, Fact]
    signals: dict[str, Signal]
    episodes: dict[str, Episode]
    series: dict[str, Series]
    institutions: dict[str, Institution]
    calendar: dict[str, CalendarEvent]
    regimes: dict[str, Regime]
    where: list[tuple[str, str, str, int]]
    findings: list[tuple[str, int, str, str, str, str, str]]


def to_json(pack: Pack, findings: list[PackIssue]) -> bytes:
    """The payload of an entry: ``pack`` and ``findings`` as JSON.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> pack = load_pack("tests/packs/markets")
    >>> again, _ = from_json(to_json(pack, []), pack.root)
    >>> again.rules == pack.rules and again.where == pack.where
    True
    """
    entry = _Entry(
        info=pack.info,
        nodes=dict(pack.nodes),
        rules=dict(pack.rules),
        scenarios=dict(pack.scenarios),
        sources=dict(pack.sources),
        claims=dict(pack.claims),
        facts=dict(pack.facts),
        signals=dict(pack.signals),
        episodes=dict(pack.episodes),
        series=dict(pack.series),
        institutions=dict(pack.institutions),
        calendar=dict(pack.calendar),
        regimes=dict(pack.regimes),
        where=[(s, i, at.file, at.line) for (s, i), at in pack.where.items()],
        findings=[
            (f.file, f.line, f.obj_id, f.field, f.message, f.severity, f.code) for f in findings
        ],
    )
    return entry.model_dump_json(exclude_unset=True).encode()


LATER = ("episodes", "calendar")
"""Sections of an entry built when first read (:class:`~macrograph.rules.reading.later.Later`):
only the evidence commands read them, and they are two thirds of the bundled pack's entry."""

TYPED = ("where", "findings")
"""Sections msgspec decodes to their annotations' types (lists of tuples of text and whole
numbers, checked as strictly as the rebuild checks them), not rebuilt."""

_Sections = msgspec.defstruct(  # every section, none other; the late ones as their JSON text
    "_Sections",
    [
        (name, msgspec.Raw if name in LATER else field.annotation if name in TYPED else Any)
        for name, field in _Entry.model_fields.items()
    ],
    forbid_unknown_fields=True,
)

_OUTLINE = msgspec.json.Decoder(_Sections)
_JSON = msgspec.json.Decoder()


def from_json(payload: bytes, root: str) -> tuple[Pack, list[PackIssue]]:
    """The pack and findings of a payload written by :func:`to_json`.

    msgspec decodes strict JSON only: ``NaN`` and ``Infinity`` are refused, and so is a
    number beyond a float's range (json took them as floats, which the rebuild refused); the
    late sections are skipped over here, and decoded when first read. The models are
    rebuilt without pydantic's validators (:mod:`macrograph.rules.reading.construct`, which
    still checks shapes and leaf types): entries are only read after their keyed digest
    proved that this code wrote them for this user from validated models, and building the
    validators would cost a cold start more than the whole rest of the read.

    Raises
    ------
    ValueError
        When the payload is not an entry (msgspec's DecodeError is one).

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> pack = load_pack("tests/packs/markets")
    >>> again, findings = from_json(to_json(pack, []), pack.root)
    >>> again.rules == pack.rules, again.root, findings
    (True, 'tests/packs/markets', [])
    """
    outline = _OUTLINE.decode(payload)
    data = msgspec.structs.asdict(outline)
    if not all(_is_object(data[k]) for k in LATER):
        raise ValueError("not an entry")
    entry = build(_Entry, {**data, **{k: {} for k in LATER}, **{k: [] for k in TYPED}})
    episodes, calendar = (_later(k, data[k], root) for k in LATER)
    pack = Pack(
        root=root,
        info=entry.info,
        nodes=entry.nodes,
        rules=entry.rules,
        scenarios=entry.scenarios,
        sources=entry.sources,
        claims=entry.claims,
        facts=entry.facts,
        signals=entry.signals,
        episodes=episodes,
        series=entry.series,
        institutions=entry.institutions,
        calendar=calendar,
        regimes=entry.regimes,
        where={(s, i): Location(file, line) for s, i, file, line in data["where"]},
    )
    return pack, [PackIssue(*finding) for finding in data["findings"]]


def _is_object(raw: msgspec.Raw) -> bool:
    """Whether ``raw`` is a JSON object (a Raw has no blanks around it)."""
    return memoryview(raw)[:1].tobytes() == b"{"


def _later(section: str, raw: msgspec.Raw, root: str) -> Later[Any]:
    """A section of the entry, built from ``raw`` when first read; should it not decode or fit
    (which a sealed entry of this code's cannot do), the section read from the pack itself."""
    annotation = _Entry.model_fields[section].annotation

    def make() -> Mapping[str, Any]:
        try:
            return cast(Mapping[str, Any], build(annotation, _JSON.decode(raw)))
        except (ValueError, TypeError, KeyError, RecursionError):
            return cast(Mapping[str, Any], getattr(_loaded(Path(root)), section))

    return Later(make)


def _loaded(root: Path) -> Pack:
    # loaded on a miss only: a hit never parses YAML
    from macrograph.rules.reading.loader import load_pack

    return load_pack(root)


def load_checked(root: Path) -> tuple[Pack, list[PackIssue]]:
    """The pack at ``root`` and its lint findings, from the cache when the files are unchanged.

    Warns
    -----
    CacheWarning
        When the cache folder, the entry or the digests' secret is another user's or
        writable by others (the secret: readable by others); the cache is then neither
        read nor written.

    Raises
    ------
    PackError
        When the pack cannot be loaded (never cached).

    Examples
    --------
    The first load writes an entry into the cache folder, the second reads it back:

    >>> from unittest import mock
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     with mock.patch.dict(os.environ, {"MACROGRAPH_CACHE": folder}):
    ...         first, _ = load_checked(Path("tests/packs/markets"))
    ...         again, findings = load_checked(Path("tests/packs/markets"))
    ...     entries = len(list(Path(folder).glob("*.json")))
    >>> entries, again.rules == first.rules, [f.code for f in findings][-1]
    (1, True, 'data-disagrees')
    """
    folder = _safe_folder()
    try:
        key = pack_key(root) if folder is not None else None
    except OSError:
        key = None  # an unreadable file: let the loader report it
    if folder is None or key is None:
        return _load_and_lint(root)
    secret = _secret(folder)
    if secret is None:
        return _load_and_lint(root)
    entry = folder / f"{key}.json"
    data = _read_entry(entry)
    if data is _UNSAFE:
        return _load_and_lint(root)  # another's entry: neither read nor replaced
    payload = unseal(secret, key, data) if data is not None else None
    if data is not None and payload is not None:
        found = recalled(str(root), key, data)
        if found is not None:
            return found
        found = _decode(payload, str(root))
        if found is not None:
            remember(str(root), key, data, found)
            return found
    fresh = _load_and_lint(root)
    with contextlib.suppress(ValueError, TypeError):  # a pack that cannot be dumped: no entry
        sealed = seal(secret, key, to_json(*fresh))
        if len(sealed) <= MAX_ENTRY_BYTES:  # a larger one would never be read back
            _store(entry, sealed)
    return fresh


def _decode(payload: bytes, root: str) -> tuple[Pack, list[PackIssue]] | None:
    try:
        with paused():  # the pack's objects all stay: a collection would only walk them
            return from_json(payload, root)
    except (ValueError, TypeError, KeyError, RecursionError):
        return None


def _load_and_lint(root: Path) -> tuple[Pack, list[PackIssue]]:
    # loaded on a miss only: lint brings networkx, which a hit never needs
    from macrograph.rules.lint.core import lint_pack

    pack = _loaded(root)
    return pack, lint_pack(pack)


def _unsafe(info: os.stat_result) -> str | None:
    """Why a cache file or folder must not be trusted: "owner" or "writable"; else None."""
    uid = getattr(os, "getuid", None)
    if uid is not None and info.st_uid != uid():
        return "owner"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return "writable"
    return None


def _safe_folder() -> Path | None:
    """The cache folder, created private if missing; None when off, unusable or unsafe."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode):
        return None
    reason = _unsafe(info)
    if reason is not None:
        warnings.warn(CacheWarning(str(folder), reason), stacklevel=3)
        return None
    return folder


def secret_path(folder: Path) -> Path:
    """The file of the cache folder holding the key of its entries' digests.

    Examples
    --------
    >>> secret_path(Path("/tmp/cache")).as_posix()
    '/tmp/cache/digest.key'
    """
    return folder / SECRET


def _secret(folder: Path) -> bytes | None:
    """The key of the digests, made on first use; None when it cannot be had or trusted
    (after a warning when another user owns it or others can read or write it)."""
    path = secret_path(folder)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return _new_secret(path)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None  # a folder or a device where the secret should be: no cache
        reason = _unsafe(info) or ("readable" if info.st_mode & 0o077 else None)
        if reason is not None:
            warnings.warn(CacheWarning(str(path), reason), stacklevel=3)
            return None
        secret = os.read(fd, SECRET_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return secret if len(secret) == SECRET_BYTES else None


def _new_secret(path: Path) -> bytes | None:
    secret = secrets.token_bytes(SECRET_BYTES)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, 0o600)
    except OSError:
        return None  # made meanwhile by another run: this one goes without the cache
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(secret)
    except OSError:
        _remove(str(path))
        return None
    return secret


_UNSAFE = b"unsafe"  # a marker compared by identity, never read as an entry


def _read_entry(entry: Path) -> bytes | None:
    """The bytes of a trusted entry; None for a miss (absent, not a file, unreadable), in
    which case a fresh entry may be written; ``_UNSAFE`` for an entry another user owns
    or may write (after a warning), which is left alone."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(entry, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None
        reason = _unsafe(info)
        if reason is not None:
            warnings.warn(CacheWarning(str(entry), reason), stacklevel=3)
            return _UNSAFE
        if info.st_size > MAX_ENTRY_BYTES:
            return None
        with os.fdopen(os.dup(fd), "rb") as handle:
            # fstat's size and a byte more (not the bound: a read allocates what it asks)
            data = handle.read(info.st_size + 1)
            if len(data) > info.st_size:
                data += handle.read(MAX_ENTRY_BYTES + 1 - len(data))
        return data if len(data) <= MAX_ENTRY_BYTES else None
    except OSError:
        return None
    finally:
        os.close(fd)


def _store(entry: Path, data: bytes) -> None:
    """Write ``entry`` through a private temporary file; on any failure leave nothing."""
    try:
        fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=f".{entry.stem[:16]}.", suffix=".tmp")
    except OSError:
        return  # caching is an optimisation: an unwritable cache folder only costs time
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, entry)
    except BaseException as err:
        _remove(tmp)
        if not isinstance(err, OSError):
            raise


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
