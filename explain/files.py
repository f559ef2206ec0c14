"""Writing outputs: atomically (temporary file in the same folder, then rename)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePath


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_atomic(path: str | Path, data: str | bytes) -> Path:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "note.md"
    >>> write_atomic(target, "# Note\\n").read_text()
    '# Note\\n'
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give what open() would
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def choose_format(
    output: str, given: str | None, suffixes: Mapping[str, str], to_stdout: str
) -> str:
    """The output format: ``given``, else the file's suffix, else ``to_stdout`` for ``-``.

    Raises
    ------
    UnknownFormatError
        When ``given`` is not one of the formats, or the suffix names none.

    Examples
    --------
    >>> choose_format("chain.svg", None, {".svg": "svg", ".dot": "dot"}, "dot")
    'svg'
    >>> choose_format("-", None, {".svg": "svg", ".dot": "dot"}, "dot")
    'dot'
    """
    from macrograph.explain.errors import UnknownFormatError

    formats = tuple(dict.fromkeys(suffixes.values()))
    if given is not None:
        if given not in formats:
            raise UnknownFormatError(given, formats)
        return given
    if output == "-":
        return to_stdout
    suffix = PurePath(output).suffix.lower()
    if suffix not in suffixes:
        raise UnknownFormatError(suffix or output, tuple(suffixes))
    return suffixes[suffix]
