"""Bounded work: every documented limit fails with exit 2 and one line naming it, and the
inputs that used to take seconds to minutes (a long --shock, a runaway template, a large
pack, a long ``extends`` chain) finish quickly.

Limits that take a large input to reach (pack bytes, files, nodes, rules) are lowered
for the test with monkeypatch; the CLI runs in-process, so it sees the lowered value.
Cases that could hang run in a subprocess with a timeout.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from macrograph.rules import limits
from tests.bigpack import write_big_pack
from tests.packfactory import Cli, edit, extra_rule, write_pack

PYTHON = sys.executable
HANG = 60  # seconds: only to catch a hang, never a speed assertion


def _run(*args: str, timeout: float = HANG) -> subprocess.CompletedProcess[str]:
    """``macrograph ARGS`` in a fresh interpreter, with a timeout."""
    code = "import sys; from macrograph.explain.cli import main; main(sys.argv[1:])"
    return subprocess.run(
        [PYTHON, "-c", code, *args], capture_output=True, text=True, timeout=timeout
    )


def _one_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


# --- the pack: bytes, files, nodes, rules, extends depth ----------------------------


@pytest.fixture
def lowered(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """For a test that lowers a limit (the pack cache keys its entries by the limits in
    force, so an entry written under the real ones does not answer)."""
    return monkeypatch


def test_a_pack_cached_under_the_real_limits_is_refused_under_lower_ones(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_pack(tmp_path)
    assert cli("list", "nodes", "--pack", str(folder)).code == 0  # now in the cache
    total = sum(p.stat().st_size for p in folder.iterdir())
    monkeypatch.setattr(limits, "MAX_PACK_BYTES", total - 1)
    out = cli("list", "nodes", "--pack", str(folder))
    assert out.code == 2
    assert f"the limit is {total - 1}" in out.stderr


def test_total_pack_bytes_are_bounded(
    cli: Cli, tmp_path: Path, lowered: pytest.MonkeyPatch
) -> None:
    folder = write_pack(tmp_path)
    total = sum(p.stat().st_size for p in folder.iterdir())
    lowered.setattr(limits, "MAX_PACK_BYTES", total - 1)
    out = cli("list", "nodes", "--pack", str(folder))
    assert out.code == 2
    assert _one_line(out.stderr) == (
        f"macrograph: {folder}: error: the pack's files hold {total} bytes; "
        f"the limit is {total - 1}"
    )


def test_pack_file_count_is_bounded(cli: Cli, tmp_path: Path, lowered: pytest.MonkeyPatch) -> None:
    lowered.setattr(limits, "MAX_PACK_FILES", 3)
    folder = write_pack(tmp_path)
    out = cli("lint", str(folder))
    assert out.code == 2
    assert _one_line(out.stderr) == (
        f"macrograph: {folder}: error: the pack has 4 .yaml files; the limit is 3"
    )


@pytest.mark.parametrize(("section", "count"), [("nodes", 4), ("rules", 2)])
def test_nodes_and_rules_are_bounded(
    cli: Cli, tmp_path: Path, lowered: pytest.MonkeyPatch, section: str, count: int
) -> None:
    lowered.setattr(limits, f"MAX_{section.upper()}", count - 1)
    folder = write_pack(tmp_path)
    out = cli("lint", str(folder))
    assert out.code == 2
    assert _one_line(out.stderr) == (
        f"macrograph: {folder}: error: field '{section}': "
        f"{count} {section}; the limit is {count - 1}"
    )


def _chain(length: int) -> str:
    """Scenarios c0000 <- c0001 <- ... each extending the one before, from ``base``."""
    parts = ["scenarios:\n"]
    for i in range(length):
        parent = "base" if i == 0 else f"c{i - 1:04d}"
        parts.append(
            f"  - {{id: c{i:04d}, title: Step {i}, summary: One more step., extends: {parent}}}\n"
        )
    return "".join(parts)


def test_extends_depth_is_bounded(cli: Cli, tmp_path: Path) -> None:
    folder = write_pack(tmp_path, {"chain.yaml": _chain(40)})
    out = cli("lint", str(folder))
    assert out.code == 2
    # c0032 is the first scenario 33 deep (c0031 ... c0000 and base above it)
    assert _one_line(out.stderr) == (
        f"macrograph: {folder}/chain.yaml:34: error: id 'c0032', field 'extends': "
        "'extends' chain more than 32 scenarios deep; the limit is 32"
    )


@pytest.mark.slow
def test_a_chain_of_2000_extends_is_refused_quickly(tmp_path: Path) -> None:
    folder = write_pack(tmp_path, {"chain.yaml": _chain(2000)})
    done = _run("lint", str(folder))
    assert done.returncode == 2
    assert _one_line(done.stderr).endswith(
        "field 'extends': 'extends' chain more than 32 scenarios deep; the limit is 32"
    )


def test_an_extends_chain_at_the_limit_loads(cli: Cli, tmp_path: Path) -> None:
    folder = write_pack(tmp_path, {"chain.yaml": _chain(32)})
    out = cli("list", "scenarios", "--pack", str(folder))
    assert out.code == 0, out.stderr


# --- dates, lags, horizons, the size of a run ----------------------------------------


def test_a_date_outside_the_calendar_names_file_line_and_field(cli: Cli, tmp_path: Path) -> None:
    bad = "sources:\n  - {id: old, title: Old, kind: data, date: 0001-01-01}\n"
    folder = write_pack(tmp_path, {"bad.yaml": bad})
    out = cli("lint", str(folder))
    assert out.code == 2
    assert _one_line(out.stderr) == (
        f"macrograph: {folder}/bad.yaml:2: error: id 'old', field 'date': 0001-01-01 is "
        "outside the calendar: dates run from 1900-01-01 to 2200-12-31"
    )


def test_a_shock_dated_9999_is_refused_not_a_traceback(cli: Cli, tmp_path: Path) -> None:
    folder = write_pack(
        tmp_path,
        edit(
            "scenarios.yaml",
            "date: 2025-12-19\n        change: 0.25",
            "date: 9999-12-31\n        change: 0.25",
        ),
    )
    out = cli("whatif", "base", "--pack", str(folder))
    assert out.code == 2
    assert _one_line(out.stderr) == (
        f"macrograph: {folder}/scenarios.yaml:7: error: id 'base', field 'shocks.0.date': "
        "9999-12-31 is outside the calendar: dates run from 1900-01-01 to 2200-12-31"
    )


def test_a_lag_of_9999y_is_refused_with_its_line(cli: Cli, tmp_path: Path) -> None:
    folder = write_pack(tmp_path, {"bad.yaml": extra_rule(more="    lag: 9999y\n")})
    out = cli("lint", str(folder))
    assert out.code == 2
    assert _one_line(out.stderr) == (
        f"macrograph: {folder}/bad.yaml:12: error: id 'extra_rule', field 'lag': "
        "9999y is 3649635 days; the limit is 365000 days (1000 years)"
    )


def test_pack_horizons_are_bounded_by_the_sanity_bound_alone(cli: Cli, tmp_path: Path) -> None:
    """A horizon has no cap in periods of its own (a run is bounded by its cost); any
    duration is at most 1,000 years."""
    long = edit(
        "pack.yaml", "  as_of: 2025-12-01\n", "  as_of: 2025-12-01\n  horizons: [1d, 11y]\n"
    )
    out = cli("lint", str(write_pack(tmp_path / "long", long)))
    assert (out.code, out.stdout.splitlines()[-1].split(": ")[-1]) == (
        0,
        "0 errors, 0 warnings",
    )
    far = edit(
        "pack.yaml", "  as_of: 2025-12-01\n", "  as_of: 2025-12-01\n  horizons: [1d, 1001y]\n"
    )
    folder = write_pack(tmp_path / "far", far)
    out = cli("lint", str(folder))
    assert out.code == 2
    assert _one_line(out.stderr) == (
        f"macrograph: {folder}/pack.yaml:7: error: id 'tiny', field 'horizons.1': "
        "1001y is 365365 days; the limit is 365000 days (1000 years)"
    )


def test_a_yearly_pack_may_look_a_century_ahead(cli: Cli, tmp_path: Path) -> None:
    pack_text = "  as_of: 2025-12-01\n  period: 1y\n  horizons: [1y, 99y]\n"
    folder = write_pack(tmp_path, edit("pack.yaml", "  as_of: 2025-12-01\n", pack_text))
    out = cli("lint", str(folder))
    assert "horizons" not in out.stdout


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("9999y", "horizon 9999y is 3649635 days; the limit is 365000 days (1000 years)"),
        ("1001y", "horizon 1001y is 365365 days; the limit is 365000 days (1000 years)"),
        ("0d..5000d/1d", "5002 horizons; the limit is 5000"),
        ("0d..999999999d", "1000000001 horizons; the limit is 5000"),
    ],
)
def test_command_line_horizons_are_bounded(cli: Cli, given: str, message: str) -> None:
    started = time.monotonic()
    out = cli("whatif", "BoJ skips", "--horizons", f"1d,{given}")
    assert time.monotonic() - started < HANG
    assert out.code == 2
    assert _one_line(out.stderr) == f"macrograph: {message}"


@pytest.mark.slow  # ten years of daily periods
def test_ten_years_is_within_the_limit(cli: Cli) -> None:
    out = cli("whatif", "BoJ skips", "--horizons", "10y", "--draws", "0", "--format", "json")
    assert out.code == 0, out.stderr
    assert '"10y"' in out.stdout


def test_a_run_whose_work_is_over_the_bound_is_refused_before_it_starts(
    cli: Cli, tmp_path: Path
) -> None:
    """1,000 years of days of a 4-node pack would take minutes: the message names the
    terms of the work formula, worlds x periods x (per period + per node and rule)."""
    folder = write_pack(tmp_path)
    started = time.monotonic()
    out = cli("whatif", "hold", "--pack", str(folder), "--draws", "0", "--horizons", "1000y")
    assert time.monotonic() - started < HANG
    assert out.code == 2
    work = 2 * 365_001 * (5_000 + (4 + 2) * (1 + 10 + 0))
    assert _one_line(out.stderr) == (
        f"macrograph: a run of 365001 days is {work:.3g} updates: 2 worlds x 365001 periods x "
        "(5000 + (4 nodes + 2 rules) x (1 columns + 10 + 0 draws x 1 passes)); the limit "
        "is 3e+09 (from 2025-12-19 to 365000 days after 2025-12-19)"
    )


def test_the_memory_a_run_implies_is_bounded() -> None:
    fits = limits.RunSize(periods=3650, nodes=4_000, rules=0, columns=3)
    assert limits.run_bytes(fits) == 8 * 2 * 4_000 * 3650 * 4 < limits.MAX_RUN_BYTES
    assert limits.run_problem(fits) is None
    found = limits.run_problem(limits.RunSize(periods=3650, nodes=20_000, rules=0, columns=3))
    assert found == (
        "a run of 3650 days needs 4.4 GiB: 8 bytes x 2 worlds x 20000 nodes x (3650 periods "
        "x 4 columns + 0 draws held x 1 periods) + 8 bytes x 3650 periods x 0 noisy nodes x 0 "
        "draws held; the limit is 1 GiB"
    )


# --- numbers in YAML -----------------------------------------------------------------


def test_a_5000_digit_integer_names_file_line_and_field(cli: Cli, tmp_path: Path) -> None:
    huge = "{elasticity: " + "9" * 5000 + ", units: pct_change/pct}"
    folder = write_pack(tmp_path, {"bad.yaml": extra_rule(magnitude=huge)})
    out = cli("lint", str(folder))
    assert out.code == 2
    assert _one_line(out.stderr) == (
        f"macrograph: {folder}/bad.yaml:8: error: id 'extra_rule', field "
        "'magnitude.elasticity': a number of 5000 digits is too large; the limit is 300 digits"
    )


def test_an_overflowing_float_names_file_line_and_field(cli: Cli, tmp_path: Path) -> None:
    huge = "{elasticity: 1e999, units: pct_change/pct}"
    folder = write_pack(tmp_path, {"bad.yaml": extra_rule(magnitude=huge)})
    out = cli("lint", str(folder))
    assert out.code == 2
    assert _one_line(out.stderr) == (
        f"macrograph: {folder}/bad.yaml:8: error: id 'extra_rule', field "
        "'magnitude.elasticity': must be a finite number (NaN and infinity are not allowed)"
    )


# --- arguments and regular expressions -------------------------------------------------


def test_a_long_shock_is_refused_at_once() -> None:
    done = _run("whatif", "BoJ skips", "--shock", "a" + " " * 130_000, timeout=20)
    assert done.returncode == 2
    assert _one_line(done.stderr) == "macrograph: --shock is 130001 characters; the limit is 1000"


def test_a_long_phrase_is_refused(cli: Cli) -> None:
    out = cli("whatif", "BoJ", "x" * 1000)
    assert out.code == 2
    assert _one_line(out.stderr) == "macrograph: TEXT is 1004 characters; the limit is 1000"


def test_the_shock_pattern_runs_in_linear_time() -> None:
    """Even past the CLI's length limit, parsing the old catastrophic case is instant."""
    code = (
        "from datetime import date\n"
        "from macrograph.rules import load_pack\n"
        "from macrograph.graph.errors import ShockSyntaxError\n"
        "from macrograph.graph.scenarios import parse_shock\n"
        "pack = load_pack()\n"
        "for text in ['a' + ' ' * 130_000, 'a' + ' ' * 130_000 + '=', '=' * 130_000]:\n"
        "    try:\n"
        "        parse_shock(pack, text, date(2025, 12, 19))\n"
        "    except ShockSyntaxError:\n"
        "        pass\n"
        "print('ok')\n"
    )
    done = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, timeout=20)
    assert done.stdout == "ok\n", done.stderr


def test_shocks_still_read_as_before(cli: Cli) -> None:
    out = cli("whatif", "BoJ skips", "--shock", " jgb_10y =  +20 bp ", "--format", "json")
    assert out.code == 0, out.stderr
    out = cli("whatif", "BoJ skips", "--shock", "jgb_10y+20bp")
    assert out.code == 2
    assert "expected NODE=CHANGE or NODE@LEVEL" in _one_line(out.stderr)


# --- templates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "{% for i in range(10**9) %}x{% endfor %}",
            "template whatif.txt.j2:1: range() of 1000000000 items; the limit is 1000000",
        ),
        (
            "{{ 'x' * 10**10 }}",
            "template whatif.txt.j2:1: builds a value of 10000000000 items; the limit is 50000000",
        ),
        (
            "{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}",
            "template whatif.txt.j2: produced more than 50000000 characters, the limit",
        ),
        (
            "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
            "template whatif.txt.j2: calls itself too deeply (a macro or include loop)",
        ),
    ],
)
def test_a_runaway_template_stops_with_one_line(
    cli: Cli, tmp_path: Path, body: str, message: str
) -> None:
    # in-process: the limits are the sandbox's own, not the interpreter's
    (tmp_path / "whatif.txt.j2").write_text(body + "\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    done = cli("whatif", "BoJ skips", "--draws", "0", "--templates", str(tmp_path), "-o", str(out))
    assert done.code == 2
    assert _one_line(done.stderr) == f"macrograph: {message}"
    assert not out.exists()


@pytest.mark.slow  # waits the deadline out
def test_a_template_that_loops_for_ever_stops_at_the_deadline(tmp_path: Path) -> None:
    body = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n"
    (tmp_path / "whatif.txt.j2").write_text(body, encoding="utf-8")
    code = (
        "import sys\n"
        "import macrograph.explain.sandbox as sandbox\n"
        "sandbox.MAX_TEMPLATE_SECONDS = 1.0\n"
        "from macrograph.explain.cli import main\n"
        "main(sys.argv[1:])\n"
    )
    args = ["whatif", "BoJ skips", "--draws", "0", "--templates", str(tmp_path)]
    done = subprocess.run([PYTHON, "-c", code, *args], capture_output=True, text=True, timeout=HANG)
    assert done.returncode == 2
    assert (
        _one_line(done.stderr)
        == "macrograph: template whatif.txt.j2:1: took longer than 1 s, the limit"
    )


# --- a large pack ------------------------------------------------------------------------


@pytest.mark.slow
def test_a_pack_of_100000_rules_loads_and_lints(tmp_path: Path) -> None:
    """20,000 nodes and 100,000 rules in 41 files (32 MB): minutes before the fast reader."""
    folder = write_big_pack(tmp_path)
    assert len(list(folder.iterdir())) == 41
    done = _run("lint", str(folder), timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines()[-1] == f"{folder}: 0 errors, 15126 warnings"
