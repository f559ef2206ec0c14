"""macrograph: turn a market thesis into a cited causal graph you can question.

The main API, imported on first use so that ``import macrograph`` stays cheap (it loads
neither numpy nor the pack reader):

- :func:`load_pack` reads a pack folder (default: the bundled pack) into a validated pack;
- :func:`propagate` walks a scenario's shocks through it and returns a :class:`Result`;
- :class:`ScenarioSpec` and :class:`ShockSpec` are a scenario built in code, for
  ``propagate`` (``macrograph.graph.resolve_text`` reads one from words);
- :class:`RunOptions` says how a question is run (comparison, horizons, draws, seed...),
  the one options object of ``propagate``, ``brief`` and the command line;
- :class:`Result` holds every node's move (``to_dict()``, ``to_frame()``);
- :func:`brief` writes the briefing note of a scenario (Markdown, HTML or PDF; its
  format, scenarios and templates in a :class:`NoteOptions`).

Every other document (the what-if in words, ``explain``, the lesson, diagrams, exports,
the backtest) has its function in :mod:`macrograph.explain`, listed in its ``__all__``.

Examples
--------
>>> import macrograph
>>> from macrograph.graph.synthetic.policy import policy_pack
>>> pack = policy_pack()  # four nodes and a decision; macrograph.load_pack() reads a folder
>>> exact = macrograph.RunOptions(draws=0)
>>> result = macrograph.propagate(pack, "rate holds", exact)
>>> isinstance(result, macrograph.Result), result.nodes["price"].delta["1m"]
(True, 0.25)
>>> note = macrograph.brief(pack, "rate-holds", macrograph.NoteOptions(fmt="md"), exact)
>>> note.text.splitlines()[0]
'# Briefing note: Rate holds'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from macrograph.explain.brief.note import NoteOptions
    from macrograph.explain.brief.note import make_brief as brief
    from macrograph.graph.options import RunOptions
    from macrograph.graph.propagate import propagate
    from macrograph.graph.result import Result
    from macrograph.graph.specs import ScenarioSpec, ShockSpec
    from macrograph.rules.reading.loader import load_pack

_EXPORTS = {
    "NoteOptions": ("macrograph.explain.brief.note", "NoteOptions"),
    "Result": ("macrograph.graph.result", "Result"),
    "RunOptions": ("macrograph.graph.options", "RunOptions"),
    "brief": ("macrograph.explain.brief.note", "make_brief"),
    "load_pack": ("macrograph.rules.reading.loader", "load_pack"),
    "ScenarioSpec": ("macrograph.graph.specs", "ScenarioSpec"),
    "ShockSpec": ("macrograph.graph.specs", "ShockSpec"),
    "propagate": ("macrograph.graph.propagate", "propagate"),
}

__all__ = [
    "NoteOptions",
    "Result",
    "RunOptions",
    "ScenarioSpec",
    "ShockSpec",
    "__version__",
    "brief",
    "load_pack",
    "propagate",
]


def _version() -> str:
    """The installed distribution's version, read on first use: importing
    importlib.metadata takes longer than the rest of ``import macrograph``."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("macrograph")
    except PackageNotFoundError:  # the tree imported without being installed
        return "0+unknown"


def __getattr__(name: str) -> Any:
    if name == "__version__":
        return _version()
    if name not in _EXPORTS:
        raise AttributeError(f"module 'macrograph' has no attribute {name!r}")
    module, attribute = _EXPORTS[name]
    return getattr(importlib.import_module(module), attribute)


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS, "__version__"})
