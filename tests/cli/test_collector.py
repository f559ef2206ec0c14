"""A command sets what it read aside from the garbage collector, once per process."""

from __future__ import annotations

import subprocess
import sys

TWO_COMMANDS = """
import contextlib, gc, io
from macrograph.explain.cli import main
counts = []
for args in (["whatif", "BoJ skips", "--draws", "0"], ["whatif", "Fed holds", "--draws", "0"]):
    with contextlib.redirect_stdout(io.StringIO()):
        main(args, standalone_mode=False)
    counts.append(gc.get_freeze_count())
print(*counts)
"""


def test_the_first_pack_read_is_set_aside_and_later_ones_are_collected_as_ever() -> None:
    out = subprocess.run(
        [sys.executable, "-c", TWO_COMMANDS], capture_output=True, text=True, check=True
    )
    first, second = map(int, out.stdout.split())
    # the pack and the modules read to load it (some 40,000 objects that the collector tracks)
    assert first > 10_000  # 0 when nothing is set aside
    assert second == first  # the second command's objects stay with the collector
