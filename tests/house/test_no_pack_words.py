"""The machinery knows no pack: api/, graph/, explain/ and templates/ never name the bundled
pack's node ids, or any word its ``pack.yaml`` declares on top of the neutral built-in
vocabulary: its group headings, regions (ids and names), channels and units; nor the names
of its market its labels write as names are written (a capital past a label's first letter:
'BoJ', 'Nasdaq', 'USD/JPY'). The words are read from the loaded pack, so a word the pack
comes to declare is guarded at once.

Docstrings and the command line's help (``epilog=``, ``help=``, ``*_EPILOG``) are
documentation. The command line's help and examples run on the default pack by design, so
explain/cli/ may name its words there. The docstrings of api/, graph/ and the rest of
explain/ may not: their examples run on :mod:`macrograph.graph.synthetic` packs (and its
siblings), so that a user's pack reads as natural as ours. Code, comments, messages and
templates may not anywhere.
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
# folders whose docstrings name no word of the bundled pack either, and the folders in them
# whose documentation runs on the default pack by design (the command line's help)
DOCUMENTED_DIRS = ("api", "explain", "graph")
DOCUMENTED_EXEMPT = ("explain/cli",)


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


def _tokens(path: Path, documentation: bool) -> str:
    """The tokens of a module on its documentation lines, or on the others."""
    source = path.read_text(encoding="utf-8")
    lines = _documentation_lines(ast.parse(source))
    kept = []
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if (tok.start[0] in lines) == documentation:
            kept.append(tok.string)
    return " ".join(kept)


def code_text(path: Path) -> str:
    """A module's code and comments, without its documentation."""
    return _tokens(path, documentation=False)


def documentation_text(path: Path) -> str:
    """A module's docstrings (and any help text), without its code."""
    return _tokens(path, documentation=True)


def machinery_files() -> list[Path]:
    """The modules of graph/ and explain/, then the templates."""
    found = [p for d in CODE_DIRS for p in sorted((ROOT / d).rglob("*.py"))]
    return found + sorted((ROOT / "templates").rglob("*.j2"))


@functools.cache  # read once: a parametrized case reads its own file, not all of them
def machinery_text(name: str) -> str:
    """The code and comments of the module ``name`` (relative to the root), or a template."""
    path = ROOT / name
    return code_text(path) if path.suffix == ".py" else path.read_text("utf-8")


def documented_files() -> list[Path]:
    """The modules whose docstrings are checked: those of :data:`DOCUMENTED_DIRS`, less
    :data:`DOCUMENTED_EXEMPT`."""
    exempt = [ROOT / d for d in DOCUMENTED_EXEMPT]
    found = [p for d in DOCUMENTED_DIRS for p in sorted((ROOT / d).rglob("*.py"))]
    return [p for p in found if not any(p.is_relative_to(e) for e in exempt)]


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
        *market_words(),
        *(g.heading for g in info.groups),
        *(r.name for r in info.regions),
        *(u.id for u in info.units),
        *_quoted(r.id for r in regions),
        *_quoted(channels),
    ]


@functools.cache
def market_words() -> list[str]:
    """The names of the bundled pack's market as its labels write them: a word with a capital
    past the label's first letter ('BoJ policy rate' and 'Pressure on the BoJ to hike' give
    'BoJ', 'S&P 500 earnings growth' 'S&P') or a label of one word ('Nasdaq'), less the words
    the built-in vocabulary writes itself ('GDP' of '% of GDP')."""
    builtin_text = " ".join(f"{u.suffix} {u.change_suffix}" for u in builtin.UNIT_FORMS.values())
    found = set()
    for node in load_pack().nodes.values():
        words = re.findall(r"[\w/&-]+", node.label)
        for i, word in enumerate(words):
            if (i > 0 and word[:1].isupper()) or any(c.isupper() for c in word[1:]):
                found.add(word)
        found.update(words if len(words) == 1 else [])
    return sorted(w for w in found if not named(builtin_text, [w]))


@functools.cache
def documentation_words() -> list[str]:
    """The bundled pack's words a docstring may not name: all of :func:`pack_words` but the
    built-in headings of the node kinds ('Assets'), which the pack happens to declare too and
    which every pack without groups shows (an example of :func:`group_order` prints them)."""
    neutral = {*builtin.KIND_HEADINGS.values(), builtin.OTHER}
    return [w for w in pack_words() if w not in neutral]


def test_the_bundled_pack_brings_its_own_words() -> None:
    """The words guarded are the pack's: it declares its headings, regions, units, channels."""
    words = pack_words()
    for word in ("Rates and spread", "Fiscal", "Global markets", "jpy_tn", '"JP"', "'carry'"):
        assert word in words
    assert len(words) > len(load_pack().nodes) + 20


def test_the_bundled_pack_names_its_market() -> None:
    """Its labels' names are guarded; the built-in vocabulary's own ('GDP') are not."""
    words = market_words()
    for word in ("BoJ", "Fed", "JGB", "Nasdaq", "Bitcoin", "USD/JPY", "S&P", "Treasury"):
        assert word in words
    assert "GDP" not in words and "Asset-bubble" not in words


def test_the_machinery_is_found() -> None:
    files = dict(machinery())
    assert "graph/propagate.py" in files and "templates/whatif.txt.j2" in files
    assert len(files) > 40


@functools.cache
def _any_word(words: tuple[str, ...]) -> re.Pattern[str]:
    """Any of ``words``, whole: a text it does not match names none of them."""
    either = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?<![\w])(?:{either})(?![\w])")


def named(text: str, words: list[str] | None = None) -> list[str]:
    """The bundled pack's words (or those of ``words``) that ``text`` names, whole words."""
    words = pack_words() if words is None else words
    if not _any_word(tuple(words)).search(text):  # one pass, where most texts name none
        return []
    return [w for w in words if re.search(rf"(?<![\w]){re.escape(w)}(?![\w])", text)]


@pytest.mark.parametrize("name", [str(p.relative_to(ROOT)) for p in machinery_files()])
def test_no_bundled_pack_word_in_the_machinery(name: str) -> None:
    text = machinery_text(name)
    assert named(text) == [], f"{name} names the bundled pack: {named(text)}"


@pytest.mark.parametrize("name", [str(p.relative_to(ROOT)) for p in documented_files()])
def test_no_bundled_pack_word_in_the_machinery_docstrings(name: str) -> None:
    text = documentation_text(ROOT / name)
    found = named(text, documentation_words())
    assert found == [], f"{name} names the bundled pack in its docstrings: {found}"


def test_the_documented_files_are_found() -> None:
    names = [str(p.relative_to(ROOT)) for p in documented_files()]
    assert "explain/wording/grammar.py" in names and "explain/contexts/base.py" in names
    assert "graph/propagate.py" in names and "api/__init__.py" in names
    assert not any(n.startswith("explain/cli/") for n in names)


def test_the_checker_catches_a_node_id_in_a_docstring(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        '"""Module docs, on jgb_10y."""\nX = 1  # code\n\n\n'
        'def f():\n    """Its group, \'Assets\', or Fiscal; "JP" and \'carry\'."""\n'
    )
    text = documentation_text(module)
    assert "code" not in text and "Module docs" in text
    found = named(text, documentation_words())
    assert sorted(found) == sorted(["jgb_10y", "Fiscal", '"JP"', "'carry'"])  # not 'Assets'


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
