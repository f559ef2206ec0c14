"""A YAML 1.2 text as plain data with the line of every key and item.

libyaml's C parser (through PyYAML) gives the events and their marks; :func:`compose`
builds dicts, tuples, str, int, float, bool and None straight from them (the models
validate this tree as it is: nothing is converted twice) and records where each key
and item stands in a :class:`Document`. Plain scalars are read by YAML 1.2's core
schema, dates stay text. What a pack file may not hold (directives other than
``%YAML 1.2``, anchors, aliases, tags, complex keys, nesting deeper than the limit,
numbers of too many digits, several documents, duplicate keys) is raised as a
:class:`Refused` naming the line, the id of the object and the field.

Examples
--------
>>> doc = compose("rules:\\n  - id: a\\n    lag: 5d\\n    x: 0.5\\n", 24)
>>> doc.root
{'rules': ({'id': 'a', 'lag': '5d', 'x': 0.5},)}
>>> rule = doc.root["rules"][0]
>>> doc.item_line(doc.root["rules"], 0), doc.key_line(rule, "x")
(2, 4)
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from msgspec import Struct, field
from yaml import events as ev

from macrograph.rules.limits import MAX_NUMBER_DIGITS

# A plain whole number (any YAML notation) longer than the limit, checked before it is read.
_LONG_NUMBER = re.compile(
    rf"(?=.{{{MAX_NUMBER_DIGITS + 1}}})[-+]?(?:0x[0-9a-fA-F_]+|0[bo][0-7_]+|[0-9_]+)", re.DOTALL
)
# YAML 1.2's core schema, as the round-trip readers of the language resolve it.
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULL = frozenset(("", "~", "null", "Null", "NULL"))
_INT = re.compile(r"[-+]?(?:0b[01_]+|0o?[0-7_]+|[0-9_]+|0x[0-9a-fA-F_]+)")
_FLOAT = re.compile(
    r"[-+]?(?:[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[0-9][0-9_]*[eE][-+]?[0-9]+"
    r"|\.[0-9_]+(?:[eE][-+][0-9]+)?|\.(?:inf|Inf|INF))|\.(?:nan|NaN|NAN)"
)
_BASES = {"0b": 2, "0o": 8, "0x": 16}
# First characters of a plain scalar that may be read as other than text.
_MAY_RESOLVE = frozenset("-+0123456789.~nNtTfF")
_SCALAR, _MAPPING_START, _MAPPING_END = ev.ScalarEvent, ev.MappingStartEvent, ev.MappingEndEvent
_SEQUENCE_START, _SEQUENCE_END = ev.SequenceStartEvent, ev.SequenceEndEvent


class Refused(Exception):
    """What the text holds that a pack file may not: (line, id, field, message)."""

    def __init__(self, line: int, obj_id: str, field_path: str, message: str) -> None:
        super().__init__(line, obj_id, field_path, message)
        self.line, self.obj_id, self.field, self.message = line, obj_id, field_path, message


class Document(Struct, frozen=True):
    """The plain tree of one YAML text and the line (1-based) of its keys and items."""

    root: Any
    lines: dict[int, Any]  # id(dict) -> {key: line}; id(tuple) -> [line]

    def key_line(self, mapping: Any, key: Any) -> int:
        """The line of ``key`` in ``mapping`` (0 when unknown)."""
        return int(self.lines.get(id(mapping), {}).get(key, 0))

    def item_line(self, sequence: Any, index: int) -> int:
        """The line of item ``index`` of ``sequence`` (0 when unknown)."""
        found = self.lines.get(id(sequence), ())
        return int(found[index]) if 0 <= index < len(found) else 0

    def line_at(self, node: Any, loc: tuple[Any, ...]) -> int:
        """The line of the deepest part of the field path ``loc`` found under ``node``."""
        line = 0
        for part in loc:
            if isinstance(node, dict) and part in node:
                line, node = self.key_line(node, part), node[part]
            elif isinstance(node, tuple) and isinstance(part, int) and 0 <= part < len(node):
                line, node = self.item_line(node, part), node[part]
            else:
                break
        return line


def scalar(value: str, plain: bool) -> Any:
    """A scalar as YAML 1.2's core schema reads it; dates and everything else stay text.

    Examples
    --------
    >>> [scalar(v, True) for v in ("1_000", "0x1F", "0755", "-.inf", "yes", "2025-12-01", "~")]
    [1000, 31, 755, -inf, 'yes', '2025-12-01', None]
    >>> scalar("1", False)
    '1'
    """
    if not plain or (value and value[0] not in _MAY_RESOLVE):
        return value
    if value in _NULL:
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.fullmatch(value):
        digits = value.replace("_", "")
        sign = -1 if digits[:1] == "-" else 1
        digits = digits.lstrip("+-")
        base = _BASES.get(digits[:2], 10)
        return sign * int(digits[2:] if base != 10 else digits, base)
    if _FLOAT.fullmatch(value):
        lowered = value.lower()
        if lowered.endswith(("inf", "nan")):
            return float(lowered.replace(".", ""))
        return float(value.replace("_", ""))
    return value


class _Open(Struct):
    """A collection being filled: its items (or key lines), its start, the key waiting."""

    is_map: bool
    line: int
    items: Any  # a dict, or a list turned into a tuple when the collection ends
    lines: Any  # {key: line} or [line]
    key: Any = None
    key_line: int = 0
    waiting: bool = False  # a mapping's key is read and its value not yet


class _Composer(Struct):
    """Takes libyaml's events one by one and builds the document."""

    max_depth: int
    stack: list[_Open] = field(default_factory=list)
    lines: dict[int, Any] = field(default_factory=dict)
    root: Any = None
    documents: int = 0
    first_document: Any = None  # the marks where the first and a second document start
    second_document: Any = None
    duplicate: tuple[Refused, Any] | None = None  # the first duplicate key, and its object

    def take(self, event: Any) -> None:
        kind = type(event)
        if kind is _SCALAR:
            self._scalar(event)
        elif kind is _MAPPING_START or kind is _SEQUENCE_START:
            self._check_node(event)
            self._open(event, kind is _MAPPING_START)
        elif kind is _MAPPING_END or kind is _SEQUENCE_END:
            self._close()
        elif kind is ev.AliasEvent:
            self._refuse(event, "anchors and aliases (&, *) are not allowed in pack files")
        elif kind is ev.DocumentStartEvent:
            self._document(event)

    def _document(self, event: Any) -> None:
        version = event.version
        if version not in (None, (1, 2)):
            text = f"only YAML 1.2 is read; remove the '%YAML {version[0]}.{version[1]}' directive"
            raise Refused(event.end_mark.line + 1, "", "", text)  # at the '---' line
        self.documents += 1
        if self.documents == 1:
            self.first_document = event.start_mark
        elif self.documents == 2:
            self.second_document = event.start_mark

    def _check_node(self, event: Any) -> None:
        if event.anchor is not None:
            self._refuse(event, "anchors and aliases (&, *) are not allowed in pack files")
        if event.tag is not None:
            text = "tags (values starting with '!') are not allowed in pack files; quote the value"
            self._refuse(event, text)

    def _scalar(self, event: Any) -> None:
        if event.anchor is not None or event.tag is not None:
            self._check_node(event)
        text = event.value
        if event.style or (text and text[0] not in _MAY_RESOLVE):  # text, as it is
            self._put(text, event.start_mark.line + 1)
            return
        if _LONG_NUMBER.fullmatch(text):
            digits = sum(char.isalnum() for char in text.lstrip("+-0"))
            limit = MAX_NUMBER_DIGITS
            self._refuse(
                event, f"a number of {digits} digits is too large; the limit is {limit} digits"
            )
        self._put(scalar(text, True), event.start_mark.line + 1)

    def _open(self, event: Any, is_map: bool) -> None:
        stack = self.stack
        if stack and stack[-1].is_map and not stack[-1].waiting:
            self._refuse(event, "a key must be a plain word, not a list or a mapping")
        if len(stack) >= self.max_depth:
            self._refuse(event, f"nesting deeper than {self.max_depth} levels")
        line = event.start_mark.line + 1
        stack.append(_Open(is_map, line, {} if is_map else [], {} if is_map else []))

    def _close(self) -> None:
        done = self.stack.pop()
        items = done.items if done.is_map else tuple(done.items)
        if items or done.is_map:
            self.lines[id(items)] = done.lines
        self._put(items, done.line)

    def _put(self, value: Any, line: int) -> None:
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        if not top.is_map:
            top.items.append(value)
            top.lines.append(line)
        elif top.waiting:
            top.items[top.key] = value
            top.waiting = False
        else:
            if value in top.lines and self.duplicate is None:
                self._duplicate(value, line, top.lines[value])
            top.key, top.key_line, top.waiting = value, line, True
            top.lines.setdefault(value, line)

    def _duplicate(self, key: Any, line: int, first: int) -> None:
        """Keep the first duplicate key: it is reported once the text has parsed."""
        text = f"duplicate key '{key}' (first given at line {first})"
        if key == "id":  # a second id in one mapping: the next item without its dash
            text += "; start each item with '- '"
        depth = self._item_depth()
        holder = self.stack[depth].items if len(self.stack) > depth else None
        self.duplicate = Refused(line, "", str(key), text), holder

    def duplicate_refused(self) -> Refused | None:
        """The first duplicate key, with the id of its object now that the object is read."""
        if self.duplicate is None:
            return None
        refused, holder = self.duplicate
        found = holder.get("id") if isinstance(holder, dict) else None
        refused.obj_id = found if isinstance(found, str) else ""
        return refused

    def _refuse(self, event: Any, message: str) -> None:
        line = event.start_mark.line + 1 if event.start_mark is not None else 0
        raise Refused(line, self._object_id(), self._field_path(), message)

    def _item_depth(self) -> int:
        """How many collections enclose an object: 1 under ``pack:``, 2 under a section."""
        stack = self.stack
        return 1 if stack and stack[0].is_map and stack[0].key == "pack" else 2

    def _object_id(self) -> str:
        depth = self._item_depth()
        if len(self.stack) <= depth or not self.stack[depth].is_map:
            return ""
        found = self.stack[depth].items.get("id")
        return found if isinstance(found, str) else ""

    def _field_path(self) -> str:
        """The dotted field of the value being read inside its object (at most 3 parts)."""
        frames = self.stack[self._item_depth() :] if len(self.stack) > 1 else self.stack
        parts = [
            (str(f.key) if f.waiting else "") if f.is_map else str(len(f.items)) for f in frames
        ]
        return ".".join(part for part in parts[:3] if part)


def compose(text: str, max_depth: int) -> Document:
    """The document of ``text``.

    Raises
    ------
    Refused
        For what a pack file may not hold, at its line.
    yaml.MarkedYAMLError
        For a syntax error, as libyaml describes it, or when ``text`` holds two documents.

    Examples
    --------
    >>> try:
    ...     compose("a: &x 1\\nb: *x\\n", 24)
    ... except Refused as err:
    ...     err.line, err.field, err.message
    (1, 'a', 'anchors and aliases (&, *) are not allowed in pack files')
    """
    composer = _Composer(max_depth)
    loader = yaml.CSafeLoader(text)
    try:
        for event in iter(loader.get_event, None):  # what yaml.parse gives, one call less
            composer.take(event)
    finally:
        loader.dispose()
    if composer.second_document is not None:
        raise yaml.composer.ComposerError(
            "expected a single document in the stream",
            composer.first_document,
            "but found another document",
            composer.second_document,
        )
    duplicate = composer.duplicate_refused()
    if duplicate is not None:
        raise duplicate
    return Document(composer.root, composer.lines)


def syntax_error(text: str) -> yaml.MarkedYAMLError | None:
    """The syntax error PyYAML's Python parser finds in ``text`` (its messages say what it
    expected and where the construct began), or None when it finds none.

    Examples
    --------
    >>> err = syntax_error("a: [1, 2\\nb: 3\\n")
    >>> err.problem, err.problem_mark.line + 1, syntax_error("a: [1, 2]")
    ("expected ',' or ']', but got ':'", 2, None)
    """
    try:
        for _ in yaml.parse(text, Loader=yaml.SafeLoader):
            pass
    except yaml.MarkedYAMLError as err:
        return err
    return None


__all__ = ["Document", "Refused", "compose", "scalar", "syntax_error"]
