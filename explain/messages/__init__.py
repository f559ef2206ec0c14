"""The one-line messages the CLI prints for the layers' exceptions: a pack's and a
document's (:mod:`.layers`), a question the graph cannot answer (:mod:`.questions`), and the
warnings a run prints beside its answer (:mod:`.warning_lines`).

Nothing is imported here: each module is loaded by the first one that needs it.
"""
