"""Which format an output is written in: the one given, else the one its file's suffix
names (one table for every command that writes), else the command's own for standard output.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath

from macrograph.explain.errors import FormatConflictError, UnknownFormatError
from macrograph.explain.files import is_stdout

FORMAT_OF_SUFFIX: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".dot": "dot",
    ".gv": "dot",
    ".svg": "svg",
    ".png": "png",
    ".pdf": "pdf",
    ".mmd": "mermaid",
    ".mermaid": "mermaid",
    ".graphml": "graphml",
}
"""The one table from a file's suffix to the format it names, for every command that writes."""


def choose_format(
    output: str,
    given: str | None,
    formats: Sequence[str],
    to_stdout: str,
    fallback: str | None = None,
) -> str:
    """The output format: ``given``, else the file's suffix, else ``to_stdout`` for ``-``.

    A suffix that names a format (see :data:`FORMAT_OF_SUFFIX`) must agree with
    ``given``; a suffix that names none gives ``fallback`` (when there is one).

    Raises
    ------
    UnknownFormatError
        When ``given`` is not one of ``formats``, or the suffix names none of them.
    FormatConflictError
        When ``given`` and the suffix name different formats (``-o w.json --format md``).

    Examples
    --------
    >>> choose_format("chain.svg", None, ("svg", "dot"), "dot")
    'svg'
    >>> choose_format("-", None, ("svg", "dot"), "dot")
    'dot'
    >>> choose_format("notes.log", None, ("text", "json"), "text", fallback="text")
    'text'
    """
    if given is not None and given not in formats:
        raise UnknownFormatError(given, tuple(formats))
    if is_stdout(output):
        return given or to_stdout
    suffix = PurePath(output).suffix.lower()
    named = FORMAT_OF_SUFFIX.get(suffix)
    if given is not None:
        if named is not None and named != given:
            raise FormatConflictError(output, named, given)
        return given
    if named in formats:
        return str(named)
    if named is None and fallback is not None:
        return fallback
    allowed = tuple(s for s, f in FORMAT_OF_SUFFIX.items() if f in formats)
    raise UnknownFormatError(suffix or output, allowed)
