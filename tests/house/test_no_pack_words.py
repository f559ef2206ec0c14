"""The machinery knows no pack: api/, graph/, explain/ and templates/ never name the bundled
pack's node ids, or any word its ``pack.yaml`` declares on top of the neutral built-in
vocabulary: its group headings, regions (ids and names), channels and units. The words are
read from the loaded pack, so a word the pack comes to declare is guarded at once.

Docstrings and the command line's help (``epilog=``, ``help=``, ``*_EPILOG``) are
documentation: their examples use the bundled pack, the default one, so they may name its
nodes; code, comments, messages and templates may not.
"""

from __future__ import annotations

import ast
import functools
import io
import re
import tokenize
from collections.abc import Iterable
from pathlib import Path

import pytest

from macrograph.rules import load_pack
from macrograph.rules import vocabulary as builtin

ROOT = Path(__file__).resolve().parents[2]
CODE_DIRS = ("api", "graph", "explain")


def _span(node: ast.AST) -> range:
    start = getattr(node, "lineno", 0)
    return range(start, (getattr(node, "end_lineno", None) or start) + 1)


def _documentation_lines(tree: ast.AST) -> set[int]:
    """Lines of docstrings and of the command line's help texts and examples."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg in ("epilog", "help"):
            lines.update(_span(node.value))
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id.endswith("_EPILOG") for t in node.targets
        ):
            lines.update(_span(node.value))
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                lines.update(_span(body[0]))
    return lines


def code_text(path: Path) -> str:
    """A module's code and comments, without its documentation."""
    source = path.read_text(encoding="utf-8")
    skip = _documentation_lines(ast.parse(source))
    kept = []
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.start[0] not in skip:
            kept.append(tok.string)
    return " ".join(kept)


def machinery_files() -> list[Path]:
    """The modules of graph/ and explain/, then the templates."""
    found = [p for d in CODE_DIRS for p in sorted((ROOT / d).rglob("*.py"))]
    return found + sorted((ROOT / "templates").rglob("*.j2"))


@functools.cache  # read once: a parametrized case reads its own file, not all of them
def machinery_text(name: str) -> str:
    """The code and comments of the module ``name`` (relative to the root), or a template."""
    path = ROOT / name
    return code_text(path) if path.suffix == ".py" else path.read_text("utf-8")


def machinery() -> list[tuple[str, str]]:
    names = [str(p.relative_to(ROOT)) for p in machinery_files()]
    return [(name, machinery_text(name)) for name in names]


def _quoted(words: Iterable[str]) -> list[str]:
    return [f"{q}{w}{q}" for w in words for q in ("'", '"')]


@functools.cache
def pack_words() -> list[str]:
    """Every word the bundled pack brings: node ids, declared headings, region ids and names,
    units, and channels. Region ids and channels are short or everyday words ('JP', 'carry'),
    guarded where code names them: as a quoted string."""
    info = load_pack().info
    regions = [r for r in info.regions if r.id not in builtin.REGIONS]
    channels = [c for c in info.channels if c not in builtin.CHANNELS]
    return [
        *sorted(load_pack().nodes),
        *(g.heading for g in info.groups),
        *(r.name for r in info.regions),
        *(u.id for u in info.units),
        *_quoted(r.id for r in regions),
        *_quoted(channels),
    ]


def test_the_bundled_pack_brings_its_own_words() -> None:
    """The words guarded are the pack's: it declares its headings, regions, units, channels."""
    words = pack_words()
    for word in ("Rates and spread", "Fiscal", "Global markets", "jpy_tn", '"JP"', "'carry'"):
        assert word in words
    assert len(words) > len(load_pack().nodes) + 20


def test_the_machinery_is_found() -> None:
    files = dict(machinery())
    assert "graph/propagate.py" in files and "templates/whatif.txt.j2" in files
    assert len(files) > 40


@functools.cache
def _any_word() -> re.Pattern[str]:
    """Any of the bundled pack's words, whole: a text it does not match names none of them."""
    words = "|".join(re.escape(w) for w in pack_words())
    return re.compile(rf"(?<![\w])(?:{words})(?![\w])")


def named(text: str) -> list[str]:
    """The bundled pack's words that ``text`` names (whole words only)."""
    if not _any_word().search(text):  # one pass over the text, where most name no word
        return []
    return [w for w in pack_words() if re.search(rf"(?<![\w]){re.escape(w)}(?![\w])", text)]


@pytest.mark.parametrize("name", [str(p.relative_to(ROOT)) for p in machinery_files()])
def test_no_bundled_pack_word_in_the_machinery(name: str) -> None:
    text = machinery_text(name)
    assert named(text) == [], f"{name} names the bundled pack: {named(text)}"


def test_the_checker_catches_a_node_id_in_code(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        '"""Docs may say jgb_10y."""\nX = "jgb_10y"  # code may not\nY = {"JP": "Japan"}\n'
        'if group == "Carry and repatriation" or rule.channel == "carry":\n    pass\n'
    )
    text = code_text(module)
    assert "Docs" not in text
    assert sorted(named(text)) == sorted(
        ["jgb_10y", "Carry and repatriation", "Japan", '"JP"', '"carry"']
    )


def test_the_checker_catches_a_heading_in_a_template() -> None:
    text = "{% if group == 'Fiscal' %}Stance and fiscal cost{% endif %} in usd_tn"
    assert sorted(named(text)) == sorted(["Fiscal", "usd_tn"])
