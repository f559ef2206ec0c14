"""Questions in plain words: the nodes they name, the sizes they say, the clauses they join.

:mod:`.plainwords` reads a sentence into a scenario, :mod:`.naming` finds the nodes it
names, :mod:`.sizes` reads changes in a node's own units and :mod:`.levels` its levels
(the words each unit is typed with are :mod:`.units`; a change written back,
:mod:`.changewords`), :mod:`.rewording` puts a question into the reader's few forms,
:mod:`.composing` joins its clauses, and :mod:`.refusals` says why a question was not
understood and what it most likely meant.
"""
