"""``import macrograph`` gives the version and the main API, and stays cheap."""

from __future__ import annotations

import doctest
import subprocess
import sys
from importlib.metadata import version

import pytest

import macrograph
from macrograph.explain.brief.note import NoteOptions, make_brief
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.graph.result import Result
from macrograph.graph.specs import ScenarioSpec, ShockSpec
from macrograph.rules.reading.loader import load_pack


def test_the_version_is_the_installed_distributions() -> None:
    assert macrograph.__version__ == version("macrograph")
    assert macrograph.__version__[0].isdigit()


def test_all_names_the_main_api_and_each_name_is_the_library_object() -> None:
    assert sorted(macrograph.__all__) == [
        "NoteOptions",
        "Result",
        "RunOptions",
        "ScenarioSpec",
        "ShockSpec",
        "__version__",
        "brief",
        "load_pack",
        "propagate",
    ]
    assert macrograph.load_pack is load_pack
    assert macrograph.propagate is propagate
    assert macrograph.Result is Result
    assert macrograph.brief is make_brief  # the briefing note explain/brief renders
    assert macrograph.RunOptions is RunOptions  # how a question is run, for every function
    assert macrograph.NoteOptions is NoteOptions
    assert macrograph.ScenarioSpec is ScenarioSpec  # a scenario built in code
    assert macrograph.ShockSpec is ShockSpec
    assert set(macrograph.__all__) <= set(dir(macrograph))


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="module 'macrograph' has no attribute 'nope'"):
        macrograph.nope  # noqa: B018


def test_star_import_gives_the_main_api() -> None:
    names: dict[str, object] = {}
    exec("from macrograph import *", names)
    assert {"load_pack", "propagate", "Result", "RunOptions", "brief", "__version__"} <= set(names)


@pytest.mark.slow  # a brief
def test_the_top_level_api_answers_a_question_and_writes_a_brief() -> None:
    pack = macrograph.load_pack()
    result = macrograph.propagate(pack, "BoJ skips", macrograph.RunOptions(draws=0))
    assert isinstance(result, macrograph.Result)
    assert result.nodes["usd_jpy"].delta["1m"] > 0  # a dovish surprise weakens the currency
    note = macrograph.brief(
        pack, "boj-skips", macrograph.NoteOptions(fmt="md"), macrograph.RunOptions(draws=0)
    )
    assert note.text.startswith("# Briefing note: The BoJ skips the December hike")


def test_importing_macrograph_loads_neither_numpy_nor_the_pack_reader() -> None:
    code = (
        "import sys, macrograph; macrograph.__version__; "
        "print(sorted(m for m in ('numpy', 'scipy', 'pydantic', 'yaml', 'networkx') "
        "if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]"


@pytest.mark.slow  # a what-if and a brief
def test_the_module_docstring_examples_run() -> None:
    failures, tried = doctest.testmod(macrograph, optionflags=doctest.ELLIPSIS)
    assert tried > 0 and failures == 0
