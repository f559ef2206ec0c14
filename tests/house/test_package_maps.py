"""Each layer's package docstring is a map of its modules: a new engineer reads
``rules/__init__.py``, ``graph/__init__.py`` and ``explain/__init__.py`` top-down and finds
every module and sub-package there, named as ``:mod:`` with what it does."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _parts(package: Path) -> list[str]:
    """The package's modules and sub-packages, by name."""
    modules = {p.stem for p in package.glob("*.py") if p.stem != "__init__"}
    return sorted(modules | {p.parent.name for p in package.glob("*/__init__.py")})


@pytest.mark.parametrize("layer", ["rules", "graph", "explain"])
def test_a_layers_docstring_names_every_module_of_it(layer: str) -> None:
    package = ROOT / layer
    doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text())) or ""
    named = set(re.findall(r":mod:`~?\.?(?:[\w.]*\.)?(\w+)`", doc))
    assert [part for part in _parts(package) if part not in named] == []


@pytest.mark.parametrize("layer", ["api", "rules", "graph", "explain"])
def test_every_public_function_of_a_layer_says_what_it_does(layer: str) -> None:
    """A module's public functions each have a docstring (six had none)."""
    bare = [
        f"{path.relative_to(ROOT)}: {node.name}"
        for path in sorted((ROOT / layer).rglob("*.py"))
        for node in ast.parse(path.read_text(encoding="utf-8")).body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and not node.name.startswith("_")
        and not ast.get_docstring(node)
    ]
    assert bare == []
