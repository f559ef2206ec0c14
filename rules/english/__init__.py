"""English as the rule language reads and writes it, shared by every layer: verb forms,
numbers and fractions in words (:mod:`.forms`), the everyday words a question may use
(:mod:`.lexicon`), how a label reads as a noun (:mod:`.labels`), money and its signs
(:mod:`.money`), what a user types normalised (:mod:`.phrases`), a pack's prose as a
sentence reads it (:mod:`.prose`) and the names closest to a word that names nothing
(:mod:`.suggest`).

Nothing is imported here: each module is loaded by the first one that needs it.
"""
