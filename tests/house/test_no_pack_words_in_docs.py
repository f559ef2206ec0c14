"""graph/ and api/ document themselves on synthetic packs: their docstrings, examples
included, name none of the bundled pack's words either.

The words are those :mod:`tests.house.test_no_pack_words` reads from the loaded pack (node
ids, declared headings, region ids and names, units, channels), and a module's documentation
is what that test leaves out of its code; examples run on
:mod:`macrograph.graph.synthetic` (and its siblings), so a user's pack for another field
reads as natural as ours.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.house.test_no_pack_words import ROOT, _documentation_lines, named

DOC_DIRS = ("api", "graph")


def documentation_text(path: Path) -> str:
    """A module's docstrings (and help texts), line by line, without its code."""
    source = path.read_text(encoding="utf-8")
    lines = _documentation_lines(ast.parse(source))
    return "\n".join(line for i, line in enumerate(source.splitlines(), 1) if i in lines)


def documented_files() -> list[str]:
    """The modules of api/ and graph/, relative to the root."""
    return [str(p.relative_to(ROOT)) for d in DOC_DIRS for p in sorted((ROOT / d).rglob("*.py"))]


def test_the_documented_modules_are_found() -> None:
    files = documented_files()
    assert "graph/propagate.py" in files and "api/__init__.py" in files
    assert len(files) > 40


@pytest.mark.parametrize("name", documented_files())
def test_no_bundled_pack_word_in_the_documentation(name: str) -> None:
    text = documentation_text(ROOT / name)
    assert named(text) == [], f"{name}'s docstrings name the bundled pack: {named(text)}"


def test_the_checker_catches_a_node_id_in_a_docstring(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        '"""A module.\n\n>>> f("jgb_10y")\n"""\n\n\ndef f(x):\n'
        '    """Reads the Fiscal heading."""\n    return "usd_jpy"  # code: the other test\n'
    )
    text = documentation_text(module)
    assert "return" not in text
    assert sorted(named(text)) == ["Fiscal", "jgb_10y"]
