"""Calibration: known elasticities are recovered, and leave-one-out fits never see their episode."""

from __future__ import annotations

import json
import shlex
from pathlib import Path
from typing import Any

import pytest

from macrograph.graph.evidence.backtest import backtest, score_episode
from macrograph.graph.evidence.calibrate import (
    FitOptions,
    calibrate,
    fit,
    free_rules,
    with_elasticities,
)
from macrograph.graph.options import RunOptions
from macrograph.rules import load_pack
from macrograph.rules.overlay import apply_overlay
from macrograph.rules.pack import Pack
from tests.packfactory import BASE_FILES, Cli, extra_rule, write_pack

TRUE = {"path_lifts_yield": 0.5, "yield_moves_currency": 2.2}
VOLATILITY = (
    "    volatility: {value: 0.002, cites: {basis: assumption, sources: [book], "
    "rationale: a test}}\n"
)
SHOCKS = {"hike": 0.25, "cut": -0.25, "big": 0.5}


def _with_volatility(nodes: str) -> str:
    for node in ("bond_yield", "currency"):
        start = nodes.index(f"  - id: {node}\n")
        end = nodes.index("    description:", start)
        nodes = nodes[:end] + VOLATILITY + nodes[end:]
    return nodes


def _episodes(observed: dict[str, dict[tuple[str, str], float]]) -> str:
    lines = ["episodes:"]
    for i, (name, change) in enumerate(SHOCKS.items()):
        day = f"2025-1{i}-1{i}"
        lines += [
            f"  - id: {name}",
            f"    title: Episode {name}",
            f"    date: {day}",
            "    shocks:",
            f"      - {{node: policy_rate, date: {day}, change: {change},",
            "         priced: {probability: 0.0, change: 0.25}, label: A surprise,",
            "         cites: {basis: observed, sources: [book]}}",
            "    observed:",
        ]
        for (node, window), value in sorted(observed.get(name, {}).items()):
            cites = "{basis: observed, sources: [book]}"
            lines.append(
                f"      - {{node: {node}, window: {window}, change: {value!r}, cites: {cites}}}"
            )
    return "\n".join(lines) + "\n"


def _pack(tmp_path: Path, observed: dict[str, dict[tuple[str, str], float]], **extra: str) -> Pack:
    files = {"nodes.yaml": _with_volatility(BASE_FILES["nodes.yaml"])}
    files["episodes.yaml"] = _episodes(observed)
    files.update(extra)
    return load_pack(write_pack(tmp_path, files))


def _truth(tmp_path: Path) -> dict[str, dict[tuple[str, str], float]]:
    """What the model with the true elasticities says happened: the 'observed' moves."""
    blank = {name: {("bond_yield", "0d"): 0.0, ("currency", "1d"): 0.0} for name in SHOCKS}
    pack = _pack(tmp_path / "truth", blank)
    changes = "\n".join(f"  - {{rule: {r}, elasticity: {v}}}" for r, v in TRUE.items())
    overlay = tmp_path / "true.yaml"
    overlay.write_text(f"overlay: {{id: truth, title: Truth}}\nchanges:\n{changes}\n")
    true_pack = apply_overlay(pack, overlay)
    result = backtest(true_pack, options=RunOptions(draws=0))
    return {
        e.id: {(o.node, o.window): round(o.predicted, 12) for o in e.observations}
        for e in result.episodes
    }


def test_calibrate_recovers_known_elasticities(tmp_path: Path) -> None:
    pack = _pack(tmp_path, _truth(tmp_path))
    result = calibrate(pack, FitOptions(draws=0))
    fitted = {f.rule: f for f in result.fitted}
    for rule, value in TRUE.items():
        assert fitted[rule].new == pytest.approx(value, rel=0.05)
        assert fitted[rule].old == pack.rules[rule].magnitude.elasticity  # type: ignore[union-attr]
    assert result.after.overall.median_abs_z is not None
    assert result.after.overall.median_abs_z < result.before.overall.median_abs_z  # type: ignore[operator]


def test_leave_one_out_fits_never_see_their_episode(tmp_path: Path) -> None:
    pack = _pack(tmp_path, _truth(tmp_path))
    result = calibrate(pack, FitOptions(draws=0))
    for episode, seen in result.fits_seen.items():
        assert episode not in seen
        assert set(seen) == set(SHOCKS) - {episode}
    # Each held-out score is what a fit on the other episodes alone predicts.
    for scored in result.held_out.episodes:
        others = [e for e in pack.episodes.values() if e.id != scored.id]
        alone = with_elasticities(pack, fit(pack, others, free_rules(pack, others))[0])
        expected = score_episode(alone, pack.episodes[scored.id], 0, 0)
        got = [o.predicted for o in scored.observations]
        assert got == pytest.approx([o.predicted for o in expected.observations])


def test_a_held_out_episode_does_not_move_its_own_fit(tmp_path: Path) -> None:
    """Corrupting one episode's observations changes its held-out score, not the fit it
    was scored with: the fit never saw it."""
    truth = _truth(tmp_path)
    clean = calibrate(_pack(tmp_path / "a", truth), FitOptions(draws=0))
    truth["big"] = {key: value * -3 for key, value in truth["big"].items()}
    dirty = calibrate(_pack(tmp_path / "b", truth), FitOptions(draws=0))
    clean_big = next(e for e in clean.held_out.episodes if e.id == "big")
    dirty_big = next(e for e in dirty.held_out.episodes if e.id == "big")
    assert [o.predicted for o in clean_big.observations] == pytest.approx(
        [o.predicted for o in dirty_big.observations]
    )
    assert [o.observed for o in clean_big.observations] != [
        o.observed for o in dirty_big.observations
    ]


def test_rules_no_observation_reaches_are_listed(tmp_path: Path) -> None:
    late = extra_rule(
        "late_rule",
        source="currency",
        target="rate_path",
        magnitude="{elasticity: 0.01, range: [0.0, 0.02], units: pct/pct_change}",
        more="    lag: 1m\n",
    )
    pack = _pack(tmp_path, _truth(tmp_path), **{"late.yaml": late})
    result = calibrate(pack, FitOptions(draws=0))
    assert "late_rule" in result.unreached
    assert "late_rule" not in {f.rule for f in result.fitted}


def test_calibrate_writes_an_overlay_that_applies(tmp_path: Path, cli: Cli) -> None:
    pack = _pack(tmp_path, _truth(tmp_path))
    target = tmp_path / "fit.yaml"
    out = cli("calibrate", "--pack", pack.root, "--draws", "0", "-o", str(target))
    assert out.code == 0, out.stderr
    assert "leave-one-out" in out.stdout
    overlaid = apply_overlay(pack, target)
    assert overlaid.overlay == "calibrated"
    value = overlaid.rules["yield_moves_currency"].magnitude.elasticity  # type: ignore[union-attr]
    assert value == pytest.approx(TRUE["yield_moves_currency"], rel=0.05)
    text = target.read_text()
    assert "was: 3" in text and "moved:" in text


@pytest.mark.parametrize("fmt", ["text", "md"])
def test_calibrate_golden(
    tmp_path: Path, cli: Cli, golden: Any, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _pack(tmp_path, _truth(tmp_path))
    monkeypatch.chdir(tmp_path)
    out = cli("calibrate", "--pack", "pack", "--draws", "100", "-o", "fit.yaml", "--format", fmt)
    assert out.code == 0, out.stderr
    golden(f"evidence/calibrate.{'txt' if fmt == 'text' else 'md'}", out.stdout)
    golden("evidence/calibrated-overlay.yaml", (tmp_path / "fit.yaml").read_text())


@pytest.mark.parametrize("name", ["fit.json", "my fit.yaml", "fits/fit", "fit"])
def test_the_suggested_overlay_options_apply_the_fit(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """'calibrate -o fit.json' suggested '--overlay fit.json', which then failed: the
    suggestion is now run as given, and works."""
    _pack(tmp_path, _truth(tmp_path))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "fits").mkdir()
    out = cli("calibrate", "--pack", "pack", "--draws", "0", "-o", name)
    assert out.code == 0, out.stderr
    lines = out.stdout.splitlines()
    suggested = lines[lines.index(next(x for x in lines if x.endswith("apply it with:"))) + 1]
    options = shlex.split(suggested)
    assert options[:1] == ["--overlay"] and options[-2:] == ["--pack", "pack"]
    run = cli("whatif", "hold", *options, "--draws", "0", "--format", "json")
    assert run.code == 0, run.stderr
    assert json.loads(run.stdout)["overlay"] == "calibrated"


def test_an_overlay_printed_to_standard_output_is_said_to_be_above(
    tmp_path: Path, cli: Cli
) -> None:
    """'calibrate -o -' said 'Written to -.': the overlay goes first, the report says so."""
    pack = _pack(tmp_path, _truth(tmp_path))
    out = cli("calibrate", "--pack", pack.root, "--draws", "0", "-o", "-")
    assert out.code == 0, out.stderr
    assert out.stdout.startswith("# Written by `macrograph calibrate`")
    report = " ".join(out.stdout.split("Calibration of", 1)[1].split())
    assert "The overlay is printed above." in report
    assert "Written to -" not in report and "apply it with" not in report
