"""A wheel of the repository installs as one ``macrograph`` namespace and works from anywhere.

The source tree is copied first so that the build neither writes into the working
tree nor picks up stale files from its ``build/`` folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow  # a wheel built and installed
PACK_FILES = sorted(
    p.name
    for pattern in ("*.yaml", "*.csv")
    for p in (REPO / "rules" / "packs" / "december-2025").rglob(pattern)
)
SKIP = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", "out", "tests"
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from a copy of the repository."""
    source = tmp_path_factory.mktemp("source") / "macrograph"
    shutil.copytree(REPO, source, ignore=SKIP)
    out = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
    subprocess.run([*command, "-q", str(source), "-w", str(out)], check=True, timeout=300)
    (built,) = out.glob("macrograph-*.whl")
    return built


def test_wheel_ships_the_packs_and_templates_under_one_namespace(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    packs = sorted(
        Path(n).name for n in names if n.startswith("macrograph/rules/packs/december-2025/")
    )
    assert packs == PACK_FILES
    templates = [n for n in names if n.startswith("macrograph/templates/") and n.endswith(".j2")]
    compiled = [n for n in names if n.startswith("macrograph/templates/compiled/tmpl_")]
    assert templates and len(compiled) == len(templates)  # the build compiled every one
    tops = {n.split("/")[0] for n in names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"macrograph"}
    modules = ("__init__.py", "py.typed", "rules/reading/loader.py", "graph/propagate.py")
    for module in (*modules, "explain/cli/app.py", "rules/py.typed"):
        assert f"macrograph/{module}" in names
    metadata = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert (
        "macrograph = macrograph.explain.cli:run" in zipfile.ZipFile(wheel).read(metadata).decode()
    )


def run_python(code: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -c CODE ARGS`` in ``cwd`` without PYTHONPATH (so no source-tree shim)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["MACROGRAPH_CACHE"] = "off"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_installed_wheel_lints_the_bundled_pack_from_another_folder(
    wheel: Path, tmp_path: Path
) -> None:
    target = tmp_path / "site"
    pip = [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target)]
    subprocess.run([*pip, str(wheel)], check=True, timeout=300)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    prelude = f"import sys; sys.path.insert(0, {str(target)!r}); "
    done = run_python(
        prelude + "from macrograph.explain.cli import main; main()", "lint", cwd=elsewhere
    )
    assert (done.returncode, done.stderr) == (0, "")
    # the installed templates run from the code the build compiled: Jinja compiles none
    counted = (
        "import jinja2; calls = []; compile = jinja2.Environment.compile; "
        "jinja2.Environment.compile = lambda *a, **k: calls.append(a[2]) or compile(*a, **k); "
        "from macrograph.explain.cli import main\ntry: main()\nexcept SystemExit: print(calls)"
    )
    whatif = run_python(prelude + counted, "whatif", "BoJ skips", "--draws", "0", cwd=elsewhere)
    assert whatif.returncode == 0, whatif.stderr
    assert whatif.stdout.endswith("\n[]\n") and "boj" in whatif.stdout.lower()
    # the installed pack lints as the tree's does: no error; the article overlay's lagged
    # repatriation loop and the fitted spiral, whose ranges let their gains pass 1, and the
    # carry stock that the 1.5-point spread scenario takes below its floor
    assert done.stdout.endswith("december-2025 (bundled): 0 errors, 3 warnings\n")
    warnings = [line for line in done.stdout.splitlines() if ": warning: " in line]
    assert [w.split(": warning: ")[1].split(",")[0] for w in warnings] == [
        "id 'repatriation_sells_ust'",
        "id 'stocks_fall_lifts_vix'",
        "id 'spread-1-5'",
    ]
    assert "loop japan_repatriation -> japan_ust_holdings" in warnings[0]
    assert "zero-lag loop sp500 -> vix -> yen_carry_positions" in warnings[1]
    assert "takes yen_carry_positions to" in warnings[2] and "below its floor" in warnings[2]
    origin = run_python(
        prelude + "import macrograph.explain.cli as c, macrograph.rules.reading.loader as r; "
        "print(c.__file__); print(r.bundled_pack_dir())",
        cwd=elsewhere,
    )
    assert origin.returncode == 0, origin.stderr
    assert all(Path(line).is_relative_to(target) for line in origin.stdout.splitlines())
    api = run_python(
        prelude + "import macrograph; print(macrograph.__file__); print(macrograph.__version__); "
        "exact = macrograph.RunOptions(draws=0); "
        "print(macrograph.propagate(macrograph.load_pack(), 'BoJ skips', exact).scenario)",
        cwd=elsewhere,
    )
    assert api.returncode == 0, api.stderr
    where, number, scenario = api.stdout.splitlines()
    assert Path(where) == target / "macrograph" / "__init__.py"
    assert (number, scenario) == (version("macrograph"), "boj-skips")
