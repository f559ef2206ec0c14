"""Benchmark rows of plain words: how long a long question takes to resolve, against a
question of a tenth of its words on the same pack (a ratio near 10 or below is linear).

The questions are the ones that once took seconds to minutes: one word said again and
again, which no scenario or node name matches (every start of the question was compared
with every name). Each run builds the pack's name index afresh, as the first question of
a process does.
"""

from __future__ import annotations

import contextlib
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from macrograph.graph.errors import GraphError
from macrograph.graph.words import naming
from macrograph.graph.words.plainwords import resolve_words
from macrograph.rules import load_pack

BIG_NODES = 20_000


def _ask(pack: Any, text: str) -> Callable[[], None]:
    def run() -> None:
        naming.name_index.cache_clear()
        naming.like.cache_clear()
        with contextlib.suppress(GraphError):  # they name nothing: the refusal is the answer
            resolve_words(pack, text)

    return run


def _median(action: Callable[[], None], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def plainwords_rows(repeat: int, row: Callable[..., Any]) -> tuple[list[Any], dict[str, Any]]:
    """A 995-character question on the bundled pack (target < 1 s) and 100 words on a pack
    of 20,000 nodes (target < 5 s), each against a tenth of its words."""
    sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))
    from bigpack import write_big_pack

    bundled = load_pack()
    long_text, short_text = " ".join(["10y"] * 249), " ".join(["10y"] * 25)
    found = {
        "bundled": _median(_ask(bundled, long_text), repeat),
        "bundled_tenth": _median(_ask(bundled, short_text), repeat),
    }
    with tempfile.TemporaryDirectory() as tmp:
        big = load_pack(write_big_pack(Path(tmp), nodes=BIG_NODES, rules=1_000, rule_files=1))
        found["big"] = _median(_ask(big, " ".join(["node"] * 100)), repeat)
        found["big_tenth"] = _median(_ask(big, " ".join(["node"] * 10)), repeat)
    rows = [
        row(
            f"plain words, a {len(long_text)}-character question, bundled pack",
            found["bundled"],
            "the same of a tenth of the words",
            found["bundled_tenth"],
            "< 1 s",
            found["bundled"] < 1,
        ),
        row(
            f"plain words, 100 words, a pack of {BIG_NODES:,} nodes",
            found["big"],
            "the same of 10 words",
            found["big_tenth"],
            "< 5 s",
            found["big"] < 5,
        ),
    ]
    return rows, found
