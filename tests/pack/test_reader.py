"""The pack reader reads exactly what a YAML 1.2 round-trip reader reads: the same keys,
values, types and lines on every bundled file and on unusual values, and refuses what a pack
may not hold with the line of the problem.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor

from macrograph.rules.errors import PackIssue
from macrograph.rules.pack import bundled_pack_dir
from macrograph.rules.reading.reader import read_text
from macrograph.rules.reading.yamltree import Document

# --- the reader reads exactly what a YAML 1.2 round-trip reader reads ------------------
# ruamel.yaml's pure-Python round-trip loader (YAML 1.2, timestamps kept as text) is the
# reference: same keys, values, types and lines of keys and items.


class _TextDates(RoundTripConstructor):
    """The round-trip constructor, except that timestamps stay strings."""


_TextDates.add_constructor("tag:yaml.org,2002:timestamp", RoundTripConstructor.construct_yaml_str)


def _reference(text: str) -> object:
    reader = YAML(typ="rt", pure=True)
    reader.version = (1, 2)
    reader.Constructor = _TextDates
    return reader.load(text)


def _same(document: Document, ours: object, theirs: object, where: str) -> None:
    if isinstance(theirs, CommentedMap):
        assert isinstance(ours, dict), where
        assert list(ours) == list(theirs), where
        for key in theirs:
            assert document.key_line(ours, key) == theirs.lc.key(key)[0] + 1, f"{where}.{key}"
            _same(document, ours[key], theirs[key], f"{where}.{key}")
    elif isinstance(theirs, CommentedSeq):
        assert isinstance(ours, tuple), where
        assert len(ours) == len(theirs), where
        for index, item in enumerate(theirs):
            line = theirs.lc.item(index)[0] + 1
            assert document.item_line(ours, index) == line, f"{where}[{index}]"
            _same(document, ours[index], item, f"{where}[{index}]")
    else:
        expected = theirs  # None, or one of ruamel's scalar types as the plain type
        for kind in (bool, int, float, str):
            if isinstance(theirs, kind):
                expected = kind(theirs)
                break
        assert (type(ours), ours) == (type(expected), expected), where


def _read(text: str) -> Document:
    issues: list[PackIssue] = []
    document = read_text(text, "x.yaml", issues)
    assert document is not None, issues
    return document


def _pack_files() -> list[Any]:
    """The bundled pack's files; its event base (400 kB) takes seconds through the
    pure-Python reference reader, so make check leaves that one to make test."""
    slow = [pytest.mark.slow]
    return [
        pytest.param(p, id=p.name, marks=slow if p.name == "episodes-calendar.yaml" else [])
        for p in sorted(bundled_pack_dir().glob("*.yaml"))
    ]


@pytest.mark.parametrize("file", _pack_files())
def test_the_reader_builds_the_reference_tree(file: Path) -> None:
    text = file.read_text(encoding="utf-8")
    document = _read(text)
    _same(document, document.root, _reference(text), file.name)


SCALARS = [
    "1",
    "-3",
    "+0",
    "0.5",
    "-1.5e-3",
    "1e5",
    "1.",
    "~",
    "null",
    "Null",
    "true",
    "False",
    "yes",
    "no",
    "on",
    "2025-12-01",
    "5d",
    "+",
    "1:20",
    "x y",
    "'q'",
    '"1"',
    "1e400",
    "0x1F",
    "0o17",
    "0b101",
    "1_000",
    "0755",
    "08",
    ".5",
    "1_0.5",
    ".inf",
    "-.Inf",
]


@pytest.mark.parametrize("value", SCALARS)
def test_the_reader_reads_scalars_as_the_reference_does(value: str) -> None:
    text = f"a:\n  b: {value}\n  c: [{value}, 2]\n  {value}: 3\n"
    document = _read(text)
    _same(document, document.root, _reference(text), value)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: 1\na: 2\n", 2, "duplicate key 'a' (first given at line 1)"),
        ("a: &x 1\nb: *x\n", 1, "anchors and aliases (&, *) are not allowed in pack files"),
        ("a: !x 1\n", 1, "tags (values starting with '!') are not allowed in pack files; quote"),
        ("? [a]\n: 1\n", 1, "a key must be a plain word, not a list or a mapping"),
        ("%YAML 1.1\n---\na: 1\n", 2, "only YAML 1.2 is read; remove the '%YAML 1.1' directive"),
        ("a: 1\n---\nb: 2\n", 2, "invalid YAML: but found another document (expected a single"),
        ("a: [1\n", 2, "invalid YAML: expected ',' or ']', but got '<stream end>' (while parsing"),
        ("a: " + "9" * 400 + "\n", 1, "a number of 400 digits is too large; the limit is 300"),
        # line k opens collections 2k-2 and 2k-1 (the root mapping is the first): 25 at 13
        ("a:\n" + "".join("  " * d + "- x:\n" for d in range(1, 26)), 13, "nesting deeper"),
    ],
)
def test_the_reader_refuses_what_a_pack_may_not_hold(text: str, line: int, message: str) -> None:
    issues: list[PackIssue] = []
    assert read_text(text, "x.yaml", issues) is None
    assert [(i.line, i.message[: len(message)]) for i in issues] == [(line, message)]
