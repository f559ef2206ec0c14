"""Same input, same bytes: across runs, hash seeds and rule-file order."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ARGS = ["whatif", "BoJ skips", "--format", "json", "--draws", "300", "--seed", "5"]


def run_cli(args: list[str], hash_seed: str, cwd: Path) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    command = [sys.executable, "-m", "macrograph.explain.cli", *args]
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, check=True, timeout=120)
    return done.stdout


@pytest.mark.slow  # three processes per output
@pytest.mark.parametrize("args", [ARGS, ["whatif", "spread-1-5", "--format", "json"]])
def test_json_is_byte_identical_across_hash_seeds(args: list[str], tmp_path: Path) -> None:
    first = run_cli(args, "0", tmp_path)
    assert first.startswith(b"{")
    assert run_cli(args, "4242", tmp_path) == first
    assert run_cli(args, "random", tmp_path) == first


def test_output_file_is_written_whole(cli: object, tmp_path: Path) -> None:
    target = tmp_path / "skip.json"
    out = cli(*ARGS, "-o", str(target))  # type: ignore[operator]
    assert out.code == 0 and out.stdout == ""
    assert target.read_text().startswith("{") and target.read_text().endswith("}")
    assert [p.name for p in tmp_path.iterdir()] == ["skip.json"]  # no temporary left behind


def test_unwritable_output_exits_2_and_leaves_nothing(cli: object, tmp_path: Path) -> None:
    target = tmp_path / "missing-folder" / "skip.json"
    out = cli(*ARGS, "-o", str(target))  # type: ignore[operator]
    assert out.code == 2
    assert out.stderr.startswith("macrograph: cannot write ")
    assert "Traceback" not in out.stderr
    assert not target.parent.exists()
