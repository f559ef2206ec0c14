"""Read one pack file into a YAML 1.2 tree, safely, or say exactly why it cannot be read.

libyaml's C parser (through PyYAML) gives the events and their marks; a small composer
builds plain data (dicts, tuples, str, int, float, bool, None) and keeps the line of
every key and item in a :class:`Document`. Plain scalars are read by YAML 1.2's core
schema; dates stay text here (the models parse them, so a bad date is reported with
its id and field).

Files over :data:`MAX_FILE_BYTES`, binary or non-UTF-8 bytes, ``%YAML 1.1`` directives,
anchors and aliases (no alias bombs), tags (no object construction), complex keys,
nesting deeper than :data:`MAX_DEPTH`, several documents and duplicate keys are refused
with the line they stand at. A syntax error is described by PyYAML's Python parser,
whose messages name what it expected.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import yaml

from macrograph.rules.errors import PackError, PackIssue
from macrograph.rules.limits import MAX_FILE_BYTES
from macrograph.rules.reading.yamltree import Document, Refused, compose, syntax_error

MAX_DEPTH = 24


def read_yaml(file: Path, name: str, issues: list[PackIssue]) -> Document | None:
    """The document of ``file``, or None after appending why it cannot be read to ``issues``.

    Parameters
    ----------
    file : Path
        The file to read.
    name : str
        How issues name the file (its path inside the pack folder).
    issues : list of PackIssue
        Where problems are appended.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = Path(tmp) / "x.yaml"
    ...     _ = path.write_text("a: &x 1\\nb: *x\\n")
    ...     found = []
    ...     read_yaml(path, "x.yaml", found), found[0].line, found[0].message
    (None, 1, 'anchors and aliases (&, *) are not allowed in pack files')
    """
    try:
        size = file.stat().st_size
        raw = file.read_bytes() if size <= MAX_FILE_BYTES else b""
    except OSError as err:
        issues.append(PackIssue(name, 0, "", "", f"cannot read the file: {err.strerror or err}"))
        return None
    problem = _bytes_problem(raw, size)
    if problem is not None:
        issues.append(PackIssue(name, problem[0], "", "", problem[1]))
        return None
    document = read_text(raw.decode("utf-8"), name, issues)
    if document is not None and document.root is None:
        issues.append(PackIssue(name, 1, "", "", "file is empty (it has only comments)"))
        return None
    return document


def _bytes_problem(raw: bytes, size: int) -> tuple[int, str] | None:
    """(line, message) when the bytes are not a YAML text we accept."""
    if size > MAX_FILE_BYTES:
        return 0, f"file is {size} bytes; the limit is {MAX_FILE_BYTES}"
    encoding = _wide_encoding(raw)
    if encoding is not None:
        return 1, f"file is {encoding}, not UTF-8; save it as UTF-8"
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        return line, "file is binary (it contains NUL bytes), not YAML text"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return line, f"file is not UTF-8 (byte 0x{raw[err.start]:02x} at offset {err.start})"
    if not text.strip():
        return 1, "file is empty"
    return None


def _wide_encoding(raw: bytes) -> str | None:
    """The wide encoding the bytes are text in, "UTF-16" or "UTF-32" (found by the
    byte-order mark, or by the NUL bytes beside every ASCII character), else None.

    Examples
    --------
    >>> _wide_encoding("a: 1".encode("utf-16")), _wide_encoding("a: 1".encode("utf-32-be"))
    ('UTF-16', 'UTF-32')
    >>> _wide_encoding(b"a: 1"), _wide_encoding(b"\\x00\\x01binary")
    (None, None)
    """
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "UTF-32"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "UTF-16"
    head = raw[:4096]
    for name, width in (("UTF-32", 4), ("UTF-16", 2)):
        for text_at in (0, width - 1):  # little-endian, then big-endian
            lanes = [head[i::width] for i in range(width)]
            zeros = [lane.count(0) / max(len(lane), 1) for lane in lanes]
            rest = [z for i, z in enumerate(zeros) if i != text_at]
            if len(head) >= width and zeros[text_at] < 0.1 and min(rest) > 0.9:
                return name
    return None


def read_text(text: str, name: str, issues: list[PackIssue]) -> Document | None:
    """The document of a pack file's ``text``, or None after appending why it cannot be read.

    Examples
    --------
    >>> found = []
    >>> read_text("as_of: 2025-12-01\\nx: [1, 2.5]", "x.yaml", found).root, found
    ({'as_of': '2025-12-01', 'x': (1, 2.5)}, [])
    >>> read_text("a: 1\\na: 2\\n", "x.yaml", found), found[0].line, found[0].message
    (None, 2, "duplicate key 'a' (first given at line 1)")
    """
    try:
        return compose(text, MAX_DEPTH)
    except Refused as err:
        issues.append(PackIssue(name, err.line, err.obj_id, err.field, err.message))
    except yaml.composer.ComposerError as err:  # a second document
        issues.append(_syntax_issue(name, err))
    except yaml.MarkedYAMLError as err:
        issues.append(_syntax_issue(name, syntax_error(text) or err))
    except (yaml.YAMLError, RecursionError, ValueError) as err:
        issues.append(PackIssue(name, 0, "", "", f"invalid YAML: {err}"))
    return None


def load_text(text: str, name: str = "<text>") -> Any:
    """The plain tree of a pack file's ``text`` (dicts, tuples and scalars).

    Raises
    ------
    PackError
        Naming ``name``, the line and the problem when the text cannot be read.

    Examples
    --------
    >>> load_text("a: [1, 2.5, x]")
    {'a': (1, 2.5, 'x')}
    """
    issues: list[PackIssue] = []
    document = read_text(text, name, issues)
    if document is None:
        raise PackError(issues)
    return document.root


SYNTAX_HINTS = (
    ("'\\t'", "indent with spaces, not tabs"),
    (
        "expected <block end>",
        "indent this line as the one above it: an item's fields start in one column",
    ),
    (
        "mapping values are not allowed here",
        "indent this line as the one above it, and quote a value that holds ': '",
    ),
    ("could not find expected ':'", "write a field as 'name: value', with a space after the colon"),
    (
        "sequence entries are not allowed here",
        "a value starting with '-' goes in quotes (effect: \"-\"), a list on the lines below",
    ),
)
"""What a newcomer most often did, for the parser's words that do not say it (a part of the
message, and the hint added after it)."""


def _syntax_issue(name: str, err: yaml.MarkedYAMLError) -> PackIssue:
    mark = err.problem_mark or err.context_mark
    line = mark.line + 1 if mark is not None else 0
    what = str(err.problem or err.context or "cannot parse").strip()
    start = err.context_mark
    if what == "could not find expected ':'" and start is not None:
        line = start.line + 1  # the key without its colon began there; the scanner ran on
    if err.context and err.problem and start is not None and start.line + 1 != line:
        what += f" ({str(err.context).strip()} at line {start.line + 1})"
    what += "".join(f"; {hint}" for part, hint in SYNTAX_HINTS if part in what)
    return PackIssue(name, line, "", "", f"invalid YAML: {what}")
