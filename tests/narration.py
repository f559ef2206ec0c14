"""Reading what the narrative commands print: their draws, prose unwrapped and uncited, and
an in-process run whose output several tests share (its fixture lives in conftest)."""

from __future__ import annotations

import re

from click.testing import CliRunner

from macrograph.explain.cli import main

MC = ("--draws", "1000", "--seed", "0")
NO_MC = ("--draws", "0")


def flat(text: str) -> str:
    """Prose with line wrapping undone."""
    return " ".join(text.split())


def uncited(text: str) -> str:
    """Prose without its citation markers (their numbers depend on what else is cited)."""
    return re.sub(r" ?\[\d+\]", "", text)


def answer(*args: str) -> str:
    """What ``macrograph ARGS`` prints, run in-process; it must succeed."""
    out = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert out.exit_code == 0, out.stderr
    return out.stdout
