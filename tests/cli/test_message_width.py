"""A message on a terminal fits its width: an 80-column terminal split the warnings and
refusals of a long line mid-word ('plausible s / ize')."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from macrograph.explain.terminal import message_text

EMERGING = Path(__file__).parents[1] / "packs" / "heldout_emerging"


def test_a_long_message_is_wrapped_at_spaces_with_an_indent() -> None:
    line = (
        "macrograph: warning: the shock on exchange_rate (+100.0%) is beyond a plausible "
        "size: more than 7.5%, 5 times its typical move in a month (1.5%); it runs as given"
    )
    shown = message_text(line, 80).splitlines()
    assert len(shown) == 3 and all(len(s) <= 80 for s in shown)
    assert all(s.startswith("    ") for s in shown[1:])
    assert " ".join(s.strip() for s in shown) == line  # no word split, none lost
    assert message_text(line, None) == line  # a pipe or a file: one line, as before


@pytest.mark.slow
def test_a_warning_on_a_terminal_of_80_columns_is_wrapped() -> None:
    """The what-if run with its standard error on a pseudo-terminal of 80 columns."""
    main, tty = pty.openpty()
    env = {**os.environ, "COLUMNS": "80", "LINES": "50"}
    args = ["whatif", "the lira falls by half", "--pack", str(EMERGING), "--draws", "0"]
    code = "from macrograph.explain.cli import main; main()"
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.DEVNULL,
        stderr=tty,
        env=env,
        timeout=120,
        check=False,
    )
    os.close(tty)
    said = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:
            break
        if not chunk:
            break
        said += chunk
    os.close(main)
    lines = said.decode().replace("\r", "").splitlines()
    assert done.returncode == 0
    assert lines[0].startswith("macrograph: warning: the shock on exchange_rate (+100.0%)")
    assert len(lines) > 1 and all(len(line) <= 80 for line in lines)
