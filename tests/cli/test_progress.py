"""Progress: the library reports it through a callback; the CLI draws a bar on a terminal only."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import pytest

from macrograph.explain.cli import common as cli_common
from macrograph.graph.evidence.backtest import backtest
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.rules.pack import Pack

Cli = Callable[..., Any]


def test_monte_carlo_reports_its_progress_to_the_end(pack: Pack) -> None:
    seen: list[tuple[int, int]] = []
    propagate(pack, "BoJ skips", RunOptions(draws=600), progress=lambda d, t: seen.append((d, t)))
    assert seen and seen[-1][0] == seen[-1][1]
    assert [d for d, _ in seen] == list(range(1, len(seen) + 1))


def test_backtest_reports_one_step_per_episode(pack: Pack) -> None:
    seen: list[tuple[int, int]] = []
    found = backtest(
        pack, options=RunOptions(draws=0), progress=lambda d, t: seen.append((d, t)), only="written"
    )
    n = len(found.episodes)
    assert seen == [(k, n) for k in range(1, n + 1)]


@pytest.mark.slow
def test_no_bar_when_stderr_is_not_a_terminal(cli: Cli) -> None:
    out = cli("whatif", "BoJ skips", "--draws", "2000")
    assert out.code == 0 and out.stderr == ""


def test_a_bar_on_a_terminal_once_a_second_has_passed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.setattr(cli_common, "AFTER_SECONDS", 0.0)
    with cli_common.progress_bar("Monte Carlo") as progress:
        assert progress is not None
        for k in range(1, 5):
            progress(k, 4)
    assert "Monte Carlo" in capsys.readouterr().err
    monkeypatch.setattr(cli_common, "AFTER_SECONDS", 3600.0)
    with cli_common.progress_bar("Monte Carlo") as progress:
        assert progress is not None
        progress(1, 4)
    assert capsys.readouterr().err == ""
