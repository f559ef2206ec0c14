"""Shared fixtures: the bundled pack, a CLI runner, and golden files.

Golden files live in tests/golden/. ``pytest --update-golden`` (or ``make golden``)
runs only the tests that compare with a golden file, rewrites those that differ, prints
each diff and fails, so that a golden change is always reviewed and committed on purpose:
run it, read the diff, run the tests again.
"""

from __future__ import annotations

import difflib
import gc
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from macrograph import rules as rules_package
from macrograph.explain.chart.moves import ready as ready_to_draw
from macrograph.explain.cli import main
from macrograph.graph.engine import forked
from macrograph.rules import load_pack
from macrograph.rules.pack import Pack
from macrograph.rules.vocabulary import speaking, vocabulary_for
from tests.narration import MC, answer

GOLDEN = Path(__file__).parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite tests/golden/ from current output"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under ``--update-golden``, run only the tests that read a golden file: rewriting them
    needs nothing else, and the whole suite takes minutes."""
    if not config.getoption("--update-golden"):
        return
    rest = [item for item in items if "golden" not in getattr(item, "fixturenames", ())]
    if rest:
        config.hook.pytest_deselected(items=rest)
        items[:] = [item for item in items if "golden" in getattr(item, "fixturenames", ())]


def pytest_collection_finish(session: pytest.Session) -> None:
    """Set what is imported by now (the package, the test modules, their libraries) aside
    from the garbage collector, and collect less often: a session keeps the bundled pack and
    module-scoped results alive, which every full collection would walk again.

    Matplotlib is loaded here, once per worker: a brief forks the process that draws its
    charts, and a child forked from a process that has loaded it draws at once, where one
    forked from a bare process loads it again for every brief (half a brief's time)."""
    ready_to_draw()
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep the validated-pack cache of the test run out of the user's cache folder."""
    os.environ["MACROGRAPH_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    os.environ.pop("COLUMNS", None)  # text output at the width of a file, whatever the shell's


@pytest.fixture(scope="session")
def pack() -> Pack:
    """The bundled december-2025 pack."""
    return load_pack()


@pytest.fixture
def bundled_words(pack: Pack) -> Iterator[None]:
    """The bundled pack's vocabulary in use (its currency units, regions and headings), for a
    test that formats the pack's amounts or names itself, as its rendering does."""
    with speaking(vocabulary_for(pack.info)):
        yield


@dataclass
class Outcome:
    """What a CLI invocation produced."""

    code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli() -> Callable[..., Outcome]:
    """Run ``macrograph ARGS...`` in-process; returns exit code, stdout and stderr."""

    def run(*args: str) -> Outcome:
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
        return Outcome(result.exit_code, result.stdout, result.stderr)

    return run


@pytest.fixture(scope="session")
def bundled_lint() -> Outcome:
    """``macrograph lint`` of the bundled pack, run once: several tests read its report."""
    result = CliRunner().invoke(main, ["lint"], catch_exceptions=False)
    return Outcome(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare text with tests/golden/NAME, or rewrite it under --update-golden."""
    update = bool(request.config.getoption("--update-golden"))

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if text == old:
            return
        if not update:
            assert old is not None, f"missing golden file {path}; run pytest --update-golden"
            raise AssertionError(f"{name} differs from its golden file:\n{_diff(name, old, text)}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        pytest.fail(
            f"rewrote golden file {name}; review this diff and commit it with a message "
            f"that says why it changed:\n{_diff(name, old or '', text)}",
            pytrace=False,
        )

    return check


def _diff(name: str, old: str, new: str, lines: int = 60) -> str:
    """A unified diff of a golden file, cut to its first ``lines`` lines."""
    found = list(
        difflib.unified_diff(
            old.splitlines(), new.splitlines(), f"golden/{name}", "output", lineterm=""
        )
    )
    more = f"\n... {len(found) - lines} more diff lines" if len(found) > lines else ""
    return "\n".join(found[:lines]) + more


def pytest_report_header(config: pytest.Config) -> str:
    """Say which copy of macrograph the tests import: the tree (editable) or a wheel."""
    return f"macrograph imported from {Path(rules_package.__file__).parent.parent}"


def dot_available() -> bool:
    """True when Graphviz's dot is on PATH."""
    return shutil.which("dot") is not None


@pytest.fixture(scope="session")
def needs_dot() -> None:
    """Skip without dot locally; under CI=true a missing dot is a failure."""
    if dot_available():
        return
    if os.environ.get("CI") == "true":
        pytest.fail("Graphviz 'dot' is missing in CI (make test installs it)")
    pytest.skip("Graphviz 'dot' is not installed")


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def needs_chromium() -> str:
    """Debian's chromium and Playwright for Python; skipped locally without them, a failure
    under CI=true (make test installs both). Nothing ever downloads a browser."""
    missing = []
    if not Path(CHROMIUM).exists():
        missing.append(f"Debian's chromium ({CHROMIUM})")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("Playwright for Python (pip install '.[test]')")
    if not missing:
        return CHROMIUM
    message = " and ".join(missing) + " missing: make test installs them"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


BROWSER_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BROWSER_HANG = 30_000  # ms: a bound that only catches a hang


@pytest.fixture(scope="session")
def browser(needs_chromium: str) -> Iterator[Any]:
    """Debian's chromium driven by Playwright, launched once per test process for every
    browser test: each test opens its own context or page, so none sees another's state;
    a launch and close cost about 0.9 s of CPU, and a module's fixture was set up again in
    each worker that ran a test of it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=needs_chromium, args=BROWSER_ARGS, timeout=BROWSER_HANG
        )
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def bitcoin_text() -> str:
    """``explain bitcoin --scenario december-2025`` with 1,000 draws, read by the narrative's
    golden and the tests of ``explain NODE``."""
    return answer("explain", "bitcoin", "--scenario", "december-2025", *MC)


@pytest.fixture
def counted_forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every fork the engine and the notes make (graph/engine/forked.py), counted in the parent."""
    made: list[int] = []
    real = os.fork

    def fork() -> int:
        pid = real()
        if pid:
            made.append(pid)
        return pid

    monkeypatch.setattr(forked.os, "fork", fork)
    return made
