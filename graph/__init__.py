"""The causal graph: build it from a pack, question it, propagate shocks through it.

Names are imported on first use, so that importing one module of the layer (its
errors, say) does not load the engine. ``propagate`` lives in the module of the same
name: import it as ``from macrograph.graph.propagate import propagate``.

Examples
--------
>>> from macrograph.rules import load_pack
>>> from macrograph.graph.propagate import propagate
>>> result = propagate(load_pack(), "boj-skips")
>>> result.nodes["jgb_10y"].delta["1m"] < 0
True
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "Result": "macrograph.graph.result",
    "ScenarioSpec": "macrograph.graph.scenarios",
    "resolve_text": "macrograph.graph.scenarios",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'macrograph.graph' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
