"""Writing outputs: every path checked first, then written whole, or nothing is written.

A regular file (or a new one) is written atomically: a temporary file in the same
folder, renamed over the target. Anything else a path can name, a character
device (``/dev/null``, ``/dev/full``), a FIFO or a terminal, is opened and written
into directly (appending, never truncating): renaming over it would replace the
device with a plain file.
Symlinks are resolved first: a symlink to a regular file keeps being a symlink and
its target gets the new content. A path that reaches a file descriptor
(``/dev/stdout``, ``/dev/fd/N``, ``/proc/self/fd/N``) is written into directly too,
never replaced. ``-``, ``/dev/stdout``, ``/dev/fd/1`` and ``/proc/self/fd/1`` mean
standard output, which is the caller's to write (see :func:`is_stdout`).

Problems are raised as :class:`~macrograph.explain.errors.OutputError`, which names the
path exactly as the caller gave it, never a temporary file.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import tempfile
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from pathlib import Path, PurePath
from typing import Any

import msgspec
from msgspec import Struct

from macrograph.explain.errors import OutputError

STDOUT_NAMES = ("-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1")
_DESCRIPTOR_FOLDERS = ("/dev/fd/", "/proc/self/fd/", "/proc/thread-self/fd/")
_MAX_LINKS = 40


def is_stdout(path: str | PurePath | None) -> bool:
    """True for the names of standard output: ``-``, ``/dev/stdout``, ``/dev/fd/1``...

    Examples
    --------
    >>> is_stdout("-"), is_stdout("/dev/stdout"), is_stdout("out.svg")
    (True, True, False)
    """
    return path is not None and str(path) in STDOUT_NAMES


PACK_SUFFIXES = frozenset({".yaml", ".yml", ".csv"})
"""What a pack reads: its YAML files and its series' CSV files."""

_READ_PACK: ContextVar[str | None] = ContextVar("macrograph_read_pack", default=None)
"""The folder of the pack being read, whose files no output may be (see :func:`reading`)."""


@contextlib.contextmanager
def reading(pack_root: str | PurePath | None) -> Iterator[None]:
    """While inside, every path :func:`check_targets` checks is refused if it is, or links
    to, a file of the pack at ``pack_root`` (:func:`check_not_pack_file`): a chart file
    beside a note or a frame, not only the output named, cannot overwrite the pack.

    Examples
    --------
    >>> with reading("/packs/p"):
    ...     check_targets(["/packs/p/rules.yaml"])
    Traceback (most recent call last):
    ...
    macrograph.explain.errors.OutputError: cannot write /packs/p/rules.yaml: pack_file /packs/p
    """
    token = _READ_PACK.set(None if pack_root is None else str(pack_root))
    try:
        yield
    finally:
        _READ_PACK.reset(token)


def check_not_pack_file(output: str | None, pack_root: str | PurePath) -> None:
    """Refuse an output that would change what the pack at ``pack_root`` reads.

    A YAML or CSV file in the pack's folder, or one to be made there, outside its
    ``overlays/`` folder (where overlays are written), is the pack itself: an answer
    written over it would leave a pack that no longer loads. A link is followed: ``out.md``
    linked to the pack's ``rules.yaml`` is the pack's file.

    Raises
    ------
    OutputError
        ``pack_file``, with the pack's folder.

    Examples
    --------
    >>> check_not_pack_file("answer.md", "/packs/p")
    >>> check_not_pack_file("/packs/p/nodes.yaml", "/packs/p")
    Traceback (most recent call last):
    ...
    macrograph.explain.errors.OutputError: cannot write /packs/p/nodes.yaml: pack_file /packs/p
    """
    if output is None or is_stdout(output):
        return
    real = Path(os.path.realpath(output))
    if real.suffix not in PACK_SUFFIXES:
        return
    try:
        inside = real.relative_to(os.path.realpath(pack_root))
    except ValueError:
        return
    if inside.parts[:1] != ("overlays",):
        raise OutputError(output, "pack_file", folder=str(pack_root))


class Target(Struct, frozen=True):
    """Where one output goes: ``given`` as the user typed it, ``real`` with links resolved.

    ``direct``: written into in place (device, FIFO, descriptor), not replaced.
    """

    given: str
    real: Path
    direct: bool


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _reaches_descriptor(path: str) -> bool:
    """Whether ``path`` or a symlink on the way names an open file descriptor."""
    current = os.path.abspath(path)
    for _ in range(_MAX_LINKS):
        if current.startswith(_DESCRIPTOR_FOLDERS):
            return True
        if not os.path.islink(current):
            return False
        link = os.readlink(current)
        current = os.path.normpath(os.path.join(os.path.dirname(current), link))
    return False


def _folder_label(given: str) -> str:
    return os.path.dirname(given.rstrip("/")) or "."


def check_target(path: str | PurePath) -> Target:
    """Check that ``path`` can be written, without writing anything.

    Raises
    ------
    OutputError
        When the path is a folder, its folder is missing, not a folder or not
        writable, or the file is read-only.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> check_target(folder / "note.md").direct
    False
    >>> try:
    ...     check_target(folder / "missing" / "note.md")
    ... except OutputError as err:
    ...     print(err.problem, Path(err.folder).name)
    no_folder missing
    """
    given = str(path)
    if given == "":
        raise OutputError(given, "empty")
    if given.endswith("/") and not os.path.isdir(given):  # a folder meant, not a file
        raise OutputError(given, "no_folder", folder=given.rstrip("/") or "/")
    real = Path(os.path.abspath(given))
    try:
        if _reaches_descriptor(given):  # the kernel resolves these links, not realpath
            if not os.access(given, os.W_OK):
                raise OutputError(given, "read_only")
            return Target(given, Path(given), direct=True)
        real = Path(os.path.realpath(given))
        os.path.realpath(given, strict=True)
    except (FileNotFoundError, NotADirectoryError):  # a new file; its folder is checked below
        pass
    except OSError as err:  # a symlink loop, a name too long...
        raise OutputError(given, "failed", err.strerror or str(err)) from None
    try:
        info = real.stat() if real.exists() else None
    except OSError as err:
        raise OutputError(given, "failed", err.strerror or str(err)) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputError(given, "is_folder")
    if info is not None and not stat.S_ISREG(info.st_mode):
        if not os.access(real, os.W_OK):
            raise OutputError(given, "read_only")
        return Target(given, real, direct=True)
    folder = real.parent
    label = _folder_label(given) if not os.path.islink(given) else str(folder)
    if not folder.exists():
        raise OutputError(given, "no_folder", folder=_missing(label))
    if not folder.is_dir():
        raise OutputError(given, "not_folder", folder=label)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(given, "folder_read_only", folder=label)
    if info is not None and not os.access(real, os.W_OK):
        raise OutputError(given, "read_only")
    return Target(given, real, direct=False)


def _missing(label: str) -> str:
    """The first missing folder on the way to ``label`` (``out`` for ``out/sub``)."""
    parts = Path(label).parts
    for i in range(1, len(parts) + 1):
        if not Path(*parts[:i]).exists():
            return str(Path(*parts[:i]))
    return label


def _check_folder(path: str | PurePath) -> None:
    """Check that ``path`` is a writable folder, or one that can be made.

    Raises
    ------
    OutputError
        When it is a file, or the nearest existing folder above it is not writable.
    """
    given = str(path)
    real = Path(os.path.realpath(given))
    if real.exists():
        if not real.is_dir():
            raise OutputError(given, "not_a_folder")
        if not os.access(real, os.W_OK | os.X_OK):
            raise OutputError(given, "folder_read_only", folder=given)
        return
    above = real.parent
    while not above.exists():
        above = above.parent
    if not above.is_dir():
        raise OutputError(given, "not_folder", folder=_existing_label(given))
    if not os.access(above, os.W_OK | os.X_OK):
        raise OutputError(given, "folder_read_only", folder=_existing_label(given))


def _existing_label(given: str) -> str:
    """The nearest part of ``given`` that exists, as the user wrote it."""
    current = Path(given)
    while not current.exists() and current != current.parent:
        current = current.parent
    return str(current)


def check_targets(
    paths: Sequence[str | PurePath], folders: Sequence[str | PurePath] = ()
) -> list[Target]:
    """Check every path (and every folder to be made) before anything is written.

    A path inside one of ``folders`` that does not exist yet is new, so only the
    folder is checked.

    Raises
    ------
    OutputError
        For the first path that cannot be written, or one named twice.

    Examples
    --------
    A file in a folder is written beside the others, a device directly:

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     [t.direct for t in check_targets([f"{folder}/note.md", "/dev/null"])]
    [False, True]
    """
    new_folders = set()
    named = {os.path.realpath(folder): str(folder) for folder in folders}
    for folder in folders:
        _check_folder(folder)
        if not Path(folder).exists():
            new_folders.add(os.path.abspath(folder))
        for above in _to_make(folder):  # made with it: no output may be one of them
            named.setdefault(str(above), str(folder))
    targets = []
    pack_root = _READ_PACK.get()
    for path in paths:
        given = str(path)
        if pack_root is not None:
            check_not_pack_file(given, pack_root)
        for real in {os.path.realpath(given), os.path.abspath(given)}:
            if real in named:  # a file, and a folder to write into (or above one), at once
                raise OutputError(given, "also_folder", folder=named[real])
        if os.path.dirname(os.path.abspath(given)) in new_folders:
            targets.append(Target(given, Path(os.path.abspath(given)), direct=False))
        else:
            targets.append(check_target(given))
    seen: dict[Path, str] = {}
    for t in targets:
        if t.real in seen:
            raise OutputError(t.given, "twice", folder=seen[t.real])
        seen[t.real] = t.given
    return targets


def write_files(
    outputs: Sequence[tuple[str | PurePath, str | bytes]],
    folders: Sequence[str | PurePath] = (),
) -> list[Path]:
    """Write several outputs all or nothing: check all, stage, then put each in place.

    ``folders`` are made first when missing (and removed again if writing fails).
    Regular files are staged as temporary files beside their target; devices and
    FIFOs are written next; the renames come last, so a failed write leaves every
    regular file as it was, and no temporary file behind.

    Returns
    -------
    list of Path
        The paths as given.

    Raises
    ------
    OutputError
        Naming the path as given.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> [p.name for p in write_files([(folder / "a.md", "# A\\n"), (folder / "a.svg", b"<svg/>")])]
    ['a.md', 'a.svg']
    """
    targets = check_targets([p for p, _ in outputs], folders)
    payloads = [d.encode("utf-8") if isinstance(d, str) else d for _, d in outputs]
    made = _make_folders(folders)
    staged: list[tuple[Target, str]] = []
    try:
        for target, data in zip(targets, payloads, strict=True):
            if not target.direct:
                staged.append((target, _stage(target, data)))
        for target, data in zip(targets, payloads, strict=True):
            if target.direct:
                _write_direct(target, data)
        for target, tmp in staged:
            _commit(target, tmp)
    except BaseException:
        for _, tmp in staged:
            Path(tmp).unlink(missing_ok=True)
        for folder in reversed(made):
            _remove_if_empty(folder)
        raise
    return [Path(t.given) for t in targets]


def _to_make(folder: str | PurePath) -> list[Path]:
    """The absolute paths of ``folder`` and of the folders above it that do not exist yet.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> base = pathlib.Path(tempfile.mkdtemp())
    >>> [p.relative_to(base).as_posix() for p in _to_make(base / "a" / "b")]
    ['a/b', 'a']
    """
    missing = []
    current = Path(os.path.abspath(folder))
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    return missing


def _make_folders(folders: Sequence[str | PurePath]) -> list[Path]:
    made = []
    for folder in folders:
        missing = []
        current = Path(folder)
        while not current.exists() and current != current.parent:
            missing.append(current)
            current = current.parent
        for new in reversed(missing):
            try:
                new.mkdir()
            except OSError as err:
                raise OutputError(str(folder), "failed", err.strerror or str(err)) from None
            made.append(new)
    return made


def _remove_if_empty(folder: Path) -> None:
    with contextlib.suppress(OSError):
        folder.rmdir()


def _stage(target: Target, data: bytes) -> str:
    """A complete temporary copy of ``data`` beside the target; its name is ours alone."""
    try:
        fd, tmp = tempfile.mkstemp(
            prefix=f".{target.real.name}.", suffix=".tmp", dir=target.real.parent
        )
    except OSError as err:
        raise OutputError(target.given, "failed", err.strerror or str(err)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give what open() would
    except BaseException as err:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise OutputError(target.given, "failed", err.strerror or str(err)) from None
        raise
    return tmp


def _commit(target: Target, tmp: str) -> None:
    try:
        os.replace(tmp, target.real)
    except OSError as err:
        raise OutputError(target.given, "failed", err.strerror or str(err)) from None


def _write_direct(target: Target, data: bytes) -> None:
    """Write into a device, FIFO or descriptor in place.

    Opened without truncation and in append mode: a descriptor that is a redirected
    log file (``/dev/stderr`` with ``2>>log``) is added to, not cut or overwritten.
    """
    try:
        fd = os.open(target.real, os.O_WRONLY | os.O_APPEND)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except OSError as err:
        strerror = err.strerror or os.strerror(err.errno or errno.EIO)
        raise OutputError(target.given, "failed", strerror) from None


def write_atomic(path: str | PurePath, data: str | bytes) -> Path:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.

    See :func:`write_files` for devices, FIFOs and symlinks.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "note.md"
    >>> write_atomic(target, "# Note\\n").read_text()
    '# Note\\n'
    """
    return write_files([(path, data)])[0]


def json_text(body: Any, horizons: tuple[str, ...] = ()) -> str:
    """``body`` as indented JSON, as every command prints it: keys sorted, except that
    horizon-keyed objects keep the order of ``horizons`` (1d, 1w, 1m, 3m; never 1d, 1m,
    1w, 3m).

    Examples
    --------
    >>> print(json_text({"b": {"1w": 2, "1d": 1, "1m": 3}, "a": 0}, ("1d", "1w", "1m")))
    {
      "a": 0,
      "b": {
        "1d": 1,
        "1w": 2,
        "1m": 3
      }
    }
    """
    rank = {h: i for i, h in enumerate(horizons)}

    def ordered(value: Any) -> Any:
        if isinstance(value, dict):
            keys = list(value)
            if keys and all(k in rank for k in keys):
                keys.sort(key=rank.__getitem__)
            else:
                keys.sort()
            return {k: ordered(value[k]) for k in keys}
        if isinstance(value, list):
            return [ordered(v) for v in value]
        return value

    # written compact by json's C encoder, then indented by msgspec: the bytes
    # json.dumps(indent=2) writes, which takes its pure-Python encoder (three times as long)
    compact = json.dumps(ordered(body), allow_nan=False, separators=(",", ":"))
    return msgspec.json.format(compact.encode("ascii"), indent=2).decode("ascii")
