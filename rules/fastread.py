"""The fast path of :mod:`macrograph.rules.reader`: libyaml's C parser builds the same tree.

ruamel.yaml's pure-Python scanner reads about 100 KB a second, so a pack of tens of
megabytes took minutes. Here libyaml (through PyYAML) produces the events and a small
composer builds the round-trip tree the loader expects (``CommentedMap`` and
``CommentedSeq`` with their line numbers), resolving plain scalars by YAML 1.2's core
schema. Whatever this path does not handle exactly as ruamel.yaml would (a syntax
error, anchors, tags, directives, complex or duplicate keys, deep nesting, numbers in
unusual notations, several documents) makes it return :data:`FALLBACK`, and the
reader then takes the careful path that reports the problem with its line.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from functools import lru_cache
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq, LineCol
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver

try:
    import yaml
    from yaml import events as ev
except ImportError:  # pragma: no cover - PyYAML is a dependency; without it, the careful path
    yaml = None

FALLBACK: Any = object()
"""Returned when the careful (ruamel.yaml) path must read the text."""

_RESOLVER = VersionedResolver(version=(1, 2))
# First characters of a plain scalar that a YAML 1.2 resolver may read as other than text.
_MAY_RESOLVE = frozenset("-+0123456789.~nNtTfF<=!&*")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
# Only the plain notations read the same by every reader; ruamel.yaml reads the rest.
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]{0,99})")
_FLOAT = re.compile(r"[-+]?[0-9]{1,100}(?:\.[0-9]{0,100})?(?:[eE][-+]?[0-9]{1,4})?")


_NODE_EVENTS = (
    frozenset((ev.ScalarEvent, ev.MappingStartEvent, ev.SequenceStartEvent))
    if yaml
    else frozenset()
)


class _Fallback(Exception):
    """This text needs the careful path."""


@lru_cache(maxsize=4096)
def _tag(value: str) -> str:
    """The last part of the tag ruamel.yaml's YAML 1.2 resolver gives a plain scalar."""
    if value[:1] in ("n", "N"):  # only null, Null and NULL are not text
        return "null" if value in ("null", "Null", "NULL") else "str"
    return str(_RESOLVER.resolve(ScalarNode, value, (True, False))).rsplit(":", 1)[-1]


def _scalar(event: Any) -> Any:
    """A scalar as ruamel.yaml's round-trip loader (timestamps kept as text) reads it."""
    value: str = event.value
    if event.style or (value and value[0] not in _MAY_RESOLVE):
        return value  # quoted, literal or folded, or a plain word: text
    if not value:
        raise _Fallback  # an empty value: libyaml places it on the next line, ruamel after ':'
    if value in _BOOL:
        return _BOOL[value]
    tag = _tag(value)
    if tag in ("str", "timestamp"):
        return value
    if tag == "null":
        return None
    if tag == "int" and _INT.fullmatch(value):
        return int(value)
    if tag == "float" and _FLOAT.fullmatch(value):
        return float(value)
    raise _Fallback  # 0x1F, 1_000, 0755, .inf, <<, a number of 100 digits or more...


class _Open:
    """A collection being filled: its line data, and for a mapping the key waiting for a value."""

    __slots__ = ("collection", "data", "is_map", "key", "key_mark")

    def __init__(self, collection: Any, is_map: bool) -> None:
        self.collection, self.is_map = collection, is_map
        self.data: dict[Any, list[int]] = getattr(collection, LineCol.attrib).data
        self.key: Any = None
        self.key_mark: Any = None


def _collection(is_map: bool, mark: Any) -> Any:
    """An empty CommentedMap or CommentedSeq that starts at ``mark``, built without the
    attribute probing of their constructors and ``lc`` property (which cost a third of
    the time of a large pack)."""
    if is_map:
        collection: Any = CommentedMap.__new__(CommentedMap)
        collection._ok, collection._ref = set(), []
    else:
        collection = CommentedSeq()
    lc = LineCol()
    lc.line, lc.col, lc.data = mark.line, mark.column, {}
    setattr(collection, LineCol.attrib, lc)
    return collection


def _put(top: _Open, value: Any, mark: Any) -> None:
    """Add ``value`` (which starts at ``mark``) to the open collection ``top``."""
    if not top.is_map:
        top.data[len(top.collection)] = [mark.line, mark.column]
        list.append(top.collection, value)
    elif top.key_mark is None:
        if not isinstance(value, str) or value in top.data:
            raise _Fallback  # a key that is not text, or a duplicate: ruamel says which
        top.key, top.key_mark = value, mark
    else:
        key_mark = top.key_mark
        top.data[top.key] = [key_mark.line, key_mark.column, mark.line, mark.column]
        OrderedDict.__setitem__(top.collection, top.key, value)
        top.collection._ok.add(top.key)  # what CommentedMap.__setitem__ also records
        top.key_mark = None


def fast_tree(text: str, max_depth: int) -> Any:
    """The round-trip tree of ``text``, or :data:`FALLBACK` when the careful path must read it.

    Examples
    --------
    >>> tree = fast_tree("rules:\\n  - id: a\\n    lag: 5d\\n    x: 0.5\\n", 24)
    >>> tree["rules"][0]["x"], tree["rules"][0].lc.key("lag")
    (0.5, (2, 4))
    >>> fast_tree("a: &x 1\\nb: *x\\n", 24) is FALLBACK
    True
    """
    if yaml is None or not getattr(yaml, "__with_libyaml__", False):
        return FALLBACK  # no libyaml: the careful path only
    builder = _Builder(max_depth)
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            builder.take(event)
    except (_Fallback, yaml.YAMLError, ValueError, RecursionError):
        return FALLBACK
    return builder.root if builder.root is not None else FALLBACK


class _Builder:
    """Takes libyaml's events one by one and builds the tree."""

    def __init__(self, max_depth: int) -> None:
        self.max_depth = max_depth
        self.stack: list[_Open] = []
        self.root: Any = None
        self.documents = 0

    def take(self, event: Any) -> None:
        kind = type(event)
        if kind in _NODE_EVENTS:
            if event.anchor is not None or event.tag is not None:
                raise _Fallback
            self._node(event, kind is ev.ScalarEvent, kind is ev.MappingStartEvent)
        elif kind is ev.MappingEndEvent or kind is ev.SequenceEndEvent:
            self.stack.pop()
        elif kind is ev.DocumentStartEvent:
            self.documents += 1
            if event.explicit or event.version or event.tags or self.documents > 1:
                raise _Fallback
        elif kind is ev.AliasEvent:
            raise _Fallback

    def _node(self, event: Any, scalar: bool, is_map: bool) -> None:
        mark, stack = event.start_mark, self.stack
        value = _scalar(event) if scalar else _collection(is_map, mark)
        if not stack:
            self.root = value
        elif not scalar and stack[-1].is_map and stack[-1].key_mark is None:
            raise _Fallback  # a complex key
        else:
            _put(stack[-1], value, mark)
        if not scalar:
            if len(stack) >= self.max_depth:
                raise _Fallback
            stack.append(_Open(value, is_map))
