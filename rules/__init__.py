"""The rule language: pydantic models, the YAML pack loader, lint, and the bundled packs.

Names are imported on first use so that reading a cached pack does not load the
YAML parser.

Examples
--------
>>> from macrograph.rules import load_pack
>>> pack = load_pack()  # the bundled december-2025 pack
>>> pack.node("usd_jpy").label
'USD/JPY'
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "Node": "macrograph.rules.models",
    "Rule": "macrograph.rules.models",
    "Scenario": "macrograph.rules.models",
    "Pack": "macrograph.rules.pack",
    "PackError": "macrograph.rules.errors",
    "PackIssue": "macrograph.rules.errors",
    "bundled_pack_dir": "macrograph.rules.pack",
    "load_pack": "macrograph.rules.reading.loader",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'macrograph.rules' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
