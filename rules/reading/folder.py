"""Find the YAML files of a pack folder, refusing what must not be read.

Symlinks are followed only while they stay inside the pack folder; a link that leads
outside it, a symlink loop, a broken link, a folder that cannot be listed and a
``.yaml`` entry that is not a regular file (a FIFO would block) are each reported
with their path instead of being skipped without a word. This module imports no
YAML parser, so the validated-pack cache can key a pack cheaply.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from msgspec import Struct, field

from macrograph.rules import limits
from macrograph.rules.errors import PackIssue

SUFFIXES = (".yaml", ".yml")


class _Walk(Struct):
    """What the walk has found so far."""

    root: str
    files: list[tuple[str, Path]] = field(default_factory=list)
    issues: list[PackIssue] = field(default_factory=list)
    seen: int = 0  # entries met so far, of any kind

    def refuse(self, name: str, message: str) -> None:
        self.issues.append(PackIssue(name, 0, "", "", message))


def pack_files(root: Path) -> tuple[list[tuple[str, Path]], list[PackIssue]]:
    """The pack's ``.yaml``/``.yml`` files as (name inside the pack, path), sorted, and
    the problems met on the way (an empty name is the pack folder itself).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = (Path(tmp) / "b.yaml").write_text("x: 1")
    ...     (Path(tmp) / "out.yaml").symlink_to("/etc/hostname")
    ...     files, issues = pack_files(Path(tmp))
    ...     [name for name, _ in files], issues[0].file, issues[0].message[:37]
    (['b.yaml'], 'out.yaml', 'symlink leads outside the pack folder')
    """
    walk = _Walk(os.path.realpath(root))
    try:
        top = os.stat(root)
    except OSError as err:
        walk.refuse("", f"cannot read the folder: {err.strerror or err}")
        return [], walk.issues
    pending: list[_Folder] = [_Folder(root, "", {(top.st_dev, top.st_ino): ""})]
    while pending:
        pending.extend(_scan(walk, pending.pop()))
        if walk.seen > limits.MAX_PACK_ENTRIES:  # not a pack but a tree: stop walking it
            text = (
                f"the folder holds more than {limits.MAX_PACK_ENTRIES} files and folders; "
                "a pack folder holds a pack's files, not a whole tree"
            )
            return [], [PackIssue("", 0, "", "", text)]
    return sorted(walk.files), sorted(walk.issues)


class _Folder(Struct, frozen=True):
    """A folder to walk: its path, its name inside the pack ("" or ending in "/"), and the
    real folders above it (a folder that is its own ancestor is a symlink loop)."""

    path: Path
    prefix: str
    above: dict[tuple[int, int], str]


def _scan(walk: _Walk, folder: _Folder) -> list[_Folder]:
    """Take in the files of one folder; return its subfolders still to walk."""
    prefix = folder.prefix
    try:
        with os.scandir(folder.path) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as err:
        walk.refuse(prefix.rstrip("/"), f"cannot read the folder: {err.strerror or err}")
        return []
    subfolders = []
    walk.seen += len(entries)
    if walk.seen > limits.MAX_PACK_ENTRIES:
        return []
    for entry in entries:
        name = f"{prefix}{entry.name}"
        path = Path(entry.path)
        found = _follow(walk, path, name) if entry.is_symlink() else _lstat(walk, entry, name)
        if found is None:
            continue
        if stat.S_ISDIR(found.st_mode):
            key = (found.st_dev, found.st_ino)
            if key in folder.above:
                message = f"symlink loop: it leads back to the folder '{folder.above[key] or '.'}'"
                walk.refuse(name, message)
            else:
                subfolders.append(_Folder(path, name + "/", {**folder.above, key: name}))
        elif _is_pack_file(entry.name):
            if stat.S_ISREG(found.st_mode):
                walk.files.append((name, path))
            else:
                walk.refuse(name, "not a regular file; pack files must be plain .yaml files")
    return subfolders


def _lstat(walk: _Walk, entry: os.DirEntry[str], name: str) -> os.stat_result | None:
    try:
        return entry.stat(follow_symlinks=False)
    except OSError as err:
        walk.refuse(name, f"cannot read: {err.strerror or err}")
        return None


def _follow(walk: _Walk, link: Path, name: str) -> os.stat_result | None:
    """What a symlink leads to, when it may be followed; None (with an issue if it
    matters) otherwise."""
    relevant = _is_pack_file(name)
    try:
        target = os.stat(link)
    except OSError as err:
        if err.errno == errno.ELOOP:
            walk.refuse(name, "symlink loop: the link leads back to itself")
        elif relevant:
            walk.refuse(name, f"broken symlink (its target cannot be read: {err.strerror})")
        return None
    real = os.path.realpath(link)
    if real != walk.root and not real.startswith(walk.root.rstrip(os.sep) + os.sep):
        if relevant or stat.S_ISDIR(target.st_mode):
            message = f"symlink leads outside the pack folder (to {real}); it is not followed"
            walk.refuse(name, message)
        return None
    return target


def _is_pack_file(name: str) -> bool:
    return os.path.splitext(name)[1] in SUFFIXES
