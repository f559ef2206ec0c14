"""Runs are bounded by the memory and the work they imply, not by a count of periods.

A 2-node harmonic oscillator runs its 5,000 steps (TIME STEP 0.01 over 50 s) and 100,000
more, a generated 20-node pack runs 100,000 periods, and a pack 100 times larger over the
same periods is refused at once by the memory formula (:mod:`macrograph.rules.limits`).
Horizons may be given as a range, on the command line and in a pack.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from macrograph.graph.calendar import run_size
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.graph.scenarios import resolve
from macrograph.rules import limits, load_pack
from macrograph.rules.pack import Pack
from tests.packfactory import Cli

OSCILLATOR = Path(__file__).parents[1] / "packs" / "oscillator"
H = 0.01  # the oscillator's TIME STEP: the elasticity of both of its rules


def symplectic_euler(steps: int) -> list[tuple[float, float]]:
    """(x, v) at steps 0 .. steps - 1 of x'' = -x from x = 1, v = 0, stepped as the pack's
    rules say: v(t) = v(t-1) - h x(t-1), then x(t) = x(t-1) + h v(t)."""
    x, v, found = 1.0, 0.0, [(1.0, 0.0)]
    for _ in range(steps - 1):
        v -= H * x
        x += H * v
        found.append((x, v))
    return found


def invariant(x: float, v: float) -> float:
    """What symplectic Euler keeps exactly on this oscillator: x^2 + v^2 - h x v (one step
    maps (x, v) to ((1 - h^2) x + h v, v - h x), a map of determinant 1 that preserves it)."""
    return x * x + v * v - H * x * v


@pytest.fixture(scope="module")
def oscillator() -> Pack:
    return load_pack(OSCILLATOR)


def test_the_oscillator_runs_its_5000_steps_as_the_update_formula_says(oscillator: Pack) -> None:
    result = propagate(oscillator, "released", RunOptions(horizons=("0d..4999d/1d",), draws=0))
    assert len(result.horizons) == 5000 and result.horizons[-1] == "4999d"
    expected = symplectic_euler(5000)
    x, v = result.nodes["position"].delta, result.nodes["velocity"].delta
    for step, (want_x, want_v) in enumerate(expected):
        assert x[f"{step}d"] == pytest.approx(want_x, abs=1e-9), step
        assert v[f"{step}d"] == pytest.approx(want_v, abs=1e-9), step


def test_the_oscillation_keeps_its_amplitude(oscillator: Pack) -> None:
    """Symplectic Euler keeps x^2 + v^2 - h x v = 1, so |x| stays within 1 / sqrt(1 -
    h^2 / 4) (1.0000125); explicit Euler would grow it by sqrt(1 + h^2) a step, to
    e^(5000 h^2 / 2) = 1.28 after 5,000 steps."""
    result = propagate(oscillator, "released", RunOptions(horizons=("0d..4999d/1d",), draws=0))
    x = [result.nodes["position"].delta[h] for h in result.horizons]
    v = [result.nodes["velocity"].delta[h] for h in result.horizons]
    assert max(abs(invariant(a, b) - 1.0) for a, b in zip(x, v, strict=True)) < 1e-9
    bound = 1 / math.sqrt(1 - H * H / 4)
    last_cycle = x[-629:]  # a period of 2 pi s is 628 steps
    assert 1.0 - 1e-4 < max(abs(a) for a in last_cycle) <= bound + 1e-12
    explicit = (1 + H * H) ** (4999 / 2)
    assert explicit > 1.28 > bound


def test_the_oscillator_pack_reads_its_horizons_from_a_range(oscillator: Pack) -> None:
    assert oscillator.info.horizons == (
        "1d",
        "157d",
        "314d",
        "628d",
        "1000d",
        "2000d",
        "3000d",
        "4000d",
        "4999d",
    )


@pytest.mark.slow
def test_a_two_node_model_runs_100000_periods(cli: Cli) -> None:
    args = ("whatif", "released", "--pack", str(OSCILLATOR), "--draws", "0", "--format", "json")
    out = cli(*args, "--horizons", "99999d")
    assert out.code == 0, out.stderr
    position = json.loads(out.stdout)["nodes"]["position"]["delta"]["99999d"]
    assert abs(position) <= 1 / math.sqrt(1 - H * H / 4)


# --- a generated pack of 20 nodes over 100,000 periods ----------------------------------


def chain_pack(root: Path, nodes: int) -> Path:
    """A ring of ``nodes`` nodes, each passing half of the last one's move on a day later,
    and one shock of 1 on the first: a stable loop of gain 0.5^nodes. Its one horizon,
    99999d, makes a run of 100,000 periods."""
    folder = root / f"chain-{nodes}"
    folder.mkdir()
    (folder / "pack.yaml").write_text(
        "pack:\n  id: chain\n  title: A ring of nodes\n  description: Each passes half a move on."
        "\n  default_scenario: kick\n  as_of: 2000-01-01\n  horizons: [1d, 99999d]\n"
        "sources:\n  - {id: made, title: Made for a test, kind: textbook}\n"
        "scenarios:\n  - id: kick\n    title: A kick\n    summary: The first node moves by 1.\n"
        "    shocks:\n      - {node: n0, date: 2000-01-01, change: 1, label: The first node moves"
        ", cites: {basis: literature, sources: [made], rationale: A test.}}\n",
        encoding="utf-8",
    )
    lines = ["nodes:\n"]
    lines += [
        f"  - {{id: n{i}, label: Node {i}, kind: indicator, region: global, unit: index, "
        f"description: Node {i}.}}\n"
        for i in range(nodes)
    ]
    (folder / "nodes.yaml").write_text("".join(lines), encoding="utf-8")
    lines = ["rules:\n"]
    for i in range(nodes):
        lines.append(
            f"  - {{id: r{i}, kind: linear, source: n{i}, target: n{(i + 1) % nodes}, channel: "
            "identity, effect: '+', lag: 1d, magnitude: {elasticity: 0.5, units: index/index}, "
            "confidence: high, because: half passes on, cites: {basis: literature, "
            "sources: [made], rationale: A test.}}\n"
        )
    (folder / "rules.yaml").write_text("".join(lines), encoding="utf-8")
    return folder


def _size(pack: Pack) -> limits.RunSize:
    spec = resolve(pack, "kick")
    return run_size(pack, [spec], periods=100_000, kept=2, draws=0)


def test_the_documented_bound_admits_20_nodes_over_100000_periods(tmp_path: Path) -> None:
    size = _size(load_pack(chain_pack(tmp_path, 20)))
    assert (size.nodes, size.rules, size.columns, size.lags, size.worlds) == (20, 20, 1, 1, 1)
    assert limits.run_bytes(size) == 8 * 1 * 20 * (100_001 * 2 + 0) <= limits.MAX_RUN_BYTES
    assert limits.run_work(size) == 100_000 * (5_000 + 40 * (1 + 10)) <= limits.MAX_RUN_WORK
    assert limits.run_problem(size) is None


@pytest.mark.slow
def test_20_nodes_run_100000_periods(cli: Cli, tmp_path: Path) -> None:
    folder = chain_pack(tmp_path, 20)
    out = cli("whatif", "kick", "--pack", str(folder), "--draws", "0", "--format", "json")
    assert out.code == 0, out.stderr
    moved = json.loads(out.stdout)["nodes"]
    # the ring settles where n0 = 1 + 0.5 n19 and each node is half the one before
    first = 1 / (1 - 0.5**20)
    # (the JSON keeps 10 significant digits)
    assert moved["n0"]["delta"]["99999d"] == pytest.approx(first, rel=1e-9)
    assert moved["n19"]["delta"]["99999d"] == pytest.approx(first * 0.5**19, rel=1e-9)


def test_a_pack_100_times_larger_is_refused_naming_the_terms(cli: Cli, tmp_path: Path) -> None:
    folder = chain_pack(tmp_path, 2_000)
    out = cli("whatif", "kick", "--pack", str(folder), "--draws", "0")
    assert out.code == 2
    gib = 8 * 1 * 2_000 * (100_001 * 2) / (1 << 30)
    assert out.stderr.splitlines() == [
        f"macrograph: a run of 100000 days needs {gib:.1f} GiB: 8 bytes x 1 worlds x 2000 "
        "nodes x (100001 periods x 2 columns + 0 draws held x 4 periods) + 8 bytes x 100000 "
        "periods x 0 noisy nodes x 0 draws held; the limit is 1 GiB (from 2000-01-01 to "
        "99999 days after 2000-01-01)"
    ]


# --- horizons: lists of real length, and ranges ---------------------------------------


@pytest.mark.slow
def test_a_list_of_1000_horizons_is_accepted(cli: Cli) -> None:
    listed = ",".join(f"{d}d" for d in range(1, 1001))
    assert len(listed) > limits.MAX_ARGUMENT_CHARS
    out = cli("whatif", "BoJ skips", "--draws", "0", "--format", "json", "--horizons", listed)
    assert out.code == 0, out.stderr
    ranged = cli(
        "whatif", "BoJ skips", "--draws", "0", "--format", "json", "--horizons", "1d..1000d/1d"
    )
    assert ranged.code == 0, ranged.stderr
    assert json.loads(out.stdout)["horizons"] == [f"{d}d" for d in range(1, 1001)]
    assert out.stdout == ranged.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("whatif", "BoJ skips", "--horizons", "1d..5w"),
            "'1d..5w': a range's FROM, TO and STEP take one unit, e.g. 0d..240d/1d",
        ),
        (
            ("whatif", "BoJ skips", "--horizons", "5d..1d"),
            "'5d..1d': a range's TO must be at least its FROM, and its STEP over zero",
        ),
        (
            ("whatif", "BoJ skips", "--horizons", "1d..5d/0d"),
            "'1d..5d/0d': a range's TO must be at least its FROM, and its STEP over zero",
        ),
        (
            ("whatif", "BoJ skips", "--horizons", "1d.."),
            "'1d..': a range reads FROM..TO/STEP in one unit, e.g. 0d..240d/1d",
        ),
        (
            ("explain", "bitcoin", "--horizon", "1d..3d"),
            "'1d..3d': this option takes one horizon, not a range",
        ),
    ],
)
def test_a_bad_range_gets_one_line(cli: Cli, args: tuple[str, ...], message: str) -> None:
    out = cli(*args, "--draws", "0")
    assert out.code == 2
    assert out.stderr.splitlines() == [f"macrograph: not a horizon: {message}"]


def test_a_horizon_list_is_bounded_in_characters(cli: Cli) -> None:
    listed = ",".join(["1d"] * 20_000)
    out = cli("whatif", "BoJ skips", "--draws", "0", "--horizons", listed)
    assert out.code == 2
    assert out.stderr.splitlines() == [
        f"macrograph: --horizons is {len(listed)} characters; the limit is 40000"
    ]
