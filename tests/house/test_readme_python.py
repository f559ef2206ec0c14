"""The README's Python example runs as written and its comments say what it gives: a
newcomer copies it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"## Using it from Python\n.*?```python\n(.*?)```", text, re.S)
    assert found is not None, "the README's section 'Using it from Python' has its example"
    return found.group(1)


@pytest.mark.slow  # two runs of 1,000 draws and a brief, as the README writes them
def test_the_python_example_runs_and_gives_what_its_comments_say() -> None:
    names: dict[str, Any] = {}
    exec(compile(_example(), "README.md", "exec"), names)  # our own README, as a reader runs it
    assert names["result"].shocks[4].surprise == pytest.approx(-0.2125)
    assert names["result"].nodes["usd_jpy"].delta["1m"] > 0  # a weaker yen
    assert names["note"].startswith("# Briefing note")
    columns = ["node", "horizon", "date", "change", "p5", "p50", "p95", "unit", "level"]
    assert list(names["frame"].columns) == [*columns, "node_unit"]
    assert names["spec"].id == "boj-skips+usd_jpy"
    assert names["weeks"].horizons == ("1d", "1w", "2w", "1m", "3m")
