"""Read one pack file into a YAML 1.2 tree, safely, or say exactly why it cannot be read.

Files over :data:`MAX_FILE_BYTES`, binary or non-UTF-8 bytes, ``%YAML 1.1`` directives,
anchors and aliases (no alias bombs), tags (no object construction), complex keys,
nesting deeper than :data:`MAX_DEPTH` and duplicate keys are refused before any
object is built. Dates stay text here; the models parse them, so a bad date is
reported with its id and field.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
)

from macrograph.rules.errors import PackIssue
from macrograph.rules.fastread import FALLBACK, fast_tree
from macrograph.rules.limits import MAX_FILE_BYTES, MAX_NUMBER_DIGITS

MAX_DEPTH = 24
# A plain whole number (any YAML notation) longer than the limit, checked before it is read.
_LONG_NUMBER = re.compile(
    rf"(?=.{{{MAX_NUMBER_DIGITS + 1}}})[-+]?(?:0x[0-9a-fA-F_]+|0[bo][0-7_]+|[0-9_]+)", re.DOTALL
)


class _Constructor(RoundTripConstructor):
    """The round-trip constructor, except that timestamps stay strings."""


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", RoundTripConstructor.construct_yaml_str)


def read_yaml(file: Path, name: str, issues: list[PackIssue]) -> Any:
    """The YAML tree of ``file``, or None after appending why it cannot be read to ``issues``.

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
    before = len(issues)
    tree = _parse(raw.decode("utf-8"), name, issues)
    if tree is None and len(issues) == before:
        issues.append(PackIssue(name, 1, "", "", "file is empty (it has only comments)"))
    return tree


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


def yaml_parser(lenient: bool = False) -> YAML:
    """A YAML 1.2 round-trip parser that keeps line numbers; ``lenient`` allows duplicate keys.

    Examples
    --------
    >>> yaml_parser().load("as_of: 2025-12-01")["as_of"]
    '2025-12-01'
    """
    yaml = YAML(typ="rt", pure=True)
    yaml.version = (1, 2)
    yaml.allow_duplicate_keys = lenient
    yaml.Constructor = _Constructor
    return yaml


def _parse(text: str, name: str, issues: list[PackIssue]) -> Any:
    tree = fast_tree(text, MAX_DEPTH)
    if tree is not FALLBACK:
        return tree
    try:
        problem = _structure_problem(yaml_parser().parse(io.StringIO(text)))
        if problem is None:
            return yaml_parser().load(text)
        issues.append(PackIssue(name, *problem))
    except DuplicateKeyError as err:
        issues.append(_duplicate_key_issue(text, name, err))
    except MarkedYAMLError as err:
        issues.append(_syntax_issue(name, err))
    except (YAMLError, RecursionError, ValueError) as err:
        issues.append(PackIssue(name, 0, "", "", f"invalid YAML: {err}"))
    return None


def _syntax_issue(name: str, err: MarkedYAMLError) -> PackIssue:
    mark = err.problem_mark or err.context_mark
    line = mark.line + 1 if mark is not None else 0
    what = str(err.problem or err.context or "cannot parse").strip()
    start = err.context_mark
    if err.context and err.problem and start is not None and start.line + 1 != line:
        what += f" ({str(err.context).strip()} at line {start.line + 1})"
    if "'\\t'" in what:
        what += "; indent with spaces, not tabs"
    return PackIssue(name, line, "", "", f"invalid YAML: {what}")


def _duplicate_key_issue(text: str, name: str, err: DuplicateKeyError) -> PackIssue:
    line = err.problem_mark.line + 1 if err.problem_mark is not None else 0
    problem = str(err.problem or "")
    key = problem.split('"')[1] if problem.count('"') >= 2 else problem
    try:
        tree = yaml_parser(lenient=True).load(text)
    except (YAMLError, RecursionError, ValueError):
        tree = None
    start = err.context_mark
    mapping = _mapping_at(tree, start.line, start.column) if start is not None else None
    first = mapping.lc.key(key)[0] + 1 if mapping is not None and key in mapping else 0
    where = f" (first given at line {first})" if first else ""
    obj_id = "" if mapping is tree else _id_at_line(tree, line)  # a section name has no id
    return PackIssue(name, line, obj_id, key, f"duplicate key '{key}'{where}")


def _mapping_at(node: Any, line: int, column: int) -> CommentedMap | None:
    """The mapping of ``node``'s tree that starts at (line, column), 0-based."""
    if isinstance(node, CommentedMap) and (node.lc.line, node.lc.col) == (line, column):
        return node
    if not isinstance(node, CommentedMap | CommentedSeq):
        return None
    for child in node.values() if isinstance(node, CommentedMap) else node:
        found = _mapping_at(child, line, column)
        if found is not None:
            return found
    return None


def _id_at_line(tree: Any, line: int) -> str:
    """The id of the pack object whose text holds ``line`` ("" when none)."""
    if not isinstance(tree, CommentedMap):
        return ""
    starts: list[tuple[int, str]] = []
    for key, value in tree.items():
        key_line = tree.lc.key(key)[0] + 1
        starts.append((key_line, _item_id(value) if key == "pack" else ""))
        if isinstance(value, CommentedSeq):
            for index, item in enumerate(value):
                starts.append((value.lc.item(index)[0] + 1, _item_id(item)))
    before = [start for start in starts if start[0] <= line]
    return max(before)[1] if before else ""


def _item_id(item: Any) -> str:
    value = item.get("id") if isinstance(item, CommentedMap) else None
    return value if isinstance(value, str) else ""


@dataclass
class _Frame:
    """An open collection while scanning events: its kind, children so far, current key."""

    mapping: bool
    children: int = 0
    key: str = ""


@dataclass
class _Scan:
    """Where the event scan stands: the open collections and the id of the current object."""

    frames: list[_Frame] = field(default_factory=list)
    obj_id: str = ""

    def item_depth(self) -> int:
        """How many frames enclose an object: 1 under ``pack:``, 2 under a list section."""
        return 1 if self.frames and self.frames[0].key == "pack" else 2

    def field_path(self) -> str:
        """The dotted field of the current value inside its object (at most 3 parts)."""
        frames = self.frames[self.item_depth() :] if len(self.frames) > 1 else self.frames
        parts = [
            (f.key if f.children % 2 else "") if f.mapping else str(f.children) for f in frames
        ]
        return ".".join(part for part in parts[:3] if part)

    def step(self, event: Any) -> None:
        """Take in one event that passed the checks."""
        if isinstance(event, CollectionStartEvent):
            self.frames.append(_Frame(isinstance(event, MappingStartEvent)))
            return
        if isinstance(event, CollectionEndEvent):
            self.frames.pop()
        elif isinstance(event, ScalarEvent) and self.frames:
            self._scalar(str(event.value))
        if isinstance(event, NodeEvent | CollectionEndEvent) and self.frames:
            self.frames[-1].children += 1

    def _scalar(self, value: str) -> None:
        top = self.frames[-1]
        if top.mapping and top.children % 2 == 0:
            top.key = value
        elif top.mapping and top.key == "id" and len(self.frames) == self.item_depth() + 1:
            self.obj_id = value


def _structure_problem(events: Iterable[Any]) -> tuple[int, str, str, str] | None:
    """Refuse directives, anchors, tags, complex keys and deep nesting.

    Returns (line, id, field, message) for the first problem, None when there is none.
    """
    scan = _Scan()
    for event in events:
        if isinstance(event, NodeEvent) and len(scan.frames) == scan.item_depth():
            scan.obj_id = ""  # a new object of a section begins
        problem = _event_problem(event, scan.frames)
        if problem is not None:
            line = event.start_mark.line + 1 if event.start_mark is not None else 0
            return line, scan.obj_id, scan.field_path(), problem
        scan.step(event)
    return None


def _event_problem(event: Any, open_: list[_Frame]) -> str | None:
    if isinstance(event, DocumentStartEvent) and event.version not in (None, (1, 2)):
        major, minor = event.version
        return f"only YAML 1.2 is read; remove the '%YAML {major}.{minor}' directive"
    if not isinstance(event, NodeEvent):
        return None
    if isinstance(event, ScalarEvent) and not event.style and _LONG_NUMBER.fullmatch(event.value):
        digits = sum(char.isalnum() for char in event.value.lstrip("+-0"))
        return f"a number of {digits} digits is too large; the limit is {MAX_NUMBER_DIGITS} digits"
    if isinstance(event, AliasEvent) or event.anchor:
        return "anchors and aliases (&, *) are not allowed in pack files"
    if getattr(event, "tag", None) is not None:
        return "tags (values starting with '!') are not allowed in pack files; quote the value"
    if isinstance(event, CollectionStartEvent):
        if open_ and open_[-1].mapping and open_[-1].children % 2 == 0:
            return "a key must be a plain word, not a list or a mapping"
        if len(open_) >= MAX_DEPTH:
            return f"nesting deeper than {MAX_DEPTH} levels"
    return None
