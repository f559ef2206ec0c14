"""The words a node's unit is typed with: a size's number and words (:mod:`.unitwords`),
the ways a unit is spelt (:mod:`.unitspelling`, :mod:`.spellings`), metric prefixes and
measures (:mod:`.prefixes`), the nodes counted in a unit (:mod:`.counts`) and the words of
money (:mod:`.moneywords`).

Nothing is imported here: each module is loaded by the first one that needs it.
"""
