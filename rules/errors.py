"""Exceptions of the rule layer. They carry facts; the CLI turns them into words."""

from __future__ import annotations

from msgspec import Struct


class PackIssue(Struct, frozen=True, order=True):
    """One problem found in a pack file.

    Attributes
    ----------
    file : str
        Path of the file, relative to the pack folder; ``""`` for a problem of the
        folder itself (not found, no ``pack:`` section).
    line : int
        1-based line of the offending value (0 when unknown).
    obj_id : str
        Id of the node, rule, scenario... concerned, or ``""`` when unknown.
    field : str
        Dotted path of the field inside that object, or ``""``.
    message : str
        What is wrong, in plain words.
    severity : str
        ``"error"`` or ``"warning"`` (lint findings); loader problems are errors.
    code : str
        A short stable name of the check (``"dangling-reference"``), empty for schema errors.
    """

    file: str
    line: int
    obj_id: str
    field: str
    message: str
    severity: str = "error"
    code: str = ""


class PackError(Exception):
    """A pack could not be loaded; ``issues`` lists every problem found.

    Examples
    --------
    >>> err = PackError([PackIssue("nodes.yaml", 3, "usd_jpy", "unit", "unknown unit")])
    >>> err.issues[0].line
    3
    """

    def __init__(self, issues: list[PackIssue]) -> None:
        self.issues = sorted(issues)
        first = self.issues[0] if self.issues else None
        summary = f"{first.file or '.'}:{first.line}: {first.message}" if first else "invalid pack"
        super().__init__(summary)


class DataError(Exception):
    """A pack's data file could not be read, or has no value where one is needed.

    Attributes
    ----------
    file : str
        The data file, relative to the pack folder (``""`` when the problem is a missing
        stretch of dates rather than the file itself).
    line : int
        1-based line of the offending row (0 when none).
    series : str
        The series' id.
    message : str
        What is wrong, in plain words.

    Examples
    --------
    >>> str(DataError("data/x.csv", 4, "x", "'n/a' is not a number"))
    "data/x.csv:4: x: 'n/a' is not a number"
    """

    def __init__(self, file: str, line: int, series: str, message: str) -> None:
        self.file, self.line, self.series, self.message = file, line, series, message
        where = f"{file}:{line}: " if file else ""
        super().__init__(f"{where}{series}: {message}")


class OverlayNotFoundError(PackError):
    """An ``--overlay`` that names no file.

    Attributes
    ----------
    given : str
        The overlay as the user gave it (a path, or the name of one of the pack's).
    looked : tuple of str
        The absolute paths it was looked for at: the path; or, for a bare name, the pack's
        overlay of that name, then a file of that name in the current folder.
    available : tuple of str
        For a bare name, the names of the overlays the pack's folder holds.
    unreadable : tuple of str
        The paths of ``looked`` that are there but are no file to read: ``(path, what)``
        with ``what`` 'a folder, not a file' or 'not a regular file' (a device, a FIFO...).

    Examples
    --------
    >>> err = OverlayNotFoundError("sub/x.yaml", ("/tmp/sub/x.yaml",), ())
    >>> err.issues[0].file, str(err)
    ('/tmp/sub/x.yaml', '/tmp/sub/x.yaml:0: overlay file not found')
    """

    def __init__(
        self,
        given: str,
        looked: tuple[str, ...],
        available: tuple[str, ...],
        unreadable: tuple[tuple[str, str], ...] = (),
    ) -> None:
        self.given, self.looked, self.available = given, looked, available
        self.unreadable = unreadable
        super().__init__([PackIssue(looked[0], 0, "", "", "overlay file not found")])

    @property
    def named(self) -> bool:
        """Whether it was read as the name of one of the pack's overlays."""
        return len(self.looked) > 1


class CacheWarning(UserWarning):
    """The validated-pack cache is not used because it is not safe to trust.

    Attributes
    ----------
    path : str
        The cache folder or entry concerned.
    reason : str
        ``"owner"`` (another user owns it), ``"writable"`` (group or others may write it)
        or ``"readable"`` (group or others may read the secret of the digests).

    Examples
    --------
    >>> CacheWarning("/tmp/c", "writable").reason
    'writable'
    """

    def __init__(self, path: str, reason: str) -> None:
        self.path, self.reason = path, reason
        super().__init__(f"not using the pack cache {path}: {reason}")
