"""A what-if whose draws ran in a process beside it reads as one run in one process, and
an error met while they run is reported as ever, the child ended."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.packfactory import Cli

ASKED = [
    ("whatif", "BoJ skips", "--format", "text"),
    ("whatif", "BoJ skips", "--format", "md"),
    ("whatif", "BoJ skips", "--format", "json"),
    ("whatif", "what happens to bitcoin if the BoJ skips?"),
    ("explain", "bitcoin", "--scenario", "boj-skips"),
]


@pytest.mark.slow  # what-ifs with their draws
@pytest.mark.parametrize("command", ASKED, ids=" ".join)
def test_the_answer_is_the_same_with_its_draws_beside(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, counted_forks: list[int], command: tuple[str, ...]
) -> None:
    asked = (*command, "--draws", "300")
    monkeypatch.setenv("MACROGRAPH_PROCESSES", "1")
    alone = cli(*asked)
    assert counted_forks == []
    monkeypatch.setenv("MACROGRAPH_PROCESSES", "2")
    beside = cli(*asked)
    assert len(counted_forks) == 1
    assert (beside.code, beside.stdout, beside.stderr) == (0, alone.stdout, alone.stderr)
    assert "p95" in alone.stdout  # the bands the child drew


def test_a_templates_folder_refused_while_the_draws_run_ends_their_process(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, counted_forks: list[int], tmp_path: Path
) -> None:
    missing = str(tmp_path / "no-such-folder")
    monkeypatch.setenv("MACROGRAPH_PROCESSES", "1")
    alone = cli("whatif", "BoJ skips", "--draws", "300", "--templates", missing)
    monkeypatch.setenv("MACROGRAPH_PROCESSES", "2")
    beside = cli("whatif", "BoJ skips", "--draws", "300", "--templates", missing)
    assert (beside.code, beside.stdout, beside.stderr) == (2, "", alone.stderr)
    assert "no such templates folder" in alone.stderr
    (child,) = counted_forks
    with pytest.raises(ChildProcessError):  # ended and waited for
        os.waitpid(child, os.WNOHANG)
