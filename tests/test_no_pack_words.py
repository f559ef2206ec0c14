"""The machinery knows no pack: api/, graph/, explain/ and templates/ never name the bundled
pack's node ids, regions, pack-specific units or group headings (those live in
rules/vocabulary.py and the pack's own YAML).

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
from pathlib import Path

import pytest

from macrograph.rules import load_pack

ROOT = Path(__file__).resolve().parents[1]
CODE_DIRS = ("api", "graph", "explain")
HEADINGS = (
    "Carry and repatriation",
    "Rates and spread",
    "Global markets",
    "United States",
    "Fiscal",
)
PACK_UNITS = ("jpy_tn", "usd_bn", "usd_tn")
REGIONS = ("'JP'", '"JP"', "'US'", '"US"')


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


@functools.cache  # read once: each parametrized case looks up its own file
def machinery() -> list[tuple[str, str]]:
    return [
        (str(p.relative_to(ROOT)), code_text(p) if p.suffix == ".py" else p.read_text("utf-8"))
        for p in machinery_files()
    ]


@functools.cache
def pack_words() -> list[str]:
    pack = load_pack()
    return sorted(pack.nodes) + list(PACK_UNITS) + list(HEADINGS) + list(REGIONS)


def test_the_machinery_is_found() -> None:
    files = dict(machinery())
    assert "graph/propagate.py" in files and "templates/whatif.txt.j2" in files
    assert len(files) > 40


def named(text: str) -> list[str]:
    """The bundled pack's words that ``text`` names (whole words only)."""
    return [w for w in pack_words() if re.search(rf"(?<![\w]){re.escape(w)}(?![\w])", text)]


@pytest.mark.parametrize("name", [str(p.relative_to(ROOT)) for p in machinery_files()])
def test_no_bundled_pack_word_in_the_machinery(name: str) -> None:
    text = dict(machinery())[name]
    assert named(text) == [], f"{name} names the bundled pack: {named(text)}"


def test_the_checker_catches_a_node_id_in_code(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        '"""Docs may say jgb_10y."""\nX = "jgb_10y"  # code may not\nY = {"JP": "Japan"}\n'
    )
    text = code_text(module)
    assert "Docs" not in text
    assert named(text) == ["jgb_10y", '"JP"']
