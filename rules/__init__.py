"""The rule language: pydantic models, the YAML pack loader, lint, and the bundled packs.

Examples
--------
>>> from macrograph.rules import load_pack
>>> pack = load_pack()  # the bundled december-2025 pack
>>> pack.node("usd_jpy").label
'USD/JPY'
"""

from macrograph.rules.errors import PackError, PackIssue
from macrograph.rules.loader import bundled_pack_dir, load_pack
from macrograph.rules.models import Node, Rule, Scenario
from macrograph.rules.pack import Pack

__all__ = [
    "Node",
    "Pack",
    "PackError",
    "PackIssue",
    "Rule",
    "Scenario",
    "bundled_pack_dir",
    "load_pack",
]
