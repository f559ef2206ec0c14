"""Fuzzing the bundled pack: mutated YAML never makes ``lint`` or ``whatif`` crash or hang.

Hypothesis copies the bundled december-2025 pack into a temporary folder and breaks it
line by line: deletions, duplications, swapped keys, values of another type, truncated
files; the hostile half adds huge numbers (1e308, 5,000-digit integers), far dates and
lags, and control or bidi characters inside strings. Every run of
``macrograph lint --pack DIR`` (and, when the pack lints clean, of
``macrograph whatif boj-skips --pack DIR --draws 50``) must end with exit status 0, 1
or 2 inside a time bound, without a traceback; a refusal is one message starting with
``macrograph:``. Runs are forked from this process (see ``tests/hostile/sandbox.py``)
under a memory limit, so a runaway allocation fails the test instead of the machine.

Hypothesis runs derandomized: the same examples every run, so a failure reproduces.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from macrograph.rules.pack import bundled_pack_dir
from tests.hostile.sandbox import Run, preload, raw_controls, run_forked, run_subprocess

TIME_BOUND = 60.0
"""Seconds a run may take before it counts as a hang (generous: CI machines are shared)."""

BUNDLED = bundled_pack_dir()
FILES = sorted(p.name for p in BUNDLED.glob("*.yaml"))
TEXTS = {name: (BUNDLED / name).read_text(encoding="utf-8") for name in FILES}

KEY = re.compile(r"^(\s*(?:- )?)([A-Za-z_]+)(:\s*)(.*)$")
NUMBER = re.compile(r"(?<![\w.-])-?\d+(?:\.\d+)?(?![\w.])")

PLAIN_VALUES = ["[]", "{}", "null", "~", "true", "no", '"text"', "''", "-1", "0", "1.5", "x"]
"""Values of another type than the field wants: every one must give a message."""

HUGE = "9" * 5000
HOSTILE_VALUES = [
    "1e308",
    "-1e308",
    "1e-320",
    HUGE,
    "-" + HUGE,
    ".nan",
    ".inf",
    "-.inf",
    "9999-12-31",
    "0001-01-01",
    "2025-02-30",
    "9999y",
    "100000d",
    "[1e308, 1e308]",
    "[-1e308, 1e308]",
]
"""Values meant to overflow, allocate or run off the calendar."""

ESCAPES = [
    "\\e[2J",
    "\\e[6n",
    "\\a",
    "\\0",
    "\\x9b",
    "\\u202e",
    "\\u061c",
    "\\e]8;;http://x\\e\\\\",
]
"""Control and bidi characters as YAML double-quoted escapes (they arrive inside strings)."""

RAW = ["\x1b[2J", "\x07", "\x85", "\u202e", "\ufeff", "\x00"]
"""The same kind of characters raw in the file (the reader must refuse or keep them)."""

Mutation = tuple[Any, ...]


def _set_value(line: str, value: str) -> str:
    found = KEY.match(line)
    if found is None:
        return line
    return f"{found.group(1)}{found.group(2)}{found.group(3)}{value}"


def _set_number(line: str, value: str, which: int) -> str:
    numbers = list(NUMBER.finditer(line))
    if not numbers:
        return _set_value(line, value)
    hit = numbers[which % len(numbers)]
    return line[: hit.start()] + value + line[hit.end() :]


def _quote_with(line: str, escape: str) -> str:
    found = KEY.match(line)
    if found is None or not found.group(4):
        return line
    body = found.group(4).strip().strip("\"'").replace("\\", "").replace('"', "")
    return _set_value(line, f'"{body[:20]}{escape}{body[20:]}"')


def _swap_keys(lines: list[str], a: int, b: int) -> None:
    first, second = KEY.match(lines[a]), KEY.match(lines[b])
    if first is None or second is None:
        return
    lines[a] = first.group(1) + second.group(2) + first.group(3) + first.group(4)
    lines[b] = second.group(1) + first.group(2) + second.group(3) + second.group(4)


def mutate(text: str, mutation: Mutation) -> str:
    """``text`` with one mutation applied; line numbers wrap around the file's length.

    Examples
    --------
    >>> mutate("a: 1\\nb: 2\\n", ("delete", 0))
    'b: 2\\n'
    >>> mutate("a: 1\\nb: 2\\n", ("swap", 0, 1))
    'b: 1\\na: 2\\n'
    >>> mutate("a: [1, 2]\\n", ("number", 0, "1e308", 1))
    'a: [1, 1e308]\\n'
    >>> mutate("a: text\\n", ("escape", 0, "\\\\e[2J"))
    'a: "text\\\\e[2J"\\n'
    """
    kind = mutation[0]
    if kind == "truncate":
        return text[: int(len(text) * mutation[1])]
    lines = text.split("\n")
    at = mutation[1] % len(lines)
    if kind == "delete":
        del lines[at]
    elif kind == "duplicate":
        lines.insert(at, lines[at])
    elif kind == "swap":
        _swap_keys(lines, at, mutation[2] % len(lines))
    elif kind == "value":
        lines[at] = _set_value(lines[at], mutation[2])
    elif kind == "number":
        lines[at] = _set_number(lines[at], mutation[2], mutation[3])
    elif kind == "escape":
        lines[at] = _quote_with(lines[at], mutation[2])
    elif kind == "raw":
        cut = mutation[3] % (len(lines[at]) + 1)
        lines[at] = lines[at][:cut] + mutation[2] + lines[at][cut:]
    return "\n".join(lines)


LINE = st.integers(0, 10_000)
STRUCTURAL = st.one_of(
    st.tuples(st.just("delete"), LINE),
    st.tuples(st.just("duplicate"), LINE),
    st.tuples(st.just("swap"), LINE, LINE),
    st.tuples(st.just("value"), LINE, st.sampled_from(PLAIN_VALUES)),
    st.tuples(st.just("truncate"), st.floats(0.0, 1.0)),
)
HOSTILE = st.one_of(
    st.tuples(st.just("number"), LINE, st.sampled_from(HOSTILE_VALUES), st.integers(0, 3)),
    st.tuples(st.just("value"), LINE, st.sampled_from(HOSTILE_VALUES)),
    st.tuples(st.just("escape"), LINE, st.sampled_from(ESCAPES)),
    st.tuples(st.just("raw"), LINE, st.sampled_from(RAW), st.integers(0, 200)),
)


def edits(mutations: st.SearchStrategy[Mutation]) -> st.SearchStrategy[list[tuple[str, Any]]]:
    """One to three (file, mutation) pairs."""
    return st.lists(st.tuples(st.sampled_from(FILES), mutations), min_size=1, max_size=3)


def examples(count: int, shrink: bool = True) -> Callable[[Any], Any]:
    """Derandomized settings; ``shrink=False`` for a test expected to fail (shrinking is slow)."""
    phases = list(Phase) if shrink else [Phase.explicit, Phase.generate]
    return settings(
        max_examples=count,
        phases=phases,
        report_multiple_bugs=False,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )


def write_mutated(folder: Path, changes: list[tuple[str, Mutation]]) -> Path:
    """A fresh copy of the bundled pack in ``folder/pack`` with ``changes`` applied."""
    pack = folder / "pack"
    shutil.rmtree(pack, ignore_errors=True)
    shutil.copytree(BUNDLED, pack)
    texts = dict(TEXTS)
    for name, mutation in changes:
        texts[name] = mutate(texts[name], mutation)
    for name, text in texts.items():
        (pack / name).write_bytes(text.encode("utf-8", errors="surrogatepass"))
    return pack


def check_run(what: str, run: Run) -> None:
    """The contract of every run: bounded, exit 0/1/2, no traceback, one clear refusal."""
    assert not run.timed_out, f"{what} ran past {TIME_BOUND}s"
    assert "Traceback" not in run.stderr, f"{what} ended in a traceback:\n{run.stderr[-2000:]}"
    assert run.code in (0, 1, 2), f"{what} exited {run.code}:\n{run.stderr[-2000:]}"
    if run.code == 2:
        first = run.stderr.splitlines()[0] if run.stderr else ""
        assert first.startswith(("macrograph: ", "Usage: ", "Error: ")), run.stderr


def lint_then_whatif(folder: Path, changes: list[tuple[str, Mutation]]) -> list[Run]:
    """Lint the mutated pack; when it lints clean, ask it a what-if too."""
    pack = write_mutated(folder, changes)
    env = {"MACROGRAPH_CACHE": "off"}
    linted = run_forked(["lint", str(pack)], timeout=TIME_BOUND, env=env)
    check_run("lint", linted)
    event(f"lint exit {linted.code}")  # see --hypothesis-show-statistics
    runs = [linted]
    if linted.code == 0:
        args = ["whatif", "boj-skips", "--pack", str(pack), "--draws", "50"]
        asked = run_forked(args, timeout=TIME_BOUND, env=env)
        check_run("whatif", asked)
        event(f"whatif exit {asked.code}")
        runs.append(asked)
    return runs


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    preload()


@examples(40)
@given(changes=edits(STRUCTURAL))
def test_structural_mutations_end_cleanly(
    tmp_path_factory: pytest.TempPathFactory, changes: list[tuple[str, Mutation]]
) -> None:
    lint_then_whatif(tmp_path_factory.mktemp("fuzz"), changes)


@examples(40)
@given(changes=edits(HOSTILE))
def test_hostile_values_end_cleanly(
    tmp_path_factory: pytest.TempPathFactory, changes: list[tuple[str, Mutation]]
) -> None:
    for run in lint_then_whatif(tmp_path_factory.mktemp("fuzz"), changes):
        assert raw_controls(run.stdout) == [], run.stdout[-2000:]
        assert raw_controls(run.stderr) == [], run.stderr[-2000:]


# Marked slow here, not by a decorator: hypothesis draws its examples from a seed made from
# the test's source, decorators included, and these keep the examples they always had.
pytest.mark.slow(test_structural_mutations_end_cleanly)
pytest.mark.slow(test_hostile_values_end_cleanly)


@pytest.mark.slow  # the installed script once per pack, and two forked runs
@pytest.mark.parametrize(
    ("name", "mutation", "scripted"),
    [
        ("rules-japan.yaml", ("delete", 3), "lint"),
        ("nodes.yaml", ("duplicate", 6), "whatif"),
        ("scenarios.yaml", ("truncate", 0.5), "diagram"),
    ],
)
def test_mutated_pack_as_a_user_runs_it(
    tmp_path: Path, name: str, mutation: Mutation, scripted: str
) -> None:
    """A few broken packs run as a user runs them: refused, and no diagram written.

    Each pack meets one command through the installed script (``scripted``), each command
    one pack: three real processes, one for every command and every kind of break; the
    other runs are forked, as the hypothesis tests' are (a fresh interpreter costs a
    second each)."""
    pack = write_mutated(tmp_path, [(name, mutation)])
    env = {"MACROGRAPH_CACHE": "off"}
    for args in (
        ["lint", str(pack)],
        ["whatif", "boj-skips", "--pack", str(pack), "--draws", "50"],
        ["diagram", "boj-skips", "--pack", str(pack), "-o", str(tmp_path / "x.dot")],
    ):
        run_cli = run_subprocess if args[0] == scripted else run_forked
        run = run_cli(args, timeout=TIME_BOUND, env=env)
        check_run(args[0], run)
        assert run.code in ((1, 2) if args[0] == "lint" else (2,)), run.stderr
    assert not (tmp_path / "x.dot").exists()


WARM = """
import sys
from click.testing import CliRunner
from tests.hostile.sandbox import preload
preload()
from macrograph.explain.cli import main
before = set(sys.modules)
for args in (["lint"], ["whatif", "boj-skips", "--draws", "50"]):
    assert CliRunner().invoke(main, args).exit_code == 0, args
print(sorted(set(sys.modules) - before))
"""


@pytest.mark.slow  # a fresh interpreter, a lint and a what-if
def test_preload_leaves_lint_and_whatif_nothing_to_import() -> None:
    """Every forked child starts warm: after :func:`preload` a lint and a what-if import no
    module of the package, numpy or jinja2 (each child would import them again)."""
    root = Path(__file__).parents[2]
    env = {**os.environ, "MACROGRAPH_CACHE": "off"}
    ran = subprocess.run(
        [sys.executable, "-c", WARM], cwd=root, env=env, capture_output=True, text=True
    )
    assert ran.returncode == 0, ran.stderr[-2000:]
    imported = ast.literal_eval(ran.stdout.strip().splitlines()[-1])
    heavy = ("macrograph", "numpy", "jinja2", "networkx", "pydantic")
    assert [name for name in imported if name.split(".")[0] in heavy] == []
