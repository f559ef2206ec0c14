"""A large generated pack (20,000 nodes, 100,000 rules in 41 files), for the loader's speed.

Used by the slow test in ``tests/engine/test_bounds.py`` and by ``bench/run.py``. The pack is a
chain-free random DAG (a rule always points to a node of higher index), so it loads and
lints clean with no zero-lag loop; every file stays under the per-file size limit.

Examples
--------
>>> import tempfile
>>> from macrograph.rules import load_pack
>>> with tempfile.TemporaryDirectory() as tmp:
...     pack = load_pack(write_big_pack(Path(tmp), nodes=50, rules=200, rule_files=2))
...     len(pack.nodes), len(pack.rules)
(50, 200)
"""

from __future__ import annotations

import random
from pathlib import Path

PACK = """\
pack:
  id: big
  title: A generated pack
  description: Many nodes and rules, to time the loader.
  default_scenario: base
  as_of: 2025-12-01
  language: 2
claims:
  - {id: C01, text: "A generated claim."}
scenarios:
  - id: base
    title: A shock to the first node
    summary: One shock.
    shocks:
      - {node: n00000, date: 2025-12-19, change: 0.25, label: a shock}
"""


def _node(index: int) -> str:
    return (
        f"  - id: n{index:05d}\n"
        f"    label: Node {index}\n"
        "    kind: rate\n"
        "    region: global\n"
        "    unit: pct\n"
        f"    description: Generated node number {index}.\n"
    )


def _rule(index: int, source: int, target: int, lag: int) -> str:
    return (
        f"  - id: r{index:06d}\n"
        "    kind: linear\n"
        f"    source: n{source:05d}\n"
        f"    target: n{target:05d}\n"
        "    channel: pass_through\n"
        '    effect: "+"\n'
        f"    lag: {lag}d\n"
        "    magnitude: {elasticity: 0.01, range: [0.005, 0.02], units: pct/pct}\n"
        "    confidence: medium\n"
        f"    because: generated rule {index}\n"
        "    cites: {basis: seed, claims: [C01]}\n"
    )


def write_big_pack(
    root: Path,
    nodes: int = 20_000,
    rules: int = 100_000,
    node_files: int = 4,
    rule_files: int = 36,
    seed: int = 1,
) -> Path:
    """Write a generated pack into ``root/big`` and return that folder.

    The defaults give 41 files (pack, ``node_files`` node files, ``rule_files`` rule
    files) of about 26 MB in all.
    """
    folder = root / "big"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(PACK, encoding="utf-8")
    picks = random.Random(seed)
    for part in range(node_files):
        chunk = range(part * nodes // node_files, (part + 1) * nodes // node_files)
        text = "nodes:\n" + "".join(_node(i) for i in chunk)
        (folder / f"nodes-{part:02d}.yaml").write_text(text, encoding="utf-8")
    for part in range(rule_files):
        lines = ["rules:\n"]
        for i in range(part * rules // rule_files, (part + 1) * rules // rule_files):
            source = picks.randrange(nodes - 1)
            target = picks.randrange(source + 1, nodes)
            lines.append(_rule(i, source, target, picks.choice((0, 0, 1, 5))))
        (folder / f"rules-{part:02d}.yaml").write_text("".join(lines), encoding="utf-8")
    return folder
