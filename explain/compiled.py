"""The bundled templates compiled to Python when the package is built, and loaded from there.

Parsing a template and generating its code costs more than rendering it: a text what-if
spent 50-70 ms compiling its three templates on every run. The build (``setup.py``'s
``build_py``, ``make install`` for a working tree) writes each bundled template's code as
a module beside the templates, in ``templates/compiled/``, and :class:`BundledLoader`
runs that code instead of compiling, in a fresh namespace for every environment, exactly
as Jinja does with the code it compiles itself; the output is the same to the byte.

A module's name is a digest of everything its code depends on: the template's name and
source, Jinja's version, the environment's class, settings and intercepted operators, the
pass-argument kinds of its filters, tests and ``finalize``, and the source of the modules
its filters come from (the optimizer folds filters over constants at compile time). A
template edited in a working tree, another Jinja or a changed filter has another digest,
finds no module and is compiled from its source as before. Nothing is read from a cache a
user writes: the modules ship with the package, and a user's ``--templates DIR`` is always
compiled from its source.

Examples
--------
>>> env = jinja2.Environment()
>>> key("t.j2", b"{{ 1 + 1 }}", env) == key("t.j2", b"{{ 1 + 1 }}", env)
True
>>> key("t.j2", b"{{ 1 + 1 }}", env) == key("t.j2", b"{{ 1 + 2 }}", env)
False
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import sys
from collections.abc import MutableMapping
from importlib.machinery import SourceFileLoader
from pathlib import Path
from typing import Any

import jinja2

from macrograph.explain.errors import TemplateProblem

FOLDER = "compiled"
PREFIX = "tmpl_"
LEXER_SETTINGS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
    "is_async",
)


def _pass_kind(function: object) -> str:
    """What Jinja passes a filter, test or ``finalize`` first (context, environment...)."""
    return str(getattr(function, "jinja_pass_arg", None))


@functools.cache
def _module_digest(names: tuple[str, ...]) -> str:
    """A digest of the source files of the modules ``names`` (read once a process)."""
    digest = hashlib.sha256()
    for name in names:
        path = getattr(sys.modules.get(name), "__file__", None)
        digest.update(name.encode())
        digest.update(Path(path).read_bytes() if path else b"")
    return digest.hexdigest()


def _environment_text(env: jinja2.Environment) -> str:
    """Everything about ``env`` the code Jinja generates for a template depends on."""
    callables = (*env.filters.values(), *env.tests.values())
    modules = tuple(sorted({str(getattr(f, "__module__", "")) for f in callables} - {""}))
    settings = [
        jinja2.__version__,
        f"{type(env).__module__}.{type(env).__qualname__}",
        sorted(getattr(env, "intercepted_binops", ())),
        sorted(getattr(env, "intercepted_unops", ())),
        [(name, getattr(env, name)) for name in LEXER_SETTINGS],
        _pass_kind(env.finalize),
        sorted((name, _pass_kind(f)) for name, f in env.filters.items()),
        sorted((name, _pass_kind(f)) for name, f in env.tests.items()),
        sorted(env.extensions),
        _module_digest(modules),
    ]
    return repr(settings)


def key(name: str, source: bytes, env: jinja2.Environment) -> str:
    """The module name of template ``name`` with ``source`` compiled for ``env``.

    Examples
    --------
    >>> name = key("t.j2", b"{{ 1 + 1 }}", jinja2.Environment())
    >>> name[: len(PREFIX)], len(name) - len(PREFIX)
    ('tmpl_', 40)
    """
    autoescape = env.autoescape(name) if callable(env.autoescape) else env.autoescape
    digest = hashlib.sha256(repr((name, autoescape, _environment_text(env))).encode())
    digest.update(source)
    return PREFIX + digest.hexdigest()[:40]


class BundledLoader(jinja2.PackageLoader):
    """The bundled templates, run from their compiled modules when the build wrote them.

    A template without a module of its digest is compiled from its source
    (:class:`jinja2.PackageLoader`).
    """

    def __init__(self, package_name: str) -> None:
        super().__init__(package_name, "")
        package = sys.modules[package_name]  # imported by PackageLoader; read as a folder,
        # where importlib.resources.files finds it, without importing importlib.resources
        self.compiled = Path(package.__file__ or "").parent / FOLDER

    def load(
        self,
        environment: jinja2.Environment,
        name: str,
        globals: MutableMapping[str, Any] | None = None,
    ) -> jinja2.Template:
        source, filename, _ = self.get_source(environment, name)
        module = self.compiled / f"{key(name, source.encode(), environment)}.py"
        code = (
            SourceFileLoader(module.stem, str(module)).get_code(module.stem)
            if module.is_file()
            else None
        )
        if code is None:
            return super().load(environment, name, globals)
        namespace: dict[str, Any] = {"environment": environment, "__file__": filename}
        exec(code, namespace)  # the template's code, run as Template.from_code runs it
        return environment.template_class.from_module_dict(environment, namespace, globals or {})


class OverrideLoader(jinja2.FileSystemLoader):
    """A user's folder of templates that override the bundled ones of the same name; an
    entry of that name that is no regular file (a folder, a FIFO, a device) or no UTF-8
    text is refused, where it was skipped or failed with the codec's own words."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder))
        self.folder = folder

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        path = self.folder / template
        if os.path.lexists(path) and not path.is_file():
            detail = f"{path} is not a regular file (a folder, a device or a broken link)"
            raise TemplateProblem(template, detail)
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError as err:
            byte = err.object[err.start : err.start + 1].hex()
            detail = f"is not UTF-8 text (byte 0x{byte} at {err.start})"
            raise TemplateProblem(template, detail) from None


def compile_bundled(env: jinja2.Environment, loader: BundledLoader) -> list[Path]:
    """Write the code of every template ``loader`` holds, compiled for ``env``, into its
    ``compiled/`` folder (emptied first); the modules written, in name order.

    Examples
    --------
    >>> import tempfile
    >>> from macrograph.explain.environment import TEMPLATE_PACKAGE, make_environment
    >>> loader = BundledLoader(TEMPLATE_PACKAGE)
    >>> with tempfile.TemporaryDirectory() as tmp:  # not the package's own folder
    ...     loader.compiled = Path(tmp) / "compiled"
    ...     written = compile_bundled(make_environment(), loader)
    ...     [p.parent == loader.compiled for p in written][:2]
    [True, True]
    """
    shutil.rmtree(loader.compiled, ignore_errors=True)
    loader.compiled.mkdir()
    written = []
    for name in loader.list_templates():
        if not name.endswith(".j2") or name.startswith(f"{FOLDER}/"):
            continue
        source, filename, _ = loader.get_source(env, name)
        code = env.compile(source, name, filename, raw=True)
        path = loader.compiled / f"{key(name, source.encode(), env)}.py"
        path.write_text(code, "utf-8")  # no line above it: the template's lines map to its own
        written.append(path)
    return written
