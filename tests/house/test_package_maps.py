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
