"""The explainer: words, tables, diagrams, charts and notes from a pack and its results.

Layers, each importing only from itself and those above it in this list (the rules and
graph packages below them all); ``tests/test_layers.py`` keeps it so.

Base
    :mod:`~.errors` (the layer's exceptions), :mod:`~.terminal` (what a terminal is sent),
    :mod:`~.filters` (the templates' number and text filters), :mod:`~.files` (formats,
    all-or-nothing writes), :mod:`~.formats` (each document's formats, one tuple per
    choice), :mod:`~.sandbox` and :mod:`~.environment` (the one Jinja
    environment and ``render``), :mod:`~.messages` (exceptions as one-line messages),
    :mod:`~.render` (DOT to SVG, PNG, PDF), :mod:`~.speaking` and :mod:`~.unit_words`
    (the pack's own vocabulary), :mod:`~.compiled` (templates compiled at build time),
    :mod:`~.grammar` (a name's verbs agree with it, a node's own words for its moves).
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
    views (:mod:`~.views`), the record (:mod:`~.evidence`, :mod:`~.evidence_json`), exports
    (:mod:`~.export`, :mod:`~.output_schema`), the lesson (:mod:`~.lesson`,
    :mod:`~.lesson_steps`, :mod:`~.lesson_words`, :mod:`~.deck`), the briefing note
    (:mod:`~.brief`), a pack's data (:mod:`~.data`) and its fitted rules
    (:mod:`~.fitted_pack`).
CLI
    :mod:`~.cli`: the only module that imports click, prints or exits; each command a thin
    wrapper over a document's function, importing it when the command runs.
"""
