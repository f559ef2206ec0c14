"""Templates compiled at build time run as their source would, and only while they match it.

A throwaway package of templates stands in for ``macrograph.templates``, so that nothing is
written into the installed package.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest

from macrograph.explain.compiled import BundledLoader, compile_bundled
from macrograph.explain.environment import make_environment
from macrograph.explain.sandbox import LimitedSandbox, TemplateLimit, render_limited

PAGE = "{% extends 'base.txt.j2' %}{% block body %}{{ name | upper }} {{ '<b>' }}{% endblock %}"
BASE = "top\n{% block body %}{% endblock %}\n"


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A package ``fake_templates`` with a page that extends a base layout."""
    folder = tmp_path / "fake_templates"
    folder.mkdir()
    (folder / "__init__.py").write_text("")
    (folder / "page.txt.j2").write_text(PAGE)
    (folder / "base.txt.j2").write_text(BASE)
    monkeypatch.syspath_prepend(str(tmp_path))
    yield "fake_templates"
    sys.modules.pop("fake_templates", None)


def _environment(package: str) -> LimitedSandbox:
    return LimitedSandbox(loader=BundledLoader(package), undefined=jinja2.StrictUndefined)


def _compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiles from here on."""
    names: list[str] = []
    original = jinja2.Environment.compile

    def counted(
        self: jinja2.Environment, source: str, name: str | None = None, *a: object
    ) -> object:
        names.append(str(name))
        return original(self, source, name, *a)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    return names


def test_compiled_templates_run_without_compiling_and_print_the_same(
    package: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = _environment(package)
    from_source = env.get_template("page.txt.j2").render(name="yen")
    written = compile_bundled(env, BundledLoader(package))
    assert len(written) == 2
    compiles = _compiles(monkeypatch)
    fresh = _environment(package)
    assert fresh.get_template("page.txt.j2").render(name="yen") == from_source == "top\nYEN <b>"
    assert compiles == []


def test_an_edited_template_is_compiled_from_its_source(
    package: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compile_bundled(_environment(package), BundledLoader(package))
    (tmp_path / "fake_templates" / "base.txt.j2").write_text(
        "edited\n{% block body %}{% endblock %}"
    )
    compiles = _compiles(monkeypatch)
    text = _environment(package).get_template("page.txt.j2").render(name="x")
    assert text == "edited\nX <b>"
    assert compiles == ["base.txt.j2"]


def test_compiled_templates_keep_the_sandbox_limits(package: str, tmp_path: Path) -> None:
    (tmp_path / "fake_templates" / "page.txt.j2").write_text("{{ 'x' * 10**10 }}")
    compile_bundled(_environment(package), BundledLoader(package))
    env = _environment(package)
    with pytest.raises(TemplateLimit, match="builds a value of 10000000000 items"):
        render_limited(env, env.get_template("page.txt.j2"), {})


def test_each_environment_runs_its_own_copy_of_the_code(package: str) -> None:
    """Two environments loading one compiled module do not share its globals: each
    template calls back into the sandbox that loaded it."""
    compile_bundled(_environment(package), BundledLoader(package))
    first, second = _environment(package), _environment(package)
    one, two = first.get_template("page.txt.j2"), second.get_template("page.txt.j2")
    assert one.environment is first and two.environment is second
    assert one.root_render_func.__globals__["environment"] is first
    assert two.root_render_func.__globals__["environment"] is second


def test_a_broken_bundled_render_names_the_template_and_line(package: str, tmp_path: Path) -> None:
    (tmp_path / "fake_templates" / "page.txt.j2").write_text("one\n{{ missing }}\n")
    compile_bundled(_environment(package), BundledLoader(package))
    env = _environment(package)
    with pytest.raises(jinja2.UndefinedError) as caught:
        env.get_template("page.txt.j2").render()
    lines = [
        tb.tb_lineno
        for tb in _frames(caught.value.__traceback__)
        if tb.tb_frame.f_code.co_filename.endswith("page.txt.j2")
    ]
    assert lines == [2]


def _frames(tb: object) -> Iterator[object]:
    while tb is not None:
        yield tb
        tb = tb.tb_next  # type: ignore[attr-defined]


def test_the_bundled_environment_renders_its_templates_compiled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The package's own templates are compiled by the build (setup.py, make install)."""
    env = make_environment()
    loader = env.loader.loaders[-1]  # type: ignore[union-attr]
    assert isinstance(loader, BundledLoader)
    if not any(loader.compiled.glob("tmpl_*.py")):
        pytest.fail(f"no compiled templates in {loader.compiled}: run make install")
    compiles = _compiles(monkeypatch)
    env.get_template("whatif.txt.j2")
    env.get_template("brief.html.j2")
    assert compiles == []
