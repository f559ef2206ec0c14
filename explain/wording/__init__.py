"""Words in the pack's own vocabulary: rendering with it (:mod:`.speaking`), sizes in a
unit's display words (:mod:`.unit_words`) and English agreement for names the machinery did
not write (:mod:`.grammar`).

Nothing is imported here: each module is loaded by the first one that needs it.
"""
