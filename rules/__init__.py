"""The rule language: pydantic models, the YAML pack loader, lint, and the bundled packs.

Map
---
The bottom layer: it imports nothing of :mod:`macrograph.graph` or
:mod:`macrograph.explain`. The bundled pack is the folder ``packs/december-2025``.

The language
    :mod:`.fields` (ids, texts, durations, dates: the scalar fields),
    :mod:`.durations` (a duration in days), :mod:`.horizons` (horizons, and ranges of
    them), :mod:`.models` (nodes, the typed rules of the ``AnyRule`` union, scenarios),
    :mod:`.info` (the ``pack:`` header, sources, claims, facts, signals),
    :mod:`.episodes` and :mod:`.observations` (events of the record and the moves seen),
    :mod:`.series` (the data a pack ships), :mod:`.calendar` (institutions and their
    decisions), :mod:`.volatility` (a node's market noise), :mod:`.overlay` (changes to
    a pack by id), :mod:`.limits` (every size limit, as the README's "Limits" lists them).
The words a pack speaks
    :mod:`.vocabulary` (the built-in regions, units and channels, and a pack's own),
    :mod:`.words` (a pack's words checked against it), :mod:`.english` (English the
    reader and the prose share: :mod:`.english.forms` verb forms and numbers in words,
    :mod:`.english.lexicon` the everyday words of a question, :mod:`.english.labels` how a
    label reads as a noun, :mod:`.english.money` currencies, their hundredths and amounts
    to the cent, :mod:`.english.prose` which words of a pack's prose are names,
    :mod:`.english.phrases` typed text matched to scenario names, :mod:`.english.suggest`
    every "did you mean"), :mod:`.columns` (the terminal columns a text takes: a Chinese
    character two; padded, cut, wrapped).
Reading
    :mod:`.reading` (a folder of YAML files, with the line of every key, into validated
    models; the pack cache), :mod:`.pack` (the read-only :class:`~.pack.Pack`, with where
    each object came from), :mod:`.errors` (a :class:`~.errors.PackError` of
    :class:`~.errors.PackIssue` findings: file, line, id, field), :mod:`.collector` (the
    garbage collector paused while a large pack is built).
Checking and listing
    :mod:`.lint` (every check of a pack: references, units, citations, loops, data),
    :mod:`.loops` (the one loop finder), :mod:`.coverage` (which claims are cited),
    :mod:`.select` (what ``macrograph list`` selects), :mod:`.schema` (a pack file's JSON
    Schema, for editors).

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
