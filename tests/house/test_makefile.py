"""What ``make check`` and ``make test`` show a newcomer: pytest's closing line, with the
number of tests that passed, which the README's timings quote."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_suites_runs_end_with_how_many_tests_passed() -> None:
    """setup.cfg's ``addopts`` quiets pytest once; a second ``-q`` in the Makefile's PYTEST
    (-qq) left out the closing 'N passed in S s' line."""
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    addopts = config["tool:pytest"]["addopts"].split()
    command = re.search(r"^PYTEST :=(.*?)(?<!\\)$", (ROOT / "Makefile").read_text(), re.M | re.S)
    assert command is not None
    flags = [*addopts, *command.group(1).replace("\\\n", " ").split()]
    assert flags.count("-q") + 2 * flags.count("-qq") <= 1
