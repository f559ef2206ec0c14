"""The causal graph: build it from a pack, question it, propagate shocks through it.

Examples
--------
>>> from macrograph.rules import load_pack
>>> from macrograph.graph import propagate
>>> result = propagate(load_pack(), "boj-skips")
>>> result.nodes["jgb_10y"].delta["1m"] < 0
True
"""

from macrograph.graph.propagate import propagate
from macrograph.graph.result import Result
from macrograph.graph.scenarios import ScenarioSpec, resolve_text

__all__ = ["Result", "ScenarioSpec", "propagate", "resolve_text"]
