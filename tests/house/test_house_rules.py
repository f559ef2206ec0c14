"""Four house rules a reader of the code relies on: no module of the package over 500 lines
(a module is read whole), no folder of it holding more than 25 modules (past that, its
modules are grouped into sub-packages a reader can take in), no function outside the
command line taking more than seven parameters (more travel together in a frozen options
object), and an example in the docstring of every public function outside the command line
(what it computes, run as a doctest by ``make test``)."""

from __future__ import annotations

import ast
import configparser
from pathlib import Path

ROOT = Path(__file__).parents[2]
LAYERS = ("rules", "graph", "explain", "api")
MAX_LINES = 500
MAX_PARAMETERS = 7
MAX_MODULES = 25


def modules() -> list[Path]:
    """The package's own Python modules (not the templates compiled at install)."""
    found = [p for layer in LAYERS for p in (ROOT / layer).rglob("*.py")]
    return sorted(p for p in found if "compiled" not in p.parts)


def parameters(function: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """What a caller passes: every parameter but a method's ``self`` or ``cls``."""
    args = function.args
    count = len(args.posonlyargs) + len(args.args) + len(args.kwonlyargs)
    count += (args.vararg is not None) + (args.kwarg is not None)
    first = (args.posonlyargs + args.args)[:1]
    return count - (1 if first and first[0].arg in ("self", "cls") else 0)


def test_the_scan_sees_the_package() -> None:
    assert len(modules()) > 150
    assert ROOT / "graph" / "engine" / "steps.py" in modules()


def test_no_module_is_over_500_lines() -> None:
    long = {
        str(p.relative_to(ROOT)): n
        for p in modules()
        if (n := len(p.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


def test_no_folder_holds_more_than_25_modules() -> None:
    per_folder: dict[str, int] = {}
    for path in modules():
        folder = str(path.parent.relative_to(ROOT))
        per_folder[folder] = per_folder.get(folder, 0) + 1
    assert per_folder["graph/words"] > 1  # the count sees sub-packages
    assert {f: n for f, n in per_folder.items() if n > MAX_MODULES} == {}


def test_no_function_outside_the_command_line_takes_more_than_seven_parameters() -> None:
    wide = {}
    for path in modules():
        if "cli" in path.relative_to(ROOT).parts:
            continue  # click passes a command every option as a parameter
        for node in ast.walk(ast.parse(path.read_text())):
            functions = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            if functions and parameters(node) > MAX_PARAMETERS:
                wide[f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"] = parameters(node)
    assert wide == {}


def public_functions(tree: ast.Module) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    """A module's functions whose name does not start with an underscore (methods aside)."""
    kinds = ast.FunctionDef | ast.AsyncFunctionDef
    return [n for n in tree.body if isinstance(n, kinds) and not n.name.startswith("_")]


def test_every_public_function_outside_the_command_line_shows_an_example() -> None:
    bare = []
    for path in modules():
        if "cli" in path.relative_to(ROOT).parts:
            continue  # a command's example is its --help, tested with the command line
        for function in public_functions(ast.parse(path.read_text())):
            if ">>> " not in (ast.get_docstring(function) or ""):
                bare.append(f"{path.relative_to(ROOT)}:{function.lineno} {function.name}")
    assert bare == []


def test_the_example_scan_reads_module_level_functions_only() -> None:
    source = (
        'def shown():\n    """Add.\n\n    >>> 1 + 1\n    2\n    """\n'
        "def bare(): pass\ndef _private(): pass\nclass A:\n    def method(self): pass\n"
    )
    found = public_functions(ast.parse(source))
    assert [f.name for f in found] == ["shown", "bare"]
    assert [">>> " in (ast.get_docstring(f) or "") for f in found] == [True, False]


def test_the_count_leaves_out_self_and_counts_the_rest() -> None:
    source = "class A:\n    def m(self, a, *b, c=1, **d): pass\ndef f(a, /, b, *, c): pass\n"
    found = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.FunctionDef)]
    assert {f.name: parameters(f) for f in found} == {"m": 4, "f": 3}


def test_every_sub_package_is_one_the_wheel_installs() -> None:
    # a folder left out of setup.cfg's packages works in the tree and is missing from the wheel
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    listed = set(config["options"]["packages"].split())
    folders = {
        "macrograph." + ".".join(p.parent.relative_to(ROOT).parts)
        for layer in ("rules", "graph", "explain")
        for p in (ROOT / layer).rglob("__init__.py")
        if "compiled" not in p.parts
    }
    assert "macrograph.graph.words.units" in folders
    assert sorted(folders - listed) == []
