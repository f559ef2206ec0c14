"""The explainer: words, tables, diagrams, charts and notes from a pack and its results.

Layers, each importing only from itself and those above it in this list (the rules and
graph packages below them all); ``tests/house/test_layers.py`` keeps it so.

Base
    :mod:`~.errors` (the layer's exceptions), :mod:`~.terminal` (what a terminal is sent),
    :mod:`~.filters` (the templates' number filters, with :mod:`~.textfilters`: one
    line, widths, escaping), :mod:`~.files` (all-or-nothing writes, JSON text),
    :mod:`~.formats` (each document's formats, one tuple per choice), :mod:`~.suffixes`
    (the format an output's suffix names), :mod:`~.sandbox` and :mod:`~.environment` (the
    one Jinja environment and ``render``), :mod:`~.messages` (exceptions as one-line
    messages: a pack's and a document's in :mod:`~.messages.layers`, a question's in
    :mod:`~.messages.questions`, a run's warnings in :mod:`~.messages.warning_lines`),
    :mod:`~.render` (DOT to SVG, PNG, PDF), :mod:`~.compiled` (templates compiled at build
    time), :mod:`~.wording` (the pack's own vocabulary: :mod:`~.wording.speaking` and
    :mod:`~.wording.unit_words`; :mod:`~.wording.grammar`, a name's verbs agree with it, a
    node's own words for its moves).
Shared pieces of a document's context
    :mod:`~.contexts.base` (citations, names, chains, salience, groups),
    :mod:`~.contexts.header` (the one :class:`~.contexts.header.Header` per result),
    :mod:`~.contexts.fitted` (estimated sizes).
Selection
    :mod:`~.selection`: what a document reports (the table's rows, the key outcomes, the
    thresholds worth telling), the same for every document.
Documents
    Contexts (:mod:`~.contexts`), charts (:mod:`~.chart`), diagrams (:mod:`~.diagram`) and
    the documents made of them: the what-if (:mod:`~.narrative`), ``explain NODE``
    (:mod:`~.explain_node`), the weighted view (:mod:`~.weighted_view`), two
    views (:mod:`~.views`), the record and its fitted rules (:mod:`~.evidence`), exports
    (:mod:`~.export`, :mod:`~.output_schema`), the lesson (:mod:`~.lesson`,
    :mod:`~.deck`), the briefing note (:mod:`~.brief`), a pack's data (:mod:`~.data`) and
    lint's warnings that run the engine (:mod:`~.lint_bounds`: a scenario past a bound;
    :mod:`~.lint_growth`: a loop that grows at its rules' own sizes).
CLI
    :mod:`~.cli`: the only module that imports click, prints or exits; each command a thin
    wrapper over a document's function, importing it when the command runs.

Each command's document function is exported here (``__all__``), imported on first use:
``whatif`` is :func:`render_whatif` (text, md, html, json), ``explain`` is
:func:`render_explain` (and :func:`explain_json`), ``brief`` :func:`make_brief`, ``lesson``
:func:`make_lesson` of :func:`propagate_for`, ``diagram`` :func:`view_diagram` (or
:func:`step_frames`) of :func:`result_for` drawn by :func:`render_diagram`, ``export``
:func:`export_text`, ``backtest`` :func:`render_backtest`, ``calibrate``
:func:`render_calibrate` and :func:`calibration_overlay`, ``data`` :func:`render_series_list`,
``schema`` :func:`output_json_schema`, ``chart`` :func:`make_chart`; :func:`json_text`
writes JSON as every command does.
(``export_text`` and ``output_json_schema`` are the functions ``export`` and ``output_schema``
of the modules of those names: once a module is imported, the package's attribute of its
name is that module.)

Examples
--------
>>> from macrograph.explain import render_diagram, result_for, view_diagram
>>> from macrograph.graph.synthetic import slump_pack
>>> pack = slump_pack()
>>> render_diagram(view_diagram(pack, result_for(pack, "a-slumps"), "diff"), "dot")[:7]
b'digraph'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from macrograph.explain.brief.note import NoteOptions, make_brief
    from macrograph.explain.chart.figures import make_chart
    from macrograph.explain.data import render_series_list
    from macrograph.explain.diagram.build import (
        chain_diagram,
        result_for,
        step_frames,
        view_diagram,
    )
    from macrograph.explain.errors import ExplainError, UnknownFormatError
    from macrograph.explain.evidence.report import (
        calibration_overlay,
        render_backtest,
        render_calibrate,
    )
    from macrograph.explain.explain_node import explain_json, render_explain
    from macrograph.explain.export import export as export_text
    from macrograph.explain.files import json_text
    from macrograph.explain.lesson.page import make_lesson, propagate_for
    from macrograph.explain.narrative import Layout, render_whatif
    from macrograph.explain.output_schema import output_schema as output_json_schema
    from macrograph.explain.render import render as render_diagram

_EXPORTS = {
    "ExplainError": ("errors", "ExplainError"),
    "Layout": ("narrative", "Layout"),
    "NoteOptions": ("brief.note", "NoteOptions"),
    "UnknownFormatError": ("errors", "UnknownFormatError"),
    "calibration_overlay": ("evidence.report", "calibration_overlay"),
    "chain_diagram": ("diagram.build", "chain_diagram"),
    "explain_json": ("explain_node", "explain_json"),
    "export_text": ("export", "export"),
    "json_text": ("files", "json_text"),
    "make_brief": ("brief.note", "make_brief"),
    "make_chart": ("chart.figures", "make_chart"),
    "make_lesson": ("lesson.page", "make_lesson"),
    "output_json_schema": ("output_schema", "output_schema"),
    "propagate_for": ("lesson.page", "propagate_for"),
    "render_backtest": ("evidence.report", "render_backtest"),
    "render_calibrate": ("evidence.report", "render_calibrate"),
    "render_diagram": ("render", "render"),
    "render_explain": ("explain_node", "render_explain"),
    "render_series_list": ("data", "render_series_list"),
    "render_whatif": ("narrative", "render_whatif"),
    "result_for": ("diagram.build", "result_for"),
    "step_frames": ("diagram.build", "step_frames"),
    "view_diagram": ("diagram.build", "view_diagram"),
}

__all__ = [
    "ExplainError",
    "Layout",
    "NoteOptions",
    "UnknownFormatError",
    "calibration_overlay",
    "chain_diagram",
    "explain_json",
    "export_text",
    "json_text",
    "make_brief",
    "make_chart",
    "make_lesson",
    "output_json_schema",
    "propagate_for",
    "render_backtest",
    "render_calibrate",
    "render_diagram",
    "render_explain",
    "render_series_list",
    "render_whatif",
    "result_for",
    "step_frames",
    "view_diagram",
]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'macrograph.explain' has no attribute {name!r}")
    module, attribute = _EXPORTS[name]
    return getattr(importlib.import_module(f"macrograph.explain.{module}"), attribute)


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
