"""The layers hold: rules imports neither graph nor explain, graph does not import explain,
and inside explain a module imports only from its own layer or those below it (base,
then the contexts' shared pieces, then the selection, then the documents, then the CLI).

Imports are read from the source (every ``import`` and ``from ... import``, at the top or
inside a function), so an import hidden in a function to dodge a cycle counts as well; so
does one under ``if TYPE_CHECKING:``, which the checks below still allow, as it runs never.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("rules", "graph", "explain")

# explain's layers, lowest first; a module not listed is a document (or the CLI, on top)
EXPLAIN_LAYERS = (
    (
        "errors",
        "terminal",
        "textfilters",
        "filters",
        "files",
        "formats",
        "suffixes",
        "sandbox",
        "compiled",
        "environment",
        "messages",
        "messages.layers",
        "messages.questions",
        "messages.warning_lines",
        "render",
        "wording",
        "wording.speaking",
        "wording.unit_words",
        "wording.grammar",
    ),
    ("contexts.base", "contexts.fitted", "contexts.header"),
    ("selection",),
)
DOCUMENTS = len(EXPLAIN_LAYERS)
CLI = DOCUMENTS + 1

# imports inside functions that stay: what the module loads only when it renders
LOADED_ON_USE = {
    "explain/environment.py": "the template sandbox and loader, which import jinja2",
    "rules/reading/cache.py": "the loader and lint, on a miss only (lint brings networkx)",
    "graph/scenarios.py": "plain words (and rapidfuzz), for a question no scenario is named by",
}


def _module(path: Path) -> str:
    """``explain/contexts/base.py`` -> ``explain.contexts.base`` (a package: its name)."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _sources() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))


def _imports(path: Path) -> list[tuple[int, str, bool, bool]]:
    """Each ``macrograph.*`` import of ``path``: line, module (without ``macrograph.``),
    whether it is inside a function, and whether it is under ``if TYPE_CHECKING:``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str, bool, bool]] = []

    def visit(node: ast.AST, in_function: bool, typing_only: bool) -> None:
        for child in ast.iter_child_nodes(node):
            names: list[str] = []
            if isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                names = [child.module]
                names += [f"{child.module}.{a.name}" for a in child.names]
            elif isinstance(child, ast.Import):
                names = [a.name for a in child.names]
            for name in names:
                if name.startswith("macrograph."):
                    found.append(
                        (child.lineno, name.removeprefix("macrograph."), in_function, typing_only)
                    )
            inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            guarded = typing_only or (
                isinstance(child, ast.If) and ast.unparse(child.test).endswith("TYPE_CHECKING")
            )
            visit(child, inner, guarded)

    visit(tree, False, False)
    return found


def _explain_layer(module: str) -> int:
    """The layer of an ``explain`` module (a name ending in an imported attribute is
    shortened until it names a module)."""
    name = module.removeprefix("explain").removeprefix(".")
    if name == "cli" or name.startswith("cli."):
        return CLI
    for at, layer in enumerate(EXPLAIN_LAYERS):
        if any(name == m or name.startswith(f"{m}.") for m in layer):
            return at
    return DOCUMENTS


def _broken(source: str, forbidden: tuple[str, ...]) -> list[str]:
    found = []
    for path in sorted((ROOT / source).rglob("*.py")):
        for line, name, _, typing_only in _imports(path):
            if name.split(".")[0] in forbidden and not typing_only:
                found.append(f"{path.relative_to(ROOT)}:{line} imports macrograph.{name}")
    return found


@pytest.mark.parametrize(
    ("source", "forbidden"), [("rules", ("graph", "explain")), ("graph", ("explain",))]
)
def test_lower_packages_never_import_higher_ones(source: str, forbidden: tuple[str, ...]) -> None:
    assert _broken(source, forbidden) == []


def test_explain_modules_import_only_their_layer_or_those_below() -> None:
    found = []
    for path in sorted((ROOT / "explain").rglob("*.py")):
        own = _explain_layer(_module(path))
        for line, name, _, typing_only in _imports(path):
            if name.startswith("explain.") and not typing_only and _explain_layer(name) > own:
                found.append(f"{path.relative_to(ROOT)}:{line} imports macrograph.{name}")
    assert found == []


def test_graph_and_explain_import_their_own_modules_at_the_top() -> None:
    """Outside the CLI (which loads each command's modules when it runs); rules too."""
    allowed = set(LOADED_ON_USE)
    found = [
        f"{path.relative_to(ROOT)}:{line} imports macrograph.{name}"
        for path in _sources()
        if path.parts[-2] != "cli"
        and path.relative_to(ROOT).parts[0] in ("rules", "graph", "explain")
        and path.relative_to(ROOT).as_posix() not in allowed
        for line, name, in_function, _ in _imports(path)
        if in_function
    ]
    assert found == []


def test_the_checks_see_a_broken_layer(tmp_path: Path) -> None:
    """The reader finds imports in functions and under TYPE_CHECKING, and a base module
    importing a document breaks its layer."""
    source = tmp_path / "x.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from macrograph.graph.result import Result\n"
        "def f():\n"
        "    from macrograph.explain.brief.note import make_brief\n",
        encoding="utf-8",
    )
    rows = [(line, in_f, typing) for line, name, in_f, typing in _imports(source) if "." in name]
    assert (3, False, True) in rows and (5, True, False) in rows
    assert _explain_layer("explain.filters") < _explain_layer("explain.selection")
    assert _explain_layer("explain.selection.key_outcomes") < _explain_layer("explain.brief.note")
    assert _explain_layer("explain.brief.note") < _explain_layer("explain.cli.app")
