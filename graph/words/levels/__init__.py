"""The words of a level a question says: its size in the node's units, refused past a
floor or ceiling (:mod:`.sizes`), points of an index read as its percent (:mod:`.points`),
and a level named by another node (:mod:`.named`).

Nothing is imported here: each module is loaded by the first one that needs it.
"""
