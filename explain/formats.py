"""The formats and kinds each document is made in: one tuple per choice, read by the
library that makes the document and by the command line that offers it.

This module imports nothing, so that a command's ``--help`` lists the choices without
loading what makes them.

Examples
--------
>>> WORDS, WHATIF_FORMATS
(('text', 'md', 'html'), ('text', 'md', 'html', 'json'))
>>> "pdf" in NOTE_FORMATS and "pdf" in DIAGRAM_FORMATS and "pdf" in CHART_FORMATS
True
"""

from __future__ import annotations

CHART_FORMATS = ("svg", "png", "pdf")
"""A chart."""

WORDS = ("text", "md", "html")
"""A narrative in words: for a terminal, a Markdown page or an HTML page."""

WHATIF_FORMATS = (*WORDS, "json")
"""A what-if, an explanation, a backtest or a side-by-side view: words, or JSON for machines."""

CALIBRATE_FORMATS = ("text", "md")
"""A calibration's report."""

LISTING_FORMATS = ("text", "json")
"""A listing: lint's findings, the pack's nodes, rules or scenarios, paths and loops."""

SERIES_LIST_FORMATS = ("text", "md", "json")
"""The pack's market series, listed."""

SERIES_FORMATS = ("text", "csv", "json", *CHART_FORMATS)
"""One market series: its values, or drawn."""

OUTPUTS = ("whatif", "weighted", "views", "explain", "backtest", "export")
"""Named outputs with a JSON Schema: ``weighted`` is ``whatif --weighted``, ``views``
``whatif --against-overlay``."""

NOTE_FORMATS = ("md", "html", "pdf")
"""A briefing note."""

DIAGRAM_FORMATS = ("dot", "svg", "png", "pdf")
"""A diagram: Graphviz's source, or drawn by it."""

EXPORT_FORMATS = ("mermaid", "graphml", "json", "dot")
"""The pack, or a result on it, for other tools."""

CHART_KINDS = ("moves", "fan")
"""The charts: a result's moves with their whiskers, and the key outcomes' paths."""

VIEWS = ("chain", "map", "diff")
"""The diagram's views of a result."""
